// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_wait BDF [CASE]: the fast paths of API 3 on a real edu device bound
 * to uirq, alone on its line: UIRQ_WAIT (blocking, timeout, batch, unmask
 * in the wait, a signal during it), UIRQ_INFO_UNMASK_NOOP, and the shared
 * event ring (records, overflow with exact drop counts, a broken tail,
 * busy polling, sleeping when it is empty, bad mappings).
 *
 * test_wait BDF --sleeper read|ring|spin: wait forever and print what the
 * wait returned once it does (the scenario removes the device meanwhile).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "harness.h"

static const char *bdf;

static const char enable_s[] =
	".kind enable\n"
	"        ld16  r1, cfg[0x4]\n"
	"        and   r1, 0xfbff\n"
	"        st16  cfg[0x4], r1\n"
	"        ret   quiet\n";

static int load_src(struct uirq_dev *dev, const char *src)
{
	char log[256];
	int ret = guest_load_src(dev, src, "test", log, sizeof(log));

	TH_EXPECT(ret == 0, "loading: %s: %s", strerror(-ret), log);
	return ret;
}

/* Open, map BAR0, load @ack (+ release), IRQ on with @flags. */
static struct uirq_dev *setup(const char *ack, unsigned int flags,
			      volatile uint32_t **bar0)
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
	ret = uirq_irq_on(dev, flags);
	TH_EXPECT(ret == 0, "irq on: %s", strerror(-ret));
	if (ret) {
		uirq_close(dev);
		return NULL;
	}
	return dev;
}

/* A thread that raises @v at the device after @delay_ms. */
struct raiser {
	pthread_t t;
	volatile uint32_t *bar0;
	uint32_t v;
	unsigned int delay_ms;
};

static void *raiser_fn(void *arg)
{
	struct raiser *r = arg;

	usleep(r->delay_ms * 1000);
	r->bar0[EDU_IRQ_RAISE / 4] = r->v;
	return NULL;
}

static void raise_later(struct raiser *r, volatile uint32_t *bar0, uint32_t v,
			unsigned int delay_ms)
{
	r->bar0 = bar0;
	r->v = v;
	r->delay_ms = delay_ms;
	if (pthread_create(&r->t, NULL, raiser_fn, r))
		TH_EXPECT(0, "pthread_create");
}

static uint32_t info_flags(struct uirq_dev *dev)
{
	struct uirq_info info;

	if (uirq_get_info(dev, &info))
		return 0;
	return info.flags;
}

static void test_wait_blocking(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, 0, &bar0);
	struct uirq_event ev[4];
	struct raiser r;
	uint64_t t0;
	int n;

	if (!dev)
		return;
	TH_EXPECT(info_flags(dev) & UIRQ_INFO_UNMASK_NOOP,
		  "edu's ack program stores and there is no enable program: UNMASK_NOOP");
	raise_later(&r, bar0, 0x1234, 50);
	t0 = guest_now_ns();
	n = uirq_wait_events(dev, ev, 4, -1, UIRQ_WAIT_UNMASK);
	pthread_join(r.t, NULL);
	TH_EXPECT_EQ(n, 1);
	TH_EXPECT_EQ(ev[0].cap[0], 0x1234);
	TH_EXPECT_EQ(ev[0].seq, 1);
	TH_EXPECT(guest_now_ns() - t0 >= 40000000, "returned after %" PRIu64 " ns",
		  guest_now_ns() - t0);
	/* The old single-event call on the same path. */
	raise_later(&r, bar0, 0x4321, 20);
	TH_EXPECT_EQ(uirq_wait(dev, ev, -1), 0);
	pthread_join(r.t, NULL);
	TH_EXPECT_EQ(ev[0].cap[0], 0x4321);
	TH_EXPECT_EQ(ev[0].seq, 2);
	uirq_close(dev);
}

