/* The A64 FP and AdvSIMD data-processing group: moves, immediates,
 * element copies and logic inline; everything with per-element work goes
 * to a whole-register helper (helper-simd.c) in one call. */
#include "target/aarch64/translate.h"
#include "target/aarch64/helper-simd.h"

#define INSN(name, pattern) \
    static bool trans_##name(DisasContext *s, const A64Fields *a);
#include "a64-simd.def"
#undef INSN

const A64Pattern a64_simd_table[] = {
#define INSN(name, pattern) { #name, pattern, trans_##name },
#include "a64-simd.def"
#undef INSN
    { NULL, NULL, NULL }
};

/* ---- Small builders ------------------------------------------------------ */

/* x * rep[size] copies an element of size (zero-extended) to every
 * element of 64 bits. */
static const uint64_t rep64[4] = {
    0x0101010101010101ull, 0x0001000100010001ull, 0x0000000100000001ull, 1,
};

static void gen_vhelper(uint64_t (*fn)(CPUState *, uint64_t), uint64_t desc)
{
    tcg_gen_call1(fn, 0, NULL, tcg_constant(desc));
}

static void ld_elem(TCGv t, int r, int idx, int size, bool is_signed)
{
    int off = vreg_elem_off(r, idx, size);
    switch (size | (is_signed ? 4 : 0)) {
    case 0: tcg_gen_ld8u(t, off); break;
    case 1: tcg_gen_ld16u(t, off); break;
    case 2: tcg_gen_ld32u(t, off); break;
    case 4: tcg_gen_ld8s(t, off); break;
    case 5: tcg_gen_ld16s(t, off); break;
    case 6: tcg_gen_ld32s(t, off); break;
    default: tcg_gen_ld64(t, off); break;
    }
}

static void st_elem(TCGv t, int r, int idx, int size)
{
    int off = vreg_elem_off(r, idx, size);
    switch (size) {
    case 0: tcg_gen_st8(t, off); break;
    case 1: tcg_gen_st16(t, off); break;
    case 2: tcg_gen_st32(t, off); break;
    default: tcg_gen_st64(t, off); break;
    }
}

/* Write a 64-bit value to Vd's low half and lo or zero to its high. */
static void write_vec(int rd, TCGv lo, TCGv hi)
{
    tcg_gen_st64(lo, vreg_off(rd));
    if (hi) {
        tcg_gen_st64(hi, vreg_hi_off(rd));
    } else {
        clear_vec_high(rd);
    }
}

/* An FP register's value: single (type 0) zero-extended, double (1),
 * half (3). */
static TCGv read_fp(int r, int type)
{
    TCGv t = tcg_temp_new();
    switch (type) {
    case 0: tcg_gen_ld32u(t, vreg_off(r)); break;
    case 3: tcg_gen_ld16u(t, vreg_off(r)); break;
    default: tcg_gen_ld64(t, vreg_off(r)); break;
    }
    return t;
}

/* A scalar FP result (zero-extended) into Vd; the rest is zeroed. */
static void write_fp(int rd, TCGv v)
{
    write_vec(rd, v, NULL);
}

static inline int ctz32(uint32_t x)
{
    return x ? __builtin_ctz(x) : 32;
}

/* The FP immediate of FMOV: imm8 expanded to a half, single or double. */
static uint64_t vfp_expand_imm(uint32_t imm8, int type)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, e2 = (imm8 >> 4) & 3;
    uint64_t frac = imm8 & 15;
    switch (type) {
    case 0:
        return sign << 31 | (uint64_t)!b6 << 30 | (b6 ? 0x1full : 0) << 25 |
               e2 << 23 | frac << 19;
    case 3:
        return sign << 15 | (uint64_t)!b6 << 14 | (b6 ? 3ull : 0) << 12 |
               e2 << 10 | frac << 6;
    default:
        return sign << 63 | (uint64_t)!b6 << 62 | (b6 ? 0xffull : 0) << 54 |
               e2 << 52 | frac << 48;
    }
}

/* ---- Lanes worked on together -------------------------------------------- */

/* The commonest integer operations run inline on each 64-bit half of the
 * register, every lane of it at once (SWAR): shifts mask off what crosses
 * into the next lane, adds keep carries from crossing. */

/* v (an element of size) in every element of 64 bits. */
static uint64_t dup_lanes(int size, uint64_t v)
{
    return size == 3 ? v : (v & ((1ull << (8 << size)) - 1)) * rep64[size];
}

