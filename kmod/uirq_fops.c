// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: the device file. One open file at a time owns the device: its
 * programs, its IRQ and its events are one driver's, and a second opener
 * could only interfere (a forked child shares the same open file, which is
 * fine). Owning takes a file opened for writing: an O_RDONLY open is an
 * observer that may only ask (GET_INFO, GET_REGION_INFO, GET_STATS without
 * reset) and gets -EBADF for everything else, so it can neither change the
 * device nor keep its owner out. Every operation fails with -ENODEV once
 * the device is removed.
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/compat.h>

#include "uirq_kmod.h"

/* The file owns the device (it was opened for writing). */
static bool uirq_file_owns(const struct file *file)
{
	return file->f_mode & FMODE_WRITE;
}

static int uirq_open(struct inode *inode, struct file *file)
{
	struct uirq_dev *ud;
	int ret = 0;

	ud = uirq_dev_get_by_minor(iminor(inode));
	if (!ud)
		return -ENODEV;

	if (!uirq_file_owns(file)) {
		if (READ_ONCE(ud->dead)) {
			uirq_dev_put(ud);
			return -ENODEV;
		}
		file->private_data = ud;
		return 0;
	}

	mutex_lock(&ud->mutex);
	if (ud->dead)
		ret = -ENODEV;
	else if (ud->open)
		ret = -EBUSY;
	if (ret) {
		mutex_unlock(&ud->mutex);
		uirq_dev_put(ud);
		return ret;
	}
	ret = uirq_dev_enable(ud);
	if (ret) {
		mutex_unlock(&ud->mutex);
		uirq_dev_put(ud);
		return ret;
	}
	ud->open = true;
	ud->mapping = file->f_mapping;
	mutex_unlock(&ud->mutex);

	file->private_data = ud;
	return 0;
}

/* SIGIO tells of the owner's events: not an observer's to hear. */
static int uirq_fasync(int fd, struct file *file, int on)
{
	struct uirq_dev *ud = file->private_data;

	if (on && !uirq_file_owns(file))
		return -EBADF;
	return fasync_helper(fd, file, on, &ud->async);
}

/*
 * Last close, including exit, crash and kill -9: take the device back
 * (uirq_dev_disable(): release program and INTx-disable whether or not
 * the IRQ is on, DMA off, free_irq, reset, config restored), which also
 * drops the windows and programs so the next open starts clean. The
 * counters stay for sysfs until the next open zeroes them. User mappings
 * hold a file reference, so none exist any more; a dead device already
 * did all of this in uirq_remove().
 */
static int uirq_release(struct inode *inode, struct file *file)
{
	struct uirq_dev *ud = file->private_data;

	if (!uirq_file_owns(file)) {
		uirq_dev_put(ud);
		return 0;
	}
	uirq_fasync(-1, file, 0);
	mutex_lock(&ud->mutex);
	if (!ud->dead)
		uirq_dev_disable(ud, true);
	uirq_set_trigger(ud, NULL);
	uirq_flush_events(ud);
	uirq_ring_free(ud);
	ud->mapping = NULL;
	ud->open = false;
	mutex_unlock(&ud->mutex);

	uirq_dev_put(ud);
	return 0;
}

/*
 * Copy in an ioctl argument the VFIO way: the first @minsz bytes, which
 * must start with argsz and flags; argsz below @minsz is an old or broken
 * caller.
 */
static int uirq_copy_arg(void *arg, const void __user *uarg, size_t minsz)
{
	u32 argsz;

	if (copy_from_user(arg, uarg, minsz))
		return -EFAULT;
	memcpy(&argsz, arg, sizeof(argsz));
	if (argsz < minsz)
		return -EINVAL;
	return 0;
}

/*
 * How much of a grown structure to write back: as much as the caller says
 * it has (@argsz is the size of its structure, which grows at its end
 * only), at least the first published part (@minsz), at most ours.
 */
static size_t uirq_out_size(u32 argsz, size_t minsz, size_t fullsz)
{
	return clamp_t(size_t, argsz, minsz, fullsz);
}

