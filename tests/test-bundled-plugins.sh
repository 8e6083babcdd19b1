#!/bin/sh
# The bundled plugins (plugins/*.so) on guest programs, their output
# checked for content: instruction counts against qemu-aarch64's
# -singlestep trace and against each other, the hot loop first, system
# calls counted, memory accesses by inline op and by callback, and
# regtrace's register values against qemu's at every instruction.
#
#   tests/test-bundled-plugins.sh
#
# About ten seconds; the longest program is bench-kernels crc32 0 (half a
# million instructions).
#
# Both emulators run the same way as tests/lockstep.sh does: an empty
# environment, -seed 1, and emu with -qemu-layout, so that the two
# processes start with the same stack and registers.

top_builddir=${top_builddir:-.}
srcdir=${srcdir:-${top_srcdir:-.}}
emu=${EMU:-$top_builddir/src/emu}
qemu=${QEMU_AARCH64-qemu-aarch64}
plugdir=$top_builddir/plugins
guestdir=$top_builddir/tests/guest

skip() {
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
for p in insn bb mem hotblocks syscall execlog howvec cache regtrace; do
    if [ ! -f "$plugdir/$p.so" ]; then
        echo "FAIL: $plugdir/$p.so is not built"
        exit 1
    fi
done
if [ ! -x "$emu" ]; then
    echo "FAIL: $emu is not built"
    exit 1
fi
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac
case $plugdir in /*) ;; *) plugdir=$(pwd)/$plugdir ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/test-bundled-plugins.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# tests/guest/plugin-loop: no C library, a hot loop of 1000 rounds with
# one load and one store each, three write calls, known memory traffic.
loop=$guestdir/plugin-loop
if [ ! -x "$loop" ]; then
    if [ -z "${AARCH64_CC:-}" ] ||
       ! $AARCH64_CC -static -nostdlib -o "$work/plugin-loop" \
           "$srcdir/tests/guest/plugin-loop.S"; then
        echo "FAIL: $loop is not built and cannot be built here"
        exit 1
    fi
    loop=$work/plugin-loop
fi

passed=0
failed=0

pass() {
    passed=$((passed + 1))
    echo "PASS $*"
}

fail() {
    failed=$((failed + 1))
    echo "FAIL $*"
}

# check NAME EXPECTED ACTUAL
check() {
    if [ "$2" = "$3" ]; then
        pass "$1 ($3)"
    else
        fail "$1: expected '$2', got '$3'"
    fi
}

# emu_run OUT PLUGIN-SPEC... -- PROG ARGS: plugin output (-D) into OUT,
# the guest's stdout into OUT.stdout, emu's stderr into OUT.stderr;
# returns emu's exit status.
emu_run() {
    out=$1
    shift
    plugins=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        plugins="$plugins -plugin $1"
        shift
    done
    shift
    # shellcheck disable=SC2086
    env -i "$emu" -qemu-layout -seed 1 -D "$out" $plugins "$@" \
        </dev/null >"$out.stdout" 2>"$out.stderr"
}

# qemu_trace LOG PROG ARGS: the register state before every instruction.
# The guest's stdout is a regular file, as under emu_run: glibc's stdio
# takes other paths for a pipe or a device.
qemu_trace() {
    log=$1
    shift
    env -i "$qemu" -cpu cortex-a53 -singlestep -seed 1 -d cpu -D "$log" \
        "$@" </dev/null >"$log.stdout" 2>&1
}

# value KEY FILE: the number after "KEY: " on the line that starts so.
value() {
    sed -n "s/^$1: \\([0-9][0-9]*\\).*/\\1/p" "$2" | head -1
}

# ---- Instruction counts: qemu's trace, insn, bb, howvec -----------------

