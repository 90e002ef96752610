# DEV: uirqctl's device commands and uirq-edu's edges, on a real uirq.ko
# with two edu devices on one line (guest: sh /vm/script).
#
# Exact output where users or scripts depend on it (the summary line, the
# reasons of failures), exit statuses everywhere: list/bind/unbind/info/
# stats, the one-owner rule, a program rejected by the kernel with the
# instruction named, a release program given as the ack program, a binary
# program file, --exclusive on a busy line, SIGTERM, kill -9 and reopen,
# and unbind under a running driver. The counters in sysfs: readable
# while a driver runs, exact after it exits, kept until the next open.
. /vm/lib.sh
need uirqctl uirq-edu edu_hold
need_module

set -- $(edu_bdfs)
[ $# -ge 2 ] || { t_fail "two edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2
out=/tmp/out err=/tmp/err
sa=/sys/class/uirq/$a sb=/sys/class/uirq/$b

# run WANT_RC NAME CMD...: CMD's exit status must be WANT_RC.
run() {
	want=$1 name=$2
	shift 2
	"$@" >$out 2>$err
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		t_ok "$name (exit $rc)"
		return 0
	fi
	t_fail "$name" "exit $rc, want $want; stderr: $(head -c 300 $err)"
	return 1
}
has() { grep -q -- "$2" "$1"; }
t_has() { if has "$2" "$3"; then t_ok "$1"; else t_fail "$1" "no '$3' in: $(head -c 400 "$2")"; fi; }
last() { tail -n 1 "$1"; }

# --- list / bind -------------------------------------------------------
run 0 "list, nothing bound" uirqctl list && t_has "list says none" $out "no devices bound to uirq"
run 2 "bind without BDF" uirqctl bind
run 2 "bind bad BDF" uirqctl bind 00:04
run 1 "bind missing device" uirqctl bind 00:1f.7 && t_has "bind names the problem" $err "no such PCI device"
for d in "$a" "$b"; do
	run 0 "bind $d" uirqctl bind "$d"
	t_eq "bind $d prints the node" "$(cat $out)" "$d: bound to uirq, /dev/uirq/$d"
	t_check "/dev/uirq/$d is a char device" test -c "/dev/uirq/$d"
done
run 0 "bind again is fine" uirqctl bind "$a"
irq=$(irq_of "$a")
run 0 "list" uirqctl list
t_eq "list rows" "$(grep -c ' 1234:11e8 ' $out)" 2
t_has "list row $a" $out "^$a  1234:11e8 *$irq yes   -\$"

# --- info / stats on an idle device ------------------------------------
run 0 "info $a" uirqctl info "$a"
t_has "info ids" $out "device:      $a  1234:11e8"
t_has "info irq" $out "interrupt:   INTA, irq $irq"
t_has "info bar0" $out "bar0  mmio     0x100000"
t_has "info cfg" $out "cfg   cfg "
run 0 "stats $a" uirqctl stats "$a"
t_has "stats fields" $out "unmask_events: 0"
t_has "stats mean_ns" $out "^mean_ns:       0$"
t_has "stats irq_on" $out "^irq_on:        0$"
for f in handled declined quiet events dropped enable_runs unmask_events max_ns total_ns; do
	t_eq "idle $a: stats/$f" "$(cat $sa/stats/$f)" 0
done
t_eq "idle $a: event" "$(cat $sa/event)" 0
t_eq "idle $a: irq_on" "$(cat $sa/irq_on)" 0
t_check "sysfs stats are read-only" sh -c "! echo 0 2>/dev/null >$sa/stats/handled"
run 2 "stats bad option" uirqctl stats --bogus "$a"

# --- check --device: the offline table is the kernel's ----------------
# The same program against the sysfs-derived table and against the node's
# UIRQ_GET_REGION_INFO must give the same verdict and windows, and both
# must be the real edu layout (1 MiB bar0, no bar1).
cat >/tmp/dev-ack.s <<'EOF'
        ld32  r0, bar0[0x24]
        ld32  r1, bar0[0xffffc]
        ld8   r2, cfg[0xff]
        ret   none
EOF
run 0 "check --device $a (sysfs)" uirqctl check /tmp/dev-ack.s --device "$a" &&
	t_has "check --device names the device" $out "^regions: device $a\$" &&
	t_has "sysfs: bar0 is 1 MiB" $out "^window bar0: 0x24..0x100000 (mmio, size 0x100000)\$"
grep -v '^regions:' $out >/tmp/dev-sysfs
run 0 "check --device /dev/uirq/$a (node)" uirqctl check /tmp/dev-ack.s --device "/dev/uirq/$a" &&
	t_has "node: bar0 is 1 MiB" $out "^window bar0: 0x24..0x100000 (mmio, size 0x100000)\$"
grep -v '^regions:' $out >/tmp/dev-node
t_eq "sysfs and node tables agree" "$(cat /tmp/dev-node)" "$(cat /tmp/dev-sysfs)"
printf '        ld32  r0, bar1[0]\n        ret   none\n' >/tmp/bar1.s
run 1 "check --device: edu has no bar1" uirqctl check /tmp/bar1.s --device "$a" &&
	t_has "sysfs: bar1 absent" $err "region bar1 is absent"
run 1 "check --device node: edu has no bar1" uirqctl check /tmp/bar1.s --device "/dev/uirq/$a" &&
	t_has "node: bar1 absent" $err "region bar1 is absent"

# --- one owner: a running driver ---------------------------------------
# The classic loop: the shared-ring one never sleeps under TCG (QEMU
# delivers edu's interrupt at the raise), so it could hold the CPU through
# all of $b's run below and $b would never see one of $a's interrupts.
uirq-edu --device "$a" --forever --quiet --classic >/tmp/fa 2>&1 &
pa=$!
wait_for 10 sh -c "grep -q 'uirq:$a' /proc/interrupts"
run 0 "info while a driver runs (asks as an observer)" uirqctl info "$a"
t_has "info: the driver's mode, not the regions" $out "owned by a driver: not shown"
t_eq "irq_on while a driver runs" "$(cat $sa/irq_on)" 1
wait_for 10 sh -c "[ \$(cat $sa/stats/handled) -gt 0 ]"
run 0 "stats while a driver runs" uirqctl stats "$a"
t_cmp "stats while running: handled" "$(awk '$1 == "handled:" { print $2 }' $out)" -gt 0
t_has "stats while running: irq_on" $out "^irq_on:        1$"
run 1 "stats --reset while a driver runs" uirqctl stats --reset "$a"
t_has "stats --reset: busy, why" $err "cannot reset the counters: .*Device or resource busy (a driver has it open"
t_eq "stats --reset: prints nothing" "$(cat $out)" ""
run 1 "second uirq-edu on the same device" uirq-edu --device "$a" --count 1
t_has "second driver: busy" $err "another process has it open"
t_eq "second driver: summary" "$(last $out)" "$a: raised 0 received 0 mismatched 0 lost 0"
run 0 "list while running" uirqctl list
t_has "list: $b shares with $a" $out "^$b .* uirq:$a\$"
run 1 "--exclusive on a line in use" uirq-edu --device "$b" --exclusive --count 1
t_has "--exclusive: reason" $err "UIRQ_IRQ_ON: Device or resource busy"
# 2000, not fewer: on a loaded host one run of 500 once saw none of $a's.
run 0 "$b beside $a" uirq-edu --device "$b" --count 2000 --verbose
t_eq "$b summary" "$(last $out)" "$b: raised 2000 received 2000 mismatched 0 lost 0"
d=$(awk -v b="$b:" '$1 == b && $2 == "stats" { for (i = 3; i < NF; i++) if ($i == "declined") print $(i + 1) }' $out)
t_cmp "$b declined $a's interrupts" "${d:-0}" -gt 0
kill -TERM $pa
wait $pa
t_eq "--forever: SIGTERM exit" "$?" 0
n=$(last /tmp/fa | awk '{ print $3 }')
t_eq "--forever: summary" "$(last /tmp/fa)" "$a: raised $n received $n mismatched 0 lost 0"
t_eq "counters kept after close: event = received" "$(cat $sa/event)" "$n"

# --- counters in sysfs after the driver exits --------------------------
# $b's handler sits on the line with nothing to raise (edu_hold), so its
# ack program declines each of $a's interrupts: at least 100, never a
# coincidence with an interrupt of its own.
edu_hold --device "$b" >/tmp/hb 2>&1 &
ph=$!
wait_for 10 sh -c "grep -q 'uirq:$b' /proc/interrupts"
t_eq "$b irq_on while held" "$(cat $sb/irq_on)" 1
run 0 "$a: 100 interrupts beside $b" uirq-edu --device "$a" --count 100 --quiet
t_eq "$a: 100 summary" "$(last $out)" "$a: raised 100 received 100 mismatched 0 lost 0"
kill -TERM $ph
wait $ph
t_eq "edu_hold: SIGTERM exit" "$?" 0
t_eq "$a after exit: stats/handled" "$(cat $sa/stats/handled)" 100
t_eq "$a after exit: stats/events" "$(cat $sa/stats/events)" 100
t_eq "$a after exit: stats/dropped" "$(cat $sa/stats/dropped)" 0
t_eq "$a after exit: event" "$(cat $sa/event)" 100
t_eq "$a after exit: irq_on" "$(cat $sa/irq_on)" 0
t_cmp "$a after exit: max_ns" "$(cat $sa/stats/max_ns)" -gt 0
t_cmp "$b after exit: stats/declined" "$(cat $sb/stats/declined)" -ge 100
t_eq "$b after exit: stats/handled" "$(cat $sb/stats/handled)" 0
t_eq "$b sysfs declined = its driver's last UIRQ_GET_STATS" \
	"$(cat $sb/stats/declined)" "$(stat_field /tmp/hb "$b" declined)"
t_eq "$b after exit: irq_on" "$(cat $sb/irq_on)" 0
run 0 "stats after exit" uirqctl stats "$a"
t_has "stats after exit: handled" $out "^handled:       100$"
t_has "stats after exit: events" $out "^events:        100$"
t_has "stats after exit: irq_on" $out "^irq_on:        0$"
run 0 "stats --reset after exit" uirqctl stats --reset "$a"
t_has "stats --reset prints the counters first" $out "^handled:       100$"
t_eq "stats --reset zeroed handled" "$(cat $sa/stats/handled)" 0
t_eq "stats --reset zeroed event" "$(cat $sa/event)" 0
t_cmp "stats --reset left $b alone" "$(cat $sb/stats/declined)" -ge 100

# --- programs from files -----------------------------------------------
cat >/tmp/bad-ack.s <<'EOF'
.kind ack
        ld32  r0, bar0[0x100000]        ; one past edu's 1 MiB BAR0
        ret   none
EOF
run 1 "ack program beyond BAR0" uirq-edu --device "$a" --ack /tmp/bad-ack.s --count 1
t_has "rejection names file, line and insn" $err "/tmp/bad-ack.s:2:9: error: insn 0: "
t_eq "rejection: summary" "$(last $out)" "$a: raised 0 received 0 mismatched 0 lost 0"
cat >/tmp/rel.s <<'EOF'
.kind release
        ret   quiet
EOF
run 1 "release program as --ack" uirq-edu --device "$a" --ack /tmp/rel.s --count 1
t_has "kind mismatch explained" $err "release program given as the ack program"
cat >/tmp/ack.s <<'EOF'
        ld32  r0, bar0[0x24]
        jeq   r0, 0, no
        st32  bar0[0x64], r0
        cap   0, r0
        ret   handled
no:     ret   none
EOF
if uirqctl asm /tmp/ack.s -o /tmp/ack.bin >$out 2>$err; then
	run 0 "binary --ack file" uirq-edu --device "$a" --ack /tmp/ack.bin --count 200 --quiet
	t_eq "binary --ack: summary" "$(last $out)" "$a: raised 200 received 200 mismatched 0 lost 0"
else
	t_fail "uirqctl asm -o" "$(cat $err)"
fi

# --- kill -9 mid-run: the release program quiets the device ------------
uirq-edu --device "$a" --forever --quiet >/dev/null 2>&1 &
pa=$!
wait_for 10 sh -c "grep -q 'uirq:$a' /proc/interrupts"
sleep 1
kill -9 $pa
wait $pa
t_eq "handler gone after kill -9" "$(irq_names "$irq" | grep -c "uirq:$a")" 0
run 0 "reopen after kill -9" uirq-edu --device "$a" --count 100 --quiet
t_eq "reopen: summary" "$(last $out)" "$a: raised 100 received 100 mismatched 0 lost 0"

# --- unbind under a running driver -------------------------------------
# The driver notices in a call on the device file (-ENODEV) or in a BAR0
# access (the kernel revoked the mapping: SIGBUS); either way it must say
# so, print its summary and exit 1. Three rounds, to meet more than one.
for round in 1 2 3; do
	uirq-edu --device "$b" --forever --quiet >/tmp/fb 2>&1 &
	pb=$!
	wait_for 10 sh -c "grep -q 'uirq:$b' /proc/interrupts"
	run 0 "unbind $b while driven ($round)" uirqctl unbind "$b"
	wait $pb
	t_eq "driver of a removed device exits 1 ($round)" "$?" 1
	t_has "driver says why ($round)" /tmp/fb \
		"^uirq-edu: $b: .*: No such device$\|faulted (SIGBUS): the device was removed"
	t_has "driver still prints its summary ($round)" /tmp/fb "^$b: raised "
	grep -E 'uirq-edu: ' /tmp/fb | head -n 1 | sed 's/^/  /'
	t_eq "$b has no driver ($round)" "$(driver_of "$b")" none
	t_check "/dev/uirq/$b gone ($round)" test ! -e "/dev/uirq/$b"
	[ $round -lt 3 ] && uirqctl bind "$b" >/dev/null
done
run 0 "unbind again: nothing to do" uirqctl unbind "$b"
t_has "unbind again says so" $out "was not bound"
run 0 "unbind --reprobe $a" uirqctl unbind --reprobe "$a"
t_eq "unbind --reprobe output" "$(cat $out)" "$a: unbound from uirq, now without a driver"
run 0 "list after unbind" uirqctl list
t_has "list: none left" $out "no devices bound to uirq"
run 0 "bind after unbind" uirqctl bind "$b"
run 0 "drive after rebind" uirq-edu --device "$b" --count 100 --quiet
t_eq "rebind: summary" "$(last $out)" "$b: raised 100 received 100 mismatched 0 lost 0"
uirqctl unbind "$b" >/dev/null

t_summary
