/* The AArch64 translator's frame: IR globals, the per-instruction loop,
 * and the builders shared by the encoding classes (registers, flags,
 * conditions, block exits, exceptions, memory). */
#include "target/aarch64/translate.h"
#include "src/guest-mem.h"
#include "src/target.h"
#include "gdbstub/gdbstub.h"

TCGv cpu_X[32], cpu_pc, cpu_NF, cpu_ZF, cpu_CF, cpu_VF;

static const char *const xnames[32] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20",
    "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30",
    "sp",
};

void a64_tcg_init(TCGContext *s)
{
    for (int i = 0; i < 32; i++) {
        cpu_X[i] = tcg_global_new(s, A64_OFF(xregs[i]), xnames[i]);
    }
    cpu_pc = tcg_global_new(s, A64_OFF(pc), "pc");
    cpu_NF = tcg_global_new(s, A64_OFF(NF), "NF");
    cpu_ZF = tcg_global_new(s, A64_OFF(ZF), "ZF");
    cpu_CF = tcg_global_new(s, A64_OFF(CF), "CF");
    cpu_VF = tcg_global_new(s, A64_OFF(VF), "VF");
    s->pc_offset = A64_OFF(pc);
}

/* ---- Registers --------------------------------------------------------- */

TCGv cpu_reg(DisasContext *s, int r)
{
    return r == 31 ? tcg_const(0) : cpu_X[r];
}

TCGv read_cpu_reg(DisasContext *s, int r, bool sf)
{
    TCGv v = tcg_temp_new();
    if (r == 31) {
        tcg_gen_movi(v, 0);
    } else if (sf) {
        tcg_gen_mov(v, cpu_X[r]);
    } else {
        tcg_gen_ext32u(v, cpu_X[r]);
    }
    return v;
}

TCGv read_cpu_reg_sp(DisasContext *s, int r, bool sf)
{
    TCGv v = tcg_temp_new();
    if (sf) {
        tcg_gen_mov(v, cpu_X[r]);
    } else {
        tcg_gen_ext32u(v, cpu_X[r]);
    }
    return v;
}

void write_reg(DisasContext *s, int r, TCGv v, bool sf)
{
    if (r == 31) {
        return;
    }
    if (sf) {
        tcg_gen_mov(cpu_X[r], v);
    } else {
        tcg_gen_ext32u(cpu_X[r], v);
    }
}

void write_reg_sp(DisasContext *s, int r, TCGv v, bool sf)
{
    if (sf) {
        tcg_gen_mov(cpu_X[r], v);
    } else {
        tcg_gen_ext32u(cpu_X[r], v);
    }
}

void clear_vec_high(int n)
{
    tcg_gen_st64(tcg_constant(0), vreg_hi_off(n));
}

/* ---- Flags ------------------------------------------------------------- */

void gen_logic_cc(bool sf, TCGv v)
{
    if (sf) {
        tcg_gen_mov(cpu_NF, v);
        tcg_gen_mov(cpu_ZF, v);
    } else {
        tcg_gen_ext32s(cpu_NF, v);
        tcg_gen_ext32u(cpu_ZF, v);
    }
    tcg_gen_movi(cpu_CF, 0);
    tcg_gen_movi(cpu_VF, 0);
}

void gen_add_cc(bool sf, TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op_cc(sf ? INDEX_op_add_cc : INDEX_op_add32_cc, d, cpu_NF,
                  cpu_ZF, cpu_CF, cpu_VF, a, b);
}

void gen_sub_cc(bool sf, TCGv d, TCGv a, TCGv b)
{
    tcg_gen_op_cc(sf ? INDEX_op_sub_cc : INDEX_op_sub32_cc, d, cpu_NF,
                  cpu_ZF, cpu_CF, cpu_VF, a, b);
}

void gen_adc(bool sf, TCGv d, TCGv a, TCGv b)
{
    TCGv t = tcg_temp_new();
    tcg_gen_add(t, a, b);
    if (sf) {
        tcg_gen_add(d, t, cpu_CF);
    } else {
        tcg_gen_add32(d, t, cpu_CF);
    }
}

