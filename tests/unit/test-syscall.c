/* Unit tests for the guest's system calls: arguments in guest memory, the
 * arm64 layouts (struct stat, open flags), faults, signals recorded,
 * exit hooks, -strace lines and -d unimp reports. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "src/cpu.h"
#include "src/guest-mem.h"
#include "src/guest-signal.h"
#include "src/linux-user.h"
#include "src/syscall-nr.h"
#include "src/target.h"

#define PG GUEST_PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define AT_FDCWD_G ((uint64_t)(int64_t)-100)

/* sigaltstack asks where the guest's sp is: far from any stack set. */
static uint64_t test_get_sp(CPUState *c)
{
    (void)c;
    return 0x7f0000000000ull;
}

static const Target test_target = {
    .name = "aarch64",
    .uname_machine = "aarch64",
    .minsigstksz = 5120,
    .get_sp = test_get_sp,
};

static CPUState *cpu;
/* Two writable pages of guest memory, then a read-only one, then none. */
static uint64_t mem, ro;

static void setup(void)
{
    guest_mem_init();
    guest_munmap(PG, GUEST_ADDR_LIMIT - PG);
    guest_mmap_base = 0x5500000000ull;
    guest_code_write_hook = NULL;
    mem = (uint64_t)guest_mmap(0, 3 * PG, RW, ANON, -1, 0);
    ro = mem + 2 * PG;
    ck_assert_int_eq(guest_mprotect(ro, PG, PROT_READ), 0);
    guest_brk_init(0);
    cpu = g_malloc0(sizeof(*cpu));
    cpu->target = &test_target;
    linux_exe_path = (char *)"/opt/guest/prog";
}

static void teardown(void)
{
    g_free(cpu);
    cpu = NULL;
}

static int64_t sys(int nr, uint64_t a0, uint64_t a1, uint64_t a2,
                   uint64_t a3, uint64_t a4, uint64_t a5)
{
    const uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };

    return (int64_t)linux_syscall(cpu, nr, args);
}

#define SYS0(nr) sys(nr, 0, 0, 0, 0, 0, 0)
#define SYS1(nr, a) sys(nr, a, 0, 0, 0, 0, 0)
#define SYS2(nr, a, b) sys(nr, a, b, 0, 0, 0, 0)
#define SYS3(nr, a, b, c) sys(nr, a, b, c, 0, 0, 0)
#define SYS4(nr, a, b, c, d) sys(nr, a, b, c, d, 0, 0)

/* Put a string into guest memory at addr; returns addr. */
static uint64_t gstr(uint64_t addr, const char *s)
{
    ck_assert(guest_write(addr, s, strlen(s) + 1));
    return addr;
}

static uint64_t rd64(uint64_t addr)
{
    uint64_t v;

    ck_assert(guest_read(addr, &v, 8));
    return v;
}

static uint32_t rd32(uint64_t addr)
{
    uint32_t v;

    ck_assert(guest_read(addr, &v, 4));
    return v;
}

static int temp_file(const char *data, char *path_out)
{
    char path[] = "/tmp/emu-test-syscall-XXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    if (path_out) {
        strcpy(path_out, path);
    } else {
        unlink(path);
    }
    return fd;
}

/* The arm64 struct stat: 128 bytes, fields at fixed offsets. */
static void check_stat(uint64_t buf, const struct stat *st)
{
    ck_assert_uint_eq(rd64(buf + 0), st->st_dev);
    ck_assert_uint_eq(rd64(buf + 8), st->st_ino);
    ck_assert_uint_eq(rd32(buf + 16), st->st_mode);
    ck_assert_uint_eq(rd32(buf + 20), st->st_nlink);
    ck_assert_uint_eq(rd32(buf + 24), st->st_uid);
    ck_assert_uint_eq(rd32(buf + 28), st->st_gid);
    ck_assert_uint_eq(rd64(buf + 32), st->st_rdev);
    ck_assert_uint_eq(rd64(buf + 48), st->st_size);
    ck_assert_uint_eq(rd32(buf + 56), st->st_blksize);
    ck_assert_uint_eq(rd64(buf + 64), st->st_blocks);
    ck_assert_uint_eq(rd64(buf + 72), st->st_atim.tv_sec);
    ck_assert_uint_eq(rd64(buf + 80), st->st_atim.tv_nsec);
    ck_assert_uint_eq(rd64(buf + 88), st->st_mtim.tv_sec);
    ck_assert_uint_eq(rd64(buf + 96), st->st_mtim.tv_nsec);
    ck_assert_uint_eq(rd64(buf + 104), st->st_ctim.tv_sec);
    ck_assert_uint_eq(rd64(buf + 112), st->st_ctim.tv_nsec);
}

