/* FP/SIMD state across a handler that clobbers it: every vector
 * register, FPCR and FPSR come back as they were. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double sink;
static volatile int calls;

static void handler(int sig)
{
    volatile double x = 1.0;

    (void)sig;
    calls++;
    /* Round towards zero, and every vector register overwritten. */
    __asm__ volatile("msr fpcr, %0" : : "r"((uint64_t)3 << 22));
    for (int i = 0; i < 10; i++) {
        x = x / 3.0 + 0.1;
    }
    sink = x;
    __asm__ volatile(
        "movi v0.16b, #0xee\n\tmov v1.16b, v0.16b\n\tmov v2.16b, v0.16b\n\t"
        "mov v3.16b, v0.16b\n\tmov v4.16b, v0.16b\n\tmov v5.16b, v0.16b\n\t"
        "mov v6.16b, v0.16b\n\tmov v7.16b, v0.16b\n\tmov v8.16b, v0.16b\n\t"
        "mov v9.16b, v0.16b\n\tmov v10.16b, v0.16b\n\tmov v11.16b, v0.16b\n\t"
        "mov v12.16b, v0.16b\n\tmov v13.16b, v0.16b\n\tmov v14.16b, v0.16b\n\t"
        "mov v15.16b, v0.16b\n\tmov v16.16b, v0.16b\n\tmov v17.16b, v0.16b\n\t"
        "mov v18.16b, v0.16b\n\tmov v19.16b, v0.16b\n\tmov v20.16b, v0.16b\n\t"
        "mov v21.16b, v0.16b\n\tmov v22.16b, v0.16b\n\tmov v23.16b, v0.16b\n\t"
        "mov v24.16b, v0.16b\n\tmov v25.16b, v0.16b\n\tmov v26.16b, v0.16b\n\t"
        "mov v27.16b, v0.16b\n\tmov v28.16b, v0.16b\n\tmov v29.16b, v0.16b\n\t"
        "mov v30.16b, v0.16b\n\tmov v31.16b, v0.16b\n\t"
        "msr fpsr, xzr\n\t"
        ::: "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
        "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18",
        "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27",
        "v28", "v29", "v30", "v31");
}

int main(void)
{
    uint8_t before[32][16], after[32][16];
    uint64_t fpcr, fpsr;
    int same = 0;

    signal(SIGUSR1, handler);
    for (int i = 0; i < 32; i++) {
        for (int j = 0; j < 16; j++) {
            before[i][j] = (uint8_t)(i * 16 + j + 1);
        }
    }
    /* Load all 32 registers, set FPCR (round up) and FPSR (IXC), and
     * send SIGUSR1 with kill(getpid()) straight from assembly, so no C
     * code runs between the loads and the handler. */
    __asm__ volatile(
        "ldp q0, q1, [%2]\n\tldp q2, q3, [%2, #32]\n\t"
        "ldp q4, q5, [%2, #64]\n\tldp q6, q7, [%2, #96]\n\t"
        "ldp q8, q9, [%2, #128]\n\tldp q10, q11, [%2, #160]\n\t"
        "ldp q12, q13, [%2, #192]\n\tldp q14, q15, [%2, #224]\n\t"
        "ldp q16, q17, [%2, #256]\n\tldp q18, q19, [%2, #288]\n\t"
        "ldp q20, q21, [%2, #320]\n\tldp q22, q23, [%2, #352]\n\t"
        "ldp q24, q25, [%2, #384]\n\tldp q26, q27, [%2, #416]\n\t"
        "ldp q28, q29, [%2, #448]\n\tldp q30, q31, [%2, #480]\n\t"
        "mov x9, #(1 << 22)\n\tmsr fpcr, x9\n\t"
        "mov x9, #0x10\n\tmsr fpsr, x9\n\t"
        "mov x8, #172\n\tsvc #0\n\t"          /* getpid */
        "mov x1, #10\n\tmov x8, #129\n\tsvc #0\n\t"   /* kill */
        "stp q0, q1, [%3]\n\tstp q2, q3, [%3, #32]\n\t"
        "stp q4, q5, [%3, #64]\n\tstp q6, q7, [%3, #96]\n\t"
        "stp q8, q9, [%3, #128]\n\tstp q10, q11, [%3, #160]\n\t"
        "stp q12, q13, [%3, #192]\n\tstp q14, q15, [%3, #224]\n\t"
        "stp q16, q17, [%3, #256]\n\tstp q18, q19, [%3, #288]\n\t"
        "stp q20, q21, [%3, #320]\n\tstp q22, q23, [%3, #352]\n\t"
        "stp q24, q25, [%3, #384]\n\tstp q26, q27, [%3, #416]\n\t"
        "stp q28, q29, [%3, #448]\n\tstp q30, q31, [%3, #480]\n\t"
        "mrs %0, fpcr\n\tmrs %1, fpsr\n\t"
        "msr fpcr, xzr\n\tmsr fpsr, xzr\n\t"
        : "=&r"(fpcr), "=&r"(fpsr)
        : "r"(before), "r"(after)
        : "x0", "x1", "x2", "x8", "x9", "memory", "v0", "v1", "v2", "v3",
          "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13",
          "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22",
          "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
    for (int i = 0; i < 32; i++) {
        same += !memcmp(before[i], after[i], 16);
    }
    printf("vector registers kept: %d of 32\n", same);
    printf("fpcr %#llx fpsr %#llx\n", (unsigned long long)fpcr,
           (unsigned long long)fpsr);
    printf("handler ran %d time(s), computed %.17g\n", calls, sink);
    return 0;
}
