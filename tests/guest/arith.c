/* guest-cflags: -march=armv8-a+crc */
/* Self-checking integer arithmetic: every A64 data-processing operation
 * a C compiler emits (and some only inline assembly reaches) over a grid
 * of edge values, folded into one checksum per operation. */
#include <limits.h>
#include <stdlib.h>
#include "guest-util.h"

/* The expected checksums come from the same program built for the host
 * (where the A64-only operations use the reference code below), so a
 * failure means the guest CPU computed something else. Regenerate them
 * with: cc -O2 tests/guest/arith.c -o /tmp/a &&
 *       /tmp/a --table >tests/guest/arith-expected.h
 * "arith --quick" runs every operation on an eighth of the grid and only
 * prints the sums: short enough for a lockstep register trace. */

static const uint64_t vals[] = {
    0, 1, 2, 3, 5, 7, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xff, 0x100,
    0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0x80000001,
    0xffffffff, 0x100000000ull, 0x123456789abcdef0ull,
    0xfedcba9876543210ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x8000000000000001ull, 0xfffffffffffffffeull, 0xffffffffffffffffull,
    0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull, 0x00000000deadbeefull,
};
#define NVALS (sizeof vals / sizeof vals[0])

/* ---- operations with a plain C spelling (the compiler picks the
 * instruction: ADD, SUB, MADD, UMULH, CSEL, UBFX, BFI, ...) ---- */

#define C_OPS(X)                                                         \
    X(add, a + b)                                                        \
    X(sub, a - b)                                                        \
    X(mul, a * b)                                                        \
    X(and, a & b)                                                        \
    X(orr, a | b)                                                        \
    X(eor, a ^ b)                                                        \
    X(bic, a & ~b)                                                       \
    X(orn, a | ~b)                                                       \
    X(eon, a ^ ~b)                                                       \
    X(neg, -a + (b & 1))                                                 \
    X(lsl, a << (b & 63))                                                \
    X(lsr, a >> (b & 63))                                                \
    X(asr, (uint64_t)((int64_t)a >> (b & 63)))                           \
    X(ror, (b & 63) ? a >> (b & 63) | a << (64 - (b & 63)) : a)          \
    X(lsl_imm, a << 13 ^ a << 1 ^ a << 63)                               \
    X(asr_imm, (uint64_t)((int64_t)a >> 7 ^ (int64_t)b >> 63))           \
    X(add_shift, a + (b << 12) - (b >> 3))                               \
    X(add_sxtb, a + (uint64_t)(int64_t)(int8_t)b)                        \
    X(add_sxth, a + (uint64_t)(int64_t)(int16_t)b)                       \
    X(add_sxtw, a + (uint64_t)(int64_t)(int32_t)b)                       \
    X(sub_uxtb, a - (uint8_t)b)                                          \
    X(sub_uxth, a - (uint16_t)b)                                         \
    X(add_uxtw_lsl, a + ((uint64_t)(uint32_t)b << 3))                    \
    X(add_imm, a + 0x123000 + 0xabc)                                     \
    X(logic_imm, (a & 0x5555555555555555ull) ^ (b | 0xff00ff00ff00ff00ull) \
                 ^ (a & 0x0000fffffff00000ull))                          \
    X(umulh, (uint64_t)(((unsigned __int128)a * b) >> 64))               \
    X(smulh, (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64))      \
    X(madd, a * b + (a ^ b))                                             \
    X(msub, (a ^ b) - a * b)                                             \
    X(smull, (uint64_t)((int64_t)(int32_t)a * (int32_t)b))               \
    X(umull, (uint64_t)(uint32_t)a * (uint32_t)b)                        \
    X(smaddl, (uint64_t)((int64_t)(int32_t)a * (int32_t)b) + a)          \
    X(umsubl, b - (uint64_t)(uint32_t)a * (uint32_t)b)                   \
    X(csel, (int64_t)a < (int64_t)b ? a : b)                             \
    X(csinc, a > b ? a : b + 1)                                          \
    X(csinv, a == b ? a : ~b)                                            \
    X(csneg, (int64_t)a >= (int64_t)b ? a : -b)                          \
    X(cset, (uint64_t)(a <= b) + ((uint64_t)((int64_t)a > 0) << 1))      \
    X(ubfx, (a >> 7) & 0x1ff)                                            \
    X(sbfx, (uint64_t)((int64_t)(a << 20) >> 50))                        \
    X(bfi, (a & ~0xff00ull) | ((b & 0xff) << 8))                         \
    X(bfxil, (a & ~0xfffull) | ((b >> 20) & 0xfff))                      \
    X(w_add, (uint32_t)a + (uint32_t)b)                                  \
    X(w_sub, (uint32_t)a - (uint32_t)b)                                  \
    X(w_mul, (uint32_t)a * (uint32_t)b)                                  \
    X(w_lsl, (uint32_t)a << (b & 31))                                    \
    X(w_lsr, (uint32_t)a >> (b & 31))                                    \
    X(w_asr, (uint32_t)((int32_t)a >> (b & 31)))                         \
    X(w_ror, (b & 31) ? (uint32_t)a >> (b & 31) |                        \
                        (uint32_t)a << (32 - (b & 31)) : (uint32_t)a)    \
    X(w_logic_imm, ((uint32_t)a & 0x33333333u) | ((uint32_t)b ^ 0xf0f0f0f0u)) \
    X(w_madd, (uint32_t)a * (uint32_t)b + (uint32_t)(a >> 32))           \
    X(w_csel, (int32_t)a < (int32_t)b ? (uint32_t)b : (uint32_t)a)       \
    X(w_ubfx, ((uint32_t)a >> 3) & 0x7ff)                                \
    X(w_sbfx, (uint32_t)((int32_t)((uint32_t)a << 4) >> 24))             \
    X(sext, (uint64_t)(int64_t)(int8_t)a ^ (uint64_t)(int64_t)(int16_t)b \
            ^ (uint64_t)(int64_t)(int32_t)(a >> 3))                      \
    X(zext, (uint64_t)(uint8_t)a ^ (uint64_t)(uint16_t)b << 8            \
            ^ (uint64_t)(uint32_t)(a >> 5) << 16)

