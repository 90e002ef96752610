#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# tests/vm/run judging itself, on tiny guest scripts: a clean one
# (its arguments arrive intact, its summary is the last line, exit 0), one
# that puts a WARNING in dmesg (one failure added), one that hangs (killed
# at the timeout, one failure), and one that fails without a summary. Then
# the debug kernel's reports that carry neither BUG nor WARNING (a UBSAN
# report, a bare stack dump) must fail too, and --kernel/--kmods (as
# make check-vm-debug uses them) must boot the image named, with KVER read
# from it, and the uio modules from the directory named.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME RC LASTLINE GREP -- RUN-ARGS...
expect() {
	local name=$1 want_rc=$2 want_last=$3 want_grep=$4 rc last
	shift 5
	tests/vm/run "$@" >"$tmp/out" 2>&1
	rc=$?
	last=$(tail -n 1 "$tmp/out")
	if { [ "$want_rc" = nonzero ] && [ "$rc" -ne 0 ] || [ "$rc" = "$want_rc" ]; } &&
	   [ "$last" = "$want_last" ] && grep -q -- "$want_grep" "$tmp/out"; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		sed 's/^/  | /' "$tmp/out"
		echo "FAIL $name: exit $rc (want $want_rc), last line '$last' (want '$want_last'), output lacks '$want_grep'?"
		fail=$((fail + 1))
	fi
}

cat >"$tmp/clean.sh" <<'EOF'
echo "args: $# [$1] [$2]"
echo "ok   something"
echo "1 passed, 0 failed"
EOF
cat >"$tmp/warn.sh" <<'EOF'
echo "<4>WARNING: CPU: 0 PID: 1 at selftest.c:1 injected" >/dev/kmsg
echo "1 passed, 0 failed"
EOF
cat >"$tmp/hang.sh" <<'EOF'
echo "hanging"
sleep 600
EOF
cat >"$tmp/ubsan.sh" <<'EOF'
echo "<3>UBSAN: shift-out-of-bounds in selftest.c:1:2" >/dev/kmsg
echo "1 passed, 0 failed"
EOF
cat >"$tmp/trace.sh" <<'EOF'
echo "<4>INFO: trying to register non-static key." >/dev/kmsg
echo "<4>Call Trace:" >/dev/kmsg
echo "1 passed, 0 failed"
EOF
cat >"$tmp/kernel.sh" <<'EOF'
. /vm/lib.sh
t_eq "uname -r" "$(uname -r)" "$1"
t_check "uio.ko from --kmods at /lib/modules/$1" test -f "/lib/modules/$1/kernel/drivers/uio/uio.ko"
t_check "uio_pci_generic loaded" test -d /sys/module/uio_pci_generic
t_summary
EOF
cat >"$tmp/nosummary.sh" <<'EOF'
echo "something went wrong"
exit 3
EOF

expect "clean run: exit 0, arguments intact, summary last" 0 "1 passed, 0 failed" \
	"args: 2 \[a b\] \[c\]" -- --no-load "$tmp/clean.sh" "a b" c
expect "WARNING in dmesg: one failure added, exit non-zero" nonzero "1 passed, 1 failed" \
	"dmesg: .*WARNING: CPU: 0 PID: 1 at selftest.c:1 injected" -- --no-load "$tmp/warn.sh"
expect "hung guest: killed at the timeout, one failure" nonzero "0 passed, 1 failed" \
	"timeout after 20s" -- --no-load --timeout 20 "$tmp/hang.sh"
expect "failure without a summary: counted, exit status kept" 3 "0 passed, 1 failed" \
	"something went wrong" -- --no-load "$tmp/nosummary.sh"
expect "UBSAN report in dmesg: one failure added" nonzero "1 passed, 1 failed" \
	"dmesg: .*UBSAN: shift-out-of-bounds in selftest.c:1:2" -- --no-load "$tmp/ubsan.sh"
expect "stack dump in dmesg: one failure added" nonzero "1 passed, 1 failed" \
	"dmesg: .*Call Trace:" -- --no-load "$tmp/trace.sh"
# The stock kernel under another name, its modules from a copy: KVER
# comes from the image's header, the modules from --kmods.
kver=$(ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' |
	grep -v -- '-rt-' | sort -V | tail -n 1)
mkdir -p "$tmp/kmods/kernel/drivers"
cp "/boot/vmlinuz-$kver" "$tmp/bzImage" 2>/dev/null
cp -r "/lib/modules/$kver/kernel/drivers/uio" "$tmp/kmods/kernel/drivers/" 2>/dev/null
expect "--kernel PATH --kmods DIR: that image, KVER from it, uio from DIR" 0 "3 passed, 0 failed" \
	"kernel $kver ($tmp/bzImage), uio from $tmp/kmods" -- \
	--kernel "$tmp/bzImage" --kmods "$tmp/kmods" "$tmp/kernel.sh" "$kver"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
