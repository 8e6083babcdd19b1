/* The x86-64 code generator against the interpreter: each block of
 * hand-built IR runs under both from the same state, and every register,
 * the return value and guest memory must agree (edge values for the
 * arithmetic and flag ops), guest faults report the same pc, helpers get
 * their arguments, and blocks chain. */
#include <check.h>
#include <stdlib.h>
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "tcg/jit.h"
#include "src/guest-mem.h"
#include "src/target.h"
#include "src/host-signal.h"

#if TCG_JIT_AVAILABLE

#define NREGS 96

typedef struct TestCPU {
    CPUState parent;
    uint64_t r[NREGS];
    uint64_t pc;
} TestCPU;

static TestCPU *cpu, *cpu_i, *cpu_j;
static TCGContext ctx;
static TCGv g[NREGS];
static TranslationBlock tb;

static const uint64_t edge[] = {
    0, 1, 2, 31, 32, 63, 64, 0x7f, 0x80, 0xffff, 0x7fffffff, 0x80000000,
    0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    0x123456789abcdef0ull, 0x8000000080000001ull,
};

static uint64_t test_get_pc(CPUState *c)
{
    return ((TestCPU *)c)->pc;
}

static void test_set_pc(CPUState *c, uint64_t pc)
{
    ((TestCPU *)c)->pc = pc;
}

static const Target test_target = {
    .get_pc = test_get_pc,
    .set_pc = test_set_pc,
};

static TestCPU *new_cpu(void)
{
    TestCPU *c = g_aligned_alloc0(1, sizeof(TestCPU), 64);
    c->parent.target = &test_target;
    return c;
}

static void setup(void)
{
    static bool once;
    if (!once) {
        static char names[NREGS][8];
        tcg_context_init(&ctx);
        for (int i = 0; i < NREGS; i++) {
            snprintf(names[i], sizeof(names[i]), "r%d", i);
            g[i] = tcg_global_new(&ctx, (int)offsetof(TestCPU, r[i]),
                                  names[i]);
        }
        ctx.pc_offset = (int)offsetof(TestCPU, pc);
        guest_mem_init();
        host_signal_init();
        once = true;
    }
    ctx.watch_mem = false;
    cpu = new_cpu();
    cpu_i = new_cpu();
    cpu_j = new_cpu();
    memset(&tb, 0, sizeof(tb));
    tcg_func_start(&ctx, &tb);
}

static void free_code(TranslationBlock *t)
{
    g_free(t->code);
    g_free(t->insn_code_index);
    g_free(t->insn_pc);
    t->code = NULL;
    t->insn_code_index = NULL;
    t->insn_pc = NULL;
    t->jit_code = NULL;
}

static void teardown(void)
{
    g_aligned_free(cpu);
    g_aligned_free(cpu_i);
    g_aligned_free(cpu_j);
    free_code(&tb);
}

/* Translate what was built (plus an exit), run it both ways from *cpu. */
static void run_both(void)
{
    tcg_gen_exit_tb(NULL, 0);
    ck_assert(tcg_gen_code(&ctx, &tb));
    ck_assert_msg(tcg_jit_gen(NULL, &tb), "block not translated");
    memcpy(cpu_i->r, cpu->r, sizeof(cpu->r));
    memcpy(cpu_j->r, cpu->r, sizeof(cpu->r));
    uintptr_t ri = tcg_interp_exec(&cpu_i->parent, &tb);
    uintptr_t rj = tcg_jit_exec(&cpu_j->parent, &tb);
    ck_assert_uint_eq(ri, rj);
    for (int i = 0; i < NREGS; i++) {
        ck_assert_msg(cpu_i->r[i] == cpu_j->r[i],
                      "r%d: interp %#" PRIx64 " jit %#" PRIx64, i,
                      cpu_i->r[i], cpu_j->r[i]);
    }
    ck_assert_ptr_eq(cpu_j->parent.cur_ip, NULL);
    free_code(&tb);
    tcg_func_start(&ctx, &tb);
}

typedef void (*BinGen)(TCGv, TCGv, TCGv);
typedef void (*BinGenI)(TCGv, TCGv, uint64_t);

