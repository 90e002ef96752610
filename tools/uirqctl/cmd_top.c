// SPDX-License-Identifier: MIT
/*
 * uirqctl top: a live view of every uirq device, from sysfs and
 * /proc/interrupts only. A driver owns the device file (one open owner at
 * a time), so a monitor must never open it; the counters uirq.ko keeps in
 * /sys/class/uirq/<name>/stats/ are readable while it runs.
 *
 * Also the JSON of `uirqctl list --json` and `uirqctl stats --json`,
 * written by hand: the keys are documented in uirqctl(1) and are part of
 * the interface (scripts parse them), so add keys, never rename them.
 *
 * UIRQ_SYSFS_ROOT (default /sys) and UIRQ_PROC_ROOT (default /proc) let
 * the host tests run all of this on a fake tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "uirqctl.h"

#define TOP_MAX_DEVS	256
#define TOP_NAME_LEN	64
#define TOP_LINE_LEN	512


struct top_dev {
	char name[TOP_NAME_LEN];
	bool pci;
	unsigned int irq;
	bool irq_on;
	char fault[32];
	uint64_t st[NUM_STATS];
	/* The line in /proc/interrupts: all CPUs' count, its handlers. */
	bool line_found;
	uint64_t line_count;
	char handlers[TOP_LINE_LEN];
};

struct top_sample {
	struct timespec t;
	unsigned int n;
	struct top_dev dev[TOP_MAX_DEVS];
};

static const char *sysfs_root(void)
{
	const char *r = getenv("UIRQ_SYSFS_ROOT");

	return r && *r ? r : "/sys";
}

static const char *proc_root(void)
{
	const char *r = getenv("UIRQ_PROC_ROOT");

	return r && *r ? r : "/proc";
}

/* <sysfs>/class/uirq/<name>/<attr> */
static int dev_attr(const char *name, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/class/uirq/%s/%s", sysfs_root(), name,
		 attr);
	return uirqctl_read_attr(path, buf, len);
}

static int dev_u64(const char *name, const char *attr, uint64_t *val)
{
	char buf[32], *end;
	unsigned long long v;
	int ret;

	ret = dev_attr(name, attr, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

static bool dev_has(const char *name, const char *attr)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/class/uirq/%s/%s", sysfs_root(), name,
		 attr);
	return stat(path, &st) == 0;
}

/* A class device that is a uirq device (not /dev/uirq/control). */
static bool is_dev_entry(const char *name)
{
	char bdf[UIRQ_BDF_LEN];

	if (!uirq_parse_bdf(name, bdf, sizeof(bdf)) && !strcmp(bdf, name))
		return true;
	return uirqctl_is_dev_name(name) && dev_has(name, "stats");
}

/* qsort() of names stored in place, TOP_NAME_LEN bytes each. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/*
 * The names under <sysfs>/class/uirq, sorted, into @names (TOP_NAME_LEN
 * each). Return: how many, or -errno (-ENOENT: uirq.ko not loaded).
 */
static int list_names(char (*names)[TOP_NAME_LEN], unsigned int max)
{
	char path[PATH_MAX];
	struct dirent *de;
	unsigned int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/class/uirq", sysfs_root());
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= TOP_NAME_LEN ||
		    !is_dev_entry(de->d_name))
			continue;
		uirqctl_copy_str(names[n++], TOP_NAME_LEN, de->d_name);
	}
	closedir(d);
	qsort(names, n, TOP_NAME_LEN, cmp_name);
	return (int)n;
}

