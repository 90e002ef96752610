// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * edu_fault: an edu driver that gets things wrong on purpose, for the
 * fault-containment scenarios (tests/vm/scenarios/fault.sh, teardown.sh).
 * One mode per run; every mode prints one parseable result line (below)
 * and exits 0 when it could run, 1 on a setup error (the message says
 * which call failed), 2 on a usage error. The scenario judges the values.
 *
 *   edu_fault --device BDF --fault claim|decline|none [--recover N]
 *	Load an ack program with a one-line mistake (claim: no acknowledge
 *	store; decline: tests the wrong status bit; none: the correct
 *	program, the baseline that does the same work), raise one interrupt,
 *	wait for the storm guard (poll for POLLERR, 2 s at most; with none,
 *	for the event), then check what the owner is told and that the
 *	device is quiet:
 *	  "BDF: fault NAME trip_us N notice_us N faults N records N
 *	   fault_record NAME wait ERR read4 ERR unmask ERR info_fault B
 *	   status 0xS intx_disable B"
 *	With --recover N: IRQ off, load the correct program, IRQ on, N round
 *	trips: "BDF: recovered N of N fault NAME".
 *   edu_fault --device BDF --flood N
 *	A correct program, N interrupts as fast as the device takes them
 *	(each raised once the previous one is acknowledged) and nobody
 *	reading; then the ring is drained and one more raised:
 *	  "BDF: flood raised N handled N events N dropped N delivered N
 *	   fault NAME checks N next_seq N next_dropped N"
 *   edu_fault --device BDF --rearm
 *	IRQ on, IRQ off, then raise an interrupt through BAR0 (the driver
 *	"polls" with the IRQ off), print "BDF: rearmed status 0xS" and wait
 *	to be killed.
 *   edu_fault --device BDF --load-loop
 *	Load the ack and release programs over and over until killed
 *	(prints "BDF: loading" first).
 *   edu_fault --device BDF --init-conflict
 *	An ack program that cannot decline (it needs the line exclusively)
 *	and an init program that raises an interrupt; IRQ on must fail on a
 *	line someone else holds, and the init program must not have run:
 *	  "BDF: init-conflict irq_on ERR status 0xS"
 *   edu_fault --device BDF --dirty
 *	Change what an owner may change behind the kernel's back: bus
 *	mastering on (root may), the cache line size (config 0x0c) set to
 *	0x3c; and try to enable MSI in edu's MSI capability, which the
 *	config-space policy refuses; print
 *	  "BDF: dirty msi_cap 0xC cache_line 0xL msi_write ERR"
 *	and wait to be killed: release must undo the first two.
 *   edu_fault --device BDF --policy
 *	Try the config writes an owner might: each protected register (BAR0,
 *	ROM, memory decode, interrupt line, bus mastering, MSI enable and
 *	address, a capability header), what a driver needs (INTx-disable,
 *	cache line size, a device-specific byte at 0x80), a program storing
 *	to BAR0 and one storing 0x404 to the command register (then IRQ on):
 *	  "BDF: policy bar0 ERR rom ERR decode ERR line ERR master ERR
 *	   msi ERR msi_addr ERR cap_hdr ERR intx ERR cacheline ERR devspec ERR
 *	   prog_bar ERR prog_master B"
 *	ERR is 0 or the errno's name; prog_master is bus mastering after the
 *	init program ran (only an owner allowed DMA gets it).
 *   edu_fault --device BDF --hammer
 *	IRQ on, then raise through the BAR0 mapping in a loop, handling
 *	events, until the device is removed (SIGBUS or -ENODEV):
 *	  "BDF: hammer ended after N raises"
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/* The edu ack program without its acknowledge: claims, never silences. */
static const char claim_bad_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        cap   0, r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";

/* Tests bit 8 where the raise sets bit 0: declines its own interrupts. */
static const char decline_bad_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        and   r0, 0x100\n"
	"        jeq   r0, 0, no\n"
	"        st32  bar0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";

/* Cannot decline: it has to have the line to itself. */
static const char claim_all_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        st32  bar0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n";

static const char init_raise_s[] =
	".kind init\n"
	"        st32  bar0[0x60], 0x77\n"
	"        ret   quiet\n";

static const char *dev_bdf;
static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static const char *errname(int err)
{
	return err ? strerrorname_np(-err) : "0";
}

