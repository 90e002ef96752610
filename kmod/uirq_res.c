// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: devices that are not PCI functions. Root describes one by hand
 * through /dev/uirq/control (UIRQ_CTL_CREATE: port and memory ranges, an
 * IRQ and its trigger) and gets /dev/uirq/<name>, the same device file a
 * PCI function bound to uirq has, with the ranges as regions res0..res7.
 *
 * Why a control node and not sysfs new_device (as i2c) or a platform
 * driver bound with driver_override: a description is several typed
 * ranges, an IRQ and a trigger, which is one binary, growable structure
 * (argsz first, like every uirq ioctl), not "one value per file"; and the
 * PC's ISA devices are PNP devices, which have no driver_override. A
 * firmware-described platform device could later get a platform-driver
 * front end over the same uirq_dev_alloc()/uirq_dev_register() core.
 *
 * Lifetime is the loop device's: a created device stays until
 * UIRQ_CTL_DESTROY or module unload, not tied to the control file, so a
 * boot script can create it and an unprivileged owner use it.
 */
#include <linux/miscdevice.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/capability.h>

#include "uirq_kmod.h"

/* The list of created devices and their names; taken only in process context. */
static DEFINE_MUTEX(uirq_res_lock);
static LIST_HEAD(uirq_res_list);

