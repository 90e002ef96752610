// SPDX-License-Identifier: MIT
/*
 * The assembler, the disassembler and the program file format: every
 * mnemonic's encoding, every error message, and that disassembling then
 * assembling gives identical bytes for the example programs, for every
 * program of the verifier's case table and for random encodings.
 *
 * Run from tests/unit/ (the example programs are ../../examples/programs).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "libuirq.h"
#include "verify_cases.h"

#define EXAMPLES "../../examples/programs/"

static struct uirq_program prog, prog2;
static char err[512];

static int assemble(const char *text)
{
	return uirq_asm_string(text, "t.s", &prog, err, sizeof(err));
}

static int insn_eq(const struct uirq_insn *a, const struct uirq_insn *b)
{
	return a->op == b->op && a->dst == b->dst && a->src == b->src &&
	       a->mode == b->mode && a->region == b->region &&
	       a->jump == b->jump && a->off == b->off && a->resv == b->resv &&
	       a->imm == b->imm;
}

static void dump_insn(const char *what, const struct uirq_insn *i)
{
	printf("  %s: op 0x%x dst %u src %u mode %u region %u jump %d off 0x%x resv 0x%x imm 0x%llx\n",
	       what, i->op, i->dst, i->src, i->mode, i->region, i->jump,
	       i->off, i->resv, (unsigned long long)i->imm);
}

/*
 * Disassemble @insns, assemble the text again and expect the same bytes.
 * Returns 0 when identical.
 */
static int round_trip(const struct uirq_insn *insns, unsigned int count)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	unsigned int i;
	int ret;

	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	ret = uirq_disasm(insns, count, f);
	fclose(f);
	if (ret) {
		free(text);
		return ret;
	}
	ret = uirq_asm_string(text, "rt.s", &prog2, err, sizeof(err));
	if (ret) {
		printf("  reassembly failed: %s\n--- text:\n%s---\n", err, text);
		free(text);
		return ret;
	}
	if (prog2.count != count) {
		printf("  count %u != %u\n", prog2.count, count);
		ret = -EINVAL;
	}
	for (i = 0; !ret && i < count; i++) {
		if (!insn_eq(&insns[i], &prog2.insns[i]) ||
		    memcmp(&insns[i], &prog2.insns[i], sizeof(insns[i]))) {
			printf("  insn %u differs after the round trip\n", i);
			dump_insn("before", &insns[i]);
			dump_insn("after ", &prog2.insns[i]);
			printf("--- text:\n%s---\n", text);
			ret = -EINVAL;
		}
	}
	free(text);
	return ret;
}

