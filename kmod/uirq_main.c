// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: user-space drivers for shared, level-triggered PCI INTx interrupts
 * and for non-PCI devices described by hand (uirq_res.c).
 *
 * The PCI driver and the character devices. The driver has no id table:
 * it only binds to devices an administrator hands it, through
 * driver_override + drivers_probe or new_id, exactly like vfio-pci.
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/xarray.h>
#include <linux/eventfd.h>

#include "uirq_kmod.h"

#define UIRQ_MAX_DEVS	256

/*
 * Every QEMU PCI device model implements INTx masking, so the paths for
 * devices without it (a release program is then the only way to quiet
 * one; the storm guard can only count) are tested by pretending.
 */
static bool uirq_no_intx_mask;
module_param_named(no_intx_mask, uirq_no_intx_mask, bool, 0444);
MODULE_PARM_DESC(no_intx_mask,
		 "treat every device as lacking PCI 2.3 INTx masking (testing)");

static dev_t uirq_devt;
static struct class *uirq_class;
/* minor -> struct uirq_dev; xa_lock orders lookups against removal */
static DEFINE_XARRAY_ALLOC(uirq_minors);

static char *uirq_devnode(struct device *dev, umode_t *mode)
{
	if (mode)
		*mode = 0600;
	return kasprintf(GFP_KERNEL, "uirq/%s", dev_name(dev));
}

/*
 * sysfs on the class device: the counters of the current owner, or of the
 * last one until the next open, readable without opening the device (only
 * one owner may hold it open). uirq_remove() destroys the class device
 * before its put, and kernfs waits for running show() calls and refuses
 * new ones on removal, so dev_get_drvdata() never returns freed memory.
 */
static ssize_t uirq_stat_show(struct device *dev, char *buf, size_t off)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	unsigned long irqflags;
	u64 val;

	/* The handler's lock: no torn u64 on 32-bit, no half-done update. */
	spin_lock_irqsave(&ud->lock, irqflags);
	val = *(u64 *)((u8 *)&ud->stats + off);
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return sysfs_emit(buf, "%llu\n", val);
}

#define UIRQ_STAT_ATTR(field)						\
static ssize_t field##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return uirq_stat_show(dev, buf,					\
			      offsetof(struct uirq_kstats, field));	\
}									\
static struct device_attribute dev_attr_##field = __ATTR(field, 0440,	\
	field##_show, NULL)

/*
 * stats/ tells when another user's device interrupts: root's and, through
 * the udev rule (udev/60-uirq.rules), the uirq group's only.
 */
UIRQ_STAT_ATTR(handled);
UIRQ_STAT_ATTR(declined);
UIRQ_STAT_ATTR(quiet);
UIRQ_STAT_ATTR(events);
UIRQ_STAT_ATTR(dropped);
UIRQ_STAT_ATTR(enable_runs);
UIRQ_STAT_ATTR(unmask_events);
UIRQ_STAT_ATTR(max_ns);
UIRQ_STAT_ATTR(total_ns);
UIRQ_STAT_ATTR(faults);
UIRQ_STAT_ATTR(guard_checks);

static struct attribute *uirq_stats_attrs[] = {
	&dev_attr_handled.attr,
	&dev_attr_declined.attr,
	&dev_attr_quiet.attr,
	&dev_attr_events.attr,
	&dev_attr_dropped.attr,
	&dev_attr_enable_runs.attr,
	&dev_attr_unmask_events.attr,
	&dev_attr_max_ns.attr,
	&dev_attr_total_ns.attr,
	&dev_attr_faults.attr,
	&dev_attr_guard_checks.attr,
	NULL
};

static const struct attribute_group uirq_stats_group = {
	.name	= "stats",
	.attrs	= uirq_stats_attrs,
};

/* As UIO's "event": the low 32 bits, what a 4-byte read() would return. */
static ssize_t event_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	unsigned long irqflags;
	u32 val;

	spin_lock_irqsave(&ud->lock, irqflags);
	val = (u32)ud->event_count;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return sysfs_emit(buf, "%u\n", val);
}
/* Interrupt timing, like stats/: root and (udev rule) the uirq group. */
static struct device_attribute dev_attr_event = __ATTR(event, 0440, event_show, NULL);

