// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host tests of the interpreter. Every program runs against a "trapping
 * bus": a byte array per region that fails the test on any access outside
 * the window the verifier computed, with a width the region type does not
 * allow, or misaligned. Besides the per-instruction semantics, every
 * accepted case of verify_cases.h and random accepted mutants of them run
 * on random device contents, checking the verifier's bounds hold.
 */
#include "harness.h"
#include "uirq_core.h"
#include "verify_cases.h"

#include <stdlib.h>

#define MEM_SIZE	0x1000
#define LOG_MAX		64

struct access {
	int write;
	u32 region, off, width;
	u64 val;
};

struct tbus {
	const struct uirq_prog *prog;
	const struct uirq_region_desc *regions;
	u8 mem[UIRQ_MAX_REGIONS][MEM_SIZE];
	struct access log[LOG_MAX];
	u32 nlog;
	u32 delay_calls, delay_total, last_delay;
	u32 violations;
	int dirty;	/* reads return garbage above the width */
};

static struct uirq_region_desc default_regions[UIRQ_MAX_REGIONS];

static void violation(struct tbus *b, const char *what, u32 region, u32 off,
		      u32 width)
{
	b->violations++;
	TH_EXPECT(0, "bus: %s: region %u off 0x%x width %u", what, region,
		  off, width);
}

static int access_ok(struct tbus *b, u32 region, u32 off, u32 width)
{
	const struct uirq_prog_props *pp = &b->prog->props;
	u32 type;

	if (region >= UIRQ_MAX_REGIONS ||
	    !(pp->region_mask & (1u << region))) {
		violation(b, "region not in region_mask", region, off, width);
		return 0;
	}
	type = b->regions[region].type;
	if (width != 1 && width != 2 && width != 4 &&
	    !(width == 8 && type == UIRQ_REGION_TYPE_MMIO)) {
		violation(b, "illegal width for the region type", region,
			  off, width);
		return 0;
	}
	if (off & (width - 1)) {
		violation(b, "misaligned", region, off, width);
		return 0;
	}
	if (off < pp->win[region].lo || (u64)off + width > pp->win[region].hi) {
		violation(b, "outside the verified window", region, off,
			  width);
		return 0;
	}
	if ((u64)off + width > b->regions[region].size) {
		violation(b, "outside the region", region, off, width);
		return 0;
	}
	return 1;
}

static void log_access(struct tbus *b, int write, u32 region, u32 off,
		       u32 width, u64 val)
{
	if (b->nlog < LOG_MAX)
		b->log[b->nlog++] = (struct access){ write, region, off,
						     width, val };
}

/* Offsets beyond MEM_SIZE (big regions) alias into it: contents only. */
static u64 t_read(void *ctx, u32 region, u32 off, u32 width)
{
	struct tbus *b = ctx;
	u64 v = 0;
	u32 i;

	if (!access_ok(b, region, off, width))
		return 0;
	for (i = 0; i < width; i++)
		v |= (u64)b->mem[region][(off + i) % MEM_SIZE] << (8 * i);
	log_access(b, 0, region, off, width, v);
	if (b->dirty && width < 8)
		v |= 0xdead000000000000ull;
	return v;
}

static void t_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	struct tbus *b = ctx;
	u32 i;

	if (!access_ok(b, region, off, width))
		return;
	if (width < 8 && (val >> (8 * width)))
		violation(b, "value not truncated to the width", region, off,
			  width);
	for (i = 0; i < width; i++)
		b->mem[region][(off + i) % MEM_SIZE] = (u8)(val >> (8 * i));
	log_access(b, 1, region, off, width, val);
}

static void t_delay(void *ctx, u32 us)
{
	struct tbus *b = ctx;

	b->delay_calls++;
	b->delay_total += us;
	b->last_delay = us;
}

static void tbus_init(struct tbus *b, const struct uirq_prog *prog,
		      const struct uirq_region_desc *regions)
{
	memset(b, 0, sizeof(*b));
	b->prog = prog;
	b->regions = regions ? regions : default_regions;
}

