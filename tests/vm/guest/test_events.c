// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_events BDF: the event side of uirq.ko on a real edu device bound to
 * uirq, alone on its line: the ring overflowing (records, seq, dropped and
 * the statistics must agree exactly), the UIO-style 4-byte count, the
 * eventfd, UNMASK's re-check delivering an interrupt that arrived while
 * the device was masked, quiet returns, and IRQ_ON's re-check delivering
 * one raised before the handler was in (by the init program, or stale).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

#define BURST		1000

static const char *bdf;

static const char unmask_enable_s[] =
	".kind enable\n"
	"        ld16  r1, cfg[0x4]\n"
	"        and   r1, 0xfbff\n"
	"        st16  cfg[0x4], r1\n"
	"        ret   quiet\n";

static const char quiet_ack_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        st32  bar0[0x64], r0\n"
	"        ret   quiet\n"
	"no:     ret   none\n";

static const char raise_init_s[] =
	".kind init\n"
	"        st32  bar0[0x60], 0x321\n"
	"        ret   quiet\n";

static int load_src(struct uirq_dev *dev, const char *src)
{
	struct uirq_program prog;
	char log[256] = "";
	int ret;

	ret = uirq_asm_string(src, "test", &prog, log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_NUM_KINDS, NULL,
					log, sizeof(log));
	TH_EXPECT(ret == 0, "loading: %s: %s", strerror(-ret), log);
	return ret;
}

/* Open, map BAR0, load @ack (+ release), IRQ on. */
static struct uirq_dev *setup(const char *ack, volatile uint32_t **bar0)
{
	struct uirq_dev *dev = NULL;
	size_t len;
	void *map;
	int ret;

	ret = uirq_open(bdf, &dev);
	TH_EXPECT(ret == 0, "open: %s", strerror(-ret));
	if (ret)
		return NULL;
	ret = uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len);
	TH_EXPECT(ret == 0, "map: %s", strerror(-ret));
	if (ret || load_src(dev, ack) || load_src(dev, edu_release_s)) {
		uirq_close(dev);
		return NULL;
	}
	*bar0 = map;
	ret = uirq_irq_on(dev, 0);
	TH_EXPECT(ret == 0, "irq on: %s", strerror(-ret));
	if (ret) {
		uirq_close(dev);
		return NULL;
	}
	return dev;
}

static void test_ring_overflow(void)
{
	static struct uirq_event evs[BURST];
	volatile uint32_t *bar0;
	struct uirq_stats st;
	struct uirq_event ev;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	int i, n, bad = 0;

	if (!dev)
		return;
	/* Nobody reads: the ring fills, then events are counted as dropped. */
	for (i = 1; i <= BURST; i++)
		if (guest_raise_acked(bar0, 0x10000 + i))
			bad++;
	TH_EXPECT_EQ(bad, 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.handled, BURST);
	TH_EXPECT_EQ(st.events, BURST);
	n = uirq_read_events(dev, evs, BURST);
	TH_EXPECT(n > 0 && n < BURST, "read %d records", n);
	if (n <= 0)
		goto out;
	printf("  ring: %d records kept, %d dropped\n", n, BURST - n);
	TH_EXPECT_EQ(st.dropped, (uint64_t)(BURST - n));
	for (i = 0; i < n; i++) {
		if (evs[i].seq != (uint64_t)i + 1 ||
		    evs[i].cap[0] != 0x10000u + i + 1 || evs[i].dropped ||
		    evs[i].cap_mask != 1 ||
		    (i && evs[i].timestamp_ns < evs[i - 1].timestamp_ns)) {
			TH_EXPECT(0, "record %d: seq %" PRIu64 " cap %#" PRIx64
				  " dropped %u mask %#x", i, (uint64_t)evs[i].seq,
				  (uint64_t)evs[i].cap[0], evs[i].dropped,
				  evs[i].cap_mask);
			break;
		}
	}
	TH_EXPECT_EQ(uirq_read_events(dev, evs, BURST), 0);
	/* The next record carries the loss and the seq counts the dropped. */
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0xabcdef), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 2000), 0);
	TH_EXPECT_EQ(ev.seq, BURST + 1);
	TH_EXPECT_EQ(ev.dropped, (uint64_t)(BURST - n));
	TH_EXPECT_EQ(ev.cap[0], 0xabcdef);
	/* Reset returns the counters, then zeroes them. */
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, UIRQ_STATS_RESET), 0);
	TH_EXPECT_EQ(st.events, BURST + 1);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.events, 0);
	TH_EXPECT_EQ(st.handled, 0);
	TH_EXPECT_EQ(st.dropped, 0);
out:
	uirq_close(dev);
}

