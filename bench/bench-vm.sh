#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# bench/bench-vm.sh: the round-trip benchmark (make bench-vm). One TCG boot
# of the test VM with four edu devices on one shared INTx line
# (tests/vm/run --edu 4, guest scenario tests/vm/scenarios/bench.sh):
# interleaved rounds of every driver loop of tests/vm/guest/bench_rt.c
# (uirq's modes, the hand-written UIO stub bench/stub, uio_pci_generic with
# the UIO HOWTO loop), a traced run that counts device accesses per
# interrupt, and the sharer test (edu_kdrv alone on the line, then beside
# three idle uirq owners). Then the medians over the rounds, the ratios
# against the stub and uio_pci_generic, a table on stdout, and
# docs/benchmarks.md (its generated section) and docs/benchmarks.png.
#
#   bench/bench-vm.sh --kdrv EDU_KDRV_KO --stub EDU_UIO_STUB_KO [RUN-OPTS...]
#
# RUN-OPTS go to tests/vm/run as they are (e.g. --append threadirqs).
# Environment: BUILD, KVER (as tests/vm/run), BENCH_ROUNDS (5),
# BENCH_COUNT (20000), BENCH_TRACE_COUNT (1000; 0: no access count),
# BENCH_KDRV_SECS (2), BENCH_DOC (docs/benchmarks.md; the plot is its
# .png), BENCH_WRITE_DOC (1; 0 only prints), BENCH_KEEP (1: keep the work
# directory: the run's log, the trace, the monitor's output).
#
# The docs are written only when every check of the run passed (the last
# line of tests/vm/run is its "N passed, N failed" summary); the exit
# status is the run's.
set -u
cd "$(dirname "$0")/.."
TOP=$(pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) bdir=$BUILD ;; *) bdir=$TOP/$BUILD ;; esac
rounds=${BENCH_ROUNDS:-5}
count=${BENCH_COUNT:-20000}
trace_count=${BENCH_TRACE_COUNT:-1000}
kdrv_secs=${BENCH_KDRV_SECS:-2}
doc=${BENCH_DOC:-docs/benchmarks.md}
png=${doc%.md}.png
write_doc=${BENCH_WRITE_DOC:-1}
kdrv= stub=
runopts=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kdrv) kdrv=${2:?}; shift 2 ;;
	--stub) stub=${2:?}; shift 2 ;;
	*) runopts+=("$1"); shift ;;
	esac
done
for n in "$rounds" "$count" "$trace_count" "$kdrv_secs"; do
	case "$n" in ''|*[!0-9]*) echo "bench-vm: not a number: '$n'" >&2; exit 2 ;; esac
done
[ -f "$kdrv" ] || { echo "bench-vm: no edu_kdrv.ko '$kdrv' (make kdrv)" >&2; exit 2; }
[ -f "$stub" ] || { echo "bench-vm: no edu_uio_stub.ko '$stub' (make stub)" >&2; exit 2; }
[ -x "$bdir/vm-guest/bench_rt" ] || { echo "bench-vm: no $bdir/vm-guest/bench_rt (make)" >&2; exit 2; }
if [ "$rounds" -lt 5 ]; then
	echo "bench-vm: note: BENCH_ROUNDS=$rounds, fewer than the 5 a published result needs"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/uirq-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	trap 'echo "bench-vm: kept $work" >&2' EXIT
else
	trap 'rm -rf "$work"' EXIT
fi
log=$work/run.log

# QEMU's trace events, switched on for the traced run only (they slow
# every MMIO access down): a monitor on two FIFOs (QEMU opens them
# read-write, so neither side blocks), the trace log in a file.
qargs=()
if [ "$trace_count" -gt 0 ]; then
	mkfifo "$work/mon.in" "$work/mon.out"
	exec 7<>"$work/mon.in" 6<>"$work/mon.out"
	qargs=(--qemu-arg -D --qemu-arg "$work/trace.log"
		--qemu-arg -chardev --qemu-arg "pipe,id=benchmon,path=$work/mon"
		--qemu-arg -mon --qemu-arg "chardev=benchmon,mode=readline")
