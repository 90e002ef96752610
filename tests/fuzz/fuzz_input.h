/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The fuzzer's input format, shared by the target (fuzz_verify.c) and the
 * seed generator (gen_seeds.c) so that seeds decode to what they meant.
 *
 *   byte  0       kind selector: kind = b & 3, except 0xf8..0xff, which
 *                 give the invalid kinds 4..11
 *   byte  1       flags: FUZZ_F_DEFAULT_REGIONS ignores bytes 8..23 and
 *                 uses uirq_default_regions(); FUZZ_F_BAD_TYPES turns
 *                 type 0 of a non-zero size into the unknown types 4..7
 *                 (4 + ((b >> 2) & 3)); a zero byte stays absent
 *   bytes 2..7    ignored (room for later flags; seeds write zero)
 *   bytes 8..23   one byte per region 0..15: type = b & 3
 *                 (UIRQ_REGION_TYPE_*), size = fuzz_sizes[b >> 2]
 *   bytes 24..47  bus data: what reads return, consumed cyclically
 *   bytes 48..    struct uirq_insn[], as many whole ones as there are,
 *                 at most UIRQ_MAX_INSNS + 1 (one too many, to exercise
 *                 the length check); trailing bytes are ignored
 *
 * A 48-byte header keeps the instructions at the same 24-byte grid as in
 * a program file, so `xxd -c 24` shows one instruction per line.
 */
#ifndef UIRQ_FUZZ_INPUT_H
#define UIRQ_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "uirq_core.h"

#define FUZZ_HDR_KIND		0
#define FUZZ_HDR_FLAGS		1
#define FUZZ_HDR_REGIONS	8
#define FUZZ_HDR_BUS		24
#define FUZZ_BUS_LEN		24
#define FUZZ_HDR_LEN		48

#define FUZZ_F_DEFAULT_REGIONS	0x01
#define FUZZ_F_BAD_TYPES	0x02

/*
 * Region sizes a region byte can name: the edges a verifier gets wrong
 * (0, sizes below one access, odd sizes, around 4 KiB, around 2^31 and
 * 2^32 where a 32-bit offset plus width overflows, and near 2^64).
 */
static const uint64_t fuzz_sizes[64] = {
	0, 1, 2, 3, 4, 5, 6, 7,
	8, 9, 12, 15, 16, 17, 24, 32,
	0x40, 0x80, 0xff, 0x100, 0x101, 0x200, 0x400, 0x800,
	0xffc, 0xfff, 0x1000, 0x1001, 0x1004, 0x2000, 0x4000, 0x8000,
	0xffff, 0x10000, 0x10004, 0x20000, 0x80000, 0x100000, 0x200000,
	0x1000000,
	0x10000000, 0x7ffffffc, 0x7fffffff, 0x80000000,
	0x80000004, 0xfffffff8, 0xfffffffc, 0xffffffff,
	0x100000000ull, 0x100000001ull, 0x100000004ull, 0x100000008ull,
	0x200000000ull, 1ull << 40, 1ull << 48, 1ull << 63,
	0x7fffffffffffffffull, 0x8000000000000000ull + 8,
	0xfffffffffffffff0ull, 0xfffffffffffffff8ull,
	0xfffffffffffffffcull, 0xfffffffffffffffeull,
	0xffffffffffffffffull, 0x40000,
};

/*
 * The region byte for @type and @size: the largest table size not above
 * @size, so a seed never describes a region bigger than its case had.
 * *@exact tells whether @size was representable.
 */
static inline uint8_t fuzz_region_byte(uint32_t type, uint64_t size, int *exact)
{
	unsigned int i, best = 0;

	for (i = 0; i < 64; i++)
		if (fuzz_sizes[i] <= size && fuzz_sizes[i] >= fuzz_sizes[best])
			best = i;
	if (exact)
		*exact = fuzz_sizes[best] == size;
	return (uint8_t)((best << 2) | (type & 3));
}

/* The program kind of an input of at least FUZZ_HDR_LEN bytes. */
static inline uint32_t fuzz_decode_kind(const uint8_t *data)
{
	uint8_t b = data[FUZZ_HDR_KIND];

	return b >= 0xf8 ? 4u + (uint32_t)(b - 0xf8) : (b & 3u);
}

/* The region table of an input: UIRQ_MAX_REGIONS entries at @regions. */
static inline void fuzz_decode_regions(const uint8_t *data,
				       struct uirq_region_desc *regions)
{
	unsigned int i;

	memset(regions, 0, UIRQ_MAX_REGIONS * sizeof(*regions));
	if (data[FUZZ_HDR_FLAGS] & FUZZ_F_DEFAULT_REGIONS) {
		uirq_default_regions(regions);
		return;
	}
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		uint8_t rb = data[FUZZ_HDR_REGIONS + i];

		regions[i].type = rb & 3;
		if (!regions[i].type && (rb >> 2) &&
		    (data[FUZZ_HDR_FLAGS] & FUZZ_F_BAD_TYPES))
			regions[i].type = 4 + ((rb >> 2) & 3);
		regions[i].size = fuzz_sizes[rb >> 2];
	}
}

#endif /* UIRQ_FUZZ_INPUT_H */
