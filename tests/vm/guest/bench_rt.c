// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * bench_rt: the round-trip benchmark's driver loops, one per --mode, for
 * QEMU's edu device on the shared INTx line (make bench-vm, guest side of
 * tests/vm/scenarios/bench.sh).
 *
 *   bench_rt --mode NAME --device BDF [--count N] [--timeout S] [--mark]
 *   bench_rt --list
 *   bench_rt --kdrv BDF [--secs S] [--period US] [--label NAME]
 *
 * A round trip: take the time, raise the device's interrupt through BAR0
 * 0x60 (a mapping of BAR0: libuirq's, the UIO map or sysfs resource0),
 * wait for the event the mode waits for, take the time again, check it
 * (the captured value or the event count), then do what the mode does
 * after an event (unmask, acknowledge, re-enable INTx). The N round trips
 * are timed as a whole with CLOCK_MONOTONIC, and every round trip also
 * gives a latency sample:
 *   lat_wake  raise -> the driver sees it (the clock after the wait)
 *   lat_ev    raise -> the event record's timestamp_ns (CLOCK_MONOTONIC
 *             when the ack program returned; modes that get records only)
 *
 * The modes are the table `modes[]` below; each names its target (how the
 * device is opened and mapped) and two steps: wait() blocks for the event
 * of the raise just made and reports what it saw (a record or a count),
 * finish() runs after the sample. A new mode is one entry and its steps.
 *
 * Output, one line per run (the host's bench/bench-vm.sh parses it):
 *   RESULT mode=NAME n=N secs=S rate=R [lat_ev_p50_ns=..
 *     lat_ev_p99_ns=.. lat_ev_p999_ns=..] lat_wake_p50_ns=..
 *     lat_wake_p99_ns=.. lat_wake_p999_ns=.. raised=N received=N
 *     mismatched=N
 * Exit status 0 only if every raise came back as exactly one event with
 * its value (or the count advanced by exactly one), 1 otherwise, 2 usage.
 *
 * --mark writes 0xbe00NNNN (NN: mode index) to edu's liveness register
 * (BAR0 0x04, harmless) right before the timed loop and 0xbeff0000 right
 * after it, so that a QEMU trace of the device's accesses can be cut
 * into the loop's part (bench/bench-vm.sh counts accesses per interrupt).
 *
 * --kdrv: the sharer test's meter. Runs edu_kdrv (tests/vm/kdrv) on BDF
 * with no target for S seconds at PERIOD_US and prints
 *   RESULT mode=kdrv-LABEL secs=S handled=N rate=R raised=N busy=N declined=N
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libuirq.h>

/* examples/programs/edu-ack.s and edu-release.s as C strings, generated
 * by examples/examples.mk: the documented programs, not a copy. */
#include "edu-programs.h"

#define EDU_LIVENESS	0x04
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_MAP_LEN	4096

#define MARK_START	0xbe000000u
#define MARK_END	0xbeff0000u

#define SYSPCI		"/sys/bus/pci/devices"

enum bench_target {
	TARGET_UIRQ,		/* /dev/uirq/BDF through libuirq */
	TARGET_UIO,		/* /dev/uioN of the stub: map 0 is BAR0 */
	TARGET_UIO_PCI,		/* /dev/uioN of uio_pci_generic: sysfs resource0, config */
};

/* What a wait saw: an event record, or a UIO-style event count. */
struct bench_obs {
	bool has_ev;
	struct uirq_event ev;
	bool has_count;
	uint32_t count;
	bool has_value;		/* set by finish(): the value the device held */
	uint32_t value;
};

struct bench_ctx {
	const char *bdf;
	volatile uint32_t *bar0;
	struct uirq_dev *dev;	/* TARGET_UIRQ */
	int fd;			/* the event file: uirq's or /dev/uioN */
	int cfg_fd;		/* TARGET_UIO_PCI: config space */
	int res_fd;		/* TARGET_UIO_PCI: resource0 */
	void *map;		/* the UIO targets' BAR0 mapping */
	uint8_t cmd_hi;		/* TARGET_UIO_PCI: command byte 1, INTx on */
	uint64_t last_seq;	/* the last record's seq */
	uint32_t last_count;	/* the last event count */
	/* ring modes: a read-only view of the shared ring, and how many
	 * waits found it empty (only those can cost a system call) */
	const volatile struct uirq_ring *ring;
	uint64_t empty_waits;
};

struct bench_mode {
	const char *name;
	const char *what;
	enum bench_target target;
	unsigned int irq_flags;	/* TARGET_UIRQ: uirq_irq_on()'s */
	unsigned int busy_us;	/* TARGET_UIRQ: uirq_set_busy_poll() */
	bool records;		/* wait() returns records with timestamps */
	int (*wait)(struct bench_ctx *c, struct bench_obs *o);
	int (*finish)(struct bench_ctx *c, struct bench_obs *o);	/* may be NULL */
};

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the steps ---------------------------------------------------------- */

/* The documented wait: one record, blocking (libuirq's uirq_wait). */
static int wait_record(struct bench_ctx *c, struct bench_obs *o)
{
	int ret = uirq_wait(c->dev, &o->ev, -1);

	if (!ret)
		o->has_ev = true;
	return ret;
}

/*
 * The loop docs/driver-model.md and the README give (API 3): unmask what
 * was handled and wait, in one call. (Also the ring modes: the same call,
 * on a device opened with UIRQ_IRQ_RING.)
 */
static int wait_events(struct bench_ctx *c, struct bench_obs *o)
{
	int ret;

	if (c->ring && c->ring->head == c->ring->tail)
		c->empty_waits++;
	ret = uirq_wait_events(c->dev, &o->ev, 1, -1, UIRQ_WAIT_UNMASK);

	if (ret == 1)
		o->has_ev = true;
	return ret < 0 ? ret : 0;
}

/* UIO style: a blocking 4-byte read() of the event count. */
static int wait_count(struct bench_ctx *c, struct bench_obs *o)
{
	ssize_t n = read(c->fd, &o->count, sizeof(o->count));

	if (n == (ssize_t)sizeof(o->count)) {
		o->has_count = true;
		return 0;
	}
	return n < 0 ? -errno : -EIO;
}

/* The documented loop's second call: enable program and re-check. */
static int finish_unmask(struct bench_ctx *c, struct bench_obs *o)
{
	(void)o;
	return uirq_unmask(c->dev);
}

/*
 * The UIO HOWTO's loop on uio_pci_generic, whose handler only masked
 * INTx: read the status (the value to check and to acknowledge),
 * acknowledge at the device, then re-enable INTx by writing the cached
 * command byte (bit 10 clear) to config space.
 */
static int finish_uio_pci(struct bench_ctx *c, struct bench_obs *o)
{
	o->value = c->bar0[EDU_IRQ_STATUS / 4];
	o->has_value = true;
	c->bar0[EDU_IRQ_ACK / 4] = o->value;
	if (pwrite(c->cfg_fd, &c->cmd_hi, 1, 5) != 1)
		return -errno;
	return 0;
}

static const struct bench_mode modes[] = {
	{ "uirq-doc", "uirq, the documented loop: ring + uirq_wait_events(UNMASK)",
	  TARGET_UIRQ, UIRQ_IRQ_RING, 0, true, wait_events, NULL },
	{ "uirq-events", "uirq, uirq_wait_events(UNMASK) without the ring",
	  TARGET_UIRQ, 0, 0, true, wait_events, NULL },
	{ "uirq-classic", "uirq, the API 1/2 loop: uirq_wait + uirq_unmask",
	  TARGET_UIRQ, 0, 0, true, wait_record, finish_unmask },
	{ "uirq-wait", "uirq, uirq_wait only", TARGET_UIRQ, 0, 0, true,
	  wait_record, NULL },
	{ "uirq-read", "uirq, UIO-style 4-byte read() only", TARGET_UIRQ, 0, 0,
	  false, wait_count, NULL },
	{ "uirq-poll", "uirq, shared ring, polling mode (busy poll 1 ms)",
	  TARGET_UIRQ, UIRQ_IRQ_RING, 1000, true, wait_events, NULL },
	{ "stub", "hand-written UIO stub (bench/stub), 4-byte read()",
	  TARGET_UIO, 0, 0, false, wait_count, NULL },
	{ "uio-generic", "uio_pci_generic + the UIO HOWTO loop",
	  TARGET_UIO_PCI, 0, 0, false, wait_count, finish_uio_pci },
};

#define NUM_MODES	(sizeof(modes) / sizeof(modes[0]))

/* ---- targets ------------------------------------------------------------- */

static int read_sysfs_u64(const char *path, uint64_t *v)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	*v = strtoull(buf, NULL, 0);
	return 0;
}

