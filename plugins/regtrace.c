/* regtrace.so: prints chosen guest registers, by name, before every
 * instruction runs: "0x<pc>: <disassembly> | x0=0x... sp=0x...". The
 * signature plugin: registers are read by handle for the cost of a copy. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "emu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* The widest register we print: an SVE Z register is 2048 bits. */
#define MAX_REG_BYTES 256
/* A disassembly longer than this is cut (capstone's are far shorter). */
#define MAX_DISAS 200
/* "0x<16 digits>: <disassembly> |" is at most this long. */
#define MAX_PREFIX (MAX_DISAS + 32)
/* Flushed once it holds this much: small enough to stay in the host's
 * cache. It has room for one more line beyond. */
#define OUT_BUF_SIZE (32 * 1024)

/* A register the user asked for, and its " name=0x" label. */
typedef struct TracedReg {
    struct qemu_plugin_register *handle;
    char *label;
    size_t label_len;
    size_t size;               /* bytes */
    size_t last_offset;        /* of its last value in VcpuTrace.last */
} TracedReg;

/* What a line needs that is known at translation: the "0x<pc>: <disas> |"
 * that starts it. Kept by address (and opcode, for code that changes) so
 * that translating a block again reuses it. */
typedef struct InsnRec {
    uint64_t vaddr;
    uint32_t opcode;
    size_t prefix_len;
    char prefix[];
} InsnRec;

/* A vcpu's output buffer and the values it printed last (changes=on). */
typedef struct VcpuTrace {
    char *buf;
    size_t len;
    uint8_t *last;
    bool have_last;
} VcpuTrace;

static TracedReg *regs;
static size_t n_regs;
static size_t regs_max_len;    /* the longest " | regs" part of a line */
static bool changes_only;
static uint64_t range_start, range_end = UINT64_MAX;
static FILE *outfile;
static bool write_failed;      /* said once */
static GMutex out_lock;
static struct qemu_plugin_scoreboard *vcpus;   /* a VcpuTrace * per vcpu */
static GHashTable *insn_recs;  /* vaddr -> InsnRec */
static GMutex insn_recs_lock;

static void write_out(const char *data, size_t len)
{
    if (outfile) {
        /* Straight to the file: the buffer is already large, and going
         * through stdio's would copy every byte once more. */
        int fd = fileno(outfile);
        while (len > 0) {
            ssize_t n = write(fd, data, len);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                if (!write_failed) {
                    write_failed = true;
                    fprintf(stderr, "regtrace: outfile: %s\n",
                            n < 0 ? g_strerror(errno) : "short write");
                }
                return;
            }
            data += n;
            len -= (size_t)n;
        }
    } else {
        qemu_plugin_outs(data);    /* the buffer is NUL-terminated */
    }
}

static void flush_trace(VcpuTrace *t)
{
    if (t->len) {
        t->buf[t->len] = '\0';
        g_mutex_lock(&out_lock);
        write_out(t->buf, t->len);
        g_mutex_unlock(&out_lock);
        t->len = 0;
    }
}

static VcpuTrace *vcpu_trace(unsigned int vcpu_index)
{
    VcpuTrace **slot = qemu_plugin_scoreboard_find(vcpus, vcpu_index);

    if (G_UNLIKELY(!*slot)) {
        VcpuTrace *t = g_new0(VcpuTrace, 1);
        t->buf = g_malloc(OUT_BUF_SIZE + MAX_PREFIX + regs_max_len + 1);
        t->last = g_malloc0(n_regs * MAX_REG_BYTES);
        *slot = t;
    }
    return *slot;
}

/* "000102...ff": two digits per byte value, so that a byte costs one
 * two-byte copy (filled at install). */
static char hex_pairs[256][2];

static void init_hex_pairs(void)
{
    static const char digits[] = "0123456789abcdef";

    for (int i = 0; i < 256; i++) {
        hex_pairs[i][0] = digits[i >> 4];
        hex_pairs[i][1] = digits[i & 15];
    }
}

/* 32 bits as 8 hex digits, most significant first, in one 8-byte store:
 * spread the nibbles one per byte, turn each into its digit, and put the
 * bytes in printing order. */
static inline void put_hex32(char *p, uint32_t v)
{
    uint64_t x = v;

    x = ((x & 0xffff0000ull) << 16) | (x & 0xffffull);
    x = ((x & 0x0000ff000000ff00ull) << 8) | (x & 0x000000ff000000ffull);
    x = ((x & 0x00f000f000f000f0ull) << 4) | (x & 0x000f000f000f000full);
    /* Nibbles of 10 and more get 'a' - '0' - 10 = 39 more. */
    x += 0x3030303030303030ull +
         (((x + 0x0606060606060606ull) >> 4) & 0x0101010101010101ull) * 39;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
    x = __builtin_bswap64(x);
#endif
    memcpy(p, &x, 8);
}

