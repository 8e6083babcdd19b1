/* vFile: gdb reading files through the stub (the program, the libraries
 * it names), so that "target remote" needs no local copy and gdb does not
 * warn about its sysroot. Read-only: gdb opens files to read them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gdbstub/internal.h"

/* The descriptors gdb has open. */
static GArray *open_fds;

/* gdb's File-I/O errno values (a fixed list, not the host's). */
static int fileio_errno(int e)
{
    switch (e) {
    case EPERM: return 1;
    case ENOENT: return 2;
    case EINTR: return 4;
    case EBADF: return 9;
    case EACCES: return 13;
    case EFAULT: return 14;
    case EBUSY: return 16;
    case EEXIST: return 17;
    case ENODEV: return 19;
    case ENOTDIR: return 20;
    case EISDIR: return 21;
    case EINVAL: return 22;
    case ENFILE: return 23;
    case EMFILE: return 24;
    case EFBIG: return 27;
    case ENOSPC: return 28;
    case ESPIPE: return 29;
    case EROFS: return 30;
    case ENAMETOOLONG: return 91;
    default: return 9999;
    }
}

static void reply_error(GString *r, int e)
{
    g_string_printf(r, "F-1,%x", fileio_errno(e));
}

static bool fd_is_open(int fd)
{
    for (guint i = 0; open_fds && i < open_fds->len; i++) {
        if (g_array_index(open_fds, int, i) == fd) {
            return true;
        }
    }
    return false;
}

static void fd_forget(int fd)
{
    for (guint i = 0; open_fds && i < open_fds->len; i++) {
        if (g_array_index(open_fds, int, i) == fd) {
            g_array_remove_index_fast(open_fds, i);
            return;
        }
    }
}

void gdb_hostio_close_all(void)
{
    for (guint i = 0; open_fds && i < open_fds->len; i++) {
        close(g_array_index(open_fds, int, i));
    }
    if (open_fds) {
        g_array_set_size(open_fds, 0);
    }
}

/* A hex-encoded path, up to the next ',' or the end; NULL if malformed. */
static char *parse_path(const char **p)
{
    size_t n = strcspn(*p, ",");
    char *path;

    if (n == 0 || n % 2 || n / 2 >= PATH_MAX) {
        return NULL;
    }
    path = g_malloc(n / 2 + 1);
    if (!gdb_get_hex(*p, path, n / 2) || memchr(path, 0, n / 2)) {
        g_free(path);
        return NULL;
    }
    path[n / 2] = '\0';
    *p += n;
    return path;
}

static void put_be(uint8_t *dst, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--) {
        dst[i] = (uint8_t)v;
        v >>= 8;
    }
}

static void hostio_open(const char *p, GString *r)
{
    char *path = parse_path(&p);
    uint64_t flags, mode;
    int fd;

    if (!path || *p != ',') {
        g_free(path);
        reply_error(r, EINVAL);
        return;
    }
    p++;
    if (!gdb_parse_hex(&p, &flags) || *p != ',' ||
        (p++, !gdb_parse_hex(&p, &mode)) || *p) {
        g_free(path);
        reply_error(r, EINVAL);
        return;
    }
    /* O_RDONLY only: gdb has no business writing files through us. */
    if (flags != 0) {
        g_free(path);
        reply_error(r, EACCES);
        return;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    g_free(path);
    if (fd < 0) {
        reply_error(r, errno);
        return;
    }
    if (!open_fds) {
        open_fds = g_array_new(FALSE, FALSE, sizeof(int));
    }
    /* Away from the guest's descriptors, as the connection is. */
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, 700);
    if (hi >= 0) {
        close(fd);
        fd = hi;
    }
    g_array_append_val(open_fds, fd);
    g_string_printf(r, "F%x", fd);
}

static bool parse_fd(const char **p, int *fd)
{
    uint64_t v;

    if (!gdb_parse_hex(p, &v) || v > INT_MAX || !fd_is_open((int)v)) {
        return false;
    }
    *fd = (int)v;
    return true;
}

