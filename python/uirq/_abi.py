# SPDX-License-Identifier: MIT
"""The structures and constants of include/uapi/uirq.h and libuirq.h.

The layouts mirror the C header field for field, explicit padding
included; python/tests/test_abi.py compiles a C program against the header
and compares every size and offset (and every constant here) with it, so
a change on either side fails that suite rather than corrupting memory.
"""
import ctypes

_u8, _u16, _u32, _u64 = ctypes.c_uint8, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_uint64
_s16, _s32, _s64 = ctypes.c_int16, ctypes.c_int32, ctypes.c_int64

API_VERSION = 4

# Limits
MAX_INSNS = 64
NUM_REGS = 8
NUM_CAPS = 8
MAX_DELAY_US = 10
MAX_TOTAL_DELAY_US = 50
MAX_ACK_DELAY_US = 10
NAME_MAX = 32
MAX_VECTORS = 32
CTL_MAX_RES = 8

# Regions
REGION_BAR0 = 0
REGION_BAR1 = 1
REGION_BAR2 = 2
REGION_BAR3 = 3
REGION_BAR4 = 4
REGION_BAR5 = 5
REGION_ROM = 6
REGION_CFG = 7
REGION_RES0 = 8
MAX_REGIONS = 16
REGION_TYPE_NONE = 0
REGION_TYPE_MMIO = 1
REGION_TYPE_PIO = 2
REGION_TYPE_CFG = 3
REGION_INFO_READ = 1 << 0
REGION_INFO_WRITE = 1 << 1
REGION_INFO_MMAP = 1 << 2

# Instructions
MODE_IMM = 0
MODE_REG = 1
OP_INVALID = 0x00
OP_LD8, OP_LD16, OP_LD32, OP_LD64 = 0x01, 0x02, 0x03, 0x04
OP_ST8, OP_ST16, OP_ST32, OP_ST64 = 0x08, 0x09, 0x0a, 0x0b
OP_MOV, OP_AND, OP_OR, OP_XOR = 0x10, 0x11, 0x12, 0x13
OP_ADD, OP_SUB, OP_SHL, OP_SHR, OP_NOT = 0x14, 0x15, 0x16, 0x17, 0x18
OP_JA, OP_JEQ, OP_JNE, OP_JGT, OP_JGE = 0x20, 0x21, 0x22, 0x23, 0x24
OP_JLT, OP_JLE, OP_JSET, OP_JCLR = 0x25, 0x26, 0x27, 0x28
OP_CAP, OP_DELAY, OP_RET = 0x30, 0x31, 0x38

RET_NONE, RET_HANDLED, RET_QUIET = 0, 1, 2

PROG_ACK, PROG_ENABLE, PROG_RELEASE, PROG_INIT = 0, 1, 2, 3
PROG_NUM_KINDS = 4

# Verifier properties
PROP_CAN_DECLINE = 1 << 0
PROP_CAN_HANDLE = 1 << 1
PROP_CAN_QUIET = 1 << 2
PROP_WRITES = 1 << 3

# Events
EVENT_SIZE_V1 = 88
EVENT_FAULT = 1 << 0
FAULT_NONE, FAULT_CLAIM_STORM, FAULT_DECLINE_STORM, FAULT_CLAIM_RATE = 0, 1, 2, 3

# uirq_info.flags
INFO_IRQ_ON = 1 << 0
INFO_SHARED = 1 << 1
INFO_EXCLUSIVE = 1 << 2
INFO_INTX_MASK = 1 << 3
INFO_MSI = 1 << 4
INFO_MSIX = 1 << 5
INFO_FAULT = 1 << 6
INFO_UNMASK_NOOP = 1 << 7
INFO_RING = 1 << 8
INFO_LEVEL = 1 << 9
INFO_BUILTIN = 1 << 10
INFO_MSI_ON = 1 << 12
INFO_MSIX_ON = 1 << 13
INFO_MSI_DMA = 1 << 14
BUS_PCI, BUS_RES = 0, 1

# UIRQ_IRQ_ON, UIRQ_WAIT, UIRQ_GET_STATS flags
IRQ_EXCLUSIVE = 1 << 0
IRQ_RING = 1 << 1
IRQ_MSI = 1 << 2
IRQ_MSIX = 1 << 3
WAIT_UNMASK = 1 << 0
STATS_RESET = 1 << 0

