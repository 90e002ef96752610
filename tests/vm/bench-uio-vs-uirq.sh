#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
# Interrupts per second through uirq vs uio_pci_generic in the test VM
# (TCG: compare the two, not with real hardware). Usage:
#   tests/vm/bench-uio-vs-uirq.sh [COUNT] [tests/vm/run options...]
cd "$(dirname "$0")/../.."
count=${1:-20000}
shift || true
exec tests/vm/run --edu 3 "$@" tests/vm/guest/bench.sh "$count"
