/* The IR builder and the code generator that turns a block of IR into
 * interpreter code: slot assignment from live ranges, operand forms, and
 * branch resolution. */
#include <string.h>
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "tcg/interp.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, f },
#include "tcg-ops.def"
#undef DEF
};

__thread TCGContext *tcg_ctx;

TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT: return TCG_COND_GT;
    case TCG_COND_GT: return TCG_COND_LT;
    case TCG_COND_LE: return TCG_COND_GE;
    case TCG_COND_GE: return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default: return c;   /* EQ, NE, TST*, ALWAYS, NEVER are symmetric */
    }
}

/* Temps are never moved (TCGv points into the array), so the array is
 * allocated once at its largest. */
#define TCG_MAX_TEMPS 8192

void tcg_context_init(TCGContext *s)
{
    memset(s, 0, sizeof(*s));
    s->max_temps = TCG_MAX_TEMPS;
    s->temps = g_new0(TCGTemp, s->max_temps);
    s->max_ops = 4096;
    s->ops = g_new(TCGOp, s->max_ops);
    s->labels = g_ptr_array_new_with_free_func(g_free);
    s->consts = g_hash_table_new(g_int64_hash, g_int64_equal);
    tcg_ctx = s;
    tcg_interp_init();
}

void tcg_func_start(TCGContext *s, TranslationBlock *tb)
{
    s->nb_temps = s->nb_globals;
    s->nb_ops = 0;
    g_ptr_array_set_size(s->labels, 0);
    s->tb = tb;
    g_hash_table_remove_all(s->consts);
}

TCGv tcg_global_new(TCGContext *s, int offset, const char *name)
{
    g_assert(s->nb_temps == s->nb_globals);
    TCGTemp *t = &s->temps[s->nb_globals++];
    s->nb_temps = s->nb_globals;
    t->kind = TEMP_GLOBAL;
    t->offset = offset;
    t->name = name;
    return t;
}

static TCGTemp *temp_alloc(TCGContext *s, TCGTempKind kind)
{
    /* A block that needs this many temps is cut short by the translator
     * (it checks tcg_temps_exhausted); this keeps us in bounds regardless. */
    if (unlikely(s->nb_temps >= s->max_temps)) {
        emu_fatal("internal error: IR temps exhausted");
    }
    TCGTemp *t = &s->temps[s->nb_temps++];
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    return t;
}

TCGv tcg_temp_new(void)
{
    return temp_alloc(tcg_ctx, TEMP_TB);
}

TCGv tcg_constant(uint64_t val)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *t = g_hash_table_lookup(s->consts, &val);
    if (!t) {
        t = temp_alloc(s, TEMP_CONST);
        t->val = val;
        g_hash_table_insert(s->consts, &t->val, t);
    }
    return t;
}

TCGv tcg_const(uint64_t val)
{
    TCGv t = tcg_temp_new();
    tcg_gen_movi(t, val);
    return t;
}

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l = g_new(TCGLabel, 1);
    l->id = s->labels->len;
    l->op_index = -1;
    g_ptr_array_add(s->labels, l);
    return l;
}

TCGOp *tcg_emit_op(TCGOpcode opc)
{
    TCGContext *s = tcg_ctx;
    if (unlikely(s->nb_ops == s->max_ops)) {
        s->max_ops *= 2;
        s->ops = g_renew(TCGOp, s->ops, s->max_ops);
    }
    TCGOp *op = &s->ops[s->nb_ops++];
    op->opc = opc;
    op->nb_oargs = tcg_op_defs[opc].nb_oargs;
    op->nb_iargs = tcg_op_defs[opc].nb_iargs;
    return op;
}

void gen_set_label(TCGLabel *l)
{
    l->op_index = tcg_ctx->nb_ops;
    tcg_gen_op1c(INDEX_op_set_label, (TCGArg)l);
}

void tcg_gen_exit_tb(TranslationBlock *tb, unsigned n)
{
    tcg_gen_op1c(INDEX_op_exit_tb, tb ? (uintptr_t)tb | n : 0);
}

void tcg_gen_call(void *fn, unsigned flags, TCGv ret, int nargs,
                  const TCGv *args)
{
    g_assert(nargs <= TCG_MAX_CALL_IARGS);
    TCGOp *op = tcg_emit_op(INDEX_op_call);
    int i = 0;
    op->nb_oargs = ret != NULL;
    op->nb_iargs = nargs;
    if (ret) {
        op->args[i++] = tcgv_arg(ret);
    }
    for (int k = 0; k < nargs; k++) {
        op->args[i++] = tcgv_arg(args[k]);
    }
    op->args[i++] = (TCGArg)fn;
    op->args[i++] = flags;
}

