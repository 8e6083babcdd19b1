/* Guest signals: dispositions, masks and pending signals of the emulated
 * process, and their delivery to guest handlers (faults, signals the
 * guest sends itself, and host signals passed on to it). */
#ifndef GUEST_SIGNAL_H
#define GUEST_SIGNAL_H

#include "cpu.h"

#define GUEST_NSIG 64
#define GUEST_SIGINFO_SIZE 128
#define GUEST_SIGBIT(s) (1ull << ((s) - 1))

/* What the signal layer tells a target to build for one delivery. */
typedef struct GuestSignalFrame {
    int sig;
    const uint8_t *siginfo;    /* GUEST_SIGINFO_SIZE bytes */
    bool with_siginfo;         /* SA_SIGINFO: copy it, pass its address */
    uint64_t handler;
    uint64_t return_addr;      /* sa_restorer or the sigreturn trampoline */
    uint64_t sp;               /* the frame goes below this */
    uint64_t mask;             /* the mask sigreturn restores */
    uint64_t ss_sp, ss_size;   /* uc_stack */
    int32_t ss_flags;
    uint64_t fault_addr;
} GuestSignalFrame;

/* What rt_sigreturn found in the frame beside the registers. */
typedef struct GuestSignalReturn {
    uint64_t mask;
    uint64_t ss_sp, ss_size;
    int32_t ss_flags;
} GuestSignalReturn;

/* Signals waiting for the guest, one bit each; set from host signal
 * handlers too. */
extern volatile uint64_t guest_sig_pending;

/* Is a signal waiting that the guest does not block? Cheap: the loop
 * asks before each run of translated code and each syscall. */
static inline bool guest_signal_deliverable(CPUState *cpu)
{
    return unlikely((__atomic_load_n(&guest_sig_pending, __ATOMIC_RELAXED) |
                     __atomic_load_n(&cpu->sig_pending, __ATOMIC_RELAXED)) &
                    ~cpu->sigmask);
}

/* Deliver every deliverable pending signal: set up handler frames (the
 * last one set up runs first), or apply default actions. */
void guest_signal_deliver(CPUState *cpu);
/* A synchronous fault (EXCP_UDEF, SEGV, PREFETCH, BUS, HLT): true when a
 * guest handler now runs; false when the process must die of it. */
bool guest_signal_fault(CPUState *cpu, int excp);
/* The signal a fault exception stands for (0 for none). */
int guest_signal_of_excp(int excp);
/* sig comes to the process as if it had sent it to itself (gdb). */
void guest_signal_raise(CPUState *cpu, int sig);

/* Around each syscall (src/syscall.c): a deliverable signal before the
 * syscall runs: pc goes back onto the syscall instruction so that it
 * runs again after the handler; returns what the result register must
 * keep. After a syscall that the host interrupted (-EINTR): the result
 * the guest sees (-EINTR, or a restart done the same way). */
uint64_t guest_signal_before_syscall(CPUState *cpu, const uint64_t args[6]);
int64_t guest_signal_after_eintr(CPUState *cpu, int nr,
                                 const uint64_t args[6]);

/* The signal syscalls. */
int64_t guest_sys_rt_sigaction(int sig, uint64_t act, uint64_t oldact,
                               uint64_t setsize);
int64_t guest_sys_rt_sigprocmask(CPUState *cpu, int how, uint64_t set,
                                 uint64_t oldset, uint64_t setsize);
int64_t guest_sys_rt_sigpending(CPUState *cpu, uint64_t set,
                                uint64_t setsize);
int64_t guest_sys_rt_sigsuspend(CPUState *cpu, uint64_t set,
                                uint64_t setsize);
int64_t guest_sys_rt_sigtimedwait(CPUState *cpu, uint64_t set,
                                  uint64_t info, uint64_t timeout,
                                  uint64_t setsize);
int64_t guest_sys_rt_sigreturn(CPUState *cpu);
int64_t guest_sys_sigaltstack(CPUState *cpu, uint64_t ss, uint64_t oldss);
int64_t guest_sys_kill(CPUState *cpu, int pid, int sig);
int64_t guest_sys_tkill(CPUState *cpu, int tid, int sig);
int64_t guest_sys_tgkill(CPUState *cpu, int tgid, int tid, int sig);
int64_t guest_sys_rt_sigqueueinfo(CPUState *cpu, int pid, int sig,
                                  uint64_t info);

#endif
