#!/usr/bin/env bash
# uirqctl top, list --json and stats --json on a fake sysfs and /proc
# tree (UIRQ_SYSFS_ROOT, UIRQ_PROC_ROOT): test_top.sh UIRQCTL
# Every JSON document is parsed with /usr/bin/python3's json module and
# its values compared exactly; the counters change between top's two
# samples (a writer in the background, well inside a 1.5 s interval), so
# the deltas, rates and interval means are known.
# ok() and bad() always succeed, so "cond && ok ... || bad ..." is an if-else.
# shellcheck disable=SC2015
set -u
U=$1
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/lib.sh"

# t NAME WANT_RC ARGS...: run uirqctl (expect_rc).
t() { expect_rc "$1" "$2" "$U" "${@:3}"; }
# tx NAME WANT_RC ARGS...: the exit status is the whole check.
tx() { t "$@" && ok "$1"; }

# jeq NAME FILE EXPR WANT: EXPR (Python, the document is d) printed as
# JSON equals WANT; FILE must parse as JSON.
jeq() {
	local got
	if ! got=$("$PY" -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$2" "$3" 2>&1); then
		bad "$1" "$3: $got; document: $(head -c 400 "$2")"
		return
	fi
	[ "$got" = "$4" ] && ok "$1" || bad "$1" "$3 is $got, want $4"
}

# valid NAME FILE: the file is one JSON document.
valid() {
	"$PY" -m json.tool "$2" >/dev/null 2>"$tmp/json.err" && ok "$1" ||
		bad "$1" "$(cat "$tmp/json.err"); $(head -c 400 "$2")"
}

S=$tmp/sys
C=$S/class/uirq
export UIRQ_SYSFS_ROOT=$S UIRQ_PROC_ROOT=$tmp/proc

# setstats NAME handled declined quiet events dropped total_ns max_ns
setstats() {
	local d=$C/$1/stats
	mkdir -p "$d"
	echo "$2" >"$d/handled"
	echo "$3" >"$d/declined"
	echo "$4" >"$d/quiet"
	echo "$5" >"$d/events"
	echo "$6" >"$d/dropped"
	echo "$7" >"$d/total_ns"
	echo "$8" >"$d/max_ns"
	for f in enable_runs unmask_events faults guard_checks; do
		[ -f "$d/$f" ] || echo 0 >"$d/$f"
	done
}

# mkdev NAME IRQ IRQ_ON FAULT
mkdev() {
	mkdir -p "$C/$1"
	echo "$2" >"$C/$1/irq"
	echo "$3" >"$C/$1/irq_on"
	echo "$4" >"$C/$1/fault"
	setstats "$1" 0 0 0 0 0 0 0
}

# interrupts L11 L7: /proc/interrupts with those totals (split over two
# CPUs) on line 11 (two uirq devices and a kernel driver) and 7 (lpt1).
interrupts() {
	mkdir -p "$tmp/proc"
	cat >"$tmp/proc/interrupts" <<EOF
           CPU0       CPU1
  0:         44          0   IO-APIC   2-edge      timer
  7:         $(($2 - 1))          1   IO-APIC   7-edge      uirq:lpt1
 11:         $(($1 - 10))         10   IO-APIC  11-fasteoi   uirq:0000:00:04.0, uirq:0000:00:08.0, edu_kdrv
111:          3          0   IO-APIC  111-fasteoi   uirq:0000:00:04.01
NMI:          0          0   Non-maskable interrupts
EOF
}

mkdev 0000:00:04.0 11 1 none
mkdev 0000:00:08.0 11 0 none
mkdev lpt1 7 1 claim-storm
printf 'res0 pio 0x378 0x3\nres1 mmio 0xfed00000 0x1000\ntrigger edge\n' >"$C/lpt1/resources"
mkdir -p "$C/control"	# /dev/uirq/control's class device: no stats/
for b in 0000:00:04.0 0000:00:08.0; do
	mkdir -p "$S/bus/pci/devices/$b"
	echo 0x1234 >"$S/bus/pci/devices/$b/vendor"
	echo 0x11e8 >"$S/bus/pci/devices/$b/device"
done
setstats 0000:00:04.0 100 200 5 100 0 30000 900
setstats 0000:00:08.0 7 300 0 7 1 3070 50
setstats lpt1 40 0 0 40 2 4000 120
interrupts 1000 41

# ---- list --json ----
if t "list --json" 0 list --json; then
	valid "list --json is JSON" "$out"
	jeq "list: the three devices, sorted, not control" "$out" \
		'[x["name"] for x in d["devices"]]' '["0000:00:04.0", "0000:00:08.0", "lpt1"]'
	jeq "list: a PCI device" "$out" 'd["devices"][0]' \
		'{"bus": "pci", "fault": "none", "handlers": ["uirq:0000:00:04.0", "uirq:0000:00:08.0", "edu_kdrv"], "id": "1234:11e8", "irq": 11, "irq_on": true, "name": "0000:00:04.0", "node": false, "resources": [], "sharers": ["uirq:0000:00:08.0", "edu_kdrv"], "trigger": null}'
	jeq "list: irq_on false" "$out" 'd["devices"][1]["irq_on"]' 'false'
	jeq "list: a non-PCI device" "$out" 'd["devices"][2]' \
		'{"bus": "res", "fault": "claim-storm", "handlers": ["uirq:lpt1"], "id": null, "irq": 7, "irq_on": true, "name": "lpt1", "node": false, "resources": [{"name": "res0", "size": 3, "start": 888, "type": "pio"}, {"name": "res1", "size": 4096, "start": 4275044352, "type": "mmio"}], "sharers": [], "trigger": "edge"}'
fi

# ---- stats --json ----
if t "stats --json" 0 stats --json 0000:00:04.0; then
	valid "stats --json is JSON" "$out"
	jeq "stats --json: every counter, mean over handled+declined" "$out" 'd' \
		'{"declined": 200, "dropped": 0, "enable_runs": 0, "events": 100, "fault": "none", "faults": 0, "guard_checks": 0, "handled": 100, "irq_on": true, "max_ns": 900, "mean_ns": 100, "name": "0000:00:04.0", "quiet": 5, "total_ns": 30000, "unmask_events": 0}'
fi
t "stats --json by name" 0 stats --json lpt1 && jeq "stats --json lpt1" "$out" \
	'[d["name"], d["handled"], d["dropped"], d["mean_ns"], d["fault"]]' '["lpt1", 40, 2, 100, "claim-storm"]'
t "stats -j, short BDF" 0 stats -j 00:08.0 && jeq "stats -j 00:08.0" "$out" \
	'[d["name"], d["declined"], d["irq_on"]]' '["0000:00:08.0", 300, false]'
t "stats --json: no such device" 1 stats --json 0000:00:0c.0 &&
	grep -q "not bound to uirq" "$err" && ok "stats --json: says not bound" || bad "stats --json: not bound" "$(cat "$err")"
tx "stats --json: two devices" 2 stats --json 0000:00:04.0 lpt1

# ---- top --once --json: counters that change during the interval ----
# 04.0: +50 handled (25 quiet), +150 declined, +50 events, 20000 ns more
#       (mean 100 ns over the interval), max 900 -> 1500;
# 08.0: its counters went backwards (a new open zeroed them): counts from 0;
# lpt1: untouched: zero rates, no mean;
# new0: a device that appears during the interval: counts from zero;
# line 11: 1000 -> 1200, line 7 unchanged.
(
	sleep 0.6
	setstats 0000:00:04.0 150 350 30 150 0 50000 1500
	setstats 0000:00:08.0 3 4 0 3 0 700 60
	mkdev new0 5 1 none
	setstats new0 9 1 0 9 0 1000 111
	interrupts 1200 41
) &
writer=$!
t "top --once --json" 0 top --once --json --interval 1500
wait "$writer"
cp "$out" "$tmp/top1"
valid "top --json is JSON" "$tmp/top1"
jeq "top: one line" "$tmp/top1" 'len(open(sys.argv[1]).read().splitlines())' 1
jeq "top: the four devices" "$tmp/top1" '[x["name"] for x in d["devices"]]' \
	'["0000:00:04.0", "0000:00:08.0", "lpt1", "new0"]'
jeq "top: the measured interval, 1500..2500 ms" "$tmp/top1" \
	'1500 <= d["interval_ms"] < 2500' 'true'
jeq "top: 04.0 head" "$tmp/top1" \
	'{k: d["devices"][0][k] for k in ["bus", "irq", "irq_on", "fault", "handlers", "sharers", "reset"]}' \
	'{"bus": "pci", "fault": "none", "handlers": ["uirq:0000:00:04.0", "uirq:0000:00:08.0", "edu_kdrv"], "irq": 11, "irq_on": true, "reset": false, "sharers": ["uirq:0000:00:08.0", "edu_kdrv"]}'
jeq "top: 04.0 totals" "$tmp/top1" 'd["devices"][0]["total"]' \
	'{"declined": 350, "dropped": 0, "events": 150, "handled": 150, "quiet": 30}'
jeq "top: 04.0 deltas" "$tmp/top1" 'd["devices"][0]["delta"]' \
	'{"declined": 150, "dropped": 0, "events": 50, "handled": 50, "quiet": 25}'
jeq "top: 04.0 rates are the deltas over the measured interval" "$tmp/top1" \
	'all(abs(x["rate"][k] - x["delta"][k] * 1000.0 / d["interval_ms"]) <= 0.051 for x in d["devices"] for k in x["rate"])' 'true'
jeq "top: 04.0 mean over the interval, max since open" "$tmp/top1" \
	'[d["devices"][0]["mean_ns"], d["devices"][0]["max_ns"], d["devices"][0]["faults"]]' '[100, 1500, 0]'
jeq "top: line 11's interrupts over the interval" "$tmp/top1" 'd["devices"][0]["line"]["delta"]' 200
jeq "top: line rate" "$tmp/top1" \
	'abs(d["devices"][0]["line"]["rate"] - 200 * 1000.0 / d["interval_ms"]) <= 0.051' 'true'
jeq "top: 08.0 reset, counts from zero" "$tmp/top1" \
	'[d["devices"][1]["reset"], d["devices"][1]["delta"], d["devices"][1]["mean_ns"]]' \
	'[true, {"declined": 4, "dropped": 0, "events": 3, "handled": 3, "quiet": 0}, 100]'
jeq "top: lpt1 unchanged: zero rates, no mean" "$tmp/top1" \
	'[d["devices"][2]["rate"], d["devices"][2]["mean_ns"], d["devices"][2]["line"], d["devices"][2]["fault"], d["devices"][2]["bus"], d["devices"][2]["sharers"]]' \
	'[{"declined": 0.0, "dropped": 0.0, "events": 0.0, "handled": 0.0, "quiet": 0.0}, null, {"delta": 0, "rate": 0.0}, "claim-storm", "res", []]'
jeq "top: a new device counts from zero, its line unknown" "$tmp/top1" \
	'[d["devices"][3]["reset"], d["devices"][3]["delta"]["handled"], d["devices"][3]["mean_ns"], d["devices"][3]["line"], d["devices"][3]["handlers"]]' \
	'[false, 9, 100, null, []]'

# ---- top never opens a device file (a driver owns it) ----
if command -v strace >/dev/null; then
	strace -f -qq -e trace=open,openat -o "$tmp/strace" "$U" top --once --json --interval 10 >/dev/null 2>&1
	opened=$(grep -c 'open' "$tmp/strace")
	if [ "$opened" -gt 0 ] && ! grep -q '"/dev/' "$tmp/strace" && grep -q "class/uirq/0000:00:04.0/stats/handled" "$tmp/strace"; then
		ok "top opens sysfs and /proc only ($opened opens, none under /dev)"
	else
		bad "top opens sysfs and /proc only" "$(grep '"/dev/' "$tmp/strace" | head -n 3)"
	fi
else
	skip=$((skip + 1))
	echo "skip top opens sysfs and /proc only: no strace"
fi

# ---- top --count: one JSON document a line, at the interval ----
rm -rf "${C:?}/new0"
start=$(date +%s%N)
if t "top --json --count 3" 0 top --json --count 3 --interval 200; then
	ms=$((($(date +%s%N) - start) / 1000000))
	[ "$(wc -l <"$out")" -eq 3 ] && ok "top --count 3: three lines" || bad "top --count 3" "$(cat "$out")"
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' "$line" >"$tmp/line$n"
		valid "top --count 3: line $n is JSON" "$tmp/line$n"
		jeq "top --count 3: line $n, nothing changed" "$tmp/line$n" \
			'[sum(x["delta"]["handled"] for x in d["devices"]), len(d["devices"]), 0 < d["interval_ms"] < 1000]' '[0, 3, true]'
	done <"$out"
	[ "$ms" -ge 600 ] && ok "top --count 3 --interval 200 takes >= 600 ms ($ms)" ||
		bad "top --count 3 duration" "$ms ms"
fi

# ---- the text view ----
if t "top --once (text)" 0 top --once --interval 100; then
	head -n 1 "$out" | grep -qE '^uirqctl top - [0-9:]{8}, 3 devices, interval 0\.[0-9]{2} s$' &&
		ok "text: header" || bad "text: header" "$(head -n 1 "$out")"
	has_row() { awk -v n="$1" '$1 == n' "$out" | grep -q "$2"; }
	has_row 0000:00:04.0 ' 11 yes none  .* uirq:0000:00:08.0, edu_kdrv$' &&
		ok "text: 04.0 row, its sharers" || bad "text: 04.0 row" "$(cat "$out")"
	has_row lpt1 '  7 yes claim-storm .*  -$' && ok "text: lpt1 row, no sharers" ||
		bad "text: lpt1 row" "$(cat "$out")"
	[ "$(wc -l <"$out")" -eq 5 ] && ok "text: header, columns, three rows" || bad "text: lines" "$(cat "$out")"
	grep -q $'\033' "$out" && bad "text: no escapes when not a tty" "$(od -c "$out" | head)" ||
		ok "text: no escapes when not a tty"
fi
# On a terminal every frame starts by clearing it (script: a pty).
script -qec "$U top --count 2 --interval 50" /dev/null >"$tmp/tty" 2>&1
[ "$(grep -o $'\033\\[H\033\\[2J' "$tmp/tty" | wc -l)" -eq 2 ] && ok "tty: two frames, each clears the screen" ||
	bad "tty: clear" "$(od -c "$tmp/tty" | head -n 5)"

# ---- names that need escaping ----
printf '           CPU0\n 11:  5   IO-APIC  11-fasteoi   uirq:0000:00:04.0, we"ird\\drv\x01\n' >"$tmp/proc/interrupts"
if t "list --json, odd handler name" 0 list --json; then
	valid "list --json: escaped names are JSON" "$out"
	jeq "list --json: the name survives" "$out" 'd["devices"][0]["sharers"]' '["we\"ird\\drv\u0001"]'
fi

# ---- usage and failures ----
tx "top --interval 5: too short" 2 top --interval 5
tx "top --interval x" 2 top --interval x
tx "top --count 0" 2 top --count 0
tx "top --count -1" 2 top --count -1
tx "top: no arguments" 2 top 0000:00:04.0
tx "top --bogus" 2 top --bogus
tx "list --json --bogus" 2 list --json --bogus
t "top --help" 0 top --help && grep -q '^usage: uirqctl top \[--once\] \[--json\]' "$out" &&
	ok "top --help: synopsis" || bad "top --help" "$(cat "$out")"
UIRQ_SYSFS_ROOT=$tmp/nowhere t "top without uirq.ko" 1 top --once --interval 10 &&
	grep -q "uirq.ko is not loaded" "$err" && ok "top: says uirq.ko is not loaded" || bad "top: no module" "$(cat "$err")"
UIRQ_SYSFS_ROOT=$tmp/nowhere tx "list --json without uirq.ko" 1 list --json
rm -rf "${C:?}"/*
mkdir -p "$C"
if t "top, no devices" 0 top --once --json --interval 10; then
	jeq "top, no devices: an empty list" "$out" 'd["devices"]' '[]'
fi
t "list --json, no devices" 0 list --json && jeq "list --json, no devices" "$out" 'd' '{"devices": []}'

summary