void gen_adc_cc(bool sf, TCGv d, TCGv a, TCGv b)
{
    TCGv res = tcg_temp_new(), t = tcg_temp_new();
    if (sf) {
        TCGv c1 = tcg_temp_new();
        tcg_gen_add(t, a, cpu_CF);
        tcg_gen_setcond(TCG_COND_LTU, c1, t, a);
        tcg_gen_add(res, t, b);
        tcg_gen_setcond(TCG_COND_LTU, t, res, t);
        tcg_gen_or(cpu_CF, c1, t);
        tcg_gen_xor(t, a, b);
        tcg_gen_xor(cpu_VF, res, a);
        tcg_gen_andc(cpu_VF, cpu_VF, t);
        tcg_gen_mov(cpu_NF, res);
        tcg_gen_mov(cpu_ZF, res);
        tcg_gen_mov(d, res);
    } else {
        TCGv a32 = tcg_temp_new(), b32 = tcg_temp_new();
        tcg_gen_ext32u(a32, a);
        tcg_gen_ext32u(b32, b);
        tcg_gen_add(res, a32, b32);
        tcg_gen_add(res, res, cpu_CF);
        tcg_gen_shri(cpu_CF, res, 32);
        tcg_gen_xor(t, a32, b32);
        tcg_gen_xor(cpu_VF, res, a32);
        tcg_gen_andc(cpu_VF, cpu_VF, t);
        tcg_gen_ext32s(cpu_VF, cpu_VF);
        tcg_gen_ext32s(cpu_NF, res);
        tcg_gen_ext32u(cpu_ZF, res);
        tcg_gen_mov(d, cpu_ZF);
    }
}

/* ---- Conditions -------------------------------------------------------- */

void a64_test_cc(DisasCompare *c, int cc)
{
    TCGv t;
    switch (cc >> 1) {
    case 0: /* EQ / NE */
        c->cond = TCG_COND_EQ;
        c->value = cpu_ZF;
        break;
    case 1: /* CS / CC */
        c->cond = TCG_COND_NE;
        c->value = cpu_CF;
        break;
    case 2: /* MI / PL */
        c->cond = TCG_COND_LT;
        c->value = cpu_NF;
        break;
    case 3: /* VS / VC */
        c->cond = TCG_COND_LT;
        c->value = cpu_VF;
        break;
    case 4: /* HI: C && !Z / LS */
        t = tcg_temp_new();
        tcg_gen_neg(t, cpu_CF);
        tcg_gen_and(t, t, cpu_ZF);
        c->cond = TCG_COND_NE;
        c->value = t;
        break;
    case 5: /* GE: N == V / LT */
        t = tcg_temp_new();
        tcg_gen_xor(t, cpu_NF, cpu_VF);
        c->cond = TCG_COND_GE;
        c->value = t;
        break;
    case 6: /* GT: !Z && N == V / LE */
        t = tcg_temp_new();
        tcg_gen_xor(t, cpu_NF, cpu_VF);
        tcg_gen_sari(t, t, 63);
        tcg_gen_andc(t, cpu_ZF, t);
        c->cond = TCG_COND_NE;
        c->value = t;
        break;
    default: /* AL, NV */
        c->cond = TCG_COND_ALWAYS;
        c->value = cpu_ZF;
        return;
    }
    if (cc & 1) {
        c->cond = tcg_invert_cond(c->cond);
    }
}

void a64_brcond_cc(int cc, TCGLabel *l)
{
    DisasCompare c;
    a64_test_cc(&c, cc);
    tcg_gen_brcondi(c.cond, c.value, 0, l);
}

/* ---- Block exits and exceptions --------------------------------------- */

static void gen_exit_to(DisasContext *s, uint64_t dest)
{
    int n = s->next_exit++;
    g_assert(n < TB_MAX_EXITS);
    tcg_gen_goto_tb(n);
    tcg_gen_movi(cpu_pc, dest);
    tcg_gen_exit_tb(s->tb, n);
}

void gen_goto_tb(DisasContext *s, uint64_t dest)
{
    gen_exit_to(s, dest);
    s->is_jmp = DISAS_NORETURN;
}

bool gen_can_side_exit(const DisasContext *s)
{
    /* Two slots stay for a conditional branch that ends the block. */
    return !(s->tb->flags & (TB_FLAG_BRANCH_ENDS | TB_FLAG_SINGLESTEP)) &&
           s->next_exit + 3 <= TB_MAX_EXITS;
}

void gen_side_exit(DisasContext *s, uint64_t dest)
{
    gen_exit_to(s, dest);
}

void gen_jump_reg(DisasContext *s, TCGv v)
{
    tcg_gen_mov(cpu_pc, v);
    s->is_jmp = DISAS_JUMP;
}

