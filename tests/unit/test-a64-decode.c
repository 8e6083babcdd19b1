/* The A64 decoder tables for the integer, branch and system classes:
 * every encoding reaches its own entry, unallocated words reach none,
 * and the hot instructions translate to the few IR ops they are meant
 * to (the interpreter pays per op), including CMP fused with B.cond. */
#include <check.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "target/aarch64/translate.h"
#include "src/guest-mem.h"

void a64_tcg_init(TCGContext *s);

static const struct {
    uint32_t word;
    const char *name;
} names[] = {
    /* data processing, immediate */
    { 0x10000000, "ADR" },        /* adr x0, . */
    { 0x90000000, "ADRP" },       /* adrp x0, . */
    { 0x91000420, "ADD_imm" },    /* add x0, x1, #1 */
    { 0x910003ff, "ADD_imm" },    /* mov sp, sp */
    { 0xd1000420, "SUB_imm" },    /* sub x0, x1, #1 */
    { 0xf100143f, "SUB_imm" },    /* cmp x1, #5 */
    { 0x92400020, "AND_imm" },    /* and x0, x1, #1 */
    { 0xb2400020, "ORR_imm" },    /* orr x0, x1, #1 */
    { 0xd2400020, "EOR_imm" },    /* eor x0, x1, #1 */
    { 0xf2400020, "ANDS_imm" },   /* ands x0, x1, #1 */
    { 0x92800000, "MOVN" },       /* movn x0, #0 */
    { 0xd2800000, "MOVZ" },       /* movz x0, #0 */
    { 0xf2800000, "MOVK" },       /* movk x0, #0 */
    { 0x93407c20, "SBFM" },       /* sxtw x0, w1 */
    { 0xb3400020, "BFM" },        /* bfxil x0, x1, #0, #1 */
    { 0xd3400020, "UBFM" },       /* ubfx x0, x1, #0, #1 */
    { 0x93c20420, "EXTR" },       /* extr x0, x1, x2, #1 */
    /* logical, shifted register */
    { 0x8a020020, "AND_reg" },
    { 0x8a220020, "BIC_reg" },
    { 0xaa020020, "ORR_reg" },
    { 0xaa0103e0, "ORR_reg" },    /* mov x0, x1 */
    { 0xaa220020, "ORN_reg" },
    { 0xca020020, "EOR_reg" },
    { 0xca220020, "EON_reg" },
    { 0xea020020, "ANDS_reg" },
    { 0xea220020, "BICS_reg" },
    /* add/subtract, carry */
    { 0x8b020020, "ADD_shift" },
    { 0xcb020020, "SUB_shift" },
    { 0x8b220020, "ADD_ext" },
    { 0xcb220020, "SUB_ext" },
    { 0x9a020020, "ADC" },
    { 0xda020020, "SBC" },
    /* conditional compare and select */
    { 0xba420020, "CCMN_reg" },
    { 0xfa420020, "CCMP_reg" },
    { 0xba420820, "CCMN_imm" },
    { 0xfa420820, "CCMP_imm" },
    { 0x9a820020, "CSEL" },
    { 0x9a820420, "CSINC" },
    { 0xda820020, "CSINV" },
    { 0xda820420, "CSNEG" },
    /* two, one and three sources */
    { 0x9ac20820, "UDIV" },
    { 0x9ac20c20, "SDIV" },
    { 0x9ac22020, "LSLV" },
    { 0x9ac22420, "LSRV" },
    { 0x9ac22820, "ASRV" },
    { 0x9ac22c20, "RORV" },
    { 0x1ac24020, "CRC32" },      /* crc32b w0, w1, w2 */
    { 0x9ac24c20, "CRC32" },      /* crc32x w0, w1, x2 */
    { 0x1ac25020, "CRC32C" },     /* crc32cb w0, w1, w2 */
    { 0xdac00020, "RBIT" },
    { 0xdac00420, "REV16" },
    { 0x5ac00820, "REV" },        /* rev w0, w1 */
    { 0xdac00820, "REV32" },
    { 0xdac00c20, "REV64" },      /* rev x0, x1 */
    { 0xdac01020, "CLZ" },
    { 0xdac01420, "CLS" },
    { 0x9b020c20, "MADD" },
    { 0x9b028c20, "MSUB" },
    { 0x9b220c20, "SMADDL" },
    { 0x9b228c20, "SMSUBL" },
    { 0x9b427c20, "SMULH" },
    { 0x9ba20c20, "UMADDL" },
    { 0x9ba28c20, "UMSUBL" },
    { 0x9bc27c20, "UMULH" },
    /* branches */
    { 0x14000001, "B" },
    { 0x94000001, "BL" },
    { 0xb4000020, "CBZ" },
    { 0x35000020, "CBNZ" },
    { 0x36000020, "TBZ" },
    { 0xb7f80020, "TBNZ" },       /* tbnz x0, #63 */
    { 0x54000020, "B_cond" },     /* b.eq */
    { 0xd61f0020, "BR" },
    { 0xd63f0020, "BLR" },
    { 0xd65f03c0, "RET" },
    /* exceptions, hints, barriers, system */
    { 0xd4000001, "SVC" },
    { 0xd4200000, "BRK" },
    { 0xd503201f, "HINT" },       /* nop */
    { 0xd503233f, "HINT" },       /* paciasp */
    { 0xd503245f, "HINT" },       /* bti c */
    { 0xd503305f, "CLREX" },
    { 0xd5033b9f, "DSB" },        /* dsb ish */
    { 0xd5033bbf, "DMB" },        /* dmb ish */
    { 0xd5033fdf, "ISB" },
    { 0xd50330ff, "SB" },
    { 0xd50b7420, "SYS" },        /* dc zva, x0 */
    { 0xd51bd040, "MSR_reg" },    /* msr tpidr_el0, x0 */
    { 0xd53bd040, "MRS" },        /* mrs x0, tpidr_el0 */
    { 0xd53b4200, "MRS" },        /* mrs x0, nzcv */
};

