// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * msix_probe: the MSI-X table and PBA are the kernel's (docs/security.md).
 * For a device bound to uirq that has MSI-X (QEMU's e1000e: table and PBA
 * in BAR3), try every way an owner could reach them and print
 *
 *   "BDF: msix bar N table 0xT pba 0xP map_bar ERR map_free ERR
 *    map_table ERR pwrite ERR pread ERR prog ERR msix_enable ERR"
 *
 * map_bar: uirq_map_region() of the whole BAR; map_free: mmap of a page
 * of that BAR holding neither; map_table: mmap of the table's page;
 * pwrite/pread: 4 bytes at the table; prog: loading a program that reads
 * the table; msix_enable: setting the enable bit in the capability. ERR
 * is 0 or the errno's name. Exit 0 when it ran, 1 on a setup error.
 *
 *   msix_probe BDF
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest.h"

static const char *errname(int err)
{
	return err ? strerrorname_np(-err) : "0";
}

/* mmap one page of region @bar at @off. Return: 0 or -errno. */
static int map_page(struct uirq_dev *dev, unsigned int bar, uint64_t off)
{
	struct uirq_region_info ri;
	void *p;
	int ret;

	ret = uirq_get_region_info(dev, bar, &ri);
	if (ret)
		return ret;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, uirq_fd(dev),
		 (off_t)(ri.offset + off));
	if (p == MAP_FAILED)
		return -errno;
	munmap(p, 4096);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t cap = 0, id, tbl, pba, flags, v;
	struct uirq_region_info ri;
	unsigned int bar, pbar, i;
	struct uirq_dev *dev;
	char src[256], log[256];
	uint64_t free_off = ~0ull;
	int ret, r_map, r_free, r_tab, r_pw, r_pr, r_prog, r_en;
	size_t len;
	void *map;

	if (argc != 2) {
		fprintf(stderr, "usage: msix_probe BDF\n");
		return 2;
	}
	ret = uirq_open(argv[1], &dev);
	if (ret) {
		fprintf(stderr, "msix_probe: %s: open: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	ret = uirq_region_read(dev, UIRQ_REGION_CFG, 0x34, 1, &cap);
	for (i = 0; !ret && cap && i < 48; i++) {
		ret = uirq_region_read(dev, UIRQ_REGION_CFG, cap, 1, &id);
		if (ret || id == 0x11)
			break;
		ret = uirq_region_read(dev, UIRQ_REGION_CFG, cap + 1, 1, &cap);
	}
	if (ret || !cap ||
	    uirq_region_read(dev, UIRQ_REGION_CFG, cap + 2, 2, &flags) ||
	    uirq_region_read(dev, UIRQ_REGION_CFG, cap + 4, 4, &tbl) ||
	    uirq_region_read(dev, UIRQ_REGION_CFG, cap + 8, 4, &pba)) {
		fprintf(stderr, "msix_probe: %s: no MSI-X capability\n", argv[1]);
		return 1;
	}
	bar = tbl & 7;
	pbar = pba & 7;
	tbl &= ~7ull;
	pba &= ~7ull;
	if (uirq_get_region_info(dev, bar, &ri)) {
		fprintf(stderr, "msix_probe: %s: no region %u\n", argv[1], bar);
		return 1;
	}
	/* A page of the BAR that holds neither the table nor the PBA. */
	for (v = 0; v + 4096 <= ri.size; v += 4096)
		if (v != (tbl & ~4095ull) && !(pbar == bar && v == (pba & ~4095ull))) {
			free_off = v;
			break;
		}

	r_map = uirq_map_region(dev, bar, &map, &len);
	if (!r_map)
		uirq_unmap_region(dev, bar);
	r_free = free_off == ~0ull ? -ENOENT : map_page(dev, bar, free_off);
	r_tab = map_page(dev, bar, tbl & ~4095ull);
	r_pw = uirq_region_write(dev, bar, tbl, 4, 0);
	r_pr = uirq_region_read(dev, bar, tbl, 4, &v);
	snprintf(src, sizeof(src), ".kind init\n        ld32  r0, bar%u[0x%" PRIx64 "]\n"
		 "        ret   quiet\n", bar, tbl);
	r_prog = guest_load_src(dev, src, "msix", log, sizeof(log));
	if (r_prog && !strstr(log, "MSI-X"))
		fprintf(stderr, "msix_probe: %s: program log: %s\n", argv[1], log);
	r_en = uirq_region_write(dev, UIRQ_REGION_CFG, cap + 2, 2, flags | 0x8000);
	printf("%s: msix bar %u table %#" PRIx64 " pba %#" PRIx64 " map_bar %s map_free %s"
	       " map_table %s pwrite %s pread %s prog %s msix_enable %s\n", argv[1],
	       bar, tbl, pba, errname(r_map), errname(r_free), errname(r_tab),
	       errname(r_pw), errname(r_pr), errname(r_prog), errname(r_en));
	uirq_close(dev);
	return 0;
}
