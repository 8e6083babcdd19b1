/* IR clean-up before code generation, for an interpreter that pays per
 * op: copy and constant propagation with folding of simple arithmetic,
 * then removal of ops whose results nobody reads. */
#include <string.h>
#include "tcg/tcg.h"

/* What a temp is known to equal: another temp (global, block temp or
 * constant), valid while the source has not been written since. */
typedef struct CopyInfo {
    TCGTemp *src;
    uint32_t src_gen;
    uint32_t epoch;
} CopyInfo;

typedef struct OptState {
    TCGContext *s;
    CopyInfo *copy;        /* by temp index */
    uint32_t *gen;         /* bumped when the temp is written */
    uint32_t epoch;        /* bumped at labels and global clobbers */
} OptState;

static int temp_idx(OptState *o, TCGTemp *t)
{
    return (int)(t - o->s->temps);
}

static TCGTemp *resolve(OptState *o, TCGTemp *t)
{
    if (t->kind == TEMP_CONST) {
        return t;
    }
    CopyInfo *ci = &o->copy[temp_idx(o, t)];
    if (ci->src && ci->epoch == o->epoch &&
        (ci->src->kind == TEMP_CONST ||
         o->gen[temp_idx(o, ci->src)] == ci->src_gen)) {
        return ci->src;
    }
    return t;
}

static void written(OptState *o, TCGTemp *t)
{
    int i = temp_idx(o, t);
    o->gen[i]++;
    o->copy[i].src = NULL;
}

static void record_copy(OptState *o, TCGTemp *dst, TCGTemp *src)
{
    if (dst == src) {
        return;
    }
    CopyInfo *ci = &o->copy[temp_idx(o, dst)];
    ci->src = src;
    ci->src_gen = src->kind == TEMP_CONST ? 0 : o->gen[temp_idx(o, src)];
    ci->epoch = o->epoch;
}

/* The result of op on constants, when it is one we fold. */
static bool fold(TCGOpcode opc, uint64_t a, uint64_t b, uint64_t *r)
{
    switch (opc) {
    case INDEX_op_add: *r = a + b; return true;
    case INDEX_op_sub: *r = a - b; return true;
    case INDEX_op_mul: *r = a * b; return true;
    case INDEX_op_and: *r = a & b; return true;
    case INDEX_op_or: *r = a | b; return true;
    case INDEX_op_xor: *r = a ^ b; return true;
    case INDEX_op_andc: *r = a & ~b; return true;
    case INDEX_op_orc: *r = a | ~b; return true;
    case INDEX_op_shl: *r = a << (b & 63); return true;
    case INDEX_op_shr: *r = a >> (b & 63); return true;
    case INDEX_op_sar: *r = (uint64_t)((int64_t)a >> (b & 63)); return true;
    case INDEX_op_add32: *r = (uint32_t)(a + b); return true;
    case INDEX_op_sub32: *r = (uint32_t)(a - b); return true;
    case INDEX_op_and32: *r = (uint32_t)(a & b); return true;
    case INDEX_op_or32: *r = (uint32_t)(a | b); return true;
    case INDEX_op_xor32: *r = (uint32_t)(a ^ b); return true;    case INDEX_op_neg: *r = -a; return true;
    case INDEX_op_not: *r = ~a; return true;
    case INDEX_op_ext8s: *r = (uint64_t)(int8_t)a; return true;
    case INDEX_op_ext8u: *r = (uint8_t)a; return true;
    case INDEX_op_ext16s: *r = (uint64_t)(int16_t)a; return true;
    case INDEX_op_ext16u: *r = (uint16_t)a; return true;
    case INDEX_op_ext32s: *r = (uint64_t)(int32_t)a; return true;
    case INDEX_op_ext32u: *r = (uint32_t)a; return true;
    default: return false;
    }
}

/* Does a store of size bytes at offset hit the global g? */
static bool overlaps(TCGTemp *g, int offset, int size)
{
    return offset < g->offset + 8 && g->offset < offset + size;
}