static const BinGen bin_r[] = {
    tcg_gen_add, tcg_gen_sub, tcg_gen_mul, tcg_gen_muluh, tcg_gen_mulsh,
    tcg_gen_and, tcg_gen_or, tcg_gen_xor, tcg_gen_andc, tcg_gen_orc,
    tcg_gen_eqv, tcg_gen_shl, tcg_gen_shr, tcg_gen_sar, tcg_gen_rotr,
    tcg_gen_add32, tcg_gen_sub32, tcg_gen_mul32, tcg_gen_shl32,
    tcg_gen_shr32, tcg_gen_sar32, tcg_gen_rotr32, tcg_gen_and32,
    tcg_gen_or32, tcg_gen_xor32, tcg_gen_andc32, tcg_gen_orc32,
    tcg_gen_eqv32,
};

static const BinGenI bin_i[] = {
    tcg_gen_addi, tcg_gen_subi, tcg_gen_muli, tcg_gen_andi, tcg_gen_ori,
    tcg_gen_xori, tcg_gen_andci, tcg_gen_orci, tcg_gen_eqvi, tcg_gen_shli,
    tcg_gen_shri, tcg_gen_sari, tcg_gen_rotri, tcg_gen_add32i,
    tcg_gen_sub32i, tcg_gen_mul32i, tcg_gen_shl32i, tcg_gen_shr32i,
    tcg_gen_sar32i, tcg_gen_rotr32i, tcg_gen_and32i, tcg_gen_or32i,
    tcg_gen_xor32i, tcg_gen_andc32i, tcg_gen_orc32i, tcg_gen_eqv32i,
};

START_TEST(test_binary)
{
    G_STATIC_ASSERT(G_N_ELEMENTS(bin_r) + G_N_ELEMENTS(bin_i) + 2 <= NREGS);
    for (size_t x = 0; x < G_N_ELEMENTS(edge); x++) {
        for (size_t y = 0; y < G_N_ELEMENTS(edge); y++) {
            int d = 2;
            cpu->r[0] = edge[x];
            cpu->r[1] = edge[y];
            for (size_t k = 0; k < G_N_ELEMENTS(bin_r); k++) {
                bin_r[k](g[d++], g[0], g[1]);
            }
            for (size_t k = 0; k < G_N_ELEMENTS(bin_i); k++) {
                bin_i[k](g[d++], g[0], edge[y]);
            }
            run_both();
        }
    }
}
END_TEST

START_TEST(test_flags)
{
    static const TCGOpcode ops[] = { INDEX_op_add_cc, INDEX_op_sub_cc,
                                     INDEX_op_add32_cc, INDEX_op_sub32_cc };
    for (size_t x = 0; x < G_N_ELEMENTS(edge); x++) {
        for (size_t y = 0; y < G_N_ELEMENTS(edge); y++) {
            int d = 2;
            cpu->r[0] = edge[x];
            cpu->r[1] = edge[y];
            for (size_t k = 0; k < G_N_ELEMENTS(ops); k++) {
                for (int imm = 0; imm < 2; imm++) {
                    tcg_gen_op_cc(ops[k], g[d], g[d + 1], g[d + 2], g[d + 3],
                                  g[d + 4], g[0],
                                  imm ? tcg_constant(edge[y]) : g[1]);
                    d += 5;
                }
            }
            /* The result written over an input. */
            tcg_gen_op_cc(INDEX_op_sub_cc, g[0], g[d], g[d + 1], g[d + 2],
                          g[1], g[0], g[1]);
            run_both();
        }
    }
}
END_TEST

