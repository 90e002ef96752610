/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * uirq: user-space drivers for (shared) device interrupts.
 *
 * This is the whole ABI between uirq.ko and user space: the ack-program
 * instruction encoding and limits, the program kinds, the region ids, the
 * ioctl structures of the device file and the event record read() returns.
 * It is usable from the kernel and from C and C++ user space; every field
 * is fixed-width, there are no bitfields and all padding is explicit, so
 * the layout is the same for 32- and 64-bit user space.
 *
 * docs/isa.md describes the language, docs/device-abi.md the device file.
 */
#ifndef _UAPI_UIRQ_H
#define _UAPI_UIRQ_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define UIRQ_API_VERSION	4

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

#define UIRQ_MAX_INSNS		64	/* instructions per program */
#define UIRQ_NUM_REGS		8	/* r0..r7, 64-bit, zero at entry */
#define UIRQ_NUM_CAPS		8	/* capture slots in an event record */
#define UIRQ_MAX_DELAY_US	10	/* one delay instruction */
#define UIRQ_MAX_TOTAL_DELAY_US	50	/* worst-case path of one program */
/*
 * An ack program runs on every interrupt of its line, for every device on
 * it, with interrupts off on that CPU (with threadirqs or PREEMPT_RT: in
 * an IRQ thread, with the line masked): its worst-case path may busy-wait
 * no more than this in total.
 */
#define UIRQ_MAX_ACK_DELAY_US	10
#define UIRQ_NAME_MAX		32	/* a device's name, with its NUL */

/* ------------------------------------------------------------------ */
/* Regions: the device's address spaces, named by index.              */
/* ------------------------------------------------------------------ */

/*
 * Indices 0..5 are the PCI BARs and 7 is PCI configuration space (the
 * same numbering as VFIO; 6, the expansion ROM, is never accessible).
 * 8..15 are reserved for explicitly described resources of non-PCI
 * devices. The instruction's region field is 16 bits wide so the space can
 * grow without a new encoding.
 */
#define UIRQ_REGION_BAR0	0
#define UIRQ_REGION_BAR1	1
#define UIRQ_REGION_BAR2	2
#define UIRQ_REGION_BAR3	3
#define UIRQ_REGION_BAR4	4
#define UIRQ_REGION_BAR5	5
#define UIRQ_REGION_ROM		6	/* reserved: never accessible */
#define UIRQ_REGION_CFG		7
#define UIRQ_REGION_RES0	8	/* first resource of a non-PCI device
					 * (res0..res7: UIRQ_CTL_CREATE's
					 * ranges, in order) */
#define UIRQ_MAX_REGIONS	16

/* Region types, as the verifier and UIRQ_GET_REGION_INFO see them. */
#define UIRQ_REGION_TYPE_NONE	0	/* absent: any access is rejected */
#define UIRQ_REGION_TYPE_MMIO	1	/* widths 1, 2, 4, 8 */
#define UIRQ_REGION_TYPE_PIO	2	/* widths 1, 2, 4 */
#define UIRQ_REGION_TYPE_CFG	3	/* widths 1, 2, 4 */

/* ------------------------------------------------------------------ */
/* Instructions                                                        */
/* ------------------------------------------------------------------ */

/**
 * struct uirq_insn - one instruction of an ack/enable/release/init program
 * @op:     UIRQ_OP_*
 * @dst:    register written (ld, ALU) or compared (conditional jumps)
 * @src:    register read (st, ALU, jumps and cap when @mode is UIRQ_MODE_REG)
 * @mode:   UIRQ_MODE_IMM: the operand is @imm; UIRQ_MODE_REG: it is @src
 * @region: region index (ld, st)
 * @jump:   forward distance of a jump: target = index + 1 + @jump, >= 0
 * @off:    byte offset in @region (ld, st), capture slot (cap),
 *          microseconds (delay)
 * @resv:   must be zero
 * @imm:    immediate operand; return code for ret (UIRQ_RET_*)
 *
 * Fields an instruction does not use must be zero: the encoding of a
 * program is canonical, so assembling its disassembly gives the same bytes.
 */
struct uirq_insn {
	__u8	op;
	__u8	dst;
	__u8	src;
	__u8	mode;
	__u16	region;
	__s16	jump;
	__u32	off;
	__u32	resv;
	__aligned_u64 imm;
};

#define UIRQ_MODE_IMM	0
#define UIRQ_MODE_REG	1

enum uirq_op {
	UIRQ_OP_INVALID = 0,	/* never valid: an all-zero insn is rejected */

	/* dst = region[off], zero-extended */
	UIRQ_OP_LD8	= 0x01,
	UIRQ_OP_LD16	= 0x02,
	UIRQ_OP_LD32	= 0x03,
	UIRQ_OP_LD64	= 0x04,	/* MMIO only */

	/* region[off] = src (UIRQ_MODE_REG) or imm (UIRQ_MODE_IMM), truncated */
	UIRQ_OP_ST8	= 0x08,
	UIRQ_OP_ST16	= 0x09,
	UIRQ_OP_ST32	= 0x0a,
	UIRQ_OP_ST64	= 0x0b,	/* MMIO only */

