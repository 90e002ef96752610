// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_msi: MSI and MSI-X through uirq.ko (tests/vm/scenarios/msi.sh).
 * Each mode prints "ok   NAME" / "FAIL NAME: why" lines and the harness's
 * "N passed, N failed" line; msi.sh counts the lines.
 *
 *   test_msi edu BDF N      the ABI's checks; edu's MSI vector: N raises,
 *                           N events on vector 0 with the status captured
 *                           by the vector's ack program, N on its eventfd;
 *                           IRQ off; back on INTx: N events
 *   test_msi storm BDF M    guard_max_irqs = M (set by msi.sh): a flood of
 *                           MSIs trips the guard after exactly M + 1
 *                           events; bus mastering is off; nothing more
 *                           arrives; IRQ off and on works again
 *   test_msi noperm BDF     an owner without DMA rights: -EPERM
 *   test_msi hold BDF       MSI on, raising until killed ("ready" first)
 *   test_msi flood BDF N    diagnostics: N raises back to back, then
 *                           "flood raised N hard H handled C events E"
 *   test_msi cfg BDF        print the command register's bus mastering
 *                           and INTx-disable and the MSI / MSI-X enables
 *                           read from sysfs ("master=M intx_disable=I
 *                           msi=E msix=X"), owner or not
 *   test_msi e1000e BDF R   e1000e's 5 MSI-X vectors, R rounds: one ICS
 *                           cause per vector (docs/notes/issue9-research.md
 *                           3.4), exact counts per vector and per eventfd
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "harness.h"
#include "guest.h"

#define PCI_CAP_ID_MSI	0x05
#define PCI_CAP_ID_MSIX	0x11

/* The status edu raised, captured and acknowledged: never declines. */
static const char edu_vec_ack_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        st32  bar0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n";

/* Can decline: a vector's program must not. */
static const char edu_vec_decline_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        st32  bar0[0x64], r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";

static struct uirq_dev *open_dev(const char *bdf)
{
	struct uirq_dev *dev;
	int ret = uirq_open(bdf, &dev);

	TH_EXPECT(!ret, "open %s: %s", bdf, strerror(-ret));
	return ret ? NULL : dev;
}

static int load_src(struct uirq_dev *dev, const char *src, int vector)
{
	struct uirq_program prog;
	char log[512];
	int ret;

	ret = uirq_asm_string(src, "test.s", &prog, log, sizeof(log));
	if (ret)
		return ret;
	if (vector >= 0)
		ret = uirq_load_vector_program(dev, vector, &prog, NULL, log,
					       sizeof(log));
	else
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_NUM_KINDS, NULL,
					log, sizeof(log));
	if (ret)
		fprintf(stderr, "test_msi: load: %s\n", log);
	return ret;
}

