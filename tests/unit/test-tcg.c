/* The IR and its interpreter: ops compute what tcg-ops.def says, constant
 * and register forms agree, labels branch, helpers are called, and guest
 * loads and stores reach guest memory. */
#include <check.h>
#include <stdlib.h>
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "src/guest-mem.h"

typedef struct TestCPU {
    CPUState parent;
    uint64_t r[8];
} TestCPU;

static TestCPU *cpu;
static TCGContext ctx;
static TCGv g[8];
static TranslationBlock tb;

static void setup(void)
{
    static bool once;
    if (!once) {
        tcg_context_init(&ctx);
        static const char *names[8] = { "r0", "r1", "r2", "r3", "r4", "r5",
                                        "r6", "r7" };
        for (int i = 0; i < 8; i++) {
            g[i] = tcg_global_new(&ctx, (int)offsetof(TestCPU, r[i]),
                                  names[i]);
        }
        ctx.pc_offset = (int)offsetof(TestCPU, r[7]);
        guest_mem_init();
        once = true;
    }
    cpu = g_aligned_alloc0(1, sizeof(TestCPU), 64);
    memset(&tb, 0, sizeof(tb));
    tcg_func_start(&ctx, &tb);
}

static void teardown(void)
{
    g_aligned_free(cpu);
    g_free(tb.code);
    g_free(tb.insn_code_index);
    g_free(tb.insn_pc);
}

static uintptr_t run(void)
{
    tcg_gen_exit_tb(NULL, 0);
    ck_assert(tcg_gen_code(&ctx, &tb));
    return tcg_interp_exec(&cpu->parent, &tb);
}

START_TEST(test_arith)
{
    cpu->r[0] = 0x8000000000000001ull;
    cpu->r[1] = 3;
    tcg_gen_add(g[2], g[0], g[1]);
    tcg_gen_subi(g[3], g[0], 2);
    tcg_gen_shli(g[4], g[1], 62);
    tcg_gen_sar(g[5], g[0], g[1]);
    tcg_gen_rotri(g[6], g[0], 1);
    tcg_gen_add32(g[7], g[0], tcg_constant(0xffffffff));
    run();
    ck_assert_uint_eq(cpu->r[2], 0x8000000000000004ull);
    ck_assert_uint_eq(cpu->r[3], 0x7fffffffffffffffull);
    ck_assert_uint_eq(cpu->r[4], 0xc000000000000000ull);
    ck_assert_uint_eq(cpu->r[5], 0xf000000000000000ull);
    ck_assert_uint_eq(cpu->r[6], 0xc000000000000000ull);
    ck_assert_uint_eq(cpu->r[7], 0);
}
END_TEST

START_TEST(test_const_first_operand)
{
    /* A constant first input must be swapped or materialised. */
    cpu->r[0] = 5;
    tcg_gen_sub(g[1], tcg_constant(100), g[0]);
    tcg_gen_add(g[2], tcg_constant(100), g[0]);
    tcg_gen_setcond(TCG_COND_LT, g[3], tcg_constant(1), g[0]);
    tcg_gen_shl(g[4], tcg_constant(1), g[0]);
    run();
    ck_assert_uint_eq(cpu->r[1], 95);
    ck_assert_uint_eq(cpu->r[2], 105);
    ck_assert_uint_eq(cpu->r[3], 1);
    ck_assert_uint_eq(cpu->r[4], 32);
}
END_TEST

START_TEST(test_fields)
{
    cpu->r[0] = 0x123456789abcdef0ull;
    cpu->r[1] = 0xff;
    tcg_gen_extract(g[2], g[0], 4, 8);
    tcg_gen_sextract(g[3], g[0], 60, 4);
    tcg_gen_sextract(g[4], g[0], 4, 8);
    tcg_gen_deposit(g[5], g[0], g[1], 8, 4);
    tcg_gen_bswap32(g[6], g[0]);
    tcg_gen_clz(g[7], g[1]);
    run();
    ck_assert_uint_eq(cpu->r[2], 0xef);
    ck_assert_uint_eq(cpu->r[3], 1);
    ck_assert_uint_eq(cpu->r[4], 0xffffffffffffffefull);
    ck_assert_uint_eq(cpu->r[5], 0x123456789abcdff0ull);
    ck_assert_uint_eq(cpu->r[6], 0xf0debc9aull);
    ck_assert_uint_eq(cpu->r[7], 56);
}
END_TEST

