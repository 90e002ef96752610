// SPDX-License-Identifier: MIT
/*
 * Device subcommands: list, bind, unbind, info, stats. Binding works like
 * vfio-pci's: driver_override names uirq, the current driver lets go, and
 * drivers_probe hands the device to uirq, which creates /dev/uirq/<BDF>.
 * Everything else goes through libuirq's device API.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "uirqctl.h"

#define SYS_PCI		"/sys/bus/pci"
#define SYS_UIRQ	SYS_PCI "/drivers/uirq"
#define DEV_UIRQ	"/dev/uirq"

static int write_attr(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	err = errno;
	if (close(fd) && n >= 0)
		return -errno;
	if (n < 0)
		return -err;
	return (size_t)n == len ? 0 : -EIO;
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The name of the driver @bdf is bound to, or "" when none. */
static int current_driver(const char *bdf, char *name, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *slash;
	ssize_t n;

	snprintf(link, sizeof(link), SYS_PCI "/devices/%s/driver", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		name[0] = '\0';
		return errno == ENOENT ? 0 : -errno;
	}
	target[n] = '\0';
	slash = strrchr(target, '/');
	uirqctl_copy_str(name, len, slash ? slash + 1 : target);
	return 0;
}

/*
 * Canonical BDF from the command line, or a usage error. With @names, the
 * name of a non-PCI device (uirqctl create) is accepted too.
 */
static int arg_dev(const char *arg, char *bdf, bool names)
{
	if (!uirq_parse_bdf(arg, bdf, UIRQ_BDF_LEN))
		return 0;
	if (names && uirqctl_is_dev_name(arg)) {
		uirqctl_copy_str(bdf, UIRQ_BDF_LEN, arg);
		return 0;
	}
	return uirqctl_usage(names ? "'%s' is neither a PCI address like 0000:00:04.0 nor a device name" :
			     "'%s' is not a PCI address like 0000:00:04.0", arg);
}

static int arg_bdf(const char *arg, char *bdf)
{
	return arg_dev(arg, bdf, false);
}

/* argv[i], the last argument, is the BDF; anything else is a usage error. */
static int last_bdf_arg(int argc, char **argv, int i, char *bdf)
{
	if (argc - i != 1)
		return uirqctl_usage(argc - i < 1 ? "which device? give a BDF" :
				     "one device at a time");
	return arg_bdf(argv[i], bdf);
}

/*
 * The one device argument of a command without (further) options: a BDF
 * or a non-PCI device's name.
 */
static int one_dev_arg(int argc, char **argv, char *bdf)
{
	int i = 1, j;

	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	else
		for (j = i; j < argc; j++)
			if (argv[j][0] == '-')
				return uirqctl_usage("unknown option '%s'", argv[j]);
	if (argc - i != 1)
		return uirqctl_usage(argc - i < 1 ? "which device? give a BDF or a name" :
				     "one device at a time");
	return arg_dev(argv[i], bdf, true);
}

static const char *open_hint(int err)
{
	switch (err) {
	case -ENOENT:
		return " (not bound to uirq? uirqctl bind BDF; is uirq.ko loaded?)";
	case -EBUSY:
		return " (a driver has it open: uirq allows one owner at a time;"
		       " ask that driver, or stop it first)";
	case -EACCES:
	case -EPERM:
		return " (permission denied: run as root or adjust the node's mode)";
	default:
		return "";
	}
}

static int open_dev(const char *bdf, struct uirq_dev **dev)
{
	int ret = uirq_open(bdf, dev);

	if (ret)
		uirqctl_fail("cannot open " DEV_UIRQ "/%s: %s%s", bdf,
			     strerror(-ret), open_hint(ret));
	return ret;
}

/* ---- list ---- */

/*
 * The handlers on Linux IRQ @irq from /proc/interrupts: the names after
 * the per-CPU counts, the chip and the hwirq/flow columns, e.g.
 * " 11:  5  0  IO-APIC  11-fasteoi   uirq:0000:00:04.0, uirq:0000:00:08.0".
 */
