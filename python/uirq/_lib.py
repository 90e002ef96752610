# SPDX-License-Identifier: MIT
"""Finding libuirq.so.1 and declaring the prototypes of libuirq.h.

Every prototype is declared, so that ctypes converts and checks the
arguments instead of passing Python ints as C ints. The versioned symbols
(uirq_get_info@@LIBUIRQ_4, uirq_wait@@LIBUIRQ_2, ...) resolve to their
default versions through dlsym(), which are the ones this package's
structures describe.
"""
import ctypes
import os

from . import _abi as A

SONAME = "libuirq.so.1"


def _load():
    path = os.environ.get("UIRQ_LIB")
    if path:
        # An explicit choice: fail on it rather than fall back silently.
        return ctypes.CDLL(path)
    try:
        return ctypes.CDLL(SONAME)
    except OSError as first:
        # The soname failed: a libuirq.so the linker cache knows of under
        # another name (ctypes.util runs ldconfig -p, slower: only here).
        from ctypes.util import find_library
        found = find_library("uirq")
        if found:
            return ctypes.CDLL(found)
        raise ImportError(
            "uirq: cannot load %s (%s); build it (make) and set UIRQ_LIB "
            "to its path, e.g. build/libuirq.so.1, or install it "
            "(make install)" % (SONAME, first)) from None


lib = _load()

_p = ctypes.POINTER
_c = ctypes.c_char_p
_i, _u, _sz = ctypes.c_int, ctypes.c_uint, ctypes.c_size_t
_vp = ctypes.c_void_p
_prog = _p(A.ProgramStruct)
_insns = _p(A.Insn)
_props = _p(A.ProgProps)
_regions = _p(A.RegionInfoStruct)
_dev = _vp          # struct uirq_dev *, opaque

_PROTOS = {
    # programs
    "uirq_asm_string": (_i, [_c, _c, _prog, _c, _sz]),
    "uirq_program_load_file": (_i, [_c, _prog, _c, _sz]),
    "uirq_program_load_bin": (_i, [_vp, _sz, _c, _prog, _c, _sz]),
    "uirq_program_save_bin": (_i, [_c, _prog]),
    "uirq_disasm_insn": (_i, [_insns, _u, _u, _c, _sz]),
    "uirq_disasm": (_i, [_insns, _u, _vp]),
    "uirq_regions_default": (None, [_regions]),
    "uirq_region_parse": (_i, [_c, _regions, _c, _sz]),
    "uirq_kind_parse": (_i, [_c, _p(ctypes.c_uint32)]),
    "uirq_program_verify": (_i, [_prog, ctypes.c_uint32, _regions, _props,
                                 _c, _sz]),
    "uirq_program_errmsg": (_i, [_prog, _i, _c, _c, _sz]),
    "uirq_region_name": (_c, [ctypes.c_uint32]),
    "uirq_kind_name": (_c, [ctypes.c_uint32]),
    "uirq_ret_name": (_c, [ctypes.c_uint32]),
    # devices
    "uirq_parse_bdf": (_i, [_c, _c, _sz]),
    "uirq_open": (_i, [_c, _p(_dev)]),
    "uirq_open_path": (_i, [_c, _p(_dev)]),
    "uirq_create_device": (_i, [_p(A.CtlCreate)]),
    "uirq_destroy_device": (_i, [_c]),
    "uirq_close": (None, [_dev]),
    "uirq_fd": (_i, [_dev]),
    "uirq_get_info": (_i, [_dev, _p(A.InfoStruct)]),
    "uirq_get_region_info": (_i, [_dev, _u, _p(A.RegionInfoStruct)]),
    "uirq_map_region": (_i, [_dev, _u, _p(_vp), _p(_sz)]),
    "uirq_unmap_region": (_i, [_dev, _u]),
    "uirq_region_read": (_i, [_dev, _u, ctypes.c_uint64, _u,
                              _p(ctypes.c_uint64)]),
    "uirq_region_write": (_i, [_dev, _u, ctypes.c_uint64, _u,
                               ctypes.c_uint64]),
    "uirq_load": (_i, [_dev, _u, _insns, _u, _props, _c, _sz]),
    "uirq_load_program": (_i, [_dev, _prog, _u, _props, _c, _sz]),
    "uirq_load_file": (_i, [_dev, _u, _c, _c, _sz]),
    "uirq_irq_on": (_i, [_dev, _u]),
    "uirq_irq_off": (_i, [_dev]),
    "uirq_unmask": (_i, [_dev]),
    "uirq_wait": (_i, [_dev, _p(A.EventStruct), _i]),
    "uirq_wait_events": (_i, [_dev, _p(A.EventStruct), _u, _i, _u]),
    "uirq_set_busy_poll": (_i, [_dev, _u]),
    "uirq_read_events": (_i, [_dev, _p(A.EventStruct), _u]),
    "uirq_get_stats": (_i, [_dev, _p(A.StatsStruct), _u]),
    "uirq_set_eventfd": (_i, [_dev, _i]),
    "uirq_irq_on_vectors": (_i, [_dev, _u, _u]),
    "uirq_irq_on_strerror": (_c, [_i]),
    "uirq_set_vector_eventfd": (_i, [_dev, _u, _i]),
    "uirq_load_vector": (_i, [_dev, _u, _insns, _u, _props, _c, _sz]),
    "uirq_load_vector_program": (_i, [_dev, _u, _prog, _props, _c, _sz]),
}

for _name, (_res, _args) in _PROTOS.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args

# uirq_disasm() writes to a FILE *: an open_memstream() from the C library
# that libuirq itself links against.
libc = ctypes.CDLL(None)
libc.open_memstream.restype = _vp
libc.open_memstream.argtypes = [_p(_vp), _p(_sz)]
libc.fclose.restype = _i
libc.fclose.argtypes = [_vp]
libc.free.restype = None
libc.free.argtypes = [_vp]
