#!/bin/sh
# Discontinuity callbacks: a SIGSEGV taken by a guest handler is an
# exception from the faulting load to the handler; raise(SIGUSR1) is an
# interrupt to its handler.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin discon
need_guest signals

run sig -plugin "$TP/libdiscon.so" "$GUEST/signals"
expect_rc sig 0
o=$tmp/sig.out
e=$tmp/sig.err
segv=$(sed -n 's/^segv handler //p' "$o")
usr1=$(sed -n 's/^usr1 handler //p' "$o")
at=$(sed -n 's/^fault at //p' "$o")
expect_line "the handler ran" "$o" "usr1 ran 1"
expect_line "SIGSEGV: exception from the load to the handler" "$e" \
    "DISCON type=exception from=$at to=$segv"
if grep -q "^DISCON type=interrupt from=0x[0-9a-f]* to=$usr1\$" "$e"; then
    ok "SIGUSR1: interrupt to the handler"
else
    fail "no interrupt to $usr1: $(cat "$e")"
fi
n=$(grep -c '^DISCON' "$e")
[ "$n" = 2 ] && ok "two discontinuities" || fail "$n discontinuities"
exit $status
