#!/usr/bin/env bash
# The offline half of the demo: assemble, check and simulate the edu ack
# program on one of its own interrupts and on someone else's, with no
# device and no kernel module. Usage: scripts/demo-offline.sh [UIRQCTL]
set -eu
U=${1:-build/uirqctl}
PROG=examples/programs/edu-ack.s
BIN=$(mktemp --suffix=.bin)
trap 'rm -f "$BIN"' EXIT

if [ -t 1 ]; then B=$'\033[1m' N=$'\033[0m'; else B='' N=''; fi
step() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "The edu device's ack program (text form)"
grep -v '^;' "$PROG"

step "Assemble it to the binary the kernel loads, and disassemble that"
show "$U" asm "$PROG" -o "$BIN"
echo "$(stat -c %s "$BIN") bytes = $(( $(stat -c %s "$BIN") / 24 )) instructions of 24 bytes"
show "$U" disasm "$BIN"

step "Verify it (the same verifier uirq.ko runs): bounded, can decline, touches bar0 0x24..0x68 only"
show "$U" check "$PROG" --shared

step "Simulate an interrupt that IS edu's (status 0x5): acknowledge, capture, handled"
show "$U" sim "$PROG" --set 'bar0[0x24]=0x5'

step "Simulate an interrupt from another device on the line (status 0): decline"
show "$U" sim "$PROG"

step "Against a model of edu's registers: an interrupt, a spurious call, the release"
show "$U" sim --model examples/programs/models/edu.model

step "A BAR too small for the program is caught before it ever reaches the kernel"
rc=0
show "$U" check "$PROG" --region bar0:mmio:0x40 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { echo "unexpected exit $rc"; exit 1; }
echo "(exit 1: rejected, as it should be)"
