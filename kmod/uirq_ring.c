// SPDX-License-Identifier: GPL-2.0
/*
 * uirq: the shared event ring (UIRQ_IRQ_RING). With it, a busy driver
 * consumes its events with no system call at all: the handler writes each
 * record into memory the owner has mapped and publishes it by moving
 * @head; the owner reads records and moves @tail. Only when the ring is
 * empty does the owner sleep, in poll() or UIRQ_WAIT.
 *
 * Ordering (the pairs of io_uring's completion queue): the producer
 * writes a record, then smp_store_release(head); the consumer loads head
 * with acquire, reads the records, then stores tail with release; the
 * producer loads tail with acquire before it writes a slot, so a record is
 * never overwritten while the consumer may still be reading it.
 *
 * Both indices live in memory the owner can write. The kernel keeps its
 * own copy of @head (ud->uring_head) and only ever writes the slot
 * ud->uring_head & (entries - 1); @tail is used for one decision, whether
 * the ring is full, so a wrong @tail costs the owner its own records and
 * nothing else.
 *
 * The ring is allocated on first use (mmap or UIRQ_IRQ_ON with
 * UIRQ_IRQ_RING) and freed at release, when no mapping can exist any more
 * (a mapping holds the file). Its pages are inserted on fault, so that
 * uirq_remove()'s unmap_mapping_range() over the whole file does no harm:
 * they fault back in, and the owner learns of the removal from poll().
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "uirq_kmod.h"

#define UIRQ_RING_BYTES		PAGE_ALIGN(UIRQ_RING_SIZE)

static_assert(sizeof(struct uirq_ring) <= UIRQ_RING_RECORDS_OFF);
static_assert(UIRQ_RING_RECORDS_OFF % 64 == 0);
static_assert(!(UIRQ_RING_ENTRIES & (UIRQ_RING_ENTRIES - 1)));

/**
 * uirq_ring_alloc() - allocate the shared ring if it is not yet
 * @ud: the device, with an open file (release cannot run meanwhile)
 *
 * Takes no mutex: mmap() calls it with the mm's mmap_lock held, and
 * ud->mutex nests outside mmap_lock (ioctls copy to user space under it
 * via read_mutex), so taking it here would close a lock cycle. Two
 * callers may race: one ring is installed, the other is freed.
 *
 * Return: 0 or -ENOMEM.
 */
int uirq_ring_alloc(struct uirq_dev *ud)
{
	struct uirq_ring *r;
	unsigned long irqflags;

	if (READ_ONCE(ud->uring))
		return 0;
	r = vmalloc_user(UIRQ_RING_BYTES);
	if (!r)
		return -ENOMEM;
	r->entries = UIRQ_RING_ENTRIES;
	r->record_size = sizeof(struct uirq_event);
	r->records_off = UIRQ_RING_RECORDS_OFF;
	/* The handler looks at ud->uring under the lock. */
	spin_lock_irqsave(&ud->lock, irqflags);
	if (!ud->uring) {
		WRITE_ONCE(ud->uring, r);
		ud->uring_head = 0;
		r = NULL;
	}
	spin_unlock_irqrestore(&ud->lock, irqflags);
	vfree(r);
	return 0;
}

/**
 * uirq_ring_free() - free the shared ring
 * @ud: the device, ud->mutex held, IRQ off, no mapping left (release)
 */
void uirq_ring_free(struct uirq_dev *ud)
{
	unsigned long irqflags;
	struct uirq_ring *r;

	lockdep_assert_held(&ud->mutex);
	spin_lock_irqsave(&ud->lock, irqflags);
	r = ud->uring;
	WRITE_ONCE(ud->uring, NULL);
	ud->ring_mode = false;
	spin_unlock_irqrestore(&ud->lock, irqflags);
	vfree(r);
}

/**
 * uirq_ring_push() - publish a record in the shared ring
 * @ud:      the device, ud->lock held, the ring allocated
 * @ev:      the record
 * @reserve: keep the last free slot (for the storm guard's record)
 *
 * Return: true if it was written, false if the ring is full.
 */
bool uirq_ring_push(struct uirq_dev *ud, const struct uirq_event *ev,
		    bool reserve)
{
	struct uirq_ring *r = ud->uring;
	u32 head = ud->uring_head;
	void *slot;
	u32 used;

	lockdep_assert_held(&ud->lock);
	/* Pairs with the owner's release of @tail: its reads are done. */
	used = head - smp_load_acquire(&r->tail);
	if (used >= UIRQ_RING_ENTRIES - (reserve ? 1 : 0))
		return false;
	slot = (void *)r + UIRQ_RING_RECORDS_OFF +
	       (head & (UIRQ_RING_ENTRIES - 1)) * sizeof(*ev);
	memcpy(slot, ev, sizeof(*ev));
	ud->uring_head = head + 1;
	/* Pairs with the owner's acquire of @head: the record is there. */
	smp_store_release(&r->head, head + 1);
	return true;
}

/**
 * uirq_ring_count() - records waiting in the shared ring
 * @ud: the device
 *
 * Return: 0..UIRQ_RING_ENTRIES (a @tail the owner broke counts as full).
 */
u32 uirq_ring_count(struct uirq_dev *ud)
{
	struct uirq_ring *r = READ_ONCE(ud->uring);
	u32 used;

	/* Lockless callers (poll, waits) may look before the ring exists. */
	if (!r)
		return 0;
	used = READ_ONCE(ud->uring_head) - READ_ONCE(r->tail);
	return min_t(u32, used, UIRQ_RING_ENTRIES);
}

static vm_fault_t uirq_ring_fault(struct vm_fault *vmf)
{
	struct uirq_dev *ud = vmf->vma->vm_private_data;
	/* vmf->pgoff is the file's page: the ring's pages start at its offset. */
	unsigned long off = vmf->pgoff - (UIRQ_RING_OFFSET >> PAGE_SHIFT);
	struct page *page;

	if (off >= UIRQ_RING_BYTES >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page((void *)ud->uring + (off << PAGE_SHIFT));
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct uirq_ring_vm_ops = {
	.fault = uirq_ring_fault,
};

/**
 * uirq_ring_mmap() - map the shared ring
 * @ud:  the device
 * @vma: the mapping, at file offset UIRQ_RING_OFFSET
 *
 * Return: 0, -EINVAL (not shared, not at the ring's start, too long,
 * executable), -ENODEV or -ENOMEM.
 */
int uirq_ring_mmap(struct uirq_dev *ud, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	int ret;

	if (((u64)vma->vm_pgoff << PAGE_SHIFT) != UIRQ_RING_OFFSET)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED) || vma->vm_flags & VM_EXEC ||
	    len > UIRQ_RING_BYTES)
		return -EINVAL;
	/* No ud->mutex here: see uirq_ring_alloc(). */
	ret = READ_ONCE(ud->dead) ? -ENODEV : uirq_ring_alloc(ud);
	if (ret)
		return ret;
	vma->vm_flags &= ~VM_MAYEXEC;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_private_data = ud;
	vma->vm_ops = &uirq_ring_vm_ops;
	return 0;
}
