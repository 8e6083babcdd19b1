/* execlog.so: logs every executed instruction (vcpu, address, opcode,
 * disassembly) with the memory it touched and, with reg=, the registers
 * it changed; ifilter= and afilter= narrow the log to some instructions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* What a line needs to start, made once at translation. */
typedef struct InsnLog {
    char *head;                /* "0x<pc>, 0x<opcode>, \"<disas>\"" */
} InsnLog;

/* A register reg= asked for, with its last value on one vcpu. */
typedef struct TrackedReg {
    struct qemu_plugin_register *handle;
    const char *name;
    GByteArray *last;
    GByteArray *now;
} TrackedReg;

/* A vcpu's line in progress: it ends when the vcpu starts the next logged
 * instruction (the memory accesses and register changes of an instruction
 * are known only then) or when the vcpu or the program ends. */
typedef struct VcpuLog {
    GString *line;
    GPtrArray *regs;           /* TrackedReg, NULL until the first read */
    bool regs_primed;          /* their first values are known */
} VcpuLog;

static GPtrArray *ifilters;    /* disassembly substrings */
static GArray *afilters;       /* uint64_t addresses */
static GPtrArray *reg_patterns;
static GHashTable *insn_logs;  /* vaddr -> InsnLog, so retranslation reuses */
static GMutex insn_logs_lock;
static struct qemu_plugin_scoreboard *vcpus;   /* a VcpuLog * per vcpu */
static GMutex out_lock;
static bool warned_no_regs;

static VcpuLog *vcpu_log(unsigned int vcpu_index)
{
    VcpuLog **slot = qemu_plugin_scoreboard_find(vcpus, vcpu_index);

    if (!*slot) {
        *slot = g_new0(VcpuLog, 1);
        (*slot)->line = g_string_new(NULL);
    }
    return *slot;
}

static void hex_bytes(GString *s, const GByteArray *b)
{
    /* Target byte order is little-endian: most significant byte last. */
    g_string_append(s, "0x");
    for (guint i = b->len; i > 0; i--) {
        g_string_append_printf(s, "%02x", b->data[i - 1]);
    }
}

/* The registers reg= names, matched as glob patterns against every
 * register the target has (read on the vcpu that asks). */
static GPtrArray *tracked_regs(void)
{
    GPtrArray *regs = g_ptr_array_new();
    GArray *all = qemu_plugin_get_registers();

    for (guint i = 0; all && i < all->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(all, qemu_plugin_reg_descriptor, i);
        for (guint p = 0; p < reg_patterns->len; p++) {
            if (g_pattern_match_simple(g_ptr_array_index(reg_patterns, p),
                                       d->name)) {
                TrackedReg *r = g_new0(TrackedReg, 1);
                r->handle = d->handle;
                r->name = g_intern_string(d->name);
                r->last = g_byte_array_new();
                r->now = g_byte_array_new();
                g_ptr_array_add(regs, r);
                break;
            }
        }
    }
    if (all) {
        g_array_free(all, TRUE);
    }
    if (regs->len == 0 && !warned_no_regs) {
        warned_no_regs = true;
        fprintf(stderr, "execlog: reg= matches no register of this guest\n");
    }
    return regs;
}

/* Append the changes since the last look to the line in progress. */
static void note_reg_changes(VcpuLog *v)
{
    if (!v->regs) {
        v->regs = tracked_regs();
    }
    for (guint i = 0; i < v->regs->len; i++) {
        TrackedReg *r = g_ptr_array_index(v->regs, i);

        g_byte_array_set_size(r->now, 0);
        if (!qemu_plugin_read_register(r->handle, r->now)) {
            continue;
        }
        if (v->regs_primed && v->line->len &&
            (r->now->len != r->last->len ||
             memcmp(r->now->data, r->last->data, r->now->len) != 0)) {
            g_string_append_printf(v->line, ", %s -> ", r->name);
            hex_bytes(v->line, r->now);
        }
        GByteArray *t = r->last;
        r->last = r->now;
        r->now = t;
    }
    v->regs_primed = true;
}

static void flush_line(VcpuLog *v)
{
    if (v->line->len) {
        g_string_append_c(v->line, '\n');
        g_mutex_lock(&out_lock);
        qemu_plugin_outs(v->line->str);
        g_mutex_unlock(&out_lock);
        g_string_truncate(v->line, 0);
    }
}

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
    InsnLog *il = userdata;
    VcpuLog *v = vcpu_log(vcpu_index);

    if (reg_patterns) {
        note_reg_changes(v);
    }
    flush_line(v);
    g_string_append_printf(v->line, "%u, %s", vcpu_index, il->head);
}

