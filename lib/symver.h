/* SPDX-License-Identifier: MIT */
/*
 * Not installed. In the shared library, the functions whose structures
 * grew in API 2 are compiled under internal names, exported as the default
 * LIBUIRQ_2 version (device.c), next to the LIBUIRQ_1 versions compat.c
 * keeps for binaries built against API 1 (struct uirq_info grew again in
 * API 4: uirq_get_info is LIBUIRQ_4's by default, with a LIBUIRQ_2
 * version for API 2 and 3 binaries). No plain symbol of these names
 * exists there, so the linker cannot bind an old binary to the new size.
 */
#ifndef LIBUIRQ_SYMVER_H
#define LIBUIRQ_SYMVER_H

#ifdef LIBUIRQ_SHARED
#define uirq_get_info		uirq_get_info_v4
#define uirq_wait		uirq_wait_v2
#define uirq_read_events	uirq_read_events_v2
#define uirq_get_stats		uirq_get_stats_v2
#endif

#endif /* LIBUIRQ_SYMVER_H */
