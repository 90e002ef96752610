# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The fast paths of API 3 (guest: sh /vm/script): UIRQ_WAIT (blocking,
# timeout, batch, unmask in the wait, signals), UIRQ_INFO_UNMASK_NOOP and
# the shared event ring (records, overflow, a broken tail, sleeping and
# busy polling), on the first edu device, alone on its line. Then the
# device is removed under a driver waiting in each way (read path, ring
# asleep, ring spinning): each must return -ENODEV within seconds, and
# the device must work again after a new bind.
. /vm/lib.sh
need uirqctl uirq-edu test_wait
need_module
set -- $(edu_bdfs)
[ $# -ge 1 ] || { t_fail "an edu device"; t_summary; exit 1; }
a=$1
uirqctl bind "$a" >/dev/null || { t_fail "bind $a"; t_summary; exit 1; }
# What a device costs the kernel (sysfs memory): bound and idle here, and
# below with its programs loaded, the IRQ on and the shared ring mapped.
mem_idle=$(cat "/sys/class/uirq/$a/memory")
test_wait "$a" >/tmp/tw 2>&1
rc=$?
cat /tmp/tw
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' /tmp/tw | tail -n 1)
t_eq "test_wait: no failure" "$rc $(echo "$line" | sed 's/.* \([0-9]*\) failed.*/\1/')" "0 0"

for how in read ring spin; do
	test_wait "$a" --sleeper "$how" >/tmp/sl 2>&1 &
	pid=$!
	wait_for 10 grep -q "sleeper $how: waiting" /tmp/sl
	sleep 0.3
	if [ "$how" = ring ]; then
		mem=$(cat "/sys/class/uirq/$a/memory")
		echo "  kernel memory of $a: $mem_idle bytes bound, $mem with two programs, IRQ on, the ring mapped"
		t_cmp "kernel memory of a device in use (bytes)" "$mem" -le 65536
		t_cmp "the ring and programs are counted" "$mem" -gt "$mem_idle"
	fi
	echo "$a" >/sys/bus/pci/drivers/uirq/unbind
	wait_for 10 grep -q "sleeper $how: No such device" /tmp/sl
	t_eq "removal under a $how waiter: -ENODEV" \
		"$(sed -n "s/^sleeper $how: //p" /tmp/sl | tail -n 1)" "No such device"
	wait "$pid"
	t_eq "the $how waiter exited" "$?" 0
	uirqctl bind "$a" >/dev/null
	t_eq "bound again after the $how waiter" "$(driver_of "$a")" uirq
done
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a works afterwards" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"
t_summary
