/* Guest threads: clone with CLONE_THREAD makes a vCPU on a new host
 * thread, exit ends one, and a fair global lock lets one thread at a
 * time run translated code or emu's own code. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>

#include "src/threads.h"
#include "src/guest-mem.h"
#include "src/host-signal.h"
#include "src/linux-user.h"
#include "src/regs.h"
#include "src/strace.h"
#include "src/target.h"
#include "tcg/tb.h"
#include "tcg/tcg.h"
#include "plugins/plugin.h"

#define G_CLONE_SETTLS         0x00080000u
#define G_CLONE_PARENT_SETTID  0x00100000u
#define G_CLONE_CHILD_CLEARTID 0x00200000u
#define G_CLONE_CHILD_SETTID   0x01000000u

CPUState *first_cpu;
bool threads_started;
static int live_threads = 1;
static int next_cpu_index = 1;

/* A ticket lock: threads are served in the order they asked, so a
 * thread that lets go and asks again at once does not starve others. */
static pthread_mutex_t lock_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lock_cond;
static unsigned next_ticket, now_serving;
static int lock_waiters;
static CPUState *lock_holder;
static int64_t holder_since;    /* when lock_holder took it, in ns */
static __thread bool have_lock;

/* How long a thread may keep the lock while others wait for it, if it
 * makes no blocking syscall: long beside a lock hand-over (some
 * microseconds), short for a thread waiting on another's progress. */
#define SLICE_NS 1000000

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void lock_init(void)
{
    pthread_condattr_t a;

    pthread_mutex_init(&lock_mutex, NULL);
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&lock_cond, &a);
    pthread_condattr_destroy(&a);
}

void threads_lock(CPUState *cpu)
{
    unsigned me;

    pthread_mutex_lock(&lock_mutex);
    me = __atomic_fetch_add(&next_ticket, 1, __ATOMIC_SEQ_CST);
    if (me != now_serving) {
        lock_waiters++;
        do {
            /* The holder may be in a guest loop that makes no syscall:
             * once its slice is over it stops at its next block boundary
             * and lets the next thread in. Waiting with a timeout, we
             * also ask the holders that come after it. */
            int64_t now = now_ns(), until = now + SLICE_NS;
            struct timespec ts;

            if (lock_holder) {
                if (now - holder_since >= SLICE_NS) {
                    __atomic_store_n(&lock_holder->exit_request, 1,
                                     __ATOMIC_SEQ_CST);
                } else {
                    until = holder_since + SLICE_NS;
                }
            }
            ts.tv_sec = until / 1000000000ll;
            ts.tv_nsec = until % 1000000000ll;
            pthread_cond_timedwait(&lock_cond, &lock_mutex, &ts);
        } while (me != now_serving);
        lock_waiters--;
    }
    lock_holder = cpu;
    if (lock_waiters) {
        holder_since = now_ns();
    } else {
        /* Nobody waits: the slice starts when somebody does (at worst
         * now), and a clock read is saved where speed matters. */
        holder_since = INT64_MIN / 2;
    }
    have_lock = true;
    pthread_mutex_unlock(&lock_mutex);
}

bool threads_unlock(void)
{
    if (!have_lock) {
        return false;
    }
    pthread_mutex_lock(&lock_mutex);
    have_lock = false;
    lock_holder = NULL;
    __atomic_fetch_add(&now_serving, 1, __ATOMIC_SEQ_CST);
    if (lock_waiters) {
        pthread_cond_broadcast(&lock_cond);
    }
    pthread_mutex_unlock(&lock_mutex);
    return true;
}

void threads_yield(CPUState *cpu)
{
    if (__atomic_load_n(&next_ticket, __ATOMIC_SEQ_CST) !=
        __atomic_load_n(&now_serving, __ATOMIC_SEQ_CST) + 1) {
        threads_unlock();
        threads_lock(cpu);
    }
}

static void kick_handler(int sig)
{
    CPUState *cpu = current_cpu;

    (void)sig;
    if (cpu) {
        __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
    }
}

void threads_kick(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
    if (cpu != current_cpu && cpu->host_tid) {
        syscall(SYS_tgkill, getpid(), cpu->host_tid, THREADS_SIG_KICK);
    }
}

/* Keep the list in the order the vCPUs were made. */
static void cpu_list_add(CPUState *cpu)
{
    CPUState **p = &first_cpu;

    while (*p) {
        p = &(*p)->next_cpu;
    }
    cpu->next_cpu = NULL;
    *p = cpu;
}

void threads_enter(CPUState *cpu)
{
    static bool kick_ready;

    current_cpu = cpu;
    if (!kick_ready) {
        /* The first thread, alone. */
        lock_init();
    }
    threads_lock(cpu);
    if (!kick_ready) {
        struct sigaction sa;

        kick_ready = true;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = kick_handler;
        /* No SA_RESTART: a blocking syscall must come back (EINTR) for
         * the signal to be seen. */
        sa.sa_flags = SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(THREADS_SIG_KICK, &sa, NULL);
    }
    if (!cpu->host_tid) {
        /* The first thread; the others are listed by their clone. */
        cpu->host_tid = gettid();
        cpu_list_add(cpu);
    }
}

CPUState *threads_find_tid(int tid)
{
    for (CPUState *c = first_cpu; c; c = c->next_cpu) {
        if (c->host_tid == tid) {
            return c;
        }
    }
    return NULL;
}

