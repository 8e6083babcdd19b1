/* The packets gdb sends while the guest is stopped, and their replies:
 * registers from the register layer, memory, breakpoints, queries, the
 * target description, and the resume commands (which only say what to
 * do: gdbstub.c does it). */
#include <signal.h>
#include <limits.h>
#include <sys/mman.h>

#include "gdbstub/internal.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"
#include "src/target.h"

/* ---- Signals ------------------------------------------------------------ */

/* gdb numbers signals its own way (gdb/signals.def); the first fifteen
 * agree with Linux but for SIGBUS, SIGUSR1, SIGUSR2 and SIGSYS. */
static const struct {
    int host, gdb;
} signal_map[] = {
    { SIGHUP, 1 }, { SIGINT, 2 }, { SIGQUIT, 3 }, { SIGILL, 4 },
    { SIGTRAP, 5 }, { SIGABRT, 6 }, { SIGFPE, 8 }, { SIGKILL, 9 },
    { SIGBUS, 10 }, { SIGSEGV, 11 }, { SIGSYS, 12 }, { SIGPIPE, 13 },
    { SIGALRM, 14 }, { SIGTERM, 15 }, { SIGURG, 16 }, { SIGSTOP, 17 },
    { SIGTSTP, 18 }, { SIGCONT, 19 }, { SIGCHLD, 20 }, { SIGTTIN, 21 },
    { SIGTTOU, 22 }, { SIGIO, 23 }, { SIGXCPU, 24 }, { SIGXFSZ, 25 },
    { SIGVTALRM, 26 }, { SIGPROF, 27 }, { SIGWINCH, 28 }, { SIGUSR1, 30 },
    { SIGUSR2, 31 }, { SIGPWR, 32 },
};

int gdb_signal_from_host(int sig)
{
    for (size_t i = 0; i < G_N_ELEMENTS(signal_map); i++) {
        if (signal_map[i].host == sig) {
            return signal_map[i].gdb;
        }
    }
    /* GDB_SIGNAL_UNKNOWN */
    return sig ? 143 : 0;
}

int gdb_signal_to_host(int sig)
{
    for (size_t i = 0; i < G_N_ELEMENTS(signal_map); i++) {
        if (signal_map[i].gdb == sig) {
            return signal_map[i].host;
        }
    }
    return 0;
}

void gdb_stop_reply(GdbStub *s, GString *out)
{
    g_string_printf(out, "T%02xthread:%x;%s",
                    gdb_signal_from_host(s->stop_sig), s->tid, s->stop_extra);
}

/* ---- Memory ------------------------------------------------------------- */

static int host_prot_of(int flags)
{
    return (flags & PAGE_READ ? PROT_READ : 0) |
           (flags & PAGE_WRITE ? PROT_WRITE : 0) |
           (flags & PAGE_EXEC ? PROT_READ : 0);
}

size_t gdb_mem_read(uint64_t addr, void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        uint64_t a = addr + done;
        uint64_t room = GUEST_PAGE_SIZE - (a & (GUEST_PAGE_SIZE - 1));
        size_t n = MIN(len - done, room);
        int f;

        if (a < addr || a >= GUEST_ADDR_LIMIT) {
            break;
        }
        f = guest_page_flags(a);
        /* Whatever the host can read: readable and executable pages. */
        if (!(f & PAGE_VALID) || !host_prot_of(f)) {
            break;
        }
        memcpy((uint8_t *)buf + done, g2h(a), n);
        done += n;
    }
    return done;
}

