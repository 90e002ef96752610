// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target for the verifier and the interpreter.
 *
 * What it checks. The input (tests/fuzz/fuzz_input.h) chooses the program
 * kind, the region table and what the device's registers read as; the
 * rest is instructions, up to one more than UIRQ_MAX_INSNS.
 *  - Every input: uirq_verify() answers the same twice and without an
 *    error buffer, never touches the output program when it rejects, and
 *    a rejection names an instruction in [-1, len) with a non-empty,
 *    NUL-terminated message.
 *  - An accepted program: its properties equal the ones recomputed here
 *    from their definitions (flags, region mask, exact windows, longest
 *    path, worst delay, capture mask; every instruction reachable), and
 *    it runs four times (different register contents, so branches go
 *    both ways) on a trapping bus that abort()s on anything the verifier
 *    promised impossible: an access outside its region's window or size,
 *    on an absent region or the ROM, of an illegal or misaligned width, a
 *    write without UIRQ_PROP_WRITES, more delay than max_delay_us, more
 *    steps than max_steps, a return code or capture the properties do not
 *    allow, ret none from a non-ack program. A reference interpreter
 *    written from the uapi header alone runs the same program: both must
 *    make the same bus operations and produce the same result.
 *  - ASan and UBSan cover the rest (reads past the instruction array or
 *    the region table: both are exact-size heap copies).
 * A custom mutator works on whole instructions half of the time, so that
 * a good share of inputs pass the verifier and reach the interpreter.
 *
 * How to run.
 *   make check-fuzz FUZZ_SECONDS=600     fuzz a copy of the seed corpus
 *   make check-fuzz-replay               every seed once, gcc, no libFuzzer
 *   build/fuzz/fuzz_verify CRASH         reproduce a crash input
 *   build/fuzz/fuzz_replay -v FILE|DIR   say what the verifier answered
 * A crash found by check-fuzz is kept in build/fuzz/crashes/. The seeds
 * (build/fuzz/seeds, by tests/fuzz/gen_seeds.c) are every case of
 * tests/unit/verify_cases.h and every .s file in examples/programs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uirq_core.h"
#include "fuzz_input.h"

#define MAX_TRACE	(4 * UIRQ_MAX_INSNS)

/* fuzz_replay -v: say what the verifier answered for each input. */
static int fuzz_verbose;