START_TEST(test_fstat_layout)
{
    int fd = temp_file("0123456789", NULL);
    struct stat st;

    memset(g2h(mem), 0xee, 256);
    ck_assert_int_eq(SYS2(NR_fstat, fd, mem), 0);
    ck_assert_int_eq(fstat(fd, &st), 0);
    check_stat(mem, &st);
    ck_assert_uint_eq(rd64(mem + 48), 10);
    ck_assert_uint_eq(rd32(mem + 20), 0);   /* unlinked */
    /* Exactly 128 bytes written. */
    ck_assert_uint_eq(*(uint8_t *)g2h(mem + 128), 0xee);
    ck_assert_int_eq(SYS2(NR_fstat, fd, ro), -EFAULT);
    ck_assert_int_eq(SYS2(NR_fstat, fd, mem + 3 * PG), -EFAULT);
    ck_assert_int_eq(SYS2(NR_fstat, 999, mem), -EBADF);
    close(fd);
}
END_TEST

START_TEST(test_newfstatat)
{
    char path[64];
    int fd = temp_file("abc", path);
    struct stat st;
    uint64_t p = gstr(mem + PG, path);

    ck_assert_int_eq(SYS4(NR_newfstatat, AT_FDCWD_G, p, mem, 0), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    check_stat(mem, &st);
    ck_assert_int_eq(SYS4(NR_newfstatat, fd, gstr(p, ""), mem, 0x1000), 0);
    check_stat(mem, &st);
    ck_assert_int_eq(SYS4(NR_newfstatat, AT_FDCWD_G, mem + 3 * PG, mem, 0),
                     -EFAULT);
    ck_assert_int_eq(SYS4(NR_newfstatat, AT_FDCWD_G,
                          gstr(p, "/nonexistent/x"), mem, 0), -ENOENT);
    unlink(path);
    close(fd);
}
END_TEST

START_TEST(test_statx)
{
    int fd = temp_file("hello world", NULL);

    ck_assert_int_eq(sys(NR_statx, fd, gstr(mem + PG, ""), 0x1000, 0x7ff,
                         mem, 0), 0);
    ck_assert_uint_eq(rd64(mem + 40), 11);   /* stx_size */
    ck_assert_int_eq(sys(NR_statx, fd, mem + PG, 0x1000, 0x7ff, ro, 0),
                     -EFAULT);
    close(fd);
}
END_TEST

START_TEST(test_open_read_write)
{
    char path[64];
    int fd = temp_file("", path), gfd;
    uint64_t p = gstr(mem + PG, path);

    close(fd);
    gfd = (int)SYS4(NR_openat, AT_FDCWD_G, p, O_RDWR | O_TRUNC, 0);
    ck_assert_int_ge(gfd, 0);
    ck_assert(guest_write(mem, "guest data", 10));
    ck_assert_int_eq(SYS3(NR_write, gfd, mem, 10), 10);
    ck_assert_int_eq(SYS3(NR_lseek, gfd, 0, SEEK_SET), 0);
    memset(g2h(mem), 0, 16);
    ck_assert_int_eq(SYS3(NR_read, gfd, mem + 100, 16), 10);
    ck_assert_mem_eq(g2h(mem + 100), "guest data", 10);
    ck_assert_int_eq(sys(NR_pread64, gfd, mem + 200, 4, 6, 0, 0), 4);
    ck_assert_mem_eq(g2h(mem + 200), "data", 4);

    /* Reading into memory the guest cannot write is a fault. */
    ck_assert_int_eq(SYS3(NR_lseek, gfd, 0, SEEK_SET), 0);
    ck_assert_int_eq(SYS3(NR_read, gfd, ro, 4), -EFAULT);
    ck_assert_int_eq(SYS3(NR_read, gfd, mem + 3 * PG, 4), -EFAULT);
    ck_assert_int_eq(SYS3(NR_read, gfd, GUEST_ADDR_LIMIT - 2, 4), -EFAULT);
    ck_assert_int_eq(SYS3(NR_read, gfd, ~0ull - 2, 4), -EFAULT);
    ck_assert_int_eq(SYS3(NR_write, gfd, ~0ull - 2, 4), -EFAULT);
    ck_assert_int_eq(SYS1(NR_close, gfd), 0);
    ck_assert_int_eq(SYS1(NR_close, gfd), -EBADF);
    unlink(path);
}
END_TEST

START_TEST(test_open_flags)
{
    char path[64];
    int fd = temp_file("x", path), gfd;
    int64_t fl;

    close(fd);
    /* arm64's O_DIRECTORY is 040000 (O_DIRECT on x86-64). */
    gfd = (int)SYS4(NR_openat, AT_FDCWD_G, gstr(mem, "/tmp"), 040000, 0);
    ck_assert_int_ge(gfd, 0);
    close(gfd);
    ck_assert_int_eq(SYS4(NR_openat, AT_FDCWD_G, gstr(mem, path), 040000, 0),
                     -ENOTDIR);
    gfd = (int)SYS4(NR_openat, AT_FDCWD_G, gstr(mem, path), O_RDONLY, 0);
    ck_assert_int_ge(gfd, 0);
    fl = SYS2(NR_fcntl, gfd, F_GETFL);
    ck_assert_int_ge(fl, 0);
    /* Not the O_LARGEFILE the kernel adds, as qemu-aarch64 answers. */
    ck_assert_int_eq(fl, O_RDONLY);
    ck_assert_int_eq(SYS3(NR_fcntl, gfd, F_SETFL, O_NONBLOCK), 0);
    ck_assert_int_ne(fcntl(gfd, F_GETFL) & O_NONBLOCK, 0);
    ck_assert_int_eq(SYS3(NR_fcntl, gfd, 0x7777, 0), -EINVAL);
    close(gfd);
    unlink(path);
}
END_TEST

START_TEST(test_readlink_exe)
{
    uint64_t p = gstr(mem + PG, "/proc/self/exe");

    ck_assert_int_eq(SYS4(NR_readlinkat, AT_FDCWD_G, p, mem, 256), 15);
    ck_assert_mem_eq(g2h(mem), "/opt/guest/prog", 15);
    ck_assert_int_eq(SYS4(NR_readlinkat, AT_FDCWD_G, p, mem + 64, 4), 4);
    ck_assert_mem_eq(g2h(mem + 64), "/opt", 4);
    ck_assert_int_eq(SYS4(NR_readlinkat, AT_FDCWD_G, p, mem, 0), -EINVAL);
    ck_assert_int_eq(SYS4(NR_readlinkat, AT_FDCWD_G, p, ro, 16), -EFAULT);
}
END_TEST

START_TEST(test_uname_and_ids)
{
    struct utsname u;

    ck_assert_int_eq(SYS1(NR_uname, mem), 0);
    ck_assert_str_eq((char *)g2h(mem) + 4 * 65, "aarch64");
    ck_assert_int_eq(uname(&u), 0);
    ck_assert_str_eq((char *)g2h(mem), u.sysname);
    ck_assert_int_eq(SYS1(NR_uname, ro), -EFAULT);
    ck_assert_int_eq(SYS0(NR_getpid), getpid());
    ck_assert_int_eq(SYS0(NR_gettid), gettid());
    ck_assert_int_eq(SYS0(NR_getppid), getppid());
    ck_assert_int_eq(SYS0(NR_getuid), getuid());
    ck_assert_int_eq(SYS0(NR_getegid), getegid());
    ck_assert_int_eq(SYS1(NR_set_tid_address, mem + 8), gettid());
    ck_assert_uint_eq(cpu->clear_child_tid, mem + 8);
    /* As qemu-aarch64 7.2 answers, so traces compare. */
    ck_assert_int_eq(SYS2(NR_set_robust_list, mem, 24), -ENOSYS);
    ck_assert_int_eq(sys(NR_rseq, mem, 32, 0, 0xd428bc00, 0, 0), -ENOSYS);
}
END_TEST

START_TEST(test_getcwd_and_time)
{
    char cwd[4096];

    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(SYS2(NR_getcwd, mem, 4096), (int64_t)strlen(cwd) + 1);
    ck_assert_str_eq((char *)g2h(mem), cwd);
    ck_assert_int_eq(SYS2(NR_getcwd, mem, 1), -ERANGE);
    ck_assert_int_eq(SYS2(NR_clock_gettime, CLOCK_REALTIME, mem), 0);
    ck_assert_uint_gt(rd64(mem), 1600000000);
    ck_assert_int_eq(SYS2(NR_clock_gettime, CLOCK_REALTIME, ro), -EFAULT);
    ck_assert_int_eq(SYS2(NR_gettimeofday, mem, 0), 0);
    ck_assert_uint_gt(rd64(mem), 1600000000);
    ck_assert_int_eq(SYS2(NR_clock_getres, CLOCK_MONOTONIC, 0), 0);
    ck_assert(guest_write(mem, (uint64_t[2]){ 0, 1000 }, 16));
    ck_assert_int_eq(SYS2(NR_nanosleep, mem, 0), 0);
    ck_assert_int_eq(SYS3(NR_getrandom, mem, 64, 0), 64);
    ck_assert_int_eq(SYS3(NR_getrandom, ro, 64, 0), -EFAULT);
}
END_TEST

START_TEST(test_memory_calls)
{
    int64_t a = SYS1(NR_brk, 0);
    int64_t m;

    ck_assert_int_eq(a, 0);   /* no guest_brk_init here */
    guest_brk_init(0x600000);
    ck_assert_int_eq(SYS1(NR_brk, 0), 0x600000);
    ck_assert_int_eq(SYS1(NR_brk, 0x601000), 0x601000);
    m = sys(NR_mmap, 0, 2 * PG, RW, ANON, (uint64_t)-1, 0);
    ck_assert_int_eq(m, mem + 3 * PG);
    ck_assert(guest_write(m, "zz", 2));
    ck_assert_int_eq(SYS3(NR_madvise, m, PG, MADV_DONTNEED), 0);
    ck_assert_int_eq(*(char *)g2h(m), 0);
    ck_assert_int_eq(SYS3(NR_madvise, m, 4 * PG, MADV_DONTNEED), -ENOMEM);
    ck_assert_int_eq(SYS3(NR_madvise, m, PG, 12345), -EINVAL);
    ck_assert_int_eq(SYS3(NR_mprotect, m, PG, PROT_READ), 0);
    ck_assert_int_eq(guest_page_flags(m), PAGE_VALID | PAGE_READ);
    ck_assert_int_eq(SYS3(NR_mprotect, m, PG, 1ull << 40), -EINVAL);
    ck_assert_int_eq(sys(NR_mremap, m, 2 * PG, PG, 0, 0, 0), m);
    ck_assert_int_eq(SYS2(NR_munmap, m, PG), 0);
    ck_assert_int_eq(guest_page_flags(m), 0);
}
END_TEST

START_TEST(test_pipe_and_vectors)
{
    int fds[2];
    uint64_t iov = mem + 512;

    ck_assert_int_eq(SYS2(NR_pipe2, mem, O_CLOEXEC), 0);
    fds[0] = (int)rd32(mem);
    fds[1] = (int)rd32(mem + 4);
    ck_assert_int_ne(fcntl(fds[0], F_GETFD) & FD_CLOEXEC, 0);
    ck_assert(guest_write(mem + 16, "hello, world", 12));
    ck_assert(guest_write(iov, (uint64_t[4]){ mem + 16, 7, mem + 23, 5 },
                          32));
    ck_assert_int_eq(SYS3(NR_writev, fds[1], iov, 2), 12);
    ck_assert(guest_write(iov, (uint64_t[4]){ mem + 100, 5, mem + 200, 20 },
                          32));
    ck_assert_int_eq(SYS3(NR_readv, fds[0], iov, 2), 12);
    ck_assert_mem_eq(g2h(mem + 100), "hello", 5);
    ck_assert_mem_eq(g2h(mem + 200), ", world", 7);
    /* A bad vector entry is a fault; too many entries are invalid. */
    ck_assert(guest_write(iov, (uint64_t[2]){ ~0ull - 10, 5 }, 16));
    ck_assert_int_eq(SYS3(NR_writev, fds[1], iov, 1), -EFAULT);
    ck_assert_int_eq(SYS3(NR_writev, fds[1], iov, 5000), -EINVAL);
    ck_assert_int_eq(SYS3(NR_writev, fds[1], ro + PG, 1), -EFAULT);
    /* Terminal ioctls on a pipe: the host's answer. */
    ck_assert_int_eq(SYS3(NR_ioctl, fds[0], 0x5401, mem), -ENOTTY);
    ck_assert_int_eq(SYS3(NR_ioctl, fds[0], 0x12345678, mem), -ENOTTY);
    ck_assert_int_eq(SYS3(NR_write, fds[1], mem, 3), 3);
    ck_assert_int_eq(SYS3(NR_ioctl, fds[0], 0x541b, mem), 0);   /* FIONREAD */
    ck_assert_uint_eq(rd32(mem), 3);
    {
        int d = (int)SYS1(NR_dup, fds[0]);

        ck_assert_int_gt(d, fds[1]);
        close(d);
    }
    close(fds[0]);
    close(fds[1]);
}
END_TEST

START_TEST(test_termios)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
    uint8_t host[64];

    if (master < 0) {
        return;    /* no ptys here */
    }
    ck_assert_int_eq(grantpt(master), 0);
    ck_assert_int_eq(unlockpt(master), 0);
    slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    ck_assert_int_eq(ioctl(slave, TCGETS, host), 0);
    memset(g2h(mem), 0xee, 64);
    ck_assert_int_eq(SYS3(NR_ioctl, slave, 0x5401, mem), 0);
    ck_assert_mem_eq(g2h(mem), host, 36);
    ck_assert_uint_eq(*(uint8_t *)g2h(mem + 36), 0xee);
    ck_assert_int_eq(SYS3(NR_ioctl, slave, 0x5413, mem + 64), 0);
    ck_assert_int_eq(SYS3(NR_ioctl, slave, 0x5402, mem), 0);
    ck_assert_int_eq(SYS3(NR_ioctl, slave, 0x5401, ro), -EFAULT);
    close(slave);
    close(master);
}
END_TEST