/* Config space through sysfs: works whoever owns the device. */
static int cfg_read(const char *bdf, unsigned int off, unsigned int len,
		    uint32_t *val)
{
	char path[128];
	uint8_t b[4] = { 0 };
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = pread(fd, b, len, off);
	close(fd);
	if (n != (ssize_t)len)
		return -EIO;
	*val = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

static unsigned int find_cap(const char *bdf, unsigned int id)
{
	uint32_t pos = 0, v = 0;
	int i;

	if (cfg_read(bdf, 0x34, 1, &pos))
		return 0;
	for (i = 0; pos && i < 48; i++) {
		if (cfg_read(bdf, pos, 2, &v))
			return 0;
		if ((v & 0xff) == id)
			return pos;
		pos = (v >> 8) & 0xfc;
	}
	return 0;
}

struct cfg_state {
	int master, intx_disable, msi, msix;
};

static int cfg_state(const char *bdf, struct cfg_state *st)
{
	unsigned int msi = find_cap(bdf, PCI_CAP_ID_MSI);
	unsigned int msix = find_cap(bdf, PCI_CAP_ID_MSIX);
	uint32_t cmd, v;

	if (cfg_read(bdf, 4, 2, &cmd))
		return -EIO;
	st->master = !!(cmd & 0x4);
	st->intx_disable = !!(cmd & 0x400);
	st->msi = msi && !cfg_read(bdf, msi + 2, 2, &v) ? !!(v & 1) : 0;
	st->msix = msix && !cfg_read(bdf, msix + 2, 2, &v) ? !!(v & 0x8000) : 0;
	return 0;
}

static void expect_cfg(const char *bdf, const char *when, int master,
		       int intx_disable, int msi, int msix)
{
	struct cfg_state st;

	if (cfg_state(bdf, &st)) {
		TH_EXPECT(0, "%s: read config of %s", when, bdf);
		return;
	}
	TH_EXPECT(st.master == master && st.intx_disable == intx_disable &&
		  st.msi == msi && st.msix == msix,
		  "%s: master=%d intx_disable=%d msi=%d msix=%d, want %d %d %d %d",
		  when, st.master, st.intx_disable, st.msi, st.msix, master,
		  intx_disable, msi, msix);
}

static uint64_t efd_count(int efd)
{
	uint64_t n = 0;

	if (read(efd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

/* Raw UIRQ_IRQ_ON, for the checks libuirq would refuse itself. */
static int raw_irq_on(struct uirq_dev *dev, uint32_t argsz, uint32_t flags,
		      uint32_t vectors, uint32_t resv2)
{
	struct uirq_irq_ctl c = {
		.argsz = argsz, .flags = flags,
		.event_size = sizeof(struct uirq_event),
		.vectors = vectors, .resv2 = resv2,
	};

	return ioctl(uirq_fd(dev), UIRQ_IRQ_ON, &c) ? -errno : 0;
}

static void abi_checks(struct uirq_dev *dev)
{
	struct uirq_insn insn = { .op = UIRQ_OP_RET, .imm = UIRQ_RET_HANDLED };
	struct uirq_vector_eventfd ve = { .argsz = sizeof(ve), .fd = -1 };
	struct uirq_vector_prog vp = {
		.argsz = sizeof(vp), .insn_cnt = 1, .insns = (uintptr_t)&insn,
	};
	struct uirq_info info;
	char log[512];
	int fd = uirq_fd(dev);

	th_case_begin("abi");
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI | UIRQ_IRQ_MSIX, 1, 0),
		     -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI, 0, 0), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI, 2, 0), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI, UIRQ_MAX_VECTORS + 1, 0),
		     -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI, 1, 1), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI | UIRQ_IRQ_EXCLUSIVE, 1, 0),
		     -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, 1u << 4, 0, 0), -EINVAL);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, 1u << 31, 0, 0), -EINVAL);
	/* INTx takes no vectors. */
	TH_EXPECT_EQ(raw_irq_on(dev, 24, 0, 1, 0), -EINVAL);
	/* An API 3 caller's 16 bytes cannot ask for MSI: vectors reads 0. */
	TH_EXPECT_EQ(raw_irq_on(dev, 16, UIRQ_IRQ_MSI, 1, 0), -EINVAL);
	/* edu has no MSI-X. */
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSIX, 1, 0), -ENODEV);

	TH_EXPECT_EQ(ioctl(fd, UIRQ_SET_VECTOR_EVENTFD, &ve) ? -errno : 0, 0);
	ve.argsz = 12;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_SET_VECTOR_EVENTFD, &ve) ? -errno : 0,
		     -EINVAL);
	ve.argsz = sizeof(ve);
	ve.flags = 1;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_SET_VECTOR_EVENTFD, &ve) ? -errno : 0,
		     -EINVAL);
	ve.flags = 0;
	ve.vector = UIRQ_MAX_VECTORS;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_SET_VECTOR_EVENTFD, &ve) ? -errno : 0,
		     -EINVAL);
	ve.vector = 0;
	ve.fd = 0;	/* stdin: not an eventfd */
	TH_EXPECT_EQ(ioctl(fd, UIRQ_SET_VECTOR_EVENTFD, &ve) ? -errno : 0,
		     -EBADF);

	vp.flags = 1;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_LOAD_VECTOR_PROG, &vp) ? -errno : 0, -EINVAL);
	vp.flags = 0;
	vp.argsz = 8;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_LOAD_VECTOR_PROG, &vp) ? -errno : 0, -EINVAL);
	vp.argsz = sizeof(vp);
	vp.vector = UIRQ_MAX_VECTORS;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_LOAD_VECTOR_PROG, &vp) ? -errno : 0, -EINVAL);
	vp.vector = 0;
	vp.insn_cnt = 0;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_LOAD_VECTOR_PROG, &vp) ? -errno : 0, -EINVAL);

	/* A program that can decline: refused, and the log says why. */
	{
		struct uirq_program prog;

		TH_EXPECT_EQ(uirq_asm_string(edu_vec_decline_s, "d.s", &prog,
					     log, sizeof(log)), 0);
		TH_EXPECT_EQ(uirq_load_vector_program(dev, 0, &prog, NULL, log,
						      sizeof(log)), -EINVAL);
		TH_EXPECT_CONTAINS(log, "must not decline");
	}

	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT_EQ(info.api_version, 4);
	TH_EXPECT_EQ(info.msi_max, 1);
	TH_EXPECT_EQ(info.msix_max, 0);
	TH_EXPECT_EQ(info.vectors, 0);
	TH_EXPECT(info.flags & UIRQ_INFO_MSI, "MSI capability: 0x%x", info.flags);
	TH_EXPECT(info.flags & UIRQ_INFO_MSI_DMA, "root may: 0x%x", info.flags);
	TH_EXPECT(!(info.flags & (UIRQ_INFO_MSI_ON | UIRQ_INFO_MSIX_ON |
				  UIRQ_INFO_IRQ_ON)), "off: 0x%x", info.flags);
	th_case_end();
}

