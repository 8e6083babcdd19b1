/* Helpers for the AArch64 FP and AdvSIMD instructions: vector operations
 * on whole registers, and scalar floating point done with the host FPU
 * where its result is the architecture's (NaN rules and fused multiply-add
 * are ours). FPSR exception flags are not kept yet; QC is. */
#include <string.h>
#include "target/aarch64/cpu.h"
#include "target/aarch64/helper-simd.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#else
#include <fenv.h>
#include <math.h>
#endif

#define FPSR_QC (1u << 27)

/* ---- Vector registers ---------------------------------------------------- */

/* A register's 16 bytes; element i of size s is at byte i << s (guest
 * and host are little-endian). */
typedef union Vec {
    uint64_t d[2];
    uint32_t s[4];
    uint16_t h[8];
    uint8_t b[16];
} Vec;

static inline uint64_t vget(const Vec *v, int i, int size)
{
    switch (size) {
    case 0: return v->b[i];
    case 1: return v->h[i];
    case 2: return v->s[i];
    default: return v->d[i];
    }
}

static inline int64_t sext(uint64_t x, int size)
{
    int sh = 64 - (8 << size);
    return (int64_t)(x << sh) >> sh;
}

static inline int64_t vgets(const Vec *v, int i, int size)
{
    return sext(vget(v, i, size), size);
}

static inline void vset(Vec *v, int i, int size, uint64_t x)
{
    switch (size) {
    case 0: v->b[i] = (uint8_t)x; break;
    case 1: v->h[i] = (uint16_t)x; break;
    case 2: v->s[i] = (uint32_t)x; break;
    default: v->d[i] = x; break;
    }
}

static inline Vec vread(const ARMCPU *c, int r)
{
    Vec v;
    memcpy(&v, c->vregs[r], 16);
    return v;
}

/* Write Vd; a 64-bit operation zeroes the upper half. */
static inline void vwrite(ARMCPU *c, int r, const Vec *v, bool q)
{
    c->vregs[r][0] = v->d[0];
    c->vregs[r][1] = q ? v->d[1] : 0;
}

static inline uint64_t size_mask(int size)
{
    return size == 3 ? ~0ull : (1ull << (8 << size)) - 1;
}

typedef struct Desc {
    int rd, rn, rm, size, q, u, op, x;
} Desc;

static Desc unpack(uint64_t desc)
{
    Desc d = {
        .rd = desc & 31, .rn = (desc >> 5) & 31, .rm = (desc >> 10) & 31,
        .size = (desc >> 15) & 3, .q = (desc >> 17) & 1,
        .u = (desc >> 18) & 1, .op = (desc >> 19) & 0x1fff,
        .x = (int)(desc >> 32),
    };
    return d;
}

/* Saturate a wide result to an element of size, noting QC. */
static uint64_t sat_s(ARMCPU *c, __int128 r, int size)
{
    int bits = 8 << size;
    __int128 max = ((__int128)1 << (bits - 1)) - 1, min = -max - 1;
    if (r > max) {
        c->fpsr |= FPSR_QC;
        r = max;
    } else if (r < min) {
        c->fpsr |= FPSR_QC;
        r = min;
    }
    return (uint64_t)r & size_mask(size);
}

static uint64_t sat_u(ARMCPU *c, __int128 r, int size)
{
    __int128 max = (__int128)size_mask(size);
    if (r > max) {
        c->fpsr |= FPSR_QC;
        r = max;
    } else if (r < 0) {
        c->fpsr |= FPSR_QC;
        r = 0;
    }
    return (uint64_t)r;
}

/* Shift by a signed register amount (SSHL/USHL and rounding forms). */
static uint64_t shl_reg(uint64_t a, int size, int u, int8_t sh, bool round)
{
    int bits = 8 << size;
    __int128 v = u ? (__int128)a : (__int128)sext(a, size);
    if (sh >= 0) {
        if (sh >= bits) {
            return 0;
        }
        return (a << sh) & size_mask(size);
    }
    int n = -sh;
    if (n > bits) {
        n = bits + 1 > 64 ? 64 : bits + 1;
    }
    if (round) {
        v += (__int128)1 << (n - 1);
    }
    return (uint64_t)(v >> n) & size_mask(size);
}

static uint64_t pmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= a << i;
        }
    }
    return r;
}

/* ---- Floating point ------------------------------------------------------ */

#define F64_SIGN (1ull << 63)
#define F64_QUIET (1ull << 51)
#define F64_DNAN 0x7ff8000000000000ull
#define F32_SIGN (1u << 31)
#define F32_QUIET (1u << 22)
#define F32_DNAN 0x7fc00000u

static inline bool fp_is_nan(uint64_t x, bool dbl)
{
    return dbl ? (x & ~F64_SIGN) > 0x7ff0000000000000ull
               : (x & 0x7fffffffu) > 0x7f800000u;
}

static inline bool fp_is_snan(uint64_t x, bool dbl)
{
    return fp_is_nan(x, dbl) && !(x & (dbl ? F64_QUIET : F32_QUIET));
}

static inline uint64_t fp_quiet(uint64_t x, bool dbl)
{
    return x | (dbl ? F64_QUIET : F32_QUIET);
}

static inline uint64_t fp_dnan(bool dbl)
{
    return dbl ? F64_DNAN : F32_DNAN;
}

static inline uint64_t fp_sign(bool dbl)
{
    return dbl ? F64_SIGN : F32_SIGN;
}

static inline bool fp_is_zero(uint64_t x, bool dbl)
{
    return !(x & ~fp_sign(dbl));
}

static inline bool fp_is_inf(uint64_t x, bool dbl)
{
    return dbl ? (x & ~F64_SIGN) == 0x7ff0000000000000ull
               : (x & 0x7fffffffu) == 0x7f800000u;
}

/* The NaN an operation with NaN operands returns: the first signalling
 * one (quietened), else the first quiet one. */
static bool fp_nans(uint64_t *res, const uint64_t *ops, int n, bool dbl)
{
    for (int i = 0; i < n; i++) {
        if (fp_is_snan(ops[i], dbl)) {
            *res = fp_quiet(ops[i], dbl);
            return true;
        }
    }
    for (int i = 0; i < n; i++) {
        if (fp_is_nan(ops[i], dbl)) {
            *res = ops[i];
            return true;
        }
    }
    return false;
}

static inline double to_d(uint64_t x, bool dbl)
{
    if (dbl) {
        double d;
        memcpy(&d, &x, 8);
        return d;
    }
    float f;
    uint32_t w = (uint32_t)x;
    memcpy(&f, &w, 4);
    return f;
}

/* The host result of an operation (already rounded to double) as the
 * format's bits; converting a double to float rounds once more, which
 * gives the correctly rounded single result for + - * / and sqrt. */
static inline uint64_t from_d(double d, bool dbl)
{
    if (dbl) {
        uint64_t x;
        memcpy(&x, &d, 8);
        return x;
    }
    volatile float f = (float)d;
    float g = f;
    uint32_t w;
    memcpy(&w, &g, 4);
    return w;
}

/* FPCR.RMode for the host FPU, set only while it is not the default so
 * the common case costs nothing. ARM: 0 nearest, 1 +inf, 2 -inf, 3 zero. */
typedef struct FpEnv {
    bool changed;
    unsigned saved;
} FpEnv;

static inline void fp_begin_rm(unsigned rm, FpEnv *e)
{
    e->changed = rm != 0;
    if (!e->changed) {
        return;
    }
#if defined(__SSE2__)
    static const unsigned x86[4] = { 0, 2, 1, 3 };
    unsigned csr;
    __asm__ volatile("stmxcsr %0" : "=m"(csr));
    e->saved = csr;
    csr = (csr & ~(3u << 13)) | x86[rm] << 13;
    __asm__ volatile("ldmxcsr %0" : : "m"(csr) : "memory");
#else
    static const int modes[4] = {
        FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO
    };
    e->saved = (unsigned)fegetround();
    fesetround(modes[rm]);
#endif
}

static inline void fp_begin(const ARMCPU *c, FpEnv *e)
{
    fp_begin_rm((c->fpcr >> 22) & 3, e);
}

static inline void fp_end(FpEnv *e)
{
    if (!e->changed) {
        return;
    }
#if defined(__SSE2__)
    __asm__ volatile("ldmxcsr %0" : : "m"(e->saved) : "memory");
#else
    fesetround((int)e->saved);
#endif
}

static double host_sqrt(double x)
{
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_sqrt_sd(_mm_set_sd(x), _mm_set_sd(x)));
#else
    return sqrt(x);
