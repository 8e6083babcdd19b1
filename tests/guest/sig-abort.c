/* abort(): a SIGABRT handler that returns runs, then the process still
 * dies of SIGABRT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void handler(int sig)
{
    static const char msg[] = "in the SIGABRT handler\n";

    (void)sig;
    if (write(1, msg, sizeof(msg) - 1) < 0) {
        _exit(3);
    }
}

int main(void)
{
    signal(SIGABRT, handler);
    printf("calling abort\n");
    fflush(stdout);
    abort();
}
