/* Scalar floating point on edge values: arithmetic, fused multiply-add,
 * min/max, compares (NZCV), conversions to and from integers in every
 * rounding mode, FRINT*, FCVT, FMOV immediates, and the FPCR rounding
 * mode; results printed as bits to compare with qemu-aarch64. FPSR is
 * not printed (its exception flags are not modelled yet). */
#include <stdint.h>
#include <stdio.h>

static const uint64_t dvals[] = {
    0x0000000000000000ull, 0x8000000000000000ull, /* +0 -0 */
    0x3ff0000000000000ull, 0xbff0000000000000ull, /* 1 -1 */
    0x3ff8000000000000ull, 0x4004000000000000ull, /* 1.5 2.5 */
    0xc004000000000000ull, 0x3fb999999999999aull, /* -2.5 0.1 */
    0x7fefffffffffffffull, 0xffefffffffffffffull, /* +-max */
    0x7ff0000000000000ull, 0xfff0000000000000ull, /* +-inf */
    0x7ff8000000000000ull, 0x7ff4000000000001ull, /* qnan snan */
    0xfff8000000000123ull, 0x0000000000000001ull, /* -qnan, min sub */
    0x000fffffffffffffull, 0x0010000000000000ull, /* max sub, min norm */
    0x43e0000000000000ull, 0xc3e0000000000000ull, /* 2^63 -2^63 */
    0x43f0000000000000ull, 0x41e0000000000000ull, /* 2^64 2^31 */
    0xc1e0000000200000ull, 0x3fe0000000000000ull, /* -2^31-1 0.5 */
    0x41efffffffe00000ull, 0x4330000000000001ull, /* 2^32-1 2^52+1 */
    0x3ff0000000000001ull, 0xbfe8000000000000ull, /* 1+ulp -0.75 */
};
#define ND (sizeof(dvals) / sizeof(dvals[0]))

static const uint32_t svals[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000,
    0x40200000, 0xc0200000, 0x3dcccccd, 0x7f7fffff, 0xff7fffff,
    0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00001, 0xffc00123,
    0x00000001, 0x007fffff, 0x00800000, 0x5f000000, 0xdf000000,
    0x5f800000, 0x4f000000, 0xcf000001, 0x3f000000, 0x4f7fffff,
    0x3f800001, 0xbf400000,
};
#define NS (sizeof(svals) / sizeof(svals[0]))

static uint64_t h;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ull;
    h ^= h >> 31;
}

static void report(const char *what)
{
    printf("%-12s %016llx\n", what, (unsigned long long)h);
    h = 0;
}

static void set_rmode(unsigned rm)
{
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    fpcr = (fpcr & ~(3ull << 22)) | (uint64_t)rm << 22;
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
}