static long uirq_ioctl_get_info(struct uirq_dev *ud, void __user *uarg)
{
	size_t minsz = offsetofend(struct uirq_info, resv);
	struct uirq_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = uirq_copy_arg(&info, uarg, minsz);
	if (ret)
		return ret;
	if (info.flags || info.resv)
		return -EINVAL;

	info.flags = 0;
	mutex_lock(&ud->mutex);
	info.event_size = ud->event_size;
	if (ud->irq_on) {
		info.flags |= UIRQ_INFO_IRQ_ON;
		if (ud->irq_excl)
			info.flags |= UIRQ_INFO_EXCLUSIVE;
		if (ud->irq_others)
			info.flags |= UIRQ_INFO_SHARED;
		if (uirq_unmask_noop(ud))
			info.flags |= UIRQ_INFO_UNMASK_NOOP;
	} else if (ud->irq && irq_has_action(ud->irq)) {
		info.flags |= UIRQ_INFO_SHARED;
	}
	if (ud->ring_mode)
		info.flags |= UIRQ_INFO_RING;
	if (ud->builtin & BIT(UIRQ_PROG_ACK))
		info.flags |= UIRQ_INFO_BUILTIN;
	if (ud->msi_type == UIRQ_IRQ_MSI)
		info.flags |= UIRQ_INFO_MSI_ON;
	else if (ud->msi_type == UIRQ_IRQ_MSIX)
		info.flags |= UIRQ_INFO_MSIX_ON;
	if ((ud->msi || ud->msix) && ud->cfg_policy->master)
		info.flags |= UIRQ_INFO_MSI_DMA;
	info.vectors = uirq_msi_vectors(ud);
	mutex_unlock(&ud->mutex);
	if (ud->msi)
		info.msi_max = max(pci_msi_vec_count(ud->pdev), 0);
	if (ud->msix)
		info.msix_max = max(pci_msix_vec_count(ud->pdev), 0);
	if (uirq_fault(ud))
		info.flags |= UIRQ_INFO_FAULT;
	if (ud->intx_mask)
		info.flags |= UIRQ_INFO_INTX_MASK;
	if (ud->msi)
		info.flags |= UIRQ_INFO_MSI;
	if (ud->msix)
		info.flags |= UIRQ_INFO_MSIX;
	info.irq = ud->irq;
	info.intx_pin = ud->pin;
	info.num_regions = UIRQ_MAX_REGIONS;
	info.api_version = UIRQ_API_VERSION;
	if (ud->pdev) {
		info.vendor = ud->pdev->vendor;
		info.device = ud->pdev->device;
		info.domain = pci_domain_nr(ud->pdev->bus);
		info.bus = ud->pdev->bus->number;
		info.devfn = ud->pdev->devfn;
		info.bus_type = UIRQ_BUS_PCI;
		if (ud->irq)
			info.flags |= UIRQ_INFO_LEVEL;
	} else {
		info.bus_type = UIRQ_BUS_RES;
		info.trigger = ud->res->trigger;
		if (ud->res->trigger & UIRQ_TRIGGER_LEVEL_MASK)
			info.flags |= UIRQ_INFO_LEVEL;
	}
	strscpy(info.name, ud->irq_name + strlen("uirq:"), sizeof(info.name));
	info.resv = 0;
	info.event_size_max = sizeof(struct uirq_event);

	minsz = uirq_out_size(info.argsz, minsz, sizeof(info));
	return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
}

static long uirq_ioctl_get_region_info(struct uirq_dev *ud, void __user *uarg)
{
	size_t minsz = offsetofend(struct uirq_region_info, offset);
	struct uirq_region_info ri;
	const struct uirq_region_desc *rd;
	int ret;

	ret = uirq_copy_arg(&ri, uarg, minsz);
	if (ret)
		return ret;
	if (ri.flags || ri.index >= UIRQ_MAX_REGIONS)
		return -EINVAL;

	rd = &ud->regions[ri.index];
	ri.type = rd->type;
	ri.size = rd->size;
	ri.offset = UIRQ_REGION_OFFSET(ri.index);
	ri.flags = 0;
	if (rd->type != UIRQ_REGION_TYPE_NONE)
		ri.flags |= UIRQ_REGION_INFO_READ | UIRQ_REGION_INFO_WRITE;
	if (ud->mmap_ok[ri.index])
		ri.flags |= UIRQ_REGION_INFO_MMAP;

	return copy_to_user(uarg, &ri, minsz) ? -EFAULT : 0;
}