START_TEST(test_signals_recorded)
{
    uint64_t act = mem, old = mem + 64;

    ck_assert(guest_write(act, (uint64_t[4]){ 0x400123, 0x04000000,
                                              0x400456, 0x102 }, 32));
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGUSR1, act, 0, 8), 0);
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGUSR1, 0, old, 8), 0);
    ck_assert_uint_eq(rd64(old), 0x400123);
    ck_assert_uint_eq(rd64(old + 8), 0x04000000);
    ck_assert_uint_eq(rd64(old + 16), 0x400456);
    /* SIGKILL (bit 8) cannot be in a handler's mask. */
    ck_assert_uint_eq(rd64(old + 24), 0x2);
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGKILL, act, 0, 8), -EINVAL);
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGUSR1, act, 0, 4), -EINVAL);
    ck_assert_int_eq(SYS4(NR_rt_sigaction, 65, act, 0, 8), -EINVAL);
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGUSR1, ro + PG, 0, 8), -EFAULT);

    /* SIGPIPE ignored by the guest is ignored by emu too. */
    ck_assert(guest_write(act, (uint64_t[4]){ 1, 0, 0, 0 }, 32));
    ck_assert_int_eq(SYS4(NR_rt_sigaction, SIGPIPE, act, 0, 8), 0);
    {
        struct sigaction sa;

        sigaction(SIGPIPE, NULL, &sa);
        ck_assert_ptr_eq(sa.sa_handler, SIG_IGN);
    }

    ck_assert(guest_write(act, (uint64_t[1]){ 0x3ull | (1ull << 8) }, 8));
    ck_assert_int_eq(SYS4(NR_rt_sigprocmask, SIG_BLOCK, act, 0, 8), 0);
    ck_assert_int_eq(SYS4(NR_rt_sigprocmask, SIG_SETMASK, 0, old, 8), 0);
    /* SIGKILL (bit 8) cannot be blocked. */
    ck_assert_uint_eq(rd64(old), 0x3);
    ck_assert_int_eq(SYS4(NR_rt_sigprocmask, 7, act, 0, 8), -EINVAL);

    /* A blocked signal to self waits; an ignored one vanishes. */
    ck_assert_int_eq(SYS3(NR_tgkill, getpid(), gettid(), SIGINT), 0);
    ck_assert_int_eq(SYS2(NR_kill, getpid(), SIGPIPE), 0);
    ck_assert_int_eq(SYS2(NR_kill, getpid(), SIGCHLD), 0);
    ck_assert_int_eq(SYS2(NR_kill, getpid(), 0), 0);
    ck_assert_int_eq(SYS2(NR_kill, getpid(), 99), -EINVAL);

    ck_assert(guest_write(act, (uint64_t[3]){ mem, 0, 16384 }, 24));
    ck_assert_int_eq(SYS2(NR_sigaltstack, act, 0), 0);
    ck_assert_int_eq(SYS2(NR_sigaltstack, 0, old), 0);
    ck_assert_uint_eq(rd64(old), mem);
    ck_assert_uint_eq(rd64(old + 16), 16384);
    ck_assert(guest_write(act, (uint64_t[3]){ mem, 0, 100 }, 24));
    ck_assert_int_eq(SYS2(NR_sigaltstack, act, 0), -ENOMEM);
}
END_TEST

