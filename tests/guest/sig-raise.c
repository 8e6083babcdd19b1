/* Signals a program sends itself: raise (tgkill), kill and sigqueue,
 * each with SA_SIGINFO: si_signo, si_code, si_pid, si_value. The
 * handler runs before the sending call returns. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int count, got_sig, got_code, got_pid, got_val;
static int x1_is_info, x2_set;

static void handler(int sig, siginfo_t *si, void *uc)
{
    count++;
    got_sig = si->si_signo;
    got_code = si->si_code;
    got_pid = si->si_pid;
    got_val = si->si_value.sival_int;
    x1_is_info = sig == si->si_signo;
    x2_set = uc != NULL;
}

static void plain(int sig)
{
    count += 100 + sig;
}

int main(void)
{
    struct sigaction sa;
    union sigval val;
    int c;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGRTMIN + 2, &sa, NULL);

    printf("raise returns %d\n", raise(SIGUSR1));
    c = count;
    printf("after raise: count %d signo %d code %d pid %s info %d uc %d\n",
           c, got_sig, got_code, got_pid == getpid() ? "self" : "other",
           x1_is_info, x2_set);
    kill(getpid(), SIGUSR2);
    c = count;
    printf("after kill: count %d signo %d code %d pid %s\n", c, got_sig,
           got_code, got_pid == getpid() ? "self" : "other");
    val.sival_int = 1234;
    sigqueue(getpid(), SIGRTMIN + 2, val);
    c = count;
    printf("after sigqueue: count %d signo-rtmin %d code %d value %d\n", c,
           got_sig - SIGRTMIN, got_code, got_val);

    signal(SIGUSR1, plain);
    raise(SIGUSR1);
    printf("plain handler: count %d\n", count);
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored: count %d\n", count);
    signal(SIGUSR1, SIG_DFL);
    printf("default SIGUSR1 now\n");
    fflush(stdout);
    raise(SIGUSR1);
    printf("not reached\n");
    return 0;
}