/**
 * uirq_verr_to_user() - give user space the verifier's reason
 * @log_buf:  user pointer to the caller's buffer, or 0 for none
 * @log_size: its size in bytes
 * @verr:     the reason
 *
 * Writes "insn N: msg" (or just the message for a whole-program reason),
 * NUL-terminated and truncated to fit, for UIRQ_LOAD_PROG and
 * UIRQ_LOAD_VECTOR_PROG alike.
 *
 * Return: 0 or -EFAULT.
 */
int uirq_verr_to_user(u64 log_buf, u32 log_size, const struct uirq_verr *verr)
{
	char msg[UIRQ_VERR_MSG_LEN + 32];
	size_t len;

	if (!log_buf || !log_size)
		return 0;
	if (verr->insn >= 0)
		snprintf(msg, sizeof(msg), "insn %d: %s", verr->insn, verr->msg);
	else
		snprintf(msg, sizeof(msg), "%s", verr->msg);
	len = min_t(size_t, strlen(msg), log_size - 1);
	msg[len] = '\0';
	if (copy_to_user(u64_to_user_ptr(log_buf), msg, len + 1))
		return -EFAULT;
	return 0;
}

/*
 * The MSI-X table and PBA are the kernel's (uirq_config.c): a program that
 * could touch them is refused, with the reason in its log.
 */
static int uirq_check_msix(struct uirq_dev *ud, const struct uirq_prog *prog,
			   struct uirq_verr *verr)
{
	const struct uirq_window *w;
	u32 bar;

	for (bar = 0; bar < UIRQ_NUM_BARS; bar++) {
		w = &prog->props.win[bar];
		if (!(prog->props.region_mask & BIT(bar)) ||
		    !uirq_config_msix_overlap(ud, bar, w->lo, w->hi))
			continue;
		verr->insn = -1;
		snprintf(verr->msg, sizeof(verr->msg),
			 "bar%u 0x%x..0x%x reaches the MSI-X table or PBA, which are the kernel's",
			 bar, w->lo, w->hi);
		return -EPERM;
	}
	return 0;
}

