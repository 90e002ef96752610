// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The interpreter of verified uirq programs. It runs in the hard-IRQ
 * handler on every interrupt of a shared line, so it is a plain switch in
 * a loop: no recursion, no allocation, no checks the verifier already
 * made. Two cheap masks remain (register and slot indices, the program
 * length) and jump distances are used as unsigned, so that even a
 * corrupted struct uirq_prog can neither index outside the register file
 * nor loop; it cannot make an access the verifier did not see, because
 * accesses come only from the instructions themselves.
 *
 * Why a switch and not threaded code (computed goto, as the kernel's BPF
 * interpreter): in uirq.ko, with retpolines, every indirect jump becomes a
 * thunk call while the kernel builds a switch without a jump table (a
 * short compare tree); in user space both are close.
 */
#include "uirq_core.h"

/* The operand of st, ALU ops and conditional jumps. */
static inline u64 operand(const struct uirq_insn *in, const u64 *r)
{
	return in->mode == UIRQ_MODE_REG ?
		r[in->src & (UIRQ_NUM_REGS - 1u)] : in->imm;
}

/**
 * uirq_run() - execute a verified program
 * @prog: a program filled in by uirq_verify()
 * @bus:  the device; @bus->delay must be set if the program delays
 * @res:  out: return code, captures and the number of steps
 *
 * Registers start at zero. A register shift amount is taken mod 64; loads
 * are zero-extended and stores truncated to their width. If control ever
 * ran past the last instruction (impossible for a verified program) the
 * run ends with UIRQ_RET_NONE, which on a shared line is the answer that
 * harms nobody else.
 *
 * Return: the program's return code (UIRQ_RET_*), also in @res->ret.
 */
u32 uirq_run(const struct uirq_prog *prog, const struct uirq_bus *bus,
	     struct uirq_result *res)
{
	const struct uirq_insn *in = prog->insns;
	const struct uirq_insn *end;
	u64 r[UIRQ_NUM_REGS] = { 0 };
	u32 skipped = 0;	/* instructions jumped over, for res->steps */
	u32 rc = UIRQ_RET_NONE;

	memset(res, 0, sizeof(*res));
	end = in + (prog->len < UIRQ_MAX_INSNS ? prog->len : UIRQ_MAX_INSNS);

	while (in < end) {
		const struct uirq_insn *cur = in++;
		u64 *dst = &r[cur->dst & (UIRQ_NUM_REGS - 1u)];
		u32 slot;

		switch (cur->op) {
		case UIRQ_OP_LD8:
			*dst = (u8)bus->read(bus->ctx, cur->region, cur->off, 1);
			break;
		case UIRQ_OP_LD16:
			*dst = (u16)bus->read(bus->ctx, cur->region, cur->off, 2);
			break;
		case UIRQ_OP_LD32:
			*dst = (u32)bus->read(bus->ctx, cur->region, cur->off, 4);
			break;
		case UIRQ_OP_LD64:
			*dst = bus->read(bus->ctx, cur->region, cur->off, 8);
			break;
		case UIRQ_OP_ST8:
			bus->write(bus->ctx, cur->region, cur->off, 1,
				   (u8)operand(cur, r));
			break;
		case UIRQ_OP_ST16:
			bus->write(bus->ctx, cur->region, cur->off, 2,
				   (u16)operand(cur, r));
			break;
		case UIRQ_OP_ST32:
			bus->write(bus->ctx, cur->region, cur->off, 4,
				   (u32)operand(cur, r));
			break;
		case UIRQ_OP_ST64:
			bus->write(bus->ctx, cur->region, cur->off, 8,
				   operand(cur, r));
			break;
		case UIRQ_OP_MOV:
			*dst = operand(cur, r);
			break;
		case UIRQ_OP_AND:
			*dst &= operand(cur, r);
			break;
		case UIRQ_OP_OR:
			*dst |= operand(cur, r);
			break;
		case UIRQ_OP_XOR:
			*dst ^= operand(cur, r);
			break;
		case UIRQ_OP_ADD:
			*dst += operand(cur, r);
			break;
		case UIRQ_OP_SUB:
			*dst -= operand(cur, r);
			break;
		case UIRQ_OP_SHL:
			*dst <<= operand(cur, r) & 63;
			break;
		case UIRQ_OP_SHR:
			*dst >>= operand(cur, r) & 63;
			break;
		case UIRQ_OP_NOT:
			*dst = ~*dst;
			break;
		case UIRQ_OP_JA:
			goto jump;
		case UIRQ_OP_JEQ:
			if (*dst == operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JNE:
			if (*dst != operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JGT:
			if (*dst > operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JGE:
			if (*dst >= operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JLT:
			if (*dst < operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JLE:
			if (*dst <= operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JSET:
			if (*dst & operand(cur, r))
				goto jump;
			break;
		case UIRQ_OP_JCLR:
			if (!(*dst & operand(cur, r)))
				goto jump;
			break;
		case UIRQ_OP_CAP:
			slot = cur->off & (UIRQ_NUM_CAPS - 1u);
			res->cap[slot] = r[cur->src & (UIRQ_NUM_REGS - 1u)];
			res->cap_mask |= 1u << slot;
			break;
		case UIRQ_OP_DELAY:
			bus->delay(bus->ctx, cur->off);
			break;
		case UIRQ_OP_RET:
			rc = (u32)cur->imm;
			goto out;
		default:
			/* Not reachable for a verified program: decline. */
			goto out;
		}
		continue;
jump:
		/*
		 * Unsigned and bounded: even a corrupted program only moves
		 * forward and never past the end (the verifier already
		 * proved both for real ones; a taken jump is rare enough).
		 */
		if (unlikely((u16)cur->jump >= end - in))
			goto out;
		in += (u16)cur->jump;
		skipped += (u16)cur->jump;
	}
out:
	res->ret = rc;
	res->steps = (u32)(in - prog->insns) - skipped;
	return rc;
}
