/* SPDX-License-Identifier: MIT */
/*
 * libuirq: the user-space side of uirq.
 *
 * Programs: the text form of ack programs (assembler, disassembler), the
 * binary file format, offline verification. Device API: opening a uirq
 * device file, loading programs, turning the IRQ on, reading events.
 *
 * Every function that can fail returns 0 or a negative errno value, never
 * sets errno as its only report, and never prints: messages go into the
 * caller's buffer.
 */
#ifndef LIBUIRQ_H
#define LIBUIRQ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <uirq.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- programs (lib/asm.c, lib/disasm.c, lib/progfile.c) ---- */

#define UIRQ_PROGRAM_NAME_LEN	256

/**
 * struct uirq_program - a program as read from a file, not yet verified
 * @kind:  from the `.kind` directive; UIRQ_PROG_NUM_KINDS when the source
 *         has none (always for binary files)
 * @count: number of instructions in @insns
 * @insns: the instructions, ready for UIRQ_LOAD_PROG
 * @line:  source line of each instruction (1-based), 0 for binary input
 * @col:   source column of each instruction's mnemonic, 0 for binary input
 * @name:  the file name given to the assembler or loader (for messages)
 */
struct uirq_program {
	uint32_t kind;
	uint32_t count;
	struct uirq_insn insns[UIRQ_MAX_INSNS];
	uint32_t line[UIRQ_MAX_INSNS];
	uint32_t col[UIRQ_MAX_INSNS];
	char name[UIRQ_PROGRAM_NAME_LEN];
};

/*
 * Assemble @text (NUL-terminated) into @prog. @filename only names the
 * source in messages (NULL: "<string>"). On error, @err gets
 * "file:line:col: error: message" and -EINVAL is returned (the column is
 * that of the offending token).
 */
int uirq_asm_string(const char *text, const char *filename,
		    struct uirq_program *prog, char *err, size_t errlen);

/*
 * Read a program file, text or binary. A file containing a NUL byte is
 * binary (every encoded instruction has zero bytes, text never does): the
 * raw little-endian array of struct uirq_insn, 1..UIRQ_MAX_INSNS of them.
 * Anything else is assembled. Return: 0, -ENOENT etc. from the file
 * system, -EINVAL (bad content, message in @err), -EFBIG.
 */
int uirq_program_load_file(const char *path, struct uirq_program *prog,
			   char *err, size_t errlen);
/* Decode a binary image (@len bytes); same rules as the file. */
int uirq_program_load_bin(const void *data, size_t len, const char *name,
			  struct uirq_program *prog, char *err, size_t errlen);

/* Write @prog's instructions as a binary program file. */
int uirq_program_save_bin(const char *path, const struct uirq_program *prog);

/*
 * Disassemble one instruction (@index of @count, for jump labels) into
 * @buf: "ld32 r0, bar0[0x24]", "jeq r0, 0x0, L6". Jump targets are the
 * labels "L<target index>". An instruction that has no canonical text
 * form (non-zero unused fields, unknown opcode, a jump outside the
 * program) comes out as a raw `.insn` directive, so that any input
 * reassembles to the same bytes. Return: 0, or -ENOSPC (truncated).
 */
int uirq_disasm_insn(const struct uirq_insn *insn, unsigned int index,
		     unsigned int count, char *buf, size_t len);

/* Disassemble a whole program with its labels; reassembles identically. */
int uirq_disasm(const struct uirq_insn *insns, unsigned int count, FILE *out);

/* Set @regions[UIRQ_MAX_REGIONS] to the offline defaults: bar0..bar5 4 KiB
 * MMIO, cfg 4 KiB config space, the rest absent. Only type and size of a
 * struct uirq_region_info matter to the verifier. */
void uirq_regions_default(struct uirq_region_info *regions);

/*
 * Parse "NAME:TYPE:SIZE" (e.g. "bar0:mmio:0x40", "bar2:pio:32",
 * "bar1:none:0", "cfg:cfg:4k") and store it in @regions. TYPE is mmio, pio,
 * cfg or none; SIZE is decimal, 0x hex or 0b binary with an optional k/K
 * (KiB) or M (MiB) suffix. Return: 0, or -EINVAL with a message in @err.
 */