static const struct uirq_bus *bus_of(struct tbus *b)
{
	static struct uirq_bus bus;

	bus.read = t_read;
	bus.write = t_write;
	bus.delay = t_delay;
	bus.ctx = b;
	return &bus;
}

/* Verify (failing the test if rejected) and run once on @b's memory. */
static int load(struct uirq_prog *p, u32 kind, const struct uirq_insn *insns,
		u32 len)
{
	struct uirq_verr err;
	int rc = uirq_verify(p, kind, insns, len, default_regions, &err);

	TH_EXPECT(rc == 0, "verify: insn %d: %s", err.insn, err.msg);
	return rc;
}

static u32 run(const struct uirq_prog *p, struct tbus *b,
	       struct uirq_result *res)
{
	u32 ret;

	memset(res, 0xee, sizeof(*res));
	ret = uirq_run(p, bus_of(b), res);
	TH_EXPECT_EQ(ret, res->ret);
	TH_EXPECT(res->steps >= 1 && res->steps <= p->props.max_steps,
		  "steps %u within 1..%u", res->steps, p->props.max_steps);
	TH_EXPECT((res->cap_mask & ~p->props.cap_mask) == 0,
		  "cap_mask 0x%x within 0x%x", res->cap_mask,
		  p->props.cap_mask);
	TH_EXPECT(b->delay_total <= p->props.max_delay_us,
		  "delay %u within %u", b->delay_total, p->props.max_delay_us);
	return ret;
}

/* Run "mov r1, a; [mov r2, b]; OP r1, b|r2; cap 0, r1; ret handled". */
static u64 alu(u32 op, u64 a, u64 b, int reg)
{
	struct uirq_insn insns[] = {
		I_MOVI(1, a),
		I_MOVI(2, b),
		I_ALUI(op, 1, b),
		I_CAP(0, 1),
		I_RET(UIRQ_RET_HANDLED),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (reg)
		insns[2] = (struct uirq_insn)I_ALUR(op, 1, 2);
	if (op == UIRQ_OP_NOT)
		insns[2] = (struct uirq_insn)I_NOT(1);
	if (load(&p, UIRQ_PROG_ACK, insns, 5))
		return 0xbadbadbadull;
	tbus_init(&bus, &p, NULL);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.ret, UIRQ_RET_HANDLED);
	TH_EXPECT_EQ(res.cap_mask, 1);
	TH_EXPECT_EQ(res.steps, 5);
	TH_EXPECT_EQ(bus.nlog, 0);
	return res.cap[0];
}

