/* The A64 loads and stores group: integer and FP/SIMD register loads and
 * stores in every addressing form, pairs, exclusives, acquire/release,
 * and the AdvSIMD structure loads and stores. */
#include "target/aarch64/translate.h"
#include "gdbstub/gdbstub.h"
#include "src/guest-mem.h"

#define INSN(name, pattern) \
    static bool trans_##name(DisasContext *s, const A64Fields *a);
#include "a64-ldst.def"
#undef INSN

const A64Pattern a64_ldst_table[] = {
#define INSN(name, pattern) { #name, pattern, trans_##name },
#include "a64-ldst.def"
#undef INSN
    { NULL, NULL, NULL }
};

/* ---- Addressing ---------------------------------------------------------- */

/* How the base register is used. */
enum { ADDR_OFFSET, ADDR_PRE, ADDR_POST };

typedef struct LdstAddr {
    TCGv addr;     /* where the (first) access goes */
    TCGv wb;       /* the new base, or NULL without writeback */
} LdstAddr;

/* base + off, or the base itself (no op) when off is 0. */
static TCGv addr_plus(TCGv base, int64_t off)
{
    if (off == 0) {
        return base;
    }
    TCGv t = tcg_temp_new();
    tcg_gen_addi(t, base, (uint64_t)off);
    return t;
}

/* The address of a base + immediate form. The new base of a writeback
 * form is computed before any access, in a temp, so a load into the base
 * register cannot disturb it; writing it back after the loads makes the
 * writeback win when Rt == Rn, as qemu-aarch64 does. */
static LdstAddr ldst_addr(int rn, int64_t off, int mode)
{
    TCGv base = cpu_X[rn];          /* register 31 is SP here */
    LdstAddr r = { NULL, NULL };
    switch (mode) {
    case ADDR_OFFSET:
        r.addr = addr_plus(base, off);
        break;
    case ADDR_PRE:
        r.addr = tcg_temp_new();
        tcg_gen_addi(r.addr, base, (uint64_t)off);
        r.wb = r.addr;
        break;
    default:
        r.wb = tcg_temp_new();
        tcg_gen_addi(r.wb, base, (uint64_t)off);
        r.addr = base;
        break;
    }
    return r;
}

static void ldst_writeback(int rn, const LdstAddr *r)
{
    if (r->wb) {
        tcg_gen_mov(cpu_X[rn], r->wb);
    }
}

/* ---- Integer registers --------------------------------------------------- */

/* Where a load into Rt goes: the register, or a scratch temp for XZR (the
 * access still happens, so it can still fault). */
static TCGv load_dest(int rt)
{
    return rt == 31 ? tcg_temp_new() : cpu_X[rt];
}

static TCGv store_src(int rt)
{
    return rt == 31 ? tcg_constant(0) : cpu_X[rt];
}

/* One integer access. to32: a signed load whose result is a W register. */
static void gen_gpr_access(DisasContext *s, int rt, TCGv addr, MemOp mop,
                           bool is_load, bool to32)
{
    if (is_load) {
        TCGv d = load_dest(rt);
        gen_ld(s, d, addr, mop);
        if (to32) {
            tcg_gen_ext32u(d, d);
        }
    } else {
        gen_st(s, store_src(rt), addr, mop);
    }
}

/* What an integer size/opc pair means. */
typedef struct GprOp {
    MemOp mop;
    bool is_load, to32, prefetch;
} GprOp;

/* false for unallocated combinations. For the pre/post-index and
 * unprivileged forms the prefetch slot is unallocated (allow_prfm). */
static bool decode_gpr_op(int size, int opc, bool allow_prfm, GprOp *op)
{
    op->prefetch = false;
    op->to32 = false;
    op->mop = (MemOp)size;
    switch (opc) {
    case 0:
        op->is_load = false;
        return true;
    case 1:
        op->is_load = true;
        return true;
    default:
        op->is_load = true;
        if (size == 3) {
            if (opc == 2 && allow_prfm) {
                op->prefetch = true;
                return true;
            }
            return false;
        }
        if (size == 2 && opc == 3) {
            return false;
        }
        op->mop = (MemOp)(size | MO_SIGN);
        op->to32 = opc == 3;
        return true;
    }
}

