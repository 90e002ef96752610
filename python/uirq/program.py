# SPDX-License-Identifier: MIT
"""Programs: assembling, reading and writing program files, offline
verification with the verifier uirq.ko runs, disassembly."""
import ctypes
import os
from typing import NamedTuple, Optional, Sequence, Tuple

from . import _abi as A
from ._lib import lib, libc
from .errors import ProgramError, check

_ERRLEN = 1024


def _b(s):
    return s if isinstance(s, bytes) else os.fsencode(s)


def _s(b):
    return b.decode("utf-8", "replace") if b is not None else None


class Instruction(NamedTuple):
    """One struct uirq_insn, as plain values (docs/isa.md)."""
    op: int
    dst: int = 0
    src: int = 0
    mode: int = 0
    region: int = 0
    jump: int = 0
    off: int = 0
    resv: int = 0
    imm: int = 0

    def to_c(self):
        return A.Insn(*self)

    @classmethod
    def from_c(cls, c):
        return cls(c.op, c.dst, c.src, c.mode, c.region, c.jump, c.off,
                   c.resv, c.imm)


class Props(NamedTuple):
    """struct uirq_prog_props: what the verifier proved.

    ``windows`` maps a region index to the (lo, hi) byte window the
    program can touch, for the regions it touches.
    """
    flags: int
    region_mask: int
    max_steps: int
    max_delay_us: int
    cap_mask: int
    windows: dict

    @property
    def can_decline(self):
        return bool(self.flags & A.PROP_CAN_DECLINE)

    @property
    def can_handle(self):
        return bool(self.flags & A.PROP_CAN_HANDLE)

    @property
    def can_quiet(self):
        return bool(self.flags & A.PROP_CAN_QUIET)

    @property
    def writes(self):
        return bool(self.flags & A.PROP_WRITES)

    @classmethod
    def from_c(cls, p):
        win = {i: (p.win[i].lo, p.win[i].hi) for i in range(A.MAX_REGIONS)
               if p.region_mask & (1 << i)}
        return cls(p.flags, p.region_mask, p.max_steps, p.max_delay_us,
                   p.cap_mask, win)


def _kind_arg(kind):
    if kind is None:
        return A.PROG_NUM_KINDS
    if isinstance(kind, str):
        return kind_parse(kind)
    return int(kind)


class Regions:
    """The region table the offline verifier checks against: the
    defaults (bar0..bar5 4 KiB MMIO, cfg 4 KiB config space) changed by
    "NAME:TYPE:SIZE" specs, e.g. Regions("bar0:mmio:0x100", "bar2:pio:32").
    """

    def __init__(self, *specs):
        self._c = (A.RegionInfoStruct * A.MAX_REGIONS)()
        lib.uirq_regions_default(self._c)
        for s in specs:
            self.set(s)

    def set(self, spec):
        err = ctypes.create_string_buffer(_ERRLEN)
        ret = lib.uirq_region_parse(_b(spec), self._c, err, _ERRLEN)
        if ret == -22:
            raise ValueError(_s(err.value) or "bad region spec %r" % spec)
        check(ret)

    def __getitem__(self, index):
        r = self._c[index]
        return (r.type, r.size)

    @property
    def _as_parameter_(self):
        return self._c


