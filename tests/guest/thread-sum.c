/* Guest threads: several threads add into a counter under a mutex, and
 * pthread_join sees each one end with its result.
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

#define NTHREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
    long id = (long)(intptr_t)arg;

    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter += id + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(intptr_t)(id * 10);
}

int main(void)
{
    pthread_t t[NTHREADS];
    long want = 0;

    for (long i = 0; i < NTHREADS; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
        want += (i + 1) * ROUNDS;
    }
    for (int i = 0; i < NTHREADS; i++) {
        void *r;

        pthread_join(t[i], &r);
        printf("thread %d returned %ld\n", i, (long)(intptr_t)r);
    }
    printf("counter %ld (want %ld)\n", counter, want);
    return counter == want ? 0 : 1;
}