fi
trace_cmd() {
	[ "$trace_count" -gt 0 ] || return 0
	printf 'trace-event memory_region_ops_read %s\ntrace-event memory_region_ops_write %s\n' "$1" "$1" >&7
	printf 'trace-event pci_cfg_read %s\ntrace-event pci_cfg_write %s\n' "$1" "$1" >&7
}

start=$(date +%s)
# The guest takes about (rounds x modes x count) / (rate) plus the sharer
# test; a generous ceiling rather than a hang.
timeout=$((600 + rounds * count / 40 + rounds * kdrv_secs * 4))
tests/vm/run --edu 4 --kdrv "$kdrv" --ko "$stub" --timeout "$timeout" \
	${qargs[@]+"${qargs[@]}"} ${runopts[@]+"${runopts[@]}"} \
	bench "$rounds" "$count" "$trace_count" "$kdrv_secs" 2>&1 |
while IFS= read -r line; do
	printf '%s\n' "$line" >>"$log"
	case "$line" in
	*@@BENCH-TRACE-ON@@*) trace_cmd on ;;
	*@@BENCH-TRACE-OFF@@*) trace_cmd off ;;
	RESULT\ *) ;;
	*) printf '%s\n' "$line" ;;
	esac
done
rc=${PIPESTATUS[0]}
elapsed=$(($(date +%s) - start))
summary=$(tail -n 1 "$log")

# --- medians -----------------------------------------------------------------
# modes: name|description, in the table order of bench_rt.
modes=$("$bdir/vm-guest/bench_rt" --list | sed -E 's/^([^ ]+) +/\1|/')
grep '^RESULT ' "$log" | grep -v 'round=trace' >"$work/results"
# stats MODE KEY: the median of KEY over the rounds of MODE (empty if none).
awk '
function median(list,    n, a, i, j, t) {
	n = split(list, a, " ")
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n == 0) return ""
	if (n % 2) return a[(n + 1) / 2]
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	mode = ""
	for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "mode") mode = kv[2] }
	for (i = 2; i <= NF; i++) {
		split($i, kv, "=")
		if (kv[1] == "mode" || kv[1] == "round") continue
		key = mode SUBSEP kv[1]
		vals[key] = vals[key] " " kv[2]
		if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
		cnt[mode]++
	}
}
END {
	for (k = 1; k <= nk; k++) {
		split(keys[k], mk, SUBSEP)
		print mk[1], mk[2], median(vals[keys[k]]), split(vals[keys[k]], tmp, " ")
	}
}' "$work/results" >"$work/medians"
med() { awk -v m="$1" -v k="$2" '$1 == m && $2 == k { print $3 }' "$work/medians"; }
nrounds() { awk -v m="$1" '$1 == m && $2 == "rate" { print $4 }' "$work/medians"; }
us() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.1f", v / 1000 }' || printf '%s' "-"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "-" }' || printf '%s' "-"; }
krate() { [ -n "$1" ] && awk -v v="$1" 'BEGIN { printf "%.1f k", v / 1000 }' || printf '%s' "-"; }

stub_rate=$(med stub rate)
uio_rate=$(med uio-generic rate)

# --- device accesses per interrupt, from the trace ----------------------------
# The guest's --mark writes cut the trace into each mode's loop: MMIO to
# any edu device (the raise included, the marks not) and config-space
# accesses to edu devices, divided by the round trips.
acc_ok=0 acc_why=""
if [ "$trace_count" -eq 0 ]; then
	acc_why="not measured (BENCH_TRACE_COUNT=0)"
elif [ ! -s "$work/trace.log" ]; then
	acc_why="not measured: QEMU wrote no trace (no trace events in this QEMU build, or the monitor did not answer)"
