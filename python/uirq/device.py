# SPDX-License-Identifier: MIT
"""The device API: /dev/uirq/<name> through libuirq (docs/driver-model.md)."""
import ctypes
import os
from typing import List, NamedTuple, Optional, Tuple

from . import _abi as A
from ._lib import lib
from .errors import ProgramError, check
from .program import Program, Props, _b, _kind_arg, _s

_LOGLEN = 1024


class Event(NamedTuple):
    """struct uirq_event: one interrupt the ack program claimed."""
    seq: int
    timestamp_ns: int
    dropped: int
    cap_mask: int
    cap: Tuple[int, ...]
    flags: int
    vector: int
    fault: int

    @classmethod
    def from_c(cls, e):
        return cls(e.seq, e.timestamp_ns, e.dropped, e.cap_mask,
                   tuple(e.cap), e.flags, e.vector, e.fault)


class Info(NamedTuple):
    """struct uirq_info (UIRQ_GET_INFO); ``flags`` are INFO_*."""
    flags: int
    irq: int
    intx_pin: int
    num_regions: int
    api_version: int
    vendor: int
    device: int
    domain: int
    bus: int
    devfn: int
    event_size: int
    event_size_max: int
    msi_max: int
    msix_max: int
    vectors: int
    bus_type: int
    trigger: int
    name: str

    @property
    def slot(self):
        return (self.devfn >> 3) & 0x1f

    @property
    def function(self):
        return self.devfn & 7


class RegionInfo(NamedTuple):
    """struct uirq_region_info; ``flags`` are REGION_INFO_*."""
    index: int
    flags: int
    type: int
    size: int
    offset: int


class Stats(NamedTuple):
    """struct uirq_stats (UIRQ_GET_STATS)."""
    handled: int
    declined: int
    quiet: int
    events: int
    dropped: int
    enable_runs: int
    unmask_events: int
    max_ns: int
    total_ns: int
    faults: int
    fault_ns: int
    guard_checks: int
    fault: int


def parse_bdf(bdf) -> str:
    """"00:04.0" or "0000:00:04.0" to "0000:00:04.0"; OSError EINVAL if
    malformed."""
    out = ctypes.create_string_buffer(A.BDF_LEN)
    check(lib.uirq_parse_bdf(_b(bdf), out, A.BDF_LEN), bdf)
    return _s(out.value)


def create_device(name, irq, trigger, resources):
    """API 4: make a non-PCI device (UIRQ_CTL_CREATE). @resources: up to
    8 (type, start, size) with type REGION_TYPE_PIO or REGION_TYPE_MMIO,
    regions res0.. in order. Needs CAP_SYS_RAWIO."""
    req = A.CtlCreate()
    req.argsz = ctypes.sizeof(req)
    req.name = _b(name)
    req.irq = irq
    req.trigger = trigger
    resources = list(resources)
    if len(resources) > A.CTL_MAX_RES:
        raise ValueError("at most %d resources" % A.CTL_MAX_RES)
    req.num_res = len(resources)
    for i, (typ, start, size) in enumerate(resources):
        req.res[i].type = typ
        req.res[i].start = start
        req.res[i].size = size
    check(lib.uirq_create_device(ctypes.byref(req)), name)


def destroy_device(name):
    """API 4: remove a device create_device() made (UIRQ_CTL_DESTROY)."""
    check(lib.uirq_destroy_device(_b(name)), name)


def irq_on_strerror(err) -> str:
    """libuirq's sentence for an error of irq_on()/irq_on_vectors()
    (a positive errno, or an OSError)."""
    if isinstance(err, OSError):
        err = err.errno
    return _s(lib.uirq_irq_on_strerror(-abs(err)))


def _insns_arg(insns):
    insns = list(insns)
    arr = (A.Insn * max(len(insns), 1))()
    for i, ins in enumerate(insns):
        arr[i] = A.Insn(*ins)
    return arr, len(insns)


