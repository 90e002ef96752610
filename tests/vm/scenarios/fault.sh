# The storm guard (guest: sh /vm/script [COUNT]; COUNT default 20000).
#
# Four edu devices on one line: A runs a faulty uirq driver, B and C run
# correct ones (uirq-edu, COUNT round trips each), D is driven by edu_kdrv,
# an in-kernel driver raising its own interrupts from an hrtimer. Each of
# the two one-line mistakes (an ack program that claims but never
# acknowledges, one that declines its own interrupts) must trip the guard
# within 100 ms, quiesce A and tell its owner, while B, C and D lose
# nothing and the line is never disabled; A works again with the correct
# program. The neighbours' rate is compared, in interleaved rounds, with the
# same run without the fault. Then a flood: 100,000 interrupts from a correct device whose
# reader reads nothing, which must not trip.
. /vm/lib.sh
need uirqctl uirq-edu edu_fault
need_module
count=${1:-20000}
kd_target=5000
kd_period=100
# The trip bound. On the debug kernel (KASAN inline, lockdep: every
# handler run several times slower) a storm runs below guard_suspect per
# window, so the guard samples only every 32nd run and confirming takes
# about ten times longer (143 and 223 ms seen); there the bound is 1 s.
case "$(uname -r)" in *-uirq-debug) trip_ms=1000 ;; *) trip_ms=100 ;; esac

line_of_four
t_eq "all four on one line" "$(irq_of "$b") $(irq_of "$c") $(irq_of "$d")" "$irq $irq $irq"
echo "  guard: $(for f in /sys/class/uirq/$a/guard/*; do printf '%s=%s ' "${f##*/}" "$(cat "$f")"; done)"

# rate FILE BDF: uirq-edu -v's "N interrupts in S s (R/s)" rate.
rate() { sed -n "s/^$2: .* interrupts in .* s (\([0-9]*\)\/s).*/\1/p" "$1"; }

# run_line NAME FAULT: B, C and the kernel driver at once, and A's driver
# started while they run: with FAULT claim or decline a faulty one, with
# none the correct program doing the same work. Sets rb, rc, ra.
run_line() {
	kdrv_start "$d" "$kd_period" "$kd_target" || t_fail "$1: kdrv start"
	uirq-edu --device "$b" --count "$count" -q -v >/tmp/nb 2>&1 &
	pb=$!
	uirq-edu --device "$c" --count "$count" -q -v >/tmp/nc 2>&1 &
	pc=$!
	sleep 0.1
	edu_fault --device "$a" --fault "$2" --recover 200 >/tmp/fa 2>&1
	ra=$?
	wait $pb; r1=$?
	wait $pc; r2=$?
	t_eq "$1: $b exact" "$r1 $(result_line /tmp/nb "$b")" \
		"0 $b: raised $count received $count mismatched 0 lost 0"
	t_eq "$1: $c exact" "$r2 $(result_line /tmp/nc "$c")" \
		"0 $c: raised $count received $count mismatched 0 lost 0"
	if kdrv_wait_done "$d" 30; then
		t_ok "$1: kernel driver exact ($(kdrv_get "$d" handled) of $kd_target handled)"
	else
		t_fail "$1: kernel driver exact" "raised $(kdrv_get "$d" raised) handled $(kdrv_get "$d" handled) of $kd_target"
	fi
	kdrv_stop "$d"
	t_cmp "$1: kernel driver saw the line shared (declined)" "$(kdrv_get "$d" declined)" -gt 0
	rb=$(rate /tmp/nb "$b")
	rc=$(rate /tmp/nc "$c")
	echo "  $1: $b ${rb:-?}/s, $c ${rc:-?}/s"
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }

# field NAME LINE: the word after NAME in LINE.
field() { echo "$2" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }

# check_fault NAME WANT KIND: what A's driver saw of the guard (in /tmp/fa).
check_fault() {
	cf=$1 cw=$2
	t_eq "$cf: faulty driver ran" "$ra" 0
	sed 's/^/  /' /tmp/fa
	l=$(grep ": fault " /tmp/fa)
	t_eq "$cf: tripped as $cw" "$(field fault "$l")" "$cw"
	trip=$(field trip_us "$l")
	t_cmp "$cf: tripped within $trip_ms ms (us)" "${trip:-999999999}" -le $((trip_ms * 1000))
	# Waking the owner is the scheduler's part: with TCG slowed down by a
	# loaded host it alone can take tens of ms, so it gets a second.
	t_cmp "$cf: owner woken with POLLERR within 1 s (us)" "$(field notice_us "$l")" -le 1000000
	t_eq "$cf: one fault counted" "$(field faults "$l")" 1
	t_eq "$cf: fault record in the stream" "$(field fault_record "$l")" "$cw"
	t_eq "$cf: read, uirq_wait, 4-byte read, unmask say EIO" \
		"$(field read "$l") $(field wait "$l") $(field read4 "$l") $(field unmask "$l")" \
		"EIO EIO EIO EIO"
	t_eq "$cf: UIRQ_INFO_FAULT" "$(field info_fault "$l")" 1
	t_eq "$cf: device quiesced (status, INTx-disable)" \
		"$(field status "$l") $(field intx_disable "$l")" "0 1"
	t_eq "$cf: one kernel message" "$(dmesg | grep -c "quiesced ($cw)")" $((before + 1))
	t_eq "$cf: works again with the fixed program" \
		"$(grep recovered /tmp/fa)" "$a: recovered 200 of 200 fault none"
	trips="$trips $3:$trip"
}

# Interleaved rounds, since a TCG guest's speed drifts by tens of per
# cent from one run to the next: each round runs the line without the
# fault (A's driver correct, doing the same work) and with each fault.
trips=""
rates_none="" rates_claim="" rates_decline=""
for round in 1 2 3; do
	for kind in none claim decline; do
		case $kind in
		claim) want=claim-storm ;;
		decline) want=decline-storm ;;
		none) want=none ;;
		esac
		before=$(dmesg | grep -c "quiesced ($want)")
		run_line "round $round, $kind" "$kind"
		if [ "$kind" = none ]; then
			t_eq "round $round: A's correct driver" "$ra $(grep recovered /tmp/fa)" \
				"0 $a: recovered 200 of 200 fault none"
			t_eq "round $round: nothing tripped" \
				"$(sed -n 's/.* fault \([a-z-]*\) trip_us.*/\1/p' /tmp/fa)" none
		else
			check_fault "round $round, $kind" "$want" "$kind"
		fi
		eval "rates_$kind=\"\$rates_$kind $rb $rc\""
	done
