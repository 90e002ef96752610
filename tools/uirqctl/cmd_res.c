// SPDX-License-Identifier: MIT
/*
 * Non-PCI devices: create and destroy, through /dev/uirq/control (API 4).
 * The ranges are given in region order: the first --pio/--mmio is res0.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "uirqctl.h"

bool uirqctl_is_dev_name(const char *s)
{
	size_t i, len = strlen(s);

	if (!len || len >= UIRQ_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_.-", s[i]))
			return false;
	return true;
}

static int parse_num(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || end == s || *end || s[0] == '-' ? -EINVAL : 0;
}

/* START:SIZE, both in C notation (0x378:3, 0xfed00000:0x1000). */
static int parse_range(const char *arg, uint32_t type,
		       struct uirq_res_range *r)
{
	char buf[64], *colon;
	uint64_t start, size;

	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	r->type = type;
	r->flags = 0;
	if (parse_num(buf, &start) || parse_num(colon + 1, &size) || !size)
		return -EINVAL;
	r->start = start;
	r->size = size;
	return 0;
}

static const struct {
	const char *name;
	uint32_t trigger;
} triggers[] = {
	{ "edge", UIRQ_TRIGGER_EDGE_RISING },
	{ "edge-falling", UIRQ_TRIGGER_EDGE_FALLING },
	{ "level", UIRQ_TRIGGER_LEVEL_HIGH },
	{ "level-low", UIRQ_TRIGGER_LEVEL_LOW },
};

static const char *create_hint(int err)
{
	switch (err) {
	case -EBUSY:
		return " (a range is claimed: see /proc/ioports and /proc/iomem;"
		       " is a kernel driver such as parport_pc or serial on it?)";
	case -EEXIST:
		return " (a device of that name exists: uirqctl list)";
	case -ENOENT:
		return " (no /dev/uirq/control: is uirq.ko loaded?)";
	case -EPERM:
	case -EACCES:
		return " (needs root: CAP_SYS_RAWIO)";
	default:
		return "";
	}
}

static int cmd_create(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "irq", required_argument, NULL, 'i' },
		{ "trigger", required_argument, NULL, 't' },
		{ "pio", required_argument, NULL, 'p' },
		{ "mmio", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct uirq_ctl_create req = { .argsz = sizeof(req) };
	char path[64];
	struct timespec t0, t;
	struct stat sb;
	uint64_t irq = 0;
	unsigned int i;
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:t:p:m:", lopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (parse_num(optarg, &irq) || !irq || irq > UINT32_MAX)
				return uirqctl_usage("--irq: want a Linux IRQ number, got '%s'",
						     optarg);
			break;
		case 't':
			for (i = 0; i < sizeof(triggers) / sizeof(triggers[0]); i++)
				if (!strcmp(optarg, triggers[i].name))
					req.trigger = triggers[i].trigger;
			if (!req.trigger)
				return uirqctl_usage("--trigger: want edge, edge-falling, level or level-low, got '%s'",
						     optarg);
			break;
		case 'p':
		case 'm':
			if (req.num_res == UIRQ_CTL_MAX_RES)
				return uirqctl_usage("at most %d ranges (res0..res%d)",
						     UIRQ_CTL_MAX_RES,
						     UIRQ_CTL_MAX_RES - 1);
			if (parse_range(optarg, c == 'p' ? UIRQ_REGION_TYPE_PIO :
					UIRQ_REGION_TYPE_MMIO,
					&req.res[req.num_res]))
				return uirqctl_usage("--%s: want START:SIZE (e.g. 0x378:3), got '%s'",
						     c == 'p' ? "pio" : "mmio", optarg);
			req.num_res++;
			break;
		default:
			return uirqctl_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return uirqctl_usage("give one NAME");
	if (!uirqctl_is_dev_name(argv[optind]))
		return uirqctl_usage("NAME: 1..31 of a-z 0-9 _ . -, starting with a letter; got '%s'",
				     argv[optind]);
	if (!irq)
		return uirqctl_usage("--irq is required");
	if (!req.trigger)
		return uirqctl_usage("--trigger is required: edge for an ISA device, unless the platform made its line level");
	if (!req.num_res)
		return uirqctl_usage("give at least one --pio or --mmio range");
	strcpy(req.name, argv[optind]);
	req.irq = (uint32_t)irq;

	ret = uirq_create_device(&req);
	if (ret)
		return uirqctl_fail("%s: UIRQ_CTL_CREATE: %s%s", req.name,
				    strerror(-ret), create_hint(ret));
	/* udev or devtmpfs creates the node shortly after. */
	snprintf(path, sizeof(path), "/dev/uirq/%s", req.name);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (stat(path, &sb)) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 > 5000)
			return uirqctl_fail("%s: created, but %s did not appear within 5000 ms",
					    req.name, path);
		usleep(10000);
	}
	printf("%s: created, %s\n", req.name, path);
	return UIRQCTL_OK;
}

static int cmd_destroy(int argc, char **argv)
{
	int ret;

	if (argc != 2 || argv[1][0] == '-')
		return uirqctl_usage(argc < 2 ? "which device? give its NAME" :
				     "give one NAME, no options");
	if (!uirqctl_is_dev_name(argv[1]))
		return uirqctl_usage("'%s' is not a device name (a PCI device is unbound with uirqctl unbind)",
				     argv[1]);
	ret = uirq_destroy_device(argv[1]);
	if (ret)
		return uirqctl_fail("%s: UIRQ_CTL_DESTROY: %s%s", argv[1],
				    strerror(-ret),
				    ret == -ENOENT ? " (no such device: uirqctl list)" :
				    create_hint(ret));
	printf("%s: destroyed\n", argv[1]);
	return UIRQCTL_OK;
}

const struct uirqctl_cmd uirqctl_res_cmds[] = {
	{ "create", "NAME --irq N --trigger T (--pio S:N | --mmio S:N)...",
	  "make a uirq device of ISA/platform resources",
	  "Asks uirq.ko (/dev/uirq/control) for a device that is not a PCI\n"
	  "function: it claims the ranges (a range a kernel driver holds is\n"
	  "refused: see /proc/ioports, /proc/iomem) and makes /dev/uirq/NAME,\n"
	  "used like a PCI device's file, with the ranges as regions res0, res1,\n"
	  "... in the order given. Needs root (CAP_SYS_RAWIO).\n"
	  "  -i, --irq N        the Linux IRQ (on x86, ISA IRQ n is IRQ n)\n"
	  "  -t, --trigger T    edge, edge-falling, level or level-low; an edge\n"
	  "                     line is never shared; IRQ on fails if the line\n"
	  "                     is not of this type\n"
	  "  -p, --pio S:N      N I/O ports from port S, e.g. 0x378:3\n"
	  "  -m, --mmio S:N     N bytes of MMIO from physical address S\n",
	  cmd_create },
	{ "destroy", "NAME", "remove a device made by create",
	  "Removes /dev/uirq/NAME and gives its ranges back. A driver that has\n"
	  "it open is treated as at an unbind: the release program runs, the\n"
	  "IRQ is freed, mappings are revoked and its calls fail with ENODEV.\n",
	  cmd_destroy },
	{ NULL, NULL, NULL, NULL, NULL },
};