/* Words no integer, branch or system entry takes (reserved fields that
 * the patterns fix; field checks inside translators are tested by the
 * guest program sys-trap). */
static const uint32_t unallocated[] = {
    0x00000000,                   /* udf #0 */
    0x32800000,                   /* move wide, opc=01 */
    0x73000000,                   /* bitfield, opc=11 */
    0x5ac00c00,                   /* 1src w, opcode 3 */
    0xdac10000,                   /* pacia */
    0x1b200000,                   /* smaddl with sf=0 */
    0x9b408000,                   /* smulh with o0=1 */
    0x54000010,                   /* bc.eq */
    0xd4400000,                   /* hlt */
    0xd4000002,                   /* hvc */
    0xd52b7420,                   /* sysl */
    0xd61f081f,                   /* braaz */
    0xd65f0bff,                   /* retaa */
    0xd50342df,                   /* msr daifset, #2 */
    0x9a000400,                   /* rmif-space adc */
};

START_TEST(test_names)
{
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        const char *got = a64_decode_name(names[i].word);
        ck_assert_msg(got && !strcmp(got, names[i].name),
                      "%08x: %s, want %s", names[i].word,
                      got ? got : "(none)", names[i].name);
    }
}
END_TEST

START_TEST(test_unallocated)
{
    for (size_t i = 0; i < G_N_ELEMENTS(unallocated); i++) {
        const char *got = a64_decode_name(unallocated[i]);
        ck_assert_msg(!got, "%08x decodes as %s", unallocated[i], got);
    }
}
END_TEST

/* ---- IR op counts ------------------------------------------------------ */

#define CODE_ADDR 0x100000ull

static TCGContext ctx;
static TranslationBlock tb;

static void setup(void)
{
    static bool once;
    if (!once) {
        guest_mem_init();
        ck_assert_uint_eq(guest_mmap(CODE_ADDR, 4096, PROT_READ | PROT_WRITE,
                                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                                     -1, 0), CODE_ADDR);
        tcg_context_init(&ctx);
        a64_tcg_init(&ctx);
        once = true;
    }
}