/* 1..31 of [a-z0-9_.-], starting with a letter: never a PCI address. */
static bool uirq_res_name_ok(const char *name)
{
	size_t i, len = strnlen(name, UIRQ_NAME_MAX);

	if (!len || len == UIRQ_NAME_MAX || name[0] < 'a' || name[0] > 'z')
		return false;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

static bool uirq_res_trigger_ok(u32 trigger)
{
	return trigger == UIRQ_TRIGGER_EDGE_RISING ||
	       trigger == UIRQ_TRIGGER_EDGE_FALLING ||
	       trigger == UIRQ_TRIGGER_LEVEL_HIGH ||
	       trigger == UIRQ_TRIGGER_LEVEL_LOW;
}

/* Ranges of one kind must be disjoint: one claim each. */
static int uirq_res_check_ranges(const struct uirq_ctl_create *req)
{
	u32 i, j;

	if (!req->num_res || req->num_res > UIRQ_CTL_MAX_RES)
		return -EINVAL;
	for (i = 0; i < req->num_res; i++) {
		const struct uirq_res_range *r = &req->res[i];

		if (r->flags || !r->size || r->start + r->size < r->start)
			return -EINVAL;
		if (r->type == UIRQ_REGION_TYPE_PIO) {
			if (r->start + r->size > 0x10000)
				return -EINVAL;
		} else if (r->type != UIRQ_REGION_TYPE_MMIO) {
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			const struct uirq_res_range *o = &req->res[j];

			if (o->type == r->type && r->start < o->start + o->size &&
			    o->start < r->start + r->size)
				return -EINVAL;
		}
	}
	/* Unused slots are reserved. */
	for (; i < UIRQ_CTL_MAX_RES; i++)
		if (memchr_inv(&req->res[i], 0, sizeof(req->res[i])))
			return -EINVAL;
	return 0;
}

static struct uirq_res_dev *uirq_res_find(const char *name)
{
	struct uirq_res_dev *rd;

	lockdep_assert_held(&uirq_res_lock);
	list_for_each_entry(rd, &uirq_res_list, list)
		if (!strncmp(rd->name, name, UIRQ_NAME_MAX))
			return rd;
	return NULL;
}

/* Give the ranges back, so that a kernel driver can have them again. */
static void uirq_res_release(struct uirq_res_dev *rd)
{
	u32 i;

	for (i = 0; i < rd->num; i++) {
		if (!rd->claimed[i])
			continue;
		if (rd->range[i].type == UIRQ_REGION_TYPE_PIO)
			release_region(rd->range[i].start, rd->range[i].size);
		else
			release_mem_region(rd->range[i].start, rd->range[i].size);
		rd->claimed[i] = NULL;
	}
}

/**
 * uirq_res_free() - free a non-PCI device's description
 * @ud: the device, at its last reference
 *
 * The ranges went back at destroy (or were never all claimed); an open
 * file of a destroyed device keeps only this memory.
 */
void uirq_res_free(struct uirq_dev *ud)
{
	if (!ud->res)
		return;
	uirq_res_release(ud->res);
	kfree(ud->res);
	ud->res = NULL;
}

/*
 * Claim every range in the device's name, as /proc/ioports and /proc/iomem
 * will show it. A range a kernel driver holds (parport_pc, serial) is
 * -EBUSY: uirq never takes hardware from a driver behind its back.
 */
static int uirq_res_claim(struct uirq_dev *ud)
{
	struct uirq_res_dev *rd = ud->res;
	u32 i;

	for (i = 0; i < rd->num; i++) {
		const struct uirq_res_range *r = &rd->range[i];

		if (r->type == UIRQ_REGION_TYPE_PIO)
			rd->claimed[i] = request_region(r->start, r->size,
							ud->irq_name);
		else
			rd->claimed[i] = request_mem_region(r->start, r->size,
							    ud->irq_name);
		if (!rd->claimed[i]) {
			uirq_res_release(rd);
			return -EBUSY;
		}
	}
	return 0;
}

static int uirq_res_create(struct uirq_ctl_create *req)
{
	struct uirq_res_dev *rd;
	struct uirq_dev *ud;
	int ret;

	if (req->flags || req->resv || !uirq_res_name_ok(req->name) ||
	    !uirq_res_trigger_ok(req->trigger))
		return -EINVAL;
	/* IRQ 0 is the timer's; an IRQ with no descriptor is nothing. */
	if (!req->irq || !irq_get_irq_data(req->irq))
		return -EINVAL;
	ret = uirq_res_check_ranges(req);
	if (ret)
		return ret;

	mutex_lock(&uirq_res_lock);
	if (uirq_res_find(req->name)) {
		ret = -EEXIST;
		goto out_unlock;
	}
	ud = uirq_dev_alloc(NULL, req->name);
	if (!ud) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	rd = kzalloc(sizeof(*rd), GFP_KERNEL);
	if (!rd) {
		ret = -ENOMEM;
		goto err_put_dev;
	}
	ud->res = rd;
	rd->ud = ud;
	strscpy(rd->name, req->name, sizeof(rd->name));
	rd->trigger = req->trigger;
	rd->num = req->num_res;
	memcpy(rd->range, req->res, sizeof(rd->range));
	ud->irq = req->irq;

	ret = uirq_res_claim(ud);
	if (ret)
		goto err_put_dev;
	uirq_regions_probe_res(ud);
	uirq_guard_params(ud);
	ret = uirq_dev_register(ud, NULL);
	if (ret)
		goto err_put_dev;
	list_add_tail(&rd->list, &uirq_res_list);
	mutex_unlock(&uirq_res_lock);
	dev_info(ud->node, "uirq: irq %u %s, %u range(s)\n", ud->irq,
		 rd->trigger & UIRQ_TRIGGER_LEVEL_MASK ? "level" : "edge",
		 rd->num);
	return 0;

err_put_dev:
	uirq_dev_put(ud);	/* releases what was claimed */
out_unlock:
	mutex_unlock(&uirq_res_lock);
	return ret;
}

/* uirq_res_lock held; @rd is off the list. */
static void uirq_res_destroy_locked(struct uirq_res_dev *rd)
{
	struct uirq_dev *ud = rd->ud;

	lockdep_assert_held(&uirq_res_lock);
	dev_info(ud->node, "uirq: destroyed\n");
	uirq_dev_unregister(ud);
	/* Unregistered: nothing maps the ranges, so they can go now. */
	uirq_res_release(rd);
	uirq_dev_put(ud);
}

static int uirq_res_destroy(const struct uirq_ctl_destroy *req)
{
	struct uirq_res_dev *rd;
	int ret = 0;

	if (req->flags || !uirq_res_name_ok(req->name))
		return -EINVAL;
	mutex_lock(&uirq_res_lock);
	rd = uirq_res_find(req->name);
	if (rd) {
		list_del(&rd->list);
		uirq_res_destroy_locked(rd);
	} else {
		ret = -ENOENT;
	}
	mutex_unlock(&uirq_res_lock);
	return ret;
}

static long uirq_ctl_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct uirq_ctl_destroy dreq;
	struct uirq_ctl_create creq;
	u32 argsz;

	if (cmd != UIRQ_CTL_CREATE && cmd != UIRQ_CTL_DESTROY)
		return -ENOTTY;
	/* ioperm()'s and /dev/port's capability: these are raw hardware. */
	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (get_user(argsz, (u32 __user *)uarg))
		return -EFAULT;

	if (cmd == UIRQ_CTL_CREATE) {
		if (argsz < sizeof(creq))
			return -EINVAL;
		if (copy_from_user(&creq, uarg, sizeof(creq)))
			return -EFAULT;
		return uirq_res_create(&creq);
	}
	if (argsz < sizeof(dreq))
		return -EINVAL;
	if (copy_from_user(&dreq, uarg, sizeof(dreq)))
		return -EFAULT;
	return uirq_res_destroy(&dreq);
}

static const struct file_operations uirq_ctl_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= uirq_ctl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice uirq_ctl_misc = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "uirq-control",
	.nodename	= "uirq/control",
	.mode		= 0600,
	.fops		= &uirq_ctl_fops,
};

/**
 * uirq_res_init() - register /dev/uirq/control
 *
 * Return: 0 or misc_register()'s error.
 */
int uirq_res_init(void)
{
	return misc_register(&uirq_ctl_misc);
}

/**
 * uirq_res_exit() - remove the control node and every device made with it
 *
 * At module unload no file of ours is open (fops.owner pins the module),
 * so each device goes as an unopened one does.
 */
void uirq_res_exit(void)
{
	struct uirq_res_dev *rd, *tmp;

	misc_deregister(&uirq_ctl_misc);
	mutex_lock(&uirq_res_lock);
	list_for_each_entry_safe(rd, tmp, &uirq_res_list, list) {
		list_del(&rd->list);
		uirq_res_destroy_locked(rd);
	}
	mutex_unlock(&uirq_res_lock);
}
