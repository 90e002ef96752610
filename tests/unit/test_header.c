// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The uapi header is ABI: it must compile on its own as C11 and C++11
 * under -pedantic (test_header_cxx.cc compiles this file as C++), and the
 * layout of every structure is pinned here. A layout change fails the
 * build of this test; the run-time checks repeat the numbers so that the
 * suite reports them as test cases.
 */
#include "uirq.h"	/* first: it must need nothing before it */

#include <stddef.h>
#include "harness.h"

#ifdef __cplusplus
#define PIN(cond)	static_assert(cond, #cond)
#define ALIGNOF(t)	alignof(t)
#else
#define PIN(cond)	_Static_assert(cond, #cond)
#define ALIGNOF(t)	_Alignof(t)
#endif

/* Compile time and run time, from one list. */
#define LAYOUT(X)							\
	X(sizeof(struct uirq_insn), 24)					\
	X(ALIGNOF(struct uirq_insn), 8)					\
	X(offsetof(struct uirq_insn, op), 0)				\
	X(offsetof(struct uirq_insn, dst), 1)				\
	X(offsetof(struct uirq_insn, src), 2)				\
	X(offsetof(struct uirq_insn, mode), 3)				\
	X(offsetof(struct uirq_insn, region), 4)			\
	X(offsetof(struct uirq_insn, jump), 6)				\
	X(offsetof(struct uirq_insn, off), 8)				\
	X(offsetof(struct uirq_insn, resv), 12)				\
	X(offsetof(struct uirq_insn, imm), 16)				\
	X(sizeof(struct uirq_window), 8)				\
	X(offsetof(struct uirq_window, lo), 0)				\
	X(offsetof(struct uirq_window, hi), 4)				\
	X(sizeof(struct uirq_prog_props), 152)				\
	X(offsetof(struct uirq_prog_props, flags), 0)			\
	X(offsetof(struct uirq_prog_props, region_mask), 4)		\
	X(offsetof(struct uirq_prog_props, max_steps), 8)		\
	X(offsetof(struct uirq_prog_props, max_delay_us), 12)		\
	X(offsetof(struct uirq_prog_props, cap_mask), 16)		\
	X(offsetof(struct uirq_prog_props, resv), 20)			\
	X(offsetof(struct uirq_prog_props, win), 24)			\
	X(sizeof(struct uirq_event), 96)				\
	X(ALIGNOF(struct uirq_event), 8)				\
	X(offsetof(struct uirq_event, seq), 0)				\
	X(offsetof(struct uirq_event, timestamp_ns), 8)			\
	X(offsetof(struct uirq_event, dropped), 16)			\
	X(offsetof(struct uirq_event, cap_mask), 20)			\
	X(offsetof(struct uirq_event, cap), 24)				\
	X(offsetof(struct uirq_event, flags), UIRQ_EVENT_SIZE_V1)	\
	X(offsetof(struct uirq_event, vector), 92)			\
	X(offsetof(struct uirq_event, fault), 94)			\
	X(sizeof(struct uirq_info), 92)					\
	X(offsetof(struct uirq_info, argsz), 0)				\
	X(offsetof(struct uirq_info, flags), 4)				\
	X(offsetof(struct uirq_info, irq), 8)				\
	X(offsetof(struct uirq_info, intx_pin), 12)			\
	X(offsetof(struct uirq_info, num_regions), 16)			\
	X(offsetof(struct uirq_info, api_version), 20)			\
	X(offsetof(struct uirq_info, vendor), 24)			\
	X(offsetof(struct uirq_info, device), 26)			\
	X(offsetof(struct uirq_info, domain), 28)			\
	X(offsetof(struct uirq_info, bus), 32)				\
	X(offsetof(struct uirq_info, devfn), 33)			\
	X(offsetof(struct uirq_info, resv), 34)				\
	X(offsetof(struct uirq_info, event_size), 36)			\
	X(offsetof(struct uirq_info, event_size_max), 40)		\
	X(offsetof(struct uirq_info, msi_max), 44)			\
	X(offsetof(struct uirq_info, msix_max), 46)			\
	X(offsetof(struct uirq_info, vectors), 48)			\
	X(offsetof(struct uirq_info, bus_type), 52)			\
	X(offsetof(struct uirq_info, trigger), 56)			\
	X(offsetof(struct uirq_info, name), 60)				\
	X(sizeof(struct uirq_res_range), 24)				\
	X(offsetof(struct uirq_res_range, start), 8)			\
	X(offsetof(struct uirq_res_range, size), 16)			\
	X(sizeof(struct uirq_ctl_create), 248)				\
	X(offsetof(struct uirq_ctl_create, name), 8)			\
	X(offsetof(struct uirq_ctl_create, irq), 40)			\
	X(offsetof(struct uirq_ctl_create, trigger), 44)		\
	X(offsetof(struct uirq_ctl_create, num_res), 48)		\
	X(offsetof(struct uirq_ctl_create, res), 56)			\
	X(sizeof(struct uirq_ctl_destroy), 40)				\
	X(sizeof(struct uirq_region_info), 32)				\
	X(ALIGNOF(struct uirq_region_info), 8)				\
	X(offsetof(struct uirq_region_info, argsz), 0)			\
	X(offsetof(struct uirq_region_info, flags), 4)			\
	X(offsetof(struct uirq_region_info, index), 8)			\
	X(offsetof(struct uirq_region_info, type), 12)			\
	X(offsetof(struct uirq_region_info, size), 16)			\
	X(offsetof(struct uirq_region_info, offset), 24)		\
	X(sizeof(struct uirq_load_prog), 192)				\
	X(ALIGNOF(struct uirq_load_prog), 8)				\
	X(offsetof(struct uirq_load_prog, argsz), 0)			\
	X(offsetof(struct uirq_load_prog, flags), 4)			\
	X(offsetof(struct uirq_load_prog, kind), 8)			\
	X(offsetof(struct uirq_load_prog, insn_cnt), 12)		\
	X(offsetof(struct uirq_load_prog, insns), 16)			\
	X(offsetof(struct uirq_load_prog, log_buf), 24)			\
	X(offsetof(struct uirq_load_prog, log_size), 32)		\
	X(offsetof(struct uirq_load_prog, err_insn), 36)		\
	X(offsetof(struct uirq_load_prog, props), 40)			\
	X(sizeof(struct uirq_irq_ctl), 24)				\
	X(offsetof(struct uirq_irq_ctl, argsz), 0)			\
	X(offsetof(struct uirq_irq_ctl, flags), 4)			\
	X(offsetof(struct uirq_irq_ctl, event_size), 8)			\
	X(offsetof(struct uirq_irq_ctl, resv), 12)			\
	X(offsetof(struct uirq_irq_ctl, vectors), 16)			\
	X(offsetof(struct uirq_irq_ctl, resv2), 20)			\
	X(sizeof(struct uirq_vector_eventfd), 16)			\
	X(offsetof(struct uirq_vector_eventfd, vector), 8)		\
	X(offsetof(struct uirq_vector_eventfd, fd), 12)			\
	X(sizeof(struct uirq_vector_prog), 192)				\
	X(offsetof(struct uirq_vector_prog, vector), 8)			\
	X(offsetof(struct uirq_vector_prog, insn_cnt), 12)		\
	X(offsetof(struct uirq_vector_prog, insns), 16)			\
	X(offsetof(struct uirq_vector_prog, log_buf), 24)		\
	X(offsetof(struct uirq_vector_prog, log_size), 32)		\
	X(offsetof(struct uirq_vector_prog, err_insn), 36)		\
	X(offsetof(struct uirq_vector_prog, props), 40)			\
	X(sizeof(struct uirq_stats), 112)				\
	X(ALIGNOF(struct uirq_stats), 8)				\
	X(offsetof(struct uirq_stats, argsz), 0)			\
	X(offsetof(struct uirq_stats, flags), 4)			\
	X(offsetof(struct uirq_stats, handled), 8)			\
	X(offsetof(struct uirq_stats, declined), 16)			\
	X(offsetof(struct uirq_stats, quiet), 24)			\
	X(offsetof(struct uirq_stats, events), 32)			\
	X(offsetof(struct uirq_stats, dropped), 40)			\
	X(offsetof(struct uirq_stats, enable_runs), 48)			\
	X(offsetof(struct uirq_stats, unmask_events), 56)		\
	X(offsetof(struct uirq_stats, max_ns), 64)			\
	X(offsetof(struct uirq_stats, total_ns), 72)			\
	X(offsetof(struct uirq_stats, faults), 80)			\
	X(offsetof(struct uirq_stats, fault_ns), 88)			\
	X(offsetof(struct uirq_stats, guard_checks), 96)		\
	X(offsetof(struct uirq_stats, fault), 104)			\
	X(offsetof(struct uirq_stats, resv), 108)			\
	X(sizeof(struct uirq_eventfd), 16)				\
	X(offsetof(struct uirq_eventfd, argsz), 0)			\
	X(offsetof(struct uirq_eventfd, flags), 4)			\
	X(offsetof(struct uirq_eventfd, fd), 8)				\
	X(offsetof(struct uirq_eventfd, resv), 12)			\
	X(sizeof(struct uirq_wait), 32)					\
	X(offsetof(struct uirq_wait, argsz), 0)				\
	X(offsetof(struct uirq_wait, flags), 4)				\
	X(offsetof(struct uirq_wait, timeout_ns), 8)			\
	X(offsetof(struct uirq_wait, events), 16)			\
	X(offsetof(struct uirq_wait, max_events), 24)			\
	X(offsetof(struct uirq_wait, count), 28)			\
	X(sizeof(struct uirq_ring), 144)				\
	X(offsetof(struct uirq_ring, head), 0)				\
	X(offsetof(struct uirq_ring, tail), 64)				\
	X(offsetof(struct uirq_ring, entries), 128)			\
	X(offsetof(struct uirq_ring, record_size), 132)			\
	X(offsetof(struct uirq_ring, records_off), 136)			\
	X(offsetof(struct uirq_ring, flags), 140)