static const char *fault_name(uint32_t f)
{
	switch (f) {
	case UIRQ_FAULT_NONE: return "none";
	case UIRQ_FAULT_CLAIM_STORM: return "claim-storm";
	case UIRQ_FAULT_DECLINE_STORM: return "decline-storm";
	case UIRQ_FAULT_CLAIM_RATE: return "claim-rate";
	default: return "?";
	}
}

static int load(struct uirq_dev *dev, const char *src, const char *name)
{
	char log[512];
	int ret;

	ret = guest_load_src(dev, src, name, log, sizeof(log));
	if (ret)
		fprintf(stderr, "edu_fault: %s: loading %s: %s: %s\n", dev_bdf,
			name, strerror(-ret), log);
	return ret;
}

static int reg_read(struct uirq_dev *dev, unsigned int region, uint64_t off,
		    unsigned int width, uint64_t *v)
{
	int ret = uirq_region_read(dev, region, off, width, v);

	if (ret)
		fprintf(stderr, "edu_fault: %s: reading region %u at %#" PRIx64 ": %s\n",
			dev_bdf, region, off, strerror(-ret));
	return ret;
}

static int raise_irq(struct uirq_dev *dev, uint32_t v)
{
	int ret = uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4, v);

	if (ret)
		fprintf(stderr, "edu_fault: %s: raising: %s\n", dev_bdf,
			strerror(-ret));
	return ret;
}

/* @n round trips with the correct program. Return: how many came back. */
static unsigned int round_trips(struct uirq_dev *dev, unsigned int n)
{
	struct uirq_event ev;
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++) {
		uint32_t v = 0x1000 + i;

		if (raise_irq(dev, v))
			break;
		if (uirq_wait(dev, &ev, 2000))
			break;
		if (ev.cap[0] == v)
			ok++;
		if (uirq_unmask(dev))
			break;
	}
	return ok;
}

/* Count raw records: events, and the name of a fault record among them. */
static void count_records(const struct uirq_event *evs, ssize_t n,
			  unsigned int *events, const char **frec)
{
	ssize_t i;

	for (i = 0; n > 0 && i < n / (ssize_t)sizeof(evs[0]); i++) {
		if (evs[i].flags & UIRQ_EVENT_FAULT)
			*frec = fault_name(evs[i].fault);
		else
			(*events)++;
	}
}

static int do_fault(struct uirq_dev *dev, const char *kind, unsigned int recover)
{
	struct uirq_event evs[32], ev;
	uint64_t t0, t_err, st_reg, cmd;
	unsigned int records = 0, i;
	const char *frec = "absent";
	struct uirq_info info;
	struct uirq_stats st;
	struct pollfd pfd;
	char b4[4];
	int ret, wait_err, read_err, unmask_err;
	ssize_t n = 0;

	bool good = !strcmp(kind, "none");

	if (load(dev, good ? edu_ack_s : !strcmp(kind, "claim") ? claim_bad_s :
		 decline_bad_s, "ack") || load(dev, edu_release_s, "release"))
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: irq on: %s\n", dev_bdf, strerror(-ret));
		return 1;
	}
	t0 = now_ns();
	if (raise_irq(dev, 1))
		return 1;
	pfd.fd = uirq_fd(dev);
	pfd.events = POLLIN;
	for (;;) {
		pfd.revents = 0;
		ret = poll(&pfd, 1, 2000);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0 || pfd.revents & POLLERR)
			break;
		/* Events of a claiming program come before the fault. */
		n = read(pfd.fd, evs, sizeof(evs));
		count_records(evs, n, &records, &frec);
		if (good)
			break;
	}
	t_err = now_ns();
	if (ret <= 0)
		fprintf(stderr, "edu_fault: %s: no %s within 2 s\n", dev_bdf,
			good ? "event" : "POLLERR");

	/* Raw read: the rest of the events, the fault record, then EIO. */
	for (; !good;) {
		n = read(pfd.fd, evs, sizeof(evs));
		if (n <= 0)
			break;
		count_records(evs, n, &records, &frec);
	}
	read_err = !good && n < 0 ? -errno : 0;
	wait_err = uirq_wait(dev, &ev, 0);
	/*
	 * The kernel's UNMASK, not uirq_unmask(): libuirq skips the call
	 * when the kernel said it has nothing to do (UIRQ_INFO_UNMASK_NOOP:
	 * the "wrong bit" program stores), and the fault then shows in the
	 * next wait instead, as wait_err shows.
	 */
	{
		struct uirq_irq_ctl c = { .argsz = sizeof(c) };

		unmask_err = ioctl(uirq_fd(dev), UIRQ_UNMASK, &c) ? -errno : 0;
	}
	n = good ? 0 : read(pfd.fd, b4, sizeof(b4));
	if (uirq_get_stats(dev, &st, 0) || uirq_get_info(dev, &info) ||
	    reg_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &st_reg) ||
	    reg_read(dev, UIRQ_REGION_CFG, 4, 2, &cmd))
		return 1;
	printf("%s: fault %s trip_us %" PRId64 " notice_us %" PRIu64 " faults %" PRIu64
	       " records %u fault_record %s read %s wait %s read4 %s unmask %s info_fault %d status %#" PRIx64
	       " intx_disable %d\n", dev_bdf, fault_name(st.fault),
	       st.fault_ns ? (int64_t)(st.fault_ns - t0) / 1000 : -1,
	       (t_err - t0) / 1000, (uint64_t)st.faults, records, frec,
	       errname(read_err), errname(wait_err),
	       n < 0 ? strerrorname_np(errno) : "0", errname(unmask_err),
	       !!(info.flags & UIRQ_INFO_FAULT), st_reg, !!(cmd & 0x400));
	fflush(stdout);

	if (!recover)
		return 0;
	ret = uirq_irq_off(dev);
	if (!ret)
		ret = load(dev, edu_ack_s, "ack");
	if (!ret)
		ret = uirq_irq_on(dev, 0);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: recovering: %s\n", dev_bdf,
			strerror(-ret));
		return 1;
	}
	i = round_trips(dev, recover);
	if (uirq_get_stats(dev, &st, 0))
		return 1;
	printf("%s: recovered %u of %u fault %s\n", dev_bdf, i, recover,
	       fault_name(st.fault));
	return 0;
}