#endif
}

enum { FP_ADD, FP_SUB, FP_MUL, FP_DIV, FP_SQRT };

/* One arithmetic operation in the host FPU under FPCR's rounding mode;
 * NaN operands and NaN results follow the architecture (the host's
 * default NaN has the sign set; ours does not). */
static uint64_t fp_arith(const ARMCPU *c, int op, uint64_t a, uint64_t b,
                         bool dbl)
{
    uint64_t ops[2] = { a, b }, r;
    if (fp_nans(&r, ops, op == FP_SQRT ? 1 : 2, dbl)) {
        return r;
    }
    if (likely(!(c->fpcr & (3u << 22)))) {
        /* Nearest: the host's own mode, no MXCSR traffic. */
        double x = to_d(a, dbl), y = to_d(b, dbl), res;
        switch (op) {
        case FP_ADD: res = x + y; break;
        case FP_SUB: res = x - y; break;
        case FP_MUL: res = x * y; break;
        case FP_DIV: res = x / y; break;
        default: res = host_sqrt(x); break;
        }
        r = from_d(res, dbl);
        return unlikely(fp_is_nan(r, dbl)) ? fp_dnan(dbl) : r;
    }
    volatile double x = to_d(a, dbl), y = to_d(b, dbl);
    volatile double res;
    FpEnv e;
    fp_begin(c, &e);
    switch (op) {
    case FP_ADD: res = x + y; break;
    case FP_SUB: res = x - y; break;
    case FP_MUL: res = x * y; break;
    case FP_DIV: res = x / y; break;
    default: res = host_sqrt(x); break;
    }
    r = from_d(res, dbl);
    fp_end(&e);
    if (fp_is_nan(r, dbl)) {
        return fp_dnan(dbl);
    }
    return r;
}

/* Compare two non-NaN values: -1, 0, 1. */
static int fp_order(uint64_t a, uint64_t b, bool dbl)
{
    double x = to_d(a, dbl), y = to_d(b, dbl);
    return x < y ? -1 : x > y;
}

/* FMAX, FMIN, FMAXNM, FMINNM. */
static uint64_t fp_minmax(uint64_t a, uint64_t b, bool dbl, bool max,
                          bool num)
{
    uint64_t ops[2] = { a, b }, r;
    if (num) {
        /* One quiet NaN and a number: the number. */
        bool qa = fp_is_nan(a, dbl) && !fp_is_snan(a, dbl);
        bool qb = fp_is_nan(b, dbl) && !fp_is_snan(b, dbl);
        if (qa && !fp_is_nan(b, dbl)) {
            return b;
        }
        if (qb && !fp_is_nan(a, dbl)) {
            return a;
        }
    }
    if (fp_nans(&r, ops, 2, dbl)) {
        return r;
    }
    if (fp_is_zero(a, dbl) && fp_is_zero(b, dbl)) {
        /* +0 is the larger zero. */
        return max ? a & b : a | b;
    }
    int o = fp_order(a, b, dbl);
    return (o > 0) == max ? a : b;
}

/* ---- Fused multiply-add -------------------------------------------------- */

/* The host has no guaranteed fused multiply-add, so it is computed
 * exactly in integers and rounded once. */

typedef struct Unpacked {
    bool sign;
    uint64_t mant;   /* value = mant * 2^exp */
    int exp;
} Unpacked;

static Unpacked fp_unpack(uint64_t x, bool dbl)
{
    Unpacked u;
    if (dbl) {
        int e = (int)((x >> 52) & 0x7ff);
        u.sign = x >> 63;
        u.mant = x & ((1ull << 52) - 1);
        if (e) {
            u.mant |= 1ull << 52;
        } else {
            e = 1;
        }
        u.exp = e - 1023 - 52;
    } else {
        int e = (int)((x >> 23) & 0xff);
        u.sign = (x >> 31) & 1;
        u.mant = x & ((1u << 23) - 1);
        if (e) {
            u.mant |= 1u << 23;
        } else {
            e = 1;
        }
        u.exp = e - 127 - 23;
    }
    return u;
}

static inline int clz128(unsigned __int128 x)
{
    uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll(lo);
}

/* x >> n with the shifted-out bits ORed into bit 0. */
static unsigned __int128 shr_jam(unsigned __int128 x, int n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    unsigned __int128 lost = x & (((unsigned __int128)1 << n) - 1);
    return (x >> n) | (lost != 0);
}

/* q * 2^e as a double (exact by construction: q fits the format). */
static double scale2(double q, int e)
{
    while (e > 1000) {
        q *= 0x1p1000;
        e -= 1000;
    }
    while (e < -1000) {
        q *= 0x1p-1000;
        e += 1000;
    }
    uint64_t bits = (uint64_t)(e + 1023) << 52;
    double f;
    memcpy(&f, &bits, 8);
    return q * f;
}

/* Round sign * r * 2^e to the format once, in rounding mode rm. */
static uint64_t fp_round_pack(bool sign, unsigned __int128 r, int e,
                              bool dbl, unsigned rm)
{
    int p = dbl ? 53 : 24, emin = dbl ? -1022 : -126;
    int emax = dbl ? 1023 : 127;
    if (r == 0) {
        return rm == 2 ? fp_sign(dbl) : 0;
    }
    int msb = 127 - clz128(r);
    int top = e + msb;                       /* exponent of the MSB */
    int lsb = (top < emin ? emin : top) - (p - 1);
    int sh = lsb - e;
    uint64_t q;
    if (sh <= 0) {
        q = (uint64_t)(r << -sh);
    } else {
        unsigned __int128 rem;
        if (sh >= 128) {
            q = 0;
            rem = r;
        } else {
            q = (uint64_t)(r >> sh);
            rem = r & (((unsigned __int128)1 << sh) - 1);
        }
        bool up = false;
        if (rem) {
            switch (rm) {
            case 0: {
                unsigned __int128 half =
                    sh > 128 ? 0 : (unsigned __int128)1 << (sh - 1);
                up = sh <= 128 && (rem > half || (rem == half && (q & 1)));
                break;
            }
            case 1: up = !sign; break;
            case 2: up = sign; break;
            default: break;
            }
        }
        if (up) {
            q++;
            if (q >> p) {
                q >>= 1;
                lsb++;
            }
        }
    }
    if (lsb + p - 1 > emax) {
        bool to_inf = rm == 0 || (rm == 1 && !sign) || (rm == 2 && sign);
        uint64_t mag = to_inf ? (dbl ? 0x7ff0000000000000ull : 0x7f800000u)
                              : (dbl ? 0x7fefffffffffffffull : 0x7f7fffffu);
        return (sign ? fp_sign(dbl) : 0) | mag;
    }
    double v = scale2((double)q, lsb);
    return from_d(sign ? -v : v, dbl);
}

#if defined(__x86_64__)
/* The host's fused multiply-add when the CPU has one (checked once). */
static int host_has_fma = -1;

__attribute__((target("fma"))) static double host_fma(double a, double b,
                                                      double c)
{
    return __builtin_fma(a, b, c);
}

__attribute__((target("fma"))) static float host_fmaf(float a, float b,
                                                      float c)
{
    return __builtin_fmaf(a, b, c);
}
#endif

/* a * b + c, rounded once. */
/* Neither zero, subnormal, infinite nor NaN. */
static inline bool fp_is_normal(uint64_t x, bool dbl)
{
    unsigned e = dbl ? (unsigned)(x >> 52) & 0x7ff : (unsigned)(x >> 23) & 0xff;
    return e != 0 && e != (dbl ? 0x7ffu : 0xffu);
}

