#!/bin/sh
# The interpreter back end stays tested where the code generator is the
# default: the guest programs (tests/run-guest.sh) and the lockstep
# comparison (tests/test-lockstep.sh) again, with -backend interp. The
# scripts run emu with a cleared environment, so the option goes through
# a wrapper rather than EMU_BACKEND; the wrapper's shell exports PWD, which
# the guest must not see. First, an unknown back end is refused.

top_builddir=${top_builddir:-.}
srcdir=${srcdir:-.}
emu=${EMU:-$top_builddir/src/emu}
case $emu in /*) ;; *) emu=$(pwd)/$emu ;; esac
if [ ! -x "$emu" ]; then
    echo "FAIL: $emu is not built"
    exit 1
fi

# A back end that does not exist is refused, by name.
out=$("$emu" -backend fast /bin/true 2>&1)
rc=$?
case $rc:$out in
1:*"unknown back end 'fast'"*) echo "PASS -backend fast refused" ;;
*) echo "FAIL: -backend fast gives status $rc: $out"; exit 1 ;;
esac

tmp=${TMPDIR:-/tmp}/test-interp.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '#!/bin/sh\nexec env -u PWD "%s" -backend interp "$@"\n' "$emu" \
    >"$tmp/emu"
chmod +x "$tmp/emu"

EMU=$tmp/emu
export EMU
status=77
for t in run-guest.sh test-lockstep.sh; do
    echo "== $t with -backend interp"
    sh "$srcdir/tests/$t"
    rc=$?
    case $rc in
    0) [ $status = 77 ] && status=0 ;;
    77) ;;
    *) status=1 ;;
    esac
done
exit $status
