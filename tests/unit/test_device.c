// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libuirq device API without uirq.ko: BDF parsing, argument checks, what
 * opening a missing or foreign file returns, and the event path (record
 * framing, timeouts, signals, hang-up) over a pipe standing in for the
 * device file, and region access at the real file offsets (>= 1 << 40)
 * in a sparse memfd. The real ioctls are exercised in the VM (tests/vm).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "uirq_core.h"	/* the kernel's built-in programs */
#include "libuirq.h"
#include "../../lib/device-test.h"

static const struct {
	const char *in;
	int ret;
	const char *out;
} bdf_cases[] = {
	{ "0000:00:04.0", 0, "0000:00:04.0" },
	{ "00:04.0", 0, "0000:00:04.0" },
	{ "0001:AB:1f.7", 0, "0001:ab:1f.7" },
	{ "10000:00:00.0", 0, "10000:00:00.0" },
	{ "0:00:04.0", 0, "0000:00:04.0" },
	{ "", -EINVAL, NULL },
	{ "00:04", -EINVAL, NULL },
	{ "00:4.0", -EINVAL, NULL },
	{ "0:04.0", -EINVAL, NULL },
	{ "00:20.0", -EINVAL, NULL },	/* device > 0x1f */
	{ "00:04.8", -EINVAL, NULL },	/* function > 7 */
	{ "00:04.00", -EINVAL, NULL },
	{ "0000:00:04.0 ", -EINVAL, NULL },
	{ " 00:04.0", -EINVAL, NULL },
	{ "g0:04.0", -EINVAL, NULL },
	{ "0000-00:04.0", -EINVAL, NULL },
	{ "000000000:00:04.0", -EINVAL, NULL },	/* domain > 8 digits */
	{ "0000:00:04.0:1", -EINVAL, NULL },
	{ "../../etc/passwd", -EINVAL, NULL },
};

