/* -strace: print each guest syscall with its arguments decoded from guest
 * memory and its result, in the style of qemu-user's -strace. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "guest-mem.h"
#include "strace.h"
#include "syscall-nr.h"

static const char *const names[SYSCALL_NR_COUNT] = {
#define SYSCALL_NAME(nr, name) [nr] = #name,
    SYSCALL_LIST(SYSCALL_NAME)
#undef SYSCALL_NAME
};

const char *syscall_name(int nr)
{
    return nr >= 0 && nr < SYSCALL_NR_COUNT ? names[nr] : NULL;
}

/* How to show each argument, one letter per argument:
 *   d int          l long         u unsigned     x hex
 *   p pointer      s string       b buffer of the next argument's length
 *   f dirfd        o open flags   m mode (octal) P mmap prot
 *   M mmap flags   S signal       c clock        w lseek whence
 *   F fcntl cmd    I ioctl cmd    h sigprocmask how
 *   X futex op
 * and how to show the result: d decimal, p address. */
typedef struct SyscallFormat {
    const char *args;
    char ret;
} SyscallFormat;

static const SyscallFormat formats[SYSCALL_NR_COUNT] = {
    [NR_getcwd] = { "pu", 'd' },
    [NR_dup] = { "d", 'd' },
    [NR_dup3] = { "ddo", 'd' },
    [NR_fcntl] = { "dFx", 'd' },
    [NR_ioctl] = { "dIx", 'd' },
    [NR_mkdirat] = { "fsm", 'd' },
    [NR_unlinkat] = { "fsx", 'd' },
    [NR_symlinkat] = { "sfs", 'd' },
    [NR_linkat] = { "fsfsx", 'd' },
    [NR_renameat] = { "fsfs", 'd' },
    [NR_statfs] = { "sp", 'd' },
    [NR_fstatfs] = { "dp", 'd' },
    [NR_truncate] = { "sl", 'd' },
    [NR_ftruncate] = { "dl", 'd' },
    [NR_faccessat] = { "fsd", 'd' },
    [NR_chdir] = { "s", 'd' },
    [NR_fchdir] = { "d", 'd' },
    [NR_fchmod] = { "dm", 'd' },
    [NR_fchmodat] = { "fsm", 'd' },
    [NR_fchownat] = { "fsddx", 'd' },
    [NR_fchown] = { "ddd", 'd' },
    [NR_openat] = { "fsom", 'd' },
    [NR_close] = { "d", 'd' },
    [NR_pipe2] = { "po", 'd' },
    [NR_getdents64] = { "dpu", 'd' },
    [NR_lseek] = { "dlw", 'd' },
    [NR_read] = { "dpu", 'd' },
    [NR_write] = { "dbu", 'd' },
    [NR_readv] = { "dpd", 'd' },
    [NR_writev] = { "dpd", 'd' },
    [NR_pread64] = { "dpul", 'd' },
    [NR_pwrite64] = { "dbul", 'd' },
    [NR_pselect6] = { "dppppp", 'd' },
    [NR_ppoll] = { "puppu", 'd' },
    [NR_readlinkat] = { "fspu", 'd' },
    [NR_newfstatat] = { "fspx", 'd' },
    [NR_fstat] = { "dp", 'd' },
    [NR_fsync] = { "d", 'd' },
    [NR_fdatasync] = { "d", 'd' },
    [NR_utimensat] = { "fspx", 'd' },
    [NR_exit] = { "d", 'd' },
    [NR_exit_group] = { "d", 'd' },
    [NR_set_tid_address] = { "p", 'd' },
    [NR_futex] = { "pXdxpx", 'd' },
    [NR_set_robust_list] = { "pu", 'd' },
    [NR_nanosleep] = { "pp", 'd' },
    [NR_clock_gettime] = { "cp", 'd' },
    [NR_clock_getres] = { "cp", 'd' },
    [NR_clock_nanosleep] = { "cdpp", 'd' },
    [NR_sched_getaffinity] = { "dup", 'd' },
    [NR_sched_yield] = { "", 'd' },
    [NR_kill] = { "dS", 'd' },
    [NR_tkill] = { "dS", 'd' },
    [NR_tgkill] = { "ddS", 'd' },
    [NR_sigaltstack] = { "pp", 'd' },
    [NR_rt_sigaction] = { "Sppu", 'd' },
    [NR_rt_sigprocmask] = { "hppu", 'd' },
    [NR_times] = { "p", 'd' },
    [NR_setpgid] = { "dd", 'd' },
    [NR_getpgid] = { "d", 'd' },
    [NR_getsid] = { "d", 'd' },
    [NR_setsid] = { "", 'd' },
    [NR_getgroups] = { "dp", 'd' },
    [NR_uname] = { "p", 'd' },
    [NR_getrlimit] = { "dp", 'd' },
    [NR_setrlimit] = { "dp", 'd' },
    [NR_getrusage] = { "dp", 'd' },
    [NR_umask] = { "m", 'd' },
    [NR_gettimeofday] = { "pp", 'd' },
    [NR_getpid] = { "", 'd' },
    [NR_getppid] = { "", 'd' },
    [NR_getuid] = { "", 'd' },
    [NR_geteuid] = { "", 'd' },
    [NR_getgid] = { "", 'd' },
    [NR_getegid] = { "", 'd' },
    [NR_gettid] = { "", 'd' },
    [NR_sysinfo] = { "p", 'd' },
    [NR_brk] = { "p", 'p' },
    [NR_munmap] = { "pu", 'd' },
    [NR_mremap] = { "puuxp", 'p' },
    [NR_mmap] = { "puPMdx", 'p' },
    [NR_fadvise64] = { "dlld", 'd' },
    [NR_mprotect] = { "puP", 'd' },
    [NR_madvise] = { "pud", 'd' },
    [NR_prlimit64] = { "ddpp", 'd' },
    [NR_renameat2] = { "fsfsx", 'd' },
    [NR_getrandom] = { "pux", 'd' },
    [NR_membarrier] = { "dd", 'd' },
    [NR_statx] = { "fsxxp", 'd' },
    [NR_rseq] = { "pudx", 'd' },
    [NR_faccessat2] = { "fsdx", 'd' },
    [NR_clone] = { "xpppp", 'd' },
    [NR_clone3] = { "pu", 'd' },
    [NR_execve] = { "spp", 'd' },
    [NR_execveat] = { "fsppx", 'd' },
    [NR_wait4] = { "dpxp", 'd' },
    [NR_waitid] = { "ddpxp", 'd' },
};

