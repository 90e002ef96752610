// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fuzz_dev: hostile input for uirq.ko's device file, while the device
 * interrupts (tests/vm/scenarios/fuzzdev.sh, make check-vm-fuzzdev).
 *
 *   fuzz_dev --device BDF [--seed N] [--ops N] [--threads N] [options]
 *
 * Fuzz threads (--threads, default 2) share one open file of the device
 * and issue random operations: ioctls (real commands and their
 * neighbours, random argsz/flags/resv and contents, pointers that are
 * valid, NULL, small integers, unmapped, PROT_NONE, read-only, ending at
 * the edge of a mapped page, in kernel space, or into the device's own BAR
 * mapping), program loads (random, mutated and good programs, bad insns
 * and log pointers, every kind), IRQ on/off/unmask, read()/write() at file
 * position 0, pread()/pwrite() of every region index -1..17 at random
 * offsets and widths, mmap() with random offsets, lengths, protections
 * and flags and then touching the mapping (SIGSEGV/SIGBUS caught and
 * counted), poll/ppoll/epoll, eventfds (real, bad, closed), fcntl
 * (O_NONBLOCK, O_ASYNC, F_SETOWN, F_SETSIG). Meanwhile a raiser thread
 * raises edu interrupts through a libuirq mapping of BAR0 (register 0x60
 * only), and a child process keeps opening the device: O_RDWR must give
 * EBUSY while this process holds it, an O_RDONLY observer must not be able
 * to change anything. In the second half of the run (unless --no-reopen)
 * the main thread closes and reopens the device over and over while the
 * others keep going (they see EBADF, or another file at that number).
 *
 * Every result must be a success or one of a small set of errnos (EINVAL,
 * EFAULT, ENOTTY, EBUSY, EPERM, EIO, ENODEV, EAGAIN, EBADF, E2BIG, ENOMEM,
 * EACCES, ETIMEDOUT, EINTR, EOPNOTSUPP, ENXIO, ESPIPE); successes are
 * checked for sanity where the file is known to be the device (counts,
 * struct contents, verifier properties, event records). Anything else is
 * a failure, printed with the operation that produced it.
 *
 * What is never done, because it would be real damage rather than a test
 * (the deny-list, see write_safe() and sanitize()): writes to edu's DMA
 * registers, BAR0 0x80..0x9f (a random DMA with bus mastering on writes
 * anywhere in guest memory), and setting bus mastering, PCI command
 * register bit 2 (config offset 4) - by pwrite, through a mapping, or by a
 * loaded program's store. Everything else is fair game.
 *
 * Output: "fuzz_dev: seed N" first (replay with --seed N --ops M; with
 * more than one thread the interleaving differs, each thread's sequence
 * does not), FAIL lines, a table of results by operation kind and errno,
 * "fuzz_dev: N ops in S s (R ops/s)" and last "fuzz_dev: N ops, N
 * failures". Exit status 0 only without failures; 2 on a usage error.
 *
 * Options: --raise-us N (raiser period, default 500), --no-raise,
 * --no-child, --no-reopen, --kinds LIST (comma-separated op kinds:
 * ioctl,load,irq,good,read,write,pread,pwrite,mmap,poll,eventfd,fcntl,
 * misc), --trace (print every op before it runs, for finding the one that
 * hangs or oopses), --hang S (an op running longer fails the run, default
 * 30), --no-intx-check (skip the check that a config write cannot clear
 * INTx-disable while the IRQ is off, see check_intx_off()), --offline N (no
 * device: generate N programs and check them with the offline verifier and
 * the deny-list; a host-side self-test).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_BAR0_SIZE	0x100000ull
/* The deny-list: edu's DMA engine (src 0x80, dst 0x88, count 0x90, cmd 0x98). */
#define EDU_DMA_START	0x80u
#define EDU_DMA_END	0xa0u
/* ... and bus mastering: PCI command register (config 4), bit 2. */
#define PCI_CMD_OFF	4u
#define PCI_CMD_MASTER	0x04u

#define NINSN		70		/* instructions generated per program */
#define BUF_SIZE	(256 * 1024)	/* a thread's valid buffer */
#define A_STRUCT	0x0000		/* its areas */
#define A_INSNS		0x1000
#define A_LOG		0x3000
#define LOG_AREA	0x1000
#define A_VAL		0x8000
#define A_READ		0x10000
#define RO_INSNS	0x800		/* the read-only page: a load_prog, then insns */
#define LOG_FILL	0xa5
#define ERR_SENTINEL	0x7eadbeef
#define MAX_THREADS	8
#define MAX_PRINT	60
#define STREAM_CHILD	100
#define STREAM_RAISER	101
#define STREAM_MAIN	102

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Random numbers: xorshift64*, seeded per stream by splitmix64.       */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t s;
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_init(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ ((stream + 1) * 0xd1b54a32d192ed03ull);

	r->s = splitmix64(&x);
	if (!r->s)
		r->s = 1;
}

static uint64_t rnd(struct rng *r)
{
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dull;
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? rnd(r) % n : 0;
}

static bool chance(struct rng *r, unsigned int pct)
{
	return below(r, 100) < pct;
}

#define PICK(r, arr)	((arr)[below((r), ARRAY_SIZE(arr))])

/* ------------------------------------------------------------------ */
/* Counting and failures                                               */
/* ------------------------------------------------------------------ */

enum kind {
	K_IOCTL, K_LOAD, K_IRQ, K_GOOD, K_READ, K_WRITE, K_PREAD, K_PWRITE,
	K_MMAP, K_POLL, K_EVENTFD, K_FCNTL, K_MISC,
	/* not chosen as ops: parts of them, and the other actors */
	K_TOUCH, K_DENIED, K_CHILD_RW, K_CHILD_RO, K_OBSERVER, K_REOPEN,
	K_RAISE, K_NUM
};
#define K_NUM_OPS	(K_MISC + 1)

static const char *const kind_name[K_NUM] = {
	"ioctl", "load", "irq", "good", "read", "write", "pread", "pwrite",
	"mmap", "poll", "eventfd", "fcntl", "misc", "touch", "denied",
	"child-rw", "child-ro", "observer", "reopen", "raise",
};

/* Relative frequency of each op kind (per mille). */
static const unsigned int op_weight[K_NUM_OPS] = {
	[K_IOCTL] = 230, [K_LOAD] = 150, [K_IRQ] = 80, [K_GOOD] = 25,
	[K_READ] = 90, [K_WRITE] = 40, [K_PREAD] = 80, [K_PWRITE] = 90,
	[K_MMAP] = 90, [K_POLL] = 45, [K_EVENTFD] = 45, [K_FCNTL] = 25,
	[K_MISC] = 10,
};

/* Result columns: 0 success, 1..134 errno, then faults and big errnos. */
#define COL_SEGV	135
#define COL_BUS		136
#define COL_HIGH	137
#define NCOL		138

/*
 * Shared with the child process (an anonymous shared mapping). The
 * counters are plain and updated with __atomic builtins.
 */
struct shared {
	uint64_t cnt[K_NUM][NCOL];
	uint64_t failures;
	/* odd while this process holds the device open, +1 at each change */
	_Atomic unsigned int gen;
	_Atomic int stop_child;
};
static struct shared *sh;

static const int allowed_errno[] = {
	EINVAL, EFAULT, ENOTTY, EBUSY, EPERM, EIO, ENODEV, EAGAIN, EBADF,
	E2BIG, ENOMEM, EACCES, ETIMEDOUT, EINTR, EOPNOTSUPP, ENXIO, ESPIPE,
};

static bool errno_ok(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(allowed_errno); i++)
		if (err == allowed_errno[i])
			return true;
	return false;
}

static const char *ename(int err)
{
	const char *n = strerrorname_np(err);

	return n ? n : "E?";
}

static unsigned int col_of(int err)
{
	if (err <= 0)
		return 0;
	if (err >= COL_SEGV)
		return COL_HIGH;
	return (unsigned int)err;
}

static void count(enum kind k, unsigned int col)
{
	__atomic_fetch_add(&sh->cnt[k][col], 1, __ATOMIC_RELAXED);
}

/* One actor: a fuzz thread, the child, the raiser or the main thread. */
struct tctx {
	int id;
	char name[16];
	struct rng r;
	uint8_t *buf;		/* BUF_SIZE bytes, read-write */
	uint8_t *edge[3];	/* read-write pages, each followed by a hole */
	uint8_t *hole;		/* = edge[0] + page: never mapped */
	uint8_t *scratch;	/* reserved (PROT_NONE) room for MAP_FIXED */
	bool scratch_ok;
	timer_t timer;
	bool timer_ok;
	int efd[4];		/* eventfds this thread created */
	unsigned int nefd;
	uint64_t nops, opno;
	int fd;			/* the device's fd number at op start */
	unsigned int gen0;	/* sh->gen at op start */
	void *devmap;		/* a transient mapping of BAR0 pages 1.. */
	uint64_t op_start;	/* ns, 0 between ops (watchdog; __atomic) */
	char desc[384];
	pthread_t th;
};

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static bool opt_trace, opt_intx_check = true;
static const char *opt_bdf;
static uint64_t opt_seed, opt_ops = 100000;

__attribute__((format(printf, 2, 3)))
static void failf(struct tctx *t, const char *fmt, ...)
{
	uint64_t n = __atomic_fetch_add(&sh->failures, 1, __ATOMIC_SEQ_CST);
	va_list ap;

	if (n >= MAX_PRINT) {
		if (n == MAX_PRINT)
			printf("fuzz_dev: FAIL ... (more failures not printed)\n");
		fflush(stdout);
		return;
	}
	pthread_mutex_lock(&print_lock);
	printf("fuzz_dev: FAIL [%s op %" PRIu64 "] ", t->name, t->opno);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
}

__attribute__((format(printf, 2, 3)))
static void op_desc(struct tctx *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->desc, sizeof(t->desc), fmt, ap);
	va_end(ap);
	if (opt_trace) {
		pthread_mutex_lock(&print_lock);
		printf("trace %s %" PRIu64 " fd %d: %s\n", t->name, t->opno,
		       t->fd, t->desc);
		fflush(stdout);
		pthread_mutex_unlock(&print_lock);
	}
}

/*
 * Count a syscall's result (@ret < 0: it failed with @err). Return true on
 * success. Any errno outside the allowed set is a failure.
 */
static bool record(struct tctx *t, enum kind k, long ret, int err)
{
	if (ret >= 0) {
		count(k, 0);
		return true;
	}
	count(k, col_of(err));
	if (!errno_ok(err))
		failf(t, "%s: %s -> %s (%d), not an allowed errno", kind_name[k],
		      t->desc, ename(err), err);
	return false;
}

