/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uirq.ko internals shared by the PCI driver and the device's lifecycle
 * (uirq_main.c), the file operations (uirq_fops.c), the interrupt path and
 * its storm guard (uirq_irq.c) and the region access code
 * (uirq_regions.c), the config-space policy (uirq_config.c), the
 * shared event ring (uirq_ring.c) and MSI/MSI-X (uirq_msi.c).
 *
 * Locking, outermost first:
 *   uirq_dev.mutex    open/close, program loading, window mapping, IRQ
 *                     on/off, the dead flag, pread/pwrite BAR mappings,
 *                     the config state saved at open.
 *   uirq_dev.mmap_sem taken for read by the mmap fault handler, for write
 *                     when the device dies; never held across user copies,
 *                     so a fault on our own mapping inside an ioctl's
 *                     copy_*_user cannot deadlock against uirq_dev.mutex.
 *   uirq_dev.lock     spinlock, irqsave outside the handler: every program
 *                     run on the device's registers, the windows and
 *                     program pointers the runs use, every kernel-side
 *                     write of the command register (INTx-disable, bus
 *                     mastering) and every user write that overlaps it,
 *                     the storm guard, the statistics (also for sysfs
 *                     reads), the ring's producer side and the eventfd
 *                     pointer.
 * The ring has a single consumer at a time (uirq_dev.read_mutex), which
 * is held across copy_to_user, so mmap_lock nests inside it and inside
 * uirq_dev.mutex: nothing called under mmap_lock (mmap, faults) may take
 * either.
 */
#ifndef UIRQ_KMOD_H
#define UIRQ_KMOD_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/kfifo.h>
#include <linux/pci.h>
#include <linux/cdev.h>
#include <linux/fs.h>

#include "uirq_core.h"

#define UIRQ_DRV_NAME		"uirq"
/* Power of two (kfifo); one slot is kept for the storm guard's record. */
#define UIRQ_RING_RECORDS	256
#define UIRQ_RING_BUF_BYTES	(UIRQ_RING_RECORDS * sizeof(struct uirq_event))
#define UIRQ_NUM_BARS		PCI_STD_NUM_BARS

/**
 * struct uirq_win - a kernel mapping of part of a BAR used by programs
 * @base: mapping of region bytes [@lo, @lo + @len); NULL: none
 * @lo:   region offset of the first mapped byte
 * @len:  mapped bytes (a window may span 4 GiB: 64-bit)
 */
struct uirq_win {
	void __iomem *base;
	u64 lo;
	u64 len;
};

/**
 * struct uirq_guard - the storm guard of one device (see uirq_irq.c)
 * @window_ns:  length of a counting window
 * @suspect:    guard_suspect at the last start (unused since API 3; sysfs
 *              shows it)
 * @confirm:    consecutive samples showing the device asserting that trip
 * @max_irqs:   claims in a window that trip on a device without INTx status
 * @status:     the device has a PCI 2.3 INTx status bit to sample
 * @rate:       no status bit, a level line: the claim rate is all there is
 * @win_start:  start of the current window
 * @handled:    claims in the current window
 * @claim_hits: consecutive samples after a claim that found it asserting
 * @decl_hits:  consecutive samples after a decline that found it asserting
 * @fault:      UIRQ_FAULT_* in force; the handler no longer runs programs
 * @fault_ns:   when it tripped
 *
 * The thresholds are the module parameters' values at probe, open and
 * UIRQ_IRQ_ON.
 */
struct uirq_guard {
	u64 window_ns;
	u32 suspect;
	u32 confirm;
	u32 max_irqs;
	bool status;
	bool rate;
	u64 win_start;
	u32 handled;
	u32 claim_hits;
	u32 decl_hits;
	u32 fault;
	u64 fault_ns;
};

/**
 * struct uirq_kstats - the counters UIRQ_GET_STATS and sysfs stats/ report
 * @handled:       ack returned handled or quiet in the handler
 * @declined:      ack returned none in the handler
 * @quiet:         of @handled, quiet
 * @events:        events produced (ring or dropped)
 * @dropped:       events lost to a full ring
 * @enable_runs:   enable program runs
 * @unmask_events: events found by the re-check after IRQ_ON and UNMASK
 * @max_ns:        longest handler run
 * @total_ns:      sum of handler runs
 * @faults:        storm guard trips
 * @guard_checks:  INTx status samples the guard took
 */