static ssize_t irq_on_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	bool on;

	/* irq_on changes under the mutex, together with request/free_irq. */
	mutex_lock(&ud->mutex);
	on = ud->irq_on;
	mutex_unlock(&ud->mutex);
	return sysfs_emit(buf, "%d\n", on);
}
static DEVICE_ATTR_RO(irq_on);

/* The storm guard's verdict: "none", or the reason it quiesced the device. */
static ssize_t fault_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", uirq_fault_name(uirq_fault(ud)));
}
static DEVICE_ATTR_RO(fault);

static ssize_t fault_ns_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	unsigned long irqflags;
	u64 val;

	spin_lock_irqsave(&ud->lock, irqflags);
	val = ud->guard.fault_ns;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return sysfs_emit(buf, "%llu\n", val);
}
static struct device_attribute dev_attr_fault_ns = __ATTR(fault_ns, 0440,
							 fault_ns_show, NULL);

/* Bytes the kernel holds for @p: slab objects with their rounding. */
static size_t uirq_kmem_of(const void *p, size_t bytes)
{
	if (!p)
		return 0;
	return is_vmalloc_addr(p) ? PAGE_ALIGN(bytes) : ksize(p);
}

/*
 * The kernel memory this device holds now (docs/device-abi.md "sysfs"):
 * its state, the event queue, the config policy, the programs loaded,
 * the shared ring once used, the config saved at open, the MSI/MSI-X
 * vectors' state and programs. Mappings of its
 * BARs are address space, not memory, and are not counted.
 */
static ssize_t memory_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	size_t n;
	int i;

	mutex_lock(&ud->mutex);
	n = ksize(ud) + uirq_kmem_of(ud->ring_buf, UIRQ_RING_BUF_BYTES) +
	    uirq_kmem_of(ud->res, sizeof(*ud->res));
	if (ud->cfg_policy)
		n += uirq_kmem_of(ud->cfg_policy,
				  UIRQ_CFG_POLICY_BYTES(ud->cfg_policy->size));
	for (i = 0; i < UIRQ_PROG_NUM_KINDS; i++)
		n += uirq_kmem_of(ud->prog[i], sizeof(*ud->prog[i]));
	n += uirq_kmem_of(ud->uring, UIRQ_RING_SIZE);
	n += uirq_kmem_of(ud->saved, 0);
	n += uirq_msi_kmem(ud);
	for (i = 0; i < UIRQ_NUM_BARS; i++)
		n += uirq_kmem_of(ud->subpage_res[i], 0);
	mutex_unlock(&ud->mutex);
	return sysfs_emit(buf, "%zu\n", n);
}
static DEVICE_ATTR_RO(memory);

/* The Linux IRQ: for tools that list devices without opening them. */
static ssize_t irq_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", ud->irq);
}
static DEVICE_ATTR_RO(irq);

/*
 * A non-PCI device's description, one range a line as "res<i> pio|mmio
 * <start> <size>", then "trigger edge|level": what UIRQ_CTL_CREATE was
 * given. Absent for PCI functions (their BARs are in the PCI device's
 * own "resource" file).
 */
static ssize_t resources_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	const struct uirq_res_dev *rd = ud->res;
	int i, n = 0;

	for (i = 0; i < rd->num; i++)
		n += sysfs_emit_at(buf, n, "res%d %s %#llx %#llx\n", i,
				   rd->range[i].type == UIRQ_REGION_TYPE_PIO ?
				   "pio" : "mmio", rd->range[i].start,
				   rd->range[i].size);
	n += sysfs_emit_at(buf, n, "trigger %s\n",
			   rd->trigger & UIRQ_TRIGGER_LEVEL_MASK ? "level" : "edge");
	return n;
}
static DEVICE_ATTR_RO(resources);

static struct attribute *uirq_res_attrs[] = {
	&dev_attr_resources.attr,
	NULL
};

static umode_t uirq_res_visible(struct kobject *kobj, struct attribute *attr,
				int n)
{
	struct uirq_dev *ud = dev_get_drvdata(kobj_to_dev(kobj));

	return ud->res ? attr->mode : 0;
}

static const struct attribute_group uirq_res_group = {
	.attrs		= uirq_res_attrs,
	.is_visible	= uirq_res_visible,
};

