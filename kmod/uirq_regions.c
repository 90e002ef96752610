// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: the device's regions. Programs get kernel mappings of only the
 * windows the verifier says they touch; user space gets mmap of whole
 * MMIO BAR pages (revoked when the device goes away) and pread/pwrite of
 * every region, configuration space included.
 */
#include <linux/pci.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "uirq_kmod.h"

#define UIRQ_OFFSET_MASK	((1ULL << UIRQ_REGION_OFFSET_SHIFT) - 1)

/*
 * A BAR smaller than a page can only be mapped if nothing else can ever
 * live in the rest of its page: reserve that rest, as vfio-pci does.
 */
static bool uirq_reserve_subpage(struct uirq_dev *ud, int bar)
{
	struct resource *res = &ud->pdev->resource[bar];
	struct resource *rest;

	if (!res->parent)
		return false;
	rest = kzalloc(sizeof(*rest), GFP_KERNEL);
	if (!rest)
		return false;
	rest->name = "uirq sub-page reserved";
	rest->start = res->end + 1;
	rest->end = res->start + PAGE_SIZE - 1;
	rest->flags = res->flags;
	if (request_resource(res->parent, rest)) {
		kfree(rest);
		return false;
	}
	ud->subpage_res[bar] = rest;
	return true;
}

/**
 * uirq_regions_probe() - describe the device's regions
 * @ud: the device being probed
 *
 * Fills in the region table the verifier checks programs against (absent
 * BARs, the ROM and the non-PCI slots are UIRQ_REGION_TYPE_NONE) and
 * decides which BARs user space may mmap: MMIO BARs starting on a page
 * boundary, and of those smaller than a page only the ones whose page
 * could be reserved.
 */
void uirq_regions_probe(struct uirq_dev *ud)
{
	struct pci_dev *pdev = ud->pdev;
	int bar;

	for (bar = 0; bar < UIRQ_NUM_BARS; bar++) {
		struct uirq_region_desc *rd = &ud->regions[bar];
		resource_size_t start = pci_resource_start(pdev, bar);
		resource_size_t len = pci_resource_len(pdev, bar);
		unsigned long flags = pci_resource_flags(pdev, bar);

		if (!len)
			continue;
		rd->size = len;
		if (flags & IORESOURCE_MEM) {
			rd->type = UIRQ_REGION_TYPE_MMIO;
			if (PAGE_ALIGNED(start))
				ud->mmap_ok[bar] = len >= PAGE_SIZE ||
						   uirq_reserve_subpage(ud, bar);
		} else if (flags & IORESOURCE_IO) {
			rd->type = UIRQ_REGION_TYPE_PIO;
		} else {
			rd->size = 0;
		}
	}
	ud->regions[UIRQ_REGION_CFG].type = UIRQ_REGION_TYPE_CFG;
	ud->regions[UIRQ_REGION_CFG].size = pdev->cfg_size;
}

/**
 * uirq_regions_remove() - give back what uirq_regions_probe() reserved
 * @ud: the device
 */
void uirq_regions_remove(struct uirq_dev *ud)
{
	int bar;

	for (bar = 0; bar < UIRQ_NUM_BARS; bar++) {
		if (!ud->subpage_res[bar])
			continue;
		release_resource(ud->subpage_res[bar]);
		kfree(ud->subpage_res[bar]);
		ud->subpage_res[bar] = NULL;
		ud->mmap_ok[bar] = false;
	}
}

/**
 * uirq_regions_probe_res() - describe a non-PCI device's regions
 * @ud: the device being created, its ranges claimed
 *
 * Range i is region res<i>; every other region is absent, so a program
 * that touches a BAR or config space is refused ("absent region"). Only
 * MMIO ranges made of whole pages may be mapped: the rest of a partial
 * page may be another device's, and nothing can reserve it for us.
 */
void uirq_regions_probe_res(struct uirq_dev *ud)
{
	const struct uirq_res_dev *rd = ud->res;
	u32 i;

	for (i = 0; i < rd->num; i++) {
		struct uirq_region_desc *desc = &ud->regions[UIRQ_REGION_RES0 + i];
		const struct uirq_res_range *r = &rd->range[i];

		desc->type = r->type;
		desc->size = r->size;
		ud->mmap_ok[UIRQ_REGION_RES0 + i] =
			r->type == UIRQ_REGION_TYPE_MMIO &&
			PAGE_ALIGNED(r->start) && PAGE_ALIGNED(r->size);
	}
}