/* UIO compatibility: a 4-byte read is the number of events since open. */
static void test_count_read(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	uint32_t count = 0;
	int fd, fl, i;
	ssize_t r;

	if (!dev)
		return;
	fd = uirq_fd(dev);
	fl = fcntl(fd, F_GETFL);
	TH_EXPECT_EQ(fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
	r = read(fd, &count, 4);
	TH_EXPECT(r < 0 && errno == EAGAIN, "empty non-blocking read: %zd %d", r,
		  errno);
	for (i = 1; i <= 5; i++)
		TH_EXPECT_EQ(guest_raise_acked(bar0, i), 0);
	r = read(fd, &count, 4);
	TH_EXPECT(r == 4 && count == 5, "count read: %zd, count %u", r, count);
	/* it consumed the records */
	r = read(fd, &count, 4);
	TH_EXPECT(r < 0 && errno == EAGAIN, "after the count: %zd %d", r, errno);
	TH_EXPECT_EQ(guest_raise_acked(bar0, 6), 0);
	r = read(fd, &count, 4);
	TH_EXPECT(r == 4 && count == 6, "count read: %zd, count %u", r, count);
	uirq_close(dev);
}

static void test_eventfd(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	uint64_t v = 0;
	int efd, i;
	ssize_t r;

	if (!dev)
		return;
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	TH_EXPECT_EQ(uirq_set_eventfd(dev, efd), 0);
	for (i = 1; i <= 3; i++)
		TH_EXPECT_EQ(guest_raise_acked(bar0, i), 0);
	r = read(efd, &v, sizeof(v));
	TH_EXPECT(r == 8 && v == 3, "eventfd: %zd, value %" PRIu64, r, v);
	TH_EXPECT_EQ(uirq_set_eventfd(dev, -1), 0);
	TH_EXPECT_EQ(guest_raise_acked(bar0, 4), 0);
	r = read(efd, &v, sizeof(v));
	TH_EXPECT(r < 0 && errno == EAGAIN, "removed eventfd signalled: %zd", r);
	close(efd);
	uirq_close(dev);
}

/*
 * The ack program masks INTx and leaves the status; a second interrupt
 * raised before UNMASK must come out of UNMASK's re-check as an event.
 */
static void test_unmask_recheck(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_mask_ack_s, &bar0);
	struct uirq_event ev;
	struct uirq_stats st;

	if (!dev)
		return;
	TH_EXPECT_EQ(load_src(dev, unmask_enable_s), 0);
	bar0[EDU_IRQ_RAISE / 4] = 0x100;
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 2000), 0);
	TH_EXPECT_EQ(ev.cap[0], 0x100);
	/* masked now: a second raise does not reach the line */
	bar0[EDU_IRQ_RAISE / 4] = 0x200;
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
	TH_EXPECT_EQ(uirq_unmask(dev), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 0), 0);
	TH_EXPECT_EQ(ev.cap[0], 0x300);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.unmask_events, 1);
	TH_EXPECT_EQ(st.enable_runs, 1);
	TH_EXPECT_EQ(st.handled, 1);
	TH_EXPECT_EQ(st.events, 2);
	/* handled for real this time: the re-check finds nothing */
	bar0[EDU_IRQ_ACK / 4] = bar0[EDU_IRQ_STATUS / 4];
	TH_EXPECT_EQ(uirq_unmask(dev), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.unmask_events, 1);
	TH_EXPECT_EQ(st.enable_runs, 2);
	/* and the unmasked device interrupts normally again */
	bar0[EDU_IRQ_RAISE / 4] = 0x400;
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 2000), 0);
	TH_EXPECT_EQ(ev.cap[0], 0x400);
	TH_EXPECT_EQ(ev.seq, 3);
	uirq_close(dev);
}

static void test_quiet(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(quiet_ack_s, &bar0);
	struct uirq_event ev;
	struct uirq_stats st;

	if (!dev)
		return;
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0x55), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.handled, 1);
	TH_EXPECT_EQ(st.quiet, 1);
	TH_EXPECT_EQ(st.events, 0);
	uirq_close(dev);
}

/*
 * The init program runs at IRQ on, before the handler is installed: here
 * it raises an interrupt. IRQ_ON's re-check must deliver it by the time
 * the ioctl returns, without UNMASK: QEMU's IOAPIC never delivers a level
 * already high when Linux reprograms the pin, and on real hardware the
 * handler may win the race instead. Exactly one of the two reports it,
 * once.
 */
static void test_init_program(void)
{
	struct uirq_dev *dev = NULL;
	struct uirq_event ev;
	struct uirq_stats st;
	int ret;

	ret = uirq_open(bdf, &dev);
	TH_EXPECT(ret == 0, "open: %s", strerror(-ret));
	if (ret)
		return;
	if (!load_src(dev, edu_ack_s) && !load_src(dev, edu_release_s) &&
	    !load_src(dev, raise_init_s)) {
		TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
		ret = uirq_wait(dev, &ev, 0);
		TH_EXPECT(ret == 0, "no event right after IRQ_ON for the init program's interrupt: %s",
			  strerror(-ret));
		if (!ret) {
			TH_EXPECT_EQ(ev.cap[0], 0x321);
			TH_EXPECT_EQ(ev.seq, 1);
			TH_EXPECT_EQ(ev.dropped, 0);
		}
		TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
		TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
		TH_EXPECT_EQ(st.events, 1);
		TH_EXPECT_EQ(st.unmask_events + st.handled, 1);
		TH_EXPECT_EQ(st.enable_runs, 0);
	}
	uirq_close(dev);
}