class Device:
    """An open uirq device file: Device("0000:00:04.0"), Device("00:04.0"),
    a non-PCI device's name, or Device(path="/dev/uirq/..."). One owner
    per device (a second open: OSError EBUSY). Use it as a context
    manager, or call close(); closing runs the release program and frees
    the IRQ in the kernel.

    Every method raises OSError with libuirq's errno on failure
    (TimeoutError for a wait that timed out, InterruptedError for a
    signal), ProgramError for a program the kernel's verifier rejects.
    """

    def __init__(self, name=None, *, path=None):
        if (name is None) == (path is None):
            raise TypeError("Device(name) or Device(path=PATH)")
        self._dev = ctypes.c_void_p()
        self._evs = None
        if path is not None:
            what = os.fspath(path)
            ret = lib.uirq_open_path(_b(path), ctypes.byref(self._dev))
        else:
            name = os.fsdecode(name)
            what = "/dev/uirq/" + name
            out = ctypes.create_string_buffer(A.BDF_LEN)
            if lib.uirq_parse_bdf(_b(name), out, A.BDF_LEN) == 0:
                what = "/dev/uirq/" + _s(out.value)
            ret = lib.uirq_open(_b(name), ctypes.byref(self._dev))
        check(ret, what)
        self.path = what

    # --- lifetime --------------------------------------------------------

    def close(self):
        if self._dev:
            lib.uirq_close(self._dev)
            self._dev = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    @property
    def closed(self):
        return not self._dev

    def _h(self):
        if not self._dev:
            raise ValueError("I/O operation on a closed uirq device")
        return self._dev

    def fileno(self):
        """The device file's descriptor, for select/poll/epoll (readable
        when an event is queued). Do not close it."""
        return check(lib.uirq_fd(self._h()))

    # --- information -----------------------------------------------------

    def info(self) -> Info:
        i = A.InfoStruct()
        check(lib.uirq_get_info(self._h(), ctypes.byref(i)), self.path)
        return Info(i.flags, i.irq, i.intx_pin, i.num_regions, i.api_version,
                    i.vendor, i.device, i.domain, i.bus, i.devfn,
                    i.event_size, i.event_size_max, i.msi_max, i.msix_max,
                    i.vectors, i.bus_type, i.trigger, _s(i.name))

    def region_info(self, index) -> RegionInfo:
        r = A.RegionInfoStruct()
        check(lib.uirq_get_region_info(self._h(), index, ctypes.byref(r)),
              self.path)
        return RegionInfo(r.index, r.flags, r.type, r.size, r.offset)

    def stats(self, reset=False) -> Stats:
        s = A.StatsStruct()
        check(lib.uirq_get_stats(self._h(), ctypes.byref(s),
                                 A.STATS_RESET if reset else 0), self.path)
        return Stats(s.handled, s.declined, s.quiet, s.events, s.dropped,
                     s.enable_runs, s.unmask_events, s.max_ns, s.total_ns,
                     s.faults, s.fault_ns, s.guard_checks, s.fault)

    # --- registers -------------------------------------------------------

    def map_region(self, index) -> Tuple[int, int]:
        """mmap an MMIO region; returns (address, length). Accesses through
        read()/write() then go through the mapping (one access of exactly
        the width asked for); the address is for ctypes users who want
        their own views. Mapping again returns the same address."""
        addr = ctypes.c_void_p()
        length = ctypes.c_size_t()
        check(lib.uirq_map_region(self._h(), index, ctypes.byref(addr),
                                  ctypes.byref(length)), self.path)
        return (addr.value, length.value)

    def unmap_region(self, index):
        check(lib.uirq_unmap_region(self._h(), index), self.path)

    def read(self, region, off, width=4) -> int:
        """One access of @width bytes (1, 2, 4; 8 for MMIO) at @off of
        @region: through the mapping if mapped, else pread()."""
        v = ctypes.c_uint64()
        check(lib.uirq_region_read(self._h(), region, off, width,
                                   ctypes.byref(v)), self.path)
        return v.value

    def write(self, region, off, value, width=4):
        check(lib.uirq_region_write(self._h(), region, off, width,
                                    value & 0xffffffffffffffff), self.path)

    # --- programs --------------------------------------------------------

    def _loaded(self, ret, log, props):
        if ret == -22 and log.value:
            raise ProgramError(_s(log.value))
        check(ret, self.path)
        return Props.from_c(props)

    def load(self, kind, program, *, vector=None) -> Props:
        """Load a program of @kind (PROG_* or "ack", ...; None: the
        program's .kind). @program: a Program, a source string, or a
        sequence of instructions. With @vector: that MSI/MSI-X vector's
        ack program. Returns what the kernel's verifier proved;
        ProgramError with its message and instruction on rejection."""
        if isinstance(program, str):
            program = Program.assemble(program)
        props = A.ProgProps()
        log = ctypes.create_string_buffer(_LOGLEN)
        if isinstance(program, Program):
            if vector is not None:
                ret = lib.uirq_load_vector_program(self._h(), vector,
                                                   program._c, props, log,
                                                   _LOGLEN)
            else:
                ret = lib.uirq_load_program(self._h(), program._c,
                                            _kind_arg(kind), props, log,
                                            _LOGLEN)
        else:
            arr, n = _insns_arg(program)
            if vector is not None:
                ret = lib.uirq_load_vector(self._h(), vector, arr, n, props,
                                           log, _LOGLEN)
            else:
                if kind is None:
                    raise TypeError("raw instructions need a kind")
                ret = lib.uirq_load(self._h(), _kind_arg(kind), arr, n, props,
                                    log, _LOGLEN)
        return self._loaded(ret, log, props)

    def load_file(self, path, kind=None) -> Props:
        """Read a program file (text or binary) and load it."""
        return self.load(kind, Program.load_file(path))

    # --- interrupts and events -------------------------------------------

    def irq_on(self, flags=0):
        """UIRQ_IRQ_ON: IRQ_EXCLUSIVE, IRQ_RING (API 3: the shared event
        ring)."""
        check(lib.uirq_irq_on(self._h(), flags), self.path)

    def irq_on_vectors(self, flags, vectors):
        """API 4: IRQ_MSI or IRQ_MSIX (| IRQ_RING), 1..32 vectors."""
        check(lib.uirq_irq_on_vectors(self._h(), flags, vectors), self.path)

    def irq_off(self):
        check(lib.uirq_irq_off(self._h()), self.path)

    def unmask(self):
        """After handling an event: runs the enable program and the
        re-check (no system call when the kernel says there is nothing
        to do). OSError EIO once the storm guard quiesced the device."""
        check(lib.uirq_unmask(self._h()), self.path)

    def _buf(self, n):
        if self._evs is None or len(self._evs) < n:
            self._evs = (A.EventStruct * max(n, 16))()
        return self._evs

    def wait(self, timeout_ms=-1) -> Event:
        """Wait for one event (-1: forever, 0: poll). TimeoutError,
        InterruptedError, OSError ENODEV (removed), EIO (storm guard)."""
        evs = self._buf(1)
        check(lib.uirq_wait(self._h(), evs, timeout_ms), self.path)
        return Event.from_c(evs[0])

    def wait_events(self, max_events=16, timeout_ms=-1,
                    unmask=True) -> List[Event]:
        """The driver's loop in one call: unmask (the previous events were
        handled; unmask=False to skip it), then wait up to @timeout_ms for
        events and return 1..@max_events of them."""
        evs = self._buf(max_events)
        n = check(lib.uirq_wait_events(self._h(), evs, max_events,
                                       timeout_ms,
                                       A.WAIT_UNMASK if unmask else 0),
                  self.path)
        return [Event.from_c(evs[i]) for i in range(n)]

    def read_events(self, max_events=16) -> List[Event]:
        """The queued events, without blocking ([] when none)."""
        evs = self._buf(max_events)
        n = check(lib.uirq_read_events(self._h(), evs, max_events), self.path)
        return [Event.from_c(evs[i]) for i in range(n)]

    def set_busy_poll(self, usec):
        check(lib.uirq_set_busy_poll(self._h(), usec), self.path)

    def set_eventfd(self, fd):
        """Signal eventfd @fd on every event (-1 removes it)."""
        check(lib.uirq_set_eventfd(self._h(), fd), self.path)

    def set_vector_eventfd(self, vector, fd):
        check(lib.uirq_set_vector_eventfd(self._h(), vector, fd), self.path)

    def __repr__(self):
        return "<uirq.Device %s%s>" % (self.path,
                                       " (closed)" if self.closed else "")
