// SPDX-License-Identifier: GPL-2.0
/*
 * edu_kdrv: an ordinary in-kernel driver for QEMU's edu device, for the
 * uirq VM tests only.
 *
 * It shares the edu devices' INTx line with uirq's handlers, raises its
 * own device's interrupt from an hrtimer and counts exactly what its
 * handler saw, so that a test can show that the uirq devices on the same
 * line (well-behaved or not) cost this driver no interrupt: after a run,
 * raised == handled == target.
 *
 * There is no id table: the driver binds only to a device handed to it
 * through driver_override + drivers_probe, and refuses anything that is
 * not an edu (1234:11e8).
 *
 * sysfs, on the PCI device:
 *   period_us  rw  timer period, 10..1000000 (default 100)
 *   target     rw  raises after which the timer stops (0: no limit)
 *   run        rw  1 zeroes the counters and starts (-EBUSY if running),
 *                  0 stops; reads 1 while the timer runs
 *   raised     ro  interrupts raised at the device (a write of 1 to 0x60)
 *   handled    ro  handler runs that found the status non-zero and
 *                  acknowledged it
 *   declined   ro  handler runs that found nothing (another device's
 *                  interrupt on the shared line): IRQ_NONE
 *   busy       ro  timer ticks skipped because a raise was still
 *                  unhandled
 * period_us and target can only be written while stopped (-EBUSY).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>
#include <linux/io.h>

#define EDU_KDRV_NAME		"edu_kdrv"

#define EDU_VENDOR_ID		0x1234
#define EDU_DEVICE_ID		0x11e8

/* BAR0, 32-bit MMIO (QEMU hw/misc/edu.c) */
#define EDU_REG_LIVENESS	0x04	/* reads back the inverse of a write */
#define EDU_REG_IRQ_STATUS	0x24	/* RO; INTx asserted while non-zero */
#define EDU_REG_IRQ_RAISE	0x60	/* WO; ORed into the status */
#define EDU_REG_IRQ_ACK		0x64	/* WO; clears those status bits */
#define EDU_BAR0_MIN_LEN	0x68

#define EDU_KDRV_RAISE_BIT	0x1
#define EDU_KDRV_LIVENESS_PAT	0x5a5aa5a5U

#define EDU_KDRV_PERIOD_MIN	10
#define EDU_KDRV_PERIOD_MAX	1000000
#define EDU_KDRV_PERIOD_DEF	100

/**
 * struct edu_kdrv - one bound edu device
 * @pdev: the PCI device
 * @regs: BAR0, mapped
 * @irq: the (shared) INTx line, pdev->irq
 * @irq_name: the handler's name in /proc/interrupts
 * @timer: raises the device's interrupt every @period
 * @ctl: serialises the sysfs writers (start, stop, settings)
 * @lock: protects everything below, and orders the status read and
 *	acknowledgment in the handler against the raise in the timer
 * @running: the timer is armed (cleared by the timer itself at @target)
 * @period: timer period
 * @period_us: @period in microseconds, as written
 * @target: raises after which the timer stops; 0 for no limit
 * @raised: interrupts raised at the device
 * @handled: handler runs that acknowledged a non-zero status
 * @declined: handler runs that found no interrupt of ours
 * @busy: timer ticks skipped because @raised != @handled
 */
struct edu_kdrv {
	struct pci_dev *pdev;
	void __iomem *regs;
	int irq;
	const char *irq_name;
	struct hrtimer timer;
	struct mutex ctl;		/* the sysfs writers */
	spinlock_t lock;		/* handler, timer, sysfs */
	bool running;
	ktime_t period;
	u32 period_us;
	u64 target;
	u64 raised;
	u64 handled;
	u64 declined;
	u64 busy;
};

/**
 * edu_kdrv_irq() - the shared INTx handler
 * @irq: the line
 * @data: our struct edu_kdrv
 *
 * The status register is non-zero only for our own raises: acknowledge
 * exactly what it holds (the level drops when it reads zero). A zero
 * status is another device's interrupt on the line; all ones means the
 * device is gone (a read that master-aborts). Both are not ours.
 *
 * Return: IRQ_HANDLED if the interrupt was ours, IRQ_NONE otherwise.
 */
