// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: the interrupt path. The hard-IRQ handler runs the verified ack
 * program under the device's spinlock and turns "handled" into an event
 * record, and its storm guard quiesces a device whose program is wrong;
 * everything else here installs and removes that handler in an order that
 * never leaves the device asserting a shared line without a handler that
 * answers for it.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/eventfd.h>
#include <linux/pci.h>
#include <linux/poll.h>

#include "uirq_kmod.h"

/*
 * The storm guard. A verified ack program always terminates, but it can
 * still be wrong in two ways the verifier cannot see, and on a level-
 * triggered line both hurt every device on it:
 *  - it claims but does not silence its device: the line fires again at
 *    once after every EOI, a livelock the kernel's spurious-IRQ detector
 *    never sees (it only counts IRQ_NONE);
 *  - it declines while its device asserts: the line fires for nobody, and
 *    after 100,000 such interrupts the kernel disables it for everyone.
 * Counting alone cannot tell a storm from a fast, healthy device, so the
 * handler asks the device itself: it reads the PCI 2.3 interrupt status
 * (set while the function asserts INTx, whatever its INTx-disable bit)
 * with the command register in the same dword. A device still asserting,
 * with INTx not disabled, right after its program claimed, or while its
 * program declined, is one hit; guard_confirm hits in a row trip. Reading
 * config space costs (a config cycle is as slow as a device access gets,
 * and a fast healthy device must not pay one every few interrupts), so it
 * samples: every UIRQ_GUARD_SAMPLE_EVERY-th claim and every
 * UIRQ_GUARD_SAMPLE_EVERY-th decline, whatever the rate (a storm's rate
 * depends on the machine: with threaded handlers, or a debug kernel, on
 * a slow one it is a few thousand a second, and a rate threshold misses
 * it), and every run while the last sample of that kind found the device
 * asserting, so a storm is confirmed at its own pace: it trips within
 * UIRQ_GUARD_SAMPLE_EVERY + guard_confirm runs of its kind. A device
 * without the status bit cannot be asked: on a level line a window with
 * more than guard_max_irqs claims trips, and a decline storm is left to
 * the kernel's own detector (nothing can attribute it). An edge line (a
 * non-PCI device created edge-triggered) cannot storm at all: it fires
 * once per edge the device makes, whatever the program does, so neither
 * is counted there (a fast healthy device must not trip: under TCG a
 * parallel port does 2000 round trips in 10 ms of guest time).
 *
 * Tripping, in the handler and under ud->lock: the release program runs
 * and INTx-disable is set, so the line drops; the handler then answers
 * IRQ_NONE without running any program (the device cannot assert any
 * more), readers get POLLERR and -EIO, and one rate-limited message names
 * the device. UIRQ_IRQ_OFF + UIRQ_IRQ_ON (or close + open) start over.
 */
#define UIRQ_GUARD_SAMPLE_EVERY	32

unsigned int uirq_guard_window_ms = 10;
module_param_named(guard_window_ms, uirq_guard_window_ms, uint, 0644);
MODULE_PARM_DESC(guard_window_ms,
		 "storm guard: counting window in ms (default 10)");
unsigned int uirq_guard_suspect = 200;
module_param_named(guard_suspect, uirq_guard_suspect, uint, 0644);
MODULE_PARM_DESC(guard_suspect,
		 "storm guard: unused since API 3 (every 32nd claim and decline is sampled, whatever the rate); kept so that existing module options still load");
unsigned int uirq_guard_confirm = 32;
module_param_named(guard_confirm, uirq_guard_confirm, uint, 0644);
MODULE_PARM_DESC(guard_confirm,
		 "storm guard: checks in a row finding the device asserting that trip it (default 32)");
unsigned int uirq_guard_max_irqs = 2000;
module_param_named(guard_max_irqs, uirq_guard_max_irqs, uint, 0644);
MODULE_PARM_DESC(guard_max_irqs,
		 "storm guard: claims in one window that trip it on a device without PCI 2.3 INTx status (default 2000)");

