# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The Debian packages in the VM (tests/tools/test_vm_deb.sh, make
# check-vm-deb): uirq.ko is the one DKMS built on the host
# (/lib/modules/<release>/updates/dkms/uirq.ko), uirqctl and uirq-edu are
# uirq-tools' (dynamic), deb_driver was built against libuirq-dev with
# pkg-config and runs on libuirq1's libuirq.so.1.
# guest: sh /vm/script SHA256 [COUNT]   (SHA256 of the DKMS module; COUNT
# default 10000, shared.sh's: fewer, and a driver can finish before the
# others start, so that nobody declines its interrupts)
#
# S1 (scenarios/shared.sh) runs first with COUNT, on the packaged tools;
# its checks count here. Then deb_driver and the packaged uirq-edu drive two
# devices at once on the shared line, each exact.
. /vm/lib.sh
want_sha=${1:?usage: deb.sh SHA256 [COUNT]}
count=${2:-10000}
kver=$(cat /vm/kver)

t_eq "uirq.ko in the initramfs is DKMS's build" \
	"$(sha256sum "/lib/modules/$kver/extra/uirq.ko" | cut -d' ' -f1)" "$want_sha"
need_module
t_check "uirq loaded" grep -q '^uirq ' /proc/modules
need uirqctl uirq-edu edu_hold deb_driver
# The packaged programs are dynamic, and libuirq.so.1 came along for
# deb_driver (mkinitramfs copies what ldd names).
lib=$(ls /lib/x86_64-linux-gnu/libuirq.so.1 /usr/lib/x86_64-linux-gnu/libuirq.so.1 2>/dev/null | head -n 1)
t_check "libuirq.so.1 in the guest" test -n "$lib"

# --- S1 on the packaged tools -----------------------------------------
sh /vm/scenarios/shared.sh "$count" >/tmp/shared.out 2>&1
src=$?
sed 's/^/  shared: /' /tmp/shared.out
s=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' /tmp/shared.out | tail -n 1)
sp=$(echo "$s" | awk '{ print $1 }')
sf=$(echo "$s" | awk '{ print $3 }')
if [ -n "$s" ]; then
	T_PASS=$((T_PASS + sp))
	T_FAIL=$((T_FAIL + sf))
	t_eq "shared.sh exit status" "$src" 0
else
	t_fail "shared.sh" "no summary line (exit $src)"
fi

# --- deb_driver beside the packaged uirq-edu on one line ---------------
set -- $(edu_bdfs)
a=$1 b=$2
for d in "$a" "$b"; do
	[ "$(driver_of "$d")" = uirq ] || uirqctl bind "$d"
	t_eq "$d on uirq" "$(driver_of "$d")" uirq
done
t_eq "one line" "$(irq_of "$a")" "$(irq_of "$b")"
deb_driver "$a" /vm/programs/edu-ack.s /vm/programs/edu-release.s "$count" >/tmp/dd.out 2>&1 &
pd=$!
uirq-edu --device "$b" --count "$count" --verbose >/tmp/edu.out 2>&1 &
pe=$!
wait $pd
rd=$?
wait $pe
re=$?
sed 's/^/  /' /tmp/dd.out
grep -v raised /tmp/edu.out | sed 's/^/  /'
t_eq "deb_driver $a" "$rd $(grep "^$a: raised" /tmp/dd.out)" \
	"0 $a: raised $count received $count mismatched 0"
t_eq "uirq-edu $b" "$re $(result_line /tmp/edu.out "$b")" \
	"0 $b: raised $count received $count mismatched 0 lost 0"
t_eq "$b handled" "$(stat_field /tmp/edu.out "$b" handled)" "$count"
t_summary
