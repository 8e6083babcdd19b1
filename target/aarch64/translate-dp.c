/* The A64 integer data processing instructions, immediate and register:
 * add/subtract, logic, moves, bit fields, extract, conditional compare
 * and select, multiply, divide, bit counting and reversal, CRC32. The
 * common forms and aliases are emitted as the fewest IR ops. */
#include <string.h>
#include "target/aarch64/helper.h"
#include "src/guest-mem.h"

#define INSN(name, pattern) \
    static bool trans_##name(DisasContext *s, const A64Fields *a);
#include "a64-dp.def"
#undef INSN

const A64Pattern a64_dp_table[] = {
#define INSN(name, pattern) { #name, pattern, trans_##name },
#include "a64-dp.def"
#undef INSN
    { NULL, NULL, NULL }
};

/* Register r as a source, 31 being XZR: a constant zero that must not be
 * written (cheaper than cpu_reg(), which copies the zero into a temp). */
static TCGv rz(int r)
{
    return r == 31 ? tcg_constant(0) : cpu_X[r];
}

/* ---- Flags ------------------------------------------------------------- */

/* a + b or a - b with NZCV; the result also goes to Xrd unless rd is 31
 * (CMP, CMN): one IR op either way. */
static void gen_addsub_flags(bool sf, bool sub, int rd, TCGv a, TCGv b)
{
    TCGv d = rd == 31 ? tcg_temp_new() : cpu_X[rd];

    if (sub) {
        gen_sub_cc(sf, d, a, b);
    } else {
        gen_add_cc(sf, d, a, b);
    }
}

/* NZCV of a logical result already in ZF (zero-extended when 32-bit),
 * then the result to Xrd unless rd is 31 (TST). */
static void gen_logic_flags(bool sf, int rd)
{
    if (sf) {
        tcg_gen_mov(cpu_NF, cpu_ZF);
    } else {
        tcg_gen_ext32s(cpu_NF, cpu_ZF);
    }
    tcg_gen_movi(cpu_CF, 0);
    tcg_gen_movi(cpu_VF, 0);
    if (rd != 31) {
        tcg_gen_mov(cpu_X[rd], cpu_ZF);
    }
}

/* ---- Conditions -------------------------------------------------------- */

/* The conditions a CMP a, b answers directly, or NEVER where the flags
 * are as cheap (MI, PL, VS, VC) or the condition is trivial. */
static const TCGCond cmp_cond[16] = {
    [0] = TCG_COND_EQ, [1] = TCG_COND_NE,
    [2] = TCG_COND_GEU, [3] = TCG_COND_LTU,
    [4] = TCG_COND_NEVER, [5] = TCG_COND_NEVER,
    [6] = TCG_COND_NEVER, [7] = TCG_COND_NEVER,
    [8] = TCG_COND_GTU, [9] = TCG_COND_LEU,
    [10] = TCG_COND_GE, [11] = TCG_COND_LT,
    [12] = TCG_COND_GT, [13] = TCG_COND_LE,
    [14] = TCG_COND_NEVER, [15] = TCG_COND_NEVER,
};

/* When the instruction just before this one, in this block, is a CMP of
 * a register with an immediate or an unshifted register, the compared
 * values are still in their registers (CMP writes none). It is read back
 * from guest memory rather than remembered, so no state can go stale:
 * the block holds it, so it is the word that was translated. */
static bool prev_insn_cmp(DisasContext *s, bool *sf, TCGv *x, TCGv *y)
{
    uint32_t w;

    /* A plugin callback between the two may change the registers. */
    if (s->pc == s->tb->pc || (s->tb->flags & TB_FLAG_PLUGIN_RW)) {
        return false;
    }
    memcpy(&w, g2h(s->pc - 4), 4);
    /* SUBS (immediate), Rd = 31: Rn may be SP. */
    if ((w & 0x7f80001f) == 0x7100001f) {
        uint64_t imm = (w >> 10) & 0xfff;
        if (w & (1u << 22)) {
            imm <<= 12;
        }
        *sf = w >> 31;
        *x = cpu_X[(w >> 5) & 31];
        *y = tcg_constant(imm);
        return true;
    }
    /* SUBS (shifted register) with LSL #0, Rd = 31: Rn 31 is XZR. */
    if ((w & 0x7fe0fc1f) == 0x6b00001f && ((w >> 5) & 31) != 31) {
        *sf = w >> 31;
        *x = cpu_X[(w >> 5) & 31];
        *y = rz((w >> 16) & 31);
        return true;
    }
    return false;
}

bool a64_gen_cond_fused(DisasContext *s, int cc, A64Cond *c)
{
    bool sf;
    TCGv x, y;

    if (cmp_cond[cc] != TCG_COND_NEVER && prev_insn_cmp(s, &sf, &x, &y)) {
        c->cond = cmp_cond[cc];
        c->a = x;
        c->b = y;
        c->is32 = !sf;
        return true;
    }
    return false;
}

void a64_gen_cond(DisasContext *s, int cc, A64Cond *c)
{
    DisasCompare dc;

    if (a64_gen_cond_fused(s, cc, c)) {
        return;
    }
    a64_test_cc(&dc, cc);
    c->cond = dc.cond;
    c->a = dc.value;
    c->b = tcg_constant(0);
    c->is32 = false;
}

