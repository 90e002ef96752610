// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * test_reject A B: what uirq.ko refuses, on two edu devices bound to uirq
 * that share one INTx line (nothing else may hold that line meanwhile).
 *
 * Programs the kernel's verifier rejects (with "insn N: why" and the
 * index), a line that cannot be shared, a second open, malformed ioctl
 * arguments, and the INTx-masking fallback that lets a device without a
 * release program onto a shared line. Every refusal must leave the device
 * usable: each case ends by checking that a good program still loads.
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
#include <sys/mman.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <libuirq.h>
#include "guest.h"
#include "harness.h"

#define EDU_BAR0_SIZE	0x100000	/* QEMU's edu: 1 MiB */

static const char *bdf_a, *bdf_b;

/* Claims every interrupt: it cannot tell its device's from the others'. */
static const char greedy_ack_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        st32  bar0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n";

static struct uirq_dev *open_dev(const char *bdf)
{
	struct uirq_dev *dev = NULL;
	int ret = uirq_open(bdf, &dev);

	TH_EXPECT(ret == 0, "open %s: %s", bdf, strerror(-ret));
	return ret ? NULL : dev;
}

/* Some loads must fail: the callers check the result. */
static int load_src(struct uirq_dev *dev, const char *src)
{
	char log[256];

	return guest_load_src(dev, src, "test", log, sizeof(log));
}

static int xioctl(struct uirq_dev *dev, unsigned long cmd, void *arg)
{
	return ioctl(uirq_fd(dev), cmd, arg) ? -errno : 0;
}

static uint64_t rd(struct uirq_dev *dev, unsigned int region, uint64_t off,
		   unsigned int width)
{
	uint64_t v = ~0ull;
	int ret = uirq_region_read(dev, region, off, width, &v);

	TH_EXPECT(ret == 0, "read region %u off %#" PRIx64 ": %s", region, off,
		  strerror(-ret));
	return v;
}

