#!/bin/sh
# execve under emu: a guest program that execs a guest program (another,
# itself, through /proc/self/exe, after a fork), a #! script whose
# interpreter is a guest program, host programs and scripts, the errors
# Linux gives, and -strace and -plugin carried to the new emu.
# qemu-aarch64 without binfmt_misc cannot run what a guest execs, so
# the expected output is written here.

top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
guestdir=$(cd "$top_builddir/tests/guest" 2>/dev/null && pwd)
plugindir=$(cd "$top_builddir/plugins" 2>/dev/null && pwd)

skip() {
    echo "SKIP: $*"
    exit 77
}

[ -n "$guestdir" ] && [ -x "$guestdir/exec" ] && [ -x "$guestdir/hello" ] ||
    skip "the guest programs are not built (no AArch64 cross compiler?)"
[ -x "$emu" ] || { echo "FAIL: $emu is not built"; exit 1; }
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-exec.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
ulimit -c 0 2>/dev/null

failed=0
n=0
x=$guestdir/exec

# t NAME WANT_STATUS EXPECTED_STDOUT EMU_ARGS...: stdout is compared
# whole, stderr must be empty.
t() {
    name=$1 want=$2 expect=$3
    shift 3
    n=$((n + 1))
    (cd "$tmp" && env -i PATH=/usr/bin:/bin LC_ALL=C "$emu" "$@" \
         >"$tmp/out" 2>"$tmp/err" </dev/null)
    st=$?
    if [ -n "$expect" ]; then
        printf '%s\n' "$expect" >"$tmp/want"
    else
        : >"$tmp/want"
    fi
    if [ "$st" != "$want" ]; then
        echo "FAIL $name: exit status $st, want $want"
    elif ! cmp -s "$tmp/want" "$tmp/out"; then
        echo "FAIL $name: stdout differs (--- wanted, +++ got):"
        diff -u "$tmp/want" "$tmp/out" | sed -n '3,30s/^/    /p'
    elif [ -s "$tmp/err" ]; then
        echo "FAIL $name: stderr not empty:"
        sed -n '1,10s/^/    /p' "$tmp/err"
    else
        echo "PASS $name"
        return 0
    fi
    echo "  command: emu $*"
    sed -n '1,10s/^/    stderr: /p' "$tmp/err"
    failed=$((failed + 1))
    return 1
}

hello='Hello from an AArch64 program!
It believes it runs on a aarch64 machine.'

t exec-hello 0 "$hello" "$x" run "$guestdir/hello"

t exec-self 5 "show: argc 4: [again] [show] [one] [two words]
show: /proc/self/exe ends in exec
show: EXEC_VAR=(unset)" "$x" self

t exec-env 5 "show: argc 2: [$x] [show]
show: /proc/self/exe ends in exec
show: EXEC_VAR=from execve" "$x" env

# -0 was for the first program only: the new one has the argv it is given.
t exec-argv0 5 "show: argc 3: [$x] [show] [a b]
show: /proc/self/exe ends in exec
show: EXEC_VAR=(unset)" -0 ignored "$x" run "$x" show "a b"

t exec-after-fork 0 "$hello
fork-run: child exited 1 status 0" "$x" fork-run "$guestdir/hello"

t execveat-dirfd 0 "$hello" "$x" at "$guestdir" hello
t execveat-fd 5 "show: argc 2: [$x] [show]
show: /proc/self/exe ends in exec
show: EXEC_VAR=(unset)" "$x" fd "$x" show
t execveat-missing 1 "execveat nothing: ENOENT" "$x" at "$guestdir" nothing

# A #! script run by a guest program, with the optional argument.
printf '#!%s show\nthis line is not read\n' "$x" >"$tmp/script"
chmod +x "$tmp/script"
t exec-script 5 "show: argc 4: [$x] [show] [$tmp/script] [arg]
show: /proc/self/exe ends in exec
show: EXEC_VAR=(unset)" "$x" run "$tmp/script" arg

