// SPDX-License-Identifier: MIT
/*
 * libuirq device API: a thin, liburing-style layer over the uirq device
 * file (/dev/uirq/<BDF>). Every function returns 0 (or a count) or a
 * negative errno and never prints: the caller decides what to tell whom.
 * The handle is opaque so that it can grow (cached region info, mappings)
 * without breaking the ABI of the shared library.
 */
/*
 * Region file offsets are (index + 1) << 40 (UIRQ_REGION_OFFSET): pread,
 * pwrite and mmap need a 64-bit off_t, also on 32-bit systems, whatever
 * the application was compiled with (no off_t crosses libuirq.h). The
 * Makefile passes -D_FILE_OFFSET_BITS=64; this covers other builds, and
 * the assertion below one that asks for a 32-bit off_t.
 */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "symver.h"	/* before libuirq.h: it renames what it declares */
#include "libuirq.h"
#include "device-test.h"

#define UIRQ_DEV_DIR	"/dev/uirq"

_Static_assert(sizeof(off_t) >= sizeof(uint64_t),
	       "libuirq needs a 64-bit off_t: build with -D_FILE_OFFSET_BITS=64");

#ifdef LIBUIRQ_SHARED
__asm__(".symver uirq_get_info_v4, uirq_get_info@@LIBUIRQ_4");
__asm__(".symver uirq_wait_v2, uirq_wait@@LIBUIRQ_2");
__asm__(".symver uirq_read_events_v2, uirq_read_events@@LIBUIRQ_2");
__asm__(".symver uirq_get_stats_v2, uirq_get_stats@@LIBUIRQ_2");
#endif

struct uirq_dev {
	int fd;
	/* bit n: ri[n] is valid (regions never change while the file is open) */
	uint32_t ri_valid;
	struct uirq_region_info ri[UIRQ_MAX_REGIONS];
	void *map[UIRQ_MAX_REGIONS];
	size_t map_len[UIRQ_MAX_REGIONS];	/* bytes passed to mmap */
	/* bytes per record read() delivers: set at IRQ on */
	uint32_t event_size;
	uint32_t api_version;	/* the kernel's, from open (0: unknown) */
	/* IRQ on through this handle; UIRQ_UNMASK then has nothing to do */
	int irq_on, unmask_noop;
	/* the shared ring (UIRQ_IRQ_RING): mapping, our tail, the mode */
	struct uirq_ring *ring;
	size_t ring_len;
	uint32_t ring_tail;
	int ring_mode, ring_fault;
	uint64_t irq_on_ns;	/* CLOCK_MONOTONIC before our last IRQ on */
	unsigned int busy_poll_us;
};

