#!/bin/sh
# Every guest program of tests/guest/ under qemu-aarch64 (the oracle) and
# under emu: stdout, stderr and the exit status (or the signal that killed
# the program) must be the same. One line per run, then a summary.
#
#   tests/run-guest.sh [NAME...]     only the runs whose name starts so
#
# Environment (set by make check): EMU, QEMU_AARCH64, AARCH64_CC,
# top_builddir. Both emulators get -seed 1, the same fixed environment,
# umask 022, no core dumps, and the same paths, so runs are reproducible.

top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
qemu=${QEMU_AARCH64-qemu-aarch64}
# Absolute, so that a program that changes directory can still find
# itself (qemu 7.2 answers /proc/self/exe with a path relative to the
# directory it started in).
guestdir=$top_builddir/tests/guest
guestdir=$(cd "$guestdir" 2>/dev/null && pwd) ||
    guestdir=$top_builddir/tests/guest
limit=${RUN_GUEST_TIMEOUT:-120}

skip() {
    echo "SKIP: $*" >&2
    echo "SKIP: $*"
    exit 77
}

if [ -n "${AARCH64_CC+set}" ] && [ -z "$AARCH64_CC" ]; then
    skip "no AArch64 cross compiler, so no guest programs" \
         "(apt-get install gcc-aarch64-linux-gnu, then ./configure)"
fi
if [ ! -x "$guestdir/hello" ]; then
    skip "the guest programs are not built ($guestdir/hello is missing)"
fi
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
    skip "no qemu-aarch64 to compare with (apt-get install qemu-user)"
fi
qemu=$(command -v "$qemu")
if [ ! -x "$emu" ]; then
    echo "FAIL: $emu is not built"
    exit 1
fi
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/run-guest.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

ulimit -c 0 2>/dev/null
umask 022
timeout=
if command -v timeout >/dev/null 2>&1; then
    timeout="timeout -k 5 $limit"
fi

passed=0
failed=0
failures=
seen=" "

# run1 WHICH OUTPREFIX PROG ARGS...: one run, under a fixed environment.
# A death by signal shows as 128+N, as a shell reports it; the subshell
# keeps the shell's own "Segmentation fault" remark out of the logs.
run1() {
    which=$1 out=$2
    shift 2
    if [ "$which" = qemu ]; then
        set -- "$qemu" -cpu cortex-a53 -seed 1 "$@"
    else
        set -- "$emu" -seed 1 "$@"
    fi
    (
        env -i GUEST_TEST_VAR="a value" PATH=/usr/bin:/bin LC_ALL=C \
            $timeout "$@" >"$out.out" 2>"$out.err" </dev/null
        echo $? >"$out.status"
    ) 2>/dev/null
}

# check NAME WANT FLAGS PROG [ARGS...]: run PROG under both and compare.
# WANT is the exit status the program must have under qemu too ("any"
# for programs without a fixed one). FLAGS: "nostderr" (stderr is the
# emulator's own message, e.g. qemu's "uncaught target signal"), "info"
# (a difference is shown but is no failure: where each emulator puts
# the stack, the heap and mappings; tests/test-lockstep.sh is what
# requires traces to agree). Lines starting "model:" are what depends on
# the CPU model or kernel version (AT_HWCAP bits, AT_MINSIGSTKSZ, which
# qemu 7.2 lacks): they are shown, not compared. The
# directory $dir is made afresh, empty, before each run (same path for
# both, so programs that print paths compare).
dir=$work/dir
check() {
    name=$1 want=$2 flags=$3 prog=$4
    shift 4
    seen="$seen$prog "
    if [ -n "$only" ]; then
        match=no
        for o in $only; do
            case $name in "$o"*) match=yes ;; esac
        done
        [ $match = yes ] || return 0
    fi
    if [ ! -x "$guestdir/$prog" ]; then
        echo "FAIL $name: $guestdir/$prog is not built"
        failed=$((failed + 1))
        failures="$failures $name"
        return
    fi
    for which in qemu emu; do
        rm -rf "$dir"
        mkdir -p "$dir"
        run1 $which "$work/$which" "$guestdir/$prog" "$@"
    done
    rm -rf "$dir"

    for which in qemu emu; do
        grep '^model:' "$work/$which.out" >"$work/$which.model"
        grep -v '^model:' "$work/$which.out" >"$work/$which.cmp"
    done
    qs=$(cat "$work/qemu.status") es=$(cat "$work/emu.status")
    why=
    if [ "$want" != any ] && [ "$qs" != "$want" ]; then
        why="under qemu-aarch64 it exits with $qs, not $want:"
        why="$why the test program itself is wrong"
    elif [ "$qs" != "$es" ]; then
        why="exit status $es, qemu-aarch64 gives $qs"
        [ "$es" = 124 ] && why="$why (emu timed out after ${limit}s)"
    elif ! cmp -s "$work/qemu.cmp" "$work/emu.cmp"; then
        why="stdout differs"
    elif [ "${flags#*nostderr}" = "$flags" ] &&
         ! cmp -s "$work/qemu.err" "$work/emu.err"; then
        why="stderr differs"
    fi
    if ! cmp -s "$work/qemu.model" "$work/emu.model"; then
        echo "NOTE $name: model-dependent lines differ (not compared):"
        diff "$work/qemu.model" "$work/emu.model" |
            sed -n 's/^</    qemu-aarch64:/p; s/^>/    emu:         /p'
    fi
    if [ -z "$why" ]; then
        echo "PASS $name (exit status $es)"
        passed=$((passed + 1))
        return
    fi
    if [ "${flags#*info}" != "$flags" ]; then
        echo "INFO $name: $why (informational, not a failure)"
    else
        echo "FAIL $name: $why"
        failed=$((failed + 1))
        failures="$failures $name"
    fi
    echo "  command: emu -seed 1 $guestdir/$prog $*"
    if ! cmp -s "$work/qemu.cmp" "$work/emu.cmp"; then
        echo "  stdout, qemu-aarch64 (---) against emu (+++):"
        diff -u "$work/qemu.cmp" "$work/emu.cmp" | sed -n '3,40s/^/    /p'
    fi
    if ! cmp -s "$work/qemu.err" "$work/emu.err"; then
        echo "  stderr, qemu-aarch64 (---) against emu (+++):"
        diff -u "$work/qemu.err" "$work/emu.err" | sed -n '3,20s/^/    /p'
    fi
}

