#!/bin/sh
# Memory callbacks: for a guest function making known loads and stores,
# the plugin sees each access once, after it, with the right size,
# direction, sign extension, address and value (the guest prints what to
# expect); over the whole run inline counting and callbacks agree.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin memtrace
need_guest mem

run mem -plugin "$TP/libmemtrace.so" "$GUEST/mem"
expect_rc mem 0
grep '^MEM ' "$tmp/mem.out" >"$tmp/want"
grep '^MEM ' "$tmp/mem.err" | sed 's/ insn=.*//' >"$tmp/got"
if [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got"; then
    ok "$(wc -l <"$tmp/want") accesses as the guest made them"
else
    fail "accesses differ (< guest, > plugin):"
    diff "$tmp/want" "$tmp/got" | head -30
fi
line=$(grep '^memtrace: ' "$tmp/mem.err")
n=$(echo "$line" | sed 's/.*inline=\([0-9]*\).*/\1/')
expect_line "inline count = callback count" "$tmp/mem.err" \
    "memtrace: inline=$n callbacks=$n hwaddr=none device=Invalid"
[ "${n:-0}" -gt 1000 ] || fail "too few accesses counted: $line"
# The same with one instruction per block.
run mem1 -one-insn-per-tb -plugin "$TP/libmemtrace.so" "$GUEST/mem"
grep '^MEM ' "$tmp/mem1.err" | sed 's/ insn=.*//' | cmp -s - "$tmp/want" ||
    fail "-one-insn-per-tb: accesses differ"
exit $status