/* Translate the words as one block; the number of ops (markers not
 * counted) the last one produced, and that op list's first op. */
/* The ops of the last of n instructions, translated in a block with these
 * flags (TB_FLAG_BRANCH_ENDS: conditional branches end the block). */
static int last_insn_ops_flags(const uint32_t *words, int n, TCGOp **first,
                               uint32_t flags)
{
    DisasContext s = { .tb = &tb, .pc = CODE_ADDR, .is_jmp = DISAS_NEXT };
    int start = 0, count = 0;

    memcpy(g2h(CODE_ADDR), words, n * 4);
    memset(&tb, 0, sizeof(tb));
    tb.pc = CODE_ADDR;
    tb.flags = flags;
    tcg_func_start(&ctx, &tb);
    for (int i = 0; i < n; i++) {
        start = ctx.nb_ops;
        tcg_gen_insn_start(s.pc);
        s.insn = words[i];
        s.pc_next = s.pc + 4;
        ck_assert_msg(a64_decode(&s, words[i]), "%08x not decoded",
                      words[i]);
        s.pc = s.pc_next;
    }
    *first = NULL;
    for (int i = start; i < ctx.nb_ops; i++) {
        TCGOp *op = &ctx.ops[i];
        if (tcg_op_defs[op->opc].flags & OPF_MARKER) {
            continue;
        }
        if (!*first) {
            *first = op;
        }
        count++;
    }
    return count;
}

static int last_insn_ops(const uint32_t *words, int n, TCGOp **first)
{
    return last_insn_ops_flags(words, n, first, TB_FLAG_BRANCH_ENDS);
}

static const struct {
    uint32_t words[2];
    int n;
    int ops;
    const char *what;
} costs[] = {
    { { 0x91000420 }, 1, 1, "add x0, x1, #1" },
    { { 0x11000420 }, 1, 1, "add w0, w1, #1" },
    { { 0xd1000420 }, 1, 1, "sub x0, x1, #1" },
    { { 0x8b020020 }, 1, 1, "add x0, x1, x2" },
    { { 0x8b020c20 }, 1, 2, "add x0, x1, x2, lsl #3" },
    { { 0xaa0103e0 }, 1, 1, "mov x0, x1" },
    { { 0x2a0103e0 }, 1, 1, "mov w0, w1" },
    { { 0x910003e0 }, 1, 1, "mov x0, sp" },
    { { 0xd28000a0 }, 1, 1, "mov x0, #5" },
    { { 0x92800000 }, 1, 1, "mov x0, #-1" },
    { { 0xf2a000a0 }, 1, 2, "movk x0, #5, lsl #16" },
    { { 0xd2800020, 0xf2a00040 }, 2, 1, "mov x0, #1; movk x0, #2, lsl 16" },
    { { 0x0b010828 }, 1, 1, "add w8, w1, w1, lsl #2" },
    { { 0xd37df020 }, 1, 1, "lsl x0, x1, #3" },
    { { 0x53037c20 }, 1, 1, "lsr w0, w1, #3" },
    { { 0x9343fc20 }, 1, 1, "asr x0, x1, #3" },
    { { 0xd3442c20 }, 1, 1, "ubfx x0, x1, #4, #8" },
    { { 0x93407c20 }, 1, 1, "sxtw x0, w1" },
    { { 0x53001c20 }, 1, 1, "uxtb w0, w1" },
    { { 0x92401c20 }, 1, 1, "and x0, x1, #0xff" },
    { { 0x8a020020 }, 1, 1, "and x0, x1, x2" },
    { { 0x9ac22020 }, 1, 1, "lsl x0, x1, x2" },
    { { 0x9b027c20 }, 1, 1, "mul x0, x1, x2" },
    { { 0xf100143f }, 1, 1, "cmp x1, #5" },
    { { 0x7100143f }, 1, 1, "cmp w1, #5" },
    { { 0xeb02003f }, 1, 1, "cmp x1, x2" },
    { { 0xf240003f }, 1, 4, "tst x1, #1" },
    { { 0x1a9f17e0 }, 1, 1, "cset w0, eq" },
    { { 0x9a820020 }, 1, 1, "csel x0, x1, x2, eq" },
    { { 0xb4000020 }, 1, 7, "cbz x0, ." },
    { { 0x36180020 }, 1, 7, "tbz w0, #3, ." },
    { { 0x54000020 }, 1, 7, "b.eq ." },
    { { 0x5400002c }, 1, 9, "b.gt . (flags)" },
    { { 0x54000028 }, 1, 8, "b.hi . (flags)" },
    { { 0x5400002a }, 1, 8, "b.ge . (flags)" },
    { { 0xf100143f, 0x5400002c }, 2, 7, "cmp x1, #5; b.gt ." },
    { { 0x6b02003f, 0x54000028 }, 2, 7, "cmp w1, w2; b.hi ." },
    { { 0xf100143f, 0x9a9fd7e0 }, 2, 1, "cmp x1, #5; cset x0, gt" },
    { { 0x14000000 }, 1, 3, "b ." },
    { { 0x94000000 }, 1, 4, "bl ." },
    { { 0xd65f03c0 }, 1, 1, "ret" },
};