START_TEST(test_kill_self)
{
    /* Default action: emu dies of the signal, as the guest would, when
     * the loop delivers it after the syscall. */
    ck_assert_int_eq(SYS2(NR_kill, getpid(), SIGUSR2), 0);
    guest_signal_deliver(cpu);
}
END_TEST

START_TEST(test_kill_self_pending)
{
    uint64_t set = mem;

    ck_assert(guest_write(set, (uint64_t[1]){ 1ull << (SIGTERM - 1) }, 8));
    ck_assert_int_eq(SYS4(NR_rt_sigprocmask, SIG_BLOCK, set, 0, 8), 0);
    ck_assert_int_eq(SYS3(NR_tgkill, getpid(), gettid(), SIGTERM), 0);
    /* Unblocking makes it deliverable: the loop delivers it. */
    SYS4(NR_rt_sigprocmask, SIG_UNBLOCK, set, 0, 8);
    ck_assert(guest_signal_deliverable(cpu));
    guest_signal_deliver(cpu);
    ck_abort_msg("still alive after unblocking a pending SIGTERM");
}
END_TEST

static int hooks_run;

static void first_hook(void *opaque)
{
    hooks_run = *(int *)opaque;
}

static void second_hook(void *opaque)
{
    /* Run in order, once: exit with what the first one left. */
    _exit(hooks_run + *(int *)opaque);
}