/* d = a + b, or a - b, lane by lane. */
static void gen_lanes_addsub(TCGv d, TCGv a, TCGv b, int size, bool sub)
{
    if (size == 3) {
        if (sub) {
            tcg_gen_sub(d, a, b);
        } else {
            tcg_gen_add(d, a, b);
        }
        return;
    }
    /* Add the lanes without their top bits (no carry leaves a lane),
     * then put the top bits' sum in: a ^ b ^ carry-in. Subtracting, the
     * top bits are set first so no borrow leaves a lane. */
    uint64_t h = dup_lanes(size, 1ull << ((8 << size) - 1));
    TCGv x = tcg_temp_new(), y = tcg_temp_new(), t = tcg_temp_new();
    tcg_gen_andi(y, b, ~h);
    if (sub) {
        tcg_gen_ori(x, a, h);
        tcg_gen_sub(x, x, y);
        tcg_gen_eqv(t, a, b);
    } else {
        tcg_gen_andi(x, a, ~h);
        tcg_gen_add(x, x, y);
        tcg_gen_xor(t, a, b);
    }
    tcg_gen_andi(t, t, h);
    tcg_gen_xor(d, x, t);
}

/* Shift by immediate inline: SHL, SLI, USHR, USRA, SRI on any lanes and
 * SSHR, SSRA on 64-bit lanes; false for the rest (the helper does them). */
static bool gen_shift_inline(int q, int u, int op, int size, int sh, int rd,
                             int rn)
{
    int bits = 8 << size;
    bool right = op == 0x00 || op == 0x02 || op == 0x08;
    if (!(op == 0x0a || right) || (op != 0x08 && !u && right && size != 3)) {
        return false;
    }
    uint64_t em = bits == 64 ? ~0ull : (1ull << bits) - 1;
    /* The bits of each lane the shifted value covers. */
    uint64_t keep = dup_lanes(size, sh >= bits ? 0
                                    : right ? em >> sh : (em << sh) & em);
    TCGv r[2] = { NULL, NULL };
    for (int half = 0; half <= q; half++) {
        TCGv n = tcg_temp_new(), v = tcg_temp_new();
        tcg_gen_ld64(n, half ? vreg_hi_off(rn) : vreg_off(rn));
        if (!right) {
            tcg_gen_shli(v, n, (uint64_t)sh);
            if (size != 3) {
                tcg_gen_andi(v, v, keep);
            }
        } else if (!u) {
            tcg_gen_sari(v, n, (uint64_t)MIN(sh, 63));   /* 64-bit lanes */
        } else if (sh >= bits) {
            tcg_gen_movi(v, 0);
        } else {
            tcg_gen_shri(v, n, (uint64_t)sh);
            if (size != 3) {
                tcg_gen_andi(v, v, keep);
            }
        }
        if (op == 0x02 || (u && (op == 0x08 || op == 0x0a))) {
            TCGv d = tcg_temp_new();
            tcg_gen_ld64(d, half ? vreg_hi_off(rd) : vreg_off(rd));
            if (op == 0x02) {                      /* USRA, SSRA */
                gen_lanes_addsub(v, d, v, size, false);
            } else {                               /* SRI, SLI */
                tcg_gen_andi(d, d, ~keep);
                tcg_gen_or(v, v, d);
            }
        }
        r[half] = v;
    }
    write_vec(rd, r[0], r[1]);
    return true;
}

/* ---- AdvSIMD modified immediate ------------------------------------------ */

static bool trans_SIMD_modimm(DisasContext *s, const A64Fields *a)
{
    int q = F(q), op = F(o), cmode = F(c), rd = F(d);
    uint64_t imm8 = F(i), imm;

    if (F(x)) {
        return false;                   /* FMOV (half): FEAT_FP16 */
    }
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        imm = (imm8 << (8 * (cmode >> 1))) * rep64[2];
        break;
    case 4: case 5:
        imm = (imm8 << (8 * (cmode & 2 ? 1 : 0))) * rep64[1];
        break;
    case 6:
        imm = (cmode & 1 ? imm8 << 16 | 0xffff : imm8 << 8 | 0xff) *
              rep64[2];
        break;
    default:
        if (!(cmode & 1)) {
            if (!op) {
                imm = imm8 * rep64[0];
            } else {
                imm = 0;
                for (int i = 0; i < 8; i++) {
                    if (imm8 & (1u << i)) {
                        imm |= 0xffull << (8 * i);
                    }
                }
            }
        } else if (!op) {
            imm = vfp_expand_imm((uint32_t)imm8, 0) * rep64[2];
        } else {
            if (!q) {
                return false;
            }
            imm = vfp_expand_imm((uint32_t)imm8, 1);
        }
        break;
    }

    bool is_orr_bic = (cmode & 1) && cmode < 12;
    if (!is_orr_bic) {
        /* MOVI, MVNI, FMOV (vector, immediate). */
        if (op && cmode < 14) {
            imm = ~imm;
        }
        TCGv c = tcg_constant(imm);
        write_vec(rd, c, q ? c : NULL);
        return true;
    }
    /* ORR / BIC (vector, immediate). */
    for (int h = 0; h <= q; h++) {
        TCGv t = tcg_temp_new();
        int off = h ? vreg_hi_off(rd) : vreg_off(rd);
        tcg_gen_ld64(t, off);
        if (op) {
            tcg_gen_andi(t, t, ~imm);
        } else {
            tcg_gen_ori(t, t, imm);
        }
        tcg_gen_st64(t, off);
    }
    if (!q) {
        clear_vec_high(rd);
    }
    return true;
}