/* Encoding constants: published values never change. */
#define CONSTANTS(X)							\
	X(UIRQ_API_VERSION, 4)						\
	X(UIRQ_INFO_LEVEL, 0x200)					\
	X(UIRQ_INFO_BUILTIN, 0x400)					\
	X(UIRQ_BUS_RES, 1)						\
	X(UIRQ_TRIGGER_EDGE_RISING, 1)					\
	X(UIRQ_TRIGGER_LEVEL_HIGH, 4)					\
	X(UIRQ_CTL_CREATE, 0xb760)					\
	X(UIRQ_CTL_DESTROY, 0xb761)					\
	X(UIRQ_MAX_VECTORS, 32)						\
	X(UIRQ_IRQ_MSI, 4)						\
	X(UIRQ_IRQ_MSIX, 8)						\
	X(UIRQ_INFO_MSI_ON, 0x1000)					\
	X(UIRQ_INFO_MSIX_ON, 0x2000)					\
	X(UIRQ_INFO_MSI_DMA, 0x4000)					\
	X(UIRQ_SET_VECTOR_EVENTFD, 0xb749)				\
	X(UIRQ_LOAD_VECTOR_PROG, 0xb74a)				\
	X(UIRQ_INFO_UNMASK_NOOP, 0x80)					\
	X(UIRQ_INFO_RING, 0x100)					\
	X(UIRQ_IRQ_RING, 2)						\
	X(UIRQ_WAIT_UNMASK, 1)						\
	X(UIRQ_WAIT, 0xb748)						\
	X(UIRQ_RING_OFFSET, 0x8000000000ull)				\
	X(UIRQ_RING_ENTRIES, 128)					\
	X(UIRQ_RING_RECORDS_OFF, 256)					\
	X(UIRQ_RING_SIZE, 12544)					\
	X(UIRQ_EVENT_SIZE_V1, 88)					\
	X(UIRQ_MAX_ACK_DELAY_US, 10)					\
	X(UIRQ_EVENT_FAULT, 1)						\
	X(UIRQ_FAULT_NONE, 0)						\
	X(UIRQ_FAULT_CLAIM_STORM, 1)					\
	X(UIRQ_FAULT_DECLINE_STORM, 2)					\
	X(UIRQ_FAULT_CLAIM_RATE, 3)					\
	X(UIRQ_INFO_FAULT, 0x40)					\
	X(UIRQ_MAX_INSNS, 64)						\
	X(UIRQ_NUM_REGS, 8)						\
	X(UIRQ_NUM_CAPS, 8)						\
	X(UIRQ_MAX_DELAY_US, 10)					\
	X(UIRQ_MAX_TOTAL_DELAY_US, 50)					\
	X(UIRQ_MAX_REGIONS, 16)						\
	X(UIRQ_REGION_ROM, 6)						\
	X(UIRQ_REGION_CFG, 7)						\
	X(UIRQ_REGION_RES0, 8)						\
	X(UIRQ_REGION_TYPE_NONE, 0)					\
	X(UIRQ_REGION_TYPE_MMIO, 1)					\
	X(UIRQ_REGION_TYPE_PIO, 2)					\
	X(UIRQ_REGION_TYPE_CFG, 3)					\
	X(UIRQ_MODE_IMM, 0)						\
	X(UIRQ_MODE_REG, 1)						\
	X(UIRQ_OP_LD8, 0x01)						\
	X(UIRQ_OP_LD64, 0x04)						\
	X(UIRQ_OP_ST8, 0x08)						\
	X(UIRQ_OP_ST64, 0x0b)						\
	X(UIRQ_OP_MOV, 0x10)						\
	X(UIRQ_OP_NOT, 0x18)						\
	X(UIRQ_OP_JA, 0x20)						\
	X(UIRQ_OP_JCLR, 0x28)						\
	X(UIRQ_OP_CAP, 0x30)						\
	X(UIRQ_OP_DELAY, 0x31)						\
	X(UIRQ_OP_RET, 0x38)						\
	X(UIRQ_RET_NONE, 0)						\
	X(UIRQ_RET_HANDLED, 1)						\
	X(UIRQ_RET_QUIET, 2)						\
	X(UIRQ_PROG_ACK, 0)						\
	X(UIRQ_PROG_INIT, 3)						\
	X(UIRQ_PROG_NUM_KINDS, 4)					\
	X(UIRQ_GET_INFO, 0xb740)					\
	X(UIRQ_SET_EVENTFD, 0xb747)					\
	X(UIRQ_REGION_OFFSET(0), 0x10000000000ull)			\
	X(UIRQ_REGION_OFFSET(7), 0x80000000000ull)

