/* bb.so: counts executed translation blocks and the instructions in them,
 * with inline counters (inline=on) or a callback per block. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct BbCount {
    uint64_t bbs;
    uint64_t insns;
} BbCount;

static struct qemu_plugin_scoreboard *counts;   /* a BbCount per vcpu */
static qemu_plugin_u64 bbs, insns;
static bool do_inline;

static void tb_exec(unsigned int vcpu_index, void *userdata)
{
    BbCount *c = qemu_plugin_scoreboard_find(counts, vcpu_index);

    c->bbs++;
    c->insns += (uintptr_t)userdata;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    if (do_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, bbs, 1);
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, insns, n);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             (void *)(uintptr_t)n);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    int n_vcpus = qemu_plugin_num_vcpus();

    if (n_vcpus > 1) {
        for (int i = 0; i < n_vcpus; i++) {
            g_string_append_printf(out, "vcpu %d bb's: %" PRIu64
                                   ", insns: %" PRIu64 "\n", i,
                                   qemu_plugin_u64_get(bbs, i),
                                   qemu_plugin_u64_get(insns, i));
        }
    }
    g_string_append_printf(out, "bb's: %" PRIu64 ", insns: %" PRIu64 "\n",
                           qemu_plugin_u64_sum(bbs),
                           qemu_plugin_u64_sum(insns));
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

        if (strcmp(key, "inline") == 0) {
            if (!qemu_plugin_bool_parse(key, val, &do_inline)) {
                fprintf(stderr, "bb: inline=%s: expected on or off\n", val);
                return -1;
            }
        } else {
            fprintf(stderr, "bb: unknown argument '%s' (known: "
                    "inline=on|off)\n", argv[i]);
            return -1;
        }
    }

    counts = qemu_plugin_scoreboard_new(sizeof(BbCount));
    bbs = qemu_plugin_scoreboard_u64_in_struct(counts, BbCount, bbs);
    insns = qemu_plugin_scoreboard_u64_in_struct(counts, BbCount, insns);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
