#!/bin/sh
# The man page and the parser agree: every option and EMU_* variable emu
# accepts is documented in man/emu.1, and everything documented exists.
# Also: the page renders without warnings, and --help lists each option.

srcdir=${srcdir:-.}
page=$srcdir/man/emu.1
emu=${EMU:-./src/emu}
tmp=${TMPDIR:-/tmp}/test-manpage.$$
status=0

fail() {
    echo "FAIL: $*"
    status=1
}

if [ ! -x "$emu" ]; then
    echo "FAIL: $emu is not built"
    exit 1
fi
if [ ! -r "$page" ]; then
    echo "FAIL: $page is missing"
    exit 1
fi
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The item lines (the line after each .TP) of one section of the page,
# with troff's escapes for dashes and fonts taken out.
tags() {
    awk -v want="$1" '
        /^\.S[HS] / { sec = $0; sub(/^\.S[HS] +/, "", sec);
                      gsub(/"/, "", sec); next }
        sec != want { tp = 0; next }
        /^\.TP/ { tp = 1; next }
        tp { print; tp = 0 }
    ' "$page" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/[",]/ /g'
}

# Options: the words of each OPTIONS item that start with a dash.
tags OPTIONS | tr ' ' '\n' | grep -E '^-[A-Za-z0-9]' | sed 's/=.*//' |
    sort -u >"$tmp/page-options"
"$emu" --list-options >"$tmp/options" ||
    fail "$emu --list-options exited with $?"
sort -u "$tmp/options" >"$tmp/emu-options"

# Variables: each ENVIRONMENT item names one.
tags ENVIRONMENT | grep -oE 'EMU_[A-Z0-9_]+' | sort -u >"$tmp/page-env"
"$emu" --list-env >"$tmp/env" || fail "$emu --list-env exited with $?"
sort -u "$tmp/env" >"$tmp/emu-env"

# Log items: each LOG ITEMS entry names one; "emu -d help" prints a
# heading, then one item per line.
tags 'LOG ITEMS' | awk '{ print $2 }' | sort -u >"$tmp/page-items"
"$emu" -d help >"$tmp/items" || fail "$emu -d help exited with $?"
sed 1d "$tmp/items" | awk 'NF { print $1 }' | sort -u >"$tmp/emu-items"

[ -s "$tmp/emu-items" ] || fail "emu -d help lists no items"
[ -s "$tmp/emu-options" ] || fail "emu lists no options"
[ -s "$tmp/emu-env" ] || fail "emu lists no EMU_* variables"

for o in $(comm -23 "$tmp/emu-options" "$tmp/page-options"); do
    fail "option $o is accepted by emu but not documented in man/emu.1"
done
for o in $(comm -13 "$tmp/emu-options" "$tmp/page-options"); do
    fail "option $o is documented in man/emu.1 but emu does not accept it"
done
for v in $(comm -23 "$tmp/emu-env" "$tmp/page-env"); do
    fail "variable $v is read by emu but not documented in man/emu.1"
done
for v in $(comm -13 "$tmp/emu-env" "$tmp/page-env"); do
    fail "variable $v is documented in man/emu.1 but emu does not read it"
done

for i in $(comm -23 "$tmp/emu-items" "$tmp/page-items"); do
    fail "log item $i is in emu -d help but not in man/emu.1 (LOG ITEMS)"
done
for i in $(comm -13 "$tmp/emu-items" "$tmp/page-items"); do
    fail "log item $i is documented in man/emu.1 but not in emu -d help"
done

# The documented options really parse: each one alone (with an argument
# where it takes one) is never "unknown".
for o in $(cat "$tmp/page-options"); do
    "$emu" "$o" >/dev/null 2>"$tmp/err" </dev/null
    if grep -q 'unknown option' "$tmp/err"; then
        fail "emu rejects documented option $o"
    fi
done

# --help shows every option and every variable.
"$emu" --help >"$tmp/help" || fail "emu --help exited with $?"
for o in $(cat "$tmp/emu-options"); do
    grep -qE -- "(^| )$o([ ,]|\$)" "$tmp/help" ||
        fail "emu --help does not show $o"
done
for v in $(cat "$tmp/emu-env"); do
    grep -q -- "$v" "$tmp/help" || fail "emu --help does not show $v"
done

# The page renders cleanly.
if command -v groff >/dev/null 2>&1; then
    LC_ALL=C groff -man -ww -z "$page" >"$tmp/groff" 2>&1
    if [ -s "$tmp/groff" ] || ! LC_ALL=C groff -man -ww -z "$page" \
           >/dev/null 2>&1; then
        fail "groff -man -ww reports on man/emu.1:"
        cat "$tmp/groff"
    fi
else
    echo "note: groff not installed, rendering not checked"
fi
if command -v man >/dev/null 2>&1; then
    if ! LC_ALL=C MANWIDTH=80 man -l "$page" >"$tmp/man" 2>"$tmp/man-err" ||
        ! grep -q 'EXIT STATUS' "$tmp/man"; then
        fail "man -l man/emu.1 does not render:"
        cat "$tmp/man-err"
    fi
else
    echo "note: man not installed, man -l not checked"
fi

if [ $status = 0 ]; then
    echo "PASS: $(wc -l <"$tmp/emu-options") options," \
         "$(wc -l <"$tmp/emu-env") variables and" \
         "$(wc -l <"$tmp/emu-items") log items: parser and man page agree"
fi
exit $status