/* The whole of /proc/interrupts, NUL-terminated; NULL when unreadable. */
static char *read_interrupts(void)
{
	char path[PATH_MAX], *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/interrupts", proc_root());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			nb = realloc(buf, cap);
			if (!nb)
				break;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/*
 * IRQ @irq's line in @text (/proc/interrupts): the sum of its per-CPU
 * counts and the handler names after the chip and hwirq-flow columns,
 * e.g. " 11:  5  0  IO-APIC  11-fasteoi   uirq:0000:00:04.0, uirq:...".
 */
static bool find_line(const char *text, unsigned int irq, uint64_t *count,
		      char *handlers, size_t len)
{
	char want[16];
	const char *p, *eol, *tok;
	int skip = 2;
	size_t wl, n;

	*count = 0;
	handlers[0] = '\0';
	if (!text)
		return false;
	wl = (size_t)snprintf(want, sizeof(want), "%u:", irq);
	for (p = text; *p; p = *eol ? eol + 1 : eol) {
		eol = p + strcspn(p, "\n");
		p += strspn(p, " ");
		if (strncmp(p, want, wl))
			continue;
		p += wl;
		for (;;) {
			p += strspn(p, " ");
			if (*p < '0' || *p > '9' || p >= eol)
				break;
			*count += strtoull(p, NULL, 10);
			p += strspn(p, "0123456789");
		}
		while (skip-- && p < eol) {
			tok = p + strcspn(p, " \n");
			p = tok + strspn(tok, " ");
		}
		if (p > eol)
			p = eol;
		n = (size_t)(eol - p);
		if (n >= len)
			n = len - 1;
		memcpy(handlers, p, n);
		handlers[n] = '\0';
		while (n && handlers[n - 1] == ' ')
			handlers[--n] = '\0';
		return true;
	}
	return false;
}

/* One device's attributes. Return: 0 or -errno (it went away). */
static int read_dev(const char *name, struct top_dev *d)
{
	char attr[32];
	uint64_t v;
	unsigned int i;
	int ret;

	memset(d, 0, sizeof(*d));
	uirqctl_copy_str(d->name, sizeof(d->name), name);
	d->pci = !dev_has(name, "resources");
	for (i = 0; i < NUM_STATS; i++) {
		snprintf(attr, sizeof(attr), "stats/%s", uirqctl_stat_names[i]);
		ret = dev_u64(name, attr, &d->st[i]);
		if (ret)
			return ret;
	}
	ret = dev_u64(name, "irq", &v);
	if (ret)
		return ret;
	d->irq = (unsigned int)v;
	ret = dev_u64(name, "irq_on", &v);
	if (ret)
		return ret;
	d->irq_on = v != 0;
	return dev_attr(name, "fault", d->fault, sizeof(d->fault));
}

/* Every device now; devices that vanish while being read are left out. */
static int take_sample(struct top_sample *s)
{
	static char names[TOP_MAX_DEVS][TOP_NAME_LEN];
	char *intr;
	unsigned int i;
	int n;

	n = list_names(names, TOP_MAX_DEVS);
	if (n < 0)
		return n;
	clock_gettime(CLOCK_MONOTONIC, &s->t);
	s->n = 0;
	for (i = 0; i < (unsigned int)n; i++)
		if (!read_dev(names[i], &s->dev[s->n]))
			s->n++;
	intr = read_interrupts();
	for (i = 0; i < s->n; i++) {
		struct top_dev *d = &s->dev[i];

		d->line_found = d->irq &&
			find_line(intr, d->irq, &d->line_count, d->handlers,
				  sizeof(d->handlers));
	}
	free(intr);
	return 0;
}

/* ---- JSON ---- */

static void json_str(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* "uirq:NAME": the handler name uirq.ko gives its own device's IRQ. */
static bool is_own_handler(const char *h, size_t len, const char *name)
{
	return len == strlen(name) + 5 && !strncmp(h, "uirq:", 5) &&
	       !strncmp(h + 5, name, len - 5);
}

/*
 * The handlers of @d's line as a JSON array, every one (@others false) or
 * all but @d's own (@others true).
 */
static void json_handlers(const struct top_dev *d, bool others)
{
	const char *p = d->handlers;
	bool first = true;
	char h[TOP_LINE_LEN];
	size_t n;

	putchar('[');
	while (*p) {
		p += strspn(p, ", ");
		n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n && !(others && is_own_handler(p, n, d->name))) {
			memcpy(h, p, n);
			h[n] = '\0';
			printf("%s", first ? "" : ", ");
			json_str(h);
			first = false;
		}
		p += strcspn(p, ",");
	}
	putchar(']');
}

/* The part of a device object that list --json and top share. */
static void json_dev_head(const struct top_dev *d)
{
	printf("{\"name\": ");
	json_str(d->name);
	printf(", \"bus\": \"%s\", \"irq\": %u, \"irq_on\": %s, \"fault\": ",
	       d->pci ? "pci" : "res", d->irq, d->irq_on ? "true" : "false");
	json_str(d->fault);
	printf(", \"handlers\": ");
	json_handlers(d, false);
	printf(", \"sharers\": ");
	json_handlers(d, true);
}

/* A PCI device's "vendor:device" (no 0x), or "" when unreadable. */
static void pci_id(const char *bdf, char *buf, size_t len)
{
	char path[PATH_MAX], v[16], dv[16];

	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/vendor",
		 sysfs_root(), bdf);
	if (uirqctl_read_attr(path, v, sizeof(v)) || strncmp(v, "0x", 2)) {
		buf[0] = '\0';
		return;
	}
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/device",
		 sysfs_root(), bdf);
	if (uirqctl_read_attr(path, dv, sizeof(dv)) || strncmp(dv, "0x", 2)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%s:%s", v + 2, dv + 2);
}