static const char * const uirq_fault_names[] = {
	[UIRQ_FAULT_NONE]		= "none",
	[UIRQ_FAULT_CLAIM_STORM]	= "claim-storm",
	[UIRQ_FAULT_DECLINE_STORM]	= "decline-storm",
	[UIRQ_FAULT_CLAIM_RATE]		= "claim-rate",
};

static const char * const uirq_fault_why[] = {
	[UIRQ_FAULT_NONE]		= "",
	[UIRQ_FAULT_CLAIM_STORM]	= "its ack program claims interrupts but the device keeps asserting (no acknowledge?)",
	[UIRQ_FAULT_DECLINE_STORM]	= "its ack program declines while the device asserts (wrong register or mask?)",
	[UIRQ_FAULT_CLAIM_RATE]		= "its ack program claims more than guard_max_irqs interrupts per window",
};

/**
 * uirq_fault_name() - the sysfs name of a UIRQ_FAULT_* reason
 * @fault: UIRQ_FAULT_*
 *
 * Return: "none", "claim-storm", "decline-storm", "claim-rate" or "?".
 */
const char *uirq_fault_name(u32 fault)
{
	return fault < ARRAY_SIZE(uirq_fault_names) ? uirq_fault_names[fault] : "?";
}

/**
 * uirq_fault() - the storm-guard fault in force on a device
 * @ud: the device
 *
 * Return: UIRQ_FAULT_*; a snapshot, for paths that only report it.
 */
u32 uirq_fault(struct uirq_dev *ud)
{
	return READ_ONCE(ud->guard.fault);
}

/**
 * uirq_guard_reset_locked() - re-arm the storm guard for a new start
 * @ud: the device, ud->lock held
 *
 * Takes the module's thresholds and clears a fault: the owner asked for
 * a new start. The time of the last trip stays for UIRQ_GET_STATS.
 */
void uirq_guard_reset_locked(struct uirq_dev *ud)
{
	struct uirq_guard *g = &ud->guard;
	u64 fault_ns = g->fault_ns;

	lockdep_assert_held(&ud->lock);
	memset(g, 0, sizeof(*g));
	g->window_ns = (u64)max(READ_ONCE(uirq_guard_window_ms), 1u) * NSEC_PER_MSEC;
	g->suspect = READ_ONCE(uirq_guard_suspect);
	g->confirm = max(READ_ONCE(uirq_guard_confirm), 1u);
	g->max_irqs = max(READ_ONCE(uirq_guard_max_irqs), 1u);
	g->status = ud->intx_mask;
	g->rate = !g->status &&
		  (!ud->res || ud->res->trigger & UIRQ_TRIGGER_LEVEL_MASK);
	g->fault_ns = fault_ns;
}

/**
 * uirq_guard_params() - re-arm the storm guard for a new owner
 * @ud: the device, at probe or open (no handler installed)
 *
 * Takes the module's thresholds and forgets any earlier fault.
 */
