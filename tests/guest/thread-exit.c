/* Guest threads: pthread_exit hands a value to pthread_join, from a
 * function called by the thread, and from main's thread the process
 * goes on until the last thread is done.
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>

static void deep(long v)
{
    pthread_exit((void *)(intptr_t)(v * 3));
}

static void *worker(void *arg)
{
    deep((long)(intptr_t)arg);
    return NULL;             /* not reached */
}

static void *last(void *arg)
{
    void *r;

    /* main has left with pthread_exit: join it, then end the process
     * with this thread's exit. */
    pthread_join(*(pthread_t *)arg, &r);
    printf("last: main gone\n");
    fflush(stdout);
    return NULL;
}

int main(void)
{
    static pthread_t self;
    pthread_t t;
    void *r;

    pthread_create(&t, NULL, worker, (void *)(intptr_t)14);
    pthread_join(t, &r);
    printf("joined %ld\n", (long)(intptr_t)r);
    fflush(stdout);
    self = pthread_self();
    pthread_create(&t, NULL, last, &self);
    pthread_exit(NULL);
}
