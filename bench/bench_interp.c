// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What does interpreting the ack program cost compared with compiling it?
 *
 * The edu ack program (examples/programs/edu-ack.s) runs in uirq_run()
 * and, side by side, as a hand-written C function making the same bus
 * accesses through the same struct uirq_bus function pointers on the same
 * simulated device (a small register array), for a claimed interrupt
 * (status != 0) and a declined one (status 0).
 *
 *   bench_interp                 time both, interleaved rounds, medians
 *   bench_interp --fixed V N     run variant V (interp-claimed, c-claimed,
 *                                interp-declined, c-declined) N times, for
 *                                callgrind (bench/callgrind.sh)
 *   bench_interp --dump FILE     write the embedded program as a binary
 *                                program file, to compare with the
 *                                assembled edu-ack.s
 *
 * Figures are printed, never asserted: they depend on the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "uirq_core.h"

#define EDU_STATUS	0x24
#define EDU_ACK		0x64

/*
 * examples/programs/edu-ack.s, encoded by hand so that the benchmark needs
 * no assembler; `--dump` lets bench.mk compare it with the assembled file.
 */
static const struct uirq_insn edu_ack[] = {
	/* ld32 r0, bar0[STATUS] */
	{ .op = UIRQ_OP_LD32, .region = UIRQ_REGION_BAR0, .off = EDU_STATUS },
	/* jeq r0, 0, not_mine */
	{ .op = UIRQ_OP_JEQ, .jump = 4, .imm = 0 },
	/* jeq r0, 0xffffffff, not_mine */
	{ .op = UIRQ_OP_JEQ, .jump = 3, .imm = 0xffffffff },
	/* st32 bar0[ACK], r0 */
	{ .op = UIRQ_OP_ST32, .mode = UIRQ_MODE_REG, .off = EDU_ACK },
	/* cap 0, r0 */
	{ .op = UIRQ_OP_CAP, .mode = UIRQ_MODE_REG, .off = 0 },
	/* ret handled */
	{ .op = UIRQ_OP_RET, .imm = UIRQ_RET_HANDLED },
	/* not_mine: ret none */
	{ .op = UIRQ_OP_RET, .imm = UIRQ_RET_NONE },
};
#define EDU_LEN	(sizeof(edu_ack) / sizeof(edu_ack[0]))

/* The simulated BAR0: 32-bit registers, enough for edu's offsets. */
struct simdev {
	u32 reg[0x80 / 4];
};

__attribute__((noinline))
static u64 sim_read(void *ctx, u32 region, u32 off, u32 width)
{
	struct simdev *d = ctx;

	(void)region;
	(void)width;
	return d->reg[(off / 4) % (sizeof(d->reg) / 4)];
}

/*
 * A write to ACK does not clear STATUS here, unlike the real device: every
 * iteration must see the same status so that each variant takes one path.
 */
__attribute__((noinline))
static void sim_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	struct simdev *d = ctx;

	(void)region;
	(void)width;
	d->reg[(off / 4) % (sizeof(d->reg) / 4)] = (u32)val;
}

static void sim_delay(void *ctx, u32 us)
{
	(void)ctx;
	(void)us;
}

/* The program compiled by hand: same accesses, same result record. */
__attribute__((noinline))
static u32 edu_ack_c(const struct uirq_bus *bus, struct uirq_result *res)
{
	u64 st;

	memset(res, 0, sizeof(*res));
	st = (u32)bus->read(bus->ctx, UIRQ_REGION_BAR0, EDU_STATUS, 4);
	if (st == 0 || st == 0xffffffff) {
		res->steps = 3;
		return res->ret = UIRQ_RET_NONE;
	}
	bus->write(bus->ctx, UIRQ_REGION_BAR0, EDU_ACK, 4, (u32)st);
	res->cap[0] = st;
	res->cap_mask = 1;
	res->steps = 6;
	return res->ret = UIRQ_RET_HANDLED;
}

static struct uirq_prog prog;
static struct simdev dev_claim = { .reg = { [EDU_STATUS / 4] = 0x1 } };
static struct simdev dev_decl;
/* Set at run time and read through a pointer the compiler cannot see
 * through, so neither side gets its callbacks inlined or devirtualised.
 */
static struct uirq_bus bus_claim, bus_decl;

static const struct uirq_bus *opaque(const struct uirq_bus *b)
{
	__asm__ volatile("" : "+r"(b));
	return b;
}

/* One loop per variant, so that callgrind attributes costs per variant. */
__attribute__((noinline))
static u64 loop_interp(const struct uirq_bus *bus, long n)
{
	struct uirq_result res;
	u64 sum = 0;

	while (n--)
		sum += uirq_run(&prog, opaque(bus), &res) + res.cap[0];
	return sum;
}

__attribute__((noinline))
static u64 loop_c(const struct uirq_bus *bus, long n)
{
	struct uirq_result res;
	u64 sum = 0;

	while (n--)
		sum += edu_ack_c(opaque(bus), &res) + res.cap[0];
	return sum;
}

