// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Non-PCI uirq devices in the guest (tests/vm/scenarios/isa.sh):
 *
 *   test_res ctl           /dev/uirq/control's ABI, table-driven (every
 *                          malformed request is -EINVAL and creates
 *                          nothing), claims and their conflicts, a device's
 *                          info and regions, destroy under an open file
 *   test_res uart NAME N [edge|level]
 *                          a 16550 made from ports (isa-serial): N bytes
 *                          sent in loopback, N data-ready interrupts, each
 *                          event carrying its byte; on a level line (the
 *                          default) requested shared, on an edge one
 *                          exclusively
 *   test_res builtin BDF N an edu device with no program: the built-in
 *                          PCI 2.3 ones, N exact round trips
 *   test_res mmio BDF N    an unbound edu function as a platform device of
 *                          MMIO, on the level line of its uirq-bound PCI
 *                          neighbours: N exact round trips through mmap
 *   test_res edge|wrong-trigger|peek ...  see below
 *
 * The device parts use only libuirq and the public headers, as a driver
 * would.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "guest.h"

#define CTL	"/dev/uirq/control"
/* COM4's ports: free with 8250.nr_uarts=1 (the scenario's command line). */
#define FREE_PORT	0x2e8

static int ctl_fd = -1;

static int ctl(unsigned long cmd, void *arg)
{
	return ioctl(ctl_fd, cmd, arg) ? -errno : 0;
}

static struct uirq_ctl_create good(const char *name, uint64_t port)
{
	struct uirq_ctl_create c = {
		.argsz = sizeof(c), .irq = 3,
		.trigger = UIRQ_TRIGGER_EDGE_RISING, .num_res = 1,
		.res[0] = { .type = UIRQ_REGION_TYPE_PIO, .start = port, .size = 8 },
	};

	snprintf(c.name, sizeof(c.name), "%s", name);
	return c;
}

static int destroy(const char *name)
{
	struct uirq_ctl_destroy d = { .argsz = sizeof(d) };

	snprintf(d.name, sizeof(d.name), "%s", name);
	return ctl(UIRQ_CTL_DESTROY, &d);
}

/* Does /proc/ioports show @what? */
static int ioports_has(const char *what)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/ioports", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, what))
			found = 1;
	fclose(f);
	return found;
}

static int wait_node(const char *name, int present)
{
	char path[64];
	int i;

	snprintf(path, sizeof(path), "/dev/uirq/%s", name);
	for (i = 0; i < 500; i++) {
		if ((access(path, F_OK) == 0) == present)
			return 0;
		usleep(10000);
	}
	return -ETIMEDOUT;
}

/* A request that must be refused with @err and leave nothing behind. */
struct bad_case {
	const char *name;
	int err;
	void (*mangle)(struct uirq_ctl_create *c);
};