	/* dst = dst OP operand (operand = src or imm, per mode) */
	UIRQ_OP_MOV	= 0x10,	/* dst = operand */
	UIRQ_OP_AND	= 0x11,
	UIRQ_OP_OR	= 0x12,
	UIRQ_OP_XOR	= 0x13,
	UIRQ_OP_ADD	= 0x14,	/* modulo 2^64 */
	UIRQ_OP_SUB	= 0x15,	/* modulo 2^64 */
	UIRQ_OP_SHL	= 0x16,	/* imm < 64; a register amount is taken mod 64 */
	UIRQ_OP_SHR	= 0x17,	/* logical; same rule as SHL */
	UIRQ_OP_NOT	= 0x18,	/* dst = ~dst; no operand */

	/* if (dst CMP operand) goto index + 1 + jump */
	UIRQ_OP_JA	= 0x20,	/* always */
	UIRQ_OP_JEQ	= 0x21,
	UIRQ_OP_JNE	= 0x22,
	UIRQ_OP_JGT	= 0x23,	/* unsigned > */
	UIRQ_OP_JGE	= 0x24,	/* unsigned >= */
	UIRQ_OP_JLT	= 0x25,	/* unsigned < */
	UIRQ_OP_JLE	= 0x26,	/* unsigned <= */
	UIRQ_OP_JSET	= 0x27,	/* (dst & operand) != 0: any bit set */
	UIRQ_OP_JCLR	= 0x28,	/* (dst & operand) == 0: all bits clear */

	UIRQ_OP_CAP	= 0x30,	/* capture slot off = src (ack programs) */
	UIRQ_OP_DELAY	= 0x31,	/* busy-wait off microseconds, 1..10 */
	UIRQ_OP_RET	= 0x38,	/* return imm (UIRQ_RET_*) */
};

/* Return codes of a program (UIRQ_OP_RET's imm, and the interpreter's). */
enum uirq_ret {
	UIRQ_RET_NONE	 = 0,	/* ack: not this device's interrupt (IRQ_NONE) */
	UIRQ_RET_HANDLED = 1,	/* ack: handled, deliver an event */
	UIRQ_RET_QUIET	 = 2,	/* ack: handled, no event; others: success */
};

/* Program kinds. */
enum uirq_prog_kind {
	UIRQ_PROG_ACK	  = 0,	/* hard-IRQ handler, every interrupt on the line */
	UIRQ_PROG_ENABLE  = 1,	/* user space re-enables after handling */
	UIRQ_PROG_RELEASE = 2,	/* quiet the device: IRQ off, storm-guard
				 * trip, and close (IRQ on or not) */
	UIRQ_PROG_INIT	  = 3,	/* each IRQ on, once the handler is in */
	UIRQ_PROG_NUM_KINDS
};

/* ------------------------------------------------------------------ */
/* Verifier properties                                                 */
/* ------------------------------------------------------------------ */

/**
 * struct uirq_window - bytes of a region a program can touch
 * @lo: lowest byte offset touched
 * @hi: one past the highest byte touched; @lo == @hi == 0: untouched
 */
struct uirq_window {
	__u32	lo;
	__u32	hi;
};

#define UIRQ_PROP_CAN_DECLINE	(1u << 0)	/* a reachable ret none */
#define UIRQ_PROP_CAN_HANDLE	(1u << 1)	/* a reachable ret handled */
#define UIRQ_PROP_CAN_QUIET	(1u << 2)	/* a reachable ret quiet */
#define UIRQ_PROP_WRITES	(1u << 3)	/* contains a store */

/**
 * struct uirq_prog_props - what the verifier proved about a program
 * @flags:        UIRQ_PROP_*
 * @region_mask:  bit n set: region n is accessed
 * @max_steps:    worst-case number of executed instructions
 * @max_delay_us: worst-case total busy-wait on any path
 * @cap_mask:     bit n set: capture slot n may be written
 * @resv:         zero
 * @win:          per region, the window of bytes touched
 */
struct uirq_prog_props {
	__u32	flags;
	__u32	region_mask;
	__u32	max_steps;
	__u32	max_delay_us;
	__u32	cap_mask;
	__u32	resv;
	struct uirq_window win[UIRQ_MAX_REGIONS];
};

/* ------------------------------------------------------------------ */
/* Event record: what read() returns, one whole record at a time.      */
/* ------------------------------------------------------------------ */

/**
 * struct uirq_event - one interrupt claimed by the ack program (ret handled)
 * @seq:          1 for the first event after open, then +1 for every
 *                event produced, including dropped ones
 * @timestamp_ns: CLOCK_MONOTONIC when the ack program returned
 * @dropped:      events lost (ring full) between the previous record read
 *                and this one
 * @cap_mask:     capture slots written by this run (bit n: @cap[n])
 * @cap:          capture slots; slots not written are zero
 * @flags:        UIRQ_EVENT_* (the fields from here on are new in API 2)
 * @vector:       interrupt vector; 0 for INTx
 * @fault:        with UIRQ_EVENT_FAULT: the UIRQ_FAULT_* reason, else 0
 *
 * The record grows at its end only. read() delivers records of the size
 * the reader asked for in UIRQ_IRQ_ON (struct uirq_irq_ctl.event_size;
 * UIRQ_EVENT_SIZE_V1 bytes for a caller that did not say), so a binary
 * built against an older header keeps reading the records it knows.
 * UIRQ_GET_INFO reports the size in use.
 */
