// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * uirq core: the built-in programs. A PCI 2.3 function (working INTx
 * masking) needs no program of its own, as under uio_pci_generic: with no
 * ack program loaded, UIRQ_IRQ_ON uses these, which are
 * examples/programs/pci23-ack.s and pci23-enable.s instruction for
 * instruction (tests/unit/test_device.c assembles the files and compares).
 * They go through the verifier like any program, against the real device.
 */
#include "uirq_core.h"

#define PCI23_STATUS		0x06
#define PCI23_COMMAND		0x04
#define PCI23_STATUS_INT	(1u << 3)
#define PCI23_CMD_INTX_DIS	(1u << 10)

/* Claim on status bit 3 unless already masked; mask with INTx-disable. */
static const struct uirq_insn uirq_pci23_ack[] = {
	{ .op = UIRQ_OP_LD16, .dst = 0, .region = UIRQ_REGION_CFG,
	  .off = PCI23_STATUS },
	{ .op = UIRQ_OP_JCLR, .dst = 0, .jump = 6, .imm = PCI23_STATUS_INT },
	{ .op = UIRQ_OP_LD16, .dst = 1, .region = UIRQ_REGION_CFG,
	  .off = PCI23_COMMAND },
	{ .op = UIRQ_OP_JSET, .dst = 1, .jump = 4, .imm = PCI23_CMD_INTX_DIS },
	{ .op = UIRQ_OP_OR, .dst = 1, .imm = PCI23_CMD_INTX_DIS },
	{ .op = UIRQ_OP_ST16, .src = 1, .mode = UIRQ_MODE_REG,
	  .region = UIRQ_REGION_CFG, .off = PCI23_COMMAND },
	{ .op = UIRQ_OP_CAP, .src = 0, .mode = UIRQ_MODE_REG, .off = 0 },
	{ .op = UIRQ_OP_RET, .imm = UIRQ_RET_HANDLED },
	{ .op = UIRQ_OP_RET, .imm = UIRQ_RET_NONE },
};

/* Unmask: clear INTx-disable, keep the other command bits. */
static const struct uirq_insn uirq_pci23_enable[] = {
	{ .op = UIRQ_OP_LD16, .dst = 1, .region = UIRQ_REGION_CFG,
	  .off = PCI23_COMMAND },
	{ .op = UIRQ_OP_AND, .dst = 1, .imm = ~PCI23_CMD_INTX_DIS & 0xffff },
	{ .op = UIRQ_OP_ST16, .src = 1, .mode = UIRQ_MODE_REG,
	  .region = UIRQ_REGION_CFG, .off = PCI23_COMMAND },
	{ .op = UIRQ_OP_RET, .imm = UIRQ_RET_QUIET },
};

const struct uirq_builtin uirq_builtin_pci23[2] = {
	{ UIRQ_PROG_ACK, uirq_pci23_ack, ARRAY_SIZE(uirq_pci23_ack) },
	{ UIRQ_PROG_ENABLE, uirq_pci23_enable, ARRAY_SIZE(uirq_pci23_enable) },
};