__attribute__((format(printf, 1, 2), noreturn))
static void fuzz_bug(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_verify: BUG: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* One bus operation, as both interpreters must issue it. */
struct bus_op {
	char kind;		/* 'r', 'w', 'd' */
	u32 region, off, width;
	u64 val;		/* read: value returned; write: value written */
};

struct tbus {
	const struct uirq_prog *prog;
	const struct uirq_region_desc *regions;
	const u8 *data;		/* FUZZ_BUS_LEN bytes */
	u8 xor;			/* varies the data between runs */
	u32 pos;
	u32 delay_us;
	u32 writes;
	u32 nops;
	struct bus_op ops[MAX_TRACE];
};

static int width_legal(u32 type, u32 width)
{
	switch (type) {
	case UIRQ_REGION_TYPE_MMIO:
		return width == 1 || width == 2 || width == 4 || width == 8;
	case UIRQ_REGION_TYPE_PIO:
	case UIRQ_REGION_TYPE_CFG:
		return width == 1 || width == 2 || width == 4;
	default:
		return 0;
	}
}

static void check_access(struct tbus *b, const char *what, u32 region,
			 u32 off, u32 width)
{
	const struct uirq_prog_props *p = &b->prog->props;
	const struct uirq_window *w;

	if (region >= UIRQ_MAX_REGIONS)
		fuzz_bug("%s of region %u: no such region", what, region);
	if (region == UIRQ_REGION_ROM)
		fuzz_bug("%s of the ROM region", what);
	if (!width_legal(b->regions[region].type, width))
		fuzz_bug("%s of width %u on region %u of type %u", what, width,
			 region, b->regions[region].type);
	if (off % width)
		fuzz_bug("%s of width %u at misaligned offset 0x%x", what,
			 width, off);
	if ((u64)off + width > b->regions[region].size)
		fuzz_bug("%s at 0x%x+%u beyond region %u size 0x%llx", what,
			 off, width, region,
			 (unsigned long long)b->regions[region].size);
	if (!(p->region_mask & (1u << region)))
		fuzz_bug("%s of region %u, not in region_mask 0x%x", what,
			 region, p->region_mask);
	w = &p->win[region];
	if (off < w->lo || (u64)off + width > w->hi)
		fuzz_bug("%s at 0x%x+%u outside region %u window [0x%x, 0x%x)",
			 what, off, width, region, w->lo, w->hi);
}

static struct bus_op *trace(struct tbus *b)
{
	if (b->nops >= MAX_TRACE)
		fuzz_bug("more than %d bus operations in one run", MAX_TRACE);
	return &b->ops[b->nops++];
}

static u64 wmask(u32 width)
{
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

static u64 tbus_read(void *ctx, u32 region, u32 off, u32 width)
{
	struct tbus *b = ctx;
	struct bus_op *op;
	u64 v = 0;
	u32 i;

	check_access(b, "read", region, off, width);
	for (i = 0; i < width && i < 8; i++) {
		v |= (u64)(u8)(b->data[b->pos] ^ b->xor) << (8 * i);
		b->pos = (b->pos + 1) % FUZZ_BUS_LEN;
	}
	op = trace(b);
	*op = (struct bus_op){ 'r', region, off, width, v };
	return v;
}

static void tbus_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	struct tbus *b = ctx;
	struct bus_op *op;

	check_access(b, "write", region, off, width);
	if (!(b->prog->props.flags & UIRQ_PROP_WRITES))
		fuzz_bug("write, but UIRQ_PROP_WRITES is clear");
	b->writes++;
	op = trace(b);
	*op = (struct bus_op){ 'w', region, off, width, val & wmask(width) };
}

static void tbus_delay(void *ctx, u32 us)
{
	struct tbus *b = ctx;
	struct bus_op *op;

	if (us < 1 || us > UIRQ_MAX_DELAY_US)
		fuzz_bug("delay of %u us", us);
	b->delay_us += us;
	if (b->delay_us > b->prog->props.max_delay_us)
		fuzz_bug("total delay %u us above max_delay_us %u",
			 b->delay_us, b->prog->props.max_delay_us);
	op = trace(b);
	*op = (struct bus_op){ 'd', 0, us, 0, 0 };
}

/*
 * The reference interpreter: the uapi header's semantics, written
 * independently of core/interp.c and as plainly as possible. It trusts
 * nothing: anything the verifier should have excluded is a bug.
 */
static u32 ref_run(const struct uirq_prog *prog, const struct uirq_bus *bus,
		   struct uirq_result *res)
{
	u64 r[UIRQ_NUM_REGS] = { 0 };
	u32 pc = 0;

	memset(res, 0, sizeof(*res));
	for (;;) {
		const struct uirq_insn *in;
		u64 opnd, *d;
		u32 width = 0;
		int taken = 0;

		if (pc >= prog->len)
			fuzz_bug("reference: ran off the end at %u (len %u)",
				 pc, prog->len);
		in = &prog->insns[pc];
		res->steps++;
		if (in->dst >= UIRQ_NUM_REGS || in->src >= UIRQ_NUM_REGS)
			fuzz_bug("insn %u: accepted register r%u/r%u", pc,
				 in->dst, in->src);
		if (in->mode > UIRQ_MODE_REG)
			fuzz_bug("insn %u: accepted mode %u", pc, in->mode);
		d = &r[in->dst];
		opnd = in->mode == UIRQ_MODE_REG ? r[in->src] : in->imm;
		switch (in->op) {
		case UIRQ_OP_LD8: case UIRQ_OP_LD16:
		case UIRQ_OP_LD32: case UIRQ_OP_LD64:
			width = 1u << (in->op - UIRQ_OP_LD8);
			*d = bus->read(bus->ctx, in->region, in->off, width) &
			     wmask(width);
			break;
		case UIRQ_OP_ST8: case UIRQ_OP_ST16:
		case UIRQ_OP_ST32: case UIRQ_OP_ST64:
			width = 1u << (in->op - UIRQ_OP_ST8);
			bus->write(bus->ctx, in->region, in->off, width,
				   opnd & wmask(width));
			break;
		case UIRQ_OP_MOV: *d = opnd; break;
		case UIRQ_OP_AND: *d &= opnd; break;
		case UIRQ_OP_OR:  *d |= opnd; break;
		case UIRQ_OP_XOR: *d ^= opnd; break;
		case UIRQ_OP_ADD: *d += opnd; break;
		case UIRQ_OP_SUB: *d -= opnd; break;
		case UIRQ_OP_SHL:
		case UIRQ_OP_SHR:
			if (in->mode == UIRQ_MODE_IMM && opnd >= 64)
				fuzz_bug("insn %u: accepted shift by %llu", pc,
					 (unsigned long long)opnd);
			opnd &= 63;
			*d = in->op == UIRQ_OP_SHL ? *d << opnd : *d >> opnd;
			break;
		case UIRQ_OP_NOT: *d = ~*d; break;
		case UIRQ_OP_JA:   taken = 1; break;
		case UIRQ_OP_JEQ:  taken = *d == opnd; break;
		case UIRQ_OP_JNE:  taken = *d != opnd; break;
		case UIRQ_OP_JGT:  taken = *d > opnd; break;
		case UIRQ_OP_JGE:  taken = *d >= opnd; break;
		case UIRQ_OP_JLT:  taken = *d < opnd; break;
		case UIRQ_OP_JLE:  taken = *d <= opnd; break;
		case UIRQ_OP_JSET: taken = (*d & opnd) != 0; break;
		case UIRQ_OP_JCLR: taken = (*d & opnd) == 0; break;
		case UIRQ_OP_CAP:
			if (in->off >= UIRQ_NUM_CAPS)
				fuzz_bug("insn %u: accepted capture slot %u",
					 pc, in->off);
			res->cap[in->off] = opnd;
			res->cap_mask |= 1u << in->off;
			break;
		case UIRQ_OP_DELAY:
			bus->delay(bus->ctx, in->off);
			break;
		case UIRQ_OP_RET:
			if (in->imm > UIRQ_RET_QUIET)
				fuzz_bug("insn %u: accepted ret %llu", pc,
					 (unsigned long long)in->imm);
			res->ret = (u32)in->imm;
			return res->ret;
		default:
			fuzz_bug("insn %u: accepted unknown op 0x%x", pc, in->op);
		}
		if (in->op >= UIRQ_OP_JA && in->op <= UIRQ_OP_JCLR) {
			if (in->jump < 0)
				fuzz_bug("insn %u: accepted backward jump %d",
					 pc, in->jump);
			if (taken)
				pc += in->jump;
		}
		pc++;
	}
}

static int is_jump(u32 op)
{
	return op >= UIRQ_OP_JA && op <= UIRQ_OP_JCLR;
}

static u32 ldst_width(u32 op)
{
	if (op >= UIRQ_OP_LD8 && op <= UIRQ_OP_LD64)
		return 1u << (op - UIRQ_OP_LD8);
	if (op >= UIRQ_OP_ST8 && op <= UIRQ_OP_ST64)
		return 1u << (op - UIRQ_OP_ST8);
	return 0;
}

/*
 * The properties recomputed from their definitions in the uapi header,
 * over the instructions reachable from the first: longest path and worst
 * delay by dynamic programming (jumps go forward only), the exact window
 * of every region, which return codes and stores exist.
 */
static void expected_props(const struct uirq_insn *insns, u32 len,
			   struct uirq_prog_props *p)
{
	u32 steps[UIRQ_MAX_INSNS] = { 0 }, delay[UIRQ_MAX_INSNS] = { 0 };
	u8 reach[UIRQ_MAX_INSNS] = { 1 };
	u32 i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < len; i++) {
		const struct uirq_insn *in = &insns[i];
		u32 s, d, w, succ[2], n = 0, k;

		if (!reach[i])
			continue;
		s = steps[i] + 1;
		d = delay[i] + (in->op == UIRQ_OP_DELAY ? in->off : 0);
		w = ldst_width(in->op);
		if (w) {
			struct uirq_window *win;

			if (in->region >= UIRQ_MAX_REGIONS ||
			    (u64)in->off + w > 0xffffffffull)
				fuzz_bug("insn %u: accepted access %u at 0x%x+%u",
					 i, in->region, in->off, w);
			win = &p->win[in->region];

			if (!(p->region_mask & (1u << in->region))) {
				p->region_mask |= 1u << in->region;
				win->lo = in->off;
				win->hi = in->off + w;
			} else {
				if (in->off < win->lo)
					win->lo = in->off;
				if (in->off + w > win->hi)
					win->hi = in->off + w;
			}
			if (in->op >= UIRQ_OP_ST8)
				p->flags |= UIRQ_PROP_WRITES;
		}
		if (in->op == UIRQ_OP_CAP) {
			if (in->off >= UIRQ_NUM_CAPS)
				fuzz_bug("insn %u: accepted slot %u", i, in->off);
			p->cap_mask |= 1u << in->off;
		}
		if (is_jump(in->op) && in->jump < 0)
			fuzz_bug("insn %u: accepted jump %d", i, in->jump);
		if (in->op == UIRQ_OP_RET) {
			p->flags |= in->imm == UIRQ_RET_NONE ?
				UIRQ_PROP_CAN_DECLINE :
				in->imm == UIRQ_RET_HANDLED ?
				UIRQ_PROP_CAN_HANDLE : UIRQ_PROP_CAN_QUIET;
			if (s > p->max_steps)
				p->max_steps = s;
			if (d > p->max_delay_us)
				p->max_delay_us = d;
			continue;
		}
		if (is_jump(in->op))
			succ[n++] = i + 1 + (u32)in->jump;
		if (in->op != UIRQ_OP_JA)
			succ[n++] = i + 1;
		for (k = 0; k < n; k++) {
			if (succ[k] >= len)
				fuzz_bug("insn %u: accepted successor %u of %u",
					 i, succ[k], len);
			reach[succ[k]] = 1;
			if (s > steps[succ[k]])
				steps[succ[k]] = s;
			if (d > delay[succ[k]])
				delay[succ[k]] = d;
		}
	}
	for (i = 0; i < len; i++)
		if (!reach[i])
			fuzz_bug("accepted unreachable instruction %u", i);
}