/* ---- AdvSIMD copy -------------------------------------------------------- */

static bool trans_SIMD_copy(DisasContext *s, const A64Fields *a)
{
    int q = F(q), op = F(o), imm5 = F(i), imm4 = F(j);
    int rn = F(n), rd = F(d);
    int size = ctz32((uint32_t)imm5);

    if (size > 3) {
        return false;
    }
    int idx = imm5 >> (size + 1);
    TCGv t = tcg_temp_new();

    if (op) {
        /* INS (element): Vd[idx] = Vn[imm4 >> size]. */
        if (!q) {
            return false;
        }
        ld_elem(t, rn, imm4 >> size, size, false);
        st_elem(t, rd, idx, size);
        return true;
    }
    switch (imm4) {
    case 0x0: /* DUP (element) */
    case 0x1: /* DUP (general) */
        if (size == 3 && !q) {
            return false;
        }
        if (imm4 == 0) {
            ld_elem(t, rn, idx, size, false);
        } else if (rn == 31) {
            tcg_gen_movi(t, 0);
        } else {
            switch (size) {
            case 0: tcg_gen_ext8u(t, cpu_X[rn]); break;
            case 1: tcg_gen_ext16u(t, cpu_X[rn]); break;
            case 2: tcg_gen_ext32u(t, cpu_X[rn]); break;
            default: tcg_gen_mov(t, cpu_X[rn]); break;
            }
        }
        if (size < 3) {
            tcg_gen_muli(t, t, rep64[size]);
        }
        write_vec(rd, t, q ? t : NULL);
        return true;
    case 0x3: /* INS (general) */
        if (!q) {
            return false;
        }
        st_elem(rn == 31 ? tcg_constant(0) : cpu_X[rn], rd, idx, size);
        return true;
    case 0x5: /* SMOV */
        if (size == 3 || (size == 2 && !q)) {
            return false;
        }
        if (rd == 31) {
            return true;
        }
        ld_elem(cpu_X[rd], rn, idx, size, true);
        if (!q) {
            tcg_gen_ext32u(cpu_X[rd], cpu_X[rd]);
        }
        return true;
    case 0x7: /* UMOV */
        if (q != (size == 3)) {
            return false;
        }
        if (rd != 31) {
            ld_elem(cpu_X[rd], rn, idx, size, false);
        }
        return true;
    default:
        return false;
    }
}

static bool trans_SIMD_scalar_copy(DisasContext *s, const A64Fields *a)
{
    int imm5 = F(i), size = ctz32((uint32_t)imm5);
    if (size > 3) {
        return false;
    }
    /* DUP (element, scalar), alias MOV: Vd = Vn[idx], zero-extended. */
    TCGv t = tcg_temp_new();
    ld_elem(t, F(n), imm5 >> (size + 1), size, false);
    write_fp(F(d), t);
    return true;
}

/* ---- AdvSIMD three same -------------------------------------------------- */

