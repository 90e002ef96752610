// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: user-space drivers for shared, level-triggered PCI INTx interrupts.
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
#include <linux/xarray.h>
#include <linux/eventfd.h>

#include "uirq_kmod.h"

#define UIRQ_MAX_DEVS	256

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
static DEVICE_ATTR_RO(field)

UIRQ_STAT_ATTR(handled);
UIRQ_STAT_ATTR(declined);
UIRQ_STAT_ATTR(quiet);
UIRQ_STAT_ATTR(events);
UIRQ_STAT_ATTR(dropped);
UIRQ_STAT_ATTR(enable_runs);
UIRQ_STAT_ATTR(unmask_events);
UIRQ_STAT_ATTR(max_ns);
UIRQ_STAT_ATTR(total_ns);

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
static DEVICE_ATTR_RO(event);

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

static struct attribute *uirq_dev_attrs[] = {
	&dev_attr_event.attr,
	&dev_attr_irq_on.attr,
	NULL
};

static const struct attribute_group uirq_dev_group = {
	.attrs	= uirq_dev_attrs,
};

static const struct attribute_group *uirq_dev_groups[] = {
	&uirq_dev_group,
	&uirq_stats_group,
	NULL
};

static void uirq_dev_release(struct kref *kref)
{
	struct uirq_dev *ud = container_of(kref, struct uirq_dev, kref);

	kfifo_free(&ud->ring);
	pci_dev_put(ud->pdev);
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

static int uirq_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct uirq_dev *ud;
	u32 minor;
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

	ud = kzalloc(sizeof(*ud), GFP_KERNEL);
	if (!ud)
		return -ENOMEM;
	kref_init(&ud->kref);
	ud->pdev = pci_dev_get(pdev);
	mutex_init(&ud->mutex);
	mutex_init(&ud->read_mutex);
	init_rwsem(&ud->mmap_sem);
	spin_lock_init(&ud->lock);
	init_waitqueue_head(&ud->wait);
	snprintf(ud->irq_name, sizeof(ud->irq_name), "uirq:%s", pci_name(pdev));

	ret = kfifo_alloc(&ud->ring, UIRQ_RING_RECORDS, GFP_KERNEL);
	if (ret)
		goto err_put_dev;

	pci_read_config_byte(pdev, PCI_INTERRUPT_PIN, &pin);
	ud->pin = pin;
	ud->irq = pin ? pdev->irq : 0;
	ud->intx_mask = pci_intx_mask_supported(pdev);
	ud->msi = !!pdev->msi_cap;
	ud->msix = !!pdev->msix_cap;
	uirq_regions_probe(ud);

	/* The xarray holds no reference: remove() erases before its put. */
	ret = xa_alloc(&uirq_minors, &minor, NULL, XA_LIMIT(0, UIRQ_MAX_DEVS - 1),
		       GFP_KERNEL);
	if (ret)
		goto err_regions;
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
	ud->node = device_create_with_groups(uirq_class, &pdev->dev,
					     MKDEV(MAJOR(uirq_devt), minor),
					     ud, uirq_dev_groups, "%s",
					     pci_name(pdev));
	if (IS_ERR(ud->node)) {
		ret = PTR_ERR(ud->node);
		goto err_del_cdev;
	}

	/* Publish last: open() can find the device from here on. */
	xa_store(&uirq_minors, minor, ud, GFP_KERNEL);
	pci_set_drvdata(pdev, ud);
	pci_info(pdev, "uirq: irq %u pin %u%s\n", ud->irq, ud->pin,
		 ud->intx_mask ? ", INTx masking" : "");
	return 0;

err_del_cdev:
	cdev_del(ud->cdev);
	goto err_free_minor;
err_put_cdev:
	kobject_put(&ud->cdev->kobj);
err_free_minor:
	xa_erase(&uirq_minors, minor);
err_regions:
	uirq_regions_remove(ud);
err_put_dev:
	uirq_dev_put(ud);
	return ret;
}

/*
 * Unbind while a file may be open: stop every path into the device first
 * (no new opens, faults or ioctls), quiet it and free the IRQ, then revoke
 * the user mappings and wake the readers. The open file keeps its
 * reference and gets -ENODEV from then on. device_destroy() comes before
 * our put: it returns only once no sysfs show() can run any more.
 */
static void uirq_remove(struct pci_dev *pdev)
{
	struct uirq_dev *ud = pci_get_drvdata(pdev);

	xa_erase(&uirq_minors, ud->minor);
	device_destroy(uirq_class, MKDEV(MAJOR(uirq_devt), ud->minor));
	cdev_del(ud->cdev);

	mutex_lock(&ud->mutex);
	down_write(&ud->mmap_sem);
	ud->dead = true;
	up_write(&ud->mmap_sem);
	if (ud->irq_on)
		uirq_irq_off(ud);
	uirq_unmap_all(ud);
	if (ud->mapping)
		unmap_mapping_range(ud->mapping, 0, 0, 1);
	uirq_regions_remove(ud);
	mutex_unlock(&ud->mutex);

	wake_up_interruptible_all(&ud->wait);
	kill_fasync(&ud->async, SIGIO, POLL_HUP);
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
	return 0;

err_destroy_class:
	class_destroy(uirq_class);
err_unregister_chrdev:
	unregister_chrdev_region(uirq_devt, UIRQ_MAX_DEVS);
	return ret;
}

/* fops.owner pins the module while a file is open, so no file is open. */
static void __exit uirq_exit(void)
{
	pci_unregister_driver(&uirq_pci_driver);
	class_destroy(uirq_class);
	unregister_chrdev_region(uirq_devt, UIRQ_MAX_DEVS);
	xa_destroy(&uirq_minors);
}

module_init(uirq_init);
module_exit(uirq_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("User-space drivers for shared PCI INTx interrupts");