static irqreturn_t edu_kdrv_irq(int irq, void *data)
{
	struct edu_kdrv *kd = data;
	irqreturn_t ret = IRQ_NONE;
	unsigned long flags;
	u32 status;

	/*
	 * irqsave: with threadirqs the handler runs in a thread with
	 * interrupts enabled, and the timer may fire on top of it.
	 */
	spin_lock_irqsave(&kd->lock, flags);
	status = ioread32(kd->regs + EDU_REG_IRQ_STATUS);
	if (status == 0 || status == ~0U) {
		kd->declined++;
		goto out;
	}
	iowrite32(status, kd->regs + EDU_REG_IRQ_ACK);
	kd->handled++;
	ret = IRQ_HANDLED;
out:
	spin_unlock_irqrestore(&kd->lock, flags);
	return ret;
}

/**
 * edu_kdrv_tick() - the hrtimer callback: raise one interrupt
 * @timer: &edu_kdrv.timer
 *
 * A raise happens only when every earlier one has been handled, so that
 * at most one is outstanding and raised and handled can be compared
 * exactly; otherwise the tick counts as busy. @raised is incremented
 * before the write to the raise register, under the lock the handler
 * takes, so the handler never sees an interrupt that is not counted yet.
 *
 * Return: HRTIMER_RESTART until @target raises or a stop, then
 * HRTIMER_NORESTART.
 */
static enum hrtimer_restart edu_kdrv_tick(struct hrtimer *timer)
{
	struct edu_kdrv *kd = container_of(timer, struct edu_kdrv, timer);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags;

	spin_lock_irqsave(&kd->lock, flags);
	if (!kd->running)
		goto out;
	if (kd->raised != kd->handled) {
		kd->busy++;
	} else {
		kd->raised++;
		iowrite32(EDU_KDRV_RAISE_BIT, kd->regs + EDU_REG_IRQ_RAISE);
	}
	if (kd->target && kd->raised >= kd->target) {
		kd->running = false;
		goto out;
	}
	hrtimer_forward_now(timer, kd->period);
	ret = HRTIMER_RESTART;
out:
	spin_unlock_irqrestore(&kd->lock, flags);
	return ret;
}

/*
 * Stop the timer and wait for a callback in progress. Called with
 * kd->ctl held, or on remove (no sysfs writer left).
 */
static void edu_kdrv_stop(struct edu_kdrv *kd)
{
	unsigned long flags;

	spin_lock_irqsave(&kd->lock, flags);
	kd->running = false;
	spin_unlock_irqrestore(&kd->lock, flags);
	/* Not under kd->lock: the callback takes it. */
	hrtimer_cancel(&kd->timer);
}

static struct edu_kdrv *edu_kdrv_from_dev(struct device *dev)
{
	return pci_get_drvdata(to_pci_dev(dev));
}

/* The counters, read under the lock: no torn u64, no half-done update. */
static ssize_t edu_kdrv_show_u64(struct device *dev, char *buf,
				 const u64 *field)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	u64 val;

	spin_lock_irqsave(&kd->lock, flags);
	val = *field;
	spin_unlock_irqrestore(&kd->lock, flags);
	return sysfs_emit(buf, "%llu\n", val);
}

static ssize_t raised_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return edu_kdrv_show_u64(dev, buf, &edu_kdrv_from_dev(dev)->raised);
}
static DEVICE_ATTR_RO(raised);

static ssize_t handled_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return edu_kdrv_show_u64(dev, buf, &edu_kdrv_from_dev(dev)->handled);
}
static DEVICE_ATTR_RO(handled);

static ssize_t declined_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return edu_kdrv_show_u64(dev, buf, &edu_kdrv_from_dev(dev)->declined);
}
static DEVICE_ATTR_RO(declined);

static ssize_t busy_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return edu_kdrv_show_u64(dev, buf, &edu_kdrv_from_dev(dev)->busy);
}
static DEVICE_ATTR_RO(busy);

static ssize_t target_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return edu_kdrv_show_u64(dev, buf, &edu_kdrv_from_dev(dev)->target);
}