#define DEFINE_C_OP(name, expr)                                          \
    static uint64_t op_##name(uint64_t a, uint64_t b)                    \
    {                                                                    \
        (void)a, (void)b;                                                \
        return expr;                                                     \
    }
C_OPS(DEFINE_C_OP)

/* ---- operations C cannot express with A64's semantics (division by
 * zero, flags, bit reversal, CRC): inline assembly on the guest, a
 * reference for the host that computes the table ---- */

/* One line per operation: op_NAME(a, b) returns EXPR. */
#define OP(name, expr)                                                   \
    static uint64_t op_##name(uint64_t a, uint64_t b) { return expr; }

#ifdef __aarch64__
#define ASM2(insn, a, b)                                                 \
    ({                                                                   \
        uint64_t r_;                                                     \
        __asm__(insn " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));         \
        r_;                                                              \
    })
#define ASM2W(insn, a, b)                                                \
    ({                                                                   \
        uint64_t r_;                                                     \
        __asm__(insn " %w0, %w1, %w2" : "=r"(r_) : "r"(a), "r"(b));      \
        r_;                                                              \
    })
#define ASM1(insn, a)                                                    \
    ({ uint64_t r_; __asm__(insn " %0, %1" : "=r"(r_) : "r"(a)); r_; })
#define ASM1W(insn, a)                                                   \
    ({ uint64_t r_; __asm__(insn " %w0, %w1" : "=r"(r_) : "r"(a)); r_; })

OP(udiv, ASM2("udiv", a, b))
OP(sdiv, ASM2("sdiv", a, b))
OP(w_udiv, ASM2W("udiv", a, b))
OP(w_sdiv, ASM2W("sdiv", a, b))
static uint64_t op_srem(uint64_t a, uint64_t b)
{
    uint64_t q, r;
    __asm__("sdiv %0, %2, %3\n\tmsub %1, %0, %3, %2"
            : "=&r"(q), "=r"(r) : "r"(a), "r"(b));
    return r;
}
static uint64_t op_urem(uint64_t a, uint64_t b)
{
    uint64_t q, r;
    __asm__("udiv %0, %2, %3\n\tmsub %1, %0, %3, %2"
            : "=&r"(q), "=r"(r) : "r"(a), "r"(b));
    return r;
}
OP(clz, ASM1("clz", a ^ b))
OP(cls, ASM1("cls", a ^ b))
OP(rbit, ASM1("rbit", a ^ b))
OP(rev, ASM1("rev", a ^ b))
OP(rev16, ASM1("rev16", a ^ b))
OP(rev32, ASM1("rev32", a ^ b))
OP(w_clz, ASM1W("clz", a ^ b))
OP(w_cls, ASM1W("cls", a ^ b))
OP(w_rbit, ASM1W("rbit", a ^ b))
OP(w_rev, ASM1W("rev", a ^ b))
OP(w_rev16, ASM1W("rev16", a ^ b))

/* Flag-setting forms: result and NZCV (read back with MRS). */
#define FLAGS_OP(name, body)                                             \
    static uint64_t op_##name(uint64_t a, uint64_t b)                    \
    {                                                                    \
        uint64_t r, f;                                                   \
        __asm__(body "\n\tmrs %1, nzcv"                                  \
                : "=&r"(r), "=r"(f) : "r"(a), "r"(b) : "cc");            \
        return mix64(r, f);                                              \
    }
FLAGS_OP(adds, "adds %0, %2, %3")
FLAGS_OP(subs, "subs %0, %2, %3")
FLAGS_OP(ands, "ands %0, %2, %3")
FLAGS_OP(bics, "bics %0, %2, %3")
FLAGS_OP(w_adds, "adds %w0, %w2, %w3")
FLAGS_OP(w_subs, "subs %w0, %w2, %w3")
FLAGS_OP(w_ands, "ands %w0, %w2, %w3")
FLAGS_OP(adcs0, "msr nzcv, xzr\n\tadcs %0, %2, %3")
FLAGS_OP(sbcs0, "msr nzcv, xzr\n\tsbcs %0, %2, %3")
FLAGS_OP(w_adcs0, "msr nzcv, xzr\n\tadcs %w0, %w2, %w3")
FLAGS_OP(w_sbcs0, "msr nzcv, xzr\n\tsbcs %w0, %w2, %w3")
FLAGS_OP(adcs1, "mov %0, #0x20000000\n\tmsr nzcv, %0\n\tadcs %0, %2, %3")
FLAGS_OP(sbcs1, "mov %0, #0x20000000\n\tmsr nzcv, %0\n\tsbcs %0, %2, %3")
FLAGS_OP(w_adcs1, "mov %0, #0x20000000\n\tmsr nzcv, %0\n\tadcs %w0, %w2, %w3")
FLAGS_OP(w_sbcs1, "mov %0, #0x20000000\n\tmsr nzcv, %0\n\tsbcs %w0, %w2, %w3")
FLAGS_OP(adc_ngc, "mov %0, #0x20000000\n\tmsr nzcv, %0\n\tadc %0, %2, %3\n\t"
                  "cmp %2, %3\n\tngc %0, %0")
FLAGS_OP(ccmp_lt, "cmp %2, %3\n\tccmp %2, #5, #0xa, lt\n\tcset %0, hi")
FLAGS_OP(ccmp_eq, "cmp %2, %3\n\tccmp %3, %2, #0x5, eq\n\tcset %0, ge")
FLAGS_OP(ccmn_hs, "cmp %2, %3\n\tccmn %2, %3, #0x3, hs\n\tcset %0, vs")
FLAGS_OP(w_ccmp_ne, "cmp %w2, %w3\n\tccmp %w2, #31, #0xc, ne\n\tcset %0, le")
FLAGS_OP(cmn_imm, "cmn %2, #0x7ff\n\tcsinc %0, %2, %3, mi")

/* Operations that leave the flags alone: only the result counts. */
#define RES_OP(name, body)                                               \
    static uint64_t op_##name(uint64_t a, uint64_t b)                    \
    {                                                                    \
        uint64_t r;                                                      \
        __asm__(body : "=&r"(r) : "r"(a), "r"(b));                       \
        return r;                                                        \
    }
RES_OP(extr, "extr %0, %1, %2, #13")
RES_OP(extr63, "extr %0, %1, %2, #63\n\textr %0, %0, %0, #1")
RES_OP(w_extr, "extr %w0, %w1, %w2, #7")
RES_OP(crc32b, "crc32b %w0, %w1, %w2")
RES_OP(crc32h, "crc32h %w0, %w1, %w2")
RES_OP(crc32w, "crc32w %w0, %w1, %w2")
RES_OP(crc32x, "crc32x %w0, %w1, %2")
RES_OP(crc32cb, "crc32cb %w0, %w1, %w2")
RES_OP(crc32ch, "crc32ch %w0, %w1, %w2")
RES_OP(crc32cw, "crc32cw %w0, %w1, %w2")
RES_OP(crc32cx, "crc32cx %w0, %w1, %2")

#else /* the host's reference: what the A64 pseudocode says */

static uint32_t nzcv_pack(int n, int z, int c, int v)
{
    return (uint32_t)n << 31 | (uint32_t)z << 30 | (uint32_t)c << 29 |
           (uint32_t)v << 28;
}


OP(udiv, b ? a / b : 0)
static uint64_t op_sdiv(uint64_t a, uint64_t b)
{
    if (!b) return 0;
    if ((int64_t)a == INT64_MIN && (int64_t)b == -1) return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}
static uint64_t op_w_udiv(uint64_t a, uint64_t b)
{
    return (uint32_t)b ? (uint32_t)a / (uint32_t)b : 0;
}
static uint64_t op_w_sdiv(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (!y) return 0;
    if (x == INT32_MIN && y == -1) return (uint32_t)x;
    return (uint32_t)(x / y);
}
OP(srem, a - op_sdiv(a, b) * b)
OP(urem, a - op_udiv(a, b) * b)
static uint64_t clz_n(uint64_t x, int n)
{
    int c = 0;
    for (int i = n - 1; i >= 0 && !(x >> i & 1); i--) c++;
    return c;
}
static uint64_t cls_n(uint64_t x, int n)
{
    uint64_t top = x >> (n - 1) & 1;
    int c = 0;
    for (int i = n - 2; i >= 0 && (x >> i & 1) == top; i--) c++;
    return c;
}
static uint64_t rbit_n(uint64_t x, int n)
{
    uint64_t r = 0;
    for (int i = 0; i < n; i++) if (x >> i & 1) r |= 1ull << (n - 1 - i);
    return r;
}
static uint64_t revbytes(uint64_t x, int container, int n)
{
    /* Reverse the bytes inside each container of CONTAINER bytes. */
    uint64_t r = 0;
    for (int i = 0; i < n / 8; i++) {
        int c = i / container, k = i % container;
        int j = c * container + (container - 1 - k);
        r |= (x >> (8 * i) & 0xff) << (8 * j);
    }
    return r;
}
#define M32(x) ((x) & 0xffffffffull)
OP(clz, clz_n(a ^ b, 64))
OP(cls, cls_n(a ^ b, 64))
OP(rbit, rbit_n(a ^ b, 64))
OP(rev, revbytes(a ^ b, 8, 64))
OP(rev16, revbytes(a ^ b, 2, 64))
OP(rev32, revbytes(a ^ b, 4, 64))
OP(w_clz, clz_n(M32(a ^ b), 32))
OP(w_cls, cls_n(M32(a ^ b), 32))
OP(w_rbit, rbit_n(M32(a ^ b), 32))
OP(w_rev, revbytes(M32(a ^ b), 4, 32))
OP(w_rev16, revbytes(M32(a ^ b), 2, 32))

/* AddWithCarry from the pseudocode, for 32 or 64 bits. */
static uint64_t awc(uint64_t x, uint64_t y, int cin, int n, uint32_t *nzcv)
{
    uint64_t mask = n == 64 ? ~0ull : 0xffffffffull;
    x &= mask;
    y &= mask;
    unsigned __int128 us = (unsigned __int128)x + y + cin;
    uint64_t r = (uint64_t)us & mask;
    int sign = n - 1;
    __int128 sx = (int64_t)(x << (64 - n)) >> (64 - n);
    __int128 sy = (int64_t)(y << (64 - n)) >> (64 - n);
    __int128 ss = sx + sy + cin;
    __int128 sr = (int64_t)(r << (64 - n)) >> (64 - n);
    *nzcv = nzcv_pack(r >> sign & 1, r == 0, us != r, ss != sr);
    return r;
}
static uint64_t with_flags(uint64_t r, uint32_t f) { return mix64(r, f); }
static uint32_t logic_flags(uint64_t r, int n)
{
    return nzcv_pack(r >> (n - 1) & 1, r == 0, 0, 0);
}
static uint64_t op_adds(uint64_t a, uint64_t b)
{
    uint32_t f; uint64_t r = awc(a, b, 0, 64, &f); return with_flags(r, f);
}
static uint64_t op_subs(uint64_t a, uint64_t b)
{
    uint32_t f; uint64_t r = awc(a, ~b, 1, 64, &f); return with_flags(r, f);
}
static uint64_t op_ands(uint64_t a, uint64_t b)
{
    return with_flags(a & b, logic_flags(a & b, 64));
}
static uint64_t op_bics(uint64_t a, uint64_t b)
{
    return with_flags(a & ~b, logic_flags(a & ~b, 64));
}
static uint64_t op_w_adds(uint64_t a, uint64_t b)
{
    uint32_t f; uint64_t r = awc(a, b, 0, 32, &f); return with_flags(r, f);
}
static uint64_t op_w_subs(uint64_t a, uint64_t b)
{
    uint32_t f; uint64_t r = awc(a, ~b, 1, 32, &f); return with_flags(r, f);
}
static uint64_t op_w_ands(uint64_t a, uint64_t b)
{
    uint64_t r = M32(a & b);
    return with_flags(r, logic_flags(r, 32));
}
#define ADC_REF(name, n, inv, c)                                         \
    static uint64_t op_##name(uint64_t a, uint64_t b)                    \
    {                                                                    \
        uint32_t f;                                                      \
        uint64_t r = awc(a, inv ? ~b : b, c, n, &f);                     \
        return with_flags(r, f);                                         \
    }
ADC_REF(adcs0, 64, 0, 0)
ADC_REF(sbcs0, 64, 1, 0)
ADC_REF(w_adcs0, 32, 0, 0)
ADC_REF(w_sbcs0, 32, 1, 0)
ADC_REF(adcs1, 64, 0, 1)
ADC_REF(sbcs1, 64, 1, 1)
ADC_REF(w_adcs1, 32, 0, 1)
ADC_REF(w_sbcs1, 32, 1, 1)
static int cond_holds(uint32_t f, const char *cond)
{
    int n = f >> 31 & 1, z = f >> 30 & 1, c = f >> 29 & 1, v = f >> 28 & 1;
    if (!strcmp(cond, "eq")) return z;
    if (!strcmp(cond, "ne")) return !z;
    if (!strcmp(cond, "hs")) return c;
    if (!strcmp(cond, "mi")) return n;
    if (!strcmp(cond, "vs")) return v;
    if (!strcmp(cond, "hi")) return c && !z;
    if (!strcmp(cond, "ge")) return n == v;
    if (!strcmp(cond, "lt")) return n != v;
    if (!strcmp(cond, "le")) return z || n != v;
    abort();
}
static uint64_t op_adc_ngc(uint64_t a, uint64_t b)
{
    uint32_t f, f2;
    uint64_t r = awc(a, b, 1, 64, &f);
    awc(a, ~b, 1, 64, &f2);
    r = awc(0, ~r, f2 >> 29 & 1, 64, &f);
    return with_flags(r, f2);
}
static uint64_t op_ccmp_lt(uint64_t a, uint64_t b)
{
    uint32_t f;
    awc(a, ~b, 1, 64, &f);
    if (cond_holds(f, "lt")) awc(a, ~5ull, 1, 64, &f); else f = 0xa0000000;
    return with_flags(cond_holds(f, "hi"), f);
}
static uint64_t op_ccmp_eq(uint64_t a, uint64_t b)
{
    uint32_t f;
    awc(a, ~b, 1, 64, &f);
    if (cond_holds(f, "eq")) awc(b, ~a, 1, 64, &f); else f = 0x50000000;
    return with_flags(cond_holds(f, "ge"), f);
}
static uint64_t op_ccmn_hs(uint64_t a, uint64_t b)
{
    uint32_t f;
    awc(a, ~b, 1, 64, &f);
    if (cond_holds(f, "hs")) awc(a, b, 0, 64, &f); else f = 0x30000000;
    return with_flags(cond_holds(f, "vs"), f);
}
static uint64_t op_w_ccmp_ne(uint64_t a, uint64_t b)
{
    uint32_t f;
    awc(a, ~b, 1, 32, &f);
    if (cond_holds(f, "ne")) awc(a, ~31ull, 1, 32, &f); else f = 0xc0000000;
    return with_flags(cond_holds(f, "le"), f);
}
static uint64_t op_cmn_imm(uint64_t a, uint64_t b)
{
    uint32_t f;
    awc(a, 0x7ff, 0, 64, &f);
    return with_flags(cond_holds(f, "mi") ? a : b + 1, f);
}
static uint64_t op_extr(uint64_t a, uint64_t b)
{
    return (a << 51) | (b >> 13);
}
static uint64_t op_extr63(uint64_t a, uint64_t b)
{
    uint64_t r = (a << 1) | (b >> 63);
    return (r >> 1) | (r << 63);
}
static uint64_t op_w_extr(uint64_t a, uint64_t b)
{
    return M32((M32(a) << 25) | (M32(b) >> 7));
}
static uint32_t crc_bits(uint32_t crc, uint64_t data, int bits, uint32_t poly)
{
    for (int i = 0; i < bits; i++) {
        int bit = (crc ^ (uint32_t)(data >> i)) & 1;
        crc = (crc >> 1) ^ (bit ? poly : 0);
    }
    return crc;
}
#define CRC_REF(name, bits, poly)                                        \
    static uint64_t op_##name(uint64_t a, uint64_t b)                    \
    {                                                                    \
        return crc_bits((uint32_t)a, b, bits, poly);                     \
    }
CRC_REF(crc32b, 8, 0xedb88320u)
CRC_REF(crc32h, 16, 0xedb88320u)
CRC_REF(crc32w, 32, 0xedb88320u)
CRC_REF(crc32x, 64, 0xedb88320u)
CRC_REF(crc32cb, 8, 0x82f63b78u)
CRC_REF(crc32ch, 16, 0x82f63b78u)
CRC_REF(crc32cw, 32, 0x82f63b78u)
CRC_REF(crc32cx, 64, 0x82f63b78u)
#endif

/* ---- operations whose checksum folds more than one result ---- */

struct bits {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 12;
    signed d : 17;
    unsigned long e : 27;
    signed long f : 33;
    unsigned g : 1;
};

static uint64_t op_bitfields(uint64_t a, uint64_t b)
{
    volatile struct bits s = {0};
    s.a = a; s.b = b; s.c = a >> 7; s.d = b >> 3; s.e = a ^ b;
    s.f = (int64_t)(a * 3); s.g = b >> 63;
    uint64_t h = 0;
    h = mix64(h, s.a); h = mix64(h, (uint64_t)(int64_t)s.b);
    h = mix64(h, s.c); h = mix64(h, (uint64_t)(int64_t)s.d);
    h = mix64(h, s.e); h = mix64(h, (uint64_t)(int64_t)s.f);
    h = mix64(h, s.g);
    s.c += s.a; s.d -= s.b; s.b++; s.f ^= s.d;
    h = mix64(h, s.c); h = mix64(h, (uint64_t)(int64_t)s.d);
    h = mix64(h, (uint64_t)(int64_t)s.b); h = mix64(h, (uint64_t)(int64_t)s.f);
    return h;
}

static uint64_t op_overflow(uint64_t a, uint64_t b)
{
    uint64_t h = 0, u;
    int64_t s;
    int32_t s32;
    uint32_t u32;
#define OV(builtin, type, var)                                           \
    h = mix64(h, builtin((type)a, (type)b, &var));                       \
    h = mix64(h, (uint64_t)var)
    OV(__builtin_add_overflow, int64_t, s);
    OV(__builtin_sub_overflow, int64_t, s);
    OV(__builtin_mul_overflow, int64_t, s);
    OV(__builtin_add_overflow, uint64_t, u);
    OV(__builtin_sub_overflow, uint64_t, u);
    OV(__builtin_mul_overflow, uint64_t, u);
    OV(__builtin_add_overflow, int32_t, s32);
    OV(__builtin_mul_overflow, int32_t, s32);
    OV(__builtin_sub_overflow, uint32_t, u32);
    OV(__builtin_mul_overflow, uint32_t, u32);
#undef OV
    return h;
}

/* 128-bit arithmetic: ADDS/ADC, SUBS/SBC, MUL/UMULH chains. */
static uint64_t op_int128(uint64_t a, uint64_t b)
{
    unsigned __int128 x = (unsigned __int128)a << 64 | b;
    unsigned __int128 y = (unsigned __int128)b << 64 | (a ^ 0x5a5a);
    unsigned __int128 s = x + y, d = x - y, p = x * y;
    __int128 q = (__int128)x >> 70;
    uint64_t h = mix64(0, (uint64_t)s);
    h = mix64(h, (uint64_t)(s >> 64));
    h = mix64(h, (uint64_t)d); h = mix64(h, (uint64_t)(d >> 64));
    h = mix64(h, (uint64_t)p); h = mix64(h, (uint64_t)(p >> 64));
    h = mix64(h, (uint64_t)q); h = mix64(h, (uint64_t)(q >> 64));
    h = mix64(h, x < y); h = mix64(h, (__int128)x < (__int128)y);
    return h;
}

/* Constants the compiler builds with MOVZ/MOVN/MOVK or ORR immediates. */
static uint64_t op_constants(uint64_t a, uint64_t b)
{
    uint64_t h = a;
    h = mix64(h, 0x12340000abcd0000ull + b);
    h = mix64(h, 0xffffffffffff1234ull ^ b);
    h = mix64(h, 0xffff0000ffff0000ull & b);
    h = mix64(h, 0x0123456789abcdefull - b);
    h = mix64(h, (uint32_t)0xfffe0000u | (uint32_t)b);
    h = mix64(h, 0x8000000000000000ull ^ a);
    return h;
}

typedef uint64_t (*binop)(uint64_t, uint64_t);
static const struct op {
    const char *name;
    binop fn;
} ops[] = {
#define OP_ENTRY(name, expr) {#name, op_##name},
    C_OPS(OP_ENTRY)
    {"udiv", op_udiv}, {"sdiv", op_sdiv}, {"w_udiv", op_w_udiv},
    {"w_sdiv", op_w_sdiv}, {"srem", op_srem}, {"urem", op_urem},
    {"clz", op_clz}, {"cls", op_cls}, {"rbit", op_rbit}, {"rev", op_rev},
    {"rev16", op_rev16}, {"rev32", op_rev32}, {"w_clz", op_w_clz},
    {"w_cls", op_w_cls}, {"w_rbit", op_w_rbit}, {"w_rev", op_w_rev},
    {"w_rev16", op_w_rev16},
    {"adds", op_adds}, {"subs", op_subs}, {"ands", op_ands},
    {"bics", op_bics}, {"w_adds", op_w_adds}, {"w_subs", op_w_subs},
    {"w_ands", op_w_ands}, {"adcs0", op_adcs0}, {"sbcs0", op_sbcs0},
    {"w_adcs0", op_w_adcs0}, {"w_sbcs0", op_w_sbcs0}, {"adcs1", op_adcs1},
    {"sbcs1", op_sbcs1}, {"w_adcs1", op_w_adcs1}, {"w_sbcs1", op_w_sbcs1},
    {"adc_ngc", op_adc_ngc}, {"ccmp_lt", op_ccmp_lt},
    {"ccmp_eq", op_ccmp_eq}, {"ccmn_hs", op_ccmn_hs},
    {"w_ccmp_ne", op_w_ccmp_ne}, {"cmn_imm", op_cmn_imm},
    {"extr", op_extr}, {"extr63", op_extr63}, {"w_extr", op_w_extr},
    {"crc32b", op_crc32b}, {"crc32h", op_crc32h}, {"crc32w", op_crc32w},
    {"crc32x", op_crc32x}, {"crc32cb", op_crc32cb}, {"crc32ch", op_crc32ch},
    {"crc32cw", op_crc32cw}, {"crc32cx", op_crc32cx},
    {"bitfields", op_bitfields}, {"overflow", op_overflow},
    {"int128", op_int128}, {"constants", op_constants},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* Expected checksums, from the host build (see the top of the file). */
static const struct {
    const char *name;
    uint64_t sum;
} expected[] = {
#include "arith-expected.h"
};

static uint64_t expected_sum(const char *name, int *found)
{
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        if (!strcmp(expected[i].name, name)) {
            *found = 1;
            return expected[i].sum;
        }
    }
    *found = 0;
    return 0;
}

int main(int argc, char **argv)
{
    int table = argc > 1 && !strcmp(argv[1], "--table");
    int quick = argc > 1 && !strcmp(argv[1], "--quick");
    size_t step = quick ? 8 : 1;

    for (size_t k = 0; k < NOPS; k++) {
        uint64_t h = 0;
        for (size_t i = 0; i < NVALS; i += step) {
            for (size_t j = 0; j < NVALS; j += step) {
                h = mix64(h, ops[k].fn(OPAQUE(vals[i]), OPAQUE(vals[j])));
            }
        }
        if (table) {
            printf("    {\"%s\", 0x%016" PRIx64 "ull},\n", ops[k].name, h);
            continue;
        }
        if (quick) {
            printf("%-24s %016" PRIx64 "\n", ops[k].name, h);
            continue;
        }
        int found;
        uint64_t want = expected_sum(ops[k].name, &found);
        if (!found) {
            printf("%-24s %016" PRIx64 " FAIL (no expected value)\n",
                   ops[k].name, h);
            guest_failures++;
        } else {
            expect_u64(ops[k].name, h, want);
        }
    }
    if (table) {
        return 0;
    }

    /* The cases C leaves undefined and A64 defines, spelled out. */
    expect_u64("sdiv 7/0", op_sdiv(OPAQUE(7), OPAQUE(0)), 0);
    expect_u64("udiv max/0", op_udiv(OPAQUE(~0ull), OPAQUE(0)), 0);
    expect_u64("sdiv min/-1", op_sdiv(OPAQUE(0x8000000000000000ull),
                                      OPAQUE(~0ull)), 0x8000000000000000ull);
    expect_u64("w_sdiv min/-1", op_w_sdiv(OPAQUE(0x80000000ull),
                                          OPAQUE(0xffffffffull)), 0x80000000);
    expect_u64("srem min/-1", op_srem(OPAQUE(0x8000000000000000ull),
                                      OPAQUE(~0ull)), 0);
    expect_u64("urem 9/0", op_urem(OPAQUE(9), OPAQUE(0)), 9);
    expect_u64("sdiv -7/2", op_sdiv(OPAQUE(-7ull), OPAQUE(2)), -3ull);
    expect_u64("srem -7/2", op_srem(OPAQUE(-7ull), OPAQUE(2)), -1ull);
    return guest_exit();
}
