/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * uirq core: the verifier and the interpreter of ack programs.
 *
 * Plain C compiled twice, into uirq.ko and into user space (libuirq, the
 * tests, the fuzzer). No allocation, no recursion, no libc beyond what
 * uirq_compat.h maps.
 */
#ifndef UIRQ_CORE_H
#define UIRQ_CORE_H

#include "uirq_compat.h"

#define UIRQ_CFG_MAX	4096

/* Why a config-space byte is not the owner's to change. */
enum uirq_cfg_why {
	UIRQ_CFG_WRITABLE,
	UIRQ_CFG_HEADER,
	UIRQ_CFG_COMMAND,
	UIRQ_CFG_MASTER,
	UIRQ_CFG_BAR,
	UIRQ_CFG_ROM,
	UIRQ_CFG_IRQ_LINE,
	UIRQ_CFG_BIST,
	UIRQ_CFG_CAP_LIST,
	UIRQ_CFG_MSI,
	UIRQ_CFG_MSIX,
	UIRQ_CFG_PM,
	UIRQ_CFG_PCIE,
	UIRQ_CFG_CAP,
	UIRQ_CFG_AER,
	UIRQ_CFG_EXT_CAP,
	UIRQ_CFG_NUM_WHY
};

/**
 * struct uirq_cfg_policy - which config-space bits the owner may change
 * @size:   config space size covered
 * @master: bus mastering (command bit 2) is the owner's too
 * @why:    per byte with a protected bit, a UIRQ_CFG_* reason (@size
 *          bytes, right after @wmask)
 * @wmask:  per byte, the bits the owner may change (@size bytes)
 *
 * Sized for its device (UIRQ_CFG_POLICY_BYTES(size): 528 bytes for
 * conventional PCI's 256-byte config space, not a PCI Express one's
 * 8 KiB); filled in by uirq_cfg_policy_init() (core/cfgpolicy.c).
 */
struct uirq_cfg_policy {
	u32 size;
	bool master;
	u8 *why;
	u8 wmask[];
};

/* Bytes to allocate for the policy of a @size-byte config space. */
#define UIRQ_CFG_POLICY_BYTES(size)	\
	(sizeof(struct uirq_cfg_policy) + 2 * (size_t)(size))

void uirq_cfg_policy_init(struct uirq_cfg_policy *p, const u8 *cfg, u32 size);
bool uirq_cfg_check(const struct uirq_cfg_policy *p, u32 off, u32 width,
		    u64 cur, u64 val, u32 *why);
u64 uirq_cfg_merge(const struct uirq_cfg_policy *p, u32 off, u32 width,
		   u64 cur, u64 val);
bool uirq_cfg_all_protected(const struct uirq_cfg_policy *p, u32 off,
			    u32 width, u32 *why);
const char *uirq_cfg_why_name(u32 why);

/**
 * struct uirq_region_desc - one region as the verifier sees it
 * @type:   UIRQ_REGION_TYPE_*
 * @resv:   zero
 * @size:   size in bytes; accesses must lie entirely below it
 * @policy: for the config region, the write policy stores are checked
 *          against (NULL: none, every byte writable)
 */
struct uirq_region_desc {
	u32 type;
	u32 resv;
	u64 size;
	const struct uirq_cfg_policy *policy;
};

/**
 * struct uirq_prog - a verified program, ready for uirq_run()
 * @kind:  UIRQ_PROG_*
 * @len:   number of instructions
 * @props: what the verifier proved
 * @insns: the instructions
 *
 * Only uirq_verify() fills one in; the interpreter trusts it completely.
 * Fixed size so that nobody allocates on the interrupt path.
 */
struct uirq_prog {
	u32 kind;
	u32 len;
	struct uirq_prog_props props;
	struct uirq_insn insns[UIRQ_MAX_INSNS];
};

#define UIRQ_VERR_MSG_LEN	160

