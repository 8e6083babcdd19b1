/* The A64 branches, exception-generating and system instructions: direct
 * branches chain blocks, indirect ones look the target up; SVC and BRK
 * leave for the loop; system registers as a Linux process sees them. */
#include "target/aarch64/helper.h"

#define INSN(name, pattern) \
    static bool trans_##name(DisasContext *s, const A64Fields *a);
#include "a64-branch.def"
#undef INSN

const A64Pattern a64_branch_table[] = {
#define INSN(name, pattern) { #name, pattern, trans_##name },
#include "a64-branch.def"
#undef INSN
    { NULL, NULL, NULL }
};

static TCGv rz(int r)
{
    return r == 31 ? tcg_constant(0) : cpu_X[r];
}

/* ---- Branches ---------------------------------------------------------- */

static bool trans_B(DisasContext *s, const A64Fields *a)
{
    gen_goto_tb(s, s->pc + a64_sext((uint64_t)F(i) << 2, 28));
    return true;
}

static bool trans_BL(DisasContext *s, const A64Fields *a)
{
    tcg_gen_movi(cpu_X[30], s->pc_next);
    gen_goto_tb(s, s->pc + a64_sext((uint64_t)F(i) << 2, 28));
    return true;
}

/* The two ends of a conditional branch whose taken edge is label l.
 * Where it may, the block goes on with the next instruction and the
 * taken side leaves from the middle: a compare-and-branch to l just
 * emitted is inverted to skip over that exit (else an unconditional
 * branch does). Otherwise both ends leave the block. */
static void gen_branch_ends(DisasContext *s, TCGLabel *l, uint64_t dest)
{
    if (!gen_can_side_exit(s)) {
        gen_goto_tb(s, s->pc_next);
        gen_set_label(l);
        gen_goto_tb(s, dest);
        return;
    }
    TCGLabel *cont = gen_new_label();
    TCGOp *last = &tcg_ctx->ops[tcg_ctx->nb_ops - 1];
    if ((last->opc == INDEX_op_brcond || last->opc == INDEX_op_brcond32) &&
        (TCGLabel *)last->args[3] == l) {
        last->args[2] = tcg_invert_cond((TCGCond)last->args[2]);
        last->args[3] = (TCGArg)cont;
    } else {
        tcg_gen_br(cont);
    }
    gen_set_label(l);
    gen_side_exit(s, dest);
    gen_set_label(cont);
}

static bool do_cbz(DisasContext *s, const A64Fields *a, TCGCond cond)
{
    TCGLabel *l = gen_new_label();
    TCGv t = rz(F(t));

    if (F(s)) {
        tcg_gen_brcondi(cond, t, 0, l);
    } else {
        tcg_gen_brcond32(cond, t, tcg_constant(0), l);
    }
    gen_branch_ends(s, l, s->pc + a64_sext((uint64_t)F(i) << 2, 21));
    return true;
}

static bool trans_CBZ(DisasContext *s, const A64Fields *a)
{
    return do_cbz(s, a, TCG_COND_EQ);
}

static bool trans_CBNZ(DisasContext *s, const A64Fields *a)
{
    return do_cbz(s, a, TCG_COND_NE);
}

static bool do_tbz(DisasContext *s, const A64Fields *a, TCGCond cond)
{
    TCGLabel *l = gen_new_label();

    tcg_gen_brcondi(cond, rz(F(t)), 1ull << F(b), l);
    gen_branch_ends(s, l, s->pc + a64_sext((uint64_t)F(i) << 2, 16));
    return true;
}

static bool trans_TBZ(DisasContext *s, const A64Fields *a)
{
    return do_tbz(s, a, TCG_COND_TSTEQ);
}

static bool trans_TBNZ(DisasContext *s, const A64Fields *a)
{
    return do_tbz(s, a, TCG_COND_TSTNE);
}

/* HI, LS, GT and LE from the flags as two branches on N^V, C and Z,
 * cheaper than combining the flags into one value first. */
