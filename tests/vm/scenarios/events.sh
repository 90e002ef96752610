# Events on the real kernel (guest: sh /vm/script): ring overflow, the
# UIO-style count, eventfd, the re-check after UNMASK and IRQ_ON, quiet,
# the init program.
# The first edu device is bound to uirq; the others stay unbound, so
# nothing else is on its line.
. /vm/lib.sh
need uirqctl test_events
need_module
set -- $(edu_bdfs)
[ $# -ge 1 ] || { t_fail "an edu device"; t_summary; exit 1; }
uirqctl bind "$1" >/dev/null || { t_fail "bind $1"; t_summary; exit 1; }
test_events "$1"