static void propagate(OptState *o)
{
    TCGContext *s = o->s;
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int no = op->nb_oargs, ni = op->nb_iargs;

        if (op->opc == INDEX_op_set_label) {
            o->epoch++;
            continue;
        }
        for (int k = no; k < no + ni; k++) {
            op->args[k] = (TCGArg)resolve(o, (TCGTemp *)op->args[k]);
        }

        /* Fold ops whose inputs are all constants into a move. */
        if (no == 1 && (ni == 1 || ni == 2) && def->nb_cargs == 0 &&
            !(def->flags & (OPF_SIDE_EFFECTS | OPF_CALL))) {
            TCGTemp *a = (TCGTemp *)op->args[1];
            TCGTemp *b = ni == 2 ? (TCGTemp *)op->args[2] : a;
            uint64_t r;
            if (a->kind == TEMP_CONST && b->kind == TEMP_CONST &&
                fold(op->opc, a->val, b->val, &r)) {
                op->opc = INDEX_op_mov;
                op->nb_iargs = 1;
                op->args[1] = (TCGArg)tcg_constant(r);
            }
        }
        if (op->opc == INDEX_op_movi) {
            op->opc = INDEX_op_mov;
            op->args[1] = (TCGArg)tcg_constant(op->args[1]);
        }

        switch (op->opc) {
        case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
        case INDEX_op_st64: {
            int size = 1 << (op->opc - INDEX_op_st8);
            for (int g = 0; g < s->nb_globals; g++) {
                if (overlaps(&s->temps[g], (int)op->args[1], size)) {
                    written(o, &s->temps[g]);
                }
            }
            break;
        }
        case INDEX_op_call:
            if (!(op->args[no + ni + 1] & TCG_CALL_NO_WG)) {
                for (int g = 0; g < s->nb_globals; g++) {
                    written(o, &s->temps[g]);
                }
            }
            break;
        default:
            break;
        }
        for (int k = 0; k < no; k++) {
            written(o, (TCGTemp *)op->args[k]);
        }
        if (op->opc == INDEX_op_mov) {
            TCGTemp *d = (TCGTemp *)op->args[0];
            TCGTemp *src = (TCGTemp *)op->args[1];
            /* Only block temps stand for something else: a global must
             * stay what was stored in it. */
            if (d->kind == TEMP_TB) {
                record_copy(o, d, src);
            }
        }
    }
}

/* "add t, base, $imm" whose only reader is a guest access through t:
 * the access takes base and imm itself, and the add dies. Most guest
 * accesses are register + offset, so this saves an op on each. */
static void fold_mem_offsets(OptState *o)
{
    TCGContext *s = o->s;
    int n = s->nb_temps;
    int *uses = g_new0(int, n);
    int *def = g_new(int, n);          /* op index of a foldable add */
    uint32_t *def_epoch = g_new0(uint32_t, n);
    uint32_t *base_gen = g_new0(uint32_t, n);
    uint32_t epoch = 1;

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        for (int k = op->nb_oargs; k < op->nb_oargs + op->nb_iargs; k++) {
            uses[temp_idx(o, (TCGTemp *)op->args[k])]++;
        }
    }
    memset(o->gen, 0, sizeof(uint32_t) * (s->nb_temps));
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_set_label) {
            epoch++;
            continue;
        }
        if ((op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st)) {
            TCGTemp *t = (TCGTemp *)op->args[1];
            int ti = temp_idx(o, t);
            if (t->kind == TEMP_TB && uses[ti] == 1 &&
                def_epoch[ti] == epoch) {
                TCGOp *add = &s->ops[def[ti]];
                TCGTemp *base = (TCGTemp *)add->args[1];
                if (o->gen[temp_idx(o, base)] == base_gen[ti]) {
                    op->args[1] = (TCGArg)base;
                    op->args[3] += ((TCGTemp *)add->args[2])->val;
                }
            }
        }
        for (int k = 0; k < op->nb_oargs; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            int ti = temp_idx(o, t);
            o->gen[ti]++;
            def_epoch[ti] = 0;
        }
        if (op->opc == INDEX_op_add) {
            TCGTemp *d = (TCGTemp *)op->args[0];
            TCGTemp *a = (TCGTemp *)op->args[1];
            TCGTemp *b = (TCGTemp *)op->args[2];
            if (d->kind == TEMP_TB && a->kind != TEMP_CONST && a != d &&
                b->kind == TEMP_CONST) {
                int di = temp_idx(o, d);
                def[di] = i;
                def_epoch[di] = epoch;
                base_gen[di] = o->gen[temp_idx(o, a)];
            }
        }
        /* Helpers and stores to CPU state may write a global base. */
        if (op->opc == INDEX_op_call ||
            (op->opc >= INDEX_op_st8 && op->opc <= INDEX_op_st64)) {
            for (int g = 0; g < s->nb_globals; g++) {
                o->gen[g]++;
            }
        }
    }
    g_free(uses);
    g_free(def);
    g_free(def_epoch);
    g_free(base_gen);
}

/* Ops that only compute a value into temps, and may go when nobody reads
 * it. */
static bool removable(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    if (def->flags & (OPF_SIDE_EFFECTS | OPF_BRANCH | OPF_MARKER |
                      OPF_CALL | OPF_BB_END)) {
        return false;
    }
    switch (op->opc) {
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32:
    case INDEX_op_st64:
        return false;
    default:
        return op->nb_oargs > 0;
    }
}

