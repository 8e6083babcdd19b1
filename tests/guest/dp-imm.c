/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* Every A64 data-processing-immediate encoding class, generated: add and
 * subtract (with flags, SP forms, CMP/CMN), every valid logical bitmask
 * immediate, move wide, ADR/ADRP, every bit-field (SBFM/BFM/UBFM and so
 * LSL, LSR, ASR, SXT*, UXT*, BFI, BFXIL, UBFX...) and EXTR. Each is run
 * on pseudo-random edge values and NZCV; the output is one checksum per
 * group, to compare with qemu-aarch64 ("-v": one line per encoding). */
#include "dp-nolibc.h"

/* Register choices (d, n, m): distinct, and each kind of aliasing. */
static const int combos[][3] = {
    { 0, 1, 2 }, { 1, 1, 2 }, { 2, 1, 2 }, { 1, 1, 1 },
};
#define NB_COMBOS (int)(sizeof(combos) / sizeof(combos[0]))

static const uint32_t imm12s[] = { 0, 1, 2, 0x7f, 0x800, 0xabc, 0xfff };

static void test_addsub_imm(void)
{
    group_begin("addsub-imm");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t S = 0; S < 2; S++) {
                for (uint32_t sh = 0; sh < 2; sh++) {
                    for (unsigned k = 0; k < 7; k++) {
                        uint32_t base = sf << 31 | op << 30 | S << 29 |
                                        0x11000000u | sh << 22 |
                                        imm12s[k] << 10;
                        for (int c = 0; c < 2; c++) {
                            check_insn(base | combos[c][1] << 5 |
                                       combos[c][0], 4);
                        }
                        /* Rn = SP; Rd = SP (or XZR: CMP, CMN) */
                        check_insn_sp(base | 31 << 5 | 0, 4);
                        check_insn_sp(base | 1 << 5 | 31, 4);
                        check_insn_sp(base | 31 << 5 | 31, 4);
                    }
                }
            }
        }
    }
    group_end();
}

/* The reference DecodeBitMasks validity: an element size from the
 * highest set bit of N:NOT(imms), and not all ones. */
static int bitmask_valid(uint32_t sf, uint32_t n, uint32_t imms)
{
    uint32_t top = n << 6 | (~imms & 0x3f);
    int len = -1;
    if (!sf && n) {
        return 0;
    }
    for (int b = 6; b >= 0; b--) {
        if (top >> b & 1) {
            len = b;
            break;
        }
    }
    if (len < 1) {
        return 0;
    }
    uint32_t levels = (1u << len) - 1;
    return (imms & levels) != levels;
}

static void test_logic_imm(uint32_t opc, const char *name)
{
    group_begin(name);
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t n = 0; n < 2; n++) {
            for (uint32_t immr = 0; immr < 64; immr += QSTEP(11)) {
                for (uint32_t imms = 0; imms < 64; imms += QSTEP(5)) {
                    if (!bitmask_valid(sf, n, imms)) {
                        continue;
                    }
                    uint32_t base = sf << 31 | opc << 29 | 0x12000000u |
                                    n << 22 | immr << 16 | imms << 10;
                    check_insn(base | 1 << 5 | 0, 2);
                    /* Rd = SP (XZR for ANDS: TST), Rn = XZR (MOV) */
                    if (opc == 3) {
                        check_insn(base | 1 << 5 | 31, 1);
                    } else if ((immr & 7) == 0) {
                        check_insn_sp(base | 1 << 5 | 31, 1);
                    }
                    if ((imms & 3) == 0) {
                        check_insn(base | 31 << 5 | 1, 1);
                    }
                }
            }
        }
    }
    group_end();
}

static const uint32_t imm16s[] = { 0, 1, 0x7fff, 0x8000, 0xffff, 0x1234 };

static void test_movewide(void)
{
    group_begin("movewide");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t opc = 0; opc < 4; opc++) {
            if (opc == 1) {
                continue;
            }
            for (uint32_t hw = 0; hw < (sf ? 4u : 2u); hw++) {
                for (unsigned k = 0; k < 6; k++) {
                    uint32_t base = sf << 31 | opc << 29 | 0x12800000u |
                                    hw << 21 | imm16s[k] << 5;
                    check_insn(base | 1, 2);
                    check_insn(base | 31, 1);
                }
            }
        }
    }
    group_end();
}