size_t gdb_mem_write(uint64_t addr, const void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        uint64_t a = addr + done;
        uint64_t page = a & GUEST_PAGE_MASK;
        uint64_t room = GUEST_PAGE_SIZE - (a - page);
        size_t n = MIN(len - done, room);
        int f;

        if (a < addr || a >= GUEST_ADDR_LIMIT) {
            break;
        }
        f = guest_page_flags(a);
        if (!(f & PAGE_VALID)) {
            break;
        }
        /* Code made from the page is stale now (and a writable page
         * gets its host write permission back). */
        guest_code_changed(a, n);
        f = guest_page_flags(a);
        if (f & PAGE_WRITE) {
            memcpy(g2h(a), (const uint8_t *)buf + done, n);
        } else {
            /* A debugger writes read-only pages too (ptrace does). */
            if (mprotect(g2h(page), GUEST_PAGE_SIZE,
                         PROT_READ | PROT_WRITE) != 0) {
                break;
            }
            memcpy(g2h(a), (const uint8_t *)buf + done, n);
            mprotect(g2h(page), GUEST_PAGE_SIZE, host_prot_of(f));
        }
        done += n;
    }
    return done;
}

/* ---- Parsing helpers ---------------------------------------------------- */

/* "addr,len" then end (or the character stop); advances *p. */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len)
{
    if (!gdb_parse_hex(p, addr) || **p != ',') {
        return false;
    }
    (*p)++;
    return gdb_parse_hex(p, len);
}

/* A thread id: "-1" (all), "0" (any), "TID", or "pPID.TID". true when it
 * names our thread (or any/all). */
static bool thread_is_ours(GdbStub *s, const char *p, const char **end)
{
    uint64_t v;

    if (*p == 'p') {
        p++;
        if (p[0] == '-' && p[1] == '1') {
            p += 2;
        } else if (!gdb_parse_hex(&p, &v)) {
            return false;
        }
        if (*p != '.') {
            if (end) {
                *end = p;
            }
            return true;
        }
        p++;
    }
    if (p[0] == '-' && p[1] == '1') {
        if (end) {
            *end = p + 2;
        }
        return true;
    }
    if (!gdb_parse_hex(&p, &v)) {
        return false;
    }
    if (end) {
        *end = p;
    }
    return v == 0 || v == (uint64_t)s->tid;
}

/* ---- Registers ---------------------------------------------------------- */

static void regs_changed(GdbStub *s)
{
    /* gdb moved pc itself: it wins over a pending watchpoint step. */
    if (s->pc_deferred &&
        s->cpu->target->get_pc(s->cpu) != s->watch_pc) {
        s->pc_deferred = false;
    }
}

static void cmd_read_regs(GdbStub *s, GString *r)
{
    uint8_t buf[REG_MAX_BYTES];

    for (int n = 0; n <= s->regs->max_regnum; n++) {
        const RegInfo *ri = regs_by_regnum(s->regs, n);
        if (ri) {
            reg_read(s->cpu, ri, buf, sizeof(buf));
            gdb_put_hex(r, buf, ri->size);
        }
    }
}

static void cmd_write_regs(GdbStub *s, const char *p, size_t len, GString *r)
{
    uint8_t buf[REG_MAX_BYTES], cur[REG_MAX_BYTES];
    size_t at = 0;

    if (len % 2) {
        g_string_assign(r, "E01");
        return;
    }
    for (int n = 0; n <= s->regs->max_regnum; n++) {
        const RegInfo *ri = regs_by_regnum(s->regs, n);
        if (!ri) {
            continue;
        }
        if (at + 2 * ri->size > len) {
            break;
        }
        if (!gdb_get_hex(p + at, buf, ri->size)) {
            g_string_assign(r, "E01");
            return;
        }
        at += 2 * ri->size;
        reg_read(s->cpu, ri, cur, sizeof(cur));
        /* G carries every register back, constants and clocks too:
         * write only what changed. */
        if (memcmp(cur, buf, ri->size) != 0) {
            reg_write(s->cpu, ri, buf, ri->size);
        }
    }
    regs_changed(s);
    g_string_assign(r, "OK");
}