static void check_props(const struct uirq_prog *prog, u32 kind,
			const struct uirq_insn *insns, u32 len,
			const struct uirq_region_desc *regions)
{
	const struct uirq_prog_props *p = &prog->props;
	u32 i;

	if (kind >= UIRQ_PROG_NUM_KINDS)
		fuzz_bug("accepted program kind %u", kind);
	if (len < 1 || len > UIRQ_MAX_INSNS)
		fuzz_bug("accepted a program of %u instructions", len);
	if (prog->kind != kind || prog->len != len ||
	    memcmp(prog->insns, insns, len * sizeof(*insns)))
		fuzz_bug("verified program differs from its input");
	if (p->resv)
		fuzz_bug("props.resv = 0x%x", p->resv);
	if (p->max_steps < 1 || p->max_steps > len)
		fuzz_bug("max_steps %u for %u forward-only instructions",
			 p->max_steps, len);
	if (p->max_delay_us > UIRQ_MAX_TOTAL_DELAY_US)
		fuzz_bug("max_delay_us %u above the limit", p->max_delay_us);
	if (p->cap_mask >> UIRQ_NUM_CAPS)
		fuzz_bug("cap_mask 0x%x names no slot", p->cap_mask);
	if (p->flags & ~(u32)(UIRQ_PROP_CAN_DECLINE | UIRQ_PROP_CAN_HANDLE |
			      UIRQ_PROP_CAN_QUIET | UIRQ_PROP_WRITES))
		fuzz_bug("unknown props.flags 0x%x", p->flags);
	if (!(p->flags & (UIRQ_PROP_CAN_DECLINE | UIRQ_PROP_CAN_HANDLE |
			  UIRQ_PROP_CAN_QUIET)))
		fuzz_bug("no reachable return");
	if (kind != UIRQ_PROG_ACK && (p->flags & UIRQ_PROP_CAN_DECLINE))
		fuzz_bug("%s program can return none", uirq_kind_name(kind));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		const struct uirq_window *w = &p->win[i];

		if (!(p->region_mask & (1u << i))) {
			if (w->lo || w->hi)
				fuzz_bug("window [0x%x, 0x%x) for unused region %u",
					 w->lo, w->hi, i);
			continue;
		}
		if (i == UIRQ_REGION_ROM ||
		    regions[i].type == UIRQ_REGION_TYPE_NONE)
			fuzz_bug("region %u (type %u) accepted", i,
				 regions[i].type);
		if (w->lo >= w->hi || w->hi > regions[i].size)
			fuzz_bug("region %u window [0x%x, 0x%x), size 0x%llx",
				 i, w->lo, w->hi,
				 (unsigned long long)regions[i].size);
	}
	if (p->region_mask >> UIRQ_MAX_REGIONS)
		fuzz_bug("region_mask 0x%x", p->region_mask);
	if (kind != UIRQ_PROG_ACK && p->cap_mask)
		fuzz_bug("%s program with captures 0x%x", uirq_kind_name(kind),
			 p->cap_mask);
}

