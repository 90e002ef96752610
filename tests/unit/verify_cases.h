/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The verifier's test table: every rejection reason, every instruction in
 * every mode, width and region type, and the boundaries (last byte of a
 * region, exactly 64 instructions, exactly 50 us of delay).
 *
 * Shared by tests/unit/test_verify.c and the fuzzer, which seeds its
 * corpus from it, so it depends on nothing but uirq.h and the core header.
 * A case's @len may exceed UIRQ_MAX_INSNS (the "too long" case) although
 * only UIRQ_MAX_INSNS instructions are stored: copy min(len, 64) of them.
 * @regions NULL means uirq_default_regions().
 */
#ifndef UIRQ_TESTS_VERIFY_CASES_H
#define UIRQ_TESTS_VERIFY_CASES_H

#include "uirq.h"
#include "uirq_core.h"

enum vc_expect { VC_ACCEPT, VC_REJECT };

/* Properties an accepted case must have (all of them are compared). */
struct vc_props {
	u32 flags;
	u32 region_mask;
	u32 max_steps;
	u32 max_delay_us;
	u32 cap_mask;
};

struct verify_case {
	const char *name;
	u32 kind;
	enum vc_expect expect;
	u32 len;
	const struct uirq_region_desc *regions;	/* NULL: defaults */
	/* VC_REJECT: */
	int err_insn;
	const char *msg;			/* substring of err.msg */
	/* VC_ACCEPT: */
	struct vc_props props;
	int win_check;				/* compare @win of @win_region */
	u32 win_region;
	struct uirq_window win;
	struct uirq_insn insns[UIRQ_MAX_INSNS];
};

/* ---- instruction builders ---------------------------------------- */

#define I_RAW(o, d, s, m, rg, j, of, rs, im)				\
	{ .op = (o), .dst = (d), .src = (s), .mode = (m), .region = (rg), \
	  .jump = (j), .off = (of), .resv = (rs), .imm = (im) }

#define VC_LDOP(w)	((w) == 1 ? UIRQ_OP_LD8 : (w) == 2 ? UIRQ_OP_LD16 : \
			 (w) == 4 ? UIRQ_OP_LD32 : UIRQ_OP_LD64)
#define VC_STOP(w)	((w) == 1 ? UIRQ_OP_ST8 : (w) == 2 ? UIRQ_OP_ST16 : \
			 (w) == 4 ? UIRQ_OP_ST32 : UIRQ_OP_ST64)

#define I_LD(w, d, rg, of)	I_RAW(VC_LDOP(w), d, 0, UIRQ_MODE_IMM, rg, 0, of, 0, 0)
#define I_STI(w, rg, of, im)	I_RAW(VC_STOP(w), 0, 0, UIRQ_MODE_IMM, rg, 0, of, 0, im)
#define I_STR(w, rg, of, s)	I_RAW(VC_STOP(w), 0, s, UIRQ_MODE_REG, rg, 0, of, 0, 0)
#define I_ALUI(o, d, im)	I_RAW(o, d, 0, UIRQ_MODE_IMM, 0, 0, 0, 0, im)
#define I_ALUR(o, d, s)		I_RAW(o, d, s, UIRQ_MODE_REG, 0, 0, 0, 0, 0)
#define I_MOVI(d, im)		I_ALUI(UIRQ_OP_MOV, d, im)
#define I_NOT(d)		I_RAW(UIRQ_OP_NOT, d, 0, UIRQ_MODE_IMM, 0, 0, 0, 0, 0)
#define I_JA(j)			I_RAW(UIRQ_OP_JA, 0, 0, UIRQ_MODE_IMM, 0, j, 0, 0, 0)
#define I_JI(o, d, im, j)	I_RAW(o, d, 0, UIRQ_MODE_IMM, 0, j, 0, 0, im)
#define I_JR(o, d, s, j)	I_RAW(o, d, s, UIRQ_MODE_REG, 0, j, 0, 0, 0)
#define I_CAP(slot, s)		I_RAW(UIRQ_OP_CAP, 0, s, UIRQ_MODE_REG, 0, 0, slot, 0, 0)
#define I_DELAY(us)		I_RAW(UIRQ_OP_DELAY, 0, 0, UIRQ_MODE_IMM, 0, 0, us, 0, 0)
#define I_RET(code)		I_RAW(UIRQ_OP_RET, 0, 0, UIRQ_MODE_IMM, 0, 0, 0, 0, code)

/* .insns and .len from one list of instructions. */
#define VC_INSNS(...)							\
	.insns = { __VA_ARGS__ },					\
	.len = sizeof((struct uirq_insn[]){ __VA_ARGS__ }) /		\
	       sizeof(struct uirq_insn)

/* Variadic: an instruction expands to a braced list with commas. */
#define VC_X4(...)	__VA_ARGS__, __VA_ARGS__, __VA_ARGS__, __VA_ARGS__
#define VC_X16(...)	VC_X4(VC_X4(__VA_ARGS__))
#define VC_X63(...)	VC_X16(__VA_ARGS__), VC_X16(__VA_ARGS__),	\
			VC_X16(__VA_ARGS__), VC_X4(__VA_ARGS__),	\
			VC_X4(__VA_ARGS__), VC_X4(__VA_ARGS__),		\
			__VA_ARGS__, __VA_ARGS__, __VA_ARGS__