/* ---- Printer ----------------------------------------------------------- */

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
    [TCG_COND_TSTEQ] = "tsteq", [TCG_COND_TSTNE] = "tstne",
};

static void print_temp(TCGContext *s, FILE *f, TCGTemp *t)
{
    switch (t->kind) {
    case TEMP_GLOBAL:
        fprintf(f, "%s", t->name);
        break;
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, t->val);
        break;
    default:
        fprintf(f, "tmp%d", (int)(t - s->temps) - s->nb_globals);
        break;
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nt = op->nb_oargs + op->nb_iargs;

        if (op->opc == INDEX_op_insn_start) {
            fprintf(f, " ---- %016" PRIx64 "\n", (uint64_t)op->args[0]);
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            fprintf(f, " set_label $L%d\n", ((TCGLabel *)op->args[0])->id);
            continue;
        }
        fprintf(f, " %-10s ", def->name);
        for (int k = 0; k < nt; k++) {
            if (k) {
                fputc(',', f);
            }
            print_temp(s, f, (TCGTemp *)op->args[k]);
        }
        for (int k = 0; k < def->nb_cargs; k++) {
            TCGArg c = op->args[nt + k];
            fputs(nt + k ? "," : "", f);
            switch (op->opc) {
            case INDEX_op_setcond: case INDEX_op_setcond32:
            case INDEX_op_movcond:
                fprintf(f, "%s", cond_names[c]);
                break;
            case INDEX_op_brcond: case INDEX_op_brcond32:
                if (k == 0) {
                    fprintf(f, "%s", cond_names[c]);
                } else {
                    fprintf(f, "$L%d", ((TCGLabel *)c)->id);
                }
                break;
            case INDEX_op_br:
                fprintf(f, "$L%d", ((TCGLabel *)c)->id);
                break;
            case INDEX_op_call:
                if (k == 0) {
                    fprintf(f, "%p", (void *)c);
                } else {
                    fprintf(f, "$0x%" PRIx64, (uint64_t)c);
                }
                break;
            default:
                fprintf(f, "$0x%" PRIx64, (uint64_t)c);
                break;
            }
        }
        fputc('\n', f);
    }
}

/* ---- Code generation for the interpreter ------------------------------- */

/* Slots at the top of the slot area hold constants an op needs in a
 * register-form operand. */
#define NB_SCRATCH 8
#define FIRST_SCRATCH (TCG_MAX_SLOTS - NB_SCRATCH)

static int slot_offset(int slot)
{
    return (int)offsetof(CPUState, slots[slot]);
}

static bool assign_slots(TCGContext *s)
{
    int free_stack[FIRST_SCRATCH];
    int nb_free = 0;

    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].first_use = -1;
        s->temps[i].slot_offset = -1;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        for (int k = 0; k < op->nb_oargs + op->nb_iargs; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            if (t->kind == TEMP_TB) {
                if (t->first_use < 0) {
                    t->first_use = i;
                }
                t->last_use = i;
            }
        }
    }
    for (int slot = FIRST_SCRATCH - 1; slot >= 0; slot--) {
        free_stack[nb_free++] = slot;
    }
    /* Labels only jump forward, so a temp live from its first to its last
     * mention in op order is live on every path in between. */
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        int nt = op->nb_oargs + op->nb_iargs;
        for (int k = 0; k < nt; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            if (t->kind == TEMP_TB && t->slot_offset < 0) {
                if (nb_free == 0) {
                    return false;
                }
                t->slot_offset = slot_offset(free_stack[--nb_free]);
            }
        }
        for (int k = 0; k < nt; k++) {
            TCGTemp *t = (TCGTemp *)op->args[k];
            if (t->kind == TEMP_TB && t->last_use == i) {
                t->last_use = -2;   /* released once */
                free_stack[nb_free++] =
                    (t->slot_offset - slot_offset(0)) / 8;
            }
        }
    }
    return true;
}

typedef struct CodeBuf {
    GArray *words;
    GArray *fixups;    /* pairs: word index, label id */
    int scratch;       /* next free scratch slot in this op */
} CodeBuf;

static void emit(CodeBuf *b, uintptr_t w)
{
    g_array_append_val(b->words, w);
}

static void emit_iop(CodeBuf *b, InterpOp iop)
{
    emit(b, (uintptr_t)tcg_interp_handlers[iop]);
}