static int do_flood(struct uirq_dev *dev, unsigned int count)
{
	struct uirq_event evs[64], ev;
	unsigned int i, delivered = 0;
	struct uirq_stats st;
	uint64_t s;
	int ret, spins;

	if (load(dev, edu_ack_s, "ack") || load(dev, edu_release_s, "release"))
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: irq on: %s\n", dev_bdf, strerror(-ret));
		return 1;
	}
	for (i = 0; i < count; i++) {
		if (raise_irq(dev, 1))
			return 1;
		/* One interrupt per raise: wait for the acknowledge. */
		for (spins = 0; spins < 100000; spins++) {
			if (reg_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &s))
				return 1;
			if (!s)
				break;
		}
	}
	if (uirq_get_stats(dev, &st, 0))
		return 1;
	for (;;) {
		ret = uirq_read_events(dev, evs, 64);
		if (ret <= 0)
			break;
		delivered += (unsigned int)ret;
	}
	if (raise_irq(dev, 1) || uirq_wait(dev, &ev, 2000)) {
		fprintf(stderr, "edu_fault: %s: no event after the flood\n", dev_bdf);
		return 1;
	}
	printf("%s: flood raised %u handled %" PRIu64 " events %" PRIu64 " dropped %" PRIu64
	       " delivered %u fault %s checks %" PRIu64 " next_seq %" PRIu64
	       " next_dropped %u\n", dev_bdf, count, (uint64_t)st.handled,
	       (uint64_t)st.events, (uint64_t)st.dropped, delivered,
	       fault_name(st.fault), (uint64_t)st.guard_checks,
	       (uint64_t)ev.seq, ev.dropped);
	return 0;
}

static int do_rearm(struct uirq_dev *dev)
{
	uint64_t s;
	int ret;

	if (load(dev, edu_ack_s, "ack") || load(dev, edu_release_s, "release"))
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (!ret)
		ret = uirq_irq_off(dev);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: irq on/off: %s\n", dev_bdf,
			strerror(-ret));
		return 1;
	}
	if (raise_irq(dev, 0x42) ||
	    reg_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &s))
		return 1;
	printf("%s: rearmed status %#" PRIx64 "\n", dev_bdf, s);
	fflush(stdout);
	for (;;)
		pause();
}

static int do_load_loop(struct uirq_dev *dev)
{
	printf("%s: loading\n", dev_bdf);
	fflush(stdout);
	for (;;) {
		if (load(dev, edu_ack_s, "ack") ||
		    load(dev, edu_release_s, "release") ||
		    load(dev, init_raise_s, "init"))
			return 1;
	}
}

