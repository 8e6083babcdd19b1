/* Guest threads: a detached thread blocks forever while main returns:
 * exit_group ends the whole process, that thread with it.
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int started;

static void *sleeper(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    started = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    for (;;) {
        pause();
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_attr_t a;

    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &a, sleeper, NULL);
    pthread_mutex_lock(&m);
    while (!started) {
        pthread_cond_wait(&c, &m);
    }
    pthread_mutex_unlock(&m);
    printf("detached thread running; main exits 3\n");
    return 3;
}
