/* Guest processes: fork and vfork (clone), execve and execveat, wait4
 * and waitid. A guest process is a host process running its own emu, so
 * a fork is a host fork, and an execve of a guest program is a host
 * execve of emu itself with the options this emu was given. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest-mem.h"
#include "linux-user.h"
#include "regs.h"
#include "strace.h"
#include "syscall-nr.h"
#include "syscall-proc.h"
#include "target.h"
#include "threads.h"
#include "gdbstub/gdbstub.h"

extern char **environ;

/* Keys for emu_log_unimp_once, apart from syscall.c's and the
 * translator's. */
#define UNIMP_CLONE (0x434c4f4e45ull << 24)

/* clone flags, the same on every Linux architecture. */
#define G_CSIGNAL              0x000000ffu
#define G_CLONE_VM             0x00000100u
#define G_CLONE_FS             0x00000200u
#define G_CLONE_FILES          0x00000400u
#define G_CLONE_SIGHAND        0x00000800u
#define G_CLONE_VFORK          0x00004000u
#define G_CLONE_THREAD         0x00010000u
#define G_CLONE_SYSVSEM        0x00040000u
#define G_CLONE_SETTLS         0x00080000u
#define G_CLONE_PARENT_SETTID  0x00100000u
#define G_CLONE_CHILD_CLEARTID 0x00200000u
#define G_CLONE_DETACHED       0x00400000u
#define G_CLONE_UNTRACED       0x00800000u
#define G_CLONE_CHILD_SETTID   0x01000000u

/* What a thread needs shared, as glibc's pthread_create asks, and what
 * else it may ask for. */
#define THREAD_NEEDS  (G_CLONE_VM | G_CLONE_FS | G_CLONE_FILES |         \
                       G_CLONE_SIGHAND | G_CLONE_THREAD)
#define THREAD_FLAGS  (THREAD_NEEDS | G_CLONE_SYSVSEM | G_CLONE_SETTLS |  \
                       G_CLONE_PARENT_SETTID | G_CLONE_CHILD_CLEARTID |  \
                       G_CLONE_DETACHED | G_CLONE_CHILD_SETTID)

/* What a fork can honour: the rest shares state between two processes
 * (CLONE_FILES, CLONE_SIGHAND...) or makes namespaces. CLONE_DETACHED is
 * ignored by Linux, CLONE_UNTRACED only matters to a tracer. */
#define FORK_FLAGS (G_CSIGNAL | G_CLONE_VFORK | G_CLONE_SETTLS |         \
                    G_CLONE_PARENT_SETTID | G_CLONE_CHILD_CLEARTID |     \
                    G_CLONE_DETACHED | G_CLONE_UNTRACED |                \
                    G_CLONE_CHILD_SETTID)

#define G_AT_FDCWD            (-100)
#define G_AT_SYMLINK_NOFOLLOW 0x100
#define G_AT_EMPTY_PATH       0x1000

/* Linux's limits on execve's strings (MAX_ARG_STRLEN, the header buffer
 * of binfmt_script and how deep scripts may nest). */
#define ARG_STRLEN_MAX (32 * 4096)
#define HEADER_SIZE    256
#define SCRIPT_DEPTH   4

/* Set by linux_proc_init. */
static char *self_exe;          /* emu's own executable */
static GPtrArray *replay_opts;  /* options for a new emu */
static char *sysroot;           /* -L, absolute, or NULL */

static char *absolute(const char *path)
{
    char *cwd;
    char *r;

    if (path[0] == '/') {
        return g_strdup(path);
    }
    cwd = g_get_current_dir();
    r = g_build_filename(cwd, path, NULL);
    g_free(cwd);
    return r;
}

/* A -plugin spec with its file made absolute when it is a relative path
 * (a bare name is looked up by the plugin host wherever we are). */
