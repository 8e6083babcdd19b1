/* Test plugin: regread.c's measurement through emu's extension. Per
 * executed instruction it does nothing (mode=empty, NO_REGS) or reads x0
 * and sp with emu_plugin_read_register_u64 (mode=read, R_REGS), and sums
 * them as regread does: the two must print the same sum. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <emu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static bool read_regs;
static struct qemu_plugin_register *x0, *sp;
static uint64_t sum, n;

static void insn_cb(unsigned int vcpu, void *ud)
{
    n++;
    if (read_regs) {
        sum += emu_plugin_read_register_u64(x0) ^
               emu_plugin_read_register_u64(sp);
    }
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        qemu_plugin_register_vcpu_insn_exec_cb(
            qemu_plugin_tb_get_insn(tb, i), insn_cb,
            read_regs ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void fin(qemu_plugin_id_t id, void *p)
{
    char s[100];
    snprintf(s, sizeof(s), "regfast: insns=%" PRIu64 " sum=%" PRIx64 "\n", n,
             sum);
    qemu_plugin_outs(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        read_regs |= !strcmp(argv[i], "mode=read");
    }
    x0 = emu_plugin_find_register("x0");
    sp = emu_plugin_find_register("sp");
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_atexit_cb(id, fin, NULL);
    return 0;
}
