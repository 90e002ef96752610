/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The only file of core/ that knows whether it is compiled into uirq.ko or
 * into user space. It gives the core the kernel's short integer types,
 * errno values, snprintf and likely/unlikely in both worlds.
 */
#ifndef UIRQ_COMPAT_H
#define UIRQ_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/compiler.h>
#include <linux/string.h>
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#endif /* __KERNEL__ */

#include "uirq.h"

#endif /* UIRQ_COMPAT_H */
