/* The Linux user-mode layer: process start, syscalls, exit. */
#ifndef LINUX_USER_H
#define LINUX_USER_H

#include "elf.h"

typedef struct ProcessArgs {
    int argc;
    char **argv;           /* argv[0] already replaced by -0 if given */
    char **envp;           /* after -E/-U */
    const char *execfn;    /* AT_EXECFN and /proc/self/exe */
    bool have_seed;
    uint64_t seed;         /* -seed: fixes AT_RANDOM */
} ProcessArgs;

/* Build the initial stack (argv, envp, auxv as Linux lays them out for
 * the target) and return the initial sp. Maps the stack itself. */
uint64_t linux_setup_stack(const ElfImage *img, const ProcessArgs *pa);

/* Where the stack goes for img (its guard page) and its size; elf.c
 * puts the interpreter above it. */
uint64_t linux_stack_base(const ElfImage *img, uint64_t *size);
/* Leave out AT_MINSIGSTKSZ so the stack equals qemu-aarch64 7.2's, for
 * lockstep comparison (-qemu-layout). */
extern bool linux_stack_like_qemu;

/* Copy of the auxv the guest saw (for /proc/self/auxv, gdb qXfer:auxv). */
extern GByteArray *linux_auxv;
/* The guest program image. */
extern ElfImage linux_image;
/* Absolute host path of the guest program (/proc/self/exe). */
extern char *linux_exe_path;

/* Run one guest syscall; returns what the guest sees in its result
 * register (a negative errno on failure). Never returns for exit. */
uint64_t linux_syscall(CPUState *cpu, int nr, const uint64_t args[6]);

/* End the emulated process: run exit hooks, then exit with status. */
G_GNUC_NORETURN void linux_exit(int status);
/* The guest dies of sig (no handler of its own runs): run exit hooks, then the
 * emu process dies of the same signal. */
G_GNUC_NORETURN void linux_die_of_signal(int sig);

/* Functions run once on every way out (plugins' atexit, log flush). */
void linux_add_exit_hook(void (*fn)(void *), void *opaque);
/* How the process ends, for exit hooks (the gdb stub's W or X reply):
 * the status given to linux_exit, or the signal of linux_die_of_signal
 * (0 when the process exits). */
extern int linux_exit_status, linux_exit_signal;

/* -strace: set by main. */
extern bool linux_strace;

#endif