/* The condition as a 64-bit comparison (for movcond). */
static void cond_to_64(A64Cond *c)
{
    if (c->is32) {
        TCGv t = tcg_temp_new();
        tcg_gen_setcond32(c->cond, t, c->a, c->b);
        c->cond = TCG_COND_NE;
        c->a = t;
        c->b = tcg_constant(0);
        c->is32 = false;
    }
}

static void gen_setcond_c(TCGCond cond, TCGv d, const A64Cond *c)
{
    if (c->is32) {
        tcg_gen_setcond32(cond, d, c->a, c->b);
    } else {
        tcg_gen_setcond(cond, d, c->a, c->b);
    }
}

/* ---- Immediate: PC-relative addresses, add/subtract -------------------- */

static bool trans_ADR(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        int64_t off = a64_sext((uint64_t)F(h) << 2 | F(l), 21);
        tcg_gen_movi(cpu_X[F(d)], s->pc + off);
    }
    return true;
}

static bool trans_ADRP(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        int64_t off = a64_sext((uint64_t)F(h) << 2 | F(l), 21);
        tcg_gen_movi(cpu_X[F(d)],
                     (s->pc & ~(uint64_t)0xfff) + ((uint64_t)off << 12));
    }
    return true;
}

/* ADD/SUB (immediate): Rn and, without flags, Rd may be SP. */
static bool do_addsub_imm(DisasContext *s, const A64Fields *a, bool sub)
{
    bool sf = F(s);
    uint64_t imm = (uint64_t)F(i) << (F(h) ? 12 : 0);
    TCGv n = cpu_X[F(n)], d;

    if (F(S)) {
        gen_addsub_flags(sf, sub, F(d), n, tcg_constant(imm));
        return true;
    }
    d = cpu_X[F(d)];
    if (imm == 0) {                       /* MOV to or from SP */
        if (sf) {
            tcg_gen_mov(d, n);
        } else {
            tcg_gen_ext32u(d, n);
        }
    } else if (sf) {
        if (sub) {
            tcg_gen_subi(d, n, imm);
        } else {
            tcg_gen_addi(d, n, imm);
        }
    } else {
        if (sub) {
            tcg_gen_sub32i(d, n, imm);
        } else {
            tcg_gen_add32i(d, n, imm);
        }
    }
    return true;
}

static bool trans_ADD_imm(DisasContext *s, const A64Fields *a)
{
    return do_addsub_imm(s, a, false);
}

static bool trans_SUB_imm(DisasContext *s, const A64Fields *a)
{
    return do_addsub_imm(s, a, true);
}

/* ---- Immediate: logical ------------------------------------------------ */

/* DecodeBitMasks for the logical immediates: a run of imms+1 ones,
 * rotated right by immr within an element of 2..64 bits, replicated.
 * false for the reserved encodings. */
static bool decode_bitmask(bool sf, unsigned n, unsigned imms,
                           unsigned immr, uint64_t *out)
{
    unsigned top = n << 6 | (~imms & 0x3f);
    unsigned len, esize, levels, sbits, rot;
    uint64_t elem, emask;

    if (!sf && n) {
        return false;
    }
    if (top < 2) {                        /* no element size of 2 or more */
        return false;
    }
    len = 31 - __builtin_clz(top);
    esize = 1u << len;
    levels = esize - 1;
    sbits = imms & levels;
    rot = immr & levels;
    if (sbits == levels) {                /* all ones: reserved */
        return false;
    }
    emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    elem = (1ull << (sbits + 1)) - 1;
    if (rot) {
        elem = ((elem >> rot) | (elem << (esize - rot))) & emask;
    }
    for (unsigned e = esize; e < 64; e *= 2) {
        elem |= elem << e;
    }
    *out = sf ? elem : (uint32_t)elem;
    return true;
}

enum { LOG_AND, LOG_ORR, LOG_EOR, LOG_ANDS };

static bool do_logic_imm(DisasContext *s, const A64Fields *a, int op)
{
    bool sf = F(s);
    int rd = F(d), rn = F(n);
    uint64_t imm;
    TCGv d;

    if (!decode_bitmask(sf, F(N), F(i), F(r), &imm)) {
        return unallocated_encoding(s);
    }
    if (op == LOG_ANDS) {
        /* The immediate has no bits above 31 when 32-bit. */
        tcg_gen_andi(cpu_ZF, rz(rn), imm);
        gen_logic_flags(sf, rd);
        return true;
    }
    d = cpu_X[rd];                        /* SP at 31 */
    if (rn == 31) {                       /* MOV (bitmask immediate) */
        tcg_gen_movi(d, op == LOG_AND ? 0 : imm);
        return true;
    }
    switch (op) {
    case LOG_AND:
        tcg_gen_andi(d, cpu_X[rn], imm);
        return true;
    case LOG_ORR:
        if (sf) {
            tcg_gen_ori(d, cpu_X[rn], imm);
        } else {
            tcg_gen_or32i(d, cpu_X[rn], imm);
        }
        break;
    default:
        if (sf) {
            tcg_gen_xori(d, cpu_X[rn], imm);
        } else {
            tcg_gen_xor32i(d, cpu_X[rn], imm);
        }
        break;
    }
    return true;
}

