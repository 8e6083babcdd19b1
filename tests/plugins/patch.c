/* Test plugin: patching guest code. It finds the guest's marker (hint
 * #93) at translation, shows the instruction after it (disassembly and
 * symbol), and at the guest's first write system call replaces that
 * instruction (mov w0, #1) by mov w0, #2 with qemu_plugin_write_memory_vaddr;
 * the guest sees the patched code run. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define HINT93 0xd5032bbfu
#define MOV_W0_2 0x52800040u

static uint64_t target;
static bool patched;

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i + 1 < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t w = 0;
        if (qemu_plugin_insn_data(insn, &w, 4) != 4 || w != HINT93) {
            continue;
        }
        struct qemu_plugin_insn *next = qemu_plugin_tb_get_insn(tb, i + 1);
        char *d = qemu_plugin_insn_disas(next);
        const char *sym = qemu_plugin_insn_symbol(next);
        uint32_t host = 0;
        memcpy(&host, qemu_plugin_insn_haddr(next), 4);
        uint32_t data = 0;
        qemu_plugin_insn_data(next, &data, 4);
        char *s = g_strdup_printf(
            "patch: after the marker: '%s' in %s, %zu bytes, haddr %s\n", d,
            sym ? sym : "(none)", qemu_plugin_insn_size(next),
            host == data ? "matches" : "DIFFERS");
        qemu_plugin_outs(s);
        g_free(s);
        g_free(d);
        target = qemu_plugin_insn_vaddr(next);
    }
}

static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                       uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                       uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    if (num != 64 || patched || !target) {
        return;
    }
    patched = true;
    GByteArray *b = g_byte_array_new();
    uint32_t w = MOV_W0_2;
    g_byte_array_append(b, (const guint8 *)&w, 4);
    bool ok = qemu_plugin_write_memory_vaddr(target, b);
    bool back = qemu_plugin_read_memory_vaddr(target, b, 4) &&
                !memcmp(b->data, &w, 4);
    g_byte_array_free(b, TRUE);
    qemu_plugin_outs(ok && back ? "patch: wrote mov w0, #2\n"
                                : "patch: write FAILED\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
    return 0;
}