struct uirq_event {
	__aligned_u64	seq;
	__aligned_u64	timestamp_ns;
	__u32		dropped;
	__u32		cap_mask;
	__aligned_u64	cap[UIRQ_NUM_CAPS];
	__u32		flags;
	__u16		vector;
	__u16		fault;
};

/* The record of API version 1: up to and including @cap. */
#define UIRQ_EVENT_SIZE_V1	88

/*
 * Not an interrupt: the storm guard quiesced the device (see UIRQ_FAULT_*).
 * The last record before read() fails with -EIO; its @seq repeats the last
 * event's, @dropped and @timestamp_ns (the trip) are valid, @cap is zero.
 * Readers of UIRQ_EVENT_SIZE_V1 records never see it.
 */
#define UIRQ_EVENT_FAULT	(1u << 0)

/*
 * Why the storm guard quiesced a device (struct uirq_event.fault,
 * struct uirq_stats.fault, sysfs fault). docs/device-abi.md has the rules.
 */
enum uirq_fault {
	UIRQ_FAULT_NONE		= 0,
	UIRQ_FAULT_CLAIM_STORM	= 1,	/* claimed, but the device kept asserting */
	UIRQ_FAULT_DECLINE_STORM = 2,	/* declined while its device asserted */
	UIRQ_FAULT_CLAIM_RATE	= 3,	/* claimed faster than guard_max_irqs
					 * on a device without INTx status */
};

/* ------------------------------------------------------------------ */
/* Device file ioctls (VFIO's pattern: argsz and flags first).         */
/* ------------------------------------------------------------------ */
/*
 * Every ioctl takes a pointer to its structure. @argsz is the size user
 * space knows (at least the size of the structure as first published);
 * the kernel reads and writes no more than that. Unknown flags, non-zero
 * reserved fields and short @argsz give -EINVAL; an unknown command gives
 * -ENOTTY.
 */
#define UIRQ_TYPE	0xB7
#define UIRQ_BASE	0x40

/**
 * struct uirq_info - UIRQ_GET_INFO
 * @argsz:       sizeof(struct uirq_info)
 * @flags:       in: 0; out: UIRQ_INFO_*
 * @irq:         Linux IRQ number of the INTx line (0: none)
 * @intx_pin:    1..4 for INTA..INTD, 0: the device has no INTx
 * @num_regions: number of region indices (UIRQ_MAX_REGIONS)
 * @api_version: UIRQ_API_VERSION
 * @vendor:      PCI vendor id
 * @device:      PCI device id
 * @domain:      PCI domain
 * @bus:         PCI bus
 * @devfn:       PCI device and function
 * @resv:        zero
 * @event_size:  out: bytes per record read() delivers on this file now
 *               (new in API 2, like the next field)
 * @event_size_max: out: this kernel's full record, sizeof(struct uirq_event)
 * @msi_max:     API 4, out: vectors the MSI capability offers (0: none)
 * @msix_max:    API 4, out: MSI-X table entries (0: no MSI-X)
 * @vectors:     API 4, out: vectors enabled now (with UIRQ_INFO_MSI_ON or
 *               UIRQ_INFO_MSIX_ON), else 0
 * @bus_type:    out: UIRQ_BUS_* (new in API 4, like the next fields)
 * @trigger:     out: UIRQ_TRIGGER_* of the line: for a PCI function 0
 *               (INTx is level, active low); for a non-PCI device the
 *               trigger it was created with
 * @name:        out: the device's name, NUL-terminated: the PCI address
 *               (0000:00:04.0) or the name given to UIRQ_CTL_CREATE; the
 *               device file is /dev/uirq/<name>
 *
 * For a non-PCI device @intx_pin, @vendor, @device, @domain, @bus and
 * @devfn are 0 and @irq is the IRQ it was created with.
 */
struct uirq_info {
	__u32	argsz;
	__u32	flags;
#define UIRQ_INFO_IRQ_ON	(1u << 0)	/* handler installed */
#define UIRQ_INFO_SHARED	(1u << 1)	/* line has other handlers now */
#define UIRQ_INFO_EXCLUSIVE	(1u << 2)	/* ours was requested exclusive */
#define UIRQ_INFO_INTX_MASK	(1u << 3)	/* PCI 2.3 INTx masking works */
#define UIRQ_INFO_MSI		(1u << 4)	/* MSI capability present */
#define UIRQ_INFO_MSIX		(1u << 5)	/* MSI-X capability present */
#define UIRQ_INFO_FAULT		(1u << 6)	/* the storm guard tripped */
/*
 * API 3: UIRQ_UNMASK has nothing to do now: no enable program is loaded
 * and the ack program acknowledges at the device (it stores), so nothing
 * was masked and a new interrupt reaches the handler by itself. libuirq's
 * uirq_unmask() then makes no system call.
 */
#define UIRQ_INFO_UNMASK_NOOP	(1u << 7)
#define UIRQ_INFO_RING		(1u << 8)	/* API 3: events go to the shared ring */
/* API 4: the line is level-triggered (PCI INTx always is) */
#define UIRQ_INFO_LEVEL		(1u << 9)
/*
 * API 4: the ack, enable and release programs in use are the kernel's
 * built-in PCI 2.3 ones (UIRQ_IRQ_ON without an ack program on a device
 * with INTx masking; see UIRQ_IRQ_ON).
 */
#define UIRQ_INFO_BUILTIN	(1u << 10)
	__u32	irq;
	__u32	intx_pin;
	__u32	num_regions;
	__u32	api_version;
	__u16	vendor;
	__u16	device;
	__u32	domain;
	__u8	bus;
	__u8	devfn;
	__u16	resv;
	__u32	event_size;
	__u32	event_size_max;
	/* API 4: see "MSI and MSI-X" below */
	__u16	msi_max;
	__u16	msix_max;
	__u32	vectors;
	__u32	bus_type;
#define UIRQ_BUS_PCI		0	/* a PCI function bound to uirq */
#define UIRQ_BUS_RES		1	/* made by UIRQ_CTL_CREATE */
	__u32	trigger;
	char	name[UIRQ_NAME_MAX];
};
/**
 * UIRQ_GET_INFO - _IO(UIRQ_TYPE, UIRQ_BASE + 0), struct uirq_info
 *
 * Return: 0, or -EFAULT, -EINVAL (argsz too small, flags or resv
 * non-zero), -ENODEV (device removed).
 */