# The interpreter is looked for under -L first.
mkdir -p "$tmp/root/bin"
cp "$x" "$tmp/root/bin/guest-interp"
printf '#!/bin/guest-interp show\n' >"$tmp/script-L"
chmod +x "$tmp/script-L"
t exec-script-sysroot 5 "show: argc 3: [/bin/guest-interp] [show] [$tmp/script-L]
show: /proc/self/exe ends in guest-interp
show: EXEC_VAR=(unset)" -L "$tmp/root" "$x" run "$tmp/script-L"

# Host programs and host scripts run on the host.
if [ -x /bin/sh ]; then
    printf '#!/bin/sh\necho "host script: $1"\nexit 4\n' >"$tmp/host-script"
    chmod +x "$tmp/host-script"
    t exec-host-script 4 "host script: x" "$x" run "$tmp/host-script" x
    t exec-host-program 3 "" "$x" run /bin/sh -c "exit 3"
fi

# The errors execve gives, as Linux gives them.
mkdir -p "$tmp/errs"
printf 'hi\n' >"$tmp/errs/not-executable"
printf 'junk\001\002' >"$tmp/errs/junk"
chmod +x "$tmp/errs/junk"
printf '#!/no/such/interpreter\n' >"$tmp/errs/no-interp"
chmod +x "$tmp/errs/no-interp"
errors="missing: ENOENT
not executable: EACCES
directory: EACCES
junk: ENOEXEC
missing interpreter: ENOENT
empty path: ENOENT
bad path pointer: EFAULT
bad argv pointer: EFAULT
bad string in argv: EFAULT
string too long: E2BIG
too many bytes: E2BIG"
t exec-errors 0 "$errors" "$x" errors "$tmp/errs"
t exec-missing 1 "execv $tmp/nothing: ENOENT" "$x" run "$tmp/nothing"

# -strace goes on in the new emu, which prints its own calls.
n=$((n + 1))
(cd "$tmp" && "$emu" -strace "$x" run "$guestdir/hello" >"$tmp/out" \
     2>"$tmp/err")
pid1=$(sed -n 's/^\([0-9]*\) execve(.*/\1/p' "$tmp/err")
if [ -z "$pid1" ]; then
    echo "FAIL exec-strace: no execve line:"
    sed 's/^/    /' "$tmp/err"
    failed=$((failed + 1))
elif ! grep -q "^$pid1 execve(\"$guestdir/hello\",.* = ?\$" "$tmp/err" ||
     ! grep -q "^$pid1 write(1,\"Hello from" "$tmp/err" ||
     ! grep -q "^$pid1 exit_group(0)" "$tmp/err"; then
    echo "FAIL exec-strace: the new program's calls are not traced:"
    sed 's/^/    /' "$tmp/err"
    failed=$((failed + 1))
else
    echo "PASS exec-strace"
fi

# -plugin goes on too: each program prints its own count, and a forked
# child counts on from its parent's.
if [ -f "$plugindir/insn.so" ]; then
    n=$((n + 1))
    (cd "$tmp" && "$emu" -plugin "$plugindir/insn.so" "$guestdir/hello" \
         >"$tmp/out" 2>"$tmp/alone")
    (cd "$tmp" && "$emu" -plugin "$plugindir/insn.so" "$x" run \
         "$guestdir/hello" >"$tmp/out" 2>"$tmp/err")
    if cmp -s "$tmp/alone" "$tmp/err" && grep -q '^insns: [1-9]' "$tmp/err"
    then
        echo "PASS exec-plugin"
    else
        echo "FAIL exec-plugin: want the count of hello alone:"
        sed 's/^/    alone: /' "$tmp/alone"
        sed 's/^/    after execve: /' "$tmp/err"
        failed=$((failed + 1))
    fi
    n=$((n + 1))
    (cd "$tmp" && "$emu" -plugin "$plugindir/insn.so" "$x" fork-run \
         "$guestdir/hello" >"$tmp/out" 2>"$tmp/err")
    if [ "$(grep -c '^insns: [1-9]' "$tmp/err")" = 2 ] &&
       grep -qx "$(cat "$tmp/alone")" "$tmp/err"; then
        echo "PASS exec-plugin-fork"
    else
        echo "FAIL exec-plugin-fork: want two counts, one hello's:"
        sed 's/^/    /' "$tmp/err"
        failed=$((failed + 1))
    fi
fi

echo "$((n - failed)) of $n passed"
[ "$failed" = 0 ]