START_TEST(test_unary)
{
    static const struct { unsigned pos, len; } fields[] = {
        { 0, 1 }, { 0, 8 }, { 3, 5 }, { 8, 16 }, { 0, 32 }, { 32, 32 },
        { 1, 63 }, { 0, 64 }, { 63, 1 }, { 12, 40 },
    };
    for (size_t x = 0; x < G_N_ELEMENTS(edge); x++) {
        int d = 2;
        cpu->r[0] = edge[x];
        cpu->r[1] = edge[G_N_ELEMENTS(edge) - 1 - x];
        tcg_gen_neg(g[d++], g[0]);
        tcg_gen_not(g[d++], g[0]);
        tcg_gen_ext8s(g[d++], g[0]);
        tcg_gen_ext8u(g[d++], g[0]);
        tcg_gen_ext16s(g[d++], g[0]);
        tcg_gen_ext16u(g[d++], g[0]);
        tcg_gen_ext32s(g[d++], g[0]);
        tcg_gen_ext32u(g[d++], g[0]);
        tcg_gen_bswap16(g[d++], g[0]);
        tcg_gen_bswap32(g[d++], g[0]);
        tcg_gen_bswap64(g[d++], g[0]);
        tcg_gen_clz(g[d++], g[0]);
        tcg_gen_clz32(g[d++], g[0]);
        tcg_gen_ctpop(g[d++], g[0]);
        tcg_gen_mov(g[d++], g[0]);
        tcg_gen_movi(g[d++], edge[x]);
        for (size_t k = 0; k < G_N_ELEMENTS(fields); k++) {
            tcg_gen_extract(g[d++], g[0], fields[k].pos, fields[k].len);
            tcg_gen_sextract(g[d++], g[0], fields[k].pos, fields[k].len);
            tcg_gen_deposit(g[d++], g[0], g[1], fields[k].pos,
                            fields[k].len);
        }
        run_both();
    }
}
END_TEST

START_TEST(test_conditions)
{
    static const TCGCond conds[] = {
        TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE, TCG_COND_LE,
        TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
        TCG_COND_TSTEQ, TCG_COND_TSTNE, TCG_COND_ALWAYS, TCG_COND_NEVER,
    };
    for (size_t x = 0; x < G_N_ELEMENTS(edge); x += 2) {
        for (size_t y = 0; y < G_N_ELEMENTS(edge); y++) {
            int d = 4;
            cpu->r[0] = edge[x];
            cpu->r[1] = edge[y];
            cpu->r[2] = 0x1111;
            cpu->r[3] = 0x2222;
            for (size_t k = 0; k < G_N_ELEMENTS(conds); k++) {
                TCGCond c = conds[k];
                tcg_gen_setcond(c, g[d++], g[0], g[1]);
                tcg_gen_setcondi(c, g[d++], g[0], edge[y]);
                tcg_gen_setcond32(c, g[d++], g[0], g[1]);
                tcg_gen_movcond(c, g[d++], g[0], g[1], g[2], g[3]);
                /* Each branch form sets one bit of a register when it
                 * falls through. */
                TCGLabel *l[4];
                tcg_gen_movi(g[d], 0);
                for (int f = 0; f < 4; f++) {
                    l[f] = gen_new_label();
                    switch (f) {
                    case 0: tcg_gen_brcond(c, g[0], g[1], l[f]); break;
                    case 1: tcg_gen_brcondi(c, g[0], edge[y], l[f]); break;
                    case 2: tcg_gen_brcond32(c, g[0], g[1], l[f]); break;
                    case 3:
                        tcg_gen_brcond32(c, g[0], tcg_constant(edge[y]),
                                         l[f]);
                        break;
                    }
                    tcg_gen_ori(g[d], g[d], 1u << f);
                    gen_set_label(l[f]);
                }
                d++;
            }
            run_both();
        }
    }
}
END_TEST

START_TEST(test_cpu_fields)
{
    int o = (int)offsetof(TestCPU, r[40]);
    cpu->r[0] = 0xfedcba9876543210ull;
    for (int i = 0; i < 8; i++) {
        cpu->r[40 + i] = 0x8182838485868788ull * (i + 1);
    }
    tcg_gen_ld8u(g[2], o);
    tcg_gen_ld8s(g[3], o + 1);
    tcg_gen_ld16u(g[4], o + 8);
    tcg_gen_ld16s(g[5], o + 8);
    tcg_gen_ld32u(g[6], o + 16);
    tcg_gen_ld32s(g[7], o + 16);
    tcg_gen_ld64(g[8], o + 24);
    tcg_gen_st8(g[0], o + 32);
    tcg_gen_st16(g[0], o + 42);     /* fields are naturally aligned */
    tcg_gen_st32(g[0], o + 52);
    tcg_gen_st64(g[0], o + 56);
    run_both();
}
END_TEST

