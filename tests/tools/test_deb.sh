#!/usr/bin/env bash
# The Debian packages on this machine: test_deb.sh MAKE BUILD
# make deb; lintian (errors fail, warnings are printed); what each package
# holds; the four installed with dpkg -i; DKMS builds and installs uirq.ko
# for every kernel with headers (stock and -rt); a driver built against
# libuirq-dev with pkg-config; the packaged tools and bash completion;
# then purged, leaving the machine as it was. Root only. Ends with
# "N passed, N failed".
set -u
make=${1:-make} build=${2:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/tools/lib.sh
. tests/tools/lib.sh
# shellcheck source=tests/tools/deb_lib.sh
. tests/tools/deb_lib.sh
mkdir -p "$build"
d=$(mktemp -d "${TMPDIR:-/tmp}/uirq-deb.XXXXXX")
DEB_LOG=$d/dpkg.log
trap 'rm -rf "$d"' EXIT

if [ "$(id -u)" -ne 0 ]; then
	bad "root" "installing packages needs root"; summary; exit 1
fi
for c in dpkg-buildpackage dh_dkms lintian dkms pkg-config; do
	command -v "$c" >/dev/null || { bad "tools" "no $c (scripts/deps.sh pkg)"; summary; exit 1; }
done
deb_save_state
deb_purge || bad "purge before the test" "dpkg --purge failed"

# --- build ------------------------------------------------------------
if ! deb_build "$make" "$build"; then
	bad "make deb" "failed"; summary; exit 1
fi
ok "make deb ($DEB_VER)"
want_files="uirq-dkms_${DEB_VER}_all.deb libuirq1_${DEB_VER}_amd64.deb libuirq-dev_${DEB_VER}_amd64.deb uirq-tools_${DEB_VER}_amd64.deb uirq_${DEB_VER}_amd64.changes uirq_${DEB_VER}.dsc"
miss=""
for f in $want_files; do [ -f "$DEB_OUT/$f" ] || miss="$miss $f"; done
if [ -z "$miss" ]; then ok "four packages, source and .changes"; else bad "four packages" "missing:$miss"; fi

# One version: the changelog's is in dkms.conf (dh_dkms -V), in the /usr/src
# directory, and the same as libuirq.pc's (lib/lib.mk).
x=$d/x
for p in $DEB_PKGS; do mkdir -p "$x/$p"; dpkg-deb -x "$(deb_file "$p")" "$x/$p" 2>/dev/null; done
conf=$x/uirq-dkms/usr/src/uirq-$DEB_VER/dkms.conf
pcver=$(sed -n 's/^Version: //p' "$x/libuirq-dev/usr/lib/x86_64-linux-gnu/pkgconfig/libuirq.pc" 2>/dev/null)
libver=$(sed -n 's/^LIBUIRQ_VERSION[[:space:]]*:=[[:space:]]*//p' lib/lib.mk)
t_ver="$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$conf" 2>/dev/null) $pcver $libver"
if [ "$t_ver" = "$DEB_VER $DEB_VER $DEB_VER" ]; then
	ok "one version: changelog, dkms.conf, libuirq.pc, lib/lib.mk ($DEB_VER)"
else
	bad "one version" "changelog $DEB_VER; dkms.conf, libuirq.pc, lib.mk: $t_ver"
fi
if grep -q '#MODULE_VERSION#' dkms.conf && ! grep -q '#MODULE_VERSION#' "$conf" 2>/dev/null; then
	ok "dkms.conf: the placeholder replaced in the package"
else
	bad "dkms.conf placeholder" "$(grep PACKAGE_VERSION dkms.conf "$conf" 2>&1)"
fi

# --- lintian ----------------------------------------------------------
lintian --fail-on error "$DEB_OUT/uirq_${DEB_VER}_amd64.changes" >"$d/lintian" 2>&1
lrc=$?
nw=$(grep -c '^W: ' "$d/lintian")
ne=$(grep -c '^E: ' "$d/lintian")
sed -n 's/^\([EW]\): /  lintian \1: /p' "$d/lintian"
if [ "$lrc" -eq 0 ] && [ "$ne" -eq 0 ]; then
	ok "lintian: no errors ($nw warnings)"
else
	bad "lintian" "$ne errors, exit $lrc: $(grep -v '^[WIN]: ' "$d/lintian" | head -n 5)"
fi