static long uirq_ioctl_load_prog(struct uirq_dev *ud, void __user *uarg)
{
	size_t minsz = offsetofend(struct uirq_load_prog, props);
	struct uirq_load_prog lp;
	struct uirq_insn *insns;
	struct uirq_prog *prog;
	struct uirq_verr verr;
	int ret;

	ret = uirq_copy_arg(&lp, uarg, minsz);
	if (ret)
		return ret;
	if (lp.flags || lp.kind >= UIRQ_PROG_NUM_KINDS)
		return -EINVAL;

	lp.err_insn = -1;
	memset(&lp.props, 0, sizeof(lp.props));
	if (!lp.insn_cnt || lp.insn_cnt > UIRQ_MAX_INSNS) {
		verr.insn = -1;
		snprintf(verr.msg, sizeof(verr.msg),
			 "program has %u instructions, must be 1..%u",
			 lp.insn_cnt, UIRQ_MAX_INSNS);
		ret = uirq_verr_to_user(lp.log_buf, lp.log_size, &verr);
		if (!ret && copy_to_user(uarg, &lp, minsz))
			ret = -EFAULT;
		return ret ?: -EINVAL;
	}

	insns = memdup_user(u64_to_user_ptr(lp.insns),
			    array_size(lp.insn_cnt, sizeof(*insns)));
	if (IS_ERR(insns))
		return PTR_ERR(insns);
	prog = kzalloc(sizeof(*prog), GFP_KERNEL);
	if (!prog) {
		ret = -ENOMEM;
		goto out_free_insns;
	}

	/* Verify against the real regions: the interpreter trusts the result. */
	memset(&verr, 0, sizeof(verr));
	ret = uirq_verify(prog, lp.kind, insns, lp.insn_cnt, ud->regions, &verr);
	if (ret) {
		lp.err_insn = verr.insn;
		ret = uirq_verr_to_user(lp.log_buf, lp.log_size, &verr);
		if (!ret && copy_to_user(uarg, &lp, minsz))
			ret = -EFAULT;
		ret = ret ?: -EINVAL;
		goto out_free_prog;
	}

	ret = uirq_check_msix(ud, prog, &verr);
	if (ret) {
		ret = uirq_verr_to_user(lp.log_buf, lp.log_size, &verr);
		if (!ret && copy_to_user(uarg, &lp, minsz))
			ret = -EFAULT;
		ret = ret ?: -EPERM;
		goto out_free_prog;
	}

	/*
	 * Before installing: once installed, another LOAD_PROG of this kind
	 * may replace and free it as soon as the mutex is dropped.
	 */
	lp.props = prog->props;
	mutex_lock(&ud->mutex);
	if (ud->dead)
		ret = -ENODEV;
	else if (lp.kind == UIRQ_PROG_ACK && ud->irq_on)
		ret = -EBUSY;
	else
		ret = uirq_install_prog(ud, prog);
	if (!ret)
		uirq_builtin_replaced(ud, lp.kind);
	mutex_unlock(&ud->mutex);
	if (ret)
		goto out_free_prog;

	prog = NULL;	/* installed: owned by the device, which may free it */
	ret = copy_to_user(uarg, &lp, minsz) ? -EFAULT : 0;

out_free_prog:
	kfree(prog);
out_free_insns:
	kfree(insns);
	return ret;
}

/*
 * The record size a caller of UIRQ_IRQ_ON reads: API 1 callers (no
 * @event_size, or 0) get API 1 records; a newer caller's size is clamped
 * to this kernel's record, which is its prefix.
 */
static int uirq_event_size(u32 want, u32 *size)
{
	if (!want)
		want = UIRQ_EVENT_SIZE_V1;
	if (want < UIRQ_EVENT_SIZE_V1 || want % sizeof(u64))
		return -EINVAL;
	*size = min_t(u32, want, sizeof(struct uirq_event));
	return 0;
}

static long uirq_ioctl_irq_on(struct uirq_dev *ud, void __user *uarg,
			      struct uirq_irq_ctl *ctl)
{
	u32 msi = ctl->flags & (UIRQ_IRQ_MSI | UIRQ_IRQ_MSIX);
	u32 size;
	int ret;

	if (ctl->flags & ~(UIRQ_IRQ_EXCLUSIVE | UIRQ_IRQ_RING | UIRQ_IRQ_MSI |
			   UIRQ_IRQ_MSIX) || ctl->resv || ctl->resv2)
		return -EINVAL;
	/* MSI vectors are never shared: EXCLUSIVE means nothing there. */
	if (msi == (UIRQ_IRQ_MSI | UIRQ_IRQ_MSIX) ||
	    (msi && ctl->flags & UIRQ_IRQ_EXCLUSIVE) || (!msi && ctl->vectors))
		return -EINVAL;
	ret = uirq_event_size(ctl->event_size, &size);
	if (ret)
		return ret;

	mutex_lock(&ud->mutex);
	if (ud->dead)
		ret = -ENODEV;
	else if (msi)
		ret = uirq_msi_on(ud, ctl->flags, ctl->vectors);
	else
		ret = uirq_irq_on(ud, ctl->flags);
	if (!ret)
		ud->event_size = size;
	mutex_unlock(&ud->mutex);
	return ret;
}

