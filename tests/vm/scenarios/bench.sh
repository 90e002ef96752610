# The round-trip benchmark's guest side (make bench-vm, bench/bench-vm.sh;
# a benchmark, not a test: not in make check). Run with --edu 4, --kdrv
# and --ko edu_uio_stub.ko; guest: sh /vm/script [ROUNDS [COUNT
# [TRACE_COUNT [KDRV_SECS]]]], defaults 5, 20000, 0, 2.
#
# Four edu devices on the one shared INTx line:
#   a  uirq (bench_rt's uirq-* modes; edu_hold holds it, idle, meanwhile)
#   b  the hand-written UIO stub, bench/stub/edu_uio_stub.ko
#   c  uio_pci_generic
#   d  edu_kdrv, for the sharer test at the end
# so every interrupt of every mode runs the same three handlers (uirq's,
# the stub's, uio_pci_generic's). ROUNDS interleaved rounds, each running
# every bench_rt mode once for COUNT round trips; each run prints its
# RESULT line (with round=R added) and must be exact: received == raised
# == COUNT, nothing mismatched.
#
# TRACE_COUNT > 0: then one more run of every mode with TRACE_COUNT round
# trips and --mark, between the console lines @@BENCH-TRACE-ON@@ and
# @@BENCH-TRACE-OFF@@, for the host to switch QEMU's MMIO and config
# trace events on (it has 2 s after ON) and to count each mode's device
# accesses per interrupt; and after the sharer test one more traced
# second of edu_kdrv beside the three idle uirq devices, marked by
# writes of 0x5a and 0xa5 to d's cache line size register (config 0x0c,
# no effect on edu).
#
# The sharer test: b and c go to uirq, edu_kdrv drives d from its hrtimer
# (10 us period) for KDRV_SECS, alone on the line and then with three idle
# uirq owners (edu_hold, IRQ on) on a, b, c, ROUNDS times interleaved;
# bench_rt --kdrv prints "RESULT mode=kdrv-alone|kdrv-shared ... rate=".
. /vm/lib.sh
need uirqctl bench_rt edu_hold
need_module
rounds=${1:-5}
count=${2:-20000}
trace_count=${3:-0}
kdrv_secs=${4:-2}

set -- $(edu_bdfs)
if [ $# -lt 4 ]; then
	t_fail "four edu devices" "found $#"
	t_summary
	exit 1
fi
a=$1 b=$2 c=$3 d=$4
irq=$(irq_of "$a")
for x in "$b" "$c" "$d"; do
	t_eq "one line: $x" "$(irq_of "$x")" "$irq"
done

stub_ko=/lib/modules/$(cat /vm/kver)/extra/edu_uio_stub.ko
t_check "uirqctl bind $a" uirqctl bind "$a"
if [ -f "$stub_ko" ] && insmod "$stub_ko"; then
	t_ok "edu_uio_stub.ko loaded"
else
	t_fail "edu_uio_stub.ko loaded" "no $stub_ko? (tests/vm/run --ko)"
fi
t_check "$b bound to edu_uio_stub" bind_sysfs "$b" edu_uio_stub
t_check "$c bound to uio_pci_generic" bind_sysfs "$c" uio_pci_generic
t_check "$b has a uio device" wait_for 5 test -d "$SYSPCI/devices/$b/uio"
t_check "$c has a uio device" wait_for 5 test -d "$SYSPCI/devices/$c/uio"

# edu_hold on a while a UIO mode runs: the same handlers on the line.
hold=
on_line() { case "$(irq_names "$irq")" in *"$1"*) return 0 ;; esac; return 1; }
hold_a() {
	[ -n "$hold" ] && return 0
	edu_hold --device "$a" >/tmp/hold.a 2>&1 &
	hold=$!
	wait_for 10 on_line "uirq:$a" || t_fail "edu_hold holds $a" "$(cat /tmp/hold.a)"
}
release_a() {
	[ -n "$hold" ] || return 0
	kill "$hold"
	wait "$hold"
	hold=
}

modes=$(bench_rt --list | awk '{ print $1 }')
echo "BENCHINFO kernel=$(uname -r) rounds=$rounds count=$count modes=$(echo $modes | tr ' ' ',')"
echo "BENCHMAP uirq=$a stub=$b uio-generic=$c kdrv=$d"
hold_a
echo "  line $irq: $(irq_names "$irq")"