#define D2(name, insn)                                                  \
    static uint64_t name(uint64_t a, uint64_t b)                        \
    {                                                                   \
        uint64_t r;                                                     \
        __asm__ volatile("fmov d0, %1\n\tfmov d1, %2\n\t" insn          \
                         "\n\tfmov %0, d2"                              \
                         : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2"); \
        return r;                                                       \
    }
#define S2(name, insn)                                                  \
    static uint64_t name(uint64_t a, uint64_t b)                        \
    {                                                                   \
        uint64_t r;                                                     \
        __asm__ volatile("fmov s0, %w1\n\tfmov s1, %w2\n\t" insn        \
                         "\n\tfmov %0, d2"                              \
                         : "=r"(r) : "r"(a), "r"(b) : "v0", "v1", "v2"); \
        return r;                                                       \
    }
D2(d_add, "fadd d2, d0, d1") D2(d_sub, "fsub d2, d0, d1")
D2(d_mul, "fmul d2, d0, d1") D2(d_div, "fdiv d2, d0, d1")
D2(d_max, "fmax d2, d0, d1") D2(d_min, "fmin d2, d0, d1")
D2(d_maxnm, "fmaxnm d2, d0, d1") D2(d_minnm, "fminnm d2, d0, d1")
D2(d_nmul, "fnmul d2, d0, d1")
D2(d_sqrt, "fsqrt d2, d0") D2(d_abs, "fabs d2, d0") D2(d_neg, "fneg d2, d0")
D2(d_rintn, "frintn d2, d0") D2(d_rintp, "frintp d2, d0")
D2(d_rintm, "frintm d2, d0") D2(d_rintz, "frintz d2, d0")
D2(d_rinta, "frinta d2, d0") D2(d_rintx, "frintx d2, d0")
D2(d_rinti, "frinti d2, d0")
D2(d_cvts, "fcvt s2, d0") D2(d_cvth, "fcvt h2, d0")
D2(d_csel, "fcmp d0, d1\n\tfcsel d2, d0, d1, lt")
D2(d_cmp, "fcmp d0, d1\n\tmrs x9, nzcv\n\tfmov d2, x9")
D2(d_cmpe, "fcmpe d0, #0.0\n\tmrs x9, nzcv\n\tfmov d2, x9")
D2(d_ccmp, "cmp x9, x9\n\tfccmp d0, d1, #5, ne\n\tmrs x9, nzcv\n\t"
           "fccmpe d0, d1, #2, eq\n\tmrs x10, nzcv\n\t"
           "add x9, x10, x9, lsr #16\n\tfmov d2, x9")
S2(s_add, "fadd s2, s0, s1") S2(s_sub, "fsub s2, s0, s1")
S2(s_mul, "fmul s2, s0, s1") S2(s_div, "fdiv s2, s0, s1")
S2(s_max, "fmax s2, s0, s1") S2(s_min, "fmin s2, s0, s1")
S2(s_maxnm, "fmaxnm s2, s0, s1") S2(s_minnm, "fminnm s2, s0, s1")
S2(s_nmul, "fnmul s2, s0, s1")
S2(s_sqrt, "fsqrt s2, s0") S2(s_rintn, "frintn s2, s0")
S2(s_rinta, "frinta s2, s0") S2(s_rintx, "frintx s2, s0")
S2(s_rintm, "frintm s2, s0")
S2(s_cvtd, "fcvt d2, s0") S2(s_cvth, "fcvt h2, s0")
S2(s_cmp, "fcmp s0, s1\n\tmrs x9, nzcv\n\tfmov d2, x9")
S2(s_csel, "fcmp s0, s1\n\tfcsel s2, s0, s1, gt")

#define CVT(name, pre, insn)                                            \
    static uint64_t name(uint64_t a)                                    \
    {                                                                   \
        uint64_t r;                                                     \
        __asm__ volatile(pre "\n\t" insn : "=r"(r) : "r"(a) : "v0");    \
        return r;                                                       \
    }
#define CVTD(name, insn) CVT(name, "fmov d0, %1", insn)
#define CVTS(name, insn) CVT(name, "fmov s0, %w1", insn)
CVTD(dns_x, "fcvtns %0, d0") CVTD(dps_x, "fcvtps %0, d0")
CVTD(dms_x, "fcvtms %0, d0") CVTD(dzs_x, "fcvtzs %0, d0")
CVTD(das_x, "fcvtas %0, d0") CVTD(dnu_x, "fcvtnu %0, d0")
CVTD(dpu_x, "fcvtpu %0, d0") CVTD(dmu_x, "fcvtmu %0, d0")
CVTD(dzu_x, "fcvtzu %0, d0") CVTD(dau_x, "fcvtau %0, d0")
CVTD(dns_w, "fcvtns %w0, d0") CVTD(dzs_w, "fcvtzs %w0, d0")
CVTD(dzu_w, "fcvtzu %w0, d0") CVTD(dau_w, "fcvtau %w0, d0")
CVTD(dzs_fx, "fcvtzs %0, d0, #10") CVTD(dzu_fw, "fcvtzu %w0, d0, #3")
CVTS(szs_x, "fcvtzs %0, s0") CVTS(sns_w, "fcvtns %w0, s0")
CVTS(szu_w, "fcvtzu %w0, s0") CVTS(sms_x, "fcvtms %0, s0")
CVTS(szs_fw, "fcvtzs %w0, s0, #16")
CVT(h_cvts, "fmov s0, %w1", "fcvt s0, h0\n\tfmov %w0, s0")
CVT(h_cvtd, "fmov s0, %w1", "fcvt d0, h0\n\tfmov %0, d0")

#define ITOF(name, insn)                                                \
    static uint64_t name(uint64_t a)                                    \
    {                                                                   \
        uint64_t r;                                                     \
        __asm__ volatile(insn "\n\tfmov %0, d0" : "=r"(r) : "r"(a)      \
                         : "v0");                                       \
        return r;                                                       \
    }
ITOF(scvtf_dx, "scvtf d0, %1") ITOF(ucvtf_dx, "ucvtf d0, %1")
ITOF(scvtf_dw, "scvtf d0, %w1") ITOF(ucvtf_dw, "ucvtf d0, %w1")
ITOF(scvtf_sx, "scvtf s0, %1") ITOF(ucvtf_sx, "ucvtf s0, %1")
ITOF(scvtf_sw, "scvtf s0, %w1") ITOF(ucvtf_sw, "ucvtf s0, %w1")
ITOF(scvtf_dxf, "scvtf d0, %1, #12") ITOF(ucvtf_swf, "ucvtf s0, %w1, #7")

#define FMA(name, insn, pre)                                            \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)            \
    {                                                                   \
        uint64_t r;                                                     \
        __asm__ volatile(pre "\n\t" insn "\n\tfmov %0, d3"              \
                         : "=r"(r) : "r"(a), "r"(b), "r"(c)             \
                         : "v0", "v1", "v2", "v3");                     \
        return r;                                                       \
    }
#define PRED "fmov d0, %1\n\tfmov d1, %2\n\tfmov d2, %3"
#define PRES "fmov s0, %w1\n\tfmov s1, %w2\n\tfmov s2, %w3"
FMA(d_madd, "fmadd d3, d0, d1, d2", PRED)
FMA(d_msub, "fmsub d3, d0, d1, d2", PRED)
FMA(d_nmadd, "fnmadd d3, d0, d1, d2", PRED)
FMA(d_nmsub, "fnmsub d3, d0, d1, d2", PRED)
FMA(s_madd, "fmadd s3, s0, s1, s2", PRES)
FMA(s_nmsub, "fnmsub s3, s0, s1, s2", PRES)

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Random doubles with exponents near each other, so sums cancel. */
static uint64_t rnd_d(uint64_t *s, int emin, int espan)
{
    uint64_t r = rnd(s);
    uint64_t e = (uint64_t)(emin + (int)(r % (uint64_t)espan)) & 0x7ff;
    return (r & 0x800fffffffffffffull) | e << 52;
}

static void binops(void)
{
    static const struct {
        const char *n;
        uint64_t (*f)(uint64_t, uint64_t);
        int dbl;
    } t[] = {
        { "fadd.d", d_add, 1 }, { "fsub.d", d_sub, 1 },
        { "fmul.d", d_mul, 1 }, { "fdiv.d", d_div, 1 },
        { "fmax.d", d_max, 1 }, { "fmin.d", d_min, 1 },
        { "fmaxnm.d", d_maxnm, 1 }, { "fminnm.d", d_minnm, 1 },
        { "fnmul.d", d_nmul, 1 }, { "fcsel.d", d_csel, 1 },
        { "fcmp.d", d_cmp, 1 }, { "fccmp.d", d_ccmp, 1 },
        { "fadd.s", s_add, 0 }, { "fsub.s", s_sub, 0 },
        { "fmul.s", s_mul, 0 }, { "fdiv.s", s_div, 0 },
        { "fmax.s", s_max, 0 }, { "fmin.s", s_min, 0 },
        { "fmaxnm.s", s_maxnm, 0 }, { "fminnm.s", s_minnm, 0 },
        { "fnmul.s", s_nmul, 0 }, { "fcmp.s", s_cmp, 0 },
        { "fcsel.s", s_csel, 0 },
    };
    for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        size_t n = t[k].dbl ? ND : NS;
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                uint64_t a = t[k].dbl ? dvals[i] : svals[i];
                uint64_t b = t[k].dbl ? dvals[j] : svals[j];
                mix(t[k].f(a, b));
            }
        }
        report(t[k].n);
    }
}

