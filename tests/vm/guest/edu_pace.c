// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * edu_pace: an edu driver that raises at a fixed rate, for checking the
 * rates `uirqctl top` reports (uirq-edu raises as fast as it can).
 *
 *   edu_pace --device BDF --rate R --count N
 *	open, load edu's ack and release programs, irq on (the shared
 *	ring), print "BDF: pacing R/s", then raise N interrupts, the k-th
 *	at start + k/R s (absolute CLOCK_MONOTONIC deadlines, so that a
 *	late wakeup is caught up and the rate over any stretch of whole
 *	seconds stays R), waiting for each one's event before the next,
 *	and print
 *	  "BDF: raised N received N mismatched N in T s (X/s)"
 *	X is the rate it achieved over its own run, the reference for top's.
 *
 * Exit status 0 when every raise came back as its own event, 1 otherwise,
 * 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guest.h"

static int load(struct uirq_dev *dev, const char *src, const char *name)
{
	char log[512];
	int ret;

	ret = guest_load_src(dev, src, name, log, sizeof(log));
	if (ret)
		fprintf(stderr, "edu_pace: loading %s: %s: %s\n", name,
			strerror(-ret), log);
	return ret;
}

static void add_ns(struct timespec *t, uint64_t ns)
{
	uint64_t n = (uint64_t)t->tv_nsec + ns;

	t->tv_sec += (time_t)(n / 1000000000u);
	t->tv_nsec = (long)(n % 1000000000u);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "rate", required_argument, NULL, 'r' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t raised = 0, received = 0, mismatched = 0, t0, t1;
	unsigned long rate = 0, count = 0;
	struct timespec start, due;
	const char *bdf = NULL;
	volatile uint32_t *bar0;
	struct uirq_event ev;
	struct uirq_dev *dev;
	size_t len;
	void *map;
	int c, ret;

	while ((c = getopt_long(argc, argv, "d:r:n:", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			bdf = optarg;
			break;
		case 'r':
			rate = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		default:
			return 2;
		}
	}
	if (!bdf || !rate || rate > 100000 || !count || optind != argc) {
		fprintf(stderr, "usage: edu_pace --device BDF --rate 1..100000 --count N\n");
		return 2;
	}
	ret = uirq_open(bdf, &dev);
	if (ret) {
		fprintf(stderr, "edu_pace: %s: open: %s\n", bdf, strerror(-ret));
		return 1;
	}
	ret = uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len);
	if (ret || len < 0x100) {
		fprintf(stderr, "edu_pace: %s: map bar0: %s\n", bdf,
			ret ? strerror(-ret) : "too small");
		goto fail;
	}
	bar0 = map;
	if (load(dev, edu_ack_s, "ack") || load(dev, edu_release_s, "release"))
		goto fail;
	ret = uirq_irq_on(dev, UIRQ_IRQ_RING);
	if (ret) {
		fprintf(stderr, "edu_pace: %s: irq on: %s\n", bdf, strerror(-ret));
		goto fail;
	}
	printf("%s: pacing %lu/s\n", bdf, rate);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &start);
	t0 = guest_now_ns();
	while (raised < count) {
		/* Distinct, never 0 (0 would read as "not mine"). */
		uint32_t v = (uint32_t)(raised % 0xfffff) + 1;

		due = start;
		add_ns(&due, raised * 1000000000u / rate);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due,
				       NULL) == EINTR)
			;
		bar0[EDU_IRQ_RAISE / 4] = v;
		raised++;
		do
			ret = uirq_wait_events(dev, &ev, 1, 2000, UIRQ_WAIT_UNMASK);
		while (ret == -EINTR);
		if (ret != 1) {
			fprintf(stderr, "edu_pace: %s: no event for %#x: %s\n", bdf,
				v, ret < 0 ? strerror(-ret) : "none");
			bar0[EDU_IRQ_ACK / 4] = bar0[EDU_IRQ_STATUS / 4];
			continue;
		}
		received++;
		if (!(ev.cap_mask & 1) || ev.cap[0] != v)
			mismatched++;
	}
	t1 = guest_now_ns();
	/* The last event's unmask: leave nothing for the next owner. */
	uirq_unmask(dev);
	uirq_irq_off(dev);
	uirq_close(dev);
	printf("%s: raised %" PRIu64 " received %" PRIu64 " mismatched %" PRIu64
	       " in %.3f s (%.1f/s)\n", bdf, raised, received, mismatched,
	       (double)(t1 - t0) / 1e9,
	       count > 1 && t1 > t0 ? (double)(raised - 1) * 1e9 / (double)(t1 - t0) : 0.0);
	return received == raised && !mismatched ? 0 : 1;
fail:
	uirq_close(dev);
	return 1;
}
