#!/usr/bin/env bash
# `make install` into a scratch DESTDIR: test_install.sh MAKE KVER BUILD
# Checks the installed tree, then compiles and runs programs against the
# installed header and library (shared via pkg-config, and static), as a
# user of an installed libuirq would. Ends with "N passed, N failed[, N
# skipped]".
set -u
make=${1:-make} kver=${2:-} build=${3:-build}
prefix=/opt/uirq
d=$(mktemp -d "${TMPDIR:-/tmp}/uirq-install.XXXXXX")
trap 'rm -rf "$d"' EXIT
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/lib.sh"

if ! $make --no-print-directory -s install DESTDIR="$d" PREFIX="$prefix" \
	BUILD="$build" KVER="$kver" >"$d.log" 2>&1; then
	cat "$d.log"; rm -f "$d.log"
	bad "make install" "failed"
	summary
	exit 1
fi
rm -f "$d.log"
ok "make install"

p=$d$prefix
missing=""
for f in bin/uirqctl bin/uirq-edu bin/uirq-short share/bash-completion/completions/uirqctl lib/libuirq.a lib/libuirq.so.1 lib/libuirq.so \
	lib/pkgconfig/libuirq.pc include/libuirq.h include/uirq.h \
	share/man/man7/libuirq.7 share/man/man3/uirq_open.3 \
	share/man/man3/uirq_wait.3 share/man/man3/uirq_load.3; do
	[ -e "$p/$f" ] || missing="$missing $f"