/* Wait for one event; Return: 0 or -errno. */
static int wait_one(struct uirq_dev *dev, struct uirq_event *ev)
{
	return uirq_wait(dev, ev, 2000);
}

static int mode_edu(const char *bdf, unsigned int n)
{
	struct uirq_event ev;
	struct uirq_info info;
	struct uirq_stats st;
	volatile uint32_t *bar0;
	struct uirq_dev *dev;
	unsigned int i, got = 0, bad_vec = 0, bad_cap = 0;
	size_t len;
	void *map;
	int efd, ret;

	dev = open_dev(bdf);
	if (!dev)
		return th_summary();
	abi_checks(dev);

	th_case_begin("msi on");
	TH_EXPECT_EQ(uirq_map_region(dev, 0, &map, &len), 0);
	bar0 = map;
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	TH_EXPECT_EQ(load_src(dev, edu_release_s, -1), 0);
	TH_EXPECT_EQ(load_src(dev, edu_vec_ack_s, 0), 0);
	TH_EXPECT_EQ(uirq_set_vector_eventfd(dev, 0, efd), 0);
	expect_cfg(bdf, "before MSI", 0, 1, 0, 0);
	ret = uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1);
	TH_EXPECT(!ret, "MSI on: %s", uirq_irq_on_strerror(ret));
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_MSI_ON && info.flags & UIRQ_INFO_IRQ_ON &&
		  !(info.flags & UIRQ_INFO_MSIX_ON), "info flags 0x%x", info.flags);
	TH_EXPECT_EQ(info.vectors, 1);
	TH_EXPECT(info.flags & UIRQ_INFO_UNMASK_NOOP, "no enable program: unmask is a no-op");
	expect_cfg(bdf, "MSI on", 1, 1, 1, 0);
	TH_EXPECT_EQ(raw_irq_on(dev, 24, UIRQ_IRQ_MSI, 1, 0), -EBUSY);
	{
		struct uirq_insn insn = { .op = UIRQ_OP_RET, .imm = UIRQ_RET_HANDLED };
		char log[128];

		TH_EXPECT_EQ(uirq_load_vector(dev, 0, &insn, 1, NULL, log,
					      sizeof(log)), -EBUSY);
	}
	th_case_end();

	th_case_begin("msi events");
	for (i = 0; bar0 && i < n; i++) {
		uint32_t v = (i % 0xff) + 1;

		bar0[EDU_IRQ_RAISE / 4] = v;
		if (wait_one(dev, &ev))
			break;
		got++;
		bad_vec += ev.vector != 0;
		bad_cap += ev.cap[0] != v || !(ev.cap_mask & 1);
		TH_EXPECT_EQ(uirq_unmask(dev), 0);
	}
	TH_EXPECT_EQ(got, n);
	TH_EXPECT_EQ(bad_vec, 0);
	TH_EXPECT_EQ(bad_cap, 0);
	usleep(100000);
	TH_EXPECT_EQ(uirq_read_events(dev, &ev, 1), 0);
	TH_EXPECT_EQ(efd_count(efd), n);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.handled, n);
	TH_EXPECT_EQ(st.events, n);
	TH_EXPECT_EQ(st.declined, 0);
	printf("%s: msi raised %u events %u\n", bdf, n, got);
	th_case_end();

	th_case_begin("msi off, back to INTx");
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(!(info.flags & (UIRQ_INFO_MSI_ON | UIRQ_INFO_IRQ_ON)),
		  "info flags 0x%x", info.flags);
	TH_EXPECT_EQ(info.vectors, 0);
	expect_cfg(bdf, "MSI off", 0, 1, 0, 0);
	TH_EXPECT_EQ(load_src(dev, edu_ack_s, -1), 0);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
	expect_cfg(bdf, "INTx on", 0, 0, 0, 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, UIRQ_STATS_RESET), 0);
	for (got = 0, bad_vec = 0, i = 0; bar0 && i < n; i++) {
		if (guest_raise_acked(bar0, 0x100))
			break;
		if (wait_one(dev, &ev))
			break;
		got++;
		bad_vec += ev.vector != 0 || ev.cap[0] != 0x100;
	}
	TH_EXPECT_EQ(got, n);
	TH_EXPECT_EQ(bad_vec, 0);
	TH_EXPECT_EQ(efd_count(efd), 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.events, n);
	printf("%s: intx raised %u events %u\n", bdf, n, got);
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	th_case_end();

	uirq_close(dev);
	close(efd);
	expect_cfg(bdf, "closed", 0, 1, 0, 0);
	return th_summary();
}

