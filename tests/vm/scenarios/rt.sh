# S1 on PREEMPT_RT (suite vm-rt; guest: sh /vm/script [COUNT], COUNT goes
# to shared.sh, default 10000).
#
# First that the guest really runs the RT kernel and that uirq's handler
# really runs in an IRQ thread there (PREEMPT_RT force-threads every
# handler not marked IRQF_NO_THREAD: the ack program then runs in
# irq/N-uirq:BDF with the line masked, and ud->lock is a sleeping lock),
# then the whole of S1 unchanged. S1's own summary is renamed so that
# the last summary line, the one tests/vm/run reads, covers both parts.
. /vm/lib.sh
need uirqctl uirq-edu
need_module

t_eq "PREEMPT_RT kernel: /sys/kernel/realtime" "$(cat /sys/kernel/realtime 2>/dev/null)" 1
case "$(uname -v)" in
*PREEMPT_RT*) t_ok "PREEMPT_RT kernel: uname -v" ;;
*) t_fail "PREEMPT_RT kernel: uname -v" "$(uname -v)" ;;
esac
echo "  $(uname -r) $(uname -v)"

bdfs=$(edu_bdfs)
a=$(echo "$bdfs" | head -n 1)
if [ -n "$a" ] && uirqctl bind "$a" >/dev/null; then
	irq=$(irq_of "$a")
	uirq-edu --device "$a" --forever --quiet >/tmp/rt.forever 2>&1 &
	fpid=$!
	# The thread is named irq/IRQ-NAME (comm shows a kernel thread's
	# whole name since 5.17; older kernels cut it to 15 characters).
	want=$(printf 'irq/%s-uirq:%s' "$irq" "$a")
	short=$(echo "$want" | cut -c1-15)
	has_thread() { grep -qxF -e "$want" -e "$short" /proc/[0-9]*/comm; }
	if wait_for 10 has_thread; then
		t_ok "handler force-threaded: a '$want' thread"
	else
		t_fail "handler force-threaded: a '$want' thread" \
			"threads: $(grep -h '^irq/' /proc/[0-9]*/comm | tr '\n' ' ')"
	fi
	l0=$(irq_count "$irq")
	sleep 1
	echo "  $(irq_line "$irq") (+$(($(irq_count "$irq") - l0)) in 1 s)"
	kill -TERM "$fpid"
	wait "$fpid"
	t_eq "threaded handler: --forever exit" "$?" 0
	r=$(result_line /tmp/rt.forever "$a")
	n=$(echo "$r" | awk '{ print $3 }')
	t_eq "threaded handler: --forever result" "$r" "$a: raised $n received $n mismatched 0 lost 0"
	t_cmp "threaded handler: --forever raised" "${n:-0}" -gt 0
else
	t_fail "uirqctl bind '$a'" "no edu device, or uirq did not take it"
fi

echo "  --- S1 (shared.sh) on $(uname -r)"
{ sh /vm/scenarios/shared.sh "$@"; echo $? >/tmp/rt.s1rc; } |
	sed -E 's/^([0-9]+ passed, [0-9]+ failed.*)$/(S1) \1/' | tee /tmp/rt.s1
s1=$(grep -E '^\(S1\) [0-9]+ passed, [0-9]+ failed' /tmp/rt.s1 | tail -n 1)
if [ -n "$s1" ]; then
	T_PASS=$((T_PASS + $(echo "$s1" | awk '{ print $2 }')))
	T_FAIL=$((T_FAIL + $(echo "$s1" | awk '{ print $4 }')))
fi
if [ -z "$s1" ] || { [ "$(cat /tmp/rt.s1rc)" != 0 ] && [ "$T_FAIL" -eq 0 ]; }; then
	t_fail "S1 ran to its summary" "exit $(cat /tmp/rt.s1rc 2>/dev/null)"
fi
t_summary
