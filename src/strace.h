/* -strace and -d strace: one line per guest syscall on the log, as
 * "PID name(arguments) = result", arguments decoded where we know them. */
#ifndef STRACE_H
#define STRACE_H

#include "emu.h"

/* The name of syscall nr ("openat"), or NULL when there is none. */
const char *syscall_name(int nr);

/* Print "PID name(arguments)" before the call runs... */
void strace_enter(int nr, const uint64_t args[6]);
/* ...and " = result" after it. */
void strace_leave(int nr, const uint64_t args[6], int64_t ret);
/* End a line whose call does not return (exit, a fatal signal). */
void strace_end_pending(void);

#endif
