# SPDX-License-Identifier: MIT
"""`pip install ./python` works offline: into a fresh virtual environment
(python3 -m venv --system-site-packages, for Debian's setuptools and
wheel), from a copy of python/ so that the build leaves the checkout
alone; the installed package then assembles and verifies a program."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from common import BUILD, PROGRAMS, PYDIR


class TestInstall(unittest.TestCase):
    def test_pip_install(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src")
            shutil.copytree(PYDIR, src, ignore=shutil.ignore_patterns(
                "__pycache__", "build", "*.egg-info"))
            venv = os.path.join(d, "venv")
            subprocess.run([sys.executable, "-m", "venv",
                            "--system-site-packages", venv], check=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            py = os.path.join(venv, "bin", "python")
            r = subprocess.run([py, "-m", "pip", "install", "--no-index",
                                "--no-build-isolation", "--no-cache-dir",
                                "--disable-pip-version-check", src],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               universal_newlines=True)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:])
            self.assertIn("Successfully installed uirq-1.1.0", r.stdout)
            env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            env["UIRQ_LIB"] = os.path.join(BUILD, "libuirq.so.1")
            code = ("import os, uirq; print(os.path.dirname(uirq.__file__)); "
                    "p = uirq.Program.load_file(%r); "
                    "print(len(p), p.verify().windows)"
                    % os.path.join(PROGRAMS, "edu-ack.s"))
            r = subprocess.run([py, "-c", code], env=env, cwd=d,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               universal_newlines=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            where, result = r.stdout.splitlines()
            self.assertTrue(where.startswith(os.path.join(venv, "lib")), where)
            self.assertEqual(result, "7 {0: (36, 104)}")
            # pure Python: nothing compiled went in
            files = sorted(os.listdir(where))
            self.assertEqual([f for f in files if f.endswith(".py")],
                             ["__init__.py", "_abi.py", "_lib.py",
                              "device.py", "errors.py", "program.py"])
            self.assertEqual([f for f in files if f.endswith(".so")], [])
            r = subprocess.run([py, "-m", "pip", "uninstall", "-y", "uirq"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               universal_newlines=True)
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertFalse(os.path.exists(where))


if __name__ == "__main__":
    unittest.main()