static void m_argsz(struct uirq_ctl_create *c) { c->argsz = sizeof(*c) - 8; }
static void m_flags(struct uirq_ctl_create *c) { c->flags = 1; }
static void m_resv(struct uirq_ctl_create *c) { c->resv = 1; }
static void m_name_empty(struct uirq_ctl_create *c) { c->name[0] = '\0'; }
static void m_name_digit(struct uirq_ctl_create *c) { strcpy(c->name, "1abc"); }
static void m_name_upper(struct uirq_ctl_create *c) { strcpy(c->name, "Abc"); }
static void m_name_slash(struct uirq_ctl_create *c) { strcpy(c->name, "a/b"); }
static void m_name_bdf(struct uirq_ctl_create *c) { strcpy(c->name, "0000:00:04.0"); }
static void m_name_long(struct uirq_ctl_create *c) { memset(c->name, 'a', sizeof(c->name)); }
static void m_irq0(struct uirq_ctl_create *c) { c->irq = 0; }
static void m_irq_none(struct uirq_ctl_create *c) { c->irq = 1u << 30; }
static void m_trigger0(struct uirq_ctl_create *c) { c->trigger = 0; }
static void m_trigger3(struct uirq_ctl_create *c) { c->trigger = 3; }
static void m_nres0(struct uirq_ctl_create *c) { c->num_res = 0; }
static void m_nres9(struct uirq_ctl_create *c) { c->num_res = 9; }
static void m_unused_slot(struct uirq_ctl_create *c) { c->res[1].size = 1; }
static void m_type_cfg(struct uirq_ctl_create *c) { c->res[0].type = UIRQ_REGION_TYPE_CFG; }
static void m_type_none(struct uirq_ctl_create *c) { c->res[0].type = UIRQ_REGION_TYPE_NONE; }
static void m_range_flags(struct uirq_ctl_create *c) { c->res[0].flags = 1; }
static void m_size0(struct uirq_ctl_create *c) { c->res[0].size = 0; }
static void m_port_high(struct uirq_ctl_create *c)
{
	c->res[0].start = 0xfff8;
	c->res[0].size = 16;
}
static void m_mmio_wrap(struct uirq_ctl_create *c)
{
	c->res[0].type = UIRQ_REGION_TYPE_MMIO;
	c->res[0].start = ~0ull - 7;
	c->res[0].size = 16;
}
static void m_overlap(struct uirq_ctl_create *c)
{
	c->num_res = 2;
	c->res[1] = c->res[0];
	c->res[1].start += 4;
}
/* COM1, the console: the kernel's serial driver holds its ports. */
static void m_claimed(struct uirq_ctl_create *c) { c->res[0].start = 0x3f8; }

static const struct bad_case bad_cases[] = {
	{ "argsz too small", -EINVAL, m_argsz },
	{ "flags", -EINVAL, m_flags },
	{ "resv", -EINVAL, m_resv },
	{ "empty name", -EINVAL, m_name_empty },
	{ "name starts with a digit", -EINVAL, m_name_digit },
	{ "upper-case name", -EINVAL, m_name_upper },
	{ "name with a slash", -EINVAL, m_name_slash },
	{ "name that is a PCI address", -EINVAL, m_name_bdf },
	{ "name without its NUL", -EINVAL, m_name_long },
	{ "irq 0", -EINVAL, m_irq0 },
	{ "irq without a descriptor", -EINVAL, m_irq_none },
	{ "trigger 0", -EINVAL, m_trigger0 },
	{ "two triggers", -EINVAL, m_trigger3 },
	{ "no range", -EINVAL, m_nres0 },
	{ "nine ranges", -EINVAL, m_nres9 },
	{ "an unused range slot not zero", -EINVAL, m_unused_slot },
	{ "a config-space range", -EINVAL, m_type_cfg },
	{ "a range of no type", -EINVAL, m_type_none },
	{ "range flags", -EINVAL, m_range_flags },
	{ "an empty range", -EINVAL, m_size0 },
	{ "ports beyond 0xffff", -EINVAL, m_port_high },
	{ "an MMIO range that wraps", -EINVAL, m_mmio_wrap },
	{ "overlapping ranges", -EINVAL, m_overlap },
	{ "ports the serial driver holds", -EBUSY, m_claimed },
};

static void test_ctl_bad(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		struct uirq_ctl_create c = good("tbad", FREE_PORT);
		char name[96];

		snprintf(name, sizeof(name), "create refuses %s", bad_cases[i].name);
		th_case_begin(name);
		bad_cases[i].mangle(&c);
		TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c) == bad_cases[i].err,
			  "errno %d", bad_cases[i].err);
		TH_EXPECT(access("/dev/uirq/tbad", F_OK) && errno == ENOENT,
			  "no device made");
		TH_EXPECT(ioports_has("uirq:tbad") == 0, "no ports claimed");
		th_case_end();
	}
}