/* AND BIC ORR ORN EOR BSL BIT BIF, 64 bits at a time. */
static void gen_vec_logic(int q, int opc, int rd, int rn, int rm)
{
    TCGv lo = NULL, hi = NULL;
    for (int h = 0; h <= q; h++) {
        TCGv n = tcg_temp_new(), m = tcg_temp_new(), r = tcg_temp_new();
        int noff = h ? vreg_hi_off(rn) : vreg_off(rn);
        int moff = h ? vreg_hi_off(rm) : vreg_off(rm);
        int doff = h ? vreg_hi_off(rd) : vreg_off(rd);
        tcg_gen_ld64(n, noff);
        tcg_gen_ld64(m, moff);
        switch (opc) {
        case 0: tcg_gen_and(r, n, m); break;
        case 1: tcg_gen_andc(r, n, m); break;
        case 2: tcg_gen_or(r, n, m); break;
        case 3: tcg_gen_orc(r, n, m); break;
        case 4: tcg_gen_xor(r, n, m); break;
        default: {
            TCGv d = tcg_temp_new(), t = tcg_temp_new();
            tcg_gen_ld64(d, doff);
            if (opc == 5) {                 /* BSL: d ? n : m */
                tcg_gen_xor(t, n, m);
                tcg_gen_and(t, t, d);
                tcg_gen_xor(r, m, t);
            } else {                        /* BIT: m ? n : d; BIF */
                tcg_gen_xor(t, d, n);
                if (opc == 6) {
                    tcg_gen_and(t, t, m);
                } else {
                    tcg_gen_andc(t, t, m);
                }
                tcg_gen_xor(r, d, t);
            }
            break;
        }
        }
        if (h) {
            hi = r;
        } else {
            lo = r;
        }
    }
    /* Both halves are computed before either is written: Vd may be a
     * source. */
    write_vec(rd, lo, hi);
}

static bool trans_SIMD_3same(DisasContext *s, const A64Fields *a)
{
    int q = F(q), u = F(u), size = F(s), op = F(o);
    if (op == 0x03) {
        gen_vec_logic(q, u << 2 | size, F(d), F(n), F(m));
        return true;
    }
    if (!simd_3same_ok(u, op, size, q)) {
        return false;
    }
    if (op == 0x10) {                           /* ADD, SUB */
        TCGv r[2] = { NULL, NULL };
        for (int half = 0; half <= q; half++) {
            TCGv n = tcg_temp_new(), m = tcg_temp_new();
            tcg_gen_ld64(n, half ? vreg_hi_off(F(n)) : vreg_off(F(n)));
            tcg_gen_ld64(m, half ? vreg_hi_off(F(m)) : vreg_off(F(m)));
            gen_lanes_addsub(n, n, m, size, u);
            r[half] = n;
        }
        write_vec(F(d), r[0], r[1]);
        return true;
    }
    gen_vhelper(helper_simd_3same, SIMD_DESC(F(d), F(n), F(m), size, q, u,
                                             op));
    return true;
}

static bool trans_SIMD_3diff(DisasContext *s, const A64Fields *a)
{
    int u = F(u), size = F(s), op = F(o);
    if (!simd_3diff_ok(u, op, size)) {
        return false;
    }
    gen_vhelper(helper_simd_3diff, SIMD_DESC(F(d), F(n), F(m), size, F(q),
                                             u, op));
    return true;
}

static bool trans_SIMD_2misc(DisasContext *s, const A64Fields *a)
{
    int q = F(q), u = F(u), size = F(s), op = F(o);
    if (op == 0x05 && u && size == 0) {
        /* NOT: inline. */
        TCGv lo = tcg_temp_new(), hi = q ? tcg_temp_new() : NULL;
        tcg_gen_ld64(lo, vreg_off(F(n)));
        tcg_gen_not(lo, lo);
        if (q) {
            tcg_gen_ld64(hi, vreg_hi_off(F(n)));
            tcg_gen_not(hi, hi);
        }
        write_vec(F(d), lo, hi);
        return true;
    }
    if (!simd_2misc_ok(u, op, size, q)) {
        return false;
    }
    gen_vhelper(helper_simd_2misc, SIMD_DESC(F(d), F(n), 0, size, q, u, op));
    return true;
}

static bool trans_SIMD_across(DisasContext *s, const A64Fields *a)
{
    int q = F(q), u = F(u), size = F(s), op = F(o);
    if (!simd_across_ok(u, op, size, q)) {
        return false;
    }
    gen_vhelper(helper_simd_across, SIMD_DESC(F(d), F(n), 0, size, q, u,
                                              op));
    return true;
}

/* ---- Shifts by immediate ------------------------------------------------- */

/* The element size and shift amount shift_desc put in a descriptor. */
static int desc_size(uint64_t desc)
{
    return (int)(desc >> 15) & 3;
}

static int desc_shift(uint64_t desc)
{
    return (int)(desc >> 32);
}

