/* Unit tests for the register layer (src/regs.c): the aarch64 and riscv64
 * descriptions load and bind, every register round-trips through the
 * layer, and each malformed description ends in its one-line error. */
#include <check.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "src/regs.h"
#include "target/aarch64/cpu.h"

/* target/aarch64/regs.c */
extern const TargetRegs aarch64_regs;

#ifndef TEST_XML_BAD_DIR
#define TEST_XML_BAD_DIR "tests/xml-bad"
#endif

static const char *const a64_files[] = {
    "aarch64.xml", "aarch64-core.xml", "aarch64-fpu.xml", "aarch64-tls.xml",
    "aarch64-sys.xml",
};

static RegTable *load_a64(void)
{
    char *err = NULL;
    RegTable *t = regs_load_dir(&aarch64_regs, EMU_XML_BUILDDIR, &err);
    ck_assert_msg(t, "aarch64.xml: %s", err);
    ck_assert_ptr_null(err);
    return t;
}

static ARMCPU *new_a64_cpu(void)
{
    return g_malloc0(sizeof(ARMCPU));
}

/* Bytes no two registers share, so a write to the wrong place shows. */
static void pattern(uint8_t *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) {
        buf[i] = (uint8_t)(seed * 37 + i * 11 + 1);
    }
}

START_TEST(test_a64_table)
{
    RegTable *t = load_a64();
    GHashTable *nums = g_hash_table_new(g_direct_hash, g_direct_equal);

    ck_assert_str_eq(t->architecture, "aarch64");
    ck_assert_uint_eq(t->n, 31 + 3 + 32 + 2 + 1 + 6);
    ck_assert_int_eq(t->max_regnum, 74);
    for (size_t i = 0; i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        ck_assert_uint_eq(r->index, i);
        ck_assert_uint_eq(r->size * 8, r->bitsize);
        ck_assert_msg(g_hash_table_add(nums, GINT_TO_POINTER(r->regnum)),
                      "regnum %d twice", r->regnum);
        ck_assert_ptr_eq(regs_by_regnum(t, r->regnum), r);
        ck_assert_ptr_eq(regs_find(t, r->name), r);
        ck_assert_ptr_nonnull(r->group);
    }
    /* The core feature is gdb's: x0-x30, sp, pc, cpsr as 0-33 in order. */
    for (int i = 0; i < 34; i++) {
        const RegInfo *r = &t->regs[i];
        char *name = i < 31 ? g_strdup_printf("x%d", i)
                            : g_strdup(i == 31 ? "sp" : i == 32 ? "pc"
                                                                : "cpsr");
        ck_assert_str_eq(r->name, name);
        ck_assert_int_eq(r->regnum, i);
        ck_assert_str_eq(r->feature, "org.gnu.gdb.aarch64.core");
        ck_assert_uint_eq(r->bitsize, i == 33 ? 32 : 64);
        g_free(name);
    }
    ck_assert_str_eq(regs_find(t, "cpsr")->type, "cpsr_flags");
    ck_assert_str_eq(regs_find(t, "sp")->type, "data_ptr");
    ck_assert_str_eq(regs_find(t, "pc")->type, "code_ptr");
    const RegInfo *v0 = regs_find(t, "v0");
    ck_assert_int_eq(v0->regnum, 34);
    ck_assert_uint_eq(v0->bitsize, 128);
    ck_assert_str_eq(v0->type, "aarch64v");
    ck_assert_str_eq(v0->feature, "org.gnu.gdb.aarch64.fpu");
    ck_assert_int_eq(regs_find(t, "v31")->regnum, 65);
    ck_assert_int_eq(regs_find(t, "fpsr")->regnum, 66);
    ck_assert_int_eq(regs_find(t, "fpcr")->regnum, 67);
    ck_assert_int_eq(regs_find(t, "tpidr")->regnum, 68);
    ck_assert_str_eq(regs_find(t, "tpidr")->feature,
                     "org.gnu.gdb.aarch64.tls");
    static const char *const sys[] = { "tpidrro_el0", "ctr_el0",
                                       "dczid_el0", "midr_el1",
                                       "cntvct_el0", "cntfrq_el0" };
    for (size_t i = 0; i < G_N_ELEMENTS(sys); i++) {
        const RegInfo *r = regs_find(t, sys[i]);
        ck_assert_msg(r, "%s missing", sys[i]);
        ck_assert_int_eq(r->regnum, 69 + (int)i);
        ck_assert_str_eq(r->group, "system");
        ck_assert_str_eq(r->feature, "org.emu.aarch64.sys");
        ck_assert(r->is_readonly);
    }
    g_hash_table_destroy(nums);
    regs_free(t);
}
END_TEST

