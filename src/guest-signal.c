/* Guest signals as Linux handles them for one process: dispositions,
 * the signal mask, the alternate stack, pending signals, and delivery
 * to guest handlers through frames the target lays out. Signals come
 * from guest faults, from the guest itself (kill, tgkill, raise) and
 * from the host (a host handler marks them pending and asks the loop to
 * stop at the next block boundary; the loop delivers them). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "src/guest-signal.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"
#include "src/syscall-nr.h"
#include "src/target.h"
#include "src/threads.h"
#include "plugins/plugin.h"

#define G_SIG_DFL 0
#define G_SIG_IGN 1
#define SIGBIT GUEST_SIGBIT
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* sa_flags (asm-generic, which arm64 uses). */
#define G_SA_NOCLDSTOP 0x00000001u
#define G_SA_NOCLDWAIT 0x00000002u
#define G_SA_SIGINFO   0x00000004u
#define G_SA_RESTORER  0x04000000u
#define G_SA_ONSTACK   0x08000000u
#define G_SA_RESTART   0x10000000u
#define G_SA_NODEFER   0x40000000u
#define G_SA_RESETHAND 0x80000000u

/* si_code values. */
#define G_SI_USER   0
#define G_SI_QUEUE  (-1)
#define G_SI_TKILL  (-6)
#define G_ILL_ILLOPC 1
#define G_SEGV_MAPERR 1
#define G_SEGV_ACCERR 2
#define G_BUS_ADRALN 1
#define G_TRAP_BRKPT 1

#define G_SS_ONSTACK 1
#define G_SS_DISABLE 2
#define G_SS_AUTODISARM (1u << 31)

/* arm64's struct sigaction as the kernel takes it. */
typedef struct GuestSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} GuestSigaction;

static GuestSigaction sigactions[GUEST_NSIG + 1];
static bool sigactions_ready;

volatile uint64_t guest_sig_pending;
/* The siginfo of each pending signal (one instance per signal, as for
 * Linux's standard signals). Written before the pending bit is set. */
static uint8_t pending_info[GUEST_NSIG + 1][GUEST_SIGINFO_SIZE];

/* When rt_sigsuspend ran with a temporary mask (cpu->restore_mask_pending),
 * the first frame set up saves cpu->restore_mask instead, so that
 * sigreturn puts it back. */

/* The alternate signal stack (sigaltstack). */
static struct {
    uint64_t sp;
    uint64_t size;
    uint32_t flags;            /* SS_AUTODISARM as given */
} altstack;

/* Where the sigreturn trampoline is mapped (0: not yet). */
static uint64_t sigtramp_addr;

/* The host's siginfo_t is the generic one, as the guest's. */
G_STATIC_ASSERT(sizeof(siginfo_t) == GUEST_SIGINFO_SIZE);

static inline int64_t host_result(long r)
{
    return r < 0 ? -errno : r;
}

/* Signals the host may send us for the guest: ignored ones are ignored
 * on the host too (so a SIGPIPE the guest ignores does not kill emu),
 * and those with a guest handler are caught on the host and passed on.
 * The synchronous ones (SIGSEGV, SIGILL...) stay emu's. */
static bool mirrored(int sig)
{
    switch (sig) {
    case SIGHUP: case SIGINT: case SIGQUIT: case SIGUSR1: case SIGUSR2:
    case SIGPIPE: case SIGALRM: case SIGTERM: case SIGCHLD: case SIGTSTP:
    case SIGTTIN: case SIGTTOU: case SIGURG: case SIGXCPU: case SIGXFSZ:
    case SIGVTALRM: case SIGPROF: case SIGWINCH: case SIGIO: case SIGPWR:
        return true;
    default:
        return false;
    }
}

/* A guest starts with what emu inherited ignored (nohup, a shell's
 * background job), as a program started directly would. */
static void sigactions_init(void)
{
    if (sigactions_ready) {
        return;
    }
    sigactions_ready = true;
    for (int sig = 1; sig <= GUEST_NSIG; sig++) {
        struct sigaction old;

        if (mirrored(sig) && sigaction(sig, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN) {
            sigactions[sig].handler = G_SIG_IGN;
        }
    }
}

static bool default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
           sig == SIGWINCH;
}

static bool default_stops(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
           sig == SIGTTOU;
}