static char *absolute_plugin_spec(const char *spec)
{
    const char *file = spec;
    size_t len;
    char *path, *abs, *r;

    if (g_str_has_prefix(file, "file=")) {
        file += 5;
    }
    len = strcspn(file, ",");
    path = g_strndup(file, len);
    if (path[0] == '/' || !strchr(path, '/')) {
        g_free(path);
        return g_strdup(spec);
    }
    abs = absolute(path);
    r = g_strdup_printf("%.*s%s%s", (int)(file - spec), spec, abs,
                        file + len);
    g_free(abs);
    g_free(path);
    return r;
}

void linux_proc_init(const EmuOptions *o)
{
    GPtrArray *c = o->cmdline;

    self_exe = g_file_read_link("/proc/self/exe", NULL);
    sysroot = o->sysroot ? absolute(o->sysroot) : NULL;
    replay_opts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; c && i < c->len; i++) {
        const char *opt = c->pdata[i];
        size_t nlen = strcspn(opt, "=");
        const char *val = opt[nlen] ? opt + nlen + 1 : NULL;
        char *name = g_strndup(opt, nlen);

        /* gdb stays with this process; argv[0] and the environment are
         * the guest's own in the new one. */
        if (!strcmp(name, "-g") || !strcmp(name, "-0") ||
            !strcmp(name, "-E") || !strcmp(name, "-U")) {
            ;
        } else if (val && (!strcmp(name, "-L") || !strcmp(name, "-D"))) {
            /* The guest may chdir before it execs. */
            char *abs = absolute(val);
            g_ptr_array_add(replay_opts, g_strconcat(name, "=", abs, NULL));
            g_free(abs);
            if (!strcmp(name, "-D")) {
                /* After what this process and others wrote there. */
                g_ptr_array_add(replay_opts, g_strdup("-log-append"));
            }
        } else if (val && !strcmp(name, "-plugin")) {
            char *spec = absolute_plugin_spec(val);
            g_ptr_array_add(replay_opts, g_strconcat(name, "=", spec, NULL));
            g_free(spec);
        } else {
            g_ptr_array_add(replay_opts, g_strdup(opt));
        }
        g_free(name);
    }
}

/* ---- fork and vfork ---- */

static void set_sp(CPUState *cpu, uint64_t sp)
{
    const RegTable *t = regs_load(cpu->target->regs, NULL);
    const RegInfo *r = t ? regs_find(t, "sp") : NULL;

    if (r) {
        reg_write(cpu, r, &sp, sizeof(sp));
    }
}

