/* Run control for gdb: waiting for it at start, stopping the guest at
 * breakpoints, steps, watchpoints, Ctrl-C and signals, serving gdb while
 * stopped, resuming as it says, and telling it how the process ended. */
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "gdbstub/internal.h"
#include "src/guest-signal.h"
#include "src/linux-user.h"
#include "src/syscall-nr.h"
#include "src/target.h"
#include "tcg/tb.h"

GdbStub *gdb_stub;
bool gdb_stub_active;

static void set_stop(GdbStub *s, int sig, const char *extra)
{
    s->stop_sig = sig;
    g_strlcpy(s->stop_extra, extra, sizeof(s->stop_extra));
}

static void end_stepping(GdbStub *s)
{
    s->stepping = false;
    s->step_completed = false;
    s->cpu->singlestep = s->saved_singlestep;
}

/* gdb is gone: whatever it inserted goes with it. */
static void forget_gdb(GdbStub *s)
{
    gdb_transport_close(s);
    gdb_bp_remove_all();
    end_stepping(s);
}

/* The guest gets sig as if it had sent it to itself: ignored, left
 * pending or fatal, as its disposition says. */
static void inject_signal(GdbStub *s, int sig)
{
    s->signal_passed = sig;
    guest_signal_raise(s->cpu, sig);
}

G_GNUC_NORETURN static void kill_guest(GdbStub *s)
{
    s->killed = true;
    gdb_transport_close(s);
    if (s->unix_path) {
        unlink(s->unix_path);
    }
    linux_die_of_signal(SIGKILL);
}

/* Act on a resume before the guest runs. false when the guest stopped
 * again at once: a step over an instruction that ran already. */
static bool prepare_run(GdbStub *s, const GdbRun *run)
{
    CPUState *cpu = s->cpu;

    if (s->pc_deferred) {
        uint64_t pc = s->deferred_pc;

        s->pc_deferred = false;
        cpu->target->set_pc(cpu, pc);
        if (run->kind == GDB_RUN_STEP ||
            (run->kind == GDB_RUN_RANGE &&
             !(pc >= run->start && pc < run->end))) {
            if (run->sig) {
                inject_signal(s, gdb_signal_to_host(run->sig));
            }
            set_stop(s, SIGTRAP, "");
            return false;
        }
    }
    return true;
}

/* Serve gdb while the guest is stopped, until it resumes the guest (or
 * detaches, or kills it). With at_exit, a lost gdb ends the wait instead
 * of waiting for the next one. */
static GdbRun serve(GdbStub *s, bool at_exit)
{
    for (;;) {
        GdbRun run;

        if (s->fd < 0) {
            if (at_exit) {
                return (GdbRun){ GDB_RUN_DETACH, 0, 0, 0 };
            }
            /* Keep the program where it is for the next gdb. */
            gdb_transport_accept(s);
            s->awaiting_stop = false;
        }
        if (s->awaiting_stop) {
            GString *r = g_string_new(NULL);

            s->awaiting_stop = false;
            gdb_stop_reply(s, r);
            gdb_send_packet(s, r->str, r->len);
            g_string_free(r, TRUE);
            continue;
        }
        if (!gdb_read_packet(s)) {
            forget_gdb(s);
            continue;
        }
        run = gdb_handle_packet(s, s->parser->data, s->parser->len);
        switch (run.kind) {
        case GDB_RUN_NONE:
            break;
        case GDB_RUN_KILL:
            kill_guest(s);
        case GDB_RUN_DETACH:
            if (s->pc_deferred) {
                s->pc_deferred = false;
                s->cpu->target->set_pc(s->cpu, s->deferred_pc);
            }
            forget_gdb(s);
            return run;
        default:
            s->awaiting_stop = true;
            if (prepare_run(s, &run)) {
                return run;
            }
            break;
        }
    }
}

/* Stop the guest for sig (host number) with the stop reply's extra
 * fields, serve gdb, and set up what it asked for. Returns the signal
 * gdb resumed with (host number), 0 for none. */