static void test_alu(void)
{
	static const struct {
		u32 op;
		u64 a, b, want;
		int imm_ok;	/* b is a valid immediate too */
	} t[] = {
		{ UIRQ_OP_MOV, 5, 0xffffffffffffffffull, 0xffffffffffffffffull, 1 },
		{ UIRQ_OP_MOV, 5, 0, 0, 1 },
		{ UIRQ_OP_AND, 0xf0f0f0f0f0f0f0f0ull, 0xff00ff00ff00ff00ull,
		  0xf000f000f000f000ull, 1 },
		{ UIRQ_OP_AND, 0xffffffffffffffffull, 0, 0, 1 },
		{ UIRQ_OP_OR, 0xf0, 0x0f00000000000000ull,
		  0x0f000000000000f0ull, 1 },
		{ UIRQ_OP_XOR, 0xffffffffffffffffull, 0x5555555555555555ull,
		  0xaaaaaaaaaaaaaaaaull, 1 },
		{ UIRQ_OP_XOR, 0x1234, 0x1234, 0, 1 },
		{ UIRQ_OP_ADD, 0xffffffffffffffffull, 1, 0, 1 },
		{ UIRQ_OP_ADD, 0x7fffffffffffffffull, 1,
		  0x8000000000000000ull, 1 },
		{ UIRQ_OP_ADD, 0xffffffffull, 1, 0x100000000ull, 1 },
		{ UIRQ_OP_SUB, 0, 1, 0xffffffffffffffffull, 1 },
		{ UIRQ_OP_SUB, 10, 3, 7, 1 },
		{ UIRQ_OP_SHL, 1, 63, 0x8000000000000000ull, 1 },
		{ UIRQ_OP_SHL, 0xff, 0, 0xff, 1 },
		{ UIRQ_OP_SHL, 0xffffffffffffffffull, 32,
		  0xffffffff00000000ull, 1 },
		{ UIRQ_OP_SHR, 0xffffffffffffffffull, 63, 1, 1 },
		{ UIRQ_OP_SHR, 0x8000000000000000ull, 4,
		  0x0800000000000000ull, 1 },
		/* register amounts are taken mod 64 */
		{ UIRQ_OP_SHL, 3, 64, 3, 0 },
		{ UIRQ_OP_SHL, 3, 65, 6, 0 },
		{ UIRQ_OP_SHL, 1, 0xffffffffffffffffull,
		  0x8000000000000000ull, 0 },
		{ UIRQ_OP_SHR, 0x8000000000000000ull, 127, 1, 0 },
		{ UIRQ_OP_SHR, 0x10, 0x100000004ull, 1, 0 },
		{ UIRQ_OP_NOT, 0, 0, 0xffffffffffffffffull, 1 },
		{ UIRQ_OP_NOT, 0x00ff00ff00ff00ffull, 0, 0xff00ff00ff00ff00ull, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		u64 got;

		got = alu(t[i].op, t[i].a, t[i].b, 1);
		TH_EXPECT(got == t[i].want,
			  "%s reg: 0x%llx, 0x%llx -> 0x%llx, want 0x%llx",
			  uirq_op_name(t[i].op), (unsigned long long)t[i].a,
			  (unsigned long long)t[i].b, (unsigned long long)got,
			  (unsigned long long)t[i].want);
		if (!t[i].imm_ok)
			continue;
		got = alu(t[i].op, t[i].a, t[i].b, 0);
		TH_EXPECT(got == t[i].want,
			  "%s imm: 0x%llx, 0x%llx -> 0x%llx, want 0x%llx",
			  uirq_op_name(t[i].op), (unsigned long long)t[i].a,
			  (unsigned long long)t[i].b, (unsigned long long)got,
			  (unsigned long long)t[i].want);
	}
}

static void test_regs_zero_at_entry(void)
{
	static const struct uirq_insn insns[] = {
		I_CAP(0, 0), I_CAP(1, 1), I_CAP(2, 2), I_CAP(3, 3),
		I_CAP(4, 4), I_CAP(5, 5), I_CAP(6, 6), I_CAP(7, 7),
		I_MOVI(3, 0x1234), I_RET(UIRQ_RET_HANDLED),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;
	u32 i, n;

	if (load(&p, UIRQ_PROG_ACK, insns, 10))
		return;
	/* Twice: nothing of the first run survives into the second. */
	for (n = 0; n < 2; n++) {
		tbus_init(&bus, &p, NULL);
		run(&p, &bus, &res);
		TH_EXPECT_EQ(res.cap_mask, 0xff);
		for (i = 0; i < UIRQ_NUM_CAPS; i++)
			TH_EXPECT_EQ(res.cap[i], 0);
	}
}

static void put(struct tbus *b, u32 region, u32 off, u64 v, u32 width)
{
	u32 i;

	for (i = 0; i < width; i++)
		b->mem[region][off + i] = (u8)(v >> (8 * i));
}

static u64 get(struct tbus *b, u32 region, u32 off, u32 width)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < width; i++)
		v |= (u64)b->mem[region][off + i] << (8 * i);
	return v;
}