#define UIRQ_GET_INFO		_IO(UIRQ_TYPE, UIRQ_BASE + 0)

/**
 * struct uirq_region_info - UIRQ_GET_REGION_INFO
 * @argsz:  sizeof(struct uirq_region_info)
 * @flags:  in: 0; out: UIRQ_REGION_INFO_*
 * @index:  in: region index (UIRQ_REGION_*)
 * @type:   out: UIRQ_REGION_TYPE_*
 * @size:   out: bytes (0: absent)
 * @offset: out: file offset of the region for mmap/pread/pwrite
 */
struct uirq_region_info {
	__u32	argsz;
	__u32	flags;
#define UIRQ_REGION_INFO_READ	(1u << 0)	/* pread works */
#define UIRQ_REGION_INFO_WRITE	(1u << 1)	/* pwrite works */
#define UIRQ_REGION_INFO_MMAP	(1u << 2)	/* mmap works (MMIO BARs) */
	__u32	index;
	__u32	type;
	__aligned_u64	size;
	__aligned_u64	offset;
};
/**
 * UIRQ_GET_REGION_INFO - _IO(UIRQ_TYPE, UIRQ_BASE + 1), struct uirq_region_info
 *
 * Return: 0, or -EFAULT, -EINVAL (argsz, flags, index >= UIRQ_MAX_REGIONS),
 * -ENODEV.
 */
#define UIRQ_GET_REGION_INFO	_IO(UIRQ_TYPE, UIRQ_BASE + 1)

/*
 * File offset of region @index for mmap/pread/pwrite. Offset 0 is not a
 * region: plain read()/write() arrive at file position 0 and mean the
 * event stream and UIO's irqcontrol, so regions start at 1 << 40.
 */
#define UIRQ_REGION_OFFSET_SHIFT	40
#define UIRQ_REGION_OFFSET(index)	\
	(((__u64)(index) + 1) << UIRQ_REGION_OFFSET_SHIFT)

/**
 * struct uirq_load_prog - UIRQ_LOAD_PROG
 * @argsz:    sizeof(struct uirq_load_prog)
 * @flags:    0
 * @kind:     UIRQ_PROG_*
 * @insn_cnt: number of instructions at @insns (1..UIRQ_MAX_INSNS)
 * @insns:    user pointer to struct uirq_insn[@insn_cnt]
 * @log_buf:  user pointer to a buffer for the verifier's message, or 0
 * @log_size: size of @log_buf in bytes (the message is NUL-terminated and
 *            truncated to fit)
 * @err_insn: out: index of the rejected instruction, or -1
 * @props:    out: the verifier's properties when accepted
 */
struct uirq_load_prog {
	__u32	argsz;
	__u32	flags;
	__u32	kind;
	__u32	insn_cnt;
	__aligned_u64	insns;
	__aligned_u64	log_buf;
	__u32	log_size;
	__s32	err_insn;
	struct uirq_prog_props props;
};
/**
 * UIRQ_LOAD_PROG - _IO(UIRQ_TYPE, UIRQ_BASE + 2), struct uirq_load_prog
 *
 * Verifies the program against the device's real regions and installs it
 * as the program of its kind, replacing the previous one. The ack program
 * cannot be replaced while the IRQ is on (-EBUSY).
 *
 * Return: 0, or -EFAULT, -EINVAL (bad arguments or program rejected: the
 * reason is in @log_buf, the instruction in @err_insn), -EBUSY, -ENODEV,
 * -ENOMEM.
 */
#define UIRQ_LOAD_PROG		_IO(UIRQ_TYPE, UIRQ_BASE + 2)

/**
 * struct uirq_irq_ctl - UIRQ_IRQ_ON, UIRQ_IRQ_OFF and UIRQ_UNMASK
 * @argsz:      sizeof(struct uirq_irq_ctl); 8 (API 1) is still accepted
 * @flags:      UIRQ_IRQ_ON: UIRQ_IRQ_EXCLUSIVE or 0, UIRQ_IRQ_RING; API 4:
 *              UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX instead of EXCLUSIVE (see
 *              "MSI and MSI-X"); the others: 0
 * @event_size: UIRQ_IRQ_ON: in: the record size the caller reads, normally
 *              sizeof(struct uirq_event); 0, or an @argsz without this
 *              field, means UIRQ_EVENT_SIZE_V1; a multiple of 8 from
 *              there, clamped to the kernel's record (UIRQ_GET_INFO then
 *              reports the size read() delivers). The others: 0.
 * @resv:       zero
 * @vectors:    API 4, UIRQ_IRQ_ON with UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX: the
 *              number of vectors (1..UIRQ_MAX_VECTORS); otherwise 0. An
 *              @argsz of 16 (API 2, 3) means 0.
 * @resv2:      API 4: zero
 */