static void test_ctl_misc(void)
{
	struct uirq_ctl_destroy d = { .argsz = sizeof(d) };
	uint32_t argsz = 8;

	TH_EXPECT(ctl(UIRQ_GET_INFO, &argsz) == -ENOTTY,
		  "a device ioctl on the control node: ENOTTY");
	TH_EXPECT(destroy("nosuch") == -ENOENT, "destroy of nothing: ENOENT");
	TH_EXPECT(destroy("Bad") == -EINVAL, "destroy of a bad name: EINVAL");
	d.argsz = 8;
	strcpy(d.name, "nosuch");
	TH_EXPECT(ctl(UIRQ_CTL_DESTROY, &d) == -EINVAL, "destroy argsz: EINVAL");
	d.argsz = sizeof(d);
	d.flags = 1;
	TH_EXPECT(ctl(UIRQ_CTL_DESTROY, &d) == -EINVAL, "destroy flags: EINVAL");
}

static void test_ctl_lifecycle(void)
{
	struct uirq_ctl_create c = good("tdev", FREE_PORT), c2;
	struct uirq_region_info ri;
	struct uirq_info info;
	struct uirq_dev *dev;
	char log[256];
	struct uirq_program prog;
	int ret;

	TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c) == 0, "create tdev on 0x2e8");
	TH_EXPECT(wait_node("tdev", 1) == 0, "/dev/uirq/tdev appears");
	TH_EXPECT(ioports_has("uirq:tdev") == 1, "/proc/ioports: uirq:tdev");
	TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c) == -EEXIST, "the same name: EEXIST");
	c2 = good("tdev2", FREE_PORT + 4);
	c2.res[0].size = 4;
	TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c2) == -EBUSY,
		  "ports inside tdev's: EBUSY");

	ret = uirq_open("tdev", &dev);
	TH_EXPECT(ret == 0, "uirq_open(\"tdev\"): %s", strerror(-ret));
	if (ret)
		goto out;
	memset(&info, 0xa5, sizeof(info));
	TH_EXPECT(uirq_get_info(dev, &info) == 0, "GET_INFO");
	TH_EXPECT(info.api_version == UIRQ_API_VERSION, "api version %u",
		  info.api_version);
	TH_EXPECT(info.bus_type == UIRQ_BUS_RES, "bus type res");
	TH_EXPECT(info.trigger == UIRQ_TRIGGER_EDGE_RISING, "trigger edge");
	TH_EXPECT(!strcmp(info.name, "tdev"), "name '%s'", info.name);
	TH_EXPECT(info.irq == 3 && info.intx_pin == 0 && info.vendor == 0,
		  "irq 3, no pin, no PCI ids");
	TH_EXPECT(!(info.flags & (UIRQ_INFO_LEVEL | UIRQ_INFO_INTX_MASK |
				  UIRQ_INFO_BUILTIN)),
		  "edge, no INTx masking, no built-in programs");
	TH_EXPECT(uirq_get_region_info(dev, UIRQ_REGION_RES0, &ri) == 0 &&
		  ri.type == UIRQ_REGION_TYPE_PIO && ri.size == 8 &&
		  ri.flags == (UIRQ_REGION_INFO_READ | UIRQ_REGION_INFO_WRITE),
		  "res0: 8 ports, read and write, no mmap");
	TH_EXPECT(uirq_get_region_info(dev, UIRQ_REGION_RES0 + 1, &ri) == 0 &&
		  ri.type == UIRQ_REGION_TYPE_NONE, "res1 absent");
	TH_EXPECT(uirq_get_region_info(dev, UIRQ_REGION_CFG, &ri) == 0 &&
		  ri.type == UIRQ_REGION_TYPE_NONE, "no config space");
	TH_EXPECT(uirq_get_region_info(dev, UIRQ_REGION_BAR0, &ri) == 0 &&
		  ri.type == UIRQ_REGION_TYPE_NONE, "no BARs");

	TH_EXPECT(uirq_irq_on(dev, 0) == -EINVAL,
		  "IRQ on without an ack program: EINVAL (no built-in for it)");
	/* Programs are checked against these regions, not PCI defaults. */
	ret = uirq_asm_string(".kind ack\n ld16 r0, cfg[6]\n jeq r0, 0, n\n"
			      " ret handled\nn: ret none\n", "cfg.s", &prog,
			      log, sizeof(log));
	TH_EXPECT(!ret && uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL,
					    log, sizeof(log)) == -EINVAL &&
		  strstr(log, "absent"), "a cfg program is refused: '%s'", log);
	ret = uirq_asm_string(".kind ack\n ld8 r0, res1[0]\n jeq r0, 0, n\n"
			      " ret handled\nn: ret none\n", "res1.s", &prog,
			      log, sizeof(log));
	TH_EXPECT(!ret && uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL,
					    log, sizeof(log)) == -EINVAL,
		  "a res1 program is refused: '%s'", log);
	ret = uirq_asm_string(".kind ack\n ld8 r0, res0[2]\n jset r0, 1, n\n"
			      " ret handled\nn: ret none\n", "res0.s", &prog,
			      log, sizeof(log));
	TH_EXPECT(!ret && uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL,
					    log, sizeof(log)) == 0,
		  "a res0 program loads: '%s'", log);
	TH_EXPECT(uirq_irq_on(dev, 0) == -EPERM,
		  "IRQ on without a release program: EPERM (nothing else can quiet it)");

	/* Destroy under the open file: revoked, ports given back. */
	TH_EXPECT(destroy("tdev") == 0, "destroy tdev while open");
	TH_EXPECT(uirq_get_info(dev, &info) == -ENODEV, "the open file: ENODEV");
	TH_EXPECT(ioports_has("uirq:tdev") == 0, "ports given back at destroy");
	TH_EXPECT(wait_node("tdev", 0) == 0, "/dev/uirq/tdev goes");
	uirq_close(dev);