static void check_exact_props(const struct uirq_prog *prog)
{
	const struct uirq_prog_props *p = &prog->props;
	struct uirq_prog_props e;
	u32 i;

	expected_props(prog->insns, prog->len, &e);
	if (p->flags != e.flags || p->region_mask != e.region_mask ||
	    p->max_steps != e.max_steps || p->max_delay_us != e.max_delay_us ||
	    p->cap_mask != e.cap_mask)
		fuzz_bug("props: flags 0x%x regions 0x%x steps %u delay %u caps 0x%x; expected 0x%x 0x%x %u %u 0x%x",
			 p->flags, p->region_mask, p->max_steps,
			 p->max_delay_us, p->cap_mask, e.flags, e.region_mask,
			 e.max_steps, e.max_delay_us, e.cap_mask);
	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (p->win[i].lo != e.win[i].lo || p->win[i].hi != e.win[i].hi)
			fuzz_bug("region %u window [0x%x, 0x%x), expected [0x%x, 0x%x)",
				 i, p->win[i].lo, p->win[i].hi, e.win[i].lo,
				 e.win[i].hi);
}

static void check_result(const struct uirq_prog *prog, const struct tbus *b,
			 u32 ret, const struct uirq_result *res)
{
	const struct uirq_prog_props *p = &prog->props;
	static const u32 can[] = {
		UIRQ_PROP_CAN_DECLINE, UIRQ_PROP_CAN_HANDLE, UIRQ_PROP_CAN_QUIET
	};
	u32 i;

	if (ret != res->ret)
		fuzz_bug("uirq_run returned %u, res.ret %u", ret, res->ret);
	if (ret > UIRQ_RET_QUIET)
		fuzz_bug("return code %u", ret);
	if (prog->kind != UIRQ_PROG_ACK && ret == UIRQ_RET_NONE)
		fuzz_bug("%s program returned none", uirq_kind_name(prog->kind));
	if (!(p->flags & can[ret]))
		fuzz_bug("returned %s, props.flags 0x%x lack it",
			 uirq_ret_name(ret), p->flags);
	if (res->steps < 1 || res->steps > p->max_steps)
		fuzz_bug("%u steps, max_steps %u", res->steps, p->max_steps);
	if (res->cap_mask & ~p->cap_mask)
		fuzz_bug("captured 0x%x outside cap_mask 0x%x", res->cap_mask,
			 p->cap_mask);
	for (i = 0; i < UIRQ_NUM_CAPS; i++)
		if (!(res->cap_mask & (1u << i)) && res->cap[i])
			fuzz_bug("unwritten capture slot %u is 0x%llx", i,
				 (unsigned long long)res->cap[i]);
	if (b->delay_us > p->max_delay_us)
		fuzz_bug("delay %u us above %u", b->delay_us, p->max_delay_us);
}