static bool trans_AND_imm(DisasContext *s, const A64Fields *a)
{
    return do_logic_imm(s, a, LOG_AND);
}

static bool trans_ORR_imm(DisasContext *s, const A64Fields *a)
{
    return do_logic_imm(s, a, LOG_ORR);
}

static bool trans_EOR_imm(DisasContext *s, const A64Fields *a)
{
    return do_logic_imm(s, a, LOG_EOR);
}

static bool trans_ANDS_imm(DisasContext *s, const A64Fields *a)
{
    return do_logic_imm(s, a, LOG_ANDS);
}

/* ---- Immediate: move wide ---------------------------------------------- */

static bool trans_MOVN(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    uint64_t v;

    if (!sf && F(h) >= 2) {
        return unallocated_encoding(s);
    }
    if (F(d) != 31) {
        v = ~((uint64_t)F(i) << (16 * F(h)));
        tcg_gen_movi(cpu_X[F(d)], sf ? v : (uint32_t)v);
    }
    return true;
}

static bool trans_MOVZ(DisasContext *s, const A64Fields *a)
{
    if (!F(s) && F(h) >= 2) {
        return unallocated_encoding(s);
    }
    if (F(d) != 31) {
        tcg_gen_movi(cpu_X[F(d)], (uint64_t)F(i) << (16 * F(h)));
    }
    return true;
}

/* The effect of a move-wide word on register value v. */
static uint64_t movewide_apply(uint32_t w, uint64_t v)
{
    bool sf = w >> 31;
    unsigned pos = 16 * ((w >> 21) & 3);
    uint64_t imm = (uint64_t)((w >> 5) & 0xffff) << pos;

    switch ((w >> 29) & 3) {
    case 0:
        v = ~imm;
        break;
    case 2:
        v = imm;
        break;
    default:
        v = (v & ~(0xffffull << pos)) | imm;
        break;
    }
    return sf ? v : (uint32_t)v;
}

/* Is Xrd a constant built by the move-wide words just before this one
 * in the block (MOVZ or MOVN, then MOVKs, as compilers spell 32- and
 * 64-bit constants)? Like the CMP fusion, the words are read back. */
static bool movewide_known(DisasContext *s, int rd, uint64_t *val)
{
    uint32_t w[4];
    int n = 0;

    for (uint64_t pc = s->pc; pc > s->tb->pc && n < 4; pc -= 4) {
        uint32_t x;
        memcpy(&x, g2h(pc - 4), 4);
        /* an allocated move wide to rd (opc 01 and 32-bit hw >= 2 are
         * not; they never ran) */
        if ((x & 0x1f80001f) != (0x12800000u | (uint32_t)rd) ||
            ((x >> 29) & 3) == 1 || (!(x >> 31) && (x & (1u << 22)))) {
            return false;
        }
        w[n++] = x;
        if (((x >> 29) & 3) != 3) {           /* MOVZ or MOVN: the base */
            uint64_t v = 0;
            while (n) {
                v = movewide_apply(w[--n], v);
            }
            *val = v;
            return true;
        }
    }
    return false;
}

static bool trans_MOVK(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    unsigned pos = 16 * F(h);
    uint64_t v;
    TCGv d;

    if (!sf && F(h) >= 2) {
        return unallocated_encoding(s);
    }
    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    if (movewide_known(s, F(d), &v)) {
        tcg_gen_movi(d, movewide_apply(s->insn, v));
        return true;
    }
    /* The AND also clears bits 63:32 of a 32-bit MOVK. */
    tcg_gen_andi(d, d, ~(0xffffull << pos) & (sf ? ~0ull : 0xffffffffull));
    if (F(i)) {
        tcg_gen_ori(d, d, (uint64_t)F(i) << pos);
    }
    return true;
}

/* ---- Immediate: bit fields and extract --------------------------------- */

static bool bitfield_ok(const A64Fields *a)
{
    if (F(s)) {
        return F(N) == 1;
    }
    return F(N) == 0 && F(r) < 32 && F(i) < 32;
}

/* SBFM: SBFX when imms >= immr (ASR, SXTB, SXTH, SXTW), else SBFIZ. */
static bool trans_SBFM(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    unsigned r = F(r), si = F(i), width = sf ? 64 : 32;
    TCGv d, n;

    if (!bitfield_ok(a)) {
        return unallocated_encoding(s);
    }
    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    n = rz(F(n));
    if (si >= r) {
        unsigned len = si - r + 1;
        if (si == width - 1) {
            if (sf) {
                tcg_gen_sari(d, n, r);
            } else {
                tcg_gen_sar32i(d, n, r);
            }
        } else if (sf && r == 0 && len == 8) {
            tcg_gen_ext8s(d, n);
        } else if (sf && r == 0 && len == 16) {
            tcg_gen_ext16s(d, n);
        } else if (sf && r == 0 && len == 32) {
            tcg_gen_ext32s(d, n);
        } else {
            tcg_gen_sextract(d, n, r, len);
            if (!sf) {
                tcg_gen_ext32u(d, d);
            }
        }
    } else {
        TCGv t = tcg_temp_new();
        tcg_gen_sextract(t, n, 0, si + 1);
        if (sf) {
            tcg_gen_shli(d, t, width - r);
        } else {
            tcg_gen_shl32i(d, t, width - r);
        }
    }
    return true;
}

