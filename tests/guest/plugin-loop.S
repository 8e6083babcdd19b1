/* guest-cflags: -nostdlib */
/* For the bundled plugins' tests: no C library (so every register value
 * is the same under emu and qemu-aarch64), one hot loop, known memory
 * traffic (1004 loads, 1004 stores: a pair is one 16-byte access, as in
 * QEMU), three write calls, exit status 0. */
    .equ    ROUNDS, 1000
    .text
    .globl  _start
_start:
    sub     sp, sp, #32
    str     xzr, [sp, #8]
    mov     x9, #0
    mov     x10, #ROUNDS
    /* The hot block: entered from above once, then 999 times from
     * its own branch. One load and one store per round. */
1:  ldr     x11, [sp, #8]
    add     x11, x11, x9
    str     x11, [sp, #8]
    add     x9, x9, #1
    cmp     x9, x10
    b.ne    1b

    /* Three calls, each a pair store, a write and a pair load. */
    mov     x19, #3
2:  bl      say
    subs    x19, x19, #1
    b.ne    2b

    /* Exit 0 if the loop summed 0..999 (499500 = 0x79f2c), else 1. */
    ldr     x0, [sp, #8]
    mov     x1, #0x9f2c
    movk    x1, #0x7, lsl #16
    cmp     x0, x1
    cset    x0, ne
    add     sp, sp, #32
    mov     x8, #93                 /* exit */
    svc     #0

say:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    mov     x0, #1                  /* stdout */
    adr     x1, msg
    mov     x2, #(msg_end - msg)
    mov     x8, #64                 /* write */
    svc     #0
    ldp     x29, x30, [sp], #16
    ret

    .section .rodata
msg:
    .ascii  "plugin-loop\n"
msg_end:
