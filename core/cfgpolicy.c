// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * uirq core: the config-space write policy. The owner of a device file
 * reaches its device and nothing else, so config-space writes, from
 * pwrite() and from program stores alike, may only change what a driver
 * legitimately needs; the bits that decide where the device decodes, how
 * it signals interrupts, its power state and its resets are the kernel's
 * (as vfio-pci's config virtualisation has it). The policy is computed
 * from a snapshot of the function's config space, here, for uirq.ko (at
 * probe) and for the offline tools alike; offline no snapshot is given,
 * so `uirqctl check` knows the standard header's part of the policy only.
 *
 * Writable:
 *  - command register: INTx-disable only (bus mastering is decided by
 *    the kernel per open file: UIRQ_CFG_MASTER);
 *  - status register: its error bits are write-1-to-clear and the rest is
 *    read-only in hardware, so no write to it can do more than clear an
 *    error;
 *  - cache line size and latency timer (harmless);
 *  - the body of vendor-specific capabilities;
 *  - everything outside the standard header and the capabilities it
 *    lists (the device-specific registers).
 * Everything else is read-only to the owner: identity, BARs, the
 * expansion ROM BAR, interrupt line, BIST, the capability headers, MSI,
 * MSI-X, power management, PCI Express (device control's FLR), AER and
 * every other capability, whose layout a driver need not touch.
 */
#include "uirq_core.h"

static const char * const cfg_why_names[UIRQ_CFG_NUM_WHY] = {
	[UIRQ_CFG_WRITABLE]	= "writable",
	[UIRQ_CFG_HEADER]	= "the standard header (identity, layout)",
	[UIRQ_CFG_COMMAND]	= "the command register's decode bits",
	[UIRQ_CFG_MASTER]	= "bus mastering (DMA)",
	[UIRQ_CFG_BAR]		= "a BAR",
	[UIRQ_CFG_ROM]		= "the expansion ROM BAR",
	[UIRQ_CFG_IRQ_LINE]	= "the interrupt line",
	[UIRQ_CFG_BIST]		= "BIST",
	[UIRQ_CFG_CAP_LIST]	= "a capability header",
	[UIRQ_CFG_MSI]		= "the MSI capability",
	[UIRQ_CFG_MSIX]		= "the MSI-X capability",
	[UIRQ_CFG_PM]		= "power management",
	[UIRQ_CFG_PCIE]		= "the PCI Express capability (device control, FLR)",
	[UIRQ_CFG_CAP]		= "a standard capability",
	[UIRQ_CFG_AER]		= "AER",
	[UIRQ_CFG_EXT_CAP]	= "an extended capability",
};

/**
 * uirq_cfg_why_name() - what a protected config byte belongs to
 * @why: UIRQ_CFG_*
 *
 * Return: a phrase for messages, e.g. "a BAR"; "?" for an unknown value.
 */
const char *uirq_cfg_why_name(u32 why)
{
	return why < UIRQ_CFG_NUM_WHY && cfg_why_names[why] ?
	       cfg_why_names[why] : "?";
}

static void cfg_set(struct uirq_cfg_policy *p, u32 off, u32 len, u8 wmask,
		    u8 why)
{
	u32 i;

	for (i = off; i < off + len && i < p->size; i++) {
		p->wmask[i] = wmask;
		p->why[i] = wmask == 0xff ? UIRQ_CFG_WRITABLE : why;
	}
}

static u32 cfg16(const u8 *cfg, u32 off)
{
	return cfg[off] | (u32)cfg[off + 1] << 8;
}

static u32 cfg32(const u8 *cfg, u32 off)
{
	return cfg16(cfg, off) | cfg16(cfg, off + 2) << 16;
}

/* Bytes a standard capability spans; 0: not known (read-only to 0x100). */
static u32 cap_len(const u8 *cfg, u32 ptr, u32 id)
{
	u32 flags;

	switch (id) {
	case 0x01:	/* power management */
		return 8;
	case 0x05:	/* MSI: 64-bit address, per-vector masking */
		flags = cfg16(cfg, ptr + 2);
		return 10 + (flags & 0x80 ? 4 : 0) + (flags & 0x100 ? 10 : 0);
	case 0x09:	/* vendor-specific: its own length byte */
		return cfg[ptr + 2] >= 3 ? cfg[ptr + 2] : 3;
	case 0x10:	/* PCI Express, version 2 */
		return 0x3c;
	case 0x11:	/* MSI-X */
		return 12;
	case 0x0d:	/* bridge subsystem id */
		return 8;
	default:
		return 0;
	}
}

static u8 cap_why(u32 id)
{
	switch (id) {
	case 0x01:
		return UIRQ_CFG_PM;
	case 0x05:
		return UIRQ_CFG_MSI;
	case 0x10:
		return UIRQ_CFG_PCIE;
	case 0x11:
		return UIRQ_CFG_MSIX;
	default:
		return UIRQ_CFG_CAP;
	}
}

static void cfg_caps(struct uirq_cfg_policy *p, const u8 *cfg)
{
	u32 ptr, id, len, hops;

	if (!(cfg[0x06] & 0x10))	/* no capability list */
		return;
	ptr = cfg[0x34] & 0xfc;
	for (hops = 0; ptr >= 0x40 && ptr <= 0xfc && hops < 48; hops++) {
		id = cfg[ptr];
		len = cap_len(cfg, ptr, id);
		if (!len || ptr + len > 0x100)
			len = 0x100 - ptr;
		if (id == 0x09) {
			/* Vendor-specific: only id, next and length are ours. */
			cfg_set(p, ptr + 3, len - 3, 0xff, UIRQ_CFG_WRITABLE);
			cfg_set(p, ptr, 3, 0, UIRQ_CFG_CAP_LIST);
		} else {
			cfg_set(p, ptr, len, 0, cap_why(id));
			cfg_set(p, ptr, 2, 0, UIRQ_CFG_CAP_LIST);
		}
		ptr = cfg[ptr + 1] & 0xfc;
	}
}

static void cfg_ext_caps(struct uirq_cfg_policy *p, const u8 *cfg)
{
	u32 ptr = 0x100, hdr, id, next, end, hops;

	for (hops = 0; ptr >= 0x100 && ptr + 4 <= p->size && hops < 960; hops++) {
		hdr = cfg32(cfg, ptr);
		if (!hdr || hdr == ~0u)
			return;
		id = hdr & 0xffff;
		next = hdr >> 20 & 0xffc;
		/* Unknown lengths: up to the next capability or the end. */
		end = next > ptr ? next : p->size;
		if (id == 0x0001) {
			cfg_set(p, ptr, (end - ptr < 0x48 ? end - ptr : 0x48), 0,
				UIRQ_CFG_AER);
		} else if (id == 0x000b && ptr + 8 <= p->size) {
			/* Vendor-specific: the header and VSEC header only. */
			cfg_set(p, ptr, 8, 0, UIRQ_CFG_EXT_CAP);
		} else {
			cfg_set(p, ptr, end - ptr, 0, UIRQ_CFG_EXT_CAP);
		}
		if (next <= ptr)
			return;
		ptr = next;
	}
}

/**
 * uirq_cfg_policy_init() - the config-space write policy of one function
 * @p:    out: the policy, UIRQ_CFG_POLICY_BYTES(@size) bytes
 * @cfg:  a snapshot of the function's config space, @size bytes; NULL: a
 *        type 0 header without capabilities (the offline default)
 * @size: config space size: 256, or 4096 for PCI Express (at most
 *        UIRQ_CFG_MAX)
 *
 * See the top of this file for what is writable. Bus mastering starts
 * refused (@p->master false): the kernel decides it per owner.
 */
void uirq_cfg_policy_init(struct uirq_cfg_policy *p, const u8 *cfg, u32 size)
{
	if (size > UIRQ_CFG_MAX)
		size = UIRQ_CFG_MAX;
	p->size = size;
	p->master = false;
	p->why = p->wmask + size;
	cfg_set(p, 0, size, 0xff, UIRQ_CFG_WRITABLE);
	cfg_set(p, 0, 0x40, 0, UIRQ_CFG_HEADER);
	cfg_set(p, 0x04, 1, 0, UIRQ_CFG_COMMAND);	/* io, mem, master, ... */
	cfg_set(p, 0x05, 1, 0x04, UIRQ_CFG_COMMAND);	/* INTx-disable only */
	cfg_set(p, 0x06, 2, 0xff, UIRQ_CFG_WRITABLE);	/* status: RW1C, RO */
	cfg_set(p, 0x0c, 2, 0xff, UIRQ_CFG_WRITABLE);	/* cache line, latency */
	cfg_set(p, 0x0f, 1, 0, UIRQ_CFG_BIST);
	cfg_set(p, 0x10, 24, 0, UIRQ_CFG_BAR);
	cfg_set(p, 0x30, 4, 0, UIRQ_CFG_ROM);
	cfg_set(p, 0x3c, 1, 0, UIRQ_CFG_IRQ_LINE);
	if (!cfg)
		return;
	cfg_caps(p, cfg);
	if (size > 0x100)
		cfg_ext_caps(p, cfg);
}

/**
 * uirq_cfg_check() - may the owner change these config bits?
 * @p:      the policy
 * @off:    first byte written
 * @width:  bytes written (1, 2 or 4), inside the policy's size
 * @cur:    the current value of those bytes (little-endian, as read)
 * @val:    the value to write
 * @why:    out: on refusal, the UIRQ_CFG_* of the first protected bit
 *
 * Return: true if every bit the write changes is writable.
 */
bool uirq_cfg_check(const struct uirq_cfg_policy *p, u32 off, u32 width,
		    u64 cur, u64 val, u32 *why)
{
	u64 diff = (cur ^ val) & ((width >= 8 ? 0 : 1ull << (width * 8)) - 1);
	u32 i;

	for (i = 0; i < width; i++) {
		u8 d = diff >> (i * 8);
		u8 wm = p->wmask[off + i];

		if (off + i == 0x04 && p->master)
			wm |= 0x04;
		if (!(d & ~wm))
			continue;
		if (why)
			*why = off + i == 0x04 && (d & ~wm) == 0x04 ?
			       UIRQ_CFG_MASTER : p->why[off + i];
		return false;
	}
	return true;
}

/**
 * uirq_cfg_merge() - a program's store, limited to the writable bits
 * @p:      the policy
 * @off:    first byte written
 * @width:  bytes written (1, 2 or 4)
 * @cur:    the current value of those bytes
 * @val:    the value the program stores
 *
 * A program runs in the interrupt handler, where no error can be
 * returned: its store changes the writable bits and leaves the others as
 * they are, as vfio-pci's emulated bits do.
 *
 * Return: the value to write.
 */
u64 uirq_cfg_merge(const struct uirq_cfg_policy *p, u32 off, u32 width,
		   u64 cur, u64 val)
{
	u64 mask = 0;
	u32 i;

	for (i = 0; i < width; i++) {
		u8 wm = p->wmask[off + i];

		if (off + i == 0x04 && p->master)
			wm |= 0x04;
		mask |= (u64)wm << (i * 8);
	}
	return (cur & ~mask) | (val & mask);
}

/**
 * uirq_cfg_all_protected() - does a store reach no writable bit at all?
 * @p:     the policy
 * @off:   first byte
 * @width: bytes
 * @why:   out: the UIRQ_CFG_* of the first byte
 *
 * The verifier rejects such a store: whatever its value, it can do
 * nothing but try to change what is the kernel's.
 *
 * Return: true if every byte is read-only to the owner.
 */
bool uirq_cfg_all_protected(const struct uirq_cfg_policy *p, u32 off,
			    u32 width, u32 *why)
{
	u32 i;

	for (i = 0; i < width; i++)
		if (off + i >= p->size || p->wmask[off + i] ||
		    (off + i == 0x04 && p->master))
			return false;
	if (why)
		*why = p->why[off];
	return true;
}