static void wr(struct uirq_dev *dev, unsigned int region, uint64_t off,
	       unsigned int width, uint64_t v)
{
	int ret = uirq_region_write(dev, region, off, width, v);

	TH_EXPECT(ret == 0, "write region %u off %#" PRIx64 ": %s", region, off,
		  strerror(-ret));
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* One instruction, every field spelled out (unused ones zero). */
#define I(op_, dst_, src_, mode_, region_, jump_, off_, imm_)		\
	{ .op = (op_), .dst = (dst_), .src = (src_), .mode = (mode_),	\
	  .region = (region_), .jump = (jump_), .off = (off_), .imm = (imm_) }

#define RET(v)	I(UIRQ_OP_RET, 0, 0, 0, 0, 0, 0, (v))

struct bad_prog {
	const char *name;
	uint32_t kind;
	unsigned int n;
	struct uirq_insn insns[3];
	int err_insn;
	const char *log;	/* expected in the log after "insn N: " */
};

/* Load @n raw instructions; returns -errno, fills @log and *@err_insn. */
static int load_raw(struct uirq_dev *dev, uint32_t kind,
		    const struct uirq_insn *insns, unsigned int n, char *log,
		    size_t loglen, int *err_insn)
{
	struct uirq_load_prog lp;
	int ret;

	memset(&lp, 0, sizeof(lp));
	lp.argsz = sizeof(lp);
	lp.kind = kind;
	lp.insn_cnt = n;
	lp.insns = (uintptr_t)insns;
	lp.log_buf = (uintptr_t)log;
	lp.log_size = (uint32_t)loglen;
	lp.err_insn = 12345;
	log[0] = '\0';
	ret = xioctl(dev, UIRQ_LOAD_PROG, &lp);
	*err_insn = lp.err_insn;
	return ret;
}

/* The kernel's verifier, against the device's real regions. */
static void test_verifier_rejects(void)
{
	static const struct bad_prog cases[] = {
		{ "offset beyond the real BAR0 size", UIRQ_PROG_ACK, 2,
		  { I(UIRQ_OP_LD32, 0, 0, 0, UIRQ_REGION_BAR0, 0, EDU_BAR0_SIZE, 0),
		    RET(UIRQ_RET_NONE) }, 0, "beyond bar0 size 0x100000" },
		{ "absent BAR1", UIRQ_PROG_ACK, 2,
		  { I(UIRQ_OP_LD32, 0, 0, 0, UIRQ_REGION_BAR1, 0, 0, 0),
		    RET(UIRQ_RET_NONE) }, 0, "region bar1 is absent" },
		{ "ROM region", UIRQ_PROG_ACK, 2,
		  { I(UIRQ_OP_LD8, 0, 0, 0, UIRQ_REGION_ROM, 0, 0, 0),
		    RET(UIRQ_RET_NONE) }, 0, "never accessible" },
		{ "backward jump", UIRQ_PROG_ACK, 3,
		  { I(UIRQ_OP_MOV, 0, 0, 0, 0, 0, 0, 1),
		    I(UIRQ_OP_JA, 0, 0, 0, 0, -2, 0, 0),
		    RET(UIRQ_RET_NONE) }, 1, "backward jump" },
		{ "falls off the end", UIRQ_PROG_ACK, 1,
		  { I(UIRQ_OP_MOV, 0, 0, 0, 0, 0, 0, 1) }, 0, "falls off the end" },
		{ "all-zero instruction", UIRQ_PROG_ACK, 2,
		  { RET(UIRQ_RET_NONE), I(0, 0, 0, 0, 0, 0, 0, 0) }, 1,
		  "unknown opcode 0x0" },
		{ "cap in a release program", UIRQ_PROG_RELEASE, 2,
		  { I(UIRQ_OP_CAP, 0, 0, UIRQ_MODE_REG, 0, 0, 0, 0),
		    RET(UIRQ_RET_QUIET) }, 0, "ack programs only" },
		{ "misaligned MMIO access", UIRQ_PROG_ACK, 2,
		  { I(UIRQ_OP_LD32, 0, 0, 0, UIRQ_REGION_BAR0, 0, 0x22, 0),
		    RET(UIRQ_RET_NONE) }, 0, "misaligned" },
	};
	struct uirq_dev *dev = open_dev(bdf_a);
	char log[256], want[64];
	unsigned int i;
	int ret, ei;

	if (!dev)
		return;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_prog *c = &cases[i];

		ret = load_raw(dev, c->kind, c->insns, c->n, log, sizeof(log), &ei);
		TH_EXPECT(ret == -EINVAL, "%s: load returned %d", c->name, ret);
		TH_EXPECT(ei == c->err_insn, "%s: err_insn %d, want %d", c->name,
			  ei, c->err_insn);
		snprintf(want, sizeof(want), "insn %d: ", c->err_insn);
		TH_EXPECT(strncmp(log, want, strlen(want)) == 0,
			  "%s: log \"%s\" does not start with \"%s\"", c->name,
			  log, want);
		TH_EXPECT(strstr(log, c->log) != NULL,
			  "%s: log \"%s\" lacks \"%s\"", c->name, log, c->log);
		printf("  rejected %-34s %s\n", c->name, log);
	}
	/* The last byte of the real BAR0 is fine: the size really is 1 MiB. */
	{
		struct uirq_insn ok[2] = {
			I(UIRQ_OP_LD32, 0, 0, 0, UIRQ_REGION_BAR0, 0, EDU_BAR0_SIZE - 4, 0),
			RET(UIRQ_RET_NONE) };

		ret = load_raw(dev, UIRQ_PROG_ACK, ok, 2, log, sizeof(log), &ei);
		TH_EXPECT(ret == 0, "last word of BAR0: %d %s", ret, log);
	}
	/* Counts outside 1..64: the whole program, err_insn -1. */
	ret = load_raw(dev, UIRQ_PROG_ACK, cases[0].insns, 0, log, sizeof(log), &ei);
	TH_EXPECT(ret == -EINVAL && ei == -1, "0 insns: %d, err_insn %d", ret, ei);
	ret = load_raw(dev, UIRQ_PROG_ACK, cases[0].insns, UIRQ_MAX_INSNS + 1, log,
		       sizeof(log), &ei);
	TH_EXPECT(ret == -EINVAL && ei == -1, "65 insns: %d, err_insn %d", ret, ei);
	TH_EXPECT_CONTAINS(log, "must be 1..64");
	/* A good program still loads after all that. */
	TH_EXPECT(load_src(dev, edu_ack_s) == 0, "good ack program after rejections");
	uirq_close(dev);
}