static bool gen_bcond_flags2(DisasContext *s, int cc, TCGLabel *taken)
{
    TCGLabel *fall = gen_new_label();
    TCGv t;

    switch (cc) {
    case 8:     /* HI: C && !Z */
        tcg_gen_brcondi(TCG_COND_EQ, cpu_CF, 0, fall);
        tcg_gen_brcondi(TCG_COND_NE, cpu_ZF, 0, taken);
        break;
    case 9:     /* LS: !C || Z */
        tcg_gen_brcondi(TCG_COND_EQ, cpu_CF, 0, taken);
        tcg_gen_brcondi(TCG_COND_EQ, cpu_ZF, 0, taken);
        break;
    case 12:    /* GT: !Z && N == V */
        t = tcg_temp_new();
        tcg_gen_xor(t, cpu_NF, cpu_VF);
        tcg_gen_brcondi(TCG_COND_LT, t, 0, fall);
        tcg_gen_brcondi(TCG_COND_NE, cpu_ZF, 0, taken);
        break;
    case 13:    /* LE: Z || N != V */
        t = tcg_temp_new();
        tcg_gen_xor(t, cpu_NF, cpu_VF);
        tcg_gen_brcondi(TCG_COND_LT, t, 0, taken);
        tcg_gen_brcondi(TCG_COND_EQ, cpu_ZF, 0, taken);
        break;
    default:
        return false;
    }
    gen_set_label(fall);
    return true;
}

static void gen_brcond_c(const A64Cond *c, TCGLabel *l)
{
    if (c->is32) {
        tcg_gen_brcond32(c->cond, c->a, c->b, l);
    } else {
        tcg_gen_brcond(c->cond, c->a, c->b, l);
    }
}

static bool trans_B_cond(DisasContext *s, const A64Fields *a)
{
    uint64_t dest = s->pc + a64_sext((uint64_t)F(i) << 2, 21);
    int cc = F(c);
    TCGLabel *l;
    A64Cond c;

    if ((cc >> 1) == 7) {                 /* AL, NV */
        gen_goto_tb(s, dest);
        return true;
    }
    l = gen_new_label();
    if (a64_gen_cond_fused(s, cc, &c)) {
        gen_brcond_c(&c, l);
    } else if (!gen_bcond_flags2(s, cc, l)) {
        a64_gen_cond(s, cc, &c);
        gen_brcond_c(&c, l);
    }
    gen_branch_ends(s, l, dest);
    return true;
}

static bool trans_BR(DisasContext *s, const A64Fields *a)
{
    gen_jump_reg(s, rz(F(n)));
    return true;
}

static bool trans_BLR(DisasContext *s, const A64Fields *a)
{
    /* The target is read before the link is written: BLR X30 works. */
    gen_jump_reg(s, rz(F(n)));
    tcg_gen_movi(cpu_X[30], s->pc_next);
    return true;
}

static bool trans_RET(DisasContext *s, const A64Fields *a)
{
    gen_jump_reg(s, rz(F(n)));
    return true;
}

/* ---- Exceptions -------------------------------------------------------- */

static bool trans_SVC(DisasContext *s, const A64Fields *a)
{
    /* The syscall returns to the next instruction. */
    gen_exception_insn(s, s->pc_next, EXCP_SYSCALL);
    return true;
}

static bool trans_BRK(DisasContext *s, const A64Fields *a)
{
    gen_exception_insn(s, s->pc, EXCP_HLT);
    return true;
}

/* ---- Hints and barriers ------------------------------------------------ */

/* One thread and no pointer authentication: every hint is a NOP. */
static bool trans_HINT(DisasContext *s, const A64Fields *a)
{
    return true;
}

static bool trans_CLREX(DisasContext *s, const A64Fields *a)
{
    tcg_gen_st64(tcg_constant(~0ull), A64_OFF(exclusive_addr));
    return true;
}

/* Memory is sequentially consistent for one interpreting thread. */
static bool trans_DSB(DisasContext *s, const A64Fields *a)
{
    return true;
}

static bool trans_DMB(DisasContext *s, const A64Fields *a)
{
    return true;
}

