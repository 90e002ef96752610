// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Writes the fuzzer's seed corpus: one file per case of the verifier's
 * test table (tests/unit/verify_cases.h) and one per example program
 * given on the command line, each in the input format of fuzz_input.h.
 *
 *   gen_seeds OUTDIR [PROGRAM.s ...]
 *
 * Generated at build time into $(BUILD)/fuzz/seeds, never committed: the
 * table and the examples are the source of truth. A case whose region
 * table the format cannot describe exactly (a size not in fuzz_sizes, a
 * type above 3) still becomes a seed, the nearest description; the count
 * of those is printed, since such a seed may be accepted or rejected for
 * another reason than its case.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uirq_core.h"
#include "libuirq.h"
#include "fuzz_input.h"
#include "unit/verify_cases.h"

static const char *outdir;
static unsigned int written, inexact, differ;

/*
 * Does the seed in @buf get the verdict the original program had on its
 * own regions (result and instruction; the message may name another
 * size)? Only an approximate region table can change it; such seeds are
 * still useful, but are counted.
 */
static int same_verdict(const u8 *buf, u32 kind,
			const struct uirq_region_desc *orig,
			const struct uirq_insn *insns, u32 len)
{
	struct uirq_region_desc want[UIRQ_MAX_REGIONS], got[UIRQ_MAX_REGIONS];
	static struct uirq_prog p1, p2;
	struct uirq_verr e1 = { 0 }, e2 = { 0 };
	int r1, r2;

	if (orig)
		memcpy(want, orig, sizeof(want));
	else
		uirq_default_regions(want);
	fuzz_decode_regions(buf, got);
	if (fuzz_decode_kind(buf) != kind)
		return 0;
	r1 = uirq_verify(&p1, kind, insns, len, want, &e1);
	r2 = uirq_verify(&p2, kind, insns, len, got, &e2);
	if (r1 != r2 || e1.insn != e2.insn)
		return 0;
	return r1 || !memcmp(&p1.props, &p2.props, sizeof(p1.props));
}

static int write_seed(const char *name, u32 kind,
		      const struct uirq_region_desc *regions,
		      const struct uirq_insn *insns, u32 stored, u32 len)
{
	u8 hdr[FUZZ_HDR_LEN] = { 0 };
	static const struct uirq_insn zero;
	char path[4096], clean[96];
	int approx = 0;
	size_t i, n;
	FILE *f;

	hdr[FUZZ_HDR_KIND] = (u8)(kind < UIRQ_PROG_NUM_KINDS ? kind :
				  0xf8 + (kind - 4) % 8);
	if (!regions) {
		hdr[FUZZ_HDR_FLAGS] = FUZZ_F_DEFAULT_REGIONS;
	} else {
		for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
			u32 type = regions[i].type;
			int exact;

			if (type > UIRQ_REGION_TYPE_CFG) {
				/*
				 * Unknown type: type bits 0 and a non-zero
				 * size under FUZZ_F_BAD_TYPES.
				 */
				hdr[FUZZ_HDR_FLAGS] |= FUZZ_F_BAD_TYPES;
				hdr[FUZZ_HDR_REGIONS + i] =
					fuzz_region_byte(0, regions[i].size,
							 &exact);
				if (!hdr[FUZZ_HDR_REGIONS + i])
					hdr[FUZZ_HDR_REGIONS + i] = 1 << 2;
				approx = 1;
				continue;
			}
			hdr[FUZZ_HDR_REGIONS + i] =
				type ? fuzz_region_byte(type, regions[i].size,
							&exact) : 0;
			if (type && !exact)
				approx = 1;
		}
	}
	/* Registers read as non-zero, varied bytes: status bits are set. */
	for (i = 0; i < FUZZ_BUS_LEN; i++)
		hdr[FUZZ_HDR_BUS + i] = (u8)(0x11 * i + 1);

	for (i = 0, n = 0; name[i] && n + 1 < sizeof(clean); i++) {
		char c = name[i];

		clean[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') ? c : '-';
	}
	clean[n] = 0;
	if (!same_verdict(hdr, kind, regions, insns, stored < len ? stored : len)) {
		printf("gen_seeds: note: seed %03u (%s): the fuzzer's region table changes the verdict\n",
		       written, name);
		differ++;
	}
	snprintf(path, sizeof(path), "%s/%03u-%s", outdir, written, clean);
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "gen_seeds: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	fwrite(hdr, 1, sizeof(hdr), f);
	/* The on-disk layout is the uapi one: little-endian, no padding. */
	for (i = 0; i < len; i++)
		fwrite(i < stored ? &insns[i] : &zero, sizeof(zero), 1, f);
	if (fclose(f)) {
		fprintf(stderr, "gen_seeds: %s: %s\n", path, strerror(errno));
		return -EIO;
	}
	written++;
	inexact += approx;
	return 0;
}

static u32 kind_from_name(const char *path)
{
	static const char *const sfx[] = { "ack", "enable", "release", "init" };
	u32 k;

	for (k = 0; k < UIRQ_PROG_NUM_KINDS; k++) {
		char pat[32];

		snprintf(pat, sizeof(pat), "-%s.", sfx[k]);
		if (strstr(path, pat))
			return k;
	}
	return UIRQ_PROG_ACK;
}

int main(int argc, char **argv)
{
	static struct uirq_program prog;
	char err[512];
	size_t i;
	int a, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: gen_seeds OUTDIR [PROGRAM.s ...]\n");
		return 2;
	}
	outdir = argv[1];
	for (i = 0; i < sizeof(verify_cases) / sizeof(verify_cases[0]); i++) {
		const struct verify_case *c = &verify_cases[i];
		u32 len = c->len > UIRQ_MAX_INSNS + 1 ? UIRQ_MAX_INSNS + 1 :
			  c->len;

		ret = write_seed(c->name, c->kind, c->regions, c->insns,
				 c->len < UIRQ_MAX_INSNS ? c->len :
				 UIRQ_MAX_INSNS, len);
		if (ret)
			return 1;
	}
	for (a = 2; a < argc; a++) {
		u32 kind;

		ret = uirq_program_load_file(argv[a], &prog, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "gen_seeds: %s\n", err);
			return 1;
		}
		kind = prog.kind < UIRQ_PROG_NUM_KINDS ? prog.kind :
		       kind_from_name(argv[a]);
		ret = write_seed(strrchr(argv[a], '/') ?
				 strrchr(argv[a], '/') + 1 : argv[a], kind,
				 NULL, prog.insns, prog.count, prog.count);
		if (ret)
			return 1;
	}
	printf("gen_seeds: %u seeds in %s (%u with an approximate region table, %u with another verdict)\n",
	       written, outdir, inexact, differ);
	return 0;
}