/* One owner per device: a second open is refused while the first lives. */
static void test_second_open(void)
{
	struct uirq_dev *dev = open_dev(bdf_a), *dev2 = NULL;
	char path[64];
	int fd;

	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_open(bdf_a, &dev2), (uint64_t)-EBUSY);
	TH_EXPECT(dev2 == NULL, "handle on failure");
	snprintf(path, sizeof(path), "/dev/uirq/%s", bdf_a);
	fd = open(path, O_RDWR);
	TH_EXPECT(fd < 0 && errno == EBUSY, "raw open: fd %d errno %d", fd, errno);
	if (fd >= 0)
		close(fd);
	uirq_close(dev);
	/* and the device is free again after close */
	dev = open_dev(bdf_a);
	uirq_close(dev);
}

/*
 * O_RDONLY is an observer: it may ask (info, region info, stats) but not
 * act (-EBADF), not read events or registers, not map; and it does not
 * hold the one-owner slot, nor lose anything for the owner.
 */
static void test_observer(void)
{
	struct uirq_region_info ri = { .argsz = sizeof(ri) };
	struct uirq_insn ret_q = RET(UIRQ_RET_QUIET);
	struct uirq_stats st = { .argsz = sizeof(st) };
	struct uirq_info info = { .argsz = sizeof(info) };
	struct uirq_irq_ctl ctl = { .argsz = sizeof(ctl) };
	struct uirq_load_prog lp;
	struct uirq_wait wt;
	struct uirq_dev *owner;
	struct pollfd pfd;
	char path[64], b[96];
	void *map;
	int fd;

	snprintf(path, sizeof(path), "/dev/uirq/%s", bdf_a);
	fd = open(path, O_RDONLY);
	TH_EXPECT(fd >= 0, "O_RDONLY open: errno %d", errno);
	if (fd < 0)
		return;
	owner = open_dev(bdf_a);	/* not kept out by the observer */
	TH_EXPECT_EQ(ioctl(fd, UIRQ_GET_INFO, &info) ? -errno : 0, 0);
	TH_EXPECT_EQ(info.vendor, 0x1234);
	TH_EXPECT_EQ(ioctl(fd, UIRQ_GET_REGION_INFO, &ri) ? -errno : 0, 0);
	TH_EXPECT_EQ(ioctl(fd, UIRQ_GET_STATS, &st) ? -errno : 0, 0);
	st.flags = UIRQ_STATS_RESET;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_GET_STATS, &st) ? -errno : 0, -EBADF);
	memset(&lp, 0, sizeof(lp));
	lp.argsz = sizeof(lp);
	lp.kind = UIRQ_PROG_RELEASE;
	lp.insn_cnt = 1;
	lp.insns = (uintptr_t)&ret_q;
	TH_EXPECT_EQ(ioctl(fd, UIRQ_LOAD_PROG, &lp) ? -errno : 0, -EBADF);
	TH_EXPECT_EQ(ioctl(fd, UIRQ_IRQ_ON, &ctl) ? -errno : 0, -EBADF);
	TH_EXPECT_EQ(ioctl(fd, UIRQ_UNMASK, &ctl) ? -errno : 0, -EBADF);
	memset(&wt, 0, sizeof(wt));
	wt.argsz = sizeof(wt);
	TH_EXPECT_EQ(ioctl(fd, UIRQ_WAIT, &wt) ? -errno : 0, -EBADF);
	TH_EXPECT_EQ(ioctl(fd, 0xdead, &ctl) ? -errno : 0, -ENOTTY);
	TH_EXPECT_EQ(read(fd, b, sizeof(b)) < 0 ? -errno : 0, -EBADF);
	TH_EXPECT_EQ(pread(fd, b, 4, (off_t)UIRQ_REGION_OFFSET(UIRQ_REGION_CFG)) < 0 ?
		     -errno : 0, -EBADF);
	TH_EXPECT_EQ(write(fd, "\1\0\0\0", 4) < 0 ? -errno : 0, -EBADF);
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd,
		   (off_t)UIRQ_REGION_OFFSET(UIRQ_REGION_BAR0));
	TH_EXPECT(map == MAP_FAILED && errno == EACCES, "observer mmap: %p errno %d",
		  map, errno);
	map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)UIRQ_RING_OFFSET);
	TH_EXPECT(map == MAP_FAILED && errno == EACCES, "observer ring mmap: %p errno %d",
		  map, errno);
	pfd.fd = fd;
	pfd.events = POLLIN;
	TH_EXPECT_EQ(poll(&pfd, 1, 0), 1);
	TH_EXPECT_EQ(pfd.revents, POLLERR);
	/* No SIGIO for the owner's events either. */
	TH_EXPECT_EQ(fcntl(fd, F_SETFL, O_ASYNC) ? -errno : 0, -EBADF);
	close(fd);
	/* The owner's file still works after the observer went. */
	if (owner) {
		TH_EXPECT_EQ(uirq_get_info(owner, &info), 0);
		uirq_close(owner);
	}
}