#define PIN_ONE(expr, want)	PIN((expr) == (want));
LAYOUT(PIN_ONE)
CONSTANTS(PIN_ONE)

#define CHECK_ONE(expr, want)	TH_EXPECT_EQ(expr, want);

static void test_layout(void)
{
	LAYOUT(CHECK_ONE)
}

static void test_constants(void)
{
	CONSTANTS(CHECK_ONE)
}

/* The ioctl numbers are distinct and all in uirq's range. */
static void test_ioctls(void)
{
	static const unsigned long nr[] = {
		UIRQ_GET_INFO, UIRQ_GET_REGION_INFO, UIRQ_LOAD_PROG,
		UIRQ_IRQ_ON, UIRQ_IRQ_OFF, UIRQ_UNMASK, UIRQ_GET_STATS,
		UIRQ_SET_EVENTFD,
	};
	size_t i;

	for (i = 0; i < sizeof(nr) / sizeof(nr[0]); i++) {
		TH_EXPECT_EQ(_IOC_TYPE(nr[i]), UIRQ_TYPE);
		TH_EXPECT_EQ(_IOC_NR(nr[i]), UIRQ_BASE + i);
	}
}

int main(void)
{
#ifdef __cplusplus
	printf("C++ %ld\n", (long)__cplusplus);
#else
	printf("C %ld\n", (long)__STDC_VERSION__);
#endif
	TH_RUN(test_layout);
	TH_RUN(test_constants);
	TH_RUN(test_ioctls);
	return th_summary();
}
