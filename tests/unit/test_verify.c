// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host tests of the verifier: the case table of verify_cases.h (one test
 * case each), coverage checks of that table, the names, and properties
 * that must hold for every program (mutations of the table).
 */
#include "harness.h"
#include "uirq_core.h"
#include "verify_cases.h"

#include <stdlib.h>

static struct uirq_region_desc default_regions[UIRQ_MAX_REGIONS];

static const struct uirq_region_desc *case_regions(const struct verify_case *c)
{
	return c->regions ? c->regions : default_regions;
}

/* Byte pattern that a rejected uirq_verify() must leave in *prog. */
static void poison(struct uirq_prog *p)
{
	memset(p, 0xa5, sizeof(*p));
}

static int is_poisoned(const struct uirq_prog *p)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < sizeof(*p); i++)
		if (b[i] != 0xa5)
			return 0;
	return 1;
}

static void check_accepted(const struct verify_case *c,
			   const struct uirq_prog *p)
{
	const struct uirq_prog_props *pp = &p->props;
	u32 r, i;

	TH_EXPECT_EQ(p->kind, c->kind);
	TH_EXPECT_EQ(p->len, c->len);
	TH_EXPECT(!memcmp(p->insns, c->insns, c->len * sizeof(c->insns[0])),
		  "instructions copied");
	for (i = c->len; i < UIRQ_MAX_INSNS; i++)
		TH_EXPECT(p->insns[i].op == 0 && p->insns[i].imm == 0,
			  "unused insn %u cleared", i);
	TH_EXPECT_EQ(pp->flags, c->props.flags);
	TH_EXPECT_EQ(pp->region_mask, c->props.region_mask);
	TH_EXPECT_EQ(pp->max_steps, c->props.max_steps);
	TH_EXPECT_EQ(pp->max_delay_us, c->props.max_delay_us);
	TH_EXPECT_EQ(pp->cap_mask, c->props.cap_mask);
	TH_EXPECT_EQ(pp->resv, 0);
	for (r = 0; r < UIRQ_MAX_REGIONS; r++) {
		if (pp->region_mask & (1u << r)) {
			TH_EXPECT(pp->win[r].lo < pp->win[r].hi,
				  "window of region %u not empty", r);
			TH_EXPECT(pp->win[r].hi <= case_regions(c)[r].size,
				  "window of region %u inside it", r);
		} else {
			TH_EXPECT(pp->win[r].lo == 0 && pp->win[r].hi == 0,
				  "untouched region %u has window 0..0", r);
		}
	}
	if (c->win_check) {
		TH_EXPECT_EQ(pp->win[c->win_region].lo, c->win.lo);
		TH_EXPECT_EQ(pp->win[c->win_region].hi, c->win.hi);
	}
}

static void run_case(const struct verify_case *c)
{
	const struct uirq_region_desc *regions = case_regions(c);
	struct uirq_prog prog, prog2;
	struct uirq_verr err;
	int rc, rc2;

	poison(&prog);
	memset(&err, 0x5a, sizeof(err));
	rc = uirq_verify(&prog, c->kind, c->insns, c->len, regions, &err);

	/* The same answer without an error buffer. */
	poison(&prog2);
	rc2 = uirq_verify(&prog2, c->kind, c->insns, c->len, regions, NULL);
	TH_EXPECT_EQ(rc2, rc);

	if (c->expect == VC_ACCEPT) {
		TH_EXPECT(rc == 0, "accepted (got %d: insn %d: %.*s)", rc,
			  err.insn, (int)sizeof(err.msg), err.msg);
		if (rc)
			return;
		check_accepted(c, &prog);
		TH_EXPECT(!memcmp(&prog, &prog2, sizeof(prog)),
			  "same program without err");
		return;
	}

	TH_EXPECT_EQ(rc, -EINVAL);
	TH_EXPECT(is_poisoned(&prog), "rejected program leaves *prog alone");
	TH_EXPECT(is_poisoned(&prog2), "rejected program leaves *prog alone");
	if (rc != -EINVAL)
		return;
	TH_EXPECT(memchr(err.msg, 0, sizeof(err.msg)) != NULL,
		  "message NUL-terminated");
	err.msg[sizeof(err.msg) - 1] = 0;
	TH_EXPECT(err.insn == c->err_insn, "err.insn %d, expected %d (%s)",
		  err.insn, c->err_insn, err.msg);
	TH_EXPECT_CONTAINS(err.msg, c->msg);
	TH_EXPECT(strncmp(err.msg, "insn", 4) != 0, "no \"insn N:\" prefix");
}