static int write_sysfs(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	close(fd);
	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	return 0;
}

static int load(struct uirq_dev *dev, unsigned int kind, const char *src,
		const char *name)
{
	struct uirq_program prog;
	char log[512];
	int ret;

	log[0] = '\0';
	ret = uirq_asm_string(src, name, &prog, log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, kind, NULL, log,
					sizeof(log));
	if (ret)
		fprintf(stderr, "bench_rt: loading %s: %s: %s\n", name,
			strerror(-ret), log);
	return ret;
}

/* As uirq-edu does: ack and release program, BAR0 mapped, IRQ on (shared). */
static int open_uirq(struct bench_ctx *c, const struct bench_mode *m)
{
	char path[128];
	uint64_t v;
	size_t len;
	void *p;
	int ret;

	ret = uirq_open(c->bdf, &c->dev);
	if (ret) {
		fprintf(stderr, "bench_rt: %s: uirq_open: %s\n", c->bdf,
			strerror(-ret));
		return ret;
	}
	ret = uirq_map_region(c->dev, UIRQ_REGION_BAR0, &p, &len);
	if (ret || len < EDU_MAP_LEN) {
		fprintf(stderr, "bench_rt: %s: mapping BAR0: %s\n", c->bdf,
			ret ? strerror(-ret) : "too small");
		return ret ? ret : -ENODEV;
	}
	c->bar0 = p;
	c->bar0[EDU_IRQ_ACK / 4] = c->bar0[EDU_IRQ_STATUS / 4];
	ret = load(c->dev, UIRQ_PROG_ACK, edu_ack_s, "edu-ack.s");
	if (!ret)
		ret = load(c->dev, UIRQ_PROG_RELEASE, edu_release_s,
			   "edu-release.s");
	if (ret)
		return ret;
	ret = uirq_irq_on(c->dev, m->irq_flags);
	if (!ret)
		ret = uirq_set_busy_poll(c->dev, m->busy_us);
	if (ret) {
		fprintf(stderr, "bench_rt: %s: uirq_irq_on: %s\n", c->bdf,
			strerror(-ret));
		return ret;
	}
	c->fd = uirq_fd(c->dev);
	c->last_seq = 0;
	if (m->irq_flags & UIRQ_IRQ_RING) {
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, c->fd,
			 (off_t)UIRQ_RING_OFFSET);
		if (p == MAP_FAILED) {
			fprintf(stderr, "bench_rt: %s: mapping the ring: %s\n",
				c->bdf, strerror(errno));
			return -errno;
		}
		c->ring = p;
	}
	snprintf(path, sizeof(path), "/sys/class/uirq/%s/event", c->bdf);
	ret = read_sysfs_u64(path, &v);
	if (ret) {
		fprintf(stderr, "bench_rt: %s: %s\n", path, strerror(-ret));
		return ret;
	}
	c->last_count = (uint32_t)v;
	return 0;
}