struct uirq_kstats {
	u64 handled;
	u64 declined;
	u64 quiet;
	u64 events;
	u64 dropped;
	u64 enable_runs;
	u64 unmask_events;
	u64 max_ns;
	u64 total_ns;
	u64 faults;
	u64 guard_checks;
};

/**
 * struct uirq_res_dev - what a non-PCI device was created with (uirq_res.c)
 * @list:    on the list of created devices (uirq_res.c's lock)
 * @ud:      the device it describes
 * @name:    its name, unique among them
 * @trigger: UIRQ_TRIGGER_* of its IRQ
 * @num:     ranges in @range (res0..res<num-1>)
 * @range:   the ranges, in region order
 * @claimed: per range, the request_region()/request_mem_region() claim
 */
struct uirq_res_dev {
	struct list_head list;
	struct uirq_dev *ud;
	char name[UIRQ_NAME_MAX];
	u32 trigger;
	u32 num;
	struct uirq_res_range range[UIRQ_CTL_MAX_RES];
	struct resource *claimed[UIRQ_CTL_MAX_RES];
};

/**
 * struct uirq_dev - one device handed to uirq: a PCI function or a
 * non-PCI device made through /dev/uirq/control
 * @kref:         the PCI binding and each open file hold a reference
 * @pdev:         the PCI device (referenced until the last kref is gone);
 *                NULL for a non-PCI device
 * @res:          the non-PCI device's description; NULL for PCI
 * @node:         the /dev/uirq/<name> class device, which also carries the
 *                sysfs attributes (see uirq_main.c)
 * @cdev:         its character device (dynamically allocated: the open
 *                files keep it alive independently of this struct)
 * @minor:        minor number
 * @irq_name:     "uirq:<name>", the name in /proc/interrupts (and, for a
 *                non-PCI device, /proc/ioports and /proc/iomem)
 * @regions:      region types and sizes, as the verifier sees them (the
 *                config region with @cfg_policy)
 * @cfg_policy:   which config-space bits the owner may change
 * @msix_bar:     BAR of the MSI-X table [0] and PBA [1]; UIRQ_NUM_BARS: none
 * @msix_lo:      their first byte in that BAR
 * @msix_hi:      one past their last byte
 * @mmap_ok:      per region: whole pages of it may be mapped to user space
 * @subpage_res:  per BAR: reservation of the rest of the page of a BAR
 *                smaller than a page, so mapping that page exposes nothing
 *                else
 * @irq:          Linux IRQ of the INTx line (non-PCI: the one it was made
 *                with), 0 if none
 * @pin:          INTx pin (1..4), 0 if none or not PCI
 * @intx_mask:    PCI 2.3 INTx masking works
 * @msi:          MSI capability present
 * @msix:         MSI-X capability present
 * @mutex:        see the locking comment at the top of this file
 * @builtin:      bit n: the program of kind n is a built-in PCI 2.3 one
 * @open:         a file is open (only one at a time)
 * @dead:         the device was removed; every operation fails
 * @irq_on:       our handler is installed
 * @irq_excl:     it was requested without IRQF_SHARED
 * @irq_others:   the line had other handlers when ours was installed
 * @irq_on_ns:    when the handler was last installed: fault records from
 *                before it are stale
 * @mapping:      the open file's address space, to revoke user mappings
 * @saved:        config space saved at open, restored at release
 * @event_size:   bytes per record read() delivers (UIRQ_IRQ_ON sets it)
 * @mmap_sem:     orders the fault handler against @dead
 * @lock:         see the locking comment at the top of this file
 * @prog:         verified programs per kind, NULL when not loaded
 * @win:          per region, the window all loaded programs can touch
 * @bar_map:      per region, a whole-region mapping for pread/pwrite
 * @guard:        the storm guard's state
 * @stats:        counters; zeroed at open, kept after close for sysfs
 * @seq:          events since open (the seq of the last event)
 * @event_count:  events since open (what a 4-byte UIO-style read returns)
 * @pending_drop: events dropped since the last record entered the ring
 * @ring:         event records; producer under @lock, consumer under
 *                @read_mutex
 * @ring_buf:     its storage (vmalloc)
 * @uring:        the shared ring (uirq_ring.c), NULL until first used;
 *                set once under @lock (no @mutex: mmap() allocates it
 *                under mmap_lock), cleared at release
 * @uring_head:   the kernel's own copy of its @head, under @lock
 * @ring_mode:    records go to @uring, not @ring (UIRQ_IRQ_RING at the
 *                last UIRQ_IRQ_ON); under @mutex and @lock
 * @read_mutex:   serialises readers of @ring
 * @wait:         readers and pollers
 * @trigger:      eventfd signalled on each event, or NULL
 * @async:        SIGIO subscribers
 * @msi_type:     UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX while those vectors are on
 *                (then @irq_on too), 0 for INTx; under @mutex and @lock
 * @mvec:         per-vector state (uirq_msi.c), NULL until first used;
 *                freed at release
 */