/* Bytes in target order (little-endian) as one hex number, most
 * significant first. */
static inline char *put_hex(char *p, const uint8_t *v, size_t size)
{
    if (size == 8) {
        uint64_t x = (uint64_t)v[0] | (uint64_t)v[1] << 8 |
                     (uint64_t)v[2] << 16 | (uint64_t)v[3] << 24 |
                     (uint64_t)v[4] << 32 | (uint64_t)v[5] << 40 |
                     (uint64_t)v[6] << 48 | (uint64_t)v[7] << 56;
        put_hex32(p, (uint32_t)(x >> 32));
        put_hex32(p + 8, (uint32_t)x);
        return p + 16;
    }
    for (size_t i = size; i > 0; i--) {
        memcpy(p, hex_pairs[v[i - 1]], 2);
        p += 2;
    }
    return p;
}

static void insn_exec(unsigned int vcpu_index, void *userdata)
{
    const InsnRec *rec = userdata;
    VcpuTrace *t = vcpu_trace(vcpu_index);
    uint8_t value[MAX_REG_BYTES];
    bool printed = false;
    char *p;

    if (t->len >= OUT_BUF_SIZE) {
        flush_trace(t);
    }
    p = t->buf + t->len;
    memcpy(p, rec->prefix, rec->prefix_len);
    p += rec->prefix_len;
    for (size_t i = 0; i < n_regs; i++) {
        const TracedReg *r = &regs[i];
        size_t got = emu_plugin_read_register_raw(r->handle, value, r->size);

        if (changes_only) {
            uint8_t *last = t->last + r->last_offset;
            if (t->have_last && got == r->size &&
                memcmp(last, value, r->size) == 0) {
                continue;
            }
            memcpy(last, value, r->size);
        }
        memcpy(p, r->label, r->label_len);
        p += r->label_len;
        if (got == r->size) {
            p = put_hex(p, value, r->size);
        } else {
            *p++ = '?';        /* not readable here: should not happen */
        }
        printed = true;
    }
    t->have_last = true;
    if (!printed) {
        return;                /* changes=on and nothing changed */
    }
    *p++ = '\n';
    t->len = p - t->buf;
}

static InsnRec *insn_rec_for(struct qemu_plugin_insn *insn)
{
    uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
    uint32_t opcode = 0;
    InsnRec *rec;

    qemu_plugin_insn_data(insn, &opcode,
                          MIN(sizeof(opcode), qemu_plugin_insn_size(insn)));
    g_mutex_lock(&insn_recs_lock);
    rec = g_hash_table_lookup(insn_recs, &vaddr);
    g_mutex_unlock(&insn_recs_lock);
    if (rec && rec->opcode == opcode) {
        return rec;
    }

    char *disas = qemu_plugin_insn_disas(insn);
    char *prefix = g_strdup_printf("0x%016" PRIx64 ": %.*s |", vaddr,
                                   MAX_DISAS, disas ? disas : "?");
    size_t len = strlen(prefix);
    g_free(disas);

    rec = g_malloc(sizeof(InsnRec) + len + 1);
    rec->vaddr = vaddr;
    rec->opcode = opcode;
    rec->prefix_len = len;
    memcpy(rec->prefix, prefix, len + 1);
    g_free(prefix);
    /* A record replaced here (the code changed) stays allocated:
     * translated code that still points at it may run once more. */
    g_mutex_lock(&insn_recs_lock);
    g_hash_table_replace(insn_recs, &rec->vaddr, rec);
    g_mutex_unlock(&insn_recs_lock);
    return rec;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t vaddr = qemu_plugin_insn_vaddr(insn);

        if (vaddr < range_start || vaddr >= range_end) {
            continue;
        }
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
                                               QEMU_PLUGIN_CB_R_REGS,
                                               insn_rec_for(insn));
    }
}

