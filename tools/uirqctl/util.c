// SPDX-License-Identifier: MIT
/*
 * Small helpers the device commands share (cmd_device.c, cmd_top.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "uirqctl.h"

const char *const uirqctl_stat_names[NUM_STATS] = {
	"handled", "declined", "quiet", "events", "dropped", "enable_runs",
	"unmask_events", "max_ns", "total_ns", "faults", "guard_checks",
};

void uirqctl_copy_str(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int uirqctl_read_attr(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}