static void test_parse_bdf(void)
{
	char out[UIRQ_BDF_LEN];
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(bdf_cases) / sizeof(bdf_cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		ret = uirq_parse_bdf(bdf_cases[i].in, out, sizeof(out));
		TH_EXPECT(ret == bdf_cases[i].ret, "\"%s\": ret %d, want %d",
			  bdf_cases[i].in, ret, bdf_cases[i].ret);
		if (!ret && bdf_cases[i].out)
			TH_EXPECT_STR(out, bdf_cases[i].out);
	}
	TH_EXPECT_EQ(uirq_parse_bdf(NULL, out, sizeof(out)), -EINVAL);
	TH_EXPECT_EQ(uirq_parse_bdf("00:04.0", NULL, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_parse_bdf("00:04.0", out, 12), -ENAMETOOLONG);
	TH_EXPECT_EQ(uirq_parse_bdf("00:04.0", out, 13), 0);
}

static void test_open_errors(void)
{
	struct uirq_dev *dev = (struct uirq_dev *)&dev;
	char tmpl[] = "/tmp/uirq-test-XXXXXX";
	int fd;

	TH_EXPECT_EQ(uirq_open(NULL, &dev), -EINVAL);
	TH_EXPECT(dev == NULL, "*devp is cleared on failure");
	TH_EXPECT_EQ(uirq_open("00:04.0", NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_open("Not-a-bdf", &dev), -EINVAL);
	TH_EXPECT_EQ(uirq_open("0000:00:04.0/x", &dev), -EINVAL);
	/* Not a BDF but a device name (API 4): /dev/uirq/<name>. */
	TH_EXPECT_EQ(uirq_open("no-such-uirq-dev", &dev), -ENOENT);
	/* A domain no machine has: the node cannot exist. */
	TH_EXPECT_EQ(uirq_open("fffe:ff:1f.7", &dev), -ENOENT);
	TH_EXPECT(dev == NULL, "no handle for a missing device");
	TH_EXPECT_EQ(uirq_open_path(NULL, &dev), -EINVAL);
	TH_EXPECT_EQ(uirq_open_path("", &dev), -EINVAL);
	TH_EXPECT_EQ(uirq_open_path("/nonexistent/uirq", &dev), -ENOENT);
	TH_EXPECT_EQ(uirq_open_path("/tmp", &dev), -EISDIR);
	/* Files that are not uirq devices answer the ioctl with -ENOTTY. */
	TH_EXPECT_EQ(uirq_open_path("/dev/null", &dev), -ENOTTY);
	TH_EXPECT(dev == NULL, "no handle for /dev/null");
	fd = mkstemp(tmpl);
	TH_EXPECT(fd >= 0, "mkstemp: %s", strerror(errno));
	if (fd >= 0) {
		TH_EXPECT_EQ(uirq_open_path(tmpl, &dev), -ENOTTY);
		close(fd);
		unlink(tmpl);
	}
}

/*
 * The kernel's built-in PCI 2.3 programs (core/builtin.c, used by
 * UIRQ_IRQ_ON without an ack program) are the documented example files,
 * instruction for instruction.
 */
static void test_builtin_programs(void)
{
	static const char *const files[] = {
		"examples/programs/pci23-ack.s", "examples/programs/pci23-enable.s",
	};
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const struct uirq_builtin *b = &uirq_builtin_pci23[i];
		struct uirq_program prog;
		char log[256];
		int ret;

		ret = uirq_program_load_file(files[i], &prog, log, sizeof(log));
		TH_EXPECT(ret == 0, "%s: %s", files[i], log);
		if (ret)
			continue;
		TH_EXPECT(prog.kind == b->kind, "%s: kind", files[i]);
		TH_EXPECT(prog.count == b->count &&
			  !memcmp(prog.insns, b->insns,
				  b->count * sizeof(*b->insns)),
			  "%s: the same %u instructions as the kernel's", files[i],
			  b->count);
	}
}

/* uirq_create_device() and uirq_destroy_device(): what needs no kernel. */
static void test_control_args(void)
{
	struct uirq_ctl_create c = { .irq = 7, .num_res = 1 };

	TH_EXPECT_EQ(uirq_create_device(NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_create_device(&c), -EINVAL);		/* no name */
	strcpy(c.name, "Lpt1");
	TH_EXPECT_EQ(uirq_create_device(&c), -EINVAL);
	memset(c.name, 'a', sizeof(c.name));
	TH_EXPECT_EQ(uirq_create_device(&c), -EINVAL);		/* no NUL */
	TH_EXPECT_EQ(uirq_destroy_device(NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_destroy_device(""), -EINVAL);
	TH_EXPECT_EQ(uirq_destroy_device("0000:00:04.0"), -EINVAL);
	/* A good name reaches the control node, which this host lacks. */
	if (access("/dev/uirq/control", F_OK))
		TH_EXPECT_EQ(uirq_destroy_device("lpt1"), -ENOENT);
}

static void test_null_handle(void)
{
	struct uirq_region_info ri;
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	struct uirq_insn insn = { .op = UIRQ_OP_RET, .imm = UIRQ_RET_NONE };
	char log[128] = "stale";
	uint64_t v;
	void *p = &p;
	size_t len;

	uirq_close(NULL);
	TH_EXPECT_EQ(uirq_fd(NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_get_info(NULL, &info), -EINVAL);
	TH_EXPECT_EQ(uirq_get_region_info(NULL, 0, &ri), -EINVAL);
	TH_EXPECT_EQ(uirq_map_region(NULL, 0, &p, &len), -EINVAL);
	TH_EXPECT(p == NULL, "*addr is cleared on failure");
	TH_EXPECT_EQ(uirq_unmap_region(NULL, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(NULL, 0, 0, 4, &v), -EINVAL);
	TH_EXPECT_EQ(uirq_region_write(NULL, 0, 0, 4, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_load(NULL, UIRQ_PROG_ACK, &insn, 1, NULL, log,
			       sizeof(log)), -EINVAL);
	TH_EXPECT(log[0] && strcmp(log, "stale"), "log explains: '%s'", log);
	TH_EXPECT_EQ(uirq_load_program(NULL, NULL, UIRQ_PROG_ACK, NULL, NULL, 0),
		     -EINVAL);
	TH_EXPECT_EQ(uirq_load_file(NULL, UIRQ_PROG_ACK, "x.s", NULL, 0),
		     -EINVAL);
	TH_EXPECT_EQ(uirq_irq_on(NULL, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_irq_off(NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_unmask(NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_wait(NULL, &ev, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_read_events(NULL, &ev, 1), -EINVAL);
	TH_EXPECT_EQ(uirq_get_stats(NULL, &st, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_set_eventfd(NULL, -1), -EINVAL);
}

/* API 4's MSI calls: argument checks before any system call. */
static void test_msi_args(void)
{
	struct uirq_insn insn = { .op = UIRQ_OP_RET, .imm = UIRQ_RET_HANDLED };
	struct uirq_program prog;
	struct uirq_dev *dev = NULL;
	char log[256] = "stale";
	int fd;

	TH_EXPECT_EQ(uirq_irq_on_vectors(NULL, UIRQ_IRQ_MSI, 1), -EINVAL);
	TH_EXPECT_EQ(uirq_set_vector_eventfd(NULL, 0, -1), -EINVAL);
	TH_EXPECT_EQ(uirq_load_vector(NULL, 0, &insn, 1, NULL, log, sizeof(log)),
		     -EINVAL);
	TH_EXPECT(strcmp(log, "stale"), "log explains: '%s'", log);
	TH_EXPECT_EQ(uirq_load_vector_program(NULL, 0, NULL, NULL, NULL, 0),
		     -EINVAL);

	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || uirq__dev_from_fd(fd, &dev)) {
		TH_EXPECT(0, "a handle on /dev/null");
		if (fd >= 0)
			close(fd);
		return;
	}
	/* Neither type, both would be the kernel's -EINVAL: no call made. */
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, 0, 1), -EINVAL);
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_RING, 1), -EINVAL);
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSIX,
					 UIRQ_MAX_VECTORS + 1), -EINVAL);
	/* A handle whose kernel did not say API 4: refused, not misread. */
	TH_EXPECT_EQ(uirq_irq_on_vectors(dev, UIRQ_IRQ_MSI, 1), -EOPNOTSUPP);
	TH_EXPECT_EQ(uirq_set_vector_eventfd(dev, UIRQ_MAX_VECTORS, -1), -EINVAL);
	TH_EXPECT_EQ(uirq_set_vector_eventfd(dev, 0, -2), -EINVAL);
	TH_EXPECT_EQ(uirq_set_vector_eventfd(dev, 0, -1), -ENOTTY);
	TH_EXPECT_EQ(uirq_load_vector(dev, UIRQ_MAX_VECTORS, &insn, 1, NULL, log,
				      sizeof(log)), -EINVAL);
	TH_EXPECT_EQ(uirq_load_vector(dev, 0, &insn, 0, NULL, log, sizeof(log)),
		     -EINVAL);
	TH_EXPECT_CONTAINS(log, "0 instructions");
	TH_EXPECT_EQ(uirq_load_vector(dev, 0, &insn, 1, NULL, log, sizeof(log)),
		     -ENOTTY);
	TH_EXPECT_CONTAINS(log, "predates MSI");
	TH_EXPECT_EQ(uirq_asm_string(".kind release\n ret quiet\n", "r.s", &prog,
				     log, sizeof(log)), 0);
	TH_EXPECT_EQ(uirq_load_vector_program(dev, 0, &prog, NULL, log,
					      sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "vector 0's ack program");
	TH_EXPECT_CONTAINS(uirq_irq_on_strerror(-EPERM), "CAP_SYS_RAWIO");
	uirq_close(dev);
}

/* uirq_get_info's API 2/3 version writes API 3's struct, no more. */
static void test_info_v2_size(void)
{
	unsigned char buf[sizeof(struct uirq_info) + 8];

	memset(buf, 0xa5, sizeof(buf));
	TH_EXPECT_EQ(uirq_get_info_v2(NULL, buf), -EINVAL);
	TH_EXPECT_EQ(uirq_get_info_v2(NULL, NULL), -EINVAL);
	TH_EXPECT_EQ(offsetof(struct uirq_info, msi_max), 44);
	TH_EXPECT(buf[44] == 0xa5, "nothing written on failure");
}

/* A handle on /dev/null: a file that is not a uirq device. */
static struct uirq_dev *null_dev(void)
{
	struct uirq_dev *dev = NULL;
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	TH_EXPECT(fd >= 0, "open /dev/null: %s", strerror(errno));
	if (fd < 0)
		return NULL;
	if (uirq__dev_from_fd(fd, &dev)) {
		close(fd);
		return NULL;
	}
	return dev;
}

static void test_foreign_fd(void)
{
	struct uirq_insn insns[UIRQ_MAX_INSNS + 1];
	struct uirq_dev *dev = null_dev();
	struct uirq_region_info ri;
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	char log[256];
	uint64_t v;
	void *p;

	if (!dev)
		return;
	memset(insns, 0, sizeof(insns));
	insns[0].op = UIRQ_OP_RET;
	insns[0].imm = UIRQ_RET_NONE;
	TH_EXPECT(uirq_fd(dev) >= 0, "fd");
	TH_EXPECT_EQ(uirq_get_info(dev, NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_get_info(dev, &info), -ENOTTY);
	TH_EXPECT_EQ(uirq_get_region_info(dev, UIRQ_MAX_REGIONS, &ri), -EINVAL);
	TH_EXPECT_EQ(uirq_get_region_info(dev, 0, &ri), -ENOTTY);
	TH_EXPECT_EQ(uirq_map_region(dev, 0, &p, NULL), -ENOTTY);
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_MAX_REGIONS, &p, NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_map_region(dev, 0, NULL, NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_unmap_region(dev, 0), -ENOENT);
	TH_EXPECT_EQ(uirq_region_read(dev, 0, 0, 3, &v), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(dev, 0, 2, 4, &v), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(dev, 0, 0, 4, NULL), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(dev, 0, 0, 4, &v), -ENOTTY);
	TH_EXPECT_EQ(uirq_region_write(dev, 0, 0, 16, 0), -EINVAL);

	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_NUM_KINDS, insns, 1, NULL, log,
			       sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "unknown program kind 4");
	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_ACK, insns, 0, NULL, log,
			       sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "0 instructions");
	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_ACK, insns, UIRQ_MAX_INSNS + 1,
			       NULL, log, sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "65 instructions, must be 1..64");
	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_ACK, NULL, 1, NULL, log,
			       sizeof(log)), -EINVAL);
	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_ACK, insns, 1, NULL, log,
			       sizeof(log)), -ENOTTY);
	TH_EXPECT_CONTAINS(log, "loading the ack program");
	/* A NULL log is fine too. */
	TH_EXPECT_EQ(uirq_load(dev, UIRQ_PROG_RELEASE, insns, 1, NULL, NULL, 0),
		     -ENOTTY);

	TH_EXPECT_EQ(uirq_irq_on(dev, 0), -ENOTTY);
	TH_EXPECT_EQ(uirq_irq_off(dev), -ENOTTY);
	TH_EXPECT_EQ(uirq_unmask(dev), -ENOTTY);
	TH_EXPECT_EQ(uirq_get_stats(dev, &st, 0), -ENOTTY);
	TH_EXPECT_EQ(uirq_get_stats(dev, NULL, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_set_eventfd(dev, -1), -ENOTTY);
	TH_EXPECT_EQ(uirq_set_eventfd(dev, -2), -EINVAL);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, -2), -EINVAL);
	TH_EXPECT_EQ(uirq_wait(dev, NULL, 0), -EINVAL);
	TH_EXPECT_EQ(uirq_read_events(dev, &ev, 0), -EINVAL);
	/* /dev/null is always readable and reads end-of-file: gone. */
	TH_EXPECT_EQ(uirq_read_events(dev, &ev, 1), -ENODEV);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, -1), -ENODEV);
	uirq_close(dev);
}

