// SPDX-License-Identifier: MIT
/*
 * libuirq.so.1 binaries built against API 1: struct uirq_event (88 bytes),
 * struct uirq_stats (80) and struct uirq_info (36) grew at their ends in
 * API 2, and struct uirq_info (44 in API 2 and 3) again in API 4; a
 * caller's array or structure is only as large as the header it was built
 * with. The functions that fill them keep an LIBUIRQ_1
 * version that writes the old size; new binaries link the LIBUIRQ_2 ones.
 * Only the shared library has versions (the static one is linked with the
 * header it is built with); the _v1 functions exist in both, so the host
 * tests can call them.
 */
#include <errno.h>
#include <string.h>

#include "symver.h"
#include "libuirq.h"
#include "device-test.h"

#define V1_EVENT	UIRQ_EVENT_SIZE_V1
#define V1_STATS	offsetof(struct uirq_stats, faults)
#define V1_INFO		offsetof(struct uirq_info, event_size)
#define V2_INFO		offsetof(struct uirq_info, msi_max)


#ifdef LIBUIRQ_SHARED
__asm__(".symver uirq_get_info_v1, uirq_get_info@LIBUIRQ_1");
__asm__(".symver uirq_get_info_v2, uirq_get_info@LIBUIRQ_2");
__asm__(".symver uirq_wait_v1, uirq_wait@LIBUIRQ_1");
__asm__(".symver uirq_read_events_v1, uirq_read_events@LIBUIRQ_1");
__asm__(".symver uirq_get_stats_v1, uirq_get_stats@LIBUIRQ_1");
#endif

/* The first @size bytes of struct uirq_info, as an older header has it. */
static int info_prefix(struct uirq_dev *dev, void *info, size_t size)
{
	struct uirq_info i;
	int ret;

	if (!info)
		return -EINVAL;
	ret = uirq_get_info(dev, &i);
	if (ret)
		return ret;
	i.argsz = (uint32_t)size;
	memcpy(info, &i, size);
	return 0;
}

int uirq_get_info_v1(struct uirq_dev *dev, void *info)
{
	return info_prefix(dev, info, V1_INFO);
}

/* API 2 and 3 binaries: struct uirq_info without the API 4 fields. */
int uirq_get_info_v2(struct uirq_dev *dev, void *info)
{
	return info_prefix(dev, info, V2_INFO);
}

int uirq_wait_v1(struct uirq_dev *dev, void *ev, int timeout_ms)
{
	struct uirq_event e;
	int ret;

	if (!ev)
		return -EINVAL;
	ret = uirq_wait(dev, &e, timeout_ms);
	if (!ret)
		memcpy(ev, &e, V1_EVENT);
	return ret;
}

/* At most a batch of 16: "up to @max" allows fewer. */
int uirq_read_events_v1(struct uirq_dev *dev, void *evs, unsigned int max)
{
	struct uirq_event e[16];
	int i, ret;

	if (!evs || !max)
		return -EINVAL;
	ret = uirq_read_events(dev, e, max < 16 ? max : 16);
	for (i = 0; i < ret; i++)
		memcpy((char *)evs + (size_t)i * V1_EVENT, &e[i], V1_EVENT);
	return ret;
}

int uirq_get_stats_v1(struct uirq_dev *dev, void *st, unsigned int flags)
{
	struct uirq_stats s;
	int ret;

	if (!st)
		return -EINVAL;
	ret = uirq_get_stats(dev, &s, flags);
	if (ret)
		return ret;
	s.argsz = V1_STATS;
	memcpy(st, &s, V1_STATS);
	return 0;
}
