#!/usr/bin/env bash
# tutorial-vm.sh DOC: print a guest scenario (tests/vm/run SCRIPT) that
# runs every sh block of DOC (docs/tutorial.md), offline and device, in
# order, each with sh -e in one scratch directory, one ok/FAIL line per
# block, then the "N passed, N failed" line. The blocks' own output is
# shown, indented, so the log reads like the tutorial.
set -u
doc=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/tutorial-blocks.sh" "$doc" "$tmp" || exit 1
cat <<'EOF_HEAD'
# Generated from docs/tutorial.md by tests/tools/tutorial-vm.sh: do not edit.
. /vm/lib.sh
need uirqctl uirq-edu
need_module
mkdir -p /tmp/tutorial
cd /tmp/tutorial || exit 1
EOF_HEAD
for b in "$tmp"/*.sh; do
	if grep -q UIRQ_TUTORIAL_BLOCK "$b"; then
		echo "tutorial-vm.sh: $b uses the heredoc delimiter" >&2
		exit 1
	fi
	name="tutorial $(sed -n '1s/^# .*\(line [0-9]*\): \(.*\)$/\1 (\2)/p' "$b")"
	echo "cat >/tmp/tutorial.blk <<'UIRQ_TUTORIAL_BLOCK'"
	cat "$b"
	echo "UIRQ_TUTORIAL_BLOCK"
	echo "echo '-- $name'"
	echo "if sh -e /tmp/tutorial.blk >/tmp/tutorial.out 2>&1; then rc=0; else rc=\$?; fi"
	echo "sed 's/^/  /' /tmp/tutorial.out"
	echo "if [ \$rc -eq 0 ]; then t_ok '$name'; else t_fail '$name' \"exit \$rc\"; fi"
done
echo t_summary
