#!/bin/sh
# Real gdb against emu -g: every tests/gdb/*.gdb script in batch mode (see
# tests/gdb/run-case.sh for what their headers check), then a gdb that
# dies and a second one that takes over, and garbage on the wire.
#
#   tests/test-gdb.sh [NAME...]     only these scripts

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
gdb=${GDB_MULTIARCH:-gdb-multiarch}
gdbdir=$top_srcdir/tests/gdb
guestdir=$top_builddir/tests/gdb
bridge=$top_builddir/tests/gdb/unix-bridge
tmp=${TMPDIR:-/tmp}/test-gdb.$$
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
command -v timeout >/dev/null 2>&1 || skip "no timeout(1)"
mkdir -p "$tmp" || exit 1
# KEEP_TEST_TMP=1 keeps the outputs for a look.
[ -n "$KEEP_TEST_TMP" ] || trap 'rm -rf "$tmp"' EXIT INT TERM

. "$gdbdir/run-case.sh"

if [ $# -gt 0 ]; then
    scripts=
    for n in "$@"; do
        scripts="$scripts $gdbdir/$n.gdb"
    done
else
    scripts=$(ls "$gdbdir"/*.gdb)
fi

for script in $scripts; do
    name=$(basename "$script" .gdb)
    # Those need plugins: test-gdb-plugins.sh runs them.
    if [ $# -eq 0 ] && [ "$(header suite "$script")" = plugins ]; then
        continue
    fi
    if run_case "$script"; then
        echo "PASS: $name"
    fi
    # The register values gdb showed are the ones the program printed.
    if [ "$name" = regs ]; then
        shown=$(sed -n 's/^tpidr-is //p' "$tmp/regs.gdb")
        printed=$(sed -n 's/^tpidr=//p' "$tmp/regs.stdout")
        if [ -z "$shown" ] || [ "$shown" != "$printed" ]; then
            fail "regs: gdb shows tpidr '$shown', the program has '$printed'"
        fi
    fi
done
[ $# -gt 0 ] && exit $status

# gdb dies at a breakpoint; the program waits there for the next gdb,
# which finds it at the same place and lets it finish.
"$emu" -g 0 "$guestdir/gdb-prog" >"$tmp/re.stdout" 2>"$tmp/re.stderr" &
epid=$!
if wait_for "$tmp/re.stderr" 'listening on' 100; then
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\)$/\1/p' "$tmp/re.stderr")
    timeout 60 "$gdb" -nx -batch -ex "target remote 127.0.0.1:$port" \
        -ex 'break bump' -ex continue -ex 'shell kill -9 $PPID' \
        "$guestdir/gdb-prog" >"$tmp/re1.gdb" 2>&1
    timeout 60 "$gdb" -nx -batch -ex "target remote 127.0.0.1:$port" \
        -ex bt -ex continue "$guestdir/gdb-prog" >"$tmp/re2.gdb" 2>&1
    wait $epid
    rc=$?
    if ! grep -q '^Breakpoint 1, bump' "$tmp/re1.gdb" ||
       ! grep -q '^#0 .*bump () at' "$tmp/re2.gdb" ||
       ! grep -q 'exited with code 052' "$tmp/re2.gdb" || [ $rc != 42 ] ||
       ! grep -q '^x=48 counter=2 result=42$' "$tmp/re.stdout"; then
        fail "reconnect: a second gdb did not find the program where the" \
             "first one died (status $rc)"
        cat "$tmp/re1.gdb" "$tmp/re2.gdb" "$tmp/re.stderr"
    else
        echo "PASS: reconnect"
    fi
else
    fail "reconnect: emu did not listen"
    kill -9 $epid
fi

# Big memory writes (binary X packets, every byte value, escapes and
# all) and reads, larger than a packet: what goes in comes back.
LC_ALL=C awk 'BEGIN { srand(7)
    for (i = 0; i < 20000; i++) printf "%c", int(rand() * 256) }' \
    </dev/null >"$tmp/blob.in"
"$emu" -g 0 "$guestdir/gdb-prog" >"$tmp/mem.stdout" 2>"$tmp/mem.stderr" &
epid=$!
if wait_for "$tmp/mem.stderr" 'listening on' 100; then
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\)$/\1/p' "$tmp/mem.stderr")
    LC_ALL=C timeout 60 "$gdb" -nx -batch \
        -ex "target remote 127.0.0.1:$port" -ex 'break bump' -ex continue \
        -ex 'set $a = $sp - 30000' -ex "restore $tmp/blob.in binary \$a" \
        -ex "dump binary memory $tmp/blob.out \$a \$a + 20000" \
        -ex delete -ex continue "$guestdir/gdb-prog" >"$tmp/mem.gdb" 2>&1
    wait $epid
    rc=$?
    if [ "$(wc -c <"$tmp/blob.in")" != 20000 ] ||
       ! cmp -s "$tmp/blob.in" "$tmp/blob.out" || [ $rc != 42 ]; then
        fail "big-memory: 20000 bytes written did not read back the same" \
             "(status $rc)"
        cat "$tmp/mem.gdb" "$tmp/mem.stderr"
    else
        echo "PASS: big-memory"
    fi
else
    fail "big-memory: emu did not listen"
    kill -9 $epid
fi

# After a detach the program runs on, and a gdb that connects then stops
# it where it is (here: looping until gdb ends the loop).
"$emu" -g 0 "$guestdir/gdb-prog" loop >"$tmp/at.stdout" 2>"$tmp/at.stderr" &
epid=$!
if wait_for "$tmp/at.stderr" 'listening on' 100; then
    port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\)$/\1/p' "$tmp/at.stderr")
    timeout 60 "$gdb" -nx -batch -ex "target remote 127.0.0.1:$port" \
        -ex detach "$guestdir/gdb-prog" >"$tmp/at1.gdb" 2>&1
    wait_for "$tmp/at.stdout" '^looping$' 100
    timeout 60 "$gdb" -nx -batch -ex "target remote 127.0.0.1:$port" \
        -ex 'p counter > 0' -ex 'set var spin = 0' -ex continue \
        "$guestdir/gdb-prog" >"$tmp/at2.gdb" 2>&1
    wait $epid
    rc=$?
    if ! grep -q 'detached' "$tmp/at1.gdb" ||
       ! grep -q '^\$1 = 1$' "$tmp/at2.gdb" ||
       ! grep -q 'exited with code 052' "$tmp/at2.gdb" || [ $rc != 42 ]; then
        fail "attach-again: a second gdb could not take over the running" \
             "program (status $rc)"
        cat "$tmp/at1.gdb" "$tmp/at2.gdb" "$tmp/at.stderr"
    else
        echo "PASS: attach-again"
    fi
else
    fail "attach-again: emu did not listen"
    kill -9 $epid
fi

# Garbage, bad checksums, an overlong packet and unknown or truncated
# commands, then a real gdb: the stub answers or drops each, and the
# program is unharmed.
sock=$tmp/junk.sock
"$emu" -g "unix:$sock" "$guestdir/gdb-prog" >"$tmp/junk.stdout" \
    2>"$tmp/junk.stderr" &
epid=$!
n=0
while ! [ -S "$sock" ] && [ $n -lt 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
{
    printf 'noise\003#$$$#zz+-+'
    printf '$qSupported#00'                  # bad checksum: -
    printf '$?#3f'                            # good: T05
    printf '$Zfoo#00$#00'
    printf '$m0,#3d$m#6d$M1,2:zz#9d$P99999999999999999=1#27$vCont;x#5b'
    printf '$'; head -c 20000 /dev/zero | tr '\0' 'q'; printf '#00'
    printf '$X0,1:#2c$g1#d8$H#48$qXfer:features:read:nope.xml:0,ffff#6c'
    printf '$QStartNoAckMode#b0'
    printf '$p21#d3'
    sleep 1
} | timeout 20 "$bridge" "$sock" >"$tmp/junk.reply" 2>&1
timeout 60 "$gdb" -nx -batch -ex "target remote | $bridge $sock" \
    -ex 'p counter' -ex continue "$guestdir/gdb-prog" >"$tmp/junk.gdb" 2>&1
wait $epid
rc=$?
if ! grep -q -- '-' "$tmp/junk.reply" ||
   ! grep -q 'T05thread' "$tmp/junk.reply" ||
   ! grep -q 'E01' "$tmp/junk.reply" ||
   ! grep -q 'exited with code 052' "$tmp/junk.gdb" || [ $rc != 42 ] ||
   ! grep -q '^x=48 counter=2 result=42$' "$tmp/junk.stdout"; then
    fail "garbage: the stub did not answer as expected, or the program" \
         "suffered (status $rc)"
    cat "$tmp/junk.reply"
    echo
    cat "$tmp/junk.gdb" "$tmp/junk.stderr"
else
    echo "PASS: garbage"
fi

exit $status