static void test_load_program_kind(void)
{
	struct uirq_dev *dev = null_dev();
	struct uirq_program *prog = calloc(1, sizeof(*prog));
	char log[256];
	int ret;

	if (!dev || !prog)
		goto out;
	ret = uirq_asm_string(".kind release\n\tret quiet\n", "rel.s", prog,
			      log, sizeof(log));
	TH_EXPECT(ret == 0, "assemble: %d %s", ret, log);
	if (ret)
		goto out;
	TH_EXPECT_EQ(prog->kind, UIRQ_PROG_RELEASE);
	/* A release program offered as the ack program is refused here. */
	TH_EXPECT_EQ(uirq_load_program(dev, prog, UIRQ_PROG_ACK, NULL, log,
				       sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "rel.s");
	TH_EXPECT_CONTAINS(log, "release program given as the ack program");
	/* Kind from the file: it gets as far as the (missing) kernel. */
	TH_EXPECT_EQ(uirq_load_program(dev, prog, UIRQ_PROG_NUM_KINDS, NULL,
				       log, sizeof(log)), -ENOTTY);
	TH_EXPECT_CONTAINS(log, "loading the release program");
	TH_EXPECT_EQ(uirq_load_program(dev, prog, UIRQ_PROG_RELEASE, NULL,
				       log, sizeof(log)), -ENOTTY);

	ret = uirq_asm_string("\tret none\n", "nokind.s", prog, log,
			      sizeof(log));
	TH_EXPECT(ret == 0, "assemble: %d %s", ret, log);
	TH_EXPECT_EQ(prog->kind, UIRQ_PROG_NUM_KINDS);
	TH_EXPECT_EQ(uirq_load_program(dev, prog, UIRQ_PROG_NUM_KINDS, NULL,
				       log, sizeof(log)), -EINVAL);
	TH_EXPECT_CONTAINS(log, "nokind.s");
	TH_EXPECT_CONTAINS(log, "no .kind directive");

	TH_EXPECT_EQ(uirq_load_file(dev, UIRQ_PROG_ACK, "/nonexistent/ack.s",
				    log, sizeof(log)), -ENOENT);
	TH_EXPECT_CONTAINS(log, "/nonexistent/ack.s");
out:
	free(prog);
	uirq_close(dev);
}

/* A pipe stands in for the device file: the test writes the records. */
static struct uirq_dev *pipe_dev(int *wfd)
{
	struct uirq_dev *dev = NULL;
	int p[2];

	if (pipe2(p, O_CLOEXEC)) {
		TH_EXPECT(0, "pipe: %s", strerror(errno));
		return NULL;
	}
	if (uirq__dev_from_fd(p[0], &dev)) {
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	*wfd = p[1];
	return dev;
}

static int put_events(int wfd, unsigned int first, unsigned int n)
{
	struct uirq_event ev[8];
	unsigned int i;

	memset(ev, 0, sizeof(ev));
	for (i = 0; i < n && i < 8; i++) {
		ev[i].seq = first + i;
		ev[i].cap_mask = 1;
		ev[i].cap[0] = 0x1000 + first + i;
	}
	return write(wfd, ev, n * sizeof(ev[0])) == (ssize_t)(n * sizeof(ev[0]));
}

static long elapsed_ms(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void test_events(void)
{
	struct uirq_event evs[8];
	struct uirq_dev *dev;
	struct timespec t;
	int wfd, ret;
	long ms;

	dev = pipe_dev(&wfd);
	if (!dev)
		return;
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 8), 0);
	TH_EXPECT_EQ(uirq_wait(dev, evs, 0), -ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &t);
	TH_EXPECT_EQ(uirq_wait(dev, evs, 100), -ETIMEDOUT);
	ms = elapsed_ms(&t);
	TH_EXPECT(ms >= 95 && ms < 2000, "100 ms timeout took %ld ms", ms);

	TH_EXPECT(put_events(wfd, 1, 1), "write");
	memset(evs, 0, sizeof(evs));
	TH_EXPECT_EQ(uirq_wait(dev, evs, -1), 0);
	TH_EXPECT_EQ(evs[0].seq, 1);
	TH_EXPECT_EQ(evs[0].cap[0], 0x1001);

	TH_EXPECT(put_events(wfd, 2, 3), "write");
	ret = uirq_read_events(dev, evs, 8);
	TH_EXPECT_EQ(ret, 3);
	TH_EXPECT_EQ(evs[0].seq, 2);
	TH_EXPECT_EQ(evs[2].seq, 4);
	TH_EXPECT_EQ(evs[2].cap[0], 0x1004);

	/* max smaller than what is queued: the rest stays for later. */
	TH_EXPECT(put_events(wfd, 5, 3), "write");
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 2), 2);
	TH_EXPECT_EQ(evs[1].seq, 6);
	TH_EXPECT_EQ(uirq_wait(dev, evs, 0), 0);
	TH_EXPECT_EQ(evs[0].seq, 7);
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 8), 0);

	/* A torn record is an error, never a half-filled event. */
	TH_EXPECT(write(wfd, "0123456789", 10) == 10, "write");
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 1), -EIO);

	/* Writer gone (device removed): -ENODEV, not a timeout. */
	close(wfd);
	TH_EXPECT_EQ(uirq_wait(dev, evs, 1000), -ENODEV);
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 1), -ENODEV);
	uirq_close(dev);
}