only="$*"

check hello 0 "" hello
check args 0 "" args one "two words" "" '$HOME' "x=y"
check args-layout 0 info args --layout
check exit-exit-0 0 "" exit-code exit 0
check exit-exit-3 3 "" exit-code exit 3
check exit-exit-255 255 "" exit-code exit 255
check exit-exit-256 0 "" exit-code exit 256
check exit-return-42 42 "" exit-code return 42
check exit-_exit-7 7 "" exit-code _exit 7
check exit-atexit-9 9 "" exit-code atexit 9
check exit-usage 2 "" exit-code
check start 3 "" start
check arith 0 "" arith
check arith-quick 0 "" arith --quick
check loadstore 0 "" loadstore
check atomics 0 "" atomics
check fileio 0 "" fileio "$dir"
check mmap 0 "" mmap "$dir"
check mmap-layout 0 info mmap --layout
for how in unmapped null readonly rodata noexec; do
    check segv-$how 139 nostderr segv $how
done
check segv-udf 132 nostderr segv udf
check segv-brk 133 nostderr segv brk
check brk 0 "" brk
check brk-layout 0 info brk --layout
check printf 0 "" printf
check strings 0 "" strings
check control 0 "" control
check float 0 "" float
check bench-kernels-interp 0 "" bench-kernels interp 1
check fork 0 "" fork
check exec-usage 2 "" exec
check exec-host 3 "" exec run /bin/sh -c "exit 3"
# Exclusives: runs 1-5 die of SIGBUS (misaligned), 6 exits normally.
for n in 1 2 3 4 5; do
    check ldst-excl-$n 135 nostderr ldst-excl $n
done
check ldst-excl-6 0 "" ldst-excl 6
# Each word that must trap, run alone: qemu's death is the truth.
if [ -x "$guestdir/sys-trap" ]; then
    for w in $("$qemu" -cpu cortex-a53 "$guestdir/sys-trap" list |
               cut -d' ' -f1); do
        check sys-trap-$w any nostderr sys-trap $w
    done
fi

# Signal programs that end dying of a signal (qemu says so on stderr).
check sig-segv 139 nostderr sig-segv
check sig-raise 138 nostderr sig-raise
check sig-abort 134 nostderr sig-abort

# Everything else in tests/guest/ (the other helpers' programs, dp-*,
# branch-*, sys-*, ldst-*, simd-*): no arguments, qemu's status is the
# truth.
for f in "$guestdir"/*; do
    prog=${f##*/}
    case $prog in *.*) continue ;; esac
    [ -f "$f" ] && [ -x "$f" ] || continue
    case $seen in *" $prog "*) continue ;; esac
    check "$prog" any "" "$prog"
done

echo "run-guest: $passed passed, $failed failed"
if [ $failed -gt 0 ]; then
    echo "run-guest: failed:$failures"
    exit 1
fi
exit 0
