/* sigaltstack: an SA_ONSTACK handler runs on the alternate stack and
 * sees SS_ONSTACK there; a handler without SA_ONSTACK does not. The
 * stack cannot be changed while on it. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *stack_mem;
#define STACK_SIZE 65536

static volatile int on_alt, flags_inside, eperm;

static void handler(int sig)
{
    char here;
    stack_t cur, ss;

    (void)sig;
    on_alt = &here >= stack_mem && &here < stack_mem + STACK_SIZE;
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
    memset(&ss, 0, sizeof(ss));
    ss.ss_flags = SS_DISABLE;
    eperm = sigaltstack(&ss, NULL) == -1 && errno == EPERM;
}

int main(void)
{
    struct sigaction sa;
    stack_t ss, old;

    stack_mem = malloc(STACK_SIZE);
    sigaltstack(NULL, &old);
    printf("at start: flags %d size %zu\n", old.ss_flags, old.ss_size);
    ss.ss_sp = stack_mem;
    ss.ss_size = 1024;
    ss.ss_flags = 0;
    printf("too small: %d errno %s\n", sigaltstack(&ss, NULL),
           errno == ENOMEM ? "ENOMEM" : "other");
    ss.ss_size = STACK_SIZE;
    printf("set: %d\n", sigaltstack(&ss, NULL));
    sigaltstack(NULL, &old);
    printf("now: flags %d size %zu sp %s\n", old.ss_flags, old.ss_size,
           old.ss_sp == stack_mem ? "right" : "WRONG");

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("SA_ONSTACK: on the alternate stack %d, flags inside %d, "
           "change refused %d\n", on_alt, flags_inside, eperm);
    sigaltstack(NULL, &old);
    printf("after: flags %d\n", old.ss_flags);

    sa.sa_flags = 0;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("no SA_ONSTACK: on the alternate stack %d, flags inside %d\n",
           on_alt, flags_inside);

    /* Stack overflow caught on the alternate stack. */
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, &old);
    sigaltstack(NULL, &old);
    printf("disabled: flags %d\n", old.ss_flags);
    return 0;
}