/* The op's file was this process's device file from start to end. */
static bool stable(const struct tctx *t)
{
	unsigned int g = atomic_load(&sh->gen);

	return g == t->gen0 && (g & 1u);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_us(uint64_t us)
{
	struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ------------------------------------------------------------------ */
/* Signals                                                             */
/* ------------------------------------------------------------------ */

static _Thread_local sigjmp_buf fault_jb;
static _Thread_local volatile sig_atomic_t fault_armed;
static _Atomic uint64_t notes;	/* SIGIO, RT signals, timer expiries */
static _Atomic uint64_t records_read;	/* event records read() returned */

static void on_fault(int sig)
{
	if (fault_armed) {
		fault_armed = 0;
		siglongjmp(fault_jb, sig);
	}
	signal(sig, SIG_DFL);	/* a real crash of ours: die with it */
	raise(sig);
}

static void on_note(int sig)
{
	(void)sig;
	atomic_fetch_add_explicit(&notes, 1, memory_order_relaxed);
}

#define SIG_TIMER	(SIGRTMIN + 2)
#define SIG_IO_RT	(SIGRTMIN + 3)

static void setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	/* No SA_RESTART: a blocked read must come back with EINTR. */
	sa.sa_handler = on_note;
	sigaction(SIGIO, &sa, NULL);
	sigaction(SIG_TIMER, &sa, NULL);
	sigaction(SIG_IO_RT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * One access of @w bytes at @p; a fault comes back as its signal number.
 * Return: 0 or SIGSEGV/SIGBUS.
 */
static int touch(volatile uint8_t *p, unsigned int w, bool write, uint64_t v)
{
	int sig;

	fault_armed = 1;
	sig = sigsetjmp(fault_jb, 1);
	if (sig)
		return sig;
	switch (w) {
	case 1:
		if (write)
			*p = (uint8_t)v;
		else
			(void)*p;
		break;
	case 2:
		if (write)
			*(volatile uint16_t *)p = (uint16_t)v;
		else
			(void)*(volatile uint16_t *)p;
		break;
	case 4:
		if (write)
			*(volatile uint32_t *)p = (uint32_t)v;
		else
			(void)*(volatile uint32_t *)p;
		break;
	default:
		if (write)
			*(volatile uint64_t *)p = v;
		else
			(void)*(volatile uint64_t *)p;
		break;
	}
	fault_armed = 0;
	return 0;
}

/*
 * A blocking read may wait for an event that never comes: interrupt it.
 * The timer repeats until disarmed: a thread preempted between arming and
 * the syscall would otherwise take the one signal before it blocks.
 */
static void arm_timer(struct tctx *t, unsigned int ms)
{
	struct itimerspec its;

	if (!t->timer_ok)
		return;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = (long)ms * 1000000;
	its.it_interval.tv_nsec = 2000000;
	timer_settime(t->timer, 0, &its, NULL);
}

static void disarm_timer(struct tctx *t)
{
	struct itimerspec its;

	if (!t->timer_ok)
		return;
	memset(&its, 0, sizeof(its));
	timer_settime(t->timer, 0, &its, NULL);
}

static void setup_timer(struct tctx *t)
{
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIG_TIMER;
	sev._sigev_un._tid = gettid();
	t->timer_ok = timer_create(CLOCK_MONOTONIC, &sev, &t->timer) == 0;
}

/* ------------------------------------------------------------------ */
/* Programs                                                            */
/* ------------------------------------------------------------------ */

static const char init_s[] =
	".kind init\n"
	"        st32  bar0[0x20], 0\n"
	"        ld32  r0, bar0[0x24]\n"
	"        ret   quiet\n";

/* Pairs with edu_mask_ack_s: clear INTx-disable again. */
static const char enable_s[] =
	".kind enable\n"
	"        ld16  r1, cfg[0x4]\n"
	"        and   r1, 0xfbff\n"
	"        st16  cfg[0x4], r1\n"
	"        ret   quiet\n";

enum { T_ACK, T_MASK_ACK, T_RELEASE, T_INIT, T_ENABLE, T_NUM };

struct tmpl {
	const char *name;
	const char *src;
	uint32_t kind;
	unsigned int n;
	struct uirq_insn insns[UIRQ_MAX_INSNS];
};

static struct tmpl tmpls[T_NUM] = {
	[T_ACK] = { "ack", edu_ack_s, 0, 0, { { 0 } } },
	[T_MASK_ACK] = { "mask_ack", edu_mask_ack_s, 0, 0, { { 0 } } },
	[T_RELEASE] = { "release", edu_release_s, 0, 0, { { 0 } } },
	[T_INIT] = { "init", init_s, 0, 0, { { 0 } } },
	[T_ENABLE] = { "enable", enable_s, 0, 0, { { 0 } } },
};

static int assemble_templates(void)
{
	static struct uirq_program prog;
	char err[256];
	unsigned int i;

	for (i = 0; i < T_NUM; i++) {
		if (uirq_asm_string(tmpls[i].src, tmpls[i].name, &prog, err,
				    sizeof(err))) {
			fprintf(stderr, "fuzz_dev: assembling %s: %s\n",
				tmpls[i].name, err);
			return -1;
		}
		tmpls[i].kind = prog.kind;
		tmpls[i].n = prog.count;
		memcpy(tmpls[i].insns, prog.insns, prog.count * sizeof(prog.insns[0]));
	}
	return 0;
}

static const uint8_t valid_ops[] = {
	UIRQ_OP_LD8, UIRQ_OP_LD16, UIRQ_OP_LD32, UIRQ_OP_LD64,
	UIRQ_OP_ST8, UIRQ_OP_ST16, UIRQ_OP_ST32, UIRQ_OP_ST64,
	UIRQ_OP_MOV, UIRQ_OP_AND, UIRQ_OP_OR, UIRQ_OP_XOR, UIRQ_OP_ADD,
	UIRQ_OP_SUB, UIRQ_OP_SHL, UIRQ_OP_SHR, UIRQ_OP_NOT,
	UIRQ_OP_JA, UIRQ_OP_JEQ, UIRQ_OP_JNE, UIRQ_OP_JGT, UIRQ_OP_JGE,
	UIRQ_OP_JLT, UIRQ_OP_JLE, UIRQ_OP_JSET, UIRQ_OP_JCLR,
	UIRQ_OP_CAP, UIRQ_OP_DELAY, UIRQ_OP_RET, UIRQ_OP_RET, UIRQ_OP_RET,
};

static const uint32_t edu_regs[] = {
	0x00, 0x04, 0x08, 0x20, 0x24, 0x24, 0x24, 0x60, 0x64, 0x64,
	0x80, 0x88, 0x90, 0x98, 0x100,
};

static const uint32_t cfg_regs[] = {
	0x04, 0x04, 0x04, 0x05, 0x06, 0x0c, 0x0d, 0x10, 0x30, 0x3c, 0x3d,
	0x40, 0x42, 0x44, 0x48,
};

static uint64_t interesting(struct rng *r)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 0x400, 0x404, 0xfbff, 0xff, 0xffff, 0xffffffff,
		~0ull, 1ull << 63, 63, 64, 65, 0x80, 0x100000,
	};

	if (chance(r, 70))
		return PICK(r, v);
	return chance(r, 50) ? below(r, 256) : rnd(r);
}

static unsigned int op_width(uint8_t op)
{
	if (op >= UIRQ_OP_LD8 && op <= UIRQ_OP_LD64)
		return 1u << (op - UIRQ_OP_LD8);
	if (op >= UIRQ_OP_ST8 && op <= UIRQ_OP_ST64)
		return 1u << (op - UIRQ_OP_ST8);
	return 0;
}

static uint32_t pick_off(struct rng *r, uint16_t region, unsigned int w)
{
	if (!w)
		w = 4;
	if (region == UIRQ_REGION_BAR0) {
		switch (below(r, 10)) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			return PICK(r, edu_regs);
		case 6:
			return (uint32_t)below(r, EDU_BAR0_SIZE) & ~(w - 1);
		case 7:
			return (uint32_t)(EDU_BAR0_SIZE - w + w * below(r, 2));
		case 8:
			return (uint32_t)below(r, 0x100);
		default:
			return (uint32_t)rnd(r);
		}
	}
	if (region == UIRQ_REGION_CFG) {
		switch (below(r, 10)) {
		case 0: case 1: case 2: case 3: case 4: case 5: case 6:
			return (uint32_t)below(r, 256) & ~(w - 1);
		case 7:
			return chance(r, 50) ? 256 : 4096 - w;
		case 8:
			return (uint32_t)below(r, 256);
		default:
			return (uint32_t)rnd(r);
		}
	}
	return chance(r, 70) ? (uint32_t)below(r, 0x1000) : (uint32_t)rnd(r);
}

static void rand_insn(struct rng *r, struct uirq_insn *in, unsigned int idx,
		      unsigned int n, bool small_imm)
{
	uint8_t op;

	memset(in, 0, sizeof(*in));
	op = chance(r, 90) ? PICK(r, valid_ops) : (uint8_t)rnd(r);
	in->op = op;
	if (op_width(op)) {
		in->region = chance(r, 50) ? UIRQ_REGION_BAR0 :
			     chance(r, 60) ? UIRQ_REGION_CFG :
			     chance(r, 70) ? (uint16_t)below(r, 16) : (uint16_t)rnd(r);
		in->off = pick_off(r, in->region, op_width(op));
		if (op >= UIRQ_OP_ST8) {
			in->mode = (uint8_t)below(r, 2);
			in->src = (uint8_t)below(r, UIRQ_NUM_REGS);
			if (in->mode == UIRQ_MODE_IMM)
				in->imm = interesting(r);
		} else {
			in->dst = (uint8_t)below(r, UIRQ_NUM_REGS);
		}
	} else if (op >= UIRQ_OP_MOV && op <= UIRQ_OP_NOT) {
		in->dst = (uint8_t)below(r, UIRQ_NUM_REGS);
		if (op != UIRQ_OP_NOT) {
			in->mode = (uint8_t)below(r, 2);
			if (in->mode == UIRQ_MODE_REG)
				in->src = (uint8_t)below(r, UIRQ_NUM_REGS);
			else
				in->imm = interesting(r);
		}
	} else if (op >= UIRQ_OP_JA && op <= UIRQ_OP_JCLR) {
		in->jump = chance(r, 85) ? (int16_t)below(r, n > idx ? n - idx : 1) :
					   (int16_t)rnd(r);
		if (op != UIRQ_OP_JA) {
			in->dst = (uint8_t)below(r, UIRQ_NUM_REGS);
			in->mode = (uint8_t)below(r, 2);
			if (in->mode == UIRQ_MODE_REG)
				in->src = (uint8_t)below(r, UIRQ_NUM_REGS);
			else
				in->imm = interesting(r);
		}
	} else if (op == UIRQ_OP_CAP) {
		in->mode = UIRQ_MODE_REG;
		in->src = (uint8_t)below(r, UIRQ_NUM_REGS);
		in->off = chance(r, 85) ? (uint32_t)below(r, UIRQ_NUM_CAPS) : (uint32_t)rnd(r);
	} else if (op == UIRQ_OP_DELAY) {
		in->off = chance(r, 85) ? 1 + (uint32_t)below(r, UIRQ_MAX_DELAY_US) :
					  (uint32_t)rnd(r);
	} else if (op == UIRQ_OP_RET) {
		in->imm = chance(r, 85) ? below(r, 3) : interesting(r);
	} else {
		in->dst = (uint8_t)rnd(r);
		in->imm = rnd(r);
	}
	/* Now and then a field that must be zero or in range is not. */
	if (chance(r, 5)) {
		switch (below(r, 5)) {
		case 0: in->resv = (uint32_t)rnd(r); break;
		case 1: in->dst = (uint8_t)rnd(r); break;
		case 2: in->src = (uint8_t)rnd(r); break;
		case 3: in->mode = (uint8_t)rnd(r); break;
		default: in->region = (uint16_t)rnd(r); break;
		}
	}
	if (small_imm)
		in->imm &= 0xffff;
}

/*
 * The deny-list for programs: a store that could reach edu's DMA registers
 * is moved off them (offset bit 7 flipped: same alignment, 0x00..0x1f or
 * 0xf8..0xff), and a store that covers config byte 4 and could set bus
 * mastering (anything but an immediate with bit 2 of that byte clear) is
 * moved to the cache line size register. Whatever the region field says:
 * the verifier is what is being tested. Return: stores patched.
 */
static unsigned int sanitize(struct uirq_insn *in, unsigned int n)
{
	unsigned int i, w, shift, patched = 0;
	uint64_t lo, hi;

	for (i = 0; i < n; i++) {
		if (in[i].op < UIRQ_OP_ST8 || in[i].op > UIRQ_OP_ST64)
			continue;
		w = op_width(in[i].op);
		lo = in[i].off;
		hi = lo + w;
		if (lo < EDU_DMA_END && hi > EDU_DMA_START) {
			in[i].off ^= 0x80;
			lo = in[i].off;
			hi = lo + w;
			patched++;
		}
		if (lo <= PCI_CMD_OFF && hi > PCI_CMD_OFF) {
			shift = (unsigned int)(PCI_CMD_OFF - lo) * 8;
			if (in[i].mode != UIRQ_MODE_IMM ||
			    ((in[i].imm >> shift) & PCI_CMD_MASTER)) {
				in[i].off = w == 8 ? 0x08 : 0x0c;
				patched++;
			}
		}
	}
	return patched;
}

/* Does @in (n insns) store into the deny-list? (The offline self-test.) */
static bool denied_store(const struct uirq_insn *in, unsigned int n)
{
	unsigned int i, w, shift;
	uint64_t lo, hi;

	for (i = 0; i < n; i++) {
		if (in[i].op < UIRQ_OP_ST8 || in[i].op > UIRQ_OP_ST64)
			continue;
		w = op_width(in[i].op);
		lo = in[i].off;
		hi = lo + w;
		if (lo < EDU_DMA_END && hi > EDU_DMA_START)
			return true;
		if (lo <= PCI_CMD_OFF && hi > PCI_CMD_OFF) {
			shift = (unsigned int)(PCI_CMD_OFF - lo) * 8;
			if (in[i].mode != UIRQ_MODE_IMM ||
			    ((in[i].imm >> shift) & PCI_CMD_MASTER))
				return true;
		}
	}
	return false;
}

enum { G_TMPL, G_MUT, G_RAND, G_GARBAGE, G_NUM };
static const char *const gen_name[G_NUM] = { "tmpl", "mut", "rand", "garbage" };

/*
 * Fill @out[NINSN] with a program and sanitized filler after it (a count
 * larger than the program reads sanitized instructions too). Return its
 * length; *@kind is the kind it was made for, *@how G_*.
 */
static unsigned int gen_prog(struct rng *r, struct uirq_insn *out,
			     uint32_t *kind, unsigned int *how, char *what,
			     size_t wlen)
{
	unsigned int n = 0, i, j, m, tn, g;
	const struct tmpl *tp;
	uint8_t *bytes;

	g = (unsigned int)below(r, 100);
	g = g < 15 ? G_TMPL : g < 55 ? G_MUT : g < 92 ? G_RAND : G_GARBAGE;
	*how = g;
	*kind = (uint32_t)below(r, UIRQ_PROG_NUM_KINDS);
	switch (g) {
	case G_TMPL:
	case G_MUT:
		tn = (unsigned int)below(r, T_NUM);
		tp = &tmpls[tn];
		n = tp->n;
		memcpy(out, tp->insns, n * sizeof(*out));
		*kind = tp->kind;
		if (g == G_TMPL) {
			snprintf(what, wlen, "tmpl %s", tp->name);
			break;
		}
		m = 1 + (unsigned int)below(r, 3);
		for (j = 0; j < m; j++) {
			i = (unsigned int)below(r, n);
			switch (below(r, 9)) {
			case 0: case 1: case 2:	/* flip a bit */
				bytes = (uint8_t *)&out[i];
				bytes[below(r, sizeof(*out))] ^= (uint8_t)(1u << below(r, 8));
				break;
			case 3:
				out[i].off = chance(r, 50) ? pick_off(r, out[i].region,
								       op_width(out[i].op)) :
							     (uint32_t)interesting(r);
				break;
			case 4:
				out[i].imm = interesting(r);
				break;
			case 5:
				out[i].jump = (int16_t)(chance(r, 70) ? below(r, n + 2) :
							rnd(r));
				break;
			case 6:	/* replace */
				rand_insn(r, &out[i], i, n, false);
				break;
			case 7:	/* insert or delete */
				if (chance(r, 50) && n < UIRQ_MAX_INSNS + 2) {
					memmove(&out[i + 1], &out[i], (n - i) * sizeof(*out));
					rand_insn(r, &out[i], i, n + 1, false);
					n++;
				} else if (n > 1) {
					memmove(&out[i], &out[i + 1], (n - i - 1) * sizeof(*out));
					n--;
				}
				break;
			default:	/* region */
				out[i].region = chance(r, 70) ? (uint16_t)below(r, 17) :
								(uint16_t)rnd(r);
				break;
			}
		}
		snprintf(what, wlen, "mut %s x%u", tp->name, m);
		break;
	case G_RAND:
		n = chance(r, 40) ? 1 + (unsigned int)below(r, 8) :
				    1 + (unsigned int)below(r, UIRQ_MAX_INSNS);
		for (i = 0; i < n; i++)
			rand_insn(r, &out[i], i, n, false);
		if (chance(r, 70)) {
			memset(&out[n - 1], 0, sizeof(*out));
			out[n - 1].op = UIRQ_OP_RET;
			out[n - 1].imm = below(r, 3);
		}
		snprintf(what, wlen, "rand %u", n);
		break;
	default:
		n = 1 + (unsigned int)below(r, UIRQ_MAX_INSNS);
		bytes = (uint8_t *)out;
		for (i = 0; i < n * sizeof(*out); i++)
			bytes[i] = (uint8_t)rnd(r);
		snprintf(what, wlen, "garbage %u", n);
		break;
	}
	for (i = n; i < NINSN; i++)
		rand_insn(r, &out[i], i, NINSN, false);
	sanitize(out, NINSN);
	return n;
}

/* ------------------------------------------------------------------ */
/* Pointers                                                            */
/* ------------------------------------------------------------------ */

static long page_size;
static uint8_t *ro_page;	/* PROT_READ: a load_prog struct, then insns */
static uint8_t *none_page;	/* PROT_NONE */
static _Atomic int g_fd = -1;	/* the device's fd number */

enum pk {
	PK_VALID, PK_EDGE, PK_RO, PK_NULL, PK_SMALL, PK_HOLE, PK_NONE,
	PK_KERNEL, PK_WILD, PK_DEVMAP, PK_NUM
};
static const char *const pk_name[PK_NUM] = {
	"valid", "edge", "ro", "null", "small", "hole", "none", "kernel",
	"wild", "devmap",
};
enum { E_STRUCT, E_INSNS, E_BUF };	/* the edge page of each use */