static struct attribute *uirq_dev_attrs[] = {
	&dev_attr_irq.attr,
	&dev_attr_event.attr,
	&dev_attr_memory.attr,
	&dev_attr_irq_on.attr,
	&dev_attr_fault.attr,
	&dev_attr_fault_ns.attr,
	NULL
};

static const struct attribute_group uirq_dev_group = {
	.attrs	= uirq_dev_attrs,
};

/*
 * guard/: the thresholds this device's guard runs with (the module
 * parameters' values at its last open or UIRQ_IRQ_ON).
 */
static ssize_t uirq_guard_show(struct device *dev, char *buf, int which)
{
	struct uirq_dev *ud = dev_get_drvdata(dev);
	unsigned long irqflags;
	u64 val;

	spin_lock_irqsave(&ud->lock, irqflags);
	switch (which) {
	case 0:
		val = div_u64(ud->guard.window_ns, NSEC_PER_MSEC);
		break;
	case 1:
		val = ud->guard.suspect;
		break;
	case 2:
		val = ud->guard.confirm;
		break;
	case 3:
		val = ud->guard.max_irqs;
		break;
	default:
		val = ud->guard.status;
		break;
	}
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return sysfs_emit(buf, "%llu\n", val);
}

#define UIRQ_GUARD_ATTR(name, which)					\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return uirq_guard_show(dev, buf, which);			\
}									\
static DEVICE_ATTR_RO(name)

UIRQ_GUARD_ATTR(window_ms, 0);
UIRQ_GUARD_ATTR(suspect, 1);
UIRQ_GUARD_ATTR(confirm, 2);
UIRQ_GUARD_ATTR(max_irqs, 3);
UIRQ_GUARD_ATTR(intx_status, 4);

static struct attribute *uirq_guard_attrs[] = {
	&dev_attr_window_ms.attr,
	&dev_attr_suspect.attr,
	&dev_attr_confirm.attr,
	&dev_attr_max_irqs.attr,
	&dev_attr_intx_status.attr,
	NULL
};

static const struct attribute_group uirq_guard_group = {
	.name	= "guard",
	.attrs	= uirq_guard_attrs,
};

static const struct attribute_group *uirq_dev_groups[] = {
	&uirq_dev_group,
	&uirq_res_group,
	&uirq_stats_group,
	&uirq_guard_group,
	NULL
};

static void uirq_dev_release(struct kref *kref)
{
	struct uirq_dev *ud = container_of(kref, struct uirq_dev, kref);

	/* Last: an ioctl may still verify a program against it until here. */
	uirq_config_remove(ud);
	vfree(ud->ring_buf);
	pci_dev_put(ud->pdev);
	uirq_res_free(ud);
	kfree(ud);
}

/**
 * uirq_dev_put() - drop a reference to a device's state
 * @ud: the device
 *
 * The last reference (the PCI binding or the last open file, whichever
 * goes last) frees it.
 */
void uirq_dev_put(struct uirq_dev *ud)
{
	kref_put(&ud->kref, uirq_dev_release);
}

/**
 * uirq_dev_get_by_minor() - find the device of a minor and reference it
 * @minor: minor number of the opened node
 *
 * Return: the device with a new reference, or NULL if it is gone.
 */
struct uirq_dev *uirq_dev_get_by_minor(unsigned int minor)
{
	struct uirq_dev *ud;

	xa_lock(&uirq_minors);
	ud = xa_load(&uirq_minors, minor);
	if (ud)
		kref_get(&ud->kref);
	xa_unlock(&uirq_minors);
	return ud;
}

/**
 * uirq_dev_enable() - hand the device to a new owner (open)
 * @ud: the device, ud->mutex held, not open
 *
 * Saves config space, for uirq_dev_disable() to put back, and starts the
 * owner clean: no events, zeroed counters, the guard re-armed and API 1
 * event records until UIRQ_IRQ_ON asks for more.
 *
 * Return: 0 or -ENOMEM.
 */
int uirq_dev_enable(struct uirq_dev *ud)
{
	lockdep_assert_held(&ud->mutex);
	if (ud->pdev) {
		uirq_config_open(ud);
		pci_save_state(ud->pdev);
		ud->saved = pci_store_saved_state(ud->pdev);
		if (!ud->saved)
			return -ENOMEM;
	}
	uirq_reset_events(ud);
	uirq_guard_params(ud);
	ud->event_size = UIRQ_EVENT_SIZE_V1;
	return 0;
}