struct uirq_irq_ctl {
	__u32	argsz;
	__u32	flags;
#define UIRQ_IRQ_EXCLUSIVE	(1u << 0)	/* never share the line */
#define UIRQ_IRQ_RING		(1u << 1)	/* API 3: records go to the shared
						 * ring (struct uirq_ring) */
	__u32	event_size;
	__u32	resv;
	/* API 4: see "MSI and MSI-X" below */
	__u32	vectors;
	__u32	resv2;
};
/**
 * UIRQ_IRQ_ON - _IO(UIRQ_TYPE, UIRQ_BASE + 3), struct uirq_irq_ctl
 *
 * Requests the IRQ: shared when the ack program can decline and
 * UIRQ_IRQ_EXCLUSIVE is clear, exclusive otherwise. With UIRQ_IRQ_RING
 * (API 3) the records go to the shared ring (struct uirq_ring, mapped at
 * UIRQ_RING_OFFSET) instead of read(), until UIRQ_IRQ_OFF. A release program is
 * required unless the device supports PCI 2.3 INTx masking. With the
 * handler installed, and under the device lock, it clears INTx-disable,
 * runs the init program (if any) and then, if the ack program can decline,
 * runs it once (the re-check, as UIRQ_UNMASK does): an interrupt raised
 * before, by the init program or left latched, is queued as an event by
 * the time this returns instead of being lost. Clears a storm-guard fault
 * and re-arms the guard with the module's current thresholds.
 *
 * With UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX (API 4) it enables @vectors message-
 * signalled vectors instead; no ack program is needed (see "MSI and
 * MSI-X" below).
 *
 * Return: 0, or -EFAULT, -EINVAL (no ack program, flags, resv, an
 * @event_size below UIRQ_EVENT_SIZE_V1 or not a multiple of 8; API 4:
 * @vectors out of range, or not 0 for INTx, resv2), -EBUSY (already on,
 * or the line is taken and cannot be shared), -ENODEV (no INTx, no such
 * MSI/MSI-X capability, or the device was removed), -EPERM (no release
 * program and no INTx masking; API 4: an owner not allowed DMA asked for
 * MSI/MSI-X), or another error of request_irq() or
 * pci_alloc_irq_vectors().
 */
#define UIRQ_IRQ_ON		_IO(UIRQ_TYPE, UIRQ_BASE + 3)
/**
 * UIRQ_IRQ_OFF - _IO(UIRQ_TYPE, UIRQ_BASE + 4), struct uirq_irq_ctl
 *
 * Runs the release program and sets INTx-disable (where it works), then
 * frees the IRQ (API 4: or turns bus mastering off if uirq turned it on,
 * frees the vectors and disables MSI/MSI-X). Pending events stay
 * readable; a fault stays reported until the next UIRQ_IRQ_ON.
 *
 * Return: 0, or -EINVAL (flags, or the IRQ is not on), -ENODEV.
 */
#define UIRQ_IRQ_OFF		_IO(UIRQ_TYPE, UIRQ_BASE + 4)
/**
 * UIRQ_UNMASK - _IO(UIRQ_TYPE, UIRQ_BASE + 5), struct uirq_irq_ctl
 *
 * Runs the enable program (if any) under the device lock, then the ack
 * program if it can decline: if the device is still interrupting, a new
 * event is delivered instead of being lost.
 *
 * Return: 0, or -EINVAL (flags, IRQ not on), -EIO (the storm guard
 * quiesced the device: UIRQ_IRQ_OFF, fix the program, UIRQ_IRQ_ON),
 * -ENODEV.
 */
#define UIRQ_UNMASK		_IO(UIRQ_TYPE, UIRQ_BASE + 5)

/**
 * struct uirq_stats - UIRQ_GET_STATS
 * @argsz:       sizeof(struct uirq_stats)
 * @flags:       in: 0 or UIRQ_STATS_RESET (zero the counters after reading)
 * @handled:     ack program returned handled or quiet
 * @declined:    ack program returned none (IRQ_NONE)
 * @quiet:       of @handled, how many returned quiet
 * @events:      events produced (delivered to the ring or dropped)
 * @dropped:     events lost because the ring was full
 * @enable_runs: enable program runs (UIRQ_UNMASK)
 * @unmask_events: events found by the re-check after UIRQ_IRQ_ON and
 *               UIRQ_UNMASK (the ack program run outside the handler)
 * @max_ns:      longest handler run
 * @total_ns:    sum of handler runs (mean = total_ns / (handled + declined))
 * @faults:      times the storm guard tripped (new in API 2, with the rest)
 * @fault_ns:    CLOCK_MONOTONIC of the last trip, 0: none
 * @guard_checks: handler runs in which the guard read the device's INTx
 *               status (only while a window's count is above guard_suspect)
 * @fault:       UIRQ_FAULT_* in force now (cleared by UIRQ_IRQ_ON)
 * @resv:        zero
 *
 * UIRQ_STATS_RESET zeroes the counters, not @fault or @fault_ns.
 */
