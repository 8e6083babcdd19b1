/* The gdb remote stub as the rest of emu sees it: start it (-g), and the
 * few hooks the execution loop, the translators and the interpreter call
 * so that breakpoints, single steps, watchpoints and Ctrl-C work. */
#ifndef GDBSTUB_H
#define GDBSTUB_H

#include "src/cpu.h"

/* Check a -g / EMU_GDB argument: "PORT" (on 127.0.0.1), "HOST:PORT" or
 * "unix:PATH". false with *err (g_free it) saying why. */
bool gdb_spec_valid(const char *spec, char **err);

/* Listen where spec says, wait for gdb and serve it until it resumes the
 * guest. Exits with "emu: -g SPEC: why" when it cannot listen. */
void gdb_start(const char *spec, CPUState *cpu);

/* True once gdb_start ran: the loop then shows the stub its exits. */
extern bool gdb_stub_active;
/* In the child of a fork: gdb stays with the parent, the child runs
 * without it. Registered with pthread_atfork; a fork made another way
 * (a raw clone) calls it itself. */
void gdb_forked_child(void);

/* The loop got excp (EXCP_*) from cpu_exec: the stub reports stops to gdb
 * and waits for it. true when the stub dealt with excp and the loop goes
 * on; false when the loop should do what it does without gdb (for a
 * fault: deliver the signal, because gdb passed it on). */
bool gdb_handle_exit(CPUState *cpu, int excp);
/* A system call instruction completed (the loop ran the syscall): ends a
 * single step. */
void gdb_after_syscall(CPUState *cpu);
/* A block translated with TB_FLAG_SINGLESTEP ran to its end: true when
 * gdb asked for that step, and the loop should return EXCP_DEBUG. */
bool gdb_step_done(CPUState *cpu);

/* Breakpoints, checked by the translators before each instruction: at a
 * breakpoint the block ends before it, or, when the block would start
 * there, raises EXCP_DEBUG with pc at it without translating it. */
extern unsigned gdb_nb_breakpoints;
bool gdb_breakpoint_at(uint64_t pc);
static inline bool gdb_breakpoint_check(uint64_t pc)
{
    return unlikely(gdb_nb_breakpoints) && gdb_breakpoint_at(pc);
}

/* Watchpoints. While any is set, blocks are translated with watched
 * guest loads and stores, which call gdb_watch_access before the access
 * (cpu->cur_ip set), and with a check at each instruction boundary that
 * leaves the block when exit_request is set. */
extern unsigned gdb_nb_watchpoints;
static inline bool gdb_watch_active(void)
{
    return unlikely(gdb_nb_watchpoints != 0);
}
void gdb_watch_access(CPUState *cpu, uint64_t addr, unsigned size,
                      bool is_write);

#endif