static bool trans_SB(DisasContext *s, const A64Fields *a)
{
    return true;
}

/* ISB ends the block, so code written before it is looked up afresh. */
static bool trans_ISB(DisasContext *s, const A64Fields *a)
{
    gen_goto_tb(s, s->pc_next);
    return true;
}

/* ---- System registers and instructions --------------------------------- */

#define SYSREG(op0, op1, crn, crm, op2) \
    ((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

enum {
    SR_NZCV = SYSREG(3, 3, 4, 2, 0),
    SR_FPCR = SYSREG(3, 3, 4, 4, 0),
    SR_FPSR = SYSREG(3, 3, 4, 4, 1),
    SR_TPIDR_EL0 = SYSREG(3, 3, 13, 0, 2),
    SR_TPIDRRO_EL0 = SYSREG(3, 3, 13, 0, 3),
    SR_CTR_EL0 = SYSREG(3, 3, 0, 0, 1),
    SR_DCZID_EL0 = SYSREG(3, 3, 0, 0, 7),
    SR_CNTFRQ_EL0 = SYSREG(3, 3, 14, 0, 0),
    SR_CNTVCT_EL0 = SYSREG(3, 3, 14, 0, 2),
    SR_MIDR_EL1 = SYSREG(3, 0, 0, 0, 0),
    SR_MPIDR_EL1 = SYSREG(3, 0, 0, 0, 5),
    SR_REVIDR_EL1 = SYSREG(3, 0, 0, 0, 6),
    SR_ID_AA64PFR0_EL1 = SYSREG(3, 0, 0, 4, 0),
    SR_ID_AA64DFR0_EL1 = SYSREG(3, 0, 0, 5, 0),
    SR_ID_AA64ISAR0_EL1 = SYSREG(3, 0, 0, 6, 0),
    SR_ID_AA64MMFR0_EL1 = SYSREG(3, 0, 0, 7, 0),
    /* DC and IC by address, usable at EL0 (SCTLR_EL1.UCI, DZE set). */
    SR_DC_ZVA = SYSREG(1, 3, 7, 4, 1),
    SR_IC_IVAU = SYSREG(1, 3, 7, 5, 1),
    SR_DC_CVAC = SYSREG(1, 3, 7, 10, 1),
    SR_DC_CVAU = SYSREG(1, 3, 7, 11, 1),
    SR_DC_CVAP = SYSREG(1, 3, 7, 12, 1),
    SR_DC_CIVAC = SYSREG(1, 3, 7, 14, 1),
};

/* Writable bits: FPCR's AHP, DN, FZ, RMode, Stride and Len (no FZ16 on
 * an ARMv8.0 CPU), FPSR's NZCV, QC, IDC and the cumulative flags. The
 * same values qemu-aarch64 -cpu cortex-a53 keeps. */
#define FPCR_MASK 0x07f70000u
#define FPSR_MASK 0xf800009fu

/* Reads of the ID registers (op0 3, op1 0, CRn 0) as Linux emulates them
 * for EL0 (HWCAP_CPUID): MIDR, MPIDR and REVIDR in CRm 0 (the rest of
 * CRm 0 traps), in CRm 1..7 the sanitised feature registers, 0 for
 * those it hides or does not know. false when the access traps. */
static bool id_reg_value(unsigned key, uint64_t *v)
{
    unsigned crm = (key >> 3) & 15;

    if ((key & ~(unsigned)SYSREG(0, 0, 0, 15, 7)) != SYSREG(3, 0, 0, 0, 0)) {
        return false;
    }
    switch (key) {
    case SR_MIDR_EL1:
        *v = A64_MIDR;
        return true;
    case SR_MPIDR_EL1:
        *v = 0x80000000ull;             /* Linux's SYS_MPIDR_SAFE_VAL */
        return true;
    case SR_REVIDR_EL1:
        *v = 0;
        return true;
    case SR_ID_AA64PFR0_EL1:
        *v = 0x11;                      /* EL0, EL1 AArch64; FP, AdvSIMD */
        return true;
    case SR_ID_AA64DFR0_EL1:
        *v = 0x6;                       /* DebugVer: the safe v8.0 value */
        return true;
    case SR_ID_AA64ISAR0_EL1:
        *v = 0x10000;                   /* CRC32 only, as in AT_HWCAP */
        return true;
    case SR_ID_AA64MMFR0_EL1:
        *v = 0xff000000ull;             /* the hidden TGran fields' value */
        return true;
    default:
        if (crm >= 1 && crm <= 7) {
            *v = 0;
            return true;
        }
        return false;
    }
}

static unsigned sysreg_key(const A64Fields *a, unsigned op0)
{
    return SYSREG(op0, F(p), F(n), F(m), F(o));
}

static bool trans_MRS(DisasContext *s, const A64Fields *a)
{
    unsigned key = sysreg_key(a, 2 + F(q));
    int rt = F(t);
    /* MRS to XZR still traps on a bad register; the value goes nowhere. */
    TCGv d = rt == 31 ? tcg_temp_new() : cpu_X[rt];
    uint64_t v;

    switch (key) {
    case SR_NZCV:
        tcg_gen_call0(helper_get_nzcv, TCG_CALL_NO_WG, d);
        break;
    case SR_FPCR:
        tcg_gen_ld32u(d, A64_OFF(fpcr));
        break;
    case SR_FPSR:
        tcg_gen_ld32u(d, A64_OFF(fpsr));
        break;
    case SR_TPIDR_EL0:
        tcg_gen_ld64(d, A64_OFF(tpidr_el0));
        break;
    case SR_TPIDRRO_EL0:
        tcg_gen_ld64(d, A64_OFF(tpidrro_el0));
        break;
    case SR_CTR_EL0:
        tcg_gen_movi(d, A64_CTR);
        break;
    case SR_DCZID_EL0:
        tcg_gen_movi(d, A64_DCZID);
        break;
    case SR_CNTFRQ_EL0:
        tcg_gen_movi(d, A64_CNTFRQ);
        break;
    case SR_CNTVCT_EL0:
        tcg_gen_call0(helper_cntvct, TCG_CALL_NO_RWG, d);
        break;
    default:
        if (!id_reg_value(key, &v)) {
            return unallocated_encoding(s);
        }
        tcg_gen_movi(d, v);
        break;
    }
    return true;
}

static bool trans_MSR_reg(DisasContext *s, const A64Fields *a)
{
    unsigned key = sysreg_key(a, 2 + F(q));
    TCGv v = rz(F(t)), t;

    switch (key) {
    case SR_NZCV:
        tcg_gen_call1(helper_set_nzcv, 0, NULL, v);
        break;
    case SR_FPCR:
    case SR_FPSR:
        t = tcg_temp_new();
        tcg_gen_andi(t, v, key == SR_FPCR ? FPCR_MASK : FPSR_MASK);
        tcg_gen_st32(t, key == SR_FPCR ? A64_OFF(fpcr) : A64_OFF(fpsr));
        break;
    case SR_TPIDR_EL0:
        tcg_gen_st64(v, A64_OFF(tpidr_el0));
        break;
    default:
        /* TPIDRRO_EL0, the ID registers, DAIF...: not writable at EL0. */
        return unallocated_encoding(s);
    }
    return true;
}

static bool trans_SYS(DisasContext *s, const A64Fields *a)
{
    switch (sysreg_key(a, 1)) {
    case SR_DC_ZVA:
        tcg_gen_call1(helper_dc_zva, TCG_CALL_NO_WG, NULL, rz(F(t)));
        gen_helper_accessed(s, false, true);
        return true;
    case SR_IC_IVAU:
    case SR_DC_CVAC:
    case SR_DC_CVAU:
    case SR_DC_CVAP:
    case SR_DC_CIVAC:
        /* Caches are coherent here, and code writes are caught when
         * they happen, not at the IC IVAU. */
        return true;
    default:
        return unallocated_encoding(s);
    }
}
