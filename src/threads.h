/* Guest threads: each runs on a host thread, and one global lock, held
 * while a thread runs translated code or emu's own code, keeps emu's
 * internals (translation, block cache, memory map, plugins, log)
 * single-threaded. It is let go around host syscalls that may block. */
#ifndef THREADS_H
#define THREADS_H

#include <errno.h>
#include <signal.h>
#include "cpu.h"

/* Every live vCPU, linked by next_cpu (changed under the lock). */
extern CPUState *first_cpu;

/* The execution loop (src/cpu-loop.c), for a new thread. */
void cpu_loop(CPUState *cpu) G_GNUC_NORETURN;

/* The calling host thread starts running cpu: it becomes current_cpu,
 * joins the list and takes the lock. */
void threads_enter(CPUState *cpu);
/* The lock, for the current thread's cpu. Fair: threads get it in the
 * order they asked, and a thread that waits asks the holder to stop at
 * its next block boundary (exit_request). */
void threads_lock(CPUState *cpu);
/* false (and nothing done) when this thread does not hold it. */
bool threads_unlock(void);
/* At a block boundary with exit_request seen: let a waiting thread run. */
void threads_yield(CPUState *cpu);

/* expr, a host call that may block, runs without the lock; errno is
 * kept across the re-take. */
#define THREADS_BLOCKING(expr)                                     \
    ({                                                             \
        CPUState *tb_cpu_ = current_cpu;                           \
        bool tb_held_ = threads_unlock();                          \
        __typeof__(expr) tb_r_ = (expr);                           \
        int tb_errno_ = errno;                                     \
        if (tb_held_) {                                            \
            threads_lock(tb_cpu_);                                 \
        }                                                          \
        errno = tb_errno_;                                         \
        tb_r_;                                                     \
    })

/* clone with CLONE_THREAD: a new vCPU copied from cpu on a new host
 * thread. Returns its tid, or -errno. */
int64_t threads_clone(CPUState *cpu, uint64_t flags, uint64_t newsp,
                      uint64_t ptid, uint64_t tls, uint64_t ctid);
/* exit: the calling thread ends (the process with it when it is the
 * last one). */
G_GNUC_NORETURN void threads_exit(CPUState *cpu, int status);
/* The vCPU running on host thread tid of this process, or NULL. */
CPUState *threads_find_tid(int tid);
/* The host signal that interrupts another guest thread's blocking
 * syscall: real-time host signals are never the guest's (see mirrored()
 * in src/guest-signal.c). */
#define THREADS_SIG_KICK (SIGRTMAX)
/* Make cpu's thread notice a signal queued for it: a blocking host
 * syscall it is in returns EINTR. */
void threads_kick(CPUState *cpu);
/* In the child of a fork: only the calling thread is left. */
void threads_after_fork(CPUState *cpu);
/* More than one guest thread ever started (the gdb stub cannot follow
 * them). */
extern bool threads_started;

#endif
