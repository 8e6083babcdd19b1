/* The AArch64 target: its entry in the target table, CPU reset, process
 * start registers, the syscall ABI, and -d cpu / in_asm output. */
#include <capstone/capstone.h>
#include <elf.h>
#include <string.h>
#include "target/aarch64/cpu.h"
#include "src/target.h"
#include "tcg/tcg.h"
#include "tcg/tb.h"

void a64_tcg_init(TCGContext *s);
void a64_translate(CPUState *cpu, TCGContext *s, TranslationBlock *tb,
                   int max_insns);

static const char *const a64_hwcap_names[64] = {
    [0] = "fp", [1] = "asimd", [2] = "evtstrm", [3] = "aes", [4] = "pmull",
    [5] = "sha1", [6] = "sha2", [7] = "crc32", [8] = "atomics",
    [9] = "fphp", [10] = "asimdhp", [11] = "cpuid",
};

static void a64_cpu_init(CPUState *cpu)
{
    ARMCPU *c = arm_cpu(cpu);
    c->ZF = 1;                   /* NZCV = 0 */
    c->exclusive_addr = ~0ull;
}

static void a64_init_process(CPUState *cpu, uint64_t entry, uint64_t sp)
{
    ARMCPU *c = arm_cpu(cpu);
    c->pc = entry;
    c->xregs[31] = sp;
    /* Linux starts a process with NZCV clear; qemu-aarch64 starts it with
     * Z set. No program can rely on either, and following qemu keeps
     * register traces comparable. */
    a64_set_nzcv(c, 0x40000000);
}

static void a64_dump_state(CPUState *cpu, FILE *f, unsigned mask)
{
    ARMCPU *c = arm_cpu(cpu);
    uint32_t nzcv = a64_get_nzcv(c);

    fprintf(f, " PC=%016" PRIx64 " ", c->pc);
    for (int i = 0; i < 32; i++) {
        if (i == 31) {
            fprintf(f, " SP=%016" PRIx64 "\n", c->xregs[31]);
        } else {
            fprintf(f, "X%02d=%016" PRIx64 "%s", i, c->xregs[i],
                    (i + 2) % 3 ? " " : "\n");
        }
    }
    fprintf(f, "PSTATE=%08x %c%c%c%c EL0t", nzcv,
            nzcv & (1u << 31) ? 'N' : '-', nzcv & (1u << 30) ? 'Z' : '-',
            nzcv & (1u << 29) ? 'C' : '-', nzcv & (1u << 28) ? 'V' : '-');
    if (!(mask & LOG_FPU)) {
        fputc('\n', f);
        return;
    }
    fprintf(f, "     FPCR=%08x FPSR=%08x\n", c->fpcr, c->fpsr);
    for (int i = 0; i < 32; i++) {
        fprintf(f, "Q%02d=%016" PRIx64 ":%016" PRIx64 "%s", i,
                c->vregs[i][1], c->vregs[i][0], i & 1 ? "\n" : " ");
    }
}

static void a64_disas(uint64_t pc, const uint8_t *code, size_t len, FILE *f)
{
    static csh handle;
    static bool opened;
    if (!opened) {
        opened = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) == CS_ERR_OK;
    }
    for (size_t off = 0; off + 4 <= len; off += 4) {
        uint32_t word;
        memcpy(&word, code + off, 4);
        cs_insn *insn = NULL;
        size_t n = opened ? cs_disasm(handle, code + off, 4, pc + off, 1,
                                      &insn) : 0;
        if (n) {
            fprintf(f, "0x%08" PRIx64 ":  %08x  %-8s %s\n", pc + off, word,
                    insn->mnemonic, insn->op_str);
            cs_free(insn, n);
        } else {
            fprintf(f, "0x%08" PRIx64 ":  %08x  .word 0x%08x\n", pc + off,
                    word, word);
        }
    }
}

static int a64_syscall_nr(CPUState *cpu)
{
    return (int)arm_cpu(cpu)->xregs[8];
}

static uint64_t a64_syscall_arg(CPUState *cpu, int i)
{
    return arm_cpu(cpu)->xregs[i];
}

static void a64_syscall_ret(CPUState *cpu, uint64_t ret)
{
    arm_cpu(cpu)->xregs[0] = ret;
}

static void a64_set_tls(CPUState *cpu, uint64_t tls)
{
    arm_cpu(cpu)->tpidr_el0 = tls;
}

static uint64_t a64_get_pc(CPUState *cpu)
{
    return arm_cpu(cpu)->pc;
}

static void a64_set_pc(CPUState *cpu, uint64_t pc)
{
    arm_cpu(cpu)->pc = pc;
}

static uint64_t a64_get_sp(CPUState *cpu)
{
    return arm_cpu(cpu)->xregs[31];
}

const Target aarch64_target = {
    .name = "aarch64",
    .uname_machine = "aarch64",
    .platform = "aarch64",
    .cpu_model = "emu-a64 (ARMv8.0-A, identifies as Cortex-A53)",
    .elf_machine = EM_AARCH64,
    .cpu_size = sizeof(ARMCPU),
    .hwcap = A64_HWCAP_FP | A64_HWCAP_ASIMD | A64_HWCAP_EVTSTRM |
             A64_HWCAP_CRC32 | A64_HWCAP_CPUID,
    .hwcap2 = 0,
    /* qemu-aarch64 -cpu cortex-a53 adds aes, pmull, sha1, sha2 and drops
     * evtstrm. */
    .qemu_hwcap = 0x8fb,
    .hwcap_names = a64_hwcap_names,
    .stack_align = 16,
    .insn_align = 4,
    .minsigstksz = 5120,
    .pc_offset = A64_OFF(pc),
    .cpu_init = a64_cpu_init,
    .init_process = a64_init_process,
    .tcg_init = a64_tcg_init,
    .translate = a64_translate,
    .dump_state = a64_dump_state,
    .disas = a64_disas,
    .syscall_nr = a64_syscall_nr,
    .syscall_arg = a64_syscall_arg,
    .syscall_ret = a64_syscall_ret,
    .set_tls = a64_set_tls,
    .get_pc = a64_get_pc,
    .set_pc = a64_set_pc,
    .get_sp = a64_get_sp,
    .regs = &aarch64_regs,
    .signal = &aarch64_signal,
};
