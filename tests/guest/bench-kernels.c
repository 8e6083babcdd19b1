/* Guest workloads for measuring emulation speed (a copy of the project's
 * ../shared/bench/kernels.c, so that make distcheck can build it).
 * Usage: kernels NAME [SCALE]   NAME: crc32 sha256 sort matmul strops interp all
 * Each kernel prints "NAME checksum" so runs on different emulators can be
 * compared for correctness as well as time. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 2463534242u;
static uint32_t xorshift(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

static uint64_t k_crc32(int scale) {
    static uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    size_t n = 1 << 16;
    uint8_t *buf = malloc(n);
    for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)xorshift();
    uint32_t crc = 0xFFFFFFFFu;
    for (int r = 0; r < 40 * scale; r++)
        for (size_t i = 0; i < n; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
    free(buf);
    return crc ^ 0xFFFFFFFFu;
}

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha256_block(uint32_t h[8], const uint8_t *p) {
    static const uint32_t k[64] = {
        0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,
        0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,
        0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
        0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,
        0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
        0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
        0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,
        0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2};
    uint32_t w[64], a, b, c, d, e, f, g, hh;
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | p[4*i+1] << 16 | p[4*i+2] << 8 | p[4*i+3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i-15], 7) ^ ROR(w[i-15], 18) ^ (w[i-15] >> 3);
        uint32_t s1 = ROR(w[i-2], 17) ^ ROR(w[i-2], 19) ^ (w[i-2] >> 10);
        w[i] = w[i-16] + s0 + w[i-7] + s1;
    }
    a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}
static uint64_t k_sha256(int scale) {
    uint32_t h[8] = {0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19};
    uint8_t block[64];
    for (int i = 0; i < 64; i++) block[i] = (uint8_t)xorshift();
    for (int r = 0; r < 40000 * scale; r++) { sha256_block(h, block); block[r & 63] ^= (uint8_t)h[0]; }
    return (uint64_t)h[0] << 32 | h[7];
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}
static uint64_t k_sort(int scale) {
    size_t n = 200000;
    uint32_t *v = malloc(n * sizeof *v);
    uint64_t sum = 0;
    for (int r = 0; r < 2 * scale; r++) {
        for (size_t i = 0; i < n; i++) v[i] = xorshift();
        qsort(v, n, sizeof *v, cmp_u32);
        for (size_t i = 0; i < n; i += 997) sum = sum * 31 + v[i];
    }
    free(v);
    return sum;
}

static uint64_t k_matmul(int scale) {
    enum { N = 96 };
    static double a[N][N], b[N][N], c[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { a[i][j] = (xorshift() % 1000) / 250.0; b[i][j] = (xorshift() % 1000) / 500.0; }
    double acc = 0;
    for (int r = 0; r < 6 * scale; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < N; k++) s += a[i][k] * b[k][j];
                c[i][j] = s;
            }
        acc += c[r % N][(r * 7) % N];
        a[r % N][r % N] += 0.5;
    }
    return (uint64_t)(acc * 1000.0);
}

static uint64_t k_strops(int scale) {
    size_t n = 4096;
    char *src = malloc(n + 1), *dst = malloc(n + 1);
    for (size_t i = 0; i < n; i++) src[i] = 'a' + xorshift() % 26;
    src[n] = 0;
    uint64_t sum = 0;
    for (int r = 0; r < 6000 * scale; r++) {
        size_t len = 1024 + (size_t)(r % 3000);
        memcpy(dst, src + (r % 64), len);
        dst[len] = 0;
        sum += strlen(dst);
        sum += strchr(dst, 'z' - (r % 5)) ? 1 : 0;
        sum += (uint64_t)(memcmp(dst, src + (r % 64), len) == 0);
        memset(dst, r & 0xff, 256);
    }
    free(src); free(dst);
    return sum;
}

/* A tiny stack-machine interpreter: indirect branches and small blocks. */
static uint64_t k_interp(int scale) {
    enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, POP, HALT };
    static const int prog[] = { PUSH, 0, PUSH, 100000, /* acc n */
        SWAP, PUSH, 3, MUL, PUSH, 7, ADD, SWAP, /* acc = acc*3+7 */
        DEC, DUP, JNZ, 4, POP, HALT };
    uint64_t result = 0;
    for (int r = 0; r < 10 * scale; r++) {
        uint64_t st[16]; int sp = 0, pc = 0;
        for (;;) {
            switch (prog[pc++]) {
            case PUSH: st[sp++] = (uint64_t)prog[pc++]; break;
            case ADD: sp--; st[sp-1] += st[sp]; break;
            case SUB: sp--; st[sp-1] -= st[sp]; break;
            case MUL: sp--; st[sp-1] *= st[sp]; break;
            case DUP: st[sp] = st[sp-1]; sp++; break;
            case SWAP: { uint64_t t = st[sp-1]; st[sp-1] = st[sp-2]; st[sp-2] = t; } break;
            case JNZ: { int t = prog[pc++]; if (st[--sp]) pc = t; } break;
            case DEC: st[sp-1]--; break;
            case POP: sp--; break;
            case HALT: goto done;
            }
        }
done:
        result += st[0] + (uint64_t)r;
    }
    return result;
}

static const struct { const char *name; uint64_t (*fn)(int); } kernels[] = {
    {"crc32", k_crc32}, {"sha256", k_sha256}, {"sort", k_sort},
    {"matmul", k_matmul}, {"strops", k_strops}, {"interp", k_interp},
};

int main(int argc, char **argv) {
    const char *which = argc > 1 ? argv[1] : "all";
    int scale = argc > 2 ? atoi(argv[2]) : 1;
    int ran = 0;
    for (size_t i = 0; i < sizeof kernels / sizeof kernels[0]; i++)
        if (!strcmp(which, "all") || !strcmp(which, kernels[i].name)) {
            printf("%s %016llx\n", kernels[i].name, (unsigned long long)kernels[i].fn(scale));
            ran++;
        }
    if (!ran) { fprintf(stderr, "unknown kernel: %s\n", which); return 2; }
    return 0;
}
