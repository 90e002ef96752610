#!/usr/bin/env bash
# uirqctl's offline subcommands: test_uirqctl.sh UIRQCTL
# Runs from the top of the tree. Prints ok/FAIL lines and ends with
# "N passed, N failed" like every suite.
# ok() and bad() always succeed, so "cond && ok ... || bad ..." is an if-else.
# shellcheck disable=SC2015
set -u
U=$1
P=examples/programs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/lib.sh"

# t NAME WANT_RC ARGS...: run uirqctl (expect_rc).
t() { expect_rc "$1" "$2" "$U" "${@:3}"; }

# has NAME FILE TEXT...: every TEXT is a whole line of FILE.
has() {
	local name=$1 file=$2 line
	shift 2
	for line in "$@"; do
		if ! grep -qxF -- "$line" "$file"; then
			bad "$name" "missing line '$line' in: $(head -c 600 "$file")"
			return 1
		fi
	done
	ok "$name"
}

# errhas NAME PATTERN: stderr matches the grep pattern.
errhas() {
	if grep -q -- "$2" "$err"; then ok "$1"; else bad "$1" "stderr lacks '$2': $(head -c 300 "$err")"; fi
}

# exactly NAME FILE EXPECTED: the file's whole content.
exactly() {
	local name=$1 file=$2 want=$3
	if [ "$(cat "$file")" = "$want" ]; then
		ok "$name"
	else
		bad "$name" "got:
$(cat "$file")
want:
$want"
	fi
}

[ -x "$U" ] || { echo "no binary $U"; echo "0 passed, 1 failed"; exit 1; }

# ---- help and usage ----
if t help 0 --help; then
	has help "$out" "  asm      assemble a program to the binary format" \
		"  check    verify a program and print what the verifier proved"
fi
for c in asm disasm check sim; do
	if t "help-$c" 0 help "$c"; then
		grep -q "^usage: uirqctl $c " "$out" && ok "help $c synopsis" || bad "help $c" "no synopsis"
	fi
	if t "$c --help" 0 "$c" --help; then
		grep -q "^usage: uirqctl $c " "$out" && ok "$c --help" || bad "$c --help" "no synopsis"
	fi
	t "$c no args" 2 "$c" && errhas "$c without a file: usage" "missing program file"
done
t "no command" 2 && ok "no command: usage"
t "unknown command" 2 frobnicate && errhas "unknown command" "unknown command 'frobnicate'"
t "help unknown" 2 help frobnicate && ok "help unknown command"
t "unknown option" 2 check $P/edu-ack.s --bogus && errhas "unknown option" "unknown option '--bogus'"
t "bad kind" 2 check $P/edu-ack.s --kind irq && errhas "bad --kind" "unknown kind 'irq'"
t "bad region" 2 check $P/edu-ack.s --region bar0:ram:4k && errhas "bad --region type" "unknown type 'ram'"
t "bad region size" 2 check $P/edu-ack.s --region bar0:mmio:4x && errhas "bad --region size" "bad size '4x'"
t "region needs value" 2 check $P/edu-ack.s --region && errhas "--region without a value" "needs a value"
t "two programs" 2 check $P/edu-ack.s $P/edu-release.s && ok "two programs: usage"
t "bad set" 2 sim $P/edu-ack.s --set bar0=5 && errhas "bad --set" "expected REGION\[OFFSET\]=VALUE"
t "bad set region" 2 sim $P/edu-ack.s --set 'bar9[0]=5' && errhas "bad --set region" "unknown region 'bar9'"
t "missing file" 1 check "$tmp/nope.s" && errhas "missing file: exit 1" "No such file"

