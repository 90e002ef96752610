# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Helpers for the guest scenarios (busybox sh): sourced as /vm/lib.sh.
# Checks print "ok   NAME" or "FAIL NAME: why", like tests/harness.h, and
# t_summary prints the "N passed, N failed" line tests/vm/run looks for.

T_PASS=0
T_FAIL=0
EDU_ID="0x1234 0x11e8"
SYSPCI=/sys/bus/pci

t_ok() {
	T_PASS=$((T_PASS + 1))
	echo "ok   $1"
}

t_fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "FAIL $1${2:+: $2}"
}

# t_check NAME CMD...: passes when CMD succeeds.
t_check() {
	name=$1
	shift
	if "$@"; then t_ok "$name"; else t_fail "$name" "'$*' failed"; fi
}

# t_eq NAME ACTUAL EXPECTED: exact (string) equality.
t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1" "got '$2', want '$3'"
	fi
}

# t_cmp NAME A OP B: integer comparison (-le, -ge, -gt, ...).
t_cmp() {
	case "$2" in ''|*[!0-9]*) t_fail "$1" "not a number: '$2'"; return ;; esac
	case "$4" in ''|*[!0-9]*) t_fail "$1" "not a number: '$4'"; return ;; esac
	if [ "$2" "$3" "$4" ]; then
		t_ok "$1 ($2 $3 $4)"
	else
		t_fail "$1" "$2 $3 $4 is false"
	fi
}

t_summary() {
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}

# edu_bdfs: the edu devices' addresses, in slot order.
edu_bdfs() {
	for d in "$SYSPCI"/devices/*; do
		[ "$(cat "$d/vendor") $(cat "$d/device")" = "$EDU_ID" ] &&
			basename "$d"
	done
}

irq_of() { cat "$SYSPCI/devices/$1/irq"; }
driver_of() {
	if [ -e "$SYSPCI/devices/$1/driver" ]; then
		basename "$(readlink "$SYSPCI/devices/$1/driver")"
	else
		echo none
	fi
}

# bind_sysfs BDF DRIVER: bind through driver_override, as uirqctl does.
bind_sysfs() {
	[ -e "$SYSPCI/devices/$1/driver" ] &&
		echo "$1" >"$SYSPCI/devices/$1/driver/unbind"
	echo "$2" >"$SYSPCI/devices/$1/driver_override" &&
		echo "$1" >"$SYSPCI/drivers_probe"
	[ "$(driver_of "$1")" = "$2" ]
}

# irq_line IRQ: that IRQ's /proc/interrupts line, e.g.
# " 11:  10000  IO-APIC  11-fasteoi   uirq:0000:00:04.0, uirq:..."
irq_line() { grep -E "^ *$1:" /proc/interrupts; }

# irq_count IRQ: the line's interrupts, summed over the CPUs.
irq_count() {
	ncpu=$(head -n 1 /proc/interrupts | wc -w)
	irq_line "$1" | awk -v n="$ncpu" '{ s = 0; for (i = 2; i <= n + 1; i++) s += $i; print s }'
}

# irq_names IRQ: the handler names on the line, comma-separated as shown.
irq_names() {
	ncpu=$(head -n 1 /proc/interrupts | wc -w)
	irq_line "$1" | awk -v n="$ncpu" '{ s = ""; for (i = n + 4; i <= NF; i++) s = s (s == "" ? "" : " ") $i; print s }'
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
wait_for() {
	n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# stat_field FILE BDF FIELD: FIELD's value in uirq-edu --verbose's
# "BDF: stats handled N declined N ..." line.
stat_field() {
	awk -v b="$2:" -v f="$3" '$1 == b && $2 == "stats" {
		for (i = 3; i < NF; i++) if ($i == f) v = $(i + 1) } END { print v }' "$1"
}

# result_line FILE BDF: the driver's summary line.
result_line() { grep -E "^$2: raised " "$1" | tail -n 1; }

# need CMD...: fail the whole scenario early when a tool is missing.
need() {
	for c in "$@"; do
		if ! command -v "$c" >/dev/null; then
			t_fail "$c present in the guest" "not built? (make all)"
			t_summary
			exit 1
		fi
	done
}

need_module() {
	if [ ! -d /sys/module/uirq ]; then
		t_fail "uirq.ko loaded" "see the init messages above (make module)"
		t_summary
		exit 1
	fi
}

# --- edu_kdrv, the in-kernel test driver (tests/vm/kdrv/edu_kdrv.c) ------
# Its sysfs files sit on the PCI device: period_us, target, run, raised,
# handled, declined, busy. These helpers use kd_* variables only, so that
# they can run under wait_for (which counts in $n).

# kdrv_load: insmod edu_kdrv.ko from the initramfs (tests/vm/run --kdrv);
# a no-op when it is loaded already.
kdrv_load() {
	[ -d /sys/module/edu_kdrv ] && return 0
	kd_ko=/lib/modules/$(cat /vm/kver)/extra/edu_kdrv.ko
	if [ ! -f "$kd_ko" ]; then
		echo "kdrv_load: no $kd_ko in the initramfs (make kdrv; tests/vm/run --kdrv PATH)"
		return 1
	fi
	insmod "$kd_ko"
}

# kdrv_bind BDF: hand the device to edu_kdrv (driver_override).
kdrv_bind() { bind_sysfs "$1" edu_kdrv; }

# kdrv_start BDF PERIOD_US TARGET: zero the counters and raise one
# interrupt every PERIOD_US until TARGET have been raised (0: no limit).
kdrv_start() {
	echo "$2" >"$SYSPCI/devices/$1/period_us" &&
		echo "$3" >"$SYSPCI/devices/$1/target" &&
		echo 1 >"$SYSPCI/devices/$1/run"
}

# kdrv_stop BDF: stop the timer (the counters stay readable).
kdrv_stop() { echo 0 >"$SYSPCI/devices/$1/run"; }

# kdrv_get BDF FIELD: one sysfs value, e.g. kdrv_get 0000:00:10.0 handled.
kdrv_get() { cat "$SYSPCI/devices/$1/$2"; }

# kdrv_done BDF: the run reached its target and every raise was handled.
kdrv_done() {
	kd_t=$(kdrv_get "$1" target) || return 1
	kd_r=$(kdrv_get "$1" raised) || return 1
	kd_h=$(kdrv_get "$1" handled) || return 1
	[ "$kd_t" -gt 0 ] && [ "$kd_r" = "$kd_t" ] && [ "$kd_h" = "$kd_r" ]
}

# kdrv_wait_done BDF TIMEOUT_S: wait until kdrv_done (fails on timeout).
kdrv_wait_done() { wait_for "$2" kdrv_done "$1"; }

# line_of_four: the fault scenarios' line. Sets a b c d to the first four
# edu devices, binds a, b, c to uirq and d to edu_kdrv, sets irq; ends the
# scenario when that cannot be done.
line_of_four() {
	set -- $(edu_bdfs)
	if [ $# -lt 4 ]; then
		t_fail "four edu devices" "found $#"
		t_summary
		exit 1
	fi
	a=$1 b=$2 c=$3 d=$4
	for x in "$a" "$b" "$c"; do
		uirqctl bind "$x" >/dev/null || t_fail "bind $x to uirq"
	done
	if ! kdrv_load || ! kdrv_bind "$d"; then
		t_fail "edu_kdrv bound to $d"
		t_summary
		exit 1
	fi
	t_ok "edu_kdrv bound to $d"
	irq=$(irq_of "$a")
}