out:
	TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c) == 0, "create tdev again");
	TH_EXPECT(destroy("tdev") == 0, "and destroy it unopened");
	TH_EXPECT(ioports_has("uirq:tdev") == 0, "nothing left claimed");
}

/* Old binaries: an API 3 caller's 44-byte uirq_info gets 44 bytes. */
static void test_info_old_size(void)
{
	struct uirq_ctl_create c = good("told", FREE_PORT);
	unsigned char buf[sizeof(struct uirq_info) + 8];
	struct uirq_info *info = (struct uirq_info *)buf;
	size_t v3 = offsetof(struct uirq_info, msi_max);
	unsigned int i, clobbered = 0;
	int fd;

	TH_EXPECT(ctl(UIRQ_CTL_CREATE, &c) == 0 && wait_node("told", 1) == 0,
		  "create told");
	fd = open("/dev/uirq/told", O_RDONLY | O_CLOEXEC);
	TH_EXPECT(fd >= 0, "open told read-only (an observer)");
	memset(buf, 0x5a, sizeof(buf));
	memset(buf, 0, v3);
	info->argsz = (uint32_t)v3;
	TH_EXPECT(fd >= 0 && ioctl(fd, UIRQ_GET_INFO, info) == 0,
		  "GET_INFO with API 3's argsz");
	for (i = v3; i < sizeof(buf); i++)
		clobbered += buf[i] != 0x5a;
	TH_EXPECT(!clobbered, "%u bytes written beyond argsz", clobbered);
	TH_EXPECT(info->api_version == UIRQ_API_VERSION && info->irq == 3,
		  "the API 3 fields are filled in");
	if (fd >= 0)
		close(fd);
	TH_EXPECT(destroy("told") == 0, "destroy told");
}

/* ---- a 16550 on isa-serial ---- */

#define UART_RBR	0
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define MCR_LOOP_OUT2	0x18
#define IER_RDI		0x01

static int uart_w(struct uirq_dev *dev, unsigned int reg, uint8_t v)
{
	return uirq_region_write(dev, UIRQ_REGION_RES0, reg, 1, v);
}