else
	modelist=$(printf '%s\n' "$modes" | cut -d'|' -f1 | tr '\n' ' ')
	# BENCHMAP uirq=BDF stub=BDF uio-generic=BDF kdrv=BDF: whose device
	# each mode raises, to tell its config accesses from the others'.
	map=$(sed -n 's/^BENCHMAP //p' "$log" | head -n 1 | sed 's/0000://g')
	awk -v modes="$modelist kdrv-shared" -v map="$map" '
	function hex(s,    i, c, v) {
		v = 0; s = tolower(s); sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
		return v
	}
	BEGIN {
		nm = split(modes, mname, " "); cur = 0
		n = split(map, kv, " ")
		for (i = 1; i <= n; i++) { split(kv[i], p, "="); dev[p[1]] = p[2] }
		for (i = 1; i <= nm; i++) {
			m = mname[i]; k = m; sub(/^uirq-.*/, "uirq", k); sub(/^kdrv-.*/, "kdrv", k)
			bdf[i] = dev[k]
		}
	}
	/memory_region_ops_(read|write)/ && /name .edu-mmio./ {
		w = ($0 ~ /memory_region_ops_write/)
		addr = ""; val = ""; mr = ""
		for (i = 1; i <= NF; i++) {
			if ($i == "addr") addr = $(i + 1)
			if ($i == "value") val = $(i + 1)
			if ($i == "mr") mr = $(i + 1)
		}
		off = hex(addr) % 1048576	# guest-physical; BAR0 is 1 MiB-aligned
		if (w && off == 4) {
			v = hex(val)
			if (int(v / 65536) == 48640) { cur = (v % 65536) + 1; owner = ""; next }	# 0xbe00NNNN
			if (v == 3204382720) { cur = 0; next }						# 0xbeff0000
		}
		if (!cur) next
		if (w && off == 96) { raises[cur]++; if (owner == "") owner = mr }
		if (mr == owner) own[cur]++; else oth[cur]++
		if (w) wr[cur]++; else rd[cur]++
		next
	}
	/pci_cfg_(read|write) edu / {
		# the sharer segment: edu_kdrv device, cache line size 0x5a ... 0xa5
		if ($0 ~ /pci_cfg_write/ && $3 == dev["kdrv"] && $4 == "@0xc") {
			if ($6 == "0x5a") { cur = nm; owner = ""; next }
			if ($6 == "0xa5") { cur = 0; next }
		}
		if (!cur) next
		if ($3 == bdf[cur]) cown[cur]++; else coth[cur]++
	}
	END {
		for (i = 1; i <= nm; i++) {
			r = raises[i]
			if (r > 0)
				printf "%s %.2f %.2f %.2f %.2f %.2f %.2f %.2f %d\n", mname[i],
					(rd[i] + wr[i]) / r, rd[i] / r, wr[i] / r,
					own[i] / r, oth[i] / r, cown[i] / r, coth[i] / r, r
		}
	}' "$work/trace.log" >"$work/accesses"
	if [ -s "$work/accesses" ]; then
		acc_ok=1
	else
		acc_why="not measured: the trace has no marked edu accesses (the monitor's trace-event did not take effect?)"
	fi
fi
acc() { awk -v m="$1" -v f="$2" '$1 == m { print $f }' "$work/accesses" 2>/dev/null; }

