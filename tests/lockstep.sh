#!/bin/sh
# Runs a static AArch64 program under qemu-aarch64 -singlestep and under
# emu -one-insn-per-tb, both logging the register state before every
# instruction (-d cpu), and reports the first instruction after which the
# states differ: the registers, both states, and the instruction that
# produced the difference, disassembled.
#
#   tests/lockstep.sh [-f] [-n N] [-k DIR] [-q] PROG [ARGS...]
#
#   -f      compare the FP/SIMD registers too (-d cpu,fpu)
#   -n N    compare only the first N instructions
#   -k DIR  keep both logs (DIR/qemu.log, DIR/emu.log); the programs then
#           run one after the other instead of side by side
#   -q      print only the verdict line (and the divergence, if any)
#
# Exit status: 0 the traces agree, 1 they differ (or a trace ends early),
# 2 a usage or set-up error, 77 qemu-aarch64 is missing.
#
# Both run with -seed 1 (AT_RANDOM and so the stack guard and pointer
# guard are the same: emu's -seed draws the same bytes as qemu's), an
# empty environment (qemu hands the environment over in reverse order,
# which would move strings around), stdin from /dev/null, in the current
# directory. Side by side, a program that writes files must not collide
# with itself: use -k for those.
#
# emu runs with -qemu-layout, so the process starts as under qemu
# 7.2 -cpu cortex-a53: the same stack bytes (no AT_MINSIGSTKSZ) and
# qemu's AT_HWCAP. Without it (LOCKSTEP_EMU_FLAGS= to drop it), the
# normalisations below for AT_HWCAP and AT_MINSIGSTKSZ apply, but code
# whose path depends on a stack address's alignment beyond 16 bytes
# (memset of a stack buffer with DC ZVA) then runs differently.
#
# What legitimately differs is normalised, counted, and listed at the
# end (see tests/lockstep-compare.awk):
#  - AT_HWCAP: qemu's cortex-a53 model advertises aes pmull sha1 sha2 and
#    not evtstrm (0x8fb), emu fp asimd evtstrm crc32 cpuid (0x887). A
#    register whose two values differ in exactly those bits counts as
#    equal. Override the two values with LOCKSTEP_QEMU_HWCAP and
#    LOCKSTEP_EMU_HWCAP (hex).
#  - AT_MINSIGSTKSZ: emu's auxv has it (as Linux's does), qemu 7.2's not:
#    stack addresses differ by the initial difference, and glibc's auxv
#    walk takes one more round in emu, whose instructions are skipped.
#  - results of system calls each emulator picks itself: thread and
#    process ids, the places of mmap regions and of the brk heap (values
#    inside them compare by offset), and the bytes of getrandom (qemu
#    takes them from the host, even with -seed; glibc's malloc keeps 8 as
#    its tcache key), learnt where they first show in a register. Finding
#    the system calls needs objdump for AArch64 (OBJDUMP, else the cross
#    binutils); without it these are not normalised.
#  - values computed from the above: when the instruction that ran (from
#    the disassembly) writes a register from a register that differed
#    legitimately ("and x4, x0, #0xfff" on a stack address; a pid turned
#    into digits; a pointer mangled with the pointer guard), or loads it
#    through an address computed from a differing value (not merely a
#    placed address: through those the same value must be loaded), the
#    result may differ. It is tolerated until overwritten, and the pair
#    of values is remembered (stored and loaded back later, it matches).
#    Flags may differ only if the instruction sets them; a branch that
#    then goes another way is a divergence.
# Time (clock_gettime, CNTVCT_EL0) is not normalised: lockstep programs
# should not look at the clock.

usage() {
    echo "usage: tests/lockstep.sh [-f] [-n N] [-k DIR] [-q] PROG [ARGS...]" >&2
    exit 2
}

items=cpu maxn=0 keep= quiet=
while getopts "fn:k:q" o; do
    case $o in
    f) items=cpu,fpu ;;
    n) maxn=$OPTARG ;;
    k) keep=$OPTARG ;;
    q) quiet=1 ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
prog=$1
shift

here=$(cd "$(dirname "$0")" && pwd)
emu=${EMU:-$here/../src/emu}
qemu=${QEMU_AARCH64-qemu-aarch64}
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
    echo "lockstep: SKIP: no qemu-aarch64 (apt-get install qemu-user)" >&2
    exit 77
fi
qemu=$(command -v "$qemu")
if [ ! -x "$emu" ]; then
    echo "lockstep: $emu is not built" >&2
    exit 2
fi
if [ ! -f "$prog" ]; then
    echo "lockstep: $prog: no such file" >&2
    exit 2
fi
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac

objdump=${OBJDUMP:-}
if [ -z "$objdump" ]; then
    for c in "${AARCH64_CC%gcc}objdump" aarch64-linux-gnu-objdump; do
        if [ -n "$c" ] && [ "$c" != objdump ] &&
           command -v "$c" >/dev/null 2>&1; then
            objdump=$c
            break
        fi
    done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lockstep.XXXXXX") || exit 2
pids=
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' HUP INT PIPE TERM
ulimit -c 0 2>/dev/null