/* ---- FP/SIMD registers --------------------------------------------------- */

/* FP/SIMD size from size:opc<1>: log2 bytes (4 = Q), or -1. */
static int fp_scale(int size, int opc)
{
    if (opc & 2) {
        return size == 0 ? 4 : -1;
    }
    return size;
}

/* Load 1 << scale bytes at addr into lo (and hi for a Q register). */
static void gen_fp_load(DisasContext *s, TCGv lo, TCGv hi, TCGv addr,
                        int scale)
{
    if (scale == 4) {
        gen_ld128(s, lo, hi, addr);
    } else {
        gen_ld(s, lo, addr, (MemOp)scale);
    }
}

/* Write a loaded value to Vt; a scalar write zeroes the rest. */
static void fp_reg_write(int rt, TCGv lo, TCGv hi, int scale)
{
    tcg_gen_st64(lo, vreg_off(rt));
    if (scale == 4) {
        tcg_gen_st64(hi, vreg_hi_off(rt));
    } else {
        clear_vec_high(rt);
    }
}

static void gen_fp_store(DisasContext *s, int rt, TCGv addr, int scale)
{
    TCGv t = tcg_temp_new();
    if (scale == 4) {
        TCGv h = tcg_temp_new();
        tcg_gen_ld64(t, vreg_off(rt));
        tcg_gen_ld64(h, vreg_hi_off(rt));
        gen_st128(s, t, h, addr);
        return;
    }
    switch (scale) {
    case 0:
        tcg_gen_ld8u(t, vreg_off(rt));
        break;
    case 1:
        tcg_gen_ld16u(t, vreg_off(rt));
        break;
    case 2:
        tcg_gen_ld32u(t, vreg_off(rt));
        break;
    default:
        tcg_gen_ld64(t, vreg_off(rt));
        break;
    }
    gen_st(s, t, addr, (MemOp)scale);
}

static void gen_fp_access(DisasContext *s, int rt, TCGv addr, int scale,
                          bool is_load)
{
    if (is_load) {
        TCGv lo = tcg_temp_new(), hi = scale == 4 ? tcg_temp_new() : NULL;
        gen_fp_load(s, lo, hi, addr, scale);
        fp_reg_write(rt, lo, hi, scale);
    } else {
        gen_fp_store(s, rt, addr, scale);
    }
}

/* ---- Single register forms ----------------------------------------------- */

/* A single-register access at a base + immediate address. */
static bool do_ldst_imm(DisasContext *s, int size, int v, int opc, int rn,
                        int rt, int64_t off, int mode, bool allow_prfm)
{
    if (v) {
        int scale = fp_scale(size, opc);
        if (scale < 0) {
            return false;
        }
        LdstAddr r = ldst_addr(rn, off, mode);
        gen_fp_access(s, rt, r.addr, scale, opc & 1);
        ldst_writeback(rn, &r);
        return true;
    }
    GprOp op;
    if (!decode_gpr_op(size, opc, allow_prfm, &op)) {
        return false;
    }
    if (op.prefetch) {
        return true;            /* PRFM/PRFUM: a hint, never faults */
    }
    LdstAddr r = ldst_addr(rn, off, mode);
    gen_gpr_access(s, rt, r.addr, op.mop, op.is_load, op.to32);
    ldst_writeback(rn, &r);
    return true;
}

static bool trans_LDST_uimm(DisasContext *s, const A64Fields *a)
{
    int size = F(s), v = F(v), opc = F(o);
    int scale = v ? fp_scale(size, opc) : size;
    if (scale < 0) {
        return false;
    }
    return do_ldst_imm(s, size, v, opc, F(n), F(t),
                       (int64_t)F(i) << scale, ADDR_OFFSET, true);
}

