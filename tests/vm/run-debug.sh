#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# tests/vm/run-debug.sh: every VM scenario on the debug kernel (KASAN,
# lockdep, UBSAN, DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS, ...; make
# check-vm-debug). Builds (or takes from its cache) the kernel with
# scripts/build-debug-kernel.sh, uirq.ko and edu_kdrv.ko against that tree
# in scratch copies of their sources, then boots once per scenario with
# tests/vm/run --kernel/--kmods and adds up the results into one
# "N passed, N failed" line.
#
# A failed kernel or uirq.ko build is one counted failure (with its log's
# tail) and nothing runs; a failed edu_kdrv.ko or make m32 is one counted
# failure and the scenarios that need it do not run. Every
# tests/vm/scenarios/*.sh must be in the table below or in SKIP with its
# reason: a scenario in neither is a counted failure, so that a new one is
# not silently left out.
#
# The kernel boots with acpi=noirq (under KASAN every PCI probe otherwise
# spends 10-13 s in ACPI _PRT; the MP table gives the same shared line),
# except for isa (its ISA UART's IRQ 5 needs ACPI's override)
# and kasan_multi_shot (every KASAN report, not only the first). Each
# run's whole output, dmesg included, is kept in $BUILD/vm-debug/NAME.log;
# a run whose dmesg has a finding prints the reports themselves.
#
# Environment: BUILD (default build), MAKE (default make), UIRQ_SRCS and
# EDU_KDRV_SRCS (the modules' source files, from tests/vm/vm.mk),
# VM_DEBUG_TIMEOUT (seconds per scenario, default 900), VM_DEBUG_ONLY (a
# space-separated list of scenario names: run only those), JOBS (the
# kernel build's -j, default 2).
set -u
cd "$(dirname "$0")/../.."
TOP=$(pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) bdir=$BUILD ;; *) bdir=$TOP/$BUILD ;; esac
MAKE=${MAKE:-make}
UIRQ_SRCS=${UIRQ_SRCS:-Kbuild $(ls include/uapi/*.h kmod/*.c kmod/*.h core/*.c core/*.h)}
EDU_KDRV_SRCS=${EDU_KDRV_SRCS:-tests/vm/kdrv/Kbuild tests/vm/kdrv/edu_kdrv.c}
timeout=${VM_DEBUG_TIMEOUT:-900}
only=${VM_DEBUG_ONLY:-}
logs=$bdir/vm-debug
mkdir -p "$logs"

# NAME|NEEDS|tests/vm/run ARGS: the scenarios, with the --edu counts and
# arguments of their own make rules (NEEDS: kdrv = edu_kdrv.ko, m32 =
# make m32). The threadirqs and smp2 variants of the same scenarios are
# not repeated here.
table='devtools||--edu 2 devtools
shared||--edu 3 shared
uio||--edu 3 uio
reject||--edu 3 reject
events||--edu 3 events
kill||--edu 3 kill
dma||--edu 3 dma
kdrv|kdrv|--edu 4 kdrv
fault|kdrv|--edu 4 fault
teardown|kdrv|--edu 4 teardown
security||--edu 3 --device e1000e,addr=14.0 security
m32|m32|--edu 3 m32
fuzzdev||--edu 3 fuzzdev
wait||--edu 3 wait
msi||--edu 3 --device e1000e,addr=14.0,romfile= msi
top||--edu 3 top
python||--python --edu 3 python
isa||--edu 3 --qemu-arg -serial --qemu-arg mon:stdio --qemu-arg -monitor --qemu-arg none --qemu-arg -chardev --qemu-arg null,id=com3 --device isa-serial,chardev=com3,iobase=0x3e8,irq=5 isa
devices|kdrv|--edu 4 --device e1000,addr=14.0,romfile=,mitigation=off --qemu-arg -chardev --qemu-arg null,id=devser0 --device pci-serial,addr=18.0,chardev=devser0 --qemu-arg -chardev --qemu-arg null,id=devser41 --qemu-arg -chardev --qemu-arg null,id=devser42 --qemu-arg -chardev --qemu-arg null,id=devser43 --qemu-arg -chardev --qemu-arg null,id=devser44 --device pci-serial-4x,addr=1c.0,chardev1=devser41,chardev2=devser42,chardev3=devser43,chardev4=devser44 devices'
# NAME|WHY: scenarios that cannot run on this kernel.
SKIP='rt|it checks for PREEMPT_RT (the debug kernel is PREEMPT)
bench|a benchmark, not a test (make bench-vm)
deb|the Debian packages: DKMS builds uirq.ko for the installed Debian kernels, not for the debug kernel (make check-vm-deb, check-vm-deb-rt)'

P=0 F=0
table_out=""
# count NAME P F: add a result and remember it for the table.
count() {
	P=$((P + $2)) F=$((F + $3))
	table_out="$table_out$(printf '  %-10s %5d passed %3d failed' "$1" "$2" "$3")\n"
}
finish() {
	echo "=== debug kernel: summary"
	printf "%b" "$table_out"
	echo "$P passed, $F failed"
	[ "$F" -eq 0 ]
	exit
}

# Every scenario file is in the table or skipped, with its reason.
for f in tests/vm/scenarios/*.sh; do
	n=$(basename "$f" .sh)
	if ! printf '%s\n' "$table" | grep -q "^$n|" &&
	   ! printf '%s\n' "$SKIP" | grep -q "^$n|"; then
		echo "FAIL debug: scenario $n.sh has no entry in tests/vm/run-debug.sh (add it to the table or to SKIP)"
		count "$n" 0 1
	fi
done

echo "=== debug kernel: scripts/build-debug-kernel.sh"
kstart=$(date +%s)
if ! kdir=$(BUILD=$BUILD scripts/build-debug-kernel.sh 2>"$logs/kernel.err"); then
	cat "$logs/kernel.err"
	echo "FAIL debug: building the debug kernel failed"
	count kernel 0 1
	finish
fi
kdir=$(printf '%s\n' "$kdir" | tail -n 1)
grep -v '^build-debug-kernel: waiting' "$logs/kernel.err" | sed 's/^/  /'
rel=$(cat "$kdir/release")
tree=$kdir/linux-source-6.1
kmods=$kdir/modules/lib/modules/$rel
echo "  $rel in $kdir ($(($(date +%s) - kstart))s)"

# $(MAKE) of the kernel tree, without the caller's make flags (-s, a
# jobserver, command-line variables such as CC=).
kbuild() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES make -C "$tree" ARCH=x86_64 "$@"; }

# uirq.ko and edu_kdrv.ko, each in its own copy of the sources under the
# kernel's directory (tar and cp -p keep the mtimes: Kbuild rebuilds only
# what changed).
ko=$kdir/uirq/uirq.ko
mkdir -p "$kdir/uirq"
# shellcheck disable=SC2086
if ! { tar -cf - $UIRQ_SRCS | tar -xf - -C "$kdir/uirq"; } >"$logs/uirq.log" 2>&1 ||
   ! kbuild M="$kdir/uirq" modules >>"$logs/uirq.log" 2>&1 || [ ! -f "$ko" ]; then
	tail -n 40 "$logs/uirq.log"
	echo "FAIL debug: building uirq.ko for $rel failed"
	count uirq.ko 0 1
	finish
fi
kdrv_ko=$kdir/kdrv/edu_kdrv.ko
mkdir -p "$kdir/kdrv"
have_kdrv=1
# shellcheck disable=SC2086
if ! cp -p $EDU_KDRV_SRCS "$kdir/kdrv/" >"$logs/kdrv.log" 2>&1 ||
   ! kbuild M="$kdir/kdrv" modules >>"$logs/kdrv.log" 2>&1 || [ ! -f "$kdrv_ko" ]; then
	tail -n 40 "$logs/kdrv.log"
	echo "FAIL debug: building edu_kdrv.ko for $rel failed: kdrv, fault, teardown not run"
	count edu_kdrv.ko 0 1
	have_kdrv=0
fi
have_m32=-1

while IFS= read -r entry; do
	[ -n "$entry" ] || continue
	name=${entry%%|*} rest=${entry#*|}
	needs=${rest%%|*} args=${rest#*|}
	if [ -n "$only" ] && ! printf ' %s ' "$only" | grep -q " $name "; then
		continue
	fi
	echo "=== debug kernel: $name ($args)"
	extra=()
	case "$needs" in
	kdrv)
		[ "$have_kdrv" = 1 ] || { echo "  not run: no edu_kdrv.ko"; continue; }
		extra=(--kdrv "$kdrv_ko") ;;
	m32)
		if [ "$have_m32" = -1 ]; then
			if $MAKE --no-print-directory -s m32 >"$logs/m32.log" 2>&1; then
				have_m32=1
			else
				tail -n 20 "$logs/m32.log"
				echo "FAIL debug: make m32 failed: m32 not run"
				count m32 0 1
				have_m32=0
			fi
		fi
		[ "$have_m32" = 1 ] || continue ;;
	esac
	log=$logs/$name.log
	# isa needs the firmware's interrupt overrides: without ACPI's, the MP
	# table sets IRQ 5 up for a PCI device and the ISA UART's level never
	# arrives. Its one edu probe pays the ACPI _PRT time instead.
	cmdline="acpi=noirq kasan_multi_shot"
	[ "$name" = isa ] && cmdline="kasan_multi_shot"
	# shellcheck disable=SC2086
	BUILD=$BUILD KVER=$rel tests/vm/run --kernel "$kdir/bzImage" --kmods "$kmods" \
		--module "$ko" "${extra[@]}" --append "$cmdline" \
		--timeout "$timeout" --dmesg $args </dev/null 2>&1 | tee "$log" |
		awk '/^run: guest dmesg:$/ { skip = 1; next }
		     /^run: guest exit status / { skip = 0 }
		     !skip { print; fflush() }'
	rc=${PIPESTATUS[0]}
	# The reports themselves: tests/vm/run names the finding lines
	# ("  dmesg: LINE"); print each with what follows it, from the
	# dmesg kept in the log (a report is never a single line).
	if grep -q '^run: FAIL: the guest kernel reported:' "$log"; then
		sed -n '/^run: guest dmesg:$/,/^run: guest exit status /p' "$log" |
			sed '1d;$d' | sed 's/^  //' >"$logs/$name.dmesg"
		echo "  the reports (whole dmesg: $logs/$name.dmesg):"
		sed -n '/^run: guest dmesg:$/q; s/^  dmesg: //p' "$log" >"$logs/$name.findings"
		# Each finding from 3 lines before to 80 after (a KASAN report is
		# about 70 lines), overlapping ranges merged, at most 800 lines.
		# No dmesg block (a timeout): the console lines run printed.
		src=$logs/$name.dmesg
		[ -s "$src" ] || src=$log
		nums=$(grep -n -F -x -f "$logs/$name.findings" "$src" | cut -d: -f1)
		[ -n "$nums" ] && printf '%s\n' "$nums" |
			awk 'NR == FNR { for (i = $1 - 3; i <= $1 + 80; i++) want[i] = 1; next }
			     want[FNR] { if (last && FNR != last + 1) print "..."; print; last = FNR }' \
				- "$src" | head -n 800 | sed 's/^/  | /'
	fi
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL debug: $name printed no summary (exit $rc)"
		count "$name" 0 1
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL debug: $name exited $rc with no failure counted"
		f=1
	fi
	count "$name" "$p" "$f"
done <<EOF
$table
EOF

printf '%s\n' "$SKIP" | while IFS='|' read -r n why; do
	echo "note: $n not run on the debug kernel: $why (not counted)"
done
echo "note: the threadirqs, smp2 and PREEMPT_RT variants run on the stock kernels only (not counted)"
finish
