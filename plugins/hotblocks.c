/* hotblocks.so: which translated blocks ran most often. Prints the hottest
 * blocks with their address, how often they were translated, how often
 * they ran and how many instructions they hold. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* A block is its start address and its length: the same address may start
 * blocks of different lengths (a branch into the middle of a longer one),
 * and those are counted apart. */
typedef struct Block {
    uint64_t pc;
    size_t insns;
    uint64_t translations;     /* under blocks_lock */
    uint64_t execs;            /* callback mode, updated atomically */
    struct qemu_plugin_scoreboard *score;   /* inline mode, per vcpu */
    qemu_plugin_u64 inline_execs;
} Block;

static GHashTable *blocks;     /* Block -> Block (keyed by pc and insns) */
static GMutex blocks_lock;
static bool do_inline;
static unsigned limit = 20;

static guint block_hash(gconstpointer p)
{
    const Block *b = p;
    uint64_t h = b->pc * 0x9e3779b97f4a7c15ull ^ b->insns;

    return (guint)(h ^ (h >> 32));
}

static gboolean block_equal(gconstpointer a, gconstpointer b)
{
    const Block *x = a, *y = b;

    return x->pc == y->pc && x->insns == y->insns;
}

static void tb_exec(unsigned int vcpu_index, void *userdata)
{
    Block *b = userdata;

    __atomic_fetch_add(&b->execs, 1, __ATOMIC_RELAXED);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    Block key = { .pc = qemu_plugin_tb_vaddr(tb),
                  .insns = qemu_plugin_tb_n_insns(tb) };
    Block *b;

    g_mutex_lock(&blocks_lock);
    b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_new0(Block, 1);
        *b = key;
        if (do_inline) {
            b->score = qemu_plugin_scoreboard_new(sizeof(uint64_t));
            b->inline_execs = qemu_plugin_scoreboard_u64(b->score);
        }
        g_hash_table_add(blocks, b);
    }
    b->translations++;
    g_mutex_unlock(&blocks_lock);

    if (do_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, b->inline_execs, 1);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
                                             QEMU_PLUGIN_CB_NO_REGS, b);
    }
}

/* Hottest first; equal counts by address, so the listing is stable. */
static gint block_order(gconstpointer a, gconstpointer b)
{
    const Block *x = *(Block *const *)a, *y = *(Block *const *)b;

    if (x->execs != y->execs) {
        return x->execs > y->execs ? -1 : 1;
    }
    if (x->pc != y->pc) {
        return x->pc < y->pc ? -1 : 1;
    }
    return x->insns < y->insns ? -1 : x->insns > y->insns;
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    uint64_t total = 0;

    g_hash_table_iter_init(&it, blocks);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        Block *b = key;
        if (do_inline) {
            b->execs = qemu_plugin_u64_sum(b->inline_execs);
        }
        total += b->execs;
        g_ptr_array_add(all, b);
    }
    g_ptr_array_sort(all, block_order);

    g_string_append_printf(out, "hotblocks: %u blocks, %" PRIu64
                           " executions\n", all->len, total);
    g_string_append(out, "pc, tbs, execs, insns\n");
    for (guint i = 0; i < all->len && (limit == 0 || i < limit); i++) {
        Block *b = g_ptr_array_index(all, i);
        g_string_append_printf(out, "0x%016" PRIx64 ", %" PRIu64 ", %"
                               PRIu64 ", %zu\n", b->pc, b->translations,
                               b->execs, b->insns);
    }
    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
    g_ptr_array_free(all, TRUE);
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
                fprintf(stderr, "hotblocks: inline=%s: expected on or off\n",
                        val);
                return -1;
            }
        } else if (strcmp(key, "limit") == 0) {
            char *end;
            guint64 v = g_ascii_strtoull(val, &end, 10);
            if (!*val || *end || v > 1000000000) {
                fprintf(stderr, "hotblocks: limit=%s: expected a number "
                        "(0: all blocks)\n", val);
                return -1;
            }
            limit = (unsigned)v;
        } else {
            fprintf(stderr, "hotblocks: unknown argument '%s' (known: "
                    "inline=on|off, limit=N)\n", argv[i]);
            return -1;
        }
    }

    blocks = g_hash_table_new(block_hash, block_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
