/* The A64 decoder: the translator files' pattern tables, compiled once
 * into mask/value pairs and field extractors, bucketed by the major
 * opcode bits so an instruction is only compared with its own class. */
#include <string.h>
#include "target/aarch64/translate.h"

typedef struct FieldRun {
    uint8_t letter;        /* index into A64Fields.f */
    uint8_t shift, width;  /* a run of the field's bits in the insn */
    uint8_t pos;           /* where the run goes in the field value */
} FieldRun;

typedef struct DecodeEntry {
    const A64Pattern *pat;
    uint32_t mask, value;
    uint8_t nb_runs;
    FieldRun runs[12];
    uint32_t letters_seen;  /* bit per field, to zero unused ones */
} DecodeEntry;

/* Bits 28:25 select the encoding group. */
static GPtrArray *buckets[16];

static const A64Pattern *const *tables(void)
{
    static const A64Pattern *const t[] = {
        a64_dp_table, a64_branch_table, a64_ldst_table, a64_simd_table,
        NULL,
    };
    return t;
}

static void compile(const A64Pattern *p, DecodeEntry *e)
{
    char bits[32];
    int n = 0;
    for (const char *c = p->pattern; *c; c++) {
        if (*c == ' ') {
            continue;
        }
        if (n == 32) {
            g_error("a64 pattern %s: more than 32 bits", p->name);
        }
        bits[n++] = *c;
    }
    if (n != 32) {
        g_error("a64 pattern %s: %d bits, not 32", p->name, n);
    }
    memset(e, 0, sizeof(*e));
    e->pat = p;
    /* bits[0] is insn bit 31. A field's runs are found from its most
     * significant bit down, so its value reads as the pattern does. */
    for (int i = 0; i < 32; i++) {
        int bit = 31 - i;
        char c = bits[i];
        if (c == '0' || c == '1') {
            e->mask |= 1u << bit;
            e->value |= (uint32_t)(c == '1') << bit;
        } else if (c == '-') {
            continue;
        } else if (g_ascii_isalpha(c)) {
            int j = i;
            while (j + 1 < 32 && bits[j + 1] == c) {
                j++;
            }
            if (e->nb_runs == G_N_ELEMENTS(e->runs)) {
                g_error("a64 pattern %s: too many fields", p->name);
            }
            FieldRun *r = &e->runs[e->nb_runs++];
            r->letter = (uint8_t)(c - 'A');
            r->width = (uint8_t)(j - i + 1);
            r->shift = (uint8_t)(31 - j);
            r->pos = 0;
            i = j;
        } else {
            g_error("a64 pattern %s: bad character '%c'", p->name, c);
        }
    }
    /* A field split in several runs: earlier runs are the high bits. */
    for (int k = 0; k < e->nb_runs; k++) {
        int pos = 0;
        for (int m = e->nb_runs - 1; m > k; m--) {
            if (e->runs[m].letter == e->runs[k].letter) {
                pos += e->runs[m].width;
            }
        }
        e->runs[k].pos = (uint8_t)pos;
    }
}

static void decode_init(void)
{
    for (int b = 0; b < 16; b++) {
        buckets[b] = g_ptr_array_new();
    }
    for (const A64Pattern *const *t = tables(); *t; t++) {
        for (const A64Pattern *p = *t; p->name; p++) {
            DecodeEntry *e = g_new(DecodeEntry, 1);
            compile(p, e);
            for (uint32_t b = 0; b < 16; b++) {
                uint32_t m = (e->mask >> 25) & 15, v = (e->value >> 25) & 15;
                if ((b & m) == v) {
                    g_ptr_array_add(buckets[b], e);
                }
            }
        }
    }
}

static void extract_fields(const DecodeEntry *e, uint32_t insn,
                           A64Fields *a)
{
    for (int k = 0; k < e->nb_runs; k++) {
        a->f[e->runs[k].letter] = 0;
    }
    for (int k = 0; k < e->nb_runs; k++) {
        const FieldRun *r = &e->runs[k];
        uint32_t v = (insn >> r->shift) &
                     (r->width == 32 ? ~0u : (1u << r->width) - 1);
        a->f[r->letter] |= v << r->pos;
    }
}

static GPtrArray *bucket_for(uint32_t insn)
{
    if (G_UNLIKELY(!buckets[0])) {
        decode_init();
    }
    return buckets[(insn >> 25) & 15];
}

bool a64_decode(DisasContext *s, uint32_t insn)
{
    GPtrArray *bk = bucket_for(insn);
    for (guint i = 0; i < bk->len; i++) {
        const DecodeEntry *e = bk->pdata[i];
        if ((insn & e->mask) == e->value) {
            A64Fields a;
            extract_fields(e, insn, &a);
            if (e->pat->fn(s, &a)) {
                return true;
            }
        }
    }
    return false;
}

const char *a64_decode_name(uint32_t insn)
{
    GPtrArray *bk = bucket_for(insn);
    for (guint i = 0; i < bk->len; i++) {
        const DecodeEntry *e = bk->pdata[i];
        if ((insn & e->mask) == e->value) {
            return e->pat->name;
        }
    }
    return NULL;
}
