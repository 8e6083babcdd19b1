#!/bin/sh
# Loading plugins: the -plugin grammar and EMU_PLUGIN, merging the same
# file's arguments, bare names, several plugins at once (each with its
# own id, called in load order), and each refusal with its exact message
# and exit status 1.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin info
prog=$top_builddir/tests/guest/hello
[ -x "$prog" ] || { echo "SKIP: $prog not built"; exit 77; }

# refused NAME MESSAGE [VAR=VALUE] ARGS...: emu ARGS (with VAR set)
# fails with status 1 and this first line on stderr; the program never
# runs.
refused() {
    name=$1
    msg=$2
    shift 2
    case $1 in
    EMU_*=*)
        var=$1
        shift
        run_env "$name" "$var" "$@"
        ;;
    *)
        run "$name" "$@"
        ;;
    esac
    expect_rc "$name" 1
    first=$(head -1 "$tmp/$name.err")
    [ "$first" = "$msg" ] || fail "$name: message '$first', not '$msg'"
    [ -s "$tmp/$name.out" ] && fail "$name: the program ran"
}

range="(this emu supports plugin API versions 2 to 6)"
refused newer "emu: plugin $TP/libbadversion.so: API version 7 is not supported $range" \
    -plugin "$TP/libbadversion.so" "$prog"
refused older "emu: plugin $TP/liboldversion.so: API version 1 is not supported $range" \
    -plugin "$TP/liboldversion.so" "$prog"
refused noversion "emu: plugin $TP/libnoversion.so: exports no qemu_plugin_version $range" \
    -plugin "$TP/libnoversion.so" "$prog"
refused noinstall "emu: plugin $TP/libnoinstall.so: does not define qemu_plugin_install" \
    -plugin "$TP/libnoinstall.so" "$prog"
refused failinstall "failinstall: refusing to install" \
    -plugin "$TP/libfailinstall.so" "$prog"
expect_line "failing install: who failed" "$tmp/failinstall.err" \
    "emu: plugin $TP/libfailinstall.so: qemu_plugin_install failed (returned 3)"
refused undefined "emu: plugin $TP/libundefined.so: cannot load: undefined symbol: qemu_plugin_no_such_function" \
    -plugin "$TP/libundefined.so" "$prog"
refused missing "emu: plugin $tmp/nonexistent.so: No such file or directory" \
    -plugin "$tmp/nonexistent.so" "$prog"
refused notelf "emu: plugin $top_srcdir/tests/plugins/lib.sh: cannot load: invalid ELF header" \
    -plugin "$top_srcdir/tests/plugins/lib.sh" "$prog"
run unknown -plugin no-such-plugin.so "$prog"
expect_rc unknown 1
grep -q "^emu: plugin 'no-such-plugin.so' not found in .*/plugins$" \
    "$tmp/unknown.err" || fail "unknown: $(cat "$tmp/unknown.err")"
refused syntax "emu: -plugin $TP/libinfo.so,verbose: argument 'verbose' is not NAME=VALUE" \
    -plugin "$TP/libinfo.so,verbose" "$prog"
refused empty "emu: -plugin file=: no plugin file named" -plugin file= "$prog"
refused envsyntax "emu: EMU_PLUGIN $TP/libinfo.so,x: argument 'x' is not NAME=VALUE" \
    "EMU_PLUGIN=$TP/libinfo.so,x" "$prog"

# The grammar: file=, NAME=VALUE (any '=' after the first is the value's),
# QEMU's old arg=VALUE, file= anywhere, and the same file twice as one
# plugin.
run args -d plugin -plugin "file=$TP/libinfo.so,a=1,b=x=y,arg=old" \
    -plugin "c=3,file=$TP/libinfo.so" "$prog"
expect_rc args 0
grep '^info: arg' "$tmp/args.err" >"$tmp/args.got"
printf 'info: arg a=1\ninfo: arg b=x=y\ninfo: arg old\ninfo: arg c=3\n' \
    >"$tmp/args.want"
cmp -s "$tmp/args.got" "$tmp/args.want" ||
    fail "arguments: $(tr '\n' ' ' <"$tmp/args.got")"
[ "$(grep -c 'loaded' "$tmp/args.err")" = 1 ] ||
    fail "the same file twice loaded twice"
expect_line "install information" "$tmp/args.err" \
    "info: install id nonzero, target aarch64, versions 2-6, system 0, vcpus 0"

# EMU_PLUGIN: one plugin, before those of the command line.
run_env env "EMU_PLUGIN=$TP/libinfo.so,from=env" "$prog"
expect_line "EMU_PLUGIN" "$tmp/env.err" "info: arg from=env"
grep -qx 'Hello from an AArch64 program!' "$tmp/env.out" ||
    fail "EMU_PLUGIN: the program did not run"

# Several plugins: each installs with its own id; callbacks in load order.
need_plugin count
run two -d plugin -plugin "$TP/libinfo.so" -plugin "$TP/libcount.so" \
    "$prog"
expect_rc two 0
grep -q "loaded: id 1," "$tmp/two.err" && grep -q "loaded: id 2," \
    "$tmp/two.err" || fail "two plugins: ids: $(grep loaded "$tmp/two.err")"
order=$(grep -E '^(info: atexit|count: tb_inline)' "$tmp/two.err" |
    cut -c1-10 | tr '\n' ' ')
[ "$order" = "info: atex count: tb_ " ] ||
    fail "two plugins: atexit order: $order"
grep -q '^count: tb_inline=[1-9]' "$tmp/two.err" ||
    fail "two plugins: the second did not count"

# Bare names: the bundled plugins, with or without .so.
if [ -f "$top_builddir/plugins/insn.so" ]; then
    for n in insn insn.so; do
        run "bare-$n" -plugin "$n" "$prog"
        expect_rc "bare-$n" 0
        grep -q '^insns: [1-9]' "$tmp/bare-$n.err" ||
            fail "-plugin $n: $(cat "$tmp/bare-$n.err")"
    done
fi
exit $status
