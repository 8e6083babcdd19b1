/* The program the gdb tests (tests/test-gdb.sh) debug: functions to break
 * in, step through and finish, globals to watch, read and change, and
 * modes (argv[1]) that loop until gdb interrupts, fault or abort. Built
 * with -O0 -g so that gdb sees every line and variable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long counter;                   /* watch, rwatch, awatch */
long result = 42;               /* the exit status: set var changes it */
volatile int spin = 1;          /* "loop" runs until gdb clears it */
long table[4] = { 0x1111, 0x2222, 0x3333, 0x4444 };  /* x/4gx */

long add(long a, long b)
{
    long sum = a + b;
    return sum;
}

void bump(void)
{
    counter++;
}

long reader(void)
{
    return counter * 2;
}

long twice(long v)
{
    long r = add(v, v);
    return r;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    long x = add(20, 22);

    bump();
    bump();
    x += reader();
    x += twice(1);
    if (!strcmp(mode, "loop")) {
        /* The test interrupts gdb once it sees this. */
        printf("looping\n");
        fflush(stdout);
        while (spin) {
            counter++;
        }
    } else if (!strcmp(mode, "segv")) {
        *(volatile long *)16 = 1;
    } else if (!strcmp(mode, "abort")) {
        abort();
    }
    printf("x=%ld counter=%ld result=%ld\n", x, counter > 2 ? 3 : counter,
           result);
    return (int)result;
}
