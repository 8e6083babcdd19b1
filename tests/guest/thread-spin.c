/* Guest threads: one thread spins on an atomic flag that only another
 * sets, with no syscall in the loop: the spinning thread must let the
 * other run (emu preempts at block boundaries).
 * guest-cflags: -pthread */
#include <pthread.h>
#include <stdio.h>

static int flag;
static long spins;

static void *setter(void *arg)
{
    volatile long x = 0;

    (void)arg;
    for (int i = 0; i < 100000; i++) {
        x += i;
    }
    __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
    return NULL;
}

int main(void)
{
    pthread_t t;

    pthread_create(&t, NULL, setter, NULL);
    while (!__atomic_load_n(&flag, __ATOMIC_ACQUIRE)) {
        spins++;
    }
    pthread_join(t, NULL);
    printf("flag seen after %s\n", spins >= 0 ? "spinning" : "?");
    return 0;
}
