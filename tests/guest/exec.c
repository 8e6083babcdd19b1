/* execve from a guest program (run by tests/test-exec.sh: qemu-aarch64
 * without binfmt_misc cannot run what a guest execs).
 *   exec run PROG [ARGS...]    execve PROG with ARGS (argv[0] = PROG)
 *   exec self                  execve /proc/self/exe as "again"
 *   exec env                   execve itself with an environment of two
 *   exec fork-run PROG [ARGS]  fork; the child execs; report its status
 *   exec errors DIR            the errors execve gives, one line each
 *   exec at DIR NAME [ARGS]    execveat NAME relative to DIR's fd
 *   exec fd PROG [ARGS]        execveat of PROG's fd (AT_EMPTY_PATH)
 *   exec show [ARGS...]        what an exec'd copy sees: argv, exe, env
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int show(int argc, char **argv)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    const char *base;

    exe[n > 0 ? n : 0] = '\0';
    base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
    printf("show: argc %d:", argc);
    for (int i = 0; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    printf("\nshow: /proc/self/exe ends in %s\n", base);
    printf("show: EXEC_VAR=%s\n", getenv("EXEC_VAR") ? getenv("EXEC_VAR")
                                                    : "(unset)");
    return 5;
}

static void try(const char *what, const char *path, char **argv)
{
    errno = 0;
    execve(path, argv, environ);
    printf("%s: %s\n", what, strerrorname_np(errno));
}

static int errors(const char *dir)
{
    char *argv[] = { "x", NULL };
    char path[PATH_MAX];
    char *big;
    char **bigv;
    void *page;

    snprintf(path, sizeof(path), "%s/no-such-file", dir);
    try("missing", path, argv);
    snprintf(path, sizeof(path), "%s/not-executable", dir);
    try("not executable", path, argv);
    try("directory", dir, argv);
    snprintf(path, sizeof(path), "%s/junk", dir);
    try("junk", path, argv);
    snprintf(path, sizeof(path), "%s/no-interp", dir);
    try("missing interpreter", path, argv);
    try("empty path", "", argv);
    try("bad path pointer", (const char *)8, argv);
    try("bad argv pointer", "/proc/self/exe", (char **)8);
    page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    argv[0] = page;
    try("bad string in argv", "/proc/self/exe", argv);
    /* One string longer than Linux takes (32 pages). */
    big = malloc(200000);
    memset(big, 'a', 199999);
    big[199999] = '\0';
    argv[0] = big;
    try("string too long", "/proc/self/exe", argv);
    /* Many strings, more than the stack limit's quarter together. */
    bigv = calloc(200, sizeof(char *));
    big[100000] = '\0';
    for (int i = 0; i < 199; i++) {
        bigv[i] = big;
    }
    try("too many bytes", "/proc/self/exe", bigv);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(mode, "show")) {
        return show(argc, argv);
    }
    if (!strcmp(mode, "run") && argc > 2) {
        execv(argv[2], argv + 2);
        printf("execv %s: %s\n", argv[2], strerrorname_np(errno));
        return 1;
    }
    if (!strcmp(mode, "self")) {
        char *args[] = { "again", "show", "one", "two words", NULL };
        execv("/proc/self/exe", args);
        printf("execv /proc/self/exe: %s\n", strerrorname_np(errno));
        return 1;
    }
    if (!strcmp(mode, "env")) {
        char *args[] = { argv[0], "show", NULL };
        char *env[] = { "EXEC_VAR=from execve", "OTHER=1", NULL };
        execve("/proc/self/exe", args, env);
        printf("execve: %s\n", strerrorname_np(errno));
        return 1;
    }
    if (!strcmp(mode, "fork-run") && argc > 2) {
        int status;
        pid_t pid = fork();

        if (pid == 0) {
            execv(argv[2], argv + 2);
            _exit(127);
        }
        waitpid(pid, &status, 0);
        printf("fork-run: child exited %d status %d\n", WIFEXITED(status),
               WEXITSTATUS(status));
        return 0;
    }
    if (!strcmp(mode, "at") && argc > 3) {
        int dirfd = open(argv[2], O_RDONLY | O_DIRECTORY);

        syscall(SYS_execveat, dirfd, argv[3], argv + 3, environ, 0);
        printf("execveat %s: %s\n", argv[3], strerrorname_np(errno));
        return 1;
    }
    if (!strcmp(mode, "fd") && argc > 2) {
        int fd = open(argv[2], O_RDONLY);

        syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
        printf("execveat fd: %s\n", strerrorname_np(errno));
        return 1;
    }
    if (!strcmp(mode, "errors") && argc > 2) {
        return errors(argv[2]);
    }
    fprintf(stderr, "usage: exec run|self|env|fork-run|errors|show ...\n");
    return 2;
}