# Non-PCI devices
TRIGGER_EDGE_RISING = 1
TRIGGER_EDGE_FALLING = 2
TRIGGER_LEVEL_HIGH = 4
TRIGGER_LEVEL_LOW = 8
TRIGGER_LEVEL_MASK = TRIGGER_LEVEL_HIGH | TRIGGER_LEVEL_LOW

# libuirq.h
PROGRAM_NAME_LEN = 256
BDF_LEN = 32


class Insn(ctypes.Structure):
    """struct uirq_insn: one instruction (24 bytes, 8-byte aligned)."""
    _fields_ = [("op", _u8), ("dst", _u8), ("src", _u8), ("mode", _u8),
                ("region", _u16), ("jump", _s16), ("off", _u32),
                ("resv", _u32), ("imm", _u64)]


class Window(ctypes.Structure):
    _fields_ = [("lo", _u32), ("hi", _u32)]


class ProgProps(ctypes.Structure):
    _fields_ = [("flags", _u32), ("region_mask", _u32), ("max_steps", _u32),
                ("max_delay_us", _u32), ("cap_mask", _u32), ("resv", _u32),
                ("win", Window * MAX_REGIONS)]


class EventStruct(ctypes.Structure):
    _fields_ = [("seq", _u64), ("timestamp_ns", _u64), ("dropped", _u32),
                ("cap_mask", _u32), ("cap", _u64 * NUM_CAPS), ("flags", _u32),
                ("vector", _u16), ("fault", _u16)]


class InfoStruct(ctypes.Structure):
    _fields_ = [("argsz", _u32), ("flags", _u32), ("irq", _u32),
                ("intx_pin", _u32), ("num_regions", _u32),
                ("api_version", _u32), ("vendor", _u16), ("device", _u16),
                ("domain", _u32), ("bus", _u8), ("devfn", _u8),
                ("resv", _u16), ("event_size", _u32),
                ("event_size_max", _u32), ("msi_max", _u16),
                ("msix_max", _u16), ("vectors", _u32), ("bus_type", _u32),
                ("trigger", _u32), ("name", ctypes.c_char * NAME_MAX)]


class RegionInfoStruct(ctypes.Structure):
    _fields_ = [("argsz", _u32), ("flags", _u32), ("index", _u32),
                ("type", _u32), ("size", _u64), ("offset", _u64)]


class StatsStruct(ctypes.Structure):
    _fields_ = [("argsz", _u32), ("flags", _u32), ("handled", _u64),
                ("declined", _u64), ("quiet", _u64), ("events", _u64),
                ("dropped", _u64), ("enable_runs", _u64),
                ("unmask_events", _u64), ("max_ns", _u64),
                ("total_ns", _u64), ("faults", _u64), ("fault_ns", _u64),
                ("guard_checks", _u64), ("fault", _u32), ("resv", _u32)]


class ResRange(ctypes.Structure):
    _fields_ = [("type", _u32), ("flags", _u32), ("start", _u64),
                ("size", _u64)]


class CtlCreate(ctypes.Structure):
    _fields_ = [("argsz", _u32), ("flags", _u32),
                ("name", ctypes.c_char * NAME_MAX), ("irq", _u32),
                ("trigger", _u32), ("num_res", _u32), ("resv", _u32),
                ("res", ResRange * CTL_MAX_RES)]


class ProgramStruct(ctypes.Structure):
    """struct uirq_program of libuirq.h (not ABI of the kernel, but of
    libuirq.so.1: the assembler fills it, the loaders read it)."""
    _fields_ = [("kind", _u32), ("count", _u32),
                ("insns", Insn * MAX_INSNS), ("line", _u32 * MAX_INSNS),
                ("col", _u32 * MAX_INSNS),
                ("name", ctypes.c_char * PROGRAM_NAME_LEN)]


# The structures the tests compare with the C compiler's layout:
# Python class -> C type name.
STRUCTS = {
    Insn: "struct uirq_insn",
    Window: "struct uirq_window",
    ProgProps: "struct uirq_prog_props",
    EventStruct: "struct uirq_event",
    InfoStruct: "struct uirq_info",
    RegionInfoStruct: "struct uirq_region_info",
    StatsStruct: "struct uirq_stats",
    ResRange: "struct uirq_res_range",
    CtlCreate: "struct uirq_ctl_create",
    ProgramStruct: "struct uirq_program",
}
