/* For the gdb register tests (tests/test-gdb.sh): known values in x19-x28,
 * v0, v31, the flags and fpcr when probe() is called, and the program's
 * own printout of what gdb cannot know in advance (tpidr, sp). */
#include <stdint.h>
#include <stdio.h>

void __attribute__((noinline)) probe(void)
{
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    uint64_t tp, sp;

    __asm__ volatile("mrs %0, tpidr_el0" : "=r"(tp));
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    printf("tpidr=0x%lx\n", (unsigned long)tp);
    fflush(stdout);
    __asm__ volatile(
        "movz x19, #0x1919\n\t"
        "movk x19, #0xabcd, lsl #48\n\t"
        "mov x20, #0x2020\n\t"
        "mov x21, #0x2121\n\t"
        "mov x22, #0x2222\n\t"
        "mov x23, #0x2323\n\t"
        "mov x24, #0x2424\n\t"
        "mov x25, #0x2525\n\t"
        "mov x26, #0x2626\n\t"
        "mov x27, #0x2727\n\t"
        "mov x28, #0x2828\n\t"
        "fmov d0, #1.5\n\t"
        "fmov d31, #-2.0\n\t"
        "mov x9, #0x1000000\n\t"      /* FZ */
        "msr fpcr, x9\n\t"
        "cmp x19, x19\n\t"            /* Z and C */
        "bl probe\n\t"
        "msr fpcr, xzr\n\t"
        ::: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
            "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
            "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
            "x28", "x30", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
            "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24",
            "v25", "v26", "v27", "v28", "v29", "v30", "v31", "cc", "memory");
    printf("sp=0x%lx\n", (unsigned long)sp);
    return 0;
}