/*
 * The config-space policy, as root (who may turn bus mastering on):
 * pwrite of what is the kernel's is -EPERM and writes nothing; what a
 * driver needs works; a program store to a protected register is
 * rejected by the verifier, and one that reaches a writable bit changes
 * only the writable bits.
 */
static void test_cfg_policy(void)
{
	static const char bar_store_s[] =
		".kind init\n"
		"        st32  cfg[0x10], 0\n"
		"        ret   quiet\n";
	static const char cmd_store_s[] =
		".kind init\n"
		"        st16  cfg[0x4], 0x404\n"
		"        ret   quiet\n";
	struct uirq_dev *dev = open_dev(bdf_a);
	uint64_t bar0, cmd, line;
	char log[256];
	int ret;

	if (!dev)
		return;
	bar0 = rd(dev, UIRQ_REGION_CFG, 0x10, 4);
	cmd = rd(dev, UIRQ_REGION_CFG, 4, 2);
	line = rd(dev, UIRQ_REGION_CFG, 0x3c, 1);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 0x10, 4, 0xfebf0000), -EPERM);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 0x30, 4, 0xfeb00001), -EPERM);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, cmd & ~0x2ull), -EPERM);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 0x3c, 1, line ^ 1), -EPERM);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 0x0f, 1, 0x40), -EPERM);
	TH_EXPECT_EQ(rd(dev, UIRQ_REGION_CFG, 0x10, 4), bar0);
	TH_EXPECT_EQ(rd(dev, UIRQ_REGION_CFG, 4, 2), cmd);
	/* Writing back what is there changes nothing: allowed. */
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 0x10, 4, bar0), 0);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, cmd | 0x400), 0);
	TH_EXPECT_EQ(rd(dev, UIRQ_REGION_CFG, 4, 2), cmd | 0x400);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, cmd | 0x4), 0);
	TH_EXPECT_EQ(rd(dev, UIRQ_REGION_CFG, 4, 2), cmd | 0x4);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, cmd), 0);

	ret = guest_load_src(dev, bar_store_s, "bar", log, sizeof(log));
	TH_EXPECT(ret == -EINVAL && strstr(log, "insn 0: store to cfg 0x10: a BAR is the kernel's"),
		  "BAR store: %d '%s'", ret, log);
	TH_EXPECT_EQ(guest_load_src(dev, cmd_store_s, "cmd", log, sizeof(log)), 0);
	TH_EXPECT_EQ(load_src(dev, edu_ack_s), 0);
	TH_EXPECT_EQ(load_src(dev, edu_release_s), 0);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
	/* 0x404: INTx-disable and, for root, bus mastering; decode kept. */
	TH_EXPECT_EQ(rd(dev, UIRQ_REGION_CFG, 4, 2), (cmd & ~0x400ull) | 0x404);
	TH_EXPECT_EQ(uirq_irq_off(dev), 0);
	uirq_close(dev);
}