static void cmd_read_reg(GdbStub *s, const char *p, GString *r)
{
    uint64_t n;
    uint8_t buf[REG_MAX_BYTES];
    const RegInfo *ri;

    if (!gdb_parse_hex(&p, &n) || *p || n > INT_MAX ||
        !(ri = regs_by_regnum(s->regs, (int)n))) {
        g_string_assign(r, "E14");
        return;
    }
    reg_read(s->cpu, ri, buf, sizeof(buf));
    gdb_put_hex(r, buf, ri->size);
}

static void cmd_write_reg(GdbStub *s, const char *p, GString *r)
{
    uint64_t n;
    uint8_t buf[REG_MAX_BYTES];
    const RegInfo *ri;

    if (!gdb_parse_hex(&p, &n) || *p != '=' || n > INT_MAX ||
        !(ri = regs_by_regnum(s->regs, (int)n))) {
        g_string_assign(r, "E14");
        return;
    }
    p++;
    if (strlen(p) != 2 * ri->size || !gdb_get_hex(p, buf, ri->size)) {
        g_string_assign(r, "E01");
        return;
    }
    /* A register without storage is a constant of the CPU model or a
     * clock: it ignores writes, as a read-only system register does.
     * gdb writes every register back after calling a function in the
     * program; failing here would fail the call. */
    reg_write(s->cpu, ri, buf, ri->size);
    regs_changed(s);
    g_string_assign(r, "OK");
}

/* ---- Memory packets ----------------------------------------------------- */

static void cmd_read_mem(const char *p, GString *r)
{
    uint64_t addr, len;
    uint8_t *buf;
    size_t got;

    if (!parse_addr_len(&p, &addr, &len) || *p) {
        g_string_assign(r, "E01");
        return;
    }
    len = MIN(len, (uint64_t)GDB_PACKET_MAX);
    if (len == 0) {
        return;
    }
    buf = g_malloc(len);
    got = gdb_mem_read(addr, buf, len);
    if (got == 0) {
        g_string_assign(r, "E14");
    } else {
        gdb_put_hex(r, buf, got);
    }
    g_free(buf);
}

/* M addr,len:HEX and X addr,len:BINARY */
static void cmd_write_mem(const char *p, size_t plen, bool binary,
                          GString *r)
{
    const char *start = p;
    uint64_t addr, len;
    size_t data_len;
    uint8_t *buf;

    if (!parse_addr_len(&p, &addr, &len) || *p != ':' || len > GDB_DATA_MAX) {
        g_string_assign(r, "E01");
        return;
    }
    p++;
    data_len = plen - (size_t)(p - start);
    if (binary ? data_len != len : data_len != 2 * len) {
        g_string_assign(r, "E01");
        return;
    }
    if (len == 0) {
        /* gdb's probe for X. */
        g_string_assign(r, "OK");
        return;
    }
    buf = g_malloc(len);
    if (binary) {
        memcpy(buf, p, len);
    } else if (!gdb_get_hex(p, buf, len)) {
        g_free(buf);
        g_string_assign(r, "E01");
        return;
    }
    g_string_assign(r, gdb_mem_write(addr, buf, len) == len ? "OK" : "E14");
    g_free(buf);
}

/* ---- Breakpoints -------------------------------------------------------- */

static void cmd_breakpoint(const char *p, bool insert, GString *r)
{
    uint64_t type, addr, kind;

    if (!gdb_parse_hex(&p, &type) || *p != ',') {
        g_string_assign(r, "E01");
        return;
    }
    p++;
    if (!parse_addr_len(&p, &addr, &kind) || (*p && *p != ';')) {
        g_string_assign(r, "E01");
        return;
    }
    if (type > GDB_WP_ACCESS) {
        /* Not a kind we know: gdb takes empty as "not supported". */
        return;
    }
    if (insert ? gdb_bp_insert((int)type, addr, kind)
               : gdb_bp_remove((int)type, addr, kind)) {
        g_string_assign(r, "OK");
    } else {
        g_string_assign(r, "E22");
    }
}