# --- the table -----------------------------------------------------------------
kver=$(sed -n 's/^BENCHINFO kernel=\([^ ]*\).*/\1/p' "$log" | head -n 1)
date=$(date -u '+%Y-%m-%d %H:%M UTC')
ncpu=$(nproc)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemuv=$(${QEMU:-qemu-system-x86_64} --version | head -n 1)
{
	echo "| driver loop | mode | round trips/s | vs stub | vs uio_pci_generic | raise→wake p50 / p99 / p99.9 (µs) | raise→event timestamp p50 / p99 / p99.9 (µs) | sleeps per round trip | waits finding the ring empty | rounds |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf '%s\n' "$modes" | while IFS='|' read -r m what; do
		r=$(med "$m" rate)
		ev="-"
		[ -n "$(med "$m" lat_ev_p50_ns)" ] &&
			ev="$(us "$(med "$m" lat_ev_p50_ns)") / $(us "$(med "$m" lat_ev_p99_ns)") / $(us "$(med "$m" lat_ev_p999_ns)")"
		echo "| $what | \`$m\` | $(krate "$r") | $(ratio "$r" "$stub_rate") | $(ratio "$r" "$uio_rate") | $(us "$(med "$m" lat_wake_p50_ns)") / $(us "$(med "$m" lat_wake_p99_ns)") / $(us "$(med "$m" lat_wake_p999_ns)") | $ev | $(med "$m" sleeps_per_rt) | $(med "$m" ring_empty_per_rt | sed 's/^$/-/') | $(nrounds "$m") |"
	done
} >"$work/table.md"
ka=$(med kdrv-alone rate)
ks=$(med kdrv-shared rate)
# The median of the per-round ratios too: less exposed to drift of the
# host across the rounds than the ratio of the medians.
kr=$(awk '{ r = m = v = ""
	for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "round") r = kv[2]; if (kv[1] == "mode") m = kv[2]; if (kv[1] == "rate") v = kv[2] }
	if (m == "kdrv-alone") a[r] = v; if (m == "kdrv-shared") s[r] = v }
	END { n = 0; for (r in a) if ((r in s) && a[r] > 0) x[++n] = s[r] / a[r]
		for (i = 2; i <= n; i++) { t = x[i]; for (j = i - 1; j >= 1 && x[j] > t; j--) x[j + 1] = x[j]; x[j + 1] = t }
		if (n) printf "%.2fx", n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }' "$work/results")
{
	echo "| edu_kdrv (hrtimer, 10 µs period) | handled/s (median of $(nrounds kdrv-alone) runs of ${kdrv_secs} s) | busy ticks | vs alone (ratio of the medians) | vs alone (median of the per-round ratios) |"
	echo "|---|---:|---:|---:|---:|"
	echo "| alone on the line | $(krate "$ka") | $(med kdrv-alone busy) | 1.00x | 1.00x |"
	echo "| beside three idle uirq devices (IRQ on) | $(krate "$ks") | $(med kdrv-shared busy) | $(ratio "$ks" "$ka") | ${kr:--} |"
} >"$work/sharer.md"
if [ "$acc_ok" = 1 ]; then
	{
		echo "| mode | edu MMIO per interrupt | reads | writes | on the raising device | on the other edu devices | config, raising device | config, other edu devices | interrupts traced |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
		printf '%s\n' "$modes" "kdrv-shared|" | while IFS='|' read -r m what; do
			[ -n "$(acc "$m" 2)" ] || continue
			echo "| \`$m\` | $(acc "$m" 2) | $(acc "$m" 3) | $(acc "$m" 4) | $(acc "$m" 5) | $(acc "$m" 6) | $(acc "$m" 7) | $(acc "$m" 8) | $(acc "$m" 9) |"
		done
	} >"$work/acc.md"
fi