START_TEST(test_op_counts)
{
    for (size_t i = 0; i < G_N_ELEMENTS(costs); i++) {
        TCGOp *first;
        int n = last_insn_ops(costs[i].words, costs[i].n, &first);
        ck_assert_msg(n == costs[i].ops, "%s: %d ops, want %d",
                      costs[i].what, n, costs[i].ops);
    }
}
END_TEST

/* A conditional branch the block goes on after: the taken side leaves
 * from the middle (goto_tb, pc, exit_tb), the compare is inverted to skip
 * it, or an extra br does when the condition takes two compares. */
static const struct {
    uint32_t words[2];
    int n;
    int ops;
    const char *what;
} costs_continued[] = {
    { { 0xb4000020 }, 1, 4, "cbz x0, ." },
    { { 0x36180020 }, 1, 4, "tbz w0, #3, ." },
    { { 0x54000020 }, 1, 4, "b.eq ." },
    { { 0x5400002c }, 1, 7, "b.gt . (flags)" },
    { { 0x54000028 }, 1, 6, "b.hi . (flags)" },
    { { 0xf100143f, 0x5400002c }, 2, 4, "cmp x1, #5; b.gt ." },
};

START_TEST(test_op_counts_continued)
{
    for (size_t i = 0; i < G_N_ELEMENTS(costs_continued); i++) {
        TCGOp *first;
        int n = last_insn_ops_flags(costs_continued[i].words,
                                    costs_continued[i].n, &first, 0);
        ck_assert_msg(n == costs_continued[i].ops, "%s: %d ops, want %d",
                      costs_continued[i].what, n, costs_continued[i].ops);
    }
}
END_TEST

START_TEST(test_cmp_fused)
{
    /* cmp x1, #5; b.gt: one brcond gt of x1 with 5, not of the flags;
     * le (to skip the exit) when the block goes on after it. */
    static const uint32_t w[] = { 0xf100143f, 0x5400002c };
    for (int cont = 0; cont < 2; cont++) {
        TCGOp *first;
        last_insn_ops_flags(w, 2, &first, cont ? 0 : TB_FLAG_BRANCH_ENDS);
        ck_assert_int_eq(first->opc, INDEX_op_brcond);
        ck_assert_ptr_eq((TCGv)first->args[0], cpu_X[1]);
        ck_assert_uint_eq(((TCGv)first->args[1])->kind, TEMP_CONST);
        ck_assert_uint_eq(((TCGv)first->args[1])->val, 5);
        ck_assert_uint_eq(first->args[2], cont ? TCG_COND_LE : TCG_COND_GT);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("a64-decode");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_unallocated);
    suite_add_tcase(s, tc);
    tc = tcase_create("ir");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_op_counts);
    tcase_add_test(tc, test_op_counts_continued);
    tcase_add_test(tc, test_cmp_fused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