count_insns() {
    name=$1
    shift
    # Counted as it streams: a long program's log runs to hundreds of MB.
    want=$(env -i "$qemu" -cpu cortex-a53 -singlestep -seed 1 -d cpu \
        -D /dev/fd/3 "$@" 3>&1 </dev/null >"$work/q.stdout" 2>/dev/null |
        grep -c ' PC=')

    emu_run "$work/i1" "$plugdir/insn.so,inline=on" -- "$@"
    check "insn inline=on: $name" "$want" "$(value insns "$work/i1")"
    emu_run "$work/i2" "$plugdir/insn.so" -- "$@"
    check "insn (callback): $name" "$want" "$(value insns "$work/i2")"
    emu_run "$work/b1" "$plugdir/bb.so,inline=on" -- "$@"
    check "bb inline=on insns: $name" "$want" \
        "$(sed -n 's/^bb.s: [0-9]*, insns: \([0-9]*\)$/\1/p' "$work/b1")"
    emu_run "$work/b2" "$plugdir/bb.so" -- "$@"
    check "bb (callback) insns: $name" "$want" \
        "$(sed -n 's/^bb.s: [0-9]*, insns: \([0-9]*\)$/\1/p' "$work/b2")"
    check "bb inline and callback blocks: $name" \
        "$(sed -n 's/^bb.s: \([0-9]*\),.*/\1/p' "$work/b1")" \
        "$(sed -n 's/^bb.s: \([0-9]*\),.*/\1/p' "$work/b2")"
    emu_run "$work/h1" "$plugdir/howvec.so" -- "$@"
    check "howvec total: $name" "$want" \
        "$(sed -n 's/^total, all classes, \([0-9]*\),.*/\1/p' "$work/h1")"
    emu_run "$work/h2" "$plugdir/howvec.so,inline=off" -- "$@"
    if cmp -s "$work/h1" "$work/h2"; then
        pass "howvec inline=off: the same table: $name"
    else
        fail "howvec inline=off: the table differs: $name"
    fi
}

count_insns plugin-loop "$loop"
count_insns hello "$guestdir/hello"
if [ -x "$guestdir/bench-kernels" ]; then
    count_insns "bench-kernels crc32 0" "$guestdir/bench-kernels" crc32 0
fi

# A plugin named without a path is found in the build tree; two plugins
# at once each print their own result; the guest's output is untouched.
emu_run "$work/one" "$plugdir/insn.so" -- "$loop"
emu_run "$work/two" insn.so,inline=on syscall.so -- "$loop"
status=$?
check "insn.so and syscall.so together: exit status" 0 "$status"
check "insn.so and syscall.so together: insns" \
    "$(value insns "$work/one")" "$(value insns "$work/two")"
check "insn.so and syscall.so together: syscall's table" 1 \
    "$(grep -c '^ *64  write  *3  *0$' "$work/two")"
check "insn.so and syscall.so together: guest output" \
    "plugin-loop plugin-loop plugin-loop" \
    "$(tr '\n' ' ' <"$work/two.stdout" | sed 's/ $//')"

# ---- hotblocks: the loop block first ------------------------------------

qemu_trace "$work/q.log" "$loop"
entry=$(sed -n 's/^ PC=\([0-9a-f]*\) .*/\1/p' "$work/q.log" | head -1)
# The loop starts four instructions after the entry point.
loop_pc=$(printf '0x%016x' $((0x$entry + 16)))
loop_end=$(printf '0x%016x' $((0x$entry + 16 + 24)))
emu_run "$work/hb" "$plugdir/hotblocks.so" -- "$loop"
check "hotblocks: hottest block" "$loop_pc, 1, 999, 6" \
    "$(sed -n '3p' "$work/hb")"
emu_run "$work/hbi" "$plugdir/hotblocks.so,inline=on,limit=0" -- "$loop"
check "hotblocks inline=on: hottest block" "$loop_pc, 1, 999, 6" \
    "$(sed -n '3p' "$work/hbi")"