/* Constants built by MOVZ/MOVN then MOVKs (emu folds such a run within
 * a block), mixing 32- and 64-bit forms and other registers between. */
static void test_movewide_chain(void)
{
    group_begin("movewide-chain");
    for (uint32_t k = 0; k < 64; k++) {
        uint32_t r = (uint32_t)rng();
        uint32_t w[5];
        int n = 0;
        uint32_t sf0 = k & 1, opc0 = k & 2 ? 2 : 0;
        w[n++] = sf0 << 31 | opc0 << 29 | 0x12800000u | (r & 0xffff) << 5 |
                 1u;
        for (int j = 0; j < 3; j++) {
            uint32_t sf = (k >> (2 + j)) & 1 ? sf0 : 1;
            uint32_t hw = (r >> (16 + 2 * j)) & (sf ? 3 : 1);
            uint32_t rd = (k >> 5) & 1 && j == 1 ? 2 : 1;
            w[n++] = sf << 31 | 3u << 29 | 0x12800000u | hw << 21 |
                     (((uint32_t)rng()) & 0xffff) << 5 | rd;
        }
        check_words(w[3], w, n, 1);
    }
    group_end();
}

/* ADR and ADRP results relative to the instruction's own address (or
 * page), so they do not depend on where the code was mapped. */
static void test_adr(void)
{
    static const uint32_t imms[] = {
        0, 1, 2, 3, 4, 0xfff, 0x1000, 0x7ffff, 0x80000, 0xfffff, 0x100000,
        0x1fffff, 0x155555, 0xaaaaa,
    };
    group_begin("adr");
    for (uint32_t op = 0; op < 2; op++) {
        for (unsigned k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
            for (int rd = 0; rd < 32; rd += 31) {
                uint32_t insn = op << 31 | (imms[k] & 3) << 29 |
                                0x10000000u | (imms[k] >> 2) << 5 | rd;
                const uint32_t *code = stub(&insn, 1);
                uint64_t pc = (uint64_t)(uintptr_t)code;
                uint64_t bias = op ? pc & ~(uint64_t)0xfff : pc;
                check_stub_bias(insn, code, 1, rd == 31 ? 0 : bias);
            }
        }
    }
    group_end();
}

static void test_bitfield(uint32_t opc, const char *name)
{
    group_begin(name);
    for (uint32_t sf = 0; sf < 2; sf++) {
        uint32_t lim = sf ? 64 : 32;
        for (uint32_t immr = 0; immr < lim; immr += QSTEP(7)) {
            for (uint32_t imms = 0; imms < lim; imms += QSTEP(5)) {
                uint32_t base = sf << 31 | opc << 29 | 0x13000000u |
                                sf << 22 | immr << 16 | imms << 10;
                check_insn(base | 1 << 5 | 0, 2);
                if (((immr ^ imms) & 3) == 0) {
                    check_insn(base | 1 << 5 | 1, 1);     /* Rd = Rn */
                    check_insn(base | 31 << 5 | 0, 1);    /* XZR: BFC */
                    check_insn(base | 1 << 5 | 31, 1);
                }
            }
        }
    }
    group_end();
}

static void test_extr(void)
{
    group_begin("extr");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t lsb = 0; lsb < (sf ? 64u : 32u); lsb++) {
            uint32_t base = sf << 31 | 0x13800000u | sf << 22 | lsb << 10;
            for (int c = 0; c < NB_COMBOS; c++) {
                check_insn(base | combos[c][2] << 16 | combos[c][1] << 5 |
                           combos[c][0], 3);
            }
            check_insn(base | 2 << 16 | 2 << 5 | 0, 2);    /* ROR */
            check_insn(base | 31 << 16 | 1 << 5 | 0, 1);
            check_insn(base | 2 << 16 | 31 << 5 | 0, 1);
        }
    }
    group_end();
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    code_init(8 << 20);
    test_addsub_imm();
    test_logic_imm(0, "and-imm");
    test_logic_imm(1, "orr-imm");
    test_logic_imm(2, "eor-imm");
    test_logic_imm(3, "ands-imm");
    test_movewide();
    test_movewide_chain();
    test_adr();
    test_bitfield(0, "sbfm");
    test_bitfield(1, "bfm");
    test_bitfield(2, "ubfm");
    test_extr();
    return 0;
}