START_TEST(test_exit_hooks)
{
    static int a = 40, b = 2;

    linux_add_exit_hook(first_hook, &a);
    linux_add_exit_hook(second_hook, &b);
    SYS1(NR_exit_group, 3);
}
END_TEST

START_TEST(test_exit_status)
{
    SYS1(NR_exit, 0x105);
}
END_TEST

START_TEST(test_limits)
{
    struct rlimit host_before, host_after;

    getrlimit(RLIMIT_STACK, &host_before);
    ck_assert_int_eq(SYS4(NR_prlimit64, 0, RLIMIT_STACK, 0, mem), 0);
    ck_assert_uint_eq(rd64(mem), host_before.rlim_cur);
    ck_assert(guest_write(mem, (uint64_t[2]){ 1 << 20, host_before.rlim_max },
                          16));
    ck_assert_int_eq(SYS4(NR_prlimit64, 0, RLIMIT_STACK, mem, mem + 16), 0);
    ck_assert_uint_eq(rd64(mem + 16), host_before.rlim_cur);
    ck_assert_int_eq(SYS2(NR_getrlimit, RLIMIT_STACK, mem + 32), 0);
    ck_assert_uint_eq(rd64(mem + 32), 1 << 20);
    /* Kept for the guest: emu's own limit is untouched. */
    getrlimit(RLIMIT_STACK, &host_after);
    ck_assert_uint_eq(host_after.rlim_cur, host_before.rlim_cur);
    ck_assert(guest_write(mem, (uint64_t[2]){ 5, 4 }, 16));
    ck_assert_int_eq(SYS4(NR_prlimit64, 0, RLIMIT_NOFILE, mem, 0), -EINVAL);
    ck_assert_int_eq(SYS2(NR_getrlimit, RLIMIT_NOFILE, mem), 0);
    ck_assert_int_eq(SYS2(NR_getrlimit, 99, mem), -EINVAL);
}
END_TEST