static void test_cases(void)
{
	char name[128];
	size_t i;

	for (i = 0; i < VERIFY_NCASES; i++) {
		snprintf(name, sizeof(name), "case %zu: %s", i,
			 verify_cases[i].name);
		th_case_begin(name);
		run_case(&verify_cases[i]);
		th_case_end();
	}
}

/* The table must keep covering every reason, instruction and kind. */
static void test_table_coverage(void)
{
	static const char *const reasons[] = {
		"unknown program kind", "empty program", "program too long",
		"unknown opcode", "bad dst register", "bad src register",
		"bad mode", "mode must be 0", "cap needs mode 1",
		"reserved field resv", "unused field dst", "unused field src",
		"unused field region", "unused field jump", "unused field off",
		"unused field imm", "unknown region", "is never accessible",
		"is absent", "has unknown type", "64-bit access to pio",
		"64-bit access to config", "misaligned", "beyond bar",
		"beyond cfg", "4 GiB window limit", "does not fit in",
		"shl by", "shr by", "backward jump", "jump out of range",
		"falls off the end", "unreachable instruction",
		"capture slot", "cap not allowed", "delay 0 us",
		"delay 11 us", "worst-case total delay",
		"unknown return code", "return kind none not allowed",
	};
	u32 ops_seen[256] = { 0 }, modes_seen[256][2] = { { 0 } };
	u32 kinds_accepted = 0, types_seen = 0, nacc = 0, nrej = 0;
	size_t i, j;
	u32 op;

	TH_EXPECT(VERIFY_NCASES >= 80, "%zu cases", VERIFY_NCASES);
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		int found = 0;

		for (j = 0; j < VERIFY_NCASES; j++)
			if (verify_cases[j].expect == VC_REJECT &&
			    strstr(verify_cases[j].msg, reasons[i]))
				found = 1;
		TH_EXPECT(found, "a case rejects with \"%s\"", reasons[i]);
	}
	for (i = 0; i < VERIFY_NCASES; i++) {
		const struct verify_case *c = &verify_cases[i];
		const struct uirq_region_desc *rg = case_regions(c);

		if (c->expect == VC_REJECT) {
			nrej++;
			continue;
		}
		nacc++;
		kinds_accepted |= 1u << c->kind;
		for (j = 0; j < c->len; j++) {
			const struct uirq_insn *in = &c->insns[j];

			ops_seen[in->op]++;
			modes_seen[in->op][in->mode & 1]++;
			if (in->op >= UIRQ_OP_LD8 && in->op <= UIRQ_OP_ST64)
				types_seen |= 1u << rg[in->region].type;
		}
	}
	TH_EXPECT(nacc >= 25 && nrej >= 55, "%u accepted, %u rejected",
		  nacc, nrej);
	TH_EXPECT_EQ(kinds_accepted, (1u << UIRQ_PROG_NUM_KINDS) - 1);
	TH_EXPECT_EQ(types_seen, (1u << UIRQ_REGION_TYPE_MMIO) |
		     (1u << UIRQ_REGION_TYPE_PIO) |
		     (1u << UIRQ_REGION_TYPE_CFG));
	for (op = 0; op < 256; op++) {
		if (!uirq_op_name(op))
			continue;
		TH_EXPECT(ops_seen[op], "%s accepted in some case",
			  uirq_op_name(op));
		if ((op >= UIRQ_OP_ST8 && op <= UIRQ_OP_SHR) ||
		    (op >= UIRQ_OP_JEQ && op <= UIRQ_OP_JCLR))
			TH_EXPECT(modes_seen[op][0] && modes_seen[op][1],
				  "%s accepted with imm and with reg",
				  uirq_op_name(op));
	}
}