static enum pk pick_pk(struct rng *r, unsigned int valid_pct)
{
	if (chance(r, valid_pct))
		return PK_VALID;
	return (enum pk)(1 + below(r, PK_NUM - 1));
}

static uint8_t *kernel_ptr(struct rng *r)
{
#if UINTPTR_MAX > 0xffffffffu
	static const uint64_t bases[] = {
		0xffff888000000000ull, 0xffffffff81000000ull,
		0xffffffffff600000ull, 0xffffc90000000000ull,
	};

	return (uint8_t *)(uintptr_t)(PICK(r, bases) + (below(r, 1u << 20) << 3));
#else
	/* 32-bit: every address is a user address; take unmapped low ones. */
	return (uint8_t *)(uintptr_t)(0x1000 + below(r, 0xf000));
#endif
}

static uint8_t *wild_ptr(struct rng *r)
{
#if UINTPTR_MAX > 0xffffffffu
	if (chance(r, 50))
		return (uint8_t *)(uintptr_t)((rnd(r) | (1ull << 63)) & ~7ull);
	if (chance(r, 50))
		return (uint8_t *)(uintptr_t)(0x0000800000000000ull + (below(r, 1u << 20) << 3));
	return (uint8_t *)(uintptr_t)(UINTPTR_MAX - below(r, 4096));
#else
	return (uint8_t *)(uintptr_t)(below(r, 0x10000));
#endif
}

/*
 * A transient read-write mapping of BAR0 pages 1..: edu has registers in
 * its first 0x100 bytes only, ignores writes elsewhere and reads them as
 * all ones, so the kernel may copy into and out of it safely. Released at
 * the end of the op (it holds a reference to the file).
 */
static uint8_t *devmap(struct tctx *t)
{
	uint64_t off;
	void *p;

	if (!t->devmap) {
		off = UIRQ_REGION_OFFSET(UIRQ_REGION_BAR0) +
		      (1 + below(&t->r, 200)) * (uint64_t)page_size;
		p = mmap(NULL, 2 * (size_t)page_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, t->fd, (off_t)off);
		if (p == MAP_FAILED)
			return NULL;
		t->devmap = p;
	}
	return t->devmap;
}

/*
 * The pointer of kind @k for @len bytes at @src (NULL: nothing to copy):
 * the valid buffer at @area, the edge page @e, the read-only page at
 * @ro_off, ... *@mapped gets the bytes accessible from it (0: none).
 */
static uint8_t *place(struct tctx *t, enum pk k, unsigned int e, size_t area,
		      size_t ro_off, const void *src, size_t len, size_t *mapped)
{
	struct rng *r = &t->r;
	size_t room;
	uint8_t *p;

	*mapped = 0;
	switch (k) {
	case PK_VALID:
		p = t->buf + area;
		if (src)
			memcpy(p, src, len);
		*mapped = BUF_SIZE - area;
		return p;
	case PK_EDGE:
		switch (below(r, 3)) {
		case 0:		/* exactly fits */
			room = len;
			break;
		case 1:		/* straddles into the hole */
			room = len > 1 ? 1 + (size_t)below(r, len - 1) : 1;
			break;
		default:	/* fits with room to spare */
			room = len + 1 + (size_t)below(r, 64);
			break;
		}
		if (room > (size_t)page_size)
			room = (size_t)page_size;
		if (!room)
			room = 1;
		p = t->edge[e] + page_size - room;
		if (src)
			memcpy(p, src, len < room ? len : room);
		*mapped = room;
		return p;
	case PK_RO:
		*mapped = (size_t)page_size - ro_off;
		return ro_page + ro_off;
	case PK_DEVMAP:
		p = devmap(t);
		if (!p)
			return NULL;
		room = len < (size_t)page_size ? len : (size_t)page_size;
		p += below(r, 2 * (uint64_t)page_size - room + 1) & ~(uint64_t)7;
		*mapped = (size_t)((uint8_t *)t->devmap + 2 * page_size - p);
		return p;
	case PK_NULL:
		return NULL;
	case PK_SMALL:
		return (uint8_t *)(uintptr_t)(1 + below(r, 0xffff));
	case PK_HOLE:
		return t->hole + below(r, (uint64_t)page_size);
	case PK_NONE:
		return none_page + below(r, (uint64_t)page_size);
	case PK_KERNEL:
		return kernel_ptr(r);
	default:
		return wild_ptr(r);
	}
}

/*
 * The deny-list for pwrite(): never BAR0 0x80..0x9f, and never a value
 * with bus mastering for config byte 4 (cleared in a buffer of ours,
 * refused where it cannot be cleared). The kernel gets nothing from an
 * unmapped pointer. Return: false to skip the write.
 */
static bool write_safe(enum pk k, uint8_t *p, size_t mapped, uint64_t pos,
		       size_t count)
{
	uint64_t idx = pos >> UIRQ_REGION_OFFSET_SHIFT;
	uint64_t off = pos & ((1ull << UIRQ_REGION_OFFSET_SHIFT) - 1);
	uint64_t end = count > (1u << 24) ? UINT64_MAX : off + count;
	size_t i;

	if (idx == 0 || idx > UIRQ_MAX_REGIONS)
		return true;	/* not a region: never reaches the device */
	if (idx - 1 == UIRQ_REGION_BAR0 && off < EDU_DMA_END && end > EDU_DMA_START)
		return false;
	if (idx - 1 != UIRQ_REGION_CFG || off > PCI_CMD_OFF || end <= PCI_CMD_OFF)
		return true;
	i = (size_t)(PCI_CMD_OFF - off);
	switch (k) {
	case PK_VALID:
	case PK_EDGE:
		if (i < mapped)
			p[i] &= (uint8_t)~PCI_CMD_MASTER;
		return true;
	case PK_RO:
		return i >= mapped || !(p[i] & PCI_CMD_MASTER);
	case PK_DEVMAP:
		return false;
	default:
		return true;
	}
}

/* ------------------------------------------------------------------ */
/* ioctls                                                              */
/* ------------------------------------------------------------------ */

union args {
	struct uirq_info info;
	struct uirq_region_info ri;
	struct uirq_load_prog lp;
	struct uirq_irq_ctl ctl;
	struct uirq_stats st;
	struct uirq_eventfd ue;
	struct uirq_wait w;
	struct uirq_vector_eventfd ve;
	int i;
	uint8_t raw[256];
};

#define UIRQ_NR(cmd)	(_IOC_TYPE(cmd) == UIRQ_TYPE ? (int)_IOC_NR(cmd) - UIRQ_BASE : -1)

static const unsigned long real_cmds[] = {
	UIRQ_GET_INFO, UIRQ_GET_REGION_INFO, UIRQ_LOAD_PROG, UIRQ_IRQ_ON,
	UIRQ_IRQ_OFF, UIRQ_UNMASK, UIRQ_GET_STATS, UIRQ_SET_EVENTFD, UIRQ_WAIT,
	UIRQ_SET_VECTOR_EVENTFD, UIRQ_LOAD_VECTOR_PROG,
};
static const char *const real_names[] = {
	"GET_INFO", "GET_REGION_INFO", "LOAD_PROG", "IRQ_ON", "IRQ_OFF",
	"UNMASK", "GET_STATS", "SET_EVENTFD", "WAIT", "SET_VECTOR_EVENTFD",
	"LOAD_VECTOR_PROG",
};

/* The VFS's own ioctls, which reach every file (FIBMAP and FIGETBSZ: 1, 2). */
static const unsigned long vfs_cmds[] = {
	FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX, FIONREAD, FIOQSIZE, TCGETS,
	_IO(0x00, 1), _IO(0x00, 2),
};

static unsigned long pick_cmd(struct rng *r)
{
	unsigned int p = (unsigned int)below(r, 100);
	uint32_t c;

	if (p < 65)
		return PICK(r, real_cmds);
	if (p < 80) {
		switch (below(r, 4)) {
		case 0:
			return _IO(UIRQ_TYPE, UIRQ_BASE - 4 + below(r, 17));
		case 1:
			return _IOC(below(r, 4), UIRQ_TYPE, UIRQ_BASE + below(r, 8),
				    below(r, 0x4000));
		case 2:
			return _IO(UIRQ_TYPE + (chance(r, 50) ? 1 : -1),
				   UIRQ_BASE + below(r, 8));
		default:
			return _IO(UIRQ_TYPE, below(r, 256));
		}
	}
	if (p < 90)
		return PICK(r, vfs_cmds);
	/*
	 * Fully random, but not the VFS's file system ioctls ('X' freeze/
	 * thaw, 0x94 clone/dedupe, 'f'): they act on the devtmpfs, not on
	 * the device.
	 */
	do {
		c = (uint32_t)rnd(r);
	} while (_IOC_TYPE(c) == 'X' || _IOC_TYPE(c) == 0x94 || _IOC_TYPE(c) == 'f');
	return c;
}

static uint32_t pick_flags(struct rng *r)
{
	if (chance(r, 85))
		return 0;
	return chance(r, 60) ? 1u << below(r, 32) : (uint32_t)rnd(r);
}

static uint32_t pick_argsz(struct rng *r, uint32_t minsz, uint32_t full)
{
	if (chance(r, 55))
		return full;
	switch (below(r, 12)) {
	case 0: return 0;
	case 1: return 4;
	case 2: return 8;
	case 3: return minsz - 1;
	case 4: return minsz;
	case 5: return minsz + 1;
	case 6: return full - 1;
	case 7: return full + 1;
	case 8: return full + 8;
	case 9: return 4096;
	case 10: return 0xffffffffu;
	default: return (uint32_t)rnd(r);
	}
}

static void fill_random(struct rng *r, void *p, size_t len)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)rnd(r);
}

/* An fd for SET_EVENTFD: a real eventfd, -1, or something bad. */
static int pick_efd(struct tctx *t, const char **what)
{
	static const int bad[] = { -2, -100, INT_MIN, 9999, 0, 1, 2, 1 << 20 };
	struct rng *r = &t->r;

	if (t->nefd && chance(r, 50)) {
		*what = "eventfd";
		return t->efd[below(r, t->nefd)];
	}
	if (chance(r, 40)) {
		*what = "-1";
		return -1;
	}
	if (chance(r, 20)) {
		*what = "self";
		return t->fd;
	}
	*what = "bad";
	return PICK(r, bad);
}

/*
 * A LOAD_PROG argument: a program in the valid buffer's insns area
 * (sanitized), the insns and log pointers of random kinds.
 */
static void build_load(struct tctx *t, struct uirq_load_prog *lp, char *sum,
		       size_t sumlen, bool *log_valid)
{
	static const uint32_t log_sizes[] = {
		256, 256, 256, 256, 0, 1, 2, 7, 64, 4096, 0xffffffffu,
	};
	struct rng *r = &t->r;
	struct uirq_insn *ins = (struct uirq_insn *)(t->buf + A_INSNS);
	uint32_t hint, cnt;
	unsigned int n, how;
	char what[48];
	enum pk ik, lk;
	size_t mapped, len;
	uint8_t *ip, *lb;

	n = gen_prog(r, ins, &hint, &how, what, sizeof(what));
	memset(lp, 0, sizeof(*lp));
	fill_random(r, &lp->props, sizeof(lp->props));
	lp->argsz = chance(r, 75) ? (uint32_t)sizeof(*lp) :
				    pick_argsz(r, sizeof(*lp), sizeof(*lp));
	lp->flags = pick_flags(r);
	lp->kind = chance(r, 70) ? hint :
		   chance(r, 85) ? (uint32_t)below(r, UIRQ_PROG_NUM_KINDS) :
		   chance(r, 50) ? UIRQ_PROG_NUM_KINDS : (uint32_t)rnd(r);
	switch (below(r, 20)) {
	case 0: case 1: case 2: case 3:
		cnt = (uint32_t)below(r, NINSN + 1);
		break;
	case 4:
		cnt = chance(r, 50) ? 0 : chance(r, 50) ? UIRQ_MAX_INSNS : UIRQ_MAX_INSNS + 1;
		break;
	case 5:
		cnt = chance(r, 50) ? 0xffffffffu : (uint32_t)rnd(r);
		break;
	default:
		cnt = n;
		break;
	}
	lp->insn_cnt = cnt;
	ik = pick_pk(r, 80);
	len = (size_t)(cnt < NINSN ? cnt : NINSN) * sizeof(*ins);
	switch (ik) {
	case PK_VALID:
		ip = (uint8_t *)ins;
		break;
	case PK_RO:
		ip = ro_page + RO_INSNS;
		break;
	default:
		ip = place(t, ik, E_INSNS, 0, 0, ins, len ? len : sizeof(*ins), &mapped);
		break;
	}
	lp->insns = (uintptr_t)ip;

	*log_valid = false;
	lp->log_size = PICK(r, log_sizes);
	switch (below(r, 10)) {
	case 0: case 1: case 2:
		lk = PK_NULL;
		lb = NULL;
		break;
	case 3: case 4: case 5: case 6:
		lk = PK_VALID;
		lb = t->buf + A_LOG;
		memset(lb, LOG_FILL, LOG_AREA);
		*log_valid = true;
		break;
	case 7:
		lk = PK_EDGE;	/* short: the message runs into the hole */
		lb = place(t, lk, E_BUF, 0, 0, NULL, 1 + below(r, 48), &mapped);
		break;
	default:
		lk = (enum pk)(PK_RO + below(r, PK_NUM - PK_RO));
		lb = place(t, lk, E_BUF, 0, below(r, (uint64_t)page_size), NULL, 64,
			   &mapped);
		break;
	}
	lp->log_buf = (uintptr_t)lb;
	lp->err_insn = chance(r, 90) ? ERR_SENTINEL : (int32_t)rnd(r);
	snprintf(sum, sumlen,
		 "argsz=%u flags=%#x kind=%u cnt=%u insns=%s(%s) log=%s/%u",
		 lp->argsz, lp->flags, lp->kind, lp->insn_cnt, pk_name[ik], what,
		 pk_name[lk], lp->log_size);
}