struct uirq_stats {
	__u32	argsz;
	__u32	flags;
#define UIRQ_STATS_RESET	(1u << 0)
	__aligned_u64	handled;
	__aligned_u64	declined;
	__aligned_u64	quiet;
	__aligned_u64	events;
	__aligned_u64	dropped;
	__aligned_u64	enable_runs;
	__aligned_u64	unmask_events;
	__aligned_u64	max_ns;
	__aligned_u64	total_ns;
	__aligned_u64	faults;
	__aligned_u64	fault_ns;
	__aligned_u64	guard_checks;
	__u32		fault;
	__u32		resv;
};
/**
 * UIRQ_GET_STATS - _IO(UIRQ_TYPE, UIRQ_BASE + 6), struct uirq_stats
 *
 * Return: 0, or -EFAULT, -EINVAL, -ENODEV.
 */
#define UIRQ_GET_STATS		_IO(UIRQ_TYPE, UIRQ_BASE + 6)

/**
 * struct uirq_eventfd - UIRQ_SET_EVENTFD
 * @argsz: sizeof(struct uirq_eventfd)
 * @flags: 0
 * @fd:    an eventfd signalled on every event, or -1 to remove it
 * @resv:  zero
 */
struct uirq_eventfd {
	__u32	argsz;
	__u32	flags;
	__s32	fd;
	__u32	resv;
};
/**
 * UIRQ_SET_EVENTFD - _IO(UIRQ_TYPE, UIRQ_BASE + 7), struct uirq_eventfd
 *
 * Return: 0, or -EFAULT, -EINVAL, -EBADF (not an eventfd), -ENODEV.
 */
#define UIRQ_SET_EVENTFD	_IO(UIRQ_TYPE, UIRQ_BASE + 7)

/**
 * struct uirq_wait - UIRQ_WAIT (API 3)
 * @argsz:      sizeof(struct uirq_wait)
 * @flags:      UIRQ_WAIT_*
 * @timeout_ns: how long to wait for a record: < 0 forever, 0 not at all
 * @events:     user pointer to room for @max_events records of the size
 *              UIRQ_GET_INFO reports (event_size); unused in ring mode
 * @max_events: records that fit at @events (at least 1); in ring mode 0
 * @count:      out: records copied to @events; in ring mode, records
 *              waiting in the shared ring
 */
struct uirq_wait {
	__u32	argsz;
	__u32	flags;
#define UIRQ_WAIT_UNMASK	(1u << 0)	/* UIRQ_UNMASK first */
	__s64	timeout_ns;
	__aligned_u64	events;
	__u32	max_events;
	__u32	count;
};
/**
 * UIRQ_WAIT - _IO(UIRQ_TYPE, UIRQ_BASE + 8), struct uirq_wait
 *
 * One system call for a driver's loop: with UIRQ_WAIT_UNMASK it does what
 * UIRQ_UNMASK does, then waits until a record is queued (or, with
 * UIRQ_IRQ_RING, until the shared ring holds one) and copies up to
 * @max_events of them, as read() would. Signals are not restarted (the
 * timeout is relative): -EINTR, with the unmask done.
 *
 * Return: 0 with @count >= 1, or -EFAULT, -EINVAL (flags, argsz,
 * @max_events, an unmask with the IRQ off), -ETIMEDOUT (nothing within
 * @timeout_ns), -EINTR, -EIO (storm-guard fault, after the records queued
 * before it), -ENODEV.
 */
#define UIRQ_WAIT		_IO(UIRQ_TYPE, UIRQ_BASE + 8)

/*
 * The shared event ring (API 3): mmap() of UIRQ_RING_OFFSET, MAP_SHARED,
 * UIRQ_RING_SIZE bytes, read and write. The kernel produces, the owner
 * consumes, with no system call:
 *
 *	head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
 *	while (tail != head)
 *		use(base + ring->records_off +
 *		    (tail++ & (ring->entries - 1)) * ring->record_size);
 *	__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
 *
 * @head and @tail run freely (mod 2^32). The kernel writes a record, then
 * @head with release semantics; it reads @tail with acquire semantics
 * before it reuses a slot, so a record is never overwritten while the
 * owner may still read it. It never trusts either for memory safety: a
 * wrong @tail loses the owner's own records, nothing else. A full ring
 * (entries - 1 records: the last slot is the storm guard's) drops events;
 * the next record's @dropped counts them, as with read(). Records are the
 * kernel's full struct uirq_event (@record_size bytes, a multiple of 8;
 * a newer kernel's are longer: read the prefix you know).
 *
 * @head:        the producer's index
 * @resv0:       zero (@head has a cache line of its own)
 * @tail:        the consumer's index, written by the owner
 * @resv1:       zero
 * @entries:     records in the ring, a power of two
 * @record_size: bytes per record
 * @records_off: offset of record 0 from the start of the mapping
 * @flags:       zero
 */
struct uirq_ring {
	__u32	head;
	__u32	resv0[15];
	__u32	tail;
	__u32	resv1[15];
	__u32	entries;
	__u32	record_size;
	__u32	records_off;
	__u32	flags;
};
/*
 * Below the regions, so that a 32-bit process can map it too (mmap2's
 * page offset is 32 bits wide: UIRQ_REGION_OFFSET(15) and up are out of
 * its reach).
 */