/* The uio device of a PCI device: /sys/bus/pci/devices/BDF/uio/uioN. */
static int uio_number(const char *bdf)
{
	char path[128];
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), SYSPCI "/%s/uio/uio%d", bdf, i);
		if (!access(path, F_OK))
			return i;
	}
	return -ENOENT;
}

static int open_uio(struct bench_ctx *c, bool pci_generic)
{
	char path[128];
	uint64_t v;
	int n, ret;

	n = uio_number(c->bdf);
	if (n < 0) {
		fprintf(stderr, "bench_rt: %s: no uio device (bound to the stub or uio_pci_generic?)\n",
			c->bdf);
		return n;
	}
	snprintf(path, sizeof(path), "/dev/uio%d", n);
	c->fd = open(path, O_RDWR | O_CLOEXEC);
	if (c->fd < 0) {
		ret = -errno;
		fprintf(stderr, "bench_rt: %s: %s\n", path, strerror(-ret));
		return ret;
	}
	if (pci_generic) {
		snprintf(path, sizeof(path), SYSPCI "/%s/resource0", c->bdf);
		c->res_fd = open(path, O_RDWR | O_SYNC | O_CLOEXEC);
		if (c->res_fd < 0)
			goto fail;
		c->map = mmap(NULL, EDU_MAP_LEN, PROT_READ | PROT_WRITE,
			      MAP_SHARED, c->res_fd, 0);
		if (c->map == MAP_FAILED)
			goto fail;
		snprintf(path, sizeof(path), SYSPCI "/%s/config", c->bdf);
		c->cfg_fd = open(path, O_RDWR | O_CLOEXEC);
		if (c->cfg_fd < 0)
			goto fail;
		if (pread(c->cfg_fd, &c->cmd_hi, 1, 5) != 1)
			goto fail;
		c->cmd_hi &= (uint8_t)~0x4;
	} else {
		/* UIO map 0 (offset 0 * page size): BAR0 */
		c->map = mmap(NULL, EDU_MAP_LEN, PROT_READ | PROT_WRITE,
			      MAP_SHARED, c->fd, 0);
		if (c->map == MAP_FAILED)
			goto fail;
	}
	c->bar0 = c->map;
	/* Start clean: nothing pending at the device, INTx on. */
	c->bar0[EDU_IRQ_ACK / 4] = c->bar0[EDU_IRQ_STATUS / 4];
	if (pci_generic && pwrite(c->cfg_fd, &c->cmd_hi, 1, 5) != 1)
		goto fail;
	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/event", n);
	ret = read_sysfs_u64(path, &v);
	if (ret) {
		fprintf(stderr, "bench_rt: %s: %s\n", path, strerror(-ret));
		return ret;
	}
	c->last_count = (uint32_t)v;
	return 0;
fail:
	ret = -errno;
	fprintf(stderr, "bench_rt: %s: %s: %s\n", c->bdf, path, strerror(-ret));
	if (c->map == MAP_FAILED)
		c->map = NULL;
	return ret;
}