void threads_after_fork(CPUState *cpu)
{
    lock_init();
    next_ticket = 1;
    now_serving = 0;
    lock_waiters = 0;
    lock_holder = cpu;
    have_lock = true;
    live_threads = 1;
    first_cpu = cpu;
    cpu->next_cpu = NULL;
    cpu->host_tid = gettid();
}

/* ---- clone ---- */

typedef struct ThreadStart {
    CPUState *cpu;
    TCGContext *tcg;         /* shared: translation is under the lock */
    sigset_t mask;           /* the host mask to run with */
    int tid;
    sem_t ready;
} ThreadStart;

static void *thread_main(void *opaque)
{
    ThreadStart *ts = opaque;
    CPUState *cpu = ts->cpu;
    sigset_t mask = ts->mask;

    host_signal_init();
    current_cpu = cpu;
    tcg_ctx = ts->tcg;
    ts->tid = (int)gettid();
    /* ts is the parent's, gone once it goes on. */
    sem_post(&ts->ready);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    cpu_loop(cpu);
    return NULL;
}

static void set_sp(CPUState *cpu, uint64_t sp)
{
    const RegTable *t = regs_load(cpu->target->regs, NULL);
    const RegInfo *r = t ? regs_find(t, "sp") : NULL;

    if (r) {
        reg_write(cpu, r, &sp, sizeof(sp));
    }
}

int64_t threads_clone(CPUState *cpu, uint64_t flags, uint64_t newsp,
                      uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    const Target *t = cpu->target;
    ThreadStart ts;
    pthread_attr_t attr;
    sigset_t all;
    CPUState *c;
    int err;

    if (((flags & G_CLONE_PARENT_SETTID) &&
         !guest_access_ok(ptid, 4, PAGE_WRITE)) ||
        ((flags & G_CLONE_CHILD_SETTID) &&
         !guest_access_ok(ctid, 4, PAGE_WRITE))) {
        return -EFAULT;
    }

    /* The child is the parent as it returns from clone, with 0 for a
     * result, its own stack and thread pointer, nothing pending. */
    c = g_aligned_alloc0(1, t->cpu_size, 64);
    memcpy(c, cpu, t->cpu_size);
    c->cpu_index = next_cpu_index++;
    c->exception_index = EXCP_NONE;
    c->exit_request = 0;
    c->in_exec = false;
    c->cur_ip = NULL;
    c->cur_tb = NULL;
    c->n_helper_access = 0;
    memset(c->tb_jmp_cache, 0, sizeof(c->tb_jmp_cache));
    c->sig_pending = 0;
    c->restore_mask_pending = false;
    c->clear_child_tid = (flags & G_CLONE_CHILD_CLEARTID) ? ctid : 0;
    c->robust_list = c->robust_list_len = 0;
    c->host_tid = 0;
    c->next_cpu = NULL;
    t->syscall_ret(c, 0);
    if ((flags & G_CLONE_SETTLS) && t->set_tls) {
        t->set_tls(c, tls);
    }
    if (newsp) {
        set_sp(c, newsp);
    }

    /* The new thread starts with every host signal blocked, until it
     * knows its vCPU. */
    ts.cpu = c;
    ts.tcg = tcg_ctx;
    sem_init(&ts.ready, 0, 0);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &ts.mask);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    err = pthread_create(&th, &attr, thread_main, &ts);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &ts.mask, NULL);
    if (err) {
        sem_destroy(&ts.ready);
        g_aligned_free(c);
        return -EAGAIN;
    }
    while (sem_wait(&ts.ready) != 0 && errno == EINTR) {
        ;
    }
    sem_destroy(&ts.ready);

    /* The child waits for the lock, which we hold: it is set up before
     * it runs a guest instruction, as Linux does before it returns. */
    c->host_tid = ts.tid;
    cpu_list_add(c);
    live_threads++;
    threads_started = true;
    if (flags & G_CLONE_PARENT_SETTID) {
        int32_t v = ts.tid;
        guest_write(ptid, &v, 4);
    }
    if (flags & G_CLONE_CHILD_SETTID) {
        int32_t v = ts.tid;
        guest_write(ctid, &v, 4);
    }
    plugin_vcpu_init(c);
    return ts.tid;
}

/* ---- exit ---- */

void threads_exit(CPUState *cpu, int status)
{
    sigset_t all;

    if (live_threads == 1) {
        linux_exit(status);
    }
    /* -strace: the exit line ends here, no result to wait for. */
    strace_end_pending();
    /* What pthread_join waits for: the kernel clears the tid word and
     * wakes a waiter on it. */
    if (cpu->clear_child_tid) {
        uint32_t zero = 0;

        if (guest_write(cpu->clear_child_tid, &zero, 4)) {
            syscall(SYS_futex, g2h(cpu->clear_child_tid), FUTEX_WAKE, 1,
                    NULL, NULL, 0);
        }
    }
    plugin_vcpu_exit(cpu);
    for (CPUState **p = &first_cpu; *p; p = &(*p)->next_cpu) {
        if (*p == cpu) {
            *p = cpu->next_cpu;
            break;
        }
    }
    live_threads--;

    /* Nothing may reach this vCPU now: host signals go to the others. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    current_cpu = NULL;
    threads_unlock();
    g_aligned_free(cpu);
    host_signal_thread_exit();
    pthread_exit(NULL);
}