static bool trans_LDST_imm9(DisasContext *s, const A64Fields *a)
{
    static const int modes[4] = {
        ADDR_OFFSET, ADDR_POST, ADDR_OFFSET, ADDR_PRE
    };
    int64_t off = (int64_t)((int32_t)(F(i) << 23) >> 23);
    int type = F(p);
    /* Unprivileged forms (LDTR...) are ordinary accesses at EL0; they have
     * no FP/SIMD variant and no prefetch, and neither have the writeback
     * forms. */
    if (type == 2 && F(v)) {
        return false;
    }
    return do_ldst_imm(s, F(s), F(v), F(o), F(n), F(t), off, modes[type],
                       type == 0);
}

static bool trans_LDST_reg(DisasContext *s, const A64Fields *a)
{
    int size = F(s), v = F(v), opc = F(o), opt = F(x), rm = F(m);
    int scale;
    GprOp op = { 0 };

    if (!(opt & 2)) {
        return false;          /* UXTB/UXTH/SXTB/SXTH: unallocated */
    }
    if (v) {
        scale = fp_scale(size, opc);
        if (scale < 0) {
            return false;
        }
    } else {
        if (!decode_gpr_op(size, opc, true, &op)) {
            return false;
        }
        if (op.prefetch) {
            return true;
        }
        scale = size;
    }
    /* base + extend(Rm) << (S ? scale : 0); XZR reads as zero. */
    int shift = F(S) ? scale : 0;
    TCGv addr = tcg_temp_new();
    if (rm == 31) {
        tcg_gen_mov(addr, cpu_X[F(n)]);
    } else {
        TCGv off = cpu_X[rm];
        if (opt == 2 || opt == 6) {
            TCGv t = tcg_temp_new();
            if (opt == 2) {
                tcg_gen_ext32u(t, off);
            } else {
                tcg_gen_ext32s(t, off);
            }
            off = t;
        }
        if (shift) {
            TCGv t = tcg_temp_new();
            tcg_gen_shli(t, off, shift);
            off = t;
        }
        tcg_gen_add(addr, cpu_X[F(n)], off);
    }
    if (v) {
        gen_fp_access(s, F(t), addr, scale, opc & 1);
    } else {
        gen_gpr_access(s, F(t), addr, op.mop, op.is_load, op.to32);
    }
    return true;
}

static bool trans_LD_lit(DisasContext *s, const A64Fields *a)
{
    int opc = F(o), rt = F(t);
    int64_t off = (int64_t)((int32_t)(F(i) << 13) >> 13) * 4;
    TCGv addr = tcg_constant(s->pc + (uint64_t)off);

    if (F(v)) {
        if (opc == 3) {
            return false;
        }
        gen_fp_access(s, rt, addr, opc + 2, true);
        return true;
    }
    switch (opc) {
    case 0:
        gen_gpr_access(s, rt, addr, MO_UL, true, false);
        break;
    case 1:
        gen_gpr_access(s, rt, addr, MO_UQ, true, false);
        break;
    case 2:
        gen_gpr_access(s, rt, addr, MO_SL, true, false);
        break;
    default:
        break;                  /* PRFM literal: a hint */
    }
    return true;
}

/* ---- Pairs --------------------------------------------------------------- */