/*
 * An API 1 kernel's 88-byte records are widened into struct uirq_event
 * (the API 2 fields zero); the API 1 entry points hand 88-byte records to
 * binaries built against API 1, never writing past them.
 */
static void test_event_sizes(void)
{
	unsigned char v1[3 * UIRQ_EVENT_SIZE_V1 + 8];
	struct uirq_event evs[4], e;
	struct uirq_dev *dev;
	unsigned int i;
	int wfd;

	dev = pipe_dev(&wfd);
	if (!dev)
		return;
	uirq__dev_set_event_size(dev, UIRQ_EVENT_SIZE_V1);
	for (i = 0; i < 3; i++) {
		memset(&e, 0xee, sizeof(e));	/* API 2 tail: must not show */
		e.seq = 10 + i;
		e.cap[7] = 0x7000 + i;
		TH_EXPECT(write(wfd, &e, UIRQ_EVENT_SIZE_V1) == UIRQ_EVENT_SIZE_V1,
			  "write");
	}
	memset(evs, 0x55, sizeof(evs));
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 4), 3);
	TH_EXPECT_EQ(evs[2].seq, 12);
	TH_EXPECT_EQ(evs[2].cap[7], 0x7002);
	TH_EXPECT_EQ(evs[2].flags, 0);
	TH_EXPECT_EQ(evs[2].vector, 0);
	TH_EXPECT_EQ(evs[2].fault, 0);
	close(wfd);
	uirq_close(dev);

	/* LIBUIRQ_1 callers' buffers hold 88-byte records. */
	dev = pipe_dev(&wfd);
	if (!dev)
		return;
	TH_EXPECT(put_events(wfd, 20, 3), "write");
	memset(v1, 0xaa, sizeof(v1));
	TH_EXPECT_EQ(uirq_read_events_v1(dev, v1, 3), 3);
	memcpy(&e, v1 + 2 * UIRQ_EVENT_SIZE_V1, UIRQ_EVENT_SIZE_V1);
	TH_EXPECT_EQ(e.seq, 22);
	TH_EXPECT_EQ(e.cap[0], 0x1016);
	TH_EXPECT_EQ(v1[3 * UIRQ_EVENT_SIZE_V1], 0xaa);
	TH_EXPECT(put_events(wfd, 23, 1), "write");
	memset(v1, 0xaa, sizeof(v1));
	TH_EXPECT_EQ(uirq_wait_v1(dev, v1, 1000), 0);
	memcpy(&e, v1, UIRQ_EVENT_SIZE_V1);
	TH_EXPECT_EQ(e.seq, 23);
	TH_EXPECT_EQ(v1[UIRQ_EVENT_SIZE_V1], 0xaa);
	close(wfd);
	uirq_close(dev);
}