static int run_uart(const char *name, unsigned long n, bool level)
{
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	struct uirq_dev *dev;
	unsigned long i, got = 0, wrong = 0;
	char log[256];
	int ret;

	th_case_begin("uart: exact data-ready interrupts");
	ret = uirq_open(name, &dev);
	TH_EXPECT(ret == 0, "open %s: %s", name, strerror(-ret));
	if (ret) {
		th_case_end();
		return th_summary();
	}
	ret = uirq_load_file(dev, UIRQ_PROG_ACK, "/vm/programs/uart16550-ack.s",
			     log, sizeof(log));
	TH_EXPECT(!ret, "load uart16550-ack.s: %s", log);
	ret = uirq_load_file(dev, UIRQ_PROG_RELEASE,
			     "/vm/programs/uart16550-release.s", log, sizeof(log));
	TH_EXPECT(!ret, "load uart16550-release.s: %s", log);
	/* 8N1, no FIFO (one interrupt per byte), loopback, data-ready only. */
	TH_EXPECT(!uart_w(dev, UART_LCR, 0x03) && !uart_w(dev, UART_FCR, 0) &&
		  !uart_w(dev, UART_MCR, MCR_LOOP_OUT2) &&
		  !uart_w(dev, UART_IER, IER_RDI), "program the UART");
	ret = uirq_irq_on(dev, 0);
	TH_EXPECT(!ret, "IRQ on: %s", strerror(-ret));
	/* Level: shared (the program can decline); edge: exclusive. */
	TH_EXPECT(!uirq_get_info(dev, &info) &&
		  !!(info.flags & UIRQ_INFO_LEVEL) == level &&
		  !(info.flags & UIRQ_INFO_EXCLUSIVE) == level,
		  "a %s line, requested %s (flags %#x)", level ? "level" : "edge",
		  level ? "shared" : "exclusively", info.flags);
	for (i = 0; !ret && i < n; i++) {
		uint8_t byte = (uint8_t)(i * 7 + 1);

		ret = uart_w(dev, UART_THR, byte);
		if (!ret)
			ret = uirq_wait(dev, &ev, 2000);
		if (ret)
			break;
		got++;
		/* IIR 0x04: data ready; slot 1: the byte the ack read. */
		if ((ev.cap[0] & 0x0f) != 0x04 || ev.cap[1] != byte ||
		    !(ev.cap_mask & 2))
			wrong++;
	}
	TH_EXPECT(got == n, "%lu bytes, %lu interrupts (%s)", n, got,
		  ret ? strerror(-ret) : "ok");
	TH_EXPECT(!wrong, "%lu events without their byte", wrong);
	ret = uirq_wait(dev, &ev, 100);
	TH_EXPECT(ret == -ETIMEDOUT, "no extra event: %s", strerror(-ret));
	TH_EXPECT(!uirq_get_stats(dev, &st, 0) && st.events == n &&
		  st.dropped == 0 && st.faults == 0,
		  "stats: %llu events, %llu dropped, %llu faults",
		  (unsigned long long)st.events, (unsigned long long)st.dropped,
		  (unsigned long long)st.faults);
	printf("uart %s: sent %lu received %lu wrong %lu\n", name, n, got, wrong);
	uirq_close(dev);
	th_case_end();
	return th_summary();
}

/*
 * Zero configuration (UIRQ_INFO_BUILTIN): an edu device, PCI 2.3 masking,
 * no program loaded. The built-in ack program masks with INTx-disable and
 * captures the config status; the driver acknowledges edu and unmasks
 * (the built-in enable program), as under uio_pci_generic.
 */
