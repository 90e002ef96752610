# S2: the kernel's uio_pci_generic and uirq side by side on one INTx line
# (guest: sh /vm/script [COUNT]; COUNT default 10000). The first two edu
# devices are bound to uirq, then the third is handed to uio_pci_generic
# by new_id (the bound ones are not taken from uirq). uio_edu drives the
# uio device while two uirq-edu drivers run: all three must get exactly
# their own interrupts.
. /vm/lib.sh
need uirqctl uirq-edu uio_edu edu_hold
need_module
count=${1:-10000}

set -- $(edu_bdfs)
[ $# -ge 3 ] || { t_fail "three edu devices" "found $#"; t_summary; exit 1; }
a=$1 b=$2 c=$3
irq=$(irq_of "$a")
t_eq "one line" "$(irq_of "$b") $(irq_of "$c")" "$irq $irq"

uirqctl bind "$a" >/dev/null && uirqctl bind "$b" >/dev/null
t_eq "$a, $b on uirq" "$(driver_of "$a") $(driver_of "$b")" "uirq uirq"
t_check "uio_pci_generic loaded" test -d /sys/bus/pci/drivers/uio_pci_generic
echo "1234 11e8" >/sys/bus/pci/drivers/uio_pci_generic/new_id
wait_for 5 test -e "$SYSPCI/devices/$c/uio"
t_eq "$c on uio_pci_generic" "$(driver_of "$c")" uio_pci_generic
t_eq "uirq kept its devices" "$(driver_of "$a") $(driver_of "$b")" "uirq uirq"
uio=$(ls "$SYSPCI/devices/$c/uio" 2>/dev/null | sed -n 's/^uio//p' | head -n 1)
t_check "/dev/uio$uio" test -c "/dev/uio$uio"

# uio_pci_generic requests the IRQ at probe; holders put uirq's two on it.
edu_hold --device "$a" >/tmp/hold.a 2>&1 &
ha=$!
edu_hold --device "$b" >/tmp/hold.b 2>&1 &
hb=$!
wait_for 10 grep -q holding /tmp/hold.a
wait_for 10 grep -q holding /tmp/hold.b
n=$(irq_names "$irq")
echo "  $(irq_line "$irq")"
# in whatever order the handlers were added
has() { case "$n" in *"$1"*) true ;; *) false ;; esac; }
if has "uirq:$a" && has "uirq:$b" && has uio_pci_generic; then
	t_ok "/proc/interrupts irq $irq: uirq:$a, uirq:$b and uio_pci_generic"
else
	t_fail "/proc/interrupts irq $irq: uirq:$a, uirq:$b and uio_pci_generic" "$n"
fi
kill -TERM $ha $hb
wait $ha $hb

l0=$(irq_count "$irq")
uio_edu --uio "$uio" --count "$count" >/tmp/uio.out 2>&1 &
pu=$!
uirq-edu --device "$a" --count "$count" --verbose >"/tmp/edu.$a" 2>&1 &
pa=$!
uirq-edu --device "$b" --count "$count" --verbose >"/tmp/edu.$b" 2>&1 &
pb=$!
wait $pu; ru=$?
wait $pa; ra=$?
wait $pb; rb=$?
l1=$(irq_count "$irq")
sed 's/^/  /' /tmp/uio.out
grep -E 'interrupts in| stats ' "/tmp/edu.$a" "/tmp/edu.$b" | sed 's/^/  /'
t_eq "uio_edu exit" "$ru" 0
t_eq "uio result" "$(grep -E "^uio$uio $c: raised" /tmp/uio.out)" \
	"uio$uio $c: raised $count received $count mismatched 0 lost 0"
for d in "$a" "$b"; do
	f=/tmp/edu.$d
	eval "r=\$r$( [ "$d" = "$a" ] && echo a || echo b)"
	t_eq "$d exit" "$r" 0
	t_eq "$d result" "$(result_line "$f" "$d")" \
		"$d: raised $count received $count mismatched 0 lost 0"
	t_eq "$d handled" "$(stat_field "$f" "$d" handled)" "$count"
	t_eq "$d dropped" "$(stat_field "$f" "$d" dropped)" 0
done
lines=$((l1 - l0))
echo "  line $irq: $lines interrupts for $((3 * count)) raised"
t_cmp "line interrupts >= one driver's" "$lines" -ge "$count"
t_cmp "line interrupts <= all raised" "$lines" -le "$((3 * count))"

# --- baseline: each kind alone on the line, the same count --------------
uio_edu --uio "$uio" --count "$count" >/tmp/uio1.out 2>&1
t_eq "uio alone" "$?" 0
uirq-edu --device "$a" --count "$count" --verbose >/tmp/edu1.out 2>&1
t_eq "uirq alone" "$?" 0
echo "  baseline, one driver at a time:"
grep 'interrupts in' /tmp/uio1.out /tmp/edu1.out | sed 's/^[^:]*:/    /'

t_summary
