// SPDX-License-Identifier: MIT
/*
 * uirq-short: LDD3's "short" (chapter 10) as a user-space driver: the
 * parallel port's interrupt handler is an ack program run by uirq.ko, and
 * this process does what short's bottom half and /dev/shortint reader do:
 * one timestamp per interrupt.
 *
 * The port is not a PCI function: root first makes a uirq device of its
 * ports and IRQ (uirqctl create lpt1 --pio 0x378:3 --irq 7 --trigger
 * edge), which is /dev/uirq/lpt1 with the ports as region res0. The
 * programs are examples/programs/lpt-ack.s, lpt-init.s and lpt-release.s
 * (built in, see examples.mk), written for QEMU's port model: the status
 * read is the acknowledge and the port has no pending bit, so the program
 * never declines and the (edge) line is the port's alone. With --raise the
 * driver makes the port interrupt itself, as short's "shortprint" writes
 * do: a control-register write with INIT|SELECT|INTEN raises IRQ 7 once.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libuirq.h"
#include "short-programs.h"

#define LPT_STATUS	1
#define LPT_CONTROL	2
#define LPT_RAISE	0x1c	/* INTEN | SELECT | INIT, STROBE clear */

struct opts {
	const char *name;
	uint64_t count;
	int timeout_ms;
	bool raise;
	bool print;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: uirq-short [options]\n"
"\n"
"LDD3's short on a parallel port: loads the ack, init and release programs\n"
"(examples/programs/lpt-*.s), turns IRQ on and records a timestamp per\n"
"interrupt. Make the device first: uirqctl create lpt1 --pio 0x378:3 --irq 7\n"
"--trigger edge.\n"
"\n"
"  -d, --device NAME   the uirq device (default lpt1)\n"
"  -n, --count N       interrupts to wait for (default 100)\n"
"  -r, --raise         make the port interrupt: one control write per\n"
"                      interrupt, each after the previous one's event\n"
"  -t, --timeout MS    wait at most MS ms per interrupt (default 2000)\n"
"  -p, --print         print each timestamp as short does (sec.usec)\n"
"  -h, --help          this text\n"
"\n"
"The last line is the summary:\n"
"  NAME: interrupts N of N, timestamps increasing yes|no, status 0xSS\n"
"Exit status: 0 all N arrived with increasing timestamps, 1 otherwise,\n"
"2 usage error.\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "raise", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "print", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	*o = (struct opts){ .name = "lpt1", .count = 100, .timeout_ms = 2000 };
	while ((c = getopt_long(argc, argv, "d:n:rt:ph", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->name = optarg;
			break;
		case 'n':
			errno = 0;
			o->count = strtoull(optarg, &end, 10);
			if (errno || *end || !o->count || optarg[0] == '-')
				return -EINVAL;
			break;
		case 'r':
			o->raise = true;
			break;
		case 't':
			errno = 0;
			o->timeout_ms = (int)strtol(optarg, &end, 10);
			if (errno || *end || o->timeout_ms < 1)
				return -EINVAL;
			break;
		case 'p':
			o->print = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

static int load(struct uirq_dev *dev, unsigned int kind, const char *text,
		const char *file)
{
	struct uirq_program prog;
	char log[256];
	int ret;

	ret = uirq_asm_string(text, file, &prog, log, sizeof(log));
	if (!ret)
		ret = uirq_load_program(dev, &prog, kind, NULL, log, sizeof(log));
	if (ret)
		fprintf(stderr, "uirq-short: %s: %s%s%s\n", file, strerror(-ret),
			log[0] ? ": " : "", log);
	return ret;
}

int main(int argc, char **argv)
{
	uint64_t got = 0, last_ns = 0, status = 0;
	struct uirq_event ev;
	struct uirq_dev *dev;
	bool increasing = true;
	struct opts o;
	int ret;

	if (parse_opts(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	ret = uirq_open(o.name, &dev);
	if (ret) {
		fprintf(stderr, "uirq-short: /dev/uirq/%s: %s%s\n", o.name,
			strerror(-ret), ret == -ENOENT ?
			" (uirqctl create it first, see --help)" : "");
		return 1;
	}
	ret = load(dev, UIRQ_PROG_ACK, lpt_ack_s, "lpt-ack.s");
	if (!ret)
		ret = load(dev, UIRQ_PROG_INIT, lpt_init_s, "lpt-init.s");
	if (!ret)
		ret = load(dev, UIRQ_PROG_RELEASE, lpt_release_s, "lpt-release.s");
	if (ret)
		goto out;
	/* The init program arms the port once the handler is in. */
	ret = uirq_irq_on(dev, 0);
	if (ret) {
		fprintf(stderr, "uirq-short: IRQ on: %s\n", strerror(-ret));
		goto out;
	}

	while (got < o.count) {
		if (o.raise) {
			ret = uirq_region_write(dev, UIRQ_REGION_RES0, LPT_CONTROL,
						1, LPT_RAISE);
			if (ret) {
				fprintf(stderr, "uirq-short: raise: %s\n",
					strerror(-ret));
				break;
			}
		}
		ret = uirq_wait(dev, &ev, o.timeout_ms);
		if (ret) {
			fprintf(stderr, "uirq-short: interrupt %" PRIu64 ": %s\n",
				got + 1, strerror(-ret));
			break;
		}
		/* short's "%08u.%06u": what the handler's timestamp was. */
		if (o.print)
			printf("%08" PRIu64 ".%06" PRIu64 "\n",
			       (uint64_t)ev.timestamp_ns / 1000000000,
			       (uint64_t)ev.timestamp_ns / 1000 % 1000000);
		if (got && ev.timestamp_ns <= last_ns)
			increasing = false;
		last_ns = ev.timestamp_ns;
		status = (uint64_t)ev.cap[0];
		got++;
	}
	ret = got == o.count && increasing ? 0 : -EIO;
	printf("%s: interrupts %" PRIu64 " of %" PRIu64
	       ", timestamps increasing %s, status 0x%02" PRIx64 "\n",
	       o.name, got, o.count, increasing ? "yes" : "no", status);
out:
	uirq_close(dev);
	return ret ? 1 : 0;
}