/* Fill the argument of @cmd; *@len: the bytes to place. */
static void build_args(struct tctx *t, unsigned long cmd, union args *a,
		       size_t *len, char *sum, size_t sumlen, bool *log_valid)
{
	static const uint32_t ev_sizes[] = { 0, 0, 88, 96, 96, 104, 8192, 80, 92, 89 };
	struct rng *r = &t->r;
	const char *what;
	int nr = UIRQ_NR(cmd);

	fill_random(r, a, sizeof(*a));
	*len = sizeof(a->raw);
	sum[0] = '\0';
	switch (nr) {
	case 0:
		a->info.argsz = pick_argsz(r, offsetof(struct uirq_info, event_size),
					   sizeof(a->info));
		a->info.flags = pick_flags(r);
		a->info.resv = chance(r, 85) ? 0 : (uint16_t)rnd(r);
		*len = sizeof(a->info);
		snprintf(sum, sumlen, "argsz=%u flags=%#x resv=%#x", a->info.argsz,
			 a->info.flags, a->info.resv);
		break;
	case 1:
		a->ri.argsz = pick_argsz(r, sizeof(a->ri), sizeof(a->ri));
		a->ri.flags = pick_flags(r);
		a->ri.index = chance(r, 85) ? (uint32_t)below(r, 18) : (uint32_t)rnd(r);
		*len = sizeof(a->ri);
		snprintf(sum, sumlen, "argsz=%u flags=%#x index=%u", a->ri.argsz,
			 a->ri.flags, a->ri.index);
		break;
	case 2:
		build_load(t, &a->lp, sum, sumlen, log_valid);
		*len = sizeof(a->lp);
		break;
	case 3: case 4: case 5:
		a->ctl.argsz = pick_argsz(r, 8, sizeof(a->ctl));
		a->ctl.flags = nr == 3 && chance(r, 80) ?
			       (chance(r, 70) ? 0 : chance(r, 50) ? UIRQ_IRQ_RING :
				UIRQ_IRQ_EXCLUSIVE) : pick_flags(r);
		a->ctl.event_size = nr == 3 || chance(r, 10) ? PICK(r, ev_sizes) : 0;
		if (chance(r, 5))
			a->ctl.event_size = (uint32_t)rnd(r);
		a->ctl.resv = chance(r, 90) ? 0 : (uint32_t)rnd(r);
		/* API 4: now and then edu's one MSI vector instead of INTx. */
		a->ctl.vectors = chance(r, 90) ? 0 : chance(r, 70) ? 1 :
				 (uint32_t)below(r, 40);
		if (nr == 3 && a->ctl.vectors && chance(r, 80))
			a->ctl.flags = chance(r, 80) ? UIRQ_IRQ_MSI : UIRQ_IRQ_MSIX;
		a->ctl.resv2 = chance(r, 90) ? 0 : (uint32_t)rnd(r);
		*len = sizeof(a->ctl);
		snprintf(sum, sumlen, "argsz=%u flags=%#x event_size=%u resv=%#x vectors=%u resv2=%#x",
			 a->ctl.argsz, a->ctl.flags, a->ctl.event_size, a->ctl.resv,
			 a->ctl.vectors, a->ctl.resv2);
		break;
	case 6:
		a->st.argsz = pick_argsz(r, offsetof(struct uirq_stats, faults),
					 sizeof(a->st));
		a->st.flags = chance(r, 60) ? 0 : chance(r, 70) ? UIRQ_STATS_RESET :
			      pick_flags(r);
		*len = sizeof(a->st);
		snprintf(sum, sumlen, "argsz=%u flags=%#x", a->st.argsz, a->st.flags);
		break;
	case 7:
		a->ue.argsz = pick_argsz(r, sizeof(a->ue), sizeof(a->ue));
		a->ue.flags = pick_flags(r);
		a->ue.fd = pick_efd(t, &what);
		a->ue.resv = chance(r, 90) ? 0 : (uint32_t)rnd(r);
		*len = sizeof(a->ue);
		snprintf(sum, sumlen, "argsz=%u flags=%#x fd=%d(%s) resv=%#x",
			 a->ue.argsz, a->ue.flags, a->ue.fd, what, a->ue.resv);
		break;
	case 8: {
		/* Never an unbounded wait: nothing may be raising right now. */
		static const int64_t tmo[] = { 0, 0, 1000, 100000, 2000000, 20000000 };
		enum pk ek = pick_pk(r, 70);
		size_t mapped;

		a->w.argsz = pick_argsz(r, sizeof(a->w), sizeof(a->w));
		a->w.flags = chance(r, 70) ? (chance(r, 50) ? 0 : UIRQ_WAIT_UNMASK) :
			     pick_flags(r);
		a->w.timeout_ns = PICK(r, tmo);
		a->w.max_events = chance(r, 80) ? (uint32_t)below(r, 9) : (uint32_t)rnd(r);
		a->w.events = ek == PK_VALID ? (uintptr_t)(t->buf + A_READ) :
			      (uintptr_t)place(t, ek, E_BUF, 0, 0, NULL, 96, &mapped);
		if (chance(r, 10))
			a->w.events = 0;
		*len = sizeof(a->w);
		snprintf(sum, sumlen, "argsz=%u flags=%#x timeout=%" PRId64 " max=%u events=%s",
			 a->w.argsz, a->w.flags, (int64_t)a->w.timeout_ns, a->w.max_events,
			 pk_name[ek]);
		break;
	}
	case 9:
		a->ve.argsz = pick_argsz(r, sizeof(a->ve), sizeof(a->ve));
		a->ve.flags = pick_flags(r);
		a->ve.vector = chance(r, 85) ? (uint32_t)below(r, 34) : (uint32_t)rnd(r);
		a->ve.fd = pick_efd(t, &what);
		*len = sizeof(a->ve);
		snprintf(sum, sumlen, "argsz=%u flags=%#x vector=%u fd=%d(%s)",
			 a->ve.argsz, a->ve.flags, a->ve.vector, a->ve.fd, what);
		break;
	case 10:
		/* struct uirq_vector_prog is uirq_load_prog with vector for kind. */
		build_load(t, &a->lp, sum, sumlen, log_valid);
		a->lp.kind = chance(r, 85) ? (uint32_t)below(r, 3) : (uint32_t)rnd(r);
		*log_valid = false;
		*len = sizeof(a->lp);
		break;
	default:
		if (_IOC_TYPE(cmd) == 'T' || _IOC_TYPE(cmd) == 0) {
			a->i = chance(r, 70) ? (int)below(r, 2) : (int)rnd(r);
			snprintf(sum, sumlen, "int=%d", a->i);
		}
		break;
	}
}

static const char *cmd_name(unsigned long cmd, char *buf, size_t len)
{
	int nr = UIRQ_NR(cmd);

	if (nr >= 0 && nr < (int)ARRAY_SIZE(real_cmds) && cmd == real_cmds[nr])
		return real_names[nr];
	snprintf(buf, len, "%#lx", cmd);
	return buf;
}

/*
 * IRQ on/off take this for reading, the INTx check for writing: while it
 * holds it, the IRQ cannot go on or off underneath. (A reopen changes
 * sh->gen, which the check looks at instead.)
 */
static pthread_rwlock_t irq_lock = PTHREAD_RWLOCK_INITIALIZER;

static bool irq_cmd(unsigned long cmd)
{
	return cmd == UIRQ_IRQ_ON || cmd == UIRQ_IRQ_OFF;
}

static void check_info(struct tctx *t, const struct uirq_info *in,
		       const struct uirq_info *o)
{
	if (o->api_version != UIRQ_API_VERSION || o->vendor != EDU_VENDOR ||
	    o->device != EDU_DEVICE || o->num_regions != UIRQ_MAX_REGIONS ||
	    o->intx_pin < 1 || o->intx_pin > 4 || !o->irq ||
	    (o->flags & ~(0x7ffu | UIRQ_INFO_MSI_ON | UIRQ_INFO_MSIX_ON |
			  UIRQ_INFO_MSI_DMA)) ||
	    (o->flags & UIRQ_INFO_MSIX_ON) ||	/* edu has no MSI-X */
	    (in->argsz >= sizeof(*o) &&
	     (o->bus_type != UIRQ_BUS_PCI || !o->name[0])))
		failf(t, "%s: odd info: api %u id %04x:%04x regions %u pin %u irq %u flags %#x",
		      t->desc, o->api_version, o->vendor, o->device, o->num_regions,
		      o->intx_pin, o->irq, o->flags);
	/* API 4: edu offers one MSI vector, no MSI-X. */
	if (in->argsz >= sizeof(*o) &&
	    (o->msi_max != 1 || o->msix_max != 0 ||
	     o->vectors != !!(o->flags & UIRQ_INFO_MSI_ON)))
		failf(t, "%s: odd info: msi_max %u msix_max %u vectors %u flags %#x",
		      t->desc, o->msi_max, o->msix_max, o->vectors, o->flags);
	if (in->argsz >= sizeof(*o) &&
	    ((o->event_size != 88 && o->event_size != 96) ||
	     o->event_size_max != sizeof(struct uirq_event)))
		failf(t, "%s: odd info: event_size %u max %u", t->desc,
		      o->event_size, o->event_size_max);
}

static void check_region(struct tctx *t, const struct uirq_region_info *o)
{
	bool bad;

	if (o->index >= UIRQ_MAX_REGIONS) {
		failf(t, "%s: accepted index %u", t->desc, o->index);
		return;
	}
	if (o->index == UIRQ_REGION_BAR0)
		bad = o->type != UIRQ_REGION_TYPE_MMIO || o->size != EDU_BAR0_SIZE ||
		      !(o->flags & UIRQ_REGION_INFO_MMAP);
	else if (o->index == UIRQ_REGION_CFG)
		bad = o->type != UIRQ_REGION_TYPE_CFG ||
		      (o->size != 256 && o->size != 4096) ||
		      (o->flags & UIRQ_REGION_INFO_MMAP);
	else
		bad = o->type != UIRQ_REGION_TYPE_NONE || o->size || o->flags;
	if (bad || o->offset != UIRQ_REGION_OFFSET(o->index))
		failf(t, "%s: odd region %u: type %u size %#" PRIx64 " flags %#x offset %#" PRIx64,
		      t->desc, o->index, o->type, (uint64_t)o->size, o->flags,
		      (uint64_t)o->offset);
}

static void check_stats(struct tctx *t, const struct uirq_stats *in,
			const struct uirq_stats *o)
{
	if (o->flags || o->dropped > o->events || o->quiet > o->handled ||
	    (in->argsz >= sizeof(*o) && (o->fault > UIRQ_FAULT_CLAIM_RATE || o->resv)))
		failf(t, "%s: odd stats: flags %#x handled %" PRIu64 " quiet %" PRIu64
		      " events %" PRIu64 " dropped %" PRIu64 " fault %u",
		      t->desc, o->flags, (uint64_t)o->handled, (uint64_t)o->quiet,
		      (uint64_t)o->events, (uint64_t)o->dropped, o->fault);
}

static void check_load(struct tctx *t, const struct uirq_load_prog *in,
		       const struct uirq_load_prog *o, long ret, int err,
		       bool log_valid)
{
	const uint8_t *log = t->buf + A_LOG;
	uint32_t allowed_mask = (1u << UIRQ_REGION_BAR0) | (1u << UIRQ_REGION_CFG);
	size_t lim, i;

	if (ret == 0) {
		if (o->err_insn != -1 || (o->props.region_mask & ~allowed_mask) ||
		    (o->props.flags & ~0xfu) || o->props.max_steps > UIRQ_MAX_INSNS ||
		    o->props.max_delay_us > UIRQ_MAX_TOTAL_DELAY_US ||
		    (in->kind == UIRQ_PROG_ACK &&
		     o->props.max_delay_us > UIRQ_MAX_ACK_DELAY_US) ||
		    o->props.cap_mask > 0xff ||
		    o->props.win[UIRQ_REGION_BAR0].hi > EDU_BAR0_SIZE ||
		    o->props.win[UIRQ_REGION_CFG].hi > 4096)
			failf(t, "%s: accepted with odd result: err_insn %d regions %#x flags %#x steps %u delay %u caps %#x bar0 %#x..%#x cfg %#x..%#x",
			      t->desc, o->err_insn, o->props.region_mask, o->props.flags,
			      o->props.max_steps, o->props.max_delay_us, o->props.cap_mask,
			      o->props.win[0].lo, o->props.win[0].hi, o->props.win[7].lo,
			      o->props.win[7].hi);
		return;
	}
	if (err != EINVAL && err != EPERM)
		return;
	if (o->err_insn != in->err_insn && o->err_insn != -1 &&
	    (o->err_insn < 0 || (uint32_t)o->err_insn >= in->insn_cnt))
		failf(t, "%s: rejected with err_insn %d outside the program", t->desc,
		      o->err_insn);
	if (!log_valid || log[0] == LOG_FILL)
		return;
	if (!in->log_size) {
		failf(t, "%s: log written with log_size 0", t->desc);
		return;
	}
	lim = in->log_size < LOG_AREA ? in->log_size : LOG_AREA;
	for (i = 0; i < lim && log[i]; i++)
		;
	if (i == lim)
		failf(t, "%s: log not NUL-terminated within log_size", t->desc);
	else if (in->log_size < LOG_AREA && log[in->log_size] != LOG_FILL)
		failf(t, "%s: log written beyond log_size", t->desc);
}

static void op_ioctl(struct tctx *t, enum kind kind, unsigned long cmd,
		     unsigned int valid_pct)
{
	struct rng *r = &t->r;
	union args a, o;
	char sum[200], cbuf[24];
	bool log_valid = false;
	size_t len, mapped;
	enum pk k;
	uint8_t *p;
	long ret;
	int err, nr;

	build_args(t, cmd, &a, &len, sum, sizeof(sum), &log_valid);
	k = pick_pk(r, valid_pct);
	p = place(t, k, E_STRUCT, A_STRUCT, 0, &a, len, &mapped);
	op_desc(t, "ioctl(%s, %s%s%s)", cmd_name(cmd, cbuf, sizeof(cbuf)),
		pk_name[k], sum[0] ? " " : "", sum);
	if (irq_cmd(cmd))
		pthread_rwlock_rdlock(&irq_lock);
	ret = ioctl(t->fd, cmd, p);
	err = errno;
	if (irq_cmd(cmd))
		pthread_rwlock_unlock(&irq_lock);
	record(t, kind, ret, err);
	if (ret > 0)
		failf(t, "%s: returned %ld", t->desc, ret);
	if (k != PK_VALID || !stable(t))
		return;
	nr = UIRQ_NR(cmd);
	if (nr < 0 || nr > 7 || cmd != real_cmds[nr])
		return;
	memcpy(&o, p, sizeof(o));
	if (nr == 2)
		check_load(t, &a.lp, &o.lp, ret, err, log_valid);
	if (ret)
		return;
	switch (nr) {
	case 0:
		check_info(t, &a.info, &o.info);
		break;
	case 1:
		check_region(t, &o.ri);
		break;
	case 6:
		check_stats(t, &a.st, &o.st);
		break;
	}
}

/* A good driver's setup, so that the handler runs and events flow. */
static void load_tmpl(struct tctx *t, enum kind kind, unsigned int tn)
{
	struct uirq_load_prog lp;
	long ret;
	int err;

	memset(&lp, 0, sizeof(lp));
	lp.argsz = sizeof(lp);
	lp.kind = tmpls[tn].kind;
	lp.insn_cnt = tmpls[tn].n;
	lp.insns = (uintptr_t)tmpls[tn].insns;
	op_desc(t, "load template %s", tmpls[tn].name);
	ret = ioctl(t->fd, UIRQ_LOAD_PROG, &lp);
	err = errno;
	record(t, kind, ret, err);
	/* A good program is never rejected (EBUSY: ack with the IRQ on). */
	if (ret && stable(t) && (err == EINVAL || err == EPERM))
		failf(t, "%s: rejected: %s", t->desc, ename(err));
}

