/* The register layer: a target's GDB XML description, loaded and checked
 * once at start, as a table of registers bound to the guest CPU state. */
#ifndef REGS_H
#define REGS_H

#include "cpu.h"

/* The widest register a binding may hold (an SVE Z register at 2048 bits). */
#define REG_MAX_BYTES 256

/* Accessors for composed registers (cpsr from the lazy flags, a clock).
 * Values are size bytes in target byte order. */
typedef void RegGetFn(CPUState *cpu, void *dst);
typedef void RegSetFn(CPUState *cpu, const void *src);

/* How a target ties one XML register to its CPU state: either offset >= 0,
 * the value being size bytes of the target's CPU at that offset from the
 * CPUState base (host order is target order: both little-endian); or
 * offset < 0 and get, with set NULL when nothing can change the value. */
typedef struct RegBinding {
    const char *name;          /* the XML name */
    int offset;
    unsigned size;             /* bytes: the XML bitsize / 8 */
    RegGetFn *get;
    RegSetFn *set;
    bool readonly;             /* plugins may not write it (pc, ID regs) */
} RegBinding;

typedef struct RegAlias {
    const char *alias, *name;  /* "fp" stands for "x29" */
} RegAlias;

/* What the register layer needs from a target (Target.regs). */
typedef struct TargetRegs {
    const char *xml_top;       /* file in the XML directory: "aarch64.xml" */
    const char *architecture;  /* its <architecture>: "aarch64" */
    const char *const *features; /* required features, NULL-terminated */
    const RegBinding *bindings;
    size_t n_bindings;
    const RegAlias *aliases;
    size_t n_aliases;
} TargetRegs;

/* One register. The first fields are all a read or write touches. */
typedef struct RegInfo {
    int offset;                /* as in RegBinding */
    unsigned size;             /* bytes, bitsize / 8 */
    RegGetFn *get;
    RegSetFn *set;
    /* What the XML says. group is NULL when the XML gives none. */
    const char *name, *feature, *type, *group;
    unsigned bitsize;
    int regnum;                /* gdb's number: p/P packets, g/G order */
    bool is_readonly;          /* for plugins; the gdb stub may write pc */
    unsigned index;            /* position in XML order */
} RegInfo;

/* A loaded description. Built once; never changes; lives for the run. */
typedef struct RegTable {
    const TargetRegs *desc;
    const char *dir;           /* where the files were read */
    const char *architecture;
    size_t n;
    const RegInfo *regs;       /* n registers in XML order */
    int max_regnum;
    GHashTable *by_name;       /* lower-case name or alias -> RegInfo */
    GHashTable *by_regnum;     /* GINT_TO_POINTER(regnum) -> RegInfo */
    GHashTable *files;         /* annex -> GBytes of the file as written */
    GStringChunk *strings;     /* holds every string above */
} RegTable;

/* Where the XML files are: $EMU_XML_DIR if set and not empty; else the
 * source tree's xml/ when this program runs from the build tree; else
 * $(pkgdatadir)/xml. The string lives for the run. */
const char *regs_xml_dir(void);

/* Load, check and bind d's description from regs_xml_dir(). The first call
 * for a d builds the table, later ones return it (call from one thread at
 * start). On error: NULL, and *err (g_free it) is one line
 * "xml/FILE:LINE: reason" (":LINE" left out when the top file is missing),
 * to print after "emu: ". */
const RegTable *regs_load(const TargetRegs *d, char **err);
/* The same, or "emu: <that line>" on stderr and exit status 1. */
const RegTable *regs_load_or_die(const TargetRegs *d);
/* Load from dir, uncached (tests); regs_free releases the table. */
RegTable *regs_load_dir(const TargetRegs *d, const char *dir, char **err);
void regs_free(RegTable *t);

/* A register by XML name, case-insensitively, or by one of the target's
 * aliases; NULL if none. Hashes the name: for set-up, not for run time. */
const RegInfo *regs_find(const RegTable *t, const char *name);
/* A register by gdb number, or NULL. */
const RegInfo *regs_by_regnum(const RegTable *t, int regnum);
/* A file of the description as written, for qXfer:features:read: the
 * annex is the name an xi:include gives, or "target.xml" for the top
 * file. NULL if there is no such file. */
const char *regs_xml_file(const RegTable *t, const char *annex, size_t *len);

/* Copy r's value from cpu into dst: min(len, r->size) bytes in target byte
 * order. Returns r->size. No allocation, no lookup: a memcpy or a call. */
static inline size_t reg_read(CPUState *cpu, const RegInfo *r, void *dst,
                              size_t len)
{
    if (likely(r->offset >= 0)) {
        const char *src = (const char *)cpu + r->offset;
        /* Constant sizes become single moves for the common widths. */
        if (r->size == 8 && len >= 8) {
            memcpy(dst, src, 8);
        } else if (r->size == 16 && len >= 16) {
            memcpy(dst, src, 16);
        } else {
            memcpy(dst, src, len < r->size ? len : r->size);
        }
    } else if (len >= r->size) {
        r->get(cpu, dst);
    } else {
        uint8_t buf[REG_MAX_BYTES];
        r->get(cpu, buf);
        memcpy(dst, buf, len);
    }
    return r->size;
}

/* A register of at most 64 bits as a host integer (zero-extended; of a
 * wider one, the low 64 bits). */
static inline uint64_t reg_read_u64(CPUState *cpu, const RegInfo *r)
{
    uint64_t v = 0;
    reg_read(cpu, r, &v, sizeof(v));
    return v;
}

/* Set r from len == r->size bytes at src (target byte order). False, and
 * nothing changes, when len is wrong or r has no storage (a constant or a
 * clock). is_readonly is not checked here: that is the caller's policy. */
static inline bool reg_write(CPUState *cpu, const RegInfo *r,
                             const void *src, size_t len)
{
    if (len != r->size) {
        return false;
    }
    if (r->offset >= 0) {
        memcpy((char *)cpu + r->offset, src, len);
    } else if (r->set) {
        r->set(cpu, src);
    } else {
        return false;
    }
    return true;
}

#endif