emu_run "$work/bb" "$plugdir/bb.so" -- "$loop"
check "hotblocks executions = bb's" \
    "$(sed -n 's/^bb.s: \([0-9]*\),.*/\1/p' "$work/bb")" \
    "$(sed -n 's/^hotblocks: [0-9]* blocks, \([0-9]*\) executions$/\1/p' \
        "$work/hbi")"

# ---- syscall: write counted as qemu's -strace counts it -----------------

emu_run "$work/sc" "$plugdir/syscall.so" -- "$loop"
check "syscall: write" "3 0" \
    "$(awk '$2 == "write" { print $3, $4 }' "$work/sc")"
check "syscall: exit" "1 0" \
    "$(awk '$2 == "exit" { print $3, $4 }' "$work/sc")"
emu_run "$work/scp" "$plugdir/syscall.so,print=on" -- "$loop"
check "syscall print=on: the calls" \
    "$(grep -c '^vcpu 0: write(0x1, 0x[0-9a-f]*, 0xc, ' "$work/scp")" 3
check "syscall print=on: the returns" \
    "$(grep -c '^vcpu 0: write = 12 (0xc)$' "$work/scp")" 3
env -i "$qemu" -cpu cortex-a53 -seed 1 -strace "$guestdir/hello" \
    </dev/null >"$work/strace.stdout" 2>"$work/strace"
want=$(grep -c '^[0-9]* write(' "$work/strace")
emu_run "$work/sch" "$plugdir/syscall.so" -- "$guestdir/hello"
check "syscall: write in hello (qemu -strace: $want)" "$want" \
    "$(awk '$2 == "write" { print $3 }' "$work/sch")"

# ---- mem: inline and callback agree, and match the program --------------

emu_run "$work/m" "$plugdir/mem.so,inline=on,callback=on" -- "$loop"
check "mem inline=on" 2008 "$(value 'inline mem accesses' "$work/m")"
check "mem callback=on" 2008 "$(value 'callback mem accesses' "$work/m")"
check "mem loads and stores" "loads: 1004, stores: 1004" \
    "$(grep '^loads:' "$work/m")"
emu_run "$work/mr" "$plugdir/mem.so,inline=on,track=r" -- "$loop"
check "mem track=r" 1004 "$(value 'mem accesses' "$work/mr")"
emu_run "$work/mw" "$plugdir/mem.so,callback=on,track=w" -- "$loop"
check "mem track=w" 1004 "$(value 'mem accesses' "$work/mw")"
emu_run "$work/mh" "$plugdir/mem.so,inline=on,callback=on" -- \
    "$guestdir/hello"
check "mem inline = callback on hello" \
    "$(value 'inline mem accesses' "$work/mh")" \
    "$(value 'callback mem accesses' "$work/mh")"
emu_run "$work/mp" "$plugdir/mem.so,print-accesses=on" -- "$loop"
# The loop's store of the running sum 0+1+...+999 = 499500 = 0x79f2c.
check "mem print-accesses: the last sum stored" 1 \
    "$(grep -c ', 8, store, 0x0000000000079f2c$' "$work/mp")"

# ---- cache: its access counts are the instruction and access counts -----

emu_run "$work/c" "$plugdir/cache.so" -- "$loop"
check "cache: data and instruction accesses" "2008 6049" \
    "$(awk -F', ' '$1 == "0" { print $2, $5 }' "$work/c")"
check "cache: the worst offenders" 2 \
    "$(grep -c '^address, \(data\|fetch\) misses, instruction$' "$work/c")"
emu_run "$work/c1" "$plugdir/cache.so,dcachesize=64,dassoc=1,dblksize=64,evict=fifo" \
    -- "$loop"
check "cache: one block, data misses" 1 \
    "$(awk -F', ' '$1 == "0" { print $3 }' "$work/c1")"
emu_run "$work/cbad" "$plugdir/cache.so,dcachesize=1000" -- "$loop"
check "cache: bad geometry refused" 1 "$?"

# ---- execlog --------------------------------------------------------------

