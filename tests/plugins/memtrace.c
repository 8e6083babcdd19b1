/* Test plugin: memory callbacks. Every access of the instructions of the
 * function named by fn= (default probe_accesses) is printed with its
 * size, direction, sign extension, address and value; over the whole run
 * the accesses counted by an inline op and by a callback are printed, so
 * the test can check they agree. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *fn = "probe_accesses";
static struct qemu_plugin_scoreboard *sb;   /* [0] inline, [1] callback */
static qemu_plugin_u64 inl, cbs;
static bool hw_ok = true;

static void count_cb(unsigned int vcpu, qemu_plugin_meminfo_t info,
                     uint64_t vaddr, void *ud)
{
    qemu_plugin_u64_add(cbs, vcpu, 1);
}

static void trace_cb(unsigned int vcpu, qemu_plugin_meminfo_t info,
                     uint64_t vaddr, void *ud)
{
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    unsigned shift = qemu_plugin_mem_size_shift(info);
    uint64_t val = 0;
    char buf[200], hi[24] = "";

    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8: val = v.data.u8; break;
    case QEMU_PLUGIN_MEM_VALUE_U16: val = v.data.u16; break;
    case QEMU_PLUGIN_MEM_VALUE_U32: val = v.data.u32; break;
    case QEMU_PLUGIN_MEM_VALUE_U64: val = v.data.u64; break;
    case QEMU_PLUGIN_MEM_VALUE_U128:
        /* Printed as one number: the high half, then the low in 16
         * digits. */
        val = v.data.u128.low;
        snprintf(hi, sizeof(hi), "%" PRIx64, v.data.u128.high);
        break;
    }
    /* User mode: no physical address information. */
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    if (hw || qemu_plugin_hwaddr_is_io(hw) ||
        qemu_plugin_hwaddr_phys_addr(hw) != 0 || (unsigned)v.type != shift) {
        hw_ok = false;
    }
    snprintf(buf, sizeof(buf),
             "MEM %s size=%u sign=%d be=%d addr=0x%" PRIx64
             " value=0x%s%0*" PRIx64 " insn=0x%" PRIx64 "\n",
             qemu_plugin_mem_is_store(info) ? "st" : "ld", 1u << shift,
             qemu_plugin_mem_is_sign_extended(info),
             qemu_plugin_mem_is_big_endian(info), vaddr, hi, *hi ? 16 : 1,
             val,
             (uint64_t)(uintptr_t)ud);
    qemu_plugin_outs(buf);
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const char *sym = qemu_plugin_insn_symbol(insn);

        qemu_plugin_register_vcpu_mem_inline_per_vcpu(
            insn, QEMU_PLUGIN_MEM_RW, QEMU_PLUGIN_INLINE_ADD_U64, inl, 1);
        qemu_plugin_register_vcpu_mem_cb(insn, count_cb,
                                         QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
        if (sym && !strcmp(sym, fn)) {
            /* Reads first, then writes: one callback per kind; both
             * see each access of their kind once. */
            void *pc = (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn);
            qemu_plugin_register_vcpu_mem_cb(insn, trace_cb,
                                             QEMU_PLUGIN_CB_R_REGS,
                                             QEMU_PLUGIN_MEM_R, pc);
            qemu_plugin_register_vcpu_mem_cb(insn, trace_cb,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_W, pc);
        }
    }
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    char buf[200];
    snprintf(buf, sizeof(buf),
             "memtrace: inline=%" PRIu64 " callbacks=%" PRIu64 " hwaddr=%s"
             " device=%s\n",
             qemu_plugin_u64_sum(inl), qemu_plugin_u64_sum(cbs),
             hw_ok ? "none" : "WRONG", qemu_plugin_hwaddr_device_name(NULL));
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "fn=", 3)) {
            fn = argv[i] + 3;
        }
    }
    sb = qemu_plugin_scoreboard_new(2 * sizeof(uint64_t));
    inl = qemu_plugin_scoreboard_u64(sb);
    cbs = (qemu_plugin_u64){ sb, sizeof(uint64_t) };
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