/* Validate and describe a shift by immediate; false when unallocated. */
static bool shift_desc(int q, int u, int immh, int immb, int op,
                       int rd, int rn, uint64_t *desc)
{
    if (immh == 0 || !simd_shift_ok(u, op)) {
        return false;
    }
    int size = 31 - __builtin_clz((uint32_t)immh);
    int immhb = immh << 3 | immb;
    int sh;
    switch (op) {
    case 0x0a:                                  /* SHL, SLI */
        if (size == 3 && !q) {
            return false;
        }
        sh = immhb - (8 << size);
        break;
    case 0x10: case 0x11:                       /* SHRN, RSHRN */
        if (size == 3) {
            return false;
        }
        sh = (16 << size) - immhb;
        size++;
        break;
    case 0x14:                                  /* SSHLL, USHLL */
        if (size == 3) {
            return false;
        }
        sh = immhb - (8 << size);
        size++;
        break;
    default:                                    /* right shifts */
        if (size == 3 && !q) {
            return false;
        }
        sh = (16 << size) - immhb;
        break;
    }
    *desc = SIMD_DESC(rd, rn, 0, size, q, u, op) | SIMD_DESC_X(sh);
    return true;
}

static bool trans_SIMD_shift(DisasContext *s, const A64Fields *a)
{
    uint64_t desc;
    if (!shift_desc(F(q), F(u), F(h), F(b), F(o), F(d), F(n), &desc)) {
        return false;
    }
    if (!gen_shift_inline(F(q), F(u), F(o), desc_size(desc),
                          desc_shift(desc), F(d), F(n))) {
        gen_vhelper(helper_simd_shift, desc);
    }
    return true;
}

static bool trans_SIMD_scalar_shift(DisasContext *s, const A64Fields *a)
{
    int op = F(o);
    uint64_t desc;
    /* The 64-bit scalar forms are the vector ones on one element. */
    if (!(F(h) & 8) || op == 0x10 || op == 0x11 || op == 0x14) {
        return false;
    }
    if (!shift_desc(1, F(u), F(h), F(b), op, F(d), F(n), &desc)) {
        return false;
    }
    desc &= ~SIMD_DESC(0, 0, 0, 0, 1, 0, 0);    /* Q = 0: one element */
    if (!gen_shift_inline(0, F(u), op, desc_size(desc), desc_shift(desc),
                          F(d), F(n))) {
        gen_vhelper(helper_simd_shift, desc);
    }
    return true;
}

/* ---- By element ---------------------------------------------------------- */

static bool do_simd_elem(DisasContext *s, const A64Fields *a, bool scalar)
{
    int q = F(q), u = F(u), size = F(s), op = F(o);
    int L = F(L), M = F(M), H = F(H), rm = F(r), idx;
    bool fp = op == 0x1 || op == 0x5 || op == 0x9;

    if (fp) {
        /* size is 1:sz (0x is half precision, FEAT_FP16). */
        if (!(size & 2)) {
            return false;
        }
        size = 2 + (size & 1);
    }
    if (!simd_elem_ok(u, op, size, q, scalar)) {
        return false;
    }
    switch (size) {
    case 1:
        idx = H << 2 | L << 1 | M;      /* Rm is v0-v15 */
        break;
    case 2:
        idx = H << 1 | L;
        rm |= M << 4;
        break;
    default:
        if (L) {
            return false;
        }
        idx = H;
        rm |= M << 4;
        break;
    }
    gen_vhelper(helper_simd_elem, SIMD_DESC(F(d), F(n), rm, size, q, u, op) |
                                  SIMD_DESC_X(idx | scalar << 4));
    return true;
}

static bool trans_SIMD_elem(DisasContext *s, const A64Fields *a)
{
    return do_simd_elem(s, a, false);
}

static bool trans_SIMD_scalar_elem(DisasContext *s, const A64Fields *a)
{
    return do_simd_elem(s, a, true);
}

/* ---- Permutes, EXT, TBL -------------------------------------------------- */

static bool trans_SIMD_perm(DisasContext *s, const A64Fields *a)
{
    int q = F(q), size = F(s), op = F(o);
    if ((op & 3) == 0 || (size == 3 && !q)) {
        return false;
    }
    gen_vhelper(helper_simd_perm, SIMD_DESC(F(d), F(n), F(m), size, q, 0,
                                            op));
    return true;
}