static void test_names(void)
{
	static const char *const ops[] = {
		"ld8", "ld16", "ld32", "ld64", "st8", "st16", "st32", "st64",
		"mov", "and", "or", "xor", "add", "sub", "shl", "shr", "not",
		"ja", "jeq", "jne", "jgt", "jge", "jlt", "jle", "jset",
		"jclr", "cap", "delay", "ret",
	};
	u32 op, n = 0;
	size_t i;

	TH_EXPECT_STR(uirq_region_name(0), "bar0");
	TH_EXPECT_STR(uirq_region_name(5), "bar5");
	TH_EXPECT_STR(uirq_region_name(6), "rom");
	TH_EXPECT_STR(uirq_region_name(7), "cfg");
	TH_EXPECT_STR(uirq_region_name(8), "res0");
	TH_EXPECT_STR(uirq_region_name(15), "res7");
	TH_EXPECT_STR(uirq_region_name(16), "?");
	TH_EXPECT_STR(uirq_kind_name(UIRQ_PROG_ACK), "ack");
	TH_EXPECT_STR(uirq_kind_name(UIRQ_PROG_ENABLE), "enable");
	TH_EXPECT_STR(uirq_kind_name(UIRQ_PROG_RELEASE), "release");
	TH_EXPECT_STR(uirq_kind_name(UIRQ_PROG_INIT), "init");
	TH_EXPECT_STR(uirq_kind_name(4), "?");
	TH_EXPECT_STR(uirq_ret_name(UIRQ_RET_NONE), "none");
	TH_EXPECT_STR(uirq_ret_name(UIRQ_RET_HANDLED), "handled");
	TH_EXPECT_STR(uirq_ret_name(UIRQ_RET_QUIET), "quiet");
	TH_EXPECT_STR(uirq_ret_name(3), "?");
	TH_EXPECT_STR(uirq_ret_name(0xffffffffu), "?");
	TH_EXPECT_STR(uirq_op_name(UIRQ_OP_LD32), "ld32");
	TH_EXPECT_STR(uirq_op_name(UIRQ_OP_JCLR), "jclr");
	TH_EXPECT(uirq_op_name(0) == NULL, "op 0 has no name");
	TH_EXPECT(uirq_op_name(0x99) == NULL, "op 0x99 has no name");
	TH_EXPECT(uirq_op_name(0xffffffffu) == NULL, "op ~0 has no name");
	for (op = 0; op < 256; op++) {
		const char *name = uirq_op_name(op);

		if (!name)
			continue;
		n++;
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strcmp(ops[i], name))
				break;
		TH_EXPECT(i < sizeof(ops) / sizeof(ops[0]),
			  "op 0x%x: unexpected name %s", op, name);
	}
	TH_EXPECT_EQ(n, sizeof(ops) / sizeof(ops[0]));
}

static void test_default_regions(void)
{
	struct uirq_region_desc rg[UIRQ_MAX_REGIONS];
	u32 r;

	memset(rg, 0x77, sizeof(rg));
	uirq_default_regions(rg);
	for (r = 0; r < UIRQ_MAX_REGIONS; r++) {
		TH_EXPECT_EQ(rg[r].resv, 0);
		if (r <= UIRQ_REGION_BAR5) {
			TH_EXPECT_EQ(rg[r].type, UIRQ_REGION_TYPE_MMIO);
			TH_EXPECT_EQ(rg[r].size, 0x1000);
		} else if (r == UIRQ_REGION_CFG) {
			TH_EXPECT_EQ(rg[r].type, UIRQ_REGION_TYPE_CFG);
			TH_EXPECT_EQ(rg[r].size, 0x1000);
		} else {
			TH_EXPECT_EQ(rg[r].type, UIRQ_REGION_TYPE_NONE);
			TH_EXPECT_EQ(rg[r].size, 0);
		}
	}
}

/* A non-zero resv anywhere in an accepted program is caught right there. */
static void test_resv_every_insn(void)
{
	struct uirq_insn insns[UIRQ_MAX_INSNS];
	struct uirq_prog prog;
	struct uirq_verr err;
	size_t i, j;

	for (i = 0; i < VERIFY_NCASES; i++) {
		const struct verify_case *c = &verify_cases[i];

		if (c->expect != VC_ACCEPT)
			continue;
		for (j = 0; j < c->len; j++) {
			memcpy(insns, c->insns, sizeof(insns));
			insns[j].resv = 1u << (j % 32);
			TH_EXPECT(uirq_verify(&prog, c->kind, insns, c->len,
					      case_regions(c), &err) == -EINVAL &&
				  err.insn == (int)j,
				  "%s: resv in insn %zu rejected there (got %d)",
				  c->name, j, err.insn);
		}
	}
}