/* ---- Resume ------------------------------------------------------------- */

/* "c[addr]", "s[addr]", "Csig[;addr]", "Ssig[;addr]": false if malformed. */
static bool parse_resume(GdbStub *s, const char *p, GdbRun *run)
{
    char c = *p++;
    uint64_t v;

    run->kind = (c == 'c' || c == 'C') ? GDB_RUN_CONT : GDB_RUN_STEP;
    run->sig = 0;
    if (c == 'C' || c == 'S') {
        if (!gdb_parse_hex(&p, &v) || v > 255) {
            return false;
        }
        run->sig = (int)v;
        if (*p == ';') {
            p++;
        } else if (*p) {
            return false;
        }
    }
    if (*p) {
        if (!gdb_parse_hex(&p, &v) || *p) {
            return false;
        }
        s->cpu->target->set_pc(s->cpu, v);
        regs_changed(s);
    }
    return true;
}

/* vCont;ACTION[:TID](;ACTION[:TID])*: the first action that applies to
 * our thread decides. */
static bool parse_vcont(GdbStub *s, const char *p, GdbRun *run)
{
    while (*p == ';') {
        const char *a = ++p, *q;
        GdbRun cand = { GDB_RUN_NONE, 0, 0, 0 };
        uint64_t v, e;

        switch (*a) {
        case 'c':
        case 's':
            cand.kind = *a == 'c' ? GDB_RUN_CONT : GDB_RUN_STEP;
            q = a + 1;
            break;
        case 'C':
        case 'S':
            cand.kind = *a == 'C' ? GDB_RUN_CONT : GDB_RUN_STEP;
            q = a + 1;
            if (!gdb_parse_hex(&q, &v) || v > 255) {
                return false;
            }
            cand.sig = (int)v;
            break;
        case 'r':
            q = a + 1;
            if (!parse_addr_len(&q, &v, &e)) {
                return false;
            }
            cand.kind = GDB_RUN_RANGE;
            cand.start = v;
            cand.end = e;
            break;
        case 't':
            /* Stop a thread: ours is stopped already. */
            q = a + 1;
            break;
        default:
            return false;
        }
        bool ours = true;
        if (*q == ':') {
            ours = thread_is_ours(s, q + 1, &q);
        }
        if (*q && *q != ';') {
            return false;
        }
        p = q;
        if (ours && cand.kind != GDB_RUN_NONE) {
            *run = cand;
            return true;
        }
    }
    return *p == '\0' && run->kind != GDB_RUN_NONE;
}

/* ---- Queries ------------------------------------------------------------ */

/* Answer qXfer reads of a blob: "m" + chunk when more follows, "l" +
 * chunk at the end. */
static void xfer_reply(const void *blob, size_t size, const char *p,
                       GString *r)
{
    uint64_t off, len;

    if (!parse_addr_len(&p, &off, &len) || *p) {
        g_string_assign(r, "E01");
        return;
    }
    if (off >= size) {
        g_string_assign(r, "l");
        return;
    }
    len = MIN(len, (uint64_t)(size - off));
    /* Our replies are escaped when framed; keep them within gdb's
     * buffer even if every byte needed an escape. */
    len = MIN(len, (uint64_t)GDB_PACKET_MAX / 2);
    g_string_assign(r, off + len < size ? "m" : "l");
    g_string_append_len(r, (const char *)blob + off, (gssize)len);
}

