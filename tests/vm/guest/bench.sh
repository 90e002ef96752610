# Guest half of tests/vm/bench-uio-vs-uirq.sh (sh /vm/script [COUNT]):
# interrupts per second through uirq (uirq-edu) and through the kernel's
# uio_pci_generic (uio_edu) on the same shared line, each alone and both
# at once. One round trip per interrupt: raise, wait, check, acknowledge.
. /vm/lib.sh
need uirqctl uirq-edu uio_edu
need_module
count=${1:-20000}
set -- $(edu_bdfs)
a=$1 c=$3
uirqctl bind "$a"
echo "1234 11e8" >/sys/bus/pci/drivers/uio_pci_generic/new_id
wait_for 5 test -e "$SYSPCI/devices/$c/uio"
uio=$(ls "$SYSPCI/devices/$c/uio" | sed -n 's/^uio//p' | head -n 1)
rate() { sed -n 's/.*interrupts in \([0-9.]*\) s (\([0-9]*\)\/s).*/\2/p' "$1" | tail -n 1; }
for round in 1 2 3; do
	uirq-edu --device "$a" --count "$count" --verbose >/tmp/u 2>&1
	t_eq "round $round: uirq alone exact" "$?" 0
	uio_edu --uio "$uio" --count "$count" >/tmp/o 2>&1
	t_eq "round $round: uio alone exact" "$?" 0
	echo "round $round alone:  uirq $(rate /tmp/u)/s  uio_pci_generic $(rate /tmp/o)/s"
	uirq-edu --device "$a" --count "$count" --verbose >/tmp/u 2>&1 &
	p=$!
	uio_edu --uio "$uio" --count "$count" >/tmp/o 2>&1
	t_eq "round $round: uio shared exact" "$?" 0
	wait $p
	t_eq "round $round: uirq shared exact" "$?" 0
	echo "round $round shared: uirq $(rate /tmp/u)/s  uio_pci_generic $(rate /tmp/o)/s  ($(grep -o 'extra [0-9]*' /tmp/o) uio events for others' interrupts)"
done
t_summary