static long uirq_ioctl_irq_ctl(struct uirq_dev *ud, void __user *uarg,
			       unsigned int cmd)
{
	size_t minsz = offsetofend(struct uirq_irq_ctl, flags);
	struct uirq_irq_ctl ctl = {};
	int ret;

	ret = uirq_copy_arg(&ctl, uarg, minsz);
	if (ret)
		return ret;
	/*
	 * API 1 callers pass 8 bytes, API 2 and 3 16, API 4 24: what they
	 * did not pass is zero. The grown part must be zero where it means
	 * nothing.
	 */
	if (ctl.argsz > minsz &&
	    copy_from_user(&ctl, uarg, ctl.argsz >= sizeof(ctl) ? sizeof(ctl) :
			   ctl.argsz >= offsetofend(struct uirq_irq_ctl, resv) ?
			   offsetofend(struct uirq_irq_ctl, resv) : minsz))
		return -EFAULT;
	if (cmd != UIRQ_IRQ_ON &&
	    (ctl.event_size || ctl.resv || ctl.vectors || ctl.resv2))
		return -EINVAL;

	switch (cmd) {
	case UIRQ_IRQ_ON:
		return uirq_ioctl_irq_on(ud, uarg, &ctl);
	case UIRQ_IRQ_OFF:
		if (ctl.flags)
			return -EINVAL;
		mutex_lock(&ud->mutex);
		if (ud->dead)
			ret = -ENODEV;
		else if (!ud->irq_on)
			ret = -EINVAL;
		else
			uirq_irq_off(ud);
		mutex_unlock(&ud->mutex);
		return ret;
	default:	/* UIRQ_UNMASK */
		if (ctl.flags)
			return -EINVAL;
		mutex_lock(&ud->mutex);
		ret = ud->dead ? -ENODEV : uirq_unmask(ud);
		mutex_unlock(&ud->mutex);
		return ret;
	}
}

static long uirq_ioctl_get_stats(struct uirq_dev *ud, void __user *uarg,
				 bool owns)
{
	size_t minsz = offsetofend(struct uirq_stats, total_ns);
	struct uirq_stats st;
	unsigned long irqflags;
	int ret;

	memset(&st, 0, sizeof(st));
	ret = uirq_copy_arg(&st, uarg, minsz);
	if (ret)
		return ret;
	if (st.flags & ~UIRQ_STATS_RESET)
		return -EINVAL;
	if (st.flags & UIRQ_STATS_RESET && !owns)
		return -EBADF;

	spin_lock_irqsave(&ud->lock, irqflags);
	st.handled = ud->stats.handled;
	st.declined = ud->stats.declined;
	st.quiet = ud->stats.quiet;
	st.events = ud->stats.events;
	st.dropped = ud->stats.dropped;
	st.enable_runs = ud->stats.enable_runs;
	st.unmask_events = ud->stats.unmask_events;
	st.max_ns = ud->stats.max_ns;
	st.total_ns = ud->stats.total_ns;
	st.faults = ud->stats.faults;
	st.guard_checks = ud->stats.guard_checks;
	st.fault_ns = ud->guard.fault_ns;
	st.fault = ud->guard.fault;
	if (st.flags & UIRQ_STATS_RESET)
		memset(&ud->stats, 0, sizeof(ud->stats));
	spin_unlock_irqrestore(&ud->lock, irqflags);

	st.flags = 0;
	st.resv = 0;
	minsz = uirq_out_size(st.argsz, minsz, sizeof(st));
	return copy_to_user(uarg, &st, minsz) ? -EFAULT : 0;
}

static long uirq_ioctl_set_eventfd(struct uirq_dev *ud, void __user *uarg)
{
	size_t minsz = offsetofend(struct uirq_eventfd, resv);
	struct eventfd_ctx *trigger = NULL;
	struct uirq_eventfd ue;
	int ret;

	ret = uirq_copy_arg(&ue, uarg, minsz);
	if (ret)
		return ret;
	if (ue.flags || ue.resv || ue.fd < -1)
		return -EINVAL;

	if (ue.fd >= 0) {
		/* not open (-EBADF) and not an eventfd (-EINVAL) alike: -EBADF */
		trigger = eventfd_ctx_fdget(ue.fd);
		if (IS_ERR(trigger))
			return -EBADF;
	}

	mutex_lock(&ud->mutex);
	if (ud->dead) {
		mutex_unlock(&ud->mutex);
		if (trigger)
			eventfd_ctx_put(trigger);
		return -ENODEV;
	}
	uirq_set_trigger(ud, trigger);
	mutex_unlock(&ud->mutex);
	return 0;
}

