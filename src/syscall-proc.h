/* Guest processes: clone as fork and vfork, execve and execveat (a guest
 * program runs under a new emu with the same options), wait4, waitid. */
#ifndef SYSCALL_PROC_H
#define SYSCALL_PROC_H

#include "cpu.h"
#include "options.h"

/* Remember what execve needs to start a new emu: our own executable, the
 * command-line options to replay and the sysroot. Call once, after the
 * options are parsed. */
void linux_proc_init(const EmuOptions *o);

/* Run syscall nr if it is one of the process syscalls: true with *ret
 * set to the guest's result (a negative errno on failure); false for any
 * other syscall. A successful execve does not return. */
bool linux_proc_syscall(CPUState *cpu, int nr, const uint64_t *a,
                        int64_t *ret);

#endif
