#!/usr/bin/env bash
# docs/tutorial.md's offline blocks on the host: test_tutorial.sh UIRQCTL
# Each "# tutorial: offline" block runs with sh -e, in order, in one
# empty scratch directory, with UIRQCTL as uirqctl on the PATH; a block
# that fails (any command in it) is a FAIL with its output. The device
# blocks run in the VM (make check-vm-tutorial, tests/tools/tutorial-vm.sh).
# ok() and bad() always succeed, so "cond && ok ... || bad ..." is an if-else.
# shellcheck disable=SC2015,SC2016
set -u
U=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
doc=$here/../../docs/tutorial.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/tools/lib.sh
. "$here/lib.sh"

mkdir -p "$tmp/bin" "$tmp/work" "$tmp/blocks"
ln -s "$U" "$tmp/bin/uirqctl"
if "$here/tutorial-blocks.sh" "$doc" "$tmp/blocks" 2>"$tmp/extract.err"; then
	ok "every sh block of the tutorial is marked"
else
	bad "every sh block of the tutorial is marked" "$(cat "$tmp/extract.err")"
fi
n_off=$(find "$tmp/blocks" -name '*-offline-*.sh' | wc -l)
n_dev=$(find "$tmp/blocks" -name '*-device-*.sh' | wc -l)
# As many as the document has today: a block lost to a broken marker
# or fence shows up here.
[ "$n_off" -eq 9 ] && ok "9 offline blocks" || bad "offline blocks" "$n_off, want 9"
[ "$n_dev" -eq 6 ] && ok "6 device blocks (the VM runs them)" || bad "device blocks" "$n_dev, want 6"

# The extractor refuses what would escape the tests.
printf '```sh\nuirqctl check x.s\n```\n' >"$tmp/unmarked.md"
"$here/tutorial-blocks.sh" "$tmp/unmarked.md" "$tmp/x1" 2>"$tmp/e1" && bad "unmarked block refused" "exit 0" ||
	{ grep -q 'unmarked.md:2: sh block without' "$tmp/e1" && ok "unmarked block refused" || bad "unmarked block refused" "$(cat "$tmp/e1")"; }
printf '```sh\n# tutorial: offline\ntrue\n' >"$tmp/open.md"
"$here/tutorial-blocks.sh" "$tmp/open.md" "$tmp/x2" 2>"$tmp/e2" && bad "unterminated block refused" "exit 0" ||
	{ grep -q 'unterminated' "$tmp/e2" && ok "unterminated block refused" || bad "unterminated block refused" "$(cat "$tmp/e2")"; }

for b in "$tmp"/blocks/*-offline-*.sh; do
	[ -e "$b" ] || continue
	name="tutorial $(sed -n '1s/^# .*\(line [0-9]*\).*/\1/p' "$b")"
	if (cd "$tmp/work" && PATH=$tmp/bin:$PATH sh -e "$b") >"$tmp/out" 2>&1; then
		ok "$name"
	else
		bad "$name" "$(sed -n '2,4p' "$b" | tr '\n' ' ')... output: $(tail -n 5 "$tmp/out")"
	fi
done
summary