START_TEST(test_conditions)
{
    static const struct { TCGCond c; uint64_t a, b; int r; } t[] = {
        { TCG_COND_EQ, 1, 1, 1 }, { TCG_COND_NE, 1, 1, 0 },
        { TCG_COND_LT, -1ull, 0, 1 }, { TCG_COND_LTU, -1ull, 0, 0 },
        { TCG_COND_GE, 0, -1ull, 1 }, { TCG_COND_GEU, 0, -1ull, 0 },
        { TCG_COND_LE, 3, 3, 1 }, { TCG_COND_GT, 3, 3, 0 },
        { TCG_COND_LEU, 4, 3, 0 }, { TCG_COND_GTU, 4, 3, 1 },
        { TCG_COND_TSTEQ, 6, 1, 1 }, { TCG_COND_TSTNE, 6, 2, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        tcg_func_start(&ctx, &tb);
        cpu->r[0] = t[i].a;
        cpu->r[1] = t[i].b;
        /* Register form, immediate form, and a branch on each. */
        tcg_gen_setcond(t[i].c, g[2], g[0], g[1]);
        tcg_gen_setcondi(t[i].c, g[3], g[0], t[i].b);
        TCGLabel *l = gen_new_label();
        tcg_gen_movi(g[4], 0);
        tcg_gen_brcond(tcg_invert_cond(t[i].c), g[0], g[1], l);
        tcg_gen_movi(g[4], 1);
        gen_set_label(l);
        run();
        ck_assert_msg(cpu->r[2] == (uint64_t)t[i].r, "cond %d reg", t[i].c);
        ck_assert_msg(cpu->r[3] == (uint64_t)t[i].r, "cond %d imm", t[i].c);
        ck_assert_msg(cpu->r[4] == (uint64_t)t[i].r, "cond %d br", t[i].c);
        g_free(tb.code);
        g_free(tb.insn_code_index);
        g_free(tb.insn_pc);
        tb.code = NULL;
    }
}
END_TEST

static uint64_t helper_mix(CPUState *c, uint64_t a, uint64_t b, uint64_t d)
{
    return a * 100 + b * 10 + d + ((TestCPU *)c)->r[0];
}

START_TEST(test_call)
{
    cpu->r[0] = 1000;
    tcg_gen_call3(helper_mix, 0, g[1], tcg_constant(1), tcg_constant(2),
                  tcg_constant(3));
    run();
    ck_assert_uint_eq(cpu->r[1], 1123);
}
END_TEST

START_TEST(test_guest_memory)
{
    int64_t a = guest_mmap(0, 4096, PAGE_READ | PAGE_WRITE,
                           0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
    ck_assert(a > 0);
    cpu->r[0] = (uint64_t)a;
    cpu->r[1] = 0x80;
    tcg_gen_qemu_st(g[1], g[0], MO_8);
    tcg_gen_qemu_ld(g[2], g[0], MO_SB);
    tcg_gen_qemu_ld(g[3], g[0], MO_UB);
    run();
    ck_assert_uint_eq(cpu->r[2], 0xffffffffffffff80ull);
    ck_assert_uint_eq(cpu->r[3], 0x80);
    ck_assert_uint_eq(*(uint8_t *)g2h((uint64_t)a), 0x80);
}
END_TEST

START_TEST(test_mem_offset_fold)
{
    /* add + access becomes one access with an offset; the add's result
     * stays right where it is still read. */
    int64_t a = guest_mmap(0, 4096, PAGE_READ | PAGE_WRITE,
                           0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
    ck_assert(a > 0);
    cpu->r[0] = (uint64_t)a + 16;
    cpu->r[1] = 0x1122334455667788ull;
    TCGv t = tcg_temp_new(), u = tcg_temp_new(), v = tcg_temp_new();
    tcg_gen_addi(t, g[0], (uint64_t)-8);
    tcg_gen_qemu_st(g[1], t, MO_64);
    tcg_gen_addi(u, g[0], (uint64_t)-8);
    tcg_gen_qemu_ld(g[0], u, MO_32);      /* the base is overwritten */
    tcg_gen_addi(v, g[1], 0);
    tcg_gen_mov(g[3], v);
    tcg_gen_qemu_ld(g[2], v, MO_8);       /* v has two readers: kept */
    tcg_optimize(&ctx);
    int adds = 0;
    for (int i = 0; i < ctx.nb_ops; i++) {
        adds += ctx.ops[i].opc == INDEX_op_add;
    }
    ck_assert_int_eq(adds, 1);            /* only the add read twice */
    cpu->r[1] = 0x1122334455667788ull;
    tcg_func_start(&ctx, &tb);
    t = tcg_temp_new();
    u = tcg_temp_new();
    tcg_gen_addi(t, g[0], (uint64_t)-8);
    tcg_gen_qemu_st(g[1], t, MO_64);
    tcg_gen_addi(u, g[0], (uint64_t)-8);
    tcg_gen_qemu_ld(g[0], u, MO_32);
    run();
    ck_assert_uint_eq(*(uint64_t *)g2h((uint64_t)a + 8),
                      0x1122334455667788ull);
    ck_assert_uint_eq(cpu->r[0], 0x55667788);
}
END_TEST

static void counter_add(uint64_t *counter, uint64_t imm)
{
    TCGOp *o = tcg_emit_op(INDEX_op_plugin_add_u64);
    o->args[0] = (TCGArg)(uintptr_t)counter;
    o->args[1] = imm;
}

START_TEST(test_counter_adds_merge)
{
    /* Adds to a counter merge across ops that cannot leave the block,
     * never across a guest access, a call or a label; the counts are
     * right either way. */
    static uint64_t c1, c2;
    int64_t a = guest_mmap(0, 4096, PAGE_READ | PAGE_WRITE,
                           0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */, -1, 0);
    ck_assert(a > 0);
    cpu->r[0] = (uint64_t)a;
    c1 = c2 = 0;
    counter_add(&c1, 1);
    tcg_gen_addi(g[1], g[1], 1);
    counter_add(&c2, 5);
    counter_add(&c1, 1);              /* merges into the first */
    tcg_gen_addi(g[1], g[1], 1);
    counter_add(&c1, 1);              /* and this one */
    tcg_gen_qemu_ld(g[2], g[0], MO_8);
    counter_add(&c1, 1);              /* a new run: the access may fault */
    TCGLabel *l = gen_new_label();
    tcg_gen_brcondi(TCG_COND_EQ, g[1], 0, l);
    counter_add(&c1, 1);
    gen_set_label(l);
    counter_add(&c1, 1);              /* a join: kept */
    tcg_gen_exit_tb(NULL, 0);
    ck_assert(tcg_gen_code(&ctx, &tb));
    int adds = 0;
    for (int i = 0; i < ctx.nb_ops; i++) {
        adds += ctx.ops[i].opc == INDEX_op_plugin_add_u64;
    }
    ck_assert_int_eq(adds, 5);
    tcg_interp_exec(&cpu->parent, &tb);
    ck_assert_uint_eq(c1, 6);
    ck_assert_uint_eq(c2, 5);
}
END_TEST

START_TEST(test_many_temps)
{
    /* More temps than slots, but few live at once: slots are reused. */
    TCGv acc = tcg_const(0);
    for (int i = 0; i < 3000; i++) {
        TCGv t = tcg_temp_new();
        tcg_gen_movi(t, 1);
        tcg_gen_add(acc, acc, t);
    }
    tcg_gen_mov(g[0], acc);
    run();
    ck_assert_uint_eq(cpu->r[0], 3000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcg");
    TCase *tc = tcase_create("interp");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_arith);
    tcase_add_test(tc, test_const_first_operand);
    tcase_add_test(tc, test_fields);
    tcase_add_test(tc, test_conditions);
    tcase_add_test(tc, test_call);
    tcase_add_test(tc, test_guest_memory);
    tcase_add_test(tc, test_mem_offset_fold);
    tcase_add_test(tc, test_counter_adds_merge);
    tcase_add_test(tc, test_many_temps);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
