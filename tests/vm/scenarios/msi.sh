# MSI and MSI-X (guest: sh /vm/script): edu's one MSI vector with exact
# counts and its vector's ack program, the ABI's checks, the per-vector
# claim-rate guard, kill -9 mid-run, an owner without DMA rights, back to
# INTx; an e1000e's five MSI-X vectors (tests/vm/run --device e1000e,...).
# Only the first edu device is bound to uirq: nothing else is on its line.
. /vm/lib.sh
need uirqctl test_msi runas
need_module

# run_guest CMD...: the guest program's ok/FAIL lines count as checks; its
# own summary line must be there (else it crashed or hung).
run_guest() {
	"$@" >/tmp/g 2>&1
	rc=$?
	grep -v '^[0-9]* passed, [0-9]* failed$' /tmp/g
	p=$(grep -c '^ok ' /tmp/g)
	f=$(grep -c '^FAIL' /tmp/g)
	T_PASS=$((T_PASS + p))
	T_FAIL=$((T_FAIL + f))
	if ! grep -q '^[0-9]* passed, [0-9]* failed$' /tmp/g || [ $rc -ne 0 -a $f -eq 0 ]; then
		t_fail "$*" "no summary or exit $rc"
	fi
}

set -- $(edu_bdfs)
[ $# -ge 1 ] || { t_fail "an edu device"; t_summary; exit 1; }
a=$1
uirqctl bind "$a" >/dev/null || { t_fail "bind $a"; t_summary; exit 1; }
quiet_cfg="master=0 intx_disable=1 msi=0 msix=0"
msi_lines() { grep -c "uirq:$a:msi" /proc/interrupts; }

# --- edu: MSI, exact counts, then INTx again ---------------------------------
run_guest test_msi edu "$a" 1000
t_eq "edu: 1000 raises, 1000 MSI events on vector 0" \
	"$(sed -n "s/^$a: msi raised \([0-9]*\) events \([0-9]*\)$/\1 \2/p" /tmp/g)" "1000 1000"
t_eq "edu: back on INTx, 1000 events" \
	"$(sed -n "s/^$a: intx raised \([0-9]*\) events \([0-9]*\)$/\1 \2/p" /tmp/g)" "1000 1000"
t_eq "no MSI vector left in /proc/interrupts after close" "$(msi_lines)" 0
t_eq "closed: MSI off, no bus mastering, INTx masked" "$(test_msi cfg "$a")" "$quiet_cfg"

# --- the per-vector claim-rate guard -----------------------------------------
par=/sys/module/uirq/parameters
old_max=$(cat $par/guard_max_irqs) old_win=$(cat $par/guard_window_ms)
echo 20 >$par/guard_max_irqs
echo 60000 >$par/guard_window_ms
dmesg -c >/dev/null 2>&1
run_guest test_msi storm "$a" 20
t_eq "storm: 21 events, then the fault record" \
	"$(sed -n "s/^$a: storm events \([0-9]*\) fault records \([0-9]*\)$/\1 \2/p" /tmp/g)" "21 1"
t_check "storm: the kernel names the trip (claim-rate)" \
	sh -c "dmesg | grep -q 'quiesced (claim-rate)'"
echo "$old_max" >$par/guard_max_irqs
echo "$old_win" >$par/guard_window_ms
t_eq "after the storm: quiet" "$(test_msi cfg "$a")" "$quiet_cfg"

# --- kill -9 mid-run ---------------------------------------------------------
test_msi hold "$a" >/tmp/h 2>&1 &
ph=$!
wait_for 10 grep -q ready /tmp/h
t_eq "hold: MSI on, one vector in /proc/interrupts" "$(msi_lines)" 1
n0=$(grep "uirq:$a:msi0" /proc/interrupts | awk '{ print $2 }')
sleep 1
n1=$(grep "uirq:$a:msi0" /proc/interrupts | awk '{ print $2 }')
t_cmp "hold: the vector is firing" "${n1:-0}" -gt "${n0:-0}"
t_eq "hold: MSI and bus mastering on" "$(test_msi cfg "$a")" "master=1 intx_disable=1 msi=1 msix=0"
kill -9 $ph
wait $ph 2>/dev/null
t_eq "killed: the vector is gone" "$(msi_lines)" 0
t_eq "killed: MSI off, bus mastering off, INTx masked" "$(test_msi cfg "$a")" "$quiet_cfg"
irq=$(irq_of "$a")
c0=$(irq_count "$irq")
sleep 1
t_eq "killed: its INTx line stays quiet" "$(irq_count "$irq")" "$c0"
t_eq "killed: no handler left on the line" "$(irq_names "$irq")" ""
run_guest test_msi edu "$a" 200
t_eq "after kill -9: MSI works again, 200 events" \
	"$(sed -n "s/^$a: msi raised \([0-9]*\) events \([0-9]*\)$/\1 \2/p" /tmp/g)" "200 200"
t_eq "after kill -9: INTx works again, 200 events" \
	"$(sed -n "s/^$a: intx raised \([0-9]*\) events \([0-9]*\)$/\1 \2/p" /tmp/g)" "200 200"

# --- an owner without DMA rights ---------------------------------------------
member=1000 gid=900
echo "uirq:x:$gid:" >>/etc/group
chgrp $gid "/dev/uirq/$a" && chmod 0660 "/dev/uirq/$a"
run_guest runas $member $member,$gid test_msi noperm "$a"
t_check "non-root owner: -EPERM, with the reason" grep -q "msi without DMA rights: not allowed: a message is a DMA write" /tmp/g
t_eq "refused: nothing changed" "$(test_msi cfg "$a")" "$quiet_cfg"

# --- uirqctl info while a driver holds MSI -----------------------------------
test_msi hold "$a" >/tmp/h 2>&1 &
ph=$!
wait_for 10 grep -q ready /tmp/h
uirqctl info "$a" >/tmp/i 2>&1
t_check "uirqctl info: MSI on, 1 vector" grep -q "^messages:    MSI 1, MSI-X 0 vectors; on: MSI, 1 vectors" /tmp/i
t_check "uirqctl info: flags" grep -q "^flags: .* msi-on" /tmp/i
kill -9 $ph
wait $ph 2>/dev/null
uirqctl info "$a" >/tmp/i 2>&1
t_check "uirqctl info: off after kill" grep -q "^messages:    MSI 1, MSI-X 0 vectors; off" /tmp/i

# --- unbind while a driver holds MSI ----------------------------------------
test_msi hold "$a" >/tmp/h 2>&1 &
ph=$!
wait_for 10 grep -q ready /tmp/h
t_eq "before unbind: one vector" "$(msi_lines)" 1
uirqctl unbind "$a" >/dev/null 2>&1
t_eq "unbound: the vector is gone" "$(msi_lines)" 0
t_eq "unbound: MSI off, bus mastering off, INTx masked" "$(test_msi cfg "$a")" "$quiet_cfg"
# Its mapping was revoked: the raising loop dies of SIGBUS, or is killed.
kill -9 $ph 2>/dev/null
wait $ph 2>/dev/null
uirqctl bind "$a" >/dev/null || t_fail "rebind $a"
run_guest test_msi edu "$a" 100
t_eq "rebound: MSI 100 events" \
	"$(sed -n "s/^$a: msi raised \([0-9]*\) events \([0-9]*\)$/\1 \2/p" /tmp/g)" "100 100"

# --- e1000e: five MSI-X vectors ---------------------------------------------
e=
for d in "$SYSPCI"/devices/*; do
	[ "$(cat "$d/vendor") $(cat "$d/device")" = "0x8086 0x10d3" ] && e=$(basename "$d")
done
if [ -z "$e" ]; then
	t_fail "an e1000e" "none found (tests/vm/run --device e1000e,...)"
else
	t_eq "e1000e has no kernel driver here" "$(driver_of "$e")" none
	uirqctl bind "$e" >/dev/null || t_fail "bind $e"
	run_guest test_msi e1000e "$e" 200
	for v in 0 1 2 3 4; do
		t_eq "e1000e vector $v: 200 triggers, 200 events, eventfd 200" \
			"$(sed -n "s/^$e: msix vector $v triggers \([0-9]*\) events \([0-9]*\) eventfd \([0-9]*\)$/\1 \2 \3/p" /tmp/g)" \
			"200 200 200"
	done
	t_eq "e1000e closed: MSI-X off, quiet" "$(test_msi cfg "$e")" "$quiet_cfg"
	t_eq "e1000e: no vector left" "$(grep -c "uirq:$e:msix" /proc/interrupts)" 0
fi
t_summary
