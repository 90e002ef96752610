// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * devdrv: user-space drivers, on libuirq only, for three QEMU PCI devices
 * that acknowledge their interrupts in other ways than edu does, for the
 * VM scenario tests/vm/scenarios/devices.sh (docs/devices.md):
 *
 *   e1000          (8086:100e) read-to-clear: reading ICR clears the causes
 *   pci-serial     (1b36:0002) disable-style 16550 in an 8-byte I/O BAR:
 *                  the ack program writes IER = 0
 *   pci-serial-4x  (1b36:0004) four 16550s in one 32-byte I/O BAR behind
 *                  one INTx: the ack program checks all four
 *
 * The programs are examples/programs/<type>-{ack,init,release}.s, built in
 * (tests/vm/vm.mk turns them into strings).
 *
 *   devdrv --device BDF [--count N | --forever] [--gate] [--pair] [-q] [-v]
 *	raise N interrupts, one at a time: raise, wait for the event, check
 *	its captures and the device's state, unmask; the last line is
 *	  "BDF: raised N received N mismatched N lost N"
 *	(-v adds "BDF: stats handled N declined N ..." before it). --gate
 *	(e1000) first shows that IMS gates the line:
 *	  "BDF: gate masked-events 0 latched 0x10000 intx_pending 0 unmasked 0x10000"
 *	--pair (pci-serial-4x): each raise makes two UARTs interrupt at once,
 *	and the one event must name both. Both --gate and --pair need a line
 *	no other device interrupts on meanwhile.
 *   devdrv --device BDF --peek
 *	open without turning the IRQ on and print the interrupt registers:
 *	  "BDF: ims 0xM ics 0xC intx_disable B intx_pending B"           (e1000)
 *	  "BDF: uart0 ier 0xE iir 0xI [uart1 ...] intx_disable B intx_pending B"
 *   devdrv --print PROGRAM
 *	print a built-in program, e.g. e1000-ack, for uirqctl check.
 *
 * Exit status 0, or 1 on any error or mismatch, 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest.h"
#include "devdrv-programs.h"

/* e1000 (82540EM) registers, BAR0 MMIO */
#define E1000_ICR	0xc0
#define E1000_ICS	0xc8
#define E1000_IMS	0xd0
#define E1000_IMC	0xd8
#define E1000_CAUSES	0xffffu		/* what e1000-init.s enables */
#define E1000_MASKED	0x10000u	/* a cause it leaves masked */

/* 16550 registers, per UART, BAR0 I/O */
#define UART_THR	0
#define UART_IER	1
#define UART_IIR	2
#define UART_IER_THRI	0x02
#define UART_IIR_NONE	0x01
#define UART_IIR_THRI	0x02

#define PCI_COMMAND	0x04
#define PCI_STATUS	0x06

enum dev_kind { DEV_E1000, DEV_SERIAL };

struct devtype {
	const char *name;
	uint16_t vendor, device;
	enum dev_kind kind;
	unsigned int nports;		/* UARTs, 8 bytes each */
	uint64_t bar0_size;
	const char *ack, *init, *release;
};

static const struct devtype types[] = {
	{ "e1000", 0x8086, 0x100e, DEV_E1000, 0, 0x20000,
	  e1000_ack_s, e1000_init_s, e1000_release_s },
	{ "pci-serial", 0x1b36, 0x0002, DEV_SERIAL, 1, 8,
	  pci_serial_ack_s, pci_serial_init_s, pci_serial_release_s },
	{ "pci-serial-4x", 0x1b36, 0x0004, DEV_SERIAL, 4, 32,
	  pci_serial_4x_ack_s, pci_serial_4x_init_s, pci_serial_4x_release_s },
};

