#!/bin/sh
# make check: tests/lockstep.sh on short guest programs, each compared
# instruction by instruction with qemu-aarch64; fails when any of them
# diverges, and shows where.
#
#   tests/test-lockstep.sh          the short list (under a minute)
#   tests/test-lockstep.sh --all    every guest program of run-guest.sh's
#                                   kind that runs side by side (slow:
#                                   millions of instructions each)

top_builddir=${top_builddir:-.}
srcdir=${srcdir:-.}
guestdir=$top_builddir/tests/guest
qemu=${QEMU_AARCH64-qemu-aarch64}

if [ -n "${AARCH64_CC+set}" ] && [ -z "$AARCH64_CC" ]; then
    echo "SKIP: no AArch64 cross compiler, so no guest programs" \
         "(apt-get install gcc-aarch64-linux-gnu, then ./configure)"
    exit 77
fi
if [ ! -x "$guestdir/hello" ]; then
    echo "SKIP: the guest programs are not built ($guestdir/hello is missing)"
    exit 77
fi
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
    echo "SKIP: no qemu-aarch64 to compare with (apt-get install qemu-user)"
    exit 77
fi

# Short programs: start-up, exit paths, every integer data-processing
# and load/store form (arith --quick is an eighth of arith's grid),
# exclusives, mappings, deaths by signal.
set -- \
    "start" \
    "hello" \
    "exit-code atexit 5" \
    "arith --quick" \
    "loadstore" \
    "atomics" \
    "mmap" \
    "args a b" \
    "segv unmapped" \
    "segv udf"
if [ "${1:-}" = --all ] || [ "${LOCKSTEP_ALL:-}" = 1 ]; then
    set -- "$@" "arith" "control" "brk" "printf" "float" "strings" \
        "exit-code exit 3" "segv noexec" "segv brk"
fi

passed=0
failed=0
failures=
for run in "$@"; do
    # shellcheck disable=SC2086
    set -- $run
    prog=$1
    shift
    out=$(sh "$srcdir/tests/lockstep.sh" -q "$guestdir/$prog" "$@" 2>&1)
    status=$?
    if [ $status -eq 0 ]; then
        echo "PASS $run: $(echo "$out" | head -1 | sed 's/^lockstep: //')"
        passed=$((passed + 1))
    elif [ $status -eq 77 ]; then
        echo "SKIP: $out"
        exit 77
    else
        echo "FAIL $run:"
        echo "$out" | sed 's/^/    /'
        failed=$((failed + 1))
        failures="$failures [$run]"
    fi
done
echo "test-lockstep: $passed passed, $failed failed"
if [ $failed -gt 0 ]; then
    echo "test-lockstep: diverged:$failures"
    exit 1
fi
exit 0
