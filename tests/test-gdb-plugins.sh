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
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$gdbdir/run-case.sh"

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
    run_case "$script" -plugin "$plugins/insn.so,inline=on" \
        -plugin "$plugins/regtrace.so,regs=x0" -D "$log" || continue
    set -- $(counts "$log")
    if [ "$1" = none ] || [ "$1" != "$2" ]; then
        fail "$name: insn.so counted $1 instructions, regtrace.so saw $2"
        continue
    fi
    if [ "$mode" = yes ]; then
        # shellcheck disable=SC2046,SC2086
        "$emu" -plugin "$plugins/insn.so,inline=on" \
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

# monitor plugin load/unload.
log=$tmp/monitor-plugin.log
if run_case "$gdbdir/monitor-plugin.gdb" -D "$log"; then
    n=$(sed -n 's/^insns: //p' "$log")
    "$emu" -plugin "$plugins/insn.so,inline=on" -D "$tmp/full.log" \
        "$guestdir/gdb-prog" >/dev/null 2>&1
    full=$(sed -n 's/^insns: //p' "$tmp/full.log")
    if [ -z "$n" ] || [ -z "$full" ] || [ "$n" -le 0 ] ||
       [ "$n" -ge "$full" ]; then
        fail "monitor-plugin: insn.so loaded mid-run counted '$n' of" \
             "'$full' instructions"
    else
        echo "PASS: monitor-plugin ($n of $full instructions after loading)"
    fi
fi

exit $status