static bool trans_LDST_pair(DisasContext *s, const A64Fields *a)
{
    static const int modes[4] = {
        ADDR_OFFSET, ADDR_POST, ADDR_OFFSET, ADDR_PRE
    };
    int opc = F(o), v = F(v), L = F(L), type = F(p);
    int rt = F(t), rt2 = F(u), rn = F(n);
    int64_t imm = (int64_t)((int32_t)(F(i) << 25) >> 25);
    int scale;
    bool is_signed = false;

    if (v) {
        if (opc == 3) {
            return false;
        }
        scale = opc + 2;
    } else {
        switch (opc) {
        case 0:
            scale = 2;
            break;
        case 1:
            /* LDPSW; the store slot is STGP (MTE), and LDPSW has no
             * no-allocate form. */
            if (!L || type == 0) {
                return false;
            }
            scale = 2;
            is_signed = true;
            break;
        case 2:
            scale = 3;
            break;
        default:
            return false;
        }
    }

    LdstAddr r = ldst_addr(rn, (int64_t)((uint64_t)imm << scale),
                           modes[type]);
    int bytes = 1 << scale;

    if (v) {
        TCGv a2 = tcg_temp_new();
        tcg_gen_addi(a2, r.addr, (uint64_t)bytes);
        if (L) {
            TCGv lo1 = tcg_temp_new(), lo2 = tcg_temp_new();
            TCGv hi1 = NULL, hi2 = NULL;
            if (scale == 4) {
                hi1 = tcg_temp_new();
                hi2 = tcg_temp_new();
            }
            gen_fp_load(s, lo1, hi1, r.addr, scale);
            gen_fp_load(s, lo2, hi2, a2, scale);
            fp_reg_write(rt, lo1, hi1, scale);
            fp_reg_write(rt2, lo2, hi2, scale);
        } else {
            gen_fp_store(s, rt, r.addr, scale);
            gen_fp_store(s, rt2, a2, scale);
        }
        ldst_writeback(rn, &r);
        return true;
    }

    if (!L) {
        if (scale == 2) {
            /* Both words in one 64-bit store. */
            TCGv t = tcg_temp_new();
            if (rt2 == 31) {
                tcg_gen_ext32u(t, store_src(rt));
            } else if (rt == 31) {
                tcg_gen_shli(t, cpu_X[rt2], 32);
            } else {
                tcg_gen_deposit(t, cpu_X[rt], cpu_X[rt2], 32, 32);
            }
            gen_st(s, t, r.addr, MO_UQ);
        } else {
            gen_st128(s, store_src(rt), store_src(rt2), r.addr);
        }
        ldst_writeback(rn, &r);
        return true;
    }

    /* Loads: nothing is written until every access is done. With
     * Rt == Rt2 (unpredictable) Rt gets the first value, as in qemu. */
    TCGv t1 = tcg_temp_new();
    if (scale == 2) {
        /* One 64-bit access covers the same bytes. */
        gen_ld(s, t1, r.addr, MO_UQ);
        if (rt2 != 31) {
            if (is_signed) {
                tcg_gen_sari(cpu_X[rt2], t1, 32);
            } else {
                tcg_gen_shri(cpu_X[rt2], t1, 32);
            }
        }
        if (rt != 31) {
            if (is_signed) {
                tcg_gen_ext32s(cpu_X[rt], t1);
            } else {
                tcg_gen_ext32u(cpu_X[rt], t1);
            }
        }
    } else {
        gen_ld128(s, t1, load_dest(rt2), r.addr);
        if (rt != 31) {
            tcg_gen_mov(cpu_X[rt], t1);
        }
    }
    ldst_writeback(rn, &r);
    return true;
}

/* ---- Exclusives and acquire/release -------------------------------------- */

/* Raise SIGBUS for a misaligned access at addr; pc is already set. */
static uint64_t helper_a64_align_fault(CPUState *cpu, uint64_t addr)
{
    cpu->fault_addr = addr;
    cpu->fault_write = 0;
    cpu_loop_exit(cpu, EXCP_BUS);
}

/* STXR/STLXR/STXP/STLXP. desc: size (log2 bytes of one register) | pair
 * << 2. Stores v1 (and v2) only when the exclusive monitor is open on
 * addr and memory still holds the value LDXR saw; answers the status.
 * The compare-and-swap is atomic on the host for up to 8 bytes; the
 * 16-byte pair is compared and stored in two halves (no portable 16-byte
 * host CAS), which is exact while guests run on one thread. */