static int run_builtin(const char *bdf, unsigned long n)
{
	struct uirq_info info;
	struct uirq_event ev;
	struct uirq_dev *dev;
	struct uirq_program prog;
	unsigned long i, got = 0, bad = 0;
	char log[256];
	uint64_t v;
	int ret;

	th_case_begin("built-in PCI 2.3 programs");
	ret = uirq_open(bdf, &dev);
	TH_EXPECT(!ret, "open %s: %s", bdf, strerror(-ret));
	if (ret)
		goto out;
	TH_EXPECT(!uirq_get_info(dev, &info) && info.flags & UIRQ_INFO_INTX_MASK &&
		  !(info.flags & UIRQ_INFO_BUILTIN), "INTx masking, nothing loaded");
	ret = uirq_irq_on(dev, 0);
	TH_EXPECT(!ret, "IRQ on with no program: %s", strerror(-ret));
	TH_EXPECT(!uirq_get_info(dev, &info) && info.flags & UIRQ_INFO_BUILTIN &&
		  !(info.flags & UIRQ_INFO_EXCLUSIVE),
		  "UIRQ_INFO_BUILTIN, shared (flags %#x)", info.flags);
	for (i = 0; !ret && i < n; i++) {
		ret = uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4,
					0x100 + i);
		if (!ret)
			ret = uirq_wait(dev, &ev, 2000);
		if (ret)
			break;
		got++;
		/* Slot 0: PCI status with "interrupt" (bit 3) set. */
		if (!(ev.cap[0] & 0x08))
			bad++;
		/* Masked now: the driver services edu, then unmasks. */
		ret = uirq_region_read(dev, UIRQ_REGION_BAR0, EDU_IRQ_STATUS, 4, &v);
		if (!ret && v != 0x100 + i)
			bad++;
		if (!ret)
			ret = uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_ACK,
						4, v);
		if (!ret)
			ret = uirq_unmask(dev);
	}
	TH_EXPECT(got == n && !bad, "%lu raised, %lu events, %lu wrong (%s)", n,
		  got, bad, ret ? strerror(-ret) : "ok");
	/* Still interrupting at unmask: the re-check makes it an event. */
	ret = uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_RAISE, 4, 7);
	TH_EXPECT(!ret && !uirq_wait(dev, &ev, 2000), "one more raise: an event");
	TH_EXPECT(!uirq_unmask(dev) && !uirq_wait(dev, &ev, 2000),
		  "unmask without servicing: the re-check delivers it again");
	uirq_region_write(dev, UIRQ_REGION_BAR0, EDU_IRQ_ACK, 4, 7);
	uirq_unmask(dev);
	TH_EXPECT(uirq_wait(dev, &ev, 200) == -ETIMEDOUT, "serviced: quiet");
	/* The owner's own ack program replaces the built-in one. */
	TH_EXPECT(!uirq_irq_off(dev), "IRQ off");
	ret = uirq_asm_string(edu_ack_s, "edu-ack", &prog, log, sizeof(log));
	TH_EXPECT(!ret && !uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL, log,
					     sizeof(log)), "load edu-ack: %s", log);
	TH_EXPECT(!uirq_get_info(dev, &info) && !(info.flags & UIRQ_INFO_BUILTIN),
		  "no longer built-in (flags %#x)", info.flags);
	/* The built-in enable program went with the built-in ack program. */
	TH_EXPECT(!uirq_irq_on(dev, 0) && !uirq_get_info(dev, &info) &&
		  info.flags & UIRQ_INFO_UNMASK_NOOP,
		  "own ack, no enable program left: unmask is a no-op (flags %#x)",
		  info.flags);
	printf("builtin %s: raised %lu received %lu wrong %lu\n", bdf, n, got, bad);
	uirq_close(dev);
out:
	th_case_end();
	return th_summary();
}

/*
 * A "platform device" of MMIO: an edu function no driver has, described
 * by hand from its BAR0 and INTx line (as a device-tree node would give
 * them), on the level line its PCI neighbours bound to uirq share. Its
 * registers are reached through the res0 mapping, and the ack program is
 * edu-ack.s on res0 instead of bar0.
 */
static const char edu_res_ack_s[] =
	".kind ack\n"
	"        ld32  r0, res0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        st32  res0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";
static const char edu_res_release_s[] =
	".kind release\n"
	"        st32  res0[0x20], 0\n"
	"        ld32  r0, res0[0x24]\n"
	"        st32  res0[0x64], r0\n"
	"        ret   quiet\n";

static int read_first_u64s(const char *path, unsigned long long *a,
			   unsigned long long *b)
{
	FILE *f = fopen(path, "re");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%llx %llx", a, b);
	fclose(f);
	return n == 2 ? 0 : -EINVAL;
}