# ---- check: every example, expected properties ----
for f in "$P"/*.s; do
	b=$(basename "$f" .s)
	# netX's registers sit at the top of its 64 KiB dual-port memory.
	regions=()
	case $b in
	netx*) regions=(--region bar0:mmio:64k --region bar2:mmio:64k) ;;
	# Non-PCI devices: LPT1's three ports, a 16550's eight, as res0.
	lpt-*) regions=(--region res0:pio:3) ;;
	uart16550-*) regions=(--region res0:pio:8) ;;
	esac
	if t "check $b" 0 check "$f" "${regions[@]}"; then
		kind=${b##*-}
		has "check $b" "$out" "$f: accepted" "kind: $kind"
	fi
done
if t "check edu-ack props" 0 check $P/edu-ack.s; then
	has "check edu-ack properties" "$out" "instructions: 7" "max steps: 6" \
		"max delay: 0 us" "can decline: yes" "can handle: yes" "can quiet: no" \
		"writes: yes" "captures: 0" "window bar0: 0x24..0x68 (mmio, size 0x1000)"
fi
if t "check pci23-ack props" 0 check $P/pci23-ack.s --shared; then
	has "check pci23-ack properties" "$out" "can decline: yes" "window cfg: 0x4..0x8 (cfg, size 0x1000)"
fi
if t "check short-ack pio" 0 check $P/short-ack.s --region bar0:pio:8 --shared; then
	has "check short-ack on an 8-byte I/O BAR" "$out" "window bar0: 0x0..0x1 (pio, size 0x8)"
fi
if t "check disable-ack" 0 check $P/disable-ack.s; then
	has "check disable-ack properties" "$out" "captures: 0 1" "window bar0: 0x0..0x8 (mmio, size 0x1000)"
fi
if t "check release kind" 0 check $P/edu-release.s; then
	has "edu-release is a release program that cannot decline" "$out" "kind: release" "can decline: no" "can quiet: yes"
fi

# ---- check: rejections with precise messages ----
if t "region override" 1 check $P/edu-ack.s --region bar0:mmio:0x40; then
	exactly "region override rejects edu-ack at its store" "$err" \
		"$P/edu-ack.s:18:9: error: insn 3: offset 0x64 + 4 beyond bar0 size 0x40"
fi
if t "region absent" 1 check $P/edu-ack.s --region bar0:none:0; then
	exactly "absent bar0 rejects edu-ack at its load" "$err" \
		"$P/edu-ack.s:15:9: error: insn 0: region bar0 is absent"
fi
if t "shared" 1 check $P/pci23-release.s --kind ack --shared; then
	grep -q "error: --shared: the ack program never returns none" "$err" && ok "--shared rejects a program that cannot decline" \
		|| bad "--shared" "unclear: $(cat "$err")"
fi
t "kind override" 1 check $P/edu-ack.s --kind release && errhas "--kind release rejects cap" "error: insn 4: cap not allowed"
printf 'mov r0, 1\nret none\nfoo r1\n' >"$tmp/bad.s"
if t "asm error" 1 check "$tmp/bad.s"; then
	exactly "assembly errors are file:line:col" "$err" "$tmp/bad.s:3:1: error: unknown mnemonic 'foo'"
fi

# ---- asm / disasm ----
for f in "$P"/*.s; do
	b=$(basename "$f" .s)
	if t "asm $b" 0 asm "$f" -o "$tmp/$b.bin"; then
		size=$(stat -c %s "$tmp/$b.bin")
		[ $((size % 24)) -eq 0 ] && [ "$size" -gt 0 ] || { bad "asm $b" "size $size"; continue; }
		t "disasm $b" 0 disasm "$tmp/$b.bin" || continue
		cp "$out" "$tmp/$b.dis.s"
		t "reasm $b" 0 asm "$tmp/$b.dis.s" -o "$tmp/$b.2.bin" || continue
		cmp -s "$tmp/$b.bin" "$tmp/$b.2.bin" && ok "asm/disasm/asm $b: identical bytes" \
			|| bad "round trip $b" "bytes differ"
	fi
done
if t "disasm edu text" 0 disasm $P/edu-ack.s; then
	exactly "disasm edu-ack.s" "$out" "; $P/edu-ack.s: 7 instructions
.kind ack
        ld32   r0, bar0[0x24]                ; 0
        jeq    r0, 0, L6                     ; 1
        jeq    r0, 0xffffffff, L6            ; 2
        st32   bar0[0x64], r0                ; 3
        cap    0, r0                         ; 4
        ret    handled                       ; 5
L6:
        ret    none                          ; 6"
fi
cp $P/edu-ack.s "$tmp/e.s"
if t "asm default output" 0 asm "$tmp/e.s"; then
	[ -s "$tmp/e.bin" ] && ok "asm without -o writes PROG.bin" || bad "asm default" "no $tmp/e.bin"
fi
if t "check binary" 1 check "$tmp/edu-ack.bin" --region bar0:mmio:0x40; then
	exactly "binary rejection names the file and insn" "$err" \
		"$tmp/edu-ack.bin: error: insn 3: offset 0x64 + 4 beyond bar0 size 0x40"
fi
head -c 30 "$tmp/edu-ack.bin" >"$tmp/trunc.bin"
t "truncated binary" 1 disasm "$tmp/trunc.bin" && errhas "truncated binary rejected" "not a whole number of 24-byte instructions"

if t "asm to stdout" 0 asm $P/edu-ack.s -o -; then
	size=$(stat -c %s "$out")
	[ "$size" -eq 168 ] && ok "asm -o - writes 7 records to stdout" || bad "asm -o -" "$size bytes"
fi
printf '.insn 0x38, 0, 0, 0, 0, 0, 0, 0x5, 0x1\n' >"$tmp/raw.s"
if t "asm raw" 0 asm "$tmp/raw.s" -o "$tmp/raw.bin" && t "disasm raw" 0 disasm "$tmp/raw.bin"; then
	has "disasm prints a non-canonical encoding as .insn" "$out" \
		"        .insn  0x38, 0, 0, 0, 0, 0, 0x0, 0x5, 0x1 ; 0"
	t "check raw" 1 check "$tmp/raw.bin" && errhas "verifier names the non-zero resv" \
		"raw.bin: error: insn 0: reserved field resv is 0x5, must be 0"
fi

# ---- sim ----
if t "sim claimed" 0 sim $P/edu-ack.s --set 'bar0[0x24]=0x5'; then
	exactly "sim edu-ack, our interrupt" "$out" "read32 bar0[0x24] -> 0x5
write32 bar0[0x64] <- 0x5
result: handled
steps: 6
capture 0: 0x5"
fi
if t "sim unclaimed" 0 sim $P/edu-ack.s; then
	exactly "sim edu-ack, someone else's interrupt" "$out" "read32 bar0[0x24] -> 0x0
result: none
steps: 3"
fi
if t "sim gone" 0 sim "$tmp/edu-ack.bin" --set 'bar0[0x24]=0xffffffff'; then
	has "sim edu-ack (binary), all-ones status declines" "$out" "result: none" "steps: 4"
fi
if t "sim pci23 claimed" 0 sim $P/pci23-ack.s --set 'cfg[6]=0x8' --set 'cfg[4]=0x7'; then
	exactly "sim pci23-ack sets INTx disable" "$out" "read16 cfg[0x6] -> 0x8
read16 cfg[0x4] -> 0x7
write16 cfg[0x4] <- 0x407
result: handled
steps: 8
capture 0: 0x8"
fi
if t "sim pci23 masked" 0 sim $P/pci23-ack.s --set 'cfg[6]=0x8' --set 'cfg[4]=0x407'; then
	has "sim pci23-ack declines when already masked" "$out" "result: none"
fi
if t "sim short" 0 sim $P/short-ack.s --region bar0:pio:8 --set 'bar0[0]=0xc1'; then
	has "sim short-ack clears bit 7" "$out" "read8 bar0[0x0] -> 0xc1" "write8 bar0[0x0] <- 0x41" "capture 0: 0xc1" "result: handled"
fi
if t "sim disable" 0 sim $P/disable-ack.s --set 'bar0[0]=0x3' --set 'bar0[4]=0x2'; then
	has "sim disable-ack masks and captures" "$out" "write32 bar0[0x4] <- 0x0" "capture 0: 0x2" "capture 1: 0x3" "result: handled"
fi
if t "sim disable unclaimed" 0 sim $P/disable-ack.s --set 'bar0[0]=0x1' --set 'bar0[4]=0x2'; then
	has "sim disable-ack: pending but disabled source declines" "$out" "result: none"
fi
printf '.kind enable\ndelay 5\nst32 bar0[0x10], 0x1\nret quiet\n' >"$tmp/d.s"
if t "sim delay" 0 sim "$tmp/d.s"; then
	exactly "sim prints delays" "$out" "delay 5us
write32 bar0[0x10] <- 0x1
result: quiet
steps: 3"
fi
t "sim rejected" 1 sim $P/edu-ack.s --region bar0:mmio:0x40 && errhas "sim refuses a rejected program" "edu-ack.s:18:9: error: insn 3"

summary