/* Every prefix of an accepted program that ends in a non-ret is rejected. */
static void test_truncated(void)
{
	struct uirq_prog prog;
	struct uirq_verr err;
	size_t i;
	u32 len;

	for (i = 0; i < VERIFY_NCASES; i++) {
		const struct verify_case *c = &verify_cases[i];

		if (c->expect != VC_ACCEPT)
			continue;
		for (len = 1; len < c->len; len++) {
			int rc = uirq_verify(&prog, c->kind, c->insns, len,
					     case_regions(c), &err);

			if (c->insns[len - 1].op != UIRQ_OP_RET)
				TH_EXPECT(rc == -EINVAL,
					  "%s cut to %u rejected", c->name, len);
			if (rc)
				TH_EXPECT(err.insn >= 0 && err.insn < (int)len,
					  "%s cut to %u: insn %d in range",
					  c->name, len, err.insn);
		}
	}
}

/* What every accepted program satisfies; 0 (and a failure) if not. */
static int check_mutant(const struct verify_case *c,
			const struct uirq_insn *insns, u32 len,
			const struct uirq_prog *prog)
{
	const struct uirq_prog_props *pp = &prog->props;
	const struct uirq_region_desc *rg = case_regions(c);
	int ok = 1;
	u32 r;

	/* A ja at the last index would jump past the end: only ret ends. */
	if (insns[len - 1].op != UIRQ_OP_RET)
		ok = 0;
	if (pp->max_steps < 1 || pp->max_steps > len)
		ok = 0;
	if (pp->max_delay_us > UIRQ_MAX_TOTAL_DELAY_US)
		ok = 0;
	if (!(pp->flags & (UIRQ_PROP_CAN_DECLINE | UIRQ_PROP_CAN_HANDLE |
			   UIRQ_PROP_CAN_QUIET)))
		ok = 0;
	if (c->kind != UIRQ_PROG_ACK &&
	    (pp->cap_mask || (pp->flags & UIRQ_PROP_CAN_DECLINE)))
		ok = 0;
	for (r = 0; r < UIRQ_MAX_REGIONS; r++)
		if ((pp->region_mask & (1u << r)) &&
		    (pp->win[r].lo >= pp->win[r].hi ||
		     pp->win[r].hi > rg[r].size ||
		     rg[r].type == UIRQ_REGION_TYPE_NONE))
			ok = 0;
	TH_EXPECT(ok, "accepted mutant of %s: consistent props", c->name);
	return ok;
}

static u64 rnd_state = 0x9e3779b97f4a7c15ull;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/*
 * Random mutations of the table: the verifier never reads out of bounds
 * (ASan build), reports an index inside the program, terminates its
 * message and computes props that are consistent with the program.
 */
static void test_mutations(void)
{
	struct uirq_insn insns[UIRQ_MAX_INSNS];
	struct uirq_prog prog;
	struct uirq_verr err;
	u32 n, accepted = 0;

	for (n = 0; n < 200000; n++) {
		const struct verify_case *c =
			&verify_cases[rnd() % VERIFY_NCASES];
		u32 len = c->len > UIRQ_MAX_INSNS ? UIRQ_MAX_INSNS : c->len;
		u32 k, flips = 1 + rnd() % 3;
		int rc;

		if (!len)
			continue;
		memcpy(insns, c->insns, sizeof(insns));
		for (k = 0; k < flips; k++) {
			unsigned char *b = (unsigned char *)&insns[rnd() % len];
			u32 byte = rnd() % sizeof(struct uirq_insn);

			/* Small values hit more interesting encodings. */
			b[byte] = rnd() & 1 ? (unsigned char)rnd() :
				  (unsigned char)(rnd() % 4);
		}
		rc = uirq_verify(&prog, c->kind, insns, len, case_regions(c),
				 &err);
		if (rc) {
			if (rc != -EINVAL ||
			    err.insn < (c->kind < UIRQ_PROG_NUM_KINDS ? 0 : -1) ||
			    err.insn >= (int)len ||
			    !memchr(err.msg, 0, sizeof(err.msg)) ||
			    !err.msg[0]) {
				TH_EXPECT(0, "bad rejection of a mutant of %s: %d %d",
					  c->name, rc, err.insn);
				return;
			}
			continue;
		}
		accepted++;
		if (!check_mutant(c, insns, len, &prog))
			return;
	}
	TH_EXPECT(accepted > 1000, "%u mutants accepted", accepted);
}

/* One program of @n instructions against @rg; the verifier's message. */
static int verify_msg(const struct uirq_insn *insns, unsigned int n,
		      const struct uirq_region_desc *rg, char *msg, size_t len)
{
	static struct uirq_prog p;
	struct uirq_verr e;
	int ret;

	memset(&e, 0, sizeof(e));
	ret = uirq_verify(&p, UIRQ_PROG_INIT, insns, n, rg, &e);
	snprintf(msg, len, "insn %d: %s", e.insn, ret ? e.msg : "");
	return ret;
}

