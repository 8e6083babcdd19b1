/* mem.so: counts the guest's memory accesses (loads, stores or both) with
 * inline counters and/or a callback per access; can print every access
 * with its value. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct MemCount {
    uint64_t inline_count;     /* by the inline op */
    uint64_t loads;            /* by the callback */
    uint64_t stores;
} MemCount;

static struct qemu_plugin_scoreboard *counts;   /* a MemCount per vcpu */
static qemu_plugin_u64 inline_count, loads, stores;
static enum qemu_plugin_mem_rw rw = QEMU_PLUGIN_MEM_RW;
static bool do_inline, do_callback, print_accesses;

/* What print-accesses=on says about the instruction behind an access. */
typedef struct InsnInfo {
    uint64_t vaddr;
    const char *symbol;
} InsnInfo;

static void format_value(GString *s, qemu_plugin_mem_value v)
{
    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8:
        g_string_append_printf(s, "0x%02" PRIx8, v.data.u8);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U16:
        g_string_append_printf(s, "0x%04" PRIx16, v.data.u16);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U32:
        g_string_append_printf(s, "0x%08" PRIx32, v.data.u32);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U64:
        g_string_append_printf(s, "0x%016" PRIx64, v.data.u64);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U128:
        g_string_append_printf(s, "0x%016" PRIx64 "%016" PRIx64,
                               v.data.u128.high, v.data.u128.low);
        break;
    default:
        g_string_append(s, "?");
        break;
    }
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *userdata)
{
    bool store = qemu_plugin_mem_is_store(info);

    qemu_plugin_u64_add(store ? stores : loads, vcpu_index, 1);
    if (print_accesses) {
        InsnInfo *insn = userdata;
        GString *s = g_string_new(NULL);

        g_string_printf(s, "%u, 0x%016" PRIx64 ", %s, 0x%016" PRIx64
                        ", %u, %s, ", vcpu_index, insn->vaddr,
                        insn->symbol ? insn->symbol : "",
                        vaddr, 1u << qemu_plugin_mem_size_shift(info),
                        store ? "store" : "load");
        format_value(s, qemu_plugin_mem_get_value(info));
        g_string_append_c(s, '\n');
        qemu_plugin_outs(s->str);
        g_string_free(s, TRUE);
    }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        if (do_inline) {
            qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                insn, rw, QEMU_PLUGIN_INLINE_ADD_U64, inline_count, 1);
        }
        if (do_callback) {
            InsnInfo *ii = NULL;
            if (print_accesses) {
                /* Lives as long as the run: translated code may hold it. */
                ii = g_new(InsnInfo, 1);
                ii->vaddr = qemu_plugin_insn_vaddr(insn);
                ii->symbol = qemu_plugin_insn_symbol(insn);
            }
            qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
                                             QEMU_PLUGIN_CB_NO_REGS, rw, ii);
        }
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    uint64_t n_inline = qemu_plugin_u64_sum(inline_count);
    uint64_t n_loads = qemu_plugin_u64_sum(loads);
    uint64_t n_stores = qemu_plugin_u64_sum(stores);
    uint64_t n_callback = n_loads + n_stores;

    if (do_inline && do_callback) {
        g_string_append_printf(out, "inline mem accesses: %" PRIu64 "\n",
                               n_inline);
        g_string_append_printf(out, "callback mem accesses: %" PRIu64 "\n",
                               n_callback);
        if (n_inline != n_callback) {
            g_string_append(out, "mem: the inline and callback counts "
                            "differ\n");
        }
    }
    if (do_callback) {
        g_string_append_printf(out, "loads: %" PRIu64 ", stores: %" PRIu64
                               "\n", n_loads, n_stores);
    }
    g_string_append_printf(out, "mem accesses: %" PRIu64 "\n",
                           do_callback ? n_callback : n_inline);
    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        g_autofree char *key = eq ? g_strndup(argv[i], eq - argv[i])
                                  : g_strdup(argv[i]);
        const char *val = eq ? eq + 1 : "";
        bool *flag = NULL;

        if (strcmp(key, "inline") == 0) {
            flag = &do_inline;
        } else if (strcmp(key, "callback") == 0) {
            flag = &do_callback;
        } else if (strcmp(key, "print-accesses") == 0) {
            flag = &print_accesses;
        } else if (strcmp(key, "track") == 0) {
            if (strcmp(val, "r") == 0) {
                rw = QEMU_PLUGIN_MEM_R;
            } else if (strcmp(val, "w") == 0) {
                rw = QEMU_PLUGIN_MEM_W;
            } else if (strcmp(val, "rw") == 0) {
                rw = QEMU_PLUGIN_MEM_RW;
            } else {
                fprintf(stderr, "mem: track=%s: expected r, w or rw\n", val);
                return -1;
            }
            continue;
        } else {
            fprintf(stderr, "mem: unknown argument '%s' (known: "
                    "inline=on|off, callback=on|off, track=r|w|rw, "
                    "print-accesses=on|off)\n", argv[i]);
            return -1;
        }
        if (!qemu_plugin_bool_parse(key, val, flag)) {
            fprintf(stderr, "mem: %s=%s: expected on or off\n", key, val);
            return -1;
        }
    }
    /* Counting nothing is no use: with neither asked for, count by
     * callback; print-accesses needs the callback too. */
    if ((!do_inline && !do_callback) || print_accesses) {
        do_callback = true;
    }
    if (print_accesses) {
        qemu_plugin_outs("vcpu, insn_vaddr, insn_symbol, mem_vaddr, "
                         "size, access, value\n");
    }

    counts = qemu_plugin_scoreboard_new(sizeof(MemCount));
    inline_count = qemu_plugin_scoreboard_u64_in_struct(counts, MemCount,
                                                        inline_count);
    loads = qemu_plugin_scoreboard_u64_in_struct(counts, MemCount, loads);
    stores = qemu_plugin_scoreboard_u64_in_struct(counts, MemCount, stores);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