done

# median WORDS...: the median of the numbers.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
m_none=$(median $rates_none)
for kind in claim decline; do
	eval "m=\$(median \$rates_$kind)"
	echo "  $kind: neighbours' median ${m}/s against ${m_none}/s without the fault: $(ratio "$m" "$m_none")x"
	echo "RESULT fault=$kind neighbour_ratio=$(ratio "$m" "$m_none")"
done
echo "  trip times (us):$trips"
echo "RESULT trips_us=$(echo $trips | tr ' ' ',')"
t_eq "sysfs fault after recovery" "$(cat /sys/class/uirq/$a/fault)" none
# The last run on A was a faulty one: its trip stays counted after close.
t_eq "sysfs stats/faults kept after close" "$(cat /sys/class/uirq/$a/stats/faults)" 1

# --- a flood is not a storm ---------------------------------------------
n=100000
edu_fault --device "$b" --flood $n >/tmp/fl 2>&1
t_eq "flood ran" "$?" 0
sed 's/^/  /' /tmp/fl
l=$(grep ": flood " /tmp/fl)
dl=$(field delivered "$l")
t_eq "flood: every interrupt handled, no trip" \
	"$(field handled "$l") $(field events "$l") $(field fault "$l")" "$n $n none"
t_eq "flood: delivered + dropped = raised" "$((dl + $(field dropped "$l")))" $n
t_eq "flood: the next record carries the loss" \
	"$(field next_seq "$l") $(field next_dropped "$l")" "$((n + 1)) $((n - dl))"
t_cmp "flood: the guard looked at the device" "$(field checks "$l")" -gt 0

# The line still works for everyone.
uirq-edu --device "$c" --count 1000 -q >/tmp/nc 2>&1
t_eq "line alive afterwards" "$(result_line /tmp/nc "$c")" \
	"$c: raised 1000 received 1000 mismatched 0 lost 0"
echo "  spurious: $(tr '\n' ' ' </proc/irq/$irq/spurious)"
t_summary