static bool trans_SIMD_ext(DisasContext *s, const A64Fields *a)
{
    int q = F(q), imm4 = F(i);
    if (!q && (imm4 & 8)) {
        return false;
    }
    if (imm4 == 0) {
        /* EXT #0 is a copy of Vn. */
        TCGv lo = tcg_temp_new(), hi = q ? tcg_temp_new() : NULL;
        tcg_gen_ld64(lo, vreg_off(F(n)));
        if (q) {
            tcg_gen_ld64(hi, vreg_hi_off(F(n)));
        }
        write_vec(F(d), lo, hi);
        return true;
    }
    gen_vhelper(helper_simd_ext, SIMD_DESC(F(d), F(n), F(m), 0, q, 0, 0) |
                                 SIMD_DESC_X(imm4));
    return true;
}

static bool trans_SIMD_tbl(DisasContext *s, const A64Fields *a)
{
    gen_vhelper(helper_simd_tbl, SIMD_DESC(F(d), F(n), F(m), 0, F(q), F(x),
                                           0) | SIMD_DESC_X(F(l) + 1));
    return true;
}

/* ---- AdvSIMD scalar ------------------------------------------------------ */

static bool trans_SIMD_scalar_pair(DisasContext *s, const A64Fields *a)
{
    int u = F(u), size = F(s), op = F(o), rn = F(n), rd = F(d);
    if (!u) {
        if (op != 0x1b || size != 3) {
            return false;
        }
        /* ADDP (scalar): Dd = Vn.D[0] + Vn.D[1]. */
        TCGv lo = tcg_temp_new(), hi = tcg_temp_new();
        tcg_gen_ld64(lo, vreg_off(rn));
        tcg_gen_ld64(hi, vreg_hi_off(rn));
        tcg_gen_add(lo, lo, hi);
        write_fp(rd, lo);
        return true;
    }
    /* FMAXNMP FADDP FMAXP FMINNMP FMINP (scalar): size<1> min, size<0>
     * double; the operands are Vn's two elements. */
    int fop;
    bool mn = size & 2;
    switch (op) {
    case 0x0c: fop = mn ? 7 : 6; break;
    case 0x0d:
        if (mn) {
            return false;
        }
        fop = 2;
        break;
    case 0x0f: fop = mn ? 5 : 4; break;
    default:
        return false;
    }
    bool dbl = size & 1;
    TCGv x = tcg_temp_new(), y = tcg_temp_new();
    if (dbl) {
        tcg_gen_ld64(x, vreg_off(rn));
        tcg_gen_ld64(y, vreg_hi_off(rn));
    } else {
        tcg_gen_ld32u(x, vreg_off(rn));
        tcg_gen_ld32u(y, vreg_off(rn) + 4);
    }
    tcg_gen_call3(helper_fp_2src, 0, x, x, y,
                  tcg_constant((uint64_t)(fop << 1 | dbl)));
    write_fp(rd, x);
    return true;
}

static bool trans_SIMD_scalar_3same(DisasContext *s, const A64Fields *a)
{
    int u = F(u), size = F(s), op = F(o);
    if (op >= 0x18) {
        /* FCMEQ FCMGE FACGE FABD FCMGT FACGT (scalar). */
        int code = u << 4 | (size >> 1) << 3 | (op & 7);
        if (code != 0x04 && code != 0x14 && code != 0x15 && code != 0x1a &&
            code != 0x1c && code != 0x1d) {
            return false;
        }
    } else {
        switch (op) {
        case 0x01: case 0x05:                   /* SQADD UQADD SQSUB UQSUB */
            break;
        case 0x06: case 0x07: case 0x08: case 0x0a: case 0x10: case 0x11:
            if (size != 3) {
                return false;
            }
            break;
        default:
            return false;
        }
    }
    gen_vhelper(helper_simd_3same, SIMD_DESC(F(d), F(n), F(m), size, 0, u,
                                             op) | SIMD_DESC_X(1));
    return true;
}

static bool trans_SIMD_scalar_2misc(DisasContext *s, const A64Fields *a)
{
    int u = F(u), size = F(s), op = F(o);
    switch (op) {
    case 0x07:                                  /* SQABS SQNEG */
        break;
    case 0x08: case 0x09: case 0x0b:            /* CM* #0, ABS NEG */
        if (size != 3) {
            return false;
        }
        break;
    case 0x0a:                                  /* CMLT #0 */
        if (size != 3 || u) {
            return false;
        }
        break;
    case 0x0c: case 0x0d: case 0x0e:            /* FCM* #0 */
    case 0x1a: case 0x1b: case 0x1c: case 0x1d: /* FCVT*, SCVTF UCVTF */
        /* Q = 1 lets the double forms through the vector check. */
        if (!simd_2misc_ok(u, op, size, 1)) {
            return false;
        }
        break;
    default:
        return false;
    }
    gen_vhelper(helper_simd_2misc, SIMD_DESC(F(d), F(n), 0, size, 0, u, op) |
                                   SIMD_DESC_X(1));
    return true;
}