# run_mode MODE COUNT [bench_rt options]: one run, its RESULT line, checked.
run_mode() {
	rm_mode=$1 rm_n=$2
	shift 2
	case "$rm_mode" in
	uirq*) release_a; rm_dev=$a ;;
	stub) hold_a; rm_dev=$b ;;
	uio-generic) hold_a; rm_dev=$c ;;
	*) t_fail "mode $rm_mode" "no device for it in bench.sh"; return ;;
	esac
	bench_rt --mode "$rm_mode" --device "$rm_dev" --count "$rm_n" "$@" >/tmp/rt.out 2>&1
	rm_rc=$?
	rm_res=$(grep '^RESULT ' /tmp/rt.out)
	[ -n "$rm_res" ] && echo "RESULT round=$round ${rm_res#RESULT }"
	grep -v '^RESULT ' /tmp/rt.out | sed 's/^/  /'
	rm_got=$(echo "$rm_res" | sed -n 's/.* raised=\([0-9]*\) received=\([0-9]*\) mismatched=\([0-9]*\).*/\1 \2 \3/p')
	t_eq "round $round $rm_mode: exit 0, raised == received == $rm_n, none mismatched" \
		"$rm_rc $rm_got" "0 $rm_n $rm_n 0"
}

round=1
while [ "$round" -le "$rounds" ]; do
	for m in $modes; do
		run_mode "$m" "$count"
	done
	round=$((round + 1))
done

if [ "$trace_count" -gt 0 ]; then
	round=trace
	hold_a
	echo "@@BENCH-TRACE-ON@@"
	sleep 2
	for m in $modes; do
		run_mode "$m" "$trace_count" --mark
	done
	hold_a
	echo "@@BENCH-TRACE-OFF@@"
	sleep 1
fi
release_a

# --- the sharer test: edu_kdrv alone, then beside three idle uirq owners ---
for x in "$b" "$c"; do
	echo "$x" >"$SYSPCI/devices/$x/driver/unbind"
	t_check "uirqctl bind $x" uirqctl bind "$x"
done
if kdrv_load && kdrv_bind "$d"; then
	t_ok "edu_kdrv bound to $d"
else
	t_fail "edu_kdrv bound to $d" "tests/vm/run --kdrv"
	t_summary
	exit 1
fi
holds=
round=1
while [ "$round" -le "$rounds" ]; do
	t_check "round $round: edu_kdrv alone on the line" \
		sh -c "[ \"\$(grep -E '^ *$irq:' /proc/interrupts | grep -c uirq)\" = 0 ]"
	bench_rt --kdrv "$d" --secs "$kdrv_secs" --label alone >/tmp/kd.out 2>&1
	kd_rc=$?
	sed "s/^RESULT /RESULT round=$round /" /tmp/kd.out
	t_eq "round $round kdrv-alone: every raise handled" "$kd_rc" 0
	holds=
	for x in "$a" "$b" "$c"; do
		edu_hold --device "$x" >"/tmp/hold.$x" 2>&1 &
		holds="$holds $!"
	done
	for x in "$a" "$b" "$c"; do
		wait_for 10 on_line "uirq:$x" || t_fail "edu_hold holds $x" "$(cat "/tmp/hold.$x")"
	done
	[ "$round" = 1 ] && echo "  line $irq: $(irq_names "$irq")"
	bench_rt --kdrv "$d" --secs "$kdrv_secs" --label shared >/tmp/kd.out 2>&1
	kd_rc=$?
	sed "s/^RESULT /RESULT round=$round /" /tmp/kd.out
	t_eq "round $round kdrv-shared: every raise handled" "$kd_rc" 0
	# shellcheck disable=SC2086
	kill $holds
	for p in $holds; do
		wait "$p"
	done
	for x in "$a" "$b" "$c"; do
		t_eq "round $round: idle $x declined only (events 0)" \
			"$(sed -n 's/.* events \([0-9]*\).*/\1/p' "/tmp/hold.$x" | tail -n 1)" 0
	done
	round=$((round + 1))
done

# cfg_mark BYTE_OCTAL: one byte to d's cache line size register.
cfg_mark() {
	printf "\\$1" | dd of="$SYSPCI/devices/$d/config" bs=1 seek=12 count=1 conv=notrunc 2>/dev/null
}
if [ "$trace_count" -gt 0 ]; then
	round=trace
	holds=
	for x in "$a" "$b" "$c"; do
		edu_hold --device "$x" >"/tmp/hold.$x" 2>&1 &
		holds="$holds $!"
	done
	for x in "$a" "$b" "$c"; do
		wait_for 10 on_line "uirq:$x" || t_fail "edu_hold holds $x" "$(cat "/tmp/hold.$x")"
	done
	echo "@@BENCH-TRACE-ON@@"
	sleep 2
	cfg_mark 132
	bench_rt --kdrv "$d" --secs 1 --label shared >/tmp/kd.out 2>&1
	kd_rc=$?
	cfg_mark 245
	echo "@@BENCH-TRACE-OFF@@"
	sleep 1
	sed "s/^RESULT /RESULT round=trace /" /tmp/kd.out
	t_eq "traced kdrv-shared: every raise handled" "$kd_rc" 0
	# shellcheck disable=SC2086
	kill $holds
	for p in $holds; do
		wait "$p"
	done
fi

t_summary
