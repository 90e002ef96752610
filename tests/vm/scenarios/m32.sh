# 32-bit user space on the 64-bit guest kernel (guest: sh /vm/script).
#
# i386 builds (make m32) of the event tests and of uirq-edu: every ioctl
# goes through compat_ptr_ioctl, and every region access uses a file
# offset of (index + 1) << 40, which a 32-bit off_t would have truncated
# to the event stream. test_events32 runs alone on the first device (as
# the events suite does), then uirq-edu32 and the 64-bit uirq-edu share
# the line.
. /vm/lib.sh
need uirqctl uirq-edu uirq-edu32 test_events32
need_module
set -- $(edu_bdfs)
[ $# -ge 3 ] || { t_fail "three edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2 c=$3
uirqctl bind "$a" >/dev/null || t_fail "bind $a"
test_events32 "$a" >/tmp/te 2>&1
t_eq "test_events, 32-bit" "$?" 0
grep -E "passed|FAIL" /tmp/te | sed 's/^/  /'
for x in "$b" "$c"; do uirqctl bind "$x" >/dev/null || t_fail "bind $x"; done
uirq-edu32 --device "$b" --count 5000 -q >/tmp/e32 2>&1 &
p32=$!
uirq-edu --device "$c" --count 5000 -q >/tmp/e64 2>&1 &
p64=$!
wait $p32; r32=$?
wait $p64; r64=$?
t_eq "uirq-edu32 beside a 64-bit driver" "$r32 $(result_line /tmp/e32 "$b")" \
	"0 $b: raised 5000 received 5000 mismatched 0 lost 0"
t_eq "the 64-bit driver" "$r64 $(result_line /tmp/e64 "$c")" \
	"0 $c: raised 5000 received 5000 mismatched 0 lost 0"
t_summary