static int64_t sys_clone(CPUState *cpu, uint64_t flags, uint64_t newsp,
                         uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    int exit_sig = flags & G_CSIGNAL;
    pid_t pid;

    if ((flags & THREAD_NEEDS) == THREAD_NEEDS && !(flags & G_CLONE_VFORK)) {
        if (flags & ~(uint64_t)THREAD_FLAGS) {
            emu_log_unimp_once(UNIMP_CLONE | 4,
                               "clone: thread flags 0x%" PRIx64
                               " not supported",
                               flags & ~(uint64_t)THREAD_FLAGS);
            return -EINVAL;
        }
        if (gdb_stub_active) {
            /* The stub knows one thread: it would lose the others. */
            emu_log_unimp_once(UNIMP_CLONE | 5,
                               "clone: threads are not supported under -g");
            return -EAGAIN;
        }
        return threads_clone(cpu, flags, newsp, ptid, tls, ctid);
    }
    /* A vfork copies the parent and lets it go on at once, as qemu does:
     * the child cannot share our memory, being another emu. */
    if ((flags & G_CLONE_VM) && !(flags & G_CLONE_VFORK)) {
        emu_log_unimp_once(UNIMP_CLONE | 1,
                           "clone: CLONE_VM without CLONE_THREAD is not "
                           "supported (flags 0x%" PRIx64 ")", flags);
        /* What Linux says when it cannot make another thread: glibc's
         * pthread_create passes it on, and programs report it as such. */
        return -EAGAIN;
    }
    if (flags & ~(uint64_t)(FORK_FLAGS | G_CLONE_VM)) {
        emu_log_unimp_once(UNIMP_CLONE | 2,
                           "clone: flags 0x%" PRIx64 " not supported",
                           flags & ~(uint64_t)(FORK_FLAGS | G_CLONE_VM));
        return -EINVAL;
    }
    if (exit_sig != SIGCHLD) {
        /* glibc's fork is what keeps the host C library consistent in
         * the child, and it always asks for SIGCHLD. */
        emu_log_unimp_once(UNIMP_CLONE | 3,
                           "clone: exit signal %d not supported", exit_sig);
        return -EINVAL;
    }
    if ((flags & G_CLONE_PARENT_SETTID) &&
        !guest_access_ok(ptid, 4, PAGE_WRITE)) {
        return -EFAULT;
    }

    /* Output buffered now would be written by both processes. */
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        return -errno;
    }
    if (pid > 0) {
        if (flags & G_CLONE_PARENT_SETTID) {
            int32_t v = pid;
            guest_write(ptid, &v, 4);
        }
        return pid;
    }

    /* The child. The gdb stub let go of gdb in its fork handler. */
    threads_after_fork(cpu);
    if (flags & G_CLONE_CHILD_SETTID) {
        int32_t v = (int32_t)gettid();
        guest_write(ctid, &v, 4);
    }
    if (flags & G_CLONE_CHILD_CLEARTID) {
        cpu->clear_child_tid = ctid;
    }
    if ((flags & G_CLONE_SETTLS) && cpu->target->set_tls) {
        cpu->target->set_tls(cpu, tls);
    }
    if (newsp) {
        set_sp(cpu, newsp);
    }
    return 0;
}

/* ---- wait4 and waitid ---- */

static int64_t sys_wait4(int pid, uint64_t gstatus, int options,
                         uint64_t grusage)
{
    /* arm64's struct rusage is x86-64's: two timevals and 14 longs. */
    struct rusage ru;
    int status = 0;
    pid_t r;

    G_STATIC_ASSERT(sizeof(struct rusage) == 144);
    /* Check first: Linux reaps nothing when it cannot report it. */
    if ((gstatus && !guest_access_ok(gstatus, 4, PAGE_WRITE)) ||
        (grusage && !guest_access_ok(grusage, sizeof(ru), PAGE_WRITE))) {
        return -EFAULT;
    }
    r = THREADS_BLOCKING(wait4(pid, &status, options,
                               grusage ? &ru : NULL));
    if (r < 0) {
        return -errno;
    }
    /* The status word's encoding is the same on every architecture. */
    if (r > 0 && gstatus && !guest_write(gstatus, &status, 4)) {
        return -EFAULT;
    }
    if (grusage && !guest_write(grusage, &ru, sizeof(ru))) {
        return -EFAULT;
    }
    return r;
}

static int64_t sys_waitid(int idtype, int id, uint64_t ginfo, int options,
                          uint64_t grusage)
{
    /* For SIGCHLD, arm64's siginfo is x86-64's: signo, errno, code, a
     * hole, then pid, uid, status, utime, stime, in 128 bytes. */
    siginfo_t si;
    struct rusage ru;
    long r;

    G_STATIC_ASSERT(sizeof(siginfo_t) == 128);
    if ((ginfo && !guest_access_ok(ginfo, sizeof(si), PAGE_WRITE)) ||
        (grusage && !guest_access_ok(grusage, sizeof(ru), PAGE_WRITE))) {
        return -EFAULT;
    }
    memset(&si, 0, sizeof(si));
    r = THREADS_BLOCKING(syscall(SYS_waitid, idtype, id,
                                 ginfo ? &si : NULL, options,
                                 grusage ? &ru : NULL));
    if (r < 0) {
        return -errno;
    }
    if (ginfo && !guest_write(ginfo, &si, sizeof(si))) {
        return -EFAULT;
    }
    if (grusage && !guest_write(grusage, &ru, sizeof(ru))) {
        return -EFAULT;
    }
    return r;
}

