/* Exit statuses: "exit-code HOW N" leaves with status N through exit(),
 * a return from main, _exit() or exit() after atexit handlers ran, so
 * the shell sees the same status under emu as on the hardware. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler_one(void)
{
    printf("atexit handler one\n");
}

static void handler_two(void)
{
    printf("atexit handler two (runs first)\n");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: exit-code exit|return|_exit|atexit N\n");
        return 2;
    }
    int status = atoi(argv[2]);
    const char *how = argv[1];

    /* Buffered output: exit() and return flush it, _exit() must not. */
    printf("leaving with %s(%d)\n", how, status);
    if (!strcmp(how, "exit")) {
        exit(status);
    } else if (!strcmp(how, "return")) {
        return status;
    } else if (!strcmp(how, "_exit")) {
        fflush(stdout);
        printf("this line is lost: _exit does not flush stdio\n");
        _exit(status);
    } else if (!strcmp(how, "atexit")) {
        atexit(handler_one);
        atexit(handler_two);
        exit(status);
    }
    fprintf(stderr, "exit-code: unknown way to leave: %s\n", how);
    return 2;
}
