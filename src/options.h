/* The command line and its EMU_* environment variables: what the user
 * asked for, parsed from one option table (see options.c). */
#ifndef OPTIONS_H
#define OPTIONS_H

#include "emu.h"

typedef struct EmuOptions {
    const char *sysroot, *argv0, *log_file, *cpu;
    GPtrArray *env_set, *env_unset; /* of char*: "VAR=VALUE", "VAR" */
    unsigned log_mask;              /* LOG_* from -d (and -strace) */
    bool one_insn_per_tb, strace, have_seed;
    bool qemu_layout;      /* -qemu-layout: auxv and HWCAP as qemu's */
    uint64_t seed;
    const char *gdb;       /* -g: where to wait for gdb, or NULL */
    int guest_argc;
    char **guest_argv; /* PROGRAM and its args */
    /* The options given on the command line, in order, each one string
     * "-NAME" or "-NAME=VALUE" (which the parser takes back): what execve
     * replays to a new emu (src/syscall-proc.c). */
    GPtrArray *cmdline;
} EmuOptions;

/* Parse argv and the EMU_* environment; prints help/version/lists and
 * exits for those; exits 1 with a message on errors. The command line
 * wins over the environment. A variable is never in both env_set and
 * env_unset: the last -E or -U naming it decides. */
void emu_options_parse(int argc, char **argv, EmuOptions *o);

/* One line per option for the man-page test: "-name" per line. */
void emu_options_list(FILE *out);     /* reached by hidden --list-options */
void emu_options_list_env(FILE *out); /* hidden --list-env */

#endif
