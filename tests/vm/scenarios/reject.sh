# S3: what uirq.ko refuses (guest: sh /vm/script). Binds the first two edu
# devices to uirq (same INTx line) and runs test_reject on them; its
# summary line is the scenario's.
. /vm/lib.sh
need uirqctl test_reject
need_module
set -- $(edu_bdfs)
[ $# -ge 2 ] || { t_fail "two edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2
for d in "$a" "$b"; do
	uirqctl bind "$d" >/dev/null || { t_fail "bind $d"; t_summary; exit 1; }
done
[ "$(irq_of "$a")" = "$(irq_of "$b")" ] ||
	echo "note: $a and $b are not on one line"
test_reject "$a" "$b"
