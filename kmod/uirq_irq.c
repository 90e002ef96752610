// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: the interrupt path. The hard-IRQ handler runs the verified ack
 * program under the device's spinlock and turns "handled" into an event
 * record; everything else here installs and removes that handler in an
 * order that never leaves the device asserting a shared line without a
 * handler that answers for it.
 */
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/eventfd.h>
#include <linux/pci.h>
#include <linux/poll.h>

#include "uirq_kmod.h"

/*
 * Append an event for @res, or count it as dropped when the ring is full.
 * Called with ud->lock held, from the handler or from the re-check after
 * UIRQ_IRQ_ON and UIRQ_UNMASK: the lock makes them one producer.
 */
static void uirq_push_event(struct uirq_dev *ud, const struct uirq_result *res,
			    u64 now)
{
	struct uirq_event ev;

	ud->seq++;
	ud->event_count++;
	ud->stats.events++;
	if (kfifo_is_full(&ud->ring)) {
		ud->stats.dropped++;
		ud->pending_drop++;
	} else {
		ev.seq = ud->seq;
		ev.timestamp_ns = now;
		ev.dropped = ud->pending_drop;
		ev.cap_mask = res->cap_mask;
		memcpy(ev.cap, res->cap, sizeof(ev.cap));
		ud->pending_drop = 0;
		kfifo_put(&ud->ring, ev);
	}
	wake_up_interruptible(&ud->wait);
	if (ud->trigger)
		eventfd_signal(ud->trigger, 1);
	kill_fasync(&ud->async, SIGIO, POLL_IN);
}

/*
 * Never sleeps, allocates or touches the line itself (no disable_irq: the
 * line is shared). With threadirqs or on PREEMPT_RT this runs in a thread,
 * where spin_lock on a spinlock_t is still correct.
 */
static irqreturn_t uirq_handler(int irq, void *dev_id)
{
	struct uirq_dev *ud = dev_id;
	struct uirq_result res;
	u64 t0, t1;
	u32 ret;

	spin_lock(&ud->lock);
	t0 = ktime_get_ns();
	ret = uirq_run_prog(ud, UIRQ_PROG_ACK, &res);
	t1 = ktime_get_ns();
	ud->stats.total_ns += t1 - t0;
	if (t1 - t0 > ud->stats.max_ns)
		ud->stats.max_ns = t1 - t0;

	if (ret == UIRQ_RET_NONE) {
		ud->stats.declined++;
		spin_unlock(&ud->lock);
		return IRQ_NONE;
	}
	ud->stats.handled++;
	if (ret == UIRQ_RET_QUIET)
		ud->stats.quiet++;
	else
		uirq_push_event(ud, &res, t1);
	spin_unlock(&ud->lock);
	return IRQ_HANDLED;
}

/*
 * Quiet the device for good: the release program, or else the PCI 2.3
 * INTx-disable bit. Under ud->lock so it cannot interleave with an ack
 * program run.
 */