static int code_hook_calls;

static void code_hook(uint64_t start, uint64_t len)
{
    code_hook_calls++;
}

START_TEST(test_code_write_hook)
{
    int p[2];

    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], "abcd", 4), 4);
    guest_code_write_hook = code_hook;
    guest_page_set_flags(mem + PG, PG, guest_page_flags(mem + PG) |
                                       PAGE_CODE);
    ck_assert_int_eq(SYS3(NR_read, p[0], mem, 2), 2);
    ck_assert_int_eq(code_hook_calls, 0);
    ck_assert_int_eq(SYS3(NR_read, p[0], mem + PG + 16, 2), 2);
    ck_assert_int_eq(code_hook_calls, 1);
    ck_assert_int_eq(guest_page_flags(mem + PG) & PAGE_CODE, 0);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(test_futex)
{
    ck_assert(guest_write(mem, (uint32_t[1]){ 5 }, 4));
    /* The value differs: no wait. */
    ck_assert_int_eq(sys(NR_futex, mem, 128 /* WAIT|PRIVATE */, 6, 0, 0, 0),
                     -EAGAIN);
    ck_assert_int_eq(sys(NR_futex, mem, 129 /* WAKE|PRIVATE */, 1, 0, 0, 0),
                     0);
    /* Same value with a short timeout. */
    ck_assert(guest_write(mem + 64, (uint64_t[2]){ 0, 1000000 }, 16));
    ck_assert_int_eq(sys(NR_futex, mem, 128, 5, mem + 64, 0, 0), -ETIMEDOUT);
    ck_assert_int_eq(sys(NR_futex, mem + 3 * PG, 128, 5, 0, 0, 0), -EFAULT);
}
END_TEST

