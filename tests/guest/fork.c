/* Processes: fork and vfork, the child's exit status or fatal signal as
 * wait4/waitpid/waitid report it, a pipe between parent and child, and
 * getppid in the child. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest-util.h"

static pid_t fork_or_die(void)
{
    pid_t pid;

    /* What stdio holds would be written twice otherwise. */
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    return pid;
}

static void exit_status(void)
{
    int status = 0;
    pid_t pid = fork_or_die();

    if (pid == 0) {
        _exit(42);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("exit: exited %d status %d\n", WIFEXITED(status),
           WEXITSTATUS(status));
}

static void exit_from_main_path(void)
{
    int status = 0;
    pid_t pid = fork_or_die();

    if (pid == 0) {
        /* exit(), not _exit(): the child flushes its own stdio. */
        printf("child: says hello through stdio\n");
        exit(3);
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("exit-stdio: exited %d status %d\n", WIFEXITED(status),
           WEXITSTATUS(status));
}

static void pipe_to_parent(void)
{
    static const char msg[] = "written by the child";
    char buf[64];
    int fds[2], status = 0;
    ssize_t n, got = 0;
    pid_t pid;

    CHECK(pipe(fds) == 0);
    pid = fork_or_die();
    if (pid == 0) {
        close(fds[0]);
        if (write(fds[1], msg, sizeof(msg) - 1) != sizeof(msg) - 1) {
            _exit(1);
        }
        _exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0) {
        got += n;
    }
    buf[got] = '\0';
    close(fds[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("pipe: read \"%s\", child status %d\n", buf, WEXITSTATUS(status));
}

static void killed(int sig, bool by_parent)
{
    int status = 0;
    int fds[2];
    char c;
    pid_t pid;

    CHECK(pipe(fds) == 0);
    pid = fork_or_die();
    if (pid == 0) {
        close(fds[0]);
        if (by_parent) {
            /* Tell the parent we run, then wait to be killed. */
            if (write(fds[1], "r", 1) != 1) {
                _exit(1);
            }
            for (;;) {
                pause();
            }
        }
        raise(sig);
        _exit(99);
    }
    close(fds[1]);
    if (by_parent) {
        CHECK(read(fds[0], &c, 1) == 1);
        CHECK(kill(pid, sig) == 0);
    }
    close(fds[0]);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("signal %d (%s): signaled %d termsig %d exited %d\n", sig,
           by_parent ? "from the parent" : "raised", WIFSIGNALED(status),
           WTERMSIG(status), WIFEXITED(status));
}

static void vfork_exit(void)
{
    int status = 0;
    pid_t pid;

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        _exit(7);
    }
    CHECK(pid > 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("vfork: exited %d status %d\n", WIFEXITED(status),
           WEXITSTATUS(status));
}

static void parent_pid(void)
{
    int status = 0;
    pid_t self = getpid();
    pid_t pid = fork_or_die();

    if (pid == 0) {
        _exit(getppid() == self ? 0 : 1);
    }
    CHECK(pid != self);
    CHECK(waitpid(pid, &status, 0) == pid);
    printf("getppid in the child is the parent: %s\n",
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
}

static void wait4_rusage(void)
{
    struct rusage ru;
    int status = 0;
    pid_t pid = fork_or_die();

    if (pid == 0) {
        _exit(5);
    }
    memset(&ru, 0xff, sizeof(ru));
    CHECK(wait4(pid, &status, 0, &ru) == pid);
    printf("wait4: status %d, rusage filled %d\n", WEXITSTATUS(status),
           ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
           ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000);
}

static void waitid_info(void)
{
    siginfo_t si;
    pid_t pid = fork_or_die();

    if (pid == 0) {
        _exit(9);
    }
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, pid, &si, WEXITED) == 0);
    printf("waitid: signo %d code %d status %d pid matches %d\n",
           si.si_signo, si.si_code, si.si_status, si.si_pid == pid);

    pid = fork_or_die();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(0);
    }
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0);
    printf("waitid: signo %d code %d status %d pid matches %d\n",
           si.si_signo, si.si_code, si.si_status, si.si_pid == pid);
}

static void no_children(void)
{
    int status;

    errno = 0;
    printf("wait with no child: %d errno %s\n", (int)wait(&status),
           errno == ECHILD ? "ECHILD" : strerror(errno));
    printf("waitpid WNOHANG with no child: %d errno %s\n",
           (int)waitpid(-1, &status, WNOHANG),
           errno == ECHILD ? "ECHILD" : strerror(errno));
}

static void nohang(void)
{
    int fds[2], status = 0;
    char c;
    pid_t pid;

    CHECK(pipe(fds) == 0);
    pid = fork_or_die();
    if (pid == 0) {
        close(fds[1]);
        /* Until the parent has looked. */
        CHECK(read(fds[0], &c, 1) == 0);
        _exit(0);
    }
    close(fds[0]);
    printf("WNOHANG while the child runs: %d\n",
           (int)waitpid(pid, &status, WNOHANG));
    close(fds[1]);
    CHECK(waitpid(pid, &status, 0) == pid);
}

int main(void)
{
    exit_status();
    exit_from_main_path();
    pipe_to_parent();
    killed(SIGTERM, false);
    killed(SIGKILL, true);
    killed(SIGUSR1, true);
    vfork_exit();
    parent_pid();
    wait4_rusage();
    waitid_info();
    nohang();
    no_children();
    return guest_failures ? 1 : 0;
}
