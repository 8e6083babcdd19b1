/* Guest for the register test: regs_test loads known values into x0-x30,
 * v0-v31 (all 128 bits), fpcr, fpsr, nzcv and tpidr_el0, then runs the
 * marker instruction (hint #90, a NOP) where the plugin checks them and
 * writes x5, v7, tpidr_el0, nzcv and fpcr; the values seen right after
 * are printed. redirect_test runs hint #91, where the plugin moves the pc
 * past the next instruction; in fusion_test (after hint #92) the plugin
 * changes a compared register between the compare and the branch. */
#include <stdint.h>
#include <stdio.h>

/* v_n = { lo, hi } as the plugin computes them. */
uint64_t vtab[32][2] __attribute__((aligned(16)));
/* After the marker: x5, v7 lo, v7 hi, tpidr_el0, nzcv, fpcr. */
uint64_t regs_seen[6];

void regs_test(void);
long redirect_test(void);
long fusion_test(void);

__asm__(
    ".text\n"
    ".globl regs_test\n"
    ".type regs_test, %function\n"
    "regs_test:\n"
    /* Keep what the caller may rely on: x19-x30, d8-d15, tpidr_el0,
     * fpcr. */
    "    stp x29, x30, [sp, #-176]!\n"
    "    stp x19, x20, [sp, #16]\n"
    "    stp x21, x22, [sp, #32]\n"
    "    stp x23, x24, [sp, #48]\n"
    "    stp x25, x26, [sp, #64]\n"
    "    stp x27, x28, [sp, #80]\n"
    "    stp d8, d9, [sp, #96]\n"
    "    stp d10, d11, [sp, #112]\n"
    "    stp d12, d13, [sp, #128]\n"
    "    stp d14, d15, [sp, #144]\n"
    "    mrs x9, tpidr_el0\n"
    "    mrs x10, fpcr\n"
    "    stp x9, x10, [sp, #160]\n"
    "    adrp x9, vtab\n"
    "    add x9, x9, :lo12:vtab\n"
    "    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "    ldr q\\n, [x9, #(\\n * 16)]\n"
    "    .endr\n"
    "    movz x9, #0x0380, lsl #16\n"      /* fpcr: DN, FZ, RMode = RM */
    "    msr fpcr, x9\n"
    "    movz x9, #0x009f\n"               /* fpsr: IOC..IXC, IDC, QC */
    "    movk x9, #0x0800, lsl #16\n"
    "    msr fpsr, x9\n"
    "    movz x9, #0xa000, lsl #16\n"      /* nzcv: N and C */
    "    msr nzcv, x9\n"
    "    movz x9, #0xcdef\n"
    "    movk x9, #0x89ab, lsl #16\n"
    "    movk x9, #0x4567, lsl #32\n"
    "    movk x9, #0x0123, lsl #48\n"
    "    msr tpidr_el0, x9\n"
    "    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
    "    movz x\\n, #(0xc300 | \\n)\n"
    "    movk x\\n, #(0xa500 | \\n), lsl #16\n"
    "    movk x\\n, #(0x5a00 | \\n), lsl #32\n"
    "    movk x\\n, #(0x3c00 | \\n), lsl #48\n"
    "    .endr\n"
    "    hint #90\n"                       /* the marker */
    "    adrp x9, regs_seen\n"
    "    add x9, x9, :lo12:regs_seen\n"
    "    str x5, [x9]\n"
    "    str q7, [x9, #8]\n"
    "    mrs x10, tpidr_el0\n"
    "    str x10, [x9, #24]\n"
    "    mrs x10, nzcv\n"
    "    str x10, [x9, #32]\n"
    "    mrs x10, fpcr\n"
    "    str x10, [x9, #40]\n"
    "    ldp x9, x10, [sp, #160]\n"
    "    msr tpidr_el0, x9\n"
    "    msr fpcr, x10\n"
    "    ldp d14, d15, [sp, #144]\n"
    "    ldp d12, d13, [sp, #128]\n"
    "    ldp d10, d11, [sp, #112]\n"
    "    ldp d8, d9, [sp, #96]\n"
    "    ldp x27, x28, [sp, #80]\n"
    "    ldp x25, x26, [sp, #64]\n"
    "    ldp x23, x24, [sp, #48]\n"
    "    ldp x21, x22, [sp, #32]\n"
    "    ldp x19, x20, [sp, #16]\n"
    "    ldp x29, x30, [sp], #176\n"
    "    ret\n"
    ".size regs_test, . - regs_test\n"
    "\n"
    ".globl redirect_test\n"
    ".type redirect_test, %function\n"
    "redirect_test:\n"
    "    mov x0, #1\n"
    "    hint #91\n"                       /* the plugin jumps from here */
    "    mov x0, #2\n"
    "    ret\n"                            /* ...to here */
    ".size redirect_test, . - redirect_test\n"
    "\n"
    ".globl fusion_test\n"
    ".type fusion_test, %function\n"
    "fusion_test:\n"
    "    hint #92\n"
    "    mov x0, #3\n"
    "    cmp x0, #5\n"
    "    b.eq 1f\n"                       /* the plugin sets x0 = 5 here */
    "    mov x0, #0\n"                    /* the flags say 3 != 5 */
    "    ret\n"
    "1:  mov x0, #1\n"
    "    ret\n"
    ".size fusion_test, . - fusion_test\n");

int main(void)
{
    for (unsigned n = 0; n < 32; n++) {
        vtab[n][0] = 0x0011223344556677ull ^ (n * 0x0101010101010101ull);
        vtab[n][1] = 0x8899aabbccddeeffull ^ (n * 0x1010101010101010ull);
    }
    regs_test();
    printf("seen: x5=0x%016llx v7=0x%016llx%016llx tpidr=0x%016llx "
           "nzcv=0x%08llx fpcr=0x%08llx\n",
           (unsigned long long)regs_seen[0], (unsigned long long)regs_seen[2],
           (unsigned long long)regs_seen[1], (unsigned long long)regs_seen[3],
           (unsigned long long)regs_seen[4], (unsigned long long)regs_seen[5]);
    printf("redirect: x0=%ld\n", redirect_test());
    /* A register written between a compare and its branch does not
     * change the branch: the flags decide. */
    printf("branch after compare: %s\n",
           fusion_test() ? "taken (WRONG)" : "not taken");
    return 0;
}
