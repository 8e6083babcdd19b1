/* cache.so: models a set-associative L1 data cache and L1 instruction
 * cache per vcpu, fed with the guest's accesses and fetches, and prints
 * hit and miss counts and the instructions that missed most. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Bounds the model's memory (24 bytes a block). */
#define MAX_LINES (1u << 22)

enum evict { EVICT_LRU, EVICT_FIFO, EVICT_RAND };

typedef struct CacheGeometry {
    uint64_t size, assoc, blksize;
} CacheGeometry;

typedef struct Line {
    uint64_t tag;              /* the address >> block bits */
    uint64_t stamp;            /* LRU: last use; FIFO: when filled */
    bool valid;
} Line;

typedef struct Cache {
    Line *lines;               /* n_sets * assoc, set by set */
    unsigned assoc;
    unsigned blk_shift;
    uint64_t set_mask;
    uint64_t clock;
    uint64_t rand;             /* xorshift state, fixed seed: runs repeat */
    uint64_t accesses, misses;
} Cache;

typedef struct VcpuCaches {
    Cache *d, *i;
} VcpuCaches;

/* An instruction, with the misses it caused (all vcpus). */
typedef struct InsnData {
    uint64_t vaddr;
    char *disas;
    const char *symbol;
    uint64_t dmisses;          /* updated atomically */
    uint64_t imisses;
} InsnData;

static CacheGeometry dgeom = { 16384, 8, 64 }, igeom = { 16384, 8, 64 };
static enum evict evict = EVICT_LRU;
static unsigned limit = 32;
static struct qemu_plugin_scoreboard *vcpus;   /* a VcpuCaches * per vcpu */
static GHashTable *insn_data;  /* vaddr -> InsnData */
static GMutex insn_data_lock;

static Cache *cache_new(const CacheGeometry *g)
{
    Cache *c = g_new0(Cache, 1);
    uint64_t n_sets = g->size / (g->blksize * g->assoc);

    c->lines = g_new0(Line, n_sets * g->assoc);
    c->assoc = (unsigned)g->assoc;
    c->blk_shift = (unsigned)__builtin_ctzll(g->blksize);
    c->set_mask = n_sets - 1;
    c->rand = 0x2545f4914f6cdd1dull;
    return c;
}

/* Look addr up, filling its block on a miss. True on a hit. */
static bool cache_access(Cache *c, uint64_t addr)
{
    uint64_t tag = addr >> c->blk_shift;
    Line *set = &c->lines[(tag & c->set_mask) * c->assoc];
    unsigned victim = 0;

    c->accesses++;
    c->clock++;
    for (unsigned w = 0; w < c->assoc; w++) {
        if (set[w].valid && set[w].tag == tag) {
            if (evict == EVICT_LRU) {
                set[w].stamp = c->clock;
            }
            return true;
        }
    }
    c->misses++;
    for (unsigned w = 0; w < c->assoc; w++) {
        if (!set[w].valid) {
            victim = w;
            goto fill;
        }
    }
    if (evict == EVICT_RAND) {
        c->rand ^= c->rand << 13;
        c->rand ^= c->rand >> 7;
        c->rand ^= c->rand << 17;
        victim = (unsigned)(c->rand % c->assoc);
    } else {
        /* LRU: the oldest use; FIFO: the oldest fill. */
        for (unsigned w = 1; w < c->assoc; w++) {
            if (set[w].stamp < set[victim].stamp) {
                victim = w;
            }
        }
    }
fill:
    set[victim].tag = tag;
    set[victim].valid = true;
    set[victim].stamp = c->clock;
    return false;
}

static VcpuCaches *vcpu_caches(unsigned int vcpu_index)
{
    VcpuCaches **slot = qemu_plugin_scoreboard_find(vcpus, vcpu_index);

    if (!*slot) {
        *slot = g_new0(VcpuCaches, 1);
        (*slot)->d = cache_new(&dgeom);
        (*slot)->i = cache_new(&igeom);
    }
    return *slot;
}

