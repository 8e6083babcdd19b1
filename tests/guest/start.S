/* guest-cflags: -nostdlib */
/* The smallest program: no C library, two system calls (write, then
 * exit with status 3). Its lockstep trace is a few instructions long. */
    .text
    .globl _start
_start:
    mov     x0, #1                  /* stdout */
    adr     x1, msg
    mov     x2, #(msg_end - msg)
    mov     x8, #64                 /* write */
    svc     #0
    cmp     x0, #(msg_end - msg)
    b.ne    1f
    mov     x0, #3
    mov     x8, #93                 /* exit */
    svc     #0
1:  mov     x0, #1
    mov     x8, #93
    svc     #0

    .section .rodata
msg:
    .ascii  "no libc here\n"
msg_end:
