# SPDX-License-Identifier: MIT
"""The device API's error paths on the host (no uirq.ko here: the VM
scenario tests/vm/scenarios/python.sh drives a real device), the value
types, and how the package finds libuirq.so.1."""
import errno
import os
import subprocess
import sys
import unittest

from common import BUILD, PYDIR
import uirq
from uirq import _abi as A


class TestOpen(unittest.TestCase):
    def test_no_such_device(self):
        with self.assertRaises(FileNotFoundError) as cm:
            uirq.Device("00:1f.7")
        self.assertEqual(cm.exception.errno, errno.ENOENT)
        self.assertEqual(cm.exception.filename, "/dev/uirq/0000:00:1f.7")

    def test_bad_name(self):
        with self.assertRaises(OSError) as cm:
            uirq.Device("Not a device!")
        self.assertEqual(cm.exception.errno, errno.EINVAL)

    def test_not_a_uirq_file(self):
        with self.assertRaises(OSError) as cm:
            uirq.Device(path="/dev/null")
        self.assertEqual(cm.exception.errno, errno.ENOTTY)
        self.assertEqual(cm.exception.filename, "/dev/null")

    def test_arguments(self):
        with self.assertRaises(TypeError):
            uirq.Device()
        with self.assertRaises(TypeError):
            uirq.Device("00:04.0", path="/dev/null")

    def test_parse_bdf(self):
        self.assertEqual(uirq.parse_bdf("00:04.0"), "0000:00:04.0")
        self.assertEqual(uirq.parse_bdf("0001:0A:1f.7"), "0001:0a:1f.7")
        with self.assertRaises(OSError) as cm:
            uirq.parse_bdf("00:04")
        self.assertEqual(cm.exception.errno, errno.EINVAL)

    def test_destroy_missing_device(self):
        # no /dev/uirq/control on the host: ENOENT (EPERM for a non-root)
        with self.assertRaises(OSError) as cm:
            uirq.destroy_device("nosuchdev")
        self.assertIn(cm.exception.errno, (errno.ENOENT, errno.EPERM))

    def test_irq_on_strerror(self):
        self.assertIn("DMA", uirq.irq_on_strerror(errno.EPERM))
        self.assertEqual(uirq.irq_on_strerror(OSError(errno.EPERM, "x")),
                         uirq.irq_on_strerror(-errno.EPERM))


class TestValues(unittest.TestCase):
    def test_event_from_c(self):
        e = A.EventStruct(seq=7, timestamp_ns=123, dropped=2, cap_mask=5,
                          flags=A.EVENT_FAULT, vector=3, fault=1)
        e.cap[0], e.cap[2] = 0x1000042, 0xffffffffffffffff
        ev = uirq.Event.from_c(e)
        self.assertEqual(ev, uirq.Event(7, 123, 2, 5, (0x1000042, 0,
                                        0xffffffffffffffff, 0, 0, 0, 0, 0),
                                        1, 3, 1))
        self.assertEqual(ev.cap[0], 0x1000042)

    def test_info_slot(self):
        i = uirq.Info(*([0] * 9 + [0x21] + [0] * 7 + ["0000:00:04.1"]))
        self.assertEqual((i.slot, i.function), (4, 1))


def _python(env_update, code):
    env = {k: v for k, v in os.environ.items()
           if k not in ("UIRQ_LIB", "LD_LIBRARY_PATH")}
    env.update(env_update)
    env["PYTHONPATH"] = PYDIR
    return subprocess.run([sys.executable, "-c", code], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


class TestLibrary(unittest.TestCase):
    def test_uirq_lib(self):
        so = os.path.join(BUILD, "libuirq.so.1")
        r = _python({"UIRQ_LIB": so}, "import uirq; print(uirq.library_path)")
        self.assertEqual((r.returncode, r.stdout.strip()), (0, so), r.stderr)

    def test_uirq_lib_missing(self):
        r = _python({"UIRQ_LIB": "/nonexistent/libuirq.so.1"}, "import uirq")
        self.assertEqual(r.returncode, 1)
        self.assertIn("/nonexistent/libuirq.so.1", r.stderr)

    def test_soname_on_the_linker_path(self):
        r = _python({"LD_LIBRARY_PATH": BUILD},
                    "import uirq; print(uirq.library_path)")
        self.assertEqual((r.returncode, r.stdout.strip()), (0, "libuirq.so.1"),
                         r.stderr)

    def test_not_found(self):
        # Without UIRQ_LIB and the build directory, the result is the
        # linker's: an ImportError that says what to do, unless a
        # libuirq.so.1 is installed on this machine.
        r = _python({}, "import uirq; print(uirq.library_path)")
        # (asked in a fresh process: this one has the UIRQ_LIB copy loaded,
        # which dlopen() would return for its soname)
        installed = _python({}, "import ctypes; ctypes.CDLL('libuirq.so.1')"
                            ).returncode == 0
        if installed:
            self.assertEqual(r.returncode, 0, r.stderr)
        else:
            self.assertEqual(r.returncode, 1)
            self.assertIn("ImportError: uirq: cannot load libuirq.so.1",
                          r.stderr)
            self.assertIn("UIRQ_LIB", r.stderr)


if __name__ == "__main__":
    unittest.main()


class TestExampleDriver(unittest.TestCase):
    """examples/uirq-edu.py's own paths that need no device (the VM
    scenario runs it on one)."""
    SCRIPT = os.path.join(PYDIR, "examples", "uirq-edu.py")

    def run_it(self, *args):
        env = dict(os.environ, PYTHONPATH=PYDIR)
        return subprocess.run([sys.executable, self.SCRIPT] + list(args),
                              env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True)

    def test_help(self):
        r = self.run_it("--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("usage: uirq-edu.py"))

    def test_bad_device(self):
        r = self.run_it("--device", "zz")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a PCI address", r.stderr)

    def test_no_device(self):
        r = self.run_it("--device", "00:1f.7", "--count", "1")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout.splitlines()[-1],
                         "0000:00:1f.7: raised 0 received 0 mismatched 0 lost 0")
        self.assertIn("No such file or directory: '/dev/uirq/0000:00:1f.7'",
                      r.stderr)