/* A case named by @what and its source text, on one line. */
static void source_case_begin(const char *what, const char *text)
{
	static char name[96];	/* th_case_begin() keeps the pointer */

	snprintf(name, sizeof(name), "%s: %.60s", what, text);
	for (char *p = name; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = '|';
	th_case_begin(name);
}

/* ---- every mnemonic's encoding ---- */

#define R(o, d, s, m, rg, j, of, im) \
	{ .op = (o), .dst = (d), .src = (s), .mode = (m), .region = (rg), \
	  .jump = (j), .off = (of), .imm = (im) }
#define IMM UIRQ_MODE_IMM
#define REG UIRQ_MODE_REG

static const struct enc_case {
	const char *text;	/* the first instruction is compared */
	struct uirq_insn insn;
} enc_cases[] = {
	{ "ld8 r1, bar0[3]", R(UIRQ_OP_LD8, 1, 0, IMM, 0, 0, 3, 0) },
	{ "ld16 r2, cfg[0x6]", R(UIRQ_OP_LD16, 2, 0, IMM, 7, 0, 6, 0) },
	{ "ld32 r7, bar5[0x24]", R(UIRQ_OP_LD32, 7, 0, IMM, 5, 0, 0x24, 0) },
	{ "ld64 r0, bar2[0x1000]", R(UIRQ_OP_LD64, 0, 0, IMM, 2, 0, 0x1000, 0) },
	{ "ld32 r0, res3[8]", R(UIRQ_OP_LD32, 0, 0, IMM, 11, 0, 8, 0) },
	{ "st8 bar0[1], r3", R(UIRQ_OP_ST8, 0, 3, REG, 0, 0, 1, 0) },
	{ "st8 bar0[1], 0xff", R(UIRQ_OP_ST8, 0, 0, IMM, 0, 0, 1, 0xff) },
	{ "st8 bar0[1], -1", R(UIRQ_OP_ST8, 0, 0, IMM, 0, 0, 1, 0xff) },
	{ "st16 cfg[4], 0x400", R(UIRQ_OP_ST16, 0, 0, IMM, 7, 0, 4, 0x400) },
	{ "st32 bar1[0x64], r0", R(UIRQ_OP_ST32, 0, 0, REG, 1, 0, 0x64, 0) },
	{ "st64 bar0[8], 0x123456789abcdef0",
	  R(UIRQ_OP_ST64, 0, 0, IMM, 0, 0, 8, 0x123456789abcdef0ull) },
	{ "mov r1, 42", R(UIRQ_OP_MOV, 1, 0, IMM, 0, 0, 0, 42) },
	{ "mov r1, r2", R(UIRQ_OP_MOV, 1, 2, REG, 0, 0, 0, 0) },
	{ "mov r0, -1", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, UINT64_MAX) },
	{ "and r3, 0b1010", R(UIRQ_OP_AND, 3, 0, IMM, 0, 0, 0, 10) },
	{ "or r4, r5", R(UIRQ_OP_OR, 4, 5, REG, 0, 0, 0, 0) },
	{ "xor r6, 0xF0", R(UIRQ_OP_XOR, 6, 0, IMM, 0, 0, 0, 0xf0) },
	{ "add r0, r7", R(UIRQ_OP_ADD, 0, 7, REG, 0, 0, 0, 0) },
	{ "sub r2, 1", R(UIRQ_OP_SUB, 2, 0, IMM, 0, 0, 0, 1) },
	{ "shl r1, 63", R(UIRQ_OP_SHL, 1, 0, IMM, 0, 0, 0, 63) },
	{ "shr r1, r2", R(UIRQ_OP_SHR, 1, 2, REG, 0, 0, 0, 0) },
	{ "not r5", R(UIRQ_OP_NOT, 5, 0, IMM, 0, 0, 0, 0) },
	{ "ja x\n ret none\nx: ret handled", R(UIRQ_OP_JA, 0, 0, IMM, 0, 1, 0, 0) },
	{ "ja x\nx: ret handled", R(UIRQ_OP_JA, 0, 0, IMM, 0, 0, 0, 0) },
	{ "jeq r0, 0, x\nret none\nret none\nx: ret handled",
	  R(UIRQ_OP_JEQ, 0, 0, IMM, 0, 2, 0, 0) },
	{ "jne r1, r2, x\nx: ret none", R(UIRQ_OP_JNE, 1, 2, REG, 0, 0, 0, 0) },
	{ "jgt r1, 5, x\nx: ret none", R(UIRQ_OP_JGT, 1, 0, IMM, 0, 0, 0, 5) },
	{ "jge r1, r0, x\nx: ret none", R(UIRQ_OP_JGE, 1, 0, REG, 0, 0, 0, 0) },
	{ "jlt r1, 0xffffffff, x\nx: ret none",
	  R(UIRQ_OP_JLT, 1, 0, IMM, 0, 0, 0, 0xffffffff) },
	{ "jle r3, r4, x\nx: ret none", R(UIRQ_OP_JLE, 3, 4, REG, 0, 0, 0, 0) },
	{ "jset r0, 0x80, x\nx: ret none", R(UIRQ_OP_JSET, 0, 0, IMM, 0, 0, 0, 0x80) },
	{ "jclr r0, 1 << 3, x\nx: ret none", R(UIRQ_OP_JCLR, 0, 0, IMM, 0, 0, 0, 8) },
	{ "cap 7, r3", R(UIRQ_OP_CAP, 0, 3, REG, 0, 0, 7, 0) },
	{ "delay 10", R(UIRQ_OP_DELAY, 0, 0, IMM, 0, 0, 10, 0) },
	{ "ret none", R(UIRQ_OP_RET, 0, 0, IMM, 0, 0, 0, 0) },
	{ "ret handled", R(UIRQ_OP_RET, 0, 0, IMM, 0, 0, 0, 1) },
	{ "ret quiet", R(UIRQ_OP_RET, 0, 0, IMM, 0, 0, 0, 2) },
	{ "ret 2", R(UIRQ_OP_RET, 0, 0, IMM, 0, 0, 0, 2) },
	{ "LD32 R1, BAR0[0x10]", R(UIRQ_OP_LD32, 1, 0, IMM, 0, 0, 0x10, 0) },
	/* expressions and constants */
	{ ".equ A, 0x20\n.equ B, A + 4\nld32 r0, bar0[B]",
	  R(UIRQ_OP_LD32, 0, 0, IMM, 0, 0, 0x24, 0) },
	{ "mov r0, ~0x80 & 0xff", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 0x7f) },
	{ "mov r0, 2 + 3 * 4", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 14) },
	{ "mov r0, (2 + 3) * 4", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 20) },
	{ "mov r0, 1 | 2 ^ 3 & 6", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 1 | (2 ^ (3 & 6))) },
	{ "mov r0, 100 / 7 % 4 - 1", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 1) },
	{ "mov r0, 0x100 >> 4 << 1", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, 0x20) },
	{ "mov r0, 18446744073709551615", R(UIRQ_OP_MOV, 0, 0, IMM, 0, 0, 0, UINT64_MAX) },
	{ ".insn 0x3, 1, 2, 3, 4, -5, 6, 7, 8", R(3, 1, 2, 3, 4, -5, 6, 8) },
	/* labels, comments, layout */
	{ "# comment\n\n a: b: ja c ; trailing\nc:ret handled",
	  R(UIRQ_OP_JA, 0, 0, IMM, 0, 0, 0, 0) },
	{ "\t  x:\tret\tquiet\t# tabs", R(UIRQ_OP_RET, 0, 0, IMM, 0, 0, 0, 2) },
};