static uint64_t helper_exception(CPUState *cpu, uint64_t excp)
{
    cpu_loop_exit(cpu, (int)excp);
}

void gen_exception_insn(DisasContext *s, uint64_t pc, int excp)
{
    tcg_gen_movi(cpu_pc, pc);
    tcg_gen_call1(helper_exception, 0, NULL, tcg_constant(excp));
    s->is_jmp = DISAS_NORETURN;
}

bool unallocated_encoding(DisasContext *s)
{
    emu_log_unimp_once(s->insn, "unallocated or unimplemented instruction "
                       "0x%08x at pc 0x%" PRIx64, s->insn, s->pc);
    gen_exception_insn(s, s->pc, EXCP_UDEF);
    return true;
}

void gen_ld(DisasContext *s, TCGv val, TCGv addr, MemOp mop)
{
    tcg_gen_qemu_ld(val, addr, mop);
}

void gen_st(DisasContext *s, TCGv val, TCGv addr, MemOp mop)
{
    tcg_gen_qemu_st(val, addr, mop);
}

/* A 16-byte access: two 8-byte ones, low half first, marked so that
 * plugins see one access (MO_128_LO). */
void gen_ld128(DisasContext *s, TCGv lo, TCGv hi, TCGv addr)
{
    TCGv a8 = tcg_temp_new();
    tcg_gen_addi(a8, addr, 8);
    gen_ld(s, lo, addr, (MemOp)(MO_UQ | MO_128_LO));
    gen_ld(s, hi, a8, (MemOp)(MO_UQ | MO_128_HI));
}

void gen_st128(DisasContext *s, TCGv lo, TCGv hi, TCGv addr)
{
    TCGv a8 = tcg_temp_new();
    tcg_gen_addi(a8, addr, 8);
    gen_st(s, lo, addr, (MemOp)(MO_UQ | MO_128_LO));
    gen_st(s, hi, a8, (MemOp)(MO_UQ | MO_128_HI));
}

void gen_helper_accessed(DisasContext *s, bool load, bool store)
{
    tcg_gen_op1c(INDEX_op_plugin_mem_helper, (load ? 1 : 0) | (store ? 2 : 0));
}

/* ---- The block ---------------------------------------------------------- */

/* Stop a block well before the interpreter's slot or op limits. */
#define TB_MAX_OPS 3000
#define TB_MAX_TEMPS 6000

void a64_translate(CPUState *cpu, TCGContext *tcg, TranslationBlock *tb,
                   int max_insns)
{
    DisasContext s = {
        .cpu = cpu,
        .tb = tb,
        .pc = tb->pc,
        .is_jmp = DISAS_NEXT,
    };
    int n = 0;
    uint64_t page = tb->pc & GUEST_PAGE_MASK;

    for (;;) {
        uint32_t insn;
        /* A gdb breakpoint stops before the instruction: it starts a
         * block of its own that only raises EXCP_DEBUG (no insn_start,
         * so plugins see nothing run). */
        if (gdb_breakpoint_check(s.pc)) {
            if (n == 0) {
                gen_exception_insn(&s, s.pc, EXCP_DEBUG);
            } else {
                gen_goto_tb(&s, s.pc);
            }
            break;
        }
        memcpy(&insn, g2h(s.pc), 4);
        tcg_gen_insn_start(s.pc);
        s.insn = insn;
        s.pc_next = s.pc + 4;
        if (!a64_decode(&s, insn)) {
            unallocated_encoding(&s);
        }
        n++;
        s.pc = s.pc_next;
        if (s.is_jmp != DISAS_NEXT) {
            break;
        }
        /* One guest page per block: code is invalidated page by page, and
         * the next page may not be executable. */
        if (n >= max_insns || (s.pc & GUEST_PAGE_MASK) != page ||
            tcg->nb_ops > TB_MAX_OPS ||
            tcg->nb_temps > TB_MAX_TEMPS) {
            gen_goto_tb(&s, s.pc);
            break;
        }
    }
    switch (s.is_jmp) {
    case DISAS_JUMP:
        tcg_gen_lookup_and_goto_ptr();
        break;
    case DISAS_EXIT:
        tcg_gen_exit_tb(NULL, 0);
        break;
    default:
        break;
    }
    tb->size = (uint32_t)(s.pc - tb->pc);
}
