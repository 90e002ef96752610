# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The device-file fuzzer (guest: sh /vm/script [SEED [OPS [NEIGHBOUR
# [FUZZ_DEV OPTIONS...]]]]): fuzz_dev
# hammers one edu device's /dev/uirq file from two threads with hostile
# ioctls, program loads, reads and writes, pread/pwrite of every region,
# mappings and polls, while a third thread raises its interrupts and a
# child process keeps trying to open it; in the second half the device is
# closed and reopened under the others. Only errnos may come back (fuzz_dev
# checks that and exits 0 only without failures) and the guest kernel's
# dmesg must stay clean (tests/vm/run judges that). Afterwards the device
# is released properly and works, and so do the other edu devices on the
# line.
#
# SEED defaults to a fixed value, so that make check always tries the same
# things; OPS to 100000. NEIGHBOUR "hold" keeps a second uirq handler on the
# line during the fuzz (edu_hold on the second edu device), so that a
# device asserting the line with nobody to claim it shows as "nobody
# cared"; "none" (the default, make check) has no other handler there.
# Further arguments go to fuzz_dev (e.g. --threads 1 --no-reopen --kinds
# pwrite,irq to narrow a finding down).
. /vm/lib.sh
need uirqctl uirq-edu fuzz_dev edu_hold
need_module
seed=${1:-20250611}
ops=${2:-100000}
neighbour=${3:-none}
[ $# -gt 3 ] && shift 3 || set --
extra="$*"

set -- $(edu_bdfs)
[ $# -ge 3 ] || { t_fail "three edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2 c=$3
uirqctl bind "$a" >/dev/null
t_eq "bind $a" "$(driver_of "$a")" uirq
irq=$(irq_of "$a")

# cmd_reg BDF: the PCI command register, decimal (from sysfs, not uirq).
cmd_reg() { od -An -tu2 -j4 -N2 "$SYSPCI/devices/$1/config" | tr -d ' '; }

if [ "$neighbour" = hold ]; then
	uirqctl bind "$b" >/dev/null
	edu_hold --device "$b" >/tmp/hb 2>&1 &
	hb=$!
	wait_for 10 grep -q holding /tmp/hb
	t_eq "neighbour on line $irq" "$(irq_names "$irq")" "uirq:$b"
fi

echo "fuzzdev: fuzz_dev --device $a --seed $seed --ops $ops --threads 2 $extra"
# shellcheck disable=SC2086
fuzz_dev --device "$a" --seed "$seed" --ops "$ops" --threads 2 $extra >/tmp/fz 2>&1
rc=$?
sed 's/^/  /' /tmp/fz
if [ "$neighbour" = hold ]; then
	kill -TERM "$hb"
	wait "$hb"
	t_eq "the neighbour ran through the fuzz" "$?" 0
	sed 's/^/  /' /tmp/hb
fi
t_eq "fuzz_dev used seed $seed" "$(head -n 1 /tmp/fz)" "fuzz_dev: seed $seed"
t_eq "fuzz_dev: $ops ops, no failures" "$rc $(tail -n 1 /tmp/fz)" \
	"0 fuzz_dev: $ops ops, 0 failures"

# Released like any owner: no handler, INTx masked, no bus mastering.
t_eq "no uirq handler left on line $irq" "$(irq_names "$irq" | grep -c uirq)" 0
t_eq "$a: irq_on 0 after the fuzz" "$(cat "/sys/class/uirq/$a/irq_on")" 0
cmd=$(cmd_reg "$a")
t_eq "$a: INTx-disable set, bus mastering off (command $cmd)" \
	"$(( (cmd >> 10) & 1 )) $(( (cmd >> 2) & 1 ))" "1 0"
echo "  $a after the fuzz: fault $(cat "/sys/class/uirq/$a/fault")," \
	"faults $(cat "/sys/class/uirq/$a/stats/faults")"

uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a works after the fuzz" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"

for d in "$b" "$c"; do uirqctl bind "$d" >/dev/null; done
uirq-edu --device "$b" --count 1000 -q >/tmp/rb 2>&1 &
pb=$!
uirq-edu --device "$c" --count 1000 -q >/tmp/rc 2>&1 &
pc=$!
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
r1=$?
wait $pb; r2=$?
wait $pc; r3=$?
t_eq "then all three on the line: $a" "$r1  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"
t_eq "then all three on the line: $b" "$r2  $(result_line /tmp/rb "$b")" \
	"0  $b: raised 1000 received 1000 mismatched 0 lost 0"
t_eq "then all three on the line: $c" "$r3  $(result_line /tmp/rc "$c")" \
	"0  $c: raised 1000 received 1000 mismatched 0 lost 0"

t_summary
