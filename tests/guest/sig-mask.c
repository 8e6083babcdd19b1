/* The signal mask: a blocked signal waits (sigpending) and runs when
 * sigprocmask unblocks it; sa_mask and the signal itself are blocked in
 * the handler unless SA_NODEFER (then it nests); SA_RESETHAND runs the
 * handler once; sigsuspend waits with a temporary mask and returns
 * EINTR with the old mask back. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int count, depth, max_depth, usr2_blocked_inside;
static char order[64];
static volatile int norder;

static int blocked(int sig)
{
    sigset_t s;

    sigprocmask(SIG_BLOCK, NULL, &s);
    return sigismember(&s, sig);
}

static void handler(int sig)
{
    count++;
    if (norder < 60) {
        order[norder++] = sig == SIGUSR1 ? '1' : sig == SIGUSR2 ? '2' : '?';
    }
    usr2_blocked_inside = blocked(SIGUSR2);
}

static volatile int calls;

/* Raises its own signal from inside, three times in all: nested with
 * SA_NODEFER, one after the other without. */
static void nest(int sig)
{
    depth++;
    if (depth > max_depth) {
        max_depth = depth;
    }
    if (++calls < 3) {
        raise(sig);
    }
    depth--;
}

static void set(int sig, void (*fn)(int), int flags, int masked)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (masked) {
        sigaddset(&sa.sa_mask, masked);
    }
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    sigset_t s, old, pend;
    struct sigaction cur;
    int r, e;

    set(SIGUSR1, handler, 0, SIGUSR2);
    set(SIGUSR2, handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: count %d, pending USR1 %d USR2 %d\n", count,
           sigismember(&pend, SIGUSR1), sigismember(&pend, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: count %d (one instance), USR2 blocked in the "
           "handler %d, after %d\n", count, usr2_blocked_inside,
           blocked(SIGUSR2));

    /* Two pending at once: both run when unblocked. */
    sigaddset(&s, SIGUSR2);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGUSR2);
    raise(SIGUSR1);
    norder = 0;
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    order[norder] = 0;
    printf("both ran: count %d, %d handlers\n", count, norder);

    set(SIGUSR1, nest, 0, 0);
    raise(SIGUSR1);
    printf("without SA_NODEFER: depth reached %d in %d calls\n", max_depth,
           calls);
    max_depth = 0;
    calls = 0;
    set(SIGUSR1, nest, SA_NODEFER, 0);
    raise(SIGUSR1);
    printf("with SA_NODEFER: depth reached %d in %d calls\n", max_depth,
           calls);

    set(SIGUSR2, handler, SA_RESETHAND, 0);
    raise(SIGUSR2);
    sigaction(SIGUSR2, NULL, &cur);
    printf("SA_RESETHAND: count %d, handler now %s\n", count,
           cur.sa_handler == SIG_DFL ? "SIG_DFL" : "still set");

    set(SIGUSR1, handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    raise(SIGUSR1);
    sigemptyset(&s);
    count = 0;
    r = sigsuspend(&s);
    e = errno;
    printf("sigsuspend: %d errno %s, count %d, USR1 blocked again %d\n", r,
           e == EINTR ? "EINTR" : "other", count, blocked(SIGUSR1));
    return 0;
}