static void cmd_xfer(GdbStub *s, const char *p, GString *r)
{
    const char *annex_end;
    char *annex;

    if (g_str_has_prefix(p, "features:read:")) {
        size_t size;
        const char *file;

        p += strlen("features:read:");
        annex_end = strchr(p, ':');
        if (!annex_end) {
            g_string_assign(r, "E01");
            return;
        }
        annex = g_strndup(p, (gsize)(annex_end - p));
        file = regs_xml_file(s->regs, annex, &size);
        g_free(annex);
        if (!file) {
            g_string_assign(r, "E00");
            return;
        }
        xfer_reply(file, size, annex_end + 1, r);
    } else if (g_str_has_prefix(p, "auxv:read:")) {
        p += strlen("auxv:read:");
        annex_end = strchr(p, ':');
        if (!annex_end || annex_end != p || !linux_auxv) {
            g_string_assign(r, "E00");
            return;
        }
        xfer_reply(linux_auxv->data, linux_auxv->len, annex_end + 1, r);
    } else if (g_str_has_prefix(p, "exec-file:read:")) {
        p += strlen("exec-file:read:");
        annex_end = strchr(p, ':');
        if (!annex_end || !linux_exe_path) {
            g_string_assign(r, "E00");
            return;
        }
        xfer_reply(linux_exe_path, strlen(linux_exe_path), annex_end + 1, r);
    }
    /* Anything else: empty, not supported. */
}

static void cmd_supported(GdbStub *s, const char *p, GString *r)
{
    /* gdb's features: "swbreak+;hwbreak+;..." */
    s->gdb_swbreak = s->gdb_hwbreak = false;
    if (*p == ':') {
        char **feats = g_strsplit(p + 1, ";", -1);
        for (char **f = feats; *f; f++) {
            if (strcmp(*f, "swbreak+") == 0) {
                s->gdb_swbreak = true;
            } else if (strcmp(*f, "hwbreak+") == 0) {
                s->gdb_hwbreak = true;
            }
        }
        g_strfreev(feats);
    }
    g_string_printf(r,
                    "PacketSize=%x;qXfer:features:read+;qXfer:auxv:read+;"
                    "qXfer:exec-file:read+;QStartNoAckMode+;swbreak+;"
                    "hwbreak+;vContSupported+",
                    GDB_PACKET_MAX);
}

static void cmd_rcmd(GdbStub *s, const char *p, GString *r)
{
    size_t n = strlen(p);
    char *cmd;

    if (n % 2) {
        g_string_assign(r, "E01");
        return;
    }
    cmd = g_malloc(n / 2 + 1);
    if (!gdb_get_hex(p, cmd, n / 2) || memchr(cmd, 0, n / 2)) {
        g_free(cmd);
        g_string_assign(r, "E01");
        return;
    }
    cmd[n / 2] = '\0';
    gdb_monitor(s, cmd);
    g_string_assign(r, "OK");
    g_free(cmd);
}

static void cmd_query(GdbStub *s, const char *p, GString *r)
{
    if (g_str_has_prefix(p, "qSupported")) {
        cmd_supported(s, p + strlen("qSupported"), r);
    } else if (strcmp(p, "qC") == 0) {
        g_string_printf(r, "QC%x", s->tid);
    } else if (strcmp(p, "qfThreadInfo") == 0) {
        g_string_printf(r, "m%x", s->tid);
    } else if (strcmp(p, "qsThreadInfo") == 0) {
        g_string_assign(r, "l");
    } else if (g_str_has_prefix(p, "qThreadExtraInfo,")) {
        const char *info = "emu CPU 0";
        if (thread_is_ours(s, p + strlen("qThreadExtraInfo,"), NULL)) {
            gdb_put_hex(r, info, strlen(info));
        } else {
            g_string_assign(r, "E01");
        }
    } else if (strcmp(p, "qAttached") == 0 ||
               g_str_has_prefix(p, "qAttached:")) {
        /* emu started the process: gdb kills it when it quits. */
        g_string_assign(r, "0");
    } else if (strcmp(p, "qOffsets") == 0) {
        uint64_t b = linux_image.load_bias;
        g_string_printf(r, "Text=%" PRIx64 ";Data=%" PRIx64 ";Bss=%" PRIx64,
                        b, b, b);
    } else if (g_str_has_prefix(p, "qXfer:")) {
        cmd_xfer(s, p + strlen("qXfer:"), r);
    } else if (g_str_has_prefix(p, "qRcmd,")) {
        cmd_rcmd(s, p + strlen("qRcmd,"), r);
    } else if (g_str_has_prefix(p, "qSymbol:")) {
        g_string_assign(r, "OK");
    }
    /* qTStatus, qTfV and the rest: empty, not supported. */
}

