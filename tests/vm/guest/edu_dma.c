// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * edu_dma: does a DMA outlive the driver that armed it?
 *
 *   edu_dma --device BDF --kill [--delay MS]
 *   edu_dma --device BDF --control
 *
 * The parent process owns some memory (the "victim"): it allocates and
 * mlock()s pages, fills them with a pattern and finds through
 * /proc/self/pagemap (root only) two pages below edu's 28-bit DMA limit.
 * It forks a child driver, which opens the device with libuirq, enables
 * bus mastering (config write, command bit 2), fills edu's internal
 * buffer with FILL_BYTE from the parent's second page (RAM->edu DMA,
 * waited for), then arms an edu->RAM DMA of EDU_DMA_LEN bytes from edu's
 * buffer onto the parent's victim page, tells the parent through a pipe
 * and sleeps.
 *
 * --kill: the parent kill -9s the child (after MS milliseconds, default
 * 0), reaps it, waits a second (ten times the DMA timer) and counts the
 * bytes of its page that changed. A driver's death must stop its device:
 * 0 is the only good answer, and bus mastering must read off afterwards.
 * --control: the child waits for the DMA to complete and exits normally:
 * the page must have changed (EDU_DMA_LEN bytes), which proves that a
 * write would be seen.
 *
 * Output, one line (the scenario judges it):
 *   "BDF: mode kill delay_ms D release_ms R dma_len L dma_bytes_written N
 *    bus_master B"
 * release_ms: from just before the DMA was armed until the child was
 * reaped (its files released); below 100 the DMA was still pending when
 * the device file was released. bus_master: command bit 2 after the
 * release, read through /sys/bus/pci/devices/BDF/config.
 * Exit status 0 when it ran, 1 on a setup error (the message says which),
 * 2 on bad usage.
 *
 * What QEMU's code says (read for Debian 12's QEMU 7.2.22; hw/misc/edu.c
 * and the PCI core have not changed in this respect between 6.2 and
 * today, except where noted):
 *
 * - hw/misc/edu.c, edu_mmio_write()/edu_mmio_read(): registers at 0x80
 *   (dma.src), 0x88 (dma.dst), 0x90 (dma.cnt), 0x98 (dma.cmd), 4- or
 *   8-byte accesses (below 0x80 only 4). The values are 64-bit
 *   (dma_addr_t); a 4-byte write stores the zero-extended value. dma_rw()
 *   ignores every write to these registers while EDU_DMA_RUN is set; a
 *   0x98 write without EDU_DMA_RUN (bit 0) is ignored, one with it stores
 *   the command and starts dma_timer 100 ms ahead on QEMU_CLOCK_VIRTUAL
 *   (timer_mod(..., qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) + 100)).
 *   Command bits: 0x1 EDU_DMA_RUN, 0x2 the direction (EDU_DMA_DIR(): 0
 *   EDU_DMA_FROM_PCI = RAM -> edu, 1 EDU_DMA_TO_PCI = edu -> RAM), 0x4
 *   EDU_DMA_IRQ (raise DMA_IRQ 0x100 on completion; not used here, so no
 *   stray INTx follows a kill). Reading 0x98 returns the command: bit 0
 *   stays set until the transfer is done.
 * - edu_dma_timer(): nothing is moved before the timer fires. Then it
 *   checks the edu-side range with edu_check_range() against DMA_START
 *   0x40000 / DMA_SIZE 4096 (dma_buf[4096]), masks the RAM address with
 *   edu_clamp_addr() (dma_mask, 28 bits by default, printing "EDU:
 *   clamping DMA ..." when it changes anything), calls pci_dma_read() or
 *   pci_dma_write(), clears EDU_DMA_RUN and raises DMA_IRQ if asked.
 *   It ignores the MemTxResult. edu has no reset handler: a device reset
 *   neither stops the timer nor clears dma.cmd.
 * - edu_check_range() calls hw_error() (which aborts QEMU) when the range
 *   fails. In 7.2 it still reads "within(addr, start, end2) && end1 > addr
 *   && within(end1, start, end2)" with within() exclusive at the top, so
 *   a transfer of exactly 4096 bytes from 0x40000 kills the VM ("qemu:
 *   hardware error: EDU: DMA range ... out of bounds"). Upstream fixed it
 *   in 2c5107e1b455 ("edu: fix DMA range upper bound check", 8.2.1 /
 *   9.0; not in Debian's 7.2.x changelog), later replaced hw_error by
 *   qemu_log_mask. Checked in Debian's binary: edu_dma_timer compares
 *   src/dst + cnt with 0x40fff and calls hw_error above it. Hence
 *   EDU_DMA_LEN is 4095: the largest length every version accepts.
 * - hw/pci/pci.c, pci_init_bus_master(): bus_master_enable_region is an
 *   alias of the DMA address space's root (system memory here, no IOMMU)
 *   inside bus_master_container_region, the root of the device's
 *   bus_master_as; it starts disabled. pci_default_write_config(): on any
 *   write covering PCI_COMMAND, memory_region_set_enabled(
 *   &bus_master_enable_region, (command & PCI_COMMAND_MASTER) &&
 *   has_power). include/hw/pci/pci.h: pci_dma_read/pci_dma_write ->
 *   pci_dma_rw() -> dma_memory_rw(pci_get_address_space(dev) =
 *   &dev->bus_master_as, ...). So with bus mastering off the address space
 *   maps nothing: the write goes to unassigned memory and is dropped (a
 *   RAM -> edu read yields no RAM data), and edu does not notice. What
 *   counts is the bit when the timer fires, not when the DMA was armed:
 *   clearing bus mastering within 100 ms of arming stops the transfer.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libuirq.h>

/* edu's DMA engine (hw/misc/edu.c). */
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_CNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2	/* direction: edu -> RAM */
#define EDU_BUF_ADDR		0x40000	/* DMA_START */
/* 4096 would abort QEMU 7.2 (see above): one byte less. */
#define EDU_DMA_LEN		4095
#define EDU_DMA_LIMIT		(1ULL << 28)	/* edu's dma_mask */
#define EDU_TIMER_MS		100

#define PCI_COMMAND_OFF		4
#define PCI_COMMAND_MASTER_BIT	0x4

#define FILL_BYTE		0xc3	/* edu's buffer; never in the pattern */
#define CHUNK_PAGES		256
#define MAX_CHUNKS		64

static size_t page_size;

/* The pattern of the owner's pages: 0x00..0x7f, never FILL_BYTE. */
static uint8_t pattern(size_t i, unsigned int seed)
{
	return (uint8_t)((i * 13 + seed) & 0x7f);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The physical address of the page at @va, 0 when unknown. */
static uint64_t phys_of(int pagemap, const void *va)
{
	uint64_t ent;
	off_t off = (off_t)((uintptr_t)va / page_size) * 8;

	if (pread(pagemap, &ent, sizeof(ent), off) != (ssize_t)sizeof(ent))
		return 0;
	if (!(ent & (1ULL << 63)))		/* not present */
		return 0;
	ent &= (1ULL << 55) - 1;		/* PFN: bits 0-54 */
	return ent * page_size;
}

/*
 * Find two pages of ours below EDU_DMA_LIMIT, locked and kept out of the
 * child (MADV_DONTFORK: no copy-on-write sharing, the pages stay the
 * parent's alone). Chunks without one are unmapped again.
 */
static int find_pages(unsigned int seed, volatile uint8_t **victim,
		      uint64_t *victim_pa, volatile uint8_t **fill,
		      uint64_t *fill_pa)
{
	size_t len = CHUNK_PAGES * page_size;
	int pagemap, n;

	*victim = *fill = NULL;
	pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pagemap < 0) {
		fprintf(stderr, "edu_dma: /proc/self/pagemap: %s\n", strerror(errno));
		return -1;
	}
	for (n = 0; n < MAX_CHUNKS && !(*victim && *fill); n++) {
		uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		bool used = false;
		size_t i, j;

		if (p == MAP_FAILED) {
			fprintf(stderr, "edu_dma: mmap: %s\n", strerror(errno));
			break;
		}
		if (madvise(p, len, MADV_DONTFORK) ||
		    madvise(p, len, MADV_NOHUGEPAGE) || mlock(p, len)) {
			fprintf(stderr, "edu_dma: madvise/mlock: %s\n", strerror(errno));
			munmap(p, len);
			break;
		}
		for (i = 0; i < CHUNK_PAGES; i++) {
			uint8_t *pg = p + i * page_size;
			uint64_t pa = phys_of(pagemap, pg);

			if (!pa && n == 0 && i == 0) {
				fprintf(stderr, "edu_dma: pagemap shows no PFN (not root?)\n");
				close(pagemap);
				return -1;
			}
			if (!pa || pa + page_size > EDU_DMA_LIMIT)
				continue;
			if (!*victim) {
				for (j = 0; j < page_size; j++)
					pg[j] = pattern(j, seed);
				*victim = pg;
				*victim_pa = pa;
				used = true;
			} else if (!*fill) {
				memset(pg, FILL_BYTE, page_size);
				*fill = pg;
				*fill_pa = pa;
				used = true;
				break;
			}
		}
		if (!used)
			munmap(p, len);
	}
	close(pagemap);
	if (!(*victim && *fill)) {
		fprintf(stderr, "edu_dma: no two pages below %#llx in %d chunks\n",
			EDU_DMA_LIMIT, n);
		return -1;
	}
	return 0;
}

/* The number of bytes of the victim page that are not the pattern. */
static size_t changed(volatile const uint8_t *pg, unsigned int seed)
{
	size_t i, n = 0;

	for (i = 0; i < page_size; i++)
		if (pg[i] != pattern(i, seed))
			n++;
	return n;
}

/* Command bit 2 as the PCI core sees it now, or -1. */
static int bus_master_sysfs(const char *bdf)
{
	char path[128];
	uint8_t cmd[2];
	int fd;
	ssize_t r;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "edu_dma: %s: %s\n", path, strerror(errno));
		return -1;
	}
	r = pread(fd, cmd, sizeof(cmd), PCI_COMMAND_OFF);
	close(fd);
	if (r != (ssize_t)sizeof(cmd)) {
		fprintf(stderr, "edu_dma: %s: short read\n", path);
		return -1;
	}
	return !!(cmd[0] & PCI_COMMAND_MASTER_BIT);
}

struct armed_msg {
	int64_t armed_ns;	/* CLOCK_MONOTONIC just before the 0x98 write */
};

static int wr(struct uirq_dev *dev, const char *bdf, uint64_t off, uint64_t val)
{
	int ret = uirq_region_write(dev, UIRQ_REGION_BAR0, off, 4, val);

	if (ret)
		fprintf(stderr, "edu_dma: %s: writing bar0[%#" PRIx64 "]: %s\n",
			bdf, off, strerror(-ret));
	return ret;
}

/* Wait until 0x98's run bit is clear. Return: 0, or -1 (message out). */
static int wait_idle(struct uirq_dev *dev, const char *bdf, unsigned int ms)
{
	int64_t end = now_ns() + (int64_t)ms * 1000000;
	uint64_t cmd;
	int ret;

	for (;;) {
		ret = uirq_region_read(dev, UIRQ_REGION_BAR0, EDU_DMA_CMD, 4, &cmd);
		if (ret) {
			fprintf(stderr, "edu_dma: %s: reading the DMA command: %s\n",
				bdf, strerror(-ret));
			return -1;
		}
		if (!(cmd & EDU_DMA_RUN))
			return 0;
		if (now_ns() > end) {
			fprintf(stderr, "edu_dma: %s: DMA still running after %u ms (cmd %#" PRIx64 ")\n",
				bdf, ms, cmd);
			return -1;
		}
		sleep_ms(5);
	}
}

/* The driver. Never returns. */
static void child(const char *bdf, bool control, int wfd, uint64_t victim_pa,
		  uint64_t fill_pa)
{
	struct armed_msg msg;
	struct uirq_dev *dev;
	uint64_t cmd;
	int ret;

	ret = uirq_open(bdf, &dev);
	if (ret) {
		fprintf(stderr, "edu_dma: %s: open: %s\n", bdf, strerror(-ret));
		_exit(1);
	}
	ret = uirq_region_read(dev, UIRQ_REGION_CFG, PCI_COMMAND_OFF, 2, &cmd);
	if (!ret)
		ret = uirq_region_write(dev, UIRQ_REGION_CFG, PCI_COMMAND_OFF, 2,
					cmd | PCI_COMMAND_MASTER_BIT);
	if (!ret)
		ret = uirq_region_read(dev, UIRQ_REGION_CFG, PCI_COMMAND_OFF, 2, &cmd);
	if (ret) {
		fprintf(stderr, "edu_dma: %s: enabling bus mastering: %s\n", bdf,
			strerror(-ret));
		_exit(1);
	}
	if (!(cmd & PCI_COMMAND_MASTER_BIT)) {
		fprintf(stderr, "edu_dma: %s: bus mastering did not stick (command %#" PRIx64 ")\n",
			bdf, cmd);
		_exit(1);
	}
	/* A transfer still pending from someone else would ignore ours. */
	if (wait_idle(dev, bdf, 2000))
		_exit(1);
	/* edu's buffer := FILL_BYTE, from the owner's fill page. */
	if (wr(dev, bdf, EDU_DMA_SRC, fill_pa) ||
	    wr(dev, bdf, EDU_DMA_DST, EDU_BUF_ADDR) ||
	    wr(dev, bdf, EDU_DMA_CNT, EDU_DMA_LEN) ||
	    wr(dev, bdf, EDU_DMA_CMD, EDU_DMA_RUN) ||
	    wait_idle(dev, bdf, 2000))
		_exit(1);
	/* The transfer under test: edu's buffer onto the owner's page. */
	if (wr(dev, bdf, EDU_DMA_SRC, EDU_BUF_ADDR) ||
	    wr(dev, bdf, EDU_DMA_DST, victim_pa) ||
	    wr(dev, bdf, EDU_DMA_CNT, EDU_DMA_LEN))
		_exit(1);
	msg.armed_ns = now_ns();
	if (wr(dev, bdf, EDU_DMA_CMD, EDU_DMA_RUN | EDU_DMA_TO_RAM))
		_exit(1);
	if (write(wfd, &msg, sizeof(msg)) != (ssize_t)sizeof(msg)) {
		fprintf(stderr, "edu_dma: writing to the parent: %s\n", strerror(errno));
		_exit(1);
	}
	if (control) {
		if (wait_idle(dev, bdf, 2000))
			_exit(1);
		uirq_close(dev);
		_exit(0);
	}
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "kill", no_argument, NULL, 'k' },
		{ "control", no_argument, NULL, 'c' },
		{ "delay", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	volatile uint8_t *victim, *fill;
	uint64_t victim_pa = 0, fill_pa = 0;
	char bdf[UIRQ_BDF_LEN];
	const char *dev_arg = NULL;
	int mode = 0;		/* 'k' or 'c' */
	unsigned int delay = 0, seed;
	struct armed_msg msg;
	int64_t reaped_ns;
	int c, pfd[2], st = 0, bm;
	size_t n;
	ssize_t r;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "d:", lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev_arg = optarg;
			break;
		case 'k':
		case 'c':
			mode = c;
			break;
		case 'D':
			delay = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	if (!dev_arg || !mode || optind != argc) {
		fprintf(stderr, "usage: edu_dma --device BDF --kill [--delay MS] | --control\n");
		return 2;
	}
	if (uirq_parse_bdf(dev_arg, bdf, sizeof(bdf))) {
		fprintf(stderr, "edu_dma: bad BDF '%s'\n", dev_arg);
		return 2;
	}
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	seed = (unsigned int)getpid();
	if (find_pages(seed, &victim, &victim_pa, &fill, &fill_pa))
		return 1;
	printf("%s: victim page %#" PRIx64 " fill page %#" PRIx64 "\n", bdf,
	       victim_pa, fill_pa);
	fflush(stdout);

	if (pipe(pfd)) {
		perror("edu_dma: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("edu_dma: fork");
		return 1;
	}
	if (pid == 0) {
		close(pfd[0]);
		child(bdf, mode == 'c', pfd[1], victim_pa, fill_pa);
	}
	close(pfd[1]);
	do
		r = read(pfd[0], &msg, sizeof(msg));
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)sizeof(msg)) {
		/* The child failed before arming (it said why). */
		waitpid(pid, &st, 0);
		fprintf(stderr, "edu_dma: %s: the driver never armed the DMA (status %#x)\n",
			bdf, st);
		return 1;
	}
	if (mode == 'k') {
		if (delay)
			sleep_ms(delay);
		kill(pid, SIGKILL);
	}
	if (waitpid(pid, &st, 0) != pid) {
		perror("edu_dma: waitpid");
		return 1;
	}
	/* exit_files() runs before the parent is notified: released now. */
	reaped_ns = now_ns();
	if (mode == 'k' && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)) {
		fprintf(stderr, "edu_dma: %s: the driver was not killed (status %#x)\n",
			bdf, st);
		return 1;
	}
	if (mode == 'c' && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
		fprintf(stderr, "edu_dma: %s: the driver failed (status %#x)\n", bdf, st);
		return 1;
	}
	sleep_ms(10 * EDU_TIMER_MS);
	n = changed(victim, seed);
	bm = bus_master_sysfs(bdf);
	if (bm < 0)
		return 1;
	printf("%s: mode %s delay_ms %u release_ms %" PRId64 " dma_len %d dma_bytes_written %zu bus_master %d\n",
	       bdf, mode == 'k' ? "kill" : "control", delay,
	       (reaped_ns - msg.armed_ns) / 1000000, EDU_DMA_LEN, n, bm);
	return 0;
}
