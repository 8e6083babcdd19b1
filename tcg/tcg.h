/* The IR: temps, ops and labels, and the builder front ends use to emit
 * them. One TCGContext per host thread translates one block at a time. */
#ifndef TCG_H
#define TCG_H

#include "src/emu.h"
#include "src/cpu.h"

enum {
    OPF_IMM2 = 1,          /* the interpreter has a form with a constant b */
    OPF_COMMUTATIVE = 2,
    OPF_BRANCH = 4,
    OPF_MARKER = 8,        /* no code of its own */
    OPF_CALL = 16,
    OPF_SIDE_EFFECTS = 32,
    OPF_BB_END = 64,
};

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg-ops.def"
#undef DEF
    NB_OPS
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Conditions: bit patterns chosen so that inverting is xor 1 and
 * swapping operands is a table. */
typedef enum TCGCond {
    TCG_COND_NEVER = 0, TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 8, TCG_COND_NE = 9,
    TCG_COND_LT = 2, TCG_COND_GE = 3,   /* signed */
    TCG_COND_LE = 4, TCG_COND_GT = 5,
    TCG_COND_LTU = 6, TCG_COND_GEU = 7, /* unsigned */
    TCG_COND_LEU = 10, TCG_COND_GTU = 11,
    TCG_COND_TSTEQ = 12, TCG_COND_TSTNE = 13, /* (a & b) == 0, != 0 */
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}
TCGCond tcg_swap_cond(TCGCond c);

/* Memory operations: size as log2 bytes, sign extension. Guests are
 * little-endian today; MO_BE is reserved in the encoding. A 16-byte guest
 * access (LDR Q, LDP X...) is two 8-byte ops in a row, the low half first,
 * marked MO_128_LO and MO_128_HI: the code generator ignores the marks;
 * plugins see one access of 16 bytes at the low half's address. */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3, MO_SIZE = 3,
    MO_SIGN = 4,
    MO_BE = 8,
    MO_128_LO = 16, MO_128_HI = 32,
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} MemOp;

typedef enum TCGTempKind {
    TEMP_GLOBAL,   /* lives in the CPU at a fixed offset */
    TEMP_TB,       /* lives for one block */
    TEMP_CONST,    /* a constant value */
} TCGTempKind;

typedef struct TCGTemp {
    TCGTempKind kind;
    int32_t offset;       /* GLOBAL: offset from the CPU */
    uint64_t val;         /* CONST */
    const char *name;     /* GLOBAL */
    /* Set by the code generator. */
    int first_use, last_use;
    int slot_offset;
} TCGTemp;

typedef TCGTemp *TCGv;
typedef uintptr_t TCGArg;

#define TCG_MAX_OP_ARGS 12
#define TCG_MAX_CALL_IARGS 6