/*
 * The storm guard's fault record ends the stream: the events before it
 * are returned, then -EIO, and the record itself is never an event.
 */
static void test_fault_record(void)
{
	struct uirq_event evs[4], f;
	struct uirq_dev *dev;
	int wfd;

	dev = pipe_dev(&wfd);
	if (!dev)
		return;
	TH_EXPECT(put_events(wfd, 1, 2), "write");
	memset(&f, 0, sizeof(f));
	f.seq = 2;
	f.flags = UIRQ_EVENT_FAULT;
	f.fault = UIRQ_FAULT_CLAIM_STORM;
	TH_EXPECT(write(wfd, &f, sizeof(f)) == sizeof(f), "write");
	TH_EXPECT_EQ(uirq_read_events(dev, evs, 4), 2);
	TH_EXPECT_EQ(evs[1].seq, 2);
	TH_EXPECT(write(wfd, &f, sizeof(f)) == sizeof(f), "write");
	TH_EXPECT_EQ(uirq_wait(dev, evs, 1000), -EIO);
	close(wfd);
	uirq_close(dev);
}

static void set_region(struct uirq_dev *dev, unsigned int index,
		       unsigned int type, uint64_t size, uint64_t offset,
		       unsigned int flags)
{
	struct uirq_region_info ri = {
		.argsz = sizeof(ri), .flags = flags, .index = index,
		.type = type, .size = size, .offset = offset,
	};

	TH_EXPECT_EQ(uirq__dev_set_region(dev, &ri), 0);
}

