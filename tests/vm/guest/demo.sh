# The guest half of `make demo` (sh /vm/script [COUNT]): three edu devices
# on one INTx line, bound to uirq, three user-space drivers at once.
. /vm/lib.sh
count=${1:-1000}
step() { printf '\n== %s\n' "$*"; }
show() { echo "\$ $*"; "$@"; }

need uirqctl uirq-edu
need_module
set -- $(edu_bdfs)
[ $# -ge 3 ] || { t_fail "three edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2 c=$3
irq=$(irq_of "$a")

step "Three QEMU edu devices (1234:11e8): one level-triggered INTx line, irq $irq"
for d in "$a" "$b" "$c"; do
	echo "  $d  irq $(irq_of "$d")  driver $(driver_of "$d")"
done

step "Bind them to uirq (driver_override + drivers_probe, like vfio-pci)"
for d in "$a" "$b" "$c"; do show uirqctl bind "$d"; done
show uirqctl list

step "Three drivers at once, each until stopped: /proc/interrupts meanwhile"
for d in "$a" "$b" "$c"; do
	uirq-edu --device "$d" --forever --quiet >"/tmp/f.$d" 2>&1 &
	echo $! >>/tmp/fpids
done
sleep 1
head -n 1 /proc/interrupts
irq_line "$irq"
sleep 1
irq_line "$irq"
kill -TERM $(cat /tmp/fpids)
wait
for d in "$a" "$b" "$c"; do echo "  $(result_line "/tmp/f.$d" "$d")"; done

step "Three drivers at once, $count interrupts each, with uirq's statistics"
l0=$(irq_count "$irq")
for d in "$a" "$b" "$c"; do
	uirq-edu --device "$d" --count "$count" --verbose >"/tmp/n.$d" 2>&1 &
done
wait
l1=$(irq_count "$irq")
printf '  %-14s %-45s %8s %8s %7s %9s\n' DEVICE "DRIVER'S RESULT" HANDLED DECLINED DROPPED "MEAN ns"
for d in "$a" "$b" "$c"; do
	f=/tmp/n.$d
	r=$(result_line "$f" "$d")
	printf '  %-14s %-45s %8s %8s %7s %9s\n' "$d" "${r#*: }" \
		"$(stat_field "$f" "$d" handled)" "$(stat_field "$f" "$d" declined)" \
		"$(stat_field "$f" "$d" dropped)" "$(stat_field "$f" "$d" mean_ns)"
	t_eq "$d exact" "$r" "$d: raised $count received $count mismatched 0 lost 0"
done
echo "  line $irq took $((l1 - l0)) interrupts: each runs all three ack programs;"
echo "  the owner's says handled, the other two decline (IRQ_NONE)."
grep -h 'interrupts in' /tmp/n.* | sed 's/^/  /'
t_summary