static uint64_t helper_a64_store_excl(CPUState *cpu, uint64_t addr,
                                      uint64_t v1, uint64_t v2,
                                      uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    int size = desc & 3;
    bool pair = desc & 4;
    int total = pair ? size + 1 : size;
    uint64_t len = 1ull << total;
    uint64_t status = 1;

    cpu->n_helper_access = 0;
    if (addr != c->exclusive_addr) {
        goto out;
    }
    if (addr & (len - 1)) {
        cpu->fault_addr = addr;
        cpu->fault_write = 1;
        c->pc = tb_pc_at(cpu->cur_tb, cpu->cur_ip);
        cpu_loop_exit(cpu, EXCP_BUS);
    }
    if (!guest_access_ok(addr, len, PAGE_READ | PAGE_WRITE)) {
        cpu_loop_exit_segv(cpu, addr, true);
    }
    if (gdb_watch_active()) {
        gdb_watch_access(cpu, addr, (unsigned)len, true);
    }
    void *p = g2h(addr);
    switch (total) {
    case 0: {
        uint8_t old = (uint8_t)c->exclusive_val;
        status = !__atomic_compare_exchange_n((uint8_t *)p, &old,
                                              (uint8_t)v1, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        break;
    }
    case 1: {
        uint16_t old = (uint16_t)c->exclusive_val;
        status = !__atomic_compare_exchange_n((uint16_t *)p, &old,
                                              (uint16_t)v1, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        break;
    }
    case 2: {
        uint32_t old = (uint32_t)c->exclusive_val;
        status = !__atomic_compare_exchange_n((uint32_t *)p, &old,
                                              (uint32_t)v1, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        break;
    }
    case 3: {
        uint64_t old = c->exclusive_val;
        uint64_t nv = pair ? (uint32_t)v1 | v2 << 32 : v1;
        status = !__atomic_compare_exchange_n((uint64_t *)p, &old, nv,
                                              false, __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        v1 = nv;
        break;
    }
    default: {
        uint64_t *q = p;
        if (__atomic_load_n(&q[0], __ATOMIC_SEQ_CST) == c->exclusive_val &&
            __atomic_load_n(&q[1], __ATOMIC_SEQ_CST) == c->exclusive_high) {
            __atomic_store_n(&q[0], v1, __ATOMIC_SEQ_CST);
            __atomic_store_n(&q[1], v2, __ATOMIC_SEQ_CST);
            status = 0;
        }
        break;
    }
    }
    if (status == 0) {
        /* One store of every byte (v1 holds the value of up to 8). */
        cpu_note_access(cpu, addr, (unsigned)total, true,
                        total < 3 ? v1 & ((1ull << (len * 8)) - 1) : v1,
                        total == 4 ? v2 : 0);
    }
out:
    c->exclusive_addr = ~0ull;
    return status;
}

/* SIGBUS unless addr is aligned to 1 << log2 bytes: exclusives and
 * acquire/release accesses must be aligned. */
static void gen_check_align(DisasContext *s, TCGv addr, int log2)
{
    if (log2 == 0) {
        return;
    }
    TCGLabel *ok = gen_new_label();
    tcg_gen_brcondi(TCG_COND_TSTEQ, addr, (1u << log2) - 1, ok);
    tcg_gen_movi(cpu_pc, s->pc);
    tcg_gen_call1(helper_a64_align_fault, 0, NULL, addr);
    gen_set_label(ok);
}

static bool trans_LDST_excl(DisasContext *s, const A64Fields *a)
{
    int size = F(s), o2 = F(a), L = F(L), o1 = F(b), o0 = F(c);
    int rs = F(r), rt2 = F(u), rn = F(n), rt = F(t);
    TCGv addr = cpu_X[rn];

    if (o2) {
        /* o1: CAS (LSE, not implemented); !o0: LDLAR/STLLR (LOR). */
        if (o1 || !o0) {
            return false;
        }
        gen_check_align(s, addr, size);
        gen_gpr_access(s, rt, addr, (MemOp)size, L, false);
        return true;
    }
    bool pair = o1;
    if (pair && size < 2) {
        return false;           /* CASP */
    }
    int total = pair ? size + 1 : size;
    if (L) {
        TCGv v = tcg_temp_new();
        gen_check_align(s, addr, total);
        if (pair && size == 3) {
            TCGv hi = tcg_temp_new();
            gen_ld128(s, v, hi, addr);
            tcg_gen_st64(hi, A64_OFF(exclusive_high));
            tcg_gen_st64(v, A64_OFF(exclusive_val));
            tcg_gen_st64(addr, A64_OFF(exclusive_addr));
            if (rt2 != 31) {
                tcg_gen_mov(cpu_X[rt2], hi);
            }
            if (rt != 31) {
                tcg_gen_mov(cpu_X[rt], v);
            }
        } else {
            gen_ld(s, v, addr, (MemOp)total);
            tcg_gen_st64(v, A64_OFF(exclusive_val));
            tcg_gen_st64(addr, A64_OFF(exclusive_addr));
            if (pair) {
                if (rt2 != 31) {
                    tcg_gen_shri(cpu_X[rt2], v, 32);
                }
                if (rt != 31) {
                    tcg_gen_ext32u(cpu_X[rt], v);
                }
            } else if (rt != 31) {
                tcg_gen_mov(cpu_X[rt], v);
            }
        }
        return true;
    }
    /* Store exclusive: the helper compares and stores, and answers the
     * status (0 stored, 1 failed). */
    TCGv status = tcg_temp_new();
    tcg_gen_call4(helper_a64_store_excl, 0, status, addr, store_src(rt),
                  pair ? store_src(rt2) : tcg_constant(0),
                  tcg_constant((uint64_t)(size | pair << 2)));
    gen_helper_accessed(s, false, true);
    if (rs != 31) {
        tcg_gen_mov(cpu_X[rs], status);
    }
    return true;
}

static bool trans_LDAPR(DisasContext *s, const A64Fields *a)
{
    int size = F(s);
    gen_check_align(s, cpu_X[F(n)], size);
    gen_gpr_access(s, F(t), cpu_X[F(n)], (MemOp)size, true, false);
    return true;
}

/* ---- AdvSIMD structures -------------------------------------------------- */

/* The base after a post-indexed structure access: + Rm, or + the bytes
 * transferred when Rm is 31. */
static void simd_writeback(int rn, int rm, int bytes)
{
    if (rm == 31) {
        tcg_gen_addi(cpu_X[rn], cpu_X[rn], (uint64_t)bytes);
    } else {
        tcg_gen_add(cpu_X[rn], cpu_X[rn], cpu_X[rm]);
    }
}

static void gen_ld_env(TCGv t, int off, int size)
{
    switch (size) {
    case 0:
        tcg_gen_ld8u(t, off);
        break;
    case 1:
        tcg_gen_ld16u(t, off);
        break;
    case 2:
        tcg_gen_ld32u(t, off);
        break;
    default:
        tcg_gen_ld64(t, off);
        break;
    }
}

static void gen_st_env(TCGv t, int off, int size)
{
    switch (size) {
    case 0:
        tcg_gen_st8(t, off);
        break;
    case 1:
        tcg_gen_st16(t, off);
        break;
    case 2:
        tcg_gen_st32(t, off);
        break;
    default:
        tcg_gen_st64(t, off);
        break;
    }
}

static bool trans_SIMD_ldst_mult(DisasContext *s, const A64Fields *a)
{
    int q = F(q), L = F(L), post = F(p), rm = F(m), opcode = F(o);
    int size = F(s), rn = F(n), rt = F(t);
    int rpt, selem;

    if (!post && rm != 0) {
        return false;
    }
    switch (opcode) {
    case 0x0: rpt = 1; selem = 4; break;    /* LD4/ST4 */
    case 0x2: rpt = 4; selem = 1; break;    /* LD1/ST1, 4 registers */
    case 0x4: rpt = 1; selem = 3; break;    /* LD3/ST3 */
    case 0x6: rpt = 3; selem = 1; break;    /* LD1/ST1, 3 registers */
    case 0x7: rpt = 1; selem = 1; break;    /* LD1/ST1, 1 register */
    case 0x8: rpt = 1; selem = 2; break;    /* LD2/ST2 */
    case 0xa: rpt = 2; selem = 1; break;    /* LD1/ST1, 2 registers */
    default:
        return false;
    }
    if (size == 3 && !q && selem > 1) {
        return false;
    }
    int regbytes = q ? 16 : 8;
    int total = rpt * selem * regbytes;
    TCGv base = cpu_X[rn];

    if (selem == 1) {
        /* Whole registers, in order: element size does not matter on a
         * little-endian guest. */
        int n = rpt * (q ? 2 : 1);
        TCGv v[8];
        for (int i = 0; i < n; i++) {
            TCGv addr = addr_plus(base, i * 8);
            int r = (rt + i / (q ? 2 : 1)) % 32;
            int off = (q && (i & 1)) ? vreg_hi_off(r) : vreg_off(r);
            v[i] = tcg_temp_new();
            if (L) {
                gen_ld(s, v[i], addr, MO_UQ);
            } else {
                tcg_gen_ld64(v[i], off);
                gen_st(s, v[i], addr, MO_UQ);
            }
        }
        if (L) {
            /* Registers are written after every access succeeded. */
            for (int i = 0; i < n; i++) {
                int r = (rt + i / (q ? 2 : 1)) % 32;
                int off = (q && (i & 1)) ? vreg_hi_off(r) : vreg_off(r);
                tcg_gen_st64(v[i], off);
                if (!q) {
                    clear_vec_high(r);
                }
            }
        }
    } else {
        /* Interleaved elements: element e of register k is at
         * (e * selem + k) << size. */
        int ebytes = 1 << size;
        int elems = regbytes / ebytes;
        TCGv t = tcg_temp_new();
        for (int e = 0; e < elems; e++) {
            for (int k = 0; k < selem; k++) {
                int r = (rt + k) % 32;
                TCGv addr = addr_plus(base, (e * selem + k) * ebytes);
                if (L) {
                    gen_ld(s, t, addr, (MemOp)size);
                    gen_st_env(t, vreg_elem_off(r, e, size), size);
                } else {
                    gen_ld_env(t, vreg_elem_off(r, e, size), size);
                    gen_st(s, t, addr, (MemOp)size);
                }
            }
        }
        if (L && !q) {
            for (int k = 0; k < selem; k++) {
                clear_vec_high((rt + k) % 32);
            }
        }
    }
    if (post) {
        simd_writeback(rn, rm, total);
    }
    return true;
}

static bool trans_SIMD_ldst_single(DisasContext *s, const A64Fields *a)
{
    int q = F(q), L = F(L), post = F(p), rm = F(m), opcode = F(o);
    int S = F(S), size = F(s), R = F(R), rn = F(n), rt = F(t);
    int scale = opcode >> 1;
    int selem = ((opcode & 1) << 1 | R) + 1;
    int index = 0;
    bool replicate = false;

    if (!post && rm != 0) {
        return false;
    }
    switch (scale) {
    case 3:
        if (!L || S) {
            return false;
        }
        scale = size;
        replicate = true;
        break;
    case 0:
        index = q << 3 | S << 2 | size;
        break;
    case 1:
        if (size & 1) {
            return false;
        }
        index = q << 2 | S << 1 | size >> 1;
        break;
    default:
        if (size & 2) {
            return false;
        }
        if (size & 1) {
            if (S) {
                return false;
            }
            index = q;
            scale = 3;
        } else {
            index = q << 1 | S;
        }
        break;
    }

    int ebytes = 1 << scale;
    TCGv base = cpu_X[rn];
    TCGv t = tcg_temp_new();
    for (int k = 0; k < selem; k++) {
        int r = (rt + k) % 32;
        TCGv addr = addr_plus(base, k * ebytes);
        if (replicate) {
            gen_ld(s, t, addr, (MemOp)scale);
            if (scale < 3) {
                static const uint64_t rep[3] = {
                    0x0101010101010101ull, 0x0001000100010001ull,
                    0x0000000100000001ull,
                };
                tcg_gen_muli(t, t, rep[scale]);
            }
            tcg_gen_st64(t, vreg_off(r));
            if (q) {
                tcg_gen_st64(t, vreg_hi_off(r));
            } else {
                clear_vec_high(r);
            }
        } else if (L) {
            gen_ld(s, t, addr, (MemOp)scale);
            gen_st_env(t, vreg_elem_off(r, index, scale), scale);
        } else {
            gen_ld_env(t, vreg_elem_off(r, index, scale), scale);
            gen_st(s, t, addr, (MemOp)scale);
        }
    }
    if (post) {
        simd_writeback(rn, rm, selem * ebytes);
    }
    return true;
}
