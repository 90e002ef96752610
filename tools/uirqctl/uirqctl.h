/* SPDX-License-Identifier: MIT */
/*
 * uirqctl: one table of subcommands per source file, dispatched by main.c.
 *
 * A subcommand's run() gets argv with argv[0] = its own name and returns
 * the exit status: UIRQCTL_OK, UIRQCTL_FAIL (the operation failed or the
 * program was rejected) or UIRQCTL_USAGE (bad command line). "--help" and
 * "-h" never reach run(): main.c prints the command's help instead.
 */
#ifndef UIRQCTL_H
#define UIRQCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "libuirq.h"

#define UIRQCTL_OK	0
#define UIRQCTL_FAIL	1
#define UIRQCTL_USAGE	2

struct uirqctl_cmd {
	const char *name;
	const char *args;	/* synopsis after the name */
	const char *summary;	/* one line for `uirqctl --help` */
	const char *help;	/* the rest of `uirqctl help NAME` */
	int (*run)(int argc, char **argv);
};

/* Each table ends with an entry whose name is NULL. */
extern const struct uirqctl_cmd uirqctl_offline_cmds[];	/* cmd_offline.c */
extern const struct uirqctl_cmd uirqctl_device_cmds[];	/* cmd_device.c */
extern const struct uirqctl_cmd uirqctl_res_cmds[];	/* cmd_res.c */
extern const struct uirqctl_cmd uirqctl_top_cmds[];	/* cmd_top.c */

/*
 * `uirqctl list --json` and `uirqctl stats --json NAME` (cmd_top.c, with
 * top's sysfs reader). Return: the exit status.
 */
int uirqctl_list_json(void);
int uirqctl_stats_json(const char *name);

/* The counters uirq.ko keeps in /sys/class/uirq/<name>/stats/, in the
 * order of `uirqctl stats`; their file names in uirqctl_stat_names (util.c). */
enum {
	ST_HANDLED, ST_DECLINED, ST_QUIET, ST_EVENTS, ST_DROPPED,
	ST_ENABLE_RUNS, ST_UNMASK_EVENTS, ST_MAX_NS, ST_TOTAL_NS, ST_FAULTS,
	ST_GUARD_CHECKS, NUM_STATS
};
extern const char *const uirqctl_stat_names[NUM_STATS];

/* strlcpy: copy what fits (util.c); the tables are for humans. */
void uirqctl_copy_str(char *dst, size_t len, const char *src);
/*
 * Read a small sysfs attribute at @path into @buf (@len bytes), without its
 * trailing newline (util.c). Return: 0 or -errno.
 */
int uirqctl_read_attr(const char *path, char *buf, size_t len);

/* A name /dev/uirq/control accepts for a non-PCI device (cmd_res.c). */
bool uirqctl_is_dev_name(const char *s);

/* The command being run (for messages), set by main.c. */
extern const struct uirqctl_cmd *uirqctl_current;

/*
 * "uirqctl: NAME: message" and the command's synopsis on stderr.
 * Return: UIRQCTL_USAGE.
 */
__attribute__((format(printf, 1, 2)))
int uirqctl_usage(const char *fmt, ...);

/* "uirqctl: NAME: message" on stderr. Return: UIRQCTL_FAIL. */
__attribute__((format(printf, 1, 2)))
int uirqctl_fail(const char *fmt, ...);

#endif /* UIRQCTL_H */