/*
 * The config-space policy (core/cfgpolicy.c) on a made-up function: a
 * 64-bit MSI capability, a vendor-specific one, PCI Express, then AER and
 * a vendor-specific extended capability.
 */
static void test_cfg_policy(void)
{
	static _Alignas(8) unsigned char pbuf[UIRQ_CFG_POLICY_BYTES(UIRQ_CFG_MAX)];
	struct uirq_cfg_policy *p = (struct uirq_cfg_policy *)pbuf;
	static unsigned char cfg[4096];
	struct uirq_region_desc rg[UIRQ_MAX_REGIONS];
	struct uirq_insn st_bar[] = { I_STI(4, R_CFG, 0x10, 0), I_RET(RET_Q) };
	struct uirq_insn st_cmd[] = { I_STI(2, R_CFG, 0x4, 0x400), I_RET(RET_Q) };
	struct uirq_insn st_cmd8[] = { I_STI(1, R_CFG, 0x4, 0x4), I_RET(RET_Q) };
	struct uirq_insn st_msi[] = { I_STI(2, R_CFG, 0x42, 1), I_RET(RET_Q) };
	struct uirq_insn st_dev[] = { I_STI(1, R_CFG, 0x9c, 1), I_RET(RET_Q) };
	struct uirq_insn ld_bar[] = { I_LD(4, 0, R_CFG, 0x10), I_RET(RET_Q) };
	char msg[256];
	uint32_t why;

	/* The offline default: the standard header only. */
	uirq_cfg_policy_init(p, NULL, 256);
	TH_EXPECT_EQ(p->wmask[0x04], 0);
	TH_EXPECT_EQ(p->wmask[0x05], 0x04);	/* INTx-disable */
	TH_EXPECT_EQ(p->wmask[0x06], 0xff);	/* status: RW1C or RO */
	TH_EXPECT_EQ(p->wmask[0x07], 0xff);
	TH_EXPECT_EQ(p->wmask[0x0c], 0xff);
	TH_EXPECT_EQ(p->wmask[0x10], 0);
	TH_EXPECT_EQ(p->why[0x24], UIRQ_CFG_BAR);
	TH_EXPECT_EQ(p->why[0x30], UIRQ_CFG_ROM);
	TH_EXPECT_EQ(p->why[0x3c], UIRQ_CFG_IRQ_LINE);
	TH_EXPECT_EQ(p->why[0x0f], UIRQ_CFG_BIST);
	TH_EXPECT_EQ(p->wmask[0x40], 0xff);
	TH_EXPECT_EQ(p->wmask[0xff], 0xff);

	memset(cfg, 0, sizeof(cfg));
	cfg[0x06] = 0x10;			/* capability list */
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x05; cfg[0x41] = 0x50;	/* MSI, 64-bit: 14 bytes */
	cfg[0x42] = 0x80;
	cfg[0x50] = 0x09; cfg[0x51] = 0x60;	/* vendor, 16 bytes */
	cfg[0x52] = 0x10;
	cfg[0x60] = 0x10; cfg[0x61] = 0x00;	/* PCI Express: 0x3c bytes */
	cfg[0x100] = 0x01; cfg[0x102] = 0x01;	/* AER, next 0x150 */
	cfg[0x103] = 0x15;
	cfg[0x150] = 0x0b;			/* VSEC, last */
	uirq_cfg_policy_init(p, cfg, 4096);
	TH_EXPECT_EQ(p->why[0x40], UIRQ_CFG_CAP_LIST);
	TH_EXPECT_EQ(p->why[0x42], UIRQ_CFG_MSI);
	TH_EXPECT_EQ(p->why[0x4d], UIRQ_CFG_MSI);
	TH_EXPECT_EQ(p->wmask[0x4e], 0xff);
	TH_EXPECT_EQ(p->why[0x52], UIRQ_CFG_CAP_LIST);
	TH_EXPECT_EQ(p->wmask[0x53], 0xff);	/* vendor-specific body */
	TH_EXPECT_EQ(p->wmask[0x5f], 0xff);
	TH_EXPECT_EQ(p->why[0x68], UIRQ_CFG_PCIE);	/* device control */
	TH_EXPECT_EQ(p->why[0x9b], UIRQ_CFG_PCIE);
	TH_EXPECT_EQ(p->wmask[0x9c], 0xff);
	TH_EXPECT_EQ(p->why[0x104], UIRQ_CFG_AER);
	TH_EXPECT_EQ(p->wmask[0x148], 0xff);
	TH_EXPECT_EQ(p->why[0x154], UIRQ_CFG_EXT_CAP);
	TH_EXPECT_EQ(p->wmask[0x158], 0xff);	/* VSEC body */

	/* pwrite: only changes count, and only to writable bits. */
	TH_EXPECT(uirq_cfg_check(p, 0x04, 2, 0x0007, 0x0407, &why), "INTx-disable");
	TH_EXPECT(!uirq_cfg_check(p, 0x04, 2, 0x0007, 0x0003, &why), "master");
	TH_EXPECT_EQ(why, UIRQ_CFG_MASTER);
	TH_EXPECT(!uirq_cfg_check(p, 0x04, 2, 0x0007, 0x0005, &why), "decode");
	TH_EXPECT_EQ(why, UIRQ_CFG_COMMAND);
	TH_EXPECT(uirq_cfg_check(p, 0x04, 4, 0x02100007, 0x02100007, &why),
		  "writing back what is there");
	TH_EXPECT(uirq_cfg_check(p, 0x06, 2, 0x2010, 0x2000, &why), "RW1C");
	TH_EXPECT(!uirq_cfg_check(p, 0x10, 4, 0xfeb00000, 0xfeb10000, &why), "BAR");
	TH_EXPECT_EQ(why, UIRQ_CFG_BAR);
	TH_EXPECT(!uirq_cfg_check(p, 0x68, 2, 0, 0x8000, &why), "FLR");
	TH_EXPECT_EQ(why, UIRQ_CFG_PCIE);
	p->master = true;
	TH_EXPECT(uirq_cfg_check(p, 0x04, 2, 0x0007, 0x0003, &why), "master, allowed");
	TH_EXPECT_EQ(uirq_cfg_merge(p, 0x04, 2, 0x0007, 0x0400), 0x0403);
	p->master = false;
	/* Program stores: protected bits keep their value. */
	TH_EXPECT_EQ(uirq_cfg_merge(p, 0x04, 2, 0x0007, 0x0400), 0x0407);
	TH_EXPECT_EQ(uirq_cfg_merge(p, 0x04, 4, 0x00100006, 0xffff0000), 0xffff0006);

	/* The verifier, with the policy: stores that can reach nothing. */
	memcpy(rg, default_regions, sizeof(rg));
	rg[R_CFG].size = 4096;
	rg[R_CFG].policy = p;
	TH_EXPECT_EQ(verify_msg(st_bar, 2, rg, msg, sizeof(msg)), -EINVAL);
	TH_EXPECT_STR(msg, "insn 0: store to cfg 0x10: a BAR is the kernel's (config-space policy)");
	TH_EXPECT_EQ(verify_msg(st_msi, 2, rg, msg, sizeof(msg)), -EINVAL);
	TH_EXPECT_STR(msg, "insn 0: store to cfg 0x42: the MSI capability is the kernel's (config-space policy)");
	TH_EXPECT_EQ(verify_msg(st_cmd8, 2, rg, msg, sizeof(msg)), -EINVAL);
	p->master = true;
	TH_EXPECT_EQ(verify_msg(st_cmd8, 2, rg, msg, sizeof(msg)), 0);
	p->master = false;
	TH_EXPECT_EQ(verify_msg(st_cmd, 2, rg, msg, sizeof(msg)), 0);
	TH_EXPECT_EQ(verify_msg(st_dev, 2, rg, msg, sizeof(msg)), 0);
	TH_EXPECT_EQ(verify_msg(ld_bar, 2, rg, msg, sizeof(msg)), 0);
	/* Without a policy (a region table of the tests): no such rule. */
	rg[R_CFG].policy = NULL;
	TH_EXPECT_EQ(verify_msg(st_bar, 2, rg, msg, sizeof(msg)), 0);
}

int main(void)
{
	uirq_default_regions(default_regions);
	test_cases();
	TH_RUN(test_table_coverage);
	TH_RUN(test_names);
	TH_RUN(test_default_regions);
	TH_RUN(test_resv_every_insn);
	TH_RUN(test_truncated);
	TH_RUN(test_mutations);
	TH_RUN(test_cfg_policy);
	return th_summary();
}