static int neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* Copy a message into the caller's log buffer, if it gave one. */
__attribute__((format(printf, 3, 4)))
static void log_msg(char *log, size_t loglen, const char *fmt, ...)
{
	va_list ap;

	if (!log || !loglen)
		return;
	va_start(ap, fmt);
	vsnprintf(log, loglen, fmt, ap);
	va_end(ap);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parse exactly @n hex digits (n > 0) or, with @n negative, 1..-n digits,
 * advancing *@sp past them.
 */
static int parse_hex(const char **sp, int n, unsigned long *val)
{
	const char *s = *sp;
	int max = n < 0 ? -n : n, i = 0;
	unsigned long v = 0;

	while (i < max && hexval(s[i]) >= 0) {
		v = v * 16 + (unsigned long)hexval(s[i]);
		i++;
	}
	if (i == 0 || (n > 0 && i != n) || hexval(s[i]) >= 0)
		return -EINVAL;
	*sp = s + i;
	*val = v;
	return 0;
}

int uirq_parse_bdf(const char *bdf, char *out, size_t outlen)
{
	unsigned long dom = 0, bus, dev, fn;
	const char *s = bdf;
	int n;

	if (!bdf || !out)
		return -EINVAL;
	/* "DDDD:BB:DD.F" has two colons, the short "BB:DD.F" one. */
	if (strchr(s, ':') && strchr(strchr(s, ':') + 1, ':')) {
		if (parse_hex(&s, -8, &dom) || *s++ != ':')
			return -EINVAL;
	}
	if (parse_hex(&s, 2, &bus) || *s++ != ':' ||
	    parse_hex(&s, 2, &dev) || *s++ != '.' ||
	    parse_hex(&s, 1, &fn) || *s)
		return -EINVAL;
	if (dev > 0x1f || fn > 7 || dom > 0xffffffffUL)
		return -EINVAL;
	n = snprintf(out, outlen, "%04lx:%02lx:%02lx.%lx", dom, bus, dev, fn);
	if (n < 0 || (size_t)n >= outlen)
		return -ENAMETOOLONG;
	return 0;
}

/* A name UIRQ_CTL_CREATE accepts: [a-z][a-z0-9_.-]*, shorter than 32. */
static int check_dev_name(const char *name)
{
	size_t i, len;

	if (!name)
		return -EINVAL;
	len = strlen(name);
	if (!len || len >= UIRQ_NAME_MAX || name[0] < 'a' || name[0] > 'z')
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_.-", name[i]))
			return -EINVAL;
	return 0;
}

int uirq_open(const char *bdf, struct uirq_dev **devp)
{
	char name[UIRQ_BDF_LEN], path[sizeof(UIRQ_DEV_DIR) + UIRQ_BDF_LEN];
	int ret;

	if (!devp)
		return -EINVAL;
	*devp = NULL;
	ret = uirq_parse_bdf(bdf, name, sizeof(name));
	/* Not a PCI address: the name of a device /dev/uirq/control made. */
	if (ret == -EINVAL && !check_dev_name(bdf))
		ret = snprintf(name, sizeof(name), "%s", bdf) < 0 ? -EINVAL : 0;
	if (ret)
		return ret;
	snprintf(path, sizeof(path), UIRQ_DEV_DIR "/%s", name);
	return uirq_open_path(path, devp);
}

/* The control node's ioctls: root's (CAP_SYS_RAWIO). */
static int control_ioctl(unsigned long cmd, void *arg)
{
	int fd, ret = 0;

	fd = open(UIRQ_DEV_DIR "/control", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	if (ioctl(fd, cmd, arg))
		ret = neg_errno();
	close(fd);
	return ret;
}

int uirq_create_device(const struct uirq_ctl_create *req)
{
	struct uirq_ctl_create c;

	if (!req || !memchr(req->name, '\0', sizeof(req->name)) ||
	    check_dev_name(req->name))
		return -EINVAL;
	c = *req;
	c.argsz = sizeof(c);
	return control_ioctl(UIRQ_CTL_CREATE, &c);
}

int uirq_destroy_device(const char *name)
{
	struct uirq_ctl_destroy d = { .argsz = sizeof(d) };

	if (check_dev_name(name))
		return -EINVAL;
	memcpy(d.name, name, strlen(name) + 1);
	return control_ioctl(UIRQ_CTL_DESTROY, &d);
}

int uirq_open_path(const char *path, struct uirq_dev **devp)
{
	struct uirq_info info;
	struct uirq_dev *dev;
	int ret;

	if (!devp)
		return -EINVAL;
	*devp = NULL;
	if (!path || !*path)
		return -EINVAL;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dev->fd < 0) {
		ret = neg_errno();
		free(dev);
		return ret;
	}
	/*
	 * Ask the file what it is now rather than failing later on the first
	 * real call: any other file answers the ioctl with -ENOTTY (or -EINVAL
	 * for a foreign driver that reuses the number).
	 */
	ret = uirq_get_info(dev, &info);
	if (!ret && info.api_version < 1)
		ret = -EPROTO;
	if (!ret)
		dev->api_version = info.api_version;
	if (ret) {
		close(dev->fd);
		free(dev);
		return ret;
	}
	*devp = dev;
	return 0;
}

int uirq__dev_from_fd(int fd, struct uirq_dev **devp)
{
	struct uirq_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return -ENOMEM;
	dev->fd = fd;
	dev->event_size = sizeof(struct uirq_event);
	*devp = dev;
	return 0;
}

void uirq__dev_set_event_size(struct uirq_dev *dev, uint32_t size)
{
	dev->event_size = size;
}

int uirq__dev_set_region(struct uirq_dev *dev,
			 const struct uirq_region_info *ri)
{
	if (!dev || !ri || ri->index >= UIRQ_MAX_REGIONS)
		return -EINVAL;
	dev->ri[ri->index] = *ri;
	dev->ri_valid |= 1u << ri->index;
	return 0;
}

void uirq_close(struct uirq_dev *dev)
{
	unsigned int i;

	if (!dev)
		return;
	for (i = 0; i < UIRQ_MAX_REGIONS; i++)
		if (dev->map[i])
			munmap(dev->map[i], dev->map_len[i]);
	if (dev->ring)
		munmap(dev->ring, dev->ring_len);
	if (dev->fd >= 0)
		close(dev->fd);
	free(dev);
}

int uirq_fd(const struct uirq_dev *dev)
{
	return dev ? dev->fd : -EINVAL;
}

int uirq_get_info(struct uirq_dev *dev, struct uirq_info *info)
{
	if (!dev || !info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	if (ioctl(dev->fd, UIRQ_GET_INFO, info))
		return neg_errno();
	return 0;
}

int uirq_get_region_info(struct uirq_dev *dev, unsigned int index,
			 struct uirq_region_info *ri)
{
	struct uirq_region_info r;

	if (!dev || !ri || index >= UIRQ_MAX_REGIONS)
		return -EINVAL;
	if (!(dev->ri_valid & (1u << index))) {
		memset(&r, 0, sizeof(r));
		r.argsz = sizeof(r);
		r.index = index;
		if (ioctl(dev->fd, UIRQ_GET_REGION_INFO, &r))
			return neg_errno();
		dev->ri[index] = r;
		dev->ri_valid |= 1u << index;
	}
	*ri = dev->ri[index];
	return 0;
}

static int region_present(struct uirq_dev *dev, unsigned int index,
			  struct uirq_region_info *ri)
{
	int ret = uirq_get_region_info(dev, index, ri);

	if (ret)
		return ret;
	if (ri->type == UIRQ_REGION_TYPE_NONE || !ri->size)
		return -ENOENT;
	return 0;
}

int uirq_map_region(struct uirq_dev *dev, unsigned int index, void **addr,
		    size_t *len)
{
	struct uirq_region_info ri;
	long page = sysconf(_SC_PAGESIZE);
	size_t maplen;
	void *p;
	int ret;

	if (!addr)
		return -EINVAL;
	*addr = NULL;
	ret = region_present(dev, index, &ri);
	if (ret)
		return ret;
	if (!(ri.flags & UIRQ_REGION_INFO_MMAP))
		return -EOPNOTSUPP;
	if (page <= 0)
		page = 4096;
	if (ri.size > SIZE_MAX - (size_t)page)
		return -EOVERFLOW;
	if (!dev->map[index]) {
		/* A BAR smaller than a page still maps as a whole page. */
		maplen = ((size_t)ri.size + (size_t)page - 1) &
			 ~((size_t)page - 1);
		p = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED,
			 dev->fd, (off_t)ri.offset);
		if (p == MAP_FAILED)
			return neg_errno();
		dev->map[index] = p;
		dev->map_len[index] = maplen;
	}
	*addr = dev->map[index];
	if (len)
		*len = (size_t)ri.size;
	return 0;
}

int uirq_unmap_region(struct uirq_dev *dev, unsigned int index)
{
	if (!dev || index >= UIRQ_MAX_REGIONS)
		return -EINVAL;
	if (!dev->map[index])
		return -ENOENT;
	if (munmap(dev->map[index], dev->map_len[index]))
		return neg_errno();
	dev->map[index] = NULL;
	dev->map_len[index] = 0;
	return 0;
}

static int check_access(struct uirq_dev *dev, unsigned int index,
			uint64_t off, unsigned int width,
			struct uirq_region_info *ri)
{
	int ret;

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -EINVAL;
	if (off & (width - 1))
		return -EINVAL;
	ret = region_present(dev, index, ri);
	if (ret)
		return ret;
	/* Only MMIO has 64-bit accesses, as in the instruction set. */
	if (width == 8 && ri->type != UIRQ_REGION_TYPE_MMIO)
		return -EINVAL;
	if (off >= ri->size || width > ri->size - off)
		return -ERANGE;
	return 0;
}

/*
 * Widths of 1..8 bytes through a mapping: one volatile access of exactly
 * that width, so the device sees what the caller asked for.
 */
static uint64_t mmio_read(const void *base, uint64_t off, unsigned int width)
{
	const volatile void *p = (const volatile char *)base + off;

	switch (width) {
	case 1: return *(const volatile uint8_t *)p;
	case 2: return *(const volatile uint16_t *)p;
	case 4: return *(const volatile uint32_t *)p;
	default: return *(const volatile uint64_t *)p;
	}
}

static void mmio_write(void *base, uint64_t off, unsigned int width,
		       uint64_t val)
{
	volatile void *p = (volatile char *)base + off;

	switch (width) {
	case 1: *(volatile uint8_t *)p = (uint8_t)val; break;
	case 2: *(volatile uint16_t *)p = (uint16_t)val; break;
	case 4: *(volatile uint32_t *)p = (uint32_t)val; break;
	default: *(volatile uint64_t *)p = val; break;
	}
}

int uirq_region_read(struct uirq_dev *dev, unsigned int index, uint64_t off,
		     unsigned int width, uint64_t *val)
{
	struct uirq_region_info ri;
	union { uint8_t b; uint16_t h; uint32_t w; uint64_t q; } u;
	ssize_t n;
	int ret;

	if (!val)
		return -EINVAL;
	ret = check_access(dev, index, off, width, &ri);
	if (ret)
		return ret;
	if (dev->map[index]) {
		*val = mmio_read(dev->map[index], off, width);
		return 0;
	}
	if (!(ri.flags & UIRQ_REGION_INFO_READ))
		return -EOPNOTSUPP;
	u.q = 0;
	n = pread(dev->fd, &u, width, (off_t)(ri.offset + off));
	if (n < 0)
		return neg_errno();
	if ((size_t)n != width)
		return -EIO;
	switch (width) {
	case 1: *val = u.b; break;
	case 2: *val = u.h; break;
	case 4: *val = u.w; break;
	default: *val = u.q; break;
	}
	return 0;
}

int uirq_region_write(struct uirq_dev *dev, unsigned int index, uint64_t off,
		      unsigned int width, uint64_t val)
{
	struct uirq_region_info ri;
	union { uint8_t b; uint16_t h; uint32_t w; uint64_t q; } u;
	ssize_t n;
	int ret;

	ret = check_access(dev, index, off, width, &ri);
	if (ret)
		return ret;
	if (dev->map[index]) {
		mmio_write(dev->map[index], off, width, val);
		return 0;
	}
	if (!(ri.flags & UIRQ_REGION_INFO_WRITE))
		return -EOPNOTSUPP;
	switch (width) {
	case 1: u.b = (uint8_t)val; break;
	case 2: u.h = (uint16_t)val; break;
	case 4: u.w = (uint32_t)val; break;
	default: u.q = val; break;
	}
	n = pwrite(dev->fd, &u, width, (off_t)(ri.offset + off));
	if (n < 0)
		return neg_errno();
	if ((size_t)n != width)
		return -EIO;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * What the kernel says now about the IRQ of this handle: on, and whether
 * UIRQ_UNMASK has anything to do (an API 3 kernel says so; before, it
 * always has).
 */
static void refresh_state(struct uirq_dev *dev)
{
	struct uirq_info info;

	if (uirq_get_info(dev, &info))
		return;
	dev->irq_on = !!(info.flags & UIRQ_INFO_IRQ_ON);
	dev->unmask_noop = !!(info.flags & UIRQ_INFO_UNMASK_NOOP);
	dev->ring_mode = !!(info.flags & UIRQ_INFO_RING);
}

/*
 * UIRQ_LOAD_PROG. On rejection *@err_insn is the instruction the kernel
 * named (-1: none) and @kmsg its reason, without any "insn N: " prefix so
 * that callers can add the index in their own format.
 */
static int load_raw(struct uirq_dev *dev, unsigned int kind,
		    const struct uirq_insn *insns, unsigned int count,
		    struct uirq_prog_props *props, int *err_insn,
		    char *kmsg, size_t kmsglen)
{
	struct uirq_load_prog lp;
	char klog[256];
	const char *m;
	int ret;

	*err_insn = -1;
	kmsg[0] = '\0';
	if (!dev || !insns) {
		snprintf(kmsg, kmsglen, "no device or no instructions");
		return -EINVAL;
	}
	if (kind >= UIRQ_PROG_NUM_KINDS) {
		snprintf(kmsg, kmsglen, "unknown program kind %u", kind);
		return -EINVAL;
	}
	if (count == 0 || count > UIRQ_MAX_INSNS) {
		snprintf(kmsg, kmsglen,
			 "program has %u instructions, must be 1..%d",
			 count, UIRQ_MAX_INSNS);
		return -EINVAL;
	}
	memset(&lp, 0, sizeof(lp));
	klog[0] = '\0';
	lp.argsz = sizeof(lp);
	lp.kind = kind;
	lp.insn_cnt = count;
	lp.insns = (uintptr_t)insns;
	lp.log_buf = (uintptr_t)klog;
	lp.log_size = sizeof(klog);
	lp.err_insn = -1;
	if (!ioctl(dev->fd, UIRQ_LOAD_PROG, &lp)) {
		if (props)
			*props = lp.props;
		/* An enable program may have come or gone. */
		refresh_state(dev);
		return 0;
	}
	ret = neg_errno();
	klog[sizeof(klog) - 1] = '\0';
	m = klog;
	if (ret == -EINVAL && lp.err_insn >= 0 && lp.err_insn < (int)count) {
		*err_insn = lp.err_insn;
		if (!strncmp(m, "insn ", 5)) {
			m += 5 + strspn(m + 5, "0123456789");
			m += strspn(m, ": ");
		}
	}
	if (*m)
		snprintf(kmsg, kmsglen, "%s", m);
	else
		snprintf(kmsg, kmsglen, "loading the %s program: %s",
			 uirq_kind_name(kind), strerror(-ret));
	return ret;
}

int uirq_load(struct uirq_dev *dev, unsigned int kind,
	      const struct uirq_insn *insns, unsigned int count,
	      struct uirq_prog_props *props, char *log, size_t loglen)
{
	char msg[256];
	int ret, insn;

	ret = load_raw(dev, kind, insns, count, props, &insn, msg, sizeof(msg));
	if (ret) {
		/* The index is what the author needs to find the line. */
		if (insn >= 0)
			log_msg(log, loglen, "insn %d: %s", insn, msg);
		else
			log_msg(log, loglen, "%s", msg);
	} else if (log && loglen) {
		log[0] = '\0';
	}
	return ret;
}

int uirq_load_program(struct uirq_dev *dev, const struct uirq_program *prog,
		      unsigned int kind, struct uirq_prog_props *props,
		      char *log, size_t loglen)
{
	char msg[256];
	int ret, insn;

	if (log && loglen)
		log[0] = '\0';
	if (!prog) {
		log_msg(log, loglen, "no program");
		return -EINVAL;
	}
	if (kind == UIRQ_PROG_NUM_KINDS) {
		kind = prog->kind;
		if (kind >= UIRQ_PROG_NUM_KINDS) {
			snprintf(msg, sizeof(msg),
				 "no .kind directive: cannot tell which program this is");
			goto fmt;
		}
	} else if (kind < UIRQ_PROG_NUM_KINDS &&
		   prog->kind < UIRQ_PROG_NUM_KINDS && prog->kind != kind) {
		/* Loading a release program as the ack program is a bug. */
		snprintf(msg, sizeof(msg),
			 ".kind %s program given as the %s program",
			 uirq_kind_name(prog->kind), uirq_kind_name(kind));
		goto fmt;
	}
	ret = load_raw(dev, kind, prog->insns, prog->count, props, &insn,
		       msg, sizeof(msg));
	if (!ret)
		return 0;
	if (log && loglen)
		uirq_program_errmsg(prog, insn, msg, log, loglen);
	return ret;
fmt:
	if (log && loglen)
		uirq_program_errmsg(prog, -1, msg, log, loglen);
	return -EINVAL;
}

int uirq_load_file(struct uirq_dev *dev, unsigned int kind, const char *path,
		   char *log, size_t loglen)
{
	struct uirq_program *prog;
	int ret;

	if (log && loglen)
		log[0] = '\0';
	if (!dev || !path) {
		log_msg(log, loglen, "no device or no file name");
		return -EINVAL;
	}
	/* struct uirq_program is ~6 KiB: keep it off small thread stacks. */
	prog = malloc(sizeof(*prog));
	if (!prog)
		return -ENOMEM;
	ret = uirq_program_load_file(path, prog, log, loglen);
	if (ret < 0) {
		if (log && loglen && !log[0])
			log_msg(log, loglen, "%s: %s", path, strerror(-ret));
	} else {
		ret = uirq_load_program(dev, prog, kind, NULL, log, loglen);
	}
	free(prog);
	return ret;
}

static int irq_ctl(struct uirq_dev *dev, unsigned long cmd, unsigned int flags)
{
	struct uirq_irq_ctl c = { .argsz = sizeof(c), .flags = flags };

	if (!dev)
		return -EINVAL;
	if (ioctl(dev->fd, cmd, &c))
		return neg_errno();
	return 0;
}

/* Map the shared ring once; it stays until close. */
static int map_ring(struct uirq_dev *dev)
{
	size_t len = (UIRQ_RING_SIZE + 4095) & ~(size_t)4095;
	void *p;

	if (dev->ring)
		return 0;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, dev->fd,
		 (off_t)UIRQ_RING_OFFSET);
	if (p == MAP_FAILED)
		return neg_errno();
	dev->ring = p;
	dev->ring_len = len;
	dev->ring_tail = __atomic_load_n(&dev->ring->tail, __ATOMIC_RELAXED);
	return 0;
}

int uirq_irq_on(struct uirq_dev *dev, unsigned int flags)
{
	struct uirq_irq_ctl c = {
		.argsz = sizeof(c), .flags = flags,
		.event_size = sizeof(struct uirq_event),
	};
	struct uirq_info info;
	uint64_t t0;
	int ret;

	if (!dev)
		return -EINVAL;
	if (flags & UIRQ_IRQ_RING) {
		if (dev->api_version < 3)
			return -EOPNOTSUPP;
		ret = map_ring(dev);
		if (ret)
			return ret;
	}
	t0 = now_ns();
	if (ioctl(dev->fd, UIRQ_IRQ_ON, &c))
		return neg_errno();
	dev->irq_on_ns = t0;
	dev->ring_fault = 0;
	refresh_state(dev);
	/*
	 * An API 1 kernel ignores event_size and does not report it: ask.
	 * Its records are UIRQ_EVENT_SIZE_V1 bytes.
	 */
	if (uirq_get_info(dev, &info) || !info.event_size ||
	    info.event_size > sizeof(struct uirq_event))
		dev->event_size = UIRQ_EVENT_SIZE_V1;
	else
		dev->event_size = info.event_size;
	return 0;
}

int uirq_irq_on_vectors(struct uirq_dev *dev, unsigned int flags,
			unsigned int vectors)
{
	struct uirq_irq_ctl c = {
		.argsz = sizeof(c), .flags = flags,
		.event_size = sizeof(struct uirq_event), .vectors = vectors,
	};
	uint64_t t0;
	int ret;

	if (!dev || !(flags & (UIRQ_IRQ_MSI | UIRQ_IRQ_MSIX)) || !vectors ||
	    vectors > UIRQ_MAX_VECTORS)
		return -EINVAL;
	/* An older kernel would take the flags for INTx's and refuse them. */
	if (dev->api_version < 4)
		return -EOPNOTSUPP;
	if (flags & UIRQ_IRQ_RING) {
		ret = map_ring(dev);
		if (ret)
			return ret;
	}
	t0 = now_ns();
	if (ioctl(dev->fd, UIRQ_IRQ_ON, &c))
		return neg_errno();
	dev->irq_on_ns = t0;
	dev->ring_fault = 0;
	refresh_state(dev);
	dev->event_size = sizeof(struct uirq_event);
	return 0;
}

const char *uirq_irq_on_strerror(int err)
{
	switch (err) {
	case -EPERM:
		return "not allowed: a message is a DMA write, and only an owner allowed DMA (CAP_SYS_RAWIO at open, or an IOMMU) may have bus mastering; or the device has neither INTx masking nor a release program";
	case -ENODEV:
		return "the device has no such capability (or no INTx line)";
	case -EOPNOTSUPP:
		return "the kernel's uirq.ko predates MSI and MSI-X (API 4)";
	case -EINVAL:
		return "bad flags or vector count (more than the capability offers?), or no ack program for INTx";
	case -EBUSY:
		return "interrupts are on already, or the line cannot be shared";
	default:
		return strerror(-err);
	}
}

int uirq_set_vector_eventfd(struct uirq_dev *dev, unsigned int vector, int fd)
{
	struct uirq_vector_eventfd e = {
		.argsz = sizeof(e), .vector = vector, .fd = fd,
	};

	if (!dev || fd < -1 || vector >= UIRQ_MAX_VECTORS)
		return -EINVAL;
	if (ioctl(dev->fd, UIRQ_SET_VECTOR_EVENTFD, &e))
		return neg_errno();
	return 0;
}

int uirq_load_vector(struct uirq_dev *dev, unsigned int vector,
		     const struct uirq_insn *insns, unsigned int count,
		     struct uirq_prog_props *props, char *log, size_t loglen)
{
	struct uirq_vector_prog vp;
	char klog[256];
	int ret;

	if (log && loglen)
		log[0] = '\0';
	if (!dev || !insns || vector >= UIRQ_MAX_VECTORS) {
		log_msg(log, loglen, "no device, no instructions or vector %u >= %d",
			vector, UIRQ_MAX_VECTORS);
		return -EINVAL;
	}
	if (count == 0 || count > UIRQ_MAX_INSNS) {
		log_msg(log, loglen, "program has %u instructions, must be 1..%d",
			count, UIRQ_MAX_INSNS);
		return -EINVAL;
	}
	memset(&vp, 0, sizeof(vp));
	klog[0] = '\0';
	vp.argsz = sizeof(vp);
	vp.vector = vector;
	vp.insn_cnt = count;
	vp.insns = (uintptr_t)insns;
	vp.log_buf = (uintptr_t)klog;
	vp.log_size = sizeof(klog);
	vp.err_insn = -1;
	if (!ioctl(dev->fd, UIRQ_LOAD_VECTOR_PROG, &vp)) {
		if (props)
			*props = vp.props;
		return 0;
	}
	ret = neg_errno();
	klog[sizeof(klog) - 1] = '\0';
	if (klog[0])
		log_msg(log, loglen, "%s", klog);
	else
		log_msg(log, loglen, "loading vector %u's ack program: %s", vector,
			ret == -ENOTTY ? "the kernel predates MSI (API 4)" :
			strerror(-ret));
	return ret;
}

int uirq_load_vector_program(struct uirq_dev *dev, unsigned int vector,
			     const struct uirq_program *prog,
			     struct uirq_prog_props *props, char *log,
			     size_t loglen)
{
	char msg[256];
	int ret;

	if (log && loglen)
		log[0] = '\0';
	if (!prog) {
		log_msg(log, loglen, "no program");
		return -EINVAL;
	}
	if (prog->kind < UIRQ_PROG_NUM_KINDS && prog->kind != UIRQ_PROG_ACK) {
		snprintf(msg, sizeof(msg),
			 ".kind %s program given as vector %u's ack program",
			 uirq_kind_name(prog->kind), vector);
		if (log && loglen)
			uirq_program_errmsg(prog, -1, msg, log, loglen);
		return -EINVAL;
	}
	ret = uirq_load_vector(dev, vector, prog->insns, prog->count, props,
			       msg, sizeof(msg));
	if (ret && log && loglen) {
		int insn = -1;
		const char *m = msg;

		/* "insn N: why" from the kernel: point at the source line. */
		if (!strncmp(m, "insn ", 5)) {
			insn = atoi(m + 5);
			m += 5 + strspn(m + 5, "0123456789");
			m += strspn(m, ": ");
			if (insn < 0 || insn >= (int)prog->count)
				insn = -1;
		}
		uirq_program_errmsg(prog, insn, m, log, loglen);
	}
	return ret;
}

int uirq_irq_off(struct uirq_dev *dev)
{
	int ret = irq_ctl(dev, UIRQ_IRQ_OFF, 0);

	if (!ret)
		dev->irq_on = 0;
	return ret;
}

int uirq_unmask(struct uirq_dev *dev)
{
	/*
	 * The kernel said there is nothing to do (no enable program, an ack
	 * program that acknowledges at the device): no system call. A storm-
	 * guard fault then shows in the next wait or read instead.
	 */
	if (dev && dev->irq_on && dev->unmask_noop)
		return 0;
	return irq_ctl(dev, UIRQ_UNMASK, 0);
}

int uirq_set_busy_poll(struct uirq_dev *dev, unsigned int usec)
{
	if (!dev)
		return -EINVAL;
	dev->busy_poll_us = usec;
	return 0;
}

/*
 * Take up to @max records from the shared ring, no system call. The
 * storm guard's record ends the stream: -EIO once it is reached (and
 * from then on, until the next IRQ on); a fault record from before our
 * last IRQ on is an answered question and skipped.
 */
static int ring_take(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max)
{
	struct uirq_ring *r = dev->ring;
	uint32_t head, tail = dev->ring_tail, mask, size;
	const unsigned char *base = (const unsigned char *)r;
	unsigned int n = 0;
	int ret = 0;

	if (dev->ring_fault)
		return -EIO;
	head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
	mask = r->entries - 1;
	size = r->record_size < sizeof(*evs) ? r->record_size : sizeof(*evs);
	while (tail != head && n < max) {
		const void *rec = base + r->records_off +
				  (size_t)(tail & mask) * r->record_size;
		struct uirq_event *ev = &evs[n];

		memset(ev, 0, sizeof(*ev));
		memcpy(ev, rec, size);
		tail++;
		if (ev->flags & UIRQ_EVENT_FAULT) {
			if (ev->timestamp_ns < dev->irq_on_ns)
				continue;
			dev->ring_fault = 1;
			ret = -EIO;
			break;
		}
		n++;
	}
	dev->ring_tail = tail;
	__atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);
	return n ? (int)n : ret;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static int ring_empty(const struct uirq_dev *dev)
{
	return __atomic_load_n(&dev->ring->head, __ATOMIC_ACQUIRE) ==
	       dev->ring_tail;
}

/* UIRQ_WAIT; in ring mode (@evs NULL) it only sleeps until records come. */
static int wait_ioctl(struct uirq_dev *dev, struct uirq_event *evs,
		      unsigned int max, int timeout_ms, unsigned int flags)
{
	struct uirq_wait w = {
		.argsz = sizeof(w), .flags = flags,
		.timeout_ns = timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000,
		.events = (uintptr_t)evs, .max_events = evs ? max : 0,
	};
	unsigned int i;

	if (ioctl(dev->fd, UIRQ_WAIT, &w))
		return neg_errno();
	if (!evs)
		return 0;
	/* Records of an older layout (API 1 size) are widened in place. */
	if (dev->event_size < sizeof(*evs)) {
		for (i = w.count; i-- > 0;) {
			unsigned char tmp[sizeof(*evs)];

			memcpy(tmp, (unsigned char *)evs + (size_t)i * dev->event_size,
			       dev->event_size);
			memset(&evs[i], 0, sizeof(evs[i]));
			memcpy(&evs[i], tmp, dev->event_size);
		}
	}
	for (i = 0; i < w.count; i++)
		if (evs[i].flags & UIRQ_EVENT_FAULT)
			return i ? (int)i : -EIO;
	return (int)w.count;
}

/* The shared ring's wait: spin for busy_poll_us, then sleep in UIRQ_WAIT. */
static int ring_wait(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max, int timeout_ms, unsigned int flags)
{
	uint64_t deadline = 0, spin_end;
	int64_t left_ms;
	int ret;

	if (flags & UIRQ_WAIT_UNMASK) {
		ret = uirq_unmask(dev);
		if (ret)
			return ret;
	}
	if (timeout_ms > 0)
		deadline = now_ns() + (uint64_t)timeout_ms * 1000000;
	for (;;) {
		ret = ring_take(dev, evs, max);
		if (ret)
			return ret;
		if (timeout_ms == 0)
			return -ETIMEDOUT;
		if (dev->busy_poll_us) {
			spin_end = now_ns() + (uint64_t)dev->busy_poll_us * 1000;
			while (ring_empty(dev) && now_ns() < spin_end)
				cpu_relax();
			if (!ring_empty(dev))
				continue;
		}
		left_ms = -1;
		if (timeout_ms > 0) {
			uint64_t t = now_ns();

			if (t >= deadline)
				return -ETIMEDOUT;
			left_ms = (int64_t)((deadline - t + 999999) / 1000000);
		}
		ret = wait_ioctl(dev, NULL, 0, (int)left_ms, 0);
		if (ret == -EIO) {
			/* The fault record should be in the ring: take it. */
			ret = ring_take(dev, evs, max);
			return ret ? ret : -EIO;
		}
		if (ret)
			return ret;
	}
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * read() of up to @max records into @evs. Records shorter than ours (an
 * older kernel) are read into @tmp and widened, the new fields zero.
 * Return: records read, or -errno.
 */
static int read_records(struct uirq_dev *dev, struct uirq_event *evs,
			unsigned int max)
{
	size_t size = dev->event_size ? dev->event_size : UIRQ_EVENT_SIZE_V1;
	unsigned char tmp[16 * UIRQ_EVENT_SIZE_V1];
	unsigned int i, n;
	ssize_t r;

	if (size == sizeof(*evs)) {
		r = read(dev->fd, evs, max * sizeof(*evs));
	} else {
		if (max > sizeof(tmp) / size)
			max = (unsigned int)(sizeof(tmp) / size);
		r = read(dev->fd, tmp, max * size);
	}
	if (r < 0)
		return neg_errno();
	if (r == 0 || (size_t)r % size)
		return r ? -EIO : -ENODEV;
	n = (unsigned int)((size_t)r / size);
	if (size != sizeof(*evs)) {
		for (i = 0; i < n; i++) {
			memset(&evs[i], 0, sizeof(evs[i]));
			memcpy(&evs[i], tmp + i * size, size);
		}
	}
	/*
	 * The guard's fault record is the last one; our callers learn of the
	 * fault as -EIO, like read() after it, not as an event.
	 */
	for (i = 0; i < n; i++)
		if (evs[i].flags & UIRQ_EVENT_FAULT)
			return i ? (int)i : -EIO;
	return (int)n;
}

/*
 * POLLERR or POLLHUP and nothing to read: the device is gone (-ENODEV)
 * or the storm guard quiesced it; read() says which.
 */
static int error_state(struct uirq_dev *dev, short revents)
{
	struct uirq_event ev;
	int ret;

	if (revents & POLLHUP)
		return -ENODEV;
	ret = read_records(dev, &ev, 1);
	return ret < 0 ? ret : -EIO;
}

/*
 * Read up to @max whole records without blocking: poll() first, so that
 * this works whether or not the file was opened O_NONBLOCK.
 */
int uirq_read_events(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max)
{
	unsigned int got = 0;
	struct pollfd p;
	int n;

	if (!dev || !evs || !max)
		return -EINVAL;
	if (max > INT_MAX / sizeof(*evs))
		max = INT_MAX / sizeof(*evs);
	if (dev->ring_mode)
		return ring_take(dev, evs, max);
	while (got < max) {
		p.fd = dev->fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 0) < 0) {
			if (errno == EINTR)
				continue;
			return got ? (int)got : neg_errno();
		}
		if (p.revents & POLLNVAL)
			return got ? (int)got : -EBADF;
		if (!(p.revents & POLLIN)) {
			/* Nothing left, and an error: removal or a fault. */
			if (!got && (p.revents & (POLLERR | POLLHUP)))
				return error_state(dev, p.revents);
			break;
		}
		n = read_records(dev, evs + got, max - got);
		if (n < 0) {
			if (n == -EINTR)
				continue;
			if (n == -EAGAIN)
				break;
			return got ? (int)got : n;
		}
		got += (unsigned int)n;
	}
	return (int)got;
}