static int mode_storm(const char *bdf, unsigned int max)
{
	struct uirq_event ev[64];
	struct uirq_stats st;
	volatile uint32_t *bar0;
	struct uirq_dev *dev;
	unsigned int i, events = 0, vec_bad = 0;
	int ret, faultrec = 0, eio = 0;
	size_t len;
	void *map;

	dev = open_dev(bdf);
	if (!dev)
		return th_summary();
	th_case_begin("storm");
	TH_EXPECT_EQ(uirq_map_region(dev, 0, &map, &len), 0);
	bar0 = map;
	TH_EXPECT_EQ(load_src(dev, edu_release_s, -1), 0);
	TH_EXPECT_EQ(load_src(dev, edu_vec_ack_s, 0), 0);
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1), 0);
	/* Far more than the limit, as fast as possible. */
	for (i = 0; bar0 && i < 20 * max + 200; i++)
		bar0[EDU_IRQ_RAISE / 4] = 1;
	usleep(200000);
	/* read() itself: libuirq turns the fault record into -EIO. */
	for (;;) {
		struct pollfd pfd = { .fd = uirq_fd(dev), .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		n = read(uirq_fd(dev), ev, sizeof(ev));
		if (n <= 0) {
			ret = n ? -errno : -ENODATA;
			break;
		}
		ret = n / sizeof(ev[0]);
		for (i = 0; i < (unsigned int)ret; i++) {
			if (ev[i].flags & UIRQ_EVENT_FAULT) {
				faultrec++;
				vec_bad += ev[i].vector != 0 ||
					   ev[i].fault != UIRQ_FAULT_CLAIM_RATE;
			} else {
				events++;
				vec_bad += ev[i].vector != 0;
			}
		}
	}
	eio = ret == -EIO;
	TH_EXPECT_EQ(events, max + 1);
	TH_EXPECT_EQ(faultrec, 1);
	TH_EXPECT_EQ(vec_bad, 0);
	TH_EXPECT(eio, "then -EIO, got %d", ret);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.fault, UIRQ_FAULT_CLAIM_RATE);
	TH_EXPECT_EQ(st.faults, 1);
	TH_EXPECT_EQ(st.handled, max + 1);
	expect_cfg(bdf, "tripped", 0, 1, 1, 0);
	/* Bus mastering is off: raising sends nothing any more. */
	for (i = 0; bar0 && i < 100; i++)
		bar0[EDU_IRQ_RAISE / 4] = 1;
	usleep(100000);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), 0);
	TH_EXPECT_EQ(st.handled, max + 1);
	/* Even the owner cannot turn it back on while tripped. */
	{
		uint64_t cmd = 0;

		TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_CFG, 4, 2, &cmd), 0);
		TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2,
					       cmd | 0x4), 0);
		expect_cfg(bdf, "master written while tripped", 0, 1, 1, 0);
	}
	printf("%s: storm events %u fault records %d\n", bdf, events, faultrec);
	th_case_end();

	th_case_begin("after the storm");
	bar0[EDU_IRQ_ACK / 4] = ~0u;
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	expect_cfg(bdf, "off after the trip", 0, 1, 0, 0);
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1), 0);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, UIRQ_STATS_RESET), 0);
	for (events = 0, i = 0; bar0 && i < 5; i++) {
		bar0[EDU_IRQ_RAISE / 4] = 2;
		if (wait_one(dev, ev))
			break;
		events += !(ev[0].flags & UIRQ_EVENT_FAULT) && ev[0].cap[0] == 2;
	}
	TH_EXPECT_EQ(events, 5);
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	th_case_end();
	uirq_close(dev);
	return th_summary();
}