static void insn_fetch(unsigned int vcpu_index, void *userdata)
{
    InsnData *in = userdata;

    if (!cache_access(vcpu_caches(vcpu_index)->i, in->vaddr)) {
        __atomic_fetch_add(&in->imisses, 1, __ATOMIC_RELAXED);
    }
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *userdata)
{
    InsnData *in = userdata;

    /* An access that straddles two blocks counts as one, at its start. */
    if (!cache_access(vcpu_caches(vcpu_index)->d, vaddr)) {
        __atomic_fetch_add(&in->dmisses, 1, __ATOMIC_RELAXED);
    }
}

static InsnData *insn_data_for(struct qemu_plugin_insn *insn)
{
    uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
    InsnData *in;

    g_mutex_lock(&insn_data_lock);
    in = g_hash_table_lookup(insn_data, &vaddr);
    if (!in) {
        in = g_new0(InsnData, 1);
        in->vaddr = vaddr;
        in->disas = qemu_plugin_insn_disas(insn);
        in->symbol = qemu_plugin_insn_symbol(insn);
        g_hash_table_insert(insn_data, &in->vaddr, in);
    }
    g_mutex_unlock(&insn_data_lock);
    return in;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        InsnData *in = insn_data_for(insn);

        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_fetch,
                                               QEMU_PLUGIN_CB_NO_REGS, in);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
                                         QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, in);
    }
}

static void rate(GString *out, uint64_t misses, uint64_t accesses)
{
    g_string_append_printf(out, "%.4f%%",
                           accesses ? 100.0 * misses / accesses : 0.0);
}

static void counts_line(GString *out, const char *core, uint64_t da,
                        uint64_t dm, uint64_t ia, uint64_t im)
{
    g_string_append_printf(out, "%s, %" PRIu64 ", %" PRIu64 ", ", core, da,
                           dm);
    rate(out, dm, da);
    g_string_append_printf(out, ", %" PRIu64 ", %" PRIu64 ", ", ia, im);
    rate(out, im, ia);
    g_string_append_c(out, '\n');
}

