/* Guest threads: pthread_kill sends a signal to one thread, whose
 * handler runs on that thread (it sees its own thread-local id), also
 * when the thread is blocked in a syscall.
 * guest-cflags: -pthread */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static __thread int who;
static volatile int got_in;
static int pipefd[2];

static void handler(int sig)
{
    (void)sig;
    got_in = who;
}

static void *worker(void *arg)
{
    char c;

    (void)arg;
    who = 2;
    /* Blocks until main writes; the signal comes first. */
    ssize_t n = read(pipefd[0], &c, 1);
    printf("worker: read %zd, handler ran in thread %d\n", n, got_in);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    pthread_t t;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    who = 1;
    pipe(pipefd);
    pthread_create(&t, NULL, worker, NULL);
    usleep(100000);
    pthread_kill(t, SIGUSR1);
    usleep(100000);
    write(pipefd[1], "x", 1);
    pthread_join(t, NULL);
    printf("main: done\n");
    return 0;
}