static int stop_and_serve(GdbStub *s, int sig, const char *extra,
                          bool at_exit)
{
    GdbRun run;

    gdb_watch_stop(s);
    end_stepping(s);
    s->watch_hit = false;
    set_stop(s, sig, extra);
    run = serve(s, at_exit);
    if (at_exit) {
        return 0;
    }
    s->run = run;
    s->stepping = run.kind == GDB_RUN_STEP || run.kind == GDB_RUN_RANGE;
    s->cpu->singlestep = s->stepping || s->saved_singlestep;
    gdb_bp_sync(s->cpu);
    gdb_watch_start(s);
    return run.kind == GDB_RUN_DETACH ? 0 : gdb_signal_to_host(run.sig);
}

/* A stop that is not a signal of the guest's: a signal gdb resumes with
 * is one it wants the guest to have. */
static void stop_trap(GdbStub *s, int sig, const char *extra)
{
    int rs = stop_and_serve(s, sig, extra, false);

    if (rs) {
        inject_signal(s, rs);
    }
}

static void watch_stop(GdbStub *s)
{
    CPUState *cpu = s->cpu;
    char extra[64];
    const char *kind = s->watch_type == GDB_WP_READ ? "r"
                       : s->watch_type == GDB_WP_ACCESS ? "a" : "";

    /* The instruction at watch_pc made the access and completed; gdb
     * expects to find pc on it and to step it itself. */
    s->pc_deferred = true;
    s->deferred_pc = cpu->target->get_pc(cpu);
    cpu->target->set_pc(cpu, s->watch_pc);
    snprintf(extra, sizeof(extra), "%swatch:%" PRIx64 ";", kind,
             s->watch_addr);
    stop_trap(s, SIGTRAP, extra);
}

static void breakpoint_stop(GdbStub *s)
{
    uint64_t pc = s->cpu->target->get_pc(s->cpu);
    int type = gdb_bp_type_at(pc);
    const char *extra = "";

    if (type == GDB_BP_SW && s->gdb_swbreak) {
        extra = "swbreak:;";
    } else if (type == GDB_BP_HW && s->gdb_hwbreak) {
        extra = "hwbreak:;";
    }
    stop_trap(s, SIGTRAP, extra);
}

bool gdb_handle_exit(CPUState *cpu, int excp)
{
    GdbStub *s = gdb_stub;
    int ev, sig;

    if (!s || excp == EXCP_SYSCALL) {
        /* After the syscall: gdb_after_syscall. Watcher events wait for
         * the next exit (exit_request is still set). */
        return false;
    }
    ev = gdb_watch_events();
    if (ev & GDB_IO_HANGUP) {
        forget_gdb(s);
        gdb_bp_sync(cpu);
    }
    if (ev & GDB_IO_CONNECT) {
        /* A new gdb: the guest stops for it. */
        gdb_transport_accept(s);
        s->awaiting_stop = false;
    }
    if (s->fd < 0) {
        s->watch_hit = false;
        if (ev) {
            gdb_watch_start(s);
        }
        /* Nobody to report to: run as without gdb. */
        return excp == EXCP_INTERRUPT || excp == EXCP_DEBUG;
    }

    sig = guest_signal_of_excp(excp);
    if (sig) {
        int rs;

        s->watch_hit = false;
        rs = stop_and_serve(s, sig, "", false);
        if (rs == sig) {
            /* gdb passes it on: the loop delivers it (and the guest
             * dies of it: the exit hook knows gdb has seen it). */
            s->signal_passed = sig;
            return false;
        }
        if (rs) {
            inject_signal(s, rs);
        }
        /* Without a signal the instruction runs again, as on Linux. */
        return true;
    }
    if (s->watch_hit) {
        watch_stop(s);
        return true;
    }
    if (excp == EXCP_DEBUG) {
        if (s->step_completed) {
            uint64_t pc = cpu->target->get_pc(cpu);

            s->step_completed = false;
            if (s->run.kind == GDB_RUN_RANGE && pc >= s->run.start &&
                pc < s->run.end && !(ev & GDB_IO_INTERRUPT) &&
                !(ev & GDB_IO_CONNECT)) {
                if (ev) {
                    gdb_watch_start(s);
                }
                return true;
            }
            stop_trap(s, (ev & GDB_IO_INTERRUPT) ? SIGINT : SIGTRAP, "");
        } else if (gdb_breakpoint_at(cpu->target->get_pc(cpu))) {
            breakpoint_stop(s);
        } else {
            /* Made for a breakpoint since removed: the code goes at the
             * next sync; run on. */
            gdb_bp_sync(cpu);
            if (ev) {
                stop_trap(s, (ev & GDB_IO_INTERRUPT) ? SIGINT : SIGTRAP,
                          "");
            }
        }
        return true;
    }
    if (excp == EXCP_INTERRUPT) {
        if (ev & GDB_IO_INTERRUPT) {
            stop_trap(s, SIGINT, "");
        } else if (ev & GDB_IO_CONNECT) {
            stop_trap(s, SIGTRAP, "");
        } else if (ev) {
            gdb_watch_start(s);
        }
        return true;
    }
    return false;
}

