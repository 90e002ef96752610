/* SPDX-License-Identifier: MIT */
/*
 * Not part of the public API: lets tests/unit/test_device.c wrap an
 * arbitrary descriptor (a pipe, /dev/null) in a struct uirq_dev, so that
 * the library's own logic (argument checks, record framing, timeouts,
 * hang-up) is tested without uirq.ko. libuirq.map keeps it out of the
 * shared library's exports.
 */
#ifndef LIBUIRQ_DEVICE_TEST_H
#define LIBUIRQ_DEVICE_TEST_H

#include "libuirq.h"

/* Take ownership of @fd (uirq_close() closes it). Return: 0 or -ENOMEM. */
int uirq__dev_from_fd(int fd, struct uirq_dev **devp);

/*
 * Describe region @ri->index as if UIRQ_GET_REGION_INFO had (the answer
 * is cached): with a memfd as the file, mapping and pread/pwrite work.
 * Return: 0 or -EINVAL.
 */
int uirq__dev_set_region(struct uirq_dev *dev,
			 const struct uirq_region_info *ri);

/*
 * Pretend UIRQ_IRQ_ON settled on @size-byte records (an API 1 kernel:
 * UIRQ_EVENT_SIZE_V1). A new handle reads sizeof(struct uirq_event).
 */
void uirq__dev_set_event_size(struct uirq_dev *dev, uint32_t size);

/* The LIBUIRQ_1 versions (lib/compat.c), for API 1 sized structures. */
int uirq_get_info_v1(struct uirq_dev *dev, void *info);
int uirq_get_info_v2(struct uirq_dev *dev, void *info);
int uirq_wait_v1(struct uirq_dev *dev, void *ev, int timeout_ms);
int uirq_read_events_v1(struct uirq_dev *dev, void *evs, unsigned int max);
int uirq_get_stats_v1(struct uirq_dev *dev, void *st, unsigned int flags);
/* The LIBUIRQ_2 uirq_get_info (API 2 and 3's 44-byte struct uirq_info). */
int uirq_get_info_v2(struct uirq_dev *dev, void *info);

#endif /* LIBUIRQ_DEVICE_TEST_H */