static bool is_ignored(int sig)
{
    uint64_t h = sigactions[sig].handler;

    return h == G_SIG_IGN || (h == G_SIG_DFL && default_ignored(sig));
}

static bool has_handler(int sig)
{
    uint64_t h = sigactions[sig].handler;

    return h != G_SIG_DFL && h != G_SIG_IGN;
}

/* ---- Pending signals ---- */

static void queue_signal(CPUState *cpu, int sig, const uint8_t *info)
{
    memcpy(pending_info[sig], info, GUEST_SIGINFO_SIZE);
    __atomic_fetch_or(&guest_sig_pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
    if (cpu) {
        __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
    }
}

/* sig for the thread running cpu alone (tgkill); under the lock. */
static void queue_thread_signal(CPUState *cpu, int sig, const uint8_t *info)
{
    memcpy(cpu->sig_pending_info[sig - 1], info, GUEST_SIGINFO_SIZE);
    __atomic_fetch_or(&cpu->sig_pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
    threads_kick(cpu);
}

/* Host handler for a signal the guest has a handler for: only marks it
 * pending. The loop delivers it at a block boundary; a blocking host
 * syscall it interrupts returns EINTR (no SA_RESTART here). */
static void host_async_signal(int sig, siginfo_t *si, void *puc)
{
    int saved_errno = errno;

    (void)puc;
    if (sig >= 1 && sig <= GUEST_NSIG) {
        queue_signal(current_cpu, sig, (const uint8_t *)si);
    }
    errno = saved_errno;
}

/* The host disposition that goes with the guest's for sig. */
static void mirror_on_host(int sig)
{
    const GuestSigaction *a = &sigactions[sig];
    struct sigaction sa;

    if (!mirrored(sig)) {
        return;
    }
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    if (a->handler == G_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else if (a->handler == G_SIG_DFL) {
        sa.sa_handler = SIG_DFL;
    } else {
        sa.sa_sigaction = host_async_signal;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        /* What the host kernel does for the child's end is the guest's
         * choice. */
        if (sig == SIGCHLD) {
            sa.sa_flags |= a->flags & (G_SA_NOCLDSTOP | G_SA_NOCLDWAIT);
        }
    }
    sigaction(sig, &sa, NULL);
}

/* The host signals caught for the guest, to block around a wait. */
static void caught_on_host(sigset_t *set)
{
    sigemptyset(set);
    for (int sig = 1; sig <= GUEST_NSIG; sig++) {
        if (mirrored(sig) && has_handler(sig)) {
            sigaddset(set, sig);
        }
    }
}

/* The lowest-numbered pending signal in set, taken off the pending set
 * with its siginfo; 0 for none. */
static int dequeue(CPUState *cpu, uint64_t set, uint8_t *info)
{
    uint64_t ready = __atomic_load_n(&cpu->sig_pending, __ATOMIC_SEQ_CST) &
                     set;
    int sig;

    /* The thread's own first, as Linux does. */
    if (ready) {
        sig = __builtin_ctzll(ready) + 1;
        __atomic_fetch_and(&cpu->sig_pending, ~SIGBIT(sig),
                           __ATOMIC_SEQ_CST);
        memcpy(info, cpu->sig_pending_info[sig - 1], GUEST_SIGINFO_SIZE);
        return sig;
    }
    ready = __atomic_load_n(&guest_sig_pending, __ATOMIC_SEQ_CST) & set;
    if (!ready) {
        return 0;
    }
    sig = __builtin_ctzll(ready) + 1;
    __atomic_fetch_and(&guest_sig_pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    memcpy(info, pending_info[sig], GUEST_SIGINFO_SIZE);
    return sig;
}

static void info_init(uint8_t *info, int sig, int code)
{
    int32_t v[3] = { sig, 0, code };

    memset(info, 0, GUEST_SIGINFO_SIZE);
    memcpy(info, v, sizeof(v));
}

/* si_pid and si_uid, for signals sent by a process. */
static void info_sender(uint8_t *info, int pid, int uid)
{
    int32_t v[2] = { pid, uid };

    memcpy(info + 16, v, sizeof(v));
}

/* sig comes to the process, or to the thread running target alone;
 * SIGKILL and SIGSTOP act at once. */
static int64_t signal_to(CPUState *cpu, CPUState *target, int sig,
                         const uint8_t *info)
{
    if (sig == 0) {
        return 0;
    }
    sigactions_init();
    if (sig == SIGKILL) {
        linux_die_of_signal(sig);
    }
    if (sig == SIGSTOP) {
        return host_result(kill(getpid(), sig));
    }
    /* Ignored signals are dropped when sent, blocked ones never are: the
     * disposition may change before they are unblocked. */
    if (is_ignored(sig) &&
        !((target ? target : cpu)->sigmask & SIGBIT(sig))) {
        return 0;
    }
    if (target) {
        queue_thread_signal(target, sig, info);
    } else {
        queue_signal(cpu, sig, info);
    }
    return 0;
}

static int64_t signal_self(CPUState *cpu, int sig, const uint8_t *info)
{
    return signal_to(cpu, NULL, sig, info);
}

static int64_t signal_thread_from(CPUState *cpu, CPUState *target, int sig,
                                  int code)
{
    uint8_t info[GUEST_SIGINFO_SIZE];

    info_init(info, sig, code);
    info_sender(info, getpid(), (int)getuid());
    return signal_to(cpu, target, sig, info);
}

static int64_t signal_self_from(CPUState *cpu, int sig, int code)
{
    return signal_thread_from(cpu, NULL, sig, code);
}

void guest_signal_raise(CPUState *cpu, int sig)
{
    if (sig > 0 && sig <= GUEST_NSIG) {
        signal_self_from(cpu, sig, G_SI_TKILL);
    }
}

/* ---- Delivery ---- */

/* The alternate stack's state as seen from sp (Linux's sas_ss_flags). */
static int32_t altstack_flags(uint64_t sp)
{
    if (!altstack.size) {
        return G_SS_DISABLE;
    }
    if (!(altstack.flags & G_SS_AUTODISARM) && sp > altstack.sp &&
        sp - altstack.sp <= altstack.size) {
        return G_SS_ONSTACK;
    }
    return 0;
}

/* Map the sigreturn trampoline (once); 0 when it cannot be. */
static uint64_t sigtramp(CPUState *cpu)
{
    const TargetSignal *ts = cpu->target->signal;
    int64_t a;

    if (sigtramp_addr) {
        return sigtramp_addr;
    }
    a = guest_mmap(0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0) {
        return 0;
    }
    if (!guest_write((uint64_t)a, ts->sigreturn_code,
                     ts->sigreturn_code_size) ||
        guest_mprotect((uint64_t)a, GUEST_PAGE_SIZE,
                       PROT_READ | PROT_EXEC) < 0) {
        guest_munmap((uint64_t)a, GUEST_PAGE_SIZE);
        return 0;
    }
    sigtramp_addr = (uint64_t)a;
    return sigtramp_addr;
}

/* Run sig's handler: build its frame, block what it blocks. The process
 * dies of SIGSEGV when the frame cannot be written, as on Linux. */
static void setup_handler(CPUState *cpu, int sig, const uint8_t *info,
                          enum qemu_plugin_discon_type type,
                          uint64_t fault_addr)
{
    const Target *t = cpu->target;
    GuestSigaction *a = &sigactions[sig];
    uint64_t sp = t->get_sp(cpu), from = t->get_pc(cpu);
    uint64_t handler = a->handler;
    GuestSignalFrame f = {
        .sig = sig,
        .siginfo = info,
        .with_siginfo = (a->flags & G_SA_SIGINFO) != 0,
        .handler = handler,
        .sp = sp,
        .mask = cpu->restore_mask_pending ? cpu->restore_mask
                                          : cpu->sigmask,
        .ss_sp = altstack.sp,
        .ss_size = altstack.size,
        .ss_flags = altstack_flags(sp),
        .fault_addr = fault_addr,
    };

    cpu->restore_mask_pending = false;
    if ((a->flags & G_SA_ONSTACK) && altstack_flags(sp) == 0) {
        f.sp = altstack.sp + altstack.size;
    }
    f.return_addr = (a->flags & G_SA_RESTORER) ? a->restorer : sigtramp(cpu);
    if (!f.return_addr || !t->signal->setup_frame(cpu, &f)) {
        if (emu_log_mask) {
            emu_log("emu: cannot set up the frame for signal %d at sp 0x%"
                    PRIx64 "\n", sig, f.sp);
        }
        linux_die_of_signal(SIGSEGV);
    }
    if (altstack.flags & G_SS_AUTODISARM) {
        altstack.sp = altstack.size = 0;
        altstack.flags = 0;
    }
    cpu->sigmask |= a->mask;
    if (!(a->flags & G_SA_NODEFER)) {
        cpu->sigmask |= SIGBIT(sig);
    }
    cpu->sigmask &= ~UNBLOCKABLE;
    if (a->flags & G_SA_RESETHAND) {
        a->handler = G_SIG_DFL;
        a->flags &= ~G_SA_SIGINFO;
        mirror_on_host(sig);
    }
    plugin_vcpu_discon(cpu, type, from, handler);
}

/* sig was taken off the pending set: its disposition acts. */
static void take_signal(CPUState *cpu, int sig, const uint8_t *info)
{
    uint64_t h = sigactions[sig].handler;

    if (h == G_SIG_IGN || (h == G_SIG_DFL && default_ignored(sig))) {
        return;
    }
    if (h == G_SIG_DFL) {
        if (default_stops(sig)) {
            kill(getpid(), SIGSTOP);
            return;
        }
        linux_die_of_signal(sig);
    }
    setup_handler(cpu, sig, info, QEMU_PLUGIN_DISCON_INTERRUPT, 0);
}

void guest_signal_deliver(CPUState *cpu)
{
    uint8_t info[GUEST_SIGINFO_SIZE];
    int sig;

    sigactions_init();
    while ((sig = dequeue(cpu, ~cpu->sigmask, info)) != 0) {
        take_signal(cpu, sig, info);
    }
    /* After rt_sigsuspend woken by a signal with no handler to run. */
    if (cpu->restore_mask_pending) {
        cpu->restore_mask_pending = false;
        cpu->sigmask = cpu->restore_mask;
    }
}

int guest_signal_of_excp(int excp)
{
    switch (excp) {
    case EXCP_UDEF: return SIGILL;
    case EXCP_SEGV: return SIGSEGV;
    case EXCP_PREFETCH: return SIGSEGV;
    case EXCP_BUS: return SIGBUS;
    case EXCP_HLT: return SIGTRAP;
    default: return 0;
    }
}

bool guest_signal_fault(CPUState *cpu, int excp)
{
    uint8_t info[GUEST_SIGINFO_SIZE];
    int sig = guest_signal_of_excp(excp), code;
    uint64_t addr = cpu->fault_addr;

    switch (excp) {
    case EXCP_UDEF:
        code = G_ILL_ILLOPC;
        addr = cpu->target->get_pc(cpu);
        break;
    case EXCP_SEGV:
    case EXCP_PREFETCH:
        code = (guest_page_flags(addr) & PAGE_VALID) ? G_SEGV_ACCERR
                                                     : G_SEGV_MAPERR;
        break;
    case EXCP_BUS:
        code = G_BUS_ADRALN;
        break;
    case EXCP_HLT:
        code = G_TRAP_BRKPT;
        addr = cpu->target->get_pc(cpu);
        break;
    default:
        return false;
    }
    sigactions_init();
    /* A fault the program blocks or ignores kills it, as on Linux. */
    if (!has_handler(sig) || (cpu->sigmask & SIGBIT(sig))) {
        return false;
    }
    info_init(info, sig, code);
    memcpy(info + 16, &addr, 8);
    setup_handler(cpu, sig, info, QEMU_PLUGIN_DISCON_EXCEPTION, addr);
    return true;
}

/* ---- Syscalls meeting signals ---- */

static void rewind_syscall(CPUState *cpu)
{
    const Target *t = cpu->target;

    t->set_pc(cpu, t->get_pc(cpu) - t->signal->syscall_insn_size);
}

uint64_t guest_signal_before_syscall(CPUState *cpu, const uint64_t args[6])
{
    rewind_syscall(cpu);
    return args[0];
}

/* Syscalls Linux restarts after a handler with SA_RESTART (those that
 * answer -ERESTARTSYS), or always (-ERESTARTNOINTR). */
static bool restartable(int nr, const uint64_t args[6], bool sa_restart)
{
    switch (nr) {
    case NR_clone:
    case NR_clone3:
        return true;
    case NR_read: case NR_write: case NR_readv: case NR_writev:
    case NR_pread64: case NR_pwrite64: case NR_preadv: case NR_pwritev:
    case NR_ioctl: case NR_fcntl: case NR_flock: case NR_openat:
    case NR_wait4: case NR_waitid: case NR_accept: case NR_accept4:
    case NR_connect: case NR_recvfrom: case NR_sendto: case NR_recvmsg:
    case NR_sendmsg: case NR_getrandom: case NR_sendfile:
        return sa_restart;
    case NR_futex:
        /* A wait with a timeout ends with EINTR. */
        return sa_restart && args[3] == 0;
    default:
        return false;
    }
}

int64_t guest_signal_after_eintr(CPUState *cpu, int nr,
                                 const uint64_t args[6])
{
    uint64_t ready = (__atomic_load_n(&guest_sig_pending, __ATOMIC_SEQ_CST) |
                      __atomic_load_n(&cpu->sig_pending, __ATOMIC_SEQ_CST)) &
                     ~cpu->sigmask;
    int sig;

    sigactions_init();
    /* Only a handler about to run shows the guest an EINTR: a signal it
     * blocks, ignores or dies of never does. */
    for (sig = 1; sig <= GUEST_NSIG; sig++) {
        if ((ready & SIGBIT(sig)) && has_handler(sig)) {
            break;
        }
    }
    if (sig > GUEST_NSIG ||
        restartable(nr, args,
                    (sigactions[sig].flags & G_SA_RESTART) != 0)) {
        rewind_syscall(cpu);
        return (int64_t)args[0];
    }
    return -EINTR;
}

/* Wait, with the guest's mask as it is, until a signal is deliverable
 * or the timeout (a host struct timespec, or NULL) passes. The caught
 * host signals are blocked from the check to the wait, which unblocks
 * them atomically: none slips in between. false on timeout. */
static bool wait_deliverable(CPUState *cpu, uint64_t set,
                             const struct timespec *tmo)
{
    sigset_t caught, old;
    bool got = true;

    caught_on_host(&caught);
    /* Another guest thread's tgkill comes this way. */
    sigaddset(&caught, THREADS_SIG_KICK);
    sigprocmask(SIG_BLOCK, &caught, &old);
    while (!((__atomic_load_n(&guest_sig_pending, __ATOMIC_SEQ_CST) |
              __atomic_load_n(&cpu->sig_pending, __ATOMIC_SEQ_CST)) & set)) {
        if (THREADS_BLOCKING(ppoll(NULL, 0, tmo, &old)) == 0) {
            got = false;
            break;
        }
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return got;
}

/* ---- The signal syscalls ---- */

int64_t guest_sys_rt_sigaction(int sig, uint64_t act, uint64_t oldact,
                               uint64_t setsize)
{
    GuestSigaction a;

    if (setsize != 8 || sig < 1 || sig > GUEST_NSIG) {
        return -EINVAL;
    }
    if (act && (sig == SIGKILL || sig == SIGSTOP)) {
        return -EINVAL;
    }
    if (act && !guest_read(act, &a, sizeof(a))) {
        return -EFAULT;
    }
    sigactions_init();
    if (oldact && !guest_write(oldact, &sigactions[sig], sizeof(a))) {
        return -EFAULT;
    }
    if (act) {
        a.mask &= ~UNBLOCKABLE;
        sigactions[sig] = a;
        if (is_ignored(sig)) {
            __atomic_fetch_and(&guest_sig_pending, ~SIGBIT(sig),
                               __ATOMIC_SEQ_CST);
            for (CPUState *c = first_cpu; c; c = c->next_cpu) {
                __atomic_fetch_and(&c->sig_pending, ~SIGBIT(sig),
                                   __ATOMIC_SEQ_CST);
            }
        }
        mirror_on_host(sig);
    }
    return 0;
}

int64_t guest_sys_rt_sigprocmask(CPUState *cpu, int how, uint64_t set,
                                 uint64_t oldset, uint64_t setsize)
{
    uint64_t old = cpu->sigmask, s;

    if (setsize != 8) {
        return -EINVAL;
    }
    if (set) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) {
            return -EINVAL;
        }
        if (!guest_read(set, &s, 8)) {
            return -EFAULT;
        }
    }
    if (oldset && !guest_write(oldset, &old, 8)) {
        return -EFAULT;
    }
    if (set) {
        switch (how) {
        case SIG_BLOCK:
            cpu->sigmask |= s;
            break;
        case SIG_UNBLOCK:
            cpu->sigmask &= ~s;
            break;
        default:
            cpu->sigmask = s;
            break;
        }
        /* A signal this unblocks is delivered once the syscall returns. */
        cpu->sigmask &= ~UNBLOCKABLE;
    }
    return 0;
}

int64_t guest_sys_rt_sigpending(CPUState *cpu, uint64_t set,
                                uint64_t setsize)
{
    uint64_t p = (__atomic_load_n(&guest_sig_pending, __ATOMIC_SEQ_CST) |
                  __atomic_load_n(&cpu->sig_pending, __ATOMIC_SEQ_CST)) &
                 cpu->sigmask;

    if (setsize > 8) {
        return -EINVAL;
    }
    return guest_write(set, &p, setsize) ? 0 : -EFAULT;
}

int64_t guest_sys_rt_sigsuspend(CPUState *cpu, uint64_t set,
                                uint64_t setsize)
{
    uint64_t m;

    if (setsize != 8) {
        return -EINVAL;
    }
    if (!guest_read(set, &m, 8)) {
        return -EFAULT;
    }
    sigactions_init();
    cpu->restore_mask = cpu->sigmask;
    cpu->restore_mask_pending = true;
    cpu->sigmask = m & ~UNBLOCKABLE;
    wait_deliverable(cpu, ~cpu->sigmask, NULL);
    /* The loop delivers it; the handler's frame keeps the old mask. */
    return -EINTR;
}

int64_t guest_sys_rt_sigtimedwait(CPUState *cpu, uint64_t set,
                                  uint64_t info, uint64_t timeout,
                                  uint64_t setsize)
{
    uint8_t si[GUEST_SIGINFO_SIZE];
    struct timespec ts, *tmo = NULL;
    uint64_t m;
    int sig;

    if (setsize != 8) {
        return -EINVAL;
    }
    if (!guest_read(set, &m, 8)) {
        return -EFAULT;
    }
    if (timeout) {
        int64_t t[2];

        if (!guest_read(timeout, t, sizeof(t))) {
            return -EFAULT;
        }
        if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000000) {
            return -EINVAL;
        }
        ts.tv_sec = t[0];
        ts.tv_nsec = t[1];
        tmo = &ts;
    }
    m &= ~UNBLOCKABLE;
    sigactions_init();
    if (!(sig = dequeue(cpu, m, si))) {
        if (!wait_deliverable(cpu, m | ~cpu->sigmask, tmo)) {
            return -EAGAIN;
        }
        if (!(sig = dequeue(cpu, m, si))) {
            return -EINTR;
        }
    }
    if (info && !guest_write(info, si, sizeof(si))) {
        return -EFAULT;
    }
    return sig;
}

int64_t guest_sys_rt_sigreturn(CPUState *cpu)
{
    GuestSignalReturn r;
    uint64_t sp;

    if (!cpu->target->signal->sigreturn(cpu, &r)) {
        if (emu_log_mask) {
            emu_log("emu: rt_sigreturn: bad signal frame at sp 0x%" PRIx64
                    "\n", cpu->target->get_sp(cpu));
        }
        linux_die_of_signal(SIGSEGV);
    }
    cpu->sigmask = r.mask & ~UNBLOCKABLE;
    /* The alternate stack as it was, unless the program now runs on it
     * (Linux ignores the failure of that sigaltstack call). */
    sp = cpu->target->get_sp(cpu);
    if (altstack_flags(sp) != G_SS_ONSTACK) {
        int32_t mode = r.ss_flags & ~(int32_t)G_SS_AUTODISARM;

        if (mode == G_SS_DISABLE) {
            altstack.sp = altstack.size = 0;
            altstack.flags = 0;
        } else if ((mode == 0 || mode == G_SS_ONSTACK) &&
                   r.ss_size >= cpu->target->minsigstksz) {
            altstack.sp = r.ss_sp;
            altstack.size = r.ss_size;
            altstack.flags = (uint32_t)r.ss_flags & G_SS_AUTODISARM;
        }
    }
    /* The result register is the restored one. */
    return (int64_t)cpu->target->syscall_arg(cpu, 0);
}

int64_t guest_sys_sigaltstack(CPUState *cpu, uint64_t ss, uint64_t oldss)
{
    uint64_t sp = cpu->target->get_sp(cpu);
    uint8_t buf[24], old[24];
    uint64_t nsp = 0, size = 0;
    int32_t flags = 0, oflags, mode;

    memset(old, 0, sizeof(old));
    oflags = altstack_flags(sp) | (int32_t)(altstack.flags &
                                            G_SS_AUTODISARM);
    memcpy(old, &altstack.sp, 8);
    memcpy(old + 8, &oflags, 4);
    memcpy(old + 16, &altstack.size, 8);
    if (ss) {
        if (!guest_read(ss, buf, sizeof(buf))) {
            return -EFAULT;
        }
        memcpy(&nsp, buf, 8);
        memcpy(&flags, buf + 8, 4);
        memcpy(&size, buf + 16, 8);
        if (altstack_flags(sp) == G_SS_ONSTACK) {
            return -EPERM;
        }
        mode = flags & ~(int32_t)G_SS_AUTODISARM;
        if (mode != 0 && mode != G_SS_ONSTACK && mode != G_SS_DISABLE) {
            return -EINVAL;
        }
        if (mode != G_SS_DISABLE && size < cpu->target->minsigstksz) {
            return -ENOMEM;
        }
    }
    if (oldss && !guest_write(oldss, old, sizeof(old))) {
        return -EFAULT;
    }
    if (ss) {
        if ((flags & ~(int32_t)G_SS_AUTODISARM) == G_SS_DISABLE) {
            altstack.sp = altstack.size = 0;
            altstack.flags = 0;
        } else {
            altstack.sp = nsp;
            altstack.size = size;
            altstack.flags = (uint32_t)flags & G_SS_AUTODISARM;
        }
    }
    return 0;
}

int64_t guest_sys_kill(CPUState *cpu, int pid, int sig)
{
    if (sig < 0 || sig > GUEST_NSIG) {
        return -EINVAL;
    }
    if (pid == getpid()) {
        return signal_self_from(cpu, sig, G_SI_USER);
    }
    return host_result(kill(pid, sig));
}

int64_t guest_sys_tkill(CPUState *cpu, int tid, int sig)
{
    if (sig < 0 || sig > GUEST_NSIG || tid <= 0) {
        return -EINVAL;
    }
    if (tid == gettid()) {
        return signal_thread_from(cpu, cpu, sig, G_SI_TKILL);
    }
    CPUState *to = threads_find_tid(tid);
    if (to) {
        return signal_thread_from(cpu, to, sig, G_SI_TKILL);
    }
    return host_result(syscall(SYS_tkill, tid, sig));
}

int64_t guest_sys_tgkill(CPUState *cpu, int tgid, int tid, int sig)
{
    if (sig < 0 || sig > GUEST_NSIG || tid <= 0 || tgid <= 0) {
        return -EINVAL;
    }
    if (tgid == getpid() && tid == gettid()) {
        return signal_thread_from(cpu, cpu, sig, G_SI_TKILL);
    }
    if (tgid == getpid()) {
        CPUState *to = threads_find_tid(tid);

        /* A signal to one thread is that thread's to take. */
        if (to) {
            return signal_thread_from(cpu, to, sig, G_SI_TKILL);
        }
    }
    return host_result(syscall(SYS_tgkill, tgid, tid, sig));
}

int64_t guest_sys_rt_sigqueueinfo(CPUState *cpu, int pid, int sig,
                                  uint64_t info)
{
    uint8_t si[GUEST_SIGINFO_SIZE];
    int32_t code;

    if (sig < 1 || sig > GUEST_NSIG) {
        return -EINVAL;
    }
    if (!guest_read(info, si, sizeof(si))) {
        return -EFAULT;
    }
    memcpy(&code, si + 8, 4);
    if (pid != getpid()) {
        return host_result(syscall(SYS_rt_sigqueueinfo, pid, sig, si));
    }
    /* Only the kernel may claim to be the kernel or kill(). */
    if (code >= 0 || code == G_SI_TKILL) {
        return -EPERM;
    }
    memcpy(si, &sig, 4);
    return signal_self(cpu, sig, si);
}