static void uirq_quiesce(struct uirq_dev *ud)
{
	struct uirq_result res;
	unsigned long irqflags;
	u16 cmd;

	spin_lock_irqsave(&ud->lock, irqflags);
	if (ud->prog[UIRQ_PROG_RELEASE]) {
		uirq_run_prog(ud, UIRQ_PROG_RELEASE, &res);
	} else if (ud->intx_mask) {
		pci_read_config_word(ud->pdev, PCI_COMMAND, &cmd);
		pci_write_config_word(ud->pdev, PCI_COMMAND,
				      cmd | PCI_COMMAND_INTX_DISABLE);
	}
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/*
 * Run the ack program outside the handler, with ud->lock held and
 * interrupts off so it cannot interleave with a handler run: an interrupt
 * the device raised while no handler could see it (before IRQ_ON, or while
 * it was masked until UNMASK) becomes an event instead of being lost. A
 * program that cannot decline cannot tell whether its device interrupted,
 * so it is not run: it would invent an event, and on an exclusive line the
 * handler sees a real one anyway.
 */
static void uirq_recheck_locked(struct uirq_dev *ud)
{
	struct uirq_result res;

	lockdep_assert_held(&ud->lock);
	if (!(ud->prog[UIRQ_PROG_ACK]->props.flags & UIRQ_PROP_CAN_DECLINE))
		return;
	if (uirq_run_prog(ud, UIRQ_PROG_ACK, &res) == UIRQ_RET_HANDLED) {
		ud->stats.unmask_events++;
		uirq_push_event(ud, &res, ktime_get_ns());
	}
}

/**
 * uirq_irq_on() - run the init program and install the handler
 * @ud:    the device, ud->mutex held, not dead
 * @flags: UIRQ_IRQ_EXCLUSIVE or 0
 *
 * The line is requested shared only if the ack program can decline (it can
 * tell its device's interrupts from the others') and the caller did not
 * ask for exclusivity. Once the handler is in, the ack program runs once
 * more (uirq_recheck_locked()): a level the device raised before the
 * handler existed, by the init program or left over, is not always
 * delivered when the line is enabled (QEMU's IOAPIC ignores a level that
 * was already high when the pin is reprogrammed).
 *
 * Return: 0, -EBUSY (already on, or the line cannot be had), -EINVAL (no
 * ack program), -ENODEV (no INTx), -EPERM (shared without a way to quiet
 * the device), -EIO (the init program returned none), or request_irq()'s
 * error.
 */
int uirq_irq_on(struct uirq_dev *ud, u32 flags)
{
	struct uirq_result res;
	unsigned long irqflags;
	bool shared;
	u16 cmd;
	u32 ret;
	int err;

	lockdep_assert_held(&ud->mutex);
	if (ud->irq_on)
		return -EBUSY;
	if (!ud->prog[UIRQ_PROG_ACK])
		return -EINVAL;
	if (!ud->irq || !ud->pin)
		return -ENODEV;

	shared = (ud->prog[UIRQ_PROG_ACK]->props.flags & UIRQ_PROP_CAN_DECLINE) &&
		 !(flags & UIRQ_IRQ_EXCLUSIVE);
	/* On a shared line, a dead driver's device must not keep asserting. */
	if (shared && !ud->prog[UIRQ_PROG_RELEASE] && !ud->intx_mask)
		return -EPERM;

	if (ud->prog[UIRQ_PROG_INIT]) {
		spin_lock_irqsave(&ud->lock, irqflags);
		ret = uirq_run_prog(ud, UIRQ_PROG_INIT, &res);
		spin_unlock_irqrestore(&ud->lock, irqflags);
		if (ret == UIRQ_RET_NONE)
			return -EIO;
	}

	spin_lock_irqsave(&ud->lock, irqflags);
	ud->seq = 0;
	spin_unlock_irqrestore(&ud->lock, irqflags);

	ud->irq_others = irq_has_action(ud->irq);
	err = request_irq(ud->irq, uirq_handler, shared ? IRQF_SHARED : 0,
			  ud->irq_name, ud);
	if (err) {
		/* The init program may have armed the device: undo that. */
		uirq_quiesce(ud);
		return err;
	}
	ud->irq_on = true;
	ud->irq_excl = !shared;

	/*
	 * A previous release may have masked INTx; unmask only now that a
	 * handler answers for the device, and before the re-check, which an
	 * ack program that declines while masked would otherwise skip.
	 */
	spin_lock_irqsave(&ud->lock, irqflags);
	pci_read_config_word(ud->pdev, PCI_COMMAND, &cmd);
	if (cmd & PCI_COMMAND_INTX_DISABLE)
		pci_write_config_word(ud->pdev, PCI_COMMAND,
				      cmd & ~PCI_COMMAND_INTX_DISABLE);
	uirq_recheck_locked(ud);
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return 0;
}

/**
 * uirq_irq_off() - quiet the device, then remove the handler
 * @ud: the device, ud->mutex held, IRQ on
 *
 * The order matters on a shared line: freeing the IRQ first would leave a
 * still-asserting device with nobody to claim it, and the kernel would
 * disable the line for every device on it ("nobody cared").
 */
void uirq_irq_off(struct uirq_dev *ud)
{
	lockdep_assert_held(&ud->mutex);
	uirq_quiesce(ud);
	free_irq(ud->irq, ud);
	ud->irq_on = false;
	ud->irq_excl = false;
	ud->irq_others = false;
}

/**
 * uirq_unmask() - let the device interrupt again after user space handled it
 * @ud: the device, ud->mutex held, not dead
 *
 * Runs the enable program, then the re-check (uirq_recheck_locked()) under
 * the same lock with interrupts off: an interrupt the device raised while
 * it was masked is delivered as an event here instead of being lost.
 *
 * Return: 0, or -EINVAL if the IRQ is not on.
 */
int uirq_unmask(struct uirq_dev *ud)
{
	struct uirq_result res;
	unsigned long irqflags;

	lockdep_assert_held(&ud->mutex);
	if (!ud->irq_on)
		return -EINVAL;

	spin_lock_irqsave(&ud->lock, irqflags);
	if (ud->prog[UIRQ_PROG_ENABLE]) {
		uirq_run_prog(ud, UIRQ_PROG_ENABLE, &res);
		ud->stats.enable_runs++;
	}
	uirq_recheck_locked(ud);
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return 0;
}

/**
 * uirq_flush_events() - empty the ring, keep the counters
 * @ud: the device, ud->mutex held, IRQ off and no reader (release)
 *
 * At close the records go, so the next owner never reads another driver's
 * events, but the counters stay readable in sysfs until the next open: a
 * driver that exited or crashed can still be diagnosed.
 */
void uirq_flush_events(struct uirq_dev *ud)
{
	unsigned long irqflags;

	spin_lock_irqsave(&ud->lock, irqflags);
	kfifo_reset(&ud->ring);
	ud->pending_drop = 0;
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/**
 * uirq_reset_events() - empty the ring and zero the counters
 * @ud: the device, ud->mutex held, IRQ off and no reader (open)
 *
 * A new owner starts clean: its counters and its 4-byte read count only
 * its own interrupts.
 */
void uirq_reset_events(struct uirq_dev *ud)
{
	unsigned long irqflags;

	spin_lock_irqsave(&ud->lock, irqflags);
	kfifo_reset(&ud->ring);
	memset(&ud->stats, 0, sizeof(ud->stats));
	ud->seq = 0;
	ud->event_count = 0;
	ud->pending_drop = 0;
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/**
 * uirq_set_trigger() - replace the eventfd signalled on each event
 * @ud:      the device, ud->mutex held
 * @trigger: the new eventfd context (its reference is taken over) or NULL
 */
void uirq_set_trigger(struct uirq_dev *ud, struct eventfd_ctx *trigger)
{
	struct eventfd_ctx *old;
	unsigned long irqflags;

	/* The handler reads the pointer under the lock: swap it there. */
	spin_lock_irqsave(&ud->lock, irqflags);
	old = ud->trigger;
	ud->trigger = trigger;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	if (old)
		eventfd_ctx_put(old);
}