typedef struct TCGOp {
    TCGOpcode opc;
    uint8_t nb_oargs, nb_iargs;   /* for calls; copied from defs otherwise */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

typedef struct TCGLabel {
    int id;
    int op_index;          /* where set_label is; -1 until set */
} TCGLabel;

/* Helper call flags, for later back ends and the optimiser. */
enum {
    TCG_CALL_NO_WG = 1,    /* the helper writes no IR global */
    TCG_CALL_NO_RWG = 3,   /* ...and reads none */
};

struct TranslationBlock;

typedef struct TCGContext {
    TCGTemp *temps;
    int nb_temps, nb_globals, max_temps;
    TCGOp *ops;
    int nb_ops, max_ops;
    GPtrArray *labels;       /* TCGLabel*, owned, per block */
    GHashTable *consts;      /* value -> TCGTemp*, per block */
    struct TranslationBlock *tb;
    bool nochain;            /* goto_tb and lookup_and_goto_ptr exit */
    int pc_offset;           /* where the guest pc lives in the CPU */
    /* gdb watchpoints are set: guest loads and stores call the stub's
     * check, and the block may leave between instructions. */
    bool watch_mem;
} TCGContext;

/* Per host thread. */
extern __thread TCGContext *tcg_ctx;

void tcg_context_init(TCGContext *s);
/* Start a new block: forget ops, labels and non-global temps. */
void tcg_func_start(TCGContext *s, struct TranslationBlock *tb);

TCGv tcg_global_new(TCGContext *s, int offset, const char *name);
TCGv tcg_temp_new(void);
TCGv tcg_constant(uint64_t val);
/* A fresh temp holding val (safe to overwrite, unlike tcg_constant). */
TCGv tcg_const(uint64_t val);
TCGLabel *gen_new_label(void);

/* Append an op; the generic entry the inline builders use. */
TCGOp *tcg_emit_op(TCGOpcode opc);

/* Print the ops of the current block (-d op). */
void tcg_dump_ops(TCGContext *s, FILE *f);

/* Propagate copies and constants and drop dead ops (tcg_gen_code does
 * it; exposed for tests). */
void tcg_optimize(TCGContext *s);

/* Turn the current block into executable form in tb. false when it does
 * not fit (too many temps): translate fewer instructions. */
bool tcg_gen_code(TCGContext *s, struct TranslationBlock *tb);

/* ---- Builders ---------------------------------------------------------- */

static inline TCGArg tcgv_arg(TCGv t)
{
    return (TCGArg)t;
}

static inline void tcg_gen_op1c(TCGOpcode opc, TCGArg c)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = c;
}

static inline void tcg_gen_op2(TCGOpcode opc, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = tcgv_arg(a);
    op->args[1] = tcgv_arg(b);
}

static inline void tcg_gen_op3(TCGOpcode opc, TCGv a, TCGv b, TCGv c)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = tcgv_arg(a);
    op->args[1] = tcgv_arg(b);
    op->args[2] = tcgv_arg(c);
}

static inline void tcg_gen_op1_c(TCGOpcode opc, TCGv a, TCGArg c)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = tcgv_arg(a);
    op->args[1] = c;
}

static inline void tcg_gen_mov(TCGv d, TCGv s)
{
    if (d != s) {
        tcg_gen_op2(INDEX_op_mov, d, s);
    }
}
static inline void tcg_gen_movi(TCGv d, uint64_t v)
{
    tcg_gen_op1_c(INDEX_op_movi, d, v);
}