/* uirq_wait() for kernels before API 3: poll, then read. */
static int legacy_wait(struct uirq_dev *dev, struct uirq_event *ev,
		       int timeout_ms)
{
	int64_t deadline = 0, left;
	struct pollfd p;
	int ret, wait_ms = timeout_ms;

	if (timeout_ms > 0)
		deadline = now_ms() + timeout_ms;
	for (;;) {
		ret = uirq_read_events(dev, ev, 1);
		if (ret)
			return ret < 0 ? ret : 0;
		if (timeout_ms == 0)
			return -ETIMEDOUT;
		p.fd = dev->fd;
		p.events = POLLIN;
		p.revents = 0;
		ret = poll(&p, 1, wait_ms);
		if (ret < 0)
			return neg_errno();	/* -EINTR: let the caller see signals */
		if (ret == 0)
			return -ETIMEDOUT;
		if (timeout_ms > 0) {
			/* Woken but beaten to the record: wait only the rest. */
			left = deadline - now_ms();
			wait_ms = left > 0 ? (int)left : 0;
		}
		if (p.revents & POLLIN)
			continue;
		if (p.revents & POLLNVAL)
			return -EBADF;
		if (p.revents & (POLLERR | POLLHUP))
			return error_state(dev, p.revents);
	}
}