static void emit_label_ref(CodeBuf *b, TCGLabel *l)
{
    uintptr_t fix[2] = { b->words->len, (uintptr_t)l->id };
    g_array_append_vals(b->fixups, fix, 2);
    emit(b, 0);
}

/* The operand word for temp t, materialising a constant if needed. */
static uintptr_t operand(CodeBuf *b, TCGTemp *t)
{
    switch (t->kind) {
    case TEMP_GLOBAL:
        return (uintptr_t)t->offset;
    case TEMP_TB:
        return (uintptr_t)t->slot_offset;
    default: {
        g_assert(b->scratch < TCG_MAX_SLOTS);
        uintptr_t off = (uintptr_t)slot_offset(b->scratch++);
        emit_iop(b, IOP_movi);
        emit(b, off);
        emit(b, (uintptr_t)t->val);
        return off;
    }
    }
}

static int cond_index(TCGCond c)
{
    static const int8_t idx[] = {
        [TCG_COND_EQ] = 0, [TCG_COND_NE] = 1, [TCG_COND_LT] = 2,
        [TCG_COND_GE] = 3, [TCG_COND_LE] = 4, [TCG_COND_GT] = 5,
        [TCG_COND_LTU] = 6, [TCG_COND_GEU] = 7, [TCG_COND_LEU] = 8,
        [TCG_COND_GTU] = 9, [TCG_COND_TSTEQ] = 10, [TCG_COND_TSTNE] = 11,
    };
    return idx[c];
}

static bool is_const(TCGArg a)
{
    return ((TCGTemp *)a)->kind == TEMP_CONST;
}

static uint64_t const_val(TCGArg a)
{
    return ((TCGTemp *)a)->val;
}

/* Operands a, b of a two-input op in the interpreter's form: returns
 * true when b is an immediate (then *bw is its value). */
static bool binary_operands(CodeBuf *b, TCGArg *a, TCGArg *bb, bool comm,
                            TCGCond *cond, uintptr_t *aw, uintptr_t *bw)
{
    if (is_const(*a) && !is_const(*bb) && (comm || cond)) {
        TCGArg t = *a;
        *a = *bb;
        *bb = t;
        if (cond) {
            *cond = tcg_swap_cond(*cond);
        }
    }
    *aw = operand(b, (TCGTemp *)*a);
    if (is_const(*bb)) {
        *bw = (uintptr_t)const_val(*bb);
        return true;
    }
    *bw = operand(b, (TCGTemp *)*bb);
    return false;
}

static InterpOp binary_iop(TCGOpcode opc, bool imm)
{
    switch (opc) {
#define CASE(n) case INDEX_op_##n: return imm ? IOP_##n##_i : IOP_##n;
    CASE(add) CASE(sub) CASE(mul) CASE(and) CASE(or) CASE(xor)
    CASE(andc) CASE(orc) CASE(eqv) CASE(shl) CASE(shr) CASE(sar)
    CASE(rotr) CASE(add32) CASE(sub32) CASE(mul32) CASE(shl32)
    CASE(shr32) CASE(sar32) CASE(rotr32) CASE(and32) CASE(or32)
    CASE(xor32) CASE(andc32) CASE(orc32) CASE(eqv32)
#undef CASE
    default:
        g_assert_not_reached();
    }
}

