/* The execution loop: find or translate the block at pc, run it, and
 * handle what made it return (syscalls, faults, requests to stop). */
#include <signal.h>
#include "src/target.h"
#include "src/linux-user.h"
#include "src/guest-signal.h"
#include "src/guest-mem.h"
#include "src/threads.h"
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "tcg/jit.h"
#include "gdbstub/gdbstub.h"
#include "plugins/plugin.h"

__thread CPUState *current_cpu;

void cpu_loop_exit(CPUState *cpu, int excp)
{
    cpu->exception_index = excp;
    siglongjmp(cpu->jmp_env, 1);
}

/* Put the guest pc back on the instruction that was executing when
 * translated code left in the middle of a block. */
static void cpu_restore_pc(CPUState *cpu)
{
    if (cpu->cur_tb && cpu->cur_ip) {
        cpu->target->set_pc(cpu, tb_pc_at(cpu->cur_tb, cpu->cur_ip));
    }
}

void cpu_loop_exit_fault(CPUState *cpu, int excp, uint64_t addr,
                         bool is_write)
{
    cpu->fault_addr = addr;
    cpu->fault_write = is_write;
    cpu_restore_pc(cpu);
    cpu_loop_exit(cpu, excp);
}

static uint32_t cpu_tb_flags(CPUState *cpu)
{
    return (cpu->singlestep ? TB_FLAG_SINGLESTEP : 0) |
           (emu_log_enabled(LOG_CPU | LOG_EXEC | LOG_TBEND)
            ? TB_FLAG_BRANCH_ENDS : 0) |
           /* Instrumented code holds this vCPU's scoreboard entries. */
           (plugin_gen_active ? (uint32_t)cpu->cpu_index << TB_FLAG_VCPU_SHIFT
                              : 0);
}

/* Run translated code until something needs the loop's attention;
 * returns an EXCP_* value. */
static int cpu_exec(CPUState *cpu)
{
    if (sigsetjmp(cpu->jmp_env, 0)) {
        int excp = cpu->exception_index;
        cpu->exception_index = EXCP_NONE;
        cpu->cur_ip = NULL;
        cpu->in_exec = false;
        return excp;
    }
    cpu->in_exec = true;

    uintptr_t last = 0;
    bool chain = !emu_log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU);
    for (;;) {
        if (unlikely(cpu->exit_request)) {
            cpu->exit_request = 0;
            if (tb_flush_is_pending()) {
                tb_flush(cpu);
            }
            cpu->in_exec = false;
            return EXCP_INTERRUPT;
        }
        uint64_t pc = cpu->target->get_pc(cpu);
        uint32_t flags = cpu_tb_flags(cpu);
        unsigned flushes = tb_flush_count;
        TranslationBlock *tb = tb_find(cpu, pc, flags);
        if (unlikely(!tb)) {
            int excp = cpu->exception_index;
            cpu->exception_index = EXCP_NONE;
            cpu->in_exec = false;
            return excp;
        }
        if (last && chain && !(flags & TB_FLAG_SINGLESTEP) &&
            flushes == tb_flush_count) {
            TranslationBlock *from =
                (TranslationBlock *)(last & ~(uintptr_t)(TB_MAX_EXITS - 1));
            from->jmp_dest[last & (TB_MAX_EXITS - 1)] = tb;
        }
        if (emu_log_enabled(LOG_EXEC)) {
            const char *sym = elf_symbol_at(&linux_image, pc);
            emu_log("Trace 0: %p [%016" PRIx64 "/%016" PRIx64 "/%08x] %s\n",
                    (void *)tb->code, pc, pc, tb->flags, sym ? sym : "");
        }
        if (emu_log_enabled(LOG_CPU)) {
            cpu->target->dump_state(cpu, emu_log_file, emu_log_mask);
        }
        last = tb->jit_code ? tcg_jit_exec(cpu, tb)
                            : tcg_interp_exec(cpu, tb);
        if (unlikely(flags & TB_FLAG_SINGLESTEP) && gdb_step_done(cpu)) {
            cpu->in_exec = false;
            return EXCP_DEBUG;
        }
    }
}

static const char *excp_signame(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGILL: return "SIGILL";
    case SIGBUS: return "SIGBUS";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal";
    }
}

static G_GNUC_NORETURN void cpu_guest_fault(CPUState *cpu, int sig,
                                            bool with_addr)
{
    if (emu_log_mask) {
        uint64_t pc = cpu->target->get_pc(cpu);
        if (with_addr) {
            emu_log("emu: guest %s at pc 0x%" PRIx64 " accessing 0x%" PRIx64
                    "\n", excp_signame(sig), pc, cpu->fault_addr);
        } else {
            emu_log("emu: guest %s at pc 0x%" PRIx64 "\n",
                    excp_signame(sig), pc);
        }
    }
    linux_die_of_signal(sig);
}

static void code_write_hook(uint64_t start, uint64_t len)
{
    if (current_cpu) {
        tb_flush_request(current_cpu);
    }
}

void cpu_loop(CPUState *cpu)
{
    const Target *t = cpu->target;
    threads_enter(cpu);
    cpu->exception_index = EXCP_NONE;
    guest_code_write_hook = code_write_hook;
    for (;;) {
        /* Signals the guest sent itself, unblocked or got from the host
         * are taken here, between blocks and after syscalls. */
        if (guest_signal_deliverable(cpu)) {
            guest_signal_deliver(cpu);
        }
        int excp = cpu_exec(cpu);
        if (unlikely(gdb_stub_active) && gdb_handle_exit(cpu, excp)) {
            continue;
        }
        switch (excp) {
        case EXCP_SYSCALL: {
            uint64_t args[6];
            for (int i = 0; i < 6; i++) {
                args[i] = t->syscall_arg(cpu, i);
            }
            int nr = t->syscall_nr(cpu);
            t->syscall_ret(cpu, unlikely(plugin_syscall_active)
                                ? plugin_syscall(cpu, nr, args)
                                : linux_syscall(cpu, nr, args));
            if (unlikely(gdb_stub_active)) {
                gdb_after_syscall(cpu);
            }
            break;
        }
        case EXCP_INTERRUPT:
            /* Maybe another guest thread asked for the lock. */
            threads_yield(cpu);
            break;
        case EXCP_UDEF:
        case EXCP_SEGV:
        case EXCP_PREFETCH:
        case EXCP_BUS:
        case EXCP_HLT:
            if (guest_signal_fault(cpu, excp)) {
                break;
            }
            cpu_guest_fault(cpu, guest_signal_of_excp(excp),
                            excp != EXCP_UDEF && excp != EXCP_HLT);
        case EXCP_DEBUG:
            cpu_guest_fault(cpu, SIGTRAP, false);
        default:
            emu_fatal("internal error: unexpected exit %d from guest code",
                      excp);
        }
    }
}