/**
 * struct uirq_verr - why a program was rejected
 * @insn: index of the offending instruction, -1 for the whole program
 * @msg:  NUL-terminated reason, without the index (e.g. "offset 0x1000 +
 *        4 beyond bar0 size 0x1000")
 */
struct uirq_verr {
	int insn;
	char msg[UIRQ_VERR_MSG_LEN];
};

/**
 * uirq_verify() - check a program and compute its properties
 * @prog:    out: the verified program (written only on success)
 * @kind:    UIRQ_PROG_*
 * @insns:   instructions
 * @len:     number of instructions
 * @regions: UIRQ_MAX_REGIONS descriptors, indexed by region id
 * @err:     out: reason on rejection (may be NULL)
 *
 * Return: 0, or -EINVAL with @err filled in.
 */
int uirq_verify(struct uirq_prog *prog, u32 kind,
		const struct uirq_insn *insns, u32 len,
		const struct uirq_region_desc *regions,
		struct uirq_verr *err);

/**
 * struct uirq_bus - how the interpreter reaches the device
 * @read:  read @width bytes (1, 2, 4, 8) at @off of @region
 * @write: write the low @width bytes of @val at @off of @region
 * @delay: busy-wait @us microseconds
 * @ctx:   passed to every callback
 *
 * The interpreter only calls these for accesses inside the windows the
 * verifier computed, with widths legal for the region type.
 */
struct uirq_bus {
	u64 (*read)(void *ctx, u32 region, u32 off, u32 width);
	void (*write)(void *ctx, u32 region, u32 off, u32 width, u64 val);
	void (*delay)(void *ctx, u32 us);
	void *ctx;
};

/**
 * struct uirq_result - what one run produced
 * @ret:      UIRQ_RET_*
 * @cap_mask: capture slots written
 * @steps:    instructions executed
 * @cap:      capture slots (unwritten ones are zero)
 */
struct uirq_result {
	u32 ret;
	u32 cap_mask;
	u32 steps;
	u64 cap[UIRQ_NUM_CAPS];
};

/**
 * uirq_run() - execute a verified program
 * @prog: a program filled in by uirq_verify()
 * @bus:  the device
 * @res:  out: return code and captures
 *
 * Never sleeps, allocates or loops: at most @prog->props.max_steps
 * instructions run. Safe in hard-IRQ context as long as @bus is.
 *
 * Return: the program's return code (UIRQ_RET_*), also in @res->ret.
 */
u32 uirq_run(const struct uirq_prog *prog, const struct uirq_bus *bus,
	     struct uirq_result *res);

bool uirq_window_map(u64 cur_lo, u64 cur_len, const struct uirq_window *w,
		     u64 size, u64 page, u64 *lo, u64 *len);

/*
 * Names for messages and the assembler: "bar0".."bar5", "rom", "cfg",
 * "res0".."res7"; "?" for a value without a name.
 */
const char *uirq_region_name(u32 region);
const char *uirq_kind_name(u32 kind);	/* "ack", "enable", "release", "init" */
const char *uirq_ret_name(u32 ret);	/* "none", "handled", "quiet" */
/*
 * Mnemonic of an opcode ("ld32", "jeq", "ret", ...), or NULL when @op is
 * not an instruction: the assembler builds its table from it.
 */
const char *uirq_op_name(u32 op);

/*
 * uirq_default_regions() - the regions the offline tools assume when none
 * are given: bar0..bar5 as 4 KiB MMIO, cfg as 4 KiB config space.
 */
void uirq_default_regions(struct uirq_region_desc *regions);

/**
 * struct uirq_builtin - a program the kernel has built in
 * @kind:  UIRQ_PROG_*
 * @insns: its instructions
 * @count: how many
 */
struct uirq_builtin {
	u32 kind;
	const struct uirq_insn *insns;
	u32 count;
};

/* The PCI 2.3 ack and enable programs (core/builtin.c). */
extern const struct uirq_builtin uirq_builtin_pci23[2];

#endif /* UIRQ_CORE_H */
