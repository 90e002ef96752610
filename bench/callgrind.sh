#!/usr/bin/env bash
# Host instructions per run of the edu ack program, interpreted and as C,
# counted by callgrind (exact and repeatable, unlike wall time).
#   callgrind.sh BENCH_BINARY [RUNS]
# Each variant runs RUNS times in its own process, collecting only inside
# its loop function (--toggle-collect), so setup and the cross-check are
# not counted; inclusive costs come from callgrind_annotate --inclusive=yes.
set -eu
bin=$1 n=${2:-20000}
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind missing (scripts/deps.sh host)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/uirq-cg.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Inclusive Ir of function $2 in callgrind file $1 (0 when never called).
incl() {
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
	awk -v f="$2" '
	{
		for (i = 1; i <= NF; i++) {
			n = split($i, a, ":")
			if (n >= 1 && a[n] == f) { gsub(",", "", $1); print $1; exit }
		}
	}' | { read -r v || v=0; echo "${v:-0}"; }
}

for v in interp-claimed c-claimed interp-declined c-declined; do
	valgrind -q --tool=callgrind --callgrind-out-file="$tmp/$v.out" \
		--toggle-collect=loop_interp --toggle-collect=loop_c \
		"$bin" --fixed "$v" "$n" >/dev/null
done

echo "callgrind: host instructions (Ir) per run, $n runs per variant"
printf "  %-9s %5s %8s %8s %7s %8s %16s %14s\n" case steps interp C ratio bus \
	"(interp-bus)/insn" "(interp-C)/insn"
for c in claimed declined; do
	steps=6; [ "$c" = declined ] && steps=3
	fi="$tmp/interp-$c.out" fc="$tmp/c-$c.out"
	run=$(incl "$fi" uirq_run) hc=$(incl "$fc" edu_ack_c)
	bus_i=$(( $(incl "$fi" sim_read) + $(incl "$fi" sim_write) ))
	eval "run_$c=$run bus_$c=$bus_i"
	awk -v c="$c" -v s="$steps" -v n="$n" -v run="$run" -v hc="$hc" \
	    -v bi="$bus_i" 'BEGIN {
		if (run == 0 || hc == 0) { print "callgrind.sh: no counts for " c > "/dev/stderr"; exit 1 }
		printf "  %-9s %5d %8.1f %8.1f %7.2f %8.1f %17.1f %15.1f\n", c, s,
			run / n, hc / n, run / hc, bi / n, (run - bi) / n / s,
			(run - hc) / n / s
	}'
done
# Two programs paths of different lengths split the interpreter's cost
# into a fixed part per run (entry, clearing the result) and a part per
# executed instruction.
awk -v n="$n" -v c="$((run_claimed - bus_claimed))" -v d="$((run_declined - bus_declined))" 'BEGIN {
	m = (c - d) / n / 3
	printf "  interpreter without bus: %.1f per run fixed + %.1f per executed insn\n", d / n - 3 * m, m
}'
echo "  interp, C: uirq_run and edu_ack_c, inclusive; bus: sim_read + sim_write"
echo "  (interp-bus)/insn: interpreter overhead per executed program instruction"
echo "  (target <= 20); (interp-C)/insn: the same against the compiled program"
