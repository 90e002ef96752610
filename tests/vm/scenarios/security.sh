# The owner is not root (guest: sh /vm/script).
#
# A device bound by root, then given to the group "uirq" the way
# udev/60-uirq.rules does it (there is no udevd in the guest: the rule's
# GROUP and MODE are read from the rule file and applied by hand, and its
# RUN's chgrp on stats/). A user in the group drives edu end to end; a
# user outside it gets EACCES for the device and its stats; the member gets
# EPERM for every protected config write, a verifier rejection for a
# program storing to a BAR, and no bus mastering (so no DMA) from a
# program's store either; nobody reaches an e1000e's MSI-X table or PBA
# (mmap, pwrite, programs); root, with CAP_SYS_RAWIO, gets bus mastering.
. /vm/lib.sh
need uirqctl uirq-edu edu_fault runas
need_module

set -- $(edu_bdfs)
[ $# -ge 2 ] || { t_fail "two edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2
for x in "$a" "$b"; do
	uirqctl bind "$x" >/dev/null || t_fail "bind $x"
done
member=1000 outsider=1001 gid=900
echo "uirq:x:$gid:" >>/etc/group

rule=/vm/60-uirq.rules
t_check "udev rule shipped" test -f $rule
grp=$(sed -n 's/^SUBSYSTEM=="uirq".*GROUP="\([^"]*\)".*/\1/p' $rule)
mode=$(sed -n 's/^SUBSYSTEM=="uirq".*MODE="\([0-7]*\)".*/\1/p' $rule)
t_eq "the rule gives the node to group uirq, 0660" "$grp $mode" "uirq 0660"
apply_rule() {
	chgrp "$grp" "/dev/uirq/$1" && chmod "$mode" "/dev/uirq/$1" &&
		chgrp -R "$grp" "/sys/class/uirq/$1/stats" \
			"/sys/class/uirq/$1/event" "/sys/class/uirq/$1/fault_ns"
}
t_check "rule applied to $a" apply_rule "$a"
t_eq "node owner and mode" "$(stat -c "%u:%g %a" /dev/uirq/$a)" "0:$gid 660"
t_eq "stats are not world-readable" "$(stat -c "%g %a" /sys/class/uirq/$a/stats/handled)" "$gid 440"

as_member() { runas $member $member,$gid "$@"; }
as_outsider() { runas $outsider $outsider "$@"; }

# --- the outsider -------------------------------------------------------
as_outsider uirq-edu --device "$a" --count 10 -q >/tmp/o 2>&1
t_eq "outsider: open refused (EACCES)" "$? $(grep -c 'Permission denied' /tmp/o)" "1 1"
as_outsider cat "/sys/class/uirq/$a/stats/handled" >/tmp/o 2>&1
t_cmp "outsider: stats refused" "$?" -ne 0
as_outsider cat "/sys/class/uirq/$a/event" >/tmp/o 2>&1
t_cmp "outsider: event count refused" "$?" -ne 0
t_eq "outsider: nothing of $b either (0600 root)" \
	"$(as_outsider uirq-edu --device "$b" --count 10 -q 2>&1 | grep -c 'Permission denied')" 1

# --- the member ---------------------------------------------------------
as_member uirq-edu --device "$a" --count 1000 -q >/tmp/m 2>&1
t_eq "member drives $a end to end" "$? $(result_line /tmp/m "$a")" \
	"0 $a: raised 1000 received 1000 mismatched 0 lost 0"
t_eq "member reads the stats" "$(as_member cat /sys/class/uirq/$a/stats/handled)" 1000
t_eq "member reads the event count" "$(as_member cat /sys/class/uirq/$a/event)" 1000
t_eq "member: uirqctl stats" "$(as_member uirqctl stats "$a" | sed -n 's/^handled: *//p')" 1000

as_member edu_fault --device "$a" --policy >/tmp/p 2>&1
t_eq "member: policy probe ran" "$?" 0
sed 's/^/  /' /tmp/p
l=$(grep ": policy " /tmp/p)
f() { echo "$l" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }
for k in bar0 rom decode line master msi msi_addr cap_hdr; do
	t_eq "member: pwrite of $k refused" "$(f $k)" EPERM
done
for k in intx cacheline devspec; do
	t_eq "member: pwrite of $k allowed" "$(f $k)" 0
done
t_eq "member: a program storing to BAR0 is rejected" "$(f prog_bar)" EINVAL
t_eq "member: a program's store cannot turn bus mastering on" "$(f prog_master)" 0
cmd=$(od -An -tx1 -j 4 -N 1 "$SYSPCI/devices/$a/config" | tr -d ' ')
t_eq "bus mastering off after the member" "$(( 0x$cmd & 4 ))" 0

# --- the MSI-X table and PBA (e1000e: both in BAR3) ----------------------
x=""
for d in "$SYSPCI"/devices/*; do
	[ "$(cat "$d/vendor") $(cat "$d/device")" = "0x8086 0x10d3" ] && x=$(basename "$d")
done
if [ -n "$x" ] && uirqctl bind "$x" >/dev/null && apply_rule "$x"; then
	as_member msix_probe "$x" >/tmp/x 2>&1
	t_eq "member: MSI-X probe ran" "$?" 0
	sed 's/^/  /' /tmp/x
	l=$(grep ": msix " /tmp/x)
	t_eq "MSI-X: whole-BAR map, table page, table write, program, enable refused" \
		"$(f map_bar) $(f map_table) $(f pwrite) $(f prog) $(f msix_enable)" \
		"EPERM EPERM EPERM EPERM EPERM"
	t_eq "MSI-X: other pages of the BAR map, the table reads" \
		"$(f map_free) $(f pread)" "0 0"
else
	t_fail "an e1000e bound to uirq" "found '${x:-none}' (tests/vm/run --device e1000e,...)"
fi

# --- root, for comparison -----------------------------------------------
edu_fault --device "$a" --policy >/tmp/r 2>&1
l=$(grep ": policy " /tmp/r)
t_eq "root (CAP_SYS_RAWIO): bus mastering allowed, the rest as for the member" \
	"$(f master) $(f prog_master) $(f bar0) $(f msi)" "0 1 EPERM EPERM"
t_summary