#define R_BAR0	UIRQ_REGION_BAR0
#define R_BAR1	UIRQ_REGION_BAR1
#define R_BAR2	UIRQ_REGION_BAR2
#define R_BAR3	UIRQ_REGION_BAR3
#define R_BAR4	UIRQ_REGION_BAR4
#define R_BAR5	UIRQ_REGION_BAR5
#define R_CFG	UIRQ_REGION_CFG

#define P_DECL	UIRQ_PROP_CAN_DECLINE
#define P_HAND	UIRQ_PROP_CAN_HANDLE
#define P_QUIET	UIRQ_PROP_CAN_QUIET
#define P_WR	UIRQ_PROP_WRITES

#define RET_N	UIRQ_RET_NONE
#define RET_H	UIRQ_RET_HANDLED
#define RET_Q	UIRQ_RET_QUIET

/*
 * A device with every region type: bar0 4 KiB MMIO, bar1 absent, bar2
 * 32 bytes of port I/O, bar3 16 bytes MMIO, bar4 of an unknown type,
 * bar5 8 GiB MMIO, cfg 256 bytes (legacy config space), res0 64 bytes
 * MMIO (a non-PCI resource), res1 absent.
 */
static const struct uirq_region_desc vc_mixed_regions[UIRQ_MAX_REGIONS] = {
	[UIRQ_REGION_BAR0] = { .type = UIRQ_REGION_TYPE_MMIO, .size = 0x1000 },
	[UIRQ_REGION_BAR2] = { .type = UIRQ_REGION_TYPE_PIO, .size = 0x20 },
	[UIRQ_REGION_BAR3] = { .type = UIRQ_REGION_TYPE_MMIO, .size = 0x10 },
	[UIRQ_REGION_BAR4] = { .type = 9, .size = 0x1000 },
	[UIRQ_REGION_BAR5] = { .type = UIRQ_REGION_TYPE_MMIO,
			       .size = 0x200000000ull },
	[UIRQ_REGION_CFG]  = { .type = UIRQ_REGION_TYPE_CFG, .size = 0x100 },
	[UIRQ_REGION_RES0] = { .type = UIRQ_REGION_TYPE_MMIO, .size = 0x40 },
};

#define ACK	UIRQ_PROG_ACK
#define ENABLE	UIRQ_PROG_ENABLE
#define RELEASE	UIRQ_PROG_RELEASE
#define INIT	UIRQ_PROG_INIT

#define ACCEPT(fl, rm, steps, delay, caps)				\
	.expect = VC_ACCEPT,						\
	.props = { .flags = (fl), .region_mask = (rm),			\
		   .max_steps = (steps), .max_delay_us = (delay),	\
		   .cap_mask = (caps) }
#define WIN(r, l, h)							\
	.win_check = 1, .win_region = (r), .win = { .lo = (l), .hi = (h) }
#define REJECT(i, m)	.expect = VC_REJECT, .err_insn = (i), .msg = (m)

