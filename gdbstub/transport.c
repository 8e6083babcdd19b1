/* The connection to gdb: listening on TCP or a unix socket, packets in
 * and out with acks, and a thread that watches the connection while the
 * guest runs, for Ctrl-C, a hang-up or a new gdb. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "gdbstub/internal.h"

bool gdb_transport_parse(const char *spec, char **host, char **port,
                         char **path, char **err)
{
    const char *colon, *p;
    size_t hlen;

    *host = *port = *path = NULL;
    if (!spec || !*spec) {
        *err = g_strdup("empty; give PORT, HOST:PORT or unix:PATH");
        return false;
    }
    if (g_str_has_prefix(spec, "unix:")) {
        if (!spec[5]) {
            *err = g_strdup("no socket path after 'unix:'");
            return false;
        }
        if (strlen(spec + 5) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
            *err = g_strdup_printf("socket path too long (at most %zu bytes)",
                                   sizeof(((struct sockaddr_un *)0)->sun_path)
                                   - 1);
            return false;
        }
        *path = g_strdup(spec + 5);
        return true;
    }
    colon = strrchr(spec, ':');
    p = colon ? colon + 1 : spec;
    if (!*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 5 ||
        atoi(p) > 65535) {
        *err = g_strdup_printf("'%s' is not a port number (0 to 65535)", p);
        return false;
    }
    if (colon) {
        hlen = (size_t)(colon - spec);
        /* [::1]:1234 */
        if (hlen >= 2 && spec[0] == '[' && spec[hlen - 1] == ']') {
            *host = g_strndup(spec + 1, hlen - 2);
        } else {
            *host = g_strndup(spec, hlen);
        }
        if (!**host) {
            g_free(*host);
            *host = g_strdup("127.0.0.1");
        }
    } else {
        *host = g_strdup("127.0.0.1");
    }
    *port = g_strdup(p);
    return true;
}

bool gdb_spec_valid(const char *spec, char **err)
{
    char *host, *port, *path;

    if (!gdb_transport_parse(spec, &host, &port, &path, err)) {
        return false;
    }
    g_free(host);
    g_free(port);
    g_free(path);
    return true;
}

/* Our descriptors sit high, away from the small numbers guest programs
 * open, close and dup2 onto. */
static int move_high(int fd)
{
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 700);

    if (hi < 0) {
        return fd;
    }
    close(fd);
    return hi;
}

G_GNUC_NORETURN static void listen_failed(GdbStub *s, const char *what)
{
    emu_fatal("-g %s: %s", s->spec, what);
}

void gdb_transport_listen(GdbStub *s)
{
    char *host, *port, *path, *err = NULL;
    int fd = -1;

    if (!gdb_transport_parse(s->spec, &host, &port, &path, &err)) {
        listen_failed(s, err);
    }
    if (path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        struct stat st;

        /* A socket left by an earlier run is in the way; anything else
         * at the path is the user's and stays. */
        if (lstat(path, &st) == 0) {
            if (!S_ISSOCK(st.st_mode)) {
                listen_failed(s, "exists and is not a socket");
            }
            unlink(path);
        }
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        strcpy(sa.sun_path, path);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            listen(fd, 1) < 0) {
            listen_failed(s, g_strerror(errno));
        }
        s->unix_path = path;
    } else {
        struct addrinfo hints = {
            .ai_family = AF_UNSPEC,
            .ai_socktype = SOCK_STREAM,
            .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
        };
        struct addrinfo *res, *ai;
        int rc = getaddrinfo(host, port, &hints, &res), saved = 0;

        if (rc != 0) {
            listen_failed(s, gai_strerror(rc));
        }
        for (ai = res; ai; ai = ai->ai_next) {
            int one = 1;

            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
                        ai->ai_protocol);
            if (fd < 0) {
                saved = errno;
                continue;
            }
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
            if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
                listen(fd, 1) == 0) {
                break;
            }
            saved = errno;
            close(fd);
            fd = -1;
        }
        freeaddrinfo(res);
        if (fd < 0) {
            listen_failed(s, g_strerror(saved ? saved : EADDRNOTAVAIL));
        }
        if (strcmp(port, "0") == 0) {
            /* The system chose: say what, or nobody can connect. */
            struct sockaddr_storage ss;
            socklen_t len = sizeof(ss);
            char h[NI_MAXHOST], p[NI_MAXSERV];

            if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
                getnameinfo((struct sockaddr *)&ss, len, h, sizeof(h), p,
                            sizeof(p), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
                fprintf(stderr, "emu: gdb: listening on %s:%s\n", h, p);
                fflush(stderr);
            }
        }
    }
    g_free(host);
    g_free(port);
    s->listen_fd = move_high(fd);
}