/* ---- execve ---- */

/* The guest's argv or envp: a NULL-terminated array of strings in guest
 * memory (NULL means none), into arr. 0, -EFAULT or -E2BIG; *total
 * grows by the bytes Linux would count on the new stack. */
static int get_strings(uint64_t gaddr, GPtrArray *arr, uint64_t *total)
{
    for (uint64_t i = 0; gaddr; i++) {
        uint64_t p;
        int64_t len;

        if (!guest_read(gaddr + i * 8, &p, 8)) {
            return -EFAULT;
        }
        if (!p) {
            break;
        }
        len = guest_strlen(p);
        if (len < 0) {
            return -EFAULT;
        }
        if (len + 1 > ARG_STRLEN_MAX) {
            return -E2BIG;
        }
        *total += (uint64_t)len + 1 + 8;
        g_ptr_array_add(arr, g2h(p));
    }
    return 0;
}

/* How much argv and envp may take: a quarter of the stack limit, within
 * the bounds Linux puts on it. */
static uint64_t strings_limit(void)
{
    struct rlimit rl;
    uint64_t lim = 8ull << 20;

    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        lim = rl.rlim_cur;
    }
    lim /= 4;
    return MAX(MIN(lim, 6ull << 20), 128ull << 10);
}

static bool is_proc_self_exe(const char *path)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "/proc/%d/exe", (int)getpid());
    return !strcmp(path, "/proc/self/exe") || !strcmp(path, buf);
}

/* Check that path may be executed and read the start of it into buf.
 * Returns the number of bytes read, or -errno as execve would. */
static int64_t open_exec(const char *path, bool nofollow, uint8_t *buf)
{
    struct stat st;
    int fd;
    ssize_t n;

    if ((nofollow ? lstat(path, &st) : stat(path, &st)) != 0) {
        return -errno;
    }
    if (nofollow && S_ISLNK(st.st_mode)) {
        return -ELOOP;
    }
    if (!S_ISREG(st.st_mode)) {
        return -EACCES;
    }
    if (faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) != 0) {
        return -EACCES;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    n = read(fd, buf, HEADER_SIZE);
    close(fd);
    return n < 0 ? -errno : n;
}

/* The target emu has for an ELF header, or NULL for any other file. */
static const Target *guest_elf(const uint8_t *h, int64_t n)
{
    if (n < 20 || memcmp(h, "\177ELF", 4) != 0 ||
        h[4] != 2 /* ELFCLASS64 */ || h[5] != 1 /* ELFDATA2LSB */) {
        return NULL;
    }
    return target_by_elf_machine((uint16_t)(h[18] | h[19] << 8));
}

/* Split a "#!" line into the interpreter and its one optional argument,
 * as binfmt_script does. false when there is no interpreter. */