static void loads(int dirty)
{
	static const struct uirq_insn insns[] = {
		I_MOVI(1, 0xffffffffffffffffull), I_MOVI(2, 0xffffffffffffffffull),
		I_MOVI(3, 0xffffffffffffffffull), I_MOVI(4, 0xffffffffffffffffull),
		I_LD(1, 1, R_BAR0, 0x17),
		I_LD(2, 2, R_BAR0, 0x16),
		I_LD(4, 3, R_BAR0, 0x14),
		I_LD(8, 4, R_BAR0, 0x10),
		I_LD(4, 5, R_CFG, 0x0),
		I_CAP(1, 1), I_CAP(2, 2), I_CAP(3, 3), I_CAP(4, 4),
		I_CAP(5, 5),
		I_RET(UIRQ_RET_HANDLED),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_ACK, insns, 15))
		return;
	tbus_init(&bus, &p, NULL);
	bus.dirty = dirty;
	put(&bus, R_BAR0, 0x10, 0xf1f2f3f4f5f6f7f8ull, 8);
	put(&bus, R_CFG, 0, 0x11e81234, 4);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.cap[1], 0xf1);
	TH_EXPECT_EQ(res.cap[2], 0xf1f2);
	TH_EXPECT_EQ(res.cap[3], 0xf1f2f3f4);
	TH_EXPECT_EQ(res.cap[4], 0xf1f2f3f4f5f6f7f8ull);
	TH_EXPECT_EQ(res.cap[5], 0x11e81234);
	TH_EXPECT_EQ(bus.nlog, 5);
	TH_EXPECT(bus.log[0].region == R_BAR0 && bus.log[0].off == 0x17 &&
		  bus.log[0].width == 1 && !bus.log[0].write, "ld8 access");
	TH_EXPECT(bus.log[3].off == 0x10 && bus.log[3].width == 8, "ld64");
	TH_EXPECT(bus.log[4].region == R_CFG && bus.log[4].width == 4, "cfg");
}

static void test_loads_zero_extend(void)
{
	loads(0);
}

/* Even a bus that returns junk above the width cannot leak it. */
static void test_loads_mask_bus_junk(void)
{
	loads(1);
}

static void test_stores_truncate(void)
{
	static const struct uirq_insn insns[] = {
		I_MOVI(7, 0x1122334455667788ull),
		I_STR(1, R_BAR0, 0x21, 7),
		I_STR(2, R_BAR0, 0x32, 7),
		I_STR(4, R_BAR0, 0x44, 7),
		I_STR(8, R_BAR0, 0x58, 7),
		I_STI(1, R_BAR0, 0x60, 0xab),
		I_STI(2, R_BAR0, 0x62, 0xbeef),
		I_STI(4, R_BAR0, 0x64, 0xdeadbeef),
		I_STI(8, R_BAR0, 0x68, 0xffffffffffffffffull),
		I_STI(2, R_CFG, 0x4, 0x0406),
		I_RET(UIRQ_RET_QUIET),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_ACK, insns, 11))
		return;
	tbus_init(&bus, &p, NULL);
	memset(bus.mem[R_BAR0], 0xcc, MEM_SIZE);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.ret, UIRQ_RET_QUIET);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x20, 3), 0xcc88cc);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x30, 6), 0xcccc7788ccccull);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x44, 4), 0x55667788);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x48, 1), 0xcc);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x58, 8), 0x1122334455667788ull);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x60, 2), 0xccab);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x62, 2), 0xbeef);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x64, 4), 0xdeadbeef);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x68, 8), 0xffffffffffffffffull);
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x70, 1), 0xcc);
	TH_EXPECT_EQ(get(&bus, R_CFG, 0x4, 2), 0x0406);
	TH_EXPECT_EQ(bus.nlog, 9);
	TH_EXPECT(bus.log[0].write && bus.log[0].width == 1 &&
		  bus.log[0].val == 0x88, "st8 passes the low byte only");
}

/* "mov r1, a; mov r2, b; Jcc r1, b|r2, +1; ret none; ret handled" */
static int taken(u32 op, u64 a, u64 b, int reg)
{
	struct uirq_insn insns[] = {
		I_MOVI(1, a),
		I_MOVI(2, b),
		I_JI(op, 1, b, 1),
		I_RET(UIRQ_RET_NONE),
		I_RET(UIRQ_RET_HANDLED),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (reg)
		insns[2] = (struct uirq_insn)I_JR(op, 1, 2, 1);
	if (load(&p, UIRQ_PROG_ACK, insns, 5))
		return -1;
	tbus_init(&bus, &p, NULL);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.steps, 4);
	return res.ret == UIRQ_RET_HANDLED;
}

