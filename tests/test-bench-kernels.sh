#!/bin/sh
# The six benchmark kernels (tests/guest/bench-kernels.c, a copy of
# ../shared/bench/kernels.c) at scale 1: each prints the same checksum
# under emu as the same C built for the host, and as under qemu-aarch64
# when that is installed. Prints the three times too (not checked).

top_builddir=${top_builddir:-.}
emu=${EMU:-$top_builddir/src/emu}
qemu=${QEMU_AARCH64-qemu-aarch64}
guest=$top_builddir/tests/guest/bench-kernels
host=$top_builddir/tests/bench-kernels-host

if [ -n "${AARCH64_CC+set}" ] && [ -z "$AARCH64_CC" ]; then
    echo "SKIP: no AArch64 cross compiler, so no guest kernels" \
         "(apt-get install gcc-aarch64-linux-gnu, then ./configure)"
    exit 77
fi
if [ ! -x "$guest" ]; then
    echo "SKIP: $guest is not built"
    exit 77
fi
for f in "$emu" "$host"; do
    if [ ! -x "$f" ]; then
        echo "FAIL: $f is not built"
        exit 1
    fi
done
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
    echo "NOTE: no qemu-aarch64: comparing with the host build only"
    qemu=
fi

now() {
    date +%s.%N
}

status=0
printf '%-8s %-26s %8s %8s %8s\n' kernel checksum emu_s qemu_s host_s
for k in crc32 sha256 sort matmul strops interp; do
    t0=$(now)
    h=$("$host" $k 1 2>&1)
    t1=$(now)
    e=$("$emu" "$guest" $k 1 2>&1)
    es=$?
    t2=$(now)
    q=-
    t3=$t2
    if [ -n "$qemu" ]; then
        q=$("$qemu" "$guest" $k 1 2>&1)
        t3=$(now)
    fi
    times=$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v q="$qemu" \
        'BEGIN { printf "%8.3f %8s %8.3f", c - b, q == "" ? "-" : \
                 sprintf("%.3f", d - c), b - a }')
    printf '%-8s %-26s %s\n' $k "${e#$k }" "$times"
    if [ $es -ne 0 ] || [ "$e" != "$h" ]; then
        echo "FAIL $k: emu printed \"$e\" (exit status $es), the host" \
             "build \"$h\""
        status=1
    fi
    if [ -n "$qemu" ] && [ "$q" != "$h" ]; then
        echo "FAIL $k: qemu-aarch64 printed \"$q\", the host build \"$h\"" \
             "(the kernel itself is not portable)"
        status=1
    fi
done
exit $status
