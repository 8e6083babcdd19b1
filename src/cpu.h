/* The target-independent part of a guest CPU: what the execution loop,
 * the interpreter, the syscall layer and (later) plugins and the gdb stub
 * share. A target's CPU embeds CPUState first and its own state after. */
#ifndef CPU_H
#define CPU_H

#include <setjmp.h>
#include "emu.h"

struct Target;
struct TranslationBlock;

/* Interpreter slots for IR temporaries live at the start of CPUState, so
 * every IR operand is one offset from the same base pointer. */
#define TCG_MAX_SLOTS 512

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* Why the translated code returned to the loop. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000, /* exit_request was set */
    EXCP_SYSCALL,             /* svc: pc already points past it */
    EXCP_UDEF,                /* unallocated encoding: SIGILL */
    EXCP_SEGV,                /* bad access: fault_addr, SIGSEGV */
    EXCP_BUS,                 /* misaligned exclusive etc.: SIGBUS */
    EXCP_PREFETCH,            /* fetch from a bad page: SIGSEGV */
    EXCP_DEBUG,               /* breakpoint or single step */
    EXCP_HLT,                 /* the guest asked to stop (BRK): SIGTRAP */
};

typedef struct CPUState {
    uint64_t slots[TCG_MAX_SLOTS];

    const struct Target *target;
    int cpu_index;
    int exception_index;
    volatile int exit_request;
    bool singlestep;           /* -one-insn-per-tb or gdb stepping */

    uint64_t fault_addr;       /* guest address of the last bad access */
    int fault_write;           /* 1 when that access was a store */
    const uintptr_t *cur_ip;   /* interpreter position at a guest access */
    struct TranslationBlock *cur_tb;

    sigjmp_buf jmp_env;
    bool in_exec;              /* jmp_env is live: translated code runs */
    struct TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];

    /* The guest memory accesses made by the last helper that accesses
     * memory itself (store exclusive, DC ZVA), for plugin memory
     * callbacks: the helper empties the list first, then records each
     * access once it is done. */
    unsigned n_helper_access;
    struct HelperAccess {
        uint64_t addr;
        uint64_t lo, hi;       /* the value; hi for 16-byte accesses */
        uint8_t size_shift;    /* log2 bytes, 0..4 */
        bool store;
    } helper_access[4];

    /* Linux user-mode per-thread state. */
    uint64_t clear_child_tid;
    uint64_t robust_list, robust_list_len;
    uint64_t sigmask;          /* blocked signals (src/guest-signal.c) */
    /* Signals sent to this thread alone (tgkill), and their siginfo;
     * the process's own pending set is in src/guest-signal.c. */
    volatile uint64_t sig_pending;
    uint8_t sig_pending_info[64][128];
    /* rt_sigsuspend's mask to put back once a signal is taken. */
    bool restore_mask_pending;
    uint64_t restore_mask;

    /* Guest threads (src/threads.c). */
    int host_tid;              /* gettid() of the host thread running it */
    struct CPUState *next_cpu; /* the list of live vCPUs, first_cpu */
} CPUState;

/* The CPU running on this host thread. */
extern __thread CPUState *current_cpu;

/* Leave translated code and return excp to the loop. Safe from helpers
 * and from the host SIGSEGV handler. */
G_GNUC_NORETURN void cpu_loop_exit(CPUState *cpu, int excp);
/* Record a bad guest access at addr, put the pc back on the instruction
 * that made it, and leave with excp (EXCP_SEGV or EXCP_BUS). */
G_GNUC_NORETURN void cpu_loop_exit_fault(CPUState *cpu, int excp,
                                         uint64_t addr, bool is_write);
static inline G_GNUC_NORETURN void cpu_loop_exit_segv(CPUState *cpu,
                                                      uint64_t addr,
                                                      bool is_write)
{
    cpu_loop_exit_fault(cpu, EXCP_SEGV, addr, is_write);
}

/* Note an access a helper made (see helper_access). */
static inline void cpu_note_access(CPUState *cpu, uint64_t addr,
                                   unsigned size_shift, bool store,
                                   uint64_t lo, uint64_t hi)
{
    if (cpu->n_helper_access < G_N_ELEMENTS(cpu->helper_access)) {
        struct HelperAccess *a = &cpu->helper_access[cpu->n_helper_access++];
        *a = (struct HelperAccess){ addr, lo, hi, (uint8_t)size_shift, store };
    }
}

#endif