/* No DMA and no message-signalled interrupt outlives the owner. */
static void uirq_stop_dma_locked(struct uirq_dev *ud)
{
	struct pci_dev *pdev = ud->pdev;
	u16 v;

	lockdep_assert_held(&ud->lock);
	if (!pdev)
		return;	/* ISA DMA (the 8237) is not the owner's to program */
	if (!pci_read_config_word(pdev, PCI_COMMAND, &v) &&
	    (v & PCI_COMMAND_MASTER))
		pci_write_config_word(pdev, PCI_COMMAND, v & ~PCI_COMMAND_MASTER);
	/* The owner may have enabled them behind the kernel's MSI code. */
	if (pdev->msi_cap &&
	    !pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &v) &&
	    (v & PCI_MSI_FLAGS_ENABLE))
		pci_write_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS,
				      v & ~PCI_MSI_FLAGS_ENABLE);
	if (pdev->msix_cap &&
	    !pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &v) &&
	    (v & PCI_MSIX_FLAGS_ENABLE))
		pci_write_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS,
				      v & ~PCI_MSIX_FLAGS_ENABLE);
}

/**
 * uirq_dev_disable() - take the device back from its owner
 * @ud:    the device, ud->mutex held; at removal, user mappings revoked
 * @reset: try a function reset (not at removal: the PCI core holds the
 *         device lock there)
 *
 * Release (close, exit, crash, kill -9) and removal, in this order, each
 * step relying on the one before (3 and 4 only for PCI):
 *  1. release program and INTx-disable, bus mastering and MSI/MSI-X off,
 *     in one step under ud->lock, whether or not the IRQ is on: the device
 *     stops asserting its line and stops DMA before anything else, and no
 *     ack program runs in between;
 *  2. free_irq(): only now, so a device that still asserted had a handler
 *     (MSI/MSI-X: every vector's, then the vectors themselves, INTx-disable
 *     kept set: uirq_msi_free());
 *  3. a function reset where the device has one (pci_try_reset_function());
 *  4. the config space saved at open is restored (BARs, command register,
 *     capabilities the owner may have changed), except that the command
 *     register keeps INTx-disable on and bus mastering off: the next
 *     IRQ_ON clears INTx-disable once a handler is in, and a later kernel
 *     driver's pci_enable_device() does too;
 *  5. the kernel mappings and the programs (the vectors' too) go.
 */
void uirq_dev_disable(struct uirq_dev *ud, bool reset)
{
	unsigned long irqflags;
	int ret;

	lockdep_assert_held(&ud->mutex);
	spin_lock_irqsave(&ud->lock, irqflags);
	uirq_silence_locked(ud);
	uirq_stop_dma_locked(ud);
	spin_unlock_irqrestore(&ud->lock, irqflags);

	if (ud->irq_on)
		uirq_irq_free(ud);

	/*
	 * A non-PCI device has no reset and no saved state: its release
	 * program was all there is to quiet it (uirq_irq_on() insists on one).
	 */
	if (!ud->pdev)
		goto unmap;
	if (reset) {
		ret = pci_try_reset_function(ud->pdev);
		if (ret && ret != -ENOTTY)
			pci_dbg(ud->pdev, "uirq: no reset at release: %d\n", ret);
	}
	if (ud->saved && !pci_load_and_free_saved_state(ud->pdev, &ud->saved)) {
		u32 *cmd = &ud->pdev->saved_config_space[PCI_COMMAND / 4];

		*cmd &= ~PCI_COMMAND_MASTER;
		if (ud->intx_mask)
			*cmd |= PCI_COMMAND_INTX_DISABLE;
		pci_restore_state(ud->pdev);
	}
unmap:
	uirq_msi_release(ud);
	uirq_unmap_all(ud);
}

/**
 * uirq_dev_alloc() - allocate and initialise a device's state
 * @pdev: the PCI function (a reference is taken), or NULL for a non-PCI
 *        device
 * @name: its name: the PCI address, or the name given at creation
 *
 * Return: the device with one reference, or NULL (no memory).
 */