static uint64_t fp_muladd(const ARMCPU *c, uint64_t a, uint64_t b,
                          uint64_t add, bool dbl)
{
    uint64_t r;
    unsigned rm = (c->fpcr >> 22) & 3;
    bool psign = ((a ^ b) & fp_sign(dbl)) != 0;

    /* The special operands first; three normal numbers (the common case)
     * skip straight to the arithmetic. */
    if (!fp_is_normal(a, dbl) || !fp_is_normal(b, dbl) ||
        !fp_is_normal(add, dbl)) {
        uint64_t ops[3] = { add, a, b };
        bool inf_zero = (fp_is_inf(a, dbl) && fp_is_zero(b, dbl)) ||
                        (fp_is_zero(a, dbl) && fp_is_inf(b, dbl));
        if (fp_is_nan(add, dbl) && !fp_is_snan(add, dbl) && inf_zero) {
            return fp_dnan(dbl);
        }
        if (fp_nans(&r, ops, 3, dbl)) {
            return r;
        }
        if (inf_zero) {
            return fp_dnan(dbl);
        }
        if (fp_is_inf(a, dbl) || fp_is_inf(b, dbl)) {
            if (fp_is_inf(add, dbl) &&
                ((add & fp_sign(dbl)) != 0) != psign) {
                return fp_dnan(dbl);
            }
            return (psign ? fp_sign(dbl) : 0) |
                   (dbl ? 0x7ff0000000000000ull : 0x7f800000u);
        }
        if (fp_is_inf(add, dbl)) {
            return add;
        }
        if (fp_is_zero(a, dbl) || fp_is_zero(b, dbl)) {
            /* An exact zero product: the sum's zero sign rules. */
            if (fp_is_zero(add, dbl)) {
                bool asign = (add & fp_sign(dbl)) != 0;
                if (asign == psign) {
                    return add;
                }
                return rm == 2 ? fp_sign(dbl) : 0;
            }
            return add;
        }
    }
#if defined(__x86_64__)
    if (unlikely(host_has_fma < 0)) {
        __builtin_cpu_init();
        host_has_fma = __builtin_cpu_supports("fma") != 0;
    }
    if (host_has_fma) {
        FpEnv e;
        fp_begin(c, &e);
        if (dbl) {
            volatile double d = host_fma(to_d(a, 1), to_d(b, 1),
                                         to_d(add, 1));
            r = from_d(d, 1);
        } else {
            volatile float f = host_fmaf((float)to_d(a, 0),
                                         (float)to_d(b, 0),
                                         (float)to_d(add, 0));
            float g = f;
            uint32_t w;
            memcpy(&w, &g, 4);
            r = w;
        }
        fp_end(&e);
        return unlikely(fp_is_nan(r, dbl)) ? fp_dnan(dbl) : r;
    }
#endif
    Unpacked ua = fp_unpack(a, dbl), ub = fp_unpack(b, dbl);
    unsigned __int128 P = (unsigned __int128)ua.mant * ub.mant;
    int ep = ua.exp + ub.exp;
    if (fp_is_zero(add, dbl)) {
        return fp_round_pack(psign, P, ep, dbl, rm);
    }
    Unpacked uc = fp_unpack(add, dbl);
    unsigned __int128 C = uc.mant;
    int ec = uc.exp;
    /* Both with their top bit at 125: two bits of headroom for the sum. */
    int sp = clz128(P) - 2, sc = clz128(C) - 2;
    P <<= sp;
    ep -= sp;
    C <<= sc;
    ec -= sc;
    int e;
    if (ep >= ec) {
        C = shr_jam(C, ep - ec);
        e = ep;
    } else {
        P = shr_jam(P, ec - ep);
        e = ec;
    }
    bool sign;
    unsigned __int128 R;
    if (psign == uc.sign) {
        R = P + C;
        sign = psign;
    } else if (P >= C) {
        R = P - C;
        sign = psign;
    } else {
        R = C - P;
        sign = uc.sign;
    }
    if (R == 0) {
        return rm == 2 ? fp_sign(dbl) : 0;
    }
    return fp_round_pack(sign, R, e, dbl, rm);
}

/* ---- Rounding to integral and conversions -------------------------------- */

/* x rounded to an integral value in mode rm (0 N, 1 P, 2 M, 3 Z, 4 A),
 * for finite x; the sign of a zero result is x's. */
static double round_int(double x, int rm)
{
    if (!(x > -0x1p52 && x < 0x1p52)) {
        return x;
    }
    double t = (double)(int64_t)x;
    double diff = x - t;
    double sgn = x < 0 ? -1.0 : 1.0;
    double ad = diff < 0 ? -diff : diff;
    switch (rm) {
    case 0:
        if (ad > 0.5 || (ad == 0.5 && ((int64_t)t & 1))) {
            t += sgn;
        }
        break;
    case 1:
        if (diff > 0) {
            t += 1;
        }
        break;
    case 2:
        if (diff < 0) {
            t -= 1;
        }
        break;
    case 4:
        if (ad >= 0.5) {
            t += sgn;
        }
        break;
    default:
        break;
    }
    if (t == 0) {
        t = __builtin_copysign(0.0, x);
    }
    return t;
}

/* The FPCR rounding mode as round_int's. */
static int fpcr_rm(const ARMCPU *c)
{
    return (int)((c->fpcr >> 22) & 3);
}

static uint64_t fp_to_int(uint64_t a, bool dbl, bool uns, int rm, bool is64,
                          int fbits)
{
    if (fp_is_nan(a, dbl)) {
        return 0;
    }
    double x = to_d(a, dbl);
    if (fbits) {
        x = scale2(x, fbits);
    }
    x = round_int(x, rm);
    int bits = is64 ? 64 : 32;
    if (uns) {
        if (x <= 0) {
            return 0;
        }
        if (x >= (is64 ? 0x1p64 : 0x1p32)) {
            return is64 ? ~0ull : 0xffffffffu;
        }
        return (uint64_t)x;
    }
    double lim = is64 ? 0x1p63 : 0x1p31;
    if (x >= lim) {
        return (1ull << (bits - 1)) - 1;
    }
    if (x < -lim) {
        return is64 ? 1ull << 63 : 0x80000000u;
    }
    int64_t v = (int64_t)x;
    return is64 ? (uint64_t)v : (uint32_t)v;
}

static uint64_t int_to_fp(const ARMCPU *c, uint64_t a, bool dbl, bool uns,
                          bool is64, int fbits)
{
    FpEnv e;
    volatile double d;
    uint64_t r;
    if (!is64) {
        a = uns ? (uint32_t)a : (uint64_t)(int64_t)(int32_t)a;
    }
    if (!dbl && fbits == 0) {
        /* Straight to single: a 64-bit integer through double would round
         * twice. */
        volatile float f;
        fp_begin(c, &e);
        f = uns ? (float)a : (float)(int64_t)a;
        fp_end(&e);
        float g = f;
        uint32_t w;
        memcpy(&w, &g, 4);
        return w;
    }
    fp_begin(c, &e);
    d = uns ? (double)a : (double)(int64_t)a;
    if (fbits) {
        d = d / scale2(1.0, fbits);
    }
    r = from_d(d, dbl);
    fp_end(&e);
    return r;
}

/* Half precision <-> single, for FCVT. */
static uint64_t f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31;
    int e = (h >> 10) & 0x1f;
    uint32_t m = h & 0x3ff;
    if (e == 0x1f) {
        if (m) {
            return sign | 0x7f800000u | m << 13 | F32_QUIET;
        }
        return sign | 0x7f800000u;
    }
    if (e == 0) {
        if (!m) {
            return sign;
        }
        float f = (float)m * 0x1p-24f;
        uint32_t w;
        memcpy(&w, &f, 4);
        return sign | w;
    }
    return sign | (uint32_t)(e - 15 + 127) << 23 | m << 13;
}

