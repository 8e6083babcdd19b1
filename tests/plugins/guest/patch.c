/* Guest for the code-patching test: patched_fn returns 1 until the plugin
 * rewrites it (at the first write system call); then 2. */
#include <stdio.h>

int patched_fn(void);
__asm__(
    ".text\n"
    ".globl patched_fn\n"
    ".type patched_fn, %function\n"
    "patched_fn:\n"
    "    hint #93\n"
    "    mov w0, #1\n"
    "    ret\n"
    ".size patched_fn, . - patched_fn\n");

int main(void)
{
    int before = patched_fn();
    printf("before=%d\n", before);
    fflush(stdout);
    printf("after=%d\n", patched_fn());
    return 0;
}