static const struct verify_case verify_cases[] = {
	/* ---- accepted: returns and program kinds ---- */
	{ .name = "ret handled", .kind = ACK,
	  VC_INSNS(I_RET(RET_H)), ACCEPT(P_HAND, 0, 1, 0, 0) },
	{ .name = "ret none", .kind = ACK,
	  VC_INSNS(I_RET(RET_N)), ACCEPT(P_DECL, 0, 1, 0, 0) },
	{ .name = "ret quiet", .kind = ACK,
	  VC_INSNS(I_RET(RET_Q)), ACCEPT(P_QUIET, 0, 1, 0, 0) },
	{ .name = "enable ret handled", .kind = ENABLE,
	  VC_INSNS(I_STI(4, R_BAR0, 0x20, 0x80), I_RET(RET_H)),
	  ACCEPT(P_HAND | P_WR, 1, 2, 0, 0), WIN(R_BAR0, 0x20, 0x24) },
	{ .name = "release ret quiet", .kind = RELEASE,
	  VC_INSNS(I_STI(4, R_BAR0, 0x20, 0), I_RET(RET_Q)),
	  ACCEPT(P_QUIET | P_WR, 1, 2, 0, 0) },
	{ .name = "init both successes", .kind = INIT,
	  VC_INSNS(I_LD(4, 0, R_CFG, 0), I_JI(UIRQ_OP_JEQ, 0, 0, 1),
		   I_RET(RET_Q), I_RET(RET_H)),
	  ACCEPT(P_HAND | P_QUIET, 1u << R_CFG, 3, 0, 0),
	  WIN(R_CFG, 0, 4) },

	/* ---- accepted: the edu ack program of the README ---- */
	{ .name = "edu ack", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0x24),
		   I_JI(UIRQ_OP_JEQ, 0, 0, 4),
		   I_JI(UIRQ_OP_JEQ, 0, 0xffffffff, 3),
		   I_STR(4, R_BAR0, 0x64, 0),
		   I_CAP(0, 0),
		   I_RET(RET_H),
		   I_RET(RET_N)),
	  ACCEPT(P_DECL | P_HAND | P_WR, 1, 6, 0, 1),
	  WIN(R_BAR0, 0x24, 0x68) },

	/* ---- accepted: loads and stores, every width and region type ---- */
	{ .name = "ld8 mmio", .kind = ACK,
	  VC_INSNS(I_LD(1, 7, R_BAR0, 0x11), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1, 2, 0, 0), WIN(R_BAR0, 0x11, 0x12) },
	{ .name = "ld16 mmio", .kind = ACK,
	  VC_INSNS(I_LD(2, 1, R_BAR1, 0x12), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << R_BAR1, 2, 0, 0), WIN(R_BAR1, 0x12, 0x14) },
	{ .name = "ld32 mmio", .kind = ACK,
	  VC_INSNS(I_LD(4, 2, R_BAR5, 0x14), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << R_BAR5, 2, 0, 0), WIN(R_BAR5, 0x14, 0x18) },
	{ .name = "ld64 mmio", .kind = ACK,
	  VC_INSNS(I_LD(8, 3, R_BAR0, 0x18), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1, 2, 0, 0), WIN(R_BAR0, 0x18, 0x20) },
	{ .name = "st8/16/32/64 imm mmio", .kind = ACK,
	  VC_INSNS(I_STI(1, R_BAR0, 0x7, 0xff), I_STI(2, R_BAR0, 0x8, 0xffff),
		   I_STI(4, R_BAR0, 0xc, 0xffffffff),
		   I_STI(8, R_BAR0, 0x10, 0xffffffffffffffffull),
		   I_RET(RET_Q)),
	  ACCEPT(P_QUIET | P_WR, 1, 5, 0, 0), WIN(R_BAR0, 0x7, 0x18) },
	{ .name = "st8/16/32/64 reg mmio", .kind = ACK,
	  VC_INSNS(I_STR(1, R_BAR0, 0x100, 1), I_STR(2, R_BAR0, 0x102, 2),
		   I_STR(4, R_BAR0, 0x104, 3), I_STR(8, R_BAR0, 0x108, 7),
		   I_RET(RET_Q)),
	  ACCEPT(P_QUIET | P_WR, 1, 5, 0, 0), WIN(R_BAR0, 0x100, 0x110) },
	{ .name = "pio ld/st 1 2 4", .kind = ACK, .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(1, 0, R_BAR2, 0x1f), I_LD(2, 0, R_BAR2, 0x2),
		   I_LD(4, 0, R_BAR2, 0x4), I_STI(1, R_BAR2, 0x3, 1),
		   I_STR(2, R_BAR2, 0x6, 0), I_STR(4, R_BAR2, 0x8, 0),
		   I_RET(RET_H)),
	  ACCEPT(P_HAND | P_WR, 1u << R_BAR2, 7, 0, 0),
	  WIN(R_BAR2, 0x2, 0x20) },
	{ .name = "cfg ld/st 1 2 4", .kind = ACK,
	  VC_INSNS(I_LD(1, 0, R_CFG, 0x3c), I_LD(2, 0, R_CFG, 0x4),
		   I_LD(4, 0, R_CFG, 0x0), I_STR(2, R_CFG, 0x4, 0),
		   I_STI(1, R_CFG, 0xfff, 0), I_STI(4, R_CFG, 0x8, 7),
		   I_RET(RET_H)),
	  ACCEPT(P_HAND | P_WR, 1u << R_CFG, 7, 0, 0),
	  WIN(R_CFG, 0x0, 0x1000) },
	{ .name = "last byte of bar0 (ld8)", .kind = ACK,
	  VC_INSNS(I_LD(1, 0, R_BAR0, 0xfff), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1, 2, 0, 0), WIN(R_BAR0, 0xfff, 0x1000) },
	{ .name = "last word of bar0 (ld32)", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0xffc), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1, 2, 0, 0), WIN(R_BAR0, 0xffc, 0x1000) },
	{ .name = "last quad of bar0 (st64)", .kind = ACK,
	  VC_INSNS(I_STI(8, R_BAR0, 0xff8, 1), I_RET(RET_Q)),
	  ACCEPT(P_QUIET | P_WR, 1, 2, 0, 0), WIN(R_BAR0, 0xff8, 0x1000) },
	{ .name = "last quad of 16-byte bar3", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(8, 0, R_BAR3, 0x8), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << R_BAR3, 2, 0, 0), WIN(R_BAR3, 0x8, 0x10) },
	{ .name = "last word of legacy cfg", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_CFG, 0xfc), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << R_CFG, 2, 0, 0), WIN(R_CFG, 0xfc, 0x100) },
	{ .name = "high offset in 8 GiB bar5", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_BAR5, 0xfffffff8), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << R_BAR5, 2, 0, 0),
	  WIN(R_BAR5, 0xfffffff8, 0xfffffffc) },
	{ .name = "non-PCI res0 when described", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, UIRQ_REGION_RES0, 0x3c), I_RET(RET_N)),
	  ACCEPT(P_DECL, 1u << UIRQ_REGION_RES0, 2, 0, 0),
	  WIN(UIRQ_REGION_RES0, 0x3c, 0x40) },
	{ .name = "windows of two regions", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0x40), I_LD(2, 1, R_CFG, 0x6),
		   I_STR(4, R_BAR0, 0x10, 0), I_RET(RET_H)),
	  ACCEPT(P_HAND | P_WR, 1u | (1u << R_CFG), 4, 0, 0),
	  WIN(R_BAR0, 0x10, 0x44) },

	/* ---- accepted: ALU ---- */
	{ .name = "alu imm all ops", .kind = ACK,
	  VC_INSNS(I_ALUI(UIRQ_OP_MOV, 0, 0xffffffffffffffffull),
		   I_ALUI(UIRQ_OP_AND, 0, 0xff00),
		   I_ALUI(UIRQ_OP_OR, 1, 1), I_ALUI(UIRQ_OP_XOR, 2, 3),
		   I_ALUI(UIRQ_OP_ADD, 3, 4), I_ALUI(UIRQ_OP_SUB, 4, 5),
		   I_ALUI(UIRQ_OP_SHL, 5, 63), I_ALUI(UIRQ_OP_SHR, 6, 0),
		   I_NOT(7), I_RET(RET_N)),
	  ACCEPT(P_DECL, 0, 10, 0, 0) },
	{ .name = "alu reg all ops", .kind = ACK,
	  VC_INSNS(I_ALUR(UIRQ_OP_MOV, 0, 7), I_ALUR(UIRQ_OP_AND, 1, 6),
		   I_ALUR(UIRQ_OP_OR, 2, 5), I_ALUR(UIRQ_OP_XOR, 3, 4),
		   I_ALUR(UIRQ_OP_ADD, 4, 3), I_ALUR(UIRQ_OP_SUB, 5, 2),
		   I_ALUR(UIRQ_OP_SHL, 6, 1), I_ALUR(UIRQ_OP_SHR, 7, 0),
		   I_RET(RET_N)),
	  ACCEPT(P_DECL, 0, 9, 0, 0) },

	/* ---- accepted: jumps and paths ---- */
	{ .name = "conditional jumps imm", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 1, 0), I_JI(UIRQ_OP_JNE, 1, 1, 0),
		   I_JI(UIRQ_OP_JGT, 2, 1, 0), I_JI(UIRQ_OP_JGE, 3, 1, 0),
		   I_JI(UIRQ_OP_JLT, 4, 1, 0), I_JI(UIRQ_OP_JLE, 5, 1, 0),
		   I_JI(UIRQ_OP_JSET, 6, 1, 0), I_JI(UIRQ_OP_JCLR, 7, 1, 0),
		   I_RET(RET_N)),
	  ACCEPT(P_DECL, 0, 9, 0, 0) },
	{ .name = "conditional jumps reg", .kind = ACK,
	  VC_INSNS(I_JR(UIRQ_OP_JEQ, 0, 1, 7), I_JR(UIRQ_OP_JNE, 1, 2, 6),
		   I_JR(UIRQ_OP_JGT, 2, 3, 5), I_JR(UIRQ_OP_JGE, 3, 4, 4),
		   I_JR(UIRQ_OP_JLT, 4, 5, 3), I_JR(UIRQ_OP_JLE, 5, 6, 2),
		   I_JR(UIRQ_OP_JSET, 6, 7, 1), I_JR(UIRQ_OP_JCLR, 7, 0, 0),
		   I_RET(RET_N)),
	  ACCEPT(P_DECL, 0, 9, 0, 0) },
	{ .name = "ja 0 is a no-op", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, 3), I_JI(UIRQ_OP_JEQ, 1, 0, 1),
		   I_RET(RET_N), I_RET(RET_Q), I_JA(0), I_RET(RET_H)),
	  ACCEPT(P_DECL | P_HAND | P_QUIET, 0, 3, 0, 0) },
	{ .name = "diamond: longest path counted", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JSET, 0, 1, 3),
		   I_MOVI(1, 1), I_MOVI(1, 2), I_JA(1),
		   I_MOVI(1, 3),
		   I_RET(RET_H)),
	  ACCEPT(P_HAND, 0, 5, 0, 0) },
	{ .name = "exactly 64 instructions", .kind = ACK,
	  VC_INSNS(VC_X63(I_ALUI(UIRQ_OP_ADD, 0, 1)), I_RET(RET_H)),
	  ACCEPT(P_HAND, 0, 64, 0, 0) },
	{ .name = "ja 62 leaves the rets between unreachable", .kind = ACK,
	  VC_INSNS(I_JA(62), VC_X16(I_RET(RET_N)), VC_X16(I_RET(RET_N)),
		   VC_X16(I_RET(RET_N)), VC_X4(I_RET(RET_N)),
		   VC_X4(I_RET(RET_N)), VC_X4(I_RET(RET_N)), I_RET(RET_N),
		   I_RET(RET_N), I_RET(RET_H)),
	  REJECT(1, "unreachable instruction") },
	{ .name = "longest jump (62) over a 64-insn program", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JNE, 0, 0, 62),
		   VC_X16(I_NOT(1)), VC_X16(I_NOT(1)), VC_X16(I_NOT(1)),
		   VC_X4(I_NOT(1)), VC_X4(I_NOT(1)), VC_X4(I_NOT(1)),
		   I_NOT(1), I_NOT(1), I_RET(RET_H)),
	  ACCEPT(P_HAND, 0, 64, 0, 0) },

	/* ---- accepted: cap and delay ---- */
	{ .name = "cap slots 0 and 7", .kind = ACK,
	  VC_INSNS(I_LD(4, 3, R_BAR0, 0), I_CAP(0, 3), I_CAP(7, 3),
		   I_RET(RET_H)),
	  ACCEPT(P_HAND, 1, 4, 0, 0x81) },
	{ .name = "delay 1 and 10", .kind = INIT,
	  VC_INSNS(I_DELAY(1), I_DELAY(10), I_RET(RET_H)),
	  ACCEPT(P_HAND, 0, 3, 11, 0) },
	{ .name = "ack: total delay exactly 10 us", .kind = ACK,
	  VC_INSNS(I_DELAY(4), I_DELAY(6), I_RET(RET_H)),
	  ACCEPT(P_HAND, 0, 3, 10, 0) },
	{ .name = "total delay exactly 50 us", .kind = INIT,
	  VC_INSNS(I_DELAY(10), I_DELAY(10), I_DELAY(10), I_DELAY(10),
		   I_DELAY(10), I_RET(RET_Q)),
	  ACCEPT(P_QUIET, 0, 6, 50, 0) },
	{ .name = "delays on exclusive paths", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, 4),
		   I_DELAY(3), I_DELAY(3), I_DELAY(3), I_RET(RET_N),
		   I_DELAY(2), I_DELAY(2), I_DELAY(2), I_DELAY(2),
		   I_DELAY(2), I_RET(RET_H)),
	  ACCEPT(P_DECL | P_HAND, 0, 7, 10, 0) },
	{ .name = "release: delays on exclusive paths", .kind = RELEASE,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, 4),
		   I_DELAY(10), I_DELAY(10), I_DELAY(10), I_RET(RET_Q),
		   I_DELAY(10), I_DELAY(10), I_DELAY(10), I_DELAY(10),
		   I_DELAY(10), I_RET(RET_H)),
	  ACCEPT(P_QUIET | P_HAND, 0, 7, 50, 0) },

	/* ---- rejected: the program as a whole ---- */
	{ .name = "unknown kind", .kind = UIRQ_PROG_NUM_KINDS,
	  VC_INSNS(I_RET(RET_H)), REJECT(-1, "unknown program kind 4") },
	{ .name = "empty", .kind = ACK, .len = 0,
	  REJECT(-1, "empty program") },
	{ .name = "65 instructions", .kind = ACK, .len = UIRQ_MAX_INSNS + 1,
	  .insns = { VC_X63(I_RET(RET_H)), I_RET(RET_H) },
	  REJECT(-1, "program too long: 65 instructions (max 64)") },

	/* ---- rejected: opcodes, registers, modes ---- */
	{ .name = "all-zero insn", .kind = ACK,
	  VC_INSNS(I_RAW(0, 0, 0, 0, 0, 0, 0, 0, 0)),
	  REJECT(0, "unknown opcode 0x0") },
	{ .name = "unknown opcode 0x99", .kind = ACK,
	  VC_INSNS(I_MOVI(0, 1), I_RAW(0x99, 0, 0, 0, 0, 0, 0, 0, 0),
		   I_RET(RET_N)),
	  REJECT(1, "unknown opcode 0x99") },
	{ .name = "unknown opcode in a hole", .kind = ACK,
	  VC_INSNS(I_RAW(0x05, 0, 0, 0, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unknown opcode 0x5") },
	{ .name = "opcode 0xff", .kind = ACK,
	  VC_INSNS(I_RAW(0xff, 0, 0, 0, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unknown opcode 0xff") },
	{ .name = "ld bad dst", .kind = ACK,
	  VC_INSNS(I_LD(4, 8, R_BAR0, 0), I_RET(RET_N)),
	  REJECT(0, "bad dst register 8 (r0..r7)") },
	{ .name = "st bad src", .kind = ACK,
	  VC_INSNS(I_STR(4, R_BAR0, 0, 9), I_RET(RET_N)),
	  REJECT(0, "bad src register 9") },
	{ .name = "alu bad dst", .kind = ACK,
	  VC_INSNS(I_MOVI(255, 0), I_RET(RET_N)),
	  REJECT(0, "bad dst register 255") },
	{ .name = "alu bad src", .kind = ACK,
	  VC_INSNS(I_ALUR(UIRQ_OP_ADD, 0, 8), I_RET(RET_N)),
	  REJECT(0, "bad src register 8") },
	{ .name = "not bad dst", .kind = ACK,
	  VC_INSNS(I_NOT(8), I_RET(RET_N)),
	  REJECT(0, "bad dst register 8") },
	{ .name = "jcc bad dst", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 8, 0, 0), I_RET(RET_N)),
	  REJECT(0, "bad dst register 8") },
	{ .name = "jcc bad src", .kind = ACK,
	  VC_INSNS(I_JR(UIRQ_OP_JEQ, 0, 8, 0), I_RET(RET_N)),
	  REJECT(0, "bad src register 8") },
	{ .name = "cap bad src", .kind = ACK,
	  VC_INSNS(I_CAP(0, 8), I_RET(RET_H)),
	  REJECT(0, "bad src register 8") },
	{ .name = "alu bad mode", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_ADD, 0, 0, 2, 0, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "bad mode 2 (0 = imm, 1 = reg)") },
	{ .name = "st bad mode", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_ST32, 0, 0, 7, 0, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "bad mode 7") },
	{ .name = "jcc bad mode", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JNE, 0, 0, 3, 0, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "bad mode 3") },
	{ .name = "ld with mode reg", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_LD32, 0, 0, 1, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "mode must be 0 for ld32, which has no operand (mode 1)") },
	{ .name = "not with mode reg", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_NOT, 0, 0, 1, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "mode must be 0 for not") },
	{ .name = "ja with mode reg", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JA, 0, 0, 1, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "mode must be 0 for ja") },
	{ .name = "delay with mode reg", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_DELAY, 0, 0, 1, 0, 0, 1, 0, 0), I_RET(RET_N)),
	  REJECT(0, "mode must be 0 for delay") },
	{ .name = "ret with mode reg", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_RET, 0, 0, 1, 0, 0, 0, 0, 1)),
	  REJECT(0, "mode must be 0 for ret") },
	{ .name = "cap with mode imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_CAP, 0, 0, 0, 0, 0, 0, 0, 5), I_RET(RET_H)),
	  REJECT(0, "cap needs mode 1 (reg)") },

	/* ---- rejected: canonical encoding ---- */
	{ .name = "resv non-zero", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_RET, 0, 0, 0, 0, 0, 0, 0x10, 1)),
	  REJECT(0, "reserved field resv is 0x10, must be 0") },
	{ .name = "ld with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_LD8, 0, 0, 0, 0, 0, 0, 0, 5), I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x5 in ld8, must be 0") },
	{ .name = "ld with src", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_LD16, 0, 2, 0, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unused field src is 2 in ld16") },
	{ .name = "ld with jump", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_LD32, 0, 0, 0, 0, 1, 0, 0, 0), I_RET(RET_N),
		   I_RET(RET_N)),
	  REJECT(0, "unused field jump is 1 in ld32") },
	{ .name = "st imm with src", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_ST32, 0, 1, UIRQ_MODE_IMM, 0, 0, 0, 0, 1),
		   I_RET(RET_N)),
	  REJECT(0, "unused field src is 1 in st32") },
	{ .name = "st reg with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_ST32, 0, 1, UIRQ_MODE_REG, 0, 0, 0, 0, 1),
		   I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x1 in st32") },
	{ .name = "st with dst", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_ST8, 3, 0, UIRQ_MODE_IMM, 0, 0, 0, 0, 1),
		   I_RET(RET_N)),
	  REJECT(0, "unused field dst is 3 in st8") },
	{ .name = "alu with region", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_MOV, 0, 0, 0, 7, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "unused field region is 7 in mov") },
	{ .name = "alu with off", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_OR, 0, 0, 0, 0, 0, 0x20, 0, 1), I_RET(RET_N)),
	  REJECT(0, "unused field off is 0x20 in or") },
	{ .name = "alu reg with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_XOR, 0, 1, 1, 0, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x1 in xor") },
	{ .name = "not with src", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_NOT, 0, 1, 0, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unused field src is 1 in not") },
	{ .name = "not with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_NOT, 0, 0, 0, 0, 0, 0, 0, 1), I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x1 in not") },
	{ .name = "ja with dst", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JA, 1, 0, 0, 0, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unused field dst is 1 in ja") },
	{ .name = "ja with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JA, 0, 0, 0, 0, 0, 0, 0, 4), I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x4 in ja") },
	{ .name = "jcc with off", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JGT, 0, 0, 0, 0, 0, 4, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unused field off is 0x4 in jgt") },
	{ .name = "jcc with region", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_JLT, 0, 0, 0, 1, 0, 0, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unused field region is 1 in jlt") },
	{ .name = "cap with dst", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_CAP, 1, 0, 1, 0, 0, 0, 0, 0), I_RET(RET_H)),
	  REJECT(0, "unused field dst is 1 in cap") },
	{ .name = "cap with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_CAP, 0, 0, 1, 0, 0, 0, 0, 9), I_RET(RET_H)),
	  REJECT(0, "unused field imm is 0x9 in cap") },
	{ .name = "delay with imm", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_DELAY, 0, 0, 0, 0, 0, 1, 0, 1), I_RET(RET_N)),
	  REJECT(0, "unused field imm is 0x1 in delay") },
	{ .name = "ret with off", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_RET, 0, 0, 0, 0, 0, 1, 0, 1)),
	  REJECT(0, "unused field off is 0x1 in ret") },
	{ .name = "ret with dst", .kind = ACK,
	  VC_INSNS(I_RAW(UIRQ_OP_RET, 2, 0, 0, 0, 0, 0, 0, 1)),
	  REJECT(0, "unused field dst is 2 in ret") },

	/* ---- rejected: regions ---- */
	{ .name = "region 16 unknown", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, 16, 0), I_RET(RET_N)),
	  REJECT(0, "unknown region 16") },
	{ .name = "region 0xffff unknown", .kind = ACK,
	  VC_INSNS(I_STI(4, 0xffff, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unknown region 65535") },
	{ .name = "rom never accessible", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, UIRQ_REGION_ROM, 0), I_RET(RET_N)),
	  REJECT(0, "region 6 (rom) is never accessible") },
	{ .name = "absent bar1", .kind = ACK, .regions = vc_mixed_regions,
	  VC_INSNS(I_MOVI(0, 0), I_LD(4, 0, R_BAR1, 0), I_RET(RET_N)),
	  REJECT(1, "region bar1 is absent") },
	{ .name = "res0 without descriptor", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, UIRQ_REGION_RES0, 0), I_RET(RET_N)),
	  REJECT(0, "unknown region 8 (res0)") },
	{ .name = "res1 absent in mixed", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_STI(1, UIRQ_REGION_RES0 + 1, 0, 0), I_RET(RET_N)),
	  REJECT(0, "unknown region 9 (res1)") },
	{ .name = "region of unknown type", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_BAR4, 0), I_RET(RET_N)),
	  REJECT(0, "region bar4 has unknown type 9") },
	{ .name = "ld64 on pio", .kind = ACK, .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(8, 0, R_BAR2, 0), I_RET(RET_N)),
	  REJECT(0, "64-bit access to pio region bar2 (mmio only)") },
	{ .name = "st64 on pio", .kind = ACK, .regions = vc_mixed_regions,
	  VC_INSNS(I_STI(8, R_BAR2, 8, 0), I_RET(RET_N)),
	  REJECT(0, "64-bit access to pio region bar2") },
	{ .name = "ld64 on cfg", .kind = ACK,
	  VC_INSNS(I_LD(8, 0, R_CFG, 0), I_RET(RET_N)),
	  REJECT(0, "64-bit access to config region cfg") },
	{ .name = "st64 on cfg", .kind = ACK,
	  VC_INSNS(I_STR(8, R_CFG, 0x10, 1), I_RET(RET_N)),
	  REJECT(0, "64-bit access to config region cfg") },
	{ .name = "misaligned ld16", .kind = ACK,
	  VC_INSNS(I_LD(2, 0, R_BAR0, 1), I_RET(RET_N)),
	  REJECT(0, "misaligned 2-byte access at offset 0x1") },
	{ .name = "misaligned ld32", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0x22), I_RET(RET_N)),
	  REJECT(0, "misaligned 4-byte access at offset 0x22") },
	{ .name = "misaligned ld64", .kind = ACK,
	  VC_INSNS(I_LD(8, 0, R_BAR0, 4), I_RET(RET_N)),
	  REJECT(0, "misaligned 8-byte access at offset 0x4") },
	{ .name = "misaligned st32 pio", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_STI(4, R_BAR2, 6, 0), I_RET(RET_N)),
	  REJECT(0, "misaligned 4-byte access at offset 0x6") },
	{ .name = "ld32 just past bar0", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0x1000), I_RET(RET_N)),
	  REJECT(0, "offset 0x1000 + 4 beyond bar0 size 0x1000") },
	{ .name = "ld8 just past bar0", .kind = ACK,
	  VC_INSNS(I_LD(1, 0, R_BAR0, 0x1000), I_RET(RET_N)),
	  REJECT(0, "offset 0x1000 + 1 beyond bar0 size 0x1000") },
	{ .name = "st16 past cfg", .kind = ACK,
	  VC_INSNS(I_STI(2, R_CFG, 0x1000, 0), I_RET(RET_N)),
	  REJECT(0, "offset 0x1000 + 2 beyond cfg size 0x1000") },
	{ .name = "ld32 past legacy cfg", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_CFG, 0x100), I_RET(RET_N)),
	  REJECT(0, "offset 0x100 + 4 beyond cfg size 0x100") },
	{ .name = "ld32 past pio", .kind = ACK, .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_BAR2, 0x20), I_RET(RET_N)),
	  REJECT(0, "offset 0x20 + 4 beyond bar2 size 0x20") },
	{ .name = "ld64 past 16-byte bar3", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(8, 0, R_BAR3, 0x10), I_RET(RET_N)),
	  REJECT(0, "offset 0x10 + 8 beyond bar3 size 0x10") },
	{ .name = "offset near 2^32 wraps nothing", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0xfffffffc), I_RET(RET_N)),
	  REJECT(0, "offset 0xfffffffc + 4 beyond bar0 size 0x1000") },
	{ .name = "access ending at 4 GiB", .kind = ACK,
	  .regions = vc_mixed_regions,
	  VC_INSNS(I_LD(4, 0, R_BAR5, 0xfffffffc), I_RET(RET_N)),
	  REJECT(0, "beyond the 4 GiB window limit") },

	/* ---- rejected: immediates and shifts ---- */
	{ .name = "st8 imm 0x100", .kind = ACK,
	  VC_INSNS(I_STI(1, R_BAR0, 0, 0x100), I_RET(RET_N)),
	  REJECT(0, "immediate 0x100 does not fit in st8 (8 bits)") },
	{ .name = "st16 imm 0x10000", .kind = ACK,
	  VC_INSNS(I_STI(2, R_BAR0, 0, 0x10000), I_RET(RET_N)),
	  REJECT(0, "immediate 0x10000 does not fit in st16 (16 bits)") },
	{ .name = "st32 imm 0x100000000", .kind = ACK,
	  VC_INSNS(I_STI(4, R_BAR0, 0, 0x100000000ull), I_RET(RET_N)),
	  REJECT(0, "immediate 0x100000000 does not fit in st32 (32 bits)") },
	{ .name = "st32 imm -1", .kind = ACK,
	  VC_INSNS(I_STI(4, R_BAR0, 0, 0xffffffffffffffffull), I_RET(RET_N)),
	  REJECT(0, "immediate 0xffffffffffffffff does not fit in st32") },
	{ .name = "shl by 64", .kind = ACK,
	  VC_INSNS(I_ALUI(UIRQ_OP_SHL, 0, 64), I_RET(RET_N)),
	  REJECT(0, "shl by 64 (must be < 64)") },
	{ .name = "shr by 2^64-1", .kind = ACK,
	  VC_INSNS(I_ALUI(UIRQ_OP_SHR, 0, 0xffffffffffffffffull),
		   I_RET(RET_N)),
	  REJECT(0, "shr by 18446744073709551615 (must be < 64)") },

	/* ---- rejected: control flow ---- */
	{ .name = "backward ja", .kind = ACK,
	  VC_INSNS(I_MOVI(0, 0), I_MOVI(0, 1), I_JA(-2), I_RET(RET_N)),
	  REJECT(2, "backward jump (-2)") },
	{ .name = "backward jeq to itself", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, -1), I_RET(RET_N)),
	  REJECT(0, "backward jump (-1)") },
	{ .name = "jump past the end", .kind = ACK,
	  VC_INSNS(I_JA(5), I_RET(RET_N)),
	  REJECT(0, "jump out of range: target 6, program has 2 instructions") },
	{ .name = "jcc to exactly len", .kind = ACK,
	  VC_INSNS(I_JR(UIRQ_OP_JSET, 0, 1, 1), I_RET(RET_N)),
	  REJECT(0, "jump out of range: target 2, program has 2 instructions") },
	{ .name = "jump 32767", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JCLR, 0, 1, 32767), I_RET(RET_N)),
	  REJECT(0, "jump out of range: target 32768") },
	{ .name = "falls off: mov last", .kind = ACK,
	  VC_INSNS(I_MOVI(0, 1)),
	  REJECT(0, "falls off the end: mov is the last instruction") },
	{ .name = "falls off: st last", .kind = ACK,
	  VC_INSNS(I_LD(4, 0, R_BAR0, 0), I_JI(UIRQ_OP_JEQ, 0, 0, 1),
		   I_RET(RET_N), I_STR(4, R_BAR0, 0, 0)),
	  REJECT(3, "falls off the end: st32 is the last instruction") },
	{ .name = "falls off: jcc last", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, 0)),
	  REJECT(0, "falls off the end: jeq is the last instruction") },
	{ .name = "unreachable after ret", .kind = ACK,
	  VC_INSNS(I_RET(RET_N), I_RET(RET_H)),
	  REJECT(1, "unreachable instruction") },
	{ .name = "unreachable after ja", .kind = ACK,
	  VC_INSNS(I_JA(1), I_MOVI(0, 1), I_RET(RET_H)),
	  REJECT(1, "unreachable instruction") },
	{ .name = "unreachable in the middle", .kind = ACK,
	  VC_INSNS(I_JI(UIRQ_OP_JNE, 0, 0, 2), I_RET(RET_N), I_RET(RET_Q),
		   I_RET(RET_H)),
	  REJECT(2, "unreachable instruction") },

	/* ---- rejected: cap, delay, ret ---- */
	{ .name = "cap slot 8", .kind = ACK,
	  VC_INSNS(I_CAP(8, 0), I_RET(RET_H)),
	  REJECT(0, "capture slot 8 out of range (0..7)") },
	{ .name = "cap in enable", .kind = ENABLE,
	  VC_INSNS(I_CAP(0, 0), I_RET(RET_H)),
	  REJECT(0, "cap not allowed in enable programs") },
	{ .name = "cap in release", .kind = RELEASE,
	  VC_INSNS(I_MOVI(1, 1), I_CAP(1, 1), I_RET(RET_Q)),
	  REJECT(1, "cap not allowed in release programs") },
	{ .name = "cap in init", .kind = INIT,
	  VC_INSNS(I_CAP(7, 7), I_RET(RET_Q)),
	  REJECT(0, "cap not allowed in init programs") },
	{ .name = "delay 0", .kind = ACK,
	  VC_INSNS(I_DELAY(0), I_RET(RET_N)),
	  REJECT(0, "delay 0 us out of range (1..10)") },
	{ .name = "delay 11", .kind = ACK,
	  VC_INSNS(I_DELAY(11), I_RET(RET_N)),
	  REJECT(0, "delay 11 us out of range (1..10)") },
	{ .name = "total delay 51 us", .kind = RELEASE,
	  VC_INSNS(I_DELAY(10), I_DELAY(10), I_DELAY(10), I_DELAY(10),
		   I_DELAY(10), I_DELAY(1), I_RET(RET_Q)),
	  REJECT(5, "worst-case total delay 51 us exceeds 50 us") },
	{ .name = "total delay over 50 on the longer path", .kind = ENABLE,
	  VC_INSNS(I_DELAY(10), I_DELAY(10), I_DELAY(10),
		   I_JI(UIRQ_OP_JEQ, 0, 0, 1),
		   I_DELAY(5),
		   I_DELAY(10), I_DELAY(10), I_RET(RET_Q)),
	  REJECT(6, "worst-case total delay 55 us exceeds 50 us") },
	{ .name = "ack: total delay 11 us", .kind = ACK,
	  VC_INSNS(I_DELAY(10), I_DELAY(1), I_RET(RET_N)),
	  REJECT(1, "worst-case total delay 11 us exceeds 10 us in an ack program") },
	{ .name = "ack: delay over 10 on the longer path", .kind = ACK,
	  VC_INSNS(I_DELAY(5), I_JI(UIRQ_OP_JEQ, 0, 0, 1), I_DELAY(1),
		   I_DELAY(5), I_RET(RET_N)),
	  REJECT(3, "worst-case total delay 11 us exceeds 10 us in an ack program") },
	{ .name = "ret code 3", .kind = ACK,
	  VC_INSNS(I_RET(3)),
	  REJECT(0, "unknown return code 3") },
	{ .name = "ret code 2^32+1", .kind = ACK,
	  VC_INSNS(I_RET(0x100000001ull)),
	  REJECT(0, "unknown return code 4294967297") },
	{ .name = "ret none in enable", .kind = ENABLE,
	  VC_INSNS(I_RET(RET_N)),
	  REJECT(0, "return kind none not allowed in enable programs") },
	{ .name = "ret none in release", .kind = RELEASE,
	  VC_INSNS(I_JI(UIRQ_OP_JEQ, 0, 0, 1), I_RET(RET_N), I_RET(RET_Q)),
	  REJECT(1, "return kind none not allowed in release programs") },
	{ .name = "ret none in init", .kind = INIT,
	  VC_INSNS(I_RET(RET_N)),
	  REJECT(0, "return kind none not allowed in init programs") },
};

#define VERIFY_NCASES (sizeof(verify_cases) / sizeof(verify_cases[0]))

#endif /* UIRQ_TESTS_VERIFY_CASES_H */