struct uirq_dev {
	struct kref kref;
	struct pci_dev *pdev;
	struct uirq_res_dev *res;
	struct device *node;
	struct cdev *cdev;
	int minor;
	char irq_name[32];
	struct uirq_region_desc regions[UIRQ_MAX_REGIONS];
	struct uirq_cfg_policy *cfg_policy;
	u32 msix_bar[2];
	u64 msix_lo[2];
	u64 msix_hi[2];
	bool mmap_ok[UIRQ_MAX_REGIONS];
	struct resource *subpage_res[UIRQ_NUM_BARS];
	unsigned int irq;
	u8 pin;
	bool intx_mask;
	bool msi;
	bool msix;

	struct mutex mutex;
	u8 builtin;
	bool open;
	bool dead;
	bool irq_on;
	bool irq_excl;
	bool irq_others;
	u64 irq_on_ns;
	struct address_space *mapping;
	struct pci_saved_state *saved;
	u32 event_size;
	struct rw_semaphore mmap_sem;

	spinlock_t lock;
	struct uirq_prog *prog[UIRQ_PROG_NUM_KINDS];
	struct uirq_win win[UIRQ_MAX_REGIONS];
	void __iomem *bar_map[UIRQ_MAX_REGIONS];
	struct uirq_guard guard;
	struct uirq_kstats stats;
	u64 seq;
	u64 event_count;
	u32 pending_drop;
	DECLARE_KFIFO_PTR(ring, struct uirq_event);
	struct uirq_event *ring_buf;
	struct uirq_ring *uring;
	u32 uring_head;
	bool ring_mode;
	struct mutex read_mutex;
	wait_queue_head_t wait;
	struct eventfd_ctx *trigger;
	struct fasync_struct *async;
	u32 msi_type;
	struct uirq_msi *mvec;
};

/* uirq_main.c */
struct uirq_dev *uirq_dev_alloc(struct pci_dev *pdev, const char *name);
int uirq_dev_register(struct uirq_dev *ud, struct device *parent);
void uirq_dev_unregister(struct uirq_dev *ud);
void uirq_dev_put(struct uirq_dev *ud);
struct uirq_dev *uirq_dev_get_by_minor(unsigned int minor);
int uirq_dev_enable(struct uirq_dev *ud);
void uirq_dev_disable(struct uirq_dev *ud, bool reset);

/* uirq_fops.c */
extern const struct file_operations uirq_fops;
int uirq_verr_to_user(u64 log_buf, u32 log_size, const struct uirq_verr *verr);

/* uirq_irq.c: the module parameters the guard starts from */
extern unsigned int uirq_guard_window_ms;
extern unsigned int uirq_guard_suspect;
extern unsigned int uirq_guard_confirm;
extern unsigned int uirq_guard_max_irqs;

/* uirq_irq.c */
void uirq_guard_reset_locked(struct uirq_dev *ud);
void uirq_push_event(struct uirq_dev *ud, const struct uirq_result *res,
		     u64 now, u16 vector);
