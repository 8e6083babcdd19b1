/* A handler reads the interrupted code's registers in the ucontext and
 * changes some: the changes are what the code sees after sigreturn,
 * every other register (and the flags) comes back as it was. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int seen_ok;
static volatile uint64_t seen_x19, seen_x28;

static void handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    mcontext_t *m = &uc->uc_mcontext;

    (void)sig;
    (void)si;
    seen_x19 = m->regs[19];
    seen_x28 = m->regs[28];
    seen_ok = m->regs[20] == 0x2020 && m->regs[21] == 0x2121 &&
              (m->pstate & 0xf0000000) == 0x60000000 && (m->sp & 15) == 0;
    m->regs[20] = 0xabcd;          /* the code sees the new value */
    m->regs[21] += 1;
    m->pc += 4;                    /* skip the brk */
}

int main(void)
{
    struct sigaction sa;
    uint64_t r19, r20, r21, r28, nzcv, sp_before, sp_after;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);

    __asm__ volatile(
        "mov x19, #0x1919\n\t"
        "mov x20, #0x2020\n\t"
        "mov x21, #0x2121\n\t"
        "mov x28, #0x2828\n\t"
        "mov %5, sp\n\t"
        "cmp x19, x19\n\t"           /* Z and C set */
        "brk #1\n\t"
        "mrs %4, nzcv\n\t"
        "mov %6, sp\n\t"
        "mov %0, x19\n\t"
        "mov %1, x20\n\t"
        "mov %2, x21\n\t"
        "mov %3, x28\n\t"
        : "=r"(r19), "=r"(r20), "=r"(r21), "=r"(r28), "=r"(nzcv),
          "=r"(sp_before), "=r"(sp_after)
        : : "x19", "x20", "x21", "x28", "cc", "memory");
    printf("handler saw x19 %#llx x28 %#llx, the rest %s\n",
           (unsigned long long)seen_x19, (unsigned long long)seen_x28,
           seen_ok ? "as set" : "WRONG");
    printf("after: x19 %#llx x20 %#llx x21 %#llx x28 %#llx nzcv %#llx "
           "sp %s\n", (unsigned long long)r19, (unsigned long long)r20,
           (unsigned long long)r21, (unsigned long long)r28,
           (unsigned long long)nzcv,
           sp_before == sp_after ? "kept" : "WRONG");
    return 0;
}