/* ---- Scalar floating point ----------------------------------------------- */

static bool trans_FP_int_conv(DisasContext *s, const A64Fields *a)
{
    int sf = F(f), type = F(t), rmode = F(r), op = F(o);
    int rn = F(n), rd = F(d);

    if (op == 6 || op == 7) {
        /* FMOV between general and FP registers. */
        bool to_fp = op == 7;
        if (rmode == 1) {
            if (!sf || type != 2) {
                return false;
            }
            /* The top half of Vd/Vn: nothing else changes. */
            if (to_fp) {
                tcg_gen_st64(rn == 31 ? tcg_constant(0) : cpu_X[rn],
                             vreg_hi_off(rd));
            } else if (rd != 31) {
                tcg_gen_ld64(cpu_X[rd], vreg_hi_off(rn));
            }
            return true;
        }
        if (rmode != 0 || !((sf == 0 && type == 0) || (sf == 1 && type == 1))) {
            return false;
        }
        if (to_fp) {
            TCGv t = tcg_temp_new();
            if (rn == 31) {
                tcg_gen_movi(t, 0);
            } else if (sf) {
                tcg_gen_mov(t, cpu_X[rn]);
            } else {
                tcg_gen_ext32u(t, cpu_X[rn]);
            }
            write_fp(rd, t);
        } else if (rd != 31) {
            if (sf) {
                tcg_gen_ld64(cpu_X[rd], vreg_off(rn));
            } else {
                tcg_gen_ld32u(cpu_X[rd], vreg_off(rn));
            }
        }
        return true;
    }
    if (type > 1) {
        return false;
    }
    bool dbl = type == 1;
    if (op == 2 || op == 3) {
        /* SCVTF, UCVTF. */
        if (rmode != 0) {
            return false;
        }
        TCGv t = tcg_temp_new();
        TCGv src = rn == 31 ? tcg_constant(0) : cpu_X[rn];
        tcg_gen_call2(helper_int_to_fp, 0, t, src,
                      tcg_constant((uint64_t)(dbl | (op & 1) << 1 |
                                              sf << 5)));
        write_fp(rd, t);
        return true;
    }
    /* FCVT[NPMZ][SU] (op 0/1, rmode = mode), FCVTA[SU] (op 4/5). */
    int rm;
    if (op <= 1) {
        rm = rmode;
    } else if (op <= 5 && rmode == 0) {
        rm = 4;
    } else {
        return false;
    }
    TCGv t = tcg_temp_new();
    tcg_gen_call2(helper_fp_to_int, 0, t, read_fp(rn, type),
                  tcg_constant((uint64_t)(dbl | (op & 1) << 1 | rm << 2 |
                                          sf << 5)));
    if (rd != 31) {
        tcg_gen_mov(cpu_X[rd], t);
    }
    return true;
}

static bool trans_FP_fixed_conv(DisasContext *s, const A64Fields *a)
{
    int sf = F(f), type = F(t), rmode = F(r), op = F(o), scale = F(c);
    int rn = F(n), rd = F(d);
    int fbits = 64 - scale;

    if (type > 1 || (!sf && scale < 32)) {
        return false;
    }
    bool dbl = type == 1;
    TCGv t = tcg_temp_new();
    if (rmode == 0 && (op == 2 || op == 3)) {
        TCGv src = rn == 31 ? tcg_constant(0) : cpu_X[rn];
        tcg_gen_call2(helper_int_to_fp, 0, t, src,
                      tcg_constant((uint64_t)(dbl | (op & 1) << 1 |
                                              sf << 5 | fbits << 6)));
        write_fp(rd, t);
        return true;
    }
    if (rmode == 3 && op <= 1) {
        tcg_gen_call2(helper_fp_to_int, 0, t, read_fp(rn, type),
                      tcg_constant((uint64_t)(dbl | op << 1 | 3 << 2 |
                                              sf << 5 | fbits << 6)));
        if (rd != 31) {
            tcg_gen_mov(cpu_X[rd], t);
        }
        return true;
    }
    return false;
}

