// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * edu_hold: hold an edu device's handler on the shared line for the VM
 * scenarios, in the states uirq-edu never stays in.
 *
 *   edu_hold --device BDF [--pending] [--no-release]
 *	open, load the ack program, irq on, print "BDF: holding irq N",
 *	then wait (poll on the device file) until SIGTERM/SIGINT or until
 *	the device goes away, and print what happened and the stats:
 *	  "BDF: stats handled N declined N quiet N events N dropped N"
 *	  "BDF: removed poll 0xREVENTS read ERR ioctl ERR" (on unbind)
 *	--pending: the ack program masks INTx (PCI command bit 10) instead of
 *	acknowledging at the device; one interrupt is raised and its event
 *	read, and the device is left with its status set ("raised but not
 *	handled") for a kill -9 to find: only the release program clears it.
 *	--no-release: load no release program (the INTx-masking fallback).
 *   edu_hold --device BDF --peek
 *	open without turning the IRQ on, print
 *	  "BDF: irq_status 0xS intx_disable B intx_pending B"
 *	and close.
 *
 * Exit status 0, or 1 on any error (the message says which call failed).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "guest.h"

#define PENDING_VALUE	0x5a5a

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int load(struct uirq_dev *dev, const char *src, const char *name)
{
	char log[512];
	int ret;

	ret = guest_load_src(dev, src, name, log, sizeof(log));
	if (ret)
		fprintf(stderr, "edu_hold: loading %s: %s: %s\n", name,
			strerror(-ret), log);
	return ret;
}

static int peek(struct uirq_dev *dev, const char *bdf)
{
	uint64_t st, cmd, pstat;
	int ret;

	ret = uirq_region_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &st);
	if (!ret)
		ret = uirq_region_read(dev, UIRQ_REGION_CFG, 4, 2, &cmd);
	if (!ret)
		ret = uirq_region_read(dev, UIRQ_REGION_CFG, 6, 2, &pstat);
	if (ret) {
		fprintf(stderr, "edu_hold: %s: reading registers: %s\n", bdf,
			strerror(-ret));
		return ret;
	}
	printf("%s: irq_status %#" PRIx64 " intx_disable %d intx_pending %d\n",
	       bdf, st, !!(cmd & 0x400), !!(pstat & 0x8));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "pending", no_argument, NULL, 'p' },
		{ "no-release", no_argument, NULL, 'R' },
		{ "peek", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	bool pending = false, no_release = false, do_peek = false;
	const char *bdf = NULL;
	struct uirq_dev *dev;
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	struct sigaction sa;
	struct pollfd pfd;
	int c, ret;

	while ((c = getopt_long(argc, argv, "d:", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			bdf = optarg;
			break;
		case 'p':
			pending = true;
			break;
		case 'R':
			no_release = true;
			break;
		case 'k':
			do_peek = true;
			break;
		default:
			return 2;
		}
	}
	if (!bdf || optind != argc) {
		fprintf(stderr, "usage: edu_hold --device BDF [--pending] [--no-release] [--peek]\n");
		return 2;
	}

	ret = uirq_open(bdf, &dev);
	if (ret) {
		fprintf(stderr, "edu_hold: %s: open: %s\n", bdf, strerror(-ret));
		return 1;
	}
	if (do_peek) {
		ret = peek(dev, bdf);
		uirq_close(dev);
		return ret ? 1 : 0;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (load(dev, pending ? edu_mask_ack_s : edu_ack_s, "ack") ||
	    (!no_release && load(dev, edu_release_s, "release")))
		goto fail;
	ret = uirq_irq_on(dev, 0);
	if (ret) {
		fprintf(stderr, "edu_hold: %s: irq on: %s\n", bdf, strerror(-ret));
		goto fail;
	}
	ret = uirq_get_info(dev, &info);
	if (ret) {
		fprintf(stderr, "edu_hold: %s: info: %s\n", bdf, strerror(-ret));
		goto fail;
	}
	if (pending) {
		ret = uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4,
					PENDING_VALUE);
		if (!ret)
			ret = uirq_wait(dev, &ev, 2000);
		if (ret) {
			fprintf(stderr, "edu_hold: %s: raising the pending interrupt: %s\n",
				bdf, strerror(-ret));
			goto fail;
		}
		if (ev.cap[0] != PENDING_VALUE) {
			fprintf(stderr, "edu_hold: %s: captured %#" PRIx64 ", raised %#x\n",
				bdf, (uint64_t)ev.cap[0], PENDING_VALUE);
			goto fail;
		}
		if (peek(dev, bdf))
			goto fail;
	}
	printf("%s: holding irq %u%s\n", bdf, info.irq,
	       pending ? " with an interrupt pending" : "");
	fflush(stdout);

	pfd.fd = uirq_fd(dev);
	pfd.events = POLLIN;
	while (!stop) {
		pfd.revents = 0;
		ret = poll(&pfd, 1, -1);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			perror("edu_hold: poll");
			goto fail;
		}
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
			int r = uirq_wait(dev, &ev, 0);
			int i = uirq_get_info(dev, &info);

			printf("%s: removed poll %#x read %s ioctl %s\n", bdf,
			       (unsigned int)pfd.revents,
			       r ? strerrorname_np(-r) : "0",
			       i ? strerrorname_np(-i) : "0");
			fflush(stdout);
			uirq_close(dev);
			return 0;
		}
		if (pfd.revents & POLLIN) {
			/* Not ours to handle: drop it and let the device go on. */
			if (uirq_wait(dev, &ev, 0) == 0 && !pending)
				uirq_unmask(dev);
			if (pending)
				pause();
		}
	}

	ret = uirq_get_stats(dev, &st, 0);
	if (ret) {
		fprintf(stderr, "edu_hold: %s: stats: %s\n", bdf, strerror(-ret));
		goto fail;
	}
	printf("%s: stats handled %" PRIu64 " declined %" PRIu64 " quiet %" PRIu64
	       " events %" PRIu64 " dropped %" PRIu64 "\n", bdf,
	       (uint64_t)st.handled, (uint64_t)st.declined, (uint64_t)st.quiet,
	       (uint64_t)st.events, (uint64_t)st.dropped);
	fflush(stdout);
	uirq_close(dev);
	return 0;
fail:
	uirq_close(dev);
	return 1;
}