/* Where a register's value must land in ARMCPU, or NULL for composed
 * ones. */
static void *a64_field(ARMCPU *c, const char *name)
{
    int n;
    if (sscanf(name, "x%d", &n) == 1) {
        return &c->xregs[n];
    }
    if (sscanf(name, "v%d", &n) == 1) {
        return c->vregs[n];
    }
    if (!strcmp(name, "sp")) {
        return &c->xregs[31];
    }
    if (!strcmp(name, "pc")) {
        return &c->pc;
    }
    if (!strcmp(name, "fpsr")) {
        return &c->fpsr;
    }
    if (!strcmp(name, "fpcr")) {
        return &c->fpcr;
    }
    if (!strcmp(name, "tpidr")) {
        return &c->tpidr_el0;
    }
    if (!strcmp(name, "tpidrro_el0")) {
        return &c->tpidrro_el0;
    }
    return NULL;
}

START_TEST(test_a64_round_trip)
{
    RegTable *t = load_a64();
    ARMCPU *c = new_a64_cpu();
    CPUState *cpu = &c->parent;
    uint8_t in[REG_MAX_BYTES], out[REG_MAX_BYTES];

    /* Write every writable register first, then read them all: a write
     * that spills into a neighbour shows up. */
    for (size_t i = 0; i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        pattern(in, r->size, (unsigned)i);
        if (!strcmp(r->name, "cpsr")) {
            memset(in, 0, 4);
            in[3] = 0xa0;      /* N and C */
        }
        bool writable = r->offset >= 0 || r->set;
        ck_assert_msg(reg_write(cpu, r, in, r->size) == writable,
                      "write %s", r->name);
        ck_assert_msg(!reg_write(cpu, r, in, r->size + 1), "%s", r->name);
        ck_assert_msg(!reg_write(cpu, r, in, r->size - 1), "%s", r->name);
    }
    for (size_t i = 0; i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        if (r->offset < 0 && !r->set) {
            continue;
        }
        pattern(in, r->size, (unsigned)i);
        if (!strcmp(r->name, "cpsr")) {
            memset(in, 0, 4);
            in[3] = 0xa0;
        }
        memset(out, 0xee, sizeof(out));
        ck_assert_uint_eq(reg_read(cpu, r, out, sizeof(out)), r->size);
        ck_assert_msg(!memcmp(in, out, r->size), "%s", r->name);
        ck_assert_msg(out[r->size] == 0xee, "%s overran", r->name);
        void *field = a64_field(c, r->name);
        if (field) {
            ck_assert_msg(!memcmp(field, in, r->size), "%s", r->name);
        }
        /* A short buffer gets the low bytes, and the full size back. */
        memset(out, 0xee, sizeof(out));
        ck_assert_uint_eq(reg_read(cpu, r, out, 3), r->size);
        ck_assert_msg(!memcmp(in, out, 3) && out[3] == 0xee, "%s", r->name);
        if (r->size <= 8) {
            uint64_t v = 0;
            memcpy(&v, in, r->size);
            ck_assert_uint_eq(reg_read_u64(cpu, r), v);
        }
    }
    /* v5 is the 16 little-endian bytes of vregs[5]: low half first. */
    c->vregs[5][0] = 0x0706050403020100ull;
    c->vregs[5][1] = 0x0f0e0d0c0b0a0908ull;
    reg_read(cpu, regs_find(t, "v5"), out, 16);
    for (int i = 0; i < 16; i++) {
        ck_assert_uint_eq(out[i], i);
    }
    g_free(c);
    regs_free(t);
}
END_TEST