int uirq_region_parse(const char *spec, struct uirq_region_info *regions,
		      char *err, size_t errlen);

/* "ack" etc. to UIRQ_PROG_*; -EINVAL if unknown. */
int uirq_kind_parse(const char *name, uint32_t *kind);

/*
 * Verify @prog offline with the same verifier uirq.ko runs. @kind
 * UIRQ_PROG_NUM_KINDS means @prog->kind, or ack when that is unset too.
 * @regions: UIRQ_MAX_REGIONS entries, NULL for uirq_regions_default().
 * @props (may be NULL) gets the properties. On rejection -EINVAL and a
 * message as uirq_program_errmsg() formats it.
 */
int uirq_program_verify(const struct uirq_program *prog, uint32_t kind,
			const struct uirq_region_info *regions,
			struct uirq_prog_props *props, char *err, size_t errlen);

/*
 * Format a verifier message about instruction @insn (-1: the whole
 * program) of @prog, pointing at its source when known:
 * "prog.s:7:9: error: insn 3: MSG", "prog.bin: error: insn 3: MSG",
 * "prog.s: error: MSG". Use it for UIRQ_LOAD_PROG's log_buf/err_insn too.
 */
int uirq_program_errmsg(const struct uirq_program *prog, int insn,
			const char *msg, char *buf, size_t len);

/* Names: "bar0".."bar5", "rom", "cfg", "res0".."res7"; "ack".."init";
 * "none", "handled", "quiet". Never NULL ("?" when unknown). */
const char *uirq_region_name(uint32_t region);
const char *uirq_kind_name(uint32_t kind);
const char *uirq_ret_name(uint32_t ret);

/* ---- end programs ---- */

/* ---- device API (lib/device.c) ---- */

/*
 * A uirq device file, /dev/uirq/<BDF>, opened by uirq_open(). Opaque: it
 * caches region info and owns the region mappings. One handle is not
 * meant to be used by several threads at once.
 */
struct uirq_dev;

/* Room for a canonical BDF, "dddd:bb:dd.f" plus NUL (longer domains fit). */
#define UIRQ_BDF_LEN		32

/*
 * Check a PCI address, "0000:00:04.0" or "00:04.0" (domain 0), and write
 * its canonical lower-case form "0000:00:04.0" to @out.
 * Return: 0, -EINVAL (malformed), -ENAMETOOLONG (@outlen too small).
 */
int uirq_parse_bdf(const char *bdf, char *out, size_t outlen);

/*
 * Open /dev/uirq/<BDF> read-write, close-on-exec, and check that it is a
 * uirq device. @bdf may also be the name of a non-PCI device made by
 * uirq_create_device() (API 4): /dev/uirq/<name>. *@devp is NULL on
 * failure. Return: 0, -EINVAL (neither a BDF nor a device name), -ENOENT
 * (no such device node: not bound to uirq?), -EBUSY (another process owns
 * it), -EACCES, -ENOTTY (not a uirq file), -ENOMEM.
 */
int uirq_open(const char *bdf, struct uirq_dev **devp);
/* The same for an explicit path. */
int uirq_open_path(const char *path, struct uirq_dev **devp);

/*
 * API 4: make a device that is not a PCI function from explicit resources
 * (UIRQ_CTL_CREATE on /dev/uirq/control: port and memory ranges, an IRQ
 * and its trigger; @req->argsz is filled in), and remove one. Needs
 * CAP_SYS_RAWIO. The device is /dev/uirq/<name> (once udev made the
 * node), used as a PCI one is. Return: 0, -EINVAL (a bad name or
 * description), -EEXIST, -EBUSY (a range is a kernel driver's), -ENOENT
 * (destroy: no such device; create: no /dev/uirq/control, uirq.ko not
 * loaded), -EPERM, -ENOSPC, -ENOMEM.
 */
int uirq_create_device(const struct uirq_ctl_create *req);
int uirq_destroy_device(const char *name);
/* Unmap every region and close the file (runs the release program and
 * frees the IRQ in the kernel if this was the last reference). NULL is
 * accepted. */
