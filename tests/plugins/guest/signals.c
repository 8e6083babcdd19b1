/* Guest for the discontinuity test: a load that faults into a SIGSEGV
 * handler (which skips it), then raise(SIGUSR1). Prints the addresses
 * the plugin must report: the faulting load and both handlers. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static void on_segv(int sig, siginfo_t *si, void *puc)
{
    (void)sig;
    (void)si;
    ((ucontext_t *)puc)->uc_mcontext.pc += 4;
}

static volatile int usr1;

static void on_usr1(int sig)
{
    (void)sig;
    usr1++;
}

int main(void)
{
    struct sigaction sa;
    uintptr_t at;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    signal(SIGUSR1, on_usr1);
    printf("segv handler 0x%lx\n", (unsigned long)(uintptr_t)on_segv);
    printf("usr1 handler 0x%lx\n", (unsigned long)(uintptr_t)on_usr1);
    __asm__ volatile("mov x9, #0\n\tadr %0, 1f\n1:\tldr x9, [x9]"
                     : "=r"(at) : : "x9", "memory");
    printf("fault at 0x%lx\n", (unsigned long)at);
    fflush(stdout);
    raise(SIGUSR1);
    printf("usr1 ran %d\n", usr1);
    return 0;
}