/* Records are waiting in the shared ring (@ring) or in read()'s queue. */
static bool uirq_queued(struct uirq_dev *ud, bool ring)
{
	return ring ? uirq_ring_count(ud) : !kfifo_is_empty(&ud->ring);
}

/*
 * A waiter of the shared ring (@ring) or of read()'s has something to
 * return. Each waits for its own: should the owner switch rings under a
 * sleeping waiter, that waiter sleeps on rather than spin.
 */
static bool uirq_readable(struct uirq_dev *ud, bool ring)
{
	return READ_ONCE(ud->dead) || uirq_fault(ud) || uirq_queued(ud, ring);
}

/*
 * Wait for uirq_readable(), until @deadline (KTIME_MAX: forever); 0
 * once it holds, -ETIMEDOUT, or -ERESTARTSYS on a signal.
 */
static int uirq_wait_readable(struct uirq_dev *ud, bool ring, ktime_t deadline)
{
	ktime_t left;
	long ret;

	if (deadline == KTIME_MAX)
		return wait_event_interruptible(ud->wait, uirq_readable(ud, ring));
	left = ktime_sub(deadline, ktime_get());
	if (left <= 0)
		return uirq_readable(ud, ring) ? 0 : -ETIMEDOUT;
	ret = wait_event_interruptible_hrtimeout(ud->wait,
						 uirq_readable(ud, ring), left);
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

/*
 * Wait until the ring holds a record and take read_mutex, so that of two
 * readers woken by one event only one consumes it and the other waits
 * again. Records queued before a storm-guard trip are still delivered;
 * after them, -EIO. @deadline: KTIME_MAX, or when to give up (a
 * non-blocking file, or a deadline passed: -EAGAIN resp. -ETIMEDOUT).
 * Return: 0 with read_mutex held, -ENODEV, -EIO, -EAGAIN, -ETIMEDOUT or
 * -ERESTARTSYS.
 */
static int uirq_wait_record(struct uirq_dev *ud, struct file *file,
			    ktime_t deadline)
{
	int ret;

	for (;;) {
		if (READ_ONCE(ud->dead))
			return -ENODEV;
		mutex_lock(&ud->read_mutex);
		if (!kfifo_is_empty(&ud->ring))
			return 0;
		mutex_unlock(&ud->read_mutex);
		if (uirq_fault(ud))
			return -EIO;
		if (file->f_flags & O_NONBLOCK && deadline == KTIME_MAX)
			return -EAGAIN;
		ret = uirq_wait_readable(ud, false, deadline);
		if (ret)
			return ret;
	}
}

/*
 * UIO compatibility: a 4-byte read waits for events, consumes every
 * queued record and returns the number of events since open.
 */
static ssize_t uirq_read_count(struct uirq_dev *ud, struct file *file,
			       char __user *buf)
{
	unsigned long irqflags;
	u32 count;
	int ret;

	ret = uirq_wait_record(ud, file, KTIME_MAX);
	if (ret)
		return ret;
	/* Under the producer's lock so the count matches what was dropped. */
	spin_lock_irqsave(&ud->lock, irqflags);
	kfifo_reset_out(&ud->ring);
	count = (u32)ud->event_count;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	mutex_unlock(&ud->read_mutex);

	return copy_to_user(buf, &count, sizeof(count)) ? -EFAULT : sizeof(count);
}

/*
 * Whole records of the size the owner asked for (the prefix of ours), as
 * many as fit; a record that cannot be copied stays. API 1 readers cannot
 * see a fault record: it is skipped, and the next read says -EIO. A fault
 * record older than the last UIRQ_IRQ_ON is an answered question (the
 * owner got -EIO and started over without draining): skipped too.
 */
static ssize_t uirq_read_events(struct uirq_dev *ud, struct file *file,
				char __user *buf, size_t count, ktime_t deadline)
{
	size_t size = READ_ONCE(ud->event_size);
	struct uirq_event ev;
	size_t done = 0;
	int ret;

	if (count < size)
		return -EINVAL;
	do {
		ret = uirq_wait_record(ud, file, deadline);
		if (ret)
			return done ? done : ret;
		while (count - done >= size && kfifo_peek(&ud->ring, &ev)) {
			if (ev.flags & UIRQ_EVENT_FAULT &&
			    (size < offsetofend(struct uirq_event, flags) ||
			     ev.timestamp_ns < READ_ONCE(ud->irq_on_ns))) {
				kfifo_skip(&ud->ring);
				continue;
			}
			if (copy_to_user(buf + done, &ev, size)) {
				mutex_unlock(&ud->read_mutex);
				return done ? done : -EFAULT;
			}
			kfifo_skip(&ud->ring);
			done += size;
		}
		mutex_unlock(&ud->read_mutex);
	} while (!done);
	return done;
}

/*
 * In ring mode: wait until the shared ring holds a record and say how
 * many; records queued before a storm-guard trip come first (the fault
 * record is the ring's last), then -EIO.
 */
static int uirq_wait_ring(struct uirq_dev *ud, ktime_t deadline, u32 *count)
{
	int ret;

	for (;;) {
		if (READ_ONCE(ud->dead))
			return -ENODEV;
		*count = uirq_ring_count(ud);
		if (*count)
			return 0;
		if (uirq_fault(ud))
			return -EIO;
		ret = uirq_wait_readable(ud, true, deadline);
		if (ret)
			return ret;
	}
}

static long uirq_ioctl_wait(struct uirq_dev *ud, struct file *file,
			    void __user *uarg)
{
	size_t minsz = offsetofend(struct uirq_wait, count);
	ktime_t deadline = KTIME_MAX;
	struct uirq_wait w;
	bool ring;
	ssize_t n;
	int ret;

	ret = uirq_copy_arg(&w, uarg, minsz);
	if (ret)
		return ret;
	if (w.flags & ~UIRQ_WAIT_UNMASK)
		return -EINVAL;
	/*
	 * No mutex on the path of a wait without unmask: it is the hot path
	 * of every driver loop. The mode only changes at UIRQ_IRQ_ON; a wait
	 * that races with that waits on the stream it asked for.
	 */
	ring = READ_ONCE(ud->ring_mode);
	if (ring ? w.max_events || w.events : !w.max_events)
		return -EINVAL;
	if (w.flags & UIRQ_WAIT_UNMASK) {
		mutex_lock(&ud->mutex);
		ret = ud->dead ? -ENODEV : uirq_unmask(ud);
		mutex_unlock(&ud->mutex);
		if (ret)
			return ret;
	}

	if (w.timeout_ns >= 0)
		deadline = ktime_add_ns(ktime_get(), w.timeout_ns);
	if (ring) {
		ret = uirq_wait_ring(ud, deadline, &w.count);
	} else {
		n = uirq_read_events(ud, file, u64_to_user_ptr(w.events),
				     (size_t)w.max_events *
				     READ_ONCE(ud->event_size), deadline);
		ret = n < 0 ? n : 0;
		w.count = n < 0 ? 0 : n / READ_ONCE(ud->event_size);
	}
	/* The timeout is relative: a signal ends the wait, no restart. */
	if (ret == -ERESTARTSYS)
		ret = -EINTR;
	if (ret)
		return ret;
	return put_user(w.count, (u32 __user *)(uarg +
			offsetof(struct uirq_wait, count))) ? -EFAULT : 0;
}

static long uirq_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct uirq_dev *ud = file->private_data;
	void __user *uarg = (void __user *)arg;
	bool owns = uirq_file_owns(file);

	/* Racy by design: the commands that touch hardware recheck locked. */
	if (READ_ONCE(ud->dead))
		return -ENODEV;

	switch (cmd) {
	case UIRQ_GET_INFO:
		return uirq_ioctl_get_info(ud, uarg);
	case UIRQ_GET_REGION_INFO:
		return uirq_ioctl_get_region_info(ud, uarg);
	case UIRQ_GET_STATS:
		return uirq_ioctl_get_stats(ud, uarg, owns);
	case UIRQ_LOAD_PROG:
	case UIRQ_IRQ_ON:
	case UIRQ_IRQ_OFF:
	case UIRQ_UNMASK:
	case UIRQ_SET_EVENTFD:
	case UIRQ_WAIT:
	case UIRQ_SET_VECTOR_EVENTFD:
	case UIRQ_LOAD_VECTOR_PROG:
		if (!owns)
			return -EBADF;
		break;
	default:
		return -ENOTTY;
	}

	switch (cmd) {
	case UIRQ_LOAD_PROG:
		return uirq_ioctl_load_prog(ud, uarg);
	case UIRQ_IRQ_ON:
	case UIRQ_IRQ_OFF:
	case UIRQ_UNMASK:
		return uirq_ioctl_irq_ctl(ud, uarg, cmd);
	case UIRQ_WAIT:
		return uirq_ioctl_wait(ud, file, uarg);
	case UIRQ_SET_VECTOR_EVENTFD:
	case UIRQ_LOAD_VECTOR_PROG:
		return uirq_msi_ioctl(ud, cmd, uarg);
	default:	/* UIRQ_SET_EVENTFD */
		return uirq_ioctl_set_eventfd(ud, uarg);
	}
}