# The program's disassembly, "PC<TAB>mnemonic<TAB>operands" with PCs as
# the traces print them: where its system calls are, and what each
# instruction reads and writes.
: >"$work/dis"
if [ -n "$objdump" ]; then
    "$objdump" -d "$prog" 2>/dev/null | awk -F '\t' '
        /^ *[0-9a-f]+:\t/ && NF >= 3 {
            pc = $1; sub(/^ */, "", pc); sub(/:$/, "", pc)
            while (length(pc) < 16) pc = "0" pc
            print pc "\t" $3 "\t" $4 }' >"$work/dis"
elif [ -z "$quiet" ]; then
    echo "lockstep: no objdump for AArch64: system call results and" \
         "values computed from normalised ones are not normalised"
fi

# run NAME LOG CMD...: one emulator, its output kept, its pid and then
# its status saved.
run() {
    name=$1 log=$2
    shift 2
    env -i "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null &
    echo $! >"$work/$name.pid"
    wait $!
    echo $? >"$work/$name.status"
}

if [ -n "$keep" ]; then
    mkdir -p "$keep" || exit 2
    qlog=$keep/qemu.log elog=$keep/emu.log
    run qemu "$qlog" "$qemu" -cpu cortex-a53 -singlestep -seed 1 -d $items \
        -D "$qlog" "$prog" "$@"
    run emu "$elog" "$emu" ${LOCKSTEP_EMU_FLAGS--qemu-layout} -one-insn-per-tb -seed 1 -d $items -D "$elog" \
        "$prog" "$@"
else
    # Side by side through FIFOs: the logs are never stored, and a
    # divergence stops both at once. After an emulator ends, its FIFO is
    # opened for writing again and again until the comparison ends, so
    # the reader never waits for a writer that is gone (an emulator that
    # failed before opening its log, say).
    qlog=$work/qemu.fifo elog=$work/emu.fifo
    mkfifo "$qlog" "$elog" || exit 2
    # (The keepers drop the traps: a trap would wait for a blocked open.)
    (
        trap - EXIT HUP INT PIPE TERM
        run qemu "$qlog" "$qemu" -cpu cortex-a53 -singlestep -seed 1 \
            -d $items -D "$qlog" "$prog" "$@"
        while :; do : >"$qlog"; sleep 1; done
    ) 2>/dev/null &
    pids="$pids $!"
    (
        trap - EXIT HUP INT PIPE TERM
        run emu "$elog" "$emu" ${LOCKSTEP_EMU_FLAGS--qemu-layout} -one-insn-per-tb -seed 1 -d $items \
            -D "$elog" "$prog" "$@"
        while :; do : >"$elog"; sleep 1; done
    ) 2>/dev/null &
    pids="$pids $!"
fi

awk -v qlog="$qlog" -v elog="$elog" -v disfile="$work/dis" \
    -v qhw="${LOCKSTEP_QEMU_HWCAP:-0x8fb}" \
    -v ehw="${LOCKSTEP_EMU_HWCAP:-0x887}" \
    -v minsigstksz="${LOCKSTEP_EMU_MINSIGSTKSZ:-0x1400}" \
    -v maxn="$maxn" -v report="$work/report" \
    -f "$here/lockstep-compare.awk" >"$work/verdict"
status=$?
# The emulators end at their exit, or of SIGPIPE once the comparison has
# stopped reading; give them a moment, then stop what is left.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    [ -f "$work/qemu.status" ] && [ -f "$work/emu.status" ] && break
    sleep 0.25
done
for w in qemu emu; do
    if [ ! -f "$work/$w.status" ] && [ -f "$work/$w.pid" ]; then
        kill "$(cat "$work/$w.pid")" 2>/dev/null
    fi
done

if [ -n "$quiet" ] && [ $status -eq 0 ]; then
    head -1 "$work/verdict"
else
    cat "$work/verdict"
fi
if [ $status -ne 0 ] && [ -f "$work/report" ] && [ -n "$objdump" ]; then
    pc=$(sed -n 's/^lastpc //p' "$work/report")
    if [ -n "$pc" ]; then
        end=$(printf '%x' $((0x$pc + 4)))
        echo "--- the instruction at $pc (objdump):"
        "$objdump" -d --start-address=0x$pc --stop-address=0x$end "$prog" |
            awk '/^ *[0-9a-f]+:/ { print "  " $0 }'
    fi
fi
if [ $status -eq 0 ] && [ "$maxn" = 0 ]; then
    qs=$(cat "$work/qemu.status" 2>/dev/null)
    es=$(cat "$work/emu.status" 2>/dev/null)
    if [ "$qs" != "$es" ]; then
        echo "lockstep: but the exit statuses differ: qemu-aarch64 $qs," \
             "emu $es"
        status=1
    fi
fi
if [ $status -ne 0 ] || [ -z "$quiet" ]; then
    for w in qemu emu; do
        if [ -s "$work/$w.err" ]; then
            echo "--- $w stderr:"
            sed -n '1,10p' "$work/$w.err"
        fi
    done
fi
[ $status -le 1 ] || status=2
exit $status