static void test_branches(void)
{
	static const struct {
		u32 op;
		u64 a, b;
		int taken;
	} t[] = {
		{ UIRQ_OP_JEQ, 5, 5, 1 },
		{ UIRQ_OP_JEQ, 5, 6, 0 },
		{ UIRQ_OP_JEQ, 0xffffffffffffffffull, 0xffffffffull, 0 },
		{ UIRQ_OP_JNE, 5, 6, 1 },
		{ UIRQ_OP_JNE, 5, 5, 0 },
		/* unsigned: ~0 is the largest value */
		{ UIRQ_OP_JGT, 0xffffffffffffffffull, 1, 1 },
		{ UIRQ_OP_JGT, 1, 1, 0 },
		{ UIRQ_OP_JGT, 0, 0xffffffffffffffffull, 0 },
		{ UIRQ_OP_JGE, 1, 1, 1 },
		{ UIRQ_OP_JGE, 2, 1, 1 },
		{ UIRQ_OP_JGE, 0, 1, 0 },
		{ UIRQ_OP_JLT, 1, 0xffffffffffffffffull, 1 },
		{ UIRQ_OP_JLT, 1, 1, 0 },
		{ UIRQ_OP_JLE, 1, 1, 1 },
		{ UIRQ_OP_JLE, 0, 1, 1 },
		{ UIRQ_OP_JLE, 0x8000000000000000ull, 1, 0 },
		{ UIRQ_OP_JSET, 0x81, 0x80, 1 },
		{ UIRQ_OP_JSET, 0x81, 0x7e, 0 },
		{ UIRQ_OP_JSET, 0x8000000000000000ull, 0x8000000000000000ull, 1 },
		{ UIRQ_OP_JSET, 5, 0, 0 },
		{ UIRQ_OP_JCLR, 0x81, 0x7e, 1 },
		{ UIRQ_OP_JCLR, 0x81, 0x01, 0 },
		{ UIRQ_OP_JCLR, 5, 0, 1 },
	};
	size_t i;
	int reg;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (reg = 0; reg < 2; reg++)
			TH_EXPECT(taken(t[i].op, t[i].a, t[i].b, reg) ==
				  t[i].taken,
				  "%s %s 0x%llx, 0x%llx: taken should be %d",
				  uirq_op_name(t[i].op), reg ? "reg" : "imm",
				  (unsigned long long)t[i].a,
				  (unsigned long long)t[i].b, t[i].taken);
}

/* ja skips, ja 0 falls through; the not-taken jeq is counted once. */
static void test_ja(void)
{
	static const struct uirq_insn insns[] = {
		I_JI(UIRQ_OP_JEQ, 0, 1, 1), I_JA(1), I_RET(UIRQ_RET_NONE),
		I_JA(0), I_RET(UIRQ_RET_QUIET),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_ACK, insns, 5))
		return;
	tbus_init(&bus, &p, NULL);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.ret, UIRQ_RET_QUIET);
	TH_EXPECT_EQ(res.steps, 4);
	TH_EXPECT_EQ(p.props.max_steps, 4);
}

static void test_returns(void)
{
	static const u32 kinds[] = { UIRQ_PROG_ACK, UIRQ_PROG_ENABLE,
				     UIRQ_PROG_RELEASE, UIRQ_PROG_INIT };
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;
	u32 k, r;

	for (k = 0; k < 4; k++) {
		for (r = 0; r <= UIRQ_RET_QUIET; r++) {
			struct uirq_insn insn = I_RET(r);

			if (kinds[k] != UIRQ_PROG_ACK && r == UIRQ_RET_NONE)
				continue;
			if (load(&p, kinds[k], &insn, 1))
				continue;
			tbus_init(&bus, &p, NULL);
			TH_EXPECT_EQ(run(&p, &bus, &res), r);
			TH_EXPECT_EQ(res.steps, 1);
			TH_EXPECT_EQ(res.cap_mask, 0);
		}
	}
}