struct drv {
	const struct devtype *t;
	struct uirq_dev *dev;
	const char *bdf;
	volatile uint32_t *regs;	/* e1000 BAR0 */
	bool quiet;
	bool pair;			/* pci-serial-4x: two UARTs per raise */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int rd(struct drv *d, unsigned int region, uint64_t off,
	      unsigned int width, uint64_t *v)
{
	int ret = uirq_region_read(d->dev, region, off, width, v);

	if (ret)
		fprintf(stderr, "devdrv: %s: reading %s[%#" PRIx64 "]: %s\n",
			d->bdf, uirq_region_name(region), off, strerror(-ret));
	return ret;
}

static int wr(struct drv *d, unsigned int region, uint64_t off,
	      unsigned int width, uint64_t v)
{
	int ret = uirq_region_write(d->dev, region, off, width, v);

	if (ret)
		fprintf(stderr, "devdrv: %s: writing %s[%#" PRIx64 "]: %s\n",
			d->bdf, uirq_region_name(region), off, strerror(-ret));
	return ret;
}

/*
 * Raise interrupt number @i. Raises are paced by the caller (the next
 * only after this one's event), because each device's model would fold
 * back-to-back raises into one interrupt:
 * - e1000: ICS ORs into ICR; a second write before the ack program read
 *   ICR adds its bits to the same pending causes, one event for both.
 *   (With the model's interrupt mitigation, on by default, a rising edge
 *   within 500 * 256 ns of the last one is also postponed to a timer:
 *   late but not lost: vm-devices turns it off, vm-devices-mitigation
 *   leaves it on, and both are exact.)
 * - pci-serial: writing IER's THR-empty bit raises only when the bit goes
 *   from 0 to 1 (QEMU 7.2 serial_ioport_write: "changed"); until the ack
 *   program has cleared IER, a second write changes nothing.
 * - pci-serial-4x: a THR write with the interrupt still pending lowers
 *   and raises the same UART's output again before the handler ran; the
 *   ack program's one IIR read then acknowledges both.
 */
static int raise_irq(struct drv *d, uint64_t i)
{
	unsigned int n = d->t->nports;
	uint64_t cmd;
	int ret;

	switch (d->t->kind) {
	case DEV_E1000:
		d->regs[E1000_ICS / 4] = (uint32_t)(i % E1000_CAUSES) + 1;
		return 0;
	case DEV_SERIAL:
		if (n == 1)
			return wr(d, UIRQ_REGION_BAR0, UART_IER, 1, UART_IER_THRI);
		if (!d->pair)
			return wr(d, UIRQ_REGION_BAR0, 8 * (i % n) + UART_THR, 1,
				  i & 0xff);
		/*
		 * Two UARTs at once: hold the function's INTx with PCI 2.3
		 * INTx-disable while both THRs are written (or the first
		 * would interrupt before the second write), then let go.
		 */
		ret = rd(d, UIRQ_REGION_CFG, PCI_COMMAND, 2, &cmd);
		if (!ret)
			ret = wr(d, UIRQ_REGION_CFG, PCI_COMMAND, 2, cmd | 0x400);
		if (!ret)
			ret = wr(d, UIRQ_REGION_BAR0, 8 * (i % n) + UART_THR, 1,
				 i & 0xff);
		if (!ret)
			ret = wr(d, UIRQ_REGION_BAR0, 8 * ((i + 1) % n) + UART_THR,
				 1, i & 0xff);
		if (!ret)
			ret = wr(d, UIRQ_REGION_CFG, PCI_COMMAND, 2, cmd & ~0x400ull);
		return ret;
	}
	return -EINVAL;
}

/*
 * Does @ev answer raise @i, and is the device quiet again (the ack
 * program's read cleared ICR; its IER write disabled the UART)?
 */
static bool check_event(struct drv *d, uint64_t i, const struct uirq_event *ev)
{
	uint64_t v, fired;
	unsigned int n = d->t->nports;

	switch (d->t->kind) {
	case DEV_E1000:
		if ((ev->cap_mask & 3) != 3 ||
		    ev->cap[0] != (i % E1000_CAUSES) + 1 ||
		    ev->cap[1] != E1000_CAUSES)
			return false;
		/* ICS reads ICR without clearing it: 0 after the read-to-clear. */
		return d->regs[E1000_ICS / 4] == 0;
	case DEV_SERIAL:
		if (n == 1) {
			if ((ev->cap_mask & 3) != 3 || ev->cap[0] != UART_IIR_THRI ||
			    ev->cap[1] != UART_IER_THRI)
				return false;
			return !rd(d, UIRQ_REGION_BAR0, UART_IER, 1, &v) && v == 0;
		}
		fired = 1u << (i % n);
		if (d->pair)
			fired |= 1u << ((i + 1) % n);
		if ((ev->cap_mask & 0x1f) != 0x1f || ev->cap[4] != fired)
			return false;
		for (unsigned int q = 0; q < n; q++)
			if (ev->cap[q] != (fired & (1u << q) ? UART_IIR_THRI :
							     UART_IIR_NONE))
				return false;
		return true;
	}
	return false;
}

/* After a lost event: clear what is pending ourselves (see uirq-edu). */
static void resync(struct drv *d)
{
	uint64_t v;

	if (d->t->kind == DEV_E1000) {
		(void)d->regs[E1000_ICR / 4];
		return;
	}
	for (unsigned int p = 0; p < d->t->nports; p++)
		uirq_region_read(d->dev, UIRQ_REGION_BAR0, 8 * p + UART_IIR, 1, &v);
}

static void print_event(struct drv *d, uint64_t i, const struct uirq_event *ev)
{
	fprintf(stderr, "devdrv: %s: raise %" PRIu64 ": event seq %" PRIu64
		" cap_mask %#x cap %#" PRIx64 " %#" PRIx64 " %#" PRIx64 " %#"
		PRIx64 " %#" PRIx64 "\n", d->bdf, i, (uint64_t)ev->seq,
		ev->cap_mask, (uint64_t)ev->cap[0], (uint64_t)ev->cap[1],
		(uint64_t)ev->cap[2], (uint64_t)ev->cap[3], (uint64_t)ev->cap[4]);
}

static int intx_bits(struct drv *d, int *disable, int *pending)
{
	uint64_t cmd, st;
	int ret;

	ret = rd(d, UIRQ_REGION_CFG, PCI_COMMAND, 2, &cmd);
	if (!ret)
		ret = rd(d, UIRQ_REGION_CFG, PCI_STATUS, 2, &st);
	if (ret)
		return ret;
	*disable = !!(cmd & 0x400);
	*pending = !!(st & 0x8);
	return 0;
}

static int peek(struct drv *d)
{
	uint64_t a, b;
	int dis, pend, ret;

	if (d->t->kind == DEV_E1000) {
		/* ICS, not ICR: reading ICR would clear what we look at. */
		ret = rd(d, UIRQ_REGION_BAR0, E1000_IMS, 4, &a);
		if (!ret)
			ret = rd(d, UIRQ_REGION_BAR0, E1000_ICS, 4, &b);
		if (!ret)
			ret = intx_bits(d, &dis, &pend);
		if (ret)
			return ret;
		printf("%s: ims %#" PRIx64 " ics %#" PRIx64
		       " intx_disable %d intx_pending %d\n", d->bdf, a, b, dis, pend);
		return 0;
	}
	printf("%s:", d->bdf);
	for (unsigned int p = 0; p < d->t->nports; p++) {
		/* IIR reads have no effect unless a THR-empty interrupt is
		 * pending and enabled, which is what this is looking for. */
		ret = rd(d, UIRQ_REGION_BAR0, 8 * p + UART_IER, 1, &a);
		if (!ret)
			ret = rd(d, UIRQ_REGION_BAR0, 8 * p + UART_IIR, 1, &b);
		if (ret)
			return ret;
		printf(" uart%u ier %#" PRIx64 " iir %#" PRIx64, p, a, b);
	}
	ret = intx_bits(d, &dis, &pend);
	if (ret)
		return ret;
	printf(" intx_disable %d intx_pending %d\n", dis, pend);
	return 0;
}

/*
 * e1000: a cause outside IMS is latched in ICR but does not assert INTx;
 * enabling it in IMS asserts at once. Needs a quiet line: any other
 * interrupt would run the ack program, whose ICR read clears the latched
 * cause.
 */
static int gate(struct drv *d)
{
	struct uirq_event ev;
	uint32_t latched;
	int dis, pend, ret, masked_events = 0;

	/*
	 * No UIRQ_WAIT_UNMASK here: the unmask re-check runs the ack program,
	 * and its ICR read would clear the latched cause (an ack program that
	 * reads to clear also does that for every other device's interrupt).
	 */
	d->regs[E1000_ICS / 4] = E1000_MASKED;
	ret = uirq_wait_events(d->dev, &ev, 1, 200, 0);
	if (ret >= 1)
		masked_events = ret;
	else if (ret != -ETIMEDOUT)
		goto err;
	latched = d->regs[E1000_ICS / 4];
	ret = intx_bits(d, &dis, &pend);
	if (ret)
		return ret;
	d->regs[E1000_IMS / 4] = E1000_MASKED;
	ret = uirq_wait_events(d->dev, &ev, 1, 2000, 0);
	d->regs[E1000_IMC / 4] = E1000_MASKED;
	if (ret < 0)
		goto err;
	printf("%s: gate masked-events %d latched %#x intx_pending %d unmasked %#" PRIx64 "\n",
	       d->bdf, masked_events, latched, pend,
	       ev.cap_mask & 1 ? (uint64_t)ev.cap[0] : (uint64_t)0);
	fflush(stdout);
	if (masked_events || latched != E1000_MASKED || pend ||
	    ev.cap[0] != E1000_MASKED || ev.cap[1] != (E1000_CAUSES | E1000_MASKED))
		return -EIO;
	return 0;
err:
	fprintf(stderr, "devdrv: %s: gate: waiting: %s\n", d->bdf, strerror(-ret));
	return ret;
}

static int load(struct drv *d, const char *src, const char *what)
{
	char name[64], log[512];
	int ret;

	snprintf(name, sizeof(name), "%s-%s.s", d->t->name, what);
	ret = guest_load_src(d->dev, src, name, log, sizeof(log));
	if (ret)
		fprintf(stderr, "devdrv: %s: loading %s: %s: %s\n", d->bdf, name,
			strerror(-ret), log);
	return ret;
}

static int print_program(const char *which)
{
	static const char *const what[] = { "ack", "init", "release" };
	char name[64];

	for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
		const char *src[] = { types[k].ack, types[k].init, types[k].release };

		for (size_t w = 0; w < 3; w++) {
			snprintf(name, sizeof(name), "%s-%s", types[k].name, what[w]);
			if (!strcmp(name, which)) {
				fputs(src[w], stdout);
				return 0;
			}
		}
	}
	fprintf(stderr, "devdrv: no built-in program '%s'\n", which);
	return 2;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: devdrv --device BDF [--count N | --forever] [--gate] [--pair] [-q] [-v]\n"
		"       devdrv --device BDF --peek\n"
		"       devdrv --print PROGRAM\n");
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "forever", no_argument, NULL, 'f' },
		{ "gate", no_argument, NULL, 'g' },
		{ "pair", no_argument, NULL, 'p' },
		{ "peek", no_argument, NULL, 'k' },
		{ "print", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t count = 1000, raised = 0, received = 0, mismatched = 0, i;
	bool forever = false, do_gate = false, do_peek = false, verbose = false;
	bool irq_on = false, fail = false;
	struct drv d = { 0 };
	struct uirq_region_info ri;
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	struct sigaction sa;
	char bdf[UIRQ_BDF_LEN];
	const char *arg = NULL;
	char *end;
	void *map;
	size_t len;
	int c, ret;

	while ((c = getopt_long(argc, argv, "d:n:fqv", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			arg = optarg;
			break;
		case 'n':
			errno = 0;
			count = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg) {
				usage();
				return 2;
			}
			break;
		case 'f':
			forever = true;
			break;
		case 'g':
			do_gate = true;
			break;
		case 'k':
			do_peek = true;
			break;
		case 'p':
			d.pair = true;
			break;
		case 'P':
			return print_program(optarg);
		case 'q':
			d.quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (!arg || optind != argc || uirq_parse_bdf(arg, bdf, sizeof(bdf))) {
		usage();
		return 2;
	}
	d.bdf = bdf;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ret = uirq_open(bdf, &d.dev);
	if (ret) {
		fprintf(stderr, "devdrv: %s: open: %s\n", bdf, strerror(-ret));
		return 1;
	}
	ret = uirq_get_info(d.dev, &info);
	if (ret)
		goto out;
	for (size_t k = 0; k < sizeof(types) / sizeof(types[0]); k++)
		if (types[k].vendor == info.vendor && types[k].device == info.device)
			d.t = &types[k];
	if (!d.t) {
		fprintf(stderr, "devdrv: %s: %04x:%04x is none of e1000, pci-serial, pci-serial-4x\n",
			bdf, info.vendor, info.device);
		ret = -ENODEV;
		goto out;
	}
	ret = uirq_get_region_info(d.dev, UIRQ_REGION_BAR0, &ri);
	if (ret)
		goto out;
	if (ri.size != d.t->bar0_size ||
	    ri.type != (d.t->kind == DEV_E1000 ? UIRQ_REGION_TYPE_MMIO :
					       UIRQ_REGION_TYPE_PIO)) {
		fprintf(stderr, "devdrv: %s: BAR0 is type %u size %#" PRIx64
			", %s has %s size %#" PRIx64 "\n", bdf, ri.type,
			(uint64_t)ri.size, d.t->name,
			d.t->kind == DEV_E1000 ? "MMIO" : "I/O", d.t->bar0_size);
		ret = -ENODEV;
		goto out;
	}
	if (d.t->kind == DEV_E1000) {
		ret = uirq_map_region(d.dev, UIRQ_REGION_BAR0, &map, &len);
		if (ret)
			goto out;
		d.regs = map;
	}
	if (do_peek) {
		ret = peek(&d);
		goto out;
	}
	if (d.pair && d.t->nports < 2) {
		fprintf(stderr, "devdrv: %s: --pair is for pci-serial-4x\n", bdf);
		ret = -EINVAL;
		goto out;
	}

	ret = load(&d, d.t->ack, "ack");
	if (!ret)
		ret = load(&d, d.t->init, "init");
	if (!ret)
		ret = load(&d, d.t->release, "release");
	if (ret)
		goto out;
	ret = uirq_irq_on(d.dev, UIRQ_IRQ_RING);
	if (ret == -EOPNOTSUPP)
		ret = uirq_irq_on(d.dev, 0);
	if (ret) {
		fprintf(stderr, "devdrv: %s: irq on: %s\n", bdf, strerror(-ret));
		goto out;
	}
	irq_on = true;
	if (!d.quiet) {
		printf("%s: %s, irq %u%s\n", bdf, d.t->name, info.irq,
		       d.t->kind == DEV_SERIAL && d.t->nports > 1 ?
		       (d.pair ? ", raising on two UARTs at a time" :
			", raising on each UART in turn") : "");
		fflush(stdout);
	}
	if (do_gate) {
		if (d.t->kind != DEV_E1000) {
			fprintf(stderr, "devdrv: %s: --gate is for e1000\n", bdf);
			ret = -EINVAL;
			goto out;
		}
		ret = gate(&d);
		if (ret)
			goto out;
	}

	for (i = 0; forever ? !stop : i < count && !stop; i++) {
		ret = raise_irq(&d, i);
		if (ret)
			goto out;
		raised++;
		do {
			ret = uirq_wait_events(d.dev, &ev, 1, 2000, UIRQ_WAIT_UNMASK);
		} while (ret == -EINTR);
		if (ret == -ETIMEDOUT) {
			if (!d.quiet)
				fprintf(stderr, "devdrv: %s: no event for raise %" PRIu64 "\n",
					bdf, i);
			resync(&d);
			while (uirq_read_events(d.dev, &ev, 1) == 1)
				;
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, "devdrv: %s: waiting: %s\n", bdf, strerror(-ret));
			goto out;
		}
		received++;
		if (!check_event(&d, i, &ev)) {
			mismatched++;
			if (!d.quiet)
				print_event(&d, i, &ev);
		}
	}
	ret = 0;
	if (verbose) {
		ret = uirq_get_stats(d.dev, &st, 0);
		if (ret)
			goto out;
		printf("%s: stats handled %" PRIu64 " declined %" PRIu64
		       " quiet %" PRIu64 " events %" PRIu64 " dropped %" PRIu64
		       " unmask_events %" PRIu64 "\n", bdf, (uint64_t)st.handled,
		       (uint64_t)st.declined, (uint64_t)st.quiet,
		       (uint64_t)st.events, (uint64_t)st.dropped,
		       (uint64_t)st.unmask_events);
	}
out:
	if (ret) {
		fail = true;
		if (ret != -EIO && ret != -ENODEV)
			fprintf(stderr, "devdrv: %s: failed: %s\n", bdf, strerror(-ret));
	}
	if (irq_on && uirq_irq_off(d.dev))
		fail = true;
	uirq_close(d.dev);
	if (do_peek)
		return fail ? 1 : 0;
	printf("%s: raised %" PRIu64 " received %" PRIu64 " mismatched %" PRIu64
	       " lost %" PRIu64 "\n", bdf, raised, received, mismatched,
	       raised - received);
	fflush(stdout);
	return fail || mismatched || raised != received ||
	       (!forever && raised != count) ? 1 : 0;
}
