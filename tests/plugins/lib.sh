# Shared by tests/test-plugins-*.sh: where emu, the test plugins and their
# guest programs are, a scratch directory, and how a check fails.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
EMU=${EMU:-$top_builddir/src/emu}
TP=$top_builddir/tests/plugins
GUEST=$top_builddir/tests/plugins/guest
status=0
tmp=${TMPDIR:-/tmp}/emu-plugin-test.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "FAIL: $*"
    status=1
}

ok() {
    echo "ok: $*"
}

# need_guest NAME: the guest program, or SKIP without the cross compiler.
need_guest() {
    if [ ! -x "$GUEST/$1" ]; then
        echo "SKIP: $GUEST/$1 is not built (no AArch64 cross compiler?)"
        exit 77
    fi
}

# need_plugin NAME: tests/plugins/libNAME.so must be built.
need_plugin() {
    if [ ! -f "$TP/lib$1.so" ]; then
        echo "FAIL: $TP/lib$1.so is not built (make check builds it)"
        exit 1
    fi
}

# run NAME ARGS...: emu ARGS in an empty environment (runs repeat
# exactly), stdout in $tmp/NAME.out, stderr in $tmp/NAME.err, status in
# $tmp/NAME.rc.
run() {
    name=$1
    shift
    env -i "$EMU" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
    echo $? >"$tmp/$name.rc"
}

# run_env NAME VAR=VALUE ARGS...: the same with one variable set.
run_env() {
    name=$1
    var=$2
    shift 2
    env -i "$var" "$EMU" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" \
        </dev/null
    echo $? >"$tmp/$name.rc"
}

# has FILE LINE: FILE holds exactly this line.
has() {
    grep -qxF -- "$2" "$1"
}

# expect_line NAME FILE LINE: report whether FILE holds the line.
expect_line() {
    if has "$2" "$3"; then
        ok "$1"
    else
        fail "$1: no line '$3' in $(basename "$2"):"
        sed 's/^/    /' "$2" | head -20
    fi
}

# expect_rc NAME WANT: the status of run NAME.
expect_rc() {
    rc=$(cat "$tmp/$1.rc")
    if [ "$rc" = "$2" ]; then
        ok "$1 exits with $2"
    else
        fail "$1 exits with $rc, not $2; stderr:"
        sed 's/^/    /' "$tmp/$1.err" | head -20
    fi
}