#define TCG_GEN_BINARY(name)                                            \
    static inline void tcg_gen_##name(TCGv d, TCGv a, TCGv b)           \
    {                                                                   \
        tcg_gen_op3(INDEX_op_##name, d, a, b);                          \
    }                                                                   \
    static inline void tcg_gen_##name##i(TCGv d, TCGv a, uint64_t b)    \
    {                                                                   \
        tcg_gen_op3(INDEX_op_##name, d, a, tcg_constant(b));            \
    }
TCG_GEN_BINARY(add)
TCG_GEN_BINARY(sub)
TCG_GEN_BINARY(mul)
TCG_GEN_BINARY(muluh)
TCG_GEN_BINARY(mulsh)
TCG_GEN_BINARY(and)
TCG_GEN_BINARY(or)
TCG_GEN_BINARY(xor)
TCG_GEN_BINARY(andc)
TCG_GEN_BINARY(orc)
TCG_GEN_BINARY(eqv)
TCG_GEN_BINARY(shl)
TCG_GEN_BINARY(shr)
TCG_GEN_BINARY(sar)
TCG_GEN_BINARY(rotr)
TCG_GEN_BINARY(add32)
TCG_GEN_BINARY(sub32)
TCG_GEN_BINARY(mul32)
TCG_GEN_BINARY(shl32)
TCG_GEN_BINARY(shr32)
TCG_GEN_BINARY(sar32)
TCG_GEN_BINARY(rotr32)
TCG_GEN_BINARY(and32)
TCG_GEN_BINARY(or32)
TCG_GEN_BINARY(xor32)
TCG_GEN_BINARY(andc32)
TCG_GEN_BINARY(orc32)
TCG_GEN_BINARY(eqv32)
#undef TCG_GEN_BINARY

#define TCG_GEN_UNARY(name)                                             \
    static inline void tcg_gen_##name(TCGv d, TCGv a)                   \
    {                                                                   \
        tcg_gen_op2(INDEX_op_##name, d, a);                             \
    }
TCG_GEN_UNARY(neg)
TCG_GEN_UNARY(not)
TCG_GEN_UNARY(ext8s)
TCG_GEN_UNARY(ext8u)
TCG_GEN_UNARY(ext16s)
TCG_GEN_UNARY(ext16u)
TCG_GEN_UNARY(ext32s)
TCG_GEN_UNARY(ext32u)
TCG_GEN_UNARY(bswap16)
TCG_GEN_UNARY(bswap32)
TCG_GEN_UNARY(bswap64)
TCG_GEN_UNARY(clz)
TCG_GEN_UNARY(clz32)
TCG_GEN_UNARY(ctpop)
#undef TCG_GEN_UNARY

/* d = a op b with the flags to nf, zf, cf, vf (see tcg-ops.def). */
static inline void tcg_gen_op_cc(TCGOpcode opc, TCGv d, TCGv nf, TCGv zf,
                                 TCGv cf, TCGv vf, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(opc);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(nf);
    op->args[2] = tcgv_arg(zf);
    op->args[3] = tcgv_arg(cf);
    op->args[4] = tcgv_arg(vf);
    op->args[5] = tcgv_arg(a);
    op->args[6] = tcgv_arg(b);
}

static inline void tcg_gen_rotli(TCGv d, TCGv a, unsigned n)
{
    tcg_gen_rotri(d, a, (64 - n) & 63);
}

/* Loads and stores of CPU state at a byte offset from the CPU. */
#define TCG_GEN_LD(name)                                                \
    static inline void tcg_gen_##name(TCGv d, int offset)               \
    {                                                                   \
        tcg_gen_op1_c(INDEX_op_##name, d, (TCGArg)offset);              \
    }
TCG_GEN_LD(ld8u)
TCG_GEN_LD(ld8s)
TCG_GEN_LD(ld16u)
TCG_GEN_LD(ld16s)
TCG_GEN_LD(ld32u)
TCG_GEN_LD(ld32s)
TCG_GEN_LD(ld64)
TCG_GEN_LD(st8)
TCG_GEN_LD(st16)
TCG_GEN_LD(st32)
TCG_GEN_LD(st64)
#undef TCG_GEN_LD

static inline void tcg_gen_extract(TCGv d, TCGv a, unsigned pos,
                                   unsigned len)
{
    TCGOp *op = tcg_emit_op(INDEX_op_extract);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(a);
    op->args[2] = pos;
    op->args[3] = len;
}
static inline void tcg_gen_sextract(TCGv d, TCGv a, unsigned pos,
                                    unsigned len)
{
    TCGOp *op = tcg_emit_op(INDEX_op_sextract);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(a);
    op->args[2] = pos;
    op->args[3] = len;
}
static inline void tcg_gen_deposit(TCGv d, TCGv a, TCGv b, unsigned pos,
                                   unsigned len)
{
    TCGOp *op = tcg_emit_op(INDEX_op_deposit);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(a);
    op->args[2] = tcgv_arg(b);
    op->args[3] = pos;
    op->args[4] = len;
}

static inline void tcg_gen_setcond(TCGCond c, TCGv d, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(INDEX_op_setcond);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(a);
    op->args[2] = tcgv_arg(b);
    op->args[3] = c;
}
static inline void tcg_gen_setcondi(TCGCond c, TCGv d, TCGv a, uint64_t b)
{
    tcg_gen_setcond(c, d, a, tcg_constant(b));
}
static inline void tcg_gen_setcond32(TCGCond c, TCGv d, TCGv a, TCGv b)
{
    TCGOp *op = tcg_emit_op(INDEX_op_setcond32);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(a);
    op->args[2] = tcgv_arg(b);
    op->args[3] = c;
}
static inline void tcg_gen_movcond(TCGCond c, TCGv d, TCGv c1, TCGv c2,
                                   TCGv v1, TCGv v2)
{
    TCGOp *op = tcg_emit_op(INDEX_op_movcond);
    op->args[0] = tcgv_arg(d);
    op->args[1] = tcgv_arg(c1);
    op->args[2] = tcgv_arg(c2);
    op->args[3] = tcgv_arg(v1);
    op->args[4] = tcgv_arg(v2);
    op->args[5] = c;
}

static inline void tcg_gen_br(TCGLabel *l)
{
    tcg_gen_op1c(INDEX_op_br, (TCGArg)l);
}
static inline void tcg_gen_brcond(TCGCond c, TCGv a, TCGv b, TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(INDEX_op_brcond);
    op->args[0] = tcgv_arg(a);
    op->args[1] = tcgv_arg(b);
    op->args[2] = c;
    op->args[3] = (TCGArg)l;
}
static inline void tcg_gen_brcondi(TCGCond c, TCGv a, uint64_t b,
                                   TCGLabel *l)
{
    tcg_gen_brcond(c, a, tcg_constant(b), l);
}
static inline void tcg_gen_brcond32(TCGCond c, TCGv a, TCGv b, TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(INDEX_op_brcond32);
    op->args[0] = tcgv_arg(a);
    op->args[1] = tcgv_arg(b);
    op->args[2] = c;
    op->args[3] = (TCGArg)l;
}
void gen_set_label(TCGLabel *l);

static inline void tcg_gen_qemu_ld(TCGv val, TCGv addr, MemOp mop)
{
    TCGOp *op = tcg_emit_op(INDEX_op_qemu_ld);
    op->args[0] = tcgv_arg(val);
    op->args[1] = tcgv_arg(addr);
    op->args[2] = mop;
    op->args[3] = 0;
}
static inline void tcg_gen_qemu_st(TCGv val, TCGv addr, MemOp mop)
{
    TCGOp *op = tcg_emit_op(INDEX_op_qemu_st);
    op->args[0] = tcgv_arg(val);
    op->args[1] = tcgv_arg(addr);
    op->args[2] = mop;
    op->args[3] = 0;
}

static inline void tcg_gen_insn_start(uint64_t pc)
{
    tcg_gen_op1c(INDEX_op_insn_start, (TCGArg)pc);
}
static inline void tcg_gen_goto_tb(unsigned n)
{
    tcg_gen_op1c(INDEX_op_goto_tb, n);
}
/* Leave the block; with tb != NULL the loop may chain slot n to the
 * next block. */
void tcg_gen_exit_tb(struct TranslationBlock *tb, unsigned n);
static inline void tcg_gen_lookup_and_goto_ptr(void)
{
    tcg_emit_op(INDEX_op_lookup_and_goto_ptr);
}

/* Helper calls: the helper gets the CPU pointer first, then the inputs
 * as uint64_t, and returns uint64_t when ret is not NULL. */
typedef uint64_t (*tcg_helper_fn)(void);
void tcg_gen_call(void *fn, unsigned flags, TCGv ret, int nargs,
                  const TCGv *args);
#define tcg_gen_call0(fn, fl, ret) \
    tcg_gen_call((void *)(fn), fl, ret, 0, NULL)
#define tcg_gen_call1(fn, fl, ret, a) \
    tcg_gen_call((void *)(fn), fl, ret, 1, (TCGv[]){ a })
#define tcg_gen_call2(fn, fl, ret, a, b) \
    tcg_gen_call((void *)(fn), fl, ret, 2, (TCGv[]){ a, b })
#define tcg_gen_call3(fn, fl, ret, a, b, c) \
    tcg_gen_call((void *)(fn), fl, ret, 3, (TCGv[]){ a, b, c })
#define tcg_gen_call4(fn, fl, ret, a, b, c, d) \
    tcg_gen_call((void *)(fn), fl, ret, 4, (TCGv[]){ a, b, c, d })
#define tcg_gen_call5(fn, fl, ret, a, b, c, d, e) \
    tcg_gen_call((void *)(fn), fl, ret, 5, (TCGv[]){ a, b, c, d, e })

#endif
