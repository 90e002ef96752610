#!/usr/bin/env bash
# uirqctl's bash completion: test_completion.sh FILE
# Sources FILE into a fresh bash, with and without bash-completion's
# _init_completion, and completes command lines against a fake sysfs tree
# (UIRQ_SYSFS_ROOT): commands, options, option arguments, program files and
# the devices each command takes. Ends with "N passed, N failed".
set -u
file=${1:-completion/uirqctl.bash}
case "$file" in /*) ;; *) file=$PWD/$file ;; esac
# shellcheck source=tests/tools/lib.sh
. "$(dirname "$0")/lib.sh"
d=$(mktemp -d "${TMPDIR:-/tmp}/uirq-comp.XXXXXX")
trap 'rm -rf "$d"' EXIT

# Two uirq devices (a PCI one, a non-PCI one), the control node; two PCI
# functions more: one unbound, one on another driver.
s=$d/sys
mkdir -p "$s/class/uirq/0000:00:04.0" "$s/class/uirq/lpt1" "$s/class/uirq/control" \
	"$s/bus/pci/drivers/uirq" "$s/bus/pci/drivers/e1000" \
	"$s/bus/pci/devices/0000:00:04.0" "$s/bus/pci/devices/0000:00:08.0" \
	"$s/bus/pci/devices/0000:00:03.0"
ln -s ../../../bus/pci/drivers/uirq "$s/bus/pci/devices/0000:00:04.0/driver"
ln -s ../../../bus/pci/drivers/e1000 "$s/bus/pci/devices/0000:00:03.0/driver"
mkdir -p "$d/work/progs"
: >"$d/work/ack.s"; : >"$d/work/ack.bin"; : >"$d/work/notes.txt"; : >"$d/work/edu.model"

# comp MODE LINE...: the sorted completions of the last word of LINE (an
# empty last word completes from nothing), one line, space-separated.
comp() {
	local mode=$1
	shift
	(
		cd "$d/work" || exit 1
		export UIRQ_SYSFS_ROOT=$s
		if [ "$mode" = bc ]; then
			# shellcheck disable=SC1091
			. /usr/share/bash-completion/bash_completion 2>/dev/null || exit 3
		fi
		# shellcheck disable=SC1090
		. "$file" || exit 4
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		_uirqctl uirqctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
	)
}

# t NAME WANT LINE...: both modes must give WANT.
t() {
	local name=$1 want=$2 got mode
	shift 2
	for mode in plain bc; do
		got=$(comp "$mode" "$@")
		if [ "$got" = "$want" ]; then
			ok "$mode: $name"
		else
			bad "$mode: $name" "got '$got', want '$want'"
		fi
	done
}

if bash -n "$file" 2>"$d/err"; then ok "syntax"; else bad "syntax" "$(cat "$d/err")"; fi
if [ "$(bash -c ". '$file'; complete -p uirqctl")" = "complete -F _uirqctl uirqctl" ]; then
	ok "complete -F _uirqctl uirqctl"
else
	bad "complete -F _uirqctl uirqctl" "$(bash -c ". '$file'; complete -p uirqctl" 2>&1)"
fi
if [ -f /usr/share/bash-completion/bash_completion ]; then
	ok "bash-completion installed (for the second mode)"
else
	bad "bash-completion installed" "no /usr/share/bash-completion/bash_completion (scripts/deps.sh pkg)"
fi

t "commands" "--help asm bind check create destroy disasm help info list sim stats unbind" uirqctl ""
t "commands starting with d" "destroy disasm" uirqctl d
t "help COMMAND" "sim stats" uirqctl help s
t "check options" "--device --help --kind --region --shared" uirqctl check ack.s --
t "--kind" "ack enable init release" uirqctl check ack.s --kind ""
t "programs: .s and .bin, directories" "ack.bin ack.s progs" uirqctl check ""
t "sim --model: .model files" "edu.model progs" uirqctl sim ack.s --model ""
t "asm -o: any file" "ack.bin ack.s edu.model notes.txt progs" uirqctl asm ack.s -o ""
t "bind: PCI functions not on uirq" "0000:00:03.0 0000:00:08.0" uirqctl bind ""
t "bind options" "--help --timeout" uirqctl bind --
t "unbind: PCI devices on uirq" "0000:00:04.0" uirqctl unbind ""
t "info: every uirq device, not control" "0000:00:04.0 lpt1" uirqctl info ""
t "stats after --reset" "0000:00:04.0 lpt1" uirqctl stats --reset ""
t "destroy: non-PCI devices" "lpt1" uirqctl destroy ""
t "create --trigger" "edge edge-falling level level-low" uirqctl create lpt2 --irq 7 --trigger ""
t "create --irq takes a number: nothing offered" "" uirqctl create lpt2 --irq ""
t "check --device" "0000:00:03.0 0000:00:04.0 0000:00:08.0" uirqctl check ack.s --device ""
t "list: options only" "--help" uirqctl list --
summary