static int irq_handlers(unsigned int irq, char *buf, size_t len)
{
	char line[1024], want[16], *p, *tok;
	int skip = 2;
	FILE *f;

	buf[0] = '\0';
	f = fopen("/proc/interrupts", "re");
	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "%u:", irq);
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, want, strlen(want)))
			continue;
		p += strlen(want);
		/* Per-CPU counts. */
		for (;;) {
			p += strspn(p, " ");
			if (*p < '0' || *p > '9')
				break;
			p += strspn(p, "0123456789");
		}
		/* Chip name and hwirq-flow. */
		while (skip-- && *p) {
			tok = p + strcspn(p, " \n");
			p = tok + strspn(tok, " ");
		}
		p[strcspn(p, "\n")] = '\0';
		uirqctl_copy_str(buf, len, p);
		break;
	}
	fclose(f);
	return 0;
}

/* @all with the handlers naming @bdf (our own) left out. */
static void other_handlers(const char *all, const char *bdf, char *buf,
			   size_t len)
{
	char tmp[1024], *save = NULL, *t;
	size_t used = 0;

	buf[0] = '\0';
	uirqctl_copy_str(tmp, sizeof(tmp), all);
	for (t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		t += strspn(t, " ");
		if (!*t || strstr(t, bdf))
			continue;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0,
					 "%s%s", used ? ", " : "", t);
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#define SYS_CLASS_UIRQ	"/sys/class/uirq"

/*
 * The non-PCI devices: every class device with a "resources" attribute
 * (uirqctl create), with its IRQ, trigger and ranges.
 */
static int list_res(void)
{
	char path[PATH_MAX], res[1024], irqs[16], all[1024], others[1024];
	char *names[256], *line, *save;
	unsigned int n = 0, i, irq;
	struct dirent *de;
	DIR *d;

	d = opendir(SYS_CLASS_UIRQ);
	if (!d)
		return UIRQCTL_OK;
	while ((de = readdir(d)) && n < 256) {
		if (!uirqctl_is_dev_name(de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (!n)
		return UIRQCTL_OK;
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("\n%-13s %4s %-7s %-5s %-28s %s\n", "NAME", "IRQ", "TRIGGER",
	       "NODE", "RANGES", "OTHER HANDLERS ON THE LINE");
	for (i = 0; i < n; i++) {
		char trig[16] = "?", ranges[256] = "";

		snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s/irq", names[i]);
		irq = 0;
		if (!uirqctl_read_attr(path, irqs, sizeof(irqs)))
			irq = (unsigned int)strtoul(irqs, NULL, 10);
		snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s/resources",
			 names[i]);
		if (uirqctl_read_attr(path, res, sizeof(res)))
			res[0] = '\0';
		/* "res0 pio 0x378 0x3" lines, then "trigger edge". */
		for (line = strtok_r(res, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char kind[8], start[24], size[24];

			if (sscanf(line, "trigger %15s", trig) == 1)
				continue;
			if (sscanf(line, "%*s %7s %23s %23s", kind, start, size) == 3 &&
			    strlen(ranges) + strlen(line) + 4 < sizeof(ranges))
				snprintf(ranges + strlen(ranges),
					 sizeof(ranges) - strlen(ranges), "%s%s:%s:%s",
					 ranges[0] ? "," : "", kind, start, size);
		}
		snprintf(path, sizeof(path), DEV_UIRQ "/%s", names[i]);
		all[0] = '\0';
		if (irq)
			irq_handlers(irq, all, sizeof(all));
		other_handlers(all, names[i], others, sizeof(others));
		printf("%-13s %4u %-7s %-5s %-28s %s\n", names[i], irq, trig,
		       exists(path) ? "yes" : "no", ranges[0] ? ranges : "-",
		       irq ? others : "-");
		free(names[i]);
	}
	return UIRQCTL_OK;
}

static int cmd_list(int argc, char **argv)
{
	char *names[256], path[PATH_MAX], vendor[16], device[16], irqs[16];
	char all[1024], others[1024], bdf[UIRQ_BDF_LEN];
	unsigned int irq, n = 0, i;
	struct dirent *de;
	DIR *d;

	if (argc == 2 && !strcmp(argv[1], "--json"))
		return uirqctl_list_json();
	if (argc > 1)
		return uirqctl_usage("no arguments expected, got '%s'", argv[1]);
	d = opendir(SYS_UIRQ);
	if (!d) {
		if (errno == ENOENT)
			return uirqctl_fail("uirq.ko is not loaded (no " SYS_UIRQ
					    "): modprobe uirq or insmod uirq.ko");
		return uirqctl_fail("%s: %s", SYS_UIRQ, strerror(errno));
	}
	while ((de = readdir(d)) && n < 256) {
		/* The driver directory holds one link per bound device. */
		if (uirq_parse_bdf(de->d_name, bdf, sizeof(bdf)) ||
		    strcmp(bdf, de->d_name))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (!n) {
		printf("no devices bound to uirq (uirqctl bind BDF)\n");
		return list_res();
	}
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("%-13s %-9s %4s %-5s %s\n", "BDF", "ID", "IRQ", "NODE",
	       "OTHER HANDLERS ON THE LINE");
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/vendor",
			 names[i]);
		if (uirqctl_read_attr(path, vendor, sizeof(vendor)))
			snprintf(vendor, sizeof(vendor), "?");
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/device",
			 names[i]);
		if (uirqctl_read_attr(path, device, sizeof(device)))
			snprintf(device, sizeof(device), "?");
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/irq",
			 names[i]);
		irq = 0;
		if (!uirqctl_read_attr(path, irqs, sizeof(irqs)))
			irq = (unsigned int)strtoul(irqs, NULL, 10);
		snprintf(path, sizeof(path), DEV_UIRQ "/%s", names[i]);
		all[0] = '\0';
		if (irq)
			irq_handlers(irq, all, sizeof(all));
		other_handlers(all, names[i], others, sizeof(others));
		printf("%-13s %4s:%-4s %4u %-5s %s\n", names[i],
		       vendor + (strncmp(vendor, "0x", 2) ? 0 : 2),
		       device + (strncmp(device, "0x", 2) ? 0 : 2), irq,
		       exists(path) ? "yes" : "no", irq ? others : "-");
		free(names[i]);
	}
	return list_res();
}

/* ---- bind / unbind ---- */

static int pci_device_present(const char *bdf)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), SYS_PCI "/devices/%s", bdf);
	if (!exists(path))
		return uirqctl_fail("%s: no such PCI device (see lspci -D)", bdf);
	return 0;
}