/* Regions that kernel mappings are made of: BARs and ranges, not cfg. */
static bool uirq_region_mappable(struct uirq_dev *ud, u32 region)
{
	u32 type = ud->regions[region].type;

	return region != UIRQ_REGION_ROM &&
	       (type == UIRQ_REGION_TYPE_MMIO || type == UIRQ_REGION_TYPE_PIO);
}

static const struct uirq_res_range *uirq_res_range(struct uirq_dev *ud,
						     u32 region)
{
	return &ud->res->range[region - UIRQ_REGION_RES0];
}

/*
 * A kernel mapping of bytes [@lo, @lo + @len) of a region, for the
 * ioread*()/iowrite*() accessors: port I/O and MMIO alike.
 */
static void __iomem *uirq_region_iomap(struct uirq_dev *ud, u32 region,
				       u64 lo, u64 len)
{
	const struct uirq_res_range *r;

	if (ud->pdev)
		return pci_iomap_range(ud->pdev, region, lo, len);
	r = uirq_res_range(ud, region);
	if (r->type == UIRQ_REGION_TYPE_PIO)
		return ioport_map(r->start + lo, len);
	return ioremap(r->start + lo, len);
}

static void uirq_region_iounmap(struct uirq_dev *ud, u32 region,
				void __iomem *addr)
{
	if (ud->pdev)
		pci_iounmap(ud->pdev, addr);
	else if (uirq_res_range(ud, region)->type == UIRQ_REGION_TYPE_PIO)
		ioport_unmap(addr);
	else
		iounmap(addr);
}

/* Physical address of a mappable MMIO region's first byte. */
static phys_addr_t uirq_region_phys(struct uirq_dev *ud, u32 region)
{
	if (ud->pdev)
		return pci_resource_start(ud->pdev, region);
	return uirq_res_range(ud, region)->start;
}

/**
 * uirq_install_prog() - map a verified program's windows and install it
 * @ud:   the device, ud->mutex held
 * @prog: a program uirq_verify() accepted; owned by @ud on success
 *
 * Each region's mapping covers the union of the windows of every program
 * loaded since open (page-rounded, clipped to the BAR), so all of them can
 * run at any time. A grown window is mapped before the swap and the old
 * one unmapped after it, and the swap happens under ud->lock, which every
 * program run holds: no run ever sees a mapping that is going away.
 *
 * Return: 0 or -ENOMEM.
 */
int uirq_install_prog(struct uirq_dev *ud, struct uirq_prog *prog)
{
	return uirq_install_prog_at(ud, prog, &ud->prog[prog->kind]);
}

/**
 * uirq_install_prog_at() - uirq_install_prog() into another program slot
 * @ud:   the device, ud->mutex held
 * @prog: a program uirq_verify() accepted; owned by @ud on success
 * @slot: where it goes (a vector's ack program, uirq_msi.c), read and
 *        written under ud->lock
 *
 * Return: 0 or -ENOMEM.
 */
int uirq_install_prog_at(struct uirq_dev *ud, struct uirq_prog *prog,
			 struct uirq_prog **slot)
{
	struct uirq_win grown[UIRQ_MAX_REGIONS] = {};
	unsigned long irqflags;
	struct uirq_prog *old;
	int r;

	lockdep_assert_held(&ud->mutex);
	for (r = 0; r < UIRQ_MAX_REGIONS; r++) {
		const struct uirq_window *w = &prog->props.win[r];
		const struct uirq_win *cur = &ud->win[r];
		u64 lo, len;

		if (!(prog->props.region_mask & BIT(r)) || w->lo >= w->hi ||
		    !uirq_region_mappable(ud, r))
			continue;
		if (!uirq_window_map(cur->base ? cur->lo : 0,
				     cur->base ? cur->len : 0, w,
				     ud->regions[r].size, PAGE_SIZE, &lo, &len))
			continue;
		grown[r].base = uirq_region_iomap(ud, r, lo, len);
		if (!grown[r].base)
			goto err_unmap;
		grown[r].lo = lo;
		grown[r].len = len;
	}

