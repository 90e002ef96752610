# SPDX-License-Identifier: MIT
"""The ctypes structures and constants against the C headers: a C program
generated from the Python side prints sizeof, _Alignof, offsetof and the
size of every field and the value of every constant, compiled with the
real include/uapi/uirq.h and lib/include/libuirq.h."""
import ctypes
import os
import re
import subprocess
import tempfile
import unittest

from common import CC, TOP
from uirq import _abi as A


def _py_layout():
    """name -> value, for every struct and field of A.STRUCTS."""
    out = {}
    for cls, cname in A.STRUCTS.items():
        out["sizeof(%s)" % cname] = ctypes.sizeof(cls)
        out["alignof(%s)" % cname] = ctypes.alignment(cls)
        for fname, _ in cls._fields_:
            f = getattr(cls, fname)
            out["offsetof(%s, %s)" % (cname, fname)] = f.offset
            out["sizeof(%s.%s)" % (cname, fname)] = f.size
    return out


def _constants():
    return {k: v for k, v in vars(A).items()
            if k.isupper() and isinstance(v, int)}


def _c_program():
    lines = ["#include <stddef.h>", "#include <stdio.h>",
             "#include <libuirq.h>", "int main(void)", "{"]

    def emit(label, expr):
        lines.append('\tprintf("%%s %%llu\\n", "%s", (unsigned long long)(%s));'
                     % (label, expr))
    for cls, cname in A.STRUCTS.items():
        emit("sizeof(%s)" % cname, "sizeof(%s)" % cname)
        emit("alignof(%s)" % cname, "_Alignof(%s)" % cname)
        for fname, _ in cls._fields_:
            emit("offsetof(%s, %s)" % (cname, fname),
                 "offsetof(%s, %s)" % (cname, fname))
            emit("sizeof(%s.%s)" % (cname, fname),
                 "sizeof(((%s *)0)->%s)" % (cname, fname))
    for name in sorted(_constants()):
        emit(name, "UIRQ_" + name)
    lines += ["\treturn 0;", "}"]
    return "\n".join(lines) + "\n"


_C_VALUES = None


def c_values():
    """Compile and run the generated program once; name -> value."""
    global _C_VALUES
    if _C_VALUES is None:
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "layout.c")
            exe = os.path.join(d, "layout")
            with open(src, "w") as f:
                f.write(_c_program())
            subprocess.run([CC, "-std=c11", "-Wall", "-Werror",
                            "-I" + os.path.join(TOP, "include", "uapi"),
                            "-I" + os.path.join(TOP, "lib", "include"),
                            "-o", exe, src], check=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out = subprocess.run([exe], check=True, stdout=subprocess.PIPE,
                                 universal_newlines=True).stdout
        _C_VALUES = {}
        for line in out.splitlines():
            name, _, val = line.rpartition(" ")
            _C_VALUES[name] = int(val)
    return _C_VALUES


# uirq.h macros that are not values a Python user needs: the ioctl
# numbers and their parts (libuirq makes the ioctls), the header guard,
# the region-offset and ring-layout macros of the raw file ABI.
_NOT_MIRRORED = {
    "TYPE", "BASE", "GET_INFO", "GET_REGION_INFO", "LOAD_PROG", "IRQ_ON",
    "IRQ_OFF", "UNMASK", "GET_STATS", "SET_EVENTFD", "WAIT", "CTL_CREATE",
    "CTL_DESTROY", "SET_VECTOR_EVENTFD", "LOAD_VECTOR_PROG",
    "REGION_OFFSET_SHIFT", "REGION_OFFSET", "RING_OFFSET", "RING_ENTRIES",
    "RING_RECORDS_OFF", "RING_SIZE",
}


class TestLayout(unittest.TestCase):
    def test_layout_matches_c(self):
        c = c_values()
        for name, val in sorted(_py_layout().items()):
            with self.subTest(name):
                self.assertIn(name, c)
                self.assertEqual(val, c[name])

    def test_constants_match_c(self):
        c = c_values()
        for name, val in sorted(_constants().items()):
            with self.subTest(name):
                self.assertEqual(val, c[name])

    def test_every_header_define_is_mirrored(self):
        """A constant added to uirq.h must be added here too."""
        with open(os.path.join(TOP, "include", "uapi", "uirq.h")) as f:
            names = re.findall(r"^#define\s+UIRQ_([A-Z0-9_]+)\b(?!\()",
                               f.read(), re.M)
        missing = sorted(set(names) - set(_constants()) - _NOT_MIRRORED)
        self.assertGreater(len(names), 80)
        self.assertEqual(missing, [])

    def test_header_pins_agree(self):
        """The sizes tests/unit/test_header.c pins are the ones here."""
        with open(os.path.join(TOP, "tests", "unit", "test_header.c")) as f:
            pins = re.findall(r"X\(sizeof\(struct (\w+)\), (\d+)\)", f.read())
        py = {cname: ctypes.sizeof(cls) for cls, cname in A.STRUCTS.items()}
        checked = 0
        for sname, size in pins:
            if "struct " + sname in py:
                self.assertEqual(py["struct " + sname], int(size), sname)
                checked += 1
        self.assertEqual(checked, 9)


if __name__ == "__main__":
    unittest.main()
