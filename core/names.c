// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Names of regions, program kinds, return codes and opcodes, shared by the
 * verifier's messages, the assembler and the disassembler so that all of
 * them spell things the same way.
 */
#include "uirq_core.h"

static const char *const region_names[UIRQ_MAX_REGIONS] = {
	"bar0", "bar1", "bar2", "bar3", "bar4", "bar5", "rom", "cfg",
	"res0", "res1", "res2", "res3", "res4", "res5", "res6", "res7",
};

static const char *const kind_names[UIRQ_PROG_NUM_KINDS] = {
	[UIRQ_PROG_ACK]		= "ack",
	[UIRQ_PROG_ENABLE]	= "enable",
	[UIRQ_PROG_RELEASE]	= "release",
	[UIRQ_PROG_INIT]	= "init",
};

static const char *const ret_names[UIRQ_RET_QUIET + 1] = {
	[UIRQ_RET_NONE]		= "none",
	[UIRQ_RET_HANDLED]	= "handled",
	[UIRQ_RET_QUIET]	= "quiet",
};

/* Indexed by opcode; holes are NULL (not an instruction). */
static const char *const op_names[UIRQ_OP_RET + 1] = {
	[UIRQ_OP_LD8]	= "ld8",
	[UIRQ_OP_LD16]	= "ld16",
	[UIRQ_OP_LD32]	= "ld32",
	[UIRQ_OP_LD64]	= "ld64",
	[UIRQ_OP_ST8]	= "st8",
	[UIRQ_OP_ST16]	= "st16",
	[UIRQ_OP_ST32]	= "st32",
	[UIRQ_OP_ST64]	= "st64",
	[UIRQ_OP_MOV]	= "mov",
	[UIRQ_OP_AND]	= "and",
	[UIRQ_OP_OR]	= "or",
	[UIRQ_OP_XOR]	= "xor",
	[UIRQ_OP_ADD]	= "add",
	[UIRQ_OP_SUB]	= "sub",
	[UIRQ_OP_SHL]	= "shl",
	[UIRQ_OP_SHR]	= "shr",
	[UIRQ_OP_NOT]	= "not",
	[UIRQ_OP_JA]	= "ja",
	[UIRQ_OP_JEQ]	= "jeq",
	[UIRQ_OP_JNE]	= "jne",
	[UIRQ_OP_JGT]	= "jgt",
	[UIRQ_OP_JGE]	= "jge",
	[UIRQ_OP_JLT]	= "jlt",
	[UIRQ_OP_JLE]	= "jle",
	[UIRQ_OP_JSET]	= "jset",
	[UIRQ_OP_JCLR]	= "jclr",
	[UIRQ_OP_CAP]	= "cap",
	[UIRQ_OP_DELAY]	= "delay",
	[UIRQ_OP_RET]	= "ret",
};

/**
 * uirq_region_name() - name of a region index
 * @region: UIRQ_REGION_*
 *
 * Return: "bar0".."bar5", "rom", "cfg", "res0".."res7", or "?".
 */
const char *uirq_region_name(u32 region)
{
	if (region >= UIRQ_MAX_REGIONS)
		return "?";
	return region_names[region];
}

/**
 * uirq_kind_name() - name of a program kind
 * @kind: UIRQ_PROG_*
 *
 * Return: "ack", "enable", "release", "init", or "?".
 */
const char *uirq_kind_name(u32 kind)
{
	if (kind >= UIRQ_PROG_NUM_KINDS)
		return "?";
	return kind_names[kind];
}

/**
 * uirq_ret_name() - name of a return code
 * @ret: UIRQ_RET_*
 *
 * Return: "none", "handled", "quiet", or "?".
 */
const char *uirq_ret_name(u32 ret)
{
	if (ret > UIRQ_RET_QUIET)
		return "?";
	return ret_names[ret];
}

/**
 * uirq_op_name() - mnemonic of an opcode
 * @op: UIRQ_OP_*
 *
 * Return: the assembler's mnemonic, or NULL if @op is no instruction.
 */
const char *uirq_op_name(u32 op)
{
	if (op > UIRQ_OP_RET)
		return NULL;
	return op_names[op];
}

/**
 * uirq_default_regions() - regions assumed when the device is unknown
 * @regions: out: UIRQ_MAX_REGIONS descriptors
 *
 * bar0..bar5 are 4 KiB of MMIO and cfg is 4 KiB of configuration space
 * (PCIe extended); everything else is absent. Offline checks against these
 * catch everything but a BAR that is smaller or of another type on the
 * real device, which the kernel's verifier then reports at load time.
 */
void uirq_default_regions(struct uirq_region_desc *regions)
{
	u32 i;

	memset(regions, 0, UIRQ_MAX_REGIONS * sizeof(*regions));
	for (i = UIRQ_REGION_BAR0; i <= UIRQ_REGION_BAR5; i++) {
		regions[i].type = UIRQ_REGION_TYPE_MMIO;
		regions[i].size = 0x1000;
	}
	regions[UIRQ_REGION_CFG].type = UIRQ_REGION_TYPE_CFG;
	regions[UIRQ_REGION_CFG].size = 0x1000;
}