# --- contents ---------------------------------------------------------
# uirq-dkms: every source Kbuild compiles, and nothing to build with but
# Kbuild (no Makefile, no user-space code).
src=$x/uirq-dkms/usr/src/uirq-$DEB_VER
miss=""
objs=$(sed -n '/uirq-y :=/,/[^\\]$/p' Kbuild | sed 's/.*:=//' | tr -d '\\' | tr -s ' \t' '\n' |
	grep '\.o$' | sort -u)
[ -n "$objs" ] || miss=" (no objects found in Kbuild)"
for o in $objs; do
	[ -f "$src/${o%.o}.c" ] || miss="$miss ${o%.o}.c"
done
for f in Kbuild include/uapi/uirq.h kmod/uirq_kmod.h core/uirq_core.h core/uirq_compat.h; do
	[ -f "$src/$f" ] || miss="$miss $f"
done
if [ -z "$miss" ] && [ ! -e "$src/Makefile" ] && [ ! -d "$src/lib" ] &&
   [ "$(find "$src" -name '*.c' | wc -l)" -eq "$(echo "$objs" | wc -l)" ]; then
	ok "uirq-dkms: Kbuild's sources ($(echo "$objs" | wc -l) objects, a .c each, no other)"
else
	bad "uirq-dkms sources" "missing:$miss $(ls "$src" 2>&1 | tr '\n' ' ')"
fi
# make dkms-src (from a checkout, without the package) gives the same tree.
if $make --no-print-directory -s BUILD="$build" DESTDIR="$d/stage" dkms-src >"$d/dkms-src.log" 2>&1 &&
   diff -r "$d/stage/usr/src/uirq-$DEB_VER" "$src" >"$d/diff" 2>&1; then
	ok "make dkms-src: the same tree as uirq-dkms's"
else
	bad "make dkms-src" "$(cat "$d/dkms-src.log" "$d/diff" | head -n 10)"
