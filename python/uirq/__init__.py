# SPDX-License-Identifier: MIT
"""uirq: user-space drivers for (shared) device interrupts, from Python.

A pure-Python binding of libuirq (ctypes over libuirq.so.1, no compiled
extension): the device API, program assembly and offline verification,
events and statistics as named tuples. docs/python.md has the guide; the
C API it mirrors is lib/include/libuirq.h.

    import uirq
    with uirq.Device("0000:00:04.0") as dev:
        dev.load("ack", uirq.Program.load_file("edu-ack.s"))
        dev.load("release", uirq.Program.load_file("edu-release.s"))
        dev.map_region(uirq.REGION_BAR0)
        dev.irq_on(uirq.IRQ_RING)
        dev.write(uirq.REGION_BAR0, 0x60, 0x1234)
        ev, = dev.wait_events(1, timeout_ms=1000)
        assert ev.cap[0] == 0x1234

The library is libuirq.so.1 from the dynamic linker's path, or the file
the environment variable UIRQ_LIB names (e.g. build/libuirq.so.1 of a
checkout).
"""
from ._abi import *  # noqa: F401,F403  (the constants of uirq.h)
from ._abi import STRUCTS as _STRUCTS  # noqa: F401
from ._lib import lib as _lib
from .device import (Device, Event, Info, RegionInfo, Stats,  # noqa: F401
                     create_device, destroy_device, irq_on_strerror,
                     parse_bdf)
from .errors import ProgramError  # noqa: F401
from .program import (Instruction, Program, Props, Regions,  # noqa: F401
                      disasm_insn, kind_name, kind_parse, region_name,
                      ret_name)

__version__ = "1.1.0"

#: the path of the libuirq shared object in use
library_path = _lib._name
