/* Signals from the host's timers: alarm() then pause() (EINTR after the
 * handler), setitimer's SIGALRM stopping a busy loop, and a blocking
 * read interrupted (EINTR) or restarted (SA_RESTART). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile int alarms;
static int wfd = -1;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
    if (wfd >= 0 && alarms == 4) {
        /* The restarted read gets this. */
        if (write(wfd, "x", 1) != 1) {
            _exit(9);
        }
    }
}

static void set(int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
}

int main(void)
{
    struct itimerval it;
    int r, e, p[2];
    unsigned long spins = 0;
    char c;

    set(0);
    alarm(1);
    r = pause();
    e = errno;
    printf("pause: %d errno %s, alarms %d\n", r, e == EINTR ? "EINTR" : "?",
           alarms);

    memset(&it, 0, sizeof(it));
    it.it_value.tv_usec = 200000;
    setitimer(ITIMER_REAL, &it, NULL);
    while (alarms == 1) {
        spins++;
    }
    printf("busy loop stopped by SIGALRM: alarms %d, spun %s\n", alarms,
           spins ? "yes" : "no");

    if (pipe(p) != 0) {
        return 1;
    }
    it.it_value.tv_usec = 100000;
    setitimer(ITIMER_REAL, &it, NULL);
    r = (int)read(p[0], &c, 1);
    e = errno;
    printf("read without SA_RESTART: %d errno %s, alarms %d\n", r,
           e == EINTR ? "EINTR" : "?", alarms);

    set(SA_RESTART);
    wfd = p[1];
    setitimer(ITIMER_REAL, &it, NULL);
    r = (int)read(p[0], &c, 1);
    printf("read with SA_RESTART: %d '%c', alarms %d\n", r, r == 1 ? c : '?',
           alarms);
    return 0;
}