fi
# libuirq1 is named after the SONAME (policy 8.1): libuirq.so.1.
so=$x/libuirq1/usr/lib/x86_64-linux-gnu/libuirq.so.1
soname=$(objdump -p "$so" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
if [ "$soname" = libuirq.so.1 ] && [ -f "$(deb_file libuirq1)" ]; then
	ok "libuirq1: SONAME $soname"
else
	bad "libuirq1 SONAME" "'$soname'"
fi
# Its symbol versions: every version node of lib/libuirq.map, no other.
want_v=$(grep -oE '^LIBUIRQ_[0-9]+' lib/libuirq.map | sort -u | tr '\n' ' ')
got_v=$(objdump -p "$so" 2>/dev/null | awk '/^Version definitions:/ { f = 1; next } f && NF == 4 { print $4 } f && NF == 0 { exit }' |
	grep -v '^libuirq' | sort -u | tr '\n' ' ')
if [ -n "$want_v" ] && [ "$got_v" = "$want_v" ]; then
	ok "libuirq1: symbol versions $want_v"
else
	bad "libuirq1 symbol versions" "got '$got_v', want '$want_v'"
fi
# -dev: headers, static library, the .so link, pkg-config file, every man page 3 and 7.
dev=$x/libuirq-dev
miss=""
for f in usr/include/libuirq.h usr/include/uirq.h usr/lib/x86_64-linux-gnu/libuirq.a \
	usr/lib/x86_64-linux-gnu/pkgconfig/libuirq.pc; do
	[ -f "$dev/$f" ] || miss="$miss $f"
done
[ "$(readlink "$dev/usr/lib/x86_64-linux-gnu/libuirq.so")" = libuirq.so.1 ] || miss="$miss libuirq.so"
for f in man/man3/*.3 man/man7/*.7; do
	s=${f##*.}
	[ -e "$dev/usr/share/man/man$s/$(basename "$f").gz" ] || miss="$miss $f"
done
if [ -z "$miss" ]; then ok "libuirq-dev: headers, libuirq.a, libuirq.so, libuirq.pc, man 3 and 7"; else bad "libuirq-dev contents" "missing:$miss"; fi
# -tools: the programs, man 1, the udev rule where udev reads packages'
# rules, the completion where bash-completion loads it.
tools=$x/uirq-tools
miss=""
for f in usr/bin/uirqctl usr/bin/uirq-edu usr/bin/uirq-short usr/share/man/man1/uirqctl.1.gz \
	lib/udev/rules.d/60-uirq.rules "$(pkg-config --variable=completionsdir bash-completion | sed 's|^/||')/uirqctl" \
	usr/share/man/man1/uirq-edu.1.gz usr/share/man/man1/uirq-short.1.gz \
	usr/share/doc/uirq-tools/examples/edu-ack.s; do
	[ -f "$tools/$f" ] || miss="$miss $f"
done
if [ -z "$miss" ]; then ok "uirq-tools: programs, man 1, udev rule, completion, examples"; else bad "uirq-tools contents" "missing:$miss"; fi
# Dynamic with the distribution's libc (not the tree's -static builds).
dyn=0
for f in uirqctl uirq-edu uirq-short; do
	objdump -p "$tools/usr/bin/$f" 2>/dev/null | grep -q 'NEEDED.*libc\.so\.6' && dyn=$((dyn + 1))
done
if [ "$dyn" = 3 ]; then ok "uirq-tools: programs linked against libc.so.6"; else bad "uirq-tools dynamic" "$dyn of 3"; fi

# --- install ----------------------------------------------------------
if deb_install; then ok "dpkg -i the four packages"; else bad "dpkg -i" "failed"; fi
st=""
for p in $DEB_PKGS; do
	st="$st $(dpkg-query -W -f='${Package}=${Version}:${Status}' "$p" 2>/dev/null)"
done
want=""
for p in $DEB_PKGS; do want="$want $p=$DEB_VER:install ok installed"; done
if [ "$st" = "$want" ]; then ok "installed:$(for p in $DEB_PKGS; do printf ' %s' "$p"; done)"; else bad "installed" "$st"; fi

# DKMS: the postinst built and installed the module for every kernel with
# headers; dkms build and install by hand then succeed for each, and the
# module in updates/dkms is that build, for that kernel, found by depmod.
kernels=$(deb_kernels)
nk=$(echo "$kernels" | grep -c .)
if [ "$nk" -ge 2 ] && echo "$kernels" | grep -q -- '-rt-amd64$'; then
	ok "kernels with headers: $(echo "$kernels" | tr '\n' ' ')"
else
	bad "kernels with headers" "want a stock and an -rt one, have: $(echo "$kernels" | tr '\n' ' ')"
fi
for k in $kernels; do
	if dkms status -m uirq -v "$DEB_VER" -k "$k" 2>/dev/null | grep -q "^uirq/$DEB_VER, $k, [^:]*: installed"; then
		ok "$k: installed by the postinst"
	else
		bad "$k: postinst" "dkms status: $(dkms status -m uirq 2>&1 | tr '\n' ';')"
	fi
	if dkms build -m uirq -v "$DEB_VER" -k "$k" --force >"$d/build.$k" 2>&1; then
		ok "$k: dkms build"
	else
		tail -n 20 "$d/build.$k"; bad "$k: dkms build" "failed"
	fi
	if dkms install -m uirq -v "$DEB_VER" -k "$k" --force >"$d/inst.$k" 2>&1; then
		ok "$k: dkms install"
	else
		tail -n 20 "$d/inst.$k"; bad "$k: dkms install" "failed"
	fi
	ko=/lib/modules/$k/updates/dkms/uirq.ko
	built=/var/lib/dkms/uirq/$DEB_VER/$k/x86_64/module/uirq.ko
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
	if [ -f "$ko" ] && cmp -s "$ko" "$built" && [ "${vm%% *}" = "$k" ]; then
		ok "$k: $ko is DKMS's build, vermagic $k"
	else
		bad "$k: module" "$(ls -l "$ko" "$built" 2>&1 | tr '\n' ' ') vermagic '$vm'"
	fi
	fn=$(modinfo -k "$k" -F filename uirq 2>/dev/null)
	if [ "$fn" = "$ko" ]; then ok "$k: depmod finds it (modinfo -k $k uirq)"; else bad "$k: depmod" "modinfo -k: '$fn'"; fi
done

# --- a driver's build against the installed -dev package --------------
pcv=$(pkg-config --modversion libuirq 2>/dev/null)
if [ "$pcv" = "$DEB_VER" ]; then ok "pkg-config --modversion libuirq: $pcv"; else bad "pkg-config --modversion" "'$pcv'"; fi
cflags="-std=c11 -Wall -Wextra -Werror"
# shellcheck disable=SC2046,SC2086
if cc $cflags $(pkg-config --cflags libuirq) -o "$d/deb_driver" tests/tools/deb_driver.c \
	$(pkg-config --libs libuirq) 2>"$d/cc.log" &&
   [ "$(ldd "$d/deb_driver" | awk '$1 == "libuirq.so.1" { print $3 }' | xargs -r readlink -f)" = \
	"$(readlink -f /usr/lib/x86_64-linux-gnu/libuirq.so.1)" ]; then
	ok "deb_driver: built with pkg-config, linked to the installed libuirq.so.1"
else
	bad "deb_driver build" "$(cat "$d/cc.log") $(ldd "$d/deb_driver" 2>&1 | grep uirq)"
fi
# Without uirq.ko loaded here, the driver must fail cleanly at open.
"$d/deb_driver" 0000:00:04.0 /usr/share/doc/uirq-tools/examples/edu-ack.s \
	/usr/share/doc/uirq-tools/examples/edu-release.s 1 >"$d/out" 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'deb_driver: open 0000:00:04.0: ' "$d/out"; then
	ok "deb_driver runs (no device here: fails at open)"
else
	bad "deb_driver runs" "exit $rc: $(cat "$d/out")"
fi
cat >"$d/prog.c" <<'EOF'
#include <stdio.h>
#include <libuirq.h>
int main(void)
{
	static struct uirq_program prog;
	char err[256];

	if (uirq_asm_string(".kind ack\n\tret none\n", "t.s", &prog, err, sizeof(err)) ||
	    prog.count != 1)
		return 1;
	puts("static ok");
	return 0;
}
EOF
# shellcheck disable=SC2046,SC2086
if cc $cflags $(pkg-config --cflags libuirq) -o "$d/prog" "$d/prog.c" \
	/usr/lib/x86_64-linux-gnu/libuirq.a 2>"$d/cc.log" && [ "$("$d/prog")" = "static ok" ] &&
   ! ldd "$d/prog" | grep -q libuirq; then
	ok "static build against the installed libuirq.a"
else
	bad "static build" "$(cat "$d/cc.log")"
fi

# --- the packaged tools -----------------------------------------------
if /usr/bin/uirqctl check /usr/share/doc/uirq-tools/examples/edu-ack.s --shared >"$d/out" 2>&1; then
	ok "uirqctl check (the packaged uirqctl and example program)"
else
	bad "uirqctl check" "$(cat "$d/out")"
fi
if getent group uirq >/dev/null; then ok "group uirq (uirq-tools' postinst)"; else bad "group uirq" "missing"; fi
# bash-completion loads the packaged file on first use of uirqctl.
got=$(bash -c '. /usr/share/bash-completion/bash_completion; _completion_loader uirqctl >/dev/null 2>&1;
	complete -p uirqctl; COMP_WORDS=(uirqctl bi); COMP_CWORD=1; COMP_LINE="uirqctl bi"; COMP_POINT=10;
	_uirqctl uirqctl bi uirqctl; echo "${COMPREPLY[*]}"' 2>&1 | tr '\n' ' ')
if [ "$got" = "complete -F _uirqctl uirqctl bind " ]; then
	ok "bash-completion loads the packaged completion"
else
	bad "packaged completion" "got '$got'"
fi

# --- purge: the machine as it was -------------------------------------
if deb_purge; then ok "dpkg --purge"; else bad "dpkg --purge" "failed"; fi
left=""
for p in $DEB_PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'installed\|config-files' && left="$left $p"; done
for k in $kernels; do [ -e "/lib/modules/$k/updates/dkms/uirq.ko" ] && left="$left $k/uirq.ko"; done
[ -e "/usr/src/uirq-$DEB_VER" ] && left="$left /usr/src/uirq-$DEB_VER"
[ -e "/var/lib/dkms/uirq" ] && left="$left /var/lib/dkms/uirq"
[ -e /usr/lib/x86_64-linux-gnu/libuirq.so.1 ] && left="$left libuirq.so.1"
if [ "$DEB_HAD_GROUP" = 0 ] && getent group uirq >/dev/null; then left="$left group-uirq"; fi
if [ -z "$left" ]; then ok "nothing left behind"; else bad "nothing left behind" "$left"; fi
for k in $kernels; do
	fn=$(modinfo -k "$k" -F filename uirq 2>/dev/null)
	if [ -z "$fn" ]; then ok "$k: depmod no longer knows uirq"; else bad "$k: depmod after purge" "'$fn'"; fi
done
summary