/* BFM: BFXIL when imms >= immr, else BFI (BFC with XZR). */
static bool trans_BFM(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    unsigned r = F(r), si = F(i), width = sf ? 64 : 32;
    TCGv d, n;

    if (!bitfield_ok(a)) {
        return unallocated_encoding(s);
    }
    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    n = rz(F(n));
    if (si >= r) {
        if (r) {
            TCGv t = tcg_temp_new();
            tcg_gen_shri(t, n, r);
            n = t;
        }
        tcg_gen_deposit(d, d, n, 0, si - r + 1);
    } else {
        tcg_gen_deposit(d, d, n, width - r, si + 1);
    }
    if (!sf) {
        tcg_gen_ext32u(d, d);
    }
    return true;
}

/* UBFM: UBFX when imms >= immr (LSR, UXTB, UXTH), else UBFIZ (LSL). */
static bool trans_UBFM(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    unsigned r = F(r), si = F(i), width = sf ? 64 : 32;
    TCGv d, n;

    if (!bitfield_ok(a)) {
        return unallocated_encoding(s);
    }
    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    n = rz(F(n));
    if (si >= r) {
        if (si == width - 1) {
            if (sf) {
                tcg_gen_shri(d, n, r);
            } else {
                tcg_gen_shr32i(d, n, r);
            }
        } else {
            tcg_gen_extract(d, n, r, si - r + 1);
        }
    } else if (si + 1 == r) {
        if (sf) {
            tcg_gen_shli(d, n, width - r);
        } else {
            tcg_gen_shl32i(d, n, width - r);
        }
    } else {
        /* The field and its shift stay within the register width. */
        TCGv t = tcg_temp_new();
        tcg_gen_extract(t, n, 0, si + 1);
        tcg_gen_shli(d, t, width - r);
    }
    return true;
}

/* EXTR: bits lsb.. of Xn:Xm; ROR (immediate) when Rn = Rm. */
static bool trans_EXTR(DisasContext *s, const A64Fields *a)
{
    bool sf = F(s);
    unsigned lsb = F(i), width = sf ? 64 : 32;
    TCGv d, n, m;

    if (F(N) != sf || lsb >= width) {
        return unallocated_encoding(s);
    }
    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    n = rz(F(n));
    m = rz(F(m));
    if (lsb == 0) {
        if (sf) {
            tcg_gen_mov(d, m);
        } else {
            tcg_gen_ext32u(d, m);
        }
    } else if (F(n) == F(m)) {
        if (sf) {
            tcg_gen_rotri(d, n, lsb);
        } else {
            tcg_gen_rotr32i(d, n, lsb);
        }
    } else {
        TCGv t = tcg_temp_new();
        tcg_gen_extract(t, m, lsb, width - lsb);
        tcg_gen_deposit(d, t, n, width - lsb, lsb);
    }
    return true;
}

/* ---- Register: shifted and extended operands --------------------------- */

/* v shifted as a shifted-register operand says (type 0 LSL, 1 LSR, 2 ASR,
 * 3 ROR), into d. 32-bit results are zero-extended. */
static void gen_shift_imm(bool sf, TCGv d, TCGv v, unsigned type,
                          unsigned amount)
{
    switch (type) {
    case 0:
        if (sf) {
            tcg_gen_shli(d, v, amount);
        } else {
            tcg_gen_shl32i(d, v, amount);
        }
        break;
    case 1:
        if (sf) {
            tcg_gen_shri(d, v, amount);
        } else {
            tcg_gen_shr32i(d, v, amount);
        }
        break;
    case 2:
        if (sf) {
            tcg_gen_sari(d, v, amount);
        } else {
            tcg_gen_sar32i(d, v, amount);
        }
        break;
    default:
        if (sf) {
            tcg_gen_rotri(d, v, amount);
        } else {
            tcg_gen_rotr32i(d, v, amount);
        }
        break;
    }
}

/* The second operand of a shifted-register instruction: the register
 * itself when unshifted (32-bit users only look at its low half). */
static TCGv shifted_operand(bool sf, int rm, unsigned type, unsigned amount)
{
    TCGv t;

    if (amount == 0 || rm == 31) {
        return rz(rm);
    }
    t = tcg_temp_new();
    gen_shift_imm(sf, t, cpu_X[rm], type, amount);
    return t;
}

/* The second operand of an extended-register instruction: Rm extended
 * by option (UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX) and shifted
 * left by 0..4. */
static TCGv extended_operand(bool sf, int rm, unsigned option,
                             unsigned shift)
{
    TCGv m = rz(rm), t;

    /* 32-bit operations only read the low half: W and X extends are
     * nothing there, and X extends are nothing at all. */
    if ((option & 3) == 3 || (!sf && (option & 3) == 2)) {
        if (shift == 0) {
            return m;
        }
        t = tcg_temp_new();
        tcg_gen_shli(t, m, shift);
        return t;
    }
    t = tcg_temp_new();
    switch (option) {
    case 0: tcg_gen_ext8u(t, m); break;
    case 1: tcg_gen_ext16u(t, m); break;
    case 2: tcg_gen_ext32u(t, m); break;
    case 4: tcg_gen_ext8s(t, m); break;
    case 5: tcg_gen_ext16s(t, m); break;
    default: tcg_gen_ext32s(t, m); break;
    }
    if (shift) {
        tcg_gen_shli(t, t, shift);
    }
    return t;
}

