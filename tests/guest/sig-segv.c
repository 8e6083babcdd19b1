/* SIGSEGV and SIGBUS handlers: one that leaves with siglongjmp (the
 * mask comes back with it), one that skips the faulting instruction by
 * moving uc_mcontext.pc on. si_code and si_addr must be the kernel's. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096

static sigjmp_buf env;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_fault;

static void jump_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

static void skip_handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;

    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_fault = uc->uc_mcontext.fault_address;
    uc->uc_mcontext.pc += 4;
}

static void set(int sig, void (*fn)(int, siginfo_t *, void *))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO;
    sigaction(sig, &sa, NULL);
}

static void report(const char *what, uintptr_t want)
{
    printf("%s: sig %d code %d addr %s\n", what, got_sig, got_code,
           got_addr == want ? "right" : "WRONG");
    got_sig = got_code = 0;
}

static int blocked(int sig)
{
    sigset_t s;

    sigprocmask(SIG_BLOCK, NULL, &s);
    return sigismember(&s, sig);
}

int main(void)
{
    volatile uint8_t *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile int v;

    set(SIGSEGV, jump_handler);
    for (int i = 0; i < 3; i++) {
        if (!sigsetjmp(env, 1)) {
            v = *(volatile int *)(uintptr_t)(16 + i);
            printf("no fault?\n");
        }
        report("null", 16 + i);
        printf("SIGSEGV blocked after siglongjmp: %d\n", blocked(SIGSEGV));
    }
    munmap((void *)(p + PAGE), PAGE);
    if (!sigsetjmp(env, 1)) {
        p[PAGE + 8] = 1;
    }
    report("unmapped", (uintptr_t)(p + PAGE + 8));
    mprotect((void *)p, PAGE, PROT_READ);
    if (!sigsetjmp(env, 1)) {
        p[24] = 1;
    }
    report("readonly", (uintptr_t)(p + 24));

    set(SIGSEGV, skip_handler);
    v = 5;
    __asm__ volatile("mov x9, #7\n\tldr x9, [%1]\n\tmov %w0, w9"
                     : "=r"(v) : "r"(p + PAGE + 64) : "x9", "memory");
    report("skip", (uintptr_t)(p + PAGE + 64));
    printf("skipped the load: x9 kept %d; fault_address %s\n", v,
           got_fault == (uintptr_t)(p + PAGE + 64) ? "right" : "WRONG");
    p[8] = 9;   /* skipped: the page is read-only */
    printf("store skipped, byte is %d\n", p[8]);

    /* A misaligned exclusive load: SIGBUS, BUS_ADRALN. */
    mprotect((void *)p, PAGE, PROT_READ | PROT_WRITE);
    set(SIGBUS, jump_handler);
    if (!sigsetjmp(env, 1)) {
        uint64_t x;
        __asm__ volatile("ldxr %0, [%1]" : "=r"(x) : "r"(p + 3) : "memory");
    }
    report("misaligned ldxr", (uintptr_t)(p + 3));
    (void)v;

    /* Blocked, a fault still kills. */
    {
        sigset_t s;

        sigemptyset(&s);
        sigaddset(&s, SIGSEGV);
        sigprocmask(SIG_BLOCK, &s, NULL);
        volatile int *bad = (volatile int *)(uintptr_t)got_code;

        printf("now a blocked fault\n");
        fflush(stdout);
        *bad = 0;
    }
    printf("not reached\n");
    return 0;
}
