/* Guest for counting: a loop that runs a known number of times, with
 * loads, stores and branches, and a long run of straight-line code (more
 * instructions than a block holds), so that blocks are as big as they get
 * when every instruction is instrumented. */
#include <stdio.h>

static volatile unsigned data[256];

long straight(long x);
__asm__(
    ".text\n"
    ".balign 4096\n"
    ".globl straight\n"
    ".type straight, %function\n"
    "straight:\n"
    "    .rept 700\n"
    "    adds x0, x0, #1\n"
    "    .endr\n"
    "    ret\n"
    ".size straight, . - straight\n");

int main(void)
{
    unsigned sum = 0;
    for (unsigned i = 0; i < 100000; i++) {
        data[i & 255] += i;
        if (data[(i * 7) & 255] & 1) {
            sum += data[i & 255];
        } else {
            sum ^= i;
        }
    }
    printf("sum=%u straight=%ld\n", sum, straight(1) + straight(2));
    return 0;
}
