# Real PCI device models on the shared line (suite vm-devices; guest: sh
# /vm/script [COUNT [KCOUNT]]: raises per device run, default 300, and
# edu_kdrv raises per phase, default 3000). See docs/devices.md.
#
# tests/vm/vm.mk boots four edu devices (04..10) with an e1000 at 14, a
# pci-serial at 18 and a pci-serial-4x at 1c: seven functions on one INTx
# line. uirq-edu drives three edu devices, edu_kdrv (an ordinary kernel
# driver) the fourth, devdrv (tests/vm/guest/devdrv.c, libuirq only) the
# other three, each with its own way of acknowledging:
#   e1000          read-to-clear: the ack program reads ICR
#   pci-serial     disable-style, I/O BAR, byte accesses: IER = 0
#   pci-serial-4x  four UARTs behind one INTx: one program checks all four
#
# Exact: every raise gives one event with the captures it should have, N
# raises N events per device and nothing dropped, alone and all at once,
# every edu driver raised == received, edu_kdrv raised == handled. Then
# each device driver is killed with SIGKILL in the middle of a run while
# the edu drivers and edu_kdrv run: the release program must leave its
# device unable to assert (IMS or IER 0, PCI interrupt status 0, the line
# quiet), the others, running throughout, still count exactly, and the
# device works again.
. /vm/lib.sh
need uirqctl uirq-edu devdrv
need_module
count=${1:-300}
ecount=${2:-3000}