struct uirq_dev *uirq_dev_alloc(struct pci_dev *pdev, const char *name)
{
	struct uirq_dev *ud;

	ud = kzalloc(sizeof(*ud), GFP_KERNEL);
	if (!ud)
		return NULL;
	kref_init(&ud->kref);
	ud->pdev = pci_dev_get(pdev);
	ud->minor = -1;
	mutex_init(&ud->mutex);
	mutex_init(&ud->read_mutex);
	init_rwsem(&ud->mmap_sem);
	spin_lock_init(&ud->lock);
	init_waitqueue_head(&ud->wait);
	snprintf(ud->irq_name, sizeof(ud->irq_name), "uirq:%s", name);
	ud->msix_bar[0] = ud->msix_bar[1] = UIRQ_MAX_REGIONS;

	/* vmalloc: its 24 KiB in whole pages, not a 32 KiB slab object. */
	ud->ring_buf = vzalloc(UIRQ_RING_BUF_BYTES);
	if (!ud->ring_buf ||
	    kfifo_init(&ud->ring, ud->ring_buf, UIRQ_RING_BUF_BYTES)) {
		uirq_dev_put(ud);
		return NULL;
	}
	return ud;
}

/**
 * uirq_dev_register() - give a fully probed device its minor and node
 * @ud:     the device, quiet (nothing it asserts can reach its line)
 * @parent: the PCI function's device, or NULL (a /sys/devices/virtual one)
 *
 * The node is named after ud->irq_name without its "uirq:" prefix. The
 * device is published last: open() can find it only once this succeeds.
 *
 * Return: 0, -ENOSPC (no minor left), or the error of cdev_add() or
 * device_create_with_groups().
 */
int uirq_dev_register(struct uirq_dev *ud, struct device *parent)
{
	u32 minor;
	int ret;

	/* The xarray holds no reference: unregister erases before its put. */
	ret = xa_alloc(&uirq_minors, &minor, NULL, XA_LIMIT(0, UIRQ_MAX_DEVS - 1),
		       GFP_KERNEL);
	if (ret)
		return ret == -EBUSY ? -ENOSPC : ret;
	ud->minor = minor;

	ud->cdev = cdev_alloc();
	if (!ud->cdev) {
		ret = -ENOMEM;
		goto err_free_minor;
	}
	ud->cdev->owner = THIS_MODULE;
	ud->cdev->ops = &uirq_fops;
	ret = cdev_add(ud->cdev, MKDEV(MAJOR(uirq_devt), minor), 1);
	if (ret)
		goto err_put_cdev;

	/* With the groups, so they exist before udev hears of the device. */
	ud->node = device_create_with_groups(uirq_class, parent,
					     MKDEV(MAJOR(uirq_devt), minor),
					     ud, uirq_dev_groups, "%s",
					     ud->irq_name + strlen("uirq:"));
	if (IS_ERR(ud->node)) {
		ret = PTR_ERR(ud->node);
		ud->node = NULL;
		goto err_del_cdev;
	}

	xa_store(&uirq_minors, minor, ud, GFP_KERNEL);
	return 0;

err_del_cdev:
	cdev_del(ud->cdev);
	goto err_free_minor;
err_put_cdev:
	kobject_put(&ud->cdev->kobj);
err_free_minor:
	xa_erase(&uirq_minors, minor);
	ud->minor = -1;
	return ret;
}

/**
 * uirq_dev_unregister() - take a device away, whether or not it is open
 * @ud: a device uirq_dev_register() published; the caller's reference
 *      stays
 *
 * Stops every path into the device first (no new opens, faults or
 * ioctls), revokes the user mappings so no user thread can re-arm the
 * device behind the release program, then takes the device back as a
 * release would, and wakes the readers. The open file keeps its reference
 * and gets -ENODEV from then on. device_destroy() comes before the
 * caller's put: it returns only once no sysfs show() can run any more.
 */