done
for f in man/man1/*.1 man/man3/*.3 man/man7/*.7; do
	[ -f "$f" ] || continue
	s=${f##*.}
	[ -e "$p/share/man/man$s/$(basename "$f")" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "installed files"; else bad "installed files" "missing:$missing"; fi

if [ -L "$p/lib/libuirq.so" ] && [ "$(readlink "$p/lib/libuirq.so")" = libuirq.so.1 ]; then
	ok "libuirq.so -> libuirq.so.1"
else
	bad "libuirq.so -> libuirq.so.1" "$(ls -l "$p/lib/libuirq.so" 2>&1)"
fi
if [ -x "$p/bin/uirqctl" ] && [ -x "$p/bin/uirq-edu" ] && "$p/bin/uirq-edu" --help >/dev/null; then
	ok "binaries run"
else
	bad "binaries run" "uirqctl/uirq-edu not executable or --help failed"
fi

# The udev rule, where udev reads an administrator's rules.
rule=$d/etc/udev/rules.d/60-uirq.rules
if [ -f "$rule" ] && grep -q '^SUBSYSTEM=="uirq", GROUP="uirq", MODE="0660"' "$rule"; then
	ok "udev rule in /etc/udev/rules.d"
else
	bad "udev rule in /etc/udev/rules.d" "$(ls -l "$rule" 2>&1)"
fi

# Nothing escaped DESTDIR: every installed path is under prefix, the
# module directory or udev's rules directory.
stray=$(cd "$d" && find . -type f -o -type l | grep -vE "^\./(opt/uirq|lib/modules/$kver/extra|etc/udev/rules\.d)/" || true)
if [ -z "$stray" ]; then ok "only prefix, module and udev dirs"; else bad "only prefix, module and udev dirs" "$stray"; fi

if [ -f uirq.ko ]; then
	if [ -f "$d/lib/modules/$kver/extra/uirq.ko" ]; then
		ok "uirq.ko in /lib/modules/$kver/extra"
	else
		bad "uirq.ko" "not installed to /lib/modules/$kver/extra"
	fi
	# A staged install must not have run depmod into the real system.
	if [ -e "$d/lib/modules/$kver/modules.dep" ]; then
		bad "no depmod for DESTDIR" "modules.dep written"
	else
		ok "no depmod for DESTDIR"
	fi
else
	echo "skip uirq.ko: not built (make module)"
	skip=$((skip + 1))
fi

# A user's program: only the installed header and library.
cat >"$d/prog.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libuirq.h>

int main(void)
{
	static struct uirq_program prog;
	struct uirq_dev *dev;
	char bdf[UIRQ_BDF_LEN], err[256];

	if (uirq_parse_bdf("00:04.0", bdf, sizeof(bdf)) || strcmp(bdf, "0000:00:04.0"))
		return 1;
	if (uirq_asm_string(".kind ack\n\tret none\n", "t.s", &prog, err, sizeof(err)))
		return 2;
	if (prog.count != 1 || prog.kind != UIRQ_PROG_ACK)
		return 3;
	if (uirq_open_path("/dev/null", &dev) != -ENOTTY)
		return 4;
	printf("linked ok\n");
	return 0;
}
EOF
cflags="-std=c11 -Wall -Wextra -Werror"
if pc_cflags=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d" \
		pkg-config --cflags libuirq) &&
   pc_libs=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d" \
		pkg-config --libs libuirq); then
	# shellcheck disable=SC2086
	if cc $cflags $pc_cflags -o "$d/prog" "$d/prog.c" $pc_libs 2>"$d/cc.log" &&
	   [ "$(LD_LIBRARY_PATH="$p/lib" "$d/prog")" = "linked ok" ]; then
		ok "pkg-config build against libuirq.so"
	else
		bad "pkg-config build against libuirq.so" "$(cat "$d/cc.log") flags: $pc_cflags $pc_libs"
	fi
else
	bad "pkg-config build against libuirq.so" "pkg-config --cflags/--libs libuirq failed"
fi
# --define-prefix: the .pc file found relative to where it lies.
dp=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" pkg-config --define-prefix --cflags libuirq 2>/dev/null)
dp=${dp%% }
if [ "$dp" = "-I$p/include" ]; then ok "pkg-config --define-prefix"; else bad "pkg-config --define-prefix" "got '$dp'"; fi

if cc $cflags -I"$p/include" -o "$d/prog-static" "$d/prog.c" "$p/lib/libuirq.a" 2>"$d/cc.log" &&
   [ "$("$d/prog-static")" = "linked ok" ]; then
	ok "static build against libuirq.a"
else
	bad "static build against libuirq.a" "$(cat "$d/cc.log")"
fi
# The example of libuirq(7) is a real program: it builds as printed.
man7=$p/share/man/man7/libuirq.7
awk '/^\.SH EXAMPLE/{f=1} f&&/^\.EX/{g=1;next} g&&/^\.EE/{exit} g' "$man7" 2>/dev/null |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' >"$d/example.c"
if [ -s "$d/example.c" ] &&
   cc $cflags -I"$p/include" -o "$d/example" "$d/example.c" "$p/lib/libuirq.a" 2>"$d/cc.log"; then
	ok "libuirq(7) example builds"
else
	bad "libuirq(7) example builds" "$(cat "$d/cc.log" 2>/dev/null)"
fi
# C++ users include the same header.
if printf '#include <errno.h>\n#include <libuirq.h>\nint main() { return uirq_fd(nullptr) == -EINVAL ? 0 : 1; }\n' >"$d/prog.cc" &&
   c++ -std=c++11 -Wall -Wextra -Werror -I"$p/include" -o "$d/prog-cxx" "$d/prog.cc" \
	-L"$p/lib" -luirq 2>"$d/cc.log" && LD_LIBRARY_PATH="$p/lib" "$d/prog-cxx"; then
	ok "C++ build"
else
	bad "C++ build" "$(cat "$d/cc.log")"
fi

# LIBDIR elsewhere under PREFIX (the Debian packages' multiarch
# directory): the library and libuirq.pc go there, libdir stays relative.
d2=$d/multiarch
if $make --no-print-directory -s install DESTDIR="$d2" PREFIX=/usr \
	LIBDIR=/usr/lib/x86_64-linux-gnu BUILD="$build" KVER="$kver" >"$d/m.log" 2>&1 &&
   [ -f "$d2/usr/lib/x86_64-linux-gnu/libuirq.so.1" ] &&
   [ "$(sed -n 's/^libdir=//p' "$d2/usr/lib/x86_64-linux-gnu/pkgconfig/libuirq.pc")" = \
	'${prefix}/lib/x86_64-linux-gnu' ]; then
	ok "LIBDIR=/usr/lib/x86_64-linux-gnu: library and libuirq.pc"
else
	bad "LIBDIR=/usr/lib/x86_64-linux-gnu" "$(cat "$d/m.log"; grep libdir "$d2"/usr/lib/*/pkgconfig/libuirq.pc 2>&1)"
fi

# The shared library exports the API and nothing of its insides.
syms=$(nm -D --defined-only "$p/lib/libuirq.so.1" | awk '{print $3}' | sed 's/@.*//')
want="uirq_open uirq_close uirq_wait uirq_load_file uirq_asm_string uirq_disasm"
miss="" extra=""
for s in $want; do echo "$syms" | grep -qx "$s" || miss="$miss $s"; done
for s in uirq_verify uirq_run uirq__dev_from_fd; do echo "$syms" | grep -qx "$s" && extra="$extra $s"; done
if [ -z "$miss$extra" ]; then ok "exported symbols"; else bad "exported symbols" "missing:$miss leaked:$extra"; fi

summary
