/* SIGILL for an undefined instruction and SIGTRAP for BRK, each caught
 * and skipped by its handler; si_addr is the instruction's address.
 * SIGILL's si_code is not printed: Linux says ILL_ILLOPC, qemu-aarch64
 * 7.2 ILL_ILLOPN. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc;

static void handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;

    got_sig = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    got_pc = uc->uc_mcontext.pc;
    uc->uc_mcontext.pc += 4;
}

int main(void)
{
    struct sigaction sa;
    uintptr_t at;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);

    __asm__ volatile("adr %0, 1f\n1:\tudf #0" : "=r"(at));
    printf("udf: sig %d code %s si_addr %s pc %s\n", got_sig,
           got_code == ILL_ILLOPC || got_code == ILL_ILLOPN ? "ok" : "bad",
           got_addr == at ? "right" : "WRONG",
           got_pc == at ? "right" : "WRONG");
    __asm__ volatile("adr %0, 1f\n1:\t.word 0x00000000" : "=r"(at));
    printf("word 0: sig %d pc %s\n", got_sig,
           got_pc == at ? "right" : "WRONG");
    got_sig = 0;
    __asm__ volatile("adr %0, 1f\n1:\tbrk #0x3e8" : "=r"(at));
    printf("brk: sig %d code %d pc %s\n", got_sig, got_code,
           got_pc == at ? "right" : "WRONG");
    printf("done\n");
    return 0;
}