static ssize_t target_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	ssize_t ret;
	u64 val;

	ret = kstrtou64(buf, 0, &val);
	if (ret)
		return ret;
	mutex_lock(&kd->ctl);
	spin_lock_irqsave(&kd->lock, flags);
	if (kd->running) {
		ret = -EBUSY;
		goto out;
	}
	kd->target = val;
	ret = count;
out:
	spin_unlock_irqrestore(&kd->lock, flags);
	mutex_unlock(&kd->ctl);
	return ret;
}
static DEVICE_ATTR_RW(target);

static ssize_t period_us_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&kd->lock, flags);
	val = kd->period_us;
	spin_unlock_irqrestore(&kd->lock, flags);
	return sysfs_emit(buf, "%u\n", val);
}

static ssize_t period_us_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	ssize_t ret;
	u32 val;

	ret = kstrtou32(buf, 0, &val);
	if (ret)
		return ret;
	if (val < EDU_KDRV_PERIOD_MIN || val > EDU_KDRV_PERIOD_MAX)
		return -EINVAL;
	mutex_lock(&kd->ctl);
	spin_lock_irqsave(&kd->lock, flags);
	if (kd->running) {
		ret = -EBUSY;
		goto out;
	}
	kd->period_us = val;
	kd->period = ns_to_ktime((u64)val * NSEC_PER_USEC);
	ret = count;
out:
	spin_unlock_irqrestore(&kd->lock, flags);
	mutex_unlock(&kd->ctl);
	return ret;
}
static DEVICE_ATTR_RW(period_us);

static ssize_t run_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	bool val;

	spin_lock_irqsave(&kd->lock, flags);
	val = kd->running;
	spin_unlock_irqrestore(&kd->lock, flags);
	return sysfs_emit(buf, "%d\n", val);
}

static ssize_t run_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	struct edu_kdrv *kd = edu_kdrv_from_dev(dev);
	unsigned long flags;
	ktime_t period;
	bool start;
	int ret;

	ret = kstrtobool(buf, &start);
	if (ret)
		return ret;
	mutex_lock(&kd->ctl);
	if (!start) {
		edu_kdrv_stop(kd);
		goto out;
	}
	spin_lock_irqsave(&kd->lock, flags);
	if (kd->running) {
		spin_unlock_irqrestore(&kd->lock, flags);
		ret = -EBUSY;
		goto out;
	}
	spin_unlock_irqrestore(&kd->lock, flags);
	/*
	 * A timer that stopped itself at its target may still be inside
	 * its last callback: wait for it before zeroing what it counts.
	 */
	hrtimer_cancel(&kd->timer);
	spin_lock_irqsave(&kd->lock, flags);
	kd->raised = 0;
	kd->handled = 0;
	kd->declined = 0;
	kd->busy = 0;
	kd->running = true;
	period = kd->period;
	spin_unlock_irqrestore(&kd->lock, flags);
	hrtimer_start(&kd->timer, period, HRTIMER_MODE_REL);
out:
	mutex_unlock(&kd->ctl);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(run);

static struct attribute *edu_kdrv_attrs[] = {
	&dev_attr_period_us.attr,
	&dev_attr_target.attr,
	&dev_attr_run.attr,
	&dev_attr_raised.attr,
	&dev_attr_handled.attr,
	&dev_attr_declined.attr,
	&dev_attr_busy.attr,
	NULL
};
ATTRIBUTE_GROUPS(edu_kdrv);