static uint64_t guest_page(void)
{
    int64_t a = guest_mmap(0, 4096, PAGE_READ | PAGE_WRITE,
                           0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
    ck_assert(a > 0);
    return (uint64_t)a;
}

START_TEST(test_guest_memory)
{
    static const MemOp ld[] = { MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL,
                                MO_UQ };
    uint64_t a = guest_page();
    uint8_t *h = g2h(a);
    for (int i = 0; i < 64; i++) {
        h[i] = (uint8_t)(0x80 + i * 7);
    }
    cpu->r[0] = a + 32;
    cpu->r[1] = 0x8899aabbccddeeffull;
    int d = 2;
    for (size_t k = 0; k < G_N_ELEMENTS(ld); k++) {
        tcg_gen_qemu_ld(g[d++], g[0], ld[k]);
        TCGv t = tcg_temp_new();
        tcg_gen_subi(t, g[0], 17);              /* an offset folded in */
        tcg_gen_qemu_ld(g[d++], t, ld[k]);
    }
    TCGv t = tcg_temp_new();
    tcg_gen_addi(t, g[0], 100);
    tcg_gen_qemu_st(g[1], t, MO_8);
    tcg_gen_addi(t, g[0], 200);
    tcg_gen_qemu_st(g[1], t, MO_16);
    tcg_gen_addi(t, g[0], 300);
    tcg_gen_qemu_st(g[1], t, MO_32);
    tcg_gen_addi(t, g[0], 400);
    tcg_gen_qemu_st(g[1], t, MO_64);
    tcg_gen_qemu_ld(g[d++], t, MO_UQ);
    /* Both runs store the same values at the same places. */
    run_both();
    ck_assert_uint_eq(h[132], 0xff);
    ck_assert_uint_eq(*(uint16_t *)(h + 232), 0xeeff);
    ck_assert_uint_eq(*(uint32_t *)(h + 332), 0xccddeeff);
    ck_assert_uint_eq(*(uint64_t *)(h + 432), 0x8899aabbccddeeffull);
    ck_assert_uint_eq(cpu_j->r[d - 1], 0x8899aabbccddeeffull);
}
END_TEST

START_TEST(test_watched)
{
    /* While gdb watches memory: each access is shown to the stub (none
     * here), and an exit request stops the block between instructions
     * with pc at the next one. */
    uint64_t a = guest_page();
    ctx.watch_mem = true;
    for (int req = 0; req < 2; req++) {
        cpu->r[0] = a;
        cpu->r[1] = 0xab1234;
        tcg_gen_insn_start(0x3000);
        tcg_gen_qemu_st(g[1], g[0], MO_32);
        tcg_gen_insn_start(0x3004);
        tcg_gen_qemu_ld(g[2], g[0], MO_UW);
        tcg_gen_insn_start(0x3008);
        tcg_gen_movi(g[3], 9);
        cpu_i->parent.exit_request = cpu_j->parent.exit_request = req;
        cpu_i->pc = cpu_j->pc = 0;
        run_both();
        ck_assert_uint_eq(cpu_j->pc, req ? 0x3004 : 0);
        ck_assert_uint_eq(cpu_i->pc, cpu_j->pc);
        ck_assert_uint_eq(cpu_j->r[2], req ? 0 : 0x1234);
    }
    ctx.watch_mem = false;
}
END_TEST

/* Run tb on c, which must leave through cpu_loop_exit: its exception. */
static int run_to_fault(TestCPU *c, bool jit)
{
    current_cpu = &c->parent;
    c->parent.in_exec = true;
    if (sigsetjmp(c->parent.jmp_env, 0)) {
        c->parent.in_exec = false;
        return c->parent.exception_index;
    }
    if (jit) {
        tcg_jit_exec(&c->parent, &tb);
    } else {
        tcg_interp_exec(&c->parent, &tb);
    }
    c->parent.in_exec = false;
    return EXCP_NONE;
}

START_TEST(test_guest_fault)
{
    /* Above the limit (checked), and an unmapped page below it (the host
     * fault), each as a load and as a store, after a store that sticks. */
    uint64_t a = guest_page();
    const struct { uint64_t addr; bool store; } t[] = {
        { GUEST_ADDR_LIMIT + 8, false }, { ~0ull - 3, true },
        { a + 0x100000000ull, false }, { a + 0x100000000ull, true },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(t); k++) {
        cpu->r[0] = a;
        cpu->r[1] = t[k].addr;
        tcg_gen_insn_start(0x1000);
        tcg_gen_movi(g[2], 5);
        tcg_gen_qemu_st(g[1], g[0], MO_64);
        tcg_gen_insn_start(0x1004);
        tcg_gen_movi(g[3], 6);
        if (t[k].store) {
            tcg_gen_qemu_st(g[0], g[1], MO_32);
        } else {
            tcg_gen_qemu_ld(g[4], g[1], MO_UQ);
        }
        tcg_gen_insn_start(0x1008);
        tcg_gen_movi(g[5], 7);
        tcg_gen_exit_tb(NULL, 0);
        ck_assert(tcg_gen_code(&ctx, &tb));
        ck_assert(tcg_jit_gen(NULL, &tb));
        TestCPU *c[2] = { cpu_i, cpu_j };
        for (int jit = 0; jit < 2; jit++) {
            memcpy(c[jit]->r, cpu->r, sizeof(cpu->r));
            c[jit]->pc = 0;
            *(uint64_t *)g2h(a) = 0;
            ck_assert_int_eq(run_to_fault(c[jit], jit), EXCP_SEGV);
            ck_assert_uint_eq(c[jit]->pc, 0x1004);
            ck_assert_uint_eq(c[jit]->parent.fault_addr, t[k].addr);
            ck_assert_int_eq(c[jit]->parent.fault_write, t[k].store);
            ck_assert_uint_eq(c[jit]->r[3], 6);
            ck_assert_uint_eq(c[jit]->r[5], 0);
            ck_assert_uint_eq(*(uint64_t *)g2h(a), t[k].addr);
        }
        free_code(&tb);
        tcg_func_start(&ctx, &tb);
    }
    current_cpu = NULL;
}
END_TEST

/* Where the caller is, as the fault path would see it. */
static uint64_t caller_pc(CPUState *c)
{
    return tb_pc_at(c->cur_tb, c->cur_ip);
}

static uint64_t helper1(CPUState *c, uint64_t a)
{
    return a * 3 + caller_pc(c);
}

static uint64_t helper2(CPUState *c, uint64_t a, uint64_t b)
{
    return a * 3 + b * 5 + caller_pc(c);
}

static uint64_t helper3(CPUState *c, uint64_t a, uint64_t b, uint64_t d)
{
    return a * 3 + b * 5 + d * 7 + caller_pc(c);
}

static uint64_t helper4(CPUState *c, uint64_t a, uint64_t b, uint64_t d,
                        uint64_t e)
{
    return a * 3 + b * 5 + d * 7 + e * 11 + caller_pc(c);
}

static uint64_t helper5(CPUState *c, uint64_t a, uint64_t b, uint64_t d,
                        uint64_t e, uint64_t f)
{
    return a * 3 + b * 5 + d * 7 + e * 11 + f * 13 + caller_pc(c);
}

static uint64_t helper6(CPUState *c, uint64_t a, uint64_t b, uint64_t d,
                        uint64_t e, uint64_t f, uint64_t h)
{
    return a * 3 + b * 5 + d * 7 + e * 11 + f * 13 + h * 17 + caller_pc(c);
}

static uint64_t helper_none(CPUState *c)
{
    return ((TestCPU *)c)->r[0] ^ 0x5a;
}

START_TEST(test_calls)
{
    cpu->r[0] = 0x1000000000ull;
    cpu->r[1] = 2;
    tcg_gen_insn_start(0x2000);
    tcg_gen_call0(helper_none, 0, g[2]);
    tcg_gen_insn_start(0x2004);
    static void *const helpers[] = { helper1, helper2, helper3, helper4,
                                     helper5, helper6 };
    for (int n = 1; n <= 6; n++) {
        TCGv args[6];
        for (int i = 0; i < n; i++) {
            args[i] = g[i & 1];
        }
        tcg_gen_call(helpers[n - 1], 0, g[2 + n], n, args);
        for (int i = 0; i < n; i++) {
            args[i] = tcg_constant(i + 1);
        }
        tcg_gen_call(helpers[n - 1], 0, g[10 + n], n, args);
    }
    run_both();
    ck_assert_uint_eq(cpu_j->r[2], 0x100000005aull);
    ck_assert_uint_eq(cpu_j->r[3], 0x1000000000ull * 3 + 0x2004);
    ck_assert_uint_eq(cpu_j->r[16],
                      3 + 10 + 21 + 44 + 65 + 102 + 0x2004);
}
END_TEST

/* Two blocks: tb jumps to next through slot 1. */
START_TEST(test_chaining)
{
    static TranslationBlock next;
    memset(&next, 0, sizeof(next));
    cpu->r[0] = 0;
    tcg_gen_addi(g[0], g[0], 1);
    tcg_gen_goto_tb(1);
    tcg_gen_movi(g[1], 0x99);
    tcg_gen_exit_tb(&tb, 1);
    ck_assert(tcg_gen_code(&ctx, &tb));
    ck_assert(tcg_jit_gen(NULL, &tb));
    tcg_func_start(&ctx, &next);
    tcg_gen_addi(g[0], g[0], 10);
    tcg_gen_exit_tb(&next, 2);
    ck_assert(tcg_gen_code(&ctx, &next));
    ck_assert(tcg_jit_gen(NULL, &next));

    TestCPU *c = cpu_j;
    /* Not chained yet: out through the slot. */
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), (uintptr_t)&tb | 1);
    ck_assert_uint_eq(c->r[1], 0x99);
    tb.jmp_dest[1] = &next;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), (uintptr_t)&next | 2);
    ck_assert_uint_eq(c->r[0], 12);
    ck_assert_ptr_eq(c->parent.cur_tb, &next);
    /* An exit request stops the chain. */
    c->parent.exit_request = 1;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), (uintptr_t)&tb | 1);
    ck_assert_uint_eq(c->r[0], 13);
    /* A block without host code is left to the loop. */
    c->parent.exit_request = 0;
    next.jit_code = NULL;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), (uintptr_t)&tb | 1);
    free_code(&next);
}
END_TEST

