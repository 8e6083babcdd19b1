#!/bin/sh
# A plugin's life: vCPU init and exit, idle and resume around system
# calls, the end of the run; uninstall and reset asked for from inside
# each kind of callback: the plugin's callbacks stop at once, translated
# code is flushed, the flush callback runs, then the uninstall (or reset)
# callback; after an uninstall the plugin is unloaded and nothing of it
# runs (not even its atexit callback), after a reset only what it
# registered anew.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin life
prog=$top_builddir/tests/guest/hello
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }

# lines NAME: the plugin's lines, in order, in one string.
lines() {
    grep -E '^(life|emu): ' "$tmp/$1.err" | tr '\n' '#'
}

# in_order NAME TEXT...: the lines appear in this order.
in_order() {
    name=$1
    shift
    pat=
    for l in "$@"; do
        pat="$pat.*$l[^#]*#"
    done
    if lines "$name" | grep -q "$pat"; then
        ok "$name: $*"
    else
        fail "$name: expected in order: $*; got:"
        sed 's/^/    /' "$tmp/$name.err"
    fi
}

run plain -plugin "$TP/liblife.so" "$prog"
expect_rc plain 0
in_order plain "life: vcpu_init 0 (vcpus: 1)" "life: vcpu_exit 0" \
    "life: atexit: insns [0-9]*, ran"
# Every system call but exit_group returns: one more idle than resume.
i=$(sed -n 's/^life: idle \([0-9]*\) resume \([0-9]*\)$/\1/p' "$tmp/plain.err")
r=$(sed -n 's/^life: idle \([0-9]*\) resume \([0-9]*\)$/\2/p' "$tmp/plain.err")
[ -n "$i" ] && [ "$i" -gt 5 ] && [ "$r" = $((i - 1)) ] ||
    fail "idle/resume: $(grep idle "$tmp/plain.err")"
# for_each: nothing during install, the one vCPU from its init on.
in_order plain "life: vcpu_init 0 (vcpus: 1)" "life: for_each vcpu 0"
[ "$(grep -c 'for_each' "$tmp/plain.err")" = 1 ] ||
    fail "vcpu_for_each: $(grep -c for_each "$tmp/plain.err") calls, not 1"

# atexit on every way out: a program killed by a signal too.
segv=$top_builddir/tests/guest/segv
if [ -x "$segv" ]; then
    run segv -plugin "$TP/liblife.so" "$segv"
    expect_rc segv $((128 + 11))
    in_order segv "life: vcpu_exit 0" "life: atexit: insns [0-9]*, ran"
    [ "$(grep -c 'life: atexit' "$tmp/segv.err")" = 1 ] ||
        fail "segv: atexit did not run exactly once"
fi

for at in insn:1000 trans syscall init; do
    name=uninstall-${at%%:*}
    run "$name" -d plugin -plugin "$TP/liblife.so,at=$at" "$prog"
    expect_rc "$name" 0
    in_order "$name" "life: requesting uninstall" "life: flush 1" \
        "life: uninstall done after [0-9]* insns" \
        "emu: plugin [^#]*liblife.so uninstalled and unloaded"
    grep -q 'FAIL\|atexit\|vcpu_exit' "$tmp/$name.err" &&
        fail "$name: the plugin ran after its uninstall:" &&
        grep 'FAIL\|atexit\|vcpu_exit' "$tmp/$name.err"
    grep -qx 'Hello from an AArch64 program!' "$tmp/$name.out" ||
        fail "$name: the program did not run to its end"
done
has "$tmp/uninstall-insn.err" "life: uninstall done after 1000 insns" ||
    fail "instruction callbacks went on after the uninstall request"

for at in insn:1000 init; do
    name=reset-${at%%:*}
    run "$name" -d plugin -plugin "$TP/liblife.so,at=$at,do=reset" "$prog"
    expect_rc "$name" 0
    in_order "$name" "life: requesting reset" "life: flush 1" \
        "life: reset done after [0-9]* insns" \
        "emu: plugin [^#]*liblife.so reset" \
        "life: atexit after reset: insns [0-9]*, syscalls since [1-9][0-9]*"
    grep -q 'life: atexit: \|vcpu_exit\|FAIL' "$tmp/$name.err" &&
        fail "$name: callbacks from before the reset ran"
done
has "$tmp/reset-insn.err" "life: reset done after 1000 insns" ||
    fail "instruction callbacks went on after the reset request"
exit $status
