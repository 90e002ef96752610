# SPDX-License-Identifier: MIT
# bash completion for uirqctl(1). Installed by make install and the
# uirq-tools package as .../bash-completion/completions/uirqctl, which
# bash-completion loads the first time uirqctl is completed.
#
# Devices come from sysfs, read at completion time: PCI addresses for
# bind, the devices bound to uirq for unbind, info and stats, the non-PCI
# devices (uirqctl create) for destroy. UIRQ_SYSFS_ROOT replaces /sys, as
# it does for uirqctl --device (the tests use a fake tree).
# shellcheck shell=bash

_uirqctl_commands="asm disasm check sim list bind unbind info stats create destroy help"

# _uirqctl_devs KIND: uirq's devices; KIND pci, res (non-PCI) or all.
_uirqctl_devs()
{
	local sys=${UIRQ_SYSFS_ROOT:-/sys} d n
	for d in "$sys"/class/uirq/*; do
		[ -e "$d" ] || continue
		n=${d##*/}
		[ "$n" = control ] && continue
		case $n in
		[0-9a-f][0-9a-f][0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f].[0-7])
			[ "$1" = res ] && continue ;;
		*)
			[ "$1" = pci ] && continue ;;
		esac
		printf '%s\n' "$n"
	done
}

# PCI functions not bound to uirq yet: what bind can take.
_uirqctl_pci_unbound()
{
	local sys=${UIRQ_SYSFS_ROOT:-/sys} d drv
	for d in "$sys"/bus/pci/devices/*; do
		[ -e "$d" ] || continue
		drv=
		[ -L "$d/driver" ] && drv=$(readlink "$d/driver")
		[ "${drv##*/}" = uirq ] && continue
		printf '%s\n' "${d##*/}"
	done
}

_uirqctl()
{
	local cur prev words cword cmd i opts
	if declare -F _init_completion >/dev/null; then
		_init_completion || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	cmd=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		mapfile -t COMPREPLY < <(compgen -W "$_uirqctl_commands --help" -- "$cur")
		return
	fi

	# An option's argument first.
	case $prev in
	--kind)
		mapfile -t COMPREPLY < <(compgen -W "ack enable release init" -- "$cur")
		return ;;
	--trigger|-t)
		if [ "$cmd" = create ]; then
			mapfile -t COMPREPLY < <(compgen -W "edge edge-falling level level-low" -- "$cur")
			return
		fi
		[ "$cmd" = bind ] && return ;;
	--device)
		mapfile -t COMPREPLY < <(compgen -W "$(_uirqctl_devs pci; _uirqctl_pci_unbound)" -- "$cur")
		return ;;
	--model)
		mapfile -t COMPREPLY < <(compgen -f -X '!*.model' -- "$cur"; compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	-o|--output)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--region|--set|--run|--timeout|--irq|-i|--pio|-p|--mmio|-m)
		return ;;
	esac

	case $cmd in
	asm) opts="-o --output --help" ;;
	disasm) opts="--help" ;;
	check) opts="--kind --device --region --shared --help" ;;
	sim) opts="--model --run --kind --device --region --set --help" ;;
	list) opts="--help" ;;
	bind) opts="--timeout --help" ;;
	unbind) opts="--reprobe --help" ;;
	info) opts="--help" ;;
	stats) opts="--reset --help" ;;
	create) opts="--irq --trigger --pio --mmio --help" ;;
	destroy) opts="--help" ;;
	help) mapfile -t COMPREPLY < <(compgen -W "$_uirqctl_commands" -- "$cur")
		return ;;
	*) return ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return
	fi

	case $cmd in
	asm|disasm|check|sim)
		# Programs: assembly (.s) or the binary format (.bin).
		mapfile -t COMPREPLY < <(compgen -f -X '!*.s' -- "$cur"
			compgen -f -X '!*.bin' -- "$cur"; compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null ;;
	bind)
		mapfile -t COMPREPLY < <(compgen -W "$(_uirqctl_pci_unbound)" -- "$cur") ;;
	unbind)
		mapfile -t COMPREPLY < <(compgen -W "$(_uirqctl_devs pci)" -- "$cur") ;;
	info|stats)
		mapfile -t COMPREPLY < <(compgen -W "$(_uirqctl_devs all)" -- "$cur") ;;
	destroy)
		mapfile -t COMPREPLY < <(compgen -W "$(_uirqctl_devs res)" -- "$cur") ;;
	esac
}
complete -F _uirqctl uirqctl