/* current_driver(), failing the command when it cannot be read. */
static int driver_of(const char *bdf, char *drv, size_t len)
{
	int ret = current_driver(bdf, drv, len);

	if (ret)
		return uirqctl_fail("%s: reading its driver: %s", bdf,
				    strerror(-ret));
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int parse_timeout(const char *s, long *ms)
{
	char *end;

	errno = 0;
	*ms = strtol(s, &end, 10);
	if (errno || *end || !*s || *ms < 0 || *ms > 600000)
		return uirqctl_usage("--timeout: want 0..600000 ms, got '%s'", s);
	return 0;
}

static int cmd_bind(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	char bdf[UIRQ_BDF_LEN], path[PATH_MAX], drv[64];
	struct timespec t0;
	long timeout = 5000;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+t:", lopts, NULL)) != -1) {
		if (c != 't')
			return uirqctl_usage("unknown option '%s'", argv[optind - 1]);
		ret = parse_timeout(optarg, &timeout);
		if (ret)
			return ret;
	}
	ret = last_bdf_arg(argc, argv, optind, bdf);
	if (ret)
		return ret;

	ret = pci_device_present(bdf);
	if (ret)
		return ret;
	if (!exists(SYS_UIRQ))
		return uirqctl_fail("uirq.ko is not loaded (no " SYS_UIRQ
				    "): modprobe uirq or insmod uirq.ko");
	ret = driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver_override", bdf);
	ret = write_attr(path, "uirq");
	if (ret)
		return uirqctl_fail("%s: writing 'uirq' to %s: %s", bdf, path,
				    strerror(-ret));
	if (drv[0] && strcmp(drv, "uirq")) {
		snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver/unbind",
			 bdf);
		ret = write_attr(path, bdf);
		if (ret)
			return uirqctl_fail("%s: unbinding from %s: %s", bdf, drv,
					    strerror(-ret));
	}
	if (strcmp(drv, "uirq")) {
		ret = write_attr(SYS_PCI "/drivers_probe", bdf);
		/* -ENODEV etc.: the probe failed; the checks below say so. */
		ret = current_driver(bdf, drv, sizeof(drv));
		if (ret || strcmp(drv, "uirq"))
			return uirqctl_fail("%s: uirq did not take the device (%s); see dmesg",
					    bdf, drv[0] ? drv : "no driver bound");
	}

	/* udev or devtmpfs creates the node shortly after the probe. */
	snprintf(path, sizeof(path), DEV_UIRQ "/%s", bdf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!exists(path)) {
		if (ms_since(&t0) >= timeout)
			return uirqctl_fail("%s: bound to uirq, but %s did not appear within %ld ms",
					    bdf, path, timeout);
		usleep(10000);
	}
	printf("%s: bound to uirq, %s\n", bdf, path);
	return UIRQCTL_OK;
}