void gdb_transport_accept(GdbStub *s)
{
    int fd;

    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
    if (fd < 0) {
        emu_fatal("-g %s: accept: %s", s->spec, g_strerror(errno));
    }
    if (!s->unix_path) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = move_high(fd);
    s->no_ack = false;
    gdb_parser_init(s->parser);
    g_byte_array_set_size(s->inbuf, 0);
    s->inpos = 0;
    s->gdb_swbreak = s->gdb_hwbreak = false;
}

void gdb_transport_close(GdbStub *s)
{
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
    g_byte_array_set_size(s->inbuf, 0);
    s->inpos = 0;
    gdb_parser_init(s->parser);
    gdb_hostio_close_all();
}

static bool write_all(GdbStub *s, const char *buf, size_t len)
{
    if (s->fd < 0) {
        if (s->capture) {
            g_string_append_len(s->capture, buf, len);
            return true;
        }
        return false;
    }
    while (len) {
        ssize_t n = send(s->fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            gdb_transport_close(s);
            return false;
        }
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

/* The next byte from gdb, blocking; -1 when the connection is gone. */
static int next_byte(GdbStub *s)
{
    if (s->inpos >= s->inbuf->len) {
        uint8_t buf[4096];
        ssize_t n;

        if (s->fd < 0) {
            return -1;
        }
        g_byte_array_set_size(s->inbuf, 0);
        s->inpos = 0;
        do {
            n = recv(s->fd, buf, sizeof(buf), 0);
        } while (n < 0 && errno == EINTR);
        if (n <= 0) {
            gdb_transport_close(s);
            return -1;
        }
        g_byte_array_append(s->inbuf, buf, (guint)n);
    }
    return s->inbuf->data[s->inpos++];
}

bool gdb_send_packet(GdbStub *s, const void *data, size_t len)
{
    GString *out = g_string_sized_new(len + 8);
    bool ok = true;

    gdb_frame(out, data, len);
    for (int tries = 0; ok; tries++) {
        ok = write_all(s, out->str, out->len);
        if (!ok || s->no_ack || s->fd < 0) {
            break;
        }
        /* Wait for the ack. gdb resends nothing until it has answered,
         * so anything but '+' or '-' is the start of its next packet:
         * leave that for gdb_read_packet. */
        for (;;) {
            int c = next_byte(s);
            if (c < 0) {
                ok = false;
                break;
            }
            if (c == '+') {
                goto done;
            }
            if (c == '-') {
                break;
            }
            if (c == '$') {
                s->inpos--;
                goto done;
            }
        }
        if (tries >= 8) {
            /* A link that corrupts everything: give up on this packet
             * rather than loop for ever. */
            break;
        }
    }
done:
    g_string_free(out, TRUE);
    return ok;
}

bool gdb_send_str(GdbStub *s, const char *str)
{
    return gdb_send_packet(s, str, strlen(str));
}

bool gdb_read_packet(GdbStub *s)
{
    for (;;) {
        int c = next_byte(s);

        if (c < 0) {
            return false;
        }
        switch (gdb_parser_feed(s->parser, (uint8_t)c)) {
        case GDB_EV_PACKET:
            if (!s->no_ack && !write_all(s, "+", 1)) {
                return false;
            }
            return true;
        case GDB_EV_BAD_CSUM:
            if (!s->no_ack && !write_all(s, "-", 1)) {
                return false;
            }
            break;
        case GDB_EV_OVERLONG:
            /* Taken (resending would not make it shorter) and refused. */
            if ((!s->no_ack && !write_all(s, "+", 1)) ||
                !gdb_send_str(s, "E01")) {
                return false;
            }
            break;
        default:
            /* Acks, interrupts while stopped, noise. */
            break;
        }
    }
}

/* ---- The watcher thread ------------------------------------------------ */

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond = PTHREAD_COND_INITIALIZER;
static bool watcher_started, watching, watcher_idle = true;
static int wake_pipe[2] = { -1, -1 };
static int watch_events;

int gdb_watch_events(void)
{
    return __atomic_exchange_n(&watch_events, 0, __ATOMIC_SEQ_CST);
}

static void raise_event(GdbStub *s, int ev)
{
    __atomic_or_fetch(&watch_events, ev, __ATOMIC_SEQ_CST);
    /* After the event: the loop that sees exit_request sees the event. */
    __atomic_store_n(&s->cpu->exit_request, 1, __ATOMIC_SEQ_CST);
}

static void *watcher(void *opaque)
{
    GdbStub *s = opaque;

    pthread_mutex_lock(&watch_lock);
    for (;;) {
        struct pollfd pfd[2];
        int n = 0, conn = -1, lsn = -1, rc;
        char junk[64];

        while (!watching) {
            watcher_idle = true;
            pthread_cond_broadcast(&watch_cond);
            pthread_cond_wait(&watch_cond, &watch_lock);
        }
        watcher_idle = false;
        pfd[n++] = (struct pollfd){ .fd = wake_pipe[0], .events = POLLIN };
        if (s->fd >= 0) {
            conn = n;
            pfd[n++] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
        } else if (s->listen_fd >= 0) {
            lsn = n;
            pfd[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
        }
        pthread_mutex_unlock(&watch_lock);
        rc = poll(pfd, n, -1);
        pthread_mutex_lock(&watch_lock);
        if (rc <= 0) {
            continue;
        }
        if (pfd[0].revents) {
            while (read(wake_pipe[0], junk, sizeof(junk)) == sizeof(junk)) {
            }
            continue;
        }
        if (conn >= 0 && pfd[conn].revents) {
            uint8_t buf[1024];
            ssize_t got = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
            int ev = 0;

            if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
                continue;
            }
            if (got <= 0) {
                ev = GDB_IO_HANGUP;
            } else {
                for (ssize_t i = 0; i < got; i++) {
                    if (buf[i] == 0x03) {
                        ev |= GDB_IO_INTERRUPT;
                    } else {
                        /* Not for us while running; kept for later. */
                        g_byte_array_append(s->inbuf, &buf[i], 1);
                    }
                }
            }
            if (ev) {
                watching = false;
                raise_event(s, ev);
            }
        } else if (lsn >= 0 && pfd[lsn].revents) {
            watching = false;
            raise_event(s, GDB_IO_CONNECT);
        }
    }
    return NULL;
}

void gdb_watch_start(GdbStub *s)
{
    if (s->fd < 0 && s->listen_fd < 0) {
        return;
    }
    pthread_mutex_lock(&watch_lock);
    if (!watcher_started) {
        pthread_t t;
        sigset_t all, old;

        if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
            pthread_mutex_unlock(&watch_lock);
            return;
        }
        wake_pipe[0] = move_high(wake_pipe[0]);
        wake_pipe[1] = move_high(wake_pipe[1]);
        /* Signals are the guest's business: the watcher takes none. */
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        if (pthread_create(&t, NULL, watcher, s) == 0) {
            pthread_detach(t);
            watcher_started = true;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (!watcher_started) {
            pthread_mutex_unlock(&watch_lock);
            return;
        }
    }
    watching = true;
    /* Busy from now: gdb_watch_stop must wait for it to see the stop. */
    watcher_idle = false;
    pthread_cond_broadcast(&watch_cond);
    pthread_mutex_unlock(&watch_lock);
}

void gdb_watch_stop(GdbStub *s)
{
    if (!watcher_started) {
        return;
    }
    pthread_mutex_lock(&watch_lock);
    watching = false;
    if (write(wake_pipe[1], "w", 1) < 0) {
        /* The pipe is full: the watcher is awake anyway. */
    }
    while (!watcher_idle) {
        pthread_cond_wait(&watch_cond, &watch_lock);
    }
    pthread_mutex_unlock(&watch_lock);
}