/*
 * File position 0 is the event stream (read) and UIO's irqcontrol (write);
 * positions from UIRQ_REGION_OFFSET(0) on are the regions (pread/pwrite).
 */
static ssize_t uirq_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct uirq_dev *ud = file->private_data;

	if (!uirq_file_owns(file))
		return -EBADF;
	if (*ppos >= (loff_t)UIRQ_REGION_OFFSET(0))
		return uirq_region_rw(ud, buf, count, *ppos, false);
	/* Position 0 is not a stream; the shared ring replaces read(). */
	if (*ppos || READ_ONCE(ud->ring_mode))
		return -EINVAL;
	if (count == sizeof(u32))
		return uirq_read_count(ud, file, buf);
	return uirq_read_events(ud, file, buf, count, KTIME_MAX);
}

static ssize_t uirq_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	struct uirq_dev *ud = file->private_data;
	u32 val;
	int ret;

	if (*ppos >= (loff_t)UIRQ_REGION_OFFSET(0))
		return uirq_region_rw(ud, (char __user *)buf, count, *ppos,
				      true);
	if (*ppos || count != sizeof(val))
		return -EINVAL;
	if (copy_from_user(&val, buf, sizeof(val)))
		return -EFAULT;
	/* Masking the line is not ours to do: only 1 (unmask) is accepted. */
	if (val != 1)
		return -EINVAL;

	mutex_lock(&ud->mutex);
	ret = ud->dead ? -ENODEV : uirq_unmask(ud);
	mutex_unlock(&ud->mutex);
	return ret ? ret : sizeof(val);
}