static void run_once(const struct uirq_prog *prog,
		     const struct uirq_region_desc *regions, const u8 *data,
		     u8 xor)
{
	static struct tbus b, rb;
	struct uirq_bus bus = { tbus_read, tbus_write, tbus_delay, &b };
	struct uirq_bus rbus = { tbus_read, tbus_write, tbus_delay, &rb };
	struct uirq_result res, rres;
	u32 ret, i;

	memset(&b, 0, sizeof(b));
	b.prog = prog;
	b.regions = regions;
	b.data = data;
	b.xor = xor;
	rb = b;
	/* Poison: a slot the interpreter forgets to clear must show. */
	memset(&res, 0xa5, sizeof(res));
	ret = uirq_run(prog, &bus, &res);
	check_result(prog, &b, ret, &res);

	ref_run(prog, &rbus, &rres);
	if (rres.ret != res.ret || rres.steps != res.steps ||
	    rres.cap_mask != res.cap_mask)
		fuzz_bug("interpreter: ret %u steps %u caps 0x%x; reference: ret %u steps %u caps 0x%x",
			 res.ret, res.steps, res.cap_mask, rres.ret,
			 rres.steps, rres.cap_mask);
	for (i = 0; i < UIRQ_NUM_CAPS; i++)
		if (res.cap[i] != rres.cap[i])
			fuzz_bug("capture slot %u: interpreter 0x%llx, reference 0x%llx",
				 i, (unsigned long long)res.cap[i],
				 (unsigned long long)rres.cap[i]);
	if (rb.nops != b.nops)
		fuzz_bug("interpreter made %u bus operations, reference %u",
			 b.nops, rb.nops);
	for (i = 0; i < b.nops; i++)
		if (memcmp(&b.ops[i], &rb.ops[i], sizeof(b.ops[i])))
			fuzz_bug("bus operation %u: interpreter %c r%u 0x%x/%u = 0x%llx, reference %c r%u 0x%x/%u = 0x%llx",
				 i, b.ops[i].kind, b.ops[i].region,
				 b.ops[i].off, b.ops[i].width,
				 (unsigned long long)b.ops[i].val,
				 rb.ops[i].kind, rb.ops[i].region,
				 rb.ops[i].off, rb.ops[i].width,
				 (unsigned long long)rb.ops[i].val);
}

