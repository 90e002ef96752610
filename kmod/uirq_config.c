// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: configuration space, the one place every config access of the
 * owner goes through, from pread()/pwrite() and from program loads and
 * stores alike. The policy (core/cfgpolicy.c) says which bits are the
 * owner's; here it is applied: a pwrite() that would change a protected
 * bit fails with -EPERM, a program's store changes only the writable bits
 * (it runs in the interrupt handler and cannot be told no), and bus
 * mastering is the owner's only when DMA cannot reach outside its device.
 * The MSI-X table and PBA are the kernel's too: they are located here.
 */
#include <linux/capability.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/unaligned.h>

#include "uirq_kmod.h"

/* Raw accessors: width 1, 2 or 4. Return: 0 or -errno. */
static int uirq_cfg_read(struct pci_dev *pdev, u32 off, u32 width, u64 *val)
{
	u32 v32 = 0;
	u16 v16 = 0;
	u8 v8 = 0;
	int ret;

	switch (width) {
	case 1:
		ret = pci_read_config_byte(pdev, off, &v8);
		*val = v8;
		break;
	case 2:
		ret = pci_read_config_word(pdev, off, &v16);
		*val = v16;
		break;
	default:
		ret = pci_read_config_dword(pdev, off, &v32);
		*val = v32;
		break;
	}
	return pcibios_err_to_errno(ret);
}

static int uirq_cfg_write(struct pci_dev *pdev, u32 off, u32 width, u64 val)
{
	int ret;

	switch (width) {
	case 1:
		ret = pci_write_config_byte(pdev, off, val);
		break;
	case 2:
		ret = pci_write_config_word(pdev, off, val);
		break;
	default:
		ret = pci_write_config_dword(pdev, off, val);
		break;
	}
	return pcibios_err_to_errno(ret);
}

/* Where a BAR holds the MSI-X table or PBA: [lo, hi) of BAR @bar. */
static void uirq_msix_range(struct uirq_dev *ud, u32 reg, u32 bytes, int i)
{
	u32 v;

	if (pci_read_config_dword(ud->pdev, ud->pdev->msix_cap + reg, &v))
		return;
	ud->msix_bar[i] = v & PCI_MSIX_TABLE_BIR;
	ud->msix_lo[i] = v & PCI_MSIX_TABLE_OFFSET;
	ud->msix_hi[i] = ud->msix_lo[i] + bytes;
}

/**
 * uirq_config_probe() - compute the device's config-space policy
 * @ud: the device being probed
 *
 * Reads the whole config space once (capabilities do not move) and
 * locates the MSI-X table and PBA.
 *
 * Return: 0 or -ENOMEM.
 */
int uirq_config_probe(struct uirq_dev *ud)
{
	struct pci_dev *pdev = ud->pdev;
	u32 size = min_t(u32, pdev->cfg_size, UIRQ_CFG_MAX);
	u16 flags, n;
	u32 off, v;
	u8 *snap;

	/* A PCI Express function's 8 KiB in 3 pages, not a 16 KiB slab. */
	if (UIRQ_CFG_POLICY_BYTES(size) > PAGE_SIZE)
		ud->cfg_policy = vzalloc(UIRQ_CFG_POLICY_BYTES(size));
	else
		ud->cfg_policy = kzalloc(UIRQ_CFG_POLICY_BYTES(size), GFP_KERNEL);
	snap = kzalloc(size, GFP_KERNEL);
	if (!ud->cfg_policy || !snap) {
		kfree(snap);
		kvfree(ud->cfg_policy);
		ud->cfg_policy = NULL;
		return -ENOMEM;
	}
	/* An unreadable dword reads as ~0: no capability list follows it. */
	for (off = 0; off < size; off += 4) {
		if (pci_read_config_dword(pdev, off, &v))
			v = ~0u;
		put_unaligned_le32(v, snap + off);
	}
	uirq_cfg_policy_init(ud->cfg_policy, snap, size);
	kfree(snap);
	ud->regions[UIRQ_REGION_CFG].policy = ud->cfg_policy;

	ud->msix_bar[0] = ud->msix_bar[1] = UIRQ_NUM_BARS;
	if (pdev->msix_cap &&
	    !pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &flags)) {
		n = (flags & PCI_MSIX_FLAGS_QSIZE) + 1;
		uirq_msix_range(ud, PCI_MSIX_TABLE, n * PCI_MSIX_ENTRY_SIZE, 0);
		uirq_msix_range(ud, PCI_MSIX_PBA, DIV_ROUND_UP(n, 64) * 8, 1);
	}
	return 0;
}

/**
 * uirq_config_remove() - free what uirq_config_probe() allocated
 * @ud: the device, at its last reference: a LOAD_PROG racing with removal
 *      verifies against the policy without ud->mutex
 */
void uirq_config_remove(struct uirq_dev *ud)
{
	ud->regions[UIRQ_REGION_CFG].policy = NULL;
	kvfree(ud->cfg_policy);
	ud->cfg_policy = NULL;
}

/*
 * Without an IOMMU a device doing DMA reaches all of memory: bus mastering
 * is then as good as root, and only CAP_SYS_RAWIO may have it (as
 * vfio-noiommu asks). Behind an IOMMU with a DMA-API domain the device
 * reaches only what the kernel mapped for it, which uirq maps nothing of.
 */
static bool uirq_dma_contained(struct pci_dev *pdev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(&pdev->dev);

	return dom && iommu_is_dma_domain(dom);
}

