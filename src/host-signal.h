/* Host signal handling: faults inside the guest region become guest
 * faults; any other fault is a bug in emu and kills it loudly. */
#ifndef HOST_SIGNAL_H
#define HOST_SIGNAL_H

/* Install the host SIGSEGV/SIGBUS handler (once, before running guest
 * code) and an alternate stack for the calling thread. */
void host_signal_init(void);
/* A thread that called host_signal_init is about to end: take its
 * alternate stack away first (the C library's or a sanitizer's own
 * thread exit must not find, and free, emu's buffer). */
void host_signal_thread_exit(void);

#endif