static void irq_ctl(struct tctx *t, enum kind kind, unsigned long cmd,
		    uint32_t flags, uint32_t event_size)
{
	struct uirq_irq_ctl ctl = { sizeof(ctl), flags, event_size, 0, 0, 0 };
	long ret;

	op_desc(t, "irq ctl %#lx event_size %u", cmd, event_size);
	pthread_rwlock_rdlock(&irq_lock);
	ret = ioctl(t->fd, cmd, &ctl);
	pthread_rwlock_unlock(&irq_lock);
	record(t, kind, ret, errno);
}

static void op_good(struct tctx *t)
{
	struct rng *r = &t->r;
	bool mask = chance(r, 25);

	irq_ctl(t, K_GOOD, UIRQ_IRQ_OFF, 0, 0);
	load_tmpl(t, K_GOOD, mask ? T_MASK_ACK : T_ACK);
	if (chance(r, 90))
		load_tmpl(t, K_GOOD, T_RELEASE);
	if (mask || chance(r, 20))
		load_tmpl(t, K_GOOD, T_ENABLE);
	if (chance(r, 20))
		load_tmpl(t, K_GOOD, T_INIT);
	irq_ctl(t, K_GOOD, UIRQ_IRQ_ON, 0, chance(r, 70) ? 96 : chance(r, 50) ? 88 : 0);
}

/* ------------------------------------------------------------------ */
/* read/write at position 0, pread/pwrite of the regions              */
/* ------------------------------------------------------------------ */

static void op_read(struct tctx *t)
{
	static const size_t counts[] = {
		0, 1, 3, 4, 4, 8, 87, 88, 88, 89, 92, 95, 96, 96, 96, 97, 176,
		192, 960, 4096, 65536, SIZE_MAX / 2, SIZE_MAX,
	};
	struct rng *r = &t->r;
	size_t cnt = PICK(r, counts), mapped;
	struct uirq_event ev;
	enum pk k = pick_pk(r, 75);
	uint8_t *p;
	long ret;
	int err;

	p = place(t, k, E_BUF, A_READ, below(r, (uint64_t)page_size / 8) * 8, NULL,
		  cnt > 4096 ? 4096 : cnt, &mapped);
	op_desc(t, "read(count=%zu, %s)", cnt, pk_name[k]);
	arm_timer(t, 1 + (unsigned int)below(r, 3));
	ret = read(t->fd, p, cnt);
	err = errno;
	disarm_timer(t);
	record(t, K_READ, ret, err);
	if (ret < 0 || !stable(t))
		return;
	if ((size_t)ret > cnt ||
	    (ret && cnt == 4 && ret != 4) ||
	    (ret && cnt != 4 && ret % 88 && ret % 96)) {
		failf(t, "%s: returned %ld", t->desc, ret);
		return;
	}
	if (cnt != 4)
		atomic_fetch_add(&records_read, (uint64_t)ret / (ret % 96 ? 88 : 96));
	if (k != PK_VALID || cnt == 4 || ret < 88)
		return;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, p, ret >= 96 ? 96 : 88);
	if ((ev.cap_mask & ~0xffu) ||
	    (ret % 96 == 0 && ret % 88 &&
	     ((ev.flags & ~UIRQ_EVENT_FAULT) || ev.vector ||
	      ev.fault > UIRQ_FAULT_CLAIM_RATE)))
		failf(t, "%s: odd record: seq %" PRIu64 " cap_mask %#x flags %#x vector %u fault %u",
		      t->desc, (uint64_t)ev.seq, ev.cap_mask, ev.flags, ev.vector,
		      ev.fault);
}

static void op_write(struct tctx *t)
{
	static const size_t counts[] = {
		0, 1, 3, 4, 4, 4, 4, 4, 5, 8, 88, 4096, SIZE_MAX,
	};
	struct rng *r = &t->r;
	size_t cnt = PICK(r, counts), mapped;
	uint32_t v = chance(r, 60) ? 1 : chance(r, 40) ? 0 : (uint32_t)rnd(r);
	uint8_t val[8];
	enum pk k = pick_pk(r, 80);
	uint8_t *p;
	long ret;
	int err;

	memcpy(val, &v, 4);
	memcpy(val + 4, &v, 4);
	p = place(t, k, E_BUF, A_VAL, below(r, (uint64_t)page_size / 4) * 4, val,
		  cnt < 8 ? cnt : 8, &mapped);
	op_desc(t, "write(count=%zu, %s value %#x)", cnt, pk_name[k], v);
	/*
	 * Not the device's own: after a reopen, the number may be a (full)
	 * eventfd that an F_SETFL here made blocking.
	 */
	arm_timer(t, 1 + (unsigned int)below(r, 3));
	ret = write(t->fd, p, cnt);
	err = errno;
	disarm_timer(t);
	record(t, K_WRITE, ret, err);
	if (ret >= 0 && stable(t) && (size_t)ret != cnt)
		failf(t, "%s: returned %ld", t->desc, ret);
}

static int pick_region_index(struct rng *r)
{
	if (chance(r, 35))
		return UIRQ_REGION_BAR0;
	if (chance(r, 45))
		return UIRQ_REGION_CFG;
	return (int)below(r, 19) - 1;
}

static size_t pick_width(struct rng *r)
{
	static const size_t w[] = { 1, 2, 4, 4, 8 };
	static const size_t big[] = { 4096, 65536, SIZE_MAX / 2, SIZE_MAX };

	if (chance(r, 75))
		return PICK(r, w);
	if (chance(r, 60))
		return (size_t)below(r, 17);
	return PICK(r, big);
}

static uint64_t pick_region_pos(struct rng *r, int i, size_t w)
{
	uint64_t base = UIRQ_REGION_OFFSET(i), off;
	uint64_t a = w && w <= 8 ? w : 4;

	if (i == UIRQ_REGION_BAR0) {
		switch (below(r, 20)) {
		case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
			off = PICK(r, edu_regs);
			break;
		case 8: case 9: case 10: case 11:
			off = below(r, EDU_BAR0_SIZE) & ~(a - 1);
			break;
		case 12: case 13:
			off = EDU_BAR0_SIZE - 2 * a + a * below(r, 4);
			break;
		case 14: case 15:
			off = below(r, 0x100);
			break;
		case 16: case 17: case 18:
			off = rnd(r) & ((1ull << UIRQ_REGION_OFFSET_SHIFT) - 1);
			break;
		default:
			off = rnd(r);
			break;
		}
	} else if (i == UIRQ_REGION_CFG) {
		switch (below(r, 10)) {
		case 0: case 1: case 2:
			/* command, status, cache line, BARs, ROM, line, edu's MSI */
			off = PICK(r, cfg_regs) & ~(a - 1);
			break;
		case 3: case 4: case 5:
			off = below(r, 256) & ~(a - 1);
			break;
		case 6:
			off = below(r, 256);
			break;
		case 7:
			off = chance(r, 50) ? 256 : 4096 - a;
			break;
		case 8:
			off = rnd(r) & ((1ull << UIRQ_REGION_OFFSET_SHIFT) - 1);
			break;
		default:
			off = rnd(r);
			break;
		}
	} else {
		off = chance(r, 50) ? below(r, 0x1000) :
		      chance(r, 60) ? rnd(r) & ((1ull << UIRQ_REGION_OFFSET_SHIFT) - 1) :
				      rnd(r);
	}
	return base + off;
}

/*
 * docs/device-abi.md: with the IRQ off the device stays masked (where
 * INTx masking works, as on edu), so that it cannot assert a shared line
 * with no handler of ours on it. After a config write over the command
 * register: if the IRQ is off, INTx-disable must still be set. (If not, it
 * is set again here, so that a neighbour on the line does not suffer.)
 */
static void check_intx_off(struct tctx *t)
{
	struct uirq_info info;
	uint64_t cfg4 = UIRQ_REGION_OFFSET(UIRQ_REGION_CFG) + 4;
	uint16_t cmd = 0;
	long ret;

	pthread_rwlock_wrlock(&irq_lock);
	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	ret = ioctl(t->fd, UIRQ_GET_INFO, &info);
	if (!ret && !(info.flags & UIRQ_INFO_IRQ_ON) && (info.flags & UIRQ_INFO_INTX_MASK) &&
	    pread(t->fd, &cmd, 2, (off_t)cfg4) == 2 && !(cmd & 0x400) && stable(t)) {
		failf(t, "%s: with the IRQ off this cleared INTx-disable (command now %#x): "
		      "a pending interrupt asserts the shared line with no uirq handler",
		      t->desc, cmd);
		cmd |= 0x400;
		if (pwrite(t->fd, &cmd, 2, (off_t)cfg4) != 2)
			failf(t, "setting INTx-disable again: %s", ename(errno));
	}
	count(K_MISC, ret ? col_of(errno) : 0);
	pthread_rwlock_unlock(&irq_lock);
}

static void op_rw(struct tctx *t, bool wr)
{
	struct rng *r = &t->r;
	int i = pick_region_index(r);
	size_t cnt = pick_width(r), mapped;
	uint64_t pos = pick_region_pos(r, i, cnt), v = 0;
	enum kind kind = wr ? K_PWRITE : K_PREAD;
	enum pk k = pick_pk(r, 80);
	uint8_t val[16];
	uint8_t *p;
	long ret;
	int err;

	if (wr) {
		switch (below(r, 10)) {
		case 0: case 1: case 2: case 3:
			v = rnd(r);
			break;
		case 4: case 5: case 6:
			/*
			 * What is there now, one bit flipped: gets past policy
			 * checks. Over the command register, often the bit the
			 * owner may change: INTx-disable (bit 10).
			 */
			if (cnt <= 8 && pread(t->fd, &v, cnt, (off_t)pos) == (ssize_t)cnt) {
				if (i == UIRQ_REGION_CFG && pos % 256 <= 5 &&
				    pos % 256 + cnt > 5 && chance(r, 50))
					v ^= 1ull << ((5 - pos % 256) * 8 + 2);
				else
					v ^= 1ull << below(r, cnt * 8);
			} else {
				v = rnd(r);
			}
			break;
		case 7:
			v = 0;
			break;
		case 8:
			v = ~0ull;
			break;
		default:
			v = 1ull << below(r, 32);
			break;
		}
		memcpy(val, &v, 8);
		memcpy(val + 8, &v, 8);
	}
	p = place(t, k, E_BUF, A_VAL, below(r, (uint64_t)page_size / 8) * 8,
		  wr ? val : NULL, cnt < 16 ? cnt : 16, &mapped);
	if (wr && !write_safe(k, p, mapped, pos, cnt)) {
		count(K_DENIED, 0);
		return;
	}
	op_desc(t, "%s(region %d pos %#" PRIx64 " count %zu, %s%s%#" PRIx64 ")",
		wr ? "pwrite" : "pread", i, pos, cnt, pk_name[k],
		wr ? " value " : "", v);
	ret = wr ? pwrite(t->fd, p, cnt, (off_t)pos) : pread(t->fd, p, cnt, (off_t)pos);
	err = errno;
	record(t, kind, ret, err);
	if (ret >= 0 && stable(t) && (size_t)ret != cnt)
		failf(t, "%s: returned %ld", t->desc, ret);
	if (opt_intx_check && wr && ret > 0 &&
	    (pos >> UIRQ_REGION_OFFSET_SHIFT) == UIRQ_REGION_CFG + 1 &&
	    pos % 256 <= 5 && pos % 256 + cnt > 5)
		check_intx_off(t);
}

/* ------------------------------------------------------------------ */
/* mmap                                                                */
/* ------------------------------------------------------------------ */

#define SCRATCH_SIZE	(4 * EDU_BAR0_SIZE)

/*
 * Room for MAP_FIXED: a PROT_NONE reservation at a fixed address far from
 * where mmap() places things, so that a range of it that a MAP_FIXED
 * mapping replaced can be reserved again (MAP_FIXED over our own range)
 * without ever replacing anyone else's mapping.
 */
static void reserve_scratch(struct tctx *t, size_t len)
{
	void *p;

	if (!t->scratch)
		return;
	p = mmap(t->scratch, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		 (len == SCRATCH_SIZE ? MAP_FIXED_NOREPLACE : MAP_FIXED), -1, 0);
	if (p != t->scratch) {
		if (p != MAP_FAILED)
			munmap(p, len);
		t->scratch_ok = false;
	}
}

static void do_touches(struct tctx *t, uint8_t *p, size_t len, int prot,
		       bool bar0, uint64_t boff, bool must_work, unsigned int n)
{
	static const unsigned int widths[] = { 1, 2, 4, 4, 8 };
	struct rng *r = &t->r;
	unsigned int w, j;
	uint64_t off;
	bool wr;
	int sig;

	for (j = 0; j < n; j++) {
		w = PICK(r, widths);
		if (len < w)
			return;
		off = below(r, len - w + 1);
		if (chance(r, 90))
			off &= ~(uint64_t)(w - 1);
		wr = chance(r, 40);
		/* the deny-list: no writes to edu's DMA registers */
		if (wr && bar0 && boff + off < EDU_DMA_END && boff + off + w > EDU_DMA_START) {
			count(K_DENIED, 0);
			wr = false;
		}
		sig = touch(p + off, w, wr, rnd(r));
		count(K_TOUCH, sig == SIGSEGV ? COL_SEGV : sig == SIGBUS ? COL_BUS : 0);
		if (sig && must_work && (wr ? (prot & PROT_WRITE) : (prot & PROT_READ)))
			failf(t, "%s: %s of %u bytes at +%#" PRIx64 " (prot %#x): %s",
			      t->desc, wr ? "write" : "read", w, off, (unsigned int)prot,
			      sig == SIGBUS ? "SIGBUS" : "SIGSEGV");
	}
}

#define RING_BYTES	((UIRQ_RING_SIZE + 4095) & ~(size_t)4095)

/*
 * A mapping of the shared ring: read it, and now and then scribble on it
 * (a wrong tail costs this owner its own records, nothing else).
 */
static void ring_touch(struct tctx *t, uint8_t *p, size_t len, int prot)
{
	struct rng *r = &t->r;
	volatile uint32_t *w = (volatile uint32_t *)p;
	size_t i, n = len / 4;
	uint32_t sum = 0;

	if (!(prot & PROT_READ) || !n)
		return;
	op_desc(t, "touching the ring (%zu bytes, prot %#x)", len, (unsigned int)prot);
	for (i = 0; i < 8; i++)
		sum += w[below(r, n)];
	(void)sum;
	if (prot & PROT_WRITE && chance(r, 30))
		w[chance(r, 50) ? 16 : below(r, n)] = (uint32_t)rnd(r);
	count(K_TOUCH, 0);
}