static void test_cap_slots(void)
{
	static const struct uirq_insn insns[] = {
		I_MOVI(1, 0x1111), I_MOVI(2, 0x2222),
		I_CAP(7, 1), I_CAP(3, 2), I_CAP(0, 1),
		I_MOVI(1, 0x3333), I_CAP(0, 1),		/* last write wins */
		I_RET(UIRQ_RET_HANDLED),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_ACK, insns, 8))
		return;
	TH_EXPECT_EQ(p.props.cap_mask, 0x89);
	tbus_init(&bus, &p, NULL);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(res.cap_mask, 0x89);
	TH_EXPECT_EQ(res.cap[0], 0x3333);
	TH_EXPECT_EQ(res.cap[3], 0x2222);
	TH_EXPECT_EQ(res.cap[7], 0x1111);
	TH_EXPECT_EQ(res.cap[1] | res.cap[2] | res.cap[4] | res.cap[5] |
		     res.cap[6], 0);
}

static void test_delay_calls_bus(void)
{
	static const struct uirq_insn insns[] = {
		I_DELAY(3), I_JI(UIRQ_OP_JEQ, 0, 1, 1), I_DELAY(10),
		I_DELAY(7), I_RET(UIRQ_RET_QUIET),
	};
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_INIT, insns, 5))
		return;
	TH_EXPECT_EQ(p.props.max_delay_us, 20);
	tbus_init(&bus, &p, NULL);
	run(&p, &bus, &res);
	TH_EXPECT_EQ(bus.delay_calls, 3);
	TH_EXPECT_EQ(bus.delay_total, 20);
	TH_EXPECT_EQ(bus.last_delay, 7);
	TH_EXPECT_EQ(res.steps, 5);
}

/* The README's edu ack program. */
static const struct uirq_insn edu_ack[] = {
	I_LD(4, 0, R_BAR0, 0x24),
	I_JI(UIRQ_OP_JEQ, 0, 0, 4),
	I_JI(UIRQ_OP_JEQ, 0, 0xffffffff, 3),
	I_STR(4, R_BAR0, 0x64, 0),
	I_CAP(0, 0),
	I_RET(UIRQ_RET_HANDLED),
	I_RET(UIRQ_RET_NONE),
};

static void test_edu(void)
{
	struct uirq_result res;
	struct uirq_prog p;
	struct tbus bus;

	if (load(&p, UIRQ_PROG_ACK, edu_ack, 7))
		return;

	tbus_init(&bus, &p, NULL);
	put(&bus, R_BAR0, 0x24, 0, 4);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_NONE);
	TH_EXPECT_EQ(bus.nlog, 1);
	TH_EXPECT_EQ(res.cap_mask, 0);
	TH_EXPECT_EQ(res.steps, 3);

	tbus_init(&bus, &p, NULL);
	put(&bus, R_BAR0, 0x24, 5, 4);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_HANDLED);
	TH_EXPECT_EQ(bus.nlog, 2);
	TH_EXPECT(bus.log[1].write && bus.log[1].off == 0x64 &&
		  bus.log[1].width == 4 && bus.log[1].val == 5,
		  "acknowledged with a 32-bit write of 5 to 0x64");
	TH_EXPECT_EQ(get(&bus, R_BAR0, 0x64, 4), 5);
	TH_EXPECT_EQ(res.cap_mask, 1);
	TH_EXPECT_EQ(res.cap[0], 5);
	TH_EXPECT_EQ(res.steps, 6);

	/* A vanished device reads all-ones: not ours, and no write. */
	tbus_init(&bus, &p, NULL);
	put(&bus, R_BAR0, 0x24, 0xffffffff, 4);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_NONE);
	TH_EXPECT_EQ(bus.nlog, 1);
}

