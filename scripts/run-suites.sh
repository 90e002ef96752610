#!/usr/bin/env bash
# Run each `make check-SUITE` in turn and add up their summary lines
# ("N passed, N failed[, N skipped]", the last such line a suite prints).
# A suite that prints no summary, or exits non-zero without counting a
# failure, counts as one failed test: nothing is reported as passed that
# did not run.
set -u
MAKE=${MAKE:-make}
P=0 F=0 S=0
table=""
for s in "$@"; do
	echo "=== suite $s"
	log=$(mktemp)
	$MAKE --no-print-directory -s "check-$s" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
	rm -f "$log"
	p=0 f=0 k=0
	if [ -z "$line" ]; then
		echo "suite $s: no summary line (exit $rc): counted as 1 failed"
		f=1
	else
		p=$(echo "$line" | sed -E 's/^([A-Za-z0-9_-]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
		case "$line" in *skipped) k=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped$/\1/');; esac
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			echo "suite $s: exit $rc with no failure counted: counted as 1 failed"
			f=1
		fi
	fi
	P=$((P + p)) F=$((F + f)) S=$((S + k))
	table="$table$(printf '  %-14s %5d passed %3d failed %3d skipped' "$s" "$p" "$f" "$k")\n"
done
echo "=== summary"
printf "%b" "$table"
if [ "$S" -gt 0 ]; then
	echo "$P passed, $F failed, $S skipped"
else
	echo "$P passed, $F failed"
fi
[ "$F" -eq 0 ]