static void op_mmap(struct tctx *t)
{
	static const int bases[] = {
		MAP_SHARED, MAP_SHARED, MAP_SHARED, MAP_SHARED, MAP_SHARED,
		MAP_PRIVATE, MAP_PRIVATE, MAP_SHARED_VALIDATE, MAP_SHARED_VALIDATE, 0,
	};
	static const int advice[] = {
		MADV_DONTNEED, MADV_WILLNEED, MADV_RANDOM, MADV_DONTFORK,
		MADV_NORMAL, MADV_COLD, MADV_PAGEOUT, MADV_DOFORK,
	};
	static const int syncs[] = { MS_SYNC, MS_ASYNC, MS_INVALIDATE, MS_SYNC | MS_INVALIDATE };
	struct rng *r = &t->r;
	size_t ps = (size_t)page_size, len, maplen, nl;
	int i = chance(r, 60) ? UIRQ_REGION_BAR0 : (int)below(r, 19) - 1;
	uint64_t pg, pos, boff, idx;
	int prot = (int)below(r, 8), flags, nprot;
	bool fixed = false, bar0, valid, must;
	size_t fixed_len;
	uint8_t *p, *q;
	long ret;
	int err;

	switch (below(r, 10)) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		pg = below(r, EDU_BAR0_SIZE / ps);
		break;
	case 6:
		pg = EDU_BAR0_SIZE / ps - 1 + below(r, 3);
		break;
	case 7:
		pg = below(r, 1u << 28);
		break;
	default:
		pg = rnd(r) >> 24;
		break;
	}
	pos = UIRQ_REGION_OFFSET(i) + pg * ps;
	if (chance(r, 8)) {
		i = UIRQ_MAX_REGIONS;	/* the shared event ring */
		pos = UIRQ_RING_OFFSET + (chance(r, 80) ? 0 : below(r, 8) * ps);
	}
	if (chance(r, 4))
		pos += 1 + below(r, ps - 1);
	switch (below(r, 12)) {
	case 0: len = 0; break;
	case 1: len = 1; break;
	case 2: case 3: len = ps; break;
	case 4: len = 2 * ps; break;
	case 5: len = 3 * ps; break;
	case 6: len = 16 * ps; break;
	case 7: len = EDU_BAR0_SIZE; break;
	case 8: len = EDU_BAR0_SIZE + ps; break;
	case 9: len = pg * ps < EDU_BAR0_SIZE ? EDU_BAR0_SIZE - pg * ps : ps; break;
	case 10: len = (size_t)1 << 30; break;
	default: len = (size_t)below(r, 1u << 22); break;
	}
	flags = PICK(r, bases);
	if (chance(r, 10))
		flags |= MAP_POPULATE;
	if (chance(r, 5))
		flags |= MAP_NORESERVE;
	if (chance(r, 3))
		flags |= MAP_LOCKED;
	if (chance(r, 2))
		flags |= MAP_HUGETLB;
	if (chance(r, 5))
		flags |= MAP_SYNC;	/* only with MAP_SHARED_VALIDATE: EOPNOTSUPP */
	q = NULL;
	if (chance(r, 8) && t->scratch_ok && len && len <= SCRATCH_SIZE) {
		fixed = true;
		flags |= MAP_FIXED;
		q = t->scratch;
	}
	op_desc(t, "mmap(len %#zx prot %#x flags %#x region %d pos %#" PRIx64 "%s)",
		len, (unsigned int)prot, (unsigned int)flags, i, pos,
		fixed ? " fixed" : "");
	p = mmap(q, len, prot, flags, t->fd, (off_t)pos);
	err = errno;
	record(t, K_MMAP, p == MAP_FAILED ? -1 : 0, err);
	maplen = (len + ps - 1) & ~(ps - 1);
	fixed_len = maplen;
	if (p == MAP_FAILED) {
		if (fixed)
			reserve_scratch(t, fixed_len);	/* a failed MAP_FIXED may have unmapped it */
		return;
	}
	idx = pos >> UIRQ_REGION_OFFSET_SHIFT;
	boff = pos & ((1ull << UIRQ_REGION_OFFSET_SHIFT) - 1);
	bar0 = idx == 1;	/* region 0: the deny-list applies */
	/*
	 * What the kernel may map: MAP_SHARED pages of BAR0, within the BAR.
	 * Anything else is a failure, and is not touched: who knows what it
	 * maps.
	 */
	valid = bar0 && (flags & MAP_SHARED) && boff + maplen <= EDU_BAR0_SIZE;
	if (pos == UIRQ_RING_OFFSET && (flags & MAP_SHARED) && !(prot & PROT_EXEC) &&
	    maplen <= RING_BYTES) {
		ring_touch(t, p, maplen, prot);
		op_desc(t, "munmap of the ring");
		record(t, K_MMAP, munmap(p, maplen), errno);
		if (fixed)
			reserve_scratch(t, fixed_len);
		return;
	}
	if (!valid) {
		if (stable(t))
			failf(t, "%s: mapped, but that is not a shared mapping inside BAR0",
			      t->desc);
		munmap(p, maplen);
		if (fixed)
			reserve_scratch(t, fixed_len);
		return;
	}
	must = stable(t);
	do_touches(t, p, maplen, prot, bar0, boff, must, 1 + (unsigned int)below(r, 8));
	if (chance(r, 30)) {
		switch (below(r, 4)) {
		case 0:
			nprot = (int)below(r, 8);
			op_desc(t, "mprotect(%#x) of mapping %#" PRIx64, (unsigned int)nprot, pos);
			ret = mprotect(p, maplen, nprot);
			if (record(t, K_MMAP, ret, errno))
				prot = nprot;
			break;
		case 1:
			op_desc(t, "madvise of mapping %#" PRIx64, pos);
			ret = madvise(p, maplen, PICK(r, advice));
			record(t, K_MMAP, ret, errno);
			break;
		case 2:
			nl = chance(r, 50) ? (maplen > ps ? maplen - ps : maplen) : maplen + ps;
			op_desc(t, "mremap(%#zx -> %#zx) of mapping %#" PRIx64, maplen, nl, pos);
			q = mremap(p, maplen, nl, chance(r, 50) ? MREMAP_MAYMOVE : 0);
			err = errno;
			if (record(t, K_MMAP, q == MAP_FAILED ? -1 : 0, err)) {
				p = q;
				maplen = nl;
			}
			break;
		default:
			op_desc(t, "msync of mapping %#" PRIx64, pos);
			ret = msync(p, maplen, PICK(r, syncs));
			record(t, K_MMAP, ret, errno);
			break;
		}
		/* grown by mremap: the new part is beyond what was checked */
		if (maplen + boff <= EDU_BAR0_SIZE)
			do_touches(t, p, maplen, prot, bar0, boff, must,
				   1 + (unsigned int)below(r, 4));
	}
	op_desc(t, "munmap of mapping %#" PRIx64, pos);
	ret = munmap(p, maplen);
	record(t, K_MMAP, ret, errno);
	if (fixed)
		reserve_scratch(t, fixed_len);	/* moved by mremap or not: ours again */
}

/* ------------------------------------------------------------------ */
/* poll, eventfd, fcntl, misc                                          */
/* ------------------------------------------------------------------ */

static void op_poll(struct tctx *t)
{
	static const uint32_t epbits[] = {
		EPOLLIN, EPOLLOUT, EPOLLPRI, EPOLLERR, EPOLLHUP, EPOLLET,
		EPOLLONESHOT, EPOLLRDHUP, EPOLLEXCLUSIVE, EPOLLRDNORM,
	};
	struct rng *r = &t->r;
	struct pollfd pf[3];
	struct epoll_event ev, evs[4];
	struct timespec ts;
	unsigned int n = 1, j;
	int timeout = (int)below(r, 3), epfd, err;
	short events;
	long ret;

	events = chance(r, 50) ? POLLIN : (short)rnd(r);
	pf[0].fd = t->fd;
	pf[0].events = events;
	if (t->nefd && chance(r, 30)) {
		pf[n].fd = t->efd[below(r, t->nefd)];
		pf[n++].events = POLLIN;
	}
	if (chance(r, 20)) {
		pf[n].fd = chance(r, 50) ? -1 : 9999;
		pf[n++].events = POLLIN;
	}
	switch (below(r, 5)) {
	case 0: case 1: case 2:
		op_desc(t, "poll(events %#x, %u fds, %d ms)", (unsigned short)events, n, timeout);
		ret = poll(pf, n, timeout);
		break;
	case 3:
		ts.tv_sec = 0;
		ts.tv_nsec = timeout * 1000000L;
		op_desc(t, "ppoll(events %#x, %u fds, %d ms)", (unsigned short)events, n, timeout);
		ret = ppoll(pf, n, &ts, NULL);
		break;
	default:
		memset(&ev, 0, sizeof(ev));
		for (j = 0; j < ARRAY_SIZE(epbits); j++)
			if (chance(r, 25))
				ev.events |= epbits[j];
		op_desc(t, "epoll(events %#x, %d ms)", ev.events, timeout);
		epfd = epoll_create1(EPOLL_CLOEXEC);
		if (epfd < 0) {
			record(t, K_POLL, -1, errno);
			return;
		}
		ret = epoll_ctl(epfd, EPOLL_CTL_ADD, t->fd, &ev);
		if (record(t, K_POLL, ret, errno)) {
			if (chance(r, 30)) {
				ev.events ^= EPOLLET;
				ret = epoll_ctl(epfd, EPOLL_CTL_MOD, t->fd, &ev);
				err = errno;
				/*
				 * The file at that number went away since ADD
				 * (reopen): epoll forgot it. Not while it lives.
				 */
				if (ret && err == ENOENT && !stable(t))
					count(K_POLL, col_of(err));
				else
					record(t, K_POLL, ret, err);
			}
			ret = epoll_wait(epfd, evs, 4, timeout);
			record(t, K_POLL, ret, errno);
		}
		close(epfd);
		return;
	}
	record(t, K_POLL, ret, errno);
	if (ret > 0 && stable(t) &&
	    (pf[0].revents & ~(events | POLLERR | POLLHUP | POLLNVAL) ||
	     pf[0].revents & POLLNVAL))
		failf(t, "%s: revents %#x", t->desc, (unsigned short)pf[0].revents);
}

static void set_eventfd(struct tctx *t, int fd, const char *what)
{
	struct uirq_eventfd ue = { sizeof(ue), 0, fd, 0 };
	long ret;

	op_desc(t, "SET_EVENTFD(fd %d, %s)", fd, what);
	ret = ioctl(t->fd, UIRQ_SET_EVENTFD, &ue);
	record(t, K_EVENTFD, ret, errno);
}

static void op_eventfd(struct tctx *t)
{
	struct rng *r = &t->r;
	struct pollfd pf;
	const char *what;
	uint64_t v;
	unsigned int j;
	long ret;
	int e;

	switch (below(r, 8)) {
	case 0: case 1:
		op_desc(t, "eventfd()");
		e = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC |
			       (chance(r, 20) ? EFD_SEMAPHORE : 0));
		if (!record(t, K_EVENTFD, e, errno))
			return;
		if (t->nefd == ARRAY_SIZE(t->efd)) {
			close(t->efd[0]);	/* the kernel keeps its own reference */
			memmove(t->efd, t->efd + 1, sizeof(t->efd) - sizeof(t->efd[0]));
			t->nefd--;
		}
		t->efd[t->nefd++] = e;
		set_eventfd(t, e, "new");
		break;
	case 2:
		set_eventfd(t, -1, "remove");
		break;
	case 3:
		e = pick_efd(t, &what);
		set_eventfd(t, e, what);
		break;
	case 4:
		e = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (e >= 0)
			close(e);
		set_eventfd(t, e, "closed");
		break;
	case 5:
		for (j = 0; j < t->nefd; j++) {
			pf.fd = t->efd[j];
			pf.events = POLLIN;
			if (poll(&pf, 1, 0) != 1)
				continue;
			op_desc(t, "read eventfd %d", t->efd[j]);
			ret = read(t->efd[j], &v, sizeof(v));
			record(t, K_EVENTFD, ret, errno);
		}
		break;
	case 6:
		if (t->nefd) {
			close(t->efd[--t->nefd]);
			count(K_EVENTFD, 0);
		}
		break;
	default:
		op_ioctl(t, K_EVENTFD, UIRQ_SET_EVENTFD, 60);
		break;
	}
}

static void op_fcntl(struct tctx *t)
{
	static const int fl[] = { O_NONBLOCK, O_ASYNC, O_APPEND, O_NOATIME, O_DIRECT };
	struct rng *r = &t->r;
	unsigned int j;
	long ret;
	int f = 0, d;

	switch (below(r, 6)) {
	case 0: case 1:
		for (j = 0; j < ARRAY_SIZE(fl); j++)
			if (chance(r, j < 2 ? 40 : 8))
				f |= fl[j];
		op_desc(t, "fcntl(F_SETFL, %#x)", (unsigned int)f);
		ret = fcntl(t->fd, F_SETFL, f);
		break;
	case 2:
		/* our own pid only: a process group would reach the shell */
		d = chance(r, 70) ? getpid() : 0;
		op_desc(t, "fcntl(F_SETOWN, %d)", d);
		ret = fcntl(t->fd, F_SETOWN, d);
		break;
	case 3:
		d = chance(r, 50) ? 0 : SIG_IO_RT;
		op_desc(t, "fcntl(F_SETSIG, %d)", d);
		ret = fcntl(t->fd, F_SETSIG, d);
		break;
	case 4:
		op_desc(t, "fcntl(F_GETFL/F_GETOWN)");
		ret = fcntl(t->fd, chance(r, 50) ? F_GETFL : F_GETOWN);
		if (ret > 0)
			ret = 0;
		break;
	default:
		op_desc(t, "dup+close");
		d = dup(t->fd);
		ret = d;
		if (d >= 0)
			close(d);
		break;
	}
	record(t, K_FCNTL, ret, errno);
}

static void op_misc(struct tctx *t)
{
	struct stat st;
	off_t off;
	long ret;

	if (chance(&t->r, 50)) {
		/* read()/write() must find the file position where it was: 0 */
		op_desc(t, "lseek(0, SEEK_CUR)");
		off = lseek(t->fd, 0, SEEK_CUR);
		record(t, K_MISC, off < 0 ? -1 : 0, errno);
		if (off > 0 && stable(t))
			failf(t, "%s: the file position moved to %lld", t->desc,
			      (long long)off);
		return;
	}
	op_desc(t, "fstat");
	ret = fstat(t->fd, &st);
	record(t, K_MISC, ret, errno);
	if (!ret && stable(t) && !S_ISCHR(st.st_mode))
		failf(t, "%s: not a character device", t->desc);
}