void uirq_guard_trip(struct uirq_dev *ud, u32 fault, u64 now, u16 vector);
void uirq_drop_stale_fault(struct uirq_dev *ud);
int uirq_irq_on(struct uirq_dev *ud, u32 flags);
void uirq_irq_off(struct uirq_dev *ud);
void uirq_irq_free(struct uirq_dev *ud);
int uirq_unmask(struct uirq_dev *ud);
bool uirq_unmask_noop(struct uirq_dev *ud);
void uirq_builtin_replaced(struct uirq_dev *ud, u32 kind);
void uirq_quiesce(struct uirq_dev *ud);
void uirq_silence_locked(struct uirq_dev *ud);
void uirq_guard_params(struct uirq_dev *ud);
u32 uirq_fault(struct uirq_dev *ud);
const char *uirq_fault_name(u32 fault);
void uirq_flush_events(struct uirq_dev *ud);
void uirq_reset_events(struct uirq_dev *ud);
void uirq_set_trigger(struct uirq_dev *ud, struct eventfd_ctx *trigger);

/* uirq_config.c */
int uirq_config_probe(struct uirq_dev *ud);
void uirq_config_remove(struct uirq_dev *ud);
bool uirq_config_open(struct uirq_dev *ud);
u64 uirq_config_prog_read(struct uirq_dev *ud, u32 off, u32 width);
void uirq_config_prog_write(struct uirq_dev *ud, u32 off, u32 width, u64 val);
int uirq_config_user_rw(struct uirq_dev *ud, u32 off, u32 width, u64 *val,
			bool write);
bool uirq_config_msix_overlap(struct uirq_dev *ud, u32 bar, u64 lo, u64 hi);

/* uirq_res.c */
int uirq_res_init(void);
void uirq_res_exit(void);
void uirq_res_free(struct uirq_dev *ud);

/* uirq_ring.c */
int uirq_ring_alloc(struct uirq_dev *ud);
void uirq_ring_free(struct uirq_dev *ud);
bool uirq_ring_push(struct uirq_dev *ud, const struct uirq_event *ev,
		    bool reserve);
u32 uirq_ring_count(struct uirq_dev *ud);
int uirq_ring_mmap(struct uirq_dev *ud, struct vm_area_struct *vma);

/* uirq_regions.c */
void uirq_regions_probe(struct uirq_dev *ud);
void uirq_regions_probe_res(struct uirq_dev *ud);
void uirq_regions_remove(struct uirq_dev *ud);
int uirq_install_prog(struct uirq_dev *ud, struct uirq_prog *prog);
void uirq_drop_prog(struct uirq_dev *ud, u32 kind);
void uirq_unmap_all(struct uirq_dev *ud);
u32 uirq_run_prog(struct uirq_dev *ud, u32 kind, struct uirq_result *res);
u32 uirq_run_this(struct uirq_dev *ud, const struct uirq_prog *prog,
		  struct uirq_result *res);
int uirq_install_prog_at(struct uirq_dev *ud, struct uirq_prog *prog,
			 struct uirq_prog **slot);
int uirq_mmap(struct uirq_dev *ud, struct vm_area_struct *vma);
ssize_t uirq_region_rw(struct uirq_dev *ud, char __user *buf, size_t count,
		       loff_t pos, bool write);

/*
 * The device whose name kernel messages carry: the PCI function, or the
 * class device of a non-PCI one.
 */
static inline struct device *uirq_dev_device(struct uirq_dev *ud)
{
	return ud->pdev ? &ud->pdev->dev : ud->node;
}
/* uirq_msi.c: MSI and MSI-X */
int uirq_msi_on(struct uirq_dev *ud, u32 flags, u32 vectors);
void uirq_msi_free(struct uirq_dev *ud);
void uirq_msi_release(struct uirq_dev *ud);
u32 uirq_msi_vectors(struct uirq_dev *ud);
size_t uirq_msi_kmem(struct uirq_dev *ud);
long uirq_msi_ioctl(struct uirq_dev *ud, unsigned int cmd, void __user *uarg);

#endif /* UIRQ_KMOD_H */
