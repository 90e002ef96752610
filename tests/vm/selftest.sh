#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# tests/vm/run judging itself, on four tiny guest scripts: a clean one
# (its arguments arrive intact, its summary is the last line, exit 0), one
# that puts a WARNING in dmesg (one failure added), one that hangs (killed
# at the timeout, one failure), and one that fails without a summary.
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
