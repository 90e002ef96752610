#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The e1000, pci-serial and pci-serial-4x programs (examples/programs/,
# docs/devices.md) on the host: uirqctl check against each device's BAR0,
# and uirqctl sim of the ack programs' decisions, with the exact accesses
# each makes (the register file has no side effects: the read-to-clear and
# IIR acknowledges are the VM suite's, vm-devices).
#
# usage: tests/tools/test_devprogs.sh [UIRQCTL]
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/tools/lib.sh
U=${1:-build/uirqctl}
P=examples/programs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

[ -x "$U" ] || { bad "uirqctl" "no $U (make)"; summary; exit 1; }

# check NAME FILE REGION [ARGS...]: accepted.
check() {
	local name=$1 f=$2 r=$3
	shift 3
	expect_rc "$name" 0 "$U" check "$f" --region "$r" "$@" && ok "$name"
}
for k in ack init release; do
	sh=()
	[ $k = ack ] && sh=(--shared)
	check "check e1000-$k" "$P/e1000-$k.s" bar0:mmio:128k "${sh[@]}"
	check "check pci-serial-$k" "$P/pci-serial-$k.s" bar0:pio:8 "${sh[@]}"
	check "check pci-serial-4x-$k" "$P/pci-serial-4x-$k.s" bar0:pio:32 "${sh[@]}"
done
# Too small a BAR is refused, naming the first access beyond it.
if expect_rc "pci-serial-4x-ack on an 8-byte BAR" 1 "$U" check "$P/pci-serial-4x-ack.s" --region bar0:pio:8; then
	if grep -q "offset 0xa + 1 beyond bar0 size 0x8" "$err"; then
		ok "pci-serial-4x-ack on an 8-byte BAR"
	else
		bad "pci-serial-4x-ack on an 8-byte BAR" "$(cat "$err")"
	fi
fi
if expect_rc "e1000-ack on a 4 KiB BAR" 0 "$U" check "$P/e1000-ack.s" --region bar0:mmio:4k; then
	ok "e1000-ack on a 4 KiB BAR (its registers are below 0x100)"
fi

# sim NAME PROG REGION WANT SET...: the accesses, result and captures,
# exactly (one line each, joined by |).
sim() {
	local name=$1 f=$2 r=$3 want=$4 got a
	shift 4
	a=()
	for s in "$@"; do a+=(--set "$s"); done
	if expect_rc "$name" 0 "$U" sim "$f" --region "$r" "${a[@]}"; then
		got=$(grep -v '^steps:' "$out" | tr '\n' '|')
		if [ "$got" = "$want" ]; then ok "$name"; else bad "$name" "got '$got', want '$want'"; fi
	fi
}

E=$P/e1000-ack.s
sim "e1000: nothing enabled: declines without reading ICR" "$E" bar0:mmio:128k \
	"read32 bar0[0xd0] -> 0x0|result: none|" 'bar0[0xc0]=5'
sim "e1000: IMS all-ones: declines" "$E" bar0:mmio:128k \
	"read32 bar0[0xd0] -> 0xffffffff|result: none|" 'bar0[0xd0]=0xffffffff'
sim "e1000: only masked causes: declines (after the read)" "$E" bar0:mmio:128k \
	"read32 bar0[0xd0] -> 0xffff|read32 bar0[0xc0] -> 0x10000|result: none|" \
	'bar0[0xd0]=0xffff' 'bar0[0xc0]=0x10000'
sim "e1000: an enabled cause: claims, captures ICR and IMS" "$E" bar0:mmio:128k \
	"read32 bar0[0xd0] -> 0xffff|read32 bar0[0xc0] -> 0x10005|result: handled|capture 0: 0x10005|capture 1: 0xffff|" \
	'bar0[0xd0]=0xffff' 'bar0[0xc0]=0x10005'

S=$P/pci-serial-ack.s
sim "pci-serial: IIR 0x01: declines" "$S" bar0:pio:8 \
	"read8 bar0[0x2] -> 0x1|result: none|" 'bar0[2]=1'
sim "pci-serial: IIR 0xff (no device): declines" "$S" bar0:pio:8 \
	"read8 bar0[0x2] -> 0xff|result: none|" 'bar0[2]=0xff'