static int cmd_unbind(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "reprobe", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	char bdf[UIRQ_BDF_LEN], path[PATH_MAX], drv[64];
	bool reprobe = false;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+r", lopts, NULL)) != -1) {
		if (c != 'r')
			return uirqctl_usage("unknown option '%s'", argv[optind - 1]);
		reprobe = true;
	}
	ret = last_bdf_arg(argc, argv, optind, bdf);
	if (ret)
		return ret;
	ret = pci_device_present(bdf);
	if (ret)
		return ret;
	ret = driver_of(bdf, drv, sizeof(drv));
	if (ret)
		return ret;
	if (drv[0] && strcmp(drv, "uirq"))
		return uirqctl_fail("%s: bound to %s, not to uirq: left alone",
				    bdf, drv);
	if (drv[0]) {
		/* uirq's remove runs the release program, frees the IRQ. */
		ret = write_attr(SYS_UIRQ "/unbind", bdf);
		if (ret)
			return uirqctl_fail("%s: unbinding from uirq: %s", bdf,
					    strerror(-ret));
	}
	snprintf(path, sizeof(path), SYS_PCI "/devices/%s/driver_override", bdf);
	ret = write_attr(path, "\n");
	if (ret)
		return uirqctl_fail("%s: clearing %s: %s", bdf, path,
				    strerror(-ret));
	if (reprobe) {
		/* No matching driver is not an error: the device stays free. */
		write_attr(SYS_PCI "/drivers_probe", bdf);
		current_driver(bdf, drv, sizeof(drv));
		printf("%s: unbound from uirq, now %s\n", bdf,
		       drv[0] ? drv : "without a driver");
	} else {
		printf("%s: %s\n", bdf, drv[0] ? "unbound from uirq" :
		       "was not bound; driver_override cleared");
	}
	return UIRQCTL_OK;
}

/* ---- info ---- */

static const char *region_type_str(uint32_t type)
{
	switch (type) {
	case UIRQ_REGION_TYPE_MMIO: return "mmio";
	case UIRQ_REGION_TYPE_PIO: return "pio";
	case UIRQ_REGION_TYPE_CFG: return "cfg";
	case UIRQ_REGION_TYPE_NONE: return "none";
	default: return "?";
	}
}