static char *read_log(FILE *f)
{
    long n;
    char *s;

    fflush(f);
    n = ftell(f);
    s = g_malloc0(n + 1);
    rewind(f);
    ck_assert_int_eq(fread(s, 1, n, f), n);
    return s;
}

START_TEST(test_strace_lines)
{
    FILE *log = tmpfile();
    int devnull = open("/dev/null", O_WRONLY);
    char *out, *want;

    emu_log_file = log;
    linux_strace = true;
    ck_assert(guest_write(mem, "hi\n", 3));
    ck_assert_int_eq(SYS3(NR_write, devnull, mem, 3), 3);
    SYS4(NR_openat, AT_FDCWD_G, gstr(mem + 16, "/nonexistent"),
         O_RDONLY | O_CLOEXEC, 0);
    sys(NR_mmap, 0, PG, RW, ANON, (uint64_t)-1, 0);
    SYS1(NR_brk, 0);
    linux_strace = false;
    out = read_log(log);
    want = g_strdup_printf("%d write(%d,\"hi\\n\",3) = 3\n", getpid(),
                           devnull);
    ck_assert_msg(strstr(out, want), "no '%s' in:\n%s", want, out);
    g_free(want);
    want = g_strdup_printf("%d openat(AT_FDCWD,\"/nonexistent\","
                           "O_RDONLY|O_CLOEXEC,0) = -1 errno=2 (No such "
                           "file or directory)\n", getpid());
    ck_assert_msg(strstr(out, want), "no '%s' in:\n%s", want, out);
    g_free(want);
    want = g_strdup_printf("%d mmap(NULL,4096,PROT_READ|PROT_WRITE,"
                           "MAP_PRIVATE|MAP_ANONYMOUS,-1,0) = 0x%" PRIx64
                           "\n", getpid(), (uint64_t)(mem + 3 * PG));
    ck_assert_msg(strstr(out, want), "no '%s' in:\n%s", want, out);
    g_free(want);
    ck_assert_msg(strstr(out, " brk(NULL) = 0x0\n"), "%s", out);
    g_free(out);
    close(devnull);
    emu_log_file = NULL;
    fclose(log);
}
END_TEST

