#!/usr/bin/env bash
# Every example program against its register model (examples/programs/
# models/), and the offline region table: test_sim_models.sh UIRQCTL
# Runs from the top of the tree. Per device: claim (handled, and the
# device no longer asserts), a spurious call after it and a decline (none,
# no register changed), the exact acknowledgement, release (quiet, and
# the same state when run twice). Then model-file errors, --device on a
# fake sysfs tree, and --region leaving the other regions absent.
# Prints ok/FAIL lines and ends with "N passed, N failed".
# shellcheck disable=SC2015
set -u
U=$1
P=examples/programs
MD=$P/models
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/lib.sh"

[ -x "$U" ] || { echo "no binary $U"; echo "0 passed, 1 failed"; exit 1; }

# mfile MODEL: examples/programs/models/MODEL.model, or MODEL.model if
# MODEL is a path.
mfile() { case $1 in */*) echo "$1.model" ;; *) echo "$MD/$1.model" ;; esac; }

# sim NAME MODEL ARGS...: uirqctl sim --model MODEL ARGS, exit 0 expected.
sim() { expect_rc "$1" 0 "$U" sim --model "$(mfile "$2")" "${@:3}"; }

# blk N: the lines of step N of $out (0: the initial state).
blk() {
	awk -v n="$1" '/^-- /{ cur = ($2 == "initial") ? 0 : $3 + 0; next }
		cur == n' "$out"
}

# in_step NAME N LINE...: every LINE is a whole line of step N.
in_step() {
	local name=$1 n=$2 line
	shift 2
	for line in "$@"; do
		if ! blk "$n" | grep -qxF -- "$line"; then
			bad "$name" "step $n lacks '$line': $(blk "$n" | tr '\n' '|')"
			return 1
		fi
	done
	ok "$name"
}

# same_state NAME A B: steps A and B leave the registers the same.
same_state() {
	local a b
	a=$(blk "$2" | grep '^state:')
	b=$(blk "$3" | grep '^state:')
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "$1"; else bad "$1" "step $2 '$a', step $3 '$b'"; fi
}

# errhas NAME PATTERN: stderr matches the grep pattern.
errhas() {
	if grep -q -- "$2" "$err"; then ok "$1"; else bad "$1" "stderr lacks '$2': $(head -c 300 "$err")"; fi
}

# sets "A=1 B=2": --set A=1 --set B=2
sets() {
	local s
	for s in $1; do printf -- '--set\n%s\n' "$s"; done
}

# lifecycle MODEL ASSERTING_SETS IDLE_SETS: the four properties every
# model must show, from a state where the device asserts and one where
# it does not.
lifecycle() {
	local model=$1 m a i
	m=$(basename "$model")
	mapfile -t a < <(sets "$2")
	mapfile -t i < <(sets "$3")
	if sim "$m: claim" "$model" "${a[@]}" --run ack --run ack; then
		in_step "$m: asserting before the claim" 0 "asserting: yes"
		in_step "$m: claim handled, device quiet" 1 "result: handled" "asserting: no"
		in_step "$m: spurious call after the claim declines" 2 "result: none" "asserting: no"
		same_state "$m: the spurious call changes nothing" 1 2
	fi
	if sim "$m: decline" "$model" "${i[@]}" --run ack; then
		in_step "$m: idle device not asserting" 0 "asserting: no"
		in_step "$m: decline" 1 "result: none" "asserting: no"
		same_state "$m: the decline changes nothing" 0 1
	fi
	if sim "$m: release" "$model" "${a[@]}" --run release --run release --run ack; then
		in_step "$m: release quiets the device" 1 "asserting: no"
		in_step "$m: release again" 2 "asserting: no"
		same_state "$m: release twice is harmless" 1 2
		in_step "$m: after release the ack program declines" 3 "result: none"
	fi
	expect_rc "$m: the model's own steps" 0 "$U" sim --model "$(mfile "$model")" &&
		ok "$m: the model's own steps run"
}

# ---- every example and stub: the lifecycle ----
lifecycle edu "irq_status=0x1 status=0x80" "status=0x80"
lifecycle pci23 "status=0x18" "status=0x10"
lifecycle disable "int_status=0x2" "int_status=0x8"
lifecycle short "data=0xc1" "data=0x41"
lifecycle aec "inta_drvr=0x09 int_enable=0x10 int_mask=0x3f" "inta_drvr=0x08 int_enable=0x10 int_mask=0x3f"
lifecycle cif "intcsr=0x45" "intcsr=0x44"
lifecycle mf624 "intcsr=0x6d" "intcsr=0x49"
lifecycle netx "int_stat0=0x2" "int_stat0=0x4"
# netx_plx has the same registers in BAR2: docs/uio-stubs.md says to
# derive its programs with sed rather than keep copies; check that works.
for f in "$P"/netx-*.s; do
	sed 's/bar0\[/bar2[/g' "$f" >"$tmp/$(basename "$f" | sed 's/^netx-/netx-plx-/')"
done
sed -e 's/bar0/bar2/g' -e 's|\.\./netx-|netx-plx-|' "$MD/netx.model" >"$tmp/netx-plx.model"
lifecycle "$tmp/netx-plx" "int_stat0=0x2" "int_stat0=0x4"
lifecycle sercos3 "isr0=0x4" "isr0=0x2"

# ---- the acknowledgements, exactly ----
if sim "edu ack" edu --set irq_status=0x5 --run ack; then
	in_step "edu: acks what it saw, captures it" 1 "write32 bar0[0x64] <- 0x5" "capture 0: 0x5" \
		"state: status=0x0 irq_status=0x0 irq_raise=0x0 irq_ack=0x0"
fi
if sim "edu gone" edu --set irq_status=0xffffffff --run ack; then
	in_step "edu: all-ones declines" 1 "result: none" "steps: 4"
fi
if sim "edu release" edu --set status=0x80 --run release; then
	in_step "edu: release clears the interrupt-on-done bit" 1 \
		"state: status=0x0 irq_status=0x0 irq_raise=0x0 irq_ack=0x0"
fi
if sim "pci23 ack/enable" pci23 --set status=0x18 --run ack --run enable --set status=0x18; then
	in_step "pci23: ack sets INTx disable" 1 "state: command=0x407 status=0x18" "capture 0: 0x18"
	in_step "pci23: enable unmasks, still pending: asserts again" 2 \
		"state: command=0x7 status=0x18" "asserting: yes"
fi
if sim "disable enable" disable --set int_status=0x2 --run ack --run enable; then
	in_step "disable: ack masks, cause stays" 1 "state: int_status=0x2 int_enable=0x0" \
		"capture 0: 0x2" "capture 1: 0x2"
	in_step "disable: enable restores the mask" 2 "state: int_status=0x2 int_enable=0x7" "asserting: yes"
fi
if sim "disable masked source" disable --set int_status=0x8 --run ack; then
	in_step "disable: pending but disabled source declines" 1 "result: none"
fi
if sim "short ack" short --set data=0xc1 --run ack; then
	in_step "short: clears bit 7" 1 "write8 bar0[0x0] <- 0x41" "capture 0: 0xc1"
fi
if sim "short release" short --set data=0xc1 --run release; then
	in_step "short: release disables and drops ACK" 1 "state: data=0x41 control=0x0"
fi
if sim "aec cycle" aec --run init --run ack --run 'raise inta_drvr 0x1' --run ack --run enable --run release; then
	in_step "aec: init enables the board" 1 "write32 bar0[0xfc] <- 0x10" "write8 bar0[0x2e] <- 0x3f"
	in_step "aec: not raised: declines" 2 "result: none"
	in_step "aec: claim reads the mailbox" 4 "read8 bar0[0xf] -> 0x5a" "capture 0: 0x9" \
		"capture 1: 0x5a" "asserting: no"
	in_step "aec: enable writes 0 to 0x2f" 5 "write8 bar0[0x2f] <- 0x0"
	in_step "aec: release masks, disables, reads the mailbox" 6 "write8 bar0[0x2e] <- 0x0" \
		"write32 bar0[0xfc] <- 0x0" "read8 bar0[0xf] -> 0x5a"
fi
if sim "aec not enabled" aec --set inta_drvr=0x01 --set int_enable=0x10 --set int_mask=0x3f --run ack; then
	in_step "aec: raised without the enabled flag declines" 1 "result: none"
fi
if sim "cif enable" cif --set intcsr=0x45 --run ack --run enable; then
	in_step "cif: ack clears INT1 enable only" 1 "write8 bar0[0x4c] <- 0x44" "capture 0: 0x45"
	in_step "cif: enable sets it again" 2 "state: intcsr=0x45" "asserting: yes"
fi
if sim "mf624 sources" mf624 --set intcsr=0x6d --run ack --run enable --run ack; then
	in_step "mf624: ADC first, ADINT_EN and PCIINT_EN off" 1 "write32 bar0[0x4c] <- 0x2c" \
		"capture 0: 0x6d" "capture 1: 0x1"
	in_step "mf624: enable turns all three on" 2 "state: intcsr=0x6d"
	in_step "mf624: the next claim is the ADC again" 3 "capture 1: 0x1"
fi
if sim "mf624 ctr4" mf624 --set intcsr=0x69 --run ack; then
	in_step "mf624: CTR4 alone" 1 "write32 bar0[0x4c] <- 0x21" "capture 1: 0x2" "asserting: no"
fi
if sim "mf624 masked" mf624 --set intcsr=0x2d --run ack; then
	in_step "mf624: PCIINT_EN off: declines though sources are pending" 1 "result: none"
fi
if sim "netx ack" netx --set int_stat0=0x80000002 --run ack; then
	in_step "netx: GLOBAL_EN off, other enables kept" 1 "write32 bar0[0xfff0] <- 0x3" \
		"capture 0: 0x80000002" "capture 1: 0x80000002"
fi
if sim "netx outside mask" netx --set int_en0=0x90000000 --set int_stat0=0x10000000 --run ack; then
	in_step "netx: a source outside 0xe600ffff declines" 1 "result: none"
fi
if sim "netx-plx ack" "$tmp/netx-plx" --set int_stat0=0x1 --run ack; then
	in_step "netx-plx: the same on bar2" 1 "write32 bar2[0xfff0] <- 0x3"
fi
if sim "sercos3 restore" sercos3 --set isr0=0x4 --run ack --run ack --run 'set isr0 0x0' --run 'write ier0 cap0'; then
	in_step "sercos3: ack captures IER0 and clears it" 1 "write32 bar4[0x8] <- 0x0" \
		"capture 0: 0x5" "capture 1: 0x4" "state: ier0=0x0 isr0=0x4"
	in_step "sercos3: IER0 = 0: declines" 2 "result: none"
	in_step "sercos3: the driver restores IER0 from capture 0" 4 \
		"write32 bar4[0x8] <- 0x5" "state: ier0=0x5 isr0=0x0" "asserting: no"
fi
if sim "sercos3 restore pending" sercos3 --set isr0=0x4 --run ack --run 'write ier0 cap0'; then
	in_step "sercos3: restored with a cause pending: asserts again" 2 "asserting: yes"
fi
expect_rc "sercos3: restore before any event" 1 "$U" sim --model "$MD/sercos3.model" --run 'write ier0 cap0' &&
	errhas "sercos3: restore needs an event" "step 1: write ier0 cap0: no event so far has capture slot 0"

# ---- register behaviours ----
cat >"$tmp/b.model" <<'EOF'
region bar0 mmio 256
reg st  bar0[0x0] 32 0x0 w1c
reg set bar0[0x4] 32 0x0 wset=st
reg rc  bar0[0x8] 32 0x77 rc
reg seq bar0[0xc] 32 seq=1,2,3
reg clr bar0[0x10] 32 0x3 rclr=st:0x4
reg mix bar0[0x14] 16 0xff00 ro=0xff00
EOF
cat >"$tmp/b.s" <<'EOF'
.kind ack
        ld32 r0, bar0[0x8]
        ld32 r0, bar0[0x8]
        ld32 r1, bar0[0xc]
        ld32 r1, bar0[0xc]
        ld32 r1, bar0[0xc]
        ld32 r1, bar0[0xc]
        cap  0, r1
        st32 bar0[0x4], 0x6
        st32 bar0[0x0], 0x2
        ld32 r2, bar0[0x10]
        st16 bar0[0x14], 0x1234
        ret  handled
EOF
if expect_rc "behaviours" 0 "$U" sim --model "$tmp/b.model" "$tmp/b.s"; then
	in_step "rc: second read 0" 1 "read32 bar0[0x8] -> 0x77" "read32 bar0[0x8] -> 0x0"
	in_step "seq: values in order, the last repeats" 1 "read32 bar0[0xc] -> 0x1" \
		"read32 bar0[0xc] -> 0x2" "read32 bar0[0xc] -> 0x3" "capture 0: 0x3"
	in_step "wset, w1c, rclr, ro bits" 1 "state: st=0x0 set=0x0 rc=0x0 seq=0x3 clr=0x3 mix=0xff34"
fi
cat >"$tmp/u.s" <<'EOF'
        ld32 r0, bar0[0x40]
        ret  none
EOF
if expect_rc "unmodelled offset" 0 "$U" sim --model "$tmp/b.model" "$tmp/u.s"; then
	in_step "an access outside the model is marked" 1 "read32 bar0[0x40] -> 0x0 (not in the model)"
fi

# ---- model errors: file, line, reason ----
merr() {
	local name=$1 text=$2 want=$3
	printf '%b' "$text" >"$tmp/e.model"
	expect_rc "model error: $name" 1 "$U" sim --model "$tmp/e.model" "$P/edu-ack.s" &&
		errhas "model error: $name" "$tmp/e.model:$want"
}
merr "unknown directive" "region bar0 mmio 4k\nfrob x\n" "2: error: unknown step 'frob'"
merr "bad name" "reg a&b bar0[0x0] 32\n" "1: error: bad register name 'a&b'"
merr "bad width" "reg a bar0[0x0] 12\n" "1: error: bad width '12'"
merr "misaligned" "reg a bar0[0x2] 32\n" "1: error: bar0\[0x2\] is not aligned to its width 32"
merr "value too wide" "reg a bar0[0x0] 8 0x100\n" "1: error: value 0x100 does not fit in 8 bits"
merr "bad location" "reg a bar9[0x0] 32\n" "1: error: bad location 'bar9\[0x0\]'"
merr "twice" "reg a bar0[0x0] 32\nreg a bar0[0x4] 32\n" "2: error: register 'a' declared twice"
merr "same offset" "reg a bar0[0x0] 32\nreg b bar0[0x0] 32\n" "2: error: bar0\[0x0\] already has a register"
merr "forward target" "\nreg a bar0[0x0] 32 wclr=b\n" "2: error: 'wclr=b': no register 'b' declared above"
merr "bad attribute" "reg a bar0[0x0] 32 sticky\n" "1: error: unknown register attribute 'sticky'"
merr "exclusive" "reg a bar0[0x0] 32 w1c w1s\n" "1: error: w1c, w1s, wclr and wset exclude each other"
merr "assert unknown" "reg a bar0[0x0] 32\nassert a&b\n" "2: error: condition 'a&b': no register 'b' declared above"
merr "bad region" "region bar0 ram 4k\n" "1: error: bad region 'bar0:ram:4k': unknown type 'ram'"
merr "run unknown kind" "run irq\n" "1: error: expected: run ack|enable|release|init"
merr "raise unknown reg" "raise nope 1\n" "1: error: unknown register 'nope'"
merr "bad value" "reg a bar0[0x0] 32\nwrite a cap9\n" "2: error: bad value 'cap9'"
expect_rc "model: no such file" 1 "$U" sim --model "$tmp/none.model" "$P/edu-ack.s" &&
	errhas "model: no such file" "none.model: No such file"
expect_rc "step without program" 2 "$U" sim --model "$MD/edu.model" --run enable &&
	errhas "step without its program" "step 1: enable: no enable program"
expect_rc "bad --run" 2 "$U" sim --model "$MD/edu.model" --run 'poke x 1' &&
	errhas "bad --run" "unknown step 'poke'"
expect_rc "--set unknown register" 2 "$U" sim --model "$MD/edu.model" --set nope=1 &&
	errhas "--set names a model register" "the model has no register 'nope'"

# ---- --run without a model: the plain register file, several runs ----
if expect_rc "--run without a model" 0 "$U" sim "$P/edu-ack.s" --set 'bar0[0x24]=0x3' --run ack --run ack; then
	in_step "plain file: first run claims" 1 "result: handled" "state: bar0[0x24]=0x3 bar0[0x64]=0x3"
	in_step "plain file: no side effects, so it claims again" 2 "result: handled"
fi

# ---- --region: regions not given are absent ----
if expect_rc "undeclared bar rejected" 1 "$U" check "$P/sercos3-ack.s" --region bar0:mmio:4k; then
	errhas "a BAR not given is absent" "region bar4 is absent"
fi
if expect_rc "defaults without --region" 0 "$U" check "$P/sercos3-ack.s"; then
	grep -qx "regions: defaults (bar0..bar5 4 KiB mmio, cfg 4 KiB: give --device or --region for the kernel's answer)" "$out" &&
		ok "check says it used the defaults" || bad "defaults line" "$(cat "$out")"
fi
expect_rc "pci23 needs cfg" 1 "$U" check "$P/pci23-ack.s" --region bar0:mmio:4k &&
	errhas "cfg absent when not given" "region cfg is absent"
expect_rc "model regions are the table" 1 "$U" sim --model "$MD/short.model" "$P/edu-ack.s" &&
	errhas "a model's region lines leave the rest absent" "offset 0x24 + 4 beyond bar0 size 0x8"

# ---- --device: a fake sysfs tree ----
mkdev() {
	local d=$tmp/sys/bus/pci/devices/$1
	mkdir -p "$d"
	printf '%b' "$2" >"$d/resource"
	head -c "$3" /dev/zero >"$d/config"
}
# 00:04.0: bar0 1 MiB memory, bar2 32 bytes of I/O, a ROM (line 7, never
# a region), 256 bytes of config. 00:05.0: bar0 and bar4 4 KiB memory,
# 4096 bytes of config. Flags as the kernel prints them (0x40000: sizealign).
mkdev 0000:00:04.0 "0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n0x0 0x0 0x0\n0x000000000000c000 0x000000000000c01f 0x0000000000040101\n0x0 0x0 0x0\n0x0 0x0 0x0\n0x0 0x0 0x0\n0x00000000feb00000 0x00000000feb3ffff 0x0000000000046200\n" 256
mkdev 0000:00:05.0 "0x00000000fe000000 0x00000000fe000fff 0x0000000000040200\n0x0 0x0 0x0\n0x0 0x0 0x0\n0x0 0x0 0x0\n0x00000000fd000000 0x00000000fd000fff 0x0000000000040200\n0x0 0x0 0x0\n0x0 0x0 0x0\n" 4096
export UIRQ_SYSFS_ROOT=$tmp/sys
if expect_rc "device: edu-ack on 1 MiB bar0" 0 "$U" check "$P/edu-ack.s" --device 0000:00:04.0; then
	grep -qx "regions: device 0000:00:04.0" "$out" && ok "check names the device" || bad "device line" "$(cat "$out")"
	grep -qx "window bar0: 0x24..0x68 (mmio, size 0x100000)" "$out" && ok "device: bar0 size from sysfs" ||
		bad "device bar0" "$(cat "$out")"
fi
expect_rc "device: short BDF" 0 "$U" check "$P/edu-ack.s" --device 00:04.0 && ok "device: 00:04.0 means domain 0000"
if expect_rc "device: I/O bar" 0 "$U" check "$P/short-ack.s" --device 0000:00:04.0 --region bar0:pio:8; then
	grep -qx "window bar0: 0x0..0x1 (pio, size 0x8)" "$out" && ok "device: --region overrides one region" ||
		bad "device override" "$(cat "$out")"
fi
cat >"$tmp/b2.s" <<'EOF'
        ld32 r0, bar2[0x1c]
        ld8  r1, bar2[0x20]
        ret  none
EOF
expect_rc "device: bar2 is 32 bytes of pio" 1 "$U" check "$tmp/b2.s" --device 0000:00:04.0 &&
	errhas "device: pio bar2 size" "offset 0x20 + 1 beyond bar2 size 0x20"
expect_rc "device: absent bar1" 1 "$U" check "$P/edu-ack.s" --device 0000:00:04.0 --region bar0:none:0 &&
	errhas "device: region none" "region bar0 is absent"
printf '        ld32 r0, bar1[0]\n        ret  none\n' >"$tmp/b1.s"
expect_rc "device: bar1 unassigned" 1 "$U" check "$tmp/b1.s" --device 0000:00:04.0 &&
	errhas "device: a zero resource line is absent" "region bar1 is absent"
printf '        ld32 r0, cfg[0x100]\n        ret  none\n' >"$tmp/c.s"
expect_rc "device: 256-byte config" 1 "$U" check "$tmp/c.s" --device 0000:00:04.0 &&
	errhas "device: config size 256" "offset 0x100 + 4 beyond cfg size 0x100"
expect_rc "device: 4096-byte config" 0 "$U" check "$tmp/c.s" --device 0000:00:05.0 &&
	ok "device: config size 4096 from the file size"
if expect_rc "device: sercos3 bar4" 0 "$U" check "$P/sercos3-ack.s" --device 0000:00:05.0; then
	grep -qx "window bar4: 0x8..0x1c (mmio, size 0x1000)" "$out" && ok "device: bar4" || bad "device bar4" "$(cat "$out")"
fi
if expect_rc "device: sim" 0 "$U" sim "$P/edu-ack.s" --device 0000:00:04.0 --set 'bar0[0x24]=1'; then
	grep -qx "result: handled" "$out" && ok "device: sim runs with the device's table" || bad "device sim" "$(cat "$out")"
fi
expect_rc "device: missing" 1 "$U" check "$P/edu-ack.s" --device 0000:00:09.0 &&
	errhas "device: missing names the file" "devices/0000:00:09.0/resource: No such file"
expect_rc "device: bad BDF" 1 "$U" check "$P/edu-ack.s" --device 0:zz &&
	errhas "device: bad address" "bad --device '0:zz'"
printf 'garbage\n' >"$tmp/sys/bus/pci/devices/0000:00:04.0/resource"
expect_rc "device: bad resource" 1 "$U" check "$P/edu-ack.s" --device 0000:00:04.0 &&
	errhas "device: bad resource file" "resource: line 1: expected START END FLAGS"
head -c 64 /dev/zero >"$tmp/sys/bus/pci/devices/0000:00:05.0/config"
expect_rc "device: odd config size" 1 "$U" check "$P/edu-ack.s" --device 0000:00:05.0 &&
	errhas "device: config size must be 256 or 4096" "size 64, expected 256 or 4096"
expect_rc "device node: not a uirq file" 1 "$U" check "$P/edu-ack.s" --device /dev/null &&
	errhas "device node: /dev/null is not a uirq device" "/dev/null: "
unset UIRQ_SYSFS_ROOT

summary