/* ------------------------------------------------------------------ */
/* The actors                                                          */
/* ------------------------------------------------------------------ */

static unsigned int kinds_mask = (1u << K_NUM_OPS) - 1;
static _Atomic uint64_t done_ops;
static _Atomic int threads_done, g_stop;
static pthread_rwlock_t map_lock;
static void *raise_map;		/* BAR0, mapped by libuirq; under map_lock */
static uint64_t opt_raise_us = 500;

static enum kind pick_kind(struct rng *r)
{
	unsigned int total = 0, k, x;

	for (k = 0; k < K_NUM_OPS; k++)
		if (kinds_mask & (1u << k))
			total += op_weight[k];
	x = (unsigned int)below(r, total);
	for (k = 0; k < K_NUM_OPS; k++) {
		if (!(kinds_mask & (1u << k)))
			continue;
		if (x < op_weight[k])
			break;
		x -= op_weight[k];
	}
	return (enum kind)k;
}

static void *fuzz_thread(void *arg)
{
	static const unsigned long irq_cmds[] = { UIRQ_IRQ_ON, UIRQ_IRQ_OFF, UIRQ_UNMASK };
	struct tctx *t = arg;
	uint64_t i;

	setup_timer(t);
	for (i = 0; i < t->nops && !atomic_load(&g_stop); i++) {
		t->opno = i;
		t->gen0 = atomic_load(&sh->gen);
		t->fd = atomic_load(&g_fd);
		__atomic_store_n(&t->op_start, now_ns(), __ATOMIC_RELAXED);
		switch (pick_kind(&t->r)) {
		case K_IOCTL: op_ioctl(t, K_IOCTL, pick_cmd(&t->r), 65); break;
		case K_LOAD: op_ioctl(t, K_LOAD, UIRQ_LOAD_PROG, 85); break;
		case K_IRQ: op_ioctl(t, K_IRQ, PICK(&t->r, irq_cmds), 85); break;
		case K_GOOD: op_good(t); break;
		case K_READ: op_read(t); break;
		case K_WRITE: op_write(t); break;
		case K_PREAD: op_rw(t, false); break;
		case K_PWRITE: op_rw(t, true); break;
		case K_MMAP: op_mmap(t); break;
		case K_POLL: op_poll(t); break;
		case K_EVENTFD: op_eventfd(t); break;
		case K_FCNTL: op_fcntl(t); break;
		default: op_misc(t); break;
		}
		if (t->devmap) {
			munmap(t->devmap, 2 * (size_t)page_size);
			t->devmap = NULL;
		}
		__atomic_store_n(&t->op_start, 0, __ATOMIC_RELAXED);
		atomic_fetch_add(&done_ops, 1);
	}
	disarm_timer(t);
	atomic_fetch_add(&threads_done, 1);
	return NULL;
}

static void *raiser_thread(void *arg)
{
	struct tctx *t = arg;
	uint32_t v;
	int sig;

	while (!atomic_load(&g_stop)) {
		pthread_rwlock_rdlock(&map_lock);
		if (raise_map) {
			v = 1u << below(&t->r, 32);
			sig = touch((uint8_t *)raise_map + EDU_IRQ_RAISE, 4, true, v);
			count(K_RAISE, sig == SIGSEGV ? COL_SEGV : sig == SIGBUS ? COL_BUS : 0);
			if (sig)
				failf(t, "raise through the BAR0 mapping: signal %d", sig);
		}
		pthread_rwlock_unlock(&map_lock);
		sleep_us(opt_raise_us);
	}
	return NULL;
}

/* The child: a second opener, as owner (EBUSY) and as observer. */
static void child_rw(struct tctx *t, const char *path)
{
	unsigned int g1, g2;
	int fd, err;

	op_desc(t, "open(O_RDWR)");
	g1 = atomic_load(&sh->gen);
	fd = open(path, O_RDWR | O_CLOEXEC);
	err = errno;
	g2 = atomic_load(&sh->gen);
	if (fd >= 0) {
		close(fd);
		count(K_CHILD_RW, 0);
		if (g1 == g2 && (g1 & 1))
			failf(t, "a second owner: open(O_RDWR) succeeded while the parent held the device");
		return;
	}
	record(t, K_CHILD_RW, -1, err);
	if (err != EBUSY && g1 == g2 && (g1 & 1))
		failf(t, "open(O_RDWR) while the parent held the device: %s, want EBUSY",
		      ename(err));
}

static void observer_must_fail(struct tctx *t, const char *what, long ret, int err)
{
	op_desc(t, "observer %s", what);
	record(t, K_OBSERVER, ret < 0 ? -1 : 0, err);
	if (ret >= 0)
		failf(t, "an O_RDONLY observer could %s", what);
}

static void child_ro(struct tctx *t, const char *path)
{
	struct uirq_load_prog lp;
	struct uirq_irq_ctl ctl = { sizeof(ctl), 0, 0, 0, 0, 0 };
	struct uirq_stats st;
	struct uirq_info info;
	struct uirq_eventfd ue = { sizeof(ue), 0, -1, 0 };
	struct rng *r = &t->r;
	uint8_t b[96];
	uint32_t one = 1;
	struct pollfd pf;
	void *p;
	long ret;
	int fd, n;

	op_desc(t, "open(O_RDONLY)");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (!record(t, K_CHILD_RO, fd, errno))
		return;
	for (n = 1 + (int)below(r, 4); n > 0; n--) {
		switch (below(r, 10)) {
		case 0:
			memset(&info, 0, sizeof(info));
			info.argsz = sizeof(info);
			op_desc(t, "observer GET_INFO");
			ret = ioctl(fd, UIRQ_GET_INFO, &info);
			record(t, K_OBSERVER, ret, errno);
			break;
		case 1:
			memset(&lp, 0, sizeof(lp));
			lp.argsz = sizeof(lp);
			lp.kind = UIRQ_PROG_ACK;
			lp.insn_cnt = tmpls[T_ACK].n;
			lp.insns = (uintptr_t)tmpls[T_ACK].insns;
			ret = ioctl(fd, UIRQ_LOAD_PROG, &lp);
			observer_must_fail(t, "load a program", ret, errno);
			break;
		case 2:
			ret = ioctl(fd, UIRQ_IRQ_OFF, &ctl);
			observer_must_fail(t, "turn the IRQ off", ret, errno);
			break;
		case 3:
			memset(&st, 0, sizeof(st));
			st.argsz = sizeof(st);
			st.flags = UIRQ_STATS_RESET;
			ret = ioctl(fd, UIRQ_GET_STATS, &st);
			observer_must_fail(t, "reset the statistics", ret, errno);
			break;
		case 4:
			ret = ioctl(fd, UIRQ_SET_EVENTFD, &ue);
			observer_must_fail(t, "set the eventfd", ret, errno);
			break;
		case 5:
			ret = read(fd, b, sizeof(b));
			observer_must_fail(t, "read events", ret, errno);
			break;
		case 6:
			ret = write(fd, &one, sizeof(one));
			observer_must_fail(t, "unmask", ret, errno);
			break;
		case 7:
			p = mmap(NULL, (size_t)page_size, PROT_READ, MAP_SHARED, fd,
				 (off_t)UIRQ_REGION_OFFSET(UIRQ_REGION_BAR0));
			observer_must_fail(t, "map BAR0", p == MAP_FAILED ? -1 : 0, errno);
			if (p != MAP_FAILED)
				munmap(p, (size_t)page_size);
			break;
		case 8:
			ret = fcntl(fd, F_SETFL, O_ASYNC);
			observer_must_fail(t, "subscribe to SIGIO", ret, errno);
			break;
		default:
			pf.fd = fd;
			pf.events = POLLIN;
			op_desc(t, "observer poll");
			ret = poll(&pf, 1, 0);
			record(t, K_OBSERVER, ret, errno);
			break;
		}
	}
	close(fd);
}

static void child_main(const char *path)
{
	struct tctx t;

	memset(&t, 0, sizeof(t));
	snprintf(t.name, sizeof(t.name), "child");
	rng_init(&t.r, opt_seed, STREAM_CHILD);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (!atomic_load(&sh->stop_child)) {
		t.opno++;
		if (chance(&t.r, 70))
			child_rw(&t, path);
		else
			child_ro(&t, path);
		sleep_us(200 + below(&t.r, 1800));
	}
	_exit(0);
}

/* ------------------------------------------------------------------ */
/* The main thread: setup, reopen, the watchdog, the table            */
/* ------------------------------------------------------------------ */

static int setup_good(struct uirq_dev *dev)
{
	char log[256];
	int ret;

	ret = guest_load_src(dev, edu_ack_s, "ack", log, sizeof(log));
	if (!ret)
		ret = guest_load_src(dev, edu_release_s, "release", log, sizeof(log));
	if (!ret)
		ret = uirq_irq_on(dev, 0);
	return ret;
}

/* The kernel's counters, summed over every open of the run. */
static struct uirq_stats kstats;
static uint64_t kopens;

static void add_kstats(struct uirq_dev *dev)
{
	struct uirq_stats st;

	if (uirq_get_stats(dev, &st, 0))
		return;
	kopens++;
	kstats.handled += st.handled;
	kstats.declined += st.declined;
	kstats.events += st.events;
	kstats.dropped += st.dropped;
	kstats.unmask_events += st.unmask_events;
	kstats.enable_runs += st.enable_runs;
	kstats.faults += st.faults;
	if (st.max_ns > kstats.max_ns)
		kstats.max_ns = st.max_ns;
}

/* The new file must start clean: no IRQ, 88-byte records, no counts. */
static void check_clean(struct tctx *t, int fd)
{
	struct uirq_info info;
	struct uirq_stats st;
	struct pollfd pf = { fd, POLLIN, 0 };

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	memset(&st, 0, sizeof(st));
	st.argsz = sizeof(st);
	if (ioctl(fd, UIRQ_GET_INFO, &info) || ioctl(fd, UIRQ_GET_STATS, &st)) {
		failf(t, "reopen: GET_INFO/GET_STATS on the new file: %s", ename(errno));
		return;
	}
	if ((info.flags & (UIRQ_INFO_IRQ_ON | UIRQ_INFO_FAULT)) ||
	    info.event_size != UIRQ_EVENT_SIZE_V1 || st.handled || st.declined ||
	    st.events || st.dropped || st.enable_runs || st.unmask_events ||
	    st.faults || st.fault || poll(&pf, 1, 0) != 0)
		failf(t, "reopen: the new file did not start clean: flags %#x event_size %u handled %" PRIu64
		      " events %" PRIu64 " faults %" PRIu64 " fault %u revents %#x",
		      info.flags, info.event_size, (uint64_t)st.handled,
		      (uint64_t)st.events, (uint64_t)st.faults, st.fault,
		      (unsigned int)pf.revents);
}

/*
 * Close the device and open it again while the fuzz threads go on. Half
 * the time the fd number is first taken over by /dev/null (dup2), so the
 * new file gets another number the threads cannot reach before it is
 * published, and can be checked for a clean start.
 */
static struct uirq_dev *reopen(struct tctx *t, struct uirq_dev *dev, int nullfd)
{
	uint64_t t0;
	int old, ret;
	bool swap = chance(&t->r, 50) && nullfd >= 0;

	pthread_rwlock_wrlock(&map_lock);
	raise_map = NULL;
	atomic_fetch_add(&sh->gen, 1);	/* even: let go */
	old = uirq_fd(dev);
	add_kstats(dev);
	uirq_unmap_region(dev, UIRQ_REGION_BAR0);
	if (swap && dup2(nullfd, old) == old) {
		/* the device's file was closed by that */
	} else {
		swap = false;
		uirq_close(dev);
		dev = NULL;
	}
	t0 = now_ns();
	for (;;) {
		struct uirq_dev *nd = NULL;

		op_desc(t, "reopen");
		ret = uirq_open(opt_bdf, &nd);
		record(t, K_REOPEN, ret ? -1 : 0, -ret);
		if (!ret) {
			if (swap || uirq_fd(nd) != old)
				check_clean(t, uirq_fd(nd));
			if (dev)
				uirq_close(dev);	/* closes the /dev/null copy */
			dev = nd;
			break;
		}
		if (now_ns() - t0 > 10000000000ull) {
			failf(t, "reopen: still %s after 10 s", ename(-ret));
			if (dev)
				uirq_close(dev);
			dev = NULL;
			break;
		}
		sleep_us(500 + below(&t->r, 1500));
	}
	if (dev) {
		op_desc(t, "setup after reopen");
		ret = setup_good(dev);
		record(t, K_REOPEN, ret ? -1 : 0, -ret);
		if (uirq_map_region(dev, UIRQ_REGION_BAR0, &raise_map, NULL))
			raise_map = NULL;
		atomic_store(&g_fd, uirq_fd(dev));
		atomic_fetch_add(&sh->gen, 1);	/* odd: held again */
	}
	pthread_rwlock_unlock(&map_lock);
	return dev;
}

static void print_table(void)
{
	bool used[NCOL] = { false };
	uint64_t v;
	unsigned int k, c;
	char name[16];

	for (k = 0; k < K_NUM; k++)
		for (c = 0; c < NCOL; c++)
			if (__atomic_load_n(&sh->cnt[k][c], __ATOMIC_RELAXED))
				used[c] = true;
	printf("fuzz_dev: results by kind (ok, errno, fault):\n  %-9s", "kind");
	for (c = 0; c < NCOL; c++) {
		if (!used[c])
			continue;
		if (c == 0)
			snprintf(name, sizeof(name), "ok");
		else if (c == COL_SEGV)
			snprintf(name, sizeof(name), "SIGSEGV");
		else if (c == COL_BUS)
			snprintf(name, sizeof(name), "SIGBUS");
		else if (c == COL_HIGH)
			snprintf(name, sizeof(name), "E>134");
		else
			snprintf(name, sizeof(name), "%s", ename((int)c));
		printf(" %10s", name);
	}
	printf("\n");
	for (k = 0; k < K_NUM; k++) {
		for (c = 0, v = 0; c < NCOL; c++)
			v += __atomic_load_n(&sh->cnt[k][c], __ATOMIC_RELAXED);
		if (!v)
			continue;
		printf("  %-9s", kind_name[k]);
		for (c = 0; c < NCOL; c++)
			if (used[c])
				printf(" %10" PRIu64, (uint64_t)__atomic_load_n(&sh->cnt[k][c], __ATOMIC_RELAXED));
		printf("\n");
	}
}

static void *xmap(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("fuzz_dev: mmap");
		exit(1);
	}
	return p;
}

/*
 * An edge page: read-write, followed by a page that is never mapped. At a
 * fixed address far from where mmap() places things, so that the hole is
 * never filled; where that fails (32-bit), the next page is PROT_NONE.
 */
