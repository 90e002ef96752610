# SPDX-License-Identifier: MIT
"""Paths shared by the host tests, and the package under test: the
checkout's python/uirq (put first on sys.path) with the libuirq.so.1 that
UIRQ_LIB names."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYDIR = os.path.dirname(HERE)
TOP = os.environ.get("UIRQ_TOP") or os.path.dirname(PYDIR)
BUILD = os.environ.get("UIRQ_BUILD") or os.path.join(TOP, "build")
PROGRAMS = os.path.join(TOP, "examples", "programs")
CC = os.environ.get("CC") or "cc"

if PYDIR not in sys.path:
    sys.path.insert(0, PYDIR)
os.environ.setdefault("UIRQ_LIB", os.path.join(BUILD, "libuirq.so.1"))

import uirq  # noqa: E402,F401
