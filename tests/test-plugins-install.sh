#!/bin/sh
# make installcheck: a plugin built out of tree, the way the manual says
# (cc -shared -fPIC $(pkg-config --cflags emu-plugin)), against the
# installed headers, runs under the installed emu; a bundled plugin is
# found by its bare name in the installed plugin folder.
cc=${CC:-cc}
pkgconfig=${PKG_CONFIG:-pkg-config}
EMU=${EMU:?EMU: the installed emu}
status=0
tmp=${TMPDIR:-/tmp}/emu-installcheck.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
    echo "FAIL: $*"
    status=1
}

if ! flags=$($pkgconfig --cflags emu-plugin); then
    echo "FAIL: pkg-config does not find emu-plugin (PKG_CONFIG_PATH=$PKG_CONFIG_PATH)"
    exit 1
fi
echo "pkg-config --cflags emu-plugin: $flags"
cat >"$tmp/outoftree.c" <<'EOC'
/* Out-of-tree plugin: counts instructions and reads sp at each block. */
#include <inttypes.h>
#include <stdio.h>
#include <qemu-plugin.h>
#include <emu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *sb;
static struct qemu_plugin_register *sp;
static uint64_t sp_reads;

static void at_block(unsigned int vcpu, void *ud)
{
    (void)vcpu;
    (void)ud;
    sp_reads += emu_plugin_read_register_u64(sp) != 0;
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(sb),
        qemu_plugin_tb_n_insns(tb));
    qemu_plugin_register_vcpu_tb_exec_cb(tb, at_block, QEMU_PLUGIN_CB_R_REGS,
                                         NULL);
}

static void fin(qemu_plugin_id_t id, void *ud)
{
    char s[100];
    (void)id;
    (void)ud;
    snprintf(s, sizeof(s), "outoftree: %" PRIu64 " insns, sp read %s\n",
             qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(sb)),
             sp_reads ? "ok" : "FAILED");
    qemu_plugin_outs(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    sp = emu_plugin_find_register("sp");
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_atexit_cb(id, fin, NULL);
    return 0;
}
EOC
# shellcheck disable=SC2086
if ! $cc -shared -fPIC -Wall -Wextra -Werror $flags -o "$tmp/outoftree.so" \
    "$tmp/outoftree.c"; then
    echo "FAIL: the out-of-tree plugin does not build"
    exit 1
fi
echo "ok: built an out-of-tree plugin with the installed headers"

if [ -z "${AARCH64_CC:-}" ]; then
    echo "note: no AArch64 cross compiler: the plugin is built, not run"
    exit $status
fi
printf '#include <stdio.h>\nint main(void) { puts("installed"); return 0; }\n' \
    >"$tmp/hello.c"
$AARCH64_CC -static -O2 -o "$tmp/hello" "$tmp/hello.c" || exit 1
"$EMU" -plugin "$tmp/outoftree.so" "$tmp/hello" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -qx installed "$tmp/out" &&
    grep -q '^outoftree: [1-9][0-9]* insns, sp read ok$' "$tmp/err"; then
    echo "ok: $(grep outoftree "$tmp/err")"
else
    fail "the out-of-tree plugin under $EMU (status $rc):"
    cat "$tmp/out" "$tmp/err"
fi
# Bare names find the installed plugins (not with DESTDIR: emu looks in
# the folder it was configured for).
if [ -z "${DESTDIR:-}" ]; then
    "$EMU" -plugin insn.so "$tmp/hello" >"$tmp/out" 2>"$tmp/err"
    if grep -q '^insns: [1-9]' "$tmp/err"; then
        echo "ok: -plugin insn.so found the installed plugin"
    else
        fail "-plugin insn.so: $(cat "$tmp/err")"
    fi
fi
exit $status