static void close_target(struct bench_ctx *c)
{
	if (c->ring) {
		/* A mapping holds the file: the device would stay open. */
		munmap((void *)c->ring, 4096);
		c->ring = NULL;
	}
	if (c->dev) {
		uirq_irq_off(c->dev);
		uirq_close(c->dev);
		c->dev = NULL;
		return;
	}
	if (c->map)
		munmap(c->map, EDU_MAP_LEN);
	if (c->cfg_fd >= 0)
		close(c->cfg_fd);
	if (c->res_fd >= 0)
		close(c->res_fd);
	if (c->fd >= 0)
		close(c->fd);
}

/* ---- the loop ------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with at least @per_mille of them <= it. */
static uint64_t pct(const uint64_t *s, uint64_t n, unsigned int per_mille)
{
	uint64_t k = (n * per_mille + 999) / 1000;

	return s[k ? k - 1 : 0];
}

static void print_pcts(const char *name, uint64_t *s, uint64_t n)
{
	qsort(s, n, sizeof(*s), cmp_u64);
	printf(" lat_%s_p50_ns=%" PRIu64 " lat_%s_p99_ns=%" PRIu64
	       " lat_%s_p999_ns=%" PRIu64, name, pct(s, n, 500), name,
	       pct(s, n, 990), name, pct(s, n, 999));
}

/* A distinct value per round trip, never 0 or all-ones (as uirq-edu). */
static uint32_t raise_value(uint64_t i)
{
	return (0x1eu << 24) | (uint32_t)(i % 0xffffffu + 1);
}