# pci_find "VENDOR DEVICE": the addresses of the functions with those ids.
pci_find() {
	for d in "$SYSPCI"/devices/*; do
		[ "$(cat "$d/vendor") $(cat "$d/device")" = "$1" ] && basename "$d"
	done
}

# bar0 BDF: "io SIZE" or "mem SIZE", from sysfs' resource file.
bar0() {
	head -n 1 "$SYSPCI/devices/$1/resource" | {
		read -r s e f
		if [ $((f & 0x100)) -ne 0 ]; then k=io; else k=mem; fi
		echo "$k $((e - s + 1))"
	}
}

e1k=$(pci_find "0x8086 0x100e")
ser=$(pci_find "0x1b36 0x0002")
ser4=$(pci_find "0x1b36 0x0004")
set -- $(edu_bdfs)
if [ $# -lt 4 ] || [ -z "$e1k" ] || [ -z "$ser" ] || [ -z "$ser4" ]; then
	t_fail "four edu devices, an e1000, a pci-serial and a pci-serial-4x" \
		"edu: $*; e1000: '$e1k'; pci-serial: '$ser'; pci-serial-4x: '$ser4'"
	t_summary
	exit 1
fi
a=$1 b=$2 c=$3 k=$4
t_ok "devices: edu $a $b $c $k, e1000 $e1k, pci-serial $ser, pci-serial-4x $ser4"

# --- the register layout the programs were written for -----------------
t_eq "$e1k BAR0" "$(bar0 "$e1k")" "mem 131072"
t_eq "$ser BAR0" "$(bar0 "$ser")" "io 8"
# serial-pci-multi.c: one I/O BAR of 8 bytes per UART, UART n at 8 * n.
t_eq "$ser4 BAR0" "$(bar0 "$ser4")" "io 32"

# --- the built-in programs, checked offline against those regions -------
check_prog() {
	devdrv --print "$1" >"/tmp/$1.s"
	if uirqctl check "/tmp/$1.s" --region "$2" $3 >"/tmp/$1.chk" 2>&1; then
		t_ok "uirqctl check $1 ($2${3:+ $3})"
	else
		t_fail "uirqctl check $1 ($2${3:+ $3})" "$(cat "/tmp/$1.chk")"
	fi
}
for p in ack init release; do
	sh=
	[ $p = ack ] && sh=--shared
	check_prog "e1000-$p" bar0:mmio:128k $sh
	check_prog "pci-serial-$p" bar0:pio:8 $sh
	check_prog "pci-serial-4x-$p" bar0:pio:32 $sh
done
# An ack program that fits the 4x's layout does not fit one UART's BAR.
if uirqctl check /tmp/pci-serial-4x-ack.s --region bar0:pio:8 >/dev/null 2>&1; then
	t_fail "pci-serial-4x-ack refused for an 8-byte BAR"
else
	t_ok "pci-serial-4x-ack refused for an 8-byte BAR"
fi

# --- binding: the kernel's 8250_pci has the UARTs, nothing has the e1000
# (The debug kernel of make check-vm-debug has no 8250_pci.)
for d in "$ser" "$ser4"; do
	if [ -d "$SYSPCI/drivers/serial" ]; then
		t_eq "$d claimed by 8250_pci at boot" "$(driver_of "$d")" serial
	else
		t_eq "$d has no driver (no 8250_pci in this kernel)" "$(driver_of "$d")" none
	fi
done
t_eq "$e1k has no driver (e1000.ko is not in the initramfs)" "$(driver_of "$e1k")" none
for d in "$a" "$b" "$c" "$e1k" "$ser" "$ser4"; do
	uirqctl bind "$d" >/dev/null 2>&1
	t_eq "$d bound to uirq" "$(driver_of "$d")" uirq
done
if kdrv_load && kdrv_bind "$k"; then
	t_ok "edu_kdrv bound to $k"
else
	t_fail "edu_kdrv bound to $k"
	t_summary
	exit 1
fi
irq=$(irq_of "$a")
for d in "$b" "$c" "$k" "$e1k" "$ser" "$ser4"; do
	t_eq "one line: $d" "$(irq_of "$d")" "$irq"
done

# dev_result NAME FILE BDF N RC: the driver exited 0 with N of N.
dev_result() {
	t_eq "$1" "$5 $(result_line "$2" "$3")" \
		"0 $3: raised $4 received $4 mismatched 0 lost 0"
}

# dev_stats NAME FILE BDF N: events, dropped, and every event claimed
# once, by the handler or by the unmask re-check.
dev_stats() {
	h=$(stat_field "$2" "$3" handled)
	u=$(stat_field "$2" "$3" unmask_events)
	t_eq "$1: events" "$(stat_field "$2" "$3" events)" "$4"
	t_eq "$1: dropped" "$(stat_field "$2" "$3" dropped)" 0
	t_eq "$1: handled + unmask_events" "$((${h:-0} + ${u:-0}))" "$4"
}

# --- each device alone --------------------------------------------------
# e1000 first shows IMS gating on a quiet line (see devdrv.c's gate()):
# a masked cause raised no event and left INTx low, yet stayed latched,
# and enabling it delivered it. Its one event adds to the count.
devdrv --device "$e1k" --count "$count" --gate -v >/tmp/alone.e1k 2>&1
rc=$?
sed 's/^/  /' /tmp/alone.e1k
t_eq "e1000: IMS gates the line" "$(grep ' gate ' /tmp/alone.e1k)" \
	"$e1k: gate masked-events 0 latched 0x10000 intx_pending 0 unmasked 0x10000"
dev_result "e1000 alone" /tmp/alone.e1k "$e1k" "$count" "$rc"
dev_stats "e1000 alone" /tmp/alone.e1k "$e1k" "$((count + 1))"
for d in "$ser" "$ser4"; do
	devdrv --device "$d" --count "$count" -v >"/tmp/alone.$d" 2>&1
	rc=$?
	sed 's/^/  /' "/tmp/alone.$d"
	dev_result "$d alone" "/tmp/alone.$d" "$d" "$count" "$rc"
	dev_stats "$d alone" "/tmp/alone.$d" "$d" "$count"
done
# Two of the four UARTs at once, held back by INTx-disable until both are
# pending: one interrupt, and the one event must name both (a program that
# stopped at the first pending UART would leave the other asserting, and
# report it as a second event).
devdrv --device "$ser4" --count "$count" --pair -v >/tmp/pair.out 2>&1
rc=$?
sed 's/^/  /' /tmp/pair.out
dev_result "$ser4: two UARTs per interrupt" /tmp/pair.out "$ser4" "$count" "$rc"
dev_stats "$ser4: two UARTs per interrupt" /tmp/pair.out "$ser4" "$count"

# --- all seven at once --------------------------------------------------
# Every driver runs until SIGTERM (then finishes the raise in flight), so
# that all seven handlers are on the line together for a while; edu_kdrv
# runs its ECOUNT raises meanwhile. Each driver's own count is exact.
has_all() {
	hn=$(irq_names "$irq")
	for w in "uirq:$a" "uirq:$b" "uirq:$c" "edu_kdrv:$k" "uirq:$e1k" \
		"uirq:$ser" "uirq:$ser4"; do
		case "$hn" in *"$w"*) ;; *) return 1 ;; esac
	done
}
for d in "$a" "$b" "$c"; do
	uirq-edu --device "$d" --forever -q >"/tmp/all.$d" 2>&1 &
	eval "pid_$(echo "$d" | tr ':.' '__')=$!"
done
for d in "$e1k" "$ser" "$ser4"; do
	devdrv --device "$d" --forever -v >"/tmp/all.$d" 2>&1 &
	eval "pid_$(echo "$d" | tr ':.' '__')=$!"
done
if wait_for 10 has_all; then
	t_ok "/proc/interrupts: seven handlers on irq $irq"
else
	t_fail "/proc/interrupts: seven handlers on irq $irq" "$(irq_line "$irq")"
fi
echo "  $(irq_line "$irq")"
t_check "kdrv_start $k 100 $ecount" kdrv_start "$k" 100 "$ecount"
t_check "edu_kdrv done (raised == handled == $ecount)" kdrv_wait_done "$k" 120
kdrv_stop "$k"
echo "  edu_kdrv $k: raised $(kdrv_get "$k" raised) handled $(kdrv_get "$k" handled) declined $(kdrv_get "$k" declined)"
t_check "all seven still on the line when edu_kdrv is done" has_all
for d in "$a" "$b" "$c" "$e1k" "$ser" "$ser4"; do
	eval "kill -TERM \$pid_$(echo "$d" | tr ':.' '__')"
done
for d in "$a" "$b" "$c" "$e1k" "$ser" "$ser4"; do
	eval "wait \$pid_$(echo "$d" | tr ':.' '__')"
	rc=$?
	r=$(result_line "/tmp/all.$d" "$d")
	n=$(echo "$r" | awk '{ print $3 }')
	grep -v -E ' raised | stats ' "/tmp/all.$d" | sed 's/^/  /'
	dev_result "all at once: $d" "/tmp/all.$d" "$d" "$n" "$rc"
	t_cmp "all at once: $d raised" "${n:-0}" -gt 0
	case "$d" in "$a"|"$b"|"$c") continue ;; esac
	dev_stats "all at once: $d" "/tmp/all.$d" "$d" "$n"
	t_cmp "all at once: $d declined the others' interrupts" \
		"$(stat_field "/tmp/all.$d" "$d" declined)" -gt 0
done

# --- kill -9 of each device's driver mid-run ----------------------------
# quiet_state BDF: what the release program leaves: nothing enabled, no
# interrupt pending at the device or on its INTx pin (INTx-disable is the
# kernel's own safety net on top).
quiet_state() {
	case "$1" in
	"$e1k") echo "$1: ims 0 ics 0 intx_disable 1 intx_pending 0" ;;
	"$ser") echo "$1: uart0 ier 0 iir 0x1 intx_disable 1 intx_pending 0" ;;
	*) echo "$1: uart0 ier 0 iir 0x1 uart1 ier 0 iir 0x1 uart2 ier 0 iir 0x1 uart3 ier 0 iir 0x1 intx_disable 1 intx_pending 0" ;;
	esac
}
line_quiet() {
	q0=$(irq_count "$irq")
	sleep 0.5
	q1=$(irq_count "$irq")
	t_eq "$1: line $irq quiet" "$q1" "$q0"
}
# forever_result NAME FILE BDF RC: a --forever run stopped by SIGTERM got
# every one of its (more than 0) raises back.
forever_result() {
	r=$(result_line "$2" "$3")
	n=$(echo "$r" | awk '{ print $3 }')
	dev_result "$1" "$2" "$3" "$n" "$4"
	t_cmp "$1: raised" "${n:-0}" -gt 0
}
# The edu drivers and edu_kdrv run before, during and after the kill.
for d in "$e1k" "$ser" "$ser4"; do
	uirq-edu --device "$a" --forever -q >/tmp/k.a 2>&1 &
	pa=$!
	uirq-edu --device "$b" --forever -q >/tmp/k.b 2>&1 &
	pb=$!
	kdrv_start "$k" 100 "$ecount"
	devdrv --device "$d" --forever -q >/tmp/k.dev 2>&1 &
	pd=$!
	wait_for 10 grep -q "uirq:$d" /proc/interrupts
	sleep 0.5
	kill -9 $pd
	wait $pd
	t_eq "$d: driver killed by SIGKILL" "$?" 137
	t_eq "$d: its handler gone from the line" "$(irq_names "$irq" | grep -c "uirq:$d")" 0
	t_check "kill $d: edu_kdrv done (raised == handled == $ecount)" kdrv_wait_done "$k" 120
	kdrv_stop "$k"
	kill -TERM $pa $pb
	wait $pa; ra=$?
	wait $pb; rb=$?
	forever_result "kill $d: $a before, during and after" /tmp/k.a "$a" "$ra"
	forever_result "kill $d: $b before, during and after" /tmp/k.b "$b" "$rb"
	line_quiet "after kill -9 of $d's driver"
	t_eq "after kill -9: $d left quiet by its release program" \
		"$(devdrv --device "$d" --peek 2>&1)" "$(quiet_state "$d")"
	# The line still works for the others, and the device for a new owner.
	uirq-edu --device "$c" --count "$ecount" -q >/tmp/k.c 2>&1 &
	pc=$!
	devdrv --device "$d" --count "$count" -q >/tmp/k.again 2>&1
	rd=$?
	wait $pc; rc=$?
	dev_result "after kill -9: $c" /tmp/k.c "$c" "$ecount" "$rc"
	dev_result "after kill -9: $d works again" /tmp/k.again "$d" "$count" "$rd"
done
line_quiet "at the end"
t_eq "no uirq handler left on the line" "$(irq_names "$irq" | grep -c uirq)" 0

t_summary
