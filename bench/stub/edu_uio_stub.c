// SPDX-License-Identifier: GPL-2.0
/*
 * edu_uio_stub: the hand-written per-device UIO module that a user-space
 * driver of a device without PCI 2.3 INTx masking needs today, for QEMU's
 * edu device. It is uirq's baseline in the round-trip benchmark (make
 * bench-vm), nothing else: never installed.
 *
 * The shared handler acknowledges the device in C: it reads the
 * interrupt status (BAR0 0x24); zero (or all ones: no device answered) is
 * another device's interrupt on the line, IRQ_NONE; otherwise it writes
 * the status to the acknowledge register (0x64), which drops the line,
 * and UIO counts the event. User space gets the count with a blocking
 * 4-byte read() of /dev/uioN and reaches BAR0 through UIO map 0 (an mmap
 * of /dev/uioN at offset 0). There is no irqcontrol: nothing is masked.
 *
 * There is no id table: bind it with driver_override + drivers_probe; it
 * refuses anything that is not an edu (1234:11e8).
 */
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/uio_driver.h>

#define EDU_STUB_NAME		"edu_uio_stub"

#define EDU_VENDOR_ID		0x1234
#define EDU_DEVICE_ID		0x11e8

/* BAR0, 32-bit MMIO (QEMU hw/misc/edu.c) */
#define EDU_REG_IRQ_STATUS	0x24	/* RO; INTx asserted while non-zero */
#define EDU_REG_IRQ_ACK		0x64	/* WO; clears those status bits */
#define EDU_BAR0_MIN_LEN	0x68

/**
 * edu_stub_irq() - the shared INTx handler
 * @irq: the line
 * @info: our uio_info; @info->mem[0].internal_addr is BAR0, mapped
 *
 * Return: IRQ_HANDLED (UIO then counts an event) if the device's status
 * was non-zero and has been acknowledged, IRQ_NONE otherwise.
 */
static irqreturn_t edu_stub_irq(int irq, struct uio_info *info)
{
	void __iomem *regs = info->mem[0].internal_addr;
	u32 status;

	status = ioread32(regs + EDU_REG_IRQ_STATUS);
	if (status == 0 || status == ~0U)
		return IRQ_NONE;
	iowrite32(status, regs + EDU_REG_IRQ_ACK);
	return IRQ_HANDLED;
}

/**
 * edu_stub_probe() - bind to one edu device
 * @pdev: the device
 * @id: unused (no id table; driver_override passes a dummy)
 *
 * Enables the device and maps BAR0 (device-managed), clears whatever a
 * previous owner left pending, registers the UIO device (which requests
 * the shared line), and only then enables INTx: a previous owner may
 * have left INTx-disable set.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
static int edu_stub_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct uio_info *info;
	void __iomem *regs;
	int ret;

	if (pdev->vendor != EDU_VENDOR_ID || pdev->device != EDU_DEVICE_ID) {
		dev_err(dev, "not an edu device (%04x:%04x)\n", pdev->vendor,
			pdev->device);
		return -ENODEV;
	}
	if (!pdev->irq) {
		dev_err(dev, "no INTx line\n");
		return -ENODEV;
	}
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < EDU_BAR0_MIN_LEN) {
		dev_err(dev, "BAR0 is not an edu register BAR\n");
		return -ENODEV;
	}
	ret = pcim_iomap_regions(pdev, BIT(0), EDU_STUB_NAME);
	if (ret)
		return ret;
	regs = pcim_iomap_table(pdev)[0];

	info = devm_kzalloc(dev, sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	info->name = EDU_STUB_NAME;
	info->version = "1";
	info->mem[0].name = "bar0";
	info->mem[0].addr = pci_resource_start(pdev, 0);
	info->mem[0].size = pci_resource_len(pdev, 0);
	info->mem[0].internal_addr = regs;
	info->mem[0].memtype = UIO_MEM_PHYS;
	info->irq = pdev->irq;
	info->irq_flags = IRQF_SHARED;
	info->handler = edu_stub_irq;

	iowrite32(ioread32(regs + EDU_REG_IRQ_STATUS), regs + EDU_REG_IRQ_ACK);
	ret = devm_uio_register_device(dev, info);
	if (ret)
		return ret;
	pci_intx(pdev, 1);
	return 0;
}

/**
 * edu_stub_remove() - unbind
 * @pdev: the device
 *
 * Runs before the device-managed release (UIO unregistration frees the
 * line): mask INTx first, so the device cannot assert a shared line that
 * no handler answers for any more.
 */
static void edu_stub_remove(struct pci_dev *pdev)
{
	pci_intx(pdev, 0);
}

static struct pci_driver edu_stub_driver = {
	.name = EDU_STUB_NAME,
	.probe = edu_stub_probe,
	.remove = edu_stub_remove,
};
module_pci_driver(edu_stub_driver);

MODULE_DESCRIPTION("UIO stub for QEMU's edu device: uirq's benchmark baseline");
MODULE_LICENSE("GPL");
