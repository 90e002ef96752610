# S1: three edu devices on one INTx line, each driven by its own uirq-edu
# process, all at once (guest: sh /vm/script [COUNT]; COUNT default 10000).
#
# Exact: every driver's result line, and per device handled == events ==
# COUNT with nothing dropped (each raise is claimed by exactly one ack
# program run in the handler; UNMASK's re-check finds nothing, so
# unmask_events == 0). On a shared line every interrupt runs all three
# handlers, so a handler's runs (handled + declined) cannot exceed the
# line's interrupts L, L is at least the largest handled count and at most
# the sum (no interrupt nobody claims), and each device declines the
# others' traffic. The exact version of that: a fourth party, a holder
# that raises nothing, is on the line the whole time two drivers run, and
# its declined count must equal the line's count over that time.
. /vm/lib.sh
need uirqctl uirq-edu edu_hold
need_module
count=${1:-10000}
half=$((count / 2))

set -- $(edu_bdfs)
t_eq "three edu devices" "$#" 3
[ $# -ge 3 ] || { t_summary; exit 1; }
a=$1 b=$2 c=$3

for d in "$a" "$b" "$c"; do
	t_check "uirqctl bind $d" uirqctl bind "$d"
	t_check "/dev/uirq/$d" test -c "/dev/uirq/$d"
	t_eq "$d driver" "$(driver_of "$d")" uirq
done
irq=$(irq_of "$a")
t_eq "one line: $b" "$(irq_of "$b")" "$irq"
t_eq "one line: $c" "$(irq_of "$c")" "$irq"
uirqctl list

# --- three drivers at once, COUNT interrupts each -----------------------
l0=$(irq_count "$irq")
# The third runs the loop of API 1 and 2 (read(), uirq_wait + uirq_unmask),
# the others the documented one (the shared ring): both on one line.
for d in "$a" "$b" "$c"; do
	mode=
	[ "$d" = "$c" ] && mode=--classic
	uirq-edu --device "$d" --count "$count" --verbose $mode >"/tmp/edu.$d" 2>&1 &
	eval "pid_$(echo "$d" | tr ':.' '__')=$!"
done
for d in "$a" "$b" "$c"; do
	eval "p=\$pid_$(echo "$d" | tr ':.' '__')"
	wait "$p"
	eval "rc_$(echo "$d" | tr ':.' '__')=$?"
done
l1=$(irq_count "$irq")
lines=$((l1 - l0))
sum=0
for d in "$a" "$b" "$c"; do
	eval "rc=\$rc_$(echo "$d" | tr ':.' '__')"
	f=/tmp/edu.$d
	grep -v -E 'raised|stats' "$f" | sed 's/^/  /'
	echo "  $(grep ' stats ' "$f")"
	t_eq "$d exit status" "$rc" 0
	t_eq "$d result" "$(result_line "$f" "$d")" \
		"$d: raised $count received $count mismatched 0 lost 0"
	h=$(stat_field "$f" "$d" handled)
	dcl=$(stat_field "$f" "$d" declined)
	t_eq "$d handled" "$h" "$count"
	t_eq "$d events" "$(stat_field "$f" "$d" events)" "$count"
	t_eq "$d dropped" "$(stat_field "$f" "$d" dropped)" 0
	t_eq "$d quiet" "$(stat_field "$f" "$d" quiet)" 0
	t_eq "$d unmask_events" "$(stat_field "$f" "$d" unmask_events)" 0
	t_cmp "$d declined the others' interrupts" "${dcl:-0}" -gt 0
	t_cmp "$d handler runs <= line interrupts" "$((${h:-0} + ${dcl:-0}))" -le "$lines"
	sum=$((sum + ${h:-0}))
done
echo "  line $irq: $lines interrupts for $sum handled"
t_cmp "line interrupts >= one driver's" "$lines" -ge "$count"
t_cmp "line interrupts <= all handled (none unclaimed)" "$lines" -le "$sum"

# --- /proc/interrupts names all three, on the one line ------------------
for d in "$a" "$b" "$c"; do
	uirq-edu --device "$d" --forever --quiet >"/tmp/forever.$d" 2>&1 &
	eval "fpid_$(echo "$d" | tr ':.' '__')=$!"
done
# (Not $n: wait_for counts in it.)
has_all() {
	names=$(irq_names "$irq")
	case "$names" in *"uirq:$a"*) ;; *) return 1 ;; esac
	case "$names" in *"uirq:$b"*) ;; *) return 1 ;; esac
	case "$names" in *"uirq:$c"*) ;; *) return 1 ;; esac
}
if wait_for 10 has_all; then
	t_ok "/proc/interrupts: three uirq handlers on irq $irq"
else
	t_fail "/proc/interrupts: three uirq handlers on irq $irq" "$(irq_line "$irq")"
fi
echo "  $(irq_line "$irq")"
t_eq "no uirq handler on another line" \
	"$(grep 'uirq:' /proc/interrupts | grep -v -E "^ *$irq:" | wc -l)" 0
sleep 1
for d in "$a" "$b" "$c"; do
	eval "p=\$fpid_$(echo "$d" | tr ':.' '__')"
	kill -TERM "$p"
	wait "$p"
	rc=$?
	r=$(result_line "/tmp/forever.$d" "$d")
	n=$(echo "$r" | awk '{ print $3 }')
	t_eq "$d --forever stops on SIGTERM, exit" "$rc" 0
	t_eq "$d --forever result" "$r" "$d: raised $n received $n mismatched 0 lost 0"
	t_cmp "$d --forever raised" "${n:-0}" -gt 0
done
t_eq "handlers gone from irq $irq" "$(irq_names "$irq" | grep -c uirq)" 0

# --- exact: a silent holder declines exactly the line's interrupts ------
edu_hold --device "$c" >/tmp/hold.out 2>&1 &
hpid=$!
wait_for 10 grep -q holding /tmp/hold.out
l0=$(irq_count "$irq")
uirq-edu --device "$a" --count "$half" --verbose >/tmp/h.$a 2>&1 &
pa=$!
uirq-edu --device "$b" --count "$half" --verbose >/tmp/h.$b 2>&1 &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
l1=$(irq_count "$irq")
kill -TERM $hpid
wait $hpid
t_eq "holder exit" "$?" 0
lines=$((l1 - l0))
cat /tmp/hold.out | sed 's/^/  /'
t_eq "$a result (with holder)" "$ra $(result_line /tmp/h.$a "$a")" \
	"0 $a: raised $half received $half mismatched 0 lost 0"
t_eq "$b result (with holder)" "$rb $(result_line /tmp/h.$b "$b")" \
	"0 $b: raised $half received $half mismatched 0 lost 0"
t_eq "holder handled" "$(stat_field /tmp/hold.out "$c" handled)" 0
t_eq "holder declined == line interrupts" \
	"$(stat_field /tmp/hold.out "$c" declined)" "$lines"
t_cmp "line interrupts >= one driver's" "$lines" -ge "$half"
t_cmp "line interrupts <= both drivers'" "$lines" -le "$((2 * half))"

t_summary