static void unops(void)
{
    static const struct {
        const char *n;
        uint64_t (*f)(uint64_t, uint64_t);
        int dbl;
    } t[] = {
        { "fsqrt.d", d_sqrt, 1 }, { "fabs.d", d_abs, 1 },
        { "fneg.d", d_neg, 1 }, { "frintn.d", d_rintn, 1 },
        { "frintp.d", d_rintp, 1 }, { "frintm.d", d_rintm, 1 },
        { "frintz.d", d_rintz, 1 }, { "frinta.d", d_rinta, 1 },
        { "frintx.d", d_rintx, 1 }, { "frinti.d", d_rinti, 1 },
        { "fcvt.sd", d_cvts, 1 }, { "fcvt.hd", d_cvth, 1 },
        { "fcmpe.d0", d_cmpe, 1 },
        { "fsqrt.s", s_sqrt, 0 }, { "frintn.s", s_rintn, 0 },
        { "frinta.s", s_rinta, 0 }, { "frintx.s", s_rintx, 0 },
        { "frintm.s", s_rintm, 0 }, { "fcvt.ds", s_cvtd, 0 },
        { "fcvt.hs", s_cvth, 0 },
    };
    for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        size_t n = t[k].dbl ? ND : NS;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = t[k].dbl ? dvals[i] : svals[i];
            mix(t[k].f(a, 0));
            /* Scaled copies reach more rounding cases. */
            mix(t[k].f(t[k].dbl ? d_mul(a, 0x3fd8000000000000ull)
                                : s_mul(a, 0x3ec00000), 0));
        }
        report(t[k].n);
    }
}