int uirq_wait_events(struct uirq_dev *dev, struct uirq_event *evs,
		     unsigned int max, int timeout_ms, unsigned int flags)
{
	int ret;

	if (!dev || !evs || !max || timeout_ms < -1 || flags & ~UIRQ_WAIT_UNMASK)
		return -EINVAL;
	if (max > INT_MAX / sizeof(*evs))
		max = INT_MAX / sizeof(*evs);
	if (dev->ring_mode)
		return ring_wait(dev, evs, max, timeout_ms, flags);
	if (flags & UIRQ_WAIT_UNMASK && dev->irq_on && dev->unmask_noop)
		flags &= ~UIRQ_WAIT_UNMASK;
	if (dev->api_version >= 3)
		return wait_ioctl(dev, evs, max, timeout_ms, flags);
	/* An older kernel: the same in several system calls. */
	if (flags & UIRQ_WAIT_UNMASK) {
		ret = uirq_unmask(dev);
		if (ret)
			return ret;
	}
	ret = legacy_wait(dev, evs, timeout_ms);
	if (ret)
		return ret;
	ret = max > 1 ? uirq_read_events(dev, evs + 1, max - 1) : 0;
	return ret > 0 ? 1 + ret : 1;
}

int uirq_wait(struct uirq_dev *dev, struct uirq_event *ev, int timeout_ms)
{
	int ret;

	if (!dev || !ev || timeout_ms < -1)
		return -EINVAL;
	if (!dev->ring_mode && dev->api_version < 3)
		return legacy_wait(dev, ev, timeout_ms);
	ret = uirq_wait_events(dev, ev, 1, timeout_ms, 0);
	return ret < 0 ? ret : 0;
}

int uirq_get_stats(struct uirq_dev *dev, struct uirq_stats *st,
		   unsigned int flags)
{
	if (!dev || !st)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	st->argsz = sizeof(*st);
	st->flags = flags;
	if (ioctl(dev->fd, UIRQ_GET_STATS, st))
		return neg_errno();
	return 0;
}

int uirq_set_eventfd(struct uirq_dev *dev, int fd)
{
	struct uirq_eventfd e = { .argsz = sizeof(e), .fd = fd };

	if (!dev || fd < -1)
		return -EINVAL;
	if (ioctl(dev->fd, UIRQ_SET_EVENTFD, &e))
		return neg_errno();
	return 0;
}
