/* howvec.so: a histogram of the executed instructions by encoding class
 * (AArch64: the groups of the A64 encoding tables), and with count= the
 * individual instructions of chosen classes. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* An instruction is in the first class whose mask and value it matches.
 * The patterns are the A64 top-level and second-level encoding groups
 * (op0 = bits 28:25, then the bits that split each group); each group
 * ends with a catch-all for its rarer encodings. */
typedef struct InsnClass {
    const char *key;           /* for count= */
    const char *desc;
    uint32_t mask, value;
} InsnClass;

static const InsnClass aarch64_classes[] = {
    { "reserved",    "reserved (udf)",               0x1e000000, 0x00000000 },
    { "sve",         "SVE",                          0x1e000000, 0x04000000 },
    /* Data processing, immediate: op0 = 100x. */
    { "adr",         "pc-relative address",          0x1f000000, 0x10000000 },
    { "addsub-imm",  "add/subtract (immediate)",     0x1f000000, 0x11000000 },
    { "logic-imm",   "logical (immediate)",          0x1f800000, 0x12000000 },
    { "movw",        "move wide (immediate)",        0x1f800000, 0x12800000 },
    { "bitfield",    "bitfield",                     0x1f800000, 0x13000000 },
    { "extract",     "extract",                      0x1f800000, 0x13800000 },
    /* Branches, exception generation, system: op0 = 101x. */
    { "b",           "branch (immediate)",           0x7c000000, 0x14000000 },
    { "cbz",         "compare and branch",           0x7e000000, 0x34000000 },
    { "tbz",         "test and branch",              0x7e000000, 0x36000000 },
    { "bcond",       "conditional branch",           0xff000000, 0x54000000 },
    { "exception",   "exception generation (svc)",   0xff000000, 0xd4000000 },
    { "system",      "system (hints, barriers, msr)",0xffc00000, 0xd5000000 },
    { "br",          "branch (register)",            0xfe000000, 0xd6000000 },
    { "branch-other","other branch/system",          0x1c000000, 0x14000000 },
    /* Loads and stores: op0 = x1x0; bit 26 says FP/SIMD registers. */
    { "ldst-excl",   "load/store exclusive",         0x3f000000, 0x08000000 },
    { "ldst-struct", "load/store structure (SIMD)",  0xbe000000, 0x0c000000 },
    { "ld-literal",  "load literal",                 0x3f000000, 0x18000000 },
    { "ld-literal-fp","load literal (FP/SIMD)",      0x3f000000, 0x1c000000 },
    { "ldst-pair",   "load/store pair",              0x3e000000, 0x28000000 },
    { "ldst-pair-fp","load/store pair (FP/SIMD)",    0x3e000000, 0x2c000000 },
    { "ldst-reg",    "load/store register",          0x3e000000, 0x38000000 },
    { "ldst-reg-fp", "load/store register (FP/SIMD)",0x3e000000, 0x3c000000 },
    { "ldst-other",  "other load/store",             0x0a000000, 0x08000000 },
    /* Data processing, register: op0 = x101. */
    { "logic-reg",   "logical (shifted register)",   0x1f000000, 0x0a000000 },
    { "addsub-reg",  "add/subtract (register)",      0x1f000000, 0x0b000000 },
    { "adc",         "add/subtract with carry",      0x1fe00000, 0x1a000000 },
    { "ccmp",        "conditional compare",          0x1fe00000, 0x1a400000 },
    { "csel",        "conditional select",           0x1fe00000, 0x1a800000 },
    { "dp-src",      "1- and 2-source (div, clz)",   0x1fe00000, 0x1ac00000 },
    { "dp-3src",     "3-source (multiply)",          0x1f000000, 0x1b000000 },
    { "dp-other",    "other data processing",        0x0e000000, 0x0a000000 },
    /* FP and Advanced SIMD: op0 = x111. */
    { "fp",          "scalar floating point",        0x5f000000, 0x1e000000 },
    { "simd-scalar", "Advanced SIMD scalar",         0xdf000000, 0x5e000000 },
    { "simd",        "Advanced SIMD vector",         0x9f000000, 0x0e000000 },
    { "simd-other",  "other FP/SIMD",                0x0e000000, 0x0e000000 },
    { "unallocated", "unallocated",                  0x00000000, 0x00000000 },
};

/* For other guests: one class, so the total still means something. */
static const InsnClass generic_classes[] = {
    { "all",         "all instructions",             0x00000000, 0x00000000 },
};

#define MAX_CLASSES G_N_ELEMENTS(aarch64_classes)

static const InsnClass *classes = aarch64_classes;
static size_t n_classes = G_N_ELEMENTS(aarch64_classes);

typedef struct ClassCounts {
    uint64_t execs[MAX_CLASSES];
} ClassCounts;

static struct qemu_plugin_scoreboard *counts;  /* ClassCounts per vcpu */
static qemu_plugin_u64 class_execs[MAX_CLASSES];
static uint64_t class_translated[MAX_CLASSES]; /* under lock */
static bool do_inline = true;
static bool count_class[MAX_CLASSES];
static bool count_any;
static unsigned limit = 50;
static GMutex lock;

/* count=: an instruction encoding and how often it ran. */
typedef struct Insn {
    uint32_t opcode;
    size_t class;
    char *disas;
    uint64_t execs;            /* updated atomically */
} Insn;

static GHashTable *insns;      /* opcode -> Insn */

static size_t classify(uint32_t opcode)
{
    for (size_t i = 0; i < n_classes; i++) {
        if ((opcode & classes[i].mask) == classes[i].value) {
            return i;
        }
    }
    return n_classes - 1;
}