enum { V_INTERP_CLAIM, V_C_CLAIM, V_INTERP_DECL, V_C_DECL, V_NUM };
static const char *const vname[V_NUM] = {
	"interp-claimed", "c-claimed", "interp-declined", "c-declined"
};

static u64 run_variant(int v, long n)
{
	switch (v) {
	case V_INTERP_CLAIM: return loop_interp(&bus_claim, n);
	case V_C_CLAIM:      return loop_c(&bus_claim, n);
	case V_INTERP_DECL:  return loop_interp(&bus_decl, n);
	default:             return loop_c(&bus_decl, n);
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Both implementations must agree before their speed means anything. */
static int cross_check(void)
{
	const struct uirq_bus *b[2] = { &bus_claim, &bus_decl };
	static const u32 want[2] = { UIRQ_RET_HANDLED, UIRQ_RET_NONE };
	struct uirq_result ri, rc;
	int i;

	for (i = 0; i < 2; i++) {
		u32 a = uirq_run(&prog, b[i], &ri), c = edu_ack_c(b[i], &rc);

		if (a != want[i] || c != want[i] || ri.cap_mask != rc.cap_mask ||
		    ri.cap[0] != rc.cap[0] || ri.steps != rc.steps) {
			fprintf(stderr, "bench_interp: interpreter and C disagree (%s): ret %u/%u caps 0x%x/0x%x steps %u/%u\n",
				i ? "declined" : "claimed", a, c, ri.cap_mask,
				rc.cap_mask, ri.steps, rc.steps);
			return -EINVAL;
		}
	}
	return 0;
}

#define ROUNDS	31
#define ITERS	200000L

static int bench_time(void)
{
	static double t[V_NUM][ROUNDS];
	volatile u64 sink = 0;
	double med[V_NUM];
	int r, v;

	for (v = 0; v < V_NUM; v++)	/* warm caches and branch predictors */
		sink += run_variant(v, ITERS / 10);
	/* Interleaved: a frequency or load change hits every variant alike. */
	for (r = 0; r < ROUNDS; r++) {
		for (v = 0; v < V_NUM; v++) {
			double t0 = now_ns();

			sink += run_variant(v, ITERS);
			t[v][r] = (now_ns() - t0) / ITERS;
		}
	}
	for (v = 0; v < V_NUM; v++) {
		qsort(t[v], ROUNDS, sizeof(double), dbl_cmp);
		med[v] = t[v][ROUNDS / 2];
	}
	(void)sink;
	printf("edu ack program, %u insns; %d rounds x %ld runs, median ns per run\n",
	       (unsigned int)EDU_LEN, ROUNDS, ITERS);
	printf("  %-10s %6s %12s %12s %8s\n", "case", "steps", "interp ns",
	       "C ns", "ratio");
	printf("  %-10s %6u %12.2f %12.2f %8.2f\n", "claimed", 6u,
	       med[V_INTERP_CLAIM], med[V_C_CLAIM],
	       med[V_INTERP_CLAIM] / med[V_C_CLAIM]);
	printf("  %-10s %6u %12.2f %12.2f %8.2f\n", "declined", 3u,
	       med[V_INTERP_DECL], med[V_C_DECL],
	       med[V_INTERP_DECL] / med[V_C_DECL]);
	return 0;
}

static int dump(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return 1;
	}
	/* Host order is the file's little-endian order on x86. */
	fwrite(edu_ack, sizeof(edu_ack[0]), EDU_LEN, f);
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct uirq_region_desc regions[UIRQ_MAX_REGIONS];
	struct uirq_verr err;
	int v;

	uirq_default_regions(regions);
	regions[UIRQ_REGION_BAR0].size = 0x100000;	/* edu's BAR0: 1 MiB */
	if (uirq_verify(&prog, UIRQ_PROG_ACK, edu_ack, EDU_LEN, regions,
			&err)) {
		fprintf(stderr, "bench_interp: edu ack program rejected: insn %d: %s\n",
			err.insn, err.msg);
		return 1;
	}
	bus_claim = (struct uirq_bus){ sim_read, sim_write, sim_delay, &dev_claim };
	bus_decl = (struct uirq_bus){ sim_read, sim_write, sim_delay, &dev_decl };
	if (cross_check())
		return 1;

	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--fixed")) {
		long n = strtol(argv[3], NULL, 0);

		for (v = 0; v < V_NUM; v++)
			if (!strcmp(argv[2], vname[v]))
				break;
		if (v == V_NUM || n <= 0) {
			fprintf(stderr, "bench_interp: --fixed VARIANT N: unknown variant or N\n");
			return 2;
		}
		printf("%s %ld runs: %llu\n", vname[v], n,
		       (unsigned long long)run_variant(v, n));
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: bench_interp [--fixed VARIANT N | --dump FILE]\n");
		return 2;
	}
	return bench_time();
}