#define UIRQ_RING_OFFSET	(1ull << 39)
#define UIRQ_RING_ENTRIES	128
#define UIRQ_RING_RECORDS_OFF	256
#define UIRQ_RING_SIZE		(UIRQ_RING_RECORDS_OFF + \
				 UIRQ_RING_ENTRIES * sizeof(struct uirq_event))

/* ------------------------------------------------------------------ */
/* Devices that are not PCI functions: /dev/uirq/control (API 4)       */
/* ------------------------------------------------------------------ */
/*
 * Root describes a device by hand: up to UIRQ_CTL_MAX_RES port or memory
 * ranges and an IRQ with its trigger (an ISA or LPC card, an FPGA bridge,
 * a platform device). uirq.ko claims the ranges (request_region(),
 * request_mem_region(): a range a kernel driver holds is -EBUSY, and the
 * claim shows in /proc/ioports and /proc/iomem as "uirq:<name>") and makes
 * /dev/uirq/<name>, which works as a PCI device's file does, with the
 * ranges as regions res0.. and no cfg or BAR regions. The device stays
 * until UIRQ_CTL_DESTROY (or the module is unloaded), like a loop device;
 * destroying it while its file is open revokes the file, as an unbind of
 * a PCI device does. Both ioctls need CAP_SYS_RAWIO (the capability of
 * ioperm() and /dev/port: the ranges give access to raw hardware).
 *
 * The trigger decides sharing: only a level-triggered line is requested
 * shared (and only when the ack program can decline, as for PCI). An edge
 * line is always requested exclusively: a second device's edge while the
 * first holds the line is lost, and ISA outputs are not wired-OR.
 */

/* Trigger types: the kernel's IRQ_TYPE_* values. */
#define UIRQ_TRIGGER_EDGE_RISING	1
#define UIRQ_TRIGGER_EDGE_FALLING	2
#define UIRQ_TRIGGER_LEVEL_HIGH		4
#define UIRQ_TRIGGER_LEVEL_LOW		8
#define UIRQ_TRIGGER_LEVEL_MASK		(UIRQ_TRIGGER_LEVEL_HIGH | \
					 UIRQ_TRIGGER_LEVEL_LOW)

#define UIRQ_CTL_MAX_RES	8	/* res0..res7 */

/**
 * struct uirq_res_range - one resource of a non-PCI device
 * @type:  UIRQ_REGION_TYPE_PIO or UIRQ_REGION_TYPE_MMIO
 * @flags: 0
 * @start: first port number, or physical address
 * @size:  bytes; ports end at 0xffff
 */
struct uirq_res_range {
	__u32	type;
	__u32	flags;
	__aligned_u64	start;
	__aligned_u64	size;
};

/**
 * struct uirq_ctl_create - UIRQ_CTL_CREATE
 * @argsz:   sizeof(struct uirq_ctl_create)
 * @flags:   0
 * @name:    1..31 characters of [a-z0-9_.-], starting with a letter, NUL
 *           after them (so it can never look like a PCI address)
 * @irq:     Linux IRQ number (on x86, ISA IRQ n is IRQ n)
 * @trigger: UIRQ_TRIGGER_*: exactly one; the line must already be, or be
 *           configurable to, this type (UIRQ_IRQ_ON checks)
 * @num_res: ranges at @res (1..UIRQ_CTL_MAX_RES); range i is region res<i>
 * @resv:    zero
 * @res:     the ranges; they must not overlap
 */
struct uirq_ctl_create {
	__u32	argsz;
	__u32	flags;
	char	name[UIRQ_NAME_MAX];
	__u32	irq;
	__u32	trigger;
	__u32	num_res;
	__u32	resv;
	struct uirq_res_range res[UIRQ_CTL_MAX_RES];
};
/**
 * UIRQ_CTL_CREATE - _IO(UIRQ_TYPE, UIRQ_BASE + 0x20), struct uirq_ctl_create
 *
 * Return: 0, or -EPERM (no CAP_SYS_RAWIO), -EFAULT, -EINVAL (argsz, flags,
 * resv, name, irq, trigger, num_res, a range's type, flags, size, overlap
 * or a port beyond 0xffff), -EEXIST (the name is taken), -EBUSY (a range
 * is claimed by someone else), -ENOSPC (no minor left), -ENOMEM.
 */
#define UIRQ_CTL_CREATE		_IO(UIRQ_TYPE, UIRQ_BASE + 0x20)

/**
 * struct uirq_ctl_destroy - UIRQ_CTL_DESTROY
 * @argsz: sizeof(struct uirq_ctl_destroy)
 * @flags: 0
 * @name:  the device's name
 */
struct uirq_ctl_destroy {
	__u32	argsz;
	__u32	flags;
	char	name[UIRQ_NAME_MAX];
};
/**
 * UIRQ_CTL_DESTROY - _IO(UIRQ_TYPE, UIRQ_BASE + 0x21), struct uirq_ctl_destroy
 *
 * Removes a device UIRQ_CTL_CREATE made: its owner, if any, is treated as
 * at an unbind (release program, IRQ freed, mappings revoked, -ENODEV from
 * then on) and the ranges are given back.
 *
 * Return: 0, or -EPERM, -EFAULT, -EINVAL (argsz, flags, name), -ENOENT (no
 * such device).
 */