/* Malformed arguments: errno, never an oops (the harness checks dmesg). */
static void test_bad_ioctls(void)
{
	struct uirq_dev *dev = open_dev(bdf_a);
	struct uirq_info info;
	struct uirq_region_info ri;
	struct uirq_load_prog lp;
	struct uirq_irq_ctl ctl;
	struct uirq_stats st;
	struct uirq_eventfd efd;
	struct uirq_insn good[1] = { RET(UIRQ_RET_NONE) };
	int ret;

	if (!dev)
		return;
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_INFO, &info), 0);
	info.argsz = 4;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_INFO, &info), (uint64_t)-EINVAL);
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	info.flags = 1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_INFO, &info), (uint64_t)-EINVAL);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_INFO, NULL), (uint64_t)-EFAULT);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_INFO, (void *)16), (uint64_t)-EFAULT);
	TH_EXPECT_EQ(xioctl(dev, _IO(UIRQ_TYPE, UIRQ_BASE + 0x30), &info),
		     (uint64_t)-ENOTTY);
	TH_EXPECT_EQ(xioctl(dev, _IO('T', 1), &info), (uint64_t)-ENOTTY);

	memset(&ri, 0, sizeof(ri));
	ri.argsz = sizeof(ri);
	ri.index = UIRQ_MAX_REGIONS;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_REGION_INFO, &ri), (uint64_t)-EINVAL);
	ri.index = 0xffffffffu;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_REGION_INFO, &ri), (uint64_t)-EINVAL);
	ri.index = UIRQ_REGION_BAR0;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_REGION_INFO, &ri), 0);
	TH_EXPECT_EQ(ri.size, EDU_BAR0_SIZE);
	memset(&ri, 0, sizeof(ri));
	ri.argsz = sizeof(ri);
	ri.index = UIRQ_REGION_BAR1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_REGION_INFO, &ri), 0);
	TH_EXPECT_EQ(ri.size, 0);
	TH_EXPECT_EQ(ri.type, UIRQ_REGION_TYPE_NONE);

	memset(&lp, 0, sizeof(lp));
	lp.argsz = sizeof(lp);
	lp.kind = UIRQ_PROG_ACK;
	lp.insn_cnt = 1;
	lp.insns = (uintptr_t)good;
	lp.flags = 1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), (uint64_t)-EINVAL);
	lp.flags = 0;
	lp.kind = UIRQ_PROG_NUM_KINDS;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), (uint64_t)-EINVAL);
	lp.kind = UIRQ_PROG_ACK;
	lp.argsz = 8;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), (uint64_t)-EINVAL);
	lp.argsz = sizeof(lp);
	lp.insns = 16;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), (uint64_t)-EFAULT);
	lp.insns = (uintptr_t)good;
	lp.log_buf = 16;	/* only written on rejection */
	lp.log_size = 64;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), 0);
	good[0] = (struct uirq_insn)I(0, 0, 0, 0, 0, 0, 0, 0);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_LOAD_PROG, &lp), (uint64_t)-EFAULT);

	/*
	 * A fresh open: no ack program. edu has PCI 2.3 masking, so IRQ on
	 * takes the built-in programs (API 4) instead of failing; off again,
	 * the IRQ-off calls fail as before.
	 */
	uirq_close(dev);
	dev = open_dev(bdf_a);
	if (!dev)
		return;
	memset(&ctl, 0, sizeof(ctl));
	ctl.argsz = sizeof(ctl);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_OFF, &ctl), (uint64_t)-EINVAL);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_UNMASK, &ctl), (uint64_t)-EINVAL);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_ON, &ctl), 0);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_OFF, &ctl), 0);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_OFF, &ctl), (uint64_t)-EINVAL);
	/* Drop the built-in programs: start again without any. */
	uirq_close(dev);
	dev = open_dev(bdf_a);
	if (!dev)
		return;
	ctl.argsz = 4;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_ON, &ctl), (uint64_t)-EINVAL);
	ctl.argsz = sizeof(ctl);
	TH_EXPECT_EQ(load_src(dev, edu_ack_s), 0);
	TH_EXPECT_EQ(load_src(dev, edu_release_s), 0);
	ctl.flags = 4;	/* the first unknown flag (API 3) */
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_ON, &ctl), (uint64_t)-EINVAL);
	ctl.flags = 0;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_ON, &ctl), 0);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_ON, &ctl), (uint64_t)-EBUSY);
	/* The ack program cannot change under a live handler. */
	ret = load_src(dev, edu_ack_s);
	TH_EXPECT(ret == -EBUSY, "replacing the ack program with IRQ on: %d", ret);
	ctl.flags = 1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_UNMASK, &ctl), (uint64_t)-EINVAL);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_OFF, &ctl), (uint64_t)-EINVAL);
	ctl.flags = 0;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_UNMASK, &ctl), 0);

	memset(&st, 0, sizeof(st));
	st.argsz = sizeof(st);
	st.flags = 2;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_STATS, &st), (uint64_t)-EINVAL);
	st.flags = 0;
	st.argsz = 8;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_STATS, &st), (uint64_t)-EINVAL);
	TH_EXPECT_EQ(xioctl(dev, UIRQ_GET_STATS, (void *)16), (uint64_t)-EFAULT);

	memset(&efd, 0, sizeof(efd));
	efd.argsz = sizeof(efd);
	efd.fd = 0;		/* not an eventfd */
	TH_EXPECT_EQ(xioctl(dev, UIRQ_SET_EVENTFD, &efd), (uint64_t)-EBADF);
	efd.fd = 9999;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_SET_EVENTFD, &efd), (uint64_t)-EBADF);
	efd.fd = eventfd(0, EFD_CLOEXEC);
	efd.resv = 1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_SET_EVENTFD, &efd), (uint64_t)-EINVAL);
	efd.resv = 0;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_SET_EVENTFD, &efd), 0);
	close(efd.fd);
	efd.fd = -1;
	TH_EXPECT_EQ(xioctl(dev, UIRQ_SET_EVENTFD, &efd), 0);

	/* A read() buffer too small for a count or a record. */
	{
		char b[3];
		ssize_t n = read(uirq_fd(dev), b, sizeof(b));

		TH_EXPECT(n < 0 && errno == EINVAL, "3-byte read: %zd errno %d", n,
			  errno);
	}
	TH_EXPECT_EQ(xioctl(dev, UIRQ_IRQ_OFF, &ctl), 0);
	uirq_close(dev);
}

