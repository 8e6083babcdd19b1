/* What the files of gdbstub/ share: the stub's state and the functions
 * one part calls in another. Not for use outside gdbstub/ (and its
 * tests). */
#ifndef GDBSTUB_INTERNAL_H
#define GDBSTUB_INTERNAL_H

#include "gdbstub/gdbstub.h"
#include "gdbstub/packet.h"
#include "src/regs.h"

/* What gdb asked the guest to do next. */
typedef enum GdbRunKind {
    GDB_RUN_NONE,       /* stay stopped: keep serving packets */
    GDB_RUN_CONT,
    GDB_RUN_STEP,       /* one instruction */
    GDB_RUN_RANGE,      /* step while start <= pc < end */
    GDB_RUN_DETACH,     /* forget gdb, run to the end */
    GDB_RUN_KILL,
} GdbRunKind;

typedef struct GdbRun {
    GdbRunKind kind;
    int sig;            /* resume with this signal (gdb's number), or 0 */
    uint64_t start, end;
} GdbRun;

/* Z packet types. */
enum {
    GDB_BP_SW = 0, GDB_BP_HW = 1,
    GDB_WP_WRITE = 2, GDB_WP_READ = 3, GDB_WP_ACCESS = 4,
};

typedef struct GdbStub {
    CPUState *cpu;
    const RegTable *regs;
    int tid;                    /* the one thread gdb sees */

    /* Transport. fd < 0 with capture set: a test session whose replies
     * are appended to capture. */
    char *spec;
    int listen_fd;
    char *unix_path;            /* to unlink at exit */
    int fd;
    bool no_ack;
    GdbParser *parser;
    GByteArray *inbuf;          /* read but not yet parsed */
    guint inpos;
    GString *capture;

    /* What gdb told us it understands (qSupported). */
    bool gdb_swbreak, gdb_hwbreak;

    /* The current stop, for '?' and the stop reply. */
    int stop_sig;               /* host signal number; 0 = none yet */
    char stop_extra[64];        /* "swbreak:;", "watch:1234;" ... */

    /* Run control. */
    GdbRun run;
    bool awaiting_stop;         /* gdb resumed us and waits for a stop */
    bool stepping;              /* a single step or range step is on */
    bool step_completed;        /* the step's instruction has run */
    bool saved_singlestep;      /* cpu->singlestep without gdb */

    /* A watchpoint hit in the instruction at watch_pc: recorded by
     * gdb_watch_access, reported at the next instruction boundary. */
    bool watch_hit;
    int watch_type;
    uint64_t watch_addr, watch_pc;
    /* While stopped at a watchpoint, pc shows the instruction that made
     * the access (as gdb expects on AArch64, where a watchpoint stops
     * before the access completes); it has run already, and resuming
     * goes on from deferred_pc: a step then has nothing left to do. */
    bool pc_deferred;
    uint64_t deferred_pc;

    /* Exit. */
    bool killed;                /* gdb killed us: report nothing more */
    int signal_passed;          /* a signal gdb saw and let through */
} GdbStub;

extern GdbStub *gdb_stub;

/* ---- gdbstub.c --------------------------------------------------------- */
/* A stub for cpu, not listening yet (tests make one without a socket). */
GdbStub *gdb_stub_new(CPUState *cpu, const char *spec);

/* ---- transport.c ------------------------------------------------------- */
/* Parse spec; false with *err. */
bool gdb_transport_parse(const char *spec, char **host, char **port,
                         char **path, char **err);
/* Listen; exits with a message on failure. */
void gdb_transport_listen(GdbStub *s);
/* Wait for a connection on the listening socket (blocking). */
void gdb_transport_accept(GdbStub *s);
void gdb_transport_close(GdbStub *s);
/* Send one packet (framed); waits for gdb's ack unless no-ack mode. false
 * when the connection is gone. */
bool gdb_send_packet(GdbStub *s, const void *data, size_t len);
bool gdb_send_str(GdbStub *s, const char *str);
/* Block until a packet arrives (answering acks and checksums); the data is
 * in s->parser. false when the connection is gone. An interrupt byte
 * while stopped is ignored. */
bool gdb_read_packet(GdbStub *s);
/* The watcher thread: watches the connection (Ctrl-C, hang-up) and the
 * listening socket (a new gdb) while the guest runs. */
void gdb_watch_start(GdbStub *s);
void gdb_watch_stop(GdbStub *s);
enum { GDB_IO_INTERRUPT = 1, GDB_IO_HANGUP = 2, GDB_IO_CONNECT = 4 };
/* Events the watcher saw since the last call (GDB_IO_*), cleared. */
int gdb_watch_events(void);

/* ---- commands.c -------------------------------------------------------- */
/* Handle one packet: send its reply, and say what gdb wants next. */
GdbRun gdb_handle_packet(GdbStub *s, const char *data, size_t len);
/* The stop reply for the current stop ("T05thread:...;"), or W/X. */
void gdb_stop_reply(GdbStub *s, GString *out);
/* gdb's signal numbers are the Linux ones up to 31 (what we use). */
int gdb_signal_to_host(int sig);
int gdb_signal_from_host(int sig);

/* ---- breakpoints.c ----------------------------------------------------- */
/* Z/z: false when type is unknown or the arguments are bad. */
bool gdb_bp_insert(int type, uint64_t addr, uint64_t len);
bool gdb_bp_remove(int type, uint64_t addr, uint64_t len);
void gdb_bp_remove_all(void);
/* The type (GDB_BP_SW/HW) of the breakpoint at pc, or -1. */
int gdb_bp_type_at(uint64_t pc);
/* Before the guest runs: drop translated code if breakpoints or the
 * watch mode changed since it was made. */
void gdb_bp_sync(CPUState *cpu);

/* ---- monitor.c --------------------------------------------------------- */
/* qRcmd: run cmd, sending its output (errors too) as O packets. false
 * when it failed; the reply is "OK" all the same, since gdb turns an
 * error reply into "Protocol error with Rcmd" and stops a script. */
bool gdb_monitor(GdbStub *s, const char *cmd);

/* ---- hostio.c --------------------------------------------------------- */
/* vFile:OPERATION (p is after "vFile:"): read-only host file access. */
void gdb_hostio(GdbStub *s, const char *p, GString *r);
/* Close what gdb left open (it went away). */
void gdb_hostio_close_all(void);

/* ---- memory (commands.c) ----------------------------------------------- */
/* Debugger access to guest memory: reads any mapped, host-readable page;
 * writes any mapped page, read-only code included. Return the number of
 * bytes done from addr on (stopping at the first bad page). */
size_t gdb_mem_read(uint64_t addr, void *buf, size_t len);
size_t gdb_mem_write(uint64_t addr, const void *buf, size_t len);

#endif