emu_run "$work/x" "$plugdir/execlog.so" -- "$loop"
check "execlog: one line per instruction" 6049 "$(wc -l <"$work/x")"
check "execlog: the loop's load" 1000 \
    "$(grep -c "^0, $loop_pc, 0x[0-9a-f]*, \"ldr x11, \\[sp, #8\\]\", load, 0x" \
        "$work/x")"
emu_run "$work/xa" "$plugdir/execlog.so,afilter=$loop_pc" -- "$loop"
check "execlog afilter=" 1000 "$(wc -l <"$work/xa")"
emu_run "$work/xi" "$plugdir/execlog.so,ifilter=svc" -- "$loop"
check "execlog ifilter=svc" 4 "$(wc -l <"$work/xi")"
emu_run "$work/xr" "$plugdir/execlog.so,reg=x9" -- "$loop"
check "execlog reg=x9: its changes" 1000 "$(grep -c ', x9 -> 0x' "$work/xr")"

# ---- regtrace against qemu -------------------------------------------------

# pc x0 sp per instruction, from qemu's log and from regtrace's lines.
qemu_pc_x0_sp() {
    awk '/^ PC=/ { pc = substr($1, 4); x0 = substr($2, 5) }
         / SP=/ { sp = $0; sub(/.* SP=/, "", sp); sub(/ .*/, "", sp);
                  print pc, x0, sp }' "$1"
}
regtrace_pc_x0_sp() {
    sed -n 's/^0x\([0-9a-f]*\): .* | x0=0x\([0-9a-f]*\) sp=0x\([0-9a-f]*\)$/\1 \2 \3/p' "$1"
}

qemu_pc_x0_sp "$work/q.log" >"$work/q.rows"
emu_run "$work/r" "$plugdir/regtrace.so,regs=x0:sp" -- "$loop"
regtrace_pc_x0_sp "$work/r" >"$work/r.rows"
if [ -s "$work/q.rows" ] && cmp -s "$work/q.rows" "$work/r.rows"; then
    pass "regtrace x0, sp = qemu's at every pc: plugin-loop" \
        "($(wc -l <"$work/r.rows") instructions)"
else
    fail "regtrace x0, sp differ from qemu's: plugin-loop (qemu < > emu):"
    diff "$work/q.rows" "$work/r.rows" | head -5
fi
check "regtrace: the line format" \
    "0x$entry: sub sp, sp, #0x20 | x0=0x0000000000000000 sp=0x$(head -1 \
        "$work/q.rows" | cut -d' ' -f3)" \
    "$(head -1 "$work/r")"

# hello runs glibc: its thread id (set_tid_address) is the host's, so
# x0 differs from qemu's where the id flows. In one emu run, regtrace
# (to outfile=) and emu's own -d cpu log: regtrace's x0 must equal that
# log's everywhere and qemu's wherever the log agrees with qemu; the pc
# and sp must equal qemu's at every instruction.
qemu_trace "$work/qh.log" "$guestdir/hello"
qemu_pc_x0_sp "$work/qh.log" >"$work/qh.rows"
env -i "$emu" -qemu-layout -seed 1 -one-insn-per-tb -d cpu \
    -D "$work/eh.log" \
    -plugin "$plugdir/regtrace.so,regs=x0:sp,outfile=$work/rh" \
    "$guestdir/hello" </dev/null >"$work/eh.stdout" 2>&1