	spin_lock_irqsave(&ud->lock, irqflags);
	for (r = 0; r < UIRQ_MAX_REGIONS; r++)
		if (grown[r].base)
			swap(ud->win[r], grown[r]);
	old = *slot;
	*slot = prog;
	spin_unlock_irqrestore(&ud->lock, irqflags);

	/* grown[] now holds the replaced mappings */
	for (r = 0; r < UIRQ_MAX_REGIONS; r++)
		if (grown[r].base)
			uirq_region_iounmap(ud, r, grown[r].base);
	kfree(old);
	return 0;

err_unmap:
	while (--r >= 0)
		if (grown[r].base)
			uirq_region_iounmap(ud, r, grown[r].base);
	return -ENOMEM;
}

/**
 * uirq_drop_prog() - remove the program of a kind
 * @ud:   the device, ud->mutex held
 * @kind: UIRQ_PROG_*, not the ack program while the IRQ is on
 *
 * Its windows stay mapped until release, as when a program is replaced:
 * another loaded program may share them.
 */
void uirq_drop_prog(struct uirq_dev *ud, u32 kind)
{
	unsigned long irqflags;
	struct uirq_prog *old;

	lockdep_assert_held(&ud->mutex);
	spin_lock_irqsave(&ud->lock, irqflags);
	old = ud->prog[kind];
	ud->prog[kind] = NULL;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	kfree(old);
}

/**
 * uirq_unmap_all() - free the programs and unmap every kernel mapping
 * @ud: the device, ud->mutex held, IRQ off
 *
 * With the IRQ off no program can run any more (UIRQ_UNMASK needs the IRQ
 * on and takes ud->mutex), so the windows can go.
 */
void uirq_unmap_all(struct uirq_dev *ud)
{
	unsigned long irqflags;
	struct uirq_prog *progs[UIRQ_PROG_NUM_KINDS];
	struct uirq_win wins[UIRQ_MAX_REGIONS];
	int i;

	lockdep_assert_held(&ud->mutex);
	spin_lock_irqsave(&ud->lock, irqflags);
	for (i = 0; i < UIRQ_PROG_NUM_KINDS; i++) {
		progs[i] = ud->prog[i];
		ud->prog[i] = NULL;
	}
	ud->builtin = 0;
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		wins[i] = ud->win[i];
		memset(&ud->win[i], 0, sizeof(ud->win[i]));
	}
	spin_unlock_irqrestore(&ud->lock, irqflags);

	for (i = 0; i < UIRQ_PROG_NUM_KINDS; i++)
		kfree(progs[i]);
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		if (wins[i].base)
			uirq_region_iounmap(ud, i, wins[i].base);
		if (ud->bar_map[i])
			uirq_region_iounmap(ud, i, ud->bar_map[i]);
		ud->bar_map[i] = NULL;
	}
}

/*
 * The interpreter only asks for accesses inside the verified windows, and
 * uirq_install_prog() maps all of them; the check costs two compares and
 * turns a broken invariant into a warning instead of a stray access in
 * IRQ context. Return: NULL outside the mapping.
 */
static void __iomem *uirq_win_addr(struct uirq_dev *ud, u32 region, u32 off,
				   u32 width)
{
	const struct uirq_win *w = &ud->win[region];

	if (WARN_ON_ONCE(!w->base || off < w->lo ||
			 (u64)off + width > w->lo + w->len))
		return NULL;
	return w->base + (off - w->lo);
}

static u64 uirq_bus_read(void *ctx, u32 region, u32 off, u32 width)
{
	struct uirq_dev *ud = ctx;
	void __iomem *addr;

	if (region == UIRQ_REGION_CFG)
		return uirq_config_prog_read(ud, off, width);

	addr = uirq_win_addr(ud, region, off, width);
	if (!addr)
		return ~0ull;	/* what a bus returns for nobody */
	switch (width) {
	case 1:
		return ioread8(addr);
	case 2:
		return ioread16(addr);
	case 4:
		return ioread32(addr);
	default:
		return readq(addr);
	}
}