static void vcpu_exit(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    VcpuTrace **slot = qemu_plugin_scoreboard_find(vcpus, vcpu_index);

    if (slot && *slot) {
        flush_trace(*slot);
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    int n_vcpus = qemu_plugin_num_vcpus();

    for (int i = 0; i < n_vcpus; i++) {
        VcpuTrace **slot = qemu_plugin_scoreboard_find(vcpus, i);
        if (slot && *slot) {
            flush_trace(*slot);
        }
    }
    if (outfile) {
        g_mutex_lock(&out_lock);
        fclose(outfile);
        outfile = NULL;
        g_mutex_unlock(&out_lock);
    }
}

/* "regtrace: unknown register 'x99'; valid names: x0 x1 ... (aliases:
 * fp lr)" on stderr. */
static void unknown_register(const char *name)
{
    GString *msg = g_string_new(NULL);
    GArray *all = qemu_plugin_get_registers();
    static const char *const aliases[] = { "fp", "lr" };
    bool any_alias = false;

    g_string_printf(msg, "regtrace: unknown register '%s'; valid names:",
                    name);
    for (guint i = 0; all && i < all->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(all, qemu_plugin_reg_descriptor, i);
        g_string_append_printf(msg, " %s", d->name);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++) {
        if (emu_plugin_find_register(aliases[i])) {
            g_string_append(msg, any_alias ? " " : " (aliases: ");
            g_string_append(msg, aliases[i]);
            any_alias = true;
        }
    }
    if (any_alias) {
        g_string_append_c(msg, ')');
    }
    fprintf(stderr, "%s\n", msg->str);
    g_string_free(msg, TRUE);
    if (all) {
        g_array_free(all, TRUE);
    }
}

static bool parse_regs(const char *list)
{
    gchar **names = g_strsplit(list, ":", -1);
    size_t n = g_strv_length(names);
    size_t last_offset = 0;

    regs = g_new0(TracedReg, n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_register *h = emu_plugin_find_register(names[i]);
        emu_plugin_reg_info info;

        if (!*names[i]) {
            fprintf(stderr, "regtrace: regs=%s: empty register name\n", list);
            g_strfreev(names);
            return false;
        }
        if (!h || !emu_plugin_register_info(h, &info)) {
            unknown_register(names[i]);
            g_strfreev(names);
            return false;
        }
        if (info.bitsize == 0 || info.bitsize > MAX_REG_BYTES * 8) {
            fprintf(stderr, "regtrace: register %s: %u bits: cannot print "
                    "it\n", info.name, info.bitsize);
            g_strfreev(names);
            return false;
        }
        regs[i].handle = h;
        regs[i].label = g_strdup_printf(" %s=0x", info.name);
        regs[i].label_len = strlen(regs[i].label);
        regs[i].size = (info.bitsize + 7) / 8;
        regs[i].last_offset = last_offset;
        last_offset += MAX_REG_BYTES;
        regs_max_len += regs[i].label_len + 2 * regs[i].size + 1;
    }
    n_regs = n;
    regs_max_len += 1;         /* the newline */
    g_strfreev(names);
    return true;
}

static bool parse_range(const char *val)
{
    const char *dash = strchr(val, '-');
    bool ok = false;

    if (dash && dash != val && dash[1]) {
        char *start = g_strndup(val, dash - val);
        char *end1, *end2;

        errno = 0;
        range_start = g_ascii_strtoull(start, &end1, 0);
        range_end = g_ascii_strtoull(dash + 1, &end2, 0);
        ok = !*end1 && !*end2 && !errno && range_start < range_end;
        g_free(start);
    }
    if (!ok) {
        fprintf(stderr, "regtrace: range=%s: expected START-END with START "
                "< END (0x400000-0x401000)\n", val);
    }
    return ok;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    const char *reg_list = NULL, *out_path = NULL;

    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        g_autofree char *key = eq ? g_strndup(argv[i], eq - argv[i])
                                  : g_strdup(argv[i]);
        const char *val = eq ? eq + 1 : "";

        if (strcmp(key, "regs") == 0) {
            reg_list = val;
        } else if (strcmp(key, "changes") == 0) {
            if (!qemu_plugin_bool_parse(key, val, &changes_only)) {
                fprintf(stderr, "regtrace: changes=%s: expected on or off\n",
                        val);
                return -1;
            }
        } else if (strcmp(key, "outfile") == 0 && *val) {
            out_path = val;
        } else if (strcmp(key, "range") == 0) {
            if (!parse_range(val)) {
                return -1;
            }
        } else {
            fprintf(stderr, "regtrace: unknown argument '%s' (known: "
                    "regs=NAME[:NAME...], changes=on|off, outfile=PATH, "
                    "range=START-END)\n", argv[i]);
            return -1;
        }
    }
    if (!reg_list || !*reg_list) {
        fprintf(stderr, "regtrace: regs=NAME[:NAME...] is required "
                "(e.g. regs=x0:sp)\n");
        return -1;
    }
    if (!parse_regs(reg_list)) {
        return -1;
    }
    if (out_path) {
        outfile = fopen(out_path, "w");
        if (!outfile) {
            fprintf(stderr, "regtrace: outfile=%s: %s\n", out_path,
                    g_strerror(errno));
            return -1;
        }
    }

    init_hex_pairs();
    vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuTrace *));
    insn_recs = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