void uirq_dev_unregister(struct uirq_dev *ud)
{
	xa_erase(&uirq_minors, ud->minor);
	device_destroy(uirq_class, MKDEV(MAJOR(uirq_devt), ud->minor));
	cdev_del(ud->cdev);

	mutex_lock(&ud->mutex);
	down_write(&ud->mmap_sem);
	ud->dead = true;
	up_write(&ud->mmap_sem);
	if (ud->mapping)
		unmap_mapping_range(ud->mapping, 0, 0, 1);
	if (ud->open)
		uirq_dev_disable(ud, false);
	uirq_regions_remove(ud);
	mutex_unlock(&ud->mutex);

	wake_up_interruptible_all(&ud->wait);
	kill_fasync(&ud->async, SIGIO, POLL_HUP);
}

static int uirq_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct uirq_dev *ud;
	u8 pin = 0;
	int ret;

	/* Bridges carry other devices' resources: never hand them out. */
	if (pdev->hdr_type != PCI_HEADER_TYPE_NORMAL)
		return -EINVAL;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pci_request_regions(pdev, UIRQ_DRV_NAME);
	if (ret)
		return ret;

	ud = uirq_dev_alloc(pdev, pci_name(pdev));
	if (!ud)
		return -ENOMEM;

	ret = pci_read_config_byte(pdev, PCI_INTERRUPT_PIN, &pin);
	if (ret) {
		ret = pcibios_err_to_errno(ret);
		goto err_put_dev;
	}
	ud->pin = pin;
	ud->irq = pin ? pdev->irq : 0;
	ud->intx_mask = !uirq_no_intx_mask && pci_intx_mask_supported(pdev);
	ud->msi = !!pdev->msi_cap;
	ud->msix = !!pdev->msix_cap;
	uirq_regions_probe(ud);
	ret = uirq_config_probe(ud);
	if (ret)
		goto err_regions;
	uirq_guard_params(ud);
	/*
	 * pcim_enable_device() cleared INTx-disable, but no handler answers
	 * for the device until UIRQ_IRQ_ON: whatever it asserted for its last
	 * driver must not reach the line. Not pci_intx(): its devres would
	 * clear the bit again when the device is unbound.
	 */
	if (ud->intx_mask)
		uirq_quiesce(ud);

	ret = uirq_dev_register(ud, &pdev->dev);
	if (ret)
		goto err_regions;
	pci_set_drvdata(pdev, ud);
	pci_info(pdev, "uirq: irq %u pin %u%s\n", ud->irq, ud->pin,
		 ud->intx_mask ? ", INTx masking" : "");
	return 0;

err_regions:
	uirq_regions_remove(ud);
err_put_dev:
	uirq_dev_put(ud);
	return ret;
}

static void uirq_remove(struct pci_dev *pdev)
{
	struct uirq_dev *ud = pci_get_drvdata(pdev);

	uirq_dev_unregister(ud);
	pci_set_drvdata(pdev, NULL);
	uirq_dev_put(ud);
}

static struct pci_driver uirq_pci_driver = {
	.name		= UIRQ_DRV_NAME,
	.id_table	= NULL,	/* only driver_override and new_id */
	.probe		= uirq_probe,
	.remove		= uirq_remove,
};

static int __init uirq_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&uirq_devt, 0, UIRQ_MAX_DEVS, UIRQ_DRV_NAME);
	if (ret)
		return ret;

	uirq_class = class_create(THIS_MODULE, UIRQ_DRV_NAME);
	if (IS_ERR(uirq_class)) {
		ret = PTR_ERR(uirq_class);
		goto err_unregister_chrdev;
	}
	uirq_class->devnode = uirq_devnode;

	ret = pci_register_driver(&uirq_pci_driver);
	if (ret)
		goto err_destroy_class;
	ret = uirq_res_init();
	if (ret)
		goto err_unregister_pci;
	return 0;

err_unregister_pci:
	pci_unregister_driver(&uirq_pci_driver);
err_destroy_class:
	class_destroy(uirq_class);
err_unregister_chrdev:
	unregister_chrdev_region(uirq_devt, UIRQ_MAX_DEVS);
	return ret;
}

/* fops.owner pins the module while a file is open, so no file is open. */
static void __exit uirq_exit(void)
{
	uirq_res_exit();
	pci_unregister_driver(&uirq_pci_driver);
	class_destroy(uirq_class);
	unregister_chrdev_region(uirq_devt, UIRQ_MAX_DEVS);
	xa_destroy(&uirq_minors);
}

module_init(uirq_init);
module_exit(uirq_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("User-space drivers for shared device interrupts");
