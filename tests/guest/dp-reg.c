/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* Every A64 data-processing-register encoding class, generated: logical
 * (shifted, with MOV/MVN/TST), add/subtract shifted and extended (SP
 * forms, NEG, CMP), ADC/SBC, conditional compare and select over every
 * condition and NZCV, one-, two- and three-source operations. Each runs
 * on pseudo-random edge values and NZCV; one checksum per group to
 * compare with qemu-aarch64 ("-v": one line per encoding). Then a few
 * results checked against known answers: division corner cases and the
 * CRC32/CRC32C check values. */
#include "dp-nolibc.h"

/* CRC32 is optional in ARMv8.0: tell the assembler it is there. */
__asm__(".arch_extension crc");

/* (d, n, m): distinct, aliased, and XZR in each place. */
static const int combos[][3] = {
    { 0, 1, 2 }, { 1, 1, 2 }, { 2, 1, 2 }, { 1, 1, 1 },
    { 0, 31, 2 }, { 0, 1, 31 }, { 31, 1, 2 },
};
#define NB_COMBOS (int)(sizeof(combos) / sizeof(combos[0]))

static uint32_t regs3(const int *c)
{
    return (uint32_t)c[2] << 16 | (uint32_t)c[1] << 5 | (uint32_t)c[0];
}

static void test_logic_reg(void)
{
    group_begin("logic-reg");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t opc = 0; opc < 4; opc++) {
            for (uint32_t n = 0; n < 2; n++) {
                for (uint32_t sh = 0; sh < 4; sh++) {
                    for (uint32_t imm = 0; imm < (sf ? 64u : 32u);
                         imm += QSTEP(11)) {
                        uint32_t base = sf << 31 | opc << 29 | 0x0a000000u |
                                        sh << 22 | n << 21 | imm << 10;
                        for (int c = 0; c < NB_COMBOS; c += QSTEP(3)) {
                            if (c == 0 || (imm % 7) == 0) {
                                check_insn(base | regs3(combos[c]), 2);
                            }
                        }
                    }
                }
            }
        }
    }
    group_end();
}

static void test_addsub_shift(void)
{
    group_begin("addsub-shift");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t S = 0; S < 2; S++) {
                for (uint32_t sh = 0; sh < 3; sh++) {
                    for (uint32_t imm = 0; imm < (sf ? 64u : 32u);
                         imm += QSTEP(11)) {
                        uint32_t base = sf << 31 | op << 30 | S << 29 |
                                        0x0b000000u | sh << 22 | imm << 10;
                        for (int c = 0; c < NB_COMBOS; c += QSTEP(3)) {
                            if (c == 0 || (imm % 5) == 0) {
                                check_insn(base | regs3(combos[c]), 3);
                            }
                        }
                    }
                }
            }
        }
    }
    group_end();
}

static void test_addsub_ext(void)
{
    group_begin("addsub-ext");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t S = 0; S < 2; S++) {
                for (uint32_t opt = 0; opt < 8; opt++) {
                    for (uint32_t imm = 0; imm <= 4; imm++) {
                        uint32_t base = sf << 31 | op << 30 | S << 29 |
                                        0x0b200000u | opt << 13 | imm << 10;
                        check_insn(base | regs3(combos[0]), 4);
                        check_insn(base | regs3(combos[1]), 2);
                        check_insn(base | regs3(combos[2]), 2);
                        check_insn(base | 31 << 16 | 1 << 5 | 0, 2);
                        /* Rn = SP; Rd = SP, or XZR with flags */
                        check_insn_sp(base | 2 << 16 | 31 << 5 | 0, 2);
                        check_insn_sp(base | 2 << 16 | 1 << 5 | 31, 2);
                    }
                }
            }
        }
    }
    group_end();
}

static void test_adc(void)
{
    group_begin("adc-sbc");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t S = 0; S < 2; S++) {
                uint32_t base = sf << 31 | op << 30 | S << 29 | 0x1a000000u;
                for (int c = 0; c < NB_COMBOS; c++) {
                    check_insn(base | regs3(combos[c]), 64);
                }
            }
        }
    }
    group_end();
}

