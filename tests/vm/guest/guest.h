/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the VM guest programs share: QEMU's edu device (the registers they
 * drive, the ack program that finds its interrupts on a shared line) and
 * loading a program from its source text.
 */
#ifndef UIRQ_VM_GUEST_H
#define UIRQ_VM_GUEST_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <libuirq.h>

/* Region offsets are (index + 1) << 40: a 32-bit off_t would truncate them. */
_Static_assert(sizeof(off_t) == 8, "build with -D_FILE_OFFSET_BITS=64");

#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

/*
 * A non-zero status is ours: acknowledge it at the device and capture it
 * in slot 0 (examples/programs/edu-ack.s without its all-ones check).
 */
static const char edu_ack_s[] =
	".kind ack\n"
	"        ld32  r0, bar0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        st32  bar0[0x64], r0\n"
	"        cap   0, r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";

/*
 * The masking style: claim, then silence the device with PCI 2.3 INTx
 * disable (command bit 10), leaving its status for user space. It must
 * decline while the output is already masked: the status stays latched,
 * and claiming it again would take other devices' interrupts on the line.
 */
static const char edu_mask_ack_s[] =
	".kind ack\n"
	"        ld16  r1, cfg[0x4]\n"
	"        jset  r1, 0x400, no\n"
	"        ld32  r0, bar0[0x24]\n"
	"        jeq   r0, 0, no\n"
	"        or    r1, 0x400\n"
	"        st16  cfg[0x4], r1\n"
	"        cap   0, r0\n"
	"        ret   handled\n"
	"no:     ret   none\n";

/* Release: stop factorial interrupts and acknowledge whatever is pending. */
static const char edu_release_s[] =
	".kind release\n"
	"        st32  bar0[0x20], 0\n"
	"        ld32  r0, bar0[0x24]\n"
	"        st32  bar0[0x64], r0\n"
	"        ret   quiet\n";

/* CLOCK_MONOTONIC in ns, the clock of event records' timestamp_ns. */
static inline uint64_t guest_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Raise @v on the edu device mapped at @bar0 and wait until a handler has
 * acknowledged it at the device. Return: 0, or -ETIMEDOUT.
 */
static inline int guest_raise_acked(volatile uint32_t *bar0, uint32_t v)
{
	int spins;

	bar0[EDU_IRQ_RAISE / 4] = v;
	for (spins = 0; spins < 1000000; spins++)
		if (!bar0[EDU_IRQ_STATUS / 4])
			return 0;
	return -ETIMEDOUT;
}

/*
 * Assemble @src (@name in its messages) and load it as the program its
 * .kind directive names. Return: 0 or -errno, with the assembler's or the
 * verifier's message in @log.
 */
static inline int guest_load_src(struct uirq_dev *dev, const char *src,
				 const char *name, char *log, size_t loglen)
{
	struct uirq_program prog;
	int ret;

	log[0] = '\0';
	ret = uirq_asm_string(src, name, &prog, log, loglen);
	if (!ret)
		ret = uirq_load_program(dev, &prog, UIRQ_PROG_NUM_KINDS, NULL,
					log, loglen);
	return ret;
}

#endif /* UIRQ_VM_GUEST_H */
