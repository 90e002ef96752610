#!/usr/bin/env bash
# Fuzz a copy of the seed corpus for a while; one test: did it crash?
#   run-fuzz.sh FUZZER SEED_DIR SECONDS CRASH_DIR
# The copy lives in a temporary directory (new inputs never touch the
# seeds); a crashing input is kept in CRASH_DIR and its path printed, to
# be replayed with `FUZZER PATH` or the fuzz_replay binary.
set -u
fuzzer=$1 seeds=$2 secs=$3 crashdir=$4
tmp=$(mktemp -d /tmp/uirq-fuzz.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/corpus" "$tmp/art"
cp "$seeds"/* "$tmp/corpus/"
echo "fuzz: $fuzzer for ${secs}s over $(ls "$tmp/corpus" | wc -l) seeds"
"$fuzzer" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$tmp/art/" "$tmp/corpus" \
	>"$tmp/log" 2>&1
rc=$?
grep -E '^(stat::|Done|#[0-9]+ +DONE)' "$tmp/log"
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")
crash=$(ls "$tmp/art" 2>/dev/null | head -n 1)
if [ "$rc" -eq 0 ] && [ -z "$crash" ] && [ "${runs:-0}" -gt 0 ]; then
	echo "fuzz: $runs runs, corpus grew to $(ls "$tmp/corpus" | wc -l) inputs"
	echo "1 passed, 0 failed"
	exit 0
fi
grep -E 'BUG|ERROR|runtime error|SUMMARY' "$tmp/log" | head -n 20
tail -n 30 "$tmp/log"
if [ -n "$crash" ]; then
	mkdir -p "$crashdir"
	cp "$tmp/art/$crash" "$crashdir/"
	echo "fuzz: crash input: $crashdir/$crash (exit $rc)"
else
	echo "fuzz: fuzzer exited $rc after ${runs:-0} runs, no crash input"
fi
echo "0 passed, 1 failed"
exit 1