static void uirq_bus_write(void *ctx, u32 region, u32 off, u32 width, u64 val)
{
	struct uirq_dev *ud = ctx;
	void __iomem *addr;

	if (region == UIRQ_REGION_CFG) {
		uirq_config_prog_write(ud, off, width, val);
		return;
	}

	addr = uirq_win_addr(ud, region, off, width);
	if (!addr)
		return;
	switch (width) {
	case 1:
		iowrite8(val, addr);
		break;
	case 2:
		iowrite16(val, addr);
		break;
	case 4:
		iowrite32(val, addr);
		break;
	default:
		writeq(val, addr);
		break;
	}
}

static void uirq_bus_delay(void *ctx, u32 us)
{
	udelay(us);
}

/**
 * uirq_run_prog() - run the loaded program of a kind on the device
 * @ud:   the device, ud->lock held
 * @kind: UIRQ_PROG_*
 * @res:  out: what the run produced
 *
 * Return: the program's return code; UIRQ_RET_NONE if none is loaded.
 */
u32 uirq_run_prog(struct uirq_dev *ud, u32 kind, struct uirq_result *res)
{
	return uirq_run_this(ud, ud->prog[kind], res);
}

/**
 * uirq_run_this() - run a program installed on the device
 * @ud:   the device, ud->lock held
 * @prog: a program installed with uirq_install_prog_at(), or NULL
 * @res:  out: what the run produced
 *
 * Return: the program's return code; UIRQ_RET_NONE for NULL.
 */
u32 uirq_run_this(struct uirq_dev *ud, const struct uirq_prog *prog,
		  struct uirq_result *res)
{
	const struct uirq_bus bus = {
		.read	= uirq_bus_read,
		.write	= uirq_bus_write,
		.delay	= uirq_bus_delay,
		.ctx	= ud,
	};

	lockdep_assert_held(&ud->lock);
	if (!prog) {
		memset(res, 0, sizeof(*res));
		res->ret = UIRQ_RET_NONE;
		return UIRQ_RET_NONE;
	}
	return uirq_run(prog, &bus, res);
}

/* Region index of a file offset, or UIRQ_MAX_REGIONS if it names none. */
static u32 uirq_offset_region(u64 pos)
{
	u64 index = pos >> UIRQ_REGION_OFFSET_SHIFT;

	if (!index || index > UIRQ_MAX_REGIONS)
		return UIRQ_MAX_REGIONS;
	return index - 1;
}

/*
 * Faults insert the BAR's pages one at a time. mmap_sem orders this
 * against removal: a fault either sees the device alive and inserts
 * before uirq_remove() zaps the range, or sees it dead and fails.
 */
static vm_fault_t uirq_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct uirq_dev *ud = vma->vm_private_data;
	u64 pos = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u32 bar = uirq_offset_region(pos);
	unsigned long pfn;
	vm_fault_t ret;

	pfn = (uirq_region_phys(ud, bar) >> PAGE_SHIFT) +
	      ((pos & UIRQ_OFFSET_MASK) >> PAGE_SHIFT) +
	      ((vmf->address - vma->vm_start) >> PAGE_SHIFT);

	down_read(&ud->mmap_sem);
	if (ud->dead)
		ret = VM_FAULT_SIGBUS;
	else
		ret = vmf_insert_pfn(vma, vmf->address, pfn);
	up_read(&ud->mmap_sem);
	return ret;
}

static const struct vm_operations_struct uirq_vm_ops = {
	.fault = uirq_vm_fault,
};

/**
 * uirq_mmap() - map pages of an MMIO BAR or range into user space
 * @ud:  the device
 * @vma: the mapping; its offset is UIRQ_REGION_OFFSET(region) + page offset
 *
 * Shared mappings only, never beyond the page-rounded region; pages are
 * inserted on fault so that removal can revoke them.
 *
 * Return: 0, -EINVAL or -ENODEV.
 */
int uirq_mmap(struct uirq_dev *ud, struct vm_area_struct *vma)
{
	u64 pos = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u32 bar = uirq_offset_region(pos);
	u64 off = pos & UIRQ_OFFSET_MASK;
	u64 len = vma->vm_end - vma->vm_start;

	if (READ_ONCE(ud->dead))
		return -ENODEV;
	if (bar >= UIRQ_MAX_REGIONS || !ud->mmap_ok[bar])
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (off + len > PAGE_ALIGN(ud->regions[bar].size))
		return -EINVAL;
	/* Not a page of the MSI-X table or PBA: only the kernel programs them. */
	if (uirq_config_msix_overlap(ud, bar, off, off + len))
		return -EPERM;

	vma->vm_private_data = ud;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	vma->vm_ops = &uirq_vm_ops;
	return 0;
}