static int run_mode(const struct bench_mode *m, const char *bdf,
		    uint64_t count, unsigned int timeout_s, bool mark)
{
	struct bench_ctx c = { .bdf = bdf, .fd = -1, .cfg_fd = -1,
			       .res_fd = -1 };
	uint64_t raised = 0, received = 0, mismatched = 0, t0, t1, i;
	uint64_t *lat_ev = NULL, *lat_wake;
	struct rusage ru0, ru1;
	struct sigaction sa;
	int ret, fail = 0;

	lat_wake = calloc(count, sizeof(*lat_wake));
	if (m->records)
		lat_ev = calloc(count, sizeof(*lat_ev));
	if (!lat_wake || (m->records && !lat_ev)) {
		fprintf(stderr, "bench_rt: out of memory\n");
		return 1;
	}
	if (m->target == TARGET_UIRQ)
		ret = open_uirq(&c, m);
	else
		ret = open_uio(&c, m->target == TARGET_UIO_PCI);
	if (ret) {
		close_target(&c);
		return 1;
	}

	/* The watchdog: a lost interrupt ends the blocking wait with EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(timeout_s);

	if (mark)
		c.bar0[EDU_LIVENESS / 4] = MARK_START | (uint32_t)(m - modes);
	getrusage(RUSAGE_SELF, &ru0);
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		struct bench_obs o = { 0 };
		uint32_t v = raise_value(i);
		uint64_t t_raise, t_wake;

		t_raise = now_ns();
		c.bar0[EDU_IRQ_RAISE / 4] = v;
		raised++;
		ret = m->wait(&c, &o);
		t_wake = now_ns();
		if (ret) {
			fprintf(stderr, "bench_rt: %s: %s: round trip %" PRIu64 ": %s\n",
				m->name, bdf, i,
				timed_out ? "no event within the timeout" :
				strerror(-ret));
			fail = 1;
			break;
		}
		if (m->finish) {
			ret = m->finish(&c, &o);
			if (ret) {
				fprintf(stderr, "bench_rt: %s: %s: after round trip %" PRIu64 ": %s\n",
					m->name, bdf, i, strerror(-ret));
				fail = 1;
				break;
			}
		}
		received++;
		lat_wake[i] = t_wake - t_raise;
		if (o.has_ev) {
			lat_ev[i] = o.ev.timestamp_ns - t_raise;
			if (o.ev.seq != c.last_seq + 1 || o.ev.dropped ||
			    !(o.ev.cap_mask & 1) || o.ev.cap[0] != v)
				mismatched++;
			c.last_seq = o.ev.seq;
		}
		if (o.has_count) {
			if (o.count != c.last_count + 1)
				mismatched++;
			c.last_count = o.count;
		}
		if (o.has_value && o.value != v)
			mismatched++;
	}
	t1 = now_ns();
	getrusage(RUSAGE_SELF, &ru1);
	if (mark)
		c.bar0[EDU_LIVENESS / 4] = MARK_END;
	alarm(0);
	close_target(&c);

	printf("RESULT mode=%s n=%" PRIu64 " secs=%.6f rate=%.0f", m->name,
	       received, (double)(t1 - t0) / 1e9,
	       t1 > t0 ? (double)received * 1e9 / (double)(t1 - t0) : 0.0);
	if (received && lat_ev)
		print_pcts("ev", lat_ev, received);
	if (received)
		print_pcts("wake", lat_wake, received);
	/* Sleeps: a blocking wait switches away once per interrupt, polling not. */
	printf(" sleeps_per_rt=%.3f", received ?
	       (double)(ru1.ru_nvcsw - ru0.ru_nvcsw) / (double)received : 0.0);
	if (m->irq_flags & UIRQ_IRQ_RING)
		printf(" ring_empty_per_rt=%.3f", received ?
		       (double)c.empty_waits / (double)received : 0.0);
	printf(" raised=%" PRIu64 " received=%" PRIu64 " mismatched=%" PRIu64
	       "\n", raised, received, mismatched);
	fflush(stdout);
	free(lat_ev);
	free(lat_wake);
	return fail || mismatched || received != count ? 1 : 0;
}

/* ---- the sharer test's meter: edu_kdrv's handled rate -------------------- */

static int kdrv_attr(const char *bdf, const char *attr, const char *val,
		     uint64_t *out)
{
	char path[160];
	int ret;

	snprintf(path, sizeof(path), SYSPCI "/%s/%s", bdf, attr);
	ret = val ? write_sysfs(path, val) : read_sysfs_u64(path, out);
	if (ret)
		fprintf(stderr, "bench_rt: %s: %s\n", path, strerror(-ret));
	return ret;
}