static void test_wait_timeout(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, 0, &bar0);
	struct uirq_event ev;
	struct uirq_wait w;
	uint64_t t0, dt;

	if (!dev)
		return;
	t0 = guest_now_ns();
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 100, 0), -ETIMEDOUT);
	dt = guest_now_ns() - t0;
	TH_EXPECT(dt >= 100000000 && dt < 1000000000ull,
		  "100 ms timeout after %" PRIu64 " ns", dt);
	t0 = guest_now_ns();
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 0, 0), -ETIMEDOUT);
	TH_EXPECT(guest_now_ns() - t0 < 100000000, "timeout 0 did not wait");
	/* Timeout 0 with a record queued returns it. */
	TH_EXPECT_EQ(guest_raise_acked(bar0, 7), 0);
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 0, 0), 1);
	TH_EXPECT_EQ(ev.cap[0], 7);
	/* The raw ioctl: argsz, flags and max_events are checked. */
	memset(&w, 0, sizeof(w));
	w.argsz = sizeof(w);
	w.events = (uintptr_t)&ev;
	w.max_events = 1;
	w.flags = 2;
	TH_EXPECT(ioctl(uirq_fd(dev), UIRQ_WAIT, &w) < 0 && errno == EINVAL,
		  "unknown flag");
	w.flags = 0;
	w.max_events = 0;
	TH_EXPECT(ioctl(uirq_fd(dev), UIRQ_WAIT, &w) < 0 && errno == EINVAL,
		  "no room for a record");
	w.max_events = 1;
	w.argsz = 16;
	TH_EXPECT(ioctl(uirq_fd(dev), UIRQ_WAIT, &w) < 0 && errno == EINVAL,
		  "short argsz");
	w.argsz = sizeof(w);
	w.timeout_ns = 0;
	w.events = 8;	/* an unmapped page, with a record queued */
	TH_EXPECT_EQ(guest_raise_acked(bar0, 8), 0);
	TH_EXPECT(ioctl(uirq_fd(dev), UIRQ_WAIT, &w) < 0 && errno == EFAULT,
		  "bad events pointer");
	/* ... and the record stayed. */
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 0, 0), 1);
	TH_EXPECT_EQ(ev.cap[0], 8);
	uirq_close(dev);
}

static void test_wait_batch(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, 0, &bar0);
	struct uirq_event ev[8];
	int i, n;

	if (!dev)
		return;
	for (i = 1; i <= 5; i++)
		TH_EXPECT_EQ(guest_raise_acked(bar0, 0x100 + i), 0);
	n = uirq_wait_events(dev, ev, 3, -1, 0);
	TH_EXPECT_EQ(n, 3);
	n = uirq_wait_events(dev, ev + 3, 8 - 3, -1, 0);
	TH_EXPECT_EQ(n, 2);
	for (i = 0; i < 5; i++) {
		TH_EXPECT_EQ(ev[i].seq, (uint64_t)i + 1);
		TH_EXPECT_EQ(ev[i].cap[0], 0x101u + i);
	}
	uirq_close(dev);
}

/*
 * The masking style: the ack program sets INTx-disable, the enable program
 * clears it. An interrupt raised while masked stays latched; the unmask in
 * the next wait finds it (the re-check) and that same wait returns it.
 */
static void test_unmask_in_wait(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_mask_ack_s, 0, &bar0);
	struct uirq_event ev;
	struct uirq_stats st;
	int spins;

	if (!dev)
		return;
	if (load_src(dev, enable_s))
		goto out;
	TH_EXPECT(!(info_flags(dev) & UIRQ_INFO_UNMASK_NOOP),
		  "an enable program: UNMASK has work");
	bar0[EDU_IRQ_RAISE / 4] = 0x51;
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 2000, 0), 1);
	TH_EXPECT_EQ(ev.cap[0], 0x51);
	/* Masked now: acknowledge the first, raise the second. */
	bar0[EDU_IRQ_ACK / 4] = 0x51;
	bar0[EDU_IRQ_RAISE / 4] = 0x52;
	for (spins = 0; spins < 1000 && !bar0[EDU_IRQ_STATUS / 4]; spins++)
		;
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 100, 0), -ETIMEDOUT);
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 2000, UIRQ_WAIT_UNMASK), 1);
	TH_EXPECT_EQ(ev.cap[0], 0x52);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.enable_runs, 1);
	TH_EXPECT_EQ(st.unmask_events, 1);
	bar0[EDU_IRQ_ACK / 4] = 0x52;
	TH_EXPECT_EQ(uirq_unmask(dev), 0);