static int cmd_info(int argc, char **argv)
{
	static const struct { uint32_t bit; const char *name; } fl[] = {
		{ UIRQ_INFO_IRQ_ON, "irq-on" },
		{ UIRQ_INFO_SHARED, "shared" },
		{ UIRQ_INFO_EXCLUSIVE, "exclusive" },
		{ UIRQ_INFO_INTX_MASK, "intx-mask" },
		{ UIRQ_INFO_MSI, "msi" },
		{ UIRQ_INFO_MSIX, "msi-x" },
		{ UIRQ_INFO_FAULT, "fault" },
		{ UIRQ_INFO_UNMASK_NOOP, "unmask-noop" },
		{ UIRQ_INFO_RING, "ring" },
		{ UIRQ_INFO_LEVEL, "level" },
		{ UIRQ_INFO_BUILTIN, "builtin" },
		{ UIRQ_INFO_MSI_ON, "msi-on" },
		{ UIRQ_INFO_MSIX_ON, "msi-x-on" },
		{ UIRQ_INFO_MSI_DMA, "msi-allowed" },
	};
	char bdf[UIRQ_BDF_LEN];
	struct uirq_region_info ri;
	struct uirq_dev *dev;
	struct uirq_info info;
	unsigned int i, shown = 0;
	int ret;

	ret = one_dev_arg(argc, argv, bdf);
	if (ret)
		return ret;
	/*
	 * A driver owns it: ask as an observer (O_RDONLY), which sees its
	 * mode (INTx, MSI, MSI-X and the vectors) but not the regions.
	 */
	ret = uirq_open(bdf, &dev);
	if (ret == -EBUSY) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), DEV_UIRQ "/%s", bdf);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		memset(&info, 0, sizeof(info));
		info.argsz = sizeof(info);
		if (fd < 0 || ioctl(fd, UIRQ_GET_INFO, &info)) {
			ret = -errno;
			if (fd >= 0)
				close(fd);
			return uirqctl_fail("%s: observer UIRQ_GET_INFO: %s", bdf,
					    strerror(-ret));
		}
		close(fd);
		dev = NULL;
	} else if (ret) {
		return open_dev(bdf, &dev) ? UIRQCTL_FAIL : UIRQCTL_FAIL;
	} else {
		ret = uirq_get_info(dev, &info);
		if (ret) {
			uirq_close(dev);
			return uirqctl_fail("%s: UIRQ_GET_INFO: %s", bdf,
					    strerror(-ret));
		}
	}
	if (info.api_version >= 4 && info.bus_type == UIRQ_BUS_RES) {
		printf("device:      %s  (not PCI: uirqctl create)\n", info.name);
		printf("api version: %u\n", info.api_version);
		printf("interrupt:   irq %u, %s-triggered%s\n", info.irq,
		       info.trigger & UIRQ_TRIGGER_LEVEL_MASK ? "level" : "edge",
		       info.trigger & UIRQ_TRIGGER_LEVEL_MASK ? "" :
		       " (never shared)");
	} else {
		printf("device:      %04x:%02x:%02x.%x  %04x:%04x\n", info.domain,
		       info.bus, info.devfn >> 3, info.devfn & 7, info.vendor,
		       info.device);
		printf("api version: %u\n", info.api_version);
		if (info.intx_pin)
			printf("interrupt:   INT%c, irq %u\n",
			       'A' + info.intx_pin - 1, info.irq);
		else
			printf("interrupt:   none (no INTx pin)\n");
	}
	/* API 4: what the capabilities offer and which mode is on. */
	if (info.api_version >= 4 && (info.msi_max || info.msix_max)) {
		printf("messages:    MSI %u, MSI-X %u vectors; ", info.msi_max,
		       info.msix_max);
		if (info.flags & UIRQ_INFO_MSI_ON)
			printf("on: MSI, %u vectors\n", info.vectors);
		else if (info.flags & UIRQ_INFO_MSIX_ON)
			printf("on: MSI-X, %u vectors\n", info.vectors);
		else
			printf("off (%s)\n", info.flags & UIRQ_INFO_MSI_DMA ?
			       "its owner may enable them" :
			       "its owner may not: no DMA rights");
	}
	printf("flags:      ");
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++)
		if (info.flags & fl[i].bit) {
			printf(" %s", fl[i].name);
			shown++;
		}
	printf("%s\n", shown ? "" : " -");
	if (info.flags & UIRQ_INFO_BUILTIN)
		printf("programs:    built-in PCI 2.3 ack and enable (no ack program was loaded)\n");
	else if (info.flags & UIRQ_INFO_INTX_MASK && !(info.flags & UIRQ_INFO_IRQ_ON))
		printf("programs:    IRQ on without an ack program uses the built-in PCI 2.3 ones\n");
	if (!dev) {
		printf("regions:     (owned by a driver: not shown)\n");
		return UIRQCTL_OK;
	}
	printf("regions:\n");
	printf("  %-5s %-4s %12s %14s  %s\n", "NAME", "TYPE", "SIZE", "OFFSET",
	       "ACCESS");
	for (i = 0; i < UIRQ_MAX_REGIONS && i < info.num_regions; i++) {
		ret = uirq_get_region_info(dev, i, &ri);
		if (ret) {
			uirq_close(dev);
			return uirqctl_fail("%s: UIRQ_GET_REGION_INFO %u: %s", bdf,
					    i, strerror(-ret));
		}
		if (ri.type == UIRQ_REGION_TYPE_NONE || !ri.size)
			continue;
		printf("  %-5s %-4s %#12" PRIx64 " %#14" PRIx64 "  %s%s%s\n",
		       uirq_region_name(i), region_type_str(ri.type),
		       (uint64_t)ri.size, (uint64_t)ri.offset,
		       ri.flags & UIRQ_REGION_INFO_READ ? "read " : "",
		       ri.flags & UIRQ_REGION_INFO_WRITE ? "write " : "",
		       ri.flags & UIRQ_REGION_INFO_MMAP ? "mmap" : "");
	}
	uirq_close(dev);
	return UIRQCTL_OK;
}