/* A non-PCI device's "resources": its ranges as JSON, and the trigger. */
static void json_resources(const char *name, char *trig, size_t triglen)
{
	char res[1024], *line, *save = NULL;
	bool first = true;

	uirqctl_copy_str(trig, triglen, "");
	putchar('[');
	if (dev_attr(name, "resources", res, sizeof(res)))
		res[0] = '\0';
	for (line = strtok_r(res, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char rname[16], kind[8], t[16];
		unsigned long long start, size;

		if (sscanf(line, "trigger %15s", t) == 1) {
			uirqctl_copy_str(trig, triglen, t);
			continue;
		}
		if (sscanf(line, "%15s %7s %lli %lli", rname, kind, &start,
			   &size) != 4)
			continue;
		printf("%s{\"name\": ", first ? "" : ", ");
		json_str(rname);
		printf(", \"type\": ");
		json_str(kind);
		printf(", \"start\": %llu, \"size\": %llu}", start, size);
		first = false;
	}
	putchar(']');
}

static int no_class_dir(int err)
{
	if (err == -ENOENT)
		return uirqctl_fail("uirq.ko is not loaded (no %s/class/uirq): "
				    "modprobe uirq or insmod uirq.ko",
				    sysfs_root());
	return uirqctl_fail("%s/class/uirq: %s", sysfs_root(), strerror(-err));
}

int uirqctl_list_json(void)
{
	struct top_sample *s;
	char id[32], trig[16], node[PATH_MAX];
	struct stat st;
	unsigned int i;
	int ret;

	s = calloc(1, sizeof(*s));
	if (!s)
		return uirqctl_fail("out of memory");
	ret = take_sample(s);
	if (ret) {
		free(s);
		return no_class_dir(ret);
	}
	printf("{\"devices\": [");
	for (i = 0; i < s->n; i++) {
		const struct top_dev *d = &s->dev[i];

		printf("%s\n  ", i ? "," : "");
		json_dev_head(d);
		printf(", \"id\": ");
		if (d->pci) {
			pci_id(d->name, id, sizeof(id));
			if (id[0])
				json_str(id);
			else
				printf("null");
		} else {
			printf("null");
		}
		snprintf(node, sizeof(node), "/dev/uirq/%s", d->name);
		printf(", \"node\": %s, \"resources\": ",
		       stat(node, &st) ? "false" : "true");
		if (d->pci) {
			printf("[], \"trigger\": null}");
			continue;
		}
		json_resources(d->name, trig, sizeof(trig));
		printf(", \"trigger\": ");
		if (trig[0])
			json_str(trig);
		else
			printf("null");
		putchar('}');
	}
	printf("%s]}\n", s->n ? "\n" : "");
	free(s);
	return UIRQCTL_OK;
}

int uirqctl_stats_json(const char *name)
{
	struct top_dev d;
	uint64_t runs;
	unsigned int i;
	int ret;

	if (!dev_has(name, ""))
		return uirqctl_fail("%s: not bound to uirq (no %s/class/uirq/%s; "
				    "uirqctl bind BDF; is uirq.ko loaded?)",
				    name, sysfs_root(), name);
	ret = read_dev(name, &d);
	if (ret)
		return uirqctl_fail("%s: reading %s/class/uirq/%s: %s", name,
				    sysfs_root(), name, strerror(-ret));
	runs = d.st[ST_HANDLED] + d.st[ST_DECLINED];
	printf("{\"name\": ");
	json_str(name);
	for (i = 0; i < NUM_STATS; i++)
		printf(", \"%s\": %" PRIu64, uirqctl_stat_names[i], d.st[i]);
	printf(", \"mean_ns\": %" PRIu64 ", \"irq_on\": %s, \"fault\": ",
	       runs ? d.st[ST_TOTAL_NS] / runs : 0,
	       d.irq_on ? "true" : "false");
	json_str(d.fault);
	printf("}\n");
	return UIRQCTL_OK;
}

/* ---- top ---- */

/* What changed for one device between two samples. */
struct top_delta {
	const struct top_dev *d;
	bool reset;
	uint64_t st[NUM_STATS];
	uint64_t line;
};

/*
 * @cur against its entry in @prev: a device new since @prev, or whose
 * counters went backwards (a new open zeroed them), counts from zero.
 */
static void delta_of(const struct top_sample *prev, const struct top_dev *cur,
		     struct top_delta *dl)
{
	const struct top_dev *p = NULL;
	unsigned int i;

	memset(dl, 0, sizeof(*dl));
	dl->d = cur;
	for (i = 0; i < prev->n; i++)
		if (!strcmp(prev->dev[i].name, cur->name)) {
			p = &prev->dev[i];
			break;
		}
	if (p)
		for (i = 0; i < NUM_STATS; i++)
			if (i != ST_MAX_NS && cur->st[i] < p->st[i])
				dl->reset = true;
	for (i = 0; i < NUM_STATS; i++)
		dl->st[i] = cur->st[i] - (p && !dl->reset ? p->st[i] : 0);
	if (p && p->line_found && cur->line_found && p->irq == cur->irq &&
	    cur->line_count >= p->line_count)
		dl->line = cur->line_count - p->line_count;
}

static double secs_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* The rates shown, in this order, with these JSON keys. */
static const unsigned int rate_stats[] = {
	ST_HANDLED, ST_DECLINED, ST_QUIET, ST_EVENTS, ST_DROPPED,
};
#define NUM_RATES (sizeof(rate_stats) / sizeof(rate_stats[0]))

static void json_sample(const struct top_sample *prev,
			const struct top_sample *cur, double secs)
{
	struct top_delta dl;
	uint64_t runs;
	unsigned int i, k;

	printf("{\"interval_ms\": %.1f, \"devices\": [", secs * 1000.0);
	for (i = 0; i < cur->n; i++) {
		delta_of(prev, &cur->dev[i], &dl);
		printf("%s", i ? ", " : "");
		json_dev_head(dl.d);
		printf(", \"reset\": %s", dl.reset ? "true" : "false");
		printf(", \"total\": {");
		for (k = 0; k < NUM_RATES; k++)
			printf("%s\"%s\": %" PRIu64, k ? ", " : "",
			       uirqctl_stat_names[rate_stats[k]], dl.d->st[rate_stats[k]]);
		printf("}, \"delta\": {");
		for (k = 0; k < NUM_RATES; k++)
			printf("%s\"%s\": %" PRIu64, k ? ", " : "",
			       uirqctl_stat_names[rate_stats[k]], dl.st[rate_stats[k]]);
		printf("}, \"rate\": {");
		for (k = 0; k < NUM_RATES; k++)
			printf("%s\"%s\": %.1f", k ? ", " : "",
			       uirqctl_stat_names[rate_stats[k]],
			       (double)dl.st[rate_stats[k]] / secs);
		printf("}, \"line\": ");
		if (dl.d->line_found)
			printf("{\"delta\": %" PRIu64 ", \"rate\": %.1f}", dl.line,
			       (double)dl.line / secs);
		else
			printf("null");
		runs = dl.st[ST_HANDLED] + dl.st[ST_DECLINED];
		printf(", \"mean_ns\": ");
		if (runs)
			printf("%" PRIu64, dl.st[ST_TOTAL_NS] / runs);
		else
			printf("null");
		printf(", \"max_ns\": %" PRIu64 ", \"faults\": %" PRIu64 "}",
		       dl.d->st[ST_MAX_NS], dl.d->st[ST_FAULTS]);
	}
	printf("]}\n");
}

static void text_sample(const struct top_sample *prev,
			const struct top_sample *cur, double secs, bool tty)
{
	char sharers[TOP_LINE_LEN], when[32];
	struct top_delta dl;
	uint64_t runs;
	time_t now = time(NULL);
	struct tm tm;
	unsigned int i;

	if (tty)
		printf("\033[H\033[2J");
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("uirqctl top - %s, %u device%s, interval %.2f s\n", when, cur->n,
	       cur->n == 1 ? "" : "s", secs);
	printf("%-13s %4s %3s %-13s %10s %10s %10s %9s %10s %8s %8s  %s\n",
	       "DEVICE", "IRQ", "ON", "FAULT", "HANDLED/s", "DECLINED/s",
	       "EVENTS/s", "DROPPED/s", "LINE/s", "MEAN ns", "MAX ns",
	       "SHARERS");
	for (i = 0; i < cur->n; i++) {
		const char *p;
		size_t used = 0, n;
		char line[24];

		delta_of(prev, &cur->dev[i], &dl);
		runs = dl.st[ST_HANDLED] + dl.st[ST_DECLINED];
		sharers[0] = '\0';
		for (p = dl.d->handlers; *p; p += strcspn(p, ",")) {
			p += strspn(p, ", ");
			n = strcspn(p, ",");
			while (n && p[n - 1] == ' ')
				n--;
			if (!n || is_own_handler(p, n, dl.d->name) ||
			    used + n + 3 >= sizeof(sharers))
				continue;
			used += (size_t)snprintf(sharers + used,
						 sizeof(sharers) - used, "%s%.*s",
						 used ? ", " : "", (int)n, p);
		}
		if (dl.d->line_found)
			snprintf(line, sizeof(line), "%.1f", (double)dl.line / secs);
		else
			snprintf(line, sizeof(line), "-");
		printf("%-13s %4u %3s %-13s %10.1f %10.1f %10.1f %9.1f %10s ",
		       dl.d->name, dl.d->irq, dl.d->irq_on ? "yes" : "no",
		       dl.d->fault, (double)dl.st[ST_HANDLED] / secs,
		       (double)dl.st[ST_DECLINED] / secs,
		       (double)dl.st[ST_EVENTS] / secs,
		       (double)dl.st[ST_DROPPED] / secs, line);
		if (runs)
			printf("%8" PRIu64, dl.st[ST_TOTAL_NS] / runs);
		else
			printf("%8s", "-");
		printf(" %8" PRIu64 "  %s\n", dl.d->st[ST_MAX_NS],
		       sharers[0] ? sharers : "-");
	}
	if (!cur->n)
		printf("no uirq devices (uirqctl bind BDF, uirqctl create NAME ...)\n");
	fflush(stdout);
}

static int parse_ulong(const char *opt, const char *s, unsigned long min,
		       unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || !*s || s[0] == '-' || *v < min || *v > max)
		return uirqctl_usage("%s: want %lu..%lu, got '%s'", opt, min, max, s);
	return 0;
}