START_TEST(test_lookup)
{
    static TranslationBlock next;
    memset(&next, 0, sizeof(next));
    next.pc = 0x4000;
    tcg_gen_movi(g[0], 0x4000);
    tcg_gen_mov(g[1], g[0]);
    tcg_gen_st64(g[1], ctx.pc_offset);
    tcg_gen_lookup_and_goto_ptr();
    ck_assert(tcg_gen_code(&ctx, &tb));
    ck_assert(tcg_jit_gen(NULL, &tb));
    tcg_func_start(&ctx, &next);
    tcg_gen_movi(g[2], 0x77);
    tcg_gen_exit_tb(&next, 3);
    ck_assert(tcg_gen_code(&ctx, &next));
    ck_assert(tcg_jit_gen(NULL, &next));

    TestCPU *c = cpu_j;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), 0);
    ck_assert_uint_eq(c->pc, 0x4000);
    c->parent.tb_jmp_cache[tb_jmp_cache_hash(0x4000)] = &next;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), (uintptr_t)&next | 3);
    ck_assert_uint_eq(c->r[2], 0x77);
    next.pc = 0x4004;                   /* another pc in that entry */
    c->r[2] = 0;
    ck_assert_uint_eq(tcg_jit_exec(&c->parent, &tb), 0);
    ck_assert_uint_eq(c->r[2], 0);
    ck_assert_ptr_eq(c->parent.cur_ip, NULL);
    free_code(&next);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jit");
    TCase *tc = tcase_create("x86-64");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_binary);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_unary);
    tcase_add_test(tc, test_conditions);
    tcase_add_test(tc, test_cpu_fields);
    tcase_add_test(tc, test_guest_memory);
    tcase_add_test(tc, test_guest_fault);
    tcase_add_test(tc, test_watched);
    tcase_add_test(tc, test_calls);
    tcase_add_test(tc, test_chaining);
    tcase_add_test(tc, test_lookup);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
#else
int main(void)
{
    return 77;      /* no code generator for this host: skipped */
}
#endif
