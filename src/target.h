/* What the target-independent code needs from a guest architecture. One
 * table entry per architecture, chosen by the ELF header's e_machine. */
#ifndef TARGET_H
#define TARGET_H

#include "cpu.h"

struct TCGContext;
struct TranslationBlock;
struct GuestSignalFrame;
struct GuestSignalReturn;

/* Signal frames, in target/<arch>/signal.c: the layout is the kernel's
 * for the architecture, the decisions are src/guest-signal.c's. */
typedef struct TargetSignal {
    /* Build the frame for f below f->sp and point the CPU at the handler
     * (pc, sp, argument and link registers). false when the frame cannot
     * be written: the process then dies of SIGSEGV. */
    bool (*setup_frame)(CPUState *cpu, const struct GuestSignalFrame *f);
    /* rt_sigreturn: restore every register from the frame at sp and say
     * what else it holds. false for a bad frame (nothing restored). */
    bool (*sigreturn)(CPUState *cpu, struct GuestSignalReturn *r);
    /* The code of the sigreturn trampoline emu maps for handlers without
     * SA_RESTORER, as the kernel's vDSO provides it. */
    const uint32_t *sigreturn_code;
    size_t sigreturn_code_size;
    /* Bytes of the syscall instruction: a restarted syscall runs again
     * from pc minus this. */
    unsigned syscall_insn_size;
} TargetSignal;

typedef struct Target {
    const char *name;          /* XML <architecture>, "aarch64" */
    const char *uname_machine; /* uname -m inside the guest */
    const char *platform;      /* AT_PLATFORM */
    const char *cpu_model;     /* -cpu help */
    uint16_t elf_machine;      /* EM_AARCH64 = 183 */
    size_t cpu_size;           /* sizeof the target's CPU */
    uint64_t hwcap, hwcap2;    /* advertised in auxv */
    uint64_t qemu_hwcap;       /* qemu's for the same model (-qemu-layout) */
    const char *const *hwcap_names; /* -cpu help: bit i's name or NULL */
    uint64_t stack_align;      /* 16 */
    uint64_t insn_align;       /* a pc not aligned so faults: 4 */
    uint64_t minsigstksz;      /* AT_MINSIGSTKSZ */
    int pc_offset;             /* offsetof(target CPU, pc) */

    /* Set up a new CPU's architectural state (cpu is zeroed). */
    void (*cpu_init)(CPUState *cpu);
    /* Registers at process start: entry point and initial sp. */
    void (*init_process)(CPUState *cpu, uint64_t entry, uint64_t sp);
    /* Create the IR globals (called once). */
    void (*tcg_init)(struct TCGContext *s);
    /* Translate the guest code at tb->pc into IR in s. */
    void (*translate)(CPUState *cpu, struct TCGContext *s,
                      struct TranslationBlock *tb, int max_insns);
    /* -d cpu (and with LOG_FPU the FP state), in the layout QEMU uses. */
    void (*dump_state)(CPUState *cpu, FILE *f, unsigned log_mask);
    /* Disassemble one instruction for -d in_asm (capstone). */
    void (*disas)(uint64_t pc, const uint8_t *code, size_t len, FILE *f);

    /* Syscall ABI: number and six arguments; the result. */
    int (*syscall_nr)(CPUState *cpu);
    uint64_t (*syscall_arg)(CPUState *cpu, int i);
    void (*syscall_ret)(CPUState *cpu, uint64_t ret);
    /* Thread pointer (TLS) for clone with CLONE_SETTLS. */
    void (*set_tls)(CPUState *cpu, uint64_t tls);
    uint64_t (*get_pc)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    uint64_t (*get_sp)(CPUState *cpu);

    /* The register layer's view: XML files and bindings (src/regs.h). */
    const struct TargetRegs *regs;
    /* Signal delivery. */
    const TargetSignal *signal;
} Target;

/* The target for an ELF e_machine, or NULL. */
const Target *target_by_elf_machine(uint16_t e_machine);

#endif