# Plain text on stdout.
echo
echo "=== bench-vm: $rounds rounds x $count round trips, medians ($kver, TCG, nproc $ncpu, ${elapsed}s)"
printf '  %-52s %-12s %10s %8s %8s  %-22s %-22s %-9s %s\n' "driver loop" mode "rt/s" "vs stub" "vs uio" "wake p50/p99/p99.9 us" "event p50/p99/p99.9 us" "sleeps/rt" "ring empty/rt"
tail -n +3 "$work/table.md" | awk -F'|' '{
	for (i = 2; i <= 10; i++) { gsub(/^ +| +$/, "", $i); gsub(/`/, "", $i) }
	printf "  %-52s %-12s %10s %8s %8s  %-22s %-22s %-9s %s\n", $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
echo "  sharer test: edu_kdrv handled/s alone $(krate "$ka"), beside three idle uirq devices $(krate "$ks"): $(ratio "$ks" "$ka") (median of the per-round ratios ${kr:--})"
if [ "$acc_ok" = 1 ]; then
	echo "  device accesses per interrupt (edu MMIO incl. the raise; config):"
	awk '{ printf "    %-12s mmio %s (reads %s, writes %s; raising device %s, others %s), config %s + others %s (%d interrupts)\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$work/accesses"
else
	echo "  device accesses per interrupt: $acc_why"
fi
echo "run: $summary (bench-vm ${elapsed}s)"

# --- docs/benchmarks.md and the plot ---------------------------------------------
passed=0
case "$summary" in *" 0 failed"*) [ "$rc" = 0 ] && passed=1 ;; esac
if [ "$write_doc" != 1 ]; then
	exit "$rc"
fi
if [ "$passed" != 1 ]; then
	echo "bench-vm: the run had failures: $doc not written"
	exit "${rc:-1}"
fi

# The plot: round trips/s, and the wake-up latency percentiles, per mode.
printf '%s\n' "$modes" | while IFS='|' read -r m what; do
	echo "$m $(med "$m" rate) $(med "$m" lat_wake_p50_ns) $(med "$m" lat_wake_p99_ns) $(med "$m" lat_wake_p999_ns)"
done >"$work/plot.dat"
if command -v gnuplot >/dev/null; then
	gnuplot <<EOF 2>"$work/gnuplot.err" || { cat "$work/gnuplot.err"; echo "bench-vm: gnuplot failed: $png not written"; }
set terminal pngcairo size 1200,520 font "sans,10"
set output "$png"
set multiplot layout 1,2 title "uirq round trips in the TCG VM ($kver; medians of $rounds rounds x $count; ratios, not absolute figures, are the result)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.8
set grid ytics
set xtics rotate by -25 noenhanced
set title "round trips / s (higher is better)"
set yrange [0:*]
plot "$work/plot.dat" using (\$2/1000):xtic(1) title "k round trips/s" lc rgb "#3b75af"
set style histogram clustered gap 1
set title "raise -> driver wakes, µs (lower is better)"
set logscale y
set yrange [*:*]
plot "$work/plot.dat" using (\$3/1000):xtic(1) title "p50" lc rgb "#4c9f70", \
     "" using (\$4/1000) title "p99" lc rgb "#e0a030", \
     "" using (\$5/1000) title "p99.9" lc rgb "#c44e52"
unset multiplot
EOF
else
	echo "bench-vm: no gnuplot (scripts/deps.sh bench): $png not written"
fi

# The generated section of the doc, between its markers; the rest of the
# file is prose and stays as it is.
begin='<!-- bench-vm: generated, do not edit below -->'
end='<!-- bench-vm: generated, do not edit above -->'
{
	echo "$begin"
	echo
	echo "Generated by \`make bench-vm\` on $date: kernel $kver, $qemuv, TCG on a"
	echo "host with \`nproc\` = $ncpu ($cpu); guest: 1 CPU, 4 edu devices on one"
	echo "shared INTx line. $rounds interleaved rounds of $count round trips per driver loop,"
	echo "medians over the rounds (each latency percentile too); the run took ${elapsed} s"
	echo "and its checks ended \"$summary\"."
	echo
	cat "$work/table.md"
	echo
	echo "Sharer test:"
	echo
	cat "$work/sharer.md"
	echo
	echo "Device accesses per interrupt (QEMU trace events \`memory_region_ops_read/write\`"
	echo "on the edu devices' \`edu-mmio\` regions and \`pci_cfg_read/write\` on edu"
	echo "devices, divided by the raises; $trace_count round trips per mode in a separate"
	echo "traced run, and one traced second of the sharer test as \`kdrv-shared\`; MMIO"
	echo "includes the raise itself and the other handlers' reads of their own idle"
	echo "devices; one config access is one dword or smaller read or write, which is"
	echo "two port accesses (0xcf8, 0xcfc) on this machine):"
	echo
	if [ "$acc_ok" = 1 ]; then
		cat "$work/acc.md"
	else
		echo "$acc_why."
	fi
	echo
	[ -f "$png" ] && echo "![round trips/s and latency percentiles per driver loop]($(basename "$png"))" && echo
	echo "$end"
} >"$work/section.md"
if [ -f "$doc" ] && grep -qF "$begin" "$doc" && grep -qF "$end" "$doc"; then
	awk -v b="$begin" -v e="$end" -v f="$work/section.md" '
		$0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
		$0 == e { skip = 0; next }
		!skip' "$doc" >"$work/doc.new"
else
	{ [ -f "$doc" ] && cat "$doc" && echo; cat "$work/section.md"; } >"$work/doc.new"
fi
mv "$work/doc.new" "$doc"
echo "bench-vm: wrote $doc${png:+ and $png}"
exit "$rc"