/**
 * uirq_config_open() - decide what the new owner may change
 * @ud: the device, ud->mutex held, at open (credentials of the opener)
 *
 * Return: true if the owner may turn bus mastering on.
 */
bool uirq_config_open(struct uirq_dev *ud)
{
	ud->cfg_policy->master = capable(CAP_SYS_RAWIO) ||
				 uirq_dma_contained(ud->pdev);
	return ud->cfg_policy->master;
}

/**
 * uirq_config_prog_read() - a program's config load
 * @ud:    the device, ud->lock held
 * @off:   offset, inside config space (verified)
 * @width: 1, 2 or 4
 *
 * Return: the value; all ones if the access failed (a bus's "nobody").
 */
u64 uirq_config_prog_read(struct uirq_dev *ud, u32 off, u32 width)
{
	u64 v;

	if (uirq_cfg_read(ud->pdev, off, width, &v))
		return ~0ull >> (64 - width * 8);
	return v;
}

/**
 * uirq_config_prog_write() - a program's config store, within the policy
 * @ud:    the device, ud->lock held
 * @off:   offset, inside config space (verified: some bit is writable)
 * @width: 1, 2 or 4
 * @val:   the value stored
 *
 * Bytes wholly the owner's are written as stored; otherwise the protected
 * bits keep their current value (one more config read).
 */
void uirq_config_prog_write(struct uirq_dev *ud, u32 off, u32 width, u64 val)
{
	const struct uirq_cfg_policy *p = ud->cfg_policy;
	u64 cur;
	u32 i;

	lockdep_assert_held(&ud->lock);
	for (i = 0; i < width; i++)
		if (p->wmask[off + i] != 0xff)
			break;
	if (i < width) {
		if (uirq_cfg_read(ud->pdev, off, width, &cur))
			return;
		val = uirq_cfg_merge(p, off, width, cur, val);
	}
	uirq_cfg_write(ud->pdev, off, width, val);
}

/* Check a user write against the policy and do it; see below for locks. */
static int uirq_config_user_write(struct uirq_dev *ud, u32 off, u32 width,
				  u64 v, bool cmd)
{
	u64 cur;
	u32 why;
	int ret;

	ret = uirq_cfg_read(ud->pdev, off, width, &cur);
	if (ret)
		return ret;
	if (!uirq_cfg_check(ud->cfg_policy, off, width, cur, v, &why)) {
		pci_dbg(ud->pdev, "uirq: pwrite of cfg 0x%x refused: %s\n", off,
			uirq_cfg_why_name(why));
		return -EPERM;
	}
	/*
	 * With no handler on the line (IRQ off) or after a guard trip, a
	 * pending interrupt would assert a line nobody answers for: keep
	 * INTx-disable set; UIRQ_IRQ_ON clears it once the handler is in.
	 * Aligned: the write starts at the register or its high byte.
	 */
	if (cmd && ud->intx_mask &&
	    (ud->guard.fault || !ud->irq_on || ud->msi_type))
		v |= off == PCI_COMMAND ? PCI_COMMAND_INTX_DISABLE :
					  PCI_COMMAND_INTX_DISABLE >> 8;
	/* A vector storm was stopped by bus mastering off: it stays off. */
	if (cmd && ud->msi_type && ud->guard.fault && off == PCI_COMMAND)
		v &= ~(u64)PCI_COMMAND_MASTER;
	return uirq_cfg_write(ud->pdev, off, width, v);
}

/**
 * uirq_config_user_rw() - pread()/pwrite() of config space
 * @ud:    the device, ud->mutex held, not dead
 * @off:   offset, inside config space
 * @width: 1, 2 or 4, @off aligned to it
 * @val:   in: the value to write; out: the value read
 * @write: pwrite rather than pread
 *
 * Reads are never refused. A write must change only bits the owner may
 * change (else -EPERM, and nothing is written). One that overlaps the
 * command register runs under ud->lock, like every kernel-side write of
 * it (programs, quiesce, the storm guard), so no INTx-disable update is
 * lost in between. While the IRQ is off, or the guard quiesced the
 * device, INTx-disable stays set whatever is written (no handler would
 * answer the line); UIRQ_IRQ_ON clears it.
 *
 * Return: 0, -EPERM, or a config accessor's error.
 */
int uirq_config_user_rw(struct uirq_dev *ud, u32 off, u32 width, u64 *val,
			bool write)
{
	unsigned long irqflags;
	int ret;

	lockdep_assert_held(&ud->mutex);
	if (!write)
		return uirq_cfg_read(ud->pdev, off, width, val);
	if (off >= PCI_COMMAND + 2 || off + width <= PCI_COMMAND)
		return uirq_config_user_write(ud, off, width, *val, false);

	spin_lock_irqsave(&ud->lock, irqflags);
	ret = uirq_config_user_write(ud, off, width, *val, true);
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return ret;
}

/**
 * uirq_config_msix_overlap() - does [lo, hi) of a BAR touch MSI-X state?
 * @ud:  the device
 * @bar: BAR index
 * @lo:  first byte
 * @hi:  one past the last byte
 *
 * Return: true if it overlaps the MSI-X table or the PBA, which only the
 * kernel's MSI code may program (page-rounded for mmap by the caller).
 */
bool uirq_config_msix_overlap(struct uirq_dev *ud, u32 bar, u64 lo, u64 hi)
{
	int i;

	for (i = 0; i < 2; i++)
		if (ud->msix_bar[i] == bar && lo < ud->msix_hi[i] &&
		    hi > ud->msix_lo[i])
			return true;
	return false;
}