static void add_ms(struct timespec *t, unsigned long ms)
{
	t->tv_sec += (time_t)(ms / 1000);
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static int cmd_top(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "once", no_argument, NULL, '1' },
		{ "json", no_argument, NULL, 'j' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long interval = 1000, count = 0, done;
	struct top_sample *s[2];
	struct timespec next;
	bool json = false, tty;
	int c, ret, cur = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+1ji:n:", lopts, NULL)) != -1) {
		switch (c) {
		case '1':
			count = 1;
			break;
		case 'j':
			json = true;
			break;
		case 'i':
			ret = parse_ulong("--interval", optarg, 10, 3600000,
					  &interval);
			if (ret)
				return ret;
			break;
		case 'n':
			ret = parse_ulong("--count", optarg, 1, 100000000, &count);
			if (ret)
				return ret;
			break;
		default:
			return uirqctl_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return uirqctl_usage("unexpected argument '%s'", argv[optind]);
	tty = !json && isatty(STDOUT_FILENO);

	s[0] = calloc(1, sizeof(*s[0]));
	s[1] = calloc(1, sizeof(*s[1]));
	if (!s[0] || !s[1]) {
		free(s[0]);
		free(s[1]);
		return uirqctl_fail("out of memory");
	}
	ret = take_sample(s[0]);
	if (ret) {
		ret = no_class_dir(ret);
		goto out;
	}
	/*
	 * Absolute deadlines: the intervals do not drift by the work done,
	 * and one that started late ends on time (rates use the measured
	 * length either way).
	 */
	next = s[0]->t;
	for (done = 0; !count || done < count; done++) {
		double secs;

		struct timespec now;

		add_ms(&next, interval);
		/* More than an interval behind (stopped, swapped): start afresh. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (secs_between(&next, &now) > 0) {
			next = now;
			add_ms(&next, interval);
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				       NULL) == EINTR)
			;
		ret = take_sample(s[!cur]);
		if (ret) {
			ret = no_class_dir(ret);
			goto out;
		}
		/* The measured interval, not the asked one: rates stay honest. */
		secs = secs_between(&s[cur]->t, &s[!cur]->t);
		if (secs <= 0)
			secs = 1e-9;
		if (json)
			json_sample(s[cur], s[!cur], secs);
		else
			text_sample(s[cur], s[!cur], secs, tty);
		fflush(stdout);
		cur = !cur;
	}
	ret = UIRQCTL_OK;
out:
	free(s[0]);
	free(s[1]);
	return ret;
}

const struct uirqctl_cmd uirqctl_top_cmds[] = {
	{ "top", "[--once] [--json] [--interval MS] [--count N]",
	  "live interrupt rates of every uirq device",
	  "Samples every uirq device's counters (" "/sys/class/uirq/<name>/stats/)\n"
	  "and its line in /proc/interrupts, and prints per-second rates over\n"
	  "each interval: ack program runs that handled, declined or were\n"
	  "quiet, events and dropped events, the line's interrupts (all\n"
	  "handlers), the mean handler time over the interval, the longest\n"
	  "since the driver opened the device, the fault in force and the\n"
	  "other handlers on the line. Reads sysfs only: it never opens a\n"
	  "device, so it works while drivers run. On a terminal the view\n"
	  "redraws; otherwise one block of lines per interval.\n"
	  "  -i, --interval MS   time between samples (default 1000; 10..3600000)\n"
	  "  -n, --count N       stop after N intervals (default: until killed)\n"
	  "  -1, --once          one interval, then exit (--count 1)\n"
	  "  -j, --json          one JSON object per interval, one per line\n"
	  "                      (keys: uirqctl(1))\n",
	  cmd_top },
	{ NULL, NULL, NULL, NULL, NULL },
};