static void test_encodings(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc_case *c = &enc_cases[i];
		struct uirq_insn want = c->insn;

		source_case_begin("encode", c->text);
		if (c->text[0] == '.' && c->text[1] == 'i')
			want.resv = 7;
		TH_EXPECT(assemble(c->text) == 0, "assembly failed: %s", err);
		if (prog.count) {
			if (!insn_eq(&prog.insns[0], &want)) {
				dump_insn("got ", &prog.insns[0]);
				dump_insn("want", &want);
				TH_EXPECT(0, "wrong encoding");
			}
			TH_EXPECT(round_trip(prog.insns, prog.count) == 0,
				  "round trip");
		}
		th_case_end();
	}
}

/* ---- error messages ---- */

static const struct err_case {
	const char *text;
	const char *msg;	/* exact */
} err_cases[] = {
	{ "  foo r0, 1", "t.s:1:3: error: unknown mnemonic 'foo'" },
	{ "mov r8, 1", "t.s:1:5: error: bad register 'r8' (r0..r7)" },
	{ "mov r0, r9", "t.s:1:9: error: bad register 'r9' (r0..r7)" },
	{ "mov x, 1", "t.s:1:5: error: expected a register (r0..r7), got 'x'" },
	{ "ret none\nja nowhere\nret none",
	  "t.s:2:4: error: unknown label 'nowhere'" },
	{ "a: ret none\na: ret none",
	  "t.s:2:1: error: duplicate label 'a' (first defined at line 1)" },
	{ "back: mov r0, 1\n  jeq r0, 1, back\n ret none",
	  "t.s:2:14: error: backward jump to 'back' (defined at line 1): jumps go forward only" },
	{ "x: ja x", "t.s:1:7: error: backward jump to 'x' (defined at line 1): jumps go forward only" },
	{ "st8 bar0[0], 0x100", "t.s:1:14: error: value 0x100 does not fit in 8 bits" },
	{ "st16 bar0[0], -32769", "t.s:1:15: error: value 0xffffffffffff7fff does not fit in 16 bits" },
	{ "ld32 r0, bar0[0x100000000]",
	  "t.s:1:15: error: offset 0x100000000 out of range (0..0xffffffff)" },
	{ "mov r0, 0x10000000000000000",
	  "t.s:1:9: error: number '0x10000000000000000' out of range (more than 64 bits)" },
	{ "shl r0, 64", "t.s:1:9: error: shift amount 64 out of range (0..63)" },
	{ "cap 8, r0", "t.s:1:5: error: capture slot 0x8 out of range (0..0x7)" },
	{ "delay 0", "t.s:1:7: error: delay 0 us out of range (1..10)" },
	{ "delay 11", "t.s:1:7: error: delay 11 us out of range (1..10)" },
	{ "ret maybe", "t.s:1:5: error: unknown return code 'maybe' (none, handled, quiet)" },
	{ "ret 3", "t.s:1:5: error: return code 0x3 out of range (0..0x2)" },
	{ "mov r0", "t.s:1:7: error: missing operand: expected ', a register or a number'" },
	{ "mov r0,", "t.s:1:8: error: missing operand: expected a register or a number" },
	{ "ld32 r0", "t.s:1:8: error: missing operand: expected ', region[offset]'" },
	{ "ja", "t.s:1:3: error: missing operand: expected a label" },
	{ "ret", "t.s:1:4: error: missing operand: expected none, handled or quiet" },
	{ "ret none extra", "t.s:1:10: error: unexpected 'extra' after the operands" },
	{ "not r0, r1", "t.s:1:7: error: unexpected ',' after the operands" },
	{ "ld32 r0, bar6[0]", "t.s:1:10: error: unknown region 'bar6' (bar0..bar5, cfg, res0..res7)" },
	{ "ld32 r0, bar0 0", "t.s:1:15: error: expected '[' after region 'bar0'" },
	{ "ld32 r0, bar0[4", "t.s:1:16: error: expected ']' after the offset" },
	{ "mov r0, 1 +", "t.s:1:12: error: missing operand: expected a number" },
	{ "mov r0, (1 + 2", "t.s:1:15: error: expected ')' to close the '(' at column 9" },
	{ "mov r0, 0x1g", "t.s:1:9: error: bad number '0x1g'" },
	{ "mov r0, 1 / 0", "t.s:1:11: error: division by zero" },
	{ "mov r0, FOO", "t.s:1:9: error: unknown constant 'FOO'" },
	{ "x: mov r0, x\nret none",
	  "t.s:1:12: error: label 'x' used as a number (labels are jump targets only)" },
	{ ".equ C, 1\nja C\nret none", "t.s:2:4: error: 'C' is a constant, not a label" },
	{ ".equ C, 1\n.equ C, 2", "t.s:2:6: error: 'C' is already defined as a constant at line 1" },
	{ ".equ r1, 5", "t.s:1:6: error: 'r1' is a register name and cannot be a constant" },
	{ "bar0: ret none", "t.s:1:1: error: 'bar0' is a region name and cannot be a label" },
	{ ".kind ack\n.kind release", "t.s:2:1: error: duplicate .kind directive" },
	{ ".kind irq", "t.s:1:7: error: unknown program kind 'irq' (ack, enable, release, init)" },
	{ ".org 5", "t.s:1:1: error: unknown directive '.org' (.equ, .kind, .insn)" },
	{ "; only a comment\n", "t.s:1:1: error: no instructions in the program" },
	{ "", "t.s:1:1: error: no instructions in the program" },
	{ "mov r0, 1 2", "t.s:1:11: error: unexpected '2' after the operands" },
	{ "st32 bar0[0] r0", "t.s:1:14: error: expected ',' before a register or a value" },
	{ "ret none\n$", "t.s:2:1: error: expected a label, directive or instruction, got '$'" },
	{ ".insn 1, 2, 3, 4, 5, 40000, 0, 0, 0",
	  "t.s:1:22: error: jump 40000 out of range (-32768..32767)" },
	{ ".insn 0x100, 0, 0, 0, 0, 0, 0, 0, 0",
	  "t.s:1:7: error: op 0x100 out of range (0..0xff)" },
};