/* ---- Register: logical ------------------------------------------------- */

enum { LR_AND, LR_BIC, LR_ORR, LR_ORN, LR_EOR, LR_EON, LR_ANDS, LR_BICS };

static bool do_logic_reg(DisasContext *s, const A64Fields *a, int op)
{
    bool sf = F(s);
    int rd = F(d), rn = F(n), rm = F(m);
    unsigned type = F(t), amount = F(i);
    TCGv d, n, m;

    if (!sf && amount >= 32) {
        return unallocated_encoding(s);
    }
    if (op >= LR_ANDS) {
        n = rz(rn);
        m = shifted_operand(sf, rm, type, amount);
        if (op == LR_ANDS) {
            tcg_gen_and(cpu_ZF, n, m);
        } else {
            tcg_gen_andc(cpu_ZF, n, m);
        }
        if (!sf) {
            tcg_gen_ext32u(cpu_ZF, cpu_ZF);
        }
        gen_logic_flags(sf, rd);
        return true;
    }
    if (rd == 31) {
        return true;
    }
    d = cpu_X[rd];
    if (rn == 31 && rm != 31 &&
        (op == LR_ORR || op == LR_EOR || op == LR_ORN || op == LR_EON)) {
        /* MOV and MVN (with an optional shift) */
        TCGv v = cpu_X[rm];
        if (amount) {
            gen_shift_imm(sf, d, v, type, amount);
            v = d;
        }
        if (op == LR_ORR || op == LR_EOR) {
            if (sf) {
                tcg_gen_mov(d, v);
            } else if (!amount) {
                tcg_gen_ext32u(d, v);
            }
        } else {
            tcg_gen_not(d, v);
            if (!sf) {
                tcg_gen_ext32u(d, d);
            }
        }
        return true;
    }
    n = rz(rn);
    m = shifted_operand(sf, rm, type, amount);
    if (sf) {
        switch (op) {
        case LR_AND: tcg_gen_and(d, n, m); break;
        case LR_BIC: tcg_gen_andc(d, n, m); break;
        case LR_ORR: tcg_gen_or(d, n, m); break;
        case LR_ORN: tcg_gen_orc(d, n, m); break;
        case LR_EOR: tcg_gen_xor(d, n, m); break;
        default: tcg_gen_eqv(d, n, m); break;
        }
    } else {
        switch (op) {
        case LR_AND: tcg_gen_and32(d, n, m); break;
        case LR_BIC: tcg_gen_andc32(d, n, m); break;
        case LR_ORR: tcg_gen_or32(d, n, m); break;
        case LR_ORN: tcg_gen_orc32(d, n, m); break;
        case LR_EOR: tcg_gen_xor32(d, n, m); break;
        default: tcg_gen_eqv32(d, n, m); break;
        }
    }
    return true;
}

static bool trans_AND_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_AND);
}

static bool trans_BIC_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_BIC);
}

static bool trans_ORR_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_ORR);
}

static bool trans_ORN_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_ORN);
}

static bool trans_EOR_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_EOR);
}

static bool trans_EON_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_EON);
}

static bool trans_ANDS_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_ANDS);
}

static bool trans_BICS_reg(DisasContext *s, const A64Fields *a)
{
    return do_logic_reg(s, a, LR_BICS);
}

/* ---- Register: add/subtract -------------------------------------------- */

/* Without flags, d = n +/- m into Xrd (rd 31 is XZR or SP as the form
 * says, decided by the caller). */
static void gen_addsub(bool sf, bool sub, TCGv d, TCGv n, TCGv m)
{
    if (sf) {
        if (sub) {
            tcg_gen_sub(d, n, m);
        } else {
            tcg_gen_add(d, n, m);
        }
    } else {
        if (sub) {
            tcg_gen_sub32(d, n, m);
        } else {
            tcg_gen_add32(d, n, m);
        }
    }
}

static bool do_addsub_shift(DisasContext *s, const A64Fields *a, bool sub)
{
    bool sf = F(s);
    unsigned type = F(t), amount = F(i);
    int rd = F(d), rn = F(n);
    TCGv m;

    if (type == 3 || (!sf && amount >= 32)) {
        return unallocated_encoding(s);
    }
    if (!F(S) && rd == 31) {
        return true;
    }
    if (!F(S) && type == 0 && amount && rn == (int)F(m) && rn != 31) {
        /* x + (x << k) and x - (x << k): how compilers multiply by
         * 3, 5, 9...; one multiply instead of a shift and an add. */
        uint64_t k = sub ? 1 - (1ull << amount) : 1 + (1ull << amount);
        if (sf) {
            tcg_gen_muli(cpu_X[rd], cpu_X[rn], k);
        } else {
            tcg_gen_mul32i(cpu_X[rd], cpu_X[rn], k);
        }
        return true;
    }
    m = shifted_operand(sf, F(m), type, amount);
    if (F(S)) {
        gen_addsub_flags(sf, sub, rd, rz(rn), m);
    } else if (rn == 31 && sub) {         /* NEG */
        tcg_gen_neg(cpu_X[rd], m);
        if (!sf) {
            tcg_gen_ext32u(cpu_X[rd], cpu_X[rd]);
        }
    } else {
        gen_addsub(sf, sub, cpu_X[rd], rz(rn), m);
    }
    return true;
}