static void eliminate(OptState *o)
{
    TCGContext *s = o->s;
    int nwords = (s->nb_temps + 63) / 64;
    uint64_t *live = g_new0(uint64_t, nwords);
    int nlabels = s->labels->len;
    uint64_t **at_label = g_new0(uint64_t *, nlabels);

#define LIVE(t) (live[temp_idx(o, t) / 64] >> (temp_idx(o, t) % 64) & 1)
#define SET(t) (live[temp_idx(o, t) / 64] |= 1ull << (temp_idx(o, t) % 64))
#define CLR(t) (live[temp_idx(o, t) / 64] &= ~(1ull << (temp_idx(o, t) % 64)))

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        int no = op->nb_oargs, ni = op->nb_iargs;

        if (op->opc == NB_OPS) {
            continue;           /* removed already */
        }
        switch (op->opc) {
        case INDEX_op_set_label: {
            TCGLabel *l = (TCGLabel *)op->args[0];
            at_label[l->id] = g_memdup2(live, nwords * sizeof(uint64_t));
            continue;
        }
        case INDEX_op_br:
        case INDEX_op_brcond:
        case INDEX_op_brcond32: {
            TCGLabel *l = (TCGLabel *)op->args[op->opc == INDEX_op_br ? 0 : 3];
            if (at_label[l->id]) {
                for (int w = 0; w < nwords; w++) {
                    live[w] |= at_label[l->id][w];
                }
            }
            break;
        }
        default:
            break;
        }
        if (removable(op)) {
            bool needed = false;
            for (int k = 0; k < no; k++) {
                TCGTemp *t = (TCGTemp *)op->args[k];
                if (t->kind != TEMP_TB || LIVE(t)) {
                    needed = true;
                }
            }
            if (!needed) {
                op->opc = NB_OPS;
                continue;
            }
        }
        for (int k = 0; k < no; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            if (t->kind == TEMP_TB) {
                CLR(t);
            }
        }
        for (int k = no; k < no + ni; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            if (t->kind == TEMP_TB) {
                SET(t);
            }
        }
    }
#undef LIVE
#undef SET
#undef CLR

    /* Squeeze out the removed ops; labels keep pointing at their
     * set_label op by pointer, not index. */
    int n = 0;
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != NB_OPS) {
            s->ops[n++] = s->ops[i];
        }
    }
    s->nb_ops = n;
    for (int l = 0; l < nlabels; l++) {
        g_free(at_label[l]);
    }
    g_free(at_label);
    g_free(live);
}

/* Plugin inline counters: an add to a counter moves back onto an earlier
 * add to the same counter when nothing between them can leave the block
 * or look at counters (guest accesses may fault, calls may run plugin
 * code, labels join paths). Wherever the block can be left, every
 * counter then holds what it would have without the merge. Counting per
 * instruction (insn.so inline=on) is the common case: a run of
 * instructions without accesses or branches pays for one add. */
static void merge_counter_adds(TCGContext *s)
{
    enum { MAX_OPEN = 8 };
    TCGOp *open[MAX_OPEN];
    int nopen = 0;

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];

        if (op->opc == INDEX_op_plugin_add_u64) {
            int k = 0;
            while (k < nopen && open[k]->args[0] != op->args[0]) {
                k++;
            }
            if (k < nopen) {
                open[k]->args[1] += op->args[1];
                op->opc = NB_OPS;
            } else if (nopen < MAX_OPEN) {
                open[nopen++] = op;
            }
            continue;
        }
        if (op->opc == INDEX_op_insn_start ||
            op->opc == INDEX_op_plugin_mem_helper) {
            continue;
        }
        if (op->opc == INDEX_op_plugin_ld_u64 ||
            op->opc == INDEX_op_plugin_st_u64 ||
            (def->flags & (OPF_SIDE_EFFECTS | OPF_BRANCH | OPF_MARKER |
                           OPF_CALL | OPF_BB_END))) {
            nopen = 0;
        }
    }
}

void tcg_optimize(TCGContext *s)
{
    OptState o = {
        .s = s,
        .copy = g_new0(CopyInfo, s->nb_temps + 1),
        .gen = g_new0(uint32_t, s->nb_temps + 1),
        .epoch = 1,
    };
    /* Constants made by folding get indexes past the arrays; nothing
     * indexes them by a constant, so the arrays need not grow. */
    propagate(&o);
    g_free(o.gen);
    /* Temps made by propagation (constants) are counted too. */
    o.gen = g_new0(uint32_t, s->nb_temps + 1);
    fold_mem_offsets(&o);
    g_free(o.copy);
    g_free(o.gen);
    o.copy = NULL;
    merge_counter_adds(s);
    eliminate(&o);
}