static int mode_noperm(const char *bdf)
{
	struct uirq_info info;
	struct uirq_dev *dev;
	int ret;

	dev = open_dev(bdf);
	if (!dev)
		return th_summary();
	th_case_begin("noperm");
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_MSI, "MSI capability: 0x%x", info.flags);
	TH_EXPECT(!(info.flags & UIRQ_INFO_MSI_DMA), "not allowed DMA: 0x%x",
		  info.flags);
	TH_EXPECT_EQ(load_src(dev, edu_release_s, -1), 0);
	ret = uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1);
	TH_EXPECT_EQ(ret, -EPERM);
	printf("%s: msi without DMA rights: %s\n", bdf, uirq_irq_on_strerror(ret));
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(!(info.flags & (UIRQ_INFO_MSI_ON | UIRQ_INFO_IRQ_ON)),
		  "still off: 0x%x", info.flags);
	th_case_end();
	uirq_close(dev);
	return th_summary();
}

static int mode_hold(const char *bdf)
{
	volatile uint32_t *bar0;
	struct uirq_event ev[16];
	struct uirq_dev *dev;
	size_t len;
	void *map;

	if (uirq_open(bdf, &dev) || uirq_map_region(dev, 0, &map, &len) ||
	    load_src(dev, edu_release_s, -1) || load_src(dev, edu_vec_ack_s, 0) ||
	    uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1)) {
		fprintf(stderr, "test_msi hold: setup failed\n");
		return 1;
	}
	bar0 = map;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		bar0[EDU_IRQ_RAISE / 4] = 1;
		uirq_read_events(dev, ev, 16);
	}
}