static void gen_op(TCGContext *s, CodeBuf *b, TranslationBlock *tb,
                   TCGOp *op, GArray *insn_idx, GArray *insn_pc,
                   int *label_pos)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    TCGArg *a = op->args;
    uintptr_t w0, w1;
    bool imm;
    TCGCond cond;

    b->scratch = FIRST_SCRATCH;
    switch (op->opc) {
    case INDEX_op_insn_start: {
        uint64_t pc = a[0];
        if (s->watch_mem && insn_idx->len) {
            /* A watchpoint hit in the instruction before stops here. */
            emit_iop(b, IOP_insn_boundary);
            emit(b, (uintptr_t)pc);
            emit(b, (uintptr_t)s->pc_offset);
        }
        uint32_t idx = b->words->len;
        g_array_append_val(insn_idx, idx);
        g_array_append_val(insn_pc, pc);
        break;
    }
    case INDEX_op_set_label:
        label_pos[((TCGLabel *)a[0])->id] = b->words->len;
        break;
    case INDEX_op_plugin_mem_helper:
        break;
    case INDEX_op_mov:
        if (is_const(a[1])) {
            emit_iop(b, IOP_movi);
            emit(b, operand(b, (TCGTemp *)a[0]));
            emit(b, (uintptr_t)const_val(a[1]));
        } else {
            emit_iop(b, IOP_mov);
            emit(b, operand(b, (TCGTemp *)a[0]));
            emit(b, operand(b, (TCGTemp *)a[1]));
        }
        break;
    case INDEX_op_movi:
        emit_iop(b, IOP_movi);
        emit(b, operand(b, (TCGTemp *)a[0]));
        emit(b, a[1]);
        break;
#define ENV_OP(n)                                               \
    case INDEX_op_##n:                                          \
        w0 = operand(b, (TCGTemp *)a[0]);                       \
        emit_iop(b, IOP_##n);                                   \
        emit(b, w0);                                            \
        emit(b, a[1]);                                          \
        break;
    ENV_OP(ld8u) ENV_OP(ld8s) ENV_OP(ld16u) ENV_OP(ld16s) ENV_OP(ld32u)
    ENV_OP(ld32s) ENV_OP(ld64) ENV_OP(st8) ENV_OP(st16) ENV_OP(st32)
    ENV_OP(st64)
#undef ENV_OP
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotr: case INDEX_op_add32: case INDEX_op_sub32:
    case INDEX_op_mul32: case INDEX_op_shl32: case INDEX_op_shr32:
    case INDEX_op_sar32: case INDEX_op_rotr32:
    case INDEX_op_and32: case INDEX_op_or32: case INDEX_op_xor32:
    case INDEX_op_andc32: case INDEX_op_orc32: case INDEX_op_eqv32: {
        TCGArg x = a[1], y = a[2];
        imm = binary_operands(b, &x, &y, def->flags & OPF_COMMUTATIVE,
                              NULL, &w0, &w1);
        uintptr_t d = operand(b, (TCGTemp *)a[0]);
        emit_iop(b, binary_iop(op->opc, imm));
        emit(b, d);
        emit(b, w0);
        emit(b, w1);
        break;
    }
    case INDEX_op_add_cc: case INDEX_op_sub_cc:
    case INDEX_op_add32_cc: case INDEX_op_sub32_cc: {
        static const InterpOp iops[][2] = {
            [INDEX_op_add_cc - INDEX_op_add_cc] = { IOP_add_cc, IOP_add_cc_i },
            [INDEX_op_sub_cc - INDEX_op_add_cc] = { IOP_sub_cc, IOP_sub_cc_i },
            [INDEX_op_add32_cc - INDEX_op_add_cc] = { IOP_add32_cc,
                                                      IOP_add32_cc_i },
            [INDEX_op_sub32_cc - INDEX_op_add_cc] = { IOP_sub32_cc,
                                                      IOP_sub32_cc_i },
        };
        TCGArg x = a[5], y = a[6];
        uintptr_t out[5];
        imm = binary_operands(b, &x, &y, def->flags & OPF_COMMUTATIVE,
                              NULL, &w0, &w1);
        for (int k = 0; k < 5; k++) {
            out[k] = operand(b, (TCGTemp *)a[k]);
        }
        emit_iop(b, iops[op->opc - INDEX_op_add_cc][imm]);
        for (int k = 0; k < 5; k++) {
            emit(b, out[k]);
        }
        emit(b, w0);
        emit(b, w1);
        break;
    }
    case INDEX_op_muluh: case INDEX_op_mulsh: {
        w0 = operand(b, (TCGTemp *)a[1]);
        w1 = operand(b, (TCGTemp *)a[2]);
        emit_iop(b, op->opc == INDEX_op_muluh ? IOP_muluh : IOP_mulsh);
        emit(b, operand(b, (TCGTemp *)a[0]));
        emit(b, w0);
        emit(b, w1);
        break;
    }
#define UNARY(n)                                                \
    case INDEX_op_##n:                                          \
        w0 = operand(b, (TCGTemp *)a[1]);                       \
        emit_iop(b, IOP_##n);                                   \
        emit(b, operand(b, (TCGTemp *)a[0]));                   \
        emit(b, w0);                                            \
        break;
    UNARY(neg) UNARY(not) UNARY(ext8s) UNARY(ext8u) UNARY(ext16s)
    UNARY(ext16u) UNARY(ext32s) UNARY(ext32u) UNARY(bswap16)
    UNARY(bswap32) UNARY(bswap64) UNARY(clz) UNARY(clz32) UNARY(ctpop)
#undef UNARY
    case INDEX_op_extract: case INDEX_op_sextract: {
        unsigned pos = a[2], len = a[3];
        g_assert(len >= 1 && pos + len <= 64);
        w0 = operand(b, (TCGTemp *)a[1]);
        if (op->opc == INDEX_op_extract) {
            emit_iop(b, IOP_extract);
            emit(b, operand(b, (TCGTemp *)a[0]));
            emit(b, w0);
            emit(b, pos);
            emit(b, len == 64 ? ~0ull : (1ull << len) - 1);
        } else {
            emit_iop(b, IOP_sextract);
            emit(b, operand(b, (TCGTemp *)a[0]));
            emit(b, w0);
            emit(b, 64 - pos - len);
            emit(b, 64 - len);
        }
        break;
    }
    case INDEX_op_deposit: {
        unsigned pos = a[3], len = a[4];
        g_assert(len >= 1 && pos + len <= 64);
        w0 = operand(b, (TCGTemp *)a[1]);
        w1 = operand(b, (TCGTemp *)a[2]);
        emit_iop(b, IOP_deposit);
        emit(b, operand(b, (TCGTemp *)a[0]));
        emit(b, w0);
        emit(b, w1);
        emit(b, pos);
        emit(b, len == 64 ? ~0ull : (1ull << len) - 1);
        break;
    }
    case INDEX_op_setcond: case INDEX_op_setcond32: {
        TCGArg x = a[1], y = a[2];
        cond = a[3];
        if (cond == TCG_COND_ALWAYS || cond == TCG_COND_NEVER) {
            emit_iop(b, IOP_movi);
            emit(b, operand(b, (TCGTemp *)a[0]));
            emit(b, cond == TCG_COND_ALWAYS);
            break;
        }
        imm = binary_operands(b, &x, &y, false, &cond, &w0, &w1);
        int base = op->opc == INDEX_op_setcond
                   ? (imm ? IOP_setcond_i_eq : IOP_setcond_eq)
                   : (imm ? IOP_setcond32_i_eq : IOP_setcond32_eq);
        uintptr_t d = operand(b, (TCGTemp *)a[0]);
        emit_iop(b, base + cond_index(cond));
        emit(b, d);
        emit(b, w0);
        emit(b, w1);
        break;
    }
    case INDEX_op_movcond: {
        uintptr_t w[4];
        for (int k = 0; k < 4; k++) {
            w[k] = operand(b, (TCGTemp *)a[1 + k]);
        }
        emit_iop(b, IOP_movcond);
        emit(b, operand(b, (TCGTemp *)a[0]));
        for (int k = 0; k < 4; k++) {
            emit(b, w[k]);
        }
        emit(b, a[5]);
        break;
    }
    case INDEX_op_br:
        emit_iop(b, IOP_br);
        emit_label_ref(b, (TCGLabel *)a[0]);
        break;
    case INDEX_op_brcond: case INDEX_op_brcond32: {
        TCGArg x = a[0], y = a[1];
        cond = a[2];
        if (cond == TCG_COND_NEVER) {
            break;
        }
        if (cond == TCG_COND_ALWAYS) {
            emit_iop(b, IOP_br);
            emit_label_ref(b, (TCGLabel *)a[3]);
            break;
        }
        imm = binary_operands(b, &x, &y, false, &cond, &w0, &w1);
        int base = op->opc == INDEX_op_brcond
                   ? (imm ? IOP_brcond_i_eq : IOP_brcond_eq)
                   : (imm ? IOP_brcond32_i_eq : IOP_brcond32_eq);
        emit_iop(b, base + cond_index(cond));
        emit(b, w0);
        emit(b, w1);
        emit_label_ref(b, (TCGLabel *)a[3]);
        break;
    }
    case INDEX_op_qemu_ld: {
        static const InterpOp ld[] = {
            [MO_UB] = IOP_ld_ub, [MO_SB] = IOP_ld_sb, [MO_UW] = IOP_ld_uw,
            [MO_SW] = IOP_ld_sw, [MO_UL] = IOP_ld_ul, [MO_SL] = IOP_ld_sl,
            [MO_UQ] = IOP_ld_uq, [MO_UQ | MO_SIGN] = IOP_ld_uq,
        };
        g_assert(!(a[2] & MO_BE));
        w0 = operand(b, (TCGTemp *)a[1]);
        emit_iop(b, ld[a[2] & (MO_SIZE | MO_SIGN)] +
                    (s->watch_mem ? IOP_ld_ub_w - IOP_ld_ub : 0));
        emit(b, operand(b, (TCGTemp *)a[0]));
        emit(b, w0);
        emit(b, a[3]);
        break;
    }
    case INDEX_op_qemu_st: {
        static const InterpOp st[] = { IOP_st_b, IOP_st_w, IOP_st_l,
                                       IOP_st_q };
        g_assert(!(a[2] & MO_BE));
        w0 = operand(b, (TCGTemp *)a[0]);
        w1 = operand(b, (TCGTemp *)a[1]);
        /* The watched forms follow the plain ones in the same order. */
        G_STATIC_ASSERT(IOP_st_q_w - IOP_st_q == IOP_ld_ub_w - IOP_ld_ub);
        emit_iop(b, st[a[2] & MO_SIZE] +
                    (s->watch_mem ? IOP_ld_ub_w - IOP_ld_ub : 0));
        emit(b, w0);
        emit(b, w1);
        emit(b, a[3]);
        break;
    }
    case INDEX_op_call: {
        int no = op->nb_oargs, ni = op->nb_iargs;
        uintptr_t w[TCG_MAX_CALL_IARGS];
        for (int k = 0; k < ni; k++) {
            w[k] = operand(b, (TCGTemp *)a[no + k]);
        }
        uintptr_t d = no ? operand(b, (TCGTemp *)a[0])
                         : (uintptr_t)slot_offset(TCG_MAX_SLOTS - 1);
        emit_iop(b, IOP_call0 + ni);
        emit(b, a[no + ni]);
        emit(b, d);
        for (int k = 0; k < ni; k++) {
            emit(b, w[k]);
        }
        break;
    }
    case INDEX_op_plugin_ld_u64:
        emit_iop(b, IOP_plugin_ld_u64);
        emit(b, operand(b, (TCGTemp *)a[0]));
        emit(b, a[1]);
        break;
    case INDEX_op_plugin_add_u64:
    case INDEX_op_plugin_st_u64:
        emit_iop(b, op->opc == INDEX_op_plugin_add_u64 ? IOP_plugin_add_u64
                                                       : IOP_plugin_st_u64);
        emit(b, a[0]);
        emit(b, a[1]);
        break;
    case INDEX_op_goto_tb:
        if (!s->nochain) {
            emit_iop(b, IOP_goto_tb);
            emit(b, (uintptr_t)&tb->jmp_dest[a[0]]);
        }
        break;
    case INDEX_op_exit_tb:
        emit_iop(b, IOP_exit_tb);
        emit(b, s->nochain ? 0 : a[0]);
        break;
    case INDEX_op_lookup_and_goto_ptr:
        if (s->nochain) {
            emit_iop(b, IOP_exit_tb);
            emit(b, 0);
        } else {
            emit_iop(b, IOP_lookup_and_goto_ptr);
            emit(b, (uintptr_t)s->pc_offset);
        }
        break;
    default:
        g_assert_not_reached();
    }
}

bool tcg_gen_code(TCGContext *s, TranslationBlock *tb)
{
    tcg_optimize(s);
    if (!assign_slots(s)) {
        return false;
    }
    CodeBuf b = {
        .words = g_array_sized_new(FALSE, FALSE, sizeof(uintptr_t),
                                   s->nb_ops * 4 + 8),
        .fixups = g_array_new(FALSE, FALSE, sizeof(uintptr_t)),
    };
    GArray *insn_idx = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray *insn_pc = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    int *label_pos = g_new0(int, s->labels->len + 1);

    for (int i = 0; i < s->nb_ops; i++) {
        gen_op(s, &b, tb, &s->ops[i], insn_idx, insn_pc, label_pos);
    }
    /* A block always ends in an exit; this one is never reached but keeps
     * a missing exit from running off the end. */
    emit_iop(&b, IOP_exit_tb);
    emit(&b, 0);

    tb->code_words = b.words->len;
    tb->code = (uintptr_t *)g_array_free(b.words, FALSE);
    for (guint i = 0; i < b.fixups->len; i += 2) {
        uintptr_t at = g_array_index(b.fixups, uintptr_t, i);
        uintptr_t id = g_array_index(b.fixups, uintptr_t, i + 1);
        tb->code[at] = (uintptr_t)&tb->code[label_pos[id]];
    }
    g_array_free(b.fixups, TRUE);
    g_free(label_pos);
    tb->icount = insn_idx->len;
    tb->insn_code_index = (uint32_t *)g_array_free(insn_idx, FALSE);
    tb->insn_pc = (uint64_t *)g_array_free(insn_pc, FALSE);
    return true;
}