static int run_mmio(const char *bdf, unsigned long n)
{
	unsigned long long start, end, irq = 0;
	struct uirq_ctl_create c = { .argsz = sizeof(c), .num_res = 1,
				     .trigger = UIRQ_TRIGGER_LEVEL_HIGH };
	struct uirq_region_info ri;
	struct uirq_program prog;
	struct uirq_info info;
	struct uirq_event ev;
	struct uirq_dev *dev = NULL;
	volatile uint32_t *regs;
	unsigned long i, got = 0, bad = 0;
	char path[128], log[256];
	void *map = NULL;
	size_t len;
	FILE *f;
	int ret;

	th_case_begin("an MMIO platform device on a shared level line");
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", bdf);
	ret = read_first_u64s(path, &start, &end);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/irq", bdf);
	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%llu", &irq) != 1)
			irq = 0;
		fclose(f);
	}
	TH_EXPECT(!ret && irq, "%s: BAR0 %#llx..%#llx, irq %llu", bdf, start, end, irq);
	if (ret || !irq)
		goto out;
	strcpy(c.name, "plat0");
	c.irq = (uint32_t)irq;
	c.res[0] = (struct uirq_res_range){ .type = UIRQ_REGION_TYPE_MMIO,
					    .start = start, .size = end - start + 1 };
	ret = uirq_create_device(&c);
	TH_EXPECT(!ret, "create plat0 from %s's BAR0: %s", bdf, strerror(-ret));
	if (ret)
		goto out;
	TH_EXPECT(wait_node("plat0", 1) == 0, "/dev/uirq/plat0");
	ret = uirq_open("plat0", &dev);
	TH_EXPECT(!ret, "open plat0: %s", strerror(-ret));
	if (ret)
		goto destroy;
	TH_EXPECT(!uirq_get_region_info(dev, UIRQ_REGION_RES0, &ri) &&
		  ri.type == UIRQ_REGION_TYPE_MMIO && ri.size == end - start + 1 &&
		  ri.flags & UIRQ_REGION_INFO_MMAP, "res0: MMIO, mappable");
	ret = uirq_asm_string(edu_res_ack_s, "edu-res-ack", &prog, log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL, log, sizeof(log));
	if (!ret)
		ret = uirq_asm_string(edu_res_release_s, "edu-res-release", &prog,
				      log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_RELEASE, NULL, log,
					sizeof(log));
	TH_EXPECT(!ret, "programs on res0: %s", log);
	if (!ret)
		ret = uirq_irq_on(dev, 0);
	TH_EXPECT(!ret, "IRQ on: %s", strerror(-ret));
	TH_EXPECT(!uirq_get_info(dev, &info) && info.flags & UIRQ_INFO_LEVEL &&
		  !(info.flags & UIRQ_INFO_EXCLUSIVE),
		  "level, requested shared (flags %#x)", info.flags);
	if (!ret)
		ret = uirq_map_region(dev, UIRQ_REGION_RES0, &map, &len);
	TH_EXPECT(!ret, "mmap res0: %s", strerror(-ret));
	if (ret)
		goto close;
	regs = map;
	for (i = 0; i < n; i++) {
		regs[EDU_IRQ_RAISE / 4] = 0x1000 + i;
		ret = uirq_wait(dev, &ev, 2000);
		if (ret)
			break;
		got++;
		if (ev.cap[0] != 0x1000 + i)
			bad++;
	}
	TH_EXPECT(got == n && !bad, "%lu raised, %lu events, %lu wrong (%s)", n,
		  got, bad, ret ? strerror(-ret) : "ok");
	printf("mmio plat0: raised %lu received %lu wrong %lu\n", n, got, bad);
close:
	uirq_close(dev);
destroy:
	TH_EXPECT(!uirq_destroy_device("plat0"), "destroy plat0");
out:
	th_case_end();
	return th_summary();
}

/* A declining ack program and a release program on @name's res0. */
static struct uirq_dev *open_declining(const char *name)
{
	struct uirq_program prog;
	struct uirq_dev *dev;
	char log[256];
	int ret;

