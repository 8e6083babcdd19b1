/* Guest for the memory-callback test: probe_accesses makes a known list of
 * loads and stores on buf; main prints, for each, the line the plugin
 * should print (MEM ...), then what the loads returned. */
#include <stdint.h>
#include <stdio.h>

uint8_t buf[64] __attribute__((aligned(16)));
uint64_t out[8];

void probe_accesses(uint8_t *p, uint64_t *o);
__asm__(
    ".text\n"
    ".globl probe_accesses\n"
    ".type probe_accesses, %function\n"
    "probe_accesses:\n"
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
    "12: ldp x2, x3, [x0, #8]\n"      /* ld 8, ld 8 */
    "13: stp x11, x13, [x1]\n"        /* st 8, st 8 */
    "14: str x14, [x1, #16]\n"
    "15: str x12, [x1, #24]\n"
    "16: str x16, [x1, #32]\n"
    "    ret\n"
    ".size probe_accesses, . - probe_accesses\n");

static void expect(const char *dir, unsigned size, int sign, void *addr,
                   uint64_t value)
{
    printf("MEM %s size=%u sign=%d be=0 addr=%p value=0x%llx\n", dir, size,
           sign, addr, (unsigned long long)value);
}

int main(void)
{
    uint8_t *b = buf;
    uint64_t x9 = 0x1122443366558877ull;

    probe_accesses(buf, out);
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
    expect("ld", 8, 0, b + 8, x9);
    expect("ld", 8, 0, b + 16, 0x80);
    expect("st", 8, 0, out, out[0]);
    expect("st", 8, 0, out + 1, out[1]);
    expect("st", 8, 0, out + 2, out[2]);
    expect("st", 8, 0, out + 3, out[3]);
    expect("st", 8, 0, out + 4, out[4]);
    printf("loaded: %llx %llx %llx %llx %llx\n", (unsigned long long)out[0],
           (unsigned long long)out[1], (unsigned long long)out[2],
           (unsigned long long)out[3], (unsigned long long)out[4]);
    return 0;
}
