/* Shared by the AArch64 translator files: the decoder's field access, the
 * per-block context, and the small builders every encoding class uses. */
#ifndef A64_TRANSLATE_H
#define A64_TRANSLATE_H

#include "target/aarch64/cpu.h"
#include "tcg/tcg.h"
#include "tcg/tb.h"

/* Fields extracted by the decoder, by the letter that names them in the
 * pattern: F(d) is the field written ddddd. */
typedef struct A64Fields {
    uint32_t f['z' - 'A' + 1];
} A64Fields;
#define F(c) (a->f[(#c)[0] - 'A'])

typedef enum {
    DISAS_NEXT,       /* go on with the next instruction */
    DISAS_JUMP,       /* pc was written: look the next block up */
    DISAS_EXIT,       /* pc was written: return to the loop */
    DISAS_NORETURN,   /* the block's exit is already emitted */
} DisasJumpType;

typedef struct DisasContext {
    CPUState *cpu;
    TranslationBlock *tb;
    uint64_t pc;           /* this instruction */
    uint64_t pc_next;      /* the one after it */
    uint32_t insn;
    DisasJumpType is_jmp;
    int next_exit;         /* the block's next chaining slot */
} DisasContext;

typedef bool (*a64_trans_fn)(DisasContext *s, const A64Fields *a);

/* IR globals. cpu_X[31] is sp; use cpu_reg()/cpu_reg_sp() to respect
 * the zero register. */
extern TCGv cpu_X[32], cpu_pc, cpu_NF, cpu_ZF, cpu_CF, cpu_VF;

/* Register 31 as XZR: a zero to read (a fresh temp, so writing it is
 * harmless), otherwise the register. */
TCGv cpu_reg(DisasContext *s, int r);
/* Register 31 as SP. */
static inline TCGv cpu_reg_sp(DisasContext *s, int r)
{
    return cpu_X[r];
}
/* The value of register r (31 = XZR) as sf says: 64 bits, or the low 32
 * zero-extended, in a fresh temp. */
TCGv read_cpu_reg(DisasContext *s, int r, bool sf);
TCGv read_cpu_reg_sp(DisasContext *s, int r, bool sf);
/* Write v to register r (31 = XZR: discarded); 32-bit writes zero the
 * upper half. */
void write_reg(DisasContext *s, int r, TCGv v, bool sf);
void write_reg_sp(DisasContext *s, int r, TCGv v, bool sf);

/* Flags from a result, for logical operations: N, Z from v; C = V = 0. */
void gen_logic_cc(bool sf, TCGv v);
/* d = a + b (and flags); d = a - b (and flags); with carry in. */
void gen_add_cc(bool sf, TCGv d, TCGv a, TCGv b);
void gen_sub_cc(bool sf, TCGv d, TCGv a, TCGv b);
void gen_adc(bool sf, TCGv d, TCGv a, TCGv b);
void gen_adc_cc(bool sf, TCGv d, TCGv a, TCGv b);

/* A condition (4-bit cond field) as a comparison of a temp with 0. */
typedef struct DisasCompare {
    TCGCond cond;
    TCGv value;
} DisasCompare;
void a64_test_cc(DisasCompare *c, int cc);
/* Branch to label when cc holds. */
void a64_brcond_cc(int cc, TCGLabel *l);

/* Block ends. */
/* Leave the block for dest, through a chaining slot; the block ends. */
void gen_goto_tb(DisasContext *s, uint64_t dest);
/* Whether the block may go on after a conditional branch: then the
 * taken side leaves through gen_side_exit, a path that does not end the
 * block. */
bool gen_can_side_exit(const DisasContext *s);
void gen_side_exit(DisasContext *s, uint64_t dest);
/* pc = v; the block ends looking the target up. */
void gen_jump_reg(DisasContext *s, TCGv v);
/* Raise excp with the pc at this instruction (or the next, for svc). */
void gen_exception_insn(DisasContext *s, uint64_t pc, int excp);
/* The encoding is unallocated or not implemented: SIGILL for the guest,
 * reported once under -d unimp. Returns true (the insn was handled). */
bool unallocated_encoding(DisasContext *s);

/* Guest memory access. */
void gen_ld(DisasContext *s, TCGv val, TCGv addr, MemOp mop);
void gen_st(DisasContext *s, TCGv val, TCGv addr, MemOp mop);
void gen_ld128(DisasContext *s, TCGv lo, TCGv hi, TCGv addr);
void gen_st128(DisasContext *s, TCGv lo, TCGv hi, TCGv addr);
/* After a call to a helper that accesses guest memory itself and notes
 * its accesses (cpu_note_access): where plugins see them. */
void gen_helper_accessed(DisasContext *s, bool load, bool store);

/* Offsets of FP/SIMD state from the CPU. */
static inline int vreg_off(int n)           /* whole register */
{
    return A64_OFF(vregs[n]);
}
static inline int vreg_hi_off(int n)        /* bits 127:64 */
{
    return A64_OFF(vregs[n][1]);
}
/* Element idx of size (log2 bytes) within vector register n. */
static inline int vreg_elem_off(int n, int idx, int size)
{
    return A64_OFF(vregs[n]) + (idx << size);
}
/* Zero bits 127:64 of vector register n (any write of 64 bits or less
 * to a SIMD register does). */
void clear_vec_high(int n);

/* Decoder tables: each translator file contributes a table of entries;
 * decode.c matches instructions against all of them in order. */
typedef struct A64Pattern {
    const char *name;
    const char *pattern;   /* 32 chars of 0, 1, - and field letters;
                            * spaces are ignored */
    a64_trans_fn fn;
} A64Pattern;

/* Every table, in the order they are tried. */
extern const A64Pattern a64_dp_table[];     /* translate-dp.c */
extern const A64Pattern a64_branch_table[]; /* translate-branch.c */
extern const A64Pattern a64_ldst_table[];   /* translate-ldst.c */
extern const A64Pattern a64_simd_table[];   /* translate-simd.c */

/* Decode one instruction word: the first matching entry's translator
 * runs. Returns false when nothing matched (or every match refused). */
bool a64_decode(DisasContext *s, uint32_t insn);
/* The name of the first table entry matching insn (tests), or NULL. */
const char *a64_decode_name(uint32_t insn);

#endif
