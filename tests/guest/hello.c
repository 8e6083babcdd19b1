/* The demo program of the README: a static AArch64 glibc program that
 * greets, so "src/emu tests/guest/hello" shows emu working. */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname u;

    printf("Hello from an AArch64 program!\n");
    if (uname(&u) == 0) {
        printf("It believes it runs on a %s machine.\n", u.machine);
    }
    return 0;
}