void uirq_close(struct uirq_dev *dev);
/* The file descriptor, for poll/epoll (readable when an event is queued).
 * Do not close it. Return: the fd, or -EINVAL for a NULL handle. */
int uirq_fd(const struct uirq_dev *dev);

/* UIRQ_GET_INFO. */
int uirq_get_info(struct uirq_dev *dev, struct uirq_info *info);
/* UIRQ_GET_REGION_INFO for region @index (UIRQ_REGION_*). */
int uirq_get_region_info(struct uirq_dev *dev, unsigned int index,
			 struct uirq_region_info *ri);

/*
 * Map an MMIO region (a memory BAR) read-write; @len (may be NULL) gets
 * its size. Mapping a mapped region again returns the same address.
 * Return: 0, -ENOENT (absent region), -EOPNOTSUPP (not mappable, e.g. an
 * I/O BAR or config space: use uirq_region_read/write), -errno of mmap.
 */
int uirq_map_region(struct uirq_dev *dev, unsigned int index, void **addr,
		    size_t *len);
/* Return: 0, -ENOENT (not mapped). */
int uirq_unmap_region(struct uirq_dev *dev, unsigned int index);

/*
 * One access of @width bytes (1, 2, 4; 8 for MMIO) at @off of region
 * @index: through the mapping when the region is mapped, else pread/pwrite
 * on the device file. Return: 0, -EINVAL (width, alignment), -ERANGE
 * (beyond the region), -ENOENT (absent), -EOPNOTSUPP, -EIO.
 */
int uirq_region_read(struct uirq_dev *dev, unsigned int index, uint64_t off,
		     unsigned int width, uint64_t *val);
int uirq_region_write(struct uirq_dev *dev, unsigned int index, uint64_t off,
		      unsigned int width, uint64_t val);

/*
 * Load a program of @kind (UIRQ_PROG_*); the kernel verifies it against
 * the device's real regions. @props (may be NULL) gets what the verifier
 * proved. On rejection, @log (may be NULL) gets "insn N: reason".
 * Return: 0, -EINVAL (rejected or bad arguments), -EBUSY (ack program
 * while the IRQ is on), -ENODEV, -ENOMEM.
 */
int uirq_load(struct uirq_dev *dev, unsigned int kind,
	      const struct uirq_insn *insns, unsigned int count,
	      struct uirq_prog_props *props, char *log, size_t loglen);
/*
 * Load an assembled program. @kind UIRQ_PROG_NUM_KINDS takes the kind from
 * @prog (its .kind directive); a program whose .kind differs from an
 * explicit @kind is refused. Messages point at the source line:
 * "edu-ack.s:7:9: error: insn 3: reason".
 */
int uirq_load_program(struct uirq_dev *dev, const struct uirq_program *prog,
		      unsigned int kind, struct uirq_prog_props *props,
		      char *log, size_t loglen);
/* Read a program file (text or binary, uirq_program_load_file) and load it
 * as uirq_load_program() does. */
int uirq_load_file(struct uirq_dev *dev, unsigned int kind, const char *path,
		   char *log, size_t loglen);

/*
 * UIRQ_IRQ_ON (@flags: UIRQ_IRQ_EXCLUSIVE, UIRQ_IRQ_RING), UIRQ_IRQ_OFF,
 * and UIRQ_UNMASK: call it after handling each event, it runs the enable
 * program and re-checks the device so that nothing pending is lost.
 * uirq_unmask() makes no system call when the kernel says it has nothing
 * to do (no enable program, and an ack program that acknowledges at the
 * device: UIRQ_INFO_UNMASK_NOOP); programs must then be loaded through
 * libuirq, which keeps track. It returns -EIO once the storm guard
 * quiesced the device (when it made no system call, the next wait or
 * read says so instead) (docs/device-abi.md: turn the IRQ off, fix the
 * program, turn it on).
 *
 * UIRQ_IRQ_RING (API 3 kernels, else -EOPNOTSUPP) maps the shared event
 * ring: uirq_read_events() and the waits then take events from memory,
 * with no system call while events keep coming.
 */