static void mem_access(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *userdata)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    g_string_append_printf(v->line, ", %s, 0x%016" PRIx64,
                           qemu_plugin_mem_is_store(info) ? "store" : "load",
                           vaddr);
}

static bool wanted(uint64_t vaddr, const char *disas)
{
    bool any_filter = false;

    if (afilters) {
        any_filter = true;
        for (guint i = 0; i < afilters->len; i++) {
            if (g_array_index(afilters, uint64_t, i) == vaddr) {
                return true;
            }
        }
    }
    if (ifilters) {
        any_filter = true;
        for (guint i = 0; disas && i < ifilters->len; i++) {
            if (strstr(disas, g_ptr_array_index(ifilters, i))) {
                return true;
            }
        }
    }
    return !any_filter;
}

static InsnLog *insn_log_for(struct qemu_plugin_insn *insn)
{
    uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
    InsnLog *il;

    g_mutex_lock(&insn_logs_lock);
    il = g_hash_table_lookup(insn_logs, &vaddr);
    g_mutex_unlock(&insn_logs_lock);
    if (il) {
        return il;
    }

    char *disas = qemu_plugin_insn_disas(insn);
    if (!wanted(vaddr, disas)) {
        g_free(disas);
        return NULL;
    }
    uint8_t bytes[16] = { 0 };
    size_t size = qemu_plugin_insn_data(insn, bytes, sizeof(bytes));
    GString *head = g_string_new(NULL);
    g_string_append_printf(head, "0x%016" PRIx64 ", 0x", vaddr);
    /* The opcode as the number the instruction's bytes make in target
     * order (little-endian): 0xd503201f for nop. */
    for (size_t i = size; i > 0; i--) {
        g_string_append_printf(head, "%02x", bytes[i - 1]);
    }
    g_string_append_printf(head, ", \"%s\"", disas ? disas : "?");
    g_free(disas);

    uint64_t *key = g_new(uint64_t, 1);
    *key = vaddr;
    il = g_new(InsnLog, 1);
    il->head = g_string_free(head, FALSE);
    g_mutex_lock(&insn_logs_lock);
    InsnLog *old = g_hash_table_lookup(insn_logs, key);
    if (old) {
        g_free(il->head);
        g_free(il);
        g_free(key);
        il = old;
    } else {
        g_hash_table_insert(insn_logs, key, il);
    }
    g_mutex_unlock(&insn_logs_lock);
    return il;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    enum qemu_plugin_cb_flags flags = reg_patterns ? QEMU_PLUGIN_CB_R_REGS
                                                   : QEMU_PLUGIN_CB_NO_REGS;

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        InsnLog *il = insn_log_for(insn);

        /* An instruction the filters leave out is not instrumented (and
         * is looked at again if its block is translated again: the
         * filters are cheap and retranslation is rare). */
        if (!il) {
            continue;
        }
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec, flags, il);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
                                         QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void vcpu_exit(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    VcpuLog *v = vcpu_log(vcpu_index);

    if (reg_patterns && v->line->len) {
        note_reg_changes(v);
    }
    flush_line(v);
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    int n_vcpus = qemu_plugin_num_vcpus();

    /* Lines still open (a vcpu whose exit callback did not run: the
     * program ended while the thread was running). Registers cannot be
     * read here, so their last changes are not shown. */
    for (int i = 0; i < n_vcpus; i++) {
        VcpuLog **slot = qemu_plugin_scoreboard_find(vcpus, i);
        if (slot && *slot) {
            flush_line(*slot);
        }
    }
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

        if (strcmp(key, "ifilter") == 0 && *val) {
            if (!ifilters) {
                ifilters = g_ptr_array_new();
            }
            g_ptr_array_add(ifilters, g_strdup(val));
        } else if (strcmp(key, "afilter") == 0) {
            char *end;
            uint64_t addr = g_ascii_strtoull(val, &end, 0);
            if (!*val || *end) {
                fprintf(stderr, "execlog: afilter=%s: expected an address "
                        "(0x400580)\n", val);
                return -1;
            }
            if (!afilters) {
                afilters = g_array_new(FALSE, FALSE, sizeof(uint64_t));
            }
            g_array_append_val(afilters, addr);
        } else if (strcmp(key, "reg") == 0 && *val) {
            if (!reg_patterns) {
                reg_patterns = g_ptr_array_new();
            }
            g_ptr_array_add(reg_patterns, g_strdup(val));
        } else {
            fprintf(stderr, "execlog: unknown argument '%s' (known: "
                    "ifilter=TEXT, afilter=ADDR, reg=NAME; each may "
                    "repeat)\n", argv[i]);
            return -1;
        }
    }

    insn_logs = g_hash_table_new(g_int64_hash, g_int64_equal);
    vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuLog *));
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