START_TEST(test_unimp_once)
{
    FILE *log = tmpfile();
    char *out, *second;

    emu_log_file = log;
    emu_log_mask = LOG_UNIMP;
    ck_assert_int_eq(SYS0(NR_acct), -ENOSYS);
    ck_assert_int_eq(SYS0(NR_acct), -ENOSYS);
    ck_assert_int_eq(SYS0(1000), -ENOSYS);
    emu_log_mask = 0;
    out = read_log(log);
    ck_assert_ptr_nonnull(strstr(out, "emu: syscall 89 (acct) not "
                                      "supported\n"));
    second = strstr(out, "(acct)");
    ck_assert_ptr_null(strstr(second + 1, "(acct)"));
    ck_assert_ptr_nonnull(strstr(out, "emu: syscall 1000 (unknown) not "
                                      "supported\n"));
    g_free(out);
    emu_log_file = NULL;
    fclose(log);
}
END_TEST

static Suite *syscall_suite(void)
{
    Suite *s = suite_create("syscall");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_fstat_layout);
    tcase_add_test(tc, test_newfstatat);
    tcase_add_test(tc, test_statx);
    tcase_add_test(tc, test_open_read_write);
    tcase_add_test(tc, test_open_flags);
    tcase_add_test(tc, test_readlink_exe);
    tcase_add_test(tc, test_uname_and_ids);
    tcase_add_test(tc, test_getcwd_and_time);
    tcase_add_test(tc, test_memory_calls);
    tcase_add_test(tc, test_pipe_and_vectors);
    tcase_add_test(tc, test_termios);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_code_write_hook);
    tcase_add_test(tc, test_futex);
    tcase_add_test(tc, test_strace_lines);
    tcase_add_test(tc, test_unimp_once);
    suite_add_tcase(s, tc);

    /* These end the process: only with check's fork mode. */
    if (!getenv("CK_FORK") || strcmp(getenv("CK_FORK"), "no") != 0) {
        TCase *dying = tcase_create("exit");

        tcase_add_checked_fixture(dying, setup, teardown);
        tcase_add_test(dying, test_signals_recorded);
        tcase_add_test_raise_signal(dying, test_kill_self, SIGUSR2);
        tcase_add_test_raise_signal(dying, test_kill_self_pending, SIGTERM);
        tcase_add_exit_test(dying, test_exit_hooks, 42);
        tcase_add_exit_test(dying, test_exit_status, 5);
        suite_add_tcase(s, dying);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(syscall_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