static int do_init_conflict(struct uirq_dev *dev)
{
	uint64_t s;
	int ret;

	if (load(dev, claim_all_s, "ack") || load(dev, edu_release_s, "release") ||
	    load(dev, init_raise_s, "init"))
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (reg_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &s))
		return 1;
	printf("%s: init-conflict irq_on %s status %#" PRIx64 "\n", dev_bdf,
	       errname(ret), s);
	return 0;
}

static int do_dirty(struct uirq_dev *dev)
{
	uint64_t cmd, cap, id, flags, lat;
	int ret, hops, msi;

	/* The capability list: pointer at 0x34, entries (id, next). */
	if (reg_read(dev, UIRQ_REGION_CFG, 0x34, 1, &cap))
		return 1;
	for (hops = 0; cap && hops < 48; hops++) {
		if (reg_read(dev, UIRQ_REGION_CFG, cap, 1, &id))
			return 1;
		if (id == 0x05)	/* MSI */
			break;
		if (reg_read(dev, UIRQ_REGION_CFG, cap + 1, 1, &cap))
			return 1;
	}
	if (!cap) {
		fprintf(stderr, "edu_fault: %s: no MSI capability\n", dev_bdf);
		return 1;
	}
	ret = reg_read(dev, UIRQ_REGION_CFG, 4, 2, &cmd) ||
	      reg_read(dev, UIRQ_REGION_CFG, cap + 2, 2, &flags);
	if (ret)
		return 1;
	ret = uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, cmd | 0x4);
	if (!ret)
		ret = uirq_region_write(dev, UIRQ_REGION_CFG, 0x0c, 1, 0x3c);
	msi = uirq_region_write(dev, UIRQ_REGION_CFG, cap + 2, 2, flags | 1);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: config writes: %s\n", dev_bdf,
			strerror(-ret));
		return 1;
	}
	if (reg_read(dev, UIRQ_REGION_CFG, 0x0c, 1, &lat))
		return 1;
	printf("%s: dirty msi_cap %#" PRIx64 " cache_line %#" PRIx64 " msi_write %s\n",
	       dev_bdf, cap, lat, errname(msi));
	fflush(stdout);
	for (;;)
		pause();
}

/* A write that changes the value, put back when it went through. */
static const char *try_write(struct uirq_dev *dev, uint64_t off,
			     unsigned int width, uint64_t xor)
{
	uint64_t v;
	int ret;

	if (reg_read(dev, UIRQ_REGION_CFG, off, width, &v))
		return "read-failed";
	ret = uirq_region_write(dev, UIRQ_REGION_CFG, off, width, v ^ xor);
	if (!ret)
		uirq_region_write(dev, UIRQ_REGION_CFG, off, width, v);
	return errname(ret);
}

static uint64_t find_cap(struct uirq_dev *dev, unsigned int want)
{
	uint64_t cap = 0, id;
	int hops;

	if (reg_read(dev, UIRQ_REGION_CFG, 0x34, 1, &cap))
		return 0;
	for (hops = 0; cap && hops < 48; hops++) {
		if (reg_read(dev, UIRQ_REGION_CFG, cap, 1, &id))
			return 0;
		if (id == want)
			return cap;
		if (reg_read(dev, UIRQ_REGION_CFG, cap + 1, 1, &cap))
			return 0;
	}
	return 0;
}

static int do_policy(struct uirq_dev *dev)
{
	static const char bar_s[] =
		".kind init\n        st32  cfg[0x10], 0\n        ret   quiet\n";
	static const char master_s[] =
		".kind init\n        st16  cfg[0x4], 0x404\n        ret   quiet\n";
	uint64_t msi = find_cap(dev, 0x05), cmd;
	const char *r[11];
	char log[256];
	int ret, pbar;

	if (!msi) {
		fprintf(stderr, "edu_fault: %s: no MSI capability\n", dev_bdf);
		return 1;
	}
	r[0] = try_write(dev, 0x10, 4, 0x10000000);
	r[1] = try_write(dev, 0x30, 4, 0x1);
	r[2] = try_write(dev, 0x04, 2, 0x2);
	r[3] = try_write(dev, 0x3c, 1, 0x1);
	r[4] = try_write(dev, 0x04, 2, 0x4);
	r[5] = try_write(dev, msi + 2, 2, 0x1);
	r[6] = try_write(dev, msi + 4, 4, 0xfee00000);
	r[7] = try_write(dev, msi, 1, 0x1);
	r[8] = try_write(dev, 0x04, 2, 0x400);
	r[9] = try_write(dev, 0x0c, 1, 0x10);
	r[10] = try_write(dev, 0x80, 1, 0x5a);
	pbar = guest_load_src(dev, bar_s, "bar", log, sizeof(log));
	if (pbar != -EINVAL || !strstr(log, "store to cfg 0x10: a BAR is the kernel's"))
		fprintf(stderr, "edu_fault: %s: BAR store program: %d %s\n", dev_bdf,
			pbar, log);
	ret = load(dev, master_s, "init") || load(dev, edu_ack_s, "ack") ||
	      load(dev, edu_release_s, "release");
	if (ret)
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (ret || reg_read(dev, UIRQ_REGION_CFG, 4, 2, &cmd)) {
		fprintf(stderr, "edu_fault: %s: irq on: %s\n", dev_bdf, strerror(-ret));
		return 1;
	}
	uirq_irq_off(dev);
	printf("%s: policy bar0 %s rom %s decode %s line %s master %s msi %s msi_addr %s"
	       " cap_hdr %s intx %s cacheline %s devspec %s prog_bar %s prog_master %d\n",
	       dev_bdf, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
	       r[10], errname(pbar), !!(cmd & 0x4));
	return 0;
}

