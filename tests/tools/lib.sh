# Sourced by the host shell suites (tests/tools/*.sh,
# examples/edu/test-cli.sh): ok/bad per check, expect_rc to run a command
# (the suite sets $out and $err first), summary last.
# shellcheck shell=bash
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect_rc NAME WANT_RC COMMAND ARGS...: run the command, stdout to $out
# and stderr to $err; on the wrong exit status report it and return 1 so
# the caller skips its output checks.
# shellcheck disable=SC2154
expect_rc() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit $rc, want $want; stdout: $(head -c 300 "$out"); stderr: $(head -c 300 "$err")"
		return 1
	fi
	return 0
}

# The "N passed, N failed[, N skipped]" line every suite ends with; the
# status says whether all passed.
summary() {
	if [ "$skip" -gt 0 ]; then
		echo "$pass passed, $fail failed, $skip skipped"
	else
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
}
