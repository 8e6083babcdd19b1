/* Guest threads: __thread variables are each thread's own (the thread
 * pointer, tpidr_el0, set by clone's CLONE_SETTLS).
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

static __thread long mine = 100;
static __thread char name[16] = "main";

static void *worker(void *arg)
{
    long id = (long)(intptr_t)arg;

    /* A new thread sees the initial values, not main's. */
    long start = mine;
    mine = id;
    snprintf(name, sizeof(name), "worker%ld", id);
    for (int i = 0; i < 1000; i++) {
        mine += 2;
    }
    printf("%s: start %ld end %ld\n", name, start, mine);
    return NULL;
}

int main(void)
{
    pthread_t t[3];

    mine = 7;
    for (long i = 0; i < 3; i++) {
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)(i + 1));
        /* One at a time: the output keeps its order. */
        pthread_join(t[i], NULL);
    }
    printf("%s: %ld\n", name, mine);
    return 0;
}