static bool trans_ADD_shift(DisasContext *s, const A64Fields *a)
{
    return do_addsub_shift(s, a, false);
}

static bool trans_SUB_shift(DisasContext *s, const A64Fields *a)
{
    return do_addsub_shift(s, a, true);
}

/* Extended register: Rn, and Rd without flags, may be SP. */
static bool do_addsub_ext(DisasContext *s, const A64Fields *a, bool sub)
{
    bool sf = F(s);
    TCGv m;

    if (F(i) > 4) {
        return unallocated_encoding(s);
    }
    m = extended_operand(sf, F(m), F(x), F(i));
    if (F(S)) {
        gen_addsub_flags(sf, sub, F(d), cpu_X[F(n)], m);
    } else {
        gen_addsub(sf, sub, cpu_X[F(d)], cpu_X[F(n)], m);
    }
    return true;
}

static bool trans_ADD_ext(DisasContext *s, const A64Fields *a)
{
    return do_addsub_ext(s, a, false);
}

static bool trans_SUB_ext(DisasContext *s, const A64Fields *a)
{
    return do_addsub_ext(s, a, true);
}

/* ADC/SBC: SBC adds NOT(Rm). */
static bool do_adc(DisasContext *s, const A64Fields *a, bool sbc)
{
    bool sf = F(s);
    int rd = F(d);
    TCGv m = rz(F(m));

    if (!F(S) && rd == 31) {
        return true;
    }
    if (sbc) {
        TCGv t = tcg_temp_new();
        tcg_gen_not(t, m);
        m = t;
    }
    if (F(S)) {
        gen_adc_cc(sf, rd == 31 ? tcg_temp_new() : cpu_X[rd], rz(F(n)), m);
    } else {
        gen_adc(sf, cpu_X[rd], rz(F(n)), m);
    }
    return true;
}

static bool trans_ADC(DisasContext *s, const A64Fields *a)
{
    return do_adc(s, a, false);
}

static bool trans_SBC(DisasContext *s, const A64Fields *a)
{
    return do_adc(s, a, true);
}

/* ---- Register: conditional compare and select -------------------------- */

/* Flags = cond ? compare(Rn, m) : the NZCV immediate. */
static bool do_ccmp(DisasContext *s, const A64Fields *a, bool sub, TCGv m)
{
    bool sf = F(s);
    int cc = F(c);
    unsigned nzcv = F(f);
    A64Cond c;
    TCGLabel *l_imm, *l_end;

    if ((cc >> 1) == 7) {                 /* AL, NV: always compare */
        gen_addsub_flags(sf, sub, 31, rz(F(n)), m);
        return true;
    }
    a64_gen_cond(s, cc, &c);
    l_imm = gen_new_label();
    l_end = gen_new_label();
    if (c.is32) {
        tcg_gen_brcond32(tcg_invert_cond(c.cond), c.a, c.b, l_imm);
    } else {
        tcg_gen_brcond(tcg_invert_cond(c.cond), c.a, c.b, l_imm);
    }
    gen_addsub_flags(sf, sub, 31, rz(F(n)), m);
    tcg_gen_br(l_end);
    gen_set_label(l_imm);
    tcg_gen_movi(cpu_NF, nzcv & 8 ? ~0ull : 0);
    tcg_gen_movi(cpu_ZF, nzcv & 4 ? 0 : 1);
    tcg_gen_movi(cpu_CF, (nzcv >> 1) & 1);
    tcg_gen_movi(cpu_VF, nzcv & 1 ? ~0ull : 0);
    gen_set_label(l_end);
    return true;
}

static bool trans_CCMN_reg(DisasContext *s, const A64Fields *a)
{
    return do_ccmp(s, a, false, rz(F(m)));
}

static bool trans_CCMP_reg(DisasContext *s, const A64Fields *a)
{
    return do_ccmp(s, a, true, rz(F(m)));
}

static bool trans_CCMN_imm(DisasContext *s, const A64Fields *a)
{
    return do_ccmp(s, a, false, tcg_constant(F(i)));
}

static bool trans_CCMP_imm(DisasContext *s, const A64Fields *a)
{
    return do_ccmp(s, a, true, tcg_constant(F(i)));
}

enum { SEL_PLAIN, SEL_INC, SEL_INV, SEL_NEG };

