#!/bin/sh
# gdb and plugins together: the gdb scripts marked "plugins:" run again
# with insn.so (inline counter) and regtrace.so (a callback per
# instruction) loaded. Breakpoints, steps and watchpoints must not make an
# instruction count twice or be missed: regtrace prints exactly as many
# instructions as insn counts, and (for scripts that do not change what
# the program does) as many as the same run without gdb. Then plugins
# loaded and unloaded from gdb (monitor plugin ...).

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
gdb=${GDB_MULTIARCH:-gdb-multiarch}
gdbdir=$top_srcdir/tests/gdb
guestdir=$top_builddir/tests/gdb
bridge=$top_builddir/tests/gdb/unix-bridge
plugins=$top_builddir/plugins
tmp=${TMPDIR:-/tmp}/test-gdb-plugins.$$
status=0

skip() {
    echo "SKIP: $*"
    exit 77
}

command -v "$gdb" >/dev/null 2>&1 ||
    skip "$gdb not found (apt-get install gdb-multiarch)"
[ -x "$guestdir/gdb-prog" ] ||
    skip "the gdb guest programs are not built (no AArch64 cross compiler?)"
[ -x "$emu" ] || { echo "FAIL: $emu is not built"; exit 1; }
[ -f "$plugins/insn.so" ] && [ -f "$plugins/regtrace.so" ] ||
    skip "the bundled plugins are not built"
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
mkdir -p "$tmp" || exit 1
# KEEP_TEST_TMP=1 keeps the outputs for a look.
[ -n "$KEEP_TEST_TMP" ] || trap 'rm -rf "$tmp"' EXIT INT TERM

. "$gdbdir/run-case.sh"

# Runs compared must see the same stack: the shell's "_" (the command
# run, timeout or emu) would move it, and with it string loops' counts.
same="-U _ -seed 1"

# insns: N from insn.so, and the number of regtrace lines, in log $1.
counts() {
    n=$(sed -n 's/^insns: //p' "$1")
    lines=$(grep -c '^0x[0-9a-f]*: ' "$1")
    echo "${n:-none} $lines"
}

for script in "$gdbdir"/*.gdb; do
    mode=$(header plugins "$script")
    [ -n "$mode" ] || continue
    name=$(basename "$script" .gdb)
    log=$tmp/$name.log
    # shellcheck disable=SC2046
    # shellcheck disable=SC2086
    run_case "$script" $same -plugin "$plugins/insn.so,inline=on" \
        -plugin "$plugins/regtrace.so,regs=x0" -D "$log" || continue
    set -- $(counts "$log")
    if [ "$1" = none ] || [ "$1" != "$2" ]; then
        fail "$name: insn.so counted $1 instructions, regtrace.so saw $2"
        continue
    fi
    if [ "$mode" = yes ]; then
        # shellcheck disable=SC2046,SC2086
        "$emu" $same -plugin "$plugins/insn.so,inline=on" \
            -plugin "$plugins/regtrace.so,regs=x0" -D "$tmp/$name.ref" \
            "$guestdir/gdb-prog" $(header args "$script") \
            >"$tmp/$name.ref.stdout" 2>"$tmp/$name.ref.stderr"
        set -- $(counts "$log") $(counts "$tmp/$name.ref")
        if [ "$1" != "$3" ] || [ "$2" != "$4" ]; then
            fail "$name: with gdb $1 instructions ($2 traced), without" \
                 "$3 ($4 traced)"
            continue
        fi
    fi
    if [ "$name" = setreg ] &&
       ! grep -q ' x0=0x00000000000003e8$' "$log"; then
        fail "setreg: regtrace never saw the x0 gdb wrote"
        continue
    fi
    echo "PASS: $name (each of $1 instructions seen once)"
done

# Plugins unloaded and loaded from gdb (monitor plugin ...); insn.so
# counts against a whole run without gdb.
# shellcheck disable=SC2086
"$emu" $same -plugin "$plugins/insn.so,inline=on" -D "$tmp/full.log" \
    "$guestdir/gdb-prog" >"$tmp/full.stdout" 2>&1
full=$(sed -n 's/^insns: //p' "$tmp/full.log")

log=$tmp/monitor-unload.log
# shellcheck disable=SC2086
if run_case "$gdbdir/monitor-unload.gdb" $same -D "$log"; then
    n=$(sed -n 's/^insns: //p' "$log")
    if [ "$n" != "$full" ]; then
        fail "monitor-unload: insn.so counted '$n' instructions, '$full'" \
             "without gdb"
    else
        echo "PASS: monitor-unload ($n instructions, as without gdb)"
    fi
fi

if command -v nm >/dev/null 2>&1 &&
   ! nm "$emu" 2>/dev/null | grep -q ' T plugin_load_now$'; then
    echo "SKIP: monitor-load: the plugin host cannot load plugins at run" \
         "time yet (no plugin_load_now in plugins/)"
else
    log=$tmp/monitor-load.log
    # shellcheck disable=SC2086
    if run_case "$gdbdir/monitor-load.gdb" $same -D "$log"; then
        n=$(sed -n 's/^insns: //p' "$log")
        if [ -z "$n" ] || [ -z "$full" ] || [ "$n" -le 0 ] ||
           [ "$n" -ge "$full" ]; then
            fail "monitor-load: insn.so loaded mid-run counted '$n' of" \
                 "'$full' instructions"
        else
            echo "PASS: monitor-load ($n of $full instructions after" \
                 "loading)"
        fi
    fi
fi

exit $status