static uint64_t to_f16(const ARMCPU *c, uint64_t a, bool dbl)
{
    uint16_t sign = (a & fp_sign(dbl)) ? 0x8000 : 0;
    if (fp_is_nan(a, dbl)) {
        /* Keep the top payload bits, quiet. */
        uint64_t pay = dbl ? (a >> 42) & 0x3ff : (a >> 13) & 0x3ff;
        return sign | 0x7e00 | pay;
    }
    if (fp_is_inf(a, dbl)) {
        return sign | 0x7c00;
    }
    if (fp_is_zero(a, dbl)) {
        return sign;
    }
    Unpacked u = fp_unpack(a, dbl);
    /* Reuse the single-rounding packer with half's limits. */
    unsigned rm = (c->fpcr >> 22) & 3;
    unsigned __int128 r = u.mant;
    int msb = 127 - clz128(r), top = u.exp + msb;
    int lsb = (top < -14 ? -14 : top) - 10;
    int sh = lsb - u.exp;
    uint64_t q;
    if (sh <= 0) {
        q = (uint64_t)(r << -sh);
    } else {
        q = sh >= 64 ? 0 : (uint64_t)(r >> sh);
        unsigned __int128 rem = sh >= 64 ? r :
                                r & (((unsigned __int128)1 << sh) - 1);
        bool up = false;
        if (rem) {
            switch (rm) {
            case 0: {
                /* Past 64 bits the half-way point exceeds any mantissa. */
                unsigned __int128 half = sh >= 64 ? 0 :
                                         (unsigned __int128)1 << (sh - 1);
                up = sh < 64 && (rem > half || (rem == half && (q & 1)));
                break;
            }
            case 1: up = !sign; break;
            case 2: up = sign; break;
            default: break;
            }
        }
        if (up) {
            q++;
            if (q >> 11) {
                q >>= 1;
                lsb++;
            }
        }
    }
    if (lsb + 10 > 15) {
        bool to_inf = rm == 0 || (rm == 1 && !sign) || (rm == 2 && sign);
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    /* q has at most 11 bits; biased exponent from lsb. */
    if (q < 0x400) {
        return sign | q;                    /* subnormal (lsb == -24) */
    }
    return sign | (uint64_t)(lsb + 10 + 15) << 10 | (q & 0x3ff);
}

uint64_t helper_fp_cvt(CPUState *cpu, uint64_t a, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    int from = desc & 3, to = (desc >> 2) & 3;
    if (from == 3) {
        a = f16_to_f32((uint16_t)a);
        from = 0;
        if (to == 0) {
            return a;
        }
    }
    if (to == 3) {
        return to_f16(c, a, from == 1);
    }
    bool dbl = from == 1;
    if (fp_is_nan(a, dbl)) {
        uint64_t q = fp_quiet(a, dbl);
        if (to == 1) {
            /* single -> double: payload moves to the top. */
            return (q & F32_SIGN ? F64_SIGN : 0) | 0x7ff0000000000000ull |
                   (q & 0x7fffffull) << 29;
        }
        return (q & F64_SIGN ? F32_SIGN : 0) | 0x7f800000u |
               ((q >> 29) & 0x7fffffu);
    }
    FpEnv e;
    fp_begin(c, &e);
    uint64_t r = from_d(to_d(a, dbl), to == 1);
    fp_end(&e);
    return r;
}

/* ---- Scalar FP helpers --------------------------------------------------- */

/* FP data-processing (2 source) opcodes. */
enum {
    OP_FMUL, OP_FDIV, OP_FADD, OP_FSUB, OP_FMAX, OP_FMIN, OP_FMAXNM,
    OP_FMINNM, OP_FNMUL,
};

static uint64_t fp_2src(const ARMCPU *c, int op, uint64_t a, uint64_t b,
                        bool dbl)
{
    switch (op) {
    case OP_FMUL: return fp_arith(c, FP_MUL, a, b, dbl);
    case OP_FDIV: return fp_arith(c, FP_DIV, a, b, dbl);
    case OP_FADD: return fp_arith(c, FP_ADD, a, b, dbl);
    case OP_FSUB: return fp_arith(c, FP_SUB, a, b, dbl);
    case OP_FMAX: return fp_minmax(a, b, dbl, true, false);
    case OP_FMIN: return fp_minmax(a, b, dbl, false, false);
    case OP_FMAXNM: return fp_minmax(a, b, dbl, true, true);
    case OP_FMINNM: return fp_minmax(a, b, dbl, false, true);
    default: return fp_arith(c, FP_MUL, a, b, dbl) ^ fp_sign(dbl);
    }
}

uint64_t helper_fp_2src(CPUState *cpu, uint64_t a, uint64_t b,
                        uint64_t op_dbl)
{
    return fp_2src(arm_cpu(cpu), (int)(op_dbl >> 1), a, b, op_dbl & 1);
}

/* FP data-processing (1 source): opcode (bits 20:15) << 1 | dbl. */
uint64_t helper_fp_1src(CPUState *cpu, uint64_t a, uint64_t op_dbl)
{
    ARMCPU *c = arm_cpu(cpu);
    bool dbl = op_dbl & 1;
    int op = (int)(op_dbl >> 1);
    switch (op) {
    case 1: /* FABS */
        return a & ~fp_sign(dbl);
    case 2: /* FNEG */
        return a ^ fp_sign(dbl);
    case 3: /* FSQRT */
        if (!fp_is_nan(a, dbl) && (a & fp_sign(dbl)) &&
            !fp_is_zero(a, dbl)) {
            return fp_dnan(dbl);
        }
        return fp_arith(c, FP_SQRT, a, a, dbl);
    default: {
        /* FRINTN P M Z A (8..12), X (14), I (15). */
        static const int modes[8] = { 0, 1, 2, 3, 4, -1, -1, -1 };
        int rm = op >= 14 ? fpcr_rm(c) : modes[op - 8];
        if (fp_is_nan(a, dbl)) {
            return fp_quiet(a, dbl);
        }
        return from_d(round_int(to_d(a, dbl), rm), dbl);
    }
    }
}

uint64_t helper_fp_3src(CPUState *cpu, uint64_t a, uint64_t n, uint64_t m,
                        uint64_t op_dbl)
{
    bool dbl = (op_dbl >> 2) & 1;
    uint64_t sign = fp_sign(dbl);
    switch (op_dbl & 3) {
    case 0: /* FMADD: a + n * m */
        return fp_muladd(arm_cpu(cpu), n, m, a, dbl);
    case 1: /* FMSUB: a - n * m */
        return fp_muladd(arm_cpu(cpu), n ^ sign, m, a, dbl);
    case 2: /* FNMADD: -a - n * m */
        return fp_muladd(arm_cpu(cpu), n ^ sign, m, a ^ sign, dbl);
    default: /* FNMSUB: -a + n * m */
        return fp_muladd(arm_cpu(cpu), n, m, a ^ sign, dbl);
    }
}

/* NZCV of a comparison: = 0110, < 1000, > 0010, unordered 0011. */
static uint32_t fp_compare(uint64_t a, uint64_t b, bool dbl)
{
    if (fp_is_nan(a, dbl) || fp_is_nan(b, dbl)) {
        return 0x3;
    }
    int o = fp_order(a, b, dbl);
    return o < 0 ? 0x8 : o > 0 ? 0x2 : 0x6;
}

uint64_t helper_fp_cmp(CPUState *cpu, uint64_t a, uint64_t b,
                       uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    a64_set_nzcv(c, fp_compare(a, b, desc & 1) << 28);
    return 0;
}

uint64_t helper_fp_to_int(CPUState *cpu, uint64_t a, uint64_t desc)
{
    return fp_to_int(a, desc & 1, (desc >> 1) & 1, (int)((desc >> 2) & 7),
                     (desc >> 5) & 1, (int)(desc >> 6));
}

uint64_t helper_int_to_fp(CPUState *cpu, uint64_t a, uint64_t desc)
{
    return int_to_fp(arm_cpu(cpu), a, desc & 1, (desc >> 1) & 1,
                     (desc >> 5) & 1, (int)(desc >> 6));
}

/* ---- Vector: three same -------------------------------------------------- */

/* Vector FP three-same: op is U:size<1>:opcode<2:0>, from opcodes 11xxx. */
static bool fp3_ok(int u, int a, int op3)
{
    static const uint8_t ok[4] = {
        /* U=0 a=0: FMAXNM FMLA FADD . FCMEQ . FMAX . */
        0x57,
        /* U=0 a=1: FMINNM FMLS FSUB . . . FMIN . */
        0x47,
        /* U=1 a=0: FMAXNMP . FADDP FMUL FCMGE FACGE FMAXP FDIV */
        0xfd,
        /* U=1 a=1: FMINNMP . FABD . FCMGT FACGT FMINP . */
        0x75,
    };
    return (ok[u << 1 | a] >> op3) & 1;
}

bool simd_3same_ok(int u, int op, int size, int q)
{
    if (op >= 0x18) {
        return fp3_ok(u, size >> 1, op & 7) && !(size == 3 && !q);
    }
    switch (op) {
    case 0x00: case 0x02: case 0x04:           /* HADD RHADD HSUB */
    case 0x0c: case 0x0d: case 0x0e: case 0x0f: /* MAX MIN ABD ABA */
        return size != 3;
    case 0x01: case 0x05:                      /* QADD QSUB */
    case 0x06: case 0x07:                      /* CMGT/HI CMGE/HS */
    case 0x08: case 0x0a:                      /* SHL RSHL (reg) */
    case 0x10: case 0x11:                      /* ADD/SUB CMTST/CMEQ */
        return size != 3 || q;
    case 0x12:                                 /* MLA MLS */
        return size != 3;
    case 0x13:                                 /* MUL PMUL */
        return u ? size == 0 : size != 3;
    case 0x14: case 0x15:                      /* MAXP MINP */
        return size != 3;
    case 0x17:                                 /* ADDP */
        return !u && (size != 3 || q);
    default:
        return false;
    }
}

static uint64_t fp_vec3(ARMCPU *c, int u, int a, int op3, uint64_t x,
                        uint64_t y, uint64_t d, bool dbl)
{
    uint64_t ones = dbl ? ~0ull : 0xffffffffu, sign = fp_sign(dbl);
    switch (u << 4 | a << 3 | op3) {
    case 0x00: return fp_minmax(x, y, dbl, true, true);
    case 0x01: return fp_muladd(c, x, y, d, dbl);              /* FMLA */
    case 0x02: return fp_arith(c, FP_ADD, x, y, dbl);
    case 0x04: return fp_compare(x, y, dbl) == 0x6 ? ones : 0; /* FCMEQ */
    case 0x06: return fp_minmax(x, y, dbl, true, false);
    case 0x08: return fp_minmax(x, y, dbl, false, true);
    case 0x09: return fp_muladd(c, x ^ sign, y, d, dbl);       /* FMLS */
    case 0x0a: return fp_arith(c, FP_SUB, x, y, dbl);
    case 0x0e: return fp_minmax(x, y, dbl, false, false);
    case 0x13: return fp_arith(c, FP_MUL, x, y, dbl);
    case 0x14: {                                               /* FCMGE */
        uint32_t f = fp_compare(x, y, dbl);
        return f == 0x6 || f == 0x2 ? ones : 0;
    }
    case 0x15: {                                               /* FACGE */
        uint32_t f = fp_compare(x & ~sign, y & ~sign, dbl);
        return f == 0x6 || f == 0x2 ? ones : 0;
    }
    case 0x17: return fp_arith(c, FP_DIV, x, y, dbl);
    case 0x1a: {                                               /* FABD */
        uint64_t r = fp_arith(c, FP_SUB, x, y, dbl);
        return r & ~sign;
    }
    case 0x1c: return fp_compare(x, y, dbl) == 0x2 ? ones : 0; /* FCMGT */
    case 0x1d:                                                 /* FACGT */
        return fp_compare(x & ~sign, y & ~sign, dbl) == 0x2 ? ones : 0;
    default: return 0;
    }
}

/* Pairwise FP: FMAXNMP FADDP FMAXP FMINNMP FMINP. */
static uint64_t fp_pair(ARMCPU *c, int a, int op3, uint64_t x, uint64_t y,
                        bool dbl)
{
    switch (op3) {
    case 0: return fp_minmax(x, y, dbl, !a, true);
    case 2: return fp_arith(c, FP_ADD, x, y, dbl);
    default: return fp_minmax(x, y, dbl, !a, false);
    }
}

static uint64_t int3(ARMCPU *c, int op, int u, int size, uint64_t a,
                     uint64_t b, uint64_t d)
{
    uint64_t m = size_mask(size);
    int64_t as = sext(a, size), bs = sext(b, size);
    __int128 wa = u ? (__int128)a : as, wb = u ? (__int128)b : bs;
    switch (op) {
    case 0x00: return (uint64_t)((wa + wb) >> 1) & m;
    case 0x01: return u ? sat_u(c, wa + wb, size) : sat_s(c, wa + wb, size);
    case 0x02: return (uint64_t)((wa + wb + 1) >> 1) & m;
    case 0x04: return (uint64_t)((wa - wb) >> 1) & m;
    case 0x05: return u ? sat_u(c, wa - wb, size) : sat_s(c, wa - wb, size);
    case 0x06: return wa > wb ? m : 0;
    case 0x07: return wa >= wb ? m : 0;
    case 0x08: return shl_reg(a, size, u, (int8_t)b, false);
    case 0x0a: return shl_reg(a, size, u, (int8_t)b, true);
    case 0x0c: return (uint64_t)(wa > wb ? wa : wb) & m;
    case 0x0d: return (uint64_t)(wa < wb ? wa : wb) & m;
    case 0x0e: return (uint64_t)(wa > wb ? wa - wb : wb - wa) & m;
    case 0x0f: return (d + (uint64_t)(wa > wb ? wa - wb : wb - wa)) & m;
    case 0x10: return (u ? a - b : a + b) & m;
    case 0x11: return u ? (a == b ? m : 0) : ((a & b) ? m : 0);
    case 0x12: return (u ? d - a * b : d + a * b) & m;
    case 0x13: return (u ? pmul8(a, b) : a * b) & m;
    case 0x14: return (uint64_t)(wa > wb ? wa : wb) & m;
    case 0x15: return (uint64_t)(wa < wb ? wa : wb) & m;
    default: return (a + b) & m;                          /* ADDP */
    }
}

/* Byte-vector forms that string routines run in their inner loops, as
 * plain loops the host compiler vectorizes. false: take the general
 * path. */
static bool fast_bytes3(Vec *r, const Vec *n, const Vec *m, int op, int u,
                        int len)
{
    int half = len / 2;
    switch (op << 1 | u) {
    case 0x11 << 1 | 1:                                 /* CMEQ */
        for (int i = 0; i < len; i++) {
            r->b[i] = n->b[i] == m->b[i] ? 0xff : 0;
        }
        return true;
    case 0x11 << 1 | 0:                                 /* CMTST */
        for (int i = 0; i < len; i++) {
            r->b[i] = (n->b[i] & m->b[i]) ? 0xff : 0;
        }
        return true;
    case 0x07 << 1 | 1:                                 /* CMHS */
        for (int i = 0; i < len; i++) {
            r->b[i] = n->b[i] >= m->b[i] ? 0xff : 0;
        }
        return true;
    case 0x06 << 1 | 1:                                 /* CMHI */
        for (int i = 0; i < len; i++) {
            r->b[i] = n->b[i] > m->b[i] ? 0xff : 0;
        }
        return true;
    case 0x10 << 1 | 0:                                 /* ADD */
        for (int i = 0; i < len; i++) {
            r->b[i] = (uint8_t)(n->b[i] + m->b[i]);
        }
        return true;
    case 0x10 << 1 | 1:                                 /* SUB */
        for (int i = 0; i < len; i++) {
            r->b[i] = (uint8_t)(n->b[i] - m->b[i]);
        }
        return true;
    case 0x14 << 1 | 1:                                 /* UMAXP */
        for (int i = 0; i < half; i++) {
            uint8_t a = n->b[2 * i], b = n->b[2 * i + 1];
            uint8_t c = m->b[2 * i], d = m->b[2 * i + 1];
            r->b[i] = a > b ? a : b;
            r->b[half + i] = c > d ? c : d;
        }
        return true;
    case 0x15 << 1 | 1:                                 /* UMINP */
        for (int i = 0; i < half; i++) {
            uint8_t a = n->b[2 * i], b = n->b[2 * i + 1];
            uint8_t c = m->b[2 * i], d = m->b[2 * i + 1];
            r->b[i] = a < b ? a : b;
            r->b[half + i] = c < d ? c : d;
        }
        return true;
    case 0x17 << 1 | 0:                                 /* ADDP */
        for (int i = 0; i < half; i++) {
            r->b[i] = (uint8_t)(n->b[2 * i] + n->b[2 * i + 1]);
            r->b[half + i] = (uint8_t)(m->b[2 * i] + m->b[2 * i + 1]);
        }
        return true;
    default:
        return false;
    }
}

uint64_t helper_simd_3same(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), m = vread(c, x.rm), d = vread(c, x.rd);
    Vec r = { { 0, 0 } };
    int size = x.size;
    bool fp = x.op >= 0x18;
    bool pairwise;
    if (fp) {
        int a = size >> 1;
        size = 2 + (size & 1);
        int op3 = x.op & 7;
        pairwise = !x.x && x.u && (op3 == 0 || op3 == 6 || (op3 == 2 && !a));
        int elems = x.x ? 1 : (x.q ? 16 : 8) >> size;
        for (int i = 0; i < elems; i++) {
            uint64_t res;
            if (pairwise) {
                const Vec *src = i < elems / 2 ? &n : &m;
                int j = 2 * (i % (elems / 2));
                res = fp_pair(c, a, x.op & 7, vget(src, j, size),
                              vget(src, j + 1, size), size == 3);
            } else {
                res = fp_vec3(c, x.u, a, x.op & 7, vget(&n, i, size),
                              vget(&m, i, size), vget(&d, i, size),
                              size == 3);
            }
            vset(&r, i, size, res);
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    if (size == 0 && !x.x &&
        fast_bytes3(&r, &n, &m, x.op, x.u, x.q ? 16 : 8)) {
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    pairwise = x.op == 0x14 || x.op == 0x15 || x.op == 0x17;
    int elems = x.x ? 1 : (x.q ? 16 : 8) >> size;
    for (int i = 0; i < elems; i++) {
        uint64_t a, b;
        if (pairwise) {
            const Vec *src = i < elems / 2 ? &n : &m;
            int j = 2 * (i % (elems / 2));
            a = vget(src, j, size);
            b = vget(src, j + 1, size);
        } else {
            a = vget(&n, i, size);
            b = vget(&m, i, size);
        }
        vset(&r, i, size, int3(c, x.op, x.u, size, a, b, vget(&d, i, size)));
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

/* ---- Vector: three different --------------------------------------------- */

bool simd_3diff_ok(int u, int op, int size)
{
    if (op == 0xe) {
        return !u && size == 0;                 /* PMULL (8-bit) */
    }
    if (size == 3) {
        return false;
    }
    switch (op) {
    case 0x0: case 0x1: case 0x2: case 0x3: case 0x4: case 0x5: case 0x6:
    case 0x7: case 0x8: case 0xa: case 0xc:
        return true;
    default:
        return false;
    }
}

uint64_t helper_simd_3diff(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), m = vread(c, x.rm), d = vread(c, x.rd), r;
    int size = x.size, wide = size + 1;
    int elems = 8 >> size;          /* narrow elements in a half */
    int half = x.q ? elems : 0;     /* the "2" forms use the upper half */

    if (x.op == 0x4 || x.op == 0x6) {
        /* ADDHN/RADDHN/SUBHN/RSUBHN: narrow the high halves. */
        r = x.q ? d : (Vec){ { 0, 0 } };
        int bits = 8 << size;
        for (int i = 0; i < elems; i++) {
            uint64_t a = vget(&n, i, wide), b = vget(&m, i, wide);
            uint64_t s = x.op == 0x4 ? a + b : a - b;
            if (x.u) {
                s += 1ull << (bits - 1);
            }
            vset(&r, half + i, size, (s & size_mask(wide)) >> bits);
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    for (int i = 0; i < elems; i++) {
        __int128 a, b;
        bool wide_a = x.op == 0x1 || x.op == 0x3;
        if (wide_a) {
            a = x.u ? (__int128)vget(&n, i, wide) : vgets(&n, i, wide);
        } else {
            a = x.u ? (__int128)vget(&n, half + i, size)
                    : vgets(&n, half + i, size);
        }
        b = x.u ? (__int128)vget(&m, half + i, size)
                : vgets(&m, half + i, size);
        if (x.op == 0xe) {
            a = vget(&n, half + i, size);
            b = vget(&m, half + i, size);
        }
        uint64_t acc = vget(&d, i, wide), res;
        switch (x.op) {
        case 0x0: case 0x1: res = (uint64_t)(a + b); break;
        case 0x2: case 0x3: res = (uint64_t)(a - b); break;
        case 0x5: res = acc + (uint64_t)(a > b ? a - b : b - a); break;
        case 0x7: res = (uint64_t)(a > b ? a - b : b - a); break;
        case 0x8: res = acc + (uint64_t)(a * b); break;
        case 0xa: res = acc - (uint64_t)(a * b); break;
        case 0xc: res = (uint64_t)(a * b); break;
        default: res = pmul8((uint64_t)a, (uint64_t)b); break;
        }
        vset(&r, i, wide, res & size_mask(wide));
    }
    vwrite(c, x.rd, &r, true);
    return 0;
}

/* ---- Vector: two-register miscellaneous ---------------------------------- */

/* Vector FP two-register ops we implement; op is U:size<1>:opcode. */
static bool fp2_ok(int u, int a, int op)
{
    switch (u << 6 | a << 5 | op) {
    case 0x2f: case 0x6f:           /* FABS FNEG */
    case 0x7f:                      /* FSQRT */
    case 0x1d: case 0x5d:           /* SCVTF UCVTF */
    case 0x3b: case 0x7b:           /* FCVTZS FCVTZU */
    case 0x1a: case 0x1b: case 0x5a: case 0x5b: /* FCVTNS MS NU MU */
    case 0x3a: case 0x7a:           /* FCVTPS PU */
    case 0x1c: case 0x5c:           /* FCVTAS AU */
    case 0x18: case 0x19: case 0x38: case 0x39: /* FRINTN M P Z */
    case 0x58: case 0x59: case 0x79: /* FRINTA X I */
    case 0x2c: case 0x6c: case 0x2d: case 0x6d: case 0x2e: /* FCM* zero */
        return true;
    default:
        return false;
    }
}

/* FP two-register opcodes (the rest are integer). */
static bool is_fp_2misc(int op)
{
    return (op >= 0x0c && op <= 0x0f) || op >= 0x16;
}

bool simd_2misc_ok(int u, int op, int size, int q)
{
    if (op == 0x16 || op == 0x17) {
        /* FCVTN FCVTL; FCVTXN (U=1) only from double. */
        return !(size & 2) && (!u || (op == 0x16 && (size & 1)));
    }
    if (is_fp_2misc(op)) {
        return fp2_ok(u, size >> 1, op) && !((size & 1) && !q);
    }
    switch (op) {
    case 0x00: return size < 3 - u;             /* REV64, REV32 */
    case 0x01: return !u && size == 0;          /* REV16 */
    case 0x02: case 0x06: return size != 3;     /* ADDLP ADALP */
    case 0x04: return size != 3;                /* CLS CLZ */
    case 0x05: return u ? size < 2 : size == 0; /* CNT NOT RBIT */
    case 0x07: return size != 3 || q;           /* SQABS SQNEG */
    case 0x08: case 0x09: case 0x0b:
        return size != 3 || q;
    case 0x0a: return !u && (size != 3 || q);   /* CMLT #0 */
    case 0x12: case 0x14: return size != 3;     /* XTN SQXTUN, QXTN */
    case 0x13: return u && size != 3;           /* SHLL */
    default: return false;
    }
}

static uint64_t fp_vec2(ARMCPU *c, int u, int a, int op, uint64_t x,
                        bool dbl)
{
    uint64_t ones = dbl ? ~0ull : 0xffffffffu, sign = fp_sign(dbl);
    int code = u << 6 | a << 5 | op;
    switch (code) {
    case 0x2f: return x & ~sign;
    case 0x6f: return x ^ sign;
    case 0x7f: return helper_fp_1src(&c->parent, x, 3 << 1 | dbl);
    case 0x1d: case 0x5d:
        return int_to_fp(c, x, dbl, u, dbl, 0);
    case 0x3b: case 0x7b:
        return fp_to_int(x, dbl, u, 3, dbl, 0);
    case 0x1a: case 0x5a: return fp_to_int(x, dbl, u, 0, dbl, 0);
    case 0x1b: case 0x5b: return fp_to_int(x, dbl, u, 2, dbl, 0);
    case 0x3a: case 0x7a: return fp_to_int(x, dbl, u, 1, dbl, 0);
    case 0x1c: case 0x5c: return fp_to_int(x, dbl, u, 4, dbl, 0);
    case 0x18: return helper_fp_1src(&c->parent, x, 8 << 1 | dbl);
    case 0x19: return helper_fp_1src(&c->parent, x, 10 << 1 | dbl);
    case 0x38: return helper_fp_1src(&c->parent, x, 9 << 1 | dbl);
    case 0x39: return helper_fp_1src(&c->parent, x, 11 << 1 | dbl);
    case 0x58: return helper_fp_1src(&c->parent, x, 12 << 1 | dbl);
    case 0x59: return helper_fp_1src(&c->parent, x, 14 << 1 | dbl);
    case 0x79: return helper_fp_1src(&c->parent, x, 15 << 1 | dbl);
    default: {
        /* Compares with zero: GT GE (0c), EQ LE (0d), LT (0e). */
        uint32_t f = fp_compare(x, 0, dbl);
        bool t;
        switch (code) {
        case 0x2c: t = f == 0x2; break;
        case 0x6c: t = f == 0x2 || f == 0x6; break;
        case 0x2d: t = f == 0x6; break;
        case 0x6d: t = f == 0x8 || f == 0x6; break;
        default: t = f == 0x8; break;
        }
        return t ? ones : 0;
    }
    }
}

/* FCVTXN's double to single, rounding to odd: truncate, and make the
 * result odd when that lost anything. */
static uint64_t fcvt_round_odd(uint64_t a)
{
    if (fp_is_nan(a, true)) {
        uint64_t q = fp_quiet(a, true);
        return (q & F64_SIGN ? F32_SIGN : 0) | 0x7f800000u |
               ((q >> 29) & 0x7fffffu);
    }
    FpEnv e;
    double d = to_d(a, true);
    fp_begin_rm(3, &e);
    volatile float f = (float)d;
    volatile double back = f;
    fp_end(&e);
    float g = f;
    uint32_t w;
    memcpy(&w, &g, 4);
    if (back != d && !fp_is_inf(w, false)) {
        w |= 1;
    }
    return w;
}

/* FCVTN/FCVTXN (narrow into the lower or upper half) and FCVTL (widen
 * the lower or upper half): size<0> picks double/single or single/half. */
static void fcvt_narrow_widen(ARMCPU *c, const Desc *x, const Vec *n,
                              const Vec *d)
{
    bool sz = x->size & 1;
    int ne = sz ? 2 : 4, half = x->q ? ne : 0;
    int wide = sz ? 3 : 2, narrow = sz ? 2 : 1;
    int wfmt = sz ? 1 : 0, nfmt = sz ? 0 : 3;
    Vec r = { { 0, 0 } };
    if (x->op == 0x16) {
        if (x->q) {
            r = *d;
        }
        for (int i = 0; i < ne; i++) {
            uint64_t v = vget(n, i, wide);
            v = x->u ? fcvt_round_odd(v)
                     : helper_fp_cvt(&c->parent, v, wfmt | nfmt << 2);
            vset(&r, half + i, narrow, v);
        }
        vwrite(c, x->rd, &r, x->q);
        return;
    }
    for (int i = 0; i < ne; i++) {
        vset(&r, i, wide, helper_fp_cvt(&c->parent, vget(n, half + i, narrow),
                                        nfmt | wfmt << 2));
    }
    vwrite(c, x->rd, &r, true);
}

uint64_t helper_simd_2misc(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), d = vread(c, x.rd), r = { { 0, 0 } };
    int size = x.size;
    int elems = x.x ? 1 : (x.q ? 16 : 8) >> size;
    uint64_t m = size_mask(size);

    if (x.op == 0x16 || x.op == 0x17) {
        fcvt_narrow_widen(c, &x, &n, &d);
        return 0;
    }
    if (is_fp_2misc(x.op)) {
        int a = size >> 1, sz = 2 + (size & 1);
        int fe = x.x ? 1 : (x.q ? 16 : 8) >> sz;
        for (int i = 0; i < fe; i++) {
            vset(&r, i, sz, fp_vec2(c, x.u, a, x.op, vget(&n, i, sz),
                                    sz == 3));
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    if (x.op == 0x09 && !x.u && size == 0 && !x.x) {
        /* CMEQ #0 on bytes: the string routines' NUL search. */
        for (int i = 0; i < 16; i++) {
            r.b[i] = n.b[i] ? 0 : 0xff;
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    switch (x.op) {
    case 0x00: case 0x01: {
        /* REV16/32/64: reverse elements within 2-, 4-, 8-byte blocks. */
        int block = x.op == 1 ? 1 : x.u ? 2 : 3;
        int flip = (1 << (block - size)) - 1;
        for (int i = 0; i < elems; i++) {
            vset(&r, i, size, vget(&n, i ^ flip, size));
        }
        break;
    }
    case 0x02: case 0x06: {
        int we = elems / 2;
        for (int i = 0; i < we; i++) {
            __int128 a = x.u ? (__int128)vget(&n, 2 * i, size)
                             : vgets(&n, 2 * i, size);
            __int128 b = x.u ? (__int128)vget(&n, 2 * i + 1, size)
                             : vgets(&n, 2 * i + 1, size);
            uint64_t s = (uint64_t)(a + b);
            if (x.op == 0x06) {
                s += vget(&d, i, size + 1);
            }
            vset(&r, i, size + 1, s);
        }
        break;
    }
    case 0x04:
        for (int i = 0; i < elems; i++) {
            uint64_t a = vget(&n, i, size);
            int bits = 8 << size, cnt;
            if (x.u) {
                cnt = a ? __builtin_clzll(a) - (64 - bits) : bits;
            } else {
                uint64_t t = (a ^ (a >> 1)) & (m >> 1);
                cnt = t ? __builtin_clzll(t) - (64 - bits) - 1 : bits - 1;
            }
            vset(&r, i, size, (uint64_t)cnt);
        }
        break;
    case 0x05:
        for (int i = 0; i < 16; i++) {
            uint8_t b = n.b[i];
            if (!x.u) {
                b = (uint8_t)__builtin_popcount(b);
            } else if (size == 0) {
                b = (uint8_t)~b;
            } else {
                b = (uint8_t)(((b * 0x0802u & 0x22110u) |
                               (b * 0x8020u & 0x88440u)) * 0x10101u >> 16);
            }
            r.b[i] = b;
        }
        break;
    case 0x07:
        for (int i = 0; i < elems; i++) {
            __int128 a = vgets(&n, i, size);
            if (x.u) {
                a = -a;
            } else if (a < 0) {
                a = -a;
            }
            vset(&r, i, size, sat_s(c, a, size));
        }
        break;
    case 0x08: case 0x09: case 0x0a:
        for (int i = 0; i < elems; i++) {
            int64_t a = vgets(&n, i, size);
            bool t;
            if (x.op == 0x08) {
                t = x.u ? a >= 0 : a > 0;
            } else if (x.op == 0x09) {
                t = x.u ? a <= 0 : a == 0;
            } else {
                t = a < 0;
            }
            vset(&r, i, size, t ? m : 0);
        }
        break;
    case 0x0b:
        for (int i = 0; i < elems; i++) {
            int64_t a = vgets(&n, i, size);
            uint64_t v = x.u ? -(uint64_t)a : a < 0 ? -(uint64_t)a
                                                    : (uint64_t)a;
            vset(&r, i, size, v & m);
        }
        break;
    case 0x12: case 0x14: {
        /* XTN/SQXTUN/SQXTN/UQXTN: narrow into the lower or upper half. */
        int ne = 8 >> size, half = x.q ? ne : 0;
        r = x.q ? d : (Vec){ { 0, 0 } };
        for (int i = 0; i < ne; i++) {
            uint64_t v;
            if (x.op == 0x12 && !x.u) {
                v = vget(&n, i, size + 1) & m;
            } else if (x.op == 0x12 || x.u) {
                __int128 a = x.op == 0x12 ? vgets(&n, i, size + 1)
                                          : (__int128)vget(&n, i, size + 1);
                v = sat_u(c, a, size);
            } else {
                v = sat_s(c, vgets(&n, i, size + 1), size);
            }
            vset(&r, half + i, size, v);
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    case 0x13: {
        /* SHLL: widen the lower/upper half, shifted by the element size. */
        int ne = 8 >> size, half = x.q ? ne : 0;
        for (int i = 0; i < ne; i++) {
            vset(&r, i, size + 1, vget(&n, half + i, size) << (8 << size));
        }
        vwrite(c, x.rd, &r, true);
        return 0;
    }
    default:
        break;
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

/* ---- Vector: across lanes ------------------------------------------------ */

bool simd_across_ok(int u, int op, int size, int q)
{
    if (u && (op == 0x0c || op == 0x0f)) {
        /* FMAXNMV FMINNMV FMAXV FMINV: 4S only. */
        return !(size & 1) && q;
    }
    if (size == 3 || (size == 2 && !q)) {
        return false;
    }
    switch (op) {
    case 0x03: case 0x0a: case 0x1a:
        return true;
    case 0x1b:
        return !u;
    default:
        return false;
    }
}

uint64_t helper_simd_across(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), r = { { 0, 0 } };
    int size = x.size, elems = (x.q ? 16 : 8) >> size;
    if (x.u && (x.op == 0x0c || x.op == 0x0f)) {
        /* A tree, as the architecture reduces: (e0 . e1) . (e2 . e3). */
        bool max = !(size & 2), num = x.op == 0x0c;
        uint64_t lo = fp_minmax(n.s[0], n.s[1], false, max, num);
        uint64_t hi = fp_minmax(n.s[2], n.s[3], false, max, num);
        r.s[0] = (uint32_t)fp_minmax(lo, hi, false, max, num);
        vwrite(c, x.rd, &r, false);
        return 0;
    }
    __int128 acc = x.u ? (__int128)vget(&n, 0, size) : vgets(&n, 0, size);
    for (int i = 1; i < elems; i++) {
        __int128 v = x.u ? (__int128)vget(&n, i, size) : vgets(&n, i, size);
        switch (x.op) {
        case 0x0a: acc = v > acc ? v : acc; break;
        case 0x1a: acc = v < acc ? v : acc; break;
        default: acc += v; break;
        }
    }
    if (x.op == 0x03) {
        vset(&r, 0, size + 1, (uint64_t)acc & size_mask(size + 1));
    } else {
        vset(&r, 0, size, (uint64_t)acc & size_mask(size));
    }
    vwrite(c, x.rd, &r, false);
    return 0;
}

/* ---- Vector: shift by immediate ------------------------------------------ */

bool simd_shift_ok(int u, int op)
{
    switch (op) {
    case 0x00: case 0x02: case 0x04: case 0x06: /* SHR SRA RSHR RSRA */
    case 0x0a:                                  /* SHL SLI */
    case 0x14:                                  /* SHLL */
        return true;
    case 0x08:                                  /* SRI */
        return u;
    case 0x10: case 0x11:                       /* SHRN RSHRN */
        return !u;
    default:
        return false;
    }
}

uint64_t helper_simd_shift(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), d = vread(c, x.rd), r = { { 0, 0 } };
    int size = x.size, sh = x.x, bits = 8 << size;
    int elems = (x.q ? 16 : 8) >> size;
    uint64_t m = size_mask(size);

    switch (x.op) {
    case 0x00: case 0x02: case 0x04: case 0x06:
        for (int i = 0; i < elems; i++) {
            __int128 a = x.u ? (__int128)vget(&n, i, size)
                             : vgets(&n, i, size);
            if (x.op & 4) {
                a += (__int128)1 << (sh - 1);
            }
            uint64_t v = (uint64_t)(a >> sh) & m;
            if (x.op & 2) {
                v = (v + vget(&d, i, size)) & m;
            }
            vset(&r, i, size, v);
        }
        break;
    case 0x08:                                      /* SRI */
        for (int i = 0; i < elems; i++) {
            uint64_t keep = sh == bits ? m : ~(m >> sh) & m;
            uint64_t v = sh == bits ? 0 : vget(&n, i, size) >> sh;
            vset(&r, i, size, (vget(&d, i, size) & keep) | v);
        }
        break;
    case 0x0a:                                      /* SHL, SLI */
        for (int i = 0; i < elems; i++) {
            uint64_t v = (vget(&n, i, size) << sh) & m;
            if (x.u) {
                v |= vget(&d, i, size) & ((1ull << sh) - 1);
            }
            vset(&r, i, size, v);
        }
        break;
    case 0x10: case 0x11: {
        /* SHRN/RSHRN: size is the wide element; narrow into a half. */
        int ne = 8 >> (size - 1), half = x.q ? ne : 0;
        r = x.q ? d : (Vec){ { 0, 0 } };
        for (int i = 0; i < ne; i++) {
            unsigned __int128 a = vget(&n, i, size);
            if (x.op == 0x11) {
                a += (unsigned __int128)1 << (sh - 1);
            }
            vset(&r, half + i, size - 1, (uint64_t)(a >> sh));
        }
        vwrite(c, x.rd, &r, x.q);
        return 0;
    }
    default: {
        /* SSHLL/USHLL: size is the wide element; widen a half. */
        int ne = 8 >> (size - 1), half = x.q ? ne : 0;
        for (int i = 0; i < ne; i++) {
            uint64_t a = x.u ? vget(&n, half + i, size - 1)
                             : (uint64_t)vgets(&n, half + i, size - 1);
            vset(&r, i, size, (a << sh) & m);
        }
        vwrite(c, x.rd, &r, true);
        return 0;
    }
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

/* ---- Vector: permutes, EXT, TBL ------------------------------------------ */

uint64_t helper_simd_perm(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), m = vread(c, x.rm), r = { { 0, 0 } };
    int size = x.size, elems = (x.q ? 16 : 8) >> size, half = elems / 2;
    int part = (x.op >> 2) & 1;
    for (int i = 0; i < elems; i++) {
        uint64_t v;
        switch (x.op & 3) {
        case 1: {                                   /* UZP */
            int j = 2 * i + part;
            v = j < elems ? vget(&n, j, size) : vget(&m, j - elems, size);
            break;
        }
        case 2: {                                   /* TRN */
            int j = (i & ~1) + part;
            v = (i & 1) ? vget(&m, j, size) : vget(&n, j, size);
            break;
        }
        default: {                                  /* ZIP */
            int j = part * half + i / 2;
            v = (i & 1) ? vget(&m, j, size) : vget(&n, j, size);
            break;
        }
        }
        vset(&r, i, size, v);
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

uint64_t helper_simd_ext(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), m = vread(c, x.rm), r = { { 0, 0 } };
    int len = x.q ? 16 : 8;
    for (int i = 0; i < len; i++) {
        int j = i + x.x;
        r.b[i] = j < len ? n.b[j] : m.b[j - len];
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

uint64_t helper_simd_tbl(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    uint8_t table[64];
    int nregs = x.x;
    for (int k = 0; k < nregs; k++) {
        memcpy(table + 16 * k, c->vregs[(x.rn + k) % 32], 16);
    }
    Vec idx = vread(c, x.rm), r = vread(c, x.rd);
    int len = x.q ? 16 : 8;
    for (int i = 0; i < len; i++) {
        unsigned j = idx.b[i];
        if (j < 16u * nregs) {
            r.b[i] = table[j];
        } else if (!x.u) {
            r.b[i] = 0;
        }
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}

/* ---- Vector and scalar: by element --------------------------------------- */

bool simd_elem_ok(int u, int op, int size, int q, bool scalar)
{
    switch (op) {
    case 0x0: case 0x4:                         /* MLA MLS (U=1) */
    case 0x8:                                   /* MUL (U=0) */
        return !scalar && (op == 0x8 ? !u : u) && (size == 1 || size == 2);
    case 0x2: case 0x6: case 0xa:               /* [SU]MLAL [SU]MLSL [SU]MULL */
        return !scalar && (size == 1 || size == 2);
    case 0x1: case 0x5: case 0x9:               /* FMLA FMLS FMUL */
        return !u && (size == 2 || (size == 3 && (q || scalar)));
    default:
        return false;
    }
}

uint64_t helper_simd_elem(CPUState *cpu, uint64_t desc)
{
    ARMCPU *c = arm_cpu(cpu);
    Desc x = unpack(desc);
    Vec n = vread(c, x.rn), m = vread(c, x.rm), d = vread(c, x.rd);
    Vec r = { { 0, 0 } };
    int size = x.size, idx = x.x & 15;
    bool scalar = x.x >> 4;
    uint64_t e = vget(&m, idx, size), mask = size_mask(size);

    if (x.op == 0x1 || x.op == 0x5 || x.op == 0x9) {
        bool dbl = size == 3;
        int elems = scalar ? 1 : (x.q ? 16 : 8) >> size;
        for (int i = 0; i < elems; i++) {
            uint64_t a = vget(&n, i, size), v;
            if (x.op == 0x9) {
                v = fp_arith(c, FP_MUL, a, e, dbl);
            } else {
                v = fp_muladd(c, x.op == 0x5 ? a ^ fp_sign(dbl) : a, e,
                              vget(&d, i, size), dbl);
            }
            vset(&r, i, size, v);
        }
        vwrite(c, x.rd, &r, x.q && !scalar);
        return 0;
    }
    if (x.op == 0x2 || x.op == 0x6 || x.op == 0xa) {
        /* Long: the lower or upper half of Vn, widened. */
        int ne = 8 >> size, half = x.q ? ne : 0;
        __int128 we = x.u ? (__int128)e : sext(e, size);
        for (int i = 0; i < ne; i++) {
            __int128 a = x.u ? (__int128)vget(&n, half + i, size)
                             : vgets(&n, half + i, size);
            uint64_t p = (uint64_t)(a * we), acc = vget(&d, i, size + 1);
            uint64_t v = x.op == 0x2 ? acc + p : x.op == 0x6 ? acc - p : p;
            vset(&r, i, size + 1, v & size_mask(size + 1));
        }
        vwrite(c, x.rd, &r, true);
        return 0;
    }
    int elems = (x.q ? 16 : 8) >> size;
    for (int i = 0; i < elems; i++) {
        uint64_t p = vget(&n, i, size) * e, acc = vget(&d, i, size);
        uint64_t v = x.op == 0x8 ? p : x.op == 0x0 ? acc + p : acc - p;
        vset(&r, i, size, v & mask);
    }
    vwrite(c, x.rd, &r, x.q);
    return 0;
}
