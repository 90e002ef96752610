// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * runas: run a command as another user, for the unprivileged scenarios
 * (busybox has no setpriv, and su needs a password database).
 *
 *   runas UID GID[,GID...] CMD [ARG...]
 *
 * Sets the supplementary groups (all the GIDs), the group (the first) and
 * the user, which drops every capability, then checks it really cannot
 * get root back, and execs CMD. Exit status: CMD's, or 126 on a failure
 * here (the message says which call), 2 on a usage error.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_GROUPS	16

int main(int argc, char **argv)
{
	gid_t groups[MAX_GROUPS];
	char *s, *end;
	size_t n = 0;
	uid_t uid;

	if (argc < 4) {
		fprintf(stderr, "usage: runas UID GID[,GID...] CMD [ARG...]\n");
		return 2;
	}
	uid = (uid_t)strtoul(argv[1], &end, 10);
	if (*end || !uid) {
		fprintf(stderr, "runas: '%s': not a non-root uid\n", argv[1]);
		return 2;
	}
	for (s = argv[2]; *s && n < MAX_GROUPS; s = *end ? end + 1 : end) {
		groups[n++] = (gid_t)strtoul(s, &end, 10);
		if (*end && *end != ',') {
			fprintf(stderr, "runas: '%s': not a list of gids\n", argv[2]);
			return 2;
		}
	}
	if (!n || setgroups(n, groups) || setgid(groups[0]) || setuid(uid)) {
		fprintf(stderr, "runas: dropping to %s:%s: %s\n", argv[1], argv[2],
			strerror(errno));
		return 126;
	}
	if (!setuid(0)) {
		fprintf(stderr, "runas: still able to become root\n");
		return 126;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "runas: %s: %s\n", argv[3], strerror(errno));
	return 126;
}
