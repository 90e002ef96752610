# Sourced by tests/tools/test_deb.sh and test_vm_deb.sh: build the Debian
# packages, install them on this machine, and put the machine back as it
# was. The suites run on fresh CI machines and, again and again, on
# developers' ones: deb_purge runs first (a run that was interrupted left
# them installed) and last.
# shellcheck shell=bash

DEB_PKGS="uirq-dkms libuirq1 libuirq-dev uirq-tools"

# deb_build MAKE BUILD: make deb; sets DEB_VER and DEB_OUT; 1 on failure
# (the log is printed).
deb_build() {
	local make=$1 build=$2
	DEB_VER=$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
	DEB_OUT=$build/deb
	if ! $make --no-print-directory -s BUILD="$build" deb >"$build/deb.log" 2>&1; then
		tail -n 30 "$build/deb.log"
		return 1
	fi
	return 0
}

# The .deb of package $1.
deb_file() {
	ls "$DEB_OUT/$1_${DEB_VER}_"*.deb 2>/dev/null | head -n 1
}

# Whether group uirq existed before the test (uirq-tools' postinst makes
# it, and Debian packages leave groups behind on purge).
deb_save_state() {
	DEB_HAD_GROUP=0
	getent group uirq >/dev/null && DEB_HAD_GROUP=1
	return 0
}

# deb_purge: remove the packages (dkms remove runs in uirq-dkms's prerm:
# the module leaves every kernel), and the group if the test made it.
deb_purge() {
	local p installed=""
	for p in $DEB_PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'installed$' &&
			installed="$installed $p"
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'config-files$' &&
			installed="$installed $p"
	done
	# shellcheck disable=SC2086
	[ -z "$installed" ] || DEBIAN_FRONTEND=noninteractive dpkg --purge $installed >"$DEB_LOG" 2>&1 ||
		{ cat "$DEB_LOG"; return 1; }
	if [ "${DEB_HAD_GROUP:-1}" = 0 ] && getent group uirq >/dev/null; then
		groupdel uirq || return 1
	fi
	return 0
}

# deb_install: the four packages, with dpkg -i (as a user would).
deb_install() {
	local files="" p f
	for p in $DEB_PKGS; do
		f=$(deb_file "$p") || return 1
		[ -n "$f" ] || { echo "no .deb for $p in $DEB_OUT"; return 1; }
		files="$files $f"
	done
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive dpkg -i $files >"$DEB_LOG" 2>&1 || { cat "$DEB_LOG"; return 1; }
}

# The kernels with headers installed: dkms builds for each (stock, -rt).
deb_kernels() {
	ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | sort -V
}