static void check_reject(int rc, const struct uirq_verr *err, u32 len)
{
	size_t n;

	if (rc != -EINVAL)
		fuzz_bug("uirq_verify returned %d", rc);
	if (err->insn < -1 || (err->insn >= 0 && (u32)err->insn >= len))
		fuzz_bug("rejection names insn %d of %u", err->insn, len);
	n = strnlen(err->msg, sizeof(err->msg));
	if (n == sizeof(err->msg))
		fuzz_bug("rejection message not NUL-terminated");
	if (n == 0)
		fuzz_bug("empty rejection message (insn %d)", err->insn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct uirq_prog prog, prog2;
	struct uirq_region_desc *regions;
	struct uirq_insn *insns;
	struct uirq_verr err, err2;
	u32 kind, len;
	int rc, rc2;

	if (size < FUZZ_HDR_LEN)
		return -1;	/* not in the corpus: no header */
	kind = fuzz_decode_kind(data);

	/* Exact-size heap copies: ASan sees any read past either end. */
	regions = malloc(UIRQ_MAX_REGIONS * sizeof(*regions));
	if (!regions)
		abort();
	memset(regions, 0, UIRQ_MAX_REGIONS * sizeof(*regions));
	fuzz_decode_regions(data, regions);

	len = (u32)((size - FUZZ_HDR_LEN) / sizeof(struct uirq_insn));
	if (len > UIRQ_MAX_INSNS + 1)
		len = UIRQ_MAX_INSNS + 1;
	insns = malloc(len ? len * sizeof(*insns) : 1);
	if (!insns)
		abort();
	if (len)
		memcpy(insns, data + FUZZ_HDR_LEN, len * sizeof(*insns));

	/* Poison: the verifier must not write @prog when it rejects. */
	memset(&prog, 0x5a, sizeof(prog));
	memset(&err, 0, sizeof(err));
	rc = uirq_verify(&prog, kind, insns, len, regions, &err);
	/* Same answer again, and without an error buffer. */
	memset(&err2, 0xff, sizeof(err2));
	rc2 = uirq_verify(&prog2, kind, insns, len, regions, &err2);
	if (rc2 != rc || uirq_verify(&prog2, kind, insns, len, regions,
				     NULL) != rc)
		fuzz_bug("uirq_verify is not deterministic: %d, then %d",
			 rc, rc2);

	if (fuzz_verbose) {
		if (rc)
			printf("  %s %u insns: rejected at %d: %s\n",
			       uirq_kind_name(kind), len, err.insn, err.msg);
		else
			printf("  %s %u insns: accepted, flags 0x%x steps %u\n",
			       uirq_kind_name(kind), len, prog.props.flags,
			       prog.props.max_steps);
	}
	if (rc) {
		static struct uirq_prog poison;

		check_reject(rc, &err, len);
		if (err2.insn != err.insn || strcmp(err2.msg, err.msg))
			fuzz_bug("two rejections differ: %d \"%s\" / %d \"%s\"",
				 err.insn, err.msg, err2.insn, err2.msg);
		memset(&poison, 0x5a, sizeof(poison));
		if (memcmp(&prog, &poison, sizeof(prog)))
			fuzz_bug("rejected program's prog was written");
	} else {
		if (memcmp(&prog, &prog2, sizeof(prog)))
			fuzz_bug("two verifications of one program differ");
		check_props(&prog, kind, insns, len, regions);
		/* Several register contents, so branches go both ways. */
		check_exact_props(&prog);
		run_once(&prog, regions, data + FUZZ_HDR_BUS, 0x00);
		run_once(&prog, regions, data + FUZZ_HDR_BUS, 0xff);
		run_once(&prog, regions, data + FUZZ_HDR_BUS, 0x5a);
		{
			static const u8 zero[FUZZ_BUS_LEN];

			run_once(&prog, regions, zero, 0);
		}
	}
	free(insns);
	free(regions);
	return 0;
}

#ifndef FUZZ_REPLAY_MAIN
/*
 * Structure-aware mutations. Byte-level mutation alone rarely produces a
 * program the verifier accepts (every unused field must be zero, jumps
 * must land, every instruction must be reachable), so the interpreter
 * and the deeper verifier paths would see few inputs. Half the time this
 * mutator works on whole instructions instead: new plausible ones,
 * fields set to boundary values, insertion, deletion, and a
 * canonicalising fix-up; the other half is libFuzzer's own.
 */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

static u64 rng_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const u8 valid_ops[] = {
	UIRQ_OP_LD8, UIRQ_OP_LD16, UIRQ_OP_LD32, UIRQ_OP_LD64,
	UIRQ_OP_ST8, UIRQ_OP_ST16, UIRQ_OP_ST32, UIRQ_OP_ST64,
	UIRQ_OP_MOV, UIRQ_OP_AND, UIRQ_OP_OR, UIRQ_OP_XOR, UIRQ_OP_ADD,
	UIRQ_OP_SUB, UIRQ_OP_SHL, UIRQ_OP_SHR, UIRQ_OP_NOT,
	UIRQ_OP_JA, UIRQ_OP_JEQ, UIRQ_OP_JNE, UIRQ_OP_JGT, UIRQ_OP_JGE,
	UIRQ_OP_JLT, UIRQ_OP_JLE, UIRQ_OP_JSET, UIRQ_OP_JCLR,
	UIRQ_OP_CAP, UIRQ_OP_DELAY, UIRQ_OP_RET, UIRQ_OP_RET,
};

static const u64 interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 0x1f, 0x20, 0x21, 0x24, 0x3f, 0x40, 0x41, 0x64,
	0x7f, 0x80, 0xff, 0x100, 0xfff, 0xffc, 0x1000, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0xfffffff8, 0xfffffffc, 0xffffffff,
	0x100000000ull, 0x8000000000000000ull, ~0ull,
};