typedef struct FlagName {
    uint64_t value;
    const char *name;
} FlagName;

/* The guest's (arm64) open flags. */
static const FlagName open_flags[] = {
    { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
    { 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
    { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" }, { 040000, "O_DIRECTORY" },
    { 0100000, "O_NOFOLLOW" }, { 0200000, "O_DIRECT" },
    { 0400000, "O_LARGEFILE" }, { 01000000, "O_NOATIME" },
    { 02000000, "O_CLOEXEC" }, { 04000000, "O_SYNC" },
    { 010000000, "O_PATH" }, { 020000000, "O_TMPFILE" },
    { 0, NULL }
};

static const FlagName prot_flags[] = {
    { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
    { 8, "PROT_SEM" }, { 0x10, "PROT_BTI" }, { 0x20, "PROT_MTE" },
    { 0, NULL }
};

static const FlagName mmap_flags[] = {
    { 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" },
    { 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" },
    { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
    { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },
    { 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" },
    { 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
    { 0x100000, "MAP_FIXED_NOREPLACE" },
    { 0, NULL }
};

static const char *const signal_names[32] = {
    NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
    "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
    "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
    "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
    "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
    "SIGSYS",
};

static const char *const clock_names[] = {
    "CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
    "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW",
    "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",
};

static const char *const whence_names[] = {
    "SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE",
};

static const char *const how_names[] = {
    "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK",
};

static const FlagName fcntl_cmds[] = {
    { 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" },
    { 4, "F_SETFL" }, { 5, "F_GETLK" }, { 6, "F_SETLK" }, { 7, "F_SETLKW" },
    { 8, "F_SETOWN" }, { 9, "F_GETOWN" }, { 10, "F_SETSIG" },
    { 11, "F_GETSIG" }, { 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" },
    { 38, "F_OFD_SETLKW" }, { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" },
    { 1030, "F_DUPFD_CLOEXEC" }, { 1031, "F_SETPIPE_SZ" },
    { 1032, "F_GETPIPE_SZ" }, { 1033, "F_ADD_SEALS" },
    { 1034, "F_GET_SEALS" },
    { 0, NULL }
};

static const FlagName ioctl_cmds[] = {
    { 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" },
    { 0x5404, "TCSETSF" }, { 0x5409, "TCSBRK" }, { 0x540a, "TCXONC" },
    { 0x540b, "TCFLSH" }, { 0x540e, "TIOCSCTTY" }, { 0x540f, "TIOCGPGRP" },
    { 0x5410, "TIOCSPGRP" }, { 0x5411, "TIOCOUTQ" },
    { 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" },
    { 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" }, { 0x5422, "TIOCNOTTY" },
    { 0x5429, "TIOCGSID" }, { 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" },
    { 0x5452, "FIOASYNC" },
    { 0, NULL }
};

static const char *const futex_cmds[] = {
    "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI",
    "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI",
    "FUTEX_LOCK_PI2",
};

/* Strings and buffers are cut here, as strace does. */
#define STR_MAX 64
#define BUF_MAX 32

/* A line has been started and not finished. */
static bool pending;

static void put_flags(GString *s, uint64_t v, const FlagName *t)
{
    bool first = true;

    for (; t->name; t++) {
        if ((v & t->value) == t->value) {
            g_string_append_printf(s, "%s%s", first ? "" : "|", t->name);
            v &= ~t->value;
            first = false;
        }
    }
    if (v || first) {
        g_string_append_printf(s, "%s%#" PRIx64, first ? "" : "|", v);
    }
}

static void put_value(GString *s, uint64_t v, const FlagName *t)
{
    for (; t->name; t++) {
        if (t->value == v) {
            g_string_append(s, t->name);
            return;
        }
    }
    g_string_append_printf(s, "%#" PRIx64, v);
}

static void put_name(GString *s, uint64_t v, const char *const *t,
                     size_t n, bool hex)
{
    if (v < n && t[v]) {
        g_string_append(s, t[v]);
    } else if (hex) {
        g_string_append_printf(s, "%#" PRIx64, v);
    } else {
        g_string_append_printf(s, "%d", (int)v);
    }
}

static void put_pointer(GString *s, uint64_t p)
{
    if (p) {
        g_string_append_printf(s, "0x%" PRIx64, p);
    } else {
        g_string_append(s, "NULL");
    }
}

/* Quoted bytes of guest memory, escaped; the pointer when the guest
 * cannot read them. */
static void put_bytes(GString *s, uint64_t addr, uint64_t len, bool cut)
{
    uint64_t i;

    if (!guest_access_ok(addr, len, PAGE_READ)) {
        put_pointer(s, addr);
        return;
    }
    g_string_append_c(s, '"');
    for (i = 0; i < len; i++) {
        uint8_t c = *(uint8_t *)g2h(addr + i);

        switch (c) {
        case '\n': g_string_append(s, "\\n"); break;
        case '\t': g_string_append(s, "\\t"); break;
        case '\r': g_string_append(s, "\\r"); break;
        case '"': g_string_append(s, "\\\""); break;
        case '\\': g_string_append(s, "\\\\"); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                g_string_append_c(s, c);
            } else {
                g_string_append_printf(s, "\\%o", c);
            }
        }
    }
    g_string_append_c(s, '"');
    if (cut) {
        g_string_append(s, "...");
    }
}

static void put_string(GString *s, uint64_t addr)
{
    int64_t n = guest_strlen(addr);

    if (n < 0) {
        put_pointer(s, addr);
        return;
    }
    put_bytes(s, addr, MIN(n, STR_MAX), n > STR_MAX);
}

static void put_arg(GString *s, char kind, const uint64_t *args, int i)
{
    uint64_t v = args[i];

    switch (kind) {
    case 'd':
        g_string_append_printf(s, "%d", (int)v);
        break;
    case 'l':
        g_string_append_printf(s, "%" PRId64, (int64_t)v);
        break;
    case 'u':
        g_string_append_printf(s, "%" PRIu64, v);
        break;
    case 'p':
        put_pointer(s, v);
        break;
    case 's':
        put_string(s, v);
        break;
    case 'b':
        put_bytes(s, v, MIN(args[i + 1], BUF_MAX), args[i + 1] > BUF_MAX);
        break;
    case 'f':
        if ((int)v == -100) {
            g_string_append(s, "AT_FDCWD");
        } else {
            g_string_append_printf(s, "%d", (int)v);
        }
        break;
    case 'o':
        g_string_append(s, (v & 3) == 0 ? "O_RDONLY" :
                           (v & 3) == 1 ? "O_WRONLY" :
                           (v & 3) == 2 ? "O_RDWR" : "O_ACCMODE");
        if (v & ~3ull) {
            g_string_append_c(s, '|');
            put_flags(s, v & ~3ull, open_flags);
        }
        break;
    case 'm':
        g_string_append_printf(s, "%#" PRIo64, v);
        break;
    case 'P':
        if (v == 0) {
            g_string_append(s, "PROT_NONE");
        } else {
            put_flags(s, v, prot_flags);
        }
        break;
    case 'M':
        g_string_append(s, (v & 0xf) == 1 ? "MAP_SHARED" :
                           (v & 0xf) == 2 ? "MAP_PRIVATE" :
                           (v & 0xf) == 3 ? "MAP_SHARED_VALIDATE" :
                           "MAP_TYPE?");
        if (v & ~0xfull) {
            g_string_append_c(s, '|');
            put_flags(s, v & ~0xfull, mmap_flags);
        }
        break;
    case 'S':
        put_name(s, v, signal_names, G_N_ELEMENTS(signal_names), false);
        break;
    case 'c':
        put_name(s, v, clock_names, G_N_ELEMENTS(clock_names), false);
        break;
    case 'w':
        put_name(s, v, whence_names, G_N_ELEMENTS(whence_names), false);
        break;
    case 'h':
        put_name(s, v, how_names, G_N_ELEMENTS(how_names), false);
        break;
    case 'F':
        put_value(s, (uint32_t)v, fcntl_cmds);
        break;
    case 'I':
        put_value(s, (uint32_t)v, ioctl_cmds);
        break;
    case 'X':
        put_name(s, v & 127, futex_cmds, G_N_ELEMENTS(futex_cmds), true);
        if (v & 128) {
            g_string_append(s, "|FUTEX_PRIVATE_FLAG");
        }
        if (v & 256) {
            g_string_append(s, "|FUTEX_CLOCK_REALTIME");
        }
        break;
    default:
        g_string_append_printf(s, "%#" PRIx64, v);
        break;
    }
}

static void print_call(int nr, const uint64_t args[6])
{
    const char *name = syscall_name(nr);
    const SyscallFormat *f = name ? &formats[nr] : NULL;
    GString *s = g_string_new(NULL);
    int i;

    g_string_printf(s, "%d ", (int)getpid());
    if (name) {
        g_string_append(s, name);
    } else {
        g_string_append_printf(s, "syscall_%d", nr);
    }
    g_string_append_c(s, '(');
    if (f && f->args) {
        for (i = 0; f->args[i] && i < 6; i++) {
            if (i) {
                g_string_append_c(s, ',');
            }
            put_arg(s, f->args[i], args, i);
        }
    } else {
        /* No format: all six registers, as the call may use any. */
        for (i = 0; i < 6; i++) {
            g_string_append_printf(s, "%s%#" PRIx64, i ? "," : "", args[i]);
        }
    }
    g_string_append_c(s, ')');
    emu_log("%s", s->str);
    g_string_free(s, TRUE);
    pending = true;
}

void strace_enter(int nr, const uint64_t args[6])
{
    /* A line begun before a fork would be ended by both processes: the
     * parent and the child each print the whole line on return. */
    if (nr != NR_clone) {
        print_call(nr, args);
    }
}

void strace_leave(int nr, const uint64_t args[6], int64_t ret)
{
    const char *name = syscall_name(nr);
    char kind = name && formats[nr].args ? formats[nr].ret : 'd';

    if (nr == NR_clone) {
        print_call(nr, args);
    }
    pending = false;
    if (ret < 0 && ret >= -4095) {
        emu_log(" = -1 errno=%d (%s)\n", (int)-ret, g_strerror((int)-ret));
    } else if (kind == 'p') {
        emu_log(" = 0x%" PRIx64 "\n", (uint64_t)ret);
    } else {
        emu_log(" = %" PRId64 "\n", ret);
    }
}

void strace_end_pending(void)
{
    if (pending) {
        pending = false;
        emu_log(" = ?\n");
    }
}
