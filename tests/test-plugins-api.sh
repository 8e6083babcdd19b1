#!/bin/sh
# The rest of the API: what install is told, bool parsing, time control,
# the program's path and code addresses, user-mode answers of the
# physical-address functions, scoreboards, block and instruction queries
# (data, size, address, host address, disassembly, symbol); a plugin
# patching guest code sees the patch run; and the project's benchmark
# plugin (regread.c, unchanged) runs.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin info
prog=$top_builddir/tests/guest/hello
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }

run info -plugin "$TP/libinfo.so" "$prog"
expect_rc info 0
e=$tmp/info.err
expect_line "bool parsing" "$e" \
    "info: bool on=1 yes=1 true=1 y=1 off=0 no=0 false=0 n=0 maybe=invalid =invalid"
expect_line "time control (user mode: never)" "$e" \
    "info: time control refused then refused"
expect_line "path to binary" "$e" "info: binary $prog"
entry=$(sed -n 's/^info: code .* entry \(0x[0-9a-f]*\)$/\1/p' "$e")
start=$(sed -n 's/^info: code \(0x[0-9a-f]*\)-.*/\1/p' "$e")
end=$(sed -n 's/^info: code 0x[0-9a-f]*-\(0x[0-9a-f]*\) .*/\1/p' "$e")
if [ -n "$entry" ] && [ $((start)) -le $((entry)) ] &&
    [ $((entry)) -lt $((end)) ]; then
    ok "code $start-$end holds the entry $entry"
else
    fail "code addresses: $(grep 'info: code' "$e")"
fi
if command -v aarch64-linux-gnu-readelf >/dev/null 2>&1; then
    e_entry=$(aarch64-linux-gnu-readelf -h "$prog" |
        sed -n 's/.*Entry point address: *//p')
    [ "$((e_entry))" = "$((entry))" ] ||
        fail "entry $entry, the ELF says $e_entry"
fi
expect_line "physical addresses (user mode)" "$e" \
    "info: hwaddr read 1 write 1 translate 0"
expect_line "reading guest memory" "$e" "info: read entry 1 (4 bytes), read 0 0"
expect_line "scoreboards" "$e" "info: scoreboard get 42 sum 42 slot 42 first 0"
grep -q "^info: first block at $entry, [0-9]* insns, 0 bad; first: [a-z]" \
    "$e" || fail "block queries: $(grep 'first block' "$e")"
expect_line "atexit, no discontinuity yet" "$e" \
    "info: atexit ran, discontinuities 0"

need_plugin patch
need_guest patch
run patch -plugin "$TP/libpatch.so" "$GUEST/patch"
expect_rc patch 0
expect_line "the marker's next instruction" "$tmp/patch.err" \
    "patch: after the marker: 'movz w0, #0x1' in patched_fn, 4 bytes, haddr matches"
expect_line "the patch is written" "$tmp/patch.err" "patch: wrote mov w0, #2"
expect_line "the code before" "$tmp/patch.out" "before=1"
expect_line "the patched code runs" "$tmp/patch.out" "after=2"

need_plugin regread
for m in empty read; do
    run "regread-$m" -plugin "$TP/libregread.so,mode=$m" "$prog"
    expect_rc "regread-$m" 0
done
n1=$(sed -n 's/^regread: insns=\([0-9]*\) .*/\1/p' "$tmp/regread-empty.err")
n2=$(sed -n 's/^regread: insns=\([0-9]*\) .*/\1/p' "$tmp/regread-read.err")
[ -n "$n1" ] && [ "$n1" = "$n2" ] && ! grep -q 'sum=0$' "$tmp/regread-read.err" ||
    fail "regread: $(cat "$tmp/regread-empty.err" "$tmp/regread-read.err")"
run regread-print -plugin "$TP/libregread.so,mode=print,out=$tmp/trace" "$prog"
head -1 "$tmp/trace" | grep -qE '^0x[0-9a-f]{16}: \| x0=0x[0-9a-f]{16} sp=0x[0-9a-f]{16}$' ||
    fail "regread print: $(head -1 "$tmp/trace")"
[ "$(wc -l <"$tmp/trace")" = "$n1" ] || fail "regread print: line count"
# The same reads through emu's extension give the same values (in the
# same run: a thread id in x0 differs from run to run).
need_plugin regfast
run both -plugin "$TP/libregread.so,mode=read" \
    -plugin "$TP/libregfast.so,mode=read" "$prog"
sum=$(sed -n 's/^regread: insns=[0-9]* sum=//p' "$tmp/both.err")
n=$(sed -n 's/^regread: insns=\([0-9]*\) .*/\1/p' "$tmp/both.err")
expect_line "regfast reads what regread reads" "$tmp/both.err" \
    "regfast: insns=$n sum=$sum"
exit $status