static u64 pick_value(u64 *r)
{
	u64 v = rng_next(r);

	switch (v % 4) {
	case 0:
		return rng_next(r);
	case 1:
		return rng_next(r) & 0xff;
	default:
		return interesting[(v >> 8) %
				   (sizeof(interesting) / sizeof(interesting[0]))];
	}
}

/* Clear what @in's opcode does not use and bring the rest into range. */
static void canonicalise(struct uirq_insn *in, u32 idx, u32 n, u64 *r)
{
	u32 w = ldst_width(in->op);

	in->resv = 0;
	in->dst &= 7;
	in->src &= 7;
	in->mode &= 1;
	if (in->op == UIRQ_OP_NOT || in->op == UIRQ_OP_JA ||
	    in->op == UIRQ_OP_DELAY || in->op == UIRQ_OP_RET ||
	    (w && in->op <= UIRQ_OP_LD64))
		in->mode = UIRQ_MODE_IMM;
	if (in->op == UIRQ_OP_CAP)
		in->mode = UIRQ_MODE_REG;
	if (w) {
		in->region &= 15;
		in->off &= ~(w - 1);
	} else {
		in->region = 0;
		if (in->op != UIRQ_OP_CAP && in->op != UIRQ_OP_DELAY)
			in->off = 0;
	}
	if (!is_jump(in->op))
		in->jump = 0;
	else if (in->jump < 0 || idx + 1 + (u32)in->jump >= n)
		in->jump = (s16)(idx + 1 < n - 1 ? rng_next(r) % (n - idx - 1) : 0);
	if (in->mode == UIRQ_MODE_REG || in->op == UIRQ_OP_NOT ||
	    in->op == UIRQ_OP_JA || in->op == UIRQ_OP_DELAY ||
	    (w && in->op <= UIRQ_OP_LD64))
		in->imm = 0;
	if (in->mode == UIRQ_MODE_IMM)
		in->src = 0;
	if ((w && in->op >= UIRQ_OP_ST8) || in->op == UIRQ_OP_JA ||
	    in->op == UIRQ_OP_CAP || in->op == UIRQ_OP_DELAY ||
	    in->op == UIRQ_OP_RET)
		in->dst = 0;
	if (w && in->op >= UIRQ_OP_ST8 && w < 8)
		in->imm &= (1ull << (8 * w)) - 1;
	if ((in->op == UIRQ_OP_SHL || in->op == UIRQ_OP_SHR) &&
	    in->mode == UIRQ_MODE_IMM)
		in->imm &= 63;
	if (in->op == UIRQ_OP_CAP)
		in->off &= 7;
	if (in->op == UIRQ_OP_DELAY)
		in->off = 1 + in->off % 10;
	if (in->op == UIRQ_OP_RET)
		in->imm %= 3;
}