START_TEST(test_a64_cpsr)
{
    RegTable *t = load_a64();
    ARMCPU *c = new_a64_cpu();
    CPUState *cpu = &c->parent;
    const RegInfo *cpsr = regs_find(t, "cpsr");
    uint32_t v;

    for (uint32_t nzcv = 0; nzcv < 16; nzcv++) {
        v = nzcv << 28;
        ck_assert(reg_write(cpu, cpsr, &v, 4));
        ck_assert_uint_eq(a64_get_nzcv(c), nzcv << 28);
        ck_assert_uint_eq(reg_read_u64(cpu, cpsr), nzcv << 28);
        /* The lazy form the translated code tests. */
        ck_assert_uint_eq(c->NF >> 63, nzcv >> 3 & 1);
        ck_assert_uint_eq(c->ZF == 0, nzcv >> 2 & 1);
        ck_assert_uint_eq(c->CF, nzcv >> 1 & 1);
        ck_assert_uint_eq(c->VF >> 63, nzcv & 1);
    }
    /* Flags as a 32-bit subtraction leaves them: N from bit 63 of the
     * sign-extended result, Z from a zero result. */
    c->NF = 0xffffffff80000000ull;
    c->ZF = 0;
    c->CF = 0;
    c->VF = 0x7fffffffffffffffull;
    ck_assert_uint_eq(reg_read_u64(cpu, cpsr), 0xc0000000u);
    c->ZF = 0x100000000ull;
    ck_assert_uint_eq(reg_read_u64(cpu, cpsr), 0x80000000u);
    /* Only NZCV exists at EL0: the other bits read as 0. */
    v = 0xffffffffu;
    ck_assert(reg_write(cpu, cpsr, &v, 4));
    ck_assert_uint_eq(reg_read_u64(cpu, cpsr), 0xf0000000u);
    g_free(c);
    regs_free(t);
}
END_TEST

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

START_TEST(test_a64_readonly)
{
    RegTable *t = load_a64();
    ARMCPU *c = new_a64_cpu();
    CPUState *cpu = &c->parent;
    static const struct {
        const char *name;
        uint64_t value;
    } ids[] = {
        { "midr_el1", A64_MIDR },     { "ctr_el0", A64_CTR },
        { "dczid_el0", A64_DCZID },   { "cntfrq_el0", A64_CNTFRQ },
    };
    uint64_t v = 0x1234;

    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        const RegInfo *r = regs_find(t, ids[i].name);
        ck_assert_uint_eq(reg_read_u64(cpu, r), ids[i].value);
        ck_assert(r->is_readonly);
        ck_assert(!reg_write(cpu, r, &v, 8));
        ck_assert_uint_eq(reg_read_u64(cpu, r), ids[i].value);
    }
    const RegInfo *cnt = regs_find(t, "cntvct_el0");
    uint64_t before = now_ns();
    uint64_t a = reg_read_u64(cpu, cnt);
    uint64_t b = reg_read_u64(cpu, cnt);
    uint64_t after = now_ns();
    ck_assert(before <= a && a <= b && b <= after);
    ck_assert(!reg_write(cpu, cnt, &v, 8));

    /* pc and tpidrro_el0 are read-only to plugins, but the gdb stub can
     * still set them through the layer. */
    ck_assert(regs_find(t, "pc")->is_readonly);
    ck_assert(reg_write(cpu, regs_find(t, "pc"), &v, 8));
    ck_assert_uint_eq(c->pc, 0x1234);
    ck_assert(regs_find(t, "tpidrro_el0")->is_readonly);
    static const char *const writable[] = { "x0", "x30", "sp", "cpsr",
                                            "v0", "fpsr", "fpcr", "tpidr" };
    for (size_t i = 0; i < G_N_ELEMENTS(writable); i++) {
        ck_assert_msg(!regs_find(t, writable[i])->is_readonly, "%s",
                      writable[i]);
    }
    g_free(c);
    regs_free(t);
}
END_TEST

