/* Guest for the memory-callback test: probe_accesses makes a known list of
 * loads and stores on buf (and zva); main prints, for each, the line the
 * plugin should print (MEM ...), then what the loads returned. A 16-byte
 * access (LDR Q, LDP X, LDXP X...) is one access with a 128-bit value, as
 * in QEMU; a store exclusive is a store when it succeeds and nothing when
 * it fails; DC ZVA is four 16-byte stores of zero. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

uint8_t buf[64] __attribute__((aligned(16)));
uint8_t zva[2048] __attribute__((aligned(2048)));   /* any block size */
uint64_t out[8];

void probe_accesses(uint8_t *p, uint64_t *o, uint8_t *z);
__asm__(
    ".text\n"
    ".globl probe_accesses\n"
    ".type probe_accesses, %function\n"
    "probe_accesses:\n"
    "    mov x15, x2\n"
    "    movz x9, #0x8877\n"
    "    movk x9, #0x6655, lsl #16\n"
    "    movk x9, #0x4433, lsl #32\n"
    "    movk x9, #0x1122, lsl #48\n"
    "1:  strb w9, [x0]\n"             /* st 1 0x77 */
    "2:  strh w9, [x0, #2]\n"         /* st 2 0x8877 */
    "3:  str w9, [x0, #4]\n"          /* st 4 0x66558877 */
    "4:  str x9, [x0, #8]\n"          /* st 8 */
    "    mov w10, #0x80\n"
    "5:  strb w10, [x0, #16]\n"       /* st 1 0x80 */
    "6:  ldrsb x11, [x0, #16]\n"      /* ld 1 sign 0x80 */
    "7:  ldrb w12, [x0, #16]\n"       /* ld 1 0x80 */
    "8:  ldrsh x13, [x0, #2]\n"       /* ld 2 sign 0x8877 */
    "9:  ldrsw x14, [x0, #4]\n"       /* ld 4 sign 0x66558877 */
    "    add x16, x0, #24\n"
    "10: str x16, [x16]\n"            /* st 8 buf+24 */
    "11: ldr x16, [x16]\n"            /* ld 8 from buf+24: overwrites x16 */
    "12: ldp x2, x3, [x0, #8]\n"      /* ld 16 */
    "13: stp x11, x13, [x1]\n"        /* st 16 */
    "14: str x14, [x1, #16]\n"
    "15: str x12, [x1, #24]\n"
    "16: str x16, [x1, #32]\n"
    "17: ldr q0, [x0]\n"              /* ld 16 */
    "18: str q0, [x0, #32]\n"         /* st 16 */
    "19: ldp q1, q2, [x0]\n"          /* ld 16, ld 16 */
    "20: ldp w5, w6, [x0, #4]\n"      /* ld 8 */
    "    add x8, x0, #48\n"
    "21: ldxr x4, [x8]\n"             /* ld 8 */
    "22: stxr w5, x9, [x8]\n"         /* st 8: succeeds */
    "23: stxr w6, x9, [x8]\n"         /* fails: no access */
    "24: ldxp x4, x7, [x8]\n"         /* ld 16 */
    "25: stxp w5, x12, x13, [x8]\n"   /* st 16 */
    "26: dc zva, x15\n"                /* st 16 x 4 */
    "    ret\n"
    ".size probe_accesses, . - probe_accesses\n");

static void expect(const char *dir, unsigned size, int sign, void *addr,
                   uint64_t value)
{
    printf("MEM %s size=%u sign=%d be=0 addr=%p value=0x%llx\n", dir, size,
           sign, addr, (unsigned long long)value);
}

static void expect128(const char *dir, void *addr, uint64_t lo, uint64_t hi)
{
    printf("MEM %s size=16 sign=0 be=0 addr=%p value=0x%llx%016llx\n", dir,
           addr, (unsigned long long)hi, (unsigned long long)lo);
}

static uint64_t at(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

int main(void)
{
    uint8_t *b = buf;
    uint64_t x9 = 0x1122443366558877ull;

    memset(zva, 0xee, sizeof(zva));
    probe_accesses(buf, out, zva);
    expect("st", 1, 0, b, 0x77);
    expect("st", 2, 0, b + 2, 0x8877);
    expect("st", 4, 0, b + 4, 0x66558877);
    expect("st", 8, 0, b + 8, x9);
    expect("st", 1, 0, b + 16, 0x80);
    expect("ld", 1, 1, b + 16, 0x80);
    expect("ld", 1, 0, b + 16, 0x80);
    expect("ld", 2, 1, b + 2, 0x8877);
    expect("ld", 4, 1, b + 4, 0x66558877);
    expect("st", 8, 0, b + 24, (uint64_t)(uintptr_t)(b + 24));
    expect("ld", 8, 0, b + 24, (uint64_t)(uintptr_t)(b + 24));
    expect128("ld", b + 8, x9, 0x80);
    expect128("st", out, out[0], out[1]);
    expect("st", 8, 0, out + 2, out[2]);
    expect("st", 8, 0, out + 3, out[3]);
    expect("st", 8, 0, out + 4, out[4]);
    expect128("ld", b, at(b), at(b + 8));
    expect128("st", b + 32, at(b), at(b + 8));
    expect128("ld", b, at(b), at(b + 8));
    expect128("ld", b + 16, at(b + 16), at(b + 24));
    expect("ld", 8, 0, b + 4, at(b + 4));
    expect("ld", 8, 0, b + 48, 0);
    expect("st", 8, 0, b + 48, x9);
    expect128("ld", b + 48, x9, 0);
    expect128("st", b + 48, 0x80, 0xffffffffffff8877ull);
    uint64_t dczid;
    __asm__("mrs %0, dczid_el0" : "=r"(dczid));
    for (unsigned i = 0; i < 4u << (dczid & 15); i += 16) {
        expect128("st", zva + i, 0, 0);
    }
    printf("loaded: %llx %llx %llx %llx %llx\n", (unsigned long long)out[0],
           (unsigned long long)out[1], (unsigned long long)out[2],
           (unsigned long long)out[3], (unsigned long long)out[4]);
    printf("after: %llx %llx zva %llx\n", (unsigned long long)at(b + 48),
           (unsigned long long)at(b + 56), (unsigned long long)at(zva + 40));
    return 0;
}