/**
 * edu_kdrv_probe() - bind to one edu device
 * @pdev: the device
 * @id: unused (there is no id table; driver_override passes a dummy)
 *
 * Enables the device and maps BAR0 (both device-managed), checks that it
 * is an edu that answers, clears any interrupt a previous owner left
 * pending, then requests the shared line. The sysfs attributes appear
 * after a successful probe (dev_groups), so the timer cannot start
 * before the handler is in place.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
static int edu_kdrv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct edu_kdrv *kd;
	void __iomem * const *table;
	u32 live;
	int ret;

	if (pdev->vendor != EDU_VENDOR_ID || pdev->device != EDU_DEVICE_ID) {
		dev_err(dev, "not an edu device (%04x:%04x)\n",
			pdev->vendor, pdev->device);
		return -ENODEV;
	}

	kd = devm_kzalloc(dev, sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return -ENOMEM;
	kd->pdev = pdev;
	mutex_init(&kd->ctl);
	spin_lock_init(&kd->lock);
	kd->period_us = EDU_KDRV_PERIOD_DEF;
	kd->period = ns_to_ktime((u64)EDU_KDRV_PERIOD_DEF * NSEC_PER_USEC);
	/*
	 * HRTIMER_MODE_REL, not _REL_HARD: on the stock kernel the callback
	 * runs in hard interrupt context either way, while on PREEMPT_RT a
	 * plain hrtimer expires in softirq context (the ktimers thread),
	 * where spinlock_t - a sleeping lock on RT - may be taken. The
	 * handler runs in an IRQ thread on RT (forced threading), so one
	 * spinlock_t serves both kernels; a _HARD timer would need a
	 * raw_spinlock_t around the MMIO accesses instead.
	 */
	hrtimer_init(&kd->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	kd->timer.function = edu_kdrv_tick;

	ret = pcim_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable the device: %d\n", ret);
		return ret;
	}
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < EDU_BAR0_MIN_LEN) {
		dev_err(dev, "BAR0 is not an edu MMIO BAR\n");
		return -ENODEV;
	}
	ret = pcim_iomap_regions(pdev, BIT(0), EDU_KDRV_NAME);
	if (ret) {
		dev_err(dev, "cannot map BAR0: %d\n", ret);
		return ret;
	}
	table = pcim_iomap_table(pdev);
	if (!table || !table[0])
		return -ENOMEM;
	kd->regs = table[0];

	iowrite32(EDU_KDRV_LIVENESS_PAT, kd->regs + EDU_REG_LIVENESS);
	live = ioread32(kd->regs + EDU_REG_LIVENESS);
	if (live != ~EDU_KDRV_LIVENESS_PAT) {
		dev_err(dev, "liveness check failed (read %#x)\n", live);
		return -ENODEV;
	}
	/* An interrupt left pending would hold the shared line asserted. */
	iowrite32(~0U, kd->regs + EDU_REG_IRQ_ACK);

	if (!pdev->irq) {
		dev_err(dev, "no INTx line\n");
		return -ENODEV;
	}
	kd->irq = pdev->irq;
	kd->irq_name = devm_kasprintf(dev, GFP_KERNEL, "%s:%s",
				      EDU_KDRV_NAME, pci_name(pdev));
	if (!kd->irq_name)
		return -ENOMEM;
	pci_set_drvdata(pdev, kd);

	ret = request_irq(kd->irq, edu_kdrv_irq, IRQF_SHARED, kd->irq_name, kd);
	if (ret) {
		dev_err(dev, "cannot request irq %d: %d\n", kd->irq, ret);
		goto err_drvdata;
	}
	dev_info(dev, "bound, irq %d (shared)\n", kd->irq);
	return 0;

err_drvdata:
	pci_set_drvdata(pdev, NULL);
	return ret;
}

/**
 * edu_kdrv_remove() - unbind
 * @pdev: the device
 *
 * The sysfs attributes are gone before this runs (the driver core removes
 * dev_groups first), so nothing can restart the timer: stop it, clear
 * whatever is still pending at the device so that the shared line is not
 * left asserted, and only then free the handler.
 */
static void edu_kdrv_remove(struct pci_dev *pdev)
{
	struct edu_kdrv *kd = pci_get_drvdata(pdev);
	unsigned long flags;

	edu_kdrv_stop(kd);
	spin_lock_irqsave(&kd->lock, flags);
	iowrite32(~0U, kd->regs + EDU_REG_IRQ_ACK);
	spin_unlock_irqrestore(&kd->lock, flags);
	free_irq(kd->irq, kd);
	pci_set_drvdata(pdev, NULL);
	dev_info(&pdev->dev, "unbound: raised %llu handled %llu declined %llu busy %llu\n",
		 kd->raised, kd->handled, kd->declined, kd->busy);
}

static struct pci_driver edu_kdrv_driver = {
	.name		= EDU_KDRV_NAME,
	.id_table	= NULL,
	.probe		= edu_kdrv_probe,
	.remove		= edu_kdrv_remove,
	.dev_groups	= edu_kdrv_groups,
};
module_pci_driver(edu_kdrv_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test driver for QEMU's edu device on a shared INTx line (uirq VM tests)");