class Program:
    """A program as libuirq reads it (struct uirq_program): instructions,
    the source position of each, the ``.kind`` if the source has one.

    Make one with Program.assemble(text), Program.load_file(path),
    Program.from_bytes(data) or Program.from_instructions(list).
    """

    def __init__(self):
        self._c = A.ProgramStruct()
        self._c.kind = A.PROG_NUM_KINDS

    # --- constructors ----------------------------------------------------

    @classmethod
    def assemble(cls, text, filename=None):
        """Assemble source text; ProgramError on a syntax error."""
        p = cls()
        err = ctypes.create_string_buffer(_ERRLEN)
        ret = lib.uirq_asm_string(_b(text), _b(filename) if filename else None,
                                  p._c, err, _ERRLEN)
        if ret == -22:
            raise ProgramError(_s(err.value))
        check(ret)
        return p

    @classmethod
    def load_file(cls, path):
        """Read a program file, text or binary (libuirq decides by content)."""
        p = cls()
        err = ctypes.create_string_buffer(_ERRLEN)
        ret = lib.uirq_program_load_file(_b(path), p._c, err, _ERRLEN)
        if ret == -22:
            raise ProgramError(_s(err.value))
        check(ret, os.fspath(path))
        return p

    @classmethod
    def from_bytes(cls, data, name="<bytes>"):
        """Decode the binary format: a little-endian array of 24-byte
        struct uirq_insn, 1..64 of them."""
        p = cls()
        data = bytes(data)
        err = ctypes.create_string_buffer(_ERRLEN)
        ret = lib.uirq_program_load_bin(data, len(data), _b(name), p._c, err,
                                        _ERRLEN)
        if ret == -22:
            raise ProgramError(_s(err.value))
        check(ret)
        return p

    @classmethod
    def from_instructions(cls, insns, kind=None, name="<instructions>"):
        """A program of raw instructions (Instruction tuples or anything
        with the nine fields in order)."""
        insns = list(insns)
        if not 1 <= len(insns) <= A.MAX_INSNS:
            raise ValueError("a program has 1..%d instructions, not %d"
                             % (A.MAX_INSNS, len(insns)))
        p = cls()
        for i, ins in enumerate(insns):
            p._c.insns[i] = A.Insn(*ins)
        p._c.count = len(insns)
        p._c.kind = _kind_arg(kind)
        p._c.name = _b(name)[:A.PROGRAM_NAME_LEN - 1]
        return p

    # --- contents --------------------------------------------------------

    def __len__(self):
        return self._c.count

    @property
    def kind(self) -> Optional[int]:
        """The .kind directive's PROG_* value, None without one."""
        k = self._c.kind
        return None if k >= A.PROG_NUM_KINDS else k

    @property
    def name(self):
        return _s(self._c.name)

    @property
    def instructions(self) -> Tuple[Instruction, ...]:
        return tuple(Instruction.from_c(self._c.insns[i])
                     for i in range(self._c.count))

    def source_position(self, index) -> Tuple[int, int]:
        """(line, column) of instruction @index; (0, 0) for binary input."""
        if not 0 <= index < self._c.count:
            raise IndexError(index)
        return (self._c.line[index], self._c.col[index])

    def to_bytes(self):
        """The binary program format."""
        n = self._c.count * ctypes.sizeof(A.Insn)
        return ctypes.string_at(ctypes.addressof(self._c.insns), n)

    def save(self, path):
        """Write the binary program file."""
        check(lib.uirq_program_save_bin(_b(path), self._c), os.fspath(path))

    # --- verification and text -------------------------------------------

    def verify(self, kind=None, regions: Optional[Regions] = None) -> Props:
        """Verify offline with the kernel's verifier. @kind: PROG_* or a
        name ("ack"); None: the .kind directive, else ack. @regions: a
        Regions table, a sequence of "NAME:TYPE:SIZE" specs, or None
        for the defaults. ProgramError names the instruction."""
        if regions is not None and not isinstance(regions, Regions):
            regions = Regions(*regions)
        props = A.ProgProps()
        err = ctypes.create_string_buffer(_ERRLEN)
        ret = lib.uirq_program_verify(self._c, _kind_arg(kind),
                                      regions._c if regions else None,
                                      props, err, _ERRLEN)
        if ret == -22:
            raise ProgramError(_s(err.value))
        check(ret)
        return Props.from_c(props)

    def errmsg(self, insn, msg):
        """Format a message about instruction @insn (-1: the program) as
        libuirq does: "prog.s:7:9: error: insn 3: MSG"."""
        buf = ctypes.create_string_buffer(_ERRLEN)
        lib.uirq_program_errmsg(self._c, insn, _b(msg), buf, _ERRLEN)
        return _s(buf.value)

    def disasm(self) -> str:
        """The whole program as text, with labels; it reassembles to the
        same bytes."""
        buf = ctypes.c_void_p()
        size = ctypes.c_size_t()
        f = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
        if not f:
            raise OSError(ctypes.get_errno() or 12, "open_memstream failed")
        try:
            ret = lib.uirq_disasm(self._c.insns, self._c.count, f)
        finally:
            libc.fclose(f)
            text = ctypes.string_at(buf.value, size.value) if buf.value else b""
            libc.free(buf)
        check(ret)
        return _s(text)

    def __repr__(self):
        return "<uirq.Program %s: %d instructions, kind %s>" % (
            self.name or "?", len(self),
            kind_name(self.kind) if self.kind is not None else "unset")


def disasm_insn(insn: Sequence[int], index=0, count=1) -> str:
    """One instruction as text ("ld32 r0, bar0[0x24]"); jump targets are
    labels L<index>, so give its @index in a program of @count."""
    buf = ctypes.create_string_buffer(160)
    c = A.Insn(*insn)
    check(lib.uirq_disasm_insn(ctypes.byref(c), index, count, buf, 160))
    return _s(buf.value)


def kind_parse(name) -> int:
    """"ack", "enable", "release", "init" to PROG_*; ValueError if unknown."""
    v = ctypes.c_uint32()
    if lib.uirq_kind_parse(_b(name), ctypes.byref(v)):
        raise ValueError("unknown program kind %r" % (name,))
    return v.value


def region_name(index) -> str:
    return _s(lib.uirq_region_name(index))


def kind_name(kind) -> str:
    return _s(lib.uirq_kind_name(kind))


def ret_name(ret) -> str:
    return _s(lib.uirq_ret_name(ret))
