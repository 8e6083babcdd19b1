/* File I/O through the system calls a static glibc program uses: open,
 * read/write and their p- and v- forms, lseek, fstat/stat, rename,
 * unlink, mkdir/rmdir, directory listing, getcwd/chdir, dup, pipes, fcntl,
 * and the errors they return (only calls of emu's first Linux layer: no
 * chmod, no umask; tests/run-guest.sh runs it with umask 022).
 * "fileio DIR" works inside DIR (which must exist); without an argument
 * it makes a directory under /tmp. Prints no addresses, inode numbers or
 * times, so runs compare line by line. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "guest-util.h"

static void show(const char *what, long ret)
{
    if (ret < 0) {
        printf("%-28s -1 %s\n", what, strerror(errno));
    } else {
        printf("%-28s %ld\n", what, ret);
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory order depends on the file system: print it sorted. */
static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    char *names[64];
    int n = 0;
    struct dirent *e;

    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        guest_failures++;
        return;
    }
    while ((e = readdir(d)) && n < 64) {
        char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' :
                    e->d_type == DT_UNKNOWN ? '?' : 'o';
        char *s = malloc(strlen(e->d_name) + 3);
        s[0] = type;
        s[1] = ' ';
        strcpy(s + 2, e->d_name);
        names[n++] = s;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp_names);
    printf("listing of %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" [%s]", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void stat_line(const char *what, const struct stat *st)
{
    printf("%-28s size %lld mode %o %s nlink %lu\n", what,
           (long long)st->st_size, (unsigned)(st->st_mode & 07777),
           S_ISREG(st->st_mode) ? "file" : S_ISDIR(st->st_mode) ? "dir" :
           "other", (unsigned long)st->st_nlink);
}

int main(int argc, char **argv)
{
    char dir[4096], buf[256];
    struct stat st;
    int fd, fd2;

    if (argc > 1) {
        snprintf(dir, sizeof dir, "%s", argv[1]);
    } else {
        strcpy(dir, "/tmp/emu-fileio-XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }
    if (chdir(dir) != 0) {
        printf("chdir %s: %s\n", dir, strerror(errno));
        return 1;
    }
    /* getcwd answers the real path; compare it to the one we went to. */
    char *real = realpath(dir, NULL);
    CHECK(getcwd(buf, sizeof buf) && real && !strcmp(buf, real));
    printf("getcwd matches the directory: %s\n",
           real && !strcmp(buf, real) ? "yes" : "NO");
    free(real);

    /* Create, write, read back. */
    fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    show("open data.txt", fd >= 0 ? 3 : -1);
    show("write", write(fd, "hello, file\n", 12));
    show("pwrite at 100", pwrite(fd, "far", 3, 100));
    show("lseek cur", lseek(fd, 0, SEEK_CUR));
    show("lseek end", lseek(fd, 0, SEEK_END));
    show("lseek set 7", lseek(fd, 7, SEEK_SET));
    memset(buf, 0, sizeof buf);
    show("read 4", read(fd, buf, 4));
    printf("read gave \"%s\"\n", buf);
    show("pread 3 at 100", pread(fd, buf, 3, 100));
    printf("pread gave \"%.3s\"\n", buf);
    show("pread in the hole", pread(fd, buf, 4, 50));
    printf("hole bytes %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
    show("read at end", (lseek(fd, 0, SEEK_END), read(fd, buf, 10)));
    show("lseek before 0", lseek(fd, -5, SEEK_SET));

    struct iovec iov[3] = {
        {"one ", 4}, {"two ", 4}, {"three\n", 6},
    };
    lseek(fd, 0, SEEK_SET);
    show("writev", writev(fd, iov, 3));
    char a[5] = {0}, b[5] = {0}, c[7] = {0};
    struct iovec riov[3] = {{a, 4}, {b, 4}, {c, 6}};
    lseek(fd, 0, SEEK_SET);
    show("readv", readv(fd, riov, 3));
    printf("readv gave [%s][%s][%s]\n", a, b, c);

    show("fstat", fstat(fd, &st));
    stat_line("fstat data.txt", &st);
    show("close", close(fd));
    show("close again", close(fd));

    show("stat data.txt", stat("data.txt", &st));
    stat_line("stat data.txt", &st);
    show("access R_OK", access("data.txt", R_OK));
    show("access missing", access("missing", F_OK));
    show("open missing", open("missing", O_RDONLY));
    show("open O_EXCL existing", open("data.txt", O_CREAT | O_EXCL | O_WRONLY,
                                      0644));

    /* Directories. */
    show("mkdir sub", mkdir("sub", 0755));
    show("mkdir sub again", mkdir("sub", 0755));
    show("rename into sub", rename("data.txt", "sub/moved.txt"));
    show("stat old name", stat("data.txt", &st));
    show("stat sub", stat("sub", &st));
    stat_line("stat sub", &st);
    fd = open("sub/second", O_CREAT | O_WRONLY, 0640);
    show("write second", write(fd, "2", 1));
    close(fd);
    list_dir(".");
    list_dir("sub");
    show("rmdir non-empty", rmdir("sub"));
    show("unlink a directory", unlink("sub"));
    show("chdir sub", chdir("sub"));
    fd = open("moved.txt", O_RDONLY);
    show("open relative after chdir", fd >= 0 ? 0 : -1);
    memset(buf, 0, sizeof buf);
    show("read moved", read(fd, buf, 14));
    printf("moved holds \"%.14s\"\n", buf);

    /* Descriptors: F_DUPFD, dup2 (dup3 underneath), fcntl flags. */
    fd2 = fcntl(fd, F_DUPFD, 0);
    show("dup is a new fd", fd2 > fd ? 0 : -1);
    show("dup shares the offset", lseek(fd2, 0, SEEK_CUR));
    show("dup2 to 20", dup2(fd, 20));
    show("fcntl F_GETFD", fcntl(20, F_GETFD));
    show("fcntl F_SETFD", fcntl(20, F_SETFD, FD_CLOEXEC));
    show("fcntl F_GETFD again", fcntl(20, F_GETFD));
    show("fcntl F_GETFL accmode", fcntl(fd, F_GETFL) & O_ACCMODE);
    show("fcntl F_DUPFD >= 30", fcntl(fd, F_DUPFD, 30));
    close(20);
    close(30);
    close(fd2);
    close(fd);
    show("read closed fd", read(fd, buf, 1));
    show("write bad fd", write(77, "x", 1));

    /* A pipe, both ends in this process. */
    int p[2];
    show("pipe", pipe(p));
    show("write pipe", write(p[1], "through the pipe", 16));
    memset(buf, 0, sizeof buf);
    show("read pipe", read(p[0], buf, sizeof buf));
    printf("pipe gave \"%s\"\n", buf);
    close(p[1]);
    show("read pipe at eof", read(p[0], buf, sizeof buf));
    close(p[0]);

    /* readlink of /proc/self/exe names the guest program, not emu. */
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = 0;
        const char *base = strrchr(buf, '/');
        printf("/proc/self/exe ends in %s\n", base ? base + 1 : buf);
    } else {
        printf("/proc/self/exe: %s\n", strerror(errno));
    }

    /* Clean up: the directory is left as it was given. */
    show("unlink moved", unlink("moved.txt"));
    show("unlink second", unlink("second"));
    show("unlink again", unlink("second"));
    show("chdir ..", chdir(".."));
    show("rmdir sub", rmdir("sub"));
    list_dir(".");
    fprintf(stderr, "fileio: a line on stderr\n");
    if (argc <= 1) {
        chdir("/");
        rmdir(dir);
    }
    return guest_exit();
}
