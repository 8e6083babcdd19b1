#!/bin/sh
# gdb is the judge of the target descriptions in xml/: gdb-multiarch loads
# each top-level file, includes and all, without a word of complaint, and
# numbers the registers as the register layer does.

xml=${top_srcdir:-${srcdir:-.}}/xml
gdb=${GDB_MULTIARCH:-gdb-multiarch}
tmp=${TMPDIR:-/tmp}/test-xml-gdb.$$
status=0

if ! command -v "$gdb" >/dev/null 2>&1; then
    echo "SKIP: $gdb not found"
    exit 77
fi
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "FAIL: $*"
    status=1
}

# Load one description; its register list goes to $tmp/regs.
load() {
    "$gdb" -nx -batch -ex "set tdesc filename $1" -ex 'show architecture' \
        -ex 'maint print registers' >"$tmp/out" 2>&1
    awk 'NR > 1 && $2 ~ /^[0-9]+$/ { print $1, $2, $6 }' "$tmp/out" \
        >"$tmp/regs"
}

# check FILE ARCH NAME:REGNUM[:TYPE]...
check() {
    file=$1 arch=$2
    shift 2
    load "$xml/$file"
    if grep -i -E 'warning|error|ignoring' "$tmp/out"; then
        fail "$file: gdb complained (above)"
    fi
    grep -q "currently \"$arch\"" "$tmp/out" ||
        fail "$file: gdb did not pick architecture $arch"
    for want in "$@"; do
        name=${want%%:*} rest=${want#*:}
        num=${rest%%:*} type=
        [ "$rest" != "$num" ] && type=${rest#*:}
        got=$(awk -v n="$name" '$1 == n { print $2 ":" $3 }' "$tmp/regs")
        case $got in
        "$num:$type"*) ;;
        "") fail "$file: gdb has no register $name" ;;
        *) fail "$file: $name is $got in gdb, expected $num:$type" ;;
        esac
    done
}

check aarch64.xml aarch64 \
    x0:0:long x29:29 x30:30 sp:31 pc:32 cpsr:33:cpsr_flags \
    v0:34:aarch64v v31:65:aarch64v fpsr:66:fpsr_flags fpcr:67:fpcr_flags \
    tpidr:68 tpidrro_el0:69:uint64_t ctr_el0:70 dczid_el0:71 midr_el1:72 \
    cntvct_el0:73 cntfrq_el0:74:uint64_t

# gdb shows the f registers under their ABI names (ft0 is f0).
check riscv64.xml riscv:rv64 \
    zero:0 ra:1 sp:2 fp:8 t6:31 pc:32 ft0:33:riscv_double fflags:66 frm:67 \
    fcsr:68 cycle:3137 time:3138 instret:3139

# And the check has teeth: gdb does complain about a broken include.
cp "$xml"/aarch64*.xml "$tmp/" || exit 1
sed 's/aarch64-fpu\.xml/aarch64-fp.xml/' "$xml/aarch64.xml" >"$tmp/aarch64.xml"
load "$tmp/aarch64.xml"
grep -q -i warning "$tmp/out" ||
    fail "gdb took a description with a missing include"

exit $status