/* Rd = cond ? Rn : op(Rm). CSET, CSETM and CINC get a setcond. */
static bool do_csel(DisasContext *s, const A64Fields *a, int op)
{
    bool sf = F(s);
    int cc = F(c), rd = F(d), rn = F(n), rm = F(m);
    A64Cond c;
    TCGv d, t;

    if (rd == 31) {
        return true;
    }
    d = cpu_X[rd];
    if ((cc >> 1) == 7) {                 /* AL, NV: always Rn */
        if (sf) {
            tcg_gen_mov(d, rz(rn));
        } else {
            tcg_gen_ext32u(d, rz(rn));
        }
        return true;
    }
    a64_gen_cond(s, cc, &c);
    if (rn == 31 && rm == 31 && op == SEL_INC) {          /* CSET */
        gen_setcond_c(tcg_invert_cond(c.cond), d, &c);
        return true;
    }
    if (rn == 31 && rm == 31 && op == SEL_INV) {          /* CSETM */
        t = tcg_temp_new();
        gen_setcond_c(c.cond, t, &c);
        if (sf) {
            tcg_gen_subi(d, t, 1);
        } else {
            tcg_gen_sub32i(d, t, 1);
        }
        return true;
    }
    if (rn == rm && rn != 31 && op == SEL_INC) {          /* CINC */
        t = tcg_temp_new();
        gen_setcond_c(tcg_invert_cond(c.cond), t, &c);
        if (sf) {
            tcg_gen_add(d, cpu_X[rn], t);
        } else {
            tcg_gen_add32(d, cpu_X[rn], t);
        }
        return true;
    }
    t = rz(rm);
    if (op != SEL_PLAIN) {
        TCGv u = tcg_temp_new();
        switch (op) {
        case SEL_INC: tcg_gen_addi(u, t, 1); break;
        case SEL_INV: tcg_gen_not(u, t); break;
        default: tcg_gen_neg(u, t); break;
        }
        t = u;
    }
    cond_to_64(&c);
    tcg_gen_movcond(c.cond, d, c.a, c.b, rz(rn), t);
    if (!sf) {
        tcg_gen_ext32u(d, d);
    }
    return true;
}

static bool trans_CSEL(DisasContext *s, const A64Fields *a)
{
    return do_csel(s, a, SEL_PLAIN);
}

static bool trans_CSINC(DisasContext *s, const A64Fields *a)
{
    return do_csel(s, a, SEL_INC);
}

static bool trans_CSINV(DisasContext *s, const A64Fields *a)
{
    return do_csel(s, a, SEL_INV);
}

static bool trans_CSNEG(DisasContext *s, const A64Fields *a)
{
    return do_csel(s, a, SEL_NEG);
}

/* ---- Register: two sources --------------------------------------------- */

static bool do_div(DisasContext *s, const A64Fields *a, void *fn64,
                   void *fn32)
{
    /* Division never traps in A64, so XZR as destination is a no-op. */
    if (F(d) != 31) {
        tcg_gen_call2(F(s) ? fn64 : fn32, TCG_CALL_NO_RWG, cpu_X[F(d)],
                      rz(F(n)), rz(F(m)));
    }
    return true;
}

static bool trans_UDIV(DisasContext *s, const A64Fields *a)
{
    return do_div(s, a, helper_udiv64, helper_udiv32);
}

static bool trans_SDIV(DisasContext *s, const A64Fields *a)
{
    return do_div(s, a, helper_sdiv64, helper_sdiv32);
}

/* Variable shifts: the IR's shift counts are already taken modulo the
 * width, as A64 wants. */
static bool do_shiftv(DisasContext *s, const A64Fields *a, unsigned type)
{
    bool sf = F(s);
    TCGv d, n, m;

    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    n = rz(F(n));
    m = rz(F(m));
    switch (type) {
    case 0:
        (sf ? tcg_gen_shl : tcg_gen_shl32)(d, n, m);
        break;
    case 1:
        (sf ? tcg_gen_shr : tcg_gen_shr32)(d, n, m);
        break;
    case 2:
        (sf ? tcg_gen_sar : tcg_gen_sar32)(d, n, m);
        break;
    default:
        (sf ? tcg_gen_rotr : tcg_gen_rotr32)(d, n, m);
        break;
    }
    return true;
}

static bool trans_LSLV(DisasContext *s, const A64Fields *a)
{
    return do_shiftv(s, a, 0);
}

static bool trans_LSRV(DisasContext *s, const A64Fields *a)
{
    return do_shiftv(s, a, 1);
}

static bool trans_ASRV(DisasContext *s, const A64Fields *a)
{
    return do_shiftv(s, a, 2);
}

static bool trans_RORV(DisasContext *s, const A64Fields *a)
{
    return do_shiftv(s, a, 3);
}

/* CRC32{B,H,W,X} and CRC32C*: X (size 3) needs sf = 1, the others 0. */
static bool do_crc(DisasContext *s, const A64Fields *a, void *const fn[4])
{
    unsigned sz = F(z);

    if (F(s) != (sz == 3)) {
        return unallocated_encoding(s);
    }
    if (F(d) != 31) {
        tcg_gen_call2(fn[sz], TCG_CALL_NO_RWG, cpu_X[F(d)], rz(F(n)),
                      rz(F(m)));
    }
    return true;
}

static bool trans_CRC32(DisasContext *s, const A64Fields *a)
{
    static void *const fn[4] = {
        helper_crc32_1, helper_crc32_2, helper_crc32_4, helper_crc32_8,
    };
    return do_crc(s, a, fn);
}

static bool trans_CRC32C(DisasContext *s, const A64Fields *a)
{
    static void *const fn[4] = {
        helper_crc32c_1, helper_crc32c_2, helper_crc32c_4, helper_crc32c_8,
    };
    return do_crc(s, a, fn);
}

/* ---- Register: one source ---------------------------------------------- */

