#!/bin/sh
# System call callbacks: the entry of write(1, buf, n) with its arguments
# and bytes, return values, and a filter that skips getpid so the guest
# gets the plugin's result.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin systest
need_guest sys

run sys -plugin "$TP/libsystest.so" "$GUEST/sys"
expect_rc sys 0
e=$tmp/sys.err
o=$tmp/sys.out
expect_line "write entry" "$e" "SYS write fd=1 len=17 text=hello from write|"
expect_line "write return" "$e" "SYS ret num=64 ret=17"
expect_line "failed write returns -EBADF" "$e" "SYS ret num=64 ret=-9"
expect_line "skipped getpid returns the plugin's value" "$e" \
    "SYS ret num=172 ret=4242"
expect_line "guest output" "$o" "hello from write"
expect_line "guest sees write's result" "$o" "write returned 17"
expect_line "guest sees the filtered result" "$o" "getpid returned 4242"
expect_line "guest sees the error" "$o" "bad write returned -1 errno 9"
# exit_group: an entry without a return.
line=$(grep '^SYS entries=' "$e")
en=$(echo "$line" | sed 's/SYS entries=\([0-9]*\).*/\1/')
rn=$(echo "$line" | sed 's/.*returns=\([0-9]*\)/\1/')
[ -n "$en" ] && [ "$rn" = $((en - 1)) ] ||
    fail "entries and returns do not pair: $line"
# Filtering another call leaves getpid alone.
run sys2 -plugin "$TP/libsystest.so,skip=173,ret=77" "$GUEST/sys"
if grep -q '^getpid returned [1-9]' "$tmp/sys2.out" &&
    ! grep -q '^getpid returned 4242$' "$tmp/sys2.out"; then
    ok "getpid runs when not filtered"
else
    fail "unfiltered getpid: $(grep getpid "$tmp/sys2.out")"
fi
exit $status