static int do_hammer(struct uirq_dev *dev)
{
	volatile unsigned long raises = 0;
	volatile uint32_t *bar0;
	struct uirq_event ev;
	struct sigaction sa;
	void *map;
	size_t len;
	int ret;

	if (load(dev, edu_ack_s, "ack") || load(dev, edu_release_s, "release"))
		return 1;
	ret = uirq_irq_on(dev, 0);
	if (!ret)
		ret = uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: irq on/map: %s\n", dev_bdf,
			strerror(-ret));
		return 1;
	}
	bar0 = map;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	printf("%s: hammering\n", dev_bdf);
	fflush(stdout);
	if (!sigsetjmp(bus_jmp, 1)) {
		for (;;) {
			bar0[EDU_IRQ_RAISE / 4] = 1;
			raises++;
			ret = uirq_read_events(dev, &ev, 1);
			if (ret < 0 && ret != -EIO)
				break;
		}
	}
	printf("%s: hammer ended after %lu raises\n", dev_bdf, raises);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "fault", required_argument, NULL, 'f' },
		{ "recover", required_argument, NULL, 'r' },
		{ "flood", required_argument, NULL, 'F' },
		{ "rearm", no_argument, NULL, 'A' },
		{ "load-loop", no_argument, NULL, 'L' },
		{ "init-conflict", no_argument, NULL, 'I' },
		{ "hammer", no_argument, NULL, 'H' },
		{ "dirty", no_argument, NULL, 'D' },
		{ "policy", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int recover = 0, flood = 0;
	const char *fault = NULL;
	struct uirq_dev *dev;
	int c, mode = 0, ret;

	while ((c = getopt_long(argc, argv, "d:", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev_bdf = optarg;
			break;
		case 'f':
			fault = optarg;
			mode = 'f';
			break;
		case 'r':
			recover = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'F':
			flood = (unsigned int)strtoul(optarg, NULL, 0);
			mode = 'F';
			break;
		case 'A': case 'L': case 'I': case 'H': case 'D': case 'P':
			mode = c;
			break;
		default:
			return 2;
		}
	}
	if (!dev_bdf || !mode || optind != argc ||
	    (fault && strcmp(fault, "claim") && strcmp(fault, "decline") &&
	     strcmp(fault, "none"))) {
		fprintf(stderr, "usage: edu_fault --device BDF --fault claim|decline|none [--recover N]\n"
			"       | --flood N | --rearm | --load-loop | --init-conflict | --hammer\n"
			"       | --dirty | --policy\n");
		return 2;
	}
	ret = uirq_open(dev_bdf, &dev);
	if (ret) {
		fprintf(stderr, "edu_fault: %s: open: %s\n", dev_bdf, strerror(-ret));
		return 1;
	}
	switch (mode) {
	case 'f':
		ret = do_fault(dev, fault, recover);
		break;
	case 'F':
		ret = do_flood(dev, flood);
		break;
	case 'A':
		ret = do_rearm(dev);
		break;
	case 'L':
		ret = do_load_loop(dev);
		break;
	case 'I':
		ret = do_init_conflict(dev);
		break;
	case 'D':
		ret = do_dirty(dev);
		break;
	case 'P':
		ret = do_policy(dev);
		break;
	default:
		ret = do_hammer(dev);
		break;
	}
	fflush(stdout);
	uirq_close(dev);
	return ret;
}
