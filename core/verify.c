// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The verifier of uirq programs (docs/isa.md has the full description).
 *
 * A program is 1..UIRQ_MAX_INSNS instructions of struct uirq_insn run by
 * the interpreter in the hard-IRQ handler, so everything that makes that
 * safe is proved here, once, at load time:
 *
 *  - registers r0..r7 (64 bit, zero at entry); ld/st of 1, 2, 4 bytes on
 *    every region type, 8 bytes on MMIO only, naturally aligned, entirely
 *    inside a region the descriptor table says is present;
 *  - ALU ops mov and or xor add sub shl shr (imm or reg operand) and not;
 *    an immediate shift is < 64, a register shift is taken mod 64;
 *  - jumps ja jeq jne jgt jge jlt jle jset jclr, forward only and inside
 *    the program; cap (ack programs only), delay 1..10 us, ret;
 *  - every instruction is reachable, no path falls off the end, every
 *    path's delays add up to at most UIRQ_MAX_TOTAL_DELAY_US, and to at
 *    most UIRQ_MAX_ACK_DELAY_US in an ack program (it runs on every
 *    interrupt of the line, with interrupts off or the line masked);
 *  - the encoding is canonical: fields an instruction does not use are 0.
 *
 * Because jumps only go forward, one sweep in index order sees every
 * predecessor of an instruction before the instruction itself (the same
 * observation as classic BPF's checker): the sweep knows whether an
 * instruction is reachable and the longest path and worst delay to it,
 * and the program's bounds are the maxima over its ret instructions.
 * No graph walk, no recursion, no allocation: it runs in the kernel's
 * ioctl path with a few hundred bytes of stack.
 */
#include "uirq_core.h"

/* Fields of struct uirq_insn an instruction may use. */
#define F_DST		(1u << 0)
#define F_SRC		(1u << 1)
#define F_REGION	(1u << 2)
#define F_JUMP		(1u << 3)
#define F_OFF		(1u << 4)
#define F_IMM		(1u << 5)

struct vstate {
	const struct uirq_region_desc *regions;
	u32 kind;
	u32 len;
	struct uirq_prog_props props;
	u64 reach;			/* bit i: instruction i is reachable */
	u8 depth[UIRQ_MAX_INSNS];	/* longest path before insn i */
	u8 delay[UIRQ_MAX_INSNS];	/* worst total delay before insn i */
	char msg[UIRQ_VERR_MSG_LEN];
};

/* Lets a rejection be a single "return VERR(st, fmt, ...);". */
static inline int verr_ret(int unused)
{
	(void)unused;
	return -EINVAL;
}

#define VERR(st, ...) \
	verr_ret(snprintf((st)->msg, sizeof((st)->msg), __VA_ARGS__))

static const char *op_name(u32 op)
{
	const char *name = uirq_op_name(op);

	return name ? name : "?";
}

static const char *type_name(u32 type)
{
	switch (type) {
	case UIRQ_REGION_TYPE_MMIO:
		return "mmio";
	case UIRQ_REGION_TYPE_PIO:
		return "pio";
	case UIRQ_REGION_TYPE_CFG:
		return "config";
	}
	return "?";
}

/* Fields outside @used must be zero so that every program has one encoding. */
static int check_unused(struct vstate *st, const struct uirq_insn *in,
			u32 used)
{
	if (in->resv)
		return VERR(st, "reserved field resv is 0x%x, must be 0",
			    in->resv);
	if (!(used & F_DST) && in->dst)
		return VERR(st, "unused field dst is %u in %s, must be 0",
			    in->dst, op_name(in->op));
	if (!(used & F_SRC) && in->src)
		return VERR(st, "unused field src is %u in %s, must be 0",
			    in->src, op_name(in->op));
	if (!(used & F_REGION) && in->region)
		return VERR(st, "unused field region is %u in %s, must be 0",
			    in->region, op_name(in->op));
	if (!(used & F_JUMP) && in->jump)
		return VERR(st, "unused field jump is %d in %s, must be 0",
			    in->jump, op_name(in->op));
	if (!(used & F_OFF) && in->off)
		return VERR(st, "unused field off is 0x%x in %s, must be 0",
			    in->off, op_name(in->op));
	if (!(used & F_IMM) && in->imm)
		return VERR(st, "unused field imm is 0x%llx in %s, must be 0",
			    (unsigned long long)in->imm, op_name(in->op));
	return 0;
}

static int check_reg(struct vstate *st, const char *field, u32 reg)
{
	if (reg >= UIRQ_NUM_REGS)
		return VERR(st, "bad %s register %u (r0..r%u)", field, reg,
			    UIRQ_NUM_REGS - 1);
	return 0;
}

/*
 * The operand of st, ALU ops and conditional jumps: @src in UIRQ_MODE_REG,
 * @imm in UIRQ_MODE_IMM. Adds the field it uses to *@used.
 */
static int check_operand(struct vstate *st, const struct uirq_insn *in,
			 u32 *used)
{
	if (in->mode == UIRQ_MODE_REG) {
		*used |= F_SRC;
		return check_reg(st, "src", in->src);
	}
	if (in->mode != UIRQ_MODE_IMM)
		return VERR(st, "bad mode %u (0 = imm, 1 = reg)", in->mode);
	*used |= F_IMM;
	return 0;
}

static int check_no_operand(struct vstate *st, const struct uirq_insn *in)
{
	if (in->mode != UIRQ_MODE_IMM)
		return VERR(st, "mode must be 0 for %s, which has no operand (mode %u)",
			    op_name(in->op), in->mode);
	return 0;
}

/* A load or store of @width bytes: region, type, alignment, bounds, window. */
static int check_access(struct vstate *st, const struct uirq_insn *in,
			u32 width)
{
	const struct uirq_region_desc *rd;
	struct uirq_window *w;
	u32 r = in->region;
	u64 end;

	if (r >= UIRQ_MAX_REGIONS)
		return VERR(st, "unknown region %u", r);
	if (r == UIRQ_REGION_ROM)
		return VERR(st, "region 6 (rom) is never accessible");
	rd = &st->regions[r];
	if (rd->type == UIRQ_REGION_TYPE_NONE) {
		if (r >= UIRQ_REGION_RES0)
			return VERR(st, "unknown region %u (%s)", r,
				    uirq_region_name(r));
		return VERR(st, "region %s is absent", uirq_region_name(r));
	}
	if (rd->type > UIRQ_REGION_TYPE_CFG)
		return VERR(st, "region %s has unknown type %u",
			    uirq_region_name(r), rd->type);
	if (width == 8 && rd->type != UIRQ_REGION_TYPE_MMIO)
		return VERR(st, "64-bit access to %s region %s (mmio only)",
			    type_name(rd->type), uirq_region_name(r));
	if (in->off & (width - 1))
		return VERR(st, "misaligned %u-byte access at offset 0x%x",
			    width, in->off);
	end = (u64)in->off + width;
	if (end > rd->size)
		return VERR(st, "offset 0x%x + %u beyond %s size 0x%llx",
			    in->off, width, uirq_region_name(r),
			    (unsigned long long)rd->size);
	/* Windows are 32-bit; an aligned access ends at 2^32 at the most. */
	if (end > 0xffffffffull)
		return VERR(st, "offset 0x%x + %u beyond the 4 GiB window limit",
			    in->off, width);

	w = &st->props.win[r];
	if (!(st->props.region_mask & (1u << r))) {
		st->props.region_mask |= 1u << r;
		w->lo = in->off;
		w->hi = (u32)end;
	} else {
		if (in->off < w->lo)
			w->lo = in->off;
		if ((u32)end > w->hi)
			w->hi = (u32)end;
	}
	return 0;
}

/*
 * A store to config space that can change no bit the owner may change:
 * whatever it stores, it can only try to reach what is the kernel's
 * (core/cfgpolicy.c). Stores that reach a writable bit are accepted and
 * limited to the writable bits when they run.
 */
static int check_cfg_store(struct vstate *st, const struct uirq_insn *in,
			   u32 width)
{
	const struct uirq_region_desc *rd = &st->regions[in->region];
	u32 why;

	if (rd->type != UIRQ_REGION_TYPE_CFG || !rd->policy ||
	    !uirq_cfg_all_protected(rd->policy, in->off, width, &why))
		return 0;
	return VERR(st, "store to cfg 0x%x: %s is the kernel's (config-space policy)",
		    in->off, uirq_cfg_why_name(why));
}

static u32 ldst_width(u32 op)
{
	switch (op) {
	case UIRQ_OP_LD8:
	case UIRQ_OP_ST8:
		return 1;
	case UIRQ_OP_LD16:
	case UIRQ_OP_ST16:
		return 2;
	case UIRQ_OP_LD32:
	case UIRQ_OP_ST32:
		return 4;
	}
	return 8;
}

/* Everything about one instruction that does not depend on control flow. */
static int check_insn(struct vstate *st, const struct uirq_insn *in)
{
	u32 used = 0, width;
	int ret;

	switch (in->op) {
	case UIRQ_OP_LD8:
	case UIRQ_OP_LD16:
	case UIRQ_OP_LD32:
	case UIRQ_OP_LD64:
		used = F_DST | F_REGION | F_OFF;
		ret = check_no_operand(st, in);
		if (!ret)
			ret = check_reg(st, "dst", in->dst);
		if (!ret)
			ret = check_unused(st, in, used);
		if (!ret)
			ret = check_access(st, in, ldst_width(in->op));
		return ret;

	case UIRQ_OP_ST8:
	case UIRQ_OP_ST16:
	case UIRQ_OP_ST32:
	case UIRQ_OP_ST64:
		used = F_REGION | F_OFF;
		width = ldst_width(in->op);
		ret = check_operand(st, in, &used);
		if (!ret)
			ret = check_unused(st, in, used);
		if (ret)
			return ret;
		if (in->mode == UIRQ_MODE_IMM && width < 8 &&
		    in->imm >> (width * 8))
			return VERR(st, "immediate 0x%llx does not fit in %s (%u bits)",
				    (unsigned long long)in->imm,
				    op_name(in->op), width * 8);
		st->props.flags |= UIRQ_PROP_WRITES;
		ret = check_access(st, in, width);
		if (!ret)
			ret = check_cfg_store(st, in, width);
		return ret;

	case UIRQ_OP_MOV:
	case UIRQ_OP_AND:
	case UIRQ_OP_OR:
	case UIRQ_OP_XOR:
	case UIRQ_OP_ADD:
	case UIRQ_OP_SUB:
	case UIRQ_OP_SHL:
	case UIRQ_OP_SHR:
		used = F_DST;
		ret = check_operand(st, in, &used);
		if (!ret)
			ret = check_reg(st, "dst", in->dst);
		if (!ret)
			ret = check_unused(st, in, used);
		if (ret)
			return ret;
		if ((in->op == UIRQ_OP_SHL || in->op == UIRQ_OP_SHR) &&
		    in->mode == UIRQ_MODE_IMM && in->imm >= 64)
			return VERR(st, "%s by %llu (must be < 64)",
				    op_name(in->op),
				    (unsigned long long)in->imm);
		return 0;

	case UIRQ_OP_NOT:
		ret = check_no_operand(st, in);
		if (!ret)
			ret = check_reg(st, "dst", in->dst);
		if (!ret)
			ret = check_unused(st, in, F_DST);
		return ret;

	case UIRQ_OP_JA:
		ret = check_no_operand(st, in);
		if (!ret)
			ret = check_unused(st, in, F_JUMP);
		return ret;

	case UIRQ_OP_JEQ:
	case UIRQ_OP_JNE:
	case UIRQ_OP_JGT:
	case UIRQ_OP_JGE:
	case UIRQ_OP_JLT:
	case UIRQ_OP_JLE:
	case UIRQ_OP_JSET:
	case UIRQ_OP_JCLR:
		used = F_DST | F_JUMP;
		ret = check_operand(st, in, &used);
		if (!ret)
			ret = check_reg(st, "dst", in->dst);
		if (!ret)
			ret = check_unused(st, in, used);
		return ret;

	case UIRQ_OP_CAP:
		if (in->mode != UIRQ_MODE_REG)
			return VERR(st, "cap needs mode 1 (reg): it captures a register (mode %u)",
				    in->mode);
		ret = check_reg(st, "src", in->src);
		if (!ret)
			ret = check_unused(st, in, F_SRC | F_OFF);
		if (ret)
			return ret;
		if (in->off >= UIRQ_NUM_CAPS)
			return VERR(st, "capture slot %u out of range (0..%u)",
				    in->off, UIRQ_NUM_CAPS - 1);
		if (st->kind != UIRQ_PROG_ACK)
			return VERR(st, "cap not allowed in %s programs (ack programs only)",
				    uirq_kind_name(st->kind));
		st->props.cap_mask |= 1u << in->off;
		return 0;

	case UIRQ_OP_DELAY:
		ret = check_no_operand(st, in);
		if (!ret)
			ret = check_unused(st, in, F_OFF);
		if (ret)
			return ret;
		if (in->off < 1 || in->off > UIRQ_MAX_DELAY_US)
			return VERR(st, "delay %u us out of range (1..%u)",
				    in->off, UIRQ_MAX_DELAY_US);
		return 0;

	case UIRQ_OP_RET:
		ret = check_no_operand(st, in);
		if (!ret)
			ret = check_unused(st, in, F_IMM);
		if (ret)
			return ret;
		if (in->imm > UIRQ_RET_QUIET)
			return VERR(st, "unknown return code %llu (0 none, 1 handled, 2 quiet)",
				    (unsigned long long)in->imm);
		if (in->imm == UIRQ_RET_NONE && st->kind != UIRQ_PROG_ACK)
			return VERR(st, "return kind none not allowed in %s programs (ack programs only; use handled or quiet)",
				    uirq_kind_name(st->kind));
		return 0;
	}
	return VERR(st, "unknown opcode 0x%x", in->op);
}

/* Record that control can go from @from to @to (already range-checked). */
static void edge(struct vstate *st, u32 from, u32 to, u32 delay)
{
	st->reach |= 1ull << to;
	if (st->depth[from] + 1u > st->depth[to])
		st->depth[to] = st->depth[from] + 1;
	if (delay > st->delay[to])
		st->delay[to] = delay;
}

/* Reachability, bounds and successors of instruction @i. */
static int check_flow(struct vstate *st, u32 i, const struct uirq_insn *in)
{
	u32 delay, target, steps;
	bool falls, jumps;

	if (!(st->reach & (1ull << i)))
		return VERR(st, "unreachable instruction");

	delay = st->delay[i];
	if (in->op == UIRQ_OP_DELAY) {
		delay += in->off;
		if (st->kind == UIRQ_PROG_ACK && delay > UIRQ_MAX_ACK_DELAY_US)
			return VERR(st, "worst-case total delay %u us exceeds %u us in an ack program",
				    delay, UIRQ_MAX_ACK_DELAY_US);
		if (delay > UIRQ_MAX_TOTAL_DELAY_US)
			return VERR(st, "worst-case total delay %u us exceeds %u us",
				    delay, UIRQ_MAX_TOTAL_DELAY_US);
	}

	if (in->op == UIRQ_OP_RET) {
		st->props.flags |= in->imm == UIRQ_RET_NONE ?
			UIRQ_PROP_CAN_DECLINE : in->imm == UIRQ_RET_HANDLED ?
			UIRQ_PROP_CAN_HANDLE : UIRQ_PROP_CAN_QUIET;
		steps = st->depth[i] + 1u;
		if (steps > st->props.max_steps)
			st->props.max_steps = steps;
		if (delay > st->props.max_delay_us)
			st->props.max_delay_us = delay;
		return 0;
	}

	jumps = in->op >= UIRQ_OP_JA && in->op <= UIRQ_OP_JCLR;
	falls = in->op != UIRQ_OP_JA;
	if (falls) {
		if (i + 1 >= st->len)
			return VERR(st, "falls off the end: %s is the last instruction",
				    op_name(in->op));
		edge(st, i, i + 1, delay);
	}
	if (jumps) {
		if (in->jump < 0)
			return VERR(st, "backward jump (%d)", in->jump);
		target = i + 1 + (u32)in->jump;
		if (target >= st->len)
			return VERR(st, "jump out of range: target %u, program has %u instructions",
				    target, st->len);
		edge(st, i, target, delay);
	}
	return 0;
}

/**
 * uirq_verify() - check a program and compute its properties
 * @prog:    out: the verified program (written only on success)
 * @kind:    UIRQ_PROG_*
 * @insns:   instructions
 * @len:     number of instructions
 * @regions: UIRQ_MAX_REGIONS descriptors, indexed by region id
 * @err:     out: reason on rejection (may be NULL)
 *
 * Only accesses to regions whose descriptor has a type other than
 * UIRQ_REGION_TYPE_NONE are accepted, so the table alone decides which
 * regions exist (including the reserved non-PCI indices).
 *
 * Return: 0, or -EINVAL with @err filled in (@err->insn is -1 when the
 * program as a whole is wrong).
 */
int uirq_verify(struct uirq_prog *prog, u32 kind,
		const struct uirq_insn *insns, u32 len,
		const struct uirq_region_desc *regions,
		struct uirq_verr *err)
{
	struct vstate st;
	int bad = -1;
	u32 i;

	memset(&st, 0, sizeof(st));
	st.regions = regions;
	st.kind = kind;
	st.len = len;

	if (kind >= UIRQ_PROG_NUM_KINDS) {
		VERR(&st, "unknown program kind %u", kind);
		goto reject;
	}
	if (len == 0) {
		VERR(&st, "empty program");
		goto reject;
	}
	if (len > UIRQ_MAX_INSNS) {
		VERR(&st, "program too long: %u instructions (max %u)",
		     len, UIRQ_MAX_INSNS);
		goto reject;
	}

	st.reach = 1;
	for (i = 0; i < len; i++) {
		if (check_insn(&st, &insns[i]) || check_flow(&st, i, &insns[i])) {
			bad = (int)i;
			goto reject;
		}
	}

	prog->kind = kind;
	prog->len = len;
	prog->props = st.props;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	if (len < UIRQ_MAX_INSNS)
		memset(&prog->insns[len], 0,
		       (UIRQ_MAX_INSNS - len) * sizeof(*insns));
	return 0;

reject:
	if (err) {
		err->insn = bad;
		memcpy(err->msg, st.msg, sizeof(err->msg));
	}
	return -EINVAL;
}
