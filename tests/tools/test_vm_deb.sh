#!/usr/bin/env bash
# The Debian packages on the real kernel: test_vm_deb.sh MAKE BUILD KVER
# make deb; the four packages installed with dpkg -i (DKMS builds uirq.ko
# in the postinst); deb_driver built against libuirq-dev with pkg-config;
# then the VM boots KVER with /lib/modules/KVER/updates/dkms/uirq.ko and
# the packaged uirqctl and uirq-edu (tests/vm/scenarios/deb.sh); purged
# at the end. Root only. The last line adds the host checks to the VM's
# "N passed, N failed".
set -u
make=${1:-make} build=${2:-build} kver=${3:-}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tools/lib.sh
. tests/tools/lib.sh
# shellcheck source=tests/tools/deb_lib.sh
. tests/tools/deb_lib.sh
case "$build" in /*) ;; *) build=$top/$build ;; esac
d=$(mktemp -d "${TMPDIR:-/tmp}/uirq-vmdeb.XXXXXX")
DEB_LOG=$d/dpkg.log
trap 'rm -rf "$d"' EXIT
count=${VM_DEB_COUNT:-10000}

finish() {
	if deb_purge; then ok "dpkg --purge"; else bad "dpkg --purge" "failed"; fi
	echo "(host checks and the VM's together)"
	summary
	exit $?
}
if [ "$(id -u)" -ne 0 ]; then
	bad "root" "installing packages needs root"; summary; exit 1
fi
[ -n "$kver" ] || { bad "KVER" "no kernel version"; summary; exit 1; }
deb_save_state
deb_purge || bad "purge before the test" "dpkg --purge failed"
if ! deb_build "$make" "$build"; then
	bad "make deb" "failed"; summary; exit 1
fi
ok "make deb ($DEB_VER)"
if deb_install; then ok "dpkg -i the four packages"; else bad "dpkg -i" "failed"; finish; fi
ko=/lib/modules/$kver/updates/dkms/uirq.ko
if dkms status -m uirq -v "$DEB_VER" -k "$kver" | grep -q ": installed" && [ -f "$ko" ] &&
   cmp -s "$ko" "/var/lib/dkms/uirq/$DEB_VER/$kver/x86_64/module/uirq.ko"; then
	ok "DKMS built and installed $ko"
else
	bad "DKMS module for $kver" "$(dkms status -m uirq 2>&1 | tr '\n' ';')"; finish
fi

# The guest's programs: the packaged tools, deb_driver, and the tree's
# static edu_hold (shared.sh's silent holder). Their own BUILD directory,
# so the initramfs holds no other binaries of the tree.
vb=$build/deb-vm
rm -rf "$vb"
mkdir -p "$vb/vm-guest"
cp /usr/bin/uirqctl /usr/bin/uirq-edu "$vb/"
cp "$build/vm-guest/edu_hold" "$vb/vm-guest/"
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags libuirq) -o "$vb/vm-guest/deb_driver" \
	tests/tools/deb_driver.c $(pkg-config --libs libuirq) 2>"$d/cc.log" &&
   ldd "$vb/vm-guest/deb_driver" | grep -q 'libuirq\.so\.1 => /.*x86_64-linux-gnu/libuirq\.so\.1'; then
	ok "deb_driver built with pkg-config against libuirq-dev"
else
	bad "deb_driver" "$(cat "$d/cc.log")"; finish
fi

sha=$(sha256sum "$ko" | cut -d' ' -f1)
BUILD=$vb KVER=$kver tests/vm/run --module "$ko" --edu 3 deb "$sha" "$count" 2>&1 | tee "$d/vm.log"
vrc=${PIPESTATUS[0]}
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$d/vm.log" | tail -n 1)
if [ -n "$line" ]; then
	pass=$((pass + $(echo "$line" | awk '{ print $1 }')))
	fail=$((fail + $(echo "$line" | awk '{ print $3 }')))
	[ "$vrc" -eq 0 ] || [ "$(echo "$line" | awk '{ print $3 }')" -gt 0 ] ||
		bad "VM run" "exit $vrc with no failure counted"
else
	bad "VM run" "no summary line (exit $vrc)"
fi
finish