/* Impossible for verified programs; defined anyway: decline. */
static void test_defensive_end(void)
{
	static struct uirq_prog p;
	struct uirq_result res;
	struct tbus bus;

	memset(&p, 0, sizeof(p));
	p.len = 2;
	p.props.max_steps = 2;
	p.insns[0] = (struct uirq_insn)I_MOVI(0, 1);
	p.insns[1] = (struct uirq_insn)I_CAP(0, 0);
	p.props.cap_mask = 1;
	tbus_init(&bus, &p, NULL);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_NONE);
	TH_EXPECT_EQ(res.steps, 2);

	p.len = 1;
	p.props.max_steps = 1;
	p.insns[0] = (struct uirq_insn)I_RAW(0x99, 0, 0, 0, 0, 0, 0, 0, 0);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_NONE);
	TH_EXPECT_EQ(res.steps, 1);

	/* A negative jump in a corrupted program cannot loop. */
	p.len = 2;
	p.props.max_steps = 2;
	p.insns[0] = (struct uirq_insn)I_MOVI(0, 1);
	p.insns[1] = (struct uirq_insn)I_JA(-2);
	TH_EXPECT_EQ(run(&p, &bus, &res), UIRQ_RET_NONE);
	TH_EXPECT_EQ(res.steps, 2);
	TH_EXPECT_EQ(bus.violations, 0);
}

static u64 rnd_state = 0x2545f4914f6cdd1dull;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Device contents biased towards the values programs compare with. */
static void randomize(struct tbus *b)
{
	static const u8 pick[] = { 0, 0xff, 1, 5, 0x80, 0x7f };
	u32 r, i;

	for (r = 0; r < UIRQ_MAX_REGIONS; r++)
		for (i = 0; i < MEM_SIZE; i++)
			b->mem[r][i] = rnd() & 1 ? (u8)rnd() :
				       pick[rnd() % sizeof(pick)];
}

static void check_run(const struct verify_case *c, const struct uirq_prog *p,
		      u32 *seen_ret)
{
	static struct tbus bus;
	struct uirq_result res;
	u32 ret, flag;

	tbus_init(&bus, p, c->regions);
	randomize(&bus);
	ret = run(p, &bus, &res);
	flag = ret == UIRQ_RET_NONE ? UIRQ_PROP_CAN_DECLINE :
	       ret == UIRQ_RET_HANDLED ? UIRQ_PROP_CAN_HANDLE :
	       ret == UIRQ_RET_QUIET ? UIRQ_PROP_CAN_QUIET : 0;
	TH_EXPECT(flag && (p->props.flags & flag),
		  "%s: ret %u allowed by props 0x%x", c->name, ret,
		  p->props.flags);
	*seen_ret |= flag;
}

/* Every accepted table case, on random device contents. */
static void test_table_programs(void)
{
	struct uirq_prog p;
	u32 seen = 0, n = 0;
	size_t i;
	int k;

	for (i = 0; i < VERIFY_NCASES; i++) {
		const struct verify_case *c = &verify_cases[i];

		if (c->expect != VC_ACCEPT)
			continue;
		if (uirq_verify(&p, c->kind, c->insns, c->len,
				c->regions ? c->regions : default_regions,
				NULL)) {
			TH_EXPECT(0, "%s accepted", c->name);
			continue;
		}
		for (k = 0; k < 20; k++)
			check_run(c, &p, &seen);
		n++;
	}
	TH_EXPECT(n >= 25, "%u programs", n);
	TH_EXPECT_EQ(seen, UIRQ_PROP_CAN_DECLINE | UIRQ_PROP_CAN_HANDLE |
		     UIRQ_PROP_CAN_QUIET);
}