static void conversions(void)
{
    static const struct {
        const char *n;
        uint64_t (*f)(uint64_t);
        int dbl;
    } t[] = {
        { "fcvtns.xd", dns_x, 1 }, { "fcvtps.xd", dps_x, 1 },
        { "fcvtms.xd", dms_x, 1 }, { "fcvtzs.xd", dzs_x, 1 },
        { "fcvtas.xd", das_x, 1 }, { "fcvtnu.xd", dnu_x, 1 },
        { "fcvtpu.xd", dpu_x, 1 }, { "fcvtmu.xd", dmu_x, 1 },
        { "fcvtzu.xd", dzu_x, 1 }, { "fcvtau.xd", dau_x, 1 },
        { "fcvtns.wd", dns_w, 1 }, { "fcvtzs.wd", dzs_w, 1 },
        { "fcvtzu.wd", dzu_w, 1 }, { "fcvtau.wd", dau_w, 1 },
        { "fcvtzs.xd#", dzs_fx, 1 }, { "fcvtzu.wd#", dzu_fw, 1 },
        { "fcvtzs.xs", szs_x, 0 }, { "fcvtns.ws", sns_w, 0 },
        { "fcvtzu.ws", szu_w, 0 }, { "fcvtms.xs", sms_x, 0 },
        { "fcvtzs.ws#", szs_fw, 0 },
    };
    for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        size_t n = t[k].dbl ? ND : NS;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = t[k].dbl ? dvals[i] : svals[i];
            mix(t[k].f(a));
            mix(t[k].f(t[k].dbl ? d_mul(a, 0x3fd8000000000000ull)
                                : s_mul(a, 0x3ec00000)));
        }
        report(t[k].n);
    }
    static const struct {
        const char *n;
        uint64_t (*f)(uint64_t);
    } u[] = {
        { "scvtf.dx", scvtf_dx }, { "ucvtf.dx", ucvtf_dx },
        { "scvtf.dw", scvtf_dw }, { "ucvtf.dw", ucvtf_dw },
        { "scvtf.sx", scvtf_sx }, { "ucvtf.sx", ucvtf_sx },
        { "scvtf.sw", scvtf_sw }, { "ucvtf.sw", ucvtf_sw },
        { "scvtf.dx#", scvtf_dxf }, { "ucvtf.sw#", ucvtf_swf },
        { "fcvt.sh", h_cvts }, { "fcvt.dh", h_cvtd },
    };
    static const uint64_t ints[] = {
        0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        0x80000000ull, 0x7fffffffull, 0xffffffffull, 0x20000001ull,
        0x0020000000000001ull, 0xfedcba9876543210ull, 0x1000001ull,
        0x3c00, 0x7c00, 0xfc00, 0x7e01, 0x7d00, 0x0001, 0x03ff, 0x8400,
    };
    for (size_t k = 0; k < sizeof(u) / sizeof(u[0]); k++) {
        uint64_t s = 12345;
        for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
            mix(u[k].f(ints[i]));
        }
        for (int i = 0; i < 200; i++) {
            uint64_t r = rnd(&s);
            mix(u[k].f(r >> (r & 63)));
        }
        report(u[k].n);
    }
}