static void class_exec(unsigned int vcpu_index, void *userdata)
{
    qemu_plugin_u64_add(class_execs[(uintptr_t)userdata], vcpu_index, 1);
}

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
    Insn *in = userdata;

    __atomic_fetch_add(&in->execs, 1, __ATOMIC_RELAXED);
}

static Insn *insn_for(struct qemu_plugin_insn *insn, uint32_t opcode,
                      size_t class)
{
    Insn *in;

    g_mutex_lock(&lock);
    in = g_hash_table_lookup(insns, GUINT_TO_POINTER(opcode));
    if (!in) {
        in = g_new0(Insn, 1);
        in->opcode = opcode;
        in->class = class;
        in->disas = qemu_plugin_insn_disas(insn);
        g_hash_table_insert(insns, GUINT_TO_POINTER(opcode), in);
    }
    g_mutex_unlock(&lock);
    return in;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t bytes[4] = { 0 };
        uint32_t opcode;
        size_t class;

        /* A64 instructions are 4 bytes, little-endian. */
        qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
        opcode = bytes[0] | bytes[1] << 8 | bytes[2] << 16 |
                 (uint32_t)bytes[3] << 24;
        class = classify(opcode);

        g_mutex_lock(&lock);
        class_translated[class]++;
        g_mutex_unlock(&lock);
        if (do_inline) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, class_execs[class], 1);
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, class_exec, QEMU_PLUGIN_CB_NO_REGS,
                (void *)(uintptr_t)class);
        }
        if (count_class[class]) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS,
                insn_for(insn, opcode, class));
        }
    }
}

static gint insn_order(gconstpointer a, gconstpointer b)
{
    const Insn *x = *(Insn *const *)a, *y = *(Insn *const *)b;

    if (x->execs != y->execs) {
        return x->execs > y->execs ? -1 : 1;
    }
    return x->opcode < y->opcode ? -1 : x->opcode > y->opcode;
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    uint64_t total_execs = 0, total_translated = 0;

    g_string_append(out, "class, description, execs, translated\n");
    for (size_t i = 0; i < n_classes; i++) {
        uint64_t execs = qemu_plugin_u64_sum(class_execs[i]);
        if (execs == 0 && class_translated[i] == 0) {
            continue;
        }
        g_string_append_printf(out, "%s, %s, %" PRIu64 ", %" PRIu64 "\n",
                               classes[i].key, classes[i].desc, execs,
                               class_translated[i]);
        total_execs += execs;
        total_translated += class_translated[i];
    }
    g_string_append_printf(out, "total, all classes, %" PRIu64 ", %" PRIu64
                           "\n", total_execs, total_translated);

    if (count_any) {
        GPtrArray *all = g_ptr_array_new();
        GHashTableIter it;
        gpointer value;

        g_hash_table_iter_init(&it, insns);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            g_ptr_array_add(all, value);
        }
        g_ptr_array_sort(all, insn_order);
        g_string_append(out, "opcode, class, execs, disassembly\n");
        for (guint i = 0; i < all->len && (limit == 0 || i < limit); i++) {
            Insn *in = g_ptr_array_index(all, i);
            g_string_append_printf(out, "0x%08" PRIx32 ", %s, %" PRIu64
                                   ", \"%s\"\n", in->opcode,
                                   classes[in->class].key, in->execs,
                                   in->disas ? in->disas : "?");
        }
        g_ptr_array_free(all, TRUE);
    }
    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
}

static bool select_class(const char *key)
{
    bool found = false;

    for (size_t i = 0; i < n_classes; i++) {
        if (strcmp(key, "all") == 0 || strcmp(key, classes[i].key) == 0) {
            count_class[i] = true;
            found = true;
        }
    }
    count_any |= found;
    return found;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (!info->target_name || strcmp(info->target_name, "aarch64") != 0) {
        classes = generic_classes;
        n_classes = G_N_ELEMENTS(generic_classes);
    }
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        g_autofree char *key = eq ? g_strndup(argv[i], eq - argv[i])
                                  : g_strdup(argv[i]);
        const char *val = eq ? eq + 1 : "";

        if (strcmp(key, "inline") == 0) {
            if (!qemu_plugin_bool_parse(key, val, &do_inline)) {
                fprintf(stderr, "howvec: inline=%s: expected on or off\n",
                        val);
                return -1;
            }
        } else if (strcmp(key, "count") == 0) {
            if (!select_class(val)) {
                GString *known = g_string_new("all");
                for (size_t c = 0; c < n_classes; c++) {
                    g_string_append_printf(known, " %s", classes[c].key);
                }
                fprintf(stderr, "howvec: count=%s: no such class (known: "
                        "%s)\n", val, known->str);
                g_string_free(known, TRUE);
                return -1;
            }
        } else if (strcmp(key, "limit") == 0) {
            char *end;
            guint64 v = g_ascii_strtoull(val, &end, 10);
            if (!*val || *end || v > 1000000000) {
                fprintf(stderr, "howvec: limit=%s: expected a number "
                        "(0: all)\n", val);
                return -1;
            }
            limit = (unsigned)v;
        } else {
            fprintf(stderr, "howvec: unknown argument '%s' (known: "
                    "inline=on|off, count=CLASS|all, limit=N)\n", argv[i]);
            return -1;
        }
    }

    counts = qemu_plugin_scoreboard_new(sizeof(ClassCounts));
    for (size_t i = 0; i < n_classes; i++) {
        class_execs[i] = (qemu_plugin_u64) {
            .score = counts,
            .offset = offsetof(ClassCounts, execs) + i * sizeof(uint64_t),
        };
    }
    insns = g_hash_table_new(NULL, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