static bool trans_RBIT(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        tcg_gen_call1(F(s) ? helper_rbit64 : helper_rbit32, TCG_CALL_NO_RWG,
                      cpu_X[F(d)], rz(F(n)));
    }
    return true;
}

/* Bytes swapped within each halfword. */
static bool trans_REV16(DisasContext *s, const A64Fields *a)
{
    uint64_t mask = F(s) ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;
    TCGv n = rz(F(n)), t, u;

    if (F(d) == 31) {
        return true;
    }
    t = tcg_temp_new();
    u = tcg_temp_new();
    tcg_gen_shri(t, n, 8);
    tcg_gen_andi(t, t, mask);
    tcg_gen_andi(u, n, mask);
    tcg_gen_shli(u, u, 8);
    tcg_gen_or(cpu_X[F(d)], t, u);
    return true;
}

/* REV Wd: bytes of the word swapped. */
static bool trans_REV(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        tcg_gen_bswap32(cpu_X[F(d)], rz(F(n)));
    }
    return true;
}

/* REV32 Xd: bytes swapped within each word. */
static bool trans_REV32(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        TCGv t = tcg_temp_new();
        tcg_gen_bswap64(t, rz(F(n)));
        tcg_gen_rotri(cpu_X[F(d)], t, 32);
    }
    return true;
}

static bool trans_REV64(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        tcg_gen_bswap64(cpu_X[F(d)], rz(F(n)));
    }
    return true;
}

static bool trans_CLZ(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        if (F(s)) {
            tcg_gen_clz(cpu_X[F(d)], rz(F(n)));
        } else {
            tcg_gen_clz32(cpu_X[F(d)], rz(F(n)));
        }
    }
    return true;
}

/* CLS(x) = CLZ(x ^ (x >> 1)) - 1, the shift arithmetic: the leading
 * sign copies become leading zeros, the sign bit itself one more. */
static bool trans_CLS(DisasContext *s, const A64Fields *a)
{
    TCGv n = rz(F(n)), t;

    if (F(d) == 31) {
        return true;
    }
    t = tcg_temp_new();
    if (F(s)) {
        tcg_gen_sari(t, n, 1);
        tcg_gen_xor(t, t, n);
        tcg_gen_clz(t, t);
    } else {
        tcg_gen_sar32i(t, n, 1);
        tcg_gen_xor(t, t, n);
        tcg_gen_clz32(t, t);
    }
    tcg_gen_subi(cpu_X[F(d)], t, 1);
    return true;
}

/* ---- Register: three sources ------------------------------------------- */

/* Rd = Ra +/- Rn * Rm; MUL and MNEG when Ra is XZR. */
static bool do_madd(DisasContext *s, const A64Fields *a, bool sub)
{
    bool sf = F(s);
    int ra = F(a);
    TCGv d, t;

    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    if (ra == 31 && !sub) {
        (sf ? tcg_gen_mul : tcg_gen_mul32)(d, rz(F(n)), rz(F(m)));
        return true;
    }
    t = tcg_temp_new();
    tcg_gen_mul(t, rz(F(n)), rz(F(m)));
    gen_addsub(sf, sub, d, rz(ra), t);
    return true;
}

static bool trans_MADD(DisasContext *s, const A64Fields *a)
{
    return do_madd(s, a, false);
}

static bool trans_MSUB(DisasContext *s, const A64Fields *a)
{
    return do_madd(s, a, true);
}

/* Xd = Xa +/- Wn * Wm, the product of the sign- or zero-extended words;
 * SMULL/UMULL (and the NEG forms) when Ra is XZR. */
static bool do_maddl(DisasContext *s, const A64Fields *a, bool sub,
                     bool is_signed)
{
    int ra = F(a);
    TCGv d, x, y, t;

    if (F(d) == 31) {
        return true;
    }
    d = cpu_X[F(d)];
    x = tcg_temp_new();
    y = tcg_temp_new();
    if (is_signed) {
        tcg_gen_ext32s(x, rz(F(n)));
        tcg_gen_ext32s(y, rz(F(m)));
    } else {
        tcg_gen_ext32u(x, rz(F(n)));
        tcg_gen_ext32u(y, rz(F(m)));
    }
    if (ra == 31 && !sub) {
        tcg_gen_mul(d, x, y);
        return true;
    }
    t = tcg_temp_new();
    tcg_gen_mul(t, x, y);
    gen_addsub(true, sub, d, rz(ra), t);
    return true;
}

static bool trans_SMADDL(DisasContext *s, const A64Fields *a)
{
    return do_maddl(s, a, false, true);
}

static bool trans_SMSUBL(DisasContext *s, const A64Fields *a)
{
    return do_maddl(s, a, true, true);
}

static bool trans_UMADDL(DisasContext *s, const A64Fields *a)
{
    return do_maddl(s, a, false, false);
}

static bool trans_UMSUBL(DisasContext *s, const A64Fields *a)
{
    return do_maddl(s, a, true, false);
}

static bool trans_SMULH(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        tcg_gen_mulsh(cpu_X[F(d)], rz(F(n)), rz(F(m)));
    }
    return true;
}

static bool trans_UMULH(DisasContext *s, const A64Fields *a)
{
    if (F(d) != 31) {
        tcg_gen_muluh(cpu_X[F(d)], rz(F(n)), rz(F(m)));
    }
    return true;
}
