#!/usr/bin/env bash
# Install the Debian packages uirq needs, when missing.
#   deps.sh host   compilers (and their i386 multilib, for make m32),
#                  sanitizers, fuzzer runtime, valgrind; Debian's Python 3
#                  with venv, pip, setuptools and wheel (the Python
#                  binding's tests and its pip install, offline)
#   deps.sh vm     Debian kernels + headers (generic and PREEMPT_RT), QEMU,
#                  busybox, sparse, checkpatch
#   deps.sh pkg    what make deb and the packaging suites need: dkms,
#                  debhelper with dh_dkms (package dh-dkms in bookworm),
#                  lintian, fakeroot, bash-completion (its pkg-config file
#                  names the completions directory), pkg-config
#   deps.sh all    host, vm and pkg
#   deps.sh bench  what make bench needs: all, and gnuplot (the plot
#                  docs/benchmarks.png, bench/bench-vm.sh)
# Only packages that are not installed are asked for, so a machine that has
# everything runs no apt at all.
set -eu
what=${1:-all}
host="gcc g++ gcc-multilib g++-multilib make clang libclang-rt-14-dev valgrind perl"
host="$host python3 python3-venv python3-pip python3-setuptools python3-wheel"
vm="linux-image-amd64 linux-headers-amd64 linux-image-rt-amd64 linux-headers-rt-amd64 qemu-system-x86 busybox-static cpio kmod sparse linux-source-6.1 xz-utils gzip"
# What building the debug kernel from linux-source-6.1 needs on top
# (scripts/build-debug-kernel.sh; objtool needs libelf).
vm="$vm bc bison flex libelf-dev"
pkg="dkms debhelper dh-dkms lintian fakeroot bash-completion pkg-config dpkg-dev"
bench="gnuplot-nox"
case "$what" in
host) want=$host ;;
vm) want=$vm ;;
pkg) want=$pkg ;;
all) want="$host $vm $pkg" ;;
bench) want="$host $vm $pkg $bench" ;;
*) echo "usage: $0 host|vm|pkg|all|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install these Debian packages first:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null
