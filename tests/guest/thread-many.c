/* Guest threads: twenty threads at once, each adding to a shared
 * counter with an atomic add (more vCPUs than plugin scoreboards first
 * have room for).
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 20

static long total;
static pthread_barrier_t all_started;

static void *worker(void *arg)
{
    (void)arg;
    /* All alive at the same time. */
    pthread_barrier_wait(&all_started);
    for (int i = 0; i < 1000; i++) {
        __atomic_fetch_add(&total, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[NTHREADS];

    pthread_barrier_init(&all_started, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&t[i], NULL, worker, NULL);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], NULL);
    }
    printf("total %ld\n", total);
    return 0;
}
