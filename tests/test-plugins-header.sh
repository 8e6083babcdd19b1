#!/bin/sh
# The plugin headers compile as C and as C++ without a warning at -Wall
# -Wextra, and every function a plugin may call is one emu exports.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
cc=${CC:-cc}
inc="-I$top_srcdir/plugins $(pkg-config --cflags glib-2.0)"
cat >"$tmp/t.c" <<'EOC'
#include <emu-plugin.h>
QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
struct s { uint64_t a, b; };
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    struct qemu_plugin_scoreboard *sb =
        qemu_plugin_scoreboard_new(sizeof(struct s));
    qemu_plugin_u64 e = qemu_plugin_scoreboard_u64(sb);
    qemu_plugin_u64 f = qemu_plugin_scoreboard_u64_in_struct(sb, struct s, b);
    (void)id; (void)info; (void)argc; (void)argv;
    return (int)(e.offset + f.offset);
}
EOC
for std in gnu11 c99 c11; do
    if $cc -std=$std -Wall -Wextra -Werror $inc -c "$tmp/t.c" \
        -o "$tmp/t.o" 2>"$tmp/err"; then
        ok "C ($std)"
    else
        fail "C ($std):"
        cat "$tmp/err"
    fi
done
cxx=${CXX:-c++}
if command -v "$cxx" >/dev/null 2>&1; then
    cp "$tmp/t.c" "$tmp/t.cc"
    for std in c++11 c++17; do
        if $cxx -std=$std -Wall -Wextra -Werror $inc -c "$tmp/t.cc" \
            -o "$tmp/t.o" 2>"$tmp/err"; then
            ok "C++ ($std)"
        else
            fail "C++ ($std):"
            cat "$tmp/err"
        fi
    done
else
    echo "note: no C++ compiler, C++ not checked"
fi

# The example of emu-plugins(7) compiles as shown and runs.
page=$top_srcdir/man/emu-plugins.7
awk '/^\.SH WRITING A PLUGIN/ { w = 1 } w && /^\.EE/ { exit }
     go { print } w && /^\.EX/ { go = 1 }' "$page" |
    sed -e 's/\\e/\\/g' -e 's/\\-/-/g' >"$tmp/svccount.c"
if ! grep -q qemu_plugin_install "$tmp/svccount.c"; then
    fail "no example found in $page"
elif $cc -shared -fPIC -Wall -Werror $inc -o "$tmp/svccount.so" \
    "$tmp/svccount.c" 2>"$tmp/err"; then
    ok "the man page's example compiles"
    prog=$top_builddir/tests/guest/hello
    if [ -x "$prog" ] && [ -x "$EMU" ]; then
        "$EMU" -plugin "$tmp/svccount.so" "$prog" >/dev/null 2>"$tmp/ex.err"
        if grep -q '^instructions: [1-9]' "$tmp/ex.err" &&
            grep -q '^system call 64: [1-9]' "$tmp/ex.err"; then
            ok "the man page's example runs"
        else
            fail "the man page's example: $(cat "$tmp/ex.err")"
        fi
    fi
else
    fail "the man page's example does not compile:"
    cat "$tmp/err"
fi

# Every function the headers declare is exported by emu, and nothing else.
if command -v nm >/dev/null 2>&1 && [ -x "$EMU" ]; then
    cat "$top_srcdir/plugins/qemu-plugin.h" "$top_srcdir/plugins/emu-plugin.h" |
        tr -s ' \n' ' ' | grep -oE '\b(qemu|emu)_plugin_[a-z0-9_]+\(' |
        tr -d '(' | grep -v '^qemu_plugin_install$' | sort -u >"$tmp/all"
    # Less the macros.
    cat "$top_srcdir/plugins/qemu-plugin.h" "$top_srcdir/plugins/emu-plugin.h" |
        sed -n 's/^#define \([a-z_0-9]*\).*/\1/p' | sort -u >"$tmp/macros"
    comm -23 "$tmp/all" "$tmp/macros" >"$tmp/declared"
    nm -D --defined-only "$EMU" | awk '$2 == "T" { print $3 }' |
        sort -u >"$tmp/exported"
    missing=$(comm -23 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
    extra=$(comm -13 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
    [ -z "$missing" ] || fail "declared but not in emu: $missing"
    [ -z "$extra" ] || fail "emu exports more than the API: $extra"
    [ -n "$missing$extra" ] ||
        ok "emu exports the $(wc -l <"$tmp/declared") API functions, nothing else"
fi
exit $status