static __poll_t uirq_poll(struct file *file, poll_table *wait)
{
	struct uirq_dev *ud = file->private_data;
	__poll_t mask = 0;

	if (!uirq_file_owns(file))
		return EPOLLERR;
	poll_wait(file, &ud->wait, wait);
	if (READ_ONCE(ud->dead))
		return EPOLLERR | EPOLLHUP;
	if (uirq_fault(ud))
		mask |= EPOLLERR;
	if (uirq_queued(ud, READ_ONCE(ud->ring_mode)))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static int uirq_mmap_fop(struct file *file, struct vm_area_struct *vma)
{
	if (!uirq_file_owns(file))
		return -EACCES;
	/* Below the regions: the shared ring is the only mapping there. */
	if (((u64)vma->vm_pgoff << PAGE_SHIFT) < UIRQ_REGION_OFFSET(0))
		return uirq_ring_mmap(file->private_data, vma);
	return uirq_mmap(file->private_data, vma);
}

const struct file_operations uirq_fops = {
	.owner		= THIS_MODULE,
	.open		= uirq_open,
	.release	= uirq_release,
	.read		= uirq_read,
	.write		= uirq_write,
	.poll		= uirq_poll,
	.mmap		= uirq_mmap_fop,
	.fasync		= uirq_fasync,
	.unlocked_ioctl	= uirq_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= default_llseek,
};
