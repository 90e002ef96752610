# No DMA outlives a killed driver (guest: sh /vm/script).
#
# edu_dma arms an edu -> RAM DMA (edu's timer moves the data 100 ms
# later) onto a page of another process, the "owner". --control: the
# driver waits for it and exits: the page must change (the test can see a
# write). --kill: the driver is killed with kill -9 at once or a little
# later, well inside the 100 ms: releasing the device file must stop the
# device (clear bus mastering), so the page stays as it was and the
# command register's bus-master bit reads 0. Then the device still works.
. /vm/lib.sh
need uirqctl uirq-edu edu_dma
need_module

set -- $(edu_bdfs)
[ $# -ge 1 ] || { t_fail "an edu device" "found none"; t_summary; exit 1; }
a=$1
uirqctl bind "$a" >/dev/null || t_fail "bind $a"
# mlock() does not stop compaction from moving a page: ask it not to.
[ -w /proc/sys/vm/compact_unevictable_allowed ] &&
	echo 0 >/proc/sys/vm/compact_unevictable_allowed

# field LINE NAME: the value after NAME in edu_dma's result line.
field() {
	echo "$1" | awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'
}

# dma NAME ARGS...: run edu_dma, set $rc and $line (its result line).
dma() {
	edu_dma --device "$a" "$@" >/tmp/dma.out 2>&1
	rc=$?
	sed 's/^/  /' /tmp/dma.out
	line=$(grep -E "^$a: mode " /tmp/dma.out | tail -n 1)
}

# --- control: the driver lets the DMA finish ---------------------------
dma --control
t_eq "control: edu_dma ran" "$rc" 0
len=$(field "$line" dma_len)
written=$(field "$line" dma_bytes_written)
if [ "$rc" = 0 ] && [ -n "$len" ] && [ "$written" = "$len" ]; then
	t_ok "control: the DMA wrote all $len bytes of the page"
	control=1
else
	t_fail "control: the DMA wrote the page" \
		"written '${written:-none}', length '${len:-none}'"
	control=0
fi

# --- kill -9 with the DMA pending ---------------------------------------
for d in 0 20 50; do
	n="kill -9 after $d ms"
	if [ "$control" != 1 ]; then
		# Without a working control the page address is suspect: do
		# not aim DMAs at it.
		t_fail "$n" "not run: the control run saw no DMA"
		continue
	fi
	dma --kill --delay "$d"
	t_eq "$n: edu_dma ran" "$rc" 0
	t_cmp "$n: released while the DMA was pending (ms)" \
		"$(field "$line" release_ms)" -lt 100
	t_eq "$n: no byte of the owner's page written" \
		"$(field "$line" dma_bytes_written)" 0
	t_eq "$n: bus mastering off after the release" \
		"$(field "$line" bus_master)" 0
done

# --- the device still works ---------------------------------------------
uirq-edu --device "$a" --count 1000 -q >/tmp/ra 2>&1
t_eq "$a usable after the kills" "$?  $(result_line /tmp/ra "$a")" \
	"0  $a: raised 1000 received 1000 mismatched 0 lost 0"

t_summary
