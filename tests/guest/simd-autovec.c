/* guest-cflags: -O3 -lm */
/* Loops the compiler vectorizes (built with -O3): integer and FP
 * arithmetic, widening and narrowing, reductions, min/max, shifts,
 * conversions and selects over arrays of every element type. Prints
 * checksums, to compare with qemu-aarch64. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1003

static int8_t s8[N], t8[N];
static uint8_t u8[N], v8[N];
static int16_t s16[N], t16[N];
static uint16_t u16[N];
static int32_t s32[N], t32[N];
static uint32_t u32[N];
static int64_t s64[N], t64[N];
static float f32[N], g32[N];
static double f64[N], g64[N];
static uint64_t h;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ull;
    h ^= h >> 29;
}

static void mixbuf(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        mix(b[i]);
    }
}

static void init(void)
{
    uint32_t s = 1;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        s8[i] = (int8_t)(s >> 24);
        t8[i] = (int8_t)(s >> 16);
        u8[i] = (uint8_t)(s >> 8);
        v8[i] = (uint8_t)(s >> 20);
        s16[i] = (int16_t)(s >> 13);
        t16[i] = (int16_t)(s >> 3);
        u16[i] = (uint16_t)(s >> 7);
        s32[i] = (int32_t)s;
        t32[i] = (int32_t)(s >> 5) - 0x1000000;
        u32[i] = s ^ 0x5a5a5a5a;
        s64[i] = (int64_t)s * 0x123456789ll;
        t64[i] = -(int64_t)s;
        f32[i] = (float)(int32_t)s / 65536.0f;
        g32[i] = (float)(s >> 12) / 1000.0f + 0.5f;
        f64[i] = (double)(int32_t)s / 3.0;
        g64[i] = (double)(s >> 9) * 1e-3 - 7.0;
    }
}

__attribute__((noinline)) static void int_ops(void)
{
    static int32_t r32[N];
    static int16_t r16[N];
    static uint8_t r8[N];
    static int64_t r64[N];
    for (int i = 0; i < N; i++) {
        r8[i] = (uint8_t)((u8[i] + v8[i] + 1) >> 1);
    }
    mixbuf(r8, sizeof(r8));
    for (int i = 0; i < N; i++) {
        r8[i] = u8[i] > v8[i] ? u8[i] - v8[i] : v8[i] - u8[i];
    }
    mixbuf(r8, sizeof(r8));
    for (int i = 0; i < N; i++) {
        r16[i] = (int16_t)(s8[i] * t8[i] + s16[i]);
    }
    mixbuf(r16, sizeof(r16));
    for (int i = 0; i < N; i++) {
        r32[i] = s16[i] * t16[i] - (s32[i] >> 3);
    }
    mixbuf(r32, sizeof(r32));
    for (int i = 0; i < N; i++) {
        r64[i] = (int64_t)s32[i] * t32[i] + s64[i];
    }
    mixbuf(r64, sizeof(r64));
    for (int i = 0; i < N; i++) {
        r32[i] = s32[i] < t32[i] ? s32[i] : t32[i] * 3;
    }
    mixbuf(r32, sizeof(r32));
    for (int i = 0; i < N; i++) {
        r32[i] = (int32_t)((u32[i] << 3) ^ (u32[i] >> 7)) | (s32[i] & 0xff);
    }
    mixbuf(r32, sizeof(r32));
    for (int i = 0; i < N; i++) {
        r16[i] = (int16_t)(s32[i] >> 16);
        r8[i] = (uint8_t)(u16[i] >> 4);
    }
    mixbuf(r16, sizeof(r16));
    mixbuf(r8, sizeof(r8));
    for (int i = 0; i < N; i++) {
        r64[i] = s64[i] > t64[i] ? s64[i] : t64[i];
        r64[i] += s64[i] >> 5;
    }
    mixbuf(r64, sizeof(r64));
    for (int i = 0; i < N; i++) {
        int v = s16[i] * 4;
        r16[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
    }
    mixbuf(r16, sizeof(r16));
    for (int i = 0; i < N; i++) {
        r32[i] = __builtin_popcount(u32[i]) + __builtin_clz(u32[i] | 1);
    }
    mixbuf(r32, sizeof(r32));
    for (int i = 0; i < N; i++) {
        r32[i] = s32[i] < 0 ? -s32[i] : s32[i];
    }
    mixbuf(r32, sizeof(r32));
}

__attribute__((noinline)) static void reductions(void)
{
    uint32_t su8 = 0;
    int64_t ss32 = 0;
    int32_t mx = INT32_MIN, mn = INT32_MAX;
    uint8_t umx = 0;
    int16_t smin16 = INT16_MAX;
    uint64_t x64 = 0;
    for (int i = 0; i < N; i++) {
        su8 += u8[i];
        ss32 += s32[i];
        mx = s32[i] > mx ? s32[i] : mx;
        mn = t32[i] < mn ? t32[i] : mn;
        umx = u8[i] > umx ? u8[i] : umx;
        smin16 = s16[i] < smin16 ? s16[i] : smin16;
        x64 ^= (uint64_t)s64[i];
    }
    mix(su8);
    mix((uint64_t)ss32);
    mix((uint64_t)mx);
    mix((uint64_t)mn);
    mix(umx);
    mix((uint64_t)smin16);
    mix(x64);
    float fs = 0;
    double ds = 0, dmax = -1e300;
    for (int i = 0; i < N; i++) {
        fs += f32[i] * g32[i];
        ds += f64[i] * g64[i];
        dmax = f64[i] > dmax ? f64[i] : dmax;
    }
    mixbuf(&fs, sizeof(fs));
    mixbuf(&ds, sizeof(ds));
    mixbuf(&dmax, sizeof(dmax));
}

__attribute__((noinline)) static void fp_ops(void)
{
    static float rf[N];
    static double rd[N];
    static int32_t ri[N];
    static int64_t rl[N];
    for (int i = 0; i < N; i++) {
        rf[i] = f32[i] * g32[i] + f32[i] / (g32[i] + 1.0f);
    }
    mixbuf(rf, sizeof(rf));
    for (int i = 0; i < N; i++) {
        rd[i] = f64[i] * g64[i] - f64[i] / (g64[i] * g64[i] + 1.0);
    }
    mixbuf(rd, sizeof(rd));
    for (int i = 0; i < N; i++) {
        rf[i] = f32[i] > g32[i] ? f32[i] : -g32[i];
        rd[i] = f64[i] < 0 ? -f64[i] : f64[i] * 0.5;
    }
    mixbuf(rf, sizeof(rf));
    mixbuf(rd, sizeof(rd));
    for (int i = 0; i < N; i++) {
        ri[i] = (int32_t)f32[i];
        rl[i] = (int64_t)f64[i];
        rf[i] = (float)s32[i];
        rd[i] = (double)s64[i];
    }
    mixbuf(ri, sizeof(ri));
    mixbuf(rl, sizeof(rl));
    mixbuf(rf, sizeof(rf));
    mixbuf(rd, sizeof(rd));
    for (int i = 0; i < N; i++) {
        rd[i] = (double)f32[i] + (double)g32[i];
        rf[i] = (float)g64[i];
    }
    mixbuf(rd, sizeof(rd));
    mixbuf(rf, sizeof(rf));
    for (int i = 0; i < N; i++) {
        rf[i] = __builtin_sqrtf(g32[i]) + __builtin_fabsf(f32[i]);
        rd[i] = __builtin_sqrt(g64[i] + 8.0) + __builtin_floor(f64[i]);
    }
    mixbuf(rf, sizeof(rf));
    mixbuf(rd, sizeof(rd));
    for (int i = 0; i < N; i++) {
        rf[i] = __builtin_fmaxf(f32[i], g32[i]) -
                __builtin_fminf(f32[i], 0.0f);
        rd[i] = __builtin_trunc(f64[i] * 0.001) + __builtin_round(g64[i]);
    }
    mixbuf(rf, sizeof(rf));
    mixbuf(rd, sizeof(rd));
}

int main(void)
{
    init();
    int_ops();
    printf("int   %016llx\n", (unsigned long long)h);
    h = 0;
    reductions();
    printf("red   %016llx\n", (unsigned long long)h);
    h = 0;
    fp_ops();
    printf("fp    %016llx\n", (unsigned long long)h);
    return 0;
}
