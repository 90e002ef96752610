// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * uirq-edu: a complete user-space driver for QEMU's "edu" PCI device,
 * written against libuirq only. It is the worked example of
 * docs/driver-model.md and the load generator of the VM tests: every
 * interrupt it raises carries a distinct value, and the value the ack
 * program captured in the kernel must come back in the event.
 *
 * edu (BAR0, MMIO, 32-bit registers): 0x00 id, 0x24 interrupt status
 * (RO), 0x60 raise (WO, ORed into the status), 0x64 acknowledge (WO,
 * clears those bits). INTx stays asserted while the status is non-zero.
 */
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libuirq.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x00
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_BAR0_MIN	0x100

#define PCI_SLOT_OF(devfn)	(((devfn) >> 3) & 0x1f)

/*
 * The built-in programs: examples/programs/edu-ack.s and edu-release.s,
 * turned into the strings edu_ack_s and edu_release_s at build time
 * (examples/examples.mk), so the binary needs no files in the VM guest
 * and cannot drift from the documented programs.
 */
#include "edu-programs.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static sigjmp_buf bus_jmp;
static volatile sig_atomic_t bus_armed;

/*
 * Unbinding or removing the device revokes the BAR mapping, and the next
 * access faults with SIGBUS. Turn that into the same orderly exit as
 * -ENODEV from the device file: reason, summary line, exit status 1.
 */