/* ---- Dispatch ----------------------------------------------------------- */

GdbRun gdb_handle_packet(GdbStub *s, const char *data, size_t len)
{
    GdbRun run = { GDB_RUN_NONE, 0, 0, 0 };
    GString *r = g_string_new(NULL);
    bool reply = true;

    switch (len ? data[0] : 0) {
    case '?':
        gdb_stop_reply(s, r);
        break;
    case 'g':
        if (len == 1) {
            cmd_read_regs(s, r);
        }
        break;
    case 'G':
        cmd_write_regs(s, data + 1, len - 1, r);
        break;
    case 'p':
        cmd_read_reg(s, data + 1, r);
        break;
    case 'P':
        cmd_write_reg(s, data + 1, r);
        break;
    case 'm':
        cmd_read_mem(data + 1, r);
        break;
    case 'M':
        cmd_write_mem(data + 1, len - 1, false, r);
        break;
    case 'X':
        cmd_write_mem(data + 1, len - 1, true, r);
        break;
    case 'c':
    case 'C':
    case 's':
    case 'S':
        if (parse_resume(s, data, &run)) {
            reply = false;
        } else {
            run.kind = GDB_RUN_NONE;
            g_string_assign(r, "E01");
        }
        break;
    case 'v':
        if (strcmp(data, "vCont?") == 0) {
            g_string_assign(r, "vCont;c;C;s;S;r");
        } else if (g_str_has_prefix(data, "vCont;")) {
            if (parse_vcont(s, data + 5, &run)) {
                reply = false;
            } else {
                run.kind = GDB_RUN_NONE;
                g_string_assign(r, "E01");
            }
        } else if (g_str_has_prefix(data, "vFile:")) {
            gdb_hostio(s, data + strlen("vFile:"), r);
        } else if (g_str_has_prefix(data, "vKill")) {
            g_string_assign(r, "OK");
            run.kind = GDB_RUN_KILL;
        }
        /* vMustReplyEmpty, vAttach, vRun...: empty. */
        break;
    case 'q':
        cmd_query(s, data, r);
        break;
    case 'Q':
        if (strcmp(data, "QStartNoAckMode") == 0) {
            /* This reply is still acknowledged; nothing after it. */
            gdb_send_str(s, "OK");
            s->no_ack = true;
            reply = false;
        }
        break;
    case 'H':
        if (len >= 2 && (data[1] == 'g' || data[1] == 'c')) {
            const char *end = NULL;
            g_string_assign(r, thread_is_ours(s, data + 2, &end) && !*end
                               ? "OK" : "E01");
        }
        break;
    case 'T': {
        const char *end = NULL;
        g_string_assign(r, thread_is_ours(s, data + 1, &end) && !*end &&
                           strcmp(data + 1, "0") && strcmp(data + 1, "-1")
                           ? "OK" : "E01");
        break;
    }
    case 'Z':
    case 'z':
        cmd_breakpoint(data + 1, data[0] == 'Z', r);
        break;
    case 'k':
        /* No reply: gdb does not wait for one. */
        run.kind = GDB_RUN_KILL;
        reply = false;
        break;
    case 'D':
        g_string_assign(r, "OK");
        run.kind = GDB_RUN_DETACH;
        break;
    default:
        /* Unknown: the empty reply. */
        break;
    }
    if (reply) {
        gdb_send_packet(s, r->str, r->len);
    }
    g_string_free(r, TRUE);
    return run;
}