qemu_pc_x0_sp "$work/eh.log" >"$work/eh.rows"
regtrace_pc_x0_sp "$work/rh" >"$work/rh.rows"
bad=$(paste -d' ' "$work/qh.rows" "$work/eh.rows" "$work/rh.rows" | awk '
    NF != 9 || $1 != $7 || $3 != $9 || $5 != $8 { bad++; next }
    $2 == $5 && $2 != $8 { bad++ }
    $2 != $8 { tid++ }
    END { print bad + 0, tid + 0 }')
if [ -s "$work/qh.rows" ] && [ "${bad% *}" = 0 ] &&
   [ "$(wc -l <"$work/qh.rows")" = "$(wc -l <"$work/rh.rows")" ]; then
    pass "regtrace pc, sp = qemu's, x0 too but for the thread id: hello" \
        "($(wc -l <"$work/rh.rows") instructions, ${bad#* } with the id)"
else
    fail "regtrace on hello: ${bad% *} rows differ from qemu's" \
        "($(wc -l <"$work/qh.rows") vs $(wc -l <"$work/rh.rows") rows)"
fi

# Unknown names: install fails, the message lists the valid names.
emu_run "$work/ru" "$plugdir/regtrace.so,regs=x0:x99" -- "$loop"
status=$?
check "regtrace regs=x99: exit status" 1 "$status"
if grep -q "unknown register 'x99'; valid names: x0 x1 .* sp pc .* v0 .* fpsr" \
       "$work/ru.stderr"; then
    pass "regtrace regs=x99: lists the valid names"
else
    fail "regtrace regs=x99: message: $(head -c 300 "$work/ru.stderr")"
fi
emu_run "$work/rn" "$plugdir/regtrace.so" -- "$loop"
check "regtrace without regs=: exit status" 1 "$?"

# Aliases, wide registers.
emu_run "$work/ra" "$plugdir/regtrace.so,regs=FP:lr:v0:cpsr" -- "$loop"
check "regtrace aliases and widths" \
    " x29=0x0000000000000000 x30=0x0000000000000000 v0=0x00000000000000000000000000000000 cpsr=0x" \
    "$(head -1 "$work/ra" | sed 's/.* |/ /; s/\(cpsr=0x\).*/\1/' | sed 's/^  */ /')"

# changes=on: exactly the lines where a register changed, with exactly
# those registers; computed here from the full trace.
emu_run "$work/rf" "$plugdir/regtrace.so,regs=x0:x9:sp" -- "$loop"
awk '{
    n = split($0, f, " \\| ");
    split(f[2], r, " ");
    line = ""
    for (i = 1; i <= 3; i++) {
        if (NR == 1 || r[i] != last[i]) line = line " " r[i]
        last[i] = r[i]
    }
    if (line != "") print f[1] " |" line
}' "$work/rf" >"$work/rc.want"
emu_run "$work/rc" "$plugdir/regtrace.so,regs=x0:x9:sp,changes=on" -- "$loop"
if cmp -s "$work/rc.want" "$work/rc"; then
    pass "regtrace changes=on ($(wc -l <"$work/rc") lines)"
else
    fail "regtrace changes=on (want < > got):"
    diff "$work/rc.want" "$work/rc" | head -5
fi

# range=: only the loop (6 instructions, 1000 rounds).
emu_run "$work/rr" "$plugdir/regtrace.so,regs=x9,range=$loop_pc-$loop_end" \
    -- "$loop"
check "regtrace range=: lines" 6000 "$(wc -l <"$work/rr")"
check "regtrace range=: addresses" 6000 \
    "$(awk -v lo="$loop_pc" -v hi="$loop_end" '
        { pc = substr($1, 1, 18) } pc >= lo && pc < hi' "$work/rr" | wc -l)"

# outfile=: the trace goes there, the same as to the plugin output.
emu_run "$work/ro" "$plugdir/regtrace.so,regs=x0:sp,outfile=$work/trace.txt" \
    -- "$loop"
if cmp -s "$work/r" "$work/trace.txt" && [ ! -s "$work/ro" ]; then
    pass "regtrace outfile="
else
    fail "regtrace outfile=: the file differs from the plugin output"
fi
emu_run "$work/rob" "$plugdir/regtrace.so,regs=x0,outfile=/nonexistent/t" \
    -- "$loop"
check "regtrace outfile= unwritable: exit status" 1 "$?"

echo "test-bundled-plugins: $passed passed, $failed failed"
[ $failed -eq 0 ]
