/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* Conditional branches, generated: B.cond on every condition and NZCV,
 * CBZ/CBNZ, TBZ/TBNZ on every bit; and every condition right after a
 * CMP (register, immediate, 32 and 64 bits), where emu tests the compared
 * registers instead of the flags, for B.cond, CSEL, CSET, CSETM, CINC and
 * CCMP. One checksum per group to compare with qemu-aarch64 ("-v": one
 * line per encoding). */
#include "dp-nolibc.h"

#define ADD_X0_1 0x91000400u
#define ADD_X0_2 0x91000800u
#define MOV_X2_X1 0xaa0103e2u
#define LSL_X1_32 0xd3607c21u       /* low half zero, high half kept */
#define MOVZ_X1 0xd2800001u         /* | imm16 << 5 */

/* A stub around the branch br (its offset field left 0): up to two words
 * before it, then "add x0, #1" on the fall-through and "add x0, #2" at
 * the target. */
static void check_branch(const uint32_t *pre, int npre, uint32_t br,
                         int shift, int runs)
{
    uint32_t w[8];
    int k = 0;
    for (int i = 0; i < npre; i++) {
        w[k++] = pre[i];
    }
    /* the target is 3 words after the branch */
    w[k++] = br | 3u << shift;
    w[k++] = ADD_X0_1;
    w[k++] = INSN_RET;
    w[k++] = ADD_X0_2;
    check_words(br, w, k, runs);
}

static void test_bcond(void)
{
    group_begin("b.cond");
    for (uint32_t cond = 0; cond < 16; cond++) {
        check_branch(NULL, 0, 0x54000000u | cond, 5, 48);
    }
    group_end();
}

static void test_cbz(void)
{
    static const uint32_t pre[] = { LSL_X1_32, MOVZ_X1 };
    group_begin("cbz");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            uint32_t br = sf << 31 | 0x34000000u | op << 24;
            check_branch(NULL, 0, br | 1, 5, 32);
            check_branch(&pre[0], 1, br | 1, 5, 8);
            check_branch(&pre[1], 1, br | 1, 5, 2);
            check_branch(NULL, 0, br | 31, 5, 2);
        }
    }
    group_end();
}

static void test_tbz(void)
{
    group_begin("tbz");
    for (uint32_t bit = 0; bit < 64; bit++) {
        for (uint32_t op = 0; op < 2; op++) {
            uint32_t br = (bit >> 5) << 31 | 0x36000000u | op << 24 |
                          (bit & 31) << 19;
            check_branch(NULL, 0, br | 1, 5, 16);
            if (bit % 9 == 0) {
                check_branch(NULL, 0, br | 31, 5, 1);
            }
        }
    }
    group_end();
}

/* The compares a condition may be fused with, and some that may not. */
static const uint32_t compares[] = {
    0xeb02003fu,                /* cmp x1, x2 */
    0x6b02003fu,                /* cmp w1, w2 */
    0xeb1f003fu,                /* cmp x1, xzr */
    0x6b1f003fu,                /* cmp w1, wzr */
    0xf100003fu,                /* cmp x1, #0 */
    0x7100003fu,                /* cmp w1, #0 */
    0xf100043fu,                /* cmp x1, #1 */
    0x7100043fu,                /* cmp w1, #1 */
    0xf13ffc3fu,                /* cmp x1, #0xfff */
    0x717ffc3fu,                /* cmp w1, #0xfff, lsl #12 */
    0xf140043fu,                /* cmp x1, #1, lsl #12 */
    0xeb02083fu,                /* cmp x1, x2, lsl #2: not fused */
    0xab02003fu,                /* cmn x1, x2: not fused */
    0xea02003fu,                /* tst x1, x2: not fused */
    0xeb0203e1u,                /* negs x1, x2: not fused */
};
#define NB_COMPARES (sizeof(compares) / sizeof(compares[0]))

/* Equal operands happen rarely at random: make them. */
static int make_equal(uint32_t cmp, uint32_t *pre)
{
    if ((cmp & 0x1f000000u) == 0x11000000u) {     /* immediate */
        uint32_t imm = (cmp >> 10) & 0xfff;
        if (cmp & (1u << 22)) {
            return 0;
        }
        pre[0] = MOVZ_X1 | imm << 5;
        return 1;
    }
    pre[0] = MOV_X2_X1;
    return 1;
}

static void test_cmp_bcond(void)
{
    group_begin("cmp+b.cond");
    for (unsigned c = 0; c < NB_COMPARES; c++) {
        for (uint32_t cond = 0; cond < 16; cond++) {
            uint32_t pre[2];
            uint32_t br = 0x54000000u | cond;
            pre[1] = compares[c];
            check_branch(&pre[1], 1, br, 5, 24);
            if (make_equal(compares[c], pre)) {
                check_branch(pre, 2, br, 5, 4);
            }
        }
    }
    /* cmp sp, #imm: SP from x3, restored on both paths */
    for (uint32_t cond = 0; cond < 16; cond++) {
        uint32_t w[] = {
            INSN_SAVE_SP, INSN_SP_FROM_X3, 0xf10043ffu, /* cmp sp, #16 */
            0x54000000u | 4u << 5 | cond, INSN_RESTORE_SP, ADD_X0_1,
            INSN_RET, INSN_RESTORE_SP, ADD_X0_2,
        };
        check_words(w[3], w, 9, 16);
    }
    group_end();
}

static void test_cmp_select(void)
{
    group_begin("cmp+csel");
    for (unsigned c = 0; c < NB_COMPARES; c += QSTEP(2)) {
        for (uint32_t cond = 0; cond < 16; cond += QSTEP(3)) {
            uint32_t inv = cond ^ 1;
            uint32_t ops[] = {
                0x9a820020u | cond << 12,   /* csel x0, x1, x2, cond */
                0x1a820020u | cond << 12,   /* csel w0, w1, w2, cond */
                0x9a9f07e0u | inv << 12,    /* cset x0, cond */
                0x1a9f07e0u | inv << 12,    /* cset w0, cond */
                0xda9f03e0u | inv << 12,    /* csetm x0, cond */
                0x5a9f03e0u | inv << 12,    /* csetm w0, cond */
                0x9a810420u | inv << 12,    /* cinc x0, x1, cond */
                0x1a810420u | inv << 12,    /* cinc w0, w1, cond */
                0xda820420u | cond << 12,   /* csneg x0, x1, x2, cond */
                0xfa420020u | cond << 12 | (cond & 15), /* ccmp x1, x2 */
                0x7a4a0820u | cond << 12 | (~cond & 15), /* ccmp w1, #10 */
            };
            for (unsigned k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
                uint32_t w[3] = { 0, compares[c], ops[k] };
                check_words(ops[k], &w[1], 2, 12);
                if (make_equal(compares[c], w)) {
                    check_words(ops[k], w, 3, 3);
                }
            }
        }
    }
    group_end();
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    code_init(8 << 20);
    test_bcond();
    test_cbz();
    test_tbz();
    test_cmp_bcond();
    test_cmp_select();
    return 0;
}