static void fused(void)
{
    static const struct {
        const char *n;
        uint64_t (*f)(uint64_t, uint64_t, uint64_t);
        int dbl;
    } t[] = {
        { "fmadd.d", d_madd, 1 }, { "fmsub.d", d_msub, 1 },
        { "fnmadd.d", d_nmadd, 1 }, { "fnmsub.d", d_nmsub, 1 },
        { "fmadd.s", s_madd, 0 }, { "fnmsub.s", s_nmsub, 0 },
    };
    for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
        size_t n = t[k].dbl ? ND : NS;
        uint64_t s = 99;
        for (size_t i = 0; i < n; i += 2) {
            for (size_t j = 1; j < n; j += 3) {
                for (size_t l = 0; l < n; l += 4) {
                    if (t[k].dbl) {
                        mix(t[k].f(dvals[i], dvals[j], dvals[l]));
                    } else {
                        mix(t[k].f(svals[i], svals[j], svals[l]));
                    }
                }
            }
        }
        for (int i = 0; i < 3000; i++) {
            uint64_t a, b, c;
            if (t[k].dbl) {
                int lo = i < 1000 ? 1000 : i < 2000 ? 1 : 1700;
                a = rnd_d(&s, lo, 60);
                b = rnd_d(&s, lo, 60);
                c = d_mul(a, b) ^ (rnd(&s) & 0x800000000000000full);
                if (i & 1) {
                    c = rnd_d(&s, lo, 120);
                }
                c ^= 1ull << 63;
            } else {
                a = (uint32_t)rnd(&s) & 0xbfffffff;
                b = (uint32_t)rnd(&s) & 0xbfffffff;
                c = s_mul(a, b) ^ ((uint32_t)rnd(&s) & 0x8000000f);
            }
            mix(t[k].f(a, b, c));
        }
        report(t[k].n);
    }
}

static void immediates(void)
{
    uint64_t r;
#define FIMM(insn)                                                      \
    __asm__ volatile(insn "\n\tfmov %0, d0" : "=r"(r) : : "v0");        \
    mix(r);
    FIMM("fmov d0, #1.0") FIMM("fmov d0, #-31.0") FIMM("fmov d0, #0.125")
    FIMM("fmov d0, #1.9375") FIMM("fmov s0, #2.5") FIMM("fmov s0, #-0.25")
    FIMM("fmov s0, #17.0") FIMM("movi d0, #0")
    __asm__ volatile("fmov d0, #3.0\n\tfmov x9, d0\n\tmov v0.d[1], x9\n\t"
                     "fmov v0.d[1], %1\n\tfmov %0, v0.d[1]"
                     : "=r"(r) : "r"(0x1234ull) : "v0", "x9");
    mix(r);
    report("fmov.imm");
}

int main(void)
{
    binops();
    unops();
    conversions();
    fused();
    immediates();
    /* The same again in each directed rounding mode. */
    for (unsigned rm = 1; rm < 4; rm++) {
        set_rmode(rm);
        printf("rmode %u\n", rm);
        binops();
        unops();
        conversions();
        fused();
    }
    set_rmode(0);
    return 0;
}
