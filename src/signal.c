/* Host SIGSEGV/SIGBUS: a fault inside the guest region was caused by a
 * guest access and leaves translated code as a guest fault; a fault
 * anywhere else is an emu bug, which dies of the same signal. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "cpu.h"
#include "guest-mem.h"
#include "host-signal.h"
#include "linux-user.h"

/* Whether the faulting access was a store, from the CPU's page fault
 * error code where the host tells it. */
static bool fault_is_write(void *puc)
{
#if defined(__x86_64__)
    ucontext_t *uc = puc;

    return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
    (void)puc;
    return false;
#endif
}

static void die_of(int sig, const siginfo_t *si)
{
    char msg[128];
    int n;

    n = snprintf(msg, sizeof(msg),
                 "%s: internal error: host signal %d (%s) at %p\n",
                 emu_prog ? emu_prog : "emu", sig, strsignal(sig),
                 si->si_addr);
    if (n > 0 && write(STDERR_FILENO, msg, MIN((size_t)n, sizeof(msg))) < 0) {
        /* Nothing left to report it to. */
    }
    /* The log says what led here; stdio in a handler is a risk worth
     * taking on the way down. */
    if (emu_log_file && emu_log_file != stderr) {
        fflush(emu_log_file);
    }
    signal(sig, SIG_DFL);
    /* SA_NODEFER: the signal is not blocked in here, so this ends us
     * now for a kill() as well as for a fault. */
    raise(sig);
}

static void host_fault(int sig, siginfo_t *si, void *puc)
{
    CPUState *cpu = current_cpu;

    /* si_code <= 0: sent with kill() to the process, which the guest
     * would die of as well. */
    if (si->si_code <= 0) {
        linux_die_of_signal(sig);
    }

    if (h_in_guest(si->si_addr)) {
        uint64_t addr = h2g(si->si_addr);
        bool is_write = fault_is_write(puc);

        /* A store to a page translated code was made from: the code is
         * dropped, the page writable again, and the store retried. */
        if (sig == SIGSEGV && is_write && guest_code_write_fault(addr)) {
            return;
        }
        /* Outside translated code (emu's own access, in a syscall) there
         * is no guest instruction to blame: an emu bug, below. */
        if (cpu && cpu->in_exec) {
            /* SIGBUS: a file mapping accessed past the end of its file. */
            cpu_loop_exit_fault(cpu, sig == SIGBUS ? EXCP_BUS : EXCP_SEGV,
                                addr, is_write);
        }
    }
    die_of(sig, si);
}

/* The calling thread's alternate stack. It lives as long as the thread;
 * the pointer here keeps leak checkers from calling it lost. */
static __thread void *altstack;

void host_signal_thread_exit(void)
{
    stack_t ss = { .ss_flags = SS_DISABLE };

    sigaltstack(&ss, NULL);
    g_free(altstack);
    altstack = NULL;
}

void host_signal_init(void)
{
    static bool done;
    struct sigaction sa;
    stack_t ss;

    /* Lets an overflow of emu's own stack still print its message. */
    ss.ss_size = MAX(SIGSTKSZ, 65536);
    if (!altstack) {
        altstack = g_malloc(ss.ss_size);
    }
    ss.ss_sp = altstack;
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    if (done) {
        return;
    }
    done = true;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = host_fault;
    /* NODEFER: we leave the handler by siglongjmp and must not come out
     * of it with SIGSEGV still blocked. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}