void uirq_guard_params(struct uirq_dev *ud)
{
	unsigned long irqflags;

	spin_lock_irqsave(&ud->lock, irqflags);
	uirq_guard_reset_locked(ud);
	ud->guard.fault_ns = 0;
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/* The function asserts INTx right now and its INTx-disable bit is clear. */
static bool uirq_intx_asserting(struct uirq_dev *ud)
{
	u32 v;

	/* Command (low half) and status (high half) in one access. */
	if (pci_read_config_dword(ud->pdev, PCI_COMMAND, &v) || v == ~0u)
		return false;	/* gone or unreadable: not provably asserting */
	return (v >> 16) & PCI_STATUS_INTERRUPT &&
	       !(v & PCI_COMMAND_INTX_DISABLE);
}

/*
 * Is a sample due after the @n-th run of a kind since open, @hits the
 * samples in a row that found the device asserting? See the top of this
 * section.
 */
static bool uirq_guard_due(u64 n, u32 hits)
{
	return hits || !(n % UIRQ_GUARD_SAMPLE_EVERY);
}

/*
 * One guard sample; @hits counts the samples in a row that found the
 * device asserting. Return: true when that makes guard_confirm.
 */
static bool uirq_guard_sample(struct uirq_dev *ud, u32 *hits)
{
	ud->stats.guard_checks++;
	if (!uirq_intx_asserting(ud)) {
		*hits = 0;
		return false;
	}
	return ++*hits >= ud->guard.confirm;
}

/* A record went into the ring (or was dropped): wake every kind of reader. */
static void uirq_notify(struct uirq_dev *ud, int band)
{
	wake_up_interruptible(&ud->wait);
	if (ud->trigger)
		eventfd_signal(ud->trigger, 1);
	kill_fasync(&ud->async, SIGIO, band);
}

/**
 * uirq_push_event() - deliver an event, or count it as dropped
 * @ud:     the device, ud->lock held
 * @res:    the ack program's run (captures)
 * @now:    its timestamp
 * @vector: the MSI/MSI-X vector, 0 for INTx
 *
 * Called from the handlers or from the re-check after UIRQ_IRQ_ON and
 * UIRQ_UNMASK: the lock makes them one producer.
 */
void uirq_push_event(struct uirq_dev *ud, const struct uirq_result *res,
		     u64 now, u16 vector)
{
	struct uirq_event ev;

	ud->seq++;
	ud->event_count++;
	ud->stats.events++;
	memset(&ev, 0, sizeof(ev));
	ev.seq = ud->seq;
	ev.timestamp_ns = now;
	ev.dropped = ud->pending_drop;
	ev.cap_mask = res->cap_mask;
	memcpy(ev.cap, res->cap, sizeof(ev.cap));
	ev.vector = vector;
	/* The last slot is the storm guard's: its record always fits. */
	if (ud->ring_mode ? uirq_ring_push(ud, &ev, true) :
			    kfifo_avail(&ud->ring) > 1 && kfifo_put(&ud->ring, ev)) {
		ud->pending_drop = 0;
	} else {
		ud->stats.dropped++;
		ud->pending_drop++;
	}
	uirq_notify(ud, POLL_IN);
}

/**
 * uirq_silence_locked() - stop the device from asserting its line
 * @ud: the device, ud->lock held
 *
 * Both the release program (it quiets the device at its source) and, where
 * PCI 2.3 masking works, INTx-disable (it holds even if the program is
 * wrong, or the owner re-armed the device through its mapping).
 */
void uirq_silence_locked(struct uirq_dev *ud)
{
	struct uirq_result res;
	u16 cmd;

	lockdep_assert_held(&ud->lock);
	if (ud->prog[UIRQ_PROG_RELEASE])
		uirq_run_prog(ud, UIRQ_PROG_RELEASE, &res);
	if (ud->intx_mask && !pci_read_config_word(ud->pdev, PCI_COMMAND, &cmd) &&
	    !(cmd & PCI_COMMAND_INTX_DISABLE))
		pci_write_config_word(ud->pdev, PCI_COMMAND,
				      cmd | PCI_COMMAND_INTX_DISABLE);
}

/**
 * uirq_quiesce() - uirq_silence_locked() with the lock taken
 * @ud: the device
 */
void uirq_quiesce(struct uirq_dev *ud)
{
	unsigned long irqflags;

	spin_lock_irqsave(&ud->lock, irqflags);
	uirq_silence_locked(ud);
	spin_unlock_irqrestore(&ud->lock, irqflags);
}

/**
 * uirq_guard_trip() - quiesce a misbehaving device and tell its owner
 * @ud:     the device, ud->lock held
 * @fault:  UIRQ_FAULT_*
 * @now:    when
 * @vector: the vector that tripped it (MSI/MSI-X), 0 for INTx
 */
void uirq_guard_trip(struct uirq_dev *ud, u32 fault, u64 now, u16 vector)
{
	struct uirq_guard *g = &ud->guard;
	struct uirq_event ev;

	WRITE_ONCE(g->fault, fault);
	g->fault_ns = now;
	ud->stats.faults++;
	uirq_silence_locked(ud);

	memset(&ev, 0, sizeof(ev));
	ev.seq = ud->seq;
	ev.timestamp_ns = now;
	ev.dropped = ud->pending_drop;
	ev.flags = UIRQ_EVENT_FAULT;
	ev.fault = fault;
	ev.vector = vector;
	if (ud->ring_mode ? uirq_ring_push(ud, &ev, false) :
			    kfifo_put(&ud->ring, ev))
		ud->pending_drop = 0;
	uirq_notify(ud, POLL_ERR);
	dev_warn_ratelimited(uirq_dev_device(ud),
			     "quiesced (%s): %s; its owner gets -EIO until IRQ off and on\n",
			     uirq_fault_name(fault), uirq_fault_why[fault]);
}

/*
 * Never sleeps, allocates or touches the line itself (no disable_irq: the
 * line is shared). With threadirqs or on PREEMPT_RT this runs in a thread,
 * where spin_lock on a spinlock_t is still correct.
 */
static irqreturn_t uirq_handler(int irq, void *dev_id)
{
	struct uirq_dev *ud = dev_id;
	struct uirq_guard *g = &ud->guard;
	irqreturn_t ret = IRQ_HANDLED;
	struct uirq_result res;
	u64 t0, t1;
	u32 rc;

	spin_lock(&ud->lock);
	if (unlikely(g->fault)) {
		/*
		 * Silenced when it tripped, so not this device's. Should it
		 * assert all the same (nothing known lets it: user writes keep
		 * INTx-disable set while faulted), silence it again rather than
		 * leave the line to the kernel's spurious-IRQ detector, which
		 * would disable it for every device on it.
		 */
		if (g->status && uirq_intx_asserting(ud)) {
			uirq_silence_locked(ud);
			spin_unlock(&ud->lock);
			dev_warn_ratelimited(uirq_dev_device(ud),
					     "asserted again while quiesced: silenced again\n");
			return IRQ_HANDLED;
		}
		spin_unlock(&ud->lock);
		return IRQ_NONE;
	}
	t0 = ktime_get_ns();
	rc = uirq_run_prog(ud, UIRQ_PROG_ACK, &res);
	t1 = ktime_get_ns();
	ud->stats.total_ns += t1 - t0;
	if (t1 - t0 > ud->stats.max_ns)
		ud->stats.max_ns = t1 - t0;

	/* A window counts runs; hits in a row outlast it. */
	if (t1 - g->win_start >= g->window_ns) {
		g->win_start = t1;
		g->handled = 0;
	}

	if (rc == UIRQ_RET_NONE) {
		ud->stats.declined++;
		ret = IRQ_NONE;
		if (g->status &&
		    unlikely(uirq_guard_due(ud->stats.declined, g->decl_hits)) &&
		    uirq_guard_sample(ud, &g->decl_hits)) {
			uirq_guard_trip(ud, UIRQ_FAULT_DECLINE_STORM, t1, 0);
			ret = IRQ_HANDLED;	/* it was ours: we silenced it */
		}
		goto out_unlock;
	}

	ud->stats.handled++;
	if (rc == UIRQ_RET_QUIET)
		ud->stats.quiet++;
	else
		uirq_push_event(ud, &res, t1, 0);
	++g->handled;
	if (g->status) {
		if (unlikely(uirq_guard_due(ud->stats.handled, g->claim_hits)) &&
		    uirq_guard_sample(ud, &g->claim_hits))
			uirq_guard_trip(ud, UIRQ_FAULT_CLAIM_STORM, t1, 0);
	} else if (g->rate && unlikely(g->handled > g->max_irqs)) {
		uirq_guard_trip(ud, UIRQ_FAULT_CLAIM_RATE, t1, 0);
	}
out_unlock:
	spin_unlock(&ud->lock);
	return ret;
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
	/* MSI: edge-triggered, nothing latched to find; maybe no ack program. */
	if (ud->msi_type ||
	    !(ud->prog[UIRQ_PROG_ACK]->props.flags & UIRQ_PROP_CAN_DECLINE))
		return;
	if (uirq_run_prog(ud, UIRQ_PROG_ACK, &res) == UIRQ_RET_HANDLED) {
		ud->stats.unmask_events++;
		uirq_push_event(ud, &res, ktime_get_ns(), 0);
	}
}

/**
 * uirq_drop_stale_fault() - forget an answered fault record
 * @ud: the device, no handler installed (the ring has no producer)
 *
 * The owner starts over after a fault (UIRQ_IRQ_OFF, UIRQ_IRQ_ON) and has
 * read everything up to the fault record, which is always the last one:
 * drop it, so poll() does not report a record that read() skips as stale.
 */
void uirq_drop_stale_fault(struct uirq_dev *ud)
{
	struct uirq_event ev;

	mutex_lock(&ud->read_mutex);
	if (kfifo_len(&ud->ring) == 1 && kfifo_peek(&ud->ring, &ev) &&
	    ev.flags & UIRQ_EVENT_FAULT)
		kfifo_skip(&ud->ring);
	mutex_unlock(&ud->read_mutex);
}

/*
 * A non-PCI line must really be of the trigger the device was created
 * with: request_irq() asks the interrupt controller for it, but a chip
 * that cannot change a line's type (x86's IO-APIC takes it from the
 * firmware's tables) keeps its own without a word, and a "level" line
 * that is really edge would then be shared, losing interrupts. Return:
 * 0, or -EINVAL when the line is of the other kind.
 */
static int uirq_res_check_trigger(struct uirq_dev *ud)
{
	struct irq_data *d = irq_get_irq_data(ud->irq);
	bool want_level;

	if (!ud->res)
		return 0;
	want_level = ud->res->trigger & UIRQ_TRIGGER_LEVEL_MASK;
	if (!d || irqd_is_level_type(d) != want_level) {
		dev_info(uirq_dev_device(ud),
			 "uirq: irq %u is %s-triggered, not %s as created\n",
			 ud->irq, want_level ? "edge" : "level",
			 want_level ? "level" : "edge");
		return -EINVAL;
	}
	return 0;
}

/*
 * Zero configuration for a PCI 2.3 function, as uio_pci_generic has: with
 * no ack program loaded, the kernel's own (core/builtin.c) claims on the
 * INTx status bit and masks with INTx-disable, and its enable program
 * (unless the owner loaded one) unmasks. Only where masking works: on
 * any other device the status bit proves nothing the program could act
 * on. They stay until the owner loads an ack program or closes.
 * Return: 0, -EINVAL (no ack program and no masking), -ENOMEM.
 */
static int uirq_builtin_load(struct uirq_dev *ud)
{
	struct uirq_verr verr;
	struct uirq_prog *prog;
	int i, ret;

	lockdep_assert_held(&ud->mutex);
	if (!ud->pdev || !ud->intx_mask)
		return -EINVAL;
	for (i = ARRAY_SIZE(uirq_builtin_pci23) - 1; i >= 0; i--) {
		const struct uirq_builtin *b = &uirq_builtin_pci23[i];

		if (ud->prog[b->kind])
			continue;	/* the owner's own enable program */
		prog = kzalloc(sizeof(*prog), GFP_KERNEL);
		if (!prog)
			return -ENOMEM;
		ret = uirq_verify(prog, b->kind, b->insns, b->count,
				  ud->regions, &verr);
		if (!ret)
			ret = uirq_install_prog(ud, prog);
		if (ret) {
			/* The real config space refused it: say why, once. */
			dev_warn(uirq_dev_device(ud),
				 "uirq: built-in %s program not usable: %s\n",
				 uirq_kind_name(b->kind), verr.msg);
			kfree(prog);
			return -EINVAL;
		}
		ud->builtin |= BIT(b->kind);
	}
	return 0;
}

/**
 * uirq_builtin_replaced() - the owner loaded a program of its own
 * @ud:   the device, ud->mutex held
 * @kind: the kind it loaded
 *
 * Its program is no longer the built-in one; and an own ack program
 * makes the built-in enable program meaningless (it unmasks what only the
 * built-in ack program masked), so that one goes too: the owner's driver
 * is then exactly the programs it loaded.
 */
void uirq_builtin_replaced(struct uirq_dev *ud, u32 kind)
{
	lockdep_assert_held(&ud->mutex);
	ud->builtin &= ~BIT(kind);
	if (kind == UIRQ_PROG_ACK && ud->builtin & BIT(UIRQ_PROG_ENABLE)) {
		uirq_drop_prog(ud, UIRQ_PROG_ENABLE);
		ud->builtin &= ~BIT(UIRQ_PROG_ENABLE);
	}
}

/**
 * uirq_irq_on() - install the handler, then run the init program
 * @ud:    the device, ud->mutex held, not dead
 * @flags: UIRQ_IRQ_EXCLUSIVE, UIRQ_IRQ_RING
 *
 * The line is requested shared only if the ack program can decline (it can
 * tell its device's interrupts from the others') and the caller did not
 * ask for exclusivity. Whatever the line, something must be able to quiet
 * the device once its owner is gone: a release program or INTx masking.
 *
 * The handler goes in first, so whatever the device asserts from then on
 * has a handler that answers for it; then, under ud->lock, INTx-disable
 * (left set by a previous release) is cleared, the init program arms the
 * device and the ack program runs once more (uirq_recheck_locked()): a
 * level raised before the handler saw it is not always delivered when the
 * line is enabled (QEMU's IOAPIC ignores a level that was already high
 * when the pin is reprogrammed). If request_irq() fails, nothing has
 * touched the device.
 *
 * Return: 0, -EBUSY (already on, or the line cannot be had), -EINVAL (no
 * ack program on a device without PCI 2.3 masking, or a non-PCI line of
 * another trigger than the device was created with), -ENODEV (no INTx),
 * -EPERM (no way to quiet the device), -ENOMEM, or request_irq()'s error.
 */
int uirq_irq_on(struct uirq_dev *ud, u32 flags)
{
	struct uirq_result res;
	unsigned long irqflags, irqf;
	bool shared;
	u16 cmd;
	int err;

	lockdep_assert_held(&ud->mutex);
	if (ud->irq_on)
		return -EBUSY;
	if (!ud->irq || (ud->pdev && !ud->pin))
		return -ENODEV;
	if (!ud->prog[UIRQ_PROG_ACK]) {
		err = uirq_builtin_load(ud);
		if (err)
			return err;
	}
	if (!ud->prog[UIRQ_PROG_RELEASE] && !ud->intx_mask)
		return -EPERM;

	/*
	 * PCI INTx is level and wired-OR. A non-PCI line is shared only if
	 * it was created level-triggered: on an edge line a second device's
	 * edge while the first holds the line high is lost, and ISA outputs
	 * are push-pull, not wired-OR (docs/device-abi.md).
	 */
	shared = (ud->prog[UIRQ_PROG_ACK]->props.flags & UIRQ_PROP_CAN_DECLINE) &&
		 !(flags & UIRQ_IRQ_EXCLUSIVE) &&
		 (ud->pdev || ud->res->trigger & UIRQ_TRIGGER_LEVEL_MASK);
	if (flags & UIRQ_IRQ_RING) {
		err = uirq_ring_alloc(ud);
		if (err)
			return err;
	}
	if (uirq_fault(ud))
		uirq_drop_stale_fault(ud);
	ud->irq_others = irq_has_action(ud->irq);
	irqf = shared ? IRQF_SHARED : 0;
	/*
	 * A non-PCI device asks for its trigger (IRQF_TRIGGER_* ==
	 * IRQ_TYPE_*) on a line nobody uses yet. A line in use keeps its
	 * type (genirq refuses a handler that names another, or one that
	 * names it where the others did not), so then the type is only
	 * checked, below.
	 */
	if (ud->res && !ud->irq_others)
		irqf |= ud->res->trigger;
	err = request_irq(ud->irq, uirq_handler, irqf, ud->irq_name, ud);
	if (err)
		return err;
	err = uirq_res_check_trigger(ud);
	if (err) {
		free_irq(ud->irq, ud);
		return err;
	}
	ud->irq_on = true;
	ud->irq_excl = !shared;
	WRITE_ONCE(ud->irq_on_ns, ktime_get_ns());

	/*
	 * A faulted device stays silenced (its handler answers IRQ_NONE)
	 * until here: the new start, INTx-disable cleared and the init
	 * program are one step under the lock.
	 */
	spin_lock_irqsave(&ud->lock, irqflags);
	ud->ring_mode = flags & UIRQ_IRQ_RING;
	uirq_guard_reset_locked(ud);
	if (ud->pdev && !pci_read_config_word(ud->pdev, PCI_COMMAND, &cmd) &&
	    (cmd & PCI_COMMAND_INTX_DISABLE))
		pci_write_config_word(ud->pdev, PCI_COMMAND,
				      cmd & ~PCI_COMMAND_INTX_DISABLE);
	if (ud->prog[UIRQ_PROG_INIT])
		uirq_run_prog(ud, UIRQ_PROG_INIT, &res);
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
	uirq_irq_free(ud);
}

/**
 * uirq_irq_free() - remove the handler of a device already quiesced
 * @ud: the device, ud->mutex held, IRQ on, silenced (uirq_silence_locked())
 */
void uirq_irq_free(struct uirq_dev *ud)
{
	lockdep_assert_held(&ud->mutex);
	if (ud->msi_type)
		uirq_msi_free(ud);
	else
		free_irq(ud->irq, ud);
	ud->irq_on = false;
	ud->irq_excl = false;
	ud->irq_others = false;
}

/**
 * uirq_unmask_noop() - would UIRQ_UNMASK do nothing?
 * @ud: the device, ud->mutex held (the programs cannot change)
 *
 * With no enable program nothing was masked, and an ack program that
 * stores has acknowledged at the device: a new interrupt asserts the line
 * again and reaches the handler by itself, so the re-check could only
 * read the device for nothing. (A program that never stores may leave
 * its device's acknowledge to a read, as a read-to-clear status register
 * does: it keeps its re-check.)
 *
 * Return: true if the IRQ is on and UIRQ_UNMASK has nothing to do.
 */
bool uirq_unmask_noop(struct uirq_dev *ud)
{
	lockdep_assert_held(&ud->mutex);
	/* MSI vectors are edge-triggered: only an enable program masks. */
	return ud->irq_on && !ud->prog[UIRQ_PROG_ENABLE] &&
	       (ud->msi_type || (ud->prog[UIRQ_PROG_ACK] &&
	       ud->prog[UIRQ_PROG_ACK]->props.flags & UIRQ_PROP_WRITES));
}

/**
 * uirq_unmask() - let the device interrupt again after user space handled it
 * @ud: the device, ud->mutex held, not dead
 *
 * Runs the enable program, then the re-check (uirq_recheck_locked()) under
 * the same lock with interrupts off: an interrupt the device raised while
 * it was masked is delivered as an event here instead of being lost. A
 * device the storm guard quiesced stays quiet. Nothing at all is done
 * when uirq_unmask_noop() says so.
 *
 * Return: 0, -EINVAL if the IRQ is not on, -EIO after a storm-guard trip.
 */
int uirq_unmask(struct uirq_dev *ud)
{
	struct uirq_result res;
	unsigned long irqflags;
	int ret = 0;

	lockdep_assert_held(&ud->mutex);
	if (!ud->irq_on)
		return -EINVAL;
	if (uirq_unmask_noop(ud))
		return uirq_fault(ud) ? -EIO : 0;

	spin_lock_irqsave(&ud->lock, irqflags);
	if (ud->guard.fault) {
		ret = -EIO;
	} else {
		if (ud->prog[UIRQ_PROG_ENABLE]) {
			uirq_run_prog(ud, UIRQ_PROG_ENABLE, &res);
			ud->stats.enable_runs++;
		}
		uirq_recheck_locked(ud);
	}
	spin_unlock_irqrestore(&ud->lock, irqflags);
	return ret;
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