/* ---- stats ---- */



/* One decimal attribute of the device's sysfs node. */
static int read_u64_attr(const char *bdf, const char *name, uint64_t *val)
{
	char path[PATH_MAX], buf[32], *end;
	unsigned long long v;
	int ret;

	snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s/%s", bdf, name);
	ret = uirqctl_read_attr(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

/*
 * sysfs, not UIRQ_GET_STATS: the counters can be read while a driver owns
 * the device (one open owner at a time) and after it exits, until the next
 * open zeroes them.
 */
static int read_sysfs_stats(const char *bdf, uint64_t *st, uint64_t *irq_on,
			    char *fault, size_t faultlen)
{
	char path[PATH_MAX], name[64];
	unsigned int i;
	int ret;

	snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s", bdf);
	if (!exists(path))
		return uirqctl_fail("%s: not bound to uirq (no %s; uirqctl bind "
				    "BDF; is uirq.ko loaded?)", bdf, path);
	snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s/stats", bdf);
	if (!exists(path))
		return uirqctl_fail("%s: no %s: the loaded uirq.ko is older than "
				    "this uirqctl (reload the module)", bdf, path);
	for (i = 0; i < NUM_STATS; i++) {
		snprintf(name, sizeof(name), "stats/%s", uirqctl_stat_names[i]);
		ret = read_u64_attr(bdf, name, &st[i]);
		if (ret)
			return uirqctl_fail("%s: reading " SYS_CLASS_UIRQ
					    "/%s/%s: %s", bdf, bdf, name,
					    strerror(-ret));
	}
	ret = read_u64_attr(bdf, "irq_on", irq_on);
	if (ret)
		return uirqctl_fail("%s: reading " SYS_CLASS_UIRQ "/%s/irq_on: %s",
				    bdf, bdf, strerror(-ret));
	snprintf(path, sizeof(path), SYS_CLASS_UIRQ "/%s/fault", bdf);
	ret = uirqctl_read_attr(path, fault, faultlen);
	if (ret)
		return uirqctl_fail("%s: reading %s: %s", bdf, path,
				    strerror(-ret));
	return UIRQCTL_OK;
}

/*
 * Zeroing needs the device file: it fails while a driver owns the device,
 * which is also the only time zeroing could confuse someone.
 */
static int reset_stats(const char *bdf)
{
	struct uirq_stats st;
	struct uirq_dev *dev;
	int ret;

	ret = uirq_open(bdf, &dev);
	if (ret)
		return uirqctl_fail("%s: cannot reset the counters: opening "
				    DEV_UIRQ "/%s: %s%s", bdf, bdf,
				    strerror(-ret), open_hint(ret));
	ret = uirq_get_stats(dev, &st, UIRQ_STATS_RESET);
	uirq_close(dev);
	if (ret)
		return uirqctl_fail("%s: UIRQ_GET_STATS: %s", bdf, strerror(-ret));
	return UIRQCTL_OK;
}

static int cmd_stats(int argc, char **argv)
{
	char bdf[UIRQ_BDF_LEN];
	uint64_t st[NUM_STATS], irq_on, runs;
	char fault[32];
	bool reset = false, json = false;
	int i = 1, ret;

	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--reset") || !strcmp(argv[i], "-r"))
			reset = true;
		else if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			json = true;
		else
			break;
	}
	ret = one_dev_arg(argc - i + 1, argv + i - 1, bdf);
	if (ret)
		return ret;
	if (json) {
		/* Read first, as below: what is printed is what was zeroed. */
		ret = uirqctl_stats_json(bdf);
		if (ret || !reset)
			return ret;
		return reset_stats(bdf);
	}
	ret = read_sysfs_stats(bdf, st, &irq_on, fault, sizeof(fault));
	if (ret)
		return ret;
	/* Print only once the reset worked: a failed --reset shows nothing. */
	if (reset) {
		ret = reset_stats(bdf);
		if (ret)
			return ret;
	}
	runs = st[ST_HANDLED] + st[ST_DECLINED];
	printf("handled:       %" PRIu64 "\n", st[ST_HANDLED]);
	printf("declined:      %" PRIu64 "\n", st[ST_DECLINED]);
	printf("quiet:         %" PRIu64 "\n", st[ST_QUIET]);
	printf("events:        %" PRIu64 "\n", st[ST_EVENTS]);
	printf("dropped:       %" PRIu64 "\n", st[ST_DROPPED]);
	printf("enable_runs:   %" PRIu64 "\n", st[ST_ENABLE_RUNS]);
	printf("unmask_events: %" PRIu64 "\n", st[ST_UNMASK_EVENTS]);
	printf("max_ns:        %" PRIu64 "\n", st[ST_MAX_NS]);
	printf("mean_ns:       %" PRIu64 "\n", runs ? st[ST_TOTAL_NS] / runs : 0);
	printf("total_ns:      %" PRIu64 "\n", st[ST_TOTAL_NS]);
	printf("irq_on:        %" PRIu64 "\n", irq_on);
	printf("faults:        %" PRIu64 "\n", st[ST_FAULTS]);
	printf("guard_checks:  %" PRIu64 "\n", st[ST_GUARD_CHECKS]);
	printf("fault:         %s\n", fault);
	return UIRQCTL_OK;
}

const struct uirqctl_cmd uirqctl_device_cmds[] = {
	{ "list", "[--json]", "list the devices bound to uirq",
	  "For each device bound to uirq (" SYS_UIRQ "): its BDF, vendor:device\n"
	  "id, Linux IRQ, whether " DEV_UIRQ "/<BDF> exists, and the other\n"
	  "handlers on the same IRQ line (from /proc/interrupts; '-': none).\n"
	  "Then the non-PCI devices (uirqctl create): name, IRQ, trigger, node,\n"
	  "ranges (res0, res1, ... in order) and the other handlers.\n"
	  "  --json   every device in " SYS_CLASS_UIRQ " as one JSON object\n"
	  "           (keys: uirqctl(1))\n",
	  cmd_list },
	{ "bind", "[--timeout MS] BDF", "bind a PCI device to uirq",
	  "Writes 'uirq' to the device's driver_override, unbinds it from its\n"
	  "current driver, asks the PCI core to probe it (drivers_probe), then\n"
	  "waits for " DEV_UIRQ "/<BDF> to appear.\n"
	  "  -t, --timeout MS   wait at most MS ms for the node (default 5000)\n"
	  "BDF is 0000:00:04.0 or 00:04.0. Needs root and uirq.ko loaded.\n",
	  cmd_bind },
	{ "unbind", "[--reprobe] BDF", "unbind a PCI device from uirq",
	  "Unbinds the device from uirq (the kernel runs its release program\n"
	  "and frees the IRQ first, even if a driver still has it open) and\n"
	  "clears driver_override. A device bound to another driver is left\n"
	  "alone.\n"
	  "  -r, --reprobe   then let the PCI core give it to its usual driver\n",
	  cmd_unbind },
	{ "info", "BDF|NAME", "show a device's IRQ and regions",
	  "Opens " DEV_UIRQ "/<BDF> (or /<NAME>: uirqctl create) and prints\n"
	  "UIRQ_GET_INFO (ids, INTx pin or trigger, Linux IRQ, flags, built-in\n"
	  "programs) and every present region: type, size, file offset\n"
	  "for mmap/pread, and the access it allows. uirq allows one open\n"
	  "owner, so this fails with 'Device or resource busy' while a driver\n"
	  "has the device open.\n",
	  cmd_info },
	{ "stats", "[--reset] [--json] BDF|NAME", "show a device's interrupt counters",
	  "Prints the counters uirq.ko keeps in " SYS_CLASS_UIRQ "/<BDF>/stats/:\n"
	  "ack program runs that handled/declined/were quiet, events produced\n"
	  "and dropped, enable program runs, events found by unmask's re-check,\n"
	  "the longest, mean and total handler time in ns, irq_on (1 while\n"
	  "a driver has the IRQ on), the storm guard's trips and device checks,\n"
	  "and the fault in force (none, claim-storm, decline-storm, claim-rate:\n"
	  "see docs/device-abi.md). Needs no open, so it works while a driver\n"
	  "runs. The counters are the current driver's, or the last one's until\n"
	  "the next open of " DEV_UIRQ "/<BDF> zeroes them.\n"
	  "  -r, --reset   zero the counters after reading them; this opens the\n"
	  "                device, so it fails while a driver has it open\n"
	  "  -j, --json    the same counters as one JSON object (uirqctl(1))\n",
	  cmd_stats },
	{ NULL, NULL, NULL, NULL, NULL },
};
