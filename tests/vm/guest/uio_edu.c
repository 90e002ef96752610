// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * uio_edu: the same job as uirq-edu, through the kernel's uio_pci_generic,
 * as the baseline on the same shared line.
 *
 *   uio_edu --uio N --count C [--quiet]
 *
 * uio_pci_generic's handler masks INTx (PCI command bit 10) when the
 * device's interrupt status bit is set; user space handles the device and
 * clears that bit in config space to unmask. So per interrupt: raise a distinct
 * value (BAR0 0x60), read() the 4-byte event count, check the device's
 * status holds the value, acknowledge it (0x64), unmask.
 *
 * On a shared line the count can grow by more than one per wakeup: while
 * INTx is masked but the device's status is still set, the handler claims
 * the other devices' interrupts too (pci_check_and_mask_intx() sees the
 * pending bit). A wakeup whose status is zero is such a leftover and only
 * unmasks again. The summary, last line:
 *   uioN BDF: raised N received N mismatched N lost N
 * followed by nothing; a "uioN: events N extra N" line precedes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define BAR0_MAP_LEN	4096
#define TIMEOUT_MS	2000

/*
 * uio_pci_generic has no irqcontrol: user space unmasks INTx itself by
 * clearing the PCI command register's interrupt-disable bit (bit 10, bit
 * 2 of byte 5) through the config file, as the UIO HOWTO shows.
 */
static int cfg_fd = -1;

static int unmask(int fd)
{
	uint8_t hi;

	(void)fd;
	if (pread(cfg_fd, &hi, 1, 5) != 1)
		return -errno;
	hi &= (uint8_t)~0x4;
	if (pwrite(cfg_fd, &hi, 1, 5) != 1)
		return -errno;
	return 0;
}

/* Wait for the next event count; 0, -ETIMEDOUT or -errno. */
static int wait_event(int fd, uint32_t *count)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;

	do {
		n = poll(&pfd, 1, TIMEOUT_MS);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (read(fd, count, sizeof(*count)) != sizeof(*count))
		return -errno;
	return 0;
}

static int open_or_report(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		fprintf(stderr, "uio_edu: %s: %s\n", path, strerror(errno));
	return fd;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "uio", required_argument, NULL, 'u' },
		{ "count", required_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long count = 1000, raised = 0, received = 0, mismatched = 0;
	unsigned long lost = 0, stale = 0;
	uint32_t ev, first_ev = 0, last_ev = 0;
	char path[128], link[256], bdf[256];
	volatile uint32_t *bar0;
	bool quiet = false, have_first = false;
	int uio = -1, fd, res, c, ret;
	uint64_t t0;
	ssize_t n;
	void *map;

	while ((c = getopt_long(argc, argv, "u:n:q", lopts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uio = atoi(optarg);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'q':
			quiet = true;
			break;
		default:
			return 2;
		}
	}
	if (uio < 0 || optind != argc) {
		fprintf(stderr, "usage: uio_edu --uio N [--count C] [--quiet]\n");
		return 2;
	}

	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/device", uio);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		fprintf(stderr, "uio_edu: %s: %s\n", path, strerror(errno));
		return 1;
	}
	link[n] = '\0';
	snprintf(bdf, sizeof(bdf), "%s",
		 strrchr(link, '/') ? strrchr(link, '/') + 1 : link);

	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/device/resource0", uio);
	res = open_or_report(path, O_RDWR | O_SYNC);
	if (res < 0)
		return 1;
	map = mmap(NULL, BAR0_MAP_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, res, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "uio_edu: mmap %s: %s\n", path, strerror(errno));
		return 1;
	}
	bar0 = map;

	snprintf(path, sizeof(path), "/sys/class/uio/uio%d/device/config", uio);
	cfg_fd = open_or_report(path, O_RDWR);
	if (cfg_fd < 0)
		return 1;

	snprintf(path, sizeof(path), "/dev/uio%d", uio);
	fd = open_or_report(path, O_RDWR);
	if (fd < 0)
		return 1;
	/* Start clean: nothing pending at the device, INTx unmasked. */
	bar0[EDU_IRQ_ACK / 4] = bar0[EDU_IRQ_STATUS / 4];
	ret = unmask(fd);
	if (ret) {
		fprintf(stderr, "uio_edu: unmask: %s\n", strerror(-ret));
		return 1;
	}

	t0 = now_ns();
	while (raised < count) {
		/* Slot 31 in the top byte: values no uirq-edu raises. */
		uint32_t v = (0x1fu << 24) | (uint32_t)(raised % 0xffffffu + 1);
		uint32_t st;

		bar0[EDU_IRQ_RAISE / 4] = v;
		raised++;
		for (;;) {
			ret = wait_event(fd, &ev);
			if (ret)
				break;
			if (!have_first) {
				first_ev = ev - 1;
				have_first = true;
			}
			last_ev = ev;
			st = bar0[EDU_IRQ_STATUS / 4];
			if (st)
				break;
			/* A leftover count from a masked-but-pending moment. */
			stale++;
			unmask(fd);
		}
		if (ret == -ETIMEDOUT) {
			lost++;
			if (!quiet)
				fprintf(stderr, "uio_edu: uio%d: no event for %#x\n",
					uio, v);
			bar0[EDU_IRQ_ACK / 4] = bar0[EDU_IRQ_STATUS / 4];
			unmask(fd);
			continue;
		}
		if (ret) {
			fprintf(stderr, "uio_edu: uio%d: %s\n", uio, strerror(-ret));
			break;
		}
		received++;
		if (st != v) {
			mismatched++;
			if (!quiet)
				fprintf(stderr, "uio_edu: uio%d: raised %#x, status %#x\n",
					uio, v, st);
		}
		bar0[EDU_IRQ_ACK / 4] = st;
		ret = unmask(fd);
		if (ret) {
			fprintf(stderr, "uio_edu: unmask: %s\n", strerror(-ret));
			break;
		}
	}
	t0 = now_ns() - t0;
	printf("uio%d: events %" PRIu32 " extra %ld stale wakeups %lu, %lu interrupts in %.3f s (%.0f/s)\n",
	       uio, last_ev - first_ev, (long)(last_ev - first_ev) - (long)received,
	       stale, received, t0 / 1e9, t0 ? received * 1e9 / (double)t0 : 0.0);
	printf("uio%d %s: raised %lu received %lu mismatched %lu lost %lu\n",
	       uio, bdf, raised, received, mismatched, lost);
	close(fd);
	munmap(map, BAR0_MAP_LEN);
	close(res);
	return raised == count && received == raised && !mismatched && !lost ? 0 : 1;
}