static void new_insn(struct uirq_insn *in, u32 idx, u32 n, u64 *r)
{
	memset(in, 0, sizeof(*in));
	in->op = rng_next(r) % 16 ? valid_ops[rng_next(r) % sizeof(valid_ops)] :
		 (u8)rng_next(r);
	in->dst = rng_next(r) % 8;
	in->src = rng_next(r) % 8;
	in->mode = rng_next(r) % 2;
	in->region = rng_next(r) % 4 ? 0 : rng_next(r) % 16;
	in->off = (u32)pick_value(r);
	in->imm = pick_value(r);
	in->jump = (s16)(rng_next(r) % 4);
	if (rng_next(r) % 8)
		canonicalise(in, idx, n, r);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	const size_t isz = sizeof(struct uirq_insn);
	u64 r = seed * 0x9e3779b97f4a7c15ull + 1;
	struct uirq_insn in;
	u32 n, i, k, rounds;

	if (size < FUZZ_HDR_LEN + isz || max_size < FUZZ_HDR_LEN + isz ||
	    rng_next(&r) % 2)
		return LLVMFuzzerMutate(data, size, max_size);
	size = FUZZ_HDR_LEN + (size - FUZZ_HDR_LEN) / isz * isz;
	rounds = 1 + rng_next(&r) % 3;
	while (rounds--) {
		n = (u32)((size - FUZZ_HDR_LEN) / isz);
		i = (u32)(rng_next(&r) % n);
		memcpy(&in, data + FUZZ_HDR_LEN + i * isz, isz);
		switch (rng_next(&r) % 8) {
		case 0:		/* a new instruction in place */
			new_insn(&in, i, n, &r);
			break;
		case 1:		/* insert one */
			if (size + isz > max_size || n > UIRQ_MAX_INSNS)
				break;
			memmove(data + FUZZ_HDR_LEN + (i + 1) * isz,
				data + FUZZ_HDR_LEN + i * isz, (n - i) * isz);
			size += isz;
			new_insn(&in, i, n + 1, &r);
			break;
		case 2:		/* delete one */
			if (n < 2)
				break;
			memmove(data + FUZZ_HDR_LEN + i * isz,
				data + FUZZ_HDR_LEN + (i + 1) * isz,
				(n - i - 1) * isz);
			size -= isz;
			continue;
		case 3:		/* one field to a boundary value */
			k = (u32)rng_next(&r) % 6;
			if (k == 0)
				in.off = (u32)pick_value(&r);
			else if (k == 1)
				in.imm = pick_value(&r);
			else if (k == 2)
				in.jump = (s16)pick_value(&r);
			else if (k == 3)
				in.region = (u16)(rng_next(&r) % 17);
			else if (k == 4)
				in.dst = (u8)(rng_next(&r) % 9);
			else
				in.src = (u8)(rng_next(&r) % 9);
			break;
		case 4:		/* make it canonical */
			canonicalise(&in, i, n, &r);
			break;
		case 5:		/* the last one a return */
			i = n - 1;
			memset(&in, 0, sizeof(in));
			in.op = UIRQ_OP_RET;
			in.imm = rng_next(&r) % 3;
			break;
		case 6:		/* a region: type and size */
			data[FUZZ_HDR_REGIONS + rng_next(&r) % UIRQ_MAX_REGIONS] =
				(u8)rng_next(&r);
			if (rng_next(&r) % 2)
				data[FUZZ_HDR_FLAGS] &= (u8)~FUZZ_F_DEFAULT_REGIONS;
			continue;
		default:	/* what the registers read */
			data[FUZZ_HDR_BUS + rng_next(&r) % FUZZ_BUS_LEN] =
				(u8)pick_value(&r);
			continue;
		}
		memcpy(data + FUZZ_HDR_LEN + i * isz, &in, isz);
	}
	return size;
}
#endif

#ifdef FUZZ_REPLAY_MAIN
/*
 * Replay without libFuzzer: every file named (directories are walked one
 * level) is one test, run in a child so that an abort() or a sanitizer
 * report fails that seed only.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;

static void replay_file(const char *path)
{
	static u8 buf[FUZZ_HDR_LEN + (UIRQ_MAX_INSNS + 2) * 24 + 4096];
	size_t n;
	FILE *f;
	pid_t pid;
	int st;

	f = fopen(path, "rb");
	if (!f) {
		printf("FAIL %s: cannot open\n", path);
		failed++;
		return;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		LLVMFuzzerTestOneInput(buf, n);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		printf("FAIL %s\n", path);
		failed++;
	} else {
		passed++;
		if (fuzz_verbose)
			printf("ok   %s\n", path);
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		fuzz_verbose = 1;
		i++;
	}
	for (; i < argc; i++) {
		struct stat sb;
		struct dirent *de;
		char **names = NULL;
		size_t nn = 0, j;
		DIR *d;

		if (stat(argv[i], &sb) || !S_ISDIR(sb.st_mode)) {
			replay_file(argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		if (!d) {
			printf("FAIL %s: cannot open\n", argv[i]);
			failed++;
			continue;
		}
		while ((de = readdir(d))) {
			char **nb;

			if (de->d_name[0] == '.')
				continue;
			nb = realloc(names, (nn + 1) * sizeof(*names));
			if (!nb)
				abort();
			names = nb;
			if (asprintf(&names[nn], "%s/%s", argv[i],
				     de->d_name) < 0)
				abort();
			nn++;
		}
		closedir(d);
		qsort(names, nn, sizeof(*names), name_cmp);
		for (j = 0; j < nn; j++) {
			replay_file(names[j]);
			free(names[j]);
		}
		free(names);
	}
	if (passed + failed == 0) {
		printf("no seed files given\n");
		failed = 1;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
#endif
