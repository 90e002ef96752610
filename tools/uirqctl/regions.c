// SPDX-License-Identifier: MIT
/*
 * The region table of a real device, for check and sim --device: the
 * verifier's answer offline is the kernel's only if it sees the sizes
 * and types the kernel will (kmod builds its table from the same
 * pci_resource_flags/len that sysfs prints, and cfg from cfg_size, which
 * is the size of the sysfs config file).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "offline.h"

/* include/linux/ioport.h; sysfs prints the raw resource flags. */
#define IORESOURCE_IO	0x00000100
#define IORESOURCE_MEM	0x00000200

__attribute__((format(printf, 4, 5)))
static int rerr(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ret;
}

void regions_absent(struct uirq_region_info *regions)
{
	unsigned int i;

	memset(regions, 0, UIRQ_MAX_REGIONS * sizeof(*regions));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		regions[i].argsz = sizeof(regions[i]);
		regions[i].index = i;
	}
}

const char *region_type_name(uint32_t type)
{
	switch (type) {
	case UIRQ_REGION_TYPE_MMIO: return "mmio";
	case UIRQ_REGION_TYPE_PIO: return "pio";
	case UIRQ_REGION_TYPE_CFG: return "cfg";
	}
	return "none";
}

/* DDDD:BB:DD.F, or BB:DD.F meaning domain 0000. */
static int normalise_bdf(const char *in, char *out, size_t len)
{
	unsigned int d, b, s, f;
	char tail;

	if (sscanf(in, "%4x:%2x:%2x.%1x%c", &d, &b, &s, &f, &tail) == 4)
		;
	else if (sscanf(in, "%2x:%2x.%1x%c", &b, &s, &f, &tail) == 3)
		d = 0;
	else
		return -EINVAL;
	if (s > 0x1f || f > 7)
		return -EINVAL;
	snprintf(out, len, "%04x:%02x:%02x.%x", d, b, s, f);
	return 0;
}

static int from_sysfs(const char *dev, struct uirq_region_info *regions,
		      char *err, size_t errlen)
{
	const char *root = getenv("UIRQ_SYSFS_ROOT");
	char bdf[16], path[4096], line[256];
	uint64_t start, end, flags;
	unsigned int i;
	struct stat st;
	FILE *f;

	if (normalise_bdf(dev, bdf, sizeof(bdf)))
		return rerr(err, errlen, -EINVAL,
			    "bad --device '%s': a PCI address (0000:00:03.0) or a path to a uirq device node",
			    dev);
	if (!root || !*root)
		root = "/sys";
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/resource", root, bdf);
	f = fopen(path, "re");
	if (!f)
		return rerr(err, errlen, -errno, "%s: %s", path, strerror(errno));
	/* Lines 0..5 are the BARs, 6 the ROM (never accessible anyway). */
	for (i = 0; i <= UIRQ_REGION_BAR5; i++) {
		if (!fgets(line, sizeof(line), f) ||
		    sscanf(line, "%" SCNx64 " %" SCNx64 " %" SCNx64,
			   &start, &end, &flags) != 3) {
			fclose(f);
			return rerr(err, errlen, -EINVAL,
				    "%s: line %u: expected START END FLAGS", path,
				    i + 1);
		}
		if (!(start || end) || end < start)
			continue;
		if (flags & IORESOURCE_IO)
			regions[i].type = UIRQ_REGION_TYPE_PIO;
		else if (flags & IORESOURCE_MEM)
			regions[i].type = UIRQ_REGION_TYPE_MMIO;
		else
			continue;
		regions[i].size = end - start + 1;
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/config", root, bdf);
	if (stat(path, &st))
		return rerr(err, errlen, -errno, "%s: %s", path, strerror(errno));
	if (st.st_size != 256 && st.st_size != 4096)
		return rerr(err, errlen, -EINVAL,
			    "%s: size %lld, expected 256 or 4096", path,
			    (long long)st.st_size);
	regions[UIRQ_REGION_CFG].type = UIRQ_REGION_TYPE_CFG;
	regions[UIRQ_REGION_CFG].size = (uint64_t)st.st_size;
	return 0;
}

static int from_node(const char *path, struct uirq_region_info *regions,
		     char *err, size_t errlen)
{
	struct uirq_region_info ri;
	struct uirq_dev *dev;
	unsigned int i;
	int ret;

	ret = uirq_open_path(path, &dev);
	if (ret)
		return rerr(err, errlen, ret, "%s: %s", path, strerror(-ret));
	for (i = 0; i < UIRQ_MAX_REGIONS; i++) {
		ret = uirq_get_region_info(dev, i, &ri);
		if (ret) {
			uirq_close(dev);
			return rerr(err, errlen, ret, "%s: region %s: %s", path,
				    uirq_region_name(i), strerror(-ret));
		}
		if (ri.size) {
			regions[i].type = ri.type;
			regions[i].size = ri.size;
		}
	}
	uirq_close(dev);
	return 0;
}

int regions_from_device(const char *dev, struct uirq_region_info *regions,
			char *err, size_t errlen)
{
	regions_absent(regions);
	if (strchr(dev, '/'))
		return from_node(dev, regions, err, errlen);
	return from_sysfs(dev, regions, err, errlen);
}

int parse_u64(const char *s, size_t len, uint64_t *out)
{
	unsigned int base = 10, digit;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (len > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			digit = (unsigned int)(s[i] - '0');
		else if (isxdigit((unsigned char)s[i]))
			digit = (unsigned int)(tolower((unsigned char)s[i]) - 'a' + 10);
		else
			return -EINVAL;
		if (digit >= base || v > (UINT64_MAX - digit) / base)
			return -EINVAL;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}