int uirq_irq_on(struct uirq_dev *dev, unsigned int flags);
int uirq_irq_off(struct uirq_dev *dev);
int uirq_unmask(struct uirq_dev *dev);

/*
 * Wait for one event: @timeout_ms -1 blocks, 0 polls. Return: 0 with *@ev
 * filled in, -ETIMEDOUT, -EINTR (a signal arrived), -ENODEV (device
 * removed), -EIO (the storm guard quiesced the device; the events before
 * the fault were returned first).
 */
int uirq_wait(struct uirq_dev *dev, struct uirq_event *ev, int timeout_ms);
/*
 * The loop of a driver in one call: with UIRQ_WAIT_UNMASK, unmask (the
 * previous event was handled), then wait up to @timeout_ms (-1 forever, 0
 * not at all) for events and return up to @max of them. On an API 3
 * kernel that is one system call (UIRQ_WAIT), or none in ring mode while
 * events are queued; older kernels get the same result in several.
 * Return: events returned (>= 1), or -ETIMEDOUT, -EINTR (a signal; the
 * unmask was done), -EIO (storm-guard fault, after the events before it),
 * -ENODEV, -EINVAL.
 */
int uirq_wait_events(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max, int timeout_ms, unsigned int flags);
/*
 * Polling mode, for drivers that would rather spend a core than a system
 * call: in ring mode, a wait first spins up to @usec microseconds on the
 * ring before it sleeps (0, the default: sleep at once).
 */
int uirq_set_busy_poll(struct uirq_dev *dev, unsigned int usec);
/* Read up to @max queued events without blocking. Return: the number read
 * (0: none queued), or -errno (-EIO after a storm-guard fault, -ENODEV
 * once the device is removed). */
int uirq_read_events(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max);

/* UIRQ_GET_STATS; @flags 0 or UIRQ_STATS_RESET. */
int uirq_get_stats(struct uirq_dev *dev, struct uirq_stats *st,
		   unsigned int flags);
/* Signal eventfd @fd on every event; -1 removes it. */
int uirq_set_eventfd(struct uirq_dev *dev, int fd);

/*
 * MSI and MSI-X (API 4; include/uapi/uirq.h "MSI and MSI-X").
 *
 * uirq_irq_on_vectors() is uirq_irq_on() for message-signalled vectors:
 * @flags is UIRQ_IRQ_MSI or UIRQ_IRQ_MSIX (optionally | UIRQ_IRQ_RING),
 * @vectors 1..UIRQ_MAX_VECTORS. Events carry the vector number (MSI
 * message or MSI-X entry, 0..@vectors-1) in struct uirq_event.vector.
 * uirq_irq_off() turns them off; the device is back on INTx.
 * Return: 0, -EPERM (the owner is not allowed DMA: see
 * uirq_irq_on_strerror()), -ENODEV (no such capability), -EINVAL, -EBUSY,
 * -EOPNOTSUPP (an older kernel), or another -errno.
 */
int uirq_irq_on_vectors(struct uirq_dev *dev, unsigned int flags,
			unsigned int vectors);
/* A sentence for an error of uirq_irq_on() or uirq_irq_on_vectors(). */
const char *uirq_irq_on_strerror(int err);
/* Signal eventfd @fd on every event of @vector (also the device's eventfd). */
int uirq_set_vector_eventfd(struct uirq_dev *dev, unsigned int vector, int fd);
/*
 * Load the ack program of @vector (before uirq_irq_on_vectors()). It runs
 * for each message of that vector; it must not be able to decline (no
 * reachable "ret none"): -EINVAL with the reason in @log.
 */
int uirq_load_vector(struct uirq_dev *dev, unsigned int vector,
		     const struct uirq_insn *insns, unsigned int count,
		     struct uirq_prog_props *props, char *log, size_t loglen);
/* The same for an assembled program (.kind ack, or no .kind). */
int uirq_load_vector_program(struct uirq_dev *dev, unsigned int vector,
			     const struct uirq_program *prog,
			     struct uirq_prog_props *props, char *log,
			     size_t loglen);

/* ---- end device API ---- */

#ifdef __cplusplus
}
#endif

#endif /* LIBUIRQ_H */