out:
	uirq_close(dev);
}

/* edu's program: uirq_unmask() must not need the kernel (no enable program). */
static void test_unmask_noop(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, 0, &bar0);
	struct uirq_irq_ctl c = { .argsz = sizeof(c) };
	struct uirq_stats st;

	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_unmask(dev), 0);
	/* The kernel's UNMASK agrees: no enable run, no re-check. */
	TH_EXPECT_EQ(ioctl(uirq_fd(dev), UIRQ_UNMASK, &c), 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.enable_runs, 0);
	TH_EXPECT_EQ(st.handled + st.declined, 0);
	/* Loading an enable program while the IRQ is on: UNMASK has work. */
	if (!load_src(dev, enable_s)) {
		TH_EXPECT(!(info_flags(dev) & UIRQ_INFO_UNMASK_NOOP), "flag gone");
		TH_EXPECT_EQ(uirq_unmask(dev), 0);
		TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
		TH_EXPECT_EQ(st.enable_runs, 1);
	}
	uirq_close(dev);
}

static void on_sig(int sig)
{
	(void)sig;
}

struct killer {
	pthread_t t, target;
};

static void *killer_fn(void *arg)
{
	struct killer *k = arg;

	usleep(100000);
	pthread_kill(k->target, SIGUSR1);
	return NULL;
}

/* A signal ends a wait with -EINTR, SA_RESTART or not (the timeout is relative). */
static void test_wait_signal(void)
{
	struct sigaction sa = { .sa_handler = on_sig };
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, 0, &bar0);
	struct uirq_event ev;
	struct killer k;
	int pass;

	if (!dev)
		return;
	for (pass = 0; pass < 2; pass++) {
		sa.sa_flags = pass ? SA_RESTART : 0;
		sigaction(SIGUSR1, &sa, NULL);
		k.target = pthread_self();
		pthread_create(&k.t, NULL, killer_fn, &k);
		TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, -1, UIRQ_WAIT_UNMASK), -EINTR);
		pthread_join(k.t, NULL);
	}
	signal(SIGUSR1, SIG_DFL);
	/* Still working afterwards. */
	TH_EXPECT_EQ(guest_raise_acked(bar0, 9), 0);
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 1000, 0), 1);
	uirq_close(dev);
}

/* A second, raw mapping of the ring: what libuirq maps. */
static struct uirq_ring *map_ring(struct uirq_dev *dev)
{
	void *p = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_SHARED,
		       uirq_fd(dev), (off_t)UIRQ_RING_OFFSET);

	TH_EXPECT(p != MAP_FAILED, "mmap of the ring: %s", strerror(errno));
	return p == MAP_FAILED ? NULL : p;
}