/*
 * A memfd stands in for the device file: BAR0 MMIO (mappable) at file
 * offset 0x10000, BAR2 PIO at 0x20000, config space at 0x30000, BAR1
 * absent. What the library writes must land at the region's offset, and
 * the mapping must show the same bytes as pread.
 */
static void test_regions(void)
{
	const unsigned int rw = UIRQ_REGION_INFO_READ | UIRQ_REGION_INFO_WRITE;
	struct uirq_region_info ri;
	struct uirq_dev *dev = NULL;
	uint32_t w = 0x11223344, r32 = 0;
	uint64_t v = 0, r64 = 0;
	void *map = NULL, *again = NULL;
	size_t len = 0;
	int fd;

	fd = memfd_create("uirq-test", MFD_CLOEXEC);
	TH_EXPECT(fd >= 0, "memfd_create: %s", strerror(errno));
	if (fd < 0)
		return;
	if (ftruncate(fd, 0x40000) || uirq__dev_from_fd(fd, &dev)) {
		TH_EXPECT(0, "set-up failed");
		close(fd);
		return;
	}
	set_region(dev, UIRQ_REGION_BAR0, UIRQ_REGION_TYPE_MMIO, 0x100,
		   0x10000, rw | UIRQ_REGION_INFO_MMAP);
	set_region(dev, UIRQ_REGION_BAR1, UIRQ_REGION_TYPE_NONE, 0, 0, 0);
	set_region(dev, UIRQ_REGION_BAR2, UIRQ_REGION_TYPE_PIO, 0x20, 0x20000,
		   rw);
	set_region(dev, UIRQ_REGION_CFG, UIRQ_REGION_TYPE_CFG, 0x100, 0x30000,
		   UIRQ_REGION_INFO_READ);
	TH_EXPECT_EQ(uirq_get_region_info(dev, UIRQ_REGION_BAR2, &ri), 0);
	TH_EXPECT_EQ(ri.offset, 0x20000);

	/* pread/pwrite at the region's offset. */
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR2, 4, 4, 0xdeadbeef), 0);
	TH_EXPECT(pread(fd, &r32, 4, 0x20004) == 4, "pread");
	TH_EXPECT_EQ(r32, 0xdeadbeef);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 4, 2, &v), 0);
	TH_EXPECT_EQ(v, 0xbeef);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 7, 1, &v), 0);
	TH_EXPECT_EQ(v, 0xde);
	/* Bounds, alignment, widths per region type. */
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 0x1c, 4, &v), 0);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 0x20, 1, &v), -ERANGE);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR2, ~0ull & ~3ull, 4, 0),
		     -ERANGE);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 0, 8, &v), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 1, 2, &v), -EINVAL);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR1, 0, 4, &v), -ENOENT);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_CFG, 0, 4, &v), 0);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_CFG, 4, 2, 1),
		     -EOPNOTSUPP);
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR2, &map, &len),
		     -EOPNOTSUPP);
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR1, &map, &len), -ENOENT);

	/* The mapping and the file are the same bytes. */
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len), 0);
	TH_EXPECT(map != NULL, "mapped");
	TH_EXPECT_EQ(len, 0x100);
	if (!map)
		goto out;
	TH_EXPECT(pwrite(fd, &w, 4, 0x10008) == 4, "pwrite");
	TH_EXPECT_EQ(((volatile uint32_t *)map)[2], 0x11223344);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR0, 8, 4, &v), 0);
	TH_EXPECT_EQ(v, 0x11223344);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR0, 0xf8, 8,
				       0x0102030405060708ull), 0);
	TH_EXPECT(pread(fd, &r64, 8, 0x100f8) == 8, "pread");
	TH_EXPECT_EQ(r64, 0x0102030405060708ull);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR0, 0x100, 1, 0),
		     -ERANGE);
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR0, &again, NULL), 0);
	TH_EXPECT(again == map, "mapping twice gives the same address");
	TH_EXPECT_EQ(uirq_unmap_region(dev, UIRQ_REGION_BAR0), 0);
	TH_EXPECT_EQ(uirq_unmap_region(dev, UIRQ_REGION_BAR0), -ENOENT);
	/* Unmapped, the same access goes through pread. */
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR0, 0xf8, 8, &v), 0);
	TH_EXPECT_EQ(v, 0x0102030405060708ull);
	/* Mapped again and left mapped: uirq_close() unmaps. */
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR0, &map, NULL), 0);
out:
	uirq_close(dev);
}