/* The vector's count in /proc/interrupts (hard interrupts), or -1. */
static long proc_count(const char *bdf)
{
	char line[512], name[64];
	long n = -1;
	FILE *f = fopen("/proc/interrupts", "re");

	snprintf(name, sizeof(name), "uirq:%s:msi0", bdf);
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, name))
			sscanf(strchr(line, ':') + 1, "%ld", &n);
	if (f)
		fclose(f);
	return n;
}

/*
 * Diagnostics, no checks: N raises back to back, then how many hard
 * interrupts the vector took and how many handler runs made events.
 */
static int mode_flood(const char *bdf, unsigned int n)
{
	volatile uint32_t *bar0;
	struct uirq_stats st;
	struct uirq_dev *dev;
	long before, after;
	unsigned int i;
	size_t len;
	void *map;

	if (uirq_open(bdf, &dev) || uirq_map_region(dev, 0, &map, &len) ||
	    load_src(dev, edu_release_s, -1) || load_src(dev, edu_vec_ack_s, 0) ||
	    uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1))
		return 1;
	bar0 = map;
	before = proc_count(bdf);
	for (i = 0; i < n; i++)
		bar0[EDU_IRQ_RAISE / 4] = 1;
	usleep(200000);
	after = proc_count(bdf);
	uirq_get_stats(dev, &st, 0);
	printf("%s: flood raised %u hard %ld handled %" PRIu64 " events %" PRIu64 "\n",
	       bdf, n, after - before, (uint64_t)st.handled, (uint64_t)st.events);
	uirq_close(dev);
	return 0;
}

static int mode_cfg(const char *bdf)
{
	struct cfg_state st;

	if (cfg_state(bdf, &st))
		return 1;
	printf("master=%d intx_disable=%d msi=%d msix=%d\n", st.master,
	       st.intx_disable, st.msi, st.msix);
	return 0;
}

/* e1000e (docs/notes/issue9-research.md 3.4), BAR0 registers. */
#define E_CTRL_EXT	0x18
#define E_ICR		0xc0
#define E_ICS		0xc8
#define E_IMS		0xd0
#define E_IMC		0xd8
#define E_EIAC		0xdc
#define E_IVAR		0xe4
#define E_NVEC		5

static const uint32_t e_cause[E_NVEC] = {
	0x00100000, 0x00200000, 0x00400000, 0x00800000, 0x01000000,
};

