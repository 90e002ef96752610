#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# build-debug-kernel.sh [--print-dir]: the debug kernel (KASAN, lockdep,
# UBSAN, ...) of `make check-vm-debug`, from Debian's linux-source-6.1.
#
# Configured from `make ARCH=x86_64 tinyconfig` plus
# scripts/debug-kernel.config (what the test VM needs and the debug
# options), then `make olddefconfig`; every option the fragment asks for
# must be in the resulting .config, or this fails naming the ones that are
# not. Builds bzImage and the modules (-j$JOBS) and installs the modules
# (uio.ko, uio_pci_generic.ko) under modules/.
#
# The result is cached in $BUILD/debug-kernel/<key>/, the key made of the
# linux-source-6.1 package version and a hash of the fragment, this script
# and the compiler's version: a second run prints the directory at once, a
# changed fragment builds afresh (and the other keys' directories are
# removed once the new one is built: a tree is about 2 GB). A failed
# build keeps its tree: the next run continues it.
#
# In that directory: linux-source-6.1/ (the built tree: make -C it M=...
# builds out-of-tree modules), bzImage, release (its `uname -r`),
# modules/lib/modules/<release>/, build.log, and the stamp "done".
#
# stdout: on success, the directory's absolute path as the last line.
# --print-dir: only print it (exit 1 if it is not built yet).
# Environment: BUILD (default build, relative to the tree), JOBS (default
# 2), LINUX_SOURCE_TAR (default /usr/src/linux-source-6.1.tar.xz).
# Needs (make deps): linux-source-6.1, gcc, make, bc, bison, flex,
# libelf-dev (objtool), kmod (depmod), xz-utils. Not libssl-dev (no module
# signing), dwarves (no BTF) or rsync (no headers_install).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
frag=$TOP/scripts/debug-kernel.config
tarball=${LINUX_SOURCE_TAR:-/usr/src/linux-source-6.1.tar.xz}
JOBS=${JOBS:-2}
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
base=$BUILD/debug-kernel
printonly=0
[ "${1:-}" = --print-dir ] && printonly=1

die() { echo "build-debug-kernel: $*" >&2; exit 1; }

[ -f "$tarball" ] || die "no $tarball (apt-get install linux-source-6.1, or make deps)"
[ -f "$frag" ] || die "no $frag"
pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) ||
	pkgver=$(stat -L -c '%s-%Y' "$tarball")
ccver=$(gcc --version 2>/dev/null | head -n 1) || die "no gcc (apt-get install gcc)"
# The source tarball's identity too, for a LINUX_SOURCE_TAR of one's own.
hash=$( { cat "$frag" "$0"; echo "$ccver"; stat -L -c '%n %s %Y' "$tarball"; } |
	md5sum | cut -c1-12)
key=$(printf '%s' "$pkgver" | tr -c 'A-Za-z0-9.+~_-' '_')-$hash
dir=$base/$key

if [ "$printonly" = 1 ]; then
	echo "$dir"
	[ -f "$dir/done" ]
	exit
fi

# The kernel's make must see none of the caller's make flags (-s, -j with
# a jobserver, CC=clang on the command line of `make check`).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
mkdir -p "$base"
exec 9>"$base/.lock"
if ! flock -n 9; then
	echo "build-debug-kernel: waiting for another build ($base/.lock)" >&2
	flock 9
fi
if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$dir"
log=$dir/build.log
src=$dir/linux-source-6.1
: >"$log"
start=$(date +%s)
fail() {
	echo "build-debug-kernel: $* (after $(($(date +%s) - start))s); $log ends:" >&2
	tail -n 40 "$log" | sed 's/^/  | /' >&2
	exit 1
}
step() { echo "build-debug-kernel: $*" >&2; echo "=== $*" >>"$log"; }
# kmake ARGS...: the kernel's make for x86_64 in the tree, output to the
# log; niced, so that a VM test running meanwhile (its timing checks)
# keeps its CPU.
kmake() { nice -n 10 make -C "$src" ARCH=x86_64 "$@" >>"$log" 2>&1; }

echo "build-debug-kernel: building $key in $dir (log: $log)" >&2
if [ ! -f "$dir/extracted" ]; then
	step "extracting $tarball (linux-source-6.1 $pkgver)"
	rm -rf "$src"
	tar -xJf "$tarball" -C "$dir" >>"$log" 2>&1 || fail "extracting $tarball failed"
	[ -f "$src/Makefile" ] || fail "$tarball has no linux-source-6.1/Makefile"
	: >"$dir/extracted"
fi

step "configuring: tinyconfig + $(basename "$frag") + olddefconfig"
kmake tinyconfig || fail "make tinyconfig failed"
(cd "$src" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m .config "$frag") >>"$log" 2>&1 ||
	fail "merge_config.sh failed"
kmake olddefconfig || fail "make olddefconfig failed"

# Every option asked for must have survived olddefconfig (an unmet
# dependency drops it silently).
bad=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*} want=${line#*=}
		have=$(grep -E "^$sym=|^# $sym is not set" "$src/.config" || true)
		if [ "$have" != "$line" ]; then
			echo "build-debug-kernel: $sym: asked for $want, .config has '${have:-nothing}'" >&2
			bad=$((bad + 1))
		fi ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# } sym=${sym%% *}
		if grep -q "^$sym=" "$src/.config"; then
			echo "build-debug-kernel: $sym: asked to be off, .config has '$(grep "^$sym=" "$src/.config")'" >&2
			bad=$((bad + 1))
		fi ;;
	esac
done <"$frag"
[ "$bad" -eq 0 ] || { echo "build-debug-kernel: $bad option(s) not set as asked: see $frag" >&2;
	cp "$src/.config" "$dir/config.rejected"; exit 1; }
cp "$src/.config" "$dir/config"

step "make -j$JOBS bzImage modules"
kmake -j"$JOBS" bzImage modules || fail "the kernel build failed"
release=$(make -s -C "$src" ARCH=x86_64 kernelrelease 2>>"$log") || fail "make kernelrelease failed"
step "make modules_install ($release)"
rm -rf "$dir/modules"
kmake INSTALL_MOD_PATH="$dir/modules" modules_install || fail "make modules_install failed"
for m in uio uio_pci_generic; do
	[ -f "$dir/modules/lib/modules/$release/kernel/drivers/uio/$m.ko" ] ||
		fail "no $m.ko under $dir/modules/lib/modules/$release"
done
cp "$src/arch/x86/boot/bzImage" "$dir/bzImage"
echo "$release" >"$dir/release"
: >"$dir/done"
echo "build-debug-kernel: built $release in $(($(date +%s) - start))s" >&2

# Older keys' trees are no longer needed.
for d in "$base"/*/; do
	d=${d%/}
	[ "$d" = "$dir" ] || rm -rf "$d"
done
echo "$dir"
