#!/bin/sh
# Counting instructions agrees across every mechanism of the plugin API
# (inline per block and per instruction, block and instruction callbacks,
# conditional callbacks) and with the number of instructions in
# qemu-aarch64's -singlestep -d cpu trace of the same program; conditional
# callbacks fire as their condition says.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin count
need_guest loop

progs="$GUEST/loop $top_builddir/tests/guest/hello $top_builddir/tests/guest/arith"
for prog in $progs; do
    [ -x "$prog" ] || continue
    p=$(basename "$prog")
    run "$p" -qemu-layout -seed 1 -plugin "$TP/libcount.so" "$prog"
    expect_rc "$p" 0
    line=$(grep '^count: tb_inline=' "$tmp/$p.err")
    n=$(echo "$line" | sed 's/.*tb_inline=\([0-9]*\).*/\1/')
    if [ -z "$n" ] || [ "$n" -eq 0 ]; then
        fail "$p: no count in: $line"
        continue
    fi
    want="count: tb_inline=$n insn_inline=$n tb_cb=$n insn_cb=$n tb_cond=$n insn_cond=$n"
    expect_line "$p: all mechanisms count $n" "$tmp/$p.err" "$want"
    if [ "$n" -ge 500 ]; then
        expect_line "$p: conditions" "$tmp/$p.err" \
            "count: seq=$n eq=1 ne=$((n - 1)) lt=99 le=100 gt=$((n - 100)) ge=$((n - 99))"
    fi
    # Each mechanism alone counts the same.
    for m in tb_inline insn_inline tb_cb insn_cb insn_cond; do
        run "$p-$m" -qemu-layout -seed 1 -plugin "$TP/libcount.so,mech=$m" \
            "$prog"
        grep -q "count: .*$m=$n " "$tmp/$p-$m.err" ||
            grep -q "count: .*$m=$n\$" "$tmp/$p-$m.err" ||
            fail "$p: $m alone: $(head -1 "$tmp/$p-$m.err")"
    done
    # More instrumentation than a full block can hold: blocks get
    # shorter, counts stay right.
    run "$p-heavy" -qemu-layout -seed 1 -plugin "$TP/libcount.so,mech=heavy" \
        "$prog"
    expect_line "$p: heavy instrumentation" "$tmp/$p-heavy.err" "$want"
    expect_line "$p: 32 callbacks per instruction" "$tmp/$p-heavy.err" \
        "count: heavy=$((32 * n))"
    # One instruction per block: the same count.
    run "$p-1" -qemu-layout -seed 1 -one-insn-per-tb \
        -plugin "$TP/libcount.so,mech=insn_inline" "$prog"
    grep -q "insn_inline=$n " "$tmp/$p-1.err" ||
        fail "$p: -one-insn-per-tb counts $(head -1 "$tmp/$p-1.err")"
    # The oracle.
    if [ -n "$QEMU_AARCH64" ]; then
        env -i "$QEMU_AARCH64" -cpu cortex-a53 -seed 1 -singlestep -d cpu \
            -D "$tmp/$p.qemu" "$prog" >"$tmp/$p.qout" 2>&1 </dev/null
        # Same output (to a file, as emu's): the same path through libc.
        cmp -s "$tmp/$p.qout" "$tmp/$p.out" ||
            fail "$p: output differs from qemu-aarch64's"
        q=$(grep -c ' PC=' "$tmp/$p.qemu")
        if [ "$q" = "$n" ]; then
            ok "$p: qemu-aarch64 -singlestep -d cpu counts $q too"
        else
            fail "$p: qemu-aarch64 counts $q instructions, the plugin $n"
        fi
    else
        echo "note: no qemu-aarch64, $p not compared with it"
    fi
done
# A block nobody instruments is translated exactly as without plugins:
# a plugin that sees every block but asks for nothing leaves the IR as it
# was (host addresses aside).
prog=$top_builddir/tests/guest/hello
if [ -x "$prog" ]; then
    mask() {
        grep -v '^count: ' "$1" | sed -E 's/0x[0-9a-f]{9,}/HOST/g'
    }
    run ir-bare -d op,in_asm -D "$tmp/ir-bare.log" "$prog"
    run ir-none -d op,in_asm -D "$tmp/ir-none.log" \
        -plugin "$TP/libcount.so,mech=none" "$prog"
    mask "$tmp/ir-bare.log" >"$tmp/ir-bare.masked"
    mask "$tmp/ir-none.log" >"$tmp/ir-none.masked"
    if [ -s "$tmp/ir-bare.masked" ] &&
        cmp -s "$tmp/ir-bare.masked" "$tmp/ir-none.masked"; then
        ok "uninstrumented blocks: the same IR as without plugins"
    else
        fail "uninstrumented blocks differ from those without plugins:"
        diff "$tmp/ir-bare.masked" "$tmp/ir-none.masked" | head -10
    fi
fi
exit $status
