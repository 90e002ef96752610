/* SPDX-License-Identifier: MIT */
/*
 * Shared by the assembler and the disassembler: which operands each
 * instruction has, so that both agree on the one canonical encoding.
 */
#ifndef LIBUIRQ_INTERNAL_H
#define LIBUIRQ_INTERNAL_H

#include "libuirq.h"

enum uirq_fmt {
	FMT_LD,		/* ldN   rD, region[off] */
	FMT_ST,		/* stN   region[off], rS|imm */
	FMT_ALU,	/* op    rD, rS|imm */
	FMT_NOT,	/* not   rD */
	FMT_JA,		/* ja    label */
	FMT_JCC,	/* jcc   rD, rS|imm, label */
	FMT_CAP,	/* cap   slot, rS */
	FMT_DELAY,	/* delay us */
	FMT_RET,	/* ret   none|handled|quiet */
};

struct uirq_opinfo {
	const char *name;
	unsigned char op;
	unsigned char fmt;
	unsigned char width;	/* bytes, FMT_LD and FMT_ST */
};

extern const struct uirq_opinfo uirq_opinfo_table[];
extern const unsigned int uirq_opinfo_count;

const struct uirq_opinfo *uirq_opinfo_by_op(unsigned int op);

/* Shift amounts the assembler accepts as immediates (the ISA's rule). */
#define UIRQ_ASM_MAX_SHIFT	63

#endif /* LIBUIRQ_INTERNAL_H */
