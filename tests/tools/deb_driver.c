// SPDX-License-Identifier: MIT
/*
 * deb_driver: a complete, minimal uirq driver for QEMU's edu device, as a
 * user of the Debian packages writes one. tests/tools/test_vm_deb.sh
 * builds it against the installed libuirq-dev only (pkg-config --cflags
 * --libs libuirq: dynamic, libuirq.so.1 from libuirq1) and runs it in the
 * VM on the uirq.ko that DKMS built.
 *
 *   deb_driver BDF ACK.s RELEASE.s COUNT
 *
 * Raises COUNT interrupts one at a time, each with its own status value,
 * and expects each value back in capture slot 0 of its event. Prints
 * "BDF: raised N received N mismatched N"; exit 0 only if every event
 * came and matched.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libuirq.h>

#define EDU_IRQ_RAISE	0x60

int main(int argc, char **argv)
{
	unsigned long count, i, received = 0, mismatched = 0;
	volatile uint32_t *bar0;
	struct uirq_event ev;
	struct uirq_dev *dev;
	char log[1024];
	size_t len;
	void *map;
	int ret;

	if (argc != 5) {
		fprintf(stderr, "usage: deb_driver BDF ACK.s RELEASE.s COUNT\n");
		return 2;
	}
	count = strtoul(argv[4], NULL, 0);
	ret = uirq_open(argv[1], &dev);
	if (ret) {
		fprintf(stderr, "deb_driver: open %s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	ret = uirq_map_region(dev, UIRQ_REGION_BAR0, &map, &len);
	if (!ret)
		ret = uirq_load_file(dev, UIRQ_PROG_ACK, argv[2], log, sizeof(log));
	if (!ret)
		ret = uirq_load_file(dev, UIRQ_PROG_RELEASE, argv[3], log, sizeof(log));
	if (!ret)
		ret = uirq_irq_on(dev, UIRQ_IRQ_RING);
	if (ret) {
		fprintf(stderr, "deb_driver: %s: setup: %s %s\n", argv[1],
			strerror(-ret), log);
		uirq_close(dev);
		return 1;
	}
	bar0 = map;
	for (i = 0; i < count; i++) {
		uint32_t v = 0x5a000000u | (uint32_t)(i + 1);

		bar0[EDU_IRQ_RAISE / 4] = v;
		do
			ret = uirq_wait_events(dev, &ev, 1, 2000, UIRQ_WAIT_UNMASK);
		while (ret == -EINTR);
		if (ret != 1) {
			fprintf(stderr, "deb_driver: %s: no event for %#x: %s\n",
				argv[1], v, ret < 0 ? strerror(-ret) : "none");
			break;
		}
		received++;
		if (!(ev.cap_mask & 1) || ev.cap[0] != v)
			mismatched++;
	}
	ret = uirq_irq_off(dev);
	uirq_close(dev);
	printf("%s: raised %lu received %lu mismatched %lu\n", argv[1], i,
	       received, mismatched);
	return !ret && received == count && !mismatched ? 0 : 1;
}