static void on_sigbus(int sig)
{
	if (bus_armed)
		siglongjmp(bus_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

struct opts {
	const char *bdf;
	const char *ack;
	const char *release;
	uint64_t count;
	bool forever;
	int timeout_ms;
	bool quiet;
	bool verbose;
	bool exclusive;
	bool classic;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: uirq-edu --device BDF [options]\n"
"\n"
"A user-space driver for QEMU's edu device on a (shared) INTx line, using\n"
"libuirq. The device must be bound to uirq (uirqctl bind BDF). It loads an\n"
"ack and a release program, turns the IRQ on (with the shared event ring),\n"
"maps BAR0 and then, N times, raises an interrupt with a distinct value,\n"
"unmasks and waits for the event in one call, and checks that the ack\n"
"program captured that value.\n"
"\n"
"  -d, --device BDF     the edu device, \"0000:00:04.0\" or \"00:04.0\" (required)\n"
"  -n, --count N        interrupts to raise (default 1000)\n"
"  -f, --forever        raise until SIGINT/SIGTERM (then finish the one in\n"
"                       flight and print the summary)\n"
"  -a, --ack FILE       ack program (text or binary); default: built-in,\n"
"                       the same as examples/programs/edu-ack.s\n"
"  -r, --release FILE   release program; default: built-in edu-release.s\n"
"  -t, --timeout MS     wait at most MS milliseconds per event (default 2000)\n"
"  -x, --exclusive      request the line exclusively (UIRQ_IRQ_EXCLUSIVE)\n"
"  -c, --classic        the loop of libuirq API 1 and 2: read() instead of\n"
"                       the shared ring, uirq_wait() + uirq_unmask()\n"
"  -q, --quiet          print only errors and the summary line\n"
"  -v, --verbose        also print the kernel's statistics and latencies\n"
"  -h, --help           this text\n"
"\n"
"The last line printed is the summary:\n"
"  BDF: raised N received N mismatched N lost N\n"
"received counts events; mismatched, events whose capture 0 is not the\n"
"value raised; lost, raised interrupts with no event within the timeout.\n"
"Exit status: 0 all received and matched, 1 otherwise or on an error,\n"
"2 usage error.\n");
}

/* 64 bits on every ABI: a count means the same on i386 as on x86-64. */
static int parse_u64(const char *s, uint64_t max, uint64_t *v)
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

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "forever", no_argument, NULL, 'f' },
		{ "ack", required_argument, NULL, 'a' },
		{ "release", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "exclusive", no_argument, NULL, 'x' },
		{ "classic", no_argument, NULL, 'c' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t v;
	int c;

	memset(o, 0, sizeof(*o));
	o->count = 1000;
	o->timeout_ms = 2000;
	while ((c = getopt_long(argc, argv, "d:n:fa:r:t:xcqvh", lopts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			o->bdf = optarg;
			break;
		case 'n':
			if (parse_u64(optarg, UINT64_MAX, &o->count)) {
				fprintf(stderr, "uirq-edu: --count: not a number: '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'f':
			o->forever = true;
			break;
		case 'a':
			o->ack = optarg;
			break;
		case 'r':
			o->release = optarg;
			break;
		case 't':
			if (parse_u64(optarg, 3600 * 1000, &v) || !v) {
				fprintf(stderr,
					"uirq-edu: --timeout: want 1..3600000 ms, got '%s'\n",
					optarg);
				return 2;
			}
			o->timeout_ms = (int)v;
			break;
		case 'x':
			o->exclusive = true;
			break;
		case 'c':
			o->classic = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "uirq-edu: try --help\n");
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "uirq-edu: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}
	if (!o->bdf) {
		fprintf(stderr, "uirq-edu: --device BDF is required (try --help)\n");
		return 2;
	}
	return 0;
}

static int load(struct uirq_dev *dev, unsigned int kind, const char *file,
		const char *builtin, const char *name)
{
	struct uirq_program prog;
	char log[512];
	int ret;

	if (file) {
		ret = uirq_load_file(dev, kind, file, log, sizeof(log));
	} else {
		ret = uirq_asm_string(builtin, name, &prog, log, sizeof(log));
		if (!ret)
			ret = uirq_load_program(dev, &prog, kind, NULL, log,
						sizeof(log));
	}
	if (ret)
		fprintf(stderr, "uirq-edu: loading the %s program failed (%s): %s\n",
			uirq_kind_name(kind), strerror(-ret),
			log[0] ? log : "no details");
	return ret;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * A distinct, never-zero and never-all-ones value per device and
 * iteration: the slot number in the top byte (several edu devices on one
 * line raise values no other one raises), the iteration in the low 24
 * bits, counting 1..0xffffff.
 */
static uint32_t raise_value(unsigned int slot, uint64_t i)
{
	return ((slot & 0x1fu) << 24) | (uint32_t)(i % 0xffffffu + 1);
}

struct lat {
	uint64_t n, min, max, sum;
};

static void lat_add(struct lat *l, uint64_t v)
{
	if (!l->n || v < l->min)
		l->min = v;
	if (v > l->max)
		l->max = v;
	l->sum += v;
	l->n++;
}

static void lat_print(const char *bdf, const char *what, const struct lat *l)
{
	if (!l->n)
		return;
	printf("%s: %s us min %.1f avg %.1f max %.1f\n", bdf, what,
	       l->min / 1e3, (double)l->sum / (double)l->n / 1e3, l->max / 1e3);
}

int main(int argc, char **argv)
{
	/* volatile: still read after a siglongjmp() from on_sigbus() */
	volatile uint64_t raised = 0, received = 0, mismatched = 0;
	volatile uint64_t late = 0;
	volatile int fail = 0;
	volatile bool irq_on = false;
	volatile uint32_t *bar0;
	static struct lat to_ack, to_wake;
	char bdf[UIRQ_BDF_LEN];
	struct uirq_dev *dev = NULL;
	struct uirq_info info;
	struct uirq_stats st;
	struct uirq_event ev;
	struct sigaction sa;
	volatile uint64_t seq = 0;
	uint64_t t_raise, t0;
	unsigned int flags;
	struct opts o;
	void *map;
	size_t len;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	ret = uirq_parse_bdf(o.bdf, bdf, sizeof(bdf));
	if (ret) {
		fprintf(stderr,
			"uirq-edu: --device: '%s' is not a PCI address like 0000:00:04.0\n",
			o.bdf);
		return 2;
	}

	/*
	 * SA_RESTART keeps stdio safe; the wait still ends with -EINTR, since
	 * poll() is never restarted.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ret = uirq_open(bdf, &dev);
	if (ret) {
		fprintf(stderr, "uirq-edu: %s: cannot open /dev/uirq/%s: %s%s\n",
			bdf, bdf, strerror(-ret),
			ret == -ENOENT ? " (is uirq.ko loaded and the device bound? uirqctl bind BDF)" :
			ret == -EBUSY ? " (another process has it open)" : "");
		goto out;
	}
	ret = uirq_get_info(dev, &info);
	if (ret) {
		fprintf(stderr, "uirq-edu: %s: UIRQ_GET_INFO: %s\n", bdf,
			strerror(-ret));
		goto out;
	}
	if (info.vendor != EDU_VENDOR || info.device != EDU_DEVICE) {
		fprintf(stderr, "uirq-edu: %s: device %04x:%04x is not an edu device (%04x:%04x)\n",
			bdf, info.vendor, info.device, EDU_VENDOR, EDU_DEVICE);
		ret = -ENODEV;
		goto out;
	}
	ret = uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len);
	if (ret) {
		fprintf(stderr, "uirq-edu: %s: cannot map BAR0: %s\n", bdf,
			strerror(-ret));
		goto out;
	}
	if (len < EDU_BAR0_MIN) {
		fprintf(stderr, "uirq-edu: %s: BAR0 is %zu bytes, edu has at least %#x\n",
			bdf, len, EDU_BAR0_MIN);
		ret = -ENODEV;
		goto out;
	}
	bar0 = map;
	sa.sa_handler = on_sigbus;
	sa.sa_flags = 0;
	sigaction(SIGBUS, &sa, NULL);
	if (sigsetjmp(bus_jmp, 1)) {
		bus_armed = 0;
		fprintf(stderr, "uirq-edu: %s: BAR0 access faulted (SIGBUS): the device was removed or unbound\n",
			bdf);
		ret = -ENODEV;
		goto out;
	}
	bus_armed = 1;
	/* The id register ends in 0xed on every edu revision. */
	if ((bar0[EDU_ID / 4] & 0xff) != 0xed) {
		fprintf(stderr, "uirq-edu: %s: id register reads %#x, not an edu device\n",
			bdf, bar0[EDU_ID / 4]);
		ret = -ENODEV;
		goto out;
	}

	ret = load(dev, UIRQ_PROG_ACK, o.ack, edu_ack_s, "edu-ack.s");
	if (ret)
		goto out;
	ret = load(dev, UIRQ_PROG_RELEASE, o.release, edu_release_s,
		   "edu-release.s");
	if (ret)
		goto out;
	/*
	 * The documented loop: events through the shared ring, which costs
	 * no system call while they keep coming; a kernel before API 3 has
	 * none, and the same calls then use read().
	 */
	flags = o.exclusive ? UIRQ_IRQ_EXCLUSIVE : 0;
	ret = uirq_irq_on(dev, flags | (o.classic ? 0 : UIRQ_IRQ_RING));
	if (ret == -EOPNOTSUPP && !o.classic)
		ret = uirq_irq_on(dev, flags);
	if (ret) {
		fprintf(stderr, "uirq-edu: %s: UIRQ_IRQ_ON: %s%s\n", bdf,
			strerror(-ret),
			ret == -EBUSY ? " (the line is in use and we or its holder want it exclusively)" :
			ret == -EPERM ? " (shared line: a release program is required)" : "");
		goto out;
	}
	irq_on = true;
	if (!o.quiet) {
		uirq_get_info(dev, &info);
		printf("%s: edu id %#x, irq %u%s, raising ", bdf,
		       bar0[EDU_ID / 4], info.irq,
		       info.flags & UIRQ_INFO_SHARED ? " (shared now)" :
		       info.flags & UIRQ_INFO_EXCLUSIVE ? " (exclusive)" : "");
		if (o.forever)
			printf("until SIGINT/SIGTERM\n");
		else
			printf("%" PRIu64 " interrupts\n", o.count);
		fflush(stdout);
	}

	t0 = now_ns();
	while (o.forever ? !stop : raised < o.count && !stop) {
		uint32_t v = raise_value(PCI_SLOT_OF(info.devfn), raised);

		t_raise = now_ns();
		bar0[EDU_IRQ_RAISE / 4] = v;
		raised++;
		/*
		 * Finish the interrupt in flight even when asked to stop.
		 * The documented loop unmasks the previous event and waits
		 * in one call; --classic is the loop of API 1 and 2.
		 */
		do {
			if (o.classic)
				ret = uirq_wait(dev, &ev, o.timeout_ms);
			else
				ret = uirq_wait_events(dev, &ev, 1, o.timeout_ms,
						       UIRQ_WAIT_UNMASK);
		} while (ret == -EINTR);
		if (ret == 1)
			ret = 0;
		if (ret == -ETIMEDOUT) {
			if (!o.quiet)
				fprintf(stderr, "uirq-edu: %s: no event for value %#x within %d ms\n",
					bdf, v, o.timeout_ms);
			/*
			 * Resynchronise: clear the status ourselves and throw
			 * away an event that arrives late, so that the next
			 * value is compared with its own event.
			 */
			bar0[EDU_IRQ_ACK / 4] = bar0[EDU_IRQ_STATUS / 4];
			uirq_unmask(dev);
			while (uirq_read_events(dev, &ev, 1) == 1)
				late++;
			continue;
		}
		if (ret) {
			fprintf(stderr, "uirq-edu: %s: waiting for an event: %s\n",
				bdf, strerror(-ret));
			fail = 1;
			break;
		}
		received++;
		lat_add(&to_ack, ev.timestamp_ns - t_raise);
		lat_add(&to_wake, now_ns() - ev.timestamp_ns);
		if (!(ev.cap_mask & 1) || ev.cap[0] != v) {
			mismatched++;
			if (!o.quiet)
				fprintf(stderr, "uirq-edu: %s: event seq %" PRIu64 ": raised %#x, captured %#" PRIx64 "%s\n",
					bdf, (uint64_t)ev.seq, v,
					(uint64_t)ev.cap[0],
					ev.cap_mask & 1 ? "" : " (cap 0 not written)");
		}
		if (ev.dropped && !o.quiet)
			fprintf(stderr, "uirq-edu: %s: the kernel dropped %u events before seq %" PRIu64 "\n",
				bdf, ev.dropped, (uint64_t)ev.seq);
		seq = ev.seq;
		ret = o.classic ? uirq_unmask(dev) : 0;
		if (ret) {
			fprintf(stderr, "uirq-edu: %s: UIRQ_UNMASK: %s\n", bdf,
				strerror(-ret));
			fail = 1;
			break;
		}
	}
	t0 = now_ns() - t0;

	if (o.verbose) {
		ret = uirq_get_stats(dev, &st, 0);
		if (ret) {
			fprintf(stderr, "uirq-edu: %s: UIRQ_GET_STATS: %s\n", bdf,
				strerror(-ret));
			fail = 1;
		} else {
			uint64_t runs = st.handled + st.declined;

			printf("%s: stats handled %" PRIu64 " declined %" PRIu64
			       " quiet %" PRIu64 " events %" PRIu64
			       " dropped %" PRIu64 " enable_runs %" PRIu64
			       " unmask_events %" PRIu64 " max_ns %" PRIu64
			       " mean_ns %" PRIu64 "\n", bdf,
			       (uint64_t)st.handled, (uint64_t)st.declined,
			       (uint64_t)st.quiet, (uint64_t)st.events,
			       (uint64_t)st.dropped, (uint64_t)st.enable_runs,
			       (uint64_t)st.unmask_events, (uint64_t)st.max_ns,
			       runs ? (uint64_t)(st.total_ns / runs) : 0);
		}
		lat_print(bdf, "raise->ack", &to_ack);
		lat_print(bdf, "ack->wakeup", &to_wake);
		printf("%s: %" PRIu64 " interrupts in %.3f s (%.0f/s), last seq %" PRIu64
		       ", late events %" PRIu64 "\n", bdf, (uint64_t)received,
		       t0 / 1e9, t0 ? (double)received * 1e9 / (double)t0 : 0.0,
		       (uint64_t)seq, (uint64_t)late);
	}
	ret = 0;
out:
	bus_armed = 0;
	if (irq_on) {
		int r = uirq_irq_off(dev);

		/* A removed device has already freed its IRQ: said above. */
		if (r && r != -ENODEV) {
			fprintf(stderr, "uirq-edu: %s: UIRQ_IRQ_OFF: %s\n", bdf,
				strerror(-r));
			fail = 1;
		}
	}
	uirq_close(dev);
	if (ret)
		fail = 1;
	printf("%s: raised %" PRIu64 " received %" PRIu64 " mismatched %" PRIu64
	       " lost %" PRIu64 "\n", bdf, (uint64_t)raised, (uint64_t)received,
	       (uint64_t)mismatched, (uint64_t)(raised - received));
	fflush(stdout);
	if (fail || mismatched || raised != received ||
	    (!o.forever && raised != o.count))
		return 1;
	return 0;
}
