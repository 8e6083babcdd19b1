/* Guest threads: two threads take turns through a condition variable,
 * each waiting for the other (futex waits and wakes between threads).
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 1000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int turn;            /* 0: ping's turn, 1: pong's */
static int pings, pongs;

static void *pong(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&m);
        while (turn != 1) {
            pthread_cond_wait(&c, &m);
        }
        pongs++;
        turn = 0;
        pthread_cond_signal(&c);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;

    pthread_create(&t, NULL, pong, NULL);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&m);
        while (turn != 0) {
            pthread_cond_wait(&c, &m);
        }
        pings++;
        turn = 1;
        pthread_cond_signal(&c);
        pthread_mutex_unlock(&m);
    }
    pthread_join(t, NULL);
    printf("pings %d pongs %d\n", pings, pongs);
    return 0;
}