static void test_ring_records(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, UIRQ_IRQ_RING, &bar0);
	struct uirq_event ev[16];
	struct uirq_ring *r;
	struct pollfd p;
	char buf[96];
	int i, n;

	if (!dev)
		return;
	TH_EXPECT(info_flags(dev) & UIRQ_INFO_RING, "GET_INFO says ring");
	r = map_ring(dev);
	if (!r)
		goto out;
	TH_EXPECT_EQ(r->entries, UIRQ_RING_ENTRIES);
	TH_EXPECT_EQ(r->record_size, sizeof(struct uirq_event));
	TH_EXPECT_EQ(r->records_off, UIRQ_RING_RECORDS_OFF);
	for (i = 1; i <= 10; i++)
		TH_EXPECT_EQ(guest_raise_acked(bar0, 0x200 + i), 0);
	TH_EXPECT_EQ(r->head - r->tail, 10);
	p.fd = uirq_fd(dev);
	p.events = POLLIN;
	TH_EXPECT(poll(&p, 1, 0) == 1 && p.revents & POLLIN, "poll: POLLIN");
	/* read() is not the stream any more. */
	TH_EXPECT(read(uirq_fd(dev), buf, sizeof(buf)) < 0 && errno == EINVAL,
		  "read() in ring mode");
	n = uirq_read_events(dev, ev, 16);
	TH_EXPECT_EQ(n, 10);
	for (i = 0; i < n; i++) {
		TH_EXPECT_EQ(ev[i].seq, (uint64_t)i + 1);
		TH_EXPECT_EQ(ev[i].cap[0], 0x201u + i);
	}
	TH_EXPECT_EQ(r->tail, r->head);
	TH_EXPECT(poll(&p, 1, 0) == 0, "poll: empty");
	munmap(r, 16384);
out:
	uirq_close(dev);
}

static void test_ring_overflow(void)
{
	enum { BURST = 300 };
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, UIRQ_IRQ_RING, &bar0);
	static struct uirq_event ev[BURST];
	struct uirq_stats st;
	int i, n, bad = 0;

	if (!dev)
		return;
	for (i = 1; i <= BURST; i++)
		if (guest_raise_acked(bar0, 0x10000 + i))
			bad++;
	TH_EXPECT_EQ(bad, 0);
	n = uirq_read_events(dev, ev, BURST);
	/* The last slot is the storm guard's. */
	TH_EXPECT_EQ(n, UIRQ_RING_ENTRIES - 1);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.events, BURST);
	TH_EXPECT_EQ(st.dropped, (uint64_t)(BURST - n));
	for (i = 0; i < n; i++)
		if (ev[i].seq != (uint64_t)i + 1 || ev[i].dropped) {
			TH_EXPECT(0, "record %d: seq %" PRIu64, i, (uint64_t)ev[i].seq);
			break;
		}
	TH_EXPECT_EQ(guest_raise_acked(bar0, 0xabc), 0);
	TH_EXPECT_EQ(uirq_wait_events(dev, ev, 1, 1000, 0), 1);
	TH_EXPECT_EQ(ev[0].seq, BURST + 1);
	TH_EXPECT_EQ(ev[0].dropped, (uint32_t)(BURST - n));
	TH_EXPECT_EQ(ev[0].cap[0], 0xabc);
	uirq_close(dev);
}

/* The owner's tail is its own business: garbage loses records, nothing else. */
static void test_ring_bad_tail(void)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, UIRQ_IRQ_RING, &bar0);
	struct uirq_event ev;
	struct uirq_stats st;
	struct uirq_ring *r;
	uint32_t tail;
	void *p;

	if (!dev)
		return;
	r = map_ring(dev);
	if (!r)
		goto out;
	tail = r->tail;
	r->tail = r->head + 1000;	/* "ahead of head": the ring counts as full */
	TH_EXPECT_EQ(guest_raise_acked(bar0, 1), 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.dropped, 1);
	r->tail = 0x80000000u;
	TH_EXPECT_EQ(guest_raise_acked(bar0, 2), 0);
	r->tail = tail;
	TH_EXPECT_EQ(guest_raise_acked(bar0, 3), 0);
	TH_EXPECT_EQ(uirq_wait_events(dev, &ev, 1, 1000, 0), 1);
	TH_EXPECT_EQ(ev.cap[0], 3);
	TH_EXPECT_EQ(ev.dropped, 2);
	munmap(r, 16384);
	/* Mappings the ring refuses. */
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, uirq_fd(dev), (off_t)UIRQ_RING_OFFSET);
	TH_EXPECT(p == MAP_FAILED && errno == EINVAL, "private mapping");
	p = mmap(NULL, 32768, PROT_READ, MAP_SHARED, uirq_fd(dev), (off_t)UIRQ_RING_OFFSET);
	TH_EXPECT(p == MAP_FAILED && errno == EINVAL, "too long");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, uirq_fd(dev),
		 (off_t)UIRQ_RING_OFFSET + 4096);
	TH_EXPECT(p == MAP_FAILED && errno == EINVAL, "not at the start");
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_SHARED, uirq_fd(dev),
		 (off_t)UIRQ_RING_OFFSET);
	TH_EXPECT(p == MAP_FAILED, "executable");