START_TEST(test_a64_find)
{
    RegTable *t = load_a64();

    ck_assert_ptr_eq(regs_find(t, "X0"), &t->regs[0]);
    ck_assert_ptr_eq(regs_find(t, "CpSr"), &t->regs[33]);
    ck_assert_ptr_eq(regs_find(t, "fp"), regs_find(t, "x29"));
    ck_assert_ptr_eq(regs_find(t, "LR"), regs_find(t, "x30"));
    ck_assert_ptr_eq(regs_find(t, "TPIDRRO_EL0"), regs_find(t,
                                                            "tpidrro_el0"));
    ck_assert_ptr_null(regs_find(t, "x31"));
    ck_assert_ptr_null(regs_find(t, "nzcv"));
    ck_assert_ptr_null(regs_find(t, ""));
    ck_assert_ptr_null(regs_by_regnum(t, 75));
    ck_assert_ptr_null(regs_by_regnum(t, -1));
    regs_free(t);
}
END_TEST

START_TEST(test_a64_files)
{
    RegTable *t = load_a64();

    for (size_t i = 0; i < G_N_ELEMENTS(a64_files); i++) {
        char *path = g_build_filename(EMU_XML_BUILDDIR, a64_files[i], NULL);
        char *disk;
        gsize disk_len;
        size_t len;
        ck_assert(g_file_get_contents(path, &disk, &disk_len, NULL));
        const char *text = regs_xml_file(t, a64_files[i], &len);
        ck_assert_msg(text, "%s not kept", a64_files[i]);
        ck_assert_uint_eq(len, disk_len);
        ck_assert(!memcmp(text, disk, len));
        if (i == 0) {
            ck_assert_ptr_eq(regs_xml_file(t, "target.xml", &len), text);
        }
        g_free(disk);
        g_free(path);
    }
    size_t len = 99;
    ck_assert_ptr_null(regs_xml_file(t, "riscv64.xml", &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(regs_xml_file(t, "../xml/aarch64.xml", NULL));
    ck_assert_ptr_null(regs_xml_file(t, "", NULL));
    regs_free(t);
}
END_TEST

/* ---- riscv64: the same loader with another target's table --------------- */

/* A stand-in RV64 CPU: no riscv64 front end exists; this is only what a
 * binding table needs. fcsr holds fflags (bits 4:0) and frm (7:5). */
typedef struct RVCPU {
    CPUState parent;
    uint64_t x[32];
    uint64_t pc;
    uint64_t f[32];
    uint32_t fcsr;
    uint64_t cycle, instret;
} RVCPU;

#define RV_OFF(field) ((int)offsetof(RVCPU, field))

static void rv_get_zero(CPUState *cpu, void *dst)
{
    memset(dst, 0, 8);
}

static void rv_get_fflags(CPUState *cpu, void *dst)
{
    uint32_t v = ((RVCPU *)cpu)->fcsr & 0x1f;
    memcpy(dst, &v, 4);
}

static void rv_set_fflags(CPUState *cpu, const void *src)
{
    RVCPU *c = (RVCPU *)cpu;
    uint32_t v;
    memcpy(&v, src, 4);
    c->fcsr = (c->fcsr & ~0x1fu) | (v & 0x1f);
}

static void rv_get_frm(CPUState *cpu, void *dst)
{
    uint32_t v = ((RVCPU *)cpu)->fcsr >> 5 & 7;
    memcpy(dst, &v, 4);
}

static void rv_set_frm(CPUState *cpu, const void *src)
{
    RVCPU *c = (RVCPU *)cpu;
    uint32_t v;
    memcpy(&v, src, 4);
    c->fcsr = (c->fcsr & ~0xe0u) | (v & 7) << 5;
}

static void rv_get_time(CPUState *cpu, void *dst)
{
    uint64_t v = now_ns();
    memcpy(dst, &v, 8);
}

static const char *const rv_abi[32] = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2",
    "fp",   "s1", "a0", "a1", "a2",  "a3",  "a4", "a5",
    "a6",   "a7", "s2", "s3", "s4",  "s5",  "s6", "s7",
    "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static RegBinding rv_bindings[32 + 1 + 32 + 3 + 3];
static RegAlias rv_aliases[32 + 1];
static char rv_names[64][8];

static const char *const rv_features[] = {
    "org.gnu.gdb.riscv.cpu", "org.gnu.gdb.riscv.fpu",
    "org.gnu.gdb.riscv.csr", NULL,
};

static const TargetRegs rv_regs = {
    .xml_top = "riscv64.xml",
    .architecture = "riscv:rv64",
    .features = rv_features,
    .bindings = rv_bindings,
    .n_bindings = G_N_ELEMENTS(rv_bindings),
    .aliases = rv_aliases,
    .n_aliases = G_N_ELEMENTS(rv_aliases),
};

static RegBinding bind(const char *name, int offset, unsigned size,
                       RegGetFn *get, RegSetFn *set, bool readonly)
{
    return (RegBinding){ .name = name, .offset = offset, .size = size,
                         .get = get, .set = set, .readonly = readonly };
}

static void rv_setup(void)
{
    size_t n = 0;

    rv_bindings[n++] = bind("zero", -1, 8, rv_get_zero, NULL, true);
    for (int i = 1; i < 32; i++) {
        rv_bindings[n++] = bind(rv_abi[i], RV_OFF(x[i]), 8, NULL, NULL,
                                false);
    }
    rv_bindings[n++] = bind("pc", RV_OFF(pc), 8, NULL, NULL, true);
    for (int i = 0; i < 32; i++) {
        snprintf(rv_names[i], sizeof(rv_names[i]), "f%d", i);
        rv_bindings[n++] = bind(rv_names[i], RV_OFF(f[i]), 8, NULL, NULL,
                                false);
    }
    rv_bindings[n++] = bind("fflags", -1, 4, rv_get_fflags, rv_set_fflags,
                            false);
    rv_bindings[n++] = bind("frm", -1, 4, rv_get_frm, rv_set_frm, false);
    rv_bindings[n++] = bind("fcsr", RV_OFF(fcsr), 4, NULL, NULL, false);
    rv_bindings[n++] = bind("cycle", RV_OFF(cycle), 8, NULL, NULL, false);
    rv_bindings[n++] = bind("time", -1, 8, rv_get_time, NULL, true);
    rv_bindings[n++] = bind("instret", RV_OFF(instret), 8, NULL, NULL,
                            false);
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(rv_bindings));

    /* The architectural names x0-x31 stand for the ABI names; s0 for fp. */
    for (int i = 0; i < 32; i++) {
        snprintf(rv_names[32 + i], sizeof(rv_names[32 + i]), "x%d", i);
        rv_aliases[i] = (RegAlias){ rv_names[32 + i], rv_abi[i] };
    }
    rv_aliases[32] = (RegAlias){ "s0", "fp" };
}

START_TEST(test_riscv64)
{
    char *err = NULL;
    RegTable *t = regs_load_dir(&rv_regs, EMU_XML_BUILDDIR, &err);
    ck_assert_msg(t, "riscv64.xml: %s", err);

    ck_assert_str_eq(t->architecture, "riscv:rv64");
    ck_assert_uint_eq(t->n, 32 + 1 + 32 + 3 + 3);
    ck_assert_int_eq(t->max_regnum, 65 + 0xc02);
    for (int i = 0; i < 32; i++) {
        ck_assert_str_eq(t->regs[i].name, rv_abi[i]);
        ck_assert_int_eq(t->regs[i].regnum, i);
        ck_assert_str_eq(t->regs[i].feature, "org.gnu.gdb.riscv.cpu");
        ck_assert_ptr_eq(regs_find(t, rv_names[32 + i]), &t->regs[i]);
    }
    ck_assert_int_eq(regs_find(t, "pc")->regnum, 32);
    ck_assert_int_eq(regs_find(t, "f0")->regnum, 33);
    ck_assert_int_eq(regs_find(t, "f31")->regnum, 64);
    ck_assert_str_eq(regs_find(t, "f0")->type, "riscv_double");
    ck_assert_int_eq(regs_find(t, "fflags")->regnum, 66);
    ck_assert_int_eq(regs_find(t, "frm")->regnum, 67);
    ck_assert_int_eq(regs_find(t, "fcsr")->regnum, 68);
    ck_assert_int_eq(regs_find(t, "cycle")->regnum, 65 + 0xc00);
    ck_assert_str_eq(regs_find(t, "time")->feature,
                     "org.gnu.gdb.riscv.csr");
    ck_assert_ptr_null(regs_by_regnum(t, 65));
    /* fp is a real register here, so it is not taken for an alias. */
    ck_assert_ptr_eq(regs_find(t, "s0"), regs_find(t, "fp"));
    ck_assert_int_eq(regs_find(t, "fp")->regnum, 8);

    RVCPU *c = g_malloc0(sizeof(RVCPU));
    CPUState *cpu = &c->parent;
    uint8_t in[8], out[8];
    for (size_t i = 0; i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        if (r->offset < 0 && !r->set) {
            continue;
        }
        pattern(in, r->size, (unsigned)i);
        ck_assert(reg_write(cpu, r, in, r->size));
        if (!strcmp(r->name, "fflags") || !strcmp(r->name, "frm") ||
            !strcmp(r->name, "fcsr")) {
            continue;          /* they share fcsr: checked below */
        }
        reg_read(cpu, r, out, sizeof(out));
        ck_assert_msg(!memcmp(in, out, r->size), "%s", r->name);
    }
    uint64_t v = 0x55;
    ck_assert(!reg_write(cpu, regs_find(t, "zero"), &v, 8));
    ck_assert_uint_eq(reg_read_u64(cpu, regs_find(t, "x0")), 0);
    ck_assert(regs_find(t, "zero")->is_readonly);
    ck_assert(regs_find(t, "time")->is_readonly);
    ck_assert_uint_ne(reg_read_u64(cpu, regs_find(t, "time")), 0);

    uint32_t w = 0;
    ck_assert(reg_write(cpu, regs_find(t, "fcsr"), &w, 4));
    w = 0x1f;
    ck_assert(reg_write(cpu, regs_find(t, "fflags"), &w, 4));
    w = 3;
    ck_assert(reg_write(cpu, regs_find(t, "frm"), &w, 4));
    ck_assert_uint_eq(reg_read_u64(cpu, regs_find(t, "fcsr")), 0x7f);
    w = 0xa5;
    ck_assert(reg_write(cpu, regs_find(t, "fcsr"), &w, 4));
    ck_assert_uint_eq(reg_read_u64(cpu, regs_find(t, "fflags")), 0x05);
    ck_assert_uint_eq(reg_read_u64(cpu, regs_find(t, "frm")), 0x5);

    const char *top = regs_xml_file(t, "target.xml", NULL);
    ck_assert_ptr_nonnull(strstr(top, "riscv:rv64"));
    ck_assert_ptr_nonnull(regs_xml_file(t, "riscv-64bit-csr.xml", NULL));
    ck_assert_ptr_null(regs_xml_file(t, "aarch64.xml", NULL));
    g_free(c);
    regs_free(t);
}
END_TEST

/* ---- Malformed descriptions --------------------------------------------- */

static const struct {
    const char *fixture;       /* tests/xml-bad/<fixture> */
    const char *error;         /* @DIR@: the directory loaded from */
} bad[] = {
    { "missing-feature",
      "xml/aarch64.xml:3: required feature org.gnu.gdb.aarch64.tls is "
      "missing" },
    { "duplicate-regnum",
      "xml/aarch64-tls.xml:4: register tpidr: regnum 33 is taken by cpsr "
      "(xml/aarch64-core.xml:56)" },
    { "duplicate-name",
      "xml/aarch64-sys.xml:10: register X0 is defined twice (also at "
      "xml/aarch64-core.xml:23)" },
    { "unknown-type",
      "xml/aarch64-tls.xml:4: register tpidr: unknown type data_pointer" },
    { "unknown-field-type",
      "xml/aarch64-tls.xml:6: tp: field bits has unknown type uint65" },
    { "broken-include",
      "xml/aarch64.xml:6: cannot include aarch64-fp.xml: No such file or "
      "directory" },
    { "not-xml",
      "xml/aarch64-sys.xml:1: Start tag expected, '<' not found" },
    { "truncated",
      "xml/aarch64-tls.xml:6: Premature end of data in tag feature line 4" },
    { "missing-file",
      "xml/aarch64.xml: cannot read @DIR@/aarch64.xml: No such file or "
      "directory" },
    { "unbound-register",
      "xml/aarch64-sys.xml:10: register id_aa64isar0_el1 is not bound to "
      "aarch64 CPU state" },
    { "wrong-size",
      "xml/aarch64-tls.xml:4: register tpidr: bitsize 32, but the aarch64 "
      "CPU holds 64 bits" },
    { "type-size",
      "xml/aarch64-tls.xml:4: register tpidr: bitsize 64, but type uint32 "
      "is 32 bits" },
    { "wrong-architecture",
      "xml/aarch64.xml:4: architecture is arm, expected aarch64" },
};

static void copy_file(const char *from, const char *to)
{
    char *text;
    gsize len;
    ck_assert_msg(g_file_get_contents(from, &text, &len, NULL), "%s", from);
    ck_assert(g_file_set_contents(to, text, (gssize)len, NULL));
    g_free(text);
}

static void copy_dir(const char *from, const char *to)
{
    GDir *d = g_dir_open(from, 0, NULL);
    const char *name;
    ck_assert_msg(d, "%s", from);
    while ((name = g_dir_read_name(d))) {
        char *src = g_build_filename(from, name, NULL);
        char *dst = g_build_filename(to, name, NULL);
        if (strcmp(name, "remove") == 0) {
            char *list;
            ck_assert(g_file_get_contents(src, &list, NULL, NULL));
            char **files = g_strsplit(g_strstrip(list), "\n", -1);
            for (char **f = files; *f; f++) {
                char *victim = g_build_filename(to, *f, NULL);
                g_unlink(victim);
                g_free(victim);
            }
            g_strfreev(files);
            g_free(list);
        } else {
            copy_file(src, dst);
        }
        g_free(src);
        g_free(dst);
    }
    g_dir_close(d);
}

static void remove_dir(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(path, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(path);
}

/* xml/ with the fixture laid over it, in a directory whose name has a
 * space (paths reach libxml2 as URLs). */
static char *make_fixture(const char *fixture)
{
    char *dir = g_dir_make_tmp("emu regs XXXXXX", NULL);
    char *src = g_build_filename(TEST_XML_BAD_DIR, fixture, NULL);
    ck_assert(dir);
    copy_dir(EMU_XML_BUILDDIR, dir);
    copy_dir(src, dir);
    g_free(src);
    return dir;
}

static char *expected_error(int i, const char *dir)
{
    char **parts = g_strsplit(bad[i].error, "@DIR@", -1);
    char *want = g_strjoinv(dir, parts);
    g_strfreev(parts);
    return want;
}

START_TEST(test_bad)
{
    char *dir = make_fixture(bad[_i].fixture);
    char *err = NULL;
    RegTable *t = regs_load_dir(&aarch64_regs, dir, &err);
    char *want = expected_error(_i, dir);

    ck_assert_msg(!t, "%s loaded", bad[_i].fixture);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(!strcmp(err, want), "%s:\n got  %s\n want %s",
                  bad[_i].fixture, err, want);
    ck_assert_ptr_null(strchr(err, '\n'));
    g_free(want);
    g_free(err);
    remove_dir(dir);
    g_free(dir);
}
END_TEST

/* The same fixture again to check the error is stable and the good files
 * still load afterwards: libxml2's error handlers were put back. */
START_TEST(test_bad_then_good)
{
    char *dir = make_fixture("not-xml");
    char *err = NULL;
    ck_assert_ptr_null(regs_load_dir(&aarch64_regs, dir, &err));
    g_free(err);
    remove_dir(dir);
    g_free(dir);
    regs_free(load_a64());
}
END_TEST

/* What emu prints: "emu: " and the line on stderr, exit status 1. */
START_TEST(test_die)
{
    char *dir = make_fixture("duplicate-regnum");
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        g_setenv("EMU_XML_DIR", dir, true);
        regs_load_or_die(&aarch64_regs);
        _exit(0);
    }
    close(fds[1]);
    char buf[1024];
    ssize_t n, got = 0;
    while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
        got += n;
    }
    buf[got] = 0;
    close(fds[0]);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    char *want = g_strdup_printf("emu: %s\n", bad[1].error);
    ck_assert_str_eq(buf, want);
    g_free(want);
    remove_dir(dir);
    g_free(dir);
}
END_TEST