#define UIRQ_CTL_DESTROY	_IO(UIRQ_TYPE, UIRQ_BASE + 0x21)
/* MSI and MSI-X (API 4)                                               */
/* ------------------------------------------------------------------ */
/*
 * The same file selects INTx or message-signalled interrupts: UIRQ_IRQ_ON
 * with UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX and struct uirq_irq_ctl.vectors = N
 * enables N vectors instead of requesting the INTx line; UIRQ_IRQ_OFF
 * disables them (the device is back on INTx, masked until the next
 * UIRQ_IRQ_ON), and so does every release (close, exit, kill -9, unbind,
 * the storm guard). Vector numbers are the device's: 0..N-1 are MSI
 * message 0..N-1, or MSI-X table entry 0..N-1. Events carry the vector in
 * struct uirq_event.vector (INTx events have 0; tell them apart by the
 * mode UIRQ_GET_INFO reports).
 *
 * An MSI is a memory write by the device: uirq.ko turns bus mastering on
 * for it, which it does only for an owner allowed DMA (docs/security.md:
 * opened with CAP_SYS_RAWIO, or the device is behind an IOMMU DMA-API
 * domain); anyone else gets -EPERM. Bus mastering goes off again at
 * UIRQ_IRQ_OFF (unless the owner had turned it on) and at release.
 *
 * A vector needs no program: each message is an event. An ack program
 * per vector (UIRQ_LOAD_VECTOR_PROG) may read and capture registers or
 * acknowledge at the device; a message is always its device's, so that
 * program must not be able to decline (no reachable "ret none"). The
 * storm guard limits each vector to guard_max_irqs claims per window.
 */
#define UIRQ_MAX_VECTORS	32

/* struct uirq_irq_ctl.flags, UIRQ_IRQ_ON (API 4); at most one of them. */
#define UIRQ_IRQ_MSI		(1u << 2)	/* MSI, @vectors messages */
#define UIRQ_IRQ_MSIX		(1u << 3)	/* MSI-X, @vectors entries */

/* struct uirq_info.flags (API 4) */
#define UIRQ_INFO_MSI_ON	(1u << 12)	/* MSI vectors are enabled */
#define UIRQ_INFO_MSIX_ON	(1u << 13)	/* MSI-X vectors are enabled */
#define UIRQ_INFO_MSI_DMA	(1u << 14)	/* this owner may enable them
						 * (it is allowed DMA) */

/**
 * struct uirq_vector_eventfd - UIRQ_SET_VECTOR_EVENTFD (API 4)
 * @argsz:  sizeof(struct uirq_vector_eventfd)
 * @flags:  0
 * @vector: 0..UIRQ_MAX_VECTORS-1
 * @fd:     an eventfd signalled on each event of @vector, or -1 to remove
 *          it (the device's UIRQ_SET_EVENTFD eventfd, if any, is
 *          signalled for every event as well)
 */
struct uirq_vector_eventfd {
	__u32	argsz;
	__u32	flags;
	__u32	vector;
	__s32	fd;
};
/**
 * UIRQ_SET_VECTOR_EVENTFD - _IO(UIRQ_TYPE, UIRQ_BASE + 9), struct uirq_vector_eventfd
 *
 * May be set before or while the vectors are on; kept until release.
 *
 * Return: 0, or -EFAULT, -EINVAL (argsz, flags, @vector), -EBADF (not an
 * eventfd), -ENOMEM, -ENODEV.
 */
#define UIRQ_SET_VECTOR_EVENTFD	_IO(UIRQ_TYPE, UIRQ_BASE + 9)

/**
 * struct uirq_vector_prog - UIRQ_LOAD_VECTOR_PROG (API 4)
 * @argsz:    sizeof(struct uirq_vector_prog)
 * @flags:    0
 * @vector:   0..UIRQ_MAX_VECTORS-1
 * @insn_cnt: number of instructions at @insns (1..UIRQ_MAX_INSNS)
 * @insns:    user pointer to struct uirq_insn[@insn_cnt], a program of
 *            kind UIRQ_PROG_ACK (.kind ack) that cannot return none
 * @log_buf:  user pointer to a buffer for the verifier's message, or 0
 * @log_size: size of @log_buf
 * @err_insn: out: index of the rejected instruction, or -1
 * @props:    out: the verifier's properties when accepted
 */
struct uirq_vector_prog {
	__u32	argsz;
	__u32	flags;
	__u32	vector;
	__u32	insn_cnt;
	__aligned_u64	insns;
	__aligned_u64	log_buf;
	__u32	log_size;
	__s32	err_insn;
	struct uirq_prog_props props;
};
/**
 * UIRQ_LOAD_VECTOR_PROG - _IO(UIRQ_TYPE, UIRQ_BASE + 10), struct uirq_vector_prog
 *
 * Verifies the program as an ack program against the device's regions,
 * refuses one that can decline (-EINVAL, "... must not decline" in
 * @log_buf), and installs it as @vector's, replacing the previous one.
 * Not while message-signalled vectors are on (-EBUSY). Kept until
 * release.
 *
 * Return: 0, or -EFAULT, -EINVAL, -EPERM (it reaches the MSI-X table or
 * PBA), -EBUSY, -ENOMEM, -ENODEV.
 */
#define UIRQ_LOAD_VECTOR_PROG	_IO(UIRQ_TYPE, UIRQ_BASE + 10)

#endif /* _UAPI_UIRQ_H */