static bool parse_shebang(const uint8_t *h, int64_t n, char **interp,
                          char **arg)
{
    char *line = g_strndup((const char *)h + 2, n - 2);
    char *p, *end;

    line[strcspn(line, "\n")] = '\0';
    p = line + strspn(line, " \t");
    end = p + strcspn(p, " \t");
    if (end == p) {
        g_free(line);
        return false;
    }
    *interp = g_strndup(p, end - p);
    p = end + strspn(end, " \t");
    end = p + strlen(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    *arg = end > p ? g_strndup(p, end - p) : NULL;
    g_free(line);
    return true;
}

/* Replace this process by a host execve of file (the host path) with
 * argv and envp. Returns only on failure, with -errno. */
static int64_t host_exec(const char *file, GPtrArray *argv, GPtrArray *envp)
{
    g_ptr_array_add(argv, NULL);
    g_ptr_array_add(envp, NULL);
    /* This process ends here as far as the log is concerned: what is
     * buffered goes out, and the log file is the new emu's to open. */
    strace_end_pending();
    fflush(NULL);
    if (emu_log_file && emu_log_file != stderr) {
        fcntl(fileno(emu_log_file), F_SETFD, FD_CLOEXEC);
    }
    /* gdb follows this process, which ends: it sees the connection go. */
    if (gdb_stub_active) {
        gdb_forked_child();
    }
    execve(file, (char **)argv->pdata, (char **)envp->pdata);
    g_ptr_array_remove_index(argv, argv->len - 1);
    g_ptr_array_remove_index(envp, envp->len - 1);
    return -errno;
}

/* Run the guest program file under a new emu: argv[0] (the guest's) goes
 * through -0, and the environment is the guest's, without the EMU_GDB
 * that would make the new emu wait for gdb. */
static int64_t emu_exec(const char *file, GPtrArray *argv, GPtrArray *envp)
{
    GPtrArray *eargv = g_ptr_array_new();
    GPtrArray *eenv = g_ptr_array_new();
    int64_t r;

    if (!self_exe) {
        return -ENOEXEC;
    }
    g_ptr_array_add(eargv, self_exe);
    for (guint i = 0; i < replay_opts->len; i++) {
        g_ptr_array_add(eargv, replay_opts->pdata[i]);
    }
    g_ptr_array_add(eargv, (char *)"-0");
    g_ptr_array_add(eargv, argv->len ? argv->pdata[0] : (char *)"");
    g_ptr_array_add(eargv, (char *)"--");
    g_ptr_array_add(eargv, (char *)file);
    for (guint i = 1; i < argv->len; i++) {
        g_ptr_array_add(eargv, argv->pdata[i]);
    }
    for (guint i = 0; i < envp->len; i++) {
        if (!g_str_has_prefix(envp->pdata[i], "EMU_GDB=")) {
            g_ptr_array_add(eenv, envp->pdata[i]);
        }
    }
    r = host_exec(self_exe, eargv, eenv);
    g_ptr_array_free(eargv, TRUE);
    g_ptr_array_free(eenv, TRUE);
    return r;
}

/* execve of path (a host path) with argv: a guest program runs under a
 * new emu, a script through its interpreter, anything else on the host.
 * Returns -errno on failure (owned strings go in keep). */
static int64_t exec_file(const char *path, bool nofollow, GPtrArray *argv,
                         GPtrArray *envp, GPtrArray *keep, int depth)
{
    uint8_t h[HEADER_SIZE];
    int64_t n = open_exec(path, nofollow, h);
    char *interp, *arg, *ipath;

    if (n < 0) {
        return n;
    }
    if (guest_elf(h, n)) {
        return emu_exec(path, argv, envp);
    }
    if (n < 2 || h[0] != '#' || h[1] != '!') {
        /* A host program, or something the host kernel will refuse. */
        return host_exec(path, argv, envp);
    }
    if (depth >= SCRIPT_DEPTH) {
        return -ELOOP;
    }
    if (!parse_shebang(h, n, &interp, &arg)) {
        return -ENOEXEC;
    }
    g_ptr_array_add(keep, interp);
    g_ptr_array_add(keep, arg);
    /* The interpreter's argv: its name as the script gives it, the
     * optional argument, the script as execve was given it, then the
     * script's arguments. */
    if (argv->len) {
        g_ptr_array_remove_index(argv, 0);
    }
    g_ptr_array_insert(argv, 0, (char *)path);
    if (arg) {
        g_ptr_array_insert(argv, 0, arg);
    }
    g_ptr_array_insert(argv, 0, interp);

    /* A guest interpreter is found under the sysroot first. */
    ipath = interp;
    if (sysroot && interp[0] == '/') {
        char *s = g_strconcat(sysroot, interp, NULL);

        g_ptr_array_add(keep, s);
        if (access(s, F_OK) == 0) {
            ipath = s;
        }
    }
    return exec_file(ipath, false, argv, envp, keep, depth + 1);
}

static int64_t sys_execveat(int dirfd, uint64_t gpath, uint64_t gargv,
                            uint64_t genvp, int flags)
{
    GPtrArray *argv = g_ptr_array_new(), *envp = g_ptr_array_new();
    GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
    uint64_t total = 0;
    char *path = NULL;
    int64_t r, plen;
    uint8_t h[HEADER_SIZE];

    if (flags & ~(G_AT_SYMLINK_NOFOLLOW | G_AT_EMPTY_PATH)) {
        r = -EINVAL;
        goto out;
    }
    plen = guest_strlen(gpath);
    if (plen < 0) {
        r = -EFAULT;
        goto out;
    }
    if (plen >= PATH_MAX) {
        r = -ENAMETOOLONG;
        goto out;
    }
    path = g_strdup(g2h(gpath));
    if (!*path && !(flags & G_AT_EMPTY_PATH)) {
        r = -ENOENT;
        goto out;
    }
    /* The file as a host path: /proc/self/exe is the guest program, and
     * a path relative to a directory fd goes through /proc. */
    if (is_proc_self_exe(path) && linux_exe_path) {
        g_free(path);
        path = g_strdup(linux_exe_path);
    } else if (!*path && dirfd == G_AT_FDCWD) {
        /* AT_EMPTY_PATH on the current directory. */
        g_free(path);
        path = g_strdup(".");
    } else if (path[0] != '/' && dirfd != G_AT_FDCWD) {
        char *p = *path ? g_strdup_printf("/proc/self/fd/%d/%s", dirfd, path)
                        : g_strdup_printf("/proc/self/fd/%d", dirfd);
        struct stat st;

        if (fstat(dirfd, &st) != 0) {
            g_free(p);
            r = -errno;
            goto out;
        }
        if (*path && !S_ISDIR(st.st_mode)) {
            g_free(p);
            r = -ENOTDIR;
            goto out;
        }
        g_free(path);
        path = p;
    }
    /* Linux opens the file before it reads argv and envp. */
    r = open_exec(path, flags & G_AT_SYMLINK_NOFOLLOW, h);
    if (r < 0) {
        goto out;
    }
    r = get_strings(gargv, argv, &total);
    if (r == 0) {
        r = get_strings(genvp, envp, &total);
    }
    if (r == 0 && total > strings_limit()) {
        r = -E2BIG;
    }
    if (r == 0) {
        r = exec_file(path, flags & G_AT_SYMLINK_NOFOLLOW, argv, envp, keep,
                      0);
    }
out:
    g_free(path);
    g_ptr_array_free(argv, TRUE);
    g_ptr_array_free(envp, TRUE);
    g_ptr_array_free(keep, TRUE);
    return r;
}

bool linux_proc_syscall(CPUState *cpu, int nr, const uint64_t *a,
                        int64_t *ret)
{
    switch (nr) {
    case NR_clone:
        *ret = sys_clone(cpu, a[0], a[1], a[2], a[3], a[4]);
        return true;
    case NR_clone3:
        /* glibc then falls back to clone, as under qemu-aarch64 7.2. */
        *ret = -ENOSYS;
        return true;
    case NR_execve:
        *ret = sys_execveat(G_AT_FDCWD, a[0], a[1], a[2], 0);
        return true;
    case NR_execveat:
        *ret = sys_execveat((int)a[0], a[1], a[2], a[3], (int)a[4]);
        return true;
    case NR_wait4:
        *ret = sys_wait4((int)a[0], a[1], (int)a[2], a[3]);
        return true;
    case NR_waitid:
        *ret = sys_waitid((int)a[0], (int)a[1], a[2], (int)a[3], a[4]);
        return true;
    default:
        return false;
    }
}