static int run_kdrv(const char *bdf, unsigned int secs, unsigned int period,
		    const char *label)
{
	uint64_t handled, raised, busy, declined, t0, t1;
	struct timespec ts = { .tv_sec = secs };
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", period);
	if (kdrv_attr(bdf, "period_us", buf, NULL) ||
	    kdrv_attr(bdf, "target", "0", NULL))
		return 1;
	t0 = now_ns();
	if (kdrv_attr(bdf, "run", "1", NULL))
		return 1;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	if (kdrv_attr(bdf, "run", "0", NULL))
		return 1;
	t1 = now_ns();
	if (kdrv_attr(bdf, "handled", NULL, &handled) ||
	    kdrv_attr(bdf, "raised", NULL, &raised) ||
	    kdrv_attr(bdf, "busy", NULL, &busy) ||
	    kdrv_attr(bdf, "declined", NULL, &declined))
		return 1;
	printf("RESULT mode=kdrv-%s secs=%.6f handled=%" PRIu64 " rate=%.0f raised=%"
	       PRIu64 " busy=%" PRIu64 " declined=%" PRIu64 "\n", label,
	       (double)(t1 - t0) / 1e9, handled,
	       (double)handled * 1e9 / (double)(t1 - t0), raised, busy,
	       declined);
	fflush(stdout);
	/* Stopped: every raise must have been handled. */
	return handled == raised && handled ? 0 : 1;
}

/* ---- main ---------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
"usage: bench_rt --mode NAME --device BDF [--count N] [--timeout S] [--mark]\n"
"       bench_rt --list\n"
"       bench_rt --kdrv BDF [--secs S] [--period US] [--label NAME]\n");
}

static int parse_uint(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	errno = 0;
	if (!s || !*s || *s == '-')
		return -EINVAL;
	*v = strtoull(s, &end, 0);
	if (errno || *end || *v > max)
		return -EINVAL;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "device", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mark", no_argument, NULL, 'M' },
		{ "list", no_argument, NULL, 'l' },
		{ "kdrv", required_argument, NULL, 'k' },
		{ "secs", required_argument, NULL, 's' },
		{ "period", required_argument, NULL, 'p' },
		{ "label", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *mode = NULL, *bdf = NULL, *kdrv = NULL, *label = "run";
	uint64_t count = 20000, timeout = 60, secs = 2, period = 10, *dst;
	char canon[UIRQ_BDF_LEN];
	bool mark = false;
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "m:d:n:t:h", lopts, NULL)) != -1) {
		dst = NULL;
		switch (c) {
		case 'm':
			mode = optarg;
			break;
		case 'd':
			bdf = optarg;
			break;
		case 'n':
			dst = &count;
			break;
		case 't':
			dst = &timeout;
			break;
		case 's':
			dst = &secs;
			break;
		case 'p':
			dst = &period;
			break;
		case 'M':
			mark = true;
			break;
		case 'k':
			kdrv = optarg;
			break;
		case 'L':
			label = optarg;
			break;
		case 'l':
			for (i = 0; i < NUM_MODES; i++)
				printf("%-12s %s\n", modes[i].name,
				       modes[i].what);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (dst && (parse_uint(optarg, 1u << 30, dst) || !*dst)) {
			fprintf(stderr, "bench_rt: not a positive number: '%s'\n",
				optarg);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (kdrv)
		return run_kdrv(kdrv, (unsigned int)secs,
				(unsigned int)period, label);
	if (!mode || !bdf) {
		usage(stderr);
		return 2;
	}
	if (uirq_parse_bdf(bdf, canon, sizeof(canon))) {
		fprintf(stderr, "bench_rt: '%s' is not a PCI address\n", bdf);
		return 2;
	}
	for (i = 0; i < NUM_MODES; i++)
		if (!strcmp(modes[i].name, mode))
			return run_mode(&modes[i], canon, count,
					(unsigned int)timeout, mark);
	fprintf(stderr, "bench_rt: unknown mode '%s' (bench_rt --list)\n", mode);
	return 2;
}
