#!/usr/bin/env bash
# uirq-edu's command line, without a device: test-cli.sh BINARY static|dynamic
# Ends with "N passed, N failed" like every suite.
set -u
bin=$1 link=${2:-dynamic}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/../../tests/tools/lib.sh"

# run NAME WANT_RC ARGS...: run the binary (expect_rc).
run() { expect_rc "$1" "$2" "$bin" "${@:3}"; }

if run help 0 --help; then
	missing=""
	for o in --device --count --forever --ack --release --timeout --quiet --verbose --help; do
		grep -q -- "$o" "$out" || missing="$missing $o"
	done
	if [ -z "$missing" ]; then ok help; else bad help "--help lacks$missing"; fi
fi

if run no-device 2; then
	if grep -q -- "--device" "$err"; then ok no-device; else bad no-device "stderr does not name --device"; fi
fi
if run bad-bdf 2 --device 00:04; then
	if grep -q "not a PCI address" "$err"; then ok bad-bdf; else bad bad-bdf "unclear: $(cat "$err")"; fi
fi
run bad-count 2 --device 00:04.0 --count 12x && ok bad-count
run bad-timeout 2 --device 00:04.0 --timeout 0 && ok bad-timeout
run extra-arg 2 --device 00:04.0 stray && ok extra-arg
run bad-option 2 --device 00:04.0 --no-such-option && ok bad-option

# A device that cannot exist: exit 1, a clear reason, and still the
# summary as the last line (the VM tests parse it), BDF canonicalised.
if run missing-device 1 --device ff:1f.7 --count 5; then
	last=$(tail -n 1 "$out")
	if [ "$last" != "0000:ff:1f.7: raised 0 received 0 mismatched 0 lost 0" ]; then
		bad missing-device "last line '$last'"
	elif ! grep -q "cannot open /dev/uirq/0000:ff:1f.7: No such file or directory" "$err"; then
		bad missing-device "unclear error: $(cat "$err")"
	else
		ok missing-device
	fi
fi

# Counts are 64-bit on every ABI: 2^32 is a count on i386 too (exit 1,
# the missing device; a usage error would be 2).
if run big-count 1 --device ff:1f.7 --count 4294967296; then
	if grep -qx "0000:ff:1f.7: raised 0 received 0 mismatched 0 lost 0" "$out"; then
		ok big-count
	else
		bad big-count "last line '$(tail -n 1 "$out")'"
	fi
fi

if [ "$link" = static ]; then
	if readelf -l "$bin" 2>/dev/null | grep -q "Requesting program interpreter"; then
		bad static "$bin is dynamically linked (the VM guest has no shared libraries)"
	elif ! readelf -h "$bin" >/dev/null 2>&1; then
		bad static "readelf cannot read $bin"
	else
		ok static
	fi
fi

summary