/*
 * The real offsets, UIRQ_REGION_OFFSET(i) = (i + 1) << 40, in a sparse
 * memfd. This file is compiled without -D_FILE_OFFSET_BITS=64 (off_t is
 * 32 bits in build-m32/), as an application may be, so it uses the *64
 * calls itself; the library must not care. A library with a 32-bit off_t
 * truncates the offsets to their low 32 bits: its accesses land in the
 * first page, the event stream of a real device file, filled with 0xa5
 * here so that such a stray access shows.
 */
#define HI_OFF(region, x)	((off64_t)UIRQ_REGION_OFFSET(region) + (x))

static int low_page_intact(int fd)
{
	unsigned char b[4096];
	unsigned int i;

	if (pread64(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return 0;
	for (i = 0; i < sizeof(b); i++)
		if (b[i] != 0xa5)
			return 0;
	return 1;
}

static void test_regions_high_offsets(void)
{
	const unsigned int rw = UIRQ_REGION_INFO_READ | UIRQ_REGION_INFO_WRITE;
	unsigned char low[4096];
	struct uirq_dev *dev = NULL;
	uint32_t w = 0x5eed0002, c = 0xc0f1c0f1, r32 = 0;
	uint64_t q = 0x0b0a000000000018ull, v = 0, r64 = 0;
	volatile uint32_t *m;
	void *map = NULL;
	size_t len = 0;
	int fd;

	fd = memfd_create("uirq-test-hi", MFD_CLOEXEC);
	TH_EXPECT(fd >= 0, "memfd_create: %s", strerror(errno));
	if (fd < 0)
		return;
	memset(low, 0xa5, sizeof(low));
	if (ftruncate64(fd, HI_OFF(UIRQ_REGION_CFG, 0x1000)) ||
	    pwrite64(fd, low, sizeof(low), 0) != (ssize_t)sizeof(low) ||
	    pwrite64(fd, &w, 4, HI_OFF(UIRQ_REGION_BAR2, 4)) != 4 ||
	    pwrite64(fd, &c, 4, HI_OFF(UIRQ_REGION_CFG, 0x10)) != 4 ||
	    pwrite64(fd, &q, 8, HI_OFF(UIRQ_REGION_BAR0, 0x18)) != 8 ||
	    uirq__dev_from_fd(fd, &dev)) {
		TH_EXPECT(0, "set-up at offsets >= 1 << 40 failed: %s",
			  strerror(errno));
		close(fd);
		return;
	}
	set_region(dev, UIRQ_REGION_BAR0, UIRQ_REGION_TYPE_MMIO, 0x1000,
		   UIRQ_REGION_OFFSET(UIRQ_REGION_BAR0),
		   rw | UIRQ_REGION_INFO_MMAP);
	set_region(dev, UIRQ_REGION_BAR2, UIRQ_REGION_TYPE_PIO, 0x20,
		   UIRQ_REGION_OFFSET(UIRQ_REGION_BAR2), rw);
	set_region(dev, UIRQ_REGION_CFG, UIRQ_REGION_TYPE_CFG, 0x100,
		   UIRQ_REGION_OFFSET(UIRQ_REGION_CFG), UIRQ_REGION_INFO_READ);

	/* pread at 3 << 40 + 4, 8 << 40 + 0x10, 1 << 40 + 0x18. */
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 4, 4, &v), 0);
	TH_EXPECT_EQ(v, 0x5eed0002);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR2, 6, 2, &v), 0);
	TH_EXPECT_EQ(v, 0x5eed);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_CFG, 0x10, 4, &v), 0);
	TH_EXPECT_EQ(v, 0xc0f1c0f1);
	TH_EXPECT_EQ(uirq_region_read(dev, UIRQ_REGION_BAR0, 0x18, 8, &v), 0);
	TH_EXPECT_EQ(v, 0x0b0a000000000018ull);

	/* pwrite lands at the region, not in the first page. */
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR2, 0x10, 4,
				       0xfeedf00d), 0);
	TH_EXPECT(pread64(fd, &r32, 4, HI_OFF(UIRQ_REGION_BAR2, 0x10)) == 4,
		  "pread64");
	TH_EXPECT_EQ(r32, 0xfeedf00d);
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR0, 0x20, 8,
				       0x1122334455667788ull), 0);
	TH_EXPECT(pread64(fd, &r64, 8, HI_OFF(UIRQ_REGION_BAR0, 0x20)) == 8,
		  "pread64");
	TH_EXPECT_EQ(r64, 0x1122334455667788ull);
	TH_EXPECT(low_page_intact(fd), "a region write reached file offset < 4 KiB");

	/* mmap at 1 << 40: the region's bytes, both ways. */
	TH_EXPECT_EQ(uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len), 0);
	TH_EXPECT_EQ(len, 0x1000);
	if (!map)
		goto out;
	m = map;
	TH_EXPECT_EQ(m[0x18 / 4], 0x00000018);
	TH_EXPECT_EQ(m[0x1c / 4], 0x0b0a0000);
	TH_EXPECT_EQ(m[0x20 / 4], 0x55667788);
	TH_EXPECT_EQ(m[0], 0);	/* sparse: not the 0xa5 page */
	TH_EXPECT_EQ(uirq_region_write(dev, UIRQ_REGION_BAR0, 0x40, 4,
				       0xabcd1234), 0);
	TH_EXPECT(pread64(fd, &r32, 4, HI_OFF(UIRQ_REGION_BAR0, 0x40)) == 4,
		  "pread64");
	TH_EXPECT_EQ(r32, 0xabcd1234);
	TH_EXPECT(low_page_intact(fd), "a mapped write reached file offset < 4 KiB");
