#!/bin/sh
# Plugins and guest threads: each thread's vCPU gets its index, its
# vcpu_init and vcpu_exit callbacks and its own scoreboard entries, which
# inline operations in code shared by the threads update; the total
# insn.so reports is the sum of the per-vCPU counts.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin life
prog=$top_builddir/tests/guest/thread-cond
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }
insn=$top_builddir/plugins/insn.so

# check_sum NAME: insn.so's lines in NAME.err: two vCPUs, each having run
# instructions, adding up to the total.
check_sum() {
    v0=$(sed -n 's/^vcpu 0 insns: \([0-9]*\)$/\1/p' "$tmp/$1.err")
    v1=$(sed -n 's/^vcpu 1 insns: \([0-9]*\)$/\1/p' "$tmp/$1.err")
    all=$(sed -n 's/^insns: \([0-9]*\)$/\1/p' "$tmp/$1.err")
    if [ -n "$v0" ] && [ -n "$v1" ] && [ -n "$all" ] &&
       [ "$v0" -gt 1000 ] && [ "$v1" -gt 1000 ] &&
       [ $((v0 + v1)) -eq "$all" ]; then
        ok "$1: vcpu 0 $v0 + vcpu 1 $v1 = $all"
    else
        fail "$1: per-vCPU counts do not add up:"
        sed 's/^/    /' "$tmp/$1.err" | head -20
    fi
}

for mode in on off; do
    run inline-$mode -plugin "$insn,inline=$mode" "$prog"
    expect_rc inline-$mode 0
    expect_line "inline-$mode output" "$tmp/inline-$mode.out" \
        "pings 1000 pongs 1000"
    check_sum inline-$mode
done

# One vcpu_init per thread, with its index and the count so far; one
# vcpu_exit each: the thread's own when it ends, main's at the end.
run life -plugin "$TP/liblife.so" "$prog"
expect_rc life 0
expect_line "vcpu_init 0" "$tmp/life.err" "life: vcpu_init 0 (vcpus: 1)"
expect_line "vcpu_init 1" "$tmp/life.err" "life: vcpu_init 1 (vcpus: 2)"
expect_line "vcpu_exit 1" "$tmp/life.err" "life: vcpu_exit 1"
expect_line "vcpu_exit 0" "$tmp/life.err" "life: vcpu_exit 0"
n=$(grep -c '^life: vcpu_init' "$tmp/life.err")
[ "$n" = 2 ] && ok "two vcpu_init" || fail "$n vcpu_init callbacks, not 2"
n=$(grep -c '^life: vcpu_exit' "$tmp/life.err")
[ "$n" = 2 ] && ok "two vcpu_exit" || fail "$n vcpu_exit callbacks, not 2"

# More threads than scoreboards first hold entries for (16): they grow.
prog=$top_builddir/tests/guest/thread-many
if [ -x "$prog" ]; then
    run many -plugin "$insn,inline=on" "$prog"
    expect_rc many 0
    total=$(sed -n 's/^insns: \([0-9]*\)$/\1/p' "$tmp/many.err")
    sum=$(sed -n 's/^vcpu [0-9]* insns: \([0-9]*\)$/\1/p' "$tmp/many.err" |
          awk '{ s += $1 } END { print s }')
    n=$(grep -c '^vcpu [0-9]* insns:' "$tmp/many.err")
    if [ "$n" = 21 ] && [ "$sum" = "$total" ]; then
        ok "many: 21 vCPUs, sum $sum = total"
    else
        fail "many: $n vCPUs, sum $sum, total $total"
    fi
fi
exit $status