static void test_errors(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];

		source_case_begin("error", c->text);
		memset(err, 0, sizeof(err));
		TH_EXPECT(assemble(c->text) == -EINVAL, "accepted");
		TH_EXPECT_STR(err, c->msg);
		TH_EXPECT_EQ(prog.count, 0);
		th_case_end();
	}
}

static void test_too_many(void)
{
	char text[UIRQ_MAX_INSNS * 16 + 64];
	size_t n = 0;
	int i;

	for (i = 0; i < UIRQ_MAX_INSNS - 1; i++)
		n += (size_t)sprintf(text + n, "mov r0, %d\n", i);
	strcpy(text + n, "ret none\n");
	TH_EXPECT(assemble(text) == 0, "64 instructions: %s", err);
	TH_EXPECT_EQ(prog.count, UIRQ_MAX_INSNS);
	strcpy(text + n, "mov r0, 1\n  ret none\n");
	TH_EXPECT(assemble(text) == -EINVAL, "65 accepted");
	TH_EXPECT_STR(err, "t.s:65:3: error: too many instructions (max 64)");
}

static void test_lines_and_kind(void)
{
	TH_EXPECT(assemble("; c\n.kind enable\n\n  mov r0, 1\n\tret quiet\n") == 0,
		  "%s", err);
	TH_EXPECT_EQ(prog.kind, UIRQ_PROG_ENABLE);
	TH_EXPECT_EQ(prog.count, 2);
	TH_EXPECT_EQ(prog.line[0], 4);
	TH_EXPECT_EQ(prog.col[0], 3);
	TH_EXPECT_EQ(prog.line[1], 5);
	TH_EXPECT_EQ(prog.col[1], 2);
	TH_EXPECT_STR(prog.name, "t.s");
	TH_EXPECT(assemble("ret none") == 0, "%s", err);
	TH_EXPECT_EQ(prog.kind, UIRQ_PROG_NUM_KINDS);
}

/* A label after the last instruction is accepted (the verifier rejects
 * the jump); the disassembler prints it the same way. */
static void test_label_at_end(void)
{
	TH_EXPECT(assemble("jeq r0, 0, end\nret none\nend:\n") == 0, "%s", err);
	TH_EXPECT_EQ(prog.insns[0].jump, 1);
	TH_EXPECT(round_trip(prog.insns, prog.count) == 0, "round trip");
}

/* ---- disassembler ---- */

