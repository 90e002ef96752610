/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the offline subcommands (cmd_offline.c): the region table
 * from a real device (regions.c) and the register model of `sim`
 * (model.c).
 */
#ifndef UIRQCTL_OFFLINE_H
#define UIRQCTL_OFFLINE_H

#include <stdint.h>
#include <stdio.h>

#include "uirqctl.h"
#include "uirq_core.h"

#define OFFLINE_ERRLEN	512

/* All UIRQ_MAX_REGIONS entries absent (argsz and index filled in). */
void regions_absent(struct uirq_region_info *regions);

/*
 * Fill @regions from DEV: a PCI address (0000:00:03.0 or 00:03.0, read
 * from $UIRQ_SYSFS_ROOT/bus/pci/devices/<BDF>/, UIRQ_SYSFS_ROOT
 * defaulting to /sys) or a path to a uirq device node (anything with a
 * '/': UIRQ_GET_REGION_INFO). Return: 0, or -errno with @err set.
 */
int regions_from_device(const char *dev, struct uirq_region_info *regions,
			char *err, size_t errlen);

/* "mmio", "pio", "cfg", "none". */
const char *region_type_name(uint32_t type);

/* Decimal, 0x hex or 0b binary, exactly @len characters of @s. */
int parse_u64(const char *s, size_t len, uint64_t *out);

/* ---- the register model of sim ---- */

#define MODEL_MAX_REGS		64
#define MODEL_MAX_SEQ		16
#define MODEL_MAX_ASSERTS	8
#define MODEL_MAX_CONDS		8
#define MODEL_MAX_FACTORS	4
#define MODEL_MAX_STEPS		32
#define MODEL_MAX_REGION_SPECS	UIRQ_MAX_REGIONS

#define MREG_RC		(1u << 0)	/* a read clears the register */
#define MREG_W1C	(1u << 1)	/* a write clears the bits written as 1 */
#define MREG_W1S	(1u << 2)	/* a write sets the bits written as 1 */
#define MREG_MODELLED	(1u << 3)	/* declared by a reg line */

struct model_reg {
	char name[32];			/* "" for registers the model lacks */
	uint32_t region, off, width;	/* width in bytes */
	uint64_t val;
	uint64_t ro;			/* bits a write leaves alone */
	unsigned int flags;		/* MREG_* */
	int wclr, wset;			/* a write clears/sets bits there (-1) */
	int rclr;			/* a read clears rclr_mask there (-1) */
	uint64_t rclr_mask;
	uint64_t seq[MODEL_MAX_SEQ];	/* successive read values */
	unsigned int nseq, seqpos;
};

/* A factor is a register (reg >= 0) or the constant k. */
struct model_cond {
	unsigned int nfac;
	struct { int reg; uint64_t k; } fac[MODEL_MAX_FACTORS];
	int neg;
};

struct model_assert {
	unsigned int ncond;
	struct model_cond cond[MODEL_MAX_CONDS];
};

enum model_step_op { STEP_RUN, STEP_SET, STEP_RAISE, STEP_WRITE };

struct model_step {
	enum model_step_op op;
	uint32_t kind;			/* STEP_RUN */
	int reg;
	uint64_t val;
	int cap;			/* value is capture @cap of the last run (-1) */
	char text[64];			/* for the step's header line */
};

struct model {
	unsigned int nregs;
	struct model_reg reg[MODEL_MAX_REGS];
	int strict;			/* a model file: unknown offsets are not registers */
	unsigned int nasserts;
	struct model_assert asserts[MODEL_MAX_ASSERTS];
	unsigned int nsteps;
	struct model_step steps[MODEL_MAX_STEPS];
	unsigned int nregion_specs;
	char region_specs[MODEL_MAX_REGION_SPECS][64];
	const char *prog_path[UIRQ_PROG_NUM_KINDS];
	char prog_buf[UIRQ_PROG_NUM_KINDS][512];
	uint64_t last_cap[UIRQ_NUM_CAPS];
	uint32_t last_cap_mask;
};

/*
 * Parse a model file into @m (zeroed first). Steps (run/set/raise/write
 * lines) are appended to m->steps. Return: 0, or -EINVAL/-errno with
 * "FILE:LINE: error: reason" in @err.
 */
int model_load(struct model *m, const char *path, char *err, size_t errlen);

/*
 * Parse one step as a model line would give it ("run ack", "ack",
 * "raise status 0x1", "write ier0 cap0"). Return: 0 or -EINVAL, @err set.
 */
int model_add_step(struct model *m, const char *text, char *err,
		   size_t errlen);

/* NAME=VALUE or REGION[OFF]=VALUE (--set). Return: 0 or -EINVAL. */
int model_set(struct model *m, const char *arg, char *err, size_t errlen);

/* The bus the interpreter gets: every access is printed on @m's output. */
void model_bus(struct model *m, struct uirq_bus *bus);

/* A driver's write (with the register's side effects), printed. */
void model_write(struct model *m, int reg, uint64_t val);

/* "state: name=0x0 ..." and "asserting: yes|no" (if the model says). */
void model_print_state(const struct model *m);

#endif /* UIRQCTL_OFFLINE_H */