static gint by_dmisses(gconstpointer a, gconstpointer b)
{
    const InsnData *x = *(InsnData *const *)a, *y = *(InsnData *const *)b;

    if (x->dmisses != y->dmisses) {
        return x->dmisses > y->dmisses ? -1 : 1;
    }
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static gint by_imisses(gconstpointer a, gconstpointer b)
{
    const InsnData *x = *(InsnData *const *)a, *y = *(InsnData *const *)b;

    if (x->imisses != y->imisses) {
        return x->imisses > y->imisses ? -1 : 1;
    }
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static void worst(GString *out, GPtrArray *all, GCompareFunc order,
                  bool data)
{
    g_ptr_array_sort(all, order);
    g_string_append_printf(out, "address, %s misses, instruction\n",
                           data ? "data" : "fetch");
    for (guint i = 0; i < all->len && (limit == 0 || i < limit); i++) {
        InsnData *in = g_ptr_array_index(all, i);
        uint64_t misses = data ? in->dmisses : in->imisses;
        if (misses == 0) {
            break;
        }
        g_string_append_printf(out, "0x%016" PRIx64 ", %" PRIu64 ", \"%s\"",
                               in->vaddr, misses,
                               in->disas ? in->disas : "?");
        if (in->symbol) {
            g_string_append_printf(out, " (%s)", in->symbol);
        }
        g_string_append_c(out, '\n');
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    int n_vcpus = qemu_plugin_num_vcpus();
    uint64_t da = 0, dm = 0, ia = 0, im = 0;
    int shown = 0;

    g_string_append(out, "core, data accesses, data misses, dmiss rate, "
                    "insn accesses, insn misses, imiss rate\n");
    for (int i = 0; i < n_vcpus; i++) {
        VcpuCaches **slot = qemu_plugin_scoreboard_find(vcpus, i);
        VcpuCaches *v = slot ? *slot : NULL;
        char core[16];

        if (!v) {
            continue;
        }
        snprintf(core, sizeof(core), "%d", i);
        counts_line(out, core, v->d->accesses, v->d->misses,
                    v->i->accesses, v->i->misses);
        da += v->d->accesses;
        dm += v->d->misses;
        ia += v->i->accesses;
        im += v->i->misses;
        shown++;
    }
    if (shown != 1) {
        counts_line(out, "sum", da, dm, ia, im);
    }

    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, insn_data);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(all, value);
    }
    worst(out, all, by_dmisses, true);
    worst(out, all, by_imisses, false);
    g_ptr_array_free(all, TRUE);

    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
}

static bool parse_u64(const char *key, const char *val, uint64_t *dst)
{
    char *end;
    guint64 v = g_ascii_strtoull(val, &end, 0);

    if (!*val || *end || v == 0 || v > ((uint64_t)1 << 31)) {
        fprintf(stderr, "cache: %s=%s: expected a number from 1 to "
                "2147483648\n", key, val);
        return false;
    }
    *dst = v;
    return true;
}

static bool check_geometry(const char *which, const CacheGeometry *g)
{
    uint64_t n_sets;

    if (g->blksize & (g->blksize - 1)) {
        fprintf(stderr, "cache: %sblksize=%" PRIu64 ": must be a power of "
                "two\n", which, g->blksize);
        return false;
    }
    if (g->size % (g->blksize * g->assoc) != 0) {
        fprintf(stderr, "cache: %scachesize=%" PRIu64 ": must be a multiple "
                "of %sblksize * %sassoc (%" PRIu64 ")\n", which, g->size,
                which, which, g->blksize * g->assoc);
        return false;
    }
    if (g->size / g->blksize > MAX_LINES) {
        fprintf(stderr, "cache: %scachesize / %sblksize = %" PRIu64
                " blocks: at most %u can be modelled\n", which, which,
                g->size / g->blksize, MAX_LINES);
        return false;
    }
    n_sets = g->size / (g->blksize * g->assoc);
    if (n_sets & (n_sets - 1)) {
        fprintf(stderr, "cache: %scachesize / (%sblksize * %sassoc) = %"
                PRIu64 " sets: must be a power of two\n", which, which,
                which, n_sets);
        return false;
    }
    return true;
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
        uint64_t *num = NULL;

        if (strcmp(key, "dcachesize") == 0) {
            num = &dgeom.size;
        } else if (strcmp(key, "dassoc") == 0) {
            num = &dgeom.assoc;
        } else if (strcmp(key, "dblksize") == 0) {
            num = &dgeom.blksize;
        } else if (strcmp(key, "icachesize") == 0) {
            num = &igeom.size;
        } else if (strcmp(key, "iassoc") == 0) {
            num = &igeom.assoc;
        } else if (strcmp(key, "iblksize") == 0) {
            num = &igeom.blksize;
        } else if (strcmp(key, "limit") == 0) {
            char *end;
            guint64 v = g_ascii_strtoull(val, &end, 10);
            if (!*val || *end || v > 1000000000) {
                fprintf(stderr, "cache: limit=%s: expected a number "
                        "(0: all)\n", val);
                return -1;
            }
            limit = (unsigned)v;
            continue;
        } else if (strcmp(key, "evict") == 0) {
            if (strcmp(val, "lru") == 0) {
                evict = EVICT_LRU;
            } else if (strcmp(val, "fifo") == 0) {
                evict = EVICT_FIFO;
            } else if (strcmp(val, "rand") == 0) {
                evict = EVICT_RAND;
            } else {
                fprintf(stderr, "cache: evict=%s: expected lru, fifo or "
                        "rand\n", val);
                return -1;
            }
            continue;
        } else {
            fprintf(stderr, "cache: unknown argument '%s' (known: "
                    "dcachesize, dassoc, dblksize, icachesize, iassoc, "
                    "iblksize, evict=lru|fifo|rand, limit)\n", argv[i]);
            return -1;
        }
        if (!parse_u64(key, val, num)) {
            return -1;
        }
    }
    if (!check_geometry("d", &dgeom) || !check_geometry("i", &igeom)) {
        return -1;
    }

    vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuCaches *));
    insn_data = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