static void test_ccmp(void)
{
    group_begin("ccmp");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t cond = 0; cond < 16; cond += QSTEP(3)) {
                for (uint32_t nzcv = 0; nzcv < 16; nzcv += QSTEP(5)) {
                    uint32_t base = sf << 31 | op << 30 | 0x3a400000u |
                                    cond << 12 | nzcv;
                    check_insn(base | 2 << 16 | 1 << 5, 6);
                    check_insn(base | (nzcv * 2 + cond) % 32 << 16 |
                               1 << 11 | 1 << 5, 6);
                    if (nzcv % 5 == 0) {
                        check_insn(base | 31 << 16 | 31 << 5, 2);
                        check_insn(base | 0x1f << 16 | 1 << 11 | 2 << 5, 2);
                    }
                }
            }
        }
    }
    group_end();
}

static void test_csel(void)
{
    group_begin("csel");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t op = 0; op < 2; op++) {
            for (uint32_t op2 = 0; op2 < 2; op2++) {
                for (uint32_t cond = 0; cond < 16; cond++) {
                    uint32_t base = sf << 31 | op << 30 | 0x1a800000u |
                                    cond << 12 | op2 << 10;
                    for (int c = 0; c < NB_COMBOS; c++) {
                        check_insn(base | regs3(combos[c]), 8);
                    }
                    /* CSET, CSETM; CINC, CINV, CNEG */
                    check_insn(base | 31 << 16 | 31 << 5 | 0, 8);
                    check_insn(base | 2 << 16 | 2 << 5 | 0, 8);
                }
            }
        }
    }
    group_end();
}

static void test_2src(void)
{
    static const uint32_t opcodes[] = {
        0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b,     /* UDIV..RORV */
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,  /* CRC32* */
    };
    group_begin("2src");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (unsigned k = 0; k < sizeof(opcodes) / 4; k++) {
            uint32_t opc = opcodes[k];
            if (opc >= 0x10 && sf != ((opc & 3) == 3)) {
                continue;
            }
            uint32_t base = sf << 31 | 0x1ac00000u | opc << 10;
            for (int c = 0; c < NB_COMBOS; c++) {
                check_insn(base | regs3(combos[c]), 48);
            }
        }
    }
    group_end();
}

static void test_1src(void)
{
    group_begin("1src");
    for (uint32_t sf = 0; sf < 2; sf++) {
        for (uint32_t opc = 0; opc < 6; opc++) {
            if (!sf && opc == 3) {
                continue;
            }
            uint32_t base = sf << 31 | 0x5ac00000u | opc << 10;
            check_insn(base | 1 << 5 | 0, 48);
            check_insn(base | 1 << 5 | 1, 16);
            check_insn(base | 31 << 5 | 0, 2);
            check_insn(base | 1 << 5 | 31, 2);
        }
    }
    group_end();
}

static void test_3src(void)
{
    /* sf, op31, o0 of the allocated forms */
    static const uint32_t forms[][3] = {
        { 0, 0, 0 }, { 0, 0, 1 }, { 1, 0, 0 }, { 1, 0, 1 },
        { 1, 1, 0 }, { 1, 1, 1 }, { 1, 2, 0 }, { 1, 5, 0 }, { 1, 5, 1 },
        { 1, 6, 0 },
    };
    static const int regs4[][4] = {     /* d, n, m, a */
        { 0, 1, 2, 3 }, { 1, 1, 2, 3 }, { 3, 1, 2, 3 }, { 0, 1, 1, 1 },
        { 0, 1, 2, 31 }, { 2, 1, 2, 31 }, { 0, 31, 2, 3 }, { 31, 1, 2, 3 },
    };
    group_begin("3src");
    for (unsigned f = 0; f < sizeof(forms) / sizeof(forms[0]); f++) {
        uint32_t base = forms[f][0] << 31 | 0x1b000000u | forms[f][1] << 21 |
                        forms[f][2] << 15;
        for (unsigned r = 0; r < sizeof(regs4) / sizeof(regs4[0]); r++) {
            check_insn(base | (uint32_t)regs4[r][2] << 16 |
                       (uint32_t)regs4[r][3] << 10 |
                       (uint32_t)regs4[r][1] << 5 | (uint32_t)regs4[r][0],
                       24);
        }
    }
    group_end();
}

