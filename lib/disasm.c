// SPDX-License-Identifier: MIT
/*
 * The disassembler: struct uirq_insn to the assembler's syntax.
 *
 * The promise is that assembling the output gives the same bytes, for any
 * input. So an instruction is printed with its mnemonic only when the
 * assembler would encode that text to exactly these bytes (canonical
 * encoding, operands the syntax can express); anything else becomes a raw
 * `.insn` line, which the verifier will then explain.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Small numbers read better in decimal; they reassemble the same. */
static void fmt_num(char *buf, size_t len, uint64_t v)
{
	if (v < 10)
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "0x%" PRIx64, v);
}

static bool operand_ok(const struct uirq_insn *in)
{
	if (in->mode == UIRQ_MODE_REG)
		return in->src < UIRQ_NUM_REGS && !in->imm;
	return in->mode == UIRQ_MODE_IMM && !in->src;
}

/* Is the target of jump @in at @index a place a label can name? */
static bool jump_ok(const struct uirq_insn *in, unsigned int index,
		    unsigned int count)
{
	return in->jump >= 0 &&
	       (unsigned long)index + 1 + (unsigned long)in->jump <= count;
}

/* Would the mnemonic form of @in reassemble to exactly @in? */
static bool canonical(const struct uirq_insn *in, const struct uirq_opinfo *oi,
		      unsigned int index, unsigned int count)
{
	if (!oi || in->resv)
		return false;
	switch (oi->fmt) {
	case FMT_LD:
		return in->dst < UIRQ_NUM_REGS && !in->src &&
		       in->mode == UIRQ_MODE_IMM &&
		       in->region < UIRQ_MAX_REGIONS && !in->jump && !in->imm;
	case FMT_ST:
		if (in->mode == UIRQ_MODE_IMM && oi->width < 8 &&
		    in->imm >> (8 * oi->width))
			return false;
		return !in->dst && operand_ok(in) &&
		       in->region < UIRQ_MAX_REGIONS && !in->jump;
	case FMT_ALU:
		if ((in->op == UIRQ_OP_SHL || in->op == UIRQ_OP_SHR) &&
		    in->mode == UIRQ_MODE_IMM && in->imm > UIRQ_ASM_MAX_SHIFT)
			return false;
		return in->dst < UIRQ_NUM_REGS && operand_ok(in) &&
		       !in->region && !in->jump && !in->off;
	case FMT_NOT:
		return in->dst < UIRQ_NUM_REGS && !in->src &&
		       in->mode == UIRQ_MODE_IMM && !in->region &&
		       !in->jump && !in->off && !in->imm;
	case FMT_JA:
		return !in->dst && !in->src && in->mode == UIRQ_MODE_IMM &&
		       !in->region && jump_ok(in, index, count) &&
		       !in->off && !in->imm;
	case FMT_JCC:
		return in->dst < UIRQ_NUM_REGS && operand_ok(in) &&
		       !in->region && jump_ok(in, index, count) && !in->off;
	case FMT_CAP:
		return !in->dst && in->src < UIRQ_NUM_REGS &&
		       in->mode == UIRQ_MODE_REG && !in->region &&
		       !in->jump && in->off < UIRQ_NUM_CAPS && !in->imm;
	case FMT_DELAY:
		return !in->dst && !in->src && in->mode == UIRQ_MODE_IMM &&
		       !in->region && !in->jump && in->off >= 1 &&
		       in->off <= UIRQ_MAX_DELAY_US && !in->imm;
	case FMT_RET:
		return !in->dst && !in->src && in->mode == UIRQ_MODE_IMM &&
		       !in->region && !in->jump && !in->off &&
		       in->imm <= UIRQ_RET_QUIET;
	}
	return false;
}

/* snprintf that reports truncation as -ENOSPC. */
__attribute__((format(printf, 3, 4)))
static int out(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return (size_t)n >= len ? -ENOSPC : 0;
}

int uirq_disasm_insn(const struct uirq_insn *in, unsigned int index,
		     unsigned int count, char *buf, size_t len)
{
	const struct uirq_opinfo *oi = uirq_opinfo_by_op(in->op);
	char opnd[32], mem[48];

	if (!buf || !len)
		return -EINVAL;
	if (!canonical(in, oi, index, count))
		return out(buf, len, ".insn  0x%x, %u, %u, %u, %u, %d, 0x%" PRIx32
			   ", 0x%" PRIx32 ", 0x%" PRIx64,
			   in->op, in->dst, in->src, in->mode, in->region,
			   in->jump, in->off, in->resv, (uint64_t)in->imm);

	if (in->mode == UIRQ_MODE_REG)
		snprintf(opnd, sizeof(opnd), "r%u", in->src);
	else
		fmt_num(opnd, sizeof(opnd), in->imm);
	snprintf(mem, sizeof(mem), "%s[0x%" PRIx32 "]",
		 uirq_region_name(in->region), in->off);

	switch (oi->fmt) {
	case FMT_LD:
		return out(buf, len, "%-5s  r%u, %s", oi->name, in->dst, mem);
	case FMT_ST:
		return out(buf, len, "%-5s  %s, %s", oi->name, mem, opnd);
	case FMT_ALU:
		return out(buf, len, "%-5s  r%u, %s", oi->name, in->dst, opnd);
	case FMT_NOT:
		return out(buf, len, "%-5s  r%u", oi->name, in->dst);
	case FMT_JA:
		return out(buf, len, "%-5s  L%u", oi->name,
			   index + 1 + (unsigned int)in->jump);
	case FMT_JCC:
		return out(buf, len, "%-5s  r%u, %s, L%u", oi->name, in->dst,
			   opnd, index + 1 + (unsigned int)in->jump);
	case FMT_CAP:
		return out(buf, len, "%-5s  %u, r%u", oi->name, in->off,
			   in->src);
	case FMT_DELAY:
		return out(buf, len, "%-5s  %u", oi->name, in->off);
	case FMT_RET:
		return out(buf, len, "%-5s  %s", oi->name,
			   uirq_ret_name((uint32_t)in->imm));
	}
	return -EINVAL;
}

/* Bit i of @labels: some canonical jump targets instruction i (i <= count). */
static void find_labels(const struct uirq_insn *insns, unsigned int count,
			unsigned char *labels)
{
	unsigned int i, t;

	memset(labels, 0, UIRQ_MAX_INSNS + 1);
	for (i = 0; i < count; i++) {
		const struct uirq_opinfo *oi = uirq_opinfo_by_op(insns[i].op);

		if (!oi || (oi->fmt != FMT_JA && oi->fmt != FMT_JCC) ||
		    !canonical(&insns[i], oi, i, count))
			continue;
		t = i + 1 + (unsigned int)insns[i].jump;
		labels[t] = 1;
	}
}

int uirq_disasm(const struct uirq_insn *insns, unsigned int count, FILE *f)
{
	unsigned char labels[UIRQ_MAX_INSNS + 1];
	char line[160];
	unsigned int i;
	int ret;

	if (!f || (count && !insns) || count > UIRQ_MAX_INSNS)
		return -EINVAL;
	find_labels(insns, count, labels);
	for (i = 0; i <= count; i++) {
		if (labels[i] && fprintf(f, "L%u:\n", i) < 0)
			return -EIO;
		if (i == count)
			break;
		ret = uirq_disasm_insn(&insns[i], i, count, line, sizeof(line));
		if (ret)
			return ret;
		if (fprintf(f, "        %-36s ; %u\n", line, i) < 0)
			return -EIO;
	}
	return fflush(f) ? -EIO : 0;
}