static bool trans_FP_1src(DisasContext *s, const A64Fields *a)
{
    int type = F(t), op = F(o), rn = F(n), rd = F(d);

    if (op == 4 || op == 5 || op == 7) {
        /* FCVT between precisions (half included). */
        int to = op & 3;
        if (type == 2 || type == to) {
            return false;
        }
        TCGv t = tcg_temp_new();
        tcg_gen_call2(helper_fp_cvt, 0, t, read_fp(rn, type),
                      tcg_constant((uint64_t)(type | to << 2)));
        write_fp(rd, t);
        return true;
    }
    if (type > 1) {
        return false;
    }
    bool dbl = type == 1;
    uint64_t sign = dbl ? 1ull << 63 : 1ull << 31;
    TCGv v = read_fp(rn, type);
    switch (op) {
    case 0: /* FMOV */
        break;
    case 1: /* FABS */
        tcg_gen_andi(v, v, ~sign & (dbl ? ~0ull : 0xffffffffull));
        break;
    case 2: /* FNEG */
        tcg_gen_xori(v, v, sign);
        break;
    case 3: case 8: case 9: case 10: case 11: case 12: case 14: case 15:
        tcg_gen_call2(helper_fp_1src, 0, v, v,
                      tcg_constant((uint64_t)(op << 1 | dbl)));
        break;
    default:
        return false;
    }
    write_fp(rd, v);
    return true;
}

static bool trans_FP_cmp(DisasContext *s, const A64Fields *a)
{
    int type = F(t), op2 = F(o);
    if (type > 1 || (op2 & 7)) {
        return false;
    }
    TCGv x = read_fp(F(n), type);
    TCGv y = (op2 & 8) ? tcg_constant(0) : read_fp(F(m), type);
    tcg_gen_call3(helper_fp_cmp, 0, NULL, x, y,
                  tcg_constant((uint64_t)(type | (op2 >> 4) << 1)));
    return true;
}

/* NZCV from a 4-bit constant, in the flag representation of cpu.h. */
static void gen_set_nzcv_imm(int nzcv)
{
    tcg_gen_movi(cpu_NF, nzcv & 8 ? ~0ull : 0);
    tcg_gen_movi(cpu_ZF, nzcv & 4 ? 0 : 1);
    tcg_gen_movi(cpu_CF, nzcv & 2 ? 1 : 0);
    tcg_gen_movi(cpu_VF, nzcv & 1 ? ~0ull : 0);
}

static bool trans_FP_ccmp(DisasContext *s, const A64Fields *a)
{
    int type = F(t);
    if (type > 1) {
        return false;
    }
    DisasCompare c;
    TCGLabel *no = gen_new_label(), *done = gen_new_label();
    TCGv x = read_fp(F(n), type), y = read_fp(F(m), type);
    a64_test_cc(&c, F(c));
    tcg_gen_brcondi(tcg_invert_cond(c.cond), c.value, 0, no);
    tcg_gen_call3(helper_fp_cmp, 0, NULL, x, y,
                  tcg_constant((uint64_t)(type | F(o) << 1)));
    tcg_gen_br(done);
    gen_set_label(no);
    gen_set_nzcv_imm(F(f));
    gen_set_label(done);
    return true;
}

static bool trans_FP_imm(DisasContext *s, const A64Fields *a)
{
    int type = F(t);
    if (type > 1) {
        return false;
    }
    write_fp(F(d), tcg_constant(vfp_expand_imm(F(i), type)));
    return true;
}

static bool trans_FP_2src(DisasContext *s, const A64Fields *a)
{
    int type = F(t), op = F(o);
    if (type > 1 || op > 8) {
        return false;
    }
    TCGv x = read_fp(F(n), type), y = read_fp(F(m), type);
    tcg_gen_call3(helper_fp_2src, 0, x, x, y,
                  tcg_constant((uint64_t)(op << 1 | type)));
    write_fp(F(d), x);
    return true;
}

static bool trans_FP_csel(DisasContext *s, const A64Fields *a)
{
    int type = F(t);
    if (type > 1) {
        return false;
    }
    DisasCompare c;
    TCGv x = read_fp(F(n), type), y = read_fp(F(m), type);
    TCGv r = tcg_temp_new();
    a64_test_cc(&c, F(c));
    tcg_gen_movcond(c.cond, r, c.value, tcg_constant(0), x, y);
    write_fp(F(d), r);
    return true;
}

static bool trans_FP_3src(DisasContext *s, const A64Fields *a)
{
    int type = F(t);
    if (type > 1) {
        return false;
    }
    TCGv r = tcg_temp_new();
    tcg_gen_call4(helper_fp_3src, 0, r, read_fp(F(a), type),
                  read_fp(F(n), type), read_fp(F(m), type),
                  tcg_constant((uint64_t)(F(x) << 1 | F(y) | type << 2)));
    write_fp(F(d), r);
    return true;
}