sim "pci-serial: THR empty: claims and disables" "$S" bar0:pio:8 \
	"read8 bar0[0x2] -> 0x2|read8 bar0[0x1] -> 0x2|write8 bar0[0x1] <- 0x0|result: handled|capture 0: 0x2|capture 1: 0x2|" \
	'bar0[2]=2' 'bar0[1]=2'
sim "pci-serial: receive data: claims and disables" "$S" bar0:pio:8 \
	"read8 bar0[0x2] -> 0x4|read8 bar0[0x1] -> 0x3|write8 bar0[0x1] <- 0x0|result: handled|capture 0: 0x4|capture 1: 0x3|" \
	'bar0[2]=4' 'bar0[1]=3'

M=$P/pci-serial-4x-ack.s
idle="read8 bar0[0x2] -> 0x1|read8 bar0[0xa] -> 0x1|read8 bar0[0x12] -> 0x1|read8 bar0[0x1a] -> 0x1|"
sim "pci-serial-4x: all four idle: declines" "$M" bar0:pio:32 \
	"${idle}result: none|" 'bar0[2]=1' 'bar0[10]=1' 'bar0[18]=1' 'bar0[26]=1'
sim "pci-serial-4x: all four 0xff: declines" "$M" bar0:pio:32 \
	"read8 bar0[0x2] -> 0xff|read8 bar0[0xa] -> 0xff|read8 bar0[0x12] -> 0xff|read8 bar0[0x1a] -> 0xff|result: none|" \
	'bar0[2]=0xff' 'bar0[10]=0xff' 'bar0[18]=0xff' 'bar0[26]=0xff'
sim "pci-serial-4x: UART 3 only: all four read, capture 4 = 0x8" "$M" bar0:pio:32 \
	"read8 bar0[0x2] -> 0x1|read8 bar0[0xa] -> 0x1|read8 bar0[0x12] -> 0x1|read8 bar0[0x1a] -> 0x2|result: handled|capture 0: 0x1|capture 1: 0x1|capture 2: 0x1|capture 3: 0x2|capture 4: 0x8|" \
	'bar0[2]=1' 'bar0[10]=1' 'bar0[18]=1' 'bar0[26]=2'
sim "pci-serial-4x: UARTs 0 and 2 at once" "$M" bar0:pio:32 \
	"read8 bar0[0x2] -> 0x2|read8 bar0[0xa] -> 0x1|read8 bar0[0x12] -> 0x2|read8 bar0[0x1a] -> 0x1|result: handled|capture 0: 0x2|capture 1: 0x1|capture 2: 0x2|capture 3: 0x1|capture 4: 0x5|" \
	'bar0[2]=2' 'bar0[10]=1' 'bar0[18]=2' 'bar0[26]=1'
sim "pci-serial-4x: receive data on UART 1: that UART disabled" "$M" bar0:pio:32 \
	"read8 bar0[0x2] -> 0x1|read8 bar0[0xa] -> 0x4|write8 bar0[0x9] <- 0x0|read8 bar0[0x12] -> 0x1|read8 bar0[0x1a] -> 0x1|result: handled|capture 0: 0x1|capture 1: 0x4|capture 2: 0x1|capture 3: 0x1|capture 4: 0x2|" \
	'bar0[2]=1' 'bar0[10]=4' 'bar0[18]=1' 'bar0[26]=1'

# The release programs, whatever the state: every IER written 0.
sim "pci-serial-4x-release: DLAB off, IER 0, OUT2 off on all four" "$P/pci-serial-4x-release.s" bar0:pio:32 \
	"write8 bar0[0x3] <- 0x3|write8 bar0[0x1] <- 0x0|write8 bar0[0x4] <- 0x0|write8 bar0[0xb] <- 0x3|write8 bar0[0x9] <- 0x0|write8 bar0[0xc] <- 0x0|write8 bar0[0x13] <- 0x3|write8 bar0[0x11] <- 0x0|write8 bar0[0x14] <- 0x0|write8 bar0[0x1b] <- 0x3|write8 bar0[0x19] <- 0x0|write8 bar0[0x1c] <- 0x0|result: quiet|"
sim "e1000-release: IMC all, ICR read" "$P/e1000-release.s" bar0:mmio:128k \
	"write32 bar0[0xd8] <- 0xffffffff|read32 bar0[0xc0] -> 0x0|result: quiet|"

summary