/* @dev on the line as a well-behaved sharer: it declines others' interrupts. */
static void share_line(struct uirq_dev *dev)
{
	TH_EXPECT_EQ(load_src(dev, edu_ack_s), 0);
	TH_EXPECT_EQ(load_src(dev, edu_release_s), 0);
	TH_EXPECT_EQ(uirq_irq_on(dev, 0), 0);
}

/*
 * An ack program that cannot decline gets the line only exclusively: not
 * while another handler is on it, and no shared handler joins it later.
 */
static void test_exclusive_conflict(void)
{
	struct uirq_dev *a = open_dev(bdf_a), *b = open_dev(bdf_b);
	struct uirq_info info;
	int ret;

	if (!a || !b)
		goto out;
	share_line(a);

	TH_EXPECT_EQ(load_src(b, greedy_ack_s), 0);
	TH_EXPECT_EQ(load_src(b, edu_release_s), 0);
	ret = uirq_irq_on(b, 0);
	TH_EXPECT(ret == -EBUSY, "greedy ack on a shared line: %d", ret);
	/* A decliner that asks for the line exclusively: same answer. */
	TH_EXPECT_EQ(load_src(b, edu_ack_s), 0);
	ret = uirq_irq_on(b, UIRQ_IRQ_EXCLUSIVE);
	TH_EXPECT(ret == -EBUSY, "exclusive on a shared line: %d", ret);
	/* b still works as a sharer after the refusals */
	TH_EXPECT_EQ(uirq_irq_on(b, 0), 0);
	TH_EXPECT_EQ(uirq_get_info(b, &info), 0);
	TH_EXPECT((info.flags & (UIRQ_INFO_IRQ_ON | UIRQ_INFO_SHARED)) ==
		  (UIRQ_INFO_IRQ_ON | UIRQ_INFO_SHARED), "b flags %#x", info.flags);
	TH_EXPECT_EQ(uirq_irq_off(b), 0);

	/* The other way round: b exclusive first, then a cannot share. */
	TH_EXPECT_EQ(uirq_irq_off(a), 0);
	TH_EXPECT_EQ(load_src(b, greedy_ack_s), 0);
	TH_EXPECT_EQ(uirq_irq_on(b, 0), 0);
	TH_EXPECT_EQ(uirq_get_info(b, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_EXCLUSIVE, "b flags %#x", info.flags);
	ret = uirq_irq_on(a, 0);
	TH_EXPECT(ret == -EBUSY, "sharing a line held exclusively: %d", ret);
	/* The exclusive owner really gets its interrupts. */
	{
		struct uirq_event ev;

		wr(b, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4, 0x4242);
		ret = uirq_wait(b, &ev, 2000);
		TH_EXPECT(ret == 0 && ev.cap[0] == 0x4242,
			  "exclusive event: %d cap %#" PRIx64, ret,
			  (uint64_t)ev.cap[0]);
	}
	TH_EXPECT_EQ(uirq_irq_off(b), 0);
	TH_EXPECT_EQ(uirq_irq_on(a, 0), 0);
	TH_EXPECT_EQ(uirq_irq_off(a), 0);
out:
	uirq_close(a);
	uirq_close(b);
}

/*
 * No release program on a shared line: allowed because edu has PCI 2.3
 * INTx masking. Turning the IRQ off (or closing) must then mask INTx, so a
 * device raising afterwards leaves the line quiet: the other handler on
 * the line sees nothing. The next IRQ on unmasks it and gets the
 * interrupt that was pending meanwhile.
 */
static void test_intx_mask_fallback(void)
{
	struct uirq_dev *a = open_dev(bdf_a), *b = open_dev(bdf_b);
	struct uirq_stats st0, st1;
	struct uirq_info info;
	struct uirq_event ev;
	int ret;

	if (!a || !b)
		goto out;
	share_line(a);

	TH_EXPECT_EQ(load_src(b, edu_ack_s), 0);
	TH_EXPECT_EQ(uirq_get_info(b, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_INTX_MASK, "edu: no INTx masking? %#x",
		  info.flags);
	ret = uirq_irq_on(b, 0);
	TH_EXPECT(ret == 0, "shared, no release program, INTx masking: %d", ret);
	TH_EXPECT_EQ(uirq_get_info(b, &info), 0);
	TH_EXPECT(info.flags & UIRQ_INFO_SHARED, "b flags %#x", info.flags);
	wr(b, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4, 0x77);
	ret = uirq_wait(b, &ev, 2000);
	TH_EXPECT(ret == 0 && ev.cap[0] == 0x77, "event: %d cap %#" PRIx64, ret,
		  (uint64_t)ev.cap[0]);
	TH_EXPECT_EQ(uirq_unmask(b), 0);

	/* IRQ off without a release program: INTx masked. */
	TH_EXPECT_EQ(uirq_irq_off(b), 0);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_CFG, 4, 2) & 0x400, 0x400);
	TH_EXPECT_EQ(uirq_get_stats(a, &st0, 0), 0);
	wr(b, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4, 0x99);
	msleep(100);
	TH_EXPECT_EQ(uirq_get_stats(a, &st1, 0), 0);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4), 0x99);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_CFG, 6, 2) & 0x8, 0x8);	/* pending */
	TH_EXPECT(st1.declined == st0.declined,
		  "the masked device still reached the line: a declined %" PRIu64
		  " -> %" PRIu64, (uint64_t)st0.declined, (uint64_t)st1.declined);

	/* Close and reopen: still masked, still pending, line still quiet. */
	uirq_close(b);
	b = open_dev(bdf_b);
	if (!b)
		goto out;
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_CFG, 4, 2) & 0x400, 0x400);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4), 0x99);
	TH_EXPECT_EQ(uirq_get_stats(a, &st1, 0), 0);
	TH_EXPECT_EQ(st1.declined, st0.declined);

	/* IRQ on unmasks: the interrupt that waited is delivered. */
	TH_EXPECT_EQ(load_src(b, edu_ack_s), 0);
	TH_EXPECT_EQ(uirq_irq_on(b, 0), 0);
	ret = uirq_wait(b, &ev, 2000);
	TH_EXPECT(ret == 0 && ev.cap[0] == 0x99, "pending event: %d cap %#" PRIx64,
		  ret, (uint64_t)ev.cap[0]);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_CFG, 4, 2) & 0x400, 0);
	TH_EXPECT_EQ(rd(b, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4), 0);
	/* Close with the IRQ on and no release program: masked again. */
	uirq_close(b);
	b = open_dev(bdf_b);
	if (b)
		TH_EXPECT_EQ(rd(b, UIRQ_REGION_CFG, 4, 2) & 0x400, 0x400);
	TH_EXPECT_EQ(uirq_irq_off(a), 0);
out:
	uirq_close(a);
	uirq_close(b);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_reject BDF_A BDF_B (both bound to uirq, one line)\n");
		return 2;
	}
	bdf_a = argv[1];
	bdf_b = argv[2];
	TH_RUN(test_verifier_rejects);
	TH_RUN(test_second_open);
	TH_RUN(test_observer);
	TH_RUN(test_cfg_policy);
	TH_RUN(test_bad_ioctls);
	TH_RUN(test_exclusive_conflict);
	TH_RUN(test_intx_mask_fallback);
	return th_summary();
}
