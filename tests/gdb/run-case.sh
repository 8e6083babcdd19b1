#!/bin/sh
# One gdb session against emu -g, as tests/test-gdb.sh and
# tests/test-gdb-plugins.sh run them: starts emu on a port it picks, runs
# gdb-multiarch in batch mode on the script, and checks what the script's
# header asks for. Sourced; defines run_case.
#
# Header lines of a tests/gdb/NAME.gdb script (gdb ignores them):
#   # prog: NAME        guest program, tests/gdb/NAME (default gdb-prog)
#   # args: ARGS        its arguments
#   # emu: OPTIONS      more options for emu
#   # expect: REGEX     gdb's output has a line matching (grep -E)
#   # reject: REGEX     ...and none matching this
#   # stdout: REGEX     the program's output has a line matching
#   # status: N         emu's exit status
#   # interactive: yes  gdb reads the script from a pipe, line by line, as
#                       typed; a line "#wait REGEX" holds back the rest
#                       until gdb's output matches, "#wait-stdout REGEX"
#                       until the program's does
#   # plugins: yes      also run by test-gdb-plugins.sh, with insn.so and
#                       regtrace.so, the counts compared with a run
#                       without gdb ("changes": the script changes what
#                       the program does, so only insn against regtrace)
#   # suite: plugins    run by test-gdb-plugins.sh only
#   # transport: unix   connect through a unix socket (via the bridge)
#   # nofile: yes       gdb is not given the program: it reads it from emu

# Settings the caller provides: emu, gdb, guestdir (built programs),
# gdbdir (the scripts), tmp, bridge (the unix-socket bridge program).

fail() {
    echo "FAIL: $*"
    status=1
}

header() {
    sed -n "s/^# $1: *//p" "$2"
}

# Wait until file $1 has a line matching $2, up to $3 tenths of a second.
wait_for() {
    n=0
    while ! grep -qE "$2" "$1" 2>/dev/null; do
        n=$((n + 1))
        [ $n -gt "$3" ] && return 1
        sleep 0.1
    done
    return 0
}

# run_case SCRIPT [EMU-OPTIONS...]: leaves the outputs in $tmp/$name.*;
# returns 0 when every check passed.
run_case() {
    script=$1
    shift
    name=$(basename "$script" .gdb)
    out=$tmp/$name
    prog=$(header prog "$script")
    prog=$guestdir/${prog:-gdb-prog}
    args=$(header args "$script")
    opts=$(header emu "$script")
    gdbprog=$prog
    [ "$(header nofile "$script")" = yes ] && gdbprog=
    ok=0

    rm -f "$out".*
    if [ "$(header transport "$script")" = unix ]; then
        sock=$tmp/$name.sock
        # shellcheck disable=SC2086
        timeout 90 "$emu" "$@" $opts -g "unix:$sock" "$prog" $args \
            >"$out.stdout" 2>"$out.stderr" &
        epid=$!
        n=0
        while ! [ -S "$sock" ] && [ $n -lt 100 ]; do
            sleep 0.1
            n=$((n + 1))
        done
        target="target remote | $bridge $sock"
    else
        # shellcheck disable=SC2086
        timeout 90 "$emu" "$@" $opts -g 0 "$prog" $args \
            >"$out.stdout" 2>"$out.stderr" &
        epid=$!
        if ! wait_for "$out.stderr" 'listening on' 100; then
            fail "$name: emu did not start listening"
            cat "$out.stderr"
            kill -9 $epid 2>/dev/null
            wait $epid 2>/dev/null
            return 1
        fi
        port=$(sed -n 's/.*listening on [^ ]*:\([0-9]*\)$/\1/p' \
                   "$out.stderr")
        target="target remote 127.0.0.1:$port"
    fi

    if [ "$(header interactive "$script")" = yes ]; then
        rm -f "$out.fifo"
        mkfifo "$out.fifo" || return 1
        timeout 60 "$gdb" -nx -q -ex 'set pagination off' \
            -ex 'set confirm off' -ex "$target" $gdbprog <"$out.fifo" \
            >"$out.gdb" 2>&1 &
        gpid=$!
        exec 9>"$out.fifo"
        while IFS= read -r line; do
            case $line in
            "#wait "*)
                wait_for "$out.gdb" "${line#\#wait }" 300 || {
                    fail "$name: gdb never printed /${line#\#wait }/"
                    ok=1
                    break
                } ;;
            "#wait-stdout "*)
                wait_for "$out.stdout" "${line#\#wait-stdout }" 300 || {
                    fail "$name: the program never printed" \
                         "/${line#\#wait-stdout }/"
                    ok=1
                    break
                } ;;
            "#"*) ;;
            *) printf '%s\n' "$line" >&9 ;;
            esac
        done <"$script"
        echo quit >&9
        exec 9>&-
    else
        timeout 60 "$gdb" -nx -batch -ex 'set pagination off' \
            -ex 'set confirm off' -ex "$target" -x "$script" $gdbprog \
            >"$out.gdb" 2>&1 &
        gpid=$!
    fi
    wait $gpid
    grc=$?
    # emu ends with gdb (killed, detached to finish, or exited); timeout
    # ends it otherwise.
    wait $epid
    erc=$?

    if [ $grc -ne 0 ] && [ $grc -ne 1 ]; then
        fail "$name: gdb exited with $grc"
        ok=1
    fi
    header expect "$script" >"$out.expect"
    while IFS= read -r re; do
        grep -qE -- "$re" "$out.gdb" || {
            fail "$name: gdb's output has no /$re/"
            ok=1
        }
    done <"$out.expect"
    header reject "$script" >"$out.reject"
    while IFS= read -r re; do
        if grep -E -- "$re" "$out.gdb"; then
            fail "$name: gdb's output has /$re/ (above)"
            ok=1
        fi
    done <"$out.reject"
    header stdout "$script" >"$out.want"
    while IFS= read -r re; do
        grep -qE -- "$re" "$out.stdout" || {
            fail "$name: the program's output has no /$re/"
            ok=1
        }
    done <"$out.want"
    want=$(header status "$script")
    if [ -n "$want" ] && [ "$erc" != "$want" ]; then
        fail "$name: emu exited with $erc, expected $want"
        ok=1
    fi
    bad='internal error\|Remote communication error\|Ignoring packet'
    bad="$bad\\|Sanitizer\\|runtime error:"
    if grep -q "$bad" "$out.stderr" "$out.gdb"; then
        fail "$name: errors (below)"
        grep "$bad" "$out.stderr" "$out.gdb"
        ok=1
    fi
    if [ $ok -ne 0 ]; then
        echo "---- $name: gdb said:"
        cat "$out.gdb"
        echo "---- $name: emu's stderr:"
        cat "$out.stderr"
        echo "----"
    fi
    return $ok
}