static void test_disasm_insn(void)
{
	struct uirq_insn in;
	char buf[128];

	TH_EXPECT(assemble("ld32 r0, bar0[0x24]\njeq r0, 0xffffffff, x\nst32 bar0[0x64], r0\ncap 0, r0\nret handled\nx: ret none") == 0,
		  "%s", err);
	TH_EXPECT(uirq_disasm_insn(&prog.insns[0], 0, 6, buf, sizeof(buf)) == 0, "0");
	TH_EXPECT_STR(buf, "ld32   r0, bar0[0x24]");
	TH_EXPECT(uirq_disasm_insn(&prog.insns[1], 1, 6, buf, sizeof(buf)) == 0, "1");
	TH_EXPECT_STR(buf, "jeq    r0, 0xffffffff, L5");
	TH_EXPECT(uirq_disasm_insn(&prog.insns[2], 2, 6, buf, sizeof(buf)) == 0, "2");
	TH_EXPECT_STR(buf, "st32   bar0[0x64], r0");
	TH_EXPECT(uirq_disasm_insn(&prog.insns[4], 4, 6, buf, sizeof(buf)) == 0, "4");
	TH_EXPECT_STR(buf, "ret    handled");
	TH_EXPECT(uirq_disasm_insn(&prog.insns[0], 0, 6, buf, 8) == -ENOSPC,
		  "truncation reported");

	/* Not canonical: raw form. */
	memset(&in, 0, sizeof(in));
	in.op = UIRQ_OP_RET;
	in.resv = 1;
	TH_EXPECT(uirq_disasm_insn(&in, 0, 1, buf, sizeof(buf)) == 0, "raw");
	TH_EXPECT_STR(buf, ".insn  0x38, 0, 0, 0, 0, 0, 0x0, 0x1, 0x0");
	in.resv = 0;
	in.op = UIRQ_OP_JA;
	in.jump = -1;
	TH_EXPECT(uirq_disasm_insn(&in, 0, 1, buf, sizeof(buf)) == 0, "raw jump");
	TH_EXPECT_STR(buf, ".insn  0x20, 0, 0, 0, 0, -1, 0x0, 0x0, 0x0");
}

static void test_disasm_program(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	TH_EXPECT(assemble("ld32 r0, bar0[4]\njeq r0, 0, x\nret handled\nx: ret none") == 0,
		  "%s", err);
	f = open_memstream(&text, &len);
	TH_EXPECT(f != NULL, "memstream");
	if (!f)
		return;
	TH_EXPECT(uirq_disasm(prog.insns, prog.count, f) == 0, "disasm");
	fclose(f);
	TH_EXPECT_STR(text,
		      "        ld32   r0, bar0[0x4]                 ; 0\n"
		      "        jeq    r0, 0, L3                     ; 1\n"
		      "        ret    handled                       ; 2\n"
		      "L3:\n"
		      "        ret    none                          ; 3\n");
	free(text);
}

/* ---- round trips ---- */

static const char *const examples[] = {
	"edu-ack.s", "edu-release.s", "pci23-ack.s", "pci23-enable.s",
	"pci23-release.s", "short-ack.s", "short-release.s",
	"disable-ack.s", "disable-enable.s", "disable-release.s",
};

static void test_examples(void)
{
	char path[256], name[96];
	struct uirq_prog_props props;
	unsigned int i;

	for (i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
		snprintf(name, sizeof(name), "example %s: load, verify, round trip",
			 examples[i]);
		th_case_begin(name);
		snprintf(path, sizeof(path), EXAMPLES "%s", examples[i]);
		TH_EXPECT(uirq_program_load_file(path, &prog, err, sizeof(err)) == 0,
			  "%s", err);
		TH_EXPECT(prog.kind < UIRQ_PROG_NUM_KINDS, "has a .kind");
		TH_EXPECT(uirq_program_verify(&prog, UIRQ_PROG_NUM_KINDS, NULL,
					      &props, err, sizeof(err)) == 0,
			  "%s", err);
		TH_EXPECT(round_trip(prog.insns, prog.count) == 0, "round trip");
		th_case_end();
	}
}