static int mode_e1000e(const char *bdf, unsigned int rounds)
{
	unsigned int got[E_NVEC] = { 0 }, wrong = 0, missing = 0, r, v;
	volatile uint32_t *bar0;
	struct uirq_event ev;
	struct uirq_info info;
	struct uirq_dev *dev;
	int efd[E_NVEC], ret;
	char src[256];
	size_t len;
	void *map;

	dev = open_dev(bdf);
	if (!dev)
		return th_summary();
	th_case_begin("msix on");
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT_EQ(info.msix_max, E_NVEC);
	TH_EXPECT(info.flags & UIRQ_INFO_MSIX, "MSI-X capability: 0x%x",
		  info.flags);
	TH_EXPECT_EQ(uirq_map_region(dev, 0, &map, &len), 0);
	bar0 = map;
	TH_EXPECT_EQ(load_src(dev, ".kind release\n"
			      "        st32  bar0[0xd8], 0xffffffff\n"
			      "        ret   quiet\n", -1), 0);
	/* Each vector's program re-arms its cause (EIAC auto-masked it). */
	for (v = 0; v < E_NVEC; v++) {
		snprintf(src, sizeof(src),
			 ".kind ack\n"
			 "        st32  bar0[0xd0], 0x%x\n"
			 "        ret   handled\n", e_cause[v]);
		TH_EXPECT_EQ(load_src(dev, src, v), 0);
		efd[v] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		TH_EXPECT_EQ(uirq_set_vector_eventfd(dev, v, efd[v]), 0);
	}
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSIX, E_NVEC + 1), -EINVAL);
	ret = uirq_irq_on_vectors(dev, UIRQ_IRQ_MSIX, E_NVEC);
	TH_EXPECT(!ret, "MSI-X on: %s", uirq_irq_on_strerror(ret));
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_MSIX_ON, "info flags 0x%x", info.flags);
	TH_EXPECT_EQ(info.vectors, E_NVEC);
	expect_cfg(bdf, "MSI-X on", 1, 1, 0, 1);
	th_case_end();
	if (!bar0 || ret)
		return th_summary();

	th_case_begin("msix events");
	bar0[E_IMC / 4] = ~0u;
	bar0[E_CTRL_EXT / 4] &= ~(0x08000000u | 0x01000000u | 0x80000000u |
				  0x20000000u);
	bar0[E_IVAR / 4] = 0x000CBA98;
	bar0[E_EIAC / 4] = 0x01F00000;
	bar0[E_ICR / 4] = ~0u;
	usleep(2000);
	/* Leftovers (link-up and the like) would fire at IMS: drain them. */
	while (uirq_wait(dev, &ev, 50) == 0)
		;
	bar0[E_IMS / 4] = 0x01F00000;
	usleep(2000);
	while (uirq_wait(dev, &ev, 50) == 0)
		fprintf(stderr, "test_msi: stray event on vector %u at setup\n",
			ev.vector);
	for (v = 0; v < E_NVEC; v++)
		efd_count(efd[v]);
	for (r = 0; r < rounds; r++) {
		for (v = 0; v < E_NVEC; v++) {
			bar0[E_ICS / 4] = e_cause[v];
			if (uirq_wait(dev, &ev, 2000)) {
				missing++;
				continue;
			}
			if (ev.vector < E_NVEC)
				got[ev.vector]++;
			wrong += ev.vector != v;
		}
		/* >= 1 ms between messages on a vector: EITR's 128 us floor. */
		usleep(2000);
	}
	usleep(50000);
	while (uirq_wait(dev, &ev, 50) == 0) {
		wrong++;
		if (ev.vector < E_NVEC)
			got[ev.vector]++;
	}
	for (v = 0; v < E_NVEC; v++) {
		uint64_t n = efd_count(efd[v]);

		TH_EXPECT(got[v] == rounds && n == rounds,
			  "vector %u: %u events, eventfd %" PRIu64 ", want %u",
			  v, got[v], n, rounds);
		printf("%s: msix vector %u triggers %u events %u eventfd %" PRIu64 "\n",
		       bdf, v, rounds, got[v], n);
	}
	TH_EXPECT_EQ(missing, 0);
	TH_EXPECT_EQ(wrong, 0);
	th_case_end();

	th_case_begin("msix off");
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	TH_EXPECT_EQ(uirq_get_info(dev, &info), 0);
	TH_EXPECT(!(info.flags & (UIRQ_INFO_MSIX_ON | UIRQ_INFO_IRQ_ON)),
		  "info flags 0x%x", info.flags);
	expect_cfg(bdf, "MSI-X off", 0, 1, 0, 0);
	th_case_end();
	uirq_close(dev);
	for (v = 0; v < E_NVEC; v++)
		close(efd[v]);
	return th_summary();
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "edu"))
		return mode_edu(argv[2], argc > 3 ? atoi(argv[3]) : 1000);
	if (argc >= 4 && !strcmp(argv[1], "storm"))
		return mode_storm(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "noperm"))
		return mode_noperm(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "hold"))
		return mode_hold(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "flood"))
		return mode_flood(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "cfg"))
		return mode_cfg(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "e1000e"))
		return mode_e1000e(argv[2], argc > 3 ? atoi(argv[3]) : 100);
	fprintf(stderr, "usage: test_msi edu|storm|noperm|hold|cfg|e1000e BDF [N]\n");
	return 2;
}