static uint8_t *alloc_edge(unsigned int id, unsigned int j)
{
	size_t ps = (size_t)page_size;
	uint8_t *p = MAP_FAILED;
#if UINTPTR_MAX > 0xffffffffu
	void *hint = (void *)(uintptr_t)(0x200000000ull + id * 0x1000000ull + j * 0x100000ull);

	p = mmap(hint, 2 * ps, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == hint) {
		munmap(p + ps, ps);
		return p;
	}
	if (p != MAP_FAILED)
		munmap(p, 2 * ps);
#else
	(void)id;
	(void)j;
#endif
	p = xmap(2 * ps, PROT_READ | PROT_WRITE);
	mprotect(p + ps, ps, PROT_NONE);
	return p;
}

static void setup_tctx(struct tctx *t, unsigned int id, const char *name)
{
	size_t ps = (size_t)page_size;
	unsigned int j;

	memset(t, 0, sizeof(*t));
	t->id = (int)id;
	snprintf(t->name, sizeof(t->name), "%s", name);
	rng_init(&t->r, opt_seed, id);
	t->buf = xmap(BUF_SIZE, PROT_READ | PROT_WRITE);
	for (j = 0; j < 3; j++)
		t->edge[j] = alloc_edge(id, j);
	t->hole = t->edge[0] + ps;
#if UINTPTR_MAX > 0xffffffffu
	t->scratch = (uint8_t *)(uintptr_t)(0x300000000ull + id * 0x1000000ull);
	t->scratch_ok = true;
	reserve_scratch(t, SCRATCH_SIZE);
	if (!t->scratch_ok)
		t->scratch = NULL;
#endif
}

static void setup_ro_page(void)
{
	struct uirq_load_prog lp;
	struct uirq_insn *ins;
	struct rng r;
	unsigned int n, i;

	ro_page = xmap((size_t)page_size, PROT_READ | PROT_WRITE);
	none_page = xmap((size_t)page_size, PROT_NONE);
	ins = (struct uirq_insn *)(ro_page + RO_INSNS);
	n = (unsigned int)(((size_t)page_size - RO_INSNS) / sizeof(*ins));
	memcpy(ins, tmpls[T_ACK].insns, tmpls[T_ACK].n * sizeof(*ins));
	rng_init(&r, opt_seed, 200);
	for (i = tmpls[T_ACK].n; i < n; i++)
		rand_insn(&r, &ins[i], i, n, true);
	sanitize(ins, n);
	/* A LOAD_PROG the kernel can read but not write back. */
	memset(&lp, 0, sizeof(lp));
	lp.argsz = sizeof(lp);
	lp.kind = UIRQ_PROG_ACK;
	lp.insn_cnt = tmpls[T_ACK].n;
	lp.insns = (uintptr_t)ins;
	memcpy(ro_page, &lp, sizeof(lp));
	mprotect(ro_page, (size_t)page_size, PROT_READ);
}

/* --offline N: the program generator against the offline verifier. */
static int offline(uint64_t n)
{
	struct uirq_region_info regions[UIRQ_MAX_REGIONS];
	static struct uirq_program prog;
	static const char *const specs[] = {
		"bar0:mmio:0x100000", "bar1:none:0", "bar2:none:0", "bar3:none:0",
		"bar4:none:0", "bar5:none:0", "cfg:cfg:256",
	};
	struct uirq_insn ins[NINSN];
	uint64_t gen[G_NUM] = { 0 }, ok[G_NUM] = { 0 }, bad = 0, i;
	char err[256], what[48];
	uint32_t kind;
	unsigned int how, j, cnt;
	struct rng r;

	uirq_regions_default(regions);
	for (j = 0; j < ARRAY_SIZE(specs); j++)
		if (uirq_region_parse(specs[j], regions, err, sizeof(err))) {
			fprintf(stderr, "fuzz_dev: %s: %s\n", specs[j], err);
			return 1;
		}
	rng_init(&r, opt_seed, 0);
	for (i = 0; i < n; i++) {
		cnt = gen_prog(&r, ins, &kind, &how, what, sizeof(what));
		if (cnt > UIRQ_MAX_INSNS)
			cnt = UIRQ_MAX_INSNS;
		gen[how]++;
		if (denied_store(ins, NINSN)) {
			bad++;
			printf("fuzz_dev: FAIL offline: %s stores into the deny-list\n", what);
		}
		memset(&prog, 0, sizeof(prog));
		prog.kind = kind;
		prog.count = cnt;
		memcpy(prog.insns, ins, cnt * sizeof(ins[0]));
		if (!uirq_program_verify(&prog, kind, regions, NULL, err, sizeof(err)))
			ok[how]++;
	}
	for (j = 0; j < G_NUM; j++)
		printf("fuzz_dev: offline %-8s %8" PRIu64 " generated %8" PRIu64 " accepted\n",
		       gen_name[j], gen[j], ok[j]);
	printf("fuzz_dev: %" PRIu64 " ops, %" PRIu64 " failures\n", n, bad);
	return bad ? 1 : 0;
}

static int parse_kinds(const char *s)
{
	char buf[256], *tok, *save;
	unsigned int k;

	snprintf(buf, sizeof(buf), "%s", s);
	kinds_mask = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < K_NUM_OPS; k++)
			if (!strcmp(tok, kind_name[k]))
				break;
		if (k == K_NUM_OPS) {
			fprintf(stderr, "fuzz_dev: unknown op kind '%s'\n", tok);
			return -1;
		}
		kinds_mask |= 1u << k;
	}
	return kinds_mask ? 0 : -1;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && *s && !*end;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: fuzz_dev --device BDF [--seed N] [--ops N] [--threads N]\n"
"                [--raise-us N] [--no-raise] [--no-child] [--no-reopen]\n"
"                [--kinds LIST] [--trace] [--hang S] [--no-intx-check]\n"
"       fuzz_dev --offline N [--seed N]\n");
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'n' },
		{ "threads", required_argument, NULL, 't' },
		{ "raise-us", required_argument, NULL, 'u' },
		{ "no-raise", no_argument, NULL, 'R' },
		{ "no-child", no_argument, NULL, 'C' },
		{ "no-reopen", no_argument, NULL, 'O' },
		{ "kinds", required_argument, NULL, 'k' },
		{ "trace", no_argument, NULL, 'T' },
		{ "hang", required_argument, NULL, 'H' },
		{ "offline", required_argument, NULL, 'F' },
		{ "no-intx-check", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct tctx fz[MAX_THREADS], raiser, mainx;
	char bdf[UIRQ_BDF_LEN], path[64];
	uint64_t nthreads = 2, hang_s = 30, offline_n = 0, t0, elapsed = 0, done;
	bool no_raise = false, no_child = false, no_reopen = false, seeded = false;
	bool phase2 = false;
	struct uirq_dev *dev = NULL;
	pthread_rwlockattr_t rwa;
	pid_t child = -1;
	unsigned int i;
	int c, ret, nullfd, status;

	while ((c = getopt_long(argc, argv, "d:s:n:t:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt_bdf = optarg; break;
		case 's':
			if (!parse_u64(optarg, &opt_seed))
				goto bad;
			seeded = true;
			break;
		case 'n':
			if (!parse_u64(optarg, &opt_ops))
				goto bad;
			break;
		case 't':
			if (!parse_u64(optarg, &nthreads) || !nthreads || nthreads > MAX_THREADS)
				goto bad;
			break;
		case 'u':
			if (!parse_u64(optarg, &opt_raise_us))
				goto bad;
			break;
		case 'R': no_raise = true; break;
		case 'C': no_child = true; break;
		case 'O': no_reopen = true; break;
		case 'k':
			if (parse_kinds(optarg))
				goto bad;
			break;
		case 'T': opt_trace = true; break;
		case 'I': opt_intx_check = false; break;
		case 'H':
			if (!parse_u64(optarg, &hang_s))
				goto bad;
			break;
		case 'F':
			if (!parse_u64(optarg, &offline_n))
				goto bad;
			break;
		case 'h': usage(stdout); return 0;
		default: goto bad;
		}
	}
	if (optind != argc || (!opt_bdf && !offline_n))
		goto bad;
	if (!seeded)
		opt_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("fuzz_dev: seed %" PRIu64 "\n", opt_seed);
	page_size = sysconf(_SC_PAGESIZE);
	if (page_size <= 0)
		page_size = 4096;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("fuzz_dev: mmap");
		return 1;
	}
	if (assemble_templates())
		return 1;
	if (offline_n)
		return offline(offline_n);

	if (uirq_parse_bdf(opt_bdf, bdf, sizeof(bdf)))
		goto bad;
	opt_bdf = bdf;
	snprintf(path, sizeof(path), "/dev/uirq/%s", bdf);
	printf("fuzz_dev: %s, %" PRIu64 " ops, %" PRIu64 " threads, raise every %" PRIu64
	       " us%s%s%s\n", bdf, opt_ops, nthreads, opt_raise_us,
	       no_raise ? ", no raiser" : "", no_child ? ", no child" : "",
	       no_reopen ? ", no reopen" : "");

	/* The child first: it must share nothing with the open file. */
	if (!no_child) {
		child = fork();
		if (child < 0) {
			perror("fuzz_dev: fork");
			return 1;
		}
		if (child == 0)
			child_main(path);
	}
	setup_signals();
	setup_ro_page();
	nullfd = open("/dev/null", O_RDWR | O_CLOEXEC);
	pthread_rwlockattr_init(&rwa);
	pthread_rwlockattr_setkind_np(&rwa, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&map_lock, &rwa);
	setup_tctx(&mainx, STREAM_MAIN, "main");

	/* The child may hold it for a moment: it is already trying. */
	t0 = now_ns();
	while ((ret = uirq_open(bdf, &dev)) == -EBUSY && now_ns() - t0 < 10000000000ull)
		sleep_us(500);
	if (ret) {
		printf("fuzz_dev: FAIL open %s: %s\n", path, strerror(-ret));
		__atomic_fetch_add(&sh->failures, 1, __ATOMIC_SEQ_CST);
		goto out;
	}
	atomic_store(&g_fd, uirq_fd(dev));
	atomic_store(&sh->gen, 1);
	ret = setup_good(dev);
	if (ret)
		failf(&mainx, "setting up the edu programs: %s", strerror(-ret));
	if (uirq_map_region(dev, UIRQ_REGION_BAR0, &raise_map, NULL))
		failf(&mainx, "mapping BAR0 for the raiser");

	if (!no_raise) {
		setup_tctx(&raiser, STREAM_RAISER, "raiser");
		pthread_create(&raiser.th, NULL, raiser_thread, &raiser);
	}
	t0 = now_ns();
	for (i = 0; i < nthreads; i++) {
		char name[16];

		snprintf(name, sizeof(name), "t%u", i);
		setup_tctx(&fz[i], i, name);
		fz[i].nops = opt_ops / nthreads + (i == 0 ? opt_ops % nthreads : 0);
		pthread_create(&fz[i].th, NULL, fuzz_thread, &fz[i]);
	}
	while (atomic_load(&threads_done) < (int)nthreads) {
		uint64_t now = now_ns();

		for (i = 0; i < nthreads; i++) {
			uint64_t s = __atomic_load_n(&fz[i].op_start, __ATOMIC_RELAXED);

			if (s && now > s && now - s > hang_s * 1000000000ull) {
				failf(&fz[i], "hang: %s has not returned for %" PRIu64 " s",
				      fz[i].desc, (uint64_t)((now - s) / 1000000000ull));
				print_table();
				printf("fuzz_dev: %" PRIu64 " ops, %" PRIu64 " failures\n",
				       (uint64_t)atomic_load(&done_ops),
				       (uint64_t)__atomic_load_n(&sh->failures, __ATOMIC_SEQ_CST));
				fflush(stdout);
				if (child > 0)
					kill(child, SIGKILL);
				_exit(1);
			}
		}
		if (!no_reopen && !phase2 && atomic_load(&done_ops) >= opt_ops / 2) {
			phase2 = true;
			printf("fuzz_dev: phase 2 after %" PRIu64 " ops: closing and reopening\n",
			       (uint64_t)atomic_load(&done_ops));
		}
		if (phase2) {
			mainx.opno++;
			dev = reopen(&mainx, dev, nullfd);
			sleep_us(2000 + below(&mainx.r, 18000));
		} else {
			sleep_us(5000);
		}
	}
	for (i = 0; i < nthreads; i++)
		pthread_join(fz[i].th, NULL);
	elapsed = now_ns() - t0;
	atomic_store(&g_stop, 1);
	if (!no_raise)
		pthread_join(raiser.th, NULL);
	if (!dev) {
		ret = uirq_open(bdf, &dev);
		if (ret)
			failf(&mainx, "open at the end: %s", strerror(-ret));
	}
	if (dev) {
		struct uirq_info info;

		ret = uirq_get_info(dev, &info);
		if (ret)
			failf(&mainx, "GET_INFO at the end: %s", strerror(-ret));
		add_kstats(dev);
		if (atomic_load(&sh->gen) & 1u)
			atomic_fetch_add(&sh->gen, 1);	/* even: let go */
		uirq_close(dev);
	}
out:
	if (child > 0) {
		atomic_store(&sh->stop_child, 1);
		if (waitpid(child, &status, 0) == child &&
		    (!WIFEXITED(status) || WEXITSTATUS(status)))
			failf(&mainx, "the child ended with status %#x", (unsigned int)status);
	}
	print_table();
	done = atomic_load(&done_ops);
	elapsed = elapsed ? elapsed : 1;
	printf("fuzz_dev: kernel over %" PRIu64 " opens: handled %" PRIu64 " declined %" PRIu64
	       " events %" PRIu64 " dropped %" PRIu64 " recheck events %" PRIu64
	       " enable runs %" PRIu64 " guard trips %" PRIu64 " max handler %" PRIu64 " ns\n",
	       kopens, (uint64_t)kstats.handled, (uint64_t)kstats.declined,
	       (uint64_t)kstats.events, (uint64_t)kstats.dropped,
	       (uint64_t)kstats.unmask_events, (uint64_t)kstats.enable_runs,
	       (uint64_t)kstats.faults, (uint64_t)kstats.max_ns);
	printf("fuzz_dev: %" PRIu64 " ops in %.1f s (%.0f ops/s), %" PRIu64
	       " records read, %" PRIu64 " signals\n",
	       done, elapsed / 1e9, done / (elapsed / 1e9),
	       (uint64_t)atomic_load(&records_read), (uint64_t)atomic_load(&notes));
	printf("fuzz_dev: %" PRIu64 " ops, %" PRIu64 " failures\n", done,
	       (uint64_t)__atomic_load_n(&sh->failures, __ATOMIC_SEQ_CST));
	return __atomic_load_n(&sh->failures, __ATOMIC_SEQ_CST) || done != opt_ops ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