out:
	uirq_close(dev);
}

static void ring_sleep_or_spin(unsigned int spin_us)
{
	volatile uint32_t *bar0;
	struct uirq_dev *dev = setup(edu_ack_s, UIRQ_IRQ_RING, &bar0);
	struct uirq_event ev[4];
	struct raiser r;
	uint64_t t0;
	int i;

	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_set_busy_poll(dev, spin_us), 0);
	TH_EXPECT_EQ(uirq_wait_events(dev, ev, 4, 50, UIRQ_WAIT_UNMASK), -ETIMEDOUT);
	for (i = 0; i < 20; i++) {
		raise_later(&r, bar0, 0x300 + i, i % 2 ? 1 : 30);
		t0 = guest_now_ns();
		TH_EXPECT_EQ(uirq_wait_events(dev, ev, 4, 2000, UIRQ_WAIT_UNMASK), 1);
		pthread_join(r.t, NULL);
		TH_EXPECT_EQ(ev[0].cap[0], 0x300u + i);
		TH_EXPECT(guest_now_ns() - t0 < 2000000000ull, "woken");
	}
	uirq_close(dev);
}

static void test_ring_sleep(void)
{
	ring_sleep_or_spin(0);
}

static void test_ring_busy_poll(void)
{
	ring_sleep_or_spin(10000);
}

/* Wait forever, then tell how it ended (the scenario removes the device). */
static int sleeper(const char *how)
{
	volatile uint32_t *bar0;
	unsigned int flags = strcmp(how, "read") ? UIRQ_IRQ_RING : 0;
	struct uirq_dev *dev = setup(edu_ack_s, flags, &bar0);
	struct uirq_event ev;
	int ret;

	if (!dev)
		return 1;
	if (!strcmp(how, "spin"))
		uirq_set_busy_poll(dev, 2000000);
	printf("sleeper %s: waiting\n", how);
	fflush(stdout);
	do
		ret = uirq_wait_events(dev, &ev, 1, -1, UIRQ_WAIT_UNMASK);
	while (ret > 0);
	printf("sleeper %s: %s\n", how, strerror(-ret));
	uirq_close(dev);
	return 0;
}

static const char *only;
#define RUN(fn)								\
	do {								\
		if (!only || strstr(#fn, only))				\
			TH_RUN(fn);					\
	} while (0)

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[2], "--sleeper")) {
		bdf = argv[1];
		return sleeper(argv[3]);
	}
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: test_wait BDF [CASE] | BDF --sleeper read|ring|spin\n");
		return 2;
	}
	bdf = argv[1];
	only = argc == 3 ? argv[2] : NULL;
	RUN(test_wait_blocking);
	RUN(test_wait_timeout);
	RUN(test_wait_batch);
	RUN(test_unmask_in_wait);
	RUN(test_unmask_noop);
	RUN(test_wait_signal);
	RUN(test_ring_records);
	RUN(test_ring_overflow);
	RUN(test_ring_bad_tail);
	RUN(test_ring_sleep);
	RUN(test_ring_busy_poll);
	return th_summary();
}
