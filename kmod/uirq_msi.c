// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: MSI and MSI-X. UIRQ_IRQ_ON with UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX
 * enables N vectors instead of requesting the INTx line; each message is
 * an event carrying its vector, optionally after that vector's own ack
 * program ran (it may capture registers or acknowledge at the device, but
 * never decline: a message is always its device's, and nothing else
 * shares its vector).
 *
 * An MSI is a memory write by the device, so it needs bus mastering, which
 * only an owner allowed DMA may have (uirq_config_open()): uirq.ko turns
 * it on for the vectors and off again when they go. Everything that
 * stops the vectors runs in the order uirq_dev_disable() documents:
 * release program and INTx-disable, bus mastering off (no message can be
 * sent after it), then each vector's free_irq(), then the vectors
 * themselves, with INTx-disable kept set throughout (the PCI core would
 * clear it when MSI goes: PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG stops that),
 * so the device never asserts INTx on a line nobody answers for.
 *
 * The storm guard's analogue for edge vectors is a claim-rate limit per
 * vector: more than guard_max_irqs messages on one vector in a window
 * trip it (UIRQ_FAULT_CLAIM_RATE, the record's vector says which), which
 * turns bus mastering off in the handler; messages already in flight
 * are answered and ignored.
 */
#include <linux/interrupt.h>
#include <linux/eventfd.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "uirq_kmod.h"

/**
 * struct uirq_vec - one MSI/MSI-X vector
 * @ud:        its device
 * @prog:      its ack program, or NULL (under ud->lock)
 * @trigger:   its eventfd, or NULL (under ud->lock)
 * @irq:       Linux IRQ while requested, else 0
 * @index:     the vector number
 * @win_start: start of the guard's current window
 * @claims:    messages in that window
 * @name:      "uirq:<BDF>:msi<N>" or ":msix<N>", for /proc/interrupts
 */
struct uirq_vec {
	struct uirq_dev *ud;
	struct uirq_prog *prog;
	struct eventfd_ctx *trigger;
	unsigned int irq;
	u16 index;
	u64 win_start;
	u32 claims;
	char name[48];
};

/**
 * struct uirq_msi - the vectors of one device
 * @nvec:       vectors enabled now (ud->msi_type set), else 0
 * @set_master: bus mastering was off and uirq turned it on for them
 * @quirk:      PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG was set already
 * @vec:        per vector
 */
struct uirq_msi {
	u32 nvec;
	bool set_master;
	bool quirk;
	struct uirq_vec vec[UIRQ_MAX_VECTORS];
};

/* The per-vector state, allocated on first use; ud->mutex held. */
static struct uirq_msi *uirq_msi_get(struct uirq_dev *ud)
{
	struct uirq_msi *m;
	int i;

	lockdep_assert_held(&ud->mutex);
	if (ud->mvec)
		return ud->mvec;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	for (i = 0; i < UIRQ_MAX_VECTORS; i++) {
		m->vec[i].ud = ud;
		m->vec[i].index = i;
	}
	ud->mvec = m;
	return m;
}

/* Command register bits, with ud->lock held (as every kernel-side write). */
static void uirq_cmd_update_locked(struct uirq_dev *ud, u16 set, u16 clear)
{
	u16 cmd, v;

	lockdep_assert_held(&ud->lock);
	if (pci_read_config_word(ud->pdev, PCI_COMMAND, &cmd))
		return;
	v = (cmd | set) & ~clear;
	if (v != cmd)
		pci_write_config_word(ud->pdev, PCI_COMMAND, v);
}

static irqreturn_t uirq_msi_handler(int irq, void *arg)
{
	struct uirq_vec *v = arg;
	struct uirq_dev *ud = v->ud;
	struct uirq_result res;
	u64 t0, t1;
	u32 rc = UIRQ_RET_HANDLED;

	spin_lock(&ud->lock);
	/*
	 * Tripped: bus mastering is off, this one was in flight. IRQ_HANDLED:
	 * the vector is ours alone, nobody else could answer it.
	 */
	if (unlikely(ud->guard.fault))
		goto out_unlock;
	t0 = ktime_get_ns();
	if (v->prog)
		rc = uirq_run_this(ud, v->prog, &res);
	else
		memset(&res, 0, sizeof(res));
	t1 = ktime_get_ns();
	ud->stats.total_ns += t1 - t0;
	if (t1 - t0 > ud->stats.max_ns)
		ud->stats.max_ns = t1 - t0;

	/* The verifier proved rc != none: a message is always ours. */
	ud->stats.handled++;
	if (rc == UIRQ_RET_QUIET) {
		ud->stats.quiet++;
	} else {
		uirq_push_event(ud, &res, t1, v->index);
		if (v->trigger)
			eventfd_signal(v->trigger, 1);
	}

	if (t1 - v->win_start >= ud->guard.window_ns) {
		v->win_start = t1;
		v->claims = 0;
	}
	if (unlikely(++v->claims > ud->guard.max_irqs)) {
		/* Before the trip: no message can be sent once it is off. */
		uirq_cmd_update_locked(ud, 0, PCI_COMMAND_MASTER);
		uirq_guard_trip(ud, UIRQ_FAULT_CLAIM_RATE, t1, v->index);
	}
out_unlock:
	spin_unlock(&ud->lock);
	return IRQ_HANDLED;
}

/* Undo uirq_msi_on()'s vectors 0..@n-1 and the allocation; ud->mutex held. */
static void uirq_msi_unwind(struct uirq_dev *ud, u32 n)
{
	struct uirq_msi *m = ud->mvec;
	struct pci_dev *pdev = ud->pdev;

	while (n--) {
		free_irq(m->vec[n].irq, &m->vec[n]);
		m->vec[n].irq = 0;
	}
	pci_free_irq_vectors(pdev);
	if (!m->quirk)
		pdev->dev_flags &= ~PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG;
}

/**
 * uirq_msi_on() - enable MSI or MSI-X vectors instead of INTx
 * @ud:      the device, ud->mutex held, not dead, IRQ off
 * @flags:   UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX (exactly one), UIRQ_IRQ_RING
 * @vectors: how many (1..UIRQ_MAX_VECTORS)
 *
 * INTx-disable is set first and stays set. The handlers go in before
 * bus mastering is turned on, so a message has a handler from the first
 * one on; then, under ud->lock, the guard is re-armed and the init
 * program runs, as for INTx.
 *
 * Return: 0, -EBUSY (on already), -EINVAL (@vectors, both or neither
 * type), -ENODEV (no such capability), -EPERM (the owner is not allowed
 * DMA, or nothing could quiet the device when it falls back to INTx),
 * -ENOSPC (fewer vectors available), -ENOMEM, or request_irq()'s error.
 */
int uirq_msi_on(struct uirq_dev *ud, u32 flags, u32 vectors)
{
	u32 type = flags & (UIRQ_IRQ_MSI | UIRQ_IRQ_MSIX);
	struct pci_dev *pdev = ud->pdev;
	struct uirq_result res;
	unsigned long irqflags;
	struct uirq_msi *m;
	u32 i;
	u16 cmd;
	int n, err;

	lockdep_assert_held(&ud->mutex);
	if (ud->irq_on)
		return -EBUSY;
	if (type != UIRQ_IRQ_MSI && type != UIRQ_IRQ_MSIX)
		return -EINVAL;
	if (!vectors || vectors > UIRQ_MAX_VECTORS)
		return -EINVAL;
	if (type == UIRQ_IRQ_MSI ? !ud->msi : !ud->msix)
		return -ENODEV;
	n = type == UIRQ_IRQ_MSI ? pci_msi_vec_count(pdev) :
				   pci_msix_vec_count(pdev);
	if (n < 0 || vectors > n)
		return -EINVAL;
	if (!ud->cfg_policy->master) {
		pci_info_ratelimited(pdev,
				     "uirq: %s refused: a message is DMA, and this owner may not turn bus mastering on (needs CAP_SYS_RAWIO or an IOMMU DMA domain)\n",
				     type == UIRQ_IRQ_MSI ? "MSI" : "MSI-X");
		return -EPERM;
	}
	if (!ud->prog[UIRQ_PROG_RELEASE] && !ud->intx_mask)
		return -EPERM;
	m = uirq_msi_get(ud);
	if (!m)
		return -ENOMEM;
	if (flags & UIRQ_IRQ_RING) {
		err = uirq_ring_alloc(ud);
		if (err)
			return err;
	}
	if (uirq_fault(ud))
		uirq_drop_stale_fault(ud);

	spin_lock_irqsave(&ud->lock, irqflags);
	if (ud->intx_mask)
		uirq_cmd_update_locked(ud, PCI_COMMAND_INTX_DISABLE, 0);
	spin_unlock_irqrestore(&ud->lock, irqflags);

	/* uirq keeps INTx-disable itself; the PCI core must not clear it. */
	m->quirk = pdev->dev_flags & PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG;
	pdev->dev_flags |= PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG;
	n = pci_alloc_irq_vectors(pdev, vectors, vectors,
				  type == UIRQ_IRQ_MSI ? PCI_IRQ_MSI : PCI_IRQ_MSIX);
	if (n < 0) {
		if (!m->quirk)
			pdev->dev_flags &= ~PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG;
		return n;
	}
	for (i = 0; i < vectors; i++) {
		struct uirq_vec *v = &m->vec[i];

		snprintf(v->name, sizeof(v->name), "%s:%s%u", ud->irq_name,
			 type == UIRQ_IRQ_MSI ? "msi" : "msix", i);
		v->win_start = 0;
		v->claims = 0;
		v->irq = pci_irq_vector(pdev, i);
		err = request_irq(v->irq, uirq_msi_handler, 0, v->name, v);
		if (err) {
			v->irq = 0;
			uirq_msi_unwind(ud, i);
			return err;
		}
	}

	spin_lock_irqsave(&ud->lock, irqflags);
	ud->ring_mode = flags & UIRQ_IRQ_RING;
	ud->msi_type = type;
	m->nvec = vectors;
	uirq_guard_reset_locked(ud);
	m->set_master = !pci_read_config_word(pdev, PCI_COMMAND, &cmd) &&
			!(cmd & PCI_COMMAND_MASTER);
	uirq_cmd_update_locked(ud, PCI_COMMAND_MASTER, 0);
	if (ud->prog[UIRQ_PROG_INIT])
		uirq_run_prog(ud, UIRQ_PROG_INIT, &res);
	spin_unlock_irqrestore(&ud->lock, irqflags);

	ud->irq_on = true;
	ud->irq_excl = true;
	ud->irq_others = false;
	WRITE_ONCE(ud->irq_on_ns, ktime_get_ns());
	return 0;
}

/**
 * uirq_msi_free() - turn the vectors off (uirq_irq_free() for MSI/MSI-X)
 * @ud: the device, ud->mutex held, vectors on, already silenced
 *      (release program and INTx-disable)
 *
 * Bus mastering off first (if uirq turned it on; at release
 * uirq_dev_disable() has turned it off already), so no message is sent
 * after it; then each vector's handler goes, then the vectors. The device
 * is back on INTx, INTx-disable still set.
 */
void uirq_msi_free(struct uirq_dev *ud)
{
	struct uirq_msi *m = ud->mvec;
	unsigned long irqflags;

	lockdep_assert_held(&ud->mutex);
	spin_lock_irqsave(&ud->lock, irqflags);
	if (m->set_master)
		uirq_cmd_update_locked(ud, 0, PCI_COMMAND_MASTER);
	spin_unlock_irqrestore(&ud->lock, irqflags);

	uirq_msi_unwind(ud, m->nvec);

	spin_lock_irqsave(&ud->lock, irqflags);
	ud->msi_type = 0;
	m->nvec = 0;
	m->set_master = false;
	/* pci_msi_shutdown() leaves it alone (the quirk flag); be sure. */
	if (ud->intx_mask)
		uirq_cmd_update_locked(ud, PCI_COMMAND_INTX_DISABLE, 0);
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/**
 * uirq_msi_release() - free the per-vector programs and eventfds
 * @ud: the device, ud->mutex held, IRQ off (release or removal)
 */
void uirq_msi_release(struct uirq_dev *ud)
{
	struct uirq_msi *m = ud->mvec;
	int i;

	lockdep_assert_held(&ud->mutex);
	if (!m)
		return;
	ud->mvec = NULL;
	for (i = 0; i < UIRQ_MAX_VECTORS; i++) {
		kfree(m->vec[i].prog);
		if (m->vec[i].trigger)
			eventfd_ctx_put(m->vec[i].trigger);
	}
	kfree(m);
}

/**
 * uirq_msi_vectors() - how many vectors are on
 * @ud: the device, ud->mutex held
 *
 * Return: the number, 0 with INTx or the IRQ off.
 */
u32 uirq_msi_vectors(struct uirq_dev *ud)
{
	lockdep_assert_held(&ud->mutex);
	return ud->msi_type && ud->mvec ? ud->mvec->nvec : 0;
}

/**
 * uirq_msi_kmem() - kernel memory the per-vector state holds
 * @ud: the device, ud->mutex held
 *
 * Return: bytes (slab objects with their rounding), for sysfs memory.
 */
size_t uirq_msi_kmem(struct uirq_dev *ud)
{
	struct uirq_msi *m = ud->mvec;
	size_t n;
	int i;

	lockdep_assert_held(&ud->mutex);
	if (!m)
		return 0;
	n = ksize(m);
	for (i = 0; i < UIRQ_MAX_VECTORS; i++)
		if (m->vec[i].prog)
			n += ksize(m->vec[i].prog);
	return n;
}

static long uirq_msi_set_eventfd(struct uirq_dev *ud, void __user *uarg)
{
	struct eventfd_ctx *trigger = NULL, *old;
	struct uirq_vector_eventfd ve;
	unsigned long irqflags;
	struct uirq_msi *m;

	if (copy_from_user(&ve, uarg, sizeof(ve)))
		return -EFAULT;
	if (ve.argsz < sizeof(ve) || ve.flags || ve.vector >= UIRQ_MAX_VECTORS ||
	    ve.fd < -1)
		return -EINVAL;
	if (ve.fd >= 0) {
		trigger = eventfd_ctx_fdget(ve.fd);
		if (IS_ERR(trigger))
			return -EBADF;
	}

	mutex_lock(&ud->mutex);
	m = ud->dead ? NULL : uirq_msi_get(ud);
	if (!m) {
		int ret = ud->dead ? -ENODEV : -ENOMEM;

		mutex_unlock(&ud->mutex);
		if (trigger)
			eventfd_ctx_put(trigger);
		return ret;
	}
	spin_lock_irqsave(&ud->lock, irqflags);
	old = m->vec[ve.vector].trigger;
	m->vec[ve.vector].trigger = trigger;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	mutex_unlock(&ud->mutex);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

/* Why a verified program may not be a vector's; 0 if it may. */
static int uirq_msi_check_prog(struct uirq_dev *ud, const struct uirq_prog *prog,
			       struct uirq_verr *verr)
{
	const struct uirq_window *w;
	u32 bar;

	verr->insn = -1;
	if (prog->props.flags & UIRQ_PROP_CAN_DECLINE) {
		snprintf(verr->msg, sizeof(verr->msg),
			 "a vector's ack program must not decline (a reachable ret none): a message is always its device's");
		return -EINVAL;
	}
	for (bar = 0; bar < UIRQ_NUM_BARS; bar++) {
		w = &prog->props.win[bar];
		if (!(prog->props.region_mask & BIT(bar)) ||
		    !uirq_config_msix_overlap(ud, bar, w->lo, w->hi))
			continue;
		snprintf(verr->msg, sizeof(verr->msg),
			 "bar%u 0x%x..0x%x reaches the MSI-X table or PBA, which are the kernel's",
			 bar, w->lo, w->hi);
		return -EPERM;
	}
	return 0;
}

static long uirq_msi_load_prog(struct uirq_dev *ud, void __user *uarg)
{
	struct uirq_vector_prog vp;
	struct uirq_insn *insns;
	struct uirq_prog *prog;
	struct uirq_verr verr;
	struct uirq_msi *m;
	int ret;

	if (copy_from_user(&vp, uarg, sizeof(vp)))
		return -EFAULT;
	if (vp.argsz < sizeof(vp) || vp.flags || vp.vector >= UIRQ_MAX_VECTORS)
		return -EINVAL;
	vp.err_insn = -1;
	memset(&vp.props, 0, sizeof(vp.props));
	memset(&verr, 0, sizeof(verr));
	if (!vp.insn_cnt || vp.insn_cnt > UIRQ_MAX_INSNS) {
		verr.insn = -1;
		snprintf(verr.msg, sizeof(verr.msg),
			 "program has %u instructions, must be 1..%u",
			 vp.insn_cnt, UIRQ_MAX_INSNS);
		ret = uirq_verr_to_user(vp.log_buf, vp.log_size, &verr);
		if (!ret && copy_to_user(uarg, &vp, sizeof(vp)))
			ret = -EFAULT;
		return ret ?: -EINVAL;
	}

	insns = memdup_user(u64_to_user_ptr(vp.insns),
			    array_size(vp.insn_cnt, sizeof(*insns)));
	if (IS_ERR(insns))
		return PTR_ERR(insns);
	prog = kzalloc(sizeof(*prog), GFP_KERNEL);
	if (!prog) {
		ret = -ENOMEM;
		goto out_free_insns;
	}
	ret = uirq_verify(prog, UIRQ_PROG_ACK, insns, vp.insn_cnt, ud->regions,
			  &verr);
	if (!ret)
		ret = uirq_msi_check_prog(ud, prog, &verr);
	if (ret) {
		int err;

		vp.err_insn = verr.insn;
		err = uirq_verr_to_user(vp.log_buf, vp.log_size, &verr);
		if (!err && copy_to_user(uarg, &vp, sizeof(vp)))
			err = -EFAULT;
		ret = err ?: ret;
		goto out_free_prog;
	}

	vp.props = prog->props;
	mutex_lock(&ud->mutex);
	m = ud->dead ? NULL : uirq_msi_get(ud);
	if (ud->dead)
		ret = -ENODEV;
	else if (!m)
		ret = -ENOMEM;
	else if (ud->msi_type)
		ret = -EBUSY;
	else
		ret = uirq_install_prog_at(ud, prog, &m->vec[vp.vector].prog);
	mutex_unlock(&ud->mutex);
	if (ret)
		goto out_free_prog;
	prog = NULL;	/* the device's now */
	ret = copy_to_user(uarg, &vp, sizeof(vp)) ? -EFAULT : 0;

out_free_prog:
	kfree(prog);
out_free_insns:
	kfree(insns);
	return ret;
}

/**
 * uirq_msi_ioctl() - UIRQ_SET_VECTOR_EVENTFD and UIRQ_LOAD_VECTOR_PROG
 * @ud:   the device, opened by its owner
 * @cmd:  one of them
 * @uarg: the user's structure
 *
 * Return: 0 or -errno (see include/uapi/uirq.h).
 */
long uirq_msi_ioctl(struct uirq_dev *ud, unsigned int cmd, void __user *uarg)
{
	if (cmd == UIRQ_SET_VECTOR_EVENTFD)
		return uirq_msi_set_eventfd(ud, uarg);
	return uirq_msi_load_prog(ud, uarg);
}