/* ---- Known answers ----------------------------------------------------- */

static uint64_t sdiv64(uint64_t n, uint64_t m)
{
    uint64_t d;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(d) : "r"(n), "r"(m));
    return d;
}

static uint64_t udiv64(uint64_t n, uint64_t m)
{
    uint64_t d;
    __asm__ volatile("udiv %0, %1, %2" : "=r"(d) : "r"(n), "r"(m));
    return d;
}

static uint64_t sdiv32(uint64_t n, uint64_t m)
{
    uint64_t d;
    __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(d) : "r"(n), "r"(m));
    return d;
}

static uint64_t udiv32(uint64_t n, uint64_t m)
{
    uint64_t d;
    __asm__ volatile("udiv %w0, %w1, %w2" : "=r"(d) : "r"(n), "r"(m));
    return d;
}

static void known_division(void)
{
    expect("sdiv x INT64_MIN/-1", sdiv64(1ull << 63, ~0ull), 1ull << 63);
    expect("sdiv x 7/0", sdiv64(7, 0), 0);
    expect("sdiv x -7/2", sdiv64(-7ull, 2), -3ull);
    expect("sdiv x 7/-2", sdiv64(7, -2ull), -3ull);
    expect("udiv x 7/0", udiv64(7, 0), 0);
    expect("udiv x ~0/3", udiv64(~0ull, 3), 0x5555555555555555ull);
    expect("sdiv w INT32_MIN/-1", sdiv32(0xffffffff80000000ull, ~0ull),
           0x80000000ull);
    expect("sdiv w 7/0", sdiv32(7, 0), 0);
    expect("sdiv w -7/2 (hi junk)", sdiv32(0x12345678fffffff9ull, 2),
           0xfffffffdull);
    expect("udiv w ~0/1 (hi junk)", udiv32(0xabcdef00ffffffffull,
                                           0x1234500000001ull),
           0xffffffffull);
}

static uint32_t crc_bytes(const char *s, int castagnoli)
{
    uint32_t crc = ~0u;
    for (; *s; s++) {
        uint32_t b = (uint8_t)*s;
        if (castagnoli) {
            __asm__ volatile("crc32cb %w0, %w0, %w1" : "+r"(crc) : "r"(b));
        } else {
            __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(crc) : "r"(b));
        }
    }
    return ~crc;
}

static void known_crc(void)
{
    uint32_t crc = ~0u;
    uint64_t x = 0x3837363534333231ull;       /* "12345678" */
    expect("crc32 check value", crc_bytes("123456789", 0), 0xcbf43926);
    expect("crc32c check value", crc_bytes("123456789", 1), 0xe3069283);
    /* The same through X, W, H and B: "12345678" then "9". */
    __asm__ volatile("crc32x %w0, %w0, %1" : "+r"(crc) : "r"(x));
    __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(crc) : "r"(0x39u));
    expect("crc32x+b check value", ~crc, 0xcbf43926);
    crc = ~0u;
    __asm__ volatile("crc32cw %w0, %w0, %w1" : "+r"(crc) : "r"(0x34333231u));
    __asm__ volatile("crc32ch %w0, %w0, %w1" : "+r"(crc) : "r"(0x3635u));
    __asm__ volatile("crc32ch %w0, %w0, %w1" : "+r"(crc) : "r"(0x3837u));
    __asm__ volatile("crc32cb %w0, %w0, %w1" : "+r"(crc) : "r"(0x39u));
    expect("crc32cw+h+b check value", ~crc, 0xe3069283);
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    code_init(16 << 20);
    test_logic_reg();
    test_addsub_shift();
    test_addsub_ext();
    test_adc();
    test_ccmp();
    test_csel();
    test_2src();
    test_1src();
    test_3src();
    known_division();
    known_crc();
    return finish();
}