START_TEST(test_xml_dir)
{
    g_setenv("EMU_XML_DIR", "/nowhere/xml", true);
    ck_assert_str_eq(regs_xml_dir(), "/nowhere/xml");
    g_setenv("EMU_XML_DIR", "", true);
    const char *dir = regs_xml_dir();
    ck_assert(!strcmp(dir, EMU_XML_BUILDDIR) ||
              !strcmp(dir, EMU_PKGDATADIR "/xml"));
    g_unsetenv("EMU_XML_DIR");
    /* This test runs from the build tree: the sources' files. */
    ck_assert_str_eq(regs_xml_dir(), EMU_XML_BUILDDIR);

    /* regs_load keeps one table per target. */
    char *err = NULL;
    const RegTable *a = regs_load(&aarch64_regs, &err);
    ck_assert_msg(a, "%s", err);
    ck_assert_ptr_eq(regs_load(&aarch64_regs, NULL), a);
    ck_assert_ptr_eq(regs_load_or_die(&aarch64_regs), a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("regs");
    TCase *tc = tcase_create("aarch64");
    tcase_add_test(tc, test_a64_table);
    tcase_add_test(tc, test_a64_round_trip);
    tcase_add_test(tc, test_a64_cpsr);
    tcase_add_test(tc, test_a64_readonly);
    tcase_add_test(tc, test_a64_find);
    tcase_add_test(tc, test_a64_files);
    suite_add_tcase(s, tc);

    tc = tcase_create("riscv64");
    tcase_add_unchecked_fixture(tc, rv_setup, NULL);
    tcase_add_test(tc, test_riscv64);
    suite_add_tcase(s, tc);

    tc = tcase_create("bad");
    tcase_add_loop_test(tc, test_bad, 0, G_N_ELEMENTS(bad));
    tcase_add_test(tc, test_bad_then_good);
    tcase_add_test(tc, test_die);
    tcase_add_test(tc, test_xml_dir);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
