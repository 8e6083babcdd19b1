/* emu's entry point: parse the command line, pick the target from the
 * program's ELF header, load it, build the process, and run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "src/options.h"
#include "src/elf.h"
#include "src/guest-mem.h"
#include "src/host-signal.h"
#include "src/linux-user.h"
#include "src/syscall-proc.h"
#include "src/target.h"
#include "src/regs.h"
#include "tcg/tcg.h"
#include "gdbstub/gdbstub.h"
#include "plugins/plugin.h"

void cpu_loop(CPUState *cpu) G_GNUC_NORETURN;

extern char **environ;

/* The guest's environment: ours, with -E and -U applied. */
static char **guest_environment(const EmuOptions *o)
{
    GPtrArray *env = g_ptr_array_new();
    for (char **e = environ; *e; e++) {
        g_ptr_array_add(env, g_strdup(*e));
    }
    for (guint i = 0; i < o->env_unset->len + o->env_set->len; i++) {
        bool set = i >= o->env_unset->len;
        const char *item = set ? o->env_set->pdata[i - o->env_unset->len]
                               : o->env_unset->pdata[i];
        const char *eq = strchr(item, '=');
        size_t nlen = set && eq ? (size_t)(eq - item) : strlen(item);
        for (guint k = 0; k < env->len; k++) {
            const char *cur = env->pdata[k];
            if (!strncmp(cur, item, nlen) && cur[nlen] == '=') {
                g_free(g_ptr_array_steal_index(env, k));
                break;
            }
        }
        if (set) {
            g_ptr_array_add(env, g_strdup(item));
        }
    }
    g_ptr_array_add(env, NULL);
    return (char **)g_ptr_array_free(env, FALSE);
}

int main(int argc, char **argv)
{
    /* Static: the guest's main thread may end before the process does
     * (its host thread with it), and what the options hold stays in use. */
    static EmuOptions o;
    char *err = NULL;

    emu_log_set_file(NULL);
    emu_options_parse(argc, argv, &o);
    emu_log_mask = o.log_mask;
    if (o.log_file && !emu_log_set_file(o.log_file)) {
        emu_fatal("%s: %s", o.log_file, g_strerror(errno));
    }
    linux_strace = o.strace || (o.log_mask & LOG_STRACE);
    linux_stack_like_qemu = o.qemu_layout;
    linux_proc_init(&o);

    const char *path = o.guest_argv[0];
    const Target *target = elf_probe(path, &err);
    if (!target) {
        emu_fatal("%s: %s", path, err);
    }

    /* A broken description stops us before the guest runs. */
    regs_load_or_die(target->regs);

    guest_mem_init();
    host_signal_init();
    if (!elf_load(path, o.sysroot, &linux_image, &err)) {
        emu_fatal("%s: %s", path, err);
    }
    linux_exe_path = realpath(path, NULL);
    if (!linux_exe_path) {
        linux_exe_path = g_strdup(path);
    }

    char **guest_argv = g_new0(char *, o.guest_argc + 1);
    memcpy(guest_argv, o.guest_argv, sizeof(char *) * o.guest_argc);
    if (o.argv0) {
        guest_argv[0] = (char *)o.argv0;
    }
    ProcessArgs pa = {
        .argc = o.guest_argc,
        .argv = guest_argv,
        .envp = guest_environment(&o),
        .execfn = path,
        .have_seed = o.have_seed,
        .seed = o.seed,
    };
    uint64_t sp = linux_setup_stack(&linux_image, &pa);
    /* The guest has its copies on its stack now. */
    g_strfreev(pa.envp);
    g_free(guest_argv);

    CPUState *cpu = g_aligned_alloc0(1, target->cpu_size, 64);
    cpu->target = target;
    cpu->singlestep = o.one_insn_per_tb;
    target->cpu_init(cpu);
    target->init_process(cpu, linux_image.entry, sp);

    TCGContext *tcg = g_new0(TCGContext, 1);
    tcg_context_init(tcg);
    target->tcg_init(tcg);

    /* Plugins install, then see the vCPU start. */
    plugin_start(cpu);

    /* gdb sees the program before its first instruction. */
    if (o.gdb) {
        gdb_start(o.gdb, cpu);
    }

    cpu_loop(cpu);
}