out:
	uirq_close(dev);
}

/*
 * The test above is only meaningful for 32-bit callers if this file has
 * the default, narrow off_t there: examples/examples.mk builds it so.
 */
static void test_caller_off_t(void)
{
	printf("  caller: %zu-bit pointers, %zu-bit off_t\n",
	       sizeof(void *) * 8, sizeof(off_t) * 8);
	if (sizeof(void *) == 4)
		TH_EXPECT_EQ(sizeof(off_t), 4);
	else
		TH_EXPECT_EQ(sizeof(off_t), 8);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_wait_signal(void)
{
	struct itimerval it = { .it_value = { .tv_usec = 50000 } };
	struct uirq_event ev;
	struct sigaction sa;
	struct uirq_dev *dev;
	int wfd;

	dev = pipe_dev(&wfd);
	if (!dev)
		return;
	/* Even with SA_RESTART, a driver's SIGINT handler must end the wait. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	TH_EXPECT_EQ(uirq_wait(dev, &ev, 5000), -EINTR);
	signal(SIGALRM, SIG_DFL);
	close(wfd);
	uirq_close(dev);
}

int main(void)
{
	TH_RUN(test_parse_bdf);
	TH_RUN(test_open_errors);
	TH_RUN(test_control_args);
	TH_RUN(test_builtin_programs);
	TH_RUN(test_null_handle);
	TH_RUN(test_foreign_fd);
	TH_RUN(test_msi_args);
	TH_RUN(test_info_v2_size);
	TH_RUN(test_load_program_kind);
	TH_RUN(test_regions);
	TH_RUN(test_regions_high_offsets);
	TH_RUN(test_caller_off_t);
	TH_RUN(test_events);
	TH_RUN(test_event_sizes);
	TH_RUN(test_fault_record);
	TH_RUN(test_wait_signal);
	return th_summary();
}
