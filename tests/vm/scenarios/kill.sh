# S4: drivers that die or lose their device on a shared line (guest: sh
# /vm/script [COUNT]; COUNT default 10000).
#
# kill -9 mid-run and kill -9 with an interrupt raised but not handled at
# the device: the release program must run (the device's status reads 0
# afterwards and the line stays quiet), the device can be opened again,
# and the other drivers on the line get exact counts. Then unbind under a
# driver that has the device open, with and without traffic: it sees
# POLLHUP and -ENODEV, nothing oopses, and binding again works.
. /vm/lib.sh
need uirqctl uirq-edu edu_hold
need_module
count=${1:-10000}

set -- $(edu_bdfs)
[ $# -ge 3 ] || { t_fail "three edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2 c=$3
for d in "$a" "$b" "$c"; do
	uirqctl bind "$d" >/dev/null || t_fail "bind $d"
done
irq=$(irq_of "$a")

# line_quiet NAME: the line takes no interrupt for half a second.
line_quiet() {
	q0=$(irq_count "$irq")
	sleep 0.5
	q1=$(irq_count "$irq")
	t_eq "$1: line $irq quiet" "$q1" "$q0"
}

# peek_is NAME BDF WANT: edu_hold --peek's registers.
peek_is() {
	t_eq "$1" "$(edu_hold --device "$2" --peek 2>&1)" "$2: $3"
}

# others_work NAME: b and c, COUNT each at once, exact.
others_work() {
	uirq-edu --device "$b" --count "$count" -q >/tmp/ob 2>&1 &
	p1=$!
	uirq-edu --device "$c" --count "$count" -q >/tmp/oc 2>&1 &
	p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	t_eq "$1: $b" "$r1 $(result_line /tmp/ob "$b")" \
		"0 $b: raised $count received $count mismatched 0 lost 0"
	t_eq "$1: $c" "$r2 $(result_line /tmp/oc "$c")" \
		"0 $c: raised $count received $count mismatched 0 lost 0"
}

# --- kill -9 in the middle of a run -------------------------------------
uirq-edu --device "$a" --forever -q >/tmp/ka 2>&1 &
pa=$!
wait_for 10 grep -q "uirq:$a" /proc/interrupts
sleep 0.5
kill -9 $pa
wait $pa
t_eq "uirq-edu killed by SIGKILL" "$?" 137
t_eq "no uirq handler left on the line" "$(irq_names "$irq" | grep -c uirq)" 0
line_quiet "after kill -9 mid-run"
# Release leaves INTx-disable set until the next IRQ on: a device without
# an owner can never assert the shared line.
peek_is "after kill -9 mid-run: status cleared, INTx masked, reopened" "$a" \
	"irq_status 0 intx_disable 1 intx_pending 0"
others_work "after kill -9 mid-run"

# --- kill -9 with an interrupt pending at the device --------------------
edu_hold --device "$a" --pending >/tmp/hp 2>&1 &
hp=$!
wait_for 10 grep -q holding /tmp/hp
sed 's/^/  /' /tmp/hp
t_eq "pending before the kill" "$(grep irq_status /tmp/hp)" \
	"$a: irq_status 0x5a5a intx_disable 1 intx_pending 1"
kill -9 $hp
wait $hp
t_eq "edu_hold killed by SIGKILL" "$?" 137
line_quiet "after kill -9 with a pending interrupt"
# The release program acknowledged the interrupt; INTx stays disabled
# until the next IRQ on.
peek_is "after kill -9 pending: the release program ran" "$a" \
	"irq_status 0 intx_disable 1 intx_pending 0"
others_work "after kill -9 pending"
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a usable again" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"

# --- unbind under an open, idle driver ----------------------------------
edu_hold --device "$a" >/tmp/hu 2>&1 &
hu=$!
wait_for 10 grep -q holding /tmp/hu
echo "$a" >/sys/bus/pci/drivers/uirq/unbind
t_eq "unbind with the device open" "$?" 0
if wait_for 10 grep -q removed /tmp/hu; then
	t_ok "the open driver noticed the removal"
else
	t_fail "the open driver noticed the removal" "$(cat /tmp/hu)"
	kill -9 $hu
fi
wait $hu
t_eq "holder exit after removal" "$?" 0
r=$(grep removed /tmp/hu)
echo "  $r"
rv=$(echo "$r" | sed -n 's/.* poll \(0x[0-9a-f]*\) .*/\1/p')
if [ -n "$rv" ] && [ $((rv & 0x10)) -ne 0 ]; then	# POLLHUP
	t_ok "POLLHUP on removal"
else
	t_fail "POLLHUP on removal" "poll revents '${rv:-none}'"
fi
t_eq "read and ioctl: ENODEV" "$(echo "$r" | sed 's/.* read //')" "ENODEV ioctl ENODEV"
t_eq "$a unbound" "$(driver_of "$a")" none
t_check "/dev/uirq/$a gone" test ! -e "/dev/uirq/$a"
t_eq "no handler of $a left" "$(irq_names "$irq" | grep -c "uirq:$a")" 0
uirqctl bind "$a" >/dev/null
t_eq "rebind" "$(driver_of "$a")" uirq
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a works after rebinding" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"

# --- unbind under traffic, while the others run -------------------------
uirq-edu --device "$a" --forever -q >/tmp/ua 2>&1 &
pa=$!
wait_for 10 grep -q "uirq:$a" /proc/interrupts
uirq-edu --device "$b" --count "$count" -q >/tmp/ob 2>&1 &
p1=$!
uirq-edu --device "$c" --count "$count" -q >/tmp/oc 2>&1 &
p2=$!
sleep 0.2
echo "$a" >/sys/bus/pci/drivers/uirq/unbind
t_eq "unbind under traffic" "$?" 0
gone() { ! kill -0 $pa 2>/dev/null; }
if wait_for 10 gone; then
	wait $pa
	ra=$?
	t_cmp "driver of the removed device ended with an error" "$ra" -ne 0
	echo "  it said: $(tr '\n' '|' </tmp/ua) (exit $ra)"
else
	t_fail "driver of the removed device ended" "still running"
	kill -9 $pa
fi
wait $p1; r1=$?
wait $p2; r2=$?
t_eq "during the unbind: $b" "$r1 $(result_line /tmp/ob "$b")" \
	"0 $b: raised $count received $count mismatched 0 lost 0"
t_eq "during the unbind: $c" "$r2 $(result_line /tmp/oc "$c")" \
	"0 $c: raised $count received $count mismatched 0 lost 0"
line_quiet "after unbind under traffic"
uirqctl bind "$a" >/dev/null
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a works after the second rebind" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"

# --- module unload: refused while a file is open, clean once closed ----
edu_hold --device "$b" >/tmp/hm 2>&1 &
hm=$!
wait_for 10 grep -q holding /tmp/hm
rmmod uirq 2>/dev/null
t_cmp "rmmod uirq refused while a device is open" "$?" -ne 0
t_check "uirq still loaded" test -d /sys/module/uirq
kill -TERM $hm
wait $hm
t_check "rmmod uirq once closed" rmmod uirq
t_check "driver gone" test ! -e /sys/bus/pci/drivers/uirq
t_check "device nodes gone" test ! -e "/dev/uirq/$a"
t_eq "devices released" "$(driver_of "$a") $(driver_of "$b") $(driver_of "$c")" "none none none"
t_eq "no uirq handler left" "$(grep -c 'uirq:' /proc/interrupts)" 0
t_check "insmod uirq again" insmod "/lib/modules/$(cat /vm/kver)/extra/uirq.ko"
for d in "$a" "$b" "$c"; do uirqctl bind "$d" >/dev/null; done
for d in "$a" "$b" "$c"; do
	uirq-edu --device "$d" --count 1000 -q >"/tmp/m.$d" 2>&1 &
done
wait
for d in "$a" "$b" "$c"; do
	t_eq "$d after reloading the module" "$(result_line "/tmp/m.$d" "$d")" \
		"$d: raised 1000 received 1000 mismatched 0 lost 0"
done

t_summary