static void hostio_pread(const char *p, GString *r)
{
    uint64_t count, offset;
    int fd;
    ssize_t n;
    char *buf;

    if (!parse_fd(&p, &fd)) {
        reply_error(r, EBADF);
        return;
    }
    if (*p != ',' || (p++, !gdb_parse_hex(&p, &count)) || *p != ',' ||
        (p++, !gdb_parse_hex(&p, &offset)) || *p || offset > INT64_MAX) {
        reply_error(r, EINVAL);
        return;
    }
    /* The reply is escaped when framed: at worst twice the size. */
    count = MIN(count, (uint64_t)GDB_PACKET_MAX / 2);
    buf = g_malloc(count ? count : 1);
    do {
        n = pread(fd, buf, count, (off_t)offset);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        reply_error(r, errno);
    } else {
        g_string_printf(r, "F%zx;", (size_t)n);
        g_string_append_len(r, buf, n);
    }
    g_free(buf);
}

static void hostio_fstat(const char *p, GString *r)
{
    struct stat st;
    uint8_t b[64];
    int fd;

    if (!parse_fd(&p, &fd) || *p) {
        reply_error(r, EBADF);
        return;
    }
    if (fstat(fd, &st) < 0) {
        reply_error(r, errno);
        return;
    }
    /* gdb's struct fio_stat: big-endian, 32-bit fields but for size,
     * blksize and blocks. */
    put_be(b + 0, st.st_dev, 4);
    put_be(b + 4, st.st_ino, 4);
    put_be(b + 8, st.st_mode, 4);
    put_be(b + 12, st.st_nlink, 4);
    put_be(b + 16, st.st_uid, 4);
    put_be(b + 20, st.st_gid, 4);
    put_be(b + 24, st.st_rdev, 4);
    put_be(b + 28, (uint64_t)st.st_size, 8);
    put_be(b + 36, (uint64_t)st.st_blksize, 8);
    put_be(b + 44, (uint64_t)st.st_blocks, 8);
    put_be(b + 52, (uint64_t)st.st_atime, 4);
    put_be(b + 56, (uint64_t)st.st_mtime, 4);
    put_be(b + 60, (uint64_t)st.st_ctime, 4);
    g_string_printf(r, "F%zx;", sizeof(b));
    g_string_append_len(r, (const char *)b, sizeof(b));
}

static void hostio_readlink(const char *p, GString *r)
{
    char *path = parse_path(&p);
    char buf[PATH_MAX];
    ssize_t n;

    if (!path || *p) {
        g_free(path);
        reply_error(r, EINVAL);
        return;
    }
    n = readlink(path, buf, sizeof(buf));
    g_free(path);
    if (n < 0) {
        reply_error(r, errno);
        return;
    }
    g_string_printf(r, "F%zx;", (size_t)n);
    g_string_append_len(r, buf, n);
}

void gdb_hostio(GdbStub *s, const char *p, GString *r)
{
    int fd;

    if (g_str_has_prefix(p, "setfs:")) {
        /* One process, one file system: whatever pid gdb names. */
        g_string_assign(r, "F0");
    } else if (g_str_has_prefix(p, "open:")) {
        hostio_open(p + strlen("open:"), r);
    } else if (g_str_has_prefix(p, "pread:")) {
        hostio_pread(p + strlen("pread:"), r);
    } else if (g_str_has_prefix(p, "close:")) {
        p += strlen("close:");
        if (!parse_fd(&p, &fd) || *p) {
            reply_error(r, EBADF);
            return;
        }
        fd_forget(fd);
        close(fd);
        g_string_assign(r, "F0");
    } else if (g_str_has_prefix(p, "fstat:")) {
        hostio_fstat(p + strlen("fstat:"), r);
    } else if (g_str_has_prefix(p, "readlink:")) {
        hostio_readlink(p + strlen("readlink:"), r);
    }
    /* pwrite, unlink: empty, not supported. */
}
