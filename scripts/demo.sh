#!/usr/bin/env bash
# `make demo` (after deps and the build): the offline half briefly, then
# boot the Debian kernel under QEMU with three edu devices sharing one
# INTx line, bind them to uirq and drive them from three user-space
# drivers at once (tests/vm/guest/demo.sh). COUNT=N changes the
# interrupts per driver (default 1000).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
start=$(date +%s)

if [ -x scripts/demo-offline.sh ] && [ -x "$BUILD/uirqctl" ]; then
	echo "=== offline: the edu ack program, assembled, verified, simulated"
	scripts/demo-offline.sh "$BUILD/uirqctl" || echo "(offline demo failed; going on)"
	echo
fi
echo "=== online: uirq.ko in a QEMU guest (TCG, about 10 s)"
rc=0
BUILD=$BUILD tests/vm/run --edu 3 --timeout 180 tests/vm/guest/demo.sh "${COUNT:-1000}" || rc=$?
echo "=== demo took $(($(date +%s) - start)) s"
exit $rc