/*
 * Status the device latched while nobody listened (here: raised with the
 * IRQ off, release program absent, INTx left unmasked) is there at IRQ_ON:
 * the re-check reports it; a re-check that finds nothing reports nothing.
 */
static void test_irq_on_stale(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	struct uirq_event ev;
	struct uirq_stats st;

	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	/* the release program ran at IRQ off: status clear, nothing queued */
	bar0[EDU_IRQ_RAISE / 4] = 0x654;
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 0), 0);
	TH_EXPECT_EQ(ev.cap[0], 0x654);
	TH_EXPECT_EQ(bar0[EDU_IRQ_STATUS / 4], 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.events, 1);
	TH_EXPECT_EQ(st.unmask_events + st.handled, 1);
	/* nothing pending: IRQ on again queues nothing */
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 100), (uint64_t)-ETIMEDOUT);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.events, 1);
	uirq_close(dev);
}

/* Optional second argument: run only the cases whose name contains it. */
/*
 * Records queued before UIRQ_IRQ_OFF stay readable after the next
 * UIRQ_IRQ_ON, and seq goes on from them: it counts since open.
 */
static void test_seq_across_irq_off(void)
{
	struct uirq_event evs[8];
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	int i, n;

	if (!dev)
		return;
	for (i = 1; i <= 3; i++)
		TH_EXPECT_EQ(guest_raise_acked(bar0, 0x300 + i), 0);
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0x304), 0);
	n = uirq_read_events(dev, evs, 8);
	TH_EXPECT_EQ(n, 4);
	for (i = 0; i < n && i < 4; i++) {
		TH_EXPECT_EQ(evs[i].seq, (uint64_t)i + 1);
		TH_EXPECT_EQ(evs[i].cap[0], 0x301u + i);
		TH_EXPECT_EQ(evs[i].dropped, 0);
	}
	uirq_close(dev);
}

/* UIRQ_IRQ_ON the raw way: @argsz 8 is API 1, else @event_size. */
static int raw_irq_on(struct uirq_dev *dev, uint32_t argsz, uint32_t size)
{
	struct uirq_irq_ctl c = { .argsz = argsz, .event_size = size };

	return ioctl(uirq_fd(dev), UIRQ_IRQ_ON, &c) ? -errno : 0;
}

/*
 * A binary built against API 1 (8-byte struct uirq_irq_ctl) reads 88-byte
 * records; a newer one asks for its size and gets at most the kernel's.
 */
static void test_record_size(void)
{
	unsigned char buf[4 * sizeof(struct uirq_event)];
	struct uirq_event ev;
	volatile uint32_t *bar0;
	struct uirq_info info;
	struct uirq_dev *dev = setup(edu_ack_s, &bar0);
	ssize_t n;

	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT_EQ(info.event_size, sizeof(struct uirq_event));
	TH_EXPECT_EQ(info.event_size_max, sizeof(struct uirq_event));
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);

	TH_EXPECT_EQ(raw_irq_on(dev, 8, 0), 0);
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT_EQ(info.event_size, UIRQ_EVENT_SIZE_V1);
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0x401), 0);
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0x402), 0);
	n = read(uirq_fd(dev), buf, sizeof(buf));
	TH_EXPECT_EQ(n, 2 * UIRQ_EVENT_SIZE_V1);
	memcpy(&ev, buf + UIRQ_EVENT_SIZE_V1, UIRQ_EVENT_SIZE_V1);
	TH_EXPECT_EQ(ev.seq, 2);
	TH_EXPECT_EQ(ev.cap[0], 0x402);
	n = read(uirq_fd(dev), buf, UIRQ_EVENT_SIZE_V1 - 1);
	TH_EXPECT(n < 0 && errno == EINVAL, "87-byte read: %zd", n);
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);

	TH_EXPECT_EQ(raw_irq_on(dev, sizeof(struct uirq_irq_ctl), 90), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, sizeof(struct uirq_irq_ctl), 80), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, sizeof(struct uirq_irq_ctl), 4096), 0);
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT_EQ(info.event_size, sizeof(struct uirq_event));
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0x403), 0);
	n = read(uirq_fd(dev), buf, sizeof(buf));
	TH_EXPECT_EQ(n, sizeof(struct uirq_event));
	memcpy(&ev, buf, sizeof(ev));
	TH_EXPECT_EQ(ev.seq, 3);
	TH_EXPECT_EQ(ev.flags, 0);
	uirq_close(dev);
}

static const char *only;
#define RUN(fn)								\
	do {								\
		if (!only || strstr(#fn, only))				\
			TH_RUN(fn);					\
	} while (0)

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: test_events BDF [CASE] (bound to uirq, alone on its line)\n");
		return 2;
	}
	bdf = argv[1];
	only = argc == 3 ? argv[2] : NULL;
	RUN(test_ring_overflow);
	RUN(test_count_read);
	RUN(test_eventfd);
	RUN(test_unmask_recheck);
	RUN(test_quiet);
	RUN(test_init_program);
	RUN(test_irq_on_stale);
	RUN(test_seq_across_irq_off);
	RUN(test_record_size);
	return th_summary();
}