static int uirq_bar_rw(struct uirq_dev *ud, u32 bar, u64 off, u32 width,
		       u64 *val, bool write)
{
	void __iomem *addr;

	/* A whole-BAR mapping, made on first use and kept until release. */
	if (!ud->bar_map[bar]) {
		ud->bar_map[bar] = uirq_region_iomap(ud, bar, 0,
						     ud->regions[bar].size);
		if (!ud->bar_map[bar])
			return -ENOMEM;
	}
	addr = ud->bar_map[bar] + off;
	switch (width) {
	case 1:
		if (write)
			iowrite8(*val, addr);
		else
			*val = ioread8(addr);
		break;
	case 2:
		if (write)
			iowrite16(*val, addr);
		else
			*val = ioread16(addr);
		break;
	case 4:
		if (write)
			iowrite32(*val, addr);
		else
			*val = ioread32(addr);
		break;
	default:
		if (write)
			writeq(*val, addr);
		else
			*val = readq(addr);
		break;
	}
	return 0;
}

/* User buffers hold the register value in host byte order, @width bytes. */
static int uirq_get_val(const char __user *buf, u32 width, u64 *val)
{
	u8 v8;
	u16 v16;
	u32 v32;
	int ret;

	switch (width) {
	case 1:
		ret = get_user(v8, (const u8 __user *)buf);
		*val = v8;
		return ret;
	case 2:
		ret = get_user(v16, (const u16 __user *)buf);
		*val = v16;
		return ret;
	case 4:
		ret = get_user(v32, (const u32 __user *)buf);
		*val = v32;
		return ret;
	default:
		return get_user(*val, (const u64 __user *)buf);
	}
}

static int uirq_put_val(char __user *buf, u32 width, u64 val)
{
	switch (width) {
	case 1:
		return put_user((u8)val, (u8 __user *)buf);
	case 2:
		return put_user((u16)val, (u16 __user *)buf);
	case 4:
		return put_user((u32)val, (u32 __user *)buf);
	default:
		return put_user(val, (u64 __user *)buf);
	}
}

/**
 * uirq_region_rw() - pread/pwrite of one naturally aligned register
 * @ud:    the device
 * @buf:   user buffer of @count bytes
 * @count: access width: 1, 2 or 4, and 8 for MMIO BARs
 * @pos:   UIRQ_REGION_OFFSET(region) + byte offset, a multiple of @count
 * @write: pwrite rather than pread
 *
 * Return: @count, or -EINVAL (no such region, width, alignment or range),
 * -EFAULT, -ENOMEM, -ENODEV, or a config-space accessor's error.
 */
ssize_t uirq_region_rw(struct uirq_dev *ud, char __user *buf, size_t count,
		       loff_t pos, bool write)
{
	u32 region = uirq_offset_region(pos);
	u64 off = pos & UIRQ_OFFSET_MASK;
	const struct uirq_region_desc *rd;
	u64 val = 0;
	int ret;

	if (region >= UIRQ_MAX_REGIONS)
		return -EINVAL;
	rd = &ud->regions[region];
	if (rd->type == UIRQ_REGION_TYPE_NONE)
		return -EINVAL;
	if (count != 1 && count != 2 && count != 4 &&
	    !(count == 8 && rd->type == UIRQ_REGION_TYPE_MMIO))
		return -EINVAL;
	if (off & (count - 1) || off + count > rd->size)
		return -EINVAL;
	if (write && uirq_get_val(buf, count, &val))
		return -EFAULT;
	if (write && uirq_config_msix_overlap(ud, region, off, off + count))
		return -EPERM;

	/* ud->mutex keeps removal, which unmaps bar_map[], out. */
	mutex_lock(&ud->mutex);
	if (ud->dead)
		ret = -ENODEV;
	else if (rd->type == UIRQ_REGION_TYPE_CFG)
		ret = uirq_config_user_rw(ud, off, count, &val, write);
	else
		ret = uirq_bar_rw(ud, region, off, count, &val, write);
	mutex_unlock(&ud->mutex);
	if (ret)
		return ret;

	if (!write && uirq_put_val(buf, count, val))
		return -EFAULT;
	return count;
}