static void test_verify_cases_round_trip(void)
{
	unsigned int i, n, bad = 0;

	for (i = 0; i < sizeof(verify_cases) / sizeof(verify_cases[0]); i++) {
		const struct verify_case *vc = &verify_cases[i];

		n = vc->len < UIRQ_MAX_INSNS ? vc->len : UIRQ_MAX_INSNS;
		if (!n)
			continue;
		if (round_trip(vc->insns, n)) {
			printf("  verify case '%s'\n", vc->name);
			bad++;
		}
	}
	TH_EXPECT(bad == 0, "%u of %zu verifier cases", bad,
		  sizeof(verify_cases) / sizeof(verify_cases[0]));
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A field value: usually small and valid, sometimes anything. */
static uint64_t pick(uint64_t small, uint64_t any)
{
	switch (rnd() % 4) {
	case 0:
		return rnd() & any;
	case 1:
		return 0;
	default:
		return rnd() % small;
	}
}

static void test_random_round_trip(void)
{
	static const uint8_t ops[] = {
		0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x0a, 0x0b, 0x10, 0x11,
		0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x20, 0x21, 0x22,
		0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x30, 0x31, 0x38, 0x00,
		0x05, 0x39, 0xff,
	};
	struct uirq_insn insns[UIRQ_MAX_INSNS];
	unsigned int iter, i, count, bad = 0, mnemonic = 0, raw = 0;

	for (iter = 0; iter < 3000 && bad < 5; iter++) {
		count = 1 + (unsigned int)(rnd() % UIRQ_MAX_INSNS);
		memset(insns, 0, sizeof(insns));
		for (i = 0; i < count; i++) {
			struct uirq_insn *in = &insns[i];

			in->op = ops[rnd() % sizeof(ops)];
			if (rnd() % 4 == 0) {
				/* Anything at all. */
				in->dst = (uint8_t)pick(8, 0xff);
				in->src = (uint8_t)pick(8, 0xff);
				in->mode = (uint8_t)pick(2, 0xff);
				in->region = (uint16_t)pick(16, 0xffff);
				in->jump = (int16_t)pick(count - i + 1, 0xffff);
				in->off = (uint32_t)pick(12, 0xffffffff);
				in->resv = rnd() % 16 ? 0 : (uint32_t)rnd();
				in->imm = pick(300, UINT64_MAX);
				continue;
			}
			/* Only the fields the instruction uses, mostly in range. */
			in->mode = rnd() % 2;
			if (in->op <= 0x0b)
				in->region = (uint16_t)pick(16, 0xffff);
			if (in->op <= 0x0b || in->op == 0x30 || in->op == 0x31)
				in->off = (uint32_t)pick(12, 0xffffffff);
			if (in->op <= 0x04 || (in->op >= 0x10 && in->op <= 0x18) ||
			    (in->op >= 0x21 && in->op <= 0x28))
				in->dst = (uint8_t)pick(8, 0xff);
			if (in->op >= 0x20 && in->op <= 0x28)
				in->jump = (int16_t)(rnd() % (count - i + 1));
			if (in->op <= 0x04 || in->op == 0x18 || in->op == 0x20 ||
			    in->op == 0x31 || in->op == 0x38)
				in->mode = UIRQ_MODE_IMM;
			if (in->op == 0x30)
				in->mode = UIRQ_MODE_REG;
			if (in->mode == UIRQ_MODE_REG)
				in->src = (uint8_t)pick(8, 0xff);
			else if (in->op != 0x18 && in->op != 0x20 && in->op > 0x04 &&
				 in->op != 0x30 && in->op != 0x31)
				in->imm = pick(in->op == 0x38 ? 3 : 300, UINT64_MAX);
		}
		for (i = 0; i < count; i++) {
			char line[160];

			if (!uirq_disasm_insn(&insns[i], i, count, line, sizeof(line)))
				strncmp(line, ".insn", 5) ? mnemonic++ : raw++;
		}
		if (round_trip(insns, count))
			bad++;
	}
	TH_EXPECT(bad == 0, "%u random programs did not round-trip", bad);
	/* Both forms must actually have been exercised. */
	TH_EXPECT(mnemonic > 1000 && raw > 1000, "mnemonic %u, raw %u",
		  mnemonic, raw);
}

/*
 * Mutated sources: whatever the text, the assembler either succeeds (and
 * then the result round-trips) or reports one well-formed error.
 */
static void test_mutated_sources(void)
{
	static const char alphabet[] = "r0123456789abx[](),:;#.-+~*/%<>&|^ \t\n_LQ";
	static const char base[] =
		".kind ack\n.equ STATUS, 0x24\n.equ ACK, STATUS + 0x40\n"
		"a:\tld32  r0, bar0[STATUS]\n  jeq r0, 0, not_mine\n"
		"  jeq r0, 0xffffffff, not_mine ; x\n  st32 bar0[ACK], r0\n"
		"  shl r1, (3 + 1) * 2\n  jset r1, r0, not_mine\n"
		"  st8 cfg[4], ~0x80 & 0xff\n  cap 0, r0\n  ret handled\n"
		"not_mine: delay 2\n  ret none\n";
	char text[sizeof(base) + 16];
	unsigned int iter, k, ok_count = 0, err_count = 0, bad = 0;
	size_t len;

	for (iter = 0; iter < 20000; iter++) {
		memcpy(text, base, sizeof(base));
		len = sizeof(base) - 1;
		for (k = 0; k < 1 + rnd() % 3; k++) {
			size_t at = rnd() % len;
			char ch = alphabet[rnd() % (sizeof(alphabet) - 1)];

			switch (rnd() % 3) {
			case 0:
				text[at] = ch;
				break;
			case 1:
				if (len + 1 < sizeof(text)) {
					memmove(text + at + 1, text + at, len - at + 1);
					text[at] = ch;
					len++;
				}
				break;
			default:
				memmove(text + at, text + at + 1, len - at);
				len--;
				break;
			}
		}
		memset(err, 0, sizeof(err));
		if (assemble(text) == 0) {
			ok_count++;
			if (round_trip(prog.insns, prog.count))
				bad++;
		} else {
			err_count++;
			if (strncmp(err, "t.s:", 4) || !strstr(err, ": error: ") ||
			    strchr(err, '\n')) {
				printf("  bad message '%s'\n", err);
				bad++;
			}
		}
		if (bad >= 5)
			break;
	}
	TH_EXPECT(bad == 0, "%u mutated sources misbehaved", bad);
	/* Both outcomes must actually have been exercised. */
	TH_EXPECT(ok_count > 100 && err_count > 100, "ok %u, errors %u",
		  ok_count, err_count);
}

/* ---- files ---- */

static void test_binary_files(void)
{
	char path[] = "/tmp/uirq-test-asm-XXXXXX";
	unsigned char raw[24 * 2 + 1];	/* one more: the file holds no more */
	FILE *f;
	int fd;

	fd = mkstemp(path);
	TH_EXPECT(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	close(fd);
	TH_EXPECT(assemble("ld32 r1, bar0[0x24]\nret handled\n") == 0, "%s", err);
	TH_EXPECT(uirq_program_save_bin(path, &prog) == 0, "save");

	/* The documented format: 24-byte little-endian records. */
	f = fopen(path, "rb");
	TH_EXPECT(f != NULL, "open");
	if (f) {
		TH_EXPECT_EQ(fread(raw, 1, sizeof(raw), f), 24 * 2);
		fclose(f);
		TH_EXPECT_EQ(raw[0], UIRQ_OP_LD32);
		TH_EXPECT_EQ(raw[1], 1);
		TH_EXPECT_EQ(raw[8], 0x24);
		TH_EXPECT_EQ(raw[24], UIRQ_OP_RET);
		TH_EXPECT_EQ(raw[24 + 16], UIRQ_RET_HANDLED);
	}
	TH_EXPECT(uirq_program_load_file(path, &prog2, err, sizeof(err)) == 0,
		  "%s", err);
	TH_EXPECT_EQ(prog2.count, 2);
	TH_EXPECT(!memcmp(prog.insns, prog2.insns, 2 * sizeof(prog.insns[0])),
		  "same instructions");
	TH_EXPECT_EQ(prog2.line[0], 0);
	TH_EXPECT_EQ(prog2.kind, UIRQ_PROG_NUM_KINDS);

	/* A truncated file is not a whole number of records. */
	TH_EXPECT(truncate(path, 30) == 0, "truncate");
	TH_EXPECT(uirq_program_load_file(path, &prog2, err, sizeof(err)) == -EINVAL,
		  "truncated accepted");
	TH_EXPECT_CONTAINS(err, "binary program of 30 bytes is not a whole number of 24-byte instructions");
	unlink(path);
	TH_EXPECT(uirq_program_load_file(path, &prog2, err, sizeof(err)) == -ENOENT,
		  "missing file");
	TH_EXPECT_CONTAINS(err, "No such file");
	TH_EXPECT(uirq_program_load_bin(raw, 0, "x.bin", &prog2, err, sizeof(err)) == -EINVAL,
		  "empty binary");
}

/* ---- regions, kinds, verification messages ---- */

static void test_region_parse(void)
{
	struct uirq_region_info r[UIRQ_MAX_REGIONS];

	uirq_regions_default(r);
	TH_EXPECT_EQ(r[0].type, UIRQ_REGION_TYPE_MMIO);
	TH_EXPECT_EQ(r[0].size, 0x1000);
	TH_EXPECT_EQ(r[UIRQ_REGION_CFG].type, UIRQ_REGION_TYPE_CFG);
	TH_EXPECT_EQ(r[UIRQ_REGION_ROM].type, UIRQ_REGION_TYPE_NONE);
	TH_EXPECT(uirq_region_parse("bar0:mmio:0x40", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[0].size, 0x40);
	TH_EXPECT(uirq_region_parse("bar2:pio:32", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[2].type, UIRQ_REGION_TYPE_PIO);
	TH_EXPECT_EQ(r[2].size, 32);
	TH_EXPECT(uirq_region_parse("cfg:cfg:4k", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[UIRQ_REGION_CFG].size, 4096);
	TH_EXPECT(uirq_region_parse("bar1:mmio:2M", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[1].size, 2 << 20);
	TH_EXPECT(uirq_region_parse("res1:mmio:0b100", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[9].size, 4);
	TH_EXPECT(uirq_region_parse("bar3:none:0", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(r[3].type, UIRQ_REGION_TYPE_NONE);
	TH_EXPECT(uirq_region_parse("bar9:mmio:1", r, err, sizeof(err)) == -EINVAL, "bar9");
	TH_EXPECT_CONTAINS(err, "unknown region name 'bar9'");
	TH_EXPECT(uirq_region_parse("bar0:ram:1", r, err, sizeof(err)) == -EINVAL, "ram");
	TH_EXPECT_CONTAINS(err, "unknown type 'ram'");
	TH_EXPECT(uirq_region_parse("bar0:mmio:12q", r, err, sizeof(err)) == -EINVAL, "12q");
	TH_EXPECT_CONTAINS(err, "bad size '12q'");
	TH_EXPECT(uirq_region_parse("bar0:mmio", r, err, sizeof(err)) == -EINVAL, "2 parts");
	TH_EXPECT(uirq_region_parse("bar0:mmio:0", r, err, sizeof(err)) == -EINVAL, "size 0");
	TH_EXPECT(uirq_region_parse("rom:mmio:4k", r, err, sizeof(err)) == -EINVAL, "rom");
}

static void test_kind_parse(void)
{
	uint32_t k = 99;

	TH_EXPECT(uirq_kind_parse("release", &k) == 0, "release");
	TH_EXPECT_EQ(k, UIRQ_PROG_RELEASE);
	TH_EXPECT(uirq_kind_parse("init", &k) == 0, "init");
	TH_EXPECT_EQ(k, UIRQ_PROG_INIT);
	TH_EXPECT(uirq_kind_parse("bogus", &k) == -EINVAL, "bogus");
}

static void test_verify_messages(void)
{
	struct uirq_region_info r[UIRQ_MAX_REGIONS];
	struct uirq_prog_props props;

	uirq_regions_default(r);
	TH_EXPECT(uirq_region_parse("bar0:mmio:0x1000", r, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT(uirq_asm_string("; x\n.kind ack\n\n  ld32 r0, bar0[0]\n"
				  "  jeq r0, 0, n\n  st32 bar0[0x1000], r0\n"
				  "  ret handled\nn: ret none\n",
				  "prog.s", &prog, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT(uirq_program_verify(&prog, UIRQ_PROG_NUM_KINDS, r, &props,
				      err, sizeof(err)) == -EINVAL, "accepted");
	TH_EXPECT_STR(err, "prog.s:6:3: error: insn 2: offset 0x1000 + 4 beyond bar0 size 0x1000");

	/* The same program as binary: no source position. */
	TH_EXPECT(uirq_program_load_bin(prog.insns, prog.count * sizeof(prog.insns[0]),
					"prog.bin", &prog2, err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT(uirq_program_verify(&prog2, UIRQ_PROG_ACK, r, NULL, err,
				      sizeof(err)) == -EINVAL, "accepted");
	TH_EXPECT_STR(err, "prog.bin: error: insn 2: offset 0x1000 + 4 beyond bar0 size 0x1000");

	/* Kind from .kind, overridable. */
	TH_EXPECT(uirq_asm_string(".kind release\nret none\n", "k.s", &prog,
				  err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT(uirq_program_verify(&prog, UIRQ_PROG_NUM_KINDS, NULL, NULL,
				      err, sizeof(err)) == -EINVAL, "ret none in release");
	TH_EXPECT_CONTAINS(err, "k.s:2:1: error: insn 0: return kind none not allowed");
	TH_EXPECT(uirq_program_verify(&prog, UIRQ_PROG_ACK, NULL, &props,
				      err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT(props.flags & UIRQ_PROP_CAN_DECLINE, "can decline");

	/* Whole-program errors and the errmsg formats. */
	TH_EXPECT(uirq_program_errmsg(&prog, -1, "empty program", err, sizeof(err)) == 0, "fmt");
	TH_EXPECT_STR(err, "k.s: error: empty program");
	TH_EXPECT(uirq_program_errmsg(&prog, 0, "x", err, 4) == -ENOSPC, "short");
}

static void test_edu_props(void)
{
	struct uirq_prog_props props;

	TH_EXPECT(uirq_program_load_file(EXAMPLES "edu-ack.s", &prog, err,
					 sizeof(err)) == 0, "%s", err);
	TH_EXPECT(uirq_program_verify(&prog, UIRQ_PROG_NUM_KINDS, NULL, &props,
				      err, sizeof(err)) == 0, "%s", err);
	TH_EXPECT_EQ(prog.count, 7);
	TH_EXPECT_EQ(props.flags, UIRQ_PROP_CAN_DECLINE | UIRQ_PROP_CAN_HANDLE |
		     UIRQ_PROP_WRITES);
	TH_EXPECT_EQ(props.region_mask, 1);
	TH_EXPECT_EQ(props.win[0].lo, 0x24);
	TH_EXPECT_EQ(props.win[0].hi, 0x68);
	TH_EXPECT_EQ(props.cap_mask, 1);
	TH_EXPECT_EQ(props.max_steps, 6);
}

int main(void)
{
	test_encodings();
	test_errors();
	TH_RUN(test_too_many);
	TH_RUN(test_lines_and_kind);
	TH_RUN(test_label_at_end);
	TH_RUN(test_disasm_insn);
	TH_RUN(test_disasm_program);
	test_examples();
	TH_RUN(test_verify_cases_round_trip);
	TH_RUN(test_random_round_trip);
	TH_RUN(test_mutated_sources);
	TH_RUN(test_binary_files);
	TH_RUN(test_region_parse);
	TH_RUN(test_kind_parse);
	TH_RUN(test_verify_messages);
	TH_RUN(test_edu_props);
	return th_summary();
}