void gdb_after_syscall(CPUState *cpu)
{
    GdbStub *s = gdb_stub;

    if (s && s->stepping) {
        s->step_completed = true;
        gdb_handle_exit(cpu, EXCP_DEBUG);
    }
}

bool gdb_step_done(CPUState *cpu)
{
    GdbStub *s = gdb_stub;

    if (!s || !s->stepping) {
        return false;
    }
    s->step_completed = true;
    return true;
}

/* Every way out of the process: tell gdb (W or X), after letting it look
 * at a signal it has not seen yet. */
static void exit_hook(void *opaque)
{
    GdbStub *s = opaque;
    char buf[16];

    if (s->killed) {
        return;
    }
    gdb_watch_stop(s);
    if (s->fd >= 0 && linux_exit_signal &&
        s->signal_passed != linux_exit_signal) {
        stop_and_serve(s, linux_exit_signal, "", true);
    }
    if (s->fd >= 0) {
        if (linux_exit_signal) {
            snprintf(buf, sizeof(buf), "X%02x",
                     gdb_signal_from_host(linux_exit_signal));
        } else {
            snprintf(buf, sizeof(buf), "W%02x", linux_exit_status & 0xff);
        }
        gdb_send_str(s, buf);
        gdb_transport_close(s);
    }
    if (s->unix_path) {
        unlink(s->unix_path);
    }
}

GdbStub *gdb_stub_new(CPUState *cpu, const char *spec)
{
    GdbStub *s = g_new0(GdbStub, 1);
    char *err = NULL;

    s->spec = g_strdup(spec ? spec : "");
    s->cpu = cpu;
    s->regs = regs_load(cpu->target->regs, &err);
    if (!s->regs) {
        emu_fatal("%s", err);
    }
    s->tid = getpid();
    s->fd = -1;
    s->listen_fd = -1;
    s->parser = g_new0(GdbParser, 1);
    gdb_parser_init(s->parser);
    s->inbuf = g_byte_array_new();
    s->saved_singlestep = cpu->singlestep;
    s->stop_sig = SIGTRAP;
    return s;
}

void gdb_forked_child(void)
{
    GdbStub *s = gdb_stub;

    if (!s) {
        return;
    }
    /* gdb follows the parent: the child runs free, and must not touch
     * the parent's connection (its exit hook does nothing). */
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        s->listen_fd = -1;
    }
    s->unix_path = NULL;
    s->killed = true;
    gdb_bp_remove_all();
    end_stepping(s);
    if (s->pc_deferred) {
        s->pc_deferred = false;
        s->cpu->target->set_pc(s->cpu, s->deferred_pc);
    }
    gdb_stub = NULL;
    gdb_stub_active = false;
    /* Code made for breakpoints and watchpoints goes. */
    if (current_cpu) {
        tb_flush_request(current_cpu);
    }
}

void gdb_start(const char *spec, CPUState *cpu)
{
    GdbStub *s = gdb_stub_new(cpu, spec);

    gdb_stub = s;
    gdb_transport_listen(s);
    linux_add_exit_hook(exit_hook, s);
    pthread_atfork(NULL, NULL, gdb_forked_child);
    gdb_stub_active = true;
    /* The guest does not run until gdb says so. */
    gdb_transport_accept(s);
    stop_trap(s, SIGTRAP, "");
}