/* Random accepted mutants keep to their windows and bounds. */
static void test_mutant_programs(void)
{
	struct uirq_insn insns[UIRQ_MAX_INSNS];
	struct uirq_prog p;
	u32 n, accepted = 0, seen = 0;

	for (n = 0; n < 100000 && accepted < 20000; n++) {
		const struct verify_case *c =
			&verify_cases[rnd() % VERIFY_NCASES];
		u32 len = c->len > UIRQ_MAX_INSNS ? UIRQ_MAX_INSNS : c->len;
		unsigned char *b;

		if (!len || c->expect != VC_ACCEPT)
			continue;
		memcpy(insns, c->insns, sizeof(insns));
		b = (unsigned char *)&insns[rnd() % len];
		b[rnd() % sizeof(struct uirq_insn)] = rnd() & 1 ?
			(unsigned char)rnd() : (unsigned char)(rnd() % 8);
		if (uirq_verify(&p, c->kind, insns, len,
				c->regions ? c->regions : default_regions,
				NULL))
			continue;
		accepted++;
		check_run(c, &p, &seen);
		if (th_case_failed)
			return;
	}
	TH_EXPECT(accepted > 1000, "%u mutants ran", accepted);
}

/*
 * The kernel's window arithmetic (uirq_window_map(), core/window.c), on
 * regions no test VM has: a window can end exactly at 4 GiB, and a BAR
 * can be larger, so a 32-bit length would wrap to 0 and a later load
 * would "shrink" the live mapping.
 */
static void test_window_map(void)
{
	const uint64_t page = 4096, big = 8ull << 30;
	struct uirq_window w;
	uint64_t lo = 0, len = 0;

	/* First window: page-rounded, clipped to the region. */
	w.lo = 0x24;
	w.hi = 0x68;
	TH_EXPECT(uirq_window_map(0, 0, &w, 0x100000, page, &lo, &len), "map");
	TH_EXPECT_EQ(lo, 0);
	TH_EXPECT_EQ(len, page);
	w.lo = 0x10;
	w.hi = 0x14;
	TH_EXPECT(uirq_window_map(0, 0, &w, 0x20, page, &lo, &len), "map");
	TH_EXPECT_EQ(len, 0x20);

	/* Covered: no new mapping. */
	w.lo = 0x100;
	w.hi = 0x104;
	lo = len = 77;
	TH_EXPECT(!uirq_window_map(0, page, &w, 0x100000, page, &lo, &len),
		  "covered");
	TH_EXPECT_EQ(lo, 77);

	/* Offsets 0 and 0xfffff000 of an 8 GiB BAR: 4 GiB exactly. */
	w.lo = 0;
	w.hi = 4;
	TH_EXPECT(uirq_window_map(0, 0, &w, big, page, &lo, &len), "map");
	w.lo = 0xfffff000u;
	w.hi = 0xfffff004u;
	TH_EXPECT(uirq_window_map(lo, len, &w, big, page, &lo, &len), "grow");
	TH_EXPECT_EQ(lo, 0);
	TH_EXPECT_EQ(len, 1ull << 32);
	/* A later program inside it needs nothing, whatever its offset. */
	w.lo = 0x80000000u;
	w.hi = 0x80000008u;
	TH_EXPECT(!uirq_window_map(lo, len, &w, big, page, &lo, &len),
		  "inside a 4 GiB mapping");
	TH_EXPECT_EQ(len, 1ull << 32);

	/* The highest window there is: ends at 2^32 exactly. */
	w.lo = 0xfffffffcu;
	w.hi = 0xffffffffu;	/* the verifier caps an access end there */
	TH_EXPECT(uirq_window_map(0x1000, 0x1000, &w, big, page, &lo, &len),
		  "top window");
	TH_EXPECT_EQ(lo, 0x1000);
	TH_EXPECT_EQ(lo + len, 1ull << 32);
}

int main(void)
{
	uirq_default_regions(default_regions);
	TH_RUN(test_alu);
	TH_RUN(test_regs_zero_at_entry);
	TH_RUN(test_loads_zero_extend);
	TH_RUN(test_loads_mask_bus_junk);
	TH_RUN(test_stores_truncate);
	TH_RUN(test_branches);
	TH_RUN(test_ja);
	TH_RUN(test_returns);
	TH_RUN(test_cap_slots);
	TH_RUN(test_delay_calls_bus);
	TH_RUN(test_edu);
	TH_RUN(test_defensive_end);
	TH_RUN(test_table_programs);
	TH_RUN(test_mutant_programs);
	TH_RUN(test_window_map);
	return th_summary();
}
