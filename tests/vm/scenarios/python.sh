# The Python binding (python/, docs/python.md) on the real kernel (guest:
# sh /vm/script [COUNT]; COUNT default 1000; tests/vm/run --python puts the
# interpreter, the package and /vm/python/ in the initramfs).
#
# 1. The package as a user has it: python3 -c "import uirq" finds
#    libuirq.so.1 on the linker's path, with no UIRQ_LIB.
# 2. guest_device.py: the device API on an idle edu device (info, regions,
#    EBUSY, register access, the kernel verifier's rejections with their
#    instruction, raw and assembled loads, ring, wait/read/select/eventfd,
#    stats, close); its checks count here.
# 3. uirq-edu.py, the Python edu driver (the loop of docs/driver-model.md:
#    irq_on(IRQ_RING) + wait_events with the unmask): COUNT round trips
#    exactly, alone on the line: each raise a distinct value that comes
#    back in cap[0], seq without gaps, stats and the line's interrupt
#    count exact.
# 4. The same driver while two C uirq-edu drivers raise on the shared line
#    all the time: every driver exact, and the Python one's ack program
#    declines the others' interrupts.
. /vm/lib.sh
need uirqctl uirq-edu python3
need_module
count=${1:-1000}

set -- $(edu_bdfs)
t_eq "three edu devices" "$#" 3
[ $# -ge 3 ] || { t_summary; exit 1; }
a=$1 b=$2 c=$3
for d in "$a" "$b" "$c"; do
	uirqctl bind "$d" >/dev/null
	t_eq "$d bound" "$(driver_of "$d")" uirq
done
irq=$(irq_of "$a")

# --- 1. the interpreter and the installed package -----------------------
t_eq "python3 is 3.11" "$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>&1)" 3.11
t_eq "import uirq: libuirq.so.1 from the linker path" \
	"$(env -u UIRQ_LIB python3 -c 'import uirq; print(uirq.library_path, uirq.Program.load_file("/vm/programs/edu-ack.s").verify().windows)' 2>&1)" \
	"libuirq.so.1 {0: (36, 104)}"

# --- 2. the device API --------------------------------------------------
python3 /vm/python/guest_device.py "$a" "$irq" >/tmp/gd 2>&1
rc=$?
sed 's/^/  /' /tmp/gd
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' /tmp/gd | tail -n 1)
gp=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
gf=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
if [ -n "$gp" ]; then
	T_PASS=$((T_PASS + gp)) T_FAIL=$((T_FAIL + gf))
fi
t_eq "guest_device.py: exit 0, 40 checks" "$rc $gp $gf" "0 40 0"

# --- 3. the Python driver alone on the line -----------------------------
drv() { python3 /vm/python/uirq-edu.py --ack /vm/programs/edu-ack.s \
	--release /vm/programs/edu-release.s "$@"; }
l0=$(irq_count "$irq")
t0=$(date +%s)
drv --device "$a" --count "$count" --verbose >/tmp/py.a 2>&1
rc=$?
t1=$(date +%s)
l1=$(irq_count "$irq")
sed 's/^/  /' /tmp/py.a
echo "  ($count round trips in about $((t1 - t0)) s under TCG, with the interpreter's start)"
t_eq "uirq-edu.py exit status" "$rc" 0
t_eq "uirq-edu.py result" "$(result_line /tmp/py.a "$a")" \
	"$a: raised $count received $count mismatched 0 lost 0"
t_eq "stats handled events dropped declined unmask_events" \
	"$(for f in handled events dropped declined unmask_events; do stat_field /tmp/py.a "$a" $f; done | tr '\n' ' ')" \
	"$count $count 0 0 0 "
t_eq "events in order, none dropped" \
	"$(grep -o 'last seq [0-9]*, seq gaps [0-9]*, dropped [0-9]*' /tmp/py.a)" \
	"last seq $count, seq gaps 0, dropped 0"
t_eq "line interrupts: one per round trip" "$((l1 - l0))" "$count"

# --- 4. beside two C drivers on the shared line -------------------------
# They run for the whole of the Python driver's run (--forever, stopped by
# SIGTERM after it: each finishes the interrupt in flight and prints its
# summary), so that its ack program sees their interrupts.
uirq-edu --device "$b" --forever -q >/tmp/c.b 2>&1 &
pb=$!
uirq-edu --device "$c" --forever -q >/tmp/c.c 2>&1 &
pc=$!
sleep 1
drv --device "$a" --count "$count" --verbose >/tmp/py.a 2>&1
ra=$?
kill -TERM "$pb" "$pc"
wait "$pb"; rb=$?
wait "$pc"; rc=$?
sed 's/^/  /' /tmp/py.a
t_eq "shared: exit statuses" "$ra $rb $rc" "0 0 0"
t_eq "shared: uirq-edu.py result" "$(result_line /tmp/py.a "$a")" \
	"$a: raised $count received $count mismatched 0 lost 0"
t_eq "shared: Python driver's handled, events, dropped" \
	"$(for f in handled events dropped; do stat_field /tmp/py.a "$a" $f; done | tr '\n' ' ')" \
	"$count $count 0 "
t_cmp "shared: it declined the others' interrupts" \
	"$(stat_field /tmp/py.a "$a" declined)" -gt 0
for x in b c; do
	eval "d=\$$x"
	r=$(result_line "/tmp/c.$x" "$d")
	echo "  $r"
	n=$(echo "$r" | sed -n 's/.* raised \([0-9]*\) .*/\1/p')
	t_eq "shared: uirq-edu $d exact" "$r" \
		"$d: raised $n received $n mismatched 0 lost 0"
	t_cmp "shared: uirq-edu $d raised" "${n:-0}" -gt 0
done
t_summary
