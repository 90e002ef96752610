// SPDX-License-Identifier: MIT
/*
 * uirqctl: assemble, check and simulate uirq programs, and manage uirq
 * devices. Subcommands live in per-group tables (uirqctl.h); this file
 * only finds the command and handles the help conventions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "uirqctl.h"

const struct uirqctl_cmd *uirqctl_current;

static const struct {
	const char *title;
	const struct uirqctl_cmd *cmds;
} groups[] = {
	{ "Programs (offline, no device needed)", uirqctl_offline_cmds },
	{ "Devices", uirqctl_device_cmds },
	{ "Watching (sysfs only, while drivers run)", uirqctl_top_cmds },
	{ "Non-PCI devices (ISA, LPC, platform)", uirqctl_res_cmds },
};

#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

static const struct uirqctl_cmd *find_cmd(const char *name)
{
	const struct uirqctl_cmd *c;
	size_t g;

	for (g = 0; g < NGROUPS; g++)
		for (c = groups[g].cmds; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

static void print_usage(FILE *f)
{
	const struct uirqctl_cmd *c;
	size_t g;

	fprintf(f, "usage: uirqctl COMMAND [ARGS...]\n"
		   "       uirqctl help COMMAND | uirqctl COMMAND --help\n");
	for (g = 0; g < NGROUPS; g++) {
		fprintf(f, "\n%s:\n", groups[g].title);
		for (c = groups[g].cmds; c->name; c++)
			fprintf(f, "  %-8s %s\n", c->name, c->summary);
	}
	fprintf(f, "\nExit status: 0 success, 1 failure or program rejected, 2 usage error.\n"
		   "See uirqctl(1) and docs/isa.md for the program syntax.\n");
}

static void print_help(const struct uirqctl_cmd *c)
{
	printf("usage: uirqctl %s%s%s\n\n%s\n", c->name, c->args[0] ? " " : "",
	       c->args, c->summary);
	if (c->help && c->help[0])
		printf("\n%s", c->help);
}

static void vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "uirqctl: ");
	if (uirqctl_current)
		fprintf(stderr, "%s: ", uirqctl_current->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int uirqctl_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	if (uirqctl_current)
		fprintf(stderr, "usage: uirqctl %s %s\n(uirqctl %s --help for more)\n",
			uirqctl_current->name, uirqctl_current->args,
			uirqctl_current->name);
	return UIRQCTL_USAGE;
}

int uirqctl_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	return UIRQCTL_FAIL;
}

int main(int argc, char **argv)
{
	const struct uirqctl_cmd *c;
	int i;

	if (argc < 2) {
		print_usage(stderr);
		return UIRQCTL_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_usage(stdout);
		return UIRQCTL_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			print_usage(stdout);
			return UIRQCTL_OK;
		}
		c = find_cmd(argv[2]);
		if (!c || argc > 3) {
			fprintf(stderr, c ? "uirqctl: help: one command at a time\n" :
				"uirqctl: help: unknown command '%s'\n", argv[2]);
			return UIRQCTL_USAGE;
		}
		print_help(c);
		return UIRQCTL_OK;
	}
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr, "uirqctl: unknown command '%s' (uirqctl --help lists them)\n",
			argv[1]);
		return UIRQCTL_USAGE;
	}
	for (i = 2; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(c);
			return UIRQCTL_OK;
		}
	}
	uirqctl_current = c;
	return c->run(argc - 1, argv + 1);
}
