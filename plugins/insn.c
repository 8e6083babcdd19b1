/* insn.so: counts the guest instructions that ran, with an inline counter
 * (inline=on) or a callback per instruction, and optionally how often each
 * instruction whose disassembly contains match=TEXT ran. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One uint64_t per vcpu: the instructions it ran. */
static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 count;
static bool do_inline;

/* match=TEXT: every instruction (by address) whose disassembly contains
 * one of the texts, with its own execution count. Kept by address so a
 * block translated again counts into the same record. */
typedef struct Match {
    uint64_t vaddr;
    char *disas;
    const char *text;          /* which match= it answered */
    uint64_t execs;            /* updated atomically: threads share it */
} Match;

static GPtrArray *match_texts;
static GHashTable *matches;    /* vaddr -> Match */
static GMutex matches_lock;

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
    qemu_plugin_u64_add(count, vcpu_index, 1);
}

static void match_exec(unsigned int vcpu_index, void *userdata)
{
    Match *m = userdata;

    __atomic_fetch_add(&m->execs, 1, __ATOMIC_RELAXED);
}

static Match *match_for(struct qemu_plugin_insn *insn)
{
    uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
    char *disas = qemu_plugin_insn_disas(insn);
    Match *m = NULL;

    for (guint i = 0; disas && i < match_texts->len; i++) {
        const char *text = g_ptr_array_index(match_texts, i);
        if (!strstr(disas, text)) {
            continue;
        }
        g_mutex_lock(&matches_lock);
        m = g_hash_table_lookup(matches, &vaddr);
        if (!m) {
            m = g_new0(Match, 1);
            m->vaddr = vaddr;
            m->disas = g_strdup(disas);
            m->text = text;
            g_hash_table_insert(matches, &m->vaddr, m);
        }
        g_mutex_unlock(&matches_lock);
        break;
    }
    g_free(disas);
    return m;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        if (do_inline) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        if (match_texts) {
            Match *m = match_for(insn);
            if (m) {
                qemu_plugin_register_vcpu_insn_exec_cb(
                    insn, match_exec, QEMU_PLUGIN_CB_NO_REGS, m);
            }
        }
    }
}

static gint match_order(gconstpointer a, gconstpointer b)
{
    const Match *ma = *(Match *const *)a, *mb = *(Match *const *)b;

    if (ma->execs != mb->execs) {
        return ma->execs > mb->execs ? -1 : 1;
    }
    return ma->vaddr < mb->vaddr ? -1 : ma->vaddr > mb->vaddr;
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    int n_vcpus = qemu_plugin_num_vcpus();

    if (match_texts) {
        GPtrArray *all = g_ptr_array_new();
        GHashTableIter it;
        gpointer value;

        g_hash_table_iter_init(&it, matches);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            g_ptr_array_add(all, value);
        }
        g_ptr_array_sort(all, match_order);
        for (guint i = 0; i < all->len; i++) {
            Match *m = g_ptr_array_index(all, i);
            g_string_append_printf(out,
                                   "match %s: 0x%016" PRIx64 ": %s: %" PRIu64
                                   " execs\n",
                                   m->text, m->vaddr, m->disas, m->execs);
        }
        g_ptr_array_free(all, TRUE);
    }
    /* One line per vcpu only when there are several (a threaded guest):
     * a single-threaded run prints just the total. */
    if (n_vcpus > 1) {
        for (int i = 0; i < n_vcpus; i++) {
            g_string_append_printf(out, "vcpu %d insns: %" PRIu64 "\n", i,
                                   qemu_plugin_u64_get(count, i));
        }
    }
    g_string_append_printf(out, "insns: %" PRIu64 "\n",
                           qemu_plugin_u64_sum(count));
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
                fprintf(stderr, "insn: inline=%s: expected on or off\n", val);
                return -1;
            }
        } else if (strcmp(key, "match") == 0 && *val) {
            if (!match_texts) {
                match_texts = g_ptr_array_new();
                matches = g_hash_table_new(g_int64_hash, g_int64_equal);
            }
            g_ptr_array_add(match_texts, g_strdup(val));
        } else {
            fprintf(stderr, "insn: unknown argument '%s' (known: inline=on|off,"
                    " match=TEXT)\n", argv[i]);
            return -1;
        }
    }

    counts = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    count = qemu_plugin_scoreboard_u64(counts);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
