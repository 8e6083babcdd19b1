#!/bin/sh
# A real shell under emu: Debian's busybox-static for arm64 (fetched by
# scripts/fetch-busybox, which scripts/setup runs) runs pipelines,
# command substitutions, scripts and its own applets, which means fork,
# execve (of itself through /proc/self/exe, of #! scripts, of host
# programs) and wait. Skips when busybox is not there.

top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
cache=${EMU_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/emu}
bb=${EMU_BUSYBOX:-$cache/busybox-arm64/bin/busybox}

if [ ! -x "$bb" ]; then
    echo "SKIP: no busybox for arm64 at $bb (scripts/fetch-busybox gets it)"
    exit 77
fi
[ -x "$emu" ] || { echo "FAIL: $emu is not built"; exit 1; }
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-busybox.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
ulimit -c 0 2>/dev/null
timeout=
command -v timeout >/dev/null 2>&1 && timeout="timeout -k 5 120"

failed=0
n=0

# t NAME WANT_STATUS EXPECTED_OUTPUT SCRIPT: busybox sh -c SCRIPT; its
# stdout and stderr together must be EXPECTED_OUTPUT.
t() {
    name=$1 want=$2 expect=$3 script=$4
    n=$((n + 1))
    (cd "$tmp" && env -i PATH=/usr/bin:/bin LC_ALL=C BB="$bb" \
         $timeout "$emu" "$bb" sh -c "$script" >"$tmp/out" 2>&1 </dev/null)
    st=$?
    printf '%s\n' "$expect" >"$tmp/want"
    if [ "$st" = "$want" ] && cmp -s "$tmp/want" "$tmp/out"; then
        echo "PASS $name"
        return
    fi
    echo "FAIL $name: exit status $st (want $want); output, --- wanted:"
    diff -u "$tmp/want" "$tmp/out" | sed -n '3,30s/^/    /p'
    echo "  script: $script"
    failed=$((failed + 1))
}

entries=$(ls / | wc -l)
t pipeline 3 "b
$entries" 'echo a | busybox tr a b; busybox ls / | busybox wc -l; exit 3'

t substitution 0 "got SUB, 3 words" \
    'x=$(echo sub | busybox tr a-z A-Z); set -- $(echo a b c)
     echo "got $x, $# words"'

t status 0 "Killed
7 0 1 137" \
    'busybox sh -c "exit 7"; a=$?; busybox true; b=$?; busybox false; c=$?
     busybox sh -c "kill -9 \$\$"; echo $a $b $c $?'

t long-pipe 0 "3
2
1" 'for i in 1 2 3; do echo $i; done | busybox cat | busybox sort -r |
     busybox head -n 5'

# Background jobs: the wait builtin sleeps in rt_sigsuspend until the
# shell's SIGCHLD handler runs; trap runs a handler for a signal the
# shell sends itself.
t jobs 0 "started
waited 0
bg 5
got USR1
after" 'busybox sleep 0.2 & echo started; wait; echo "waited $?"
     (exit 5) & wait $!; echo "bg $?"
     trap "echo got USR1" USR1; kill -USR1 $$; echo after'

t xargs 0 "x
y" 'echo x y | busybox xargs -n1 echo'

t host-program 0 "host ok" '/bin/sh -c "echo host ok"'

printf '#!%s sh\necho "script $0 $1"\nexit 6\n' "$bb" >"$tmp/script"
chmod +x "$tmp/script"
t script 6 "script ./script arg" './script arg'

t missing 127 "sh: /no/such/program: not found" '/no/such/program'

echo "$((n - failed)) of $n passed"
[ "$failed" = 0 ]