	ret = uirq_open(name, &dev);
	TH_EXPECT(ret == 0, "open %s: %s", name, strerror(-ret));
	if (ret)
		return NULL;
	ret = uirq_asm_string(".kind ack\n ld8 r0, res0[1]\n jset r0, 0x04, n\n"
			      " ret handled\nn: ret none\n", "decl.s", &prog,
			      log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_ACK, NULL, log,
					sizeof(log));
	if (!ret)
		ret = uirq_asm_string(".kind release\n ld8 r0, res0[1]\n"
				      " ret quiet\n", "rel.s", &prog, log,
				      sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_RELEASE, NULL,
					log, sizeof(log));
	TH_EXPECT(!ret, "load the programs: %s", log);
	if (ret) {
		uirq_close(dev);
		return NULL;
	}
	return dev;
}

/* Even a program that can decline gets an edge line to itself. */
static int run_edge(const char *name)
{
	struct uirq_info info;
	struct uirq_dev *dev;
	int ret;

	th_case_begin("an edge line is requested exclusively");
	dev = open_declining(name);
	if (dev) {
		ret = uirq_irq_on(dev, 0);
		TH_EXPECT(!ret, "IRQ on: %s", strerror(-ret));
		TH_EXPECT(!uirq_get_info(dev, &info) &&
			  info.flags & UIRQ_INFO_EXCLUSIVE &&
			  !(info.flags & UIRQ_INFO_LEVEL),
			  "exclusive, edge (flags %#x)", info.flags);
		uirq_close(dev);
	}
	th_case_end();
	return th_summary();
}

/* A device created with the other trigger than its line has: refused. */
static int run_wrong_trigger(const char *name)
{
	struct uirq_dev *dev;
	int ret;

	th_case_begin("IRQ on refuses a trigger the line does not have");
	dev = open_declining(name);
	if (dev) {
		ret = uirq_irq_on(dev, 0);
		TH_EXPECT(ret == -EINVAL, "IRQ on: %s, want EINVAL",
			  strerror(-ret));
		uirq_close(dev);
	}
	th_case_end();
	return th_summary();
}

/* Print byte @off of res0 (as a new owner: no program, IRQ off). */
static int run_peek(const char *name, unsigned long off)
{
	struct uirq_dev *dev;
	uint64_t v;
	int ret;

	ret = uirq_open(name, &dev);
	if (!ret)
		ret = uirq_region_read(dev, UIRQ_REGION_RES0, off, 1, &v);
	if (ret) {
		fprintf(stderr, "test_res: peek %s: %s\n", name, strerror(-ret));
		return 1;
	}
	printf("0x%02x\n", (unsigned int)v);
	uirq_close(dev);
	return 0;
}

int main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "uart"))
		return run_uart(argv[2], strtoul(argv[3], NULL, 0),
				argc == 4 || strcmp(argv[4], "edge"));
	if (argc == 4 && !strcmp(argv[1], "mmio"))
		return run_mmio(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "builtin"))
		return run_builtin(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "edge"))
		return run_edge(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "wrong-trigger"))
		return run_wrong_trigger(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "peek"))
		return run_peek(argv[2], strtoul(argv[3], NULL, 0));
	if (argc != 2 || strcmp(argv[1], "ctl")) {
		fprintf(stderr, "usage: test_res ctl | uart NAME N [edge|level] |"
			" builtin BDF N | mmio BDF N | edge NAME |"
			" wrong-trigger NAME | peek NAME OFF\n");
		return 2;
	}
	ctl_fd = open(CTL, O_RDWR | O_CLOEXEC);
	if (ctl_fd < 0) {
		printf("FAIL open " CTL ": %s\n", strerror(errno));
		return 1;
	}
	test_ctl_bad();
	TH_RUN(test_ctl_misc);
	TH_RUN(test_ctl_lifecycle);
	TH_RUN(test_info_old_size);
	close(ctl_fd);
	return th_summary();
}
