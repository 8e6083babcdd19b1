/* Unit tests for the initial process stack: argc, argv, envp, auxv and
 * strings where qemu-aarch64 7.2 puts them (addresses measured with
 * qemu-aarch64 on static AArch64 programs), read back from guest memory. */
#include <check.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "src/guest-mem.h"
#include "src/linux-user.h"

/* stack.c: leave out AT_MINSIGSTKSZ to match qemu-aarch64 7.2 exactly. */

static const Target test_target = {
    .name = "aarch64",
    .platform = "aarch64",
    .elf_machine = 183,
    .hwcap = 0x887,          /* what emu advertises */
    .qemu_hwcap = 0x8fb,     /* what qemu-aarch64 -cpu cortex-a53 gives */
    .hwcap2 = 0,
    .stack_align = 16,
    .minsigstksz = 5120,
};

enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
    AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
    AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
    AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
    AT_EXECFN = 31, AT_MINSIGSTKSZ = 51,
};

/* qemu-aarch64 7.2's auxv order for aarch64. */
static const int qemu_order[] = {
    AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY,
    AT_UID, AT_EUID, AT_GID, AT_EGID, AT_HWCAP, AT_CLKTCK, AT_RANDOM,
    AT_SECURE, AT_EXECFN, AT_HWCAP2, AT_PLATFORM,
};

static uint64_t rd(uint64_t addr)
{
    uint64_t v = 0;

    ck_assert_msg(guest_read(addr, &v, 8), "cannot read 0x%lx", (long)addr);
    return v;
}

static char *rd_str(uint64_t addr)
{
    int64_t n = guest_strlen(addr);
    char *s;

    ck_assert_int_ge(n, 0);
    s = g_malloc(n + 1);
    ck_assert(guest_read(addr, s, n + 1));
    return s;
}

/* The image of a static program as elf.c would describe it. */
static ElfImage static_image(const char *path, uint64_t entry,
                             uint64_t start_brk)
{
    ElfImage img = {
        .target = &test_target,
        .path = (char *)path,
        .e_machine = 183,
        .entry = entry,
        .prog_entry = entry,
        .phdr = 0x400040,
        .phent = 56,
        .phnum = 6,
        .start_brk = start_brk,
    };
    return img;
}

/* The auxv value of type, after checking the whole vector parses. */
static uint64_t aux(uint64_t sp, uint64_t type)
{
    uint64_t a = sp + 8 + 8 * (rd(sp) + 1);

    while (rd(a)) {
        a += 8;
    }
    for (a += 8; rd(a) != AT_NULL; a += 16) {
        if (rd(a) == type) {
            return rd(a + 8);
        }
    }
    ck_abort_msg("no auxv entry %lu", (unsigned long)type);
    return 0;
}

static void check_qemu_order(uint64_t sp, bool with_minsigstksz)
{
    uint64_t a = sp + 8 + 8 * (rd(sp) + 1);
    unsigned n = G_N_ELEMENTS(qemu_order);

    while (rd(a)) {
        a += 8;
    }
    a += 8;
    for (unsigned i = 0; i < n; i++, a += 16) {
        ck_assert_uint_eq(rd(a), qemu_order[i]);
    }
    if (with_minsigstksz) {
        ck_assert_uint_eq(rd(a), AT_MINSIGSTKSZ);
        ck_assert_uint_eq(rd(a + 8), 5120);
        a += 16;
    }
    ck_assert_uint_eq(rd(a), AT_NULL);
    ck_assert_uint_eq(rd(a + 8), 0);
    /* linux_auxv is the same bytes. */
    uint64_t start = sp + 8 + 8 * (rd(sp) + 1);
    while (rd(start)) {
        start += 8;
    }
    start += 8;
    ck_assert_uint_eq(linux_auxv->len, a + 16 - start);
    ck_assert(memcmp(linux_auxv->data, g2h(start), linux_auxv->len) == 0);
}

/* int main(){} built with aarch64-linux-gnu-gcc -static, run as
 * "env -i qemu-aarch64 -cpu cortex-a53 ./h": SP=0x5500800e80 at _start. */
START_TEST(test_qemu_hello)
{
    char *argv[] = { "./h", NULL };
    char *envp[] = { NULL };
    ProcessArgs pa = { .argc = 1, .argv = argv, .envp = envp,
                       .execfn = "./h" };
    ElfImage img = static_image("./h", 0x400580, 0x498000);

    linux_stack_like_qemu = true;
    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert_uint_eq(sp, 0x5500800e80ull);
    check_qemu_order(sp, false);

    /* The stack mapping: a guard page, then 8 MiB read-write. */
    ck_assert_int_eq(guest_page_flags(0x5500000000ull) & 0xf, PAGE_VALID);
    ck_assert_int_eq(guest_page_flags(0x5500001000ull) & 0xf,
                     PAGE_VALID | PAGE_READ | PAGE_WRITE);
    ck_assert_int_eq(guest_page_flags(0x5500800000ull) & 0xf,
                     PAGE_VALID | PAGE_READ | PAGE_WRITE);
    ck_assert_int_eq(guest_page_flags(0x5500801000ull), 0);
}
END_TEST

/* A program printing its stack, run as
 * "env -i A=1 BB=22 qemu-aarch64 -seed 1 ./dump x yy": qemu passes the
 * environment reversed, so the guest's envp is BB=22, A=1. */
START_TEST(test_qemu_layout)
{
    char *argv[] = { "./dump", "x", "yy", NULL };
    char *envp[] = { "BB=22", "A=1", NULL };
    ProcessArgs pa = { .argc = 3, .argv = argv, .envp = envp,
                       .execfn = "./dump", .have_seed = true, .seed = 1 };
    ElfImage img = static_image("./dump", 0x4007c0, 0x4a3000);
    static const uint8_t top[64] = {
        /* 0x5500800fc0: AT_RANDOM from -seed 1 */
        0xf5, 0xb1, 0x65, 0x22, 0x4a, 0x58, 0xb7, 0x91,
        0xdf, 0x6a, 0xf1, 0xd8, 0x30, 0x3e, 0x61, 0xcd,
        /* 0x5500800fd0: padding, "aarch64", "./dump" "x" "yy" */
        0, 0, 0, 'a', 'a', 'r', 'c', 'h', '6', '4', 0,
        '.', '/', 'd', 'u', 'm', 'p', 0, 'x', 0, 'y', 'y', 0,
        /* "BB=22" "A=1", then AT_EXECFN "./dump", then 8 zero bytes */
        'B', 'B', '=', '2', '2', 0, 'A', '=', '1', 0,
        '.', '/', 'd', 'u', 'm', 'p', 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };
    uint8_t got[64];

    linux_stack_like_qemu = true;
    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert_uint_eq(sp, 0x5500800e50ull);
    check_qemu_order(sp, false);
    ck_assert(guest_read(0x5500800fc0ull, got, 64));
    ck_assert(memcmp(got, top, 64) == 0);

    ck_assert_uint_eq(rd(sp), 3);
    for (int i = 0; i < 3; i++) {
        char *s = rd_str(rd(sp + 8 + 8 * i));
        ck_assert_str_eq(s, argv[i]);
        g_free(s);
    }
    ck_assert_uint_eq(rd(sp + 8 * 4), 0);
    ck_assert_uint_eq(rd(sp + 8 * 5), 0x5500800fe7ull);
    ck_assert_uint_eq(rd(sp + 8 * 6), 0x5500800fedull);
    ck_assert_uint_eq(rd(sp + 8 * 7), 0);

    ck_assert_uint_eq(aux(sp, AT_PHDR), 0x400040);
    ck_assert_uint_eq(aux(sp, AT_PHENT), 56);
    ck_assert_uint_eq(aux(sp, AT_PHNUM), 6);
    ck_assert_uint_eq(aux(sp, AT_PAGESZ), 4096);
    ck_assert_uint_eq(aux(sp, AT_BASE), 0);
    ck_assert_uint_eq(aux(sp, AT_FLAGS), 0);
    ck_assert_uint_eq(aux(sp, AT_ENTRY), 0x4007c0);
    ck_assert_uint_eq(aux(sp, AT_UID), getuid());
    ck_assert_uint_eq(aux(sp, AT_EUID), geteuid());
    ck_assert_uint_eq(aux(sp, AT_GID), getgid());
    ck_assert_uint_eq(aux(sp, AT_EGID), getegid());
    ck_assert_uint_eq(aux(sp, AT_HWCAP), 0x8fb);
    ck_assert_uint_eq(aux(sp, AT_HWCAP2), 0);
    ck_assert_uint_eq(aux(sp, AT_CLKTCK), sysconf(_SC_CLK_TCK));
    ck_assert_uint_eq(aux(sp, AT_RANDOM), 0x5500800fc0ull);
    ck_assert_uint_eq(aux(sp, AT_SECURE), 0);
    ck_assert_uint_eq(aux(sp, AT_EXECFN), 0x5500800ff1ull);
    ck_assert_uint_eq(aux(sp, AT_PLATFORM), 0x5500800fd3ull);
}
END_TEST

/* By default the auxv also has AT_MINSIGSTKSZ (last, as qemu's
 * arch-specific entries go), one entry more than qemu 7.2. */
START_TEST(test_minsigstksz)
{
    char *argv[] = { "./h", NULL };
    char *envp[] = { "X=1", NULL };
    ProcessArgs pa = { .argc = 1, .argv = argv, .envp = envp,
                       .execfn = "/abs/h", .have_seed = true, .seed = 7 };
    ElfImage img = static_image("./h", 0x400580, 0x498000);

    linux_stack_like_qemu = false;
    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert_uint_eq(sp % 16, 0);
    check_qemu_order(sp, true);
    ck_assert_uint_eq(aux(sp, AT_MINSIGSTKSZ), 5120);
    char *s = rd_str(aux(sp, AT_EXECFN));
    ck_assert_str_eq(s, "/abs/h");
    g_free(s);
    s = rd_str(rd(sp + 8 * 3));
    ck_assert_str_eq(s, "X=1");
    g_free(s);
}
END_TEST

/* A static PIE (qemu -d page: start_stack 0x55028b8e70 for
 * "env -i qemu-aarch64 ./dump-pie", brk at 0x55000b8000): the stack goes
 * 32 MiB above brk. */
START_TEST(test_qemu_pie)
{
    char *argv[] = { "./dump-pie", NULL };
    char *envp[] = { NULL };
    ProcessArgs pa = { .argc = 1, .argv = argv, .envp = envp,
                       .execfn = "./dump-pie" };
    ElfImage img = static_image("./dump-pie", 0x5500008d00ull,
                                0x55000b8000ull);

    img.phdr = 0x5500000040ull;
    linux_stack_like_qemu = true;
    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert_uint_eq(sp, 0x55028b8e70ull);
    ck_assert_int_eq(guest_page_flags(0x55020b8000ull) & 0xf, PAGE_VALID);
    ck_assert_uint_eq(aux(sp, AT_ENTRY), 0x5500008d00ull);
}
END_TEST

/* The same seed gives the same AT_RANDOM bytes; another seed others. */
START_TEST(test_seed)
{
    char *argv[] = { "p", NULL };
    char *envp[] = { NULL };
    ProcessArgs pa = { .argc = 1, .argv = argv, .envp = envp,
                       .execfn = "p", .have_seed = true, .seed = 42 };
    ElfImage img = static_image("p", 0x400580, 0x498000);
    uint8_t a[16], b[16], c[16];

    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert(guest_read(aux(sp, AT_RANDOM), a, 16));
    sp = linux_setup_stack(&img, &pa);
    ck_assert(guest_read(aux(sp, AT_RANDOM), b, 16));
    pa.seed = 43;
    sp = linux_setup_stack(&img, &pa);
    ck_assert(guest_read(aux(sp, AT_RANDOM), c, 16));
    ck_assert(memcmp(a, b, 16) == 0);
    ck_assert(memcmp(a, c, 16) != 0);
}
END_TEST

/* Many arguments: every pointer and string lands where it should. */
START_TEST(test_many_args)
{
    enum { N = 500 };
    char *argv[N + 1], *envp[N + 1];
    ProcessArgs pa = { .argc = N, .argv = argv, .envp = envp,
                       .execfn = "prog" };
    ElfImage img = static_image("prog", 0x400580, 0x498000);

    for (int i = 0; i < N; i++) {
        argv[i] = g_strdup_printf("arg%d%*s", i, i % 37, "");
        envp[i] = g_strdup_printf("V%d=%d", i, i * i);
    }
    argv[N] = envp[N] = NULL;
    uint64_t sp = linux_setup_stack(&img, &pa);
    ck_assert_uint_eq(sp % 16, 0);
    ck_assert_uint_eq(rd(sp), N);
    for (int i = 0; i < N; i++) {
        char *s = rd_str(rd(sp + 8 + 8 * i));
        ck_assert_str_eq(s, argv[i]);
        g_free(s);
        s = rd_str(rd(sp + 8 * (N + 2 + i)));
        ck_assert_str_eq(s, envp[i]);
        g_free(s);
    }
    ck_assert_uint_eq(rd(sp + 8 * (N + 1)), 0);
    ck_assert_uint_eq(rd(sp + 8 * (2 * N + 2)), 0);
    for (int i = 0; i < N; i++) {
        g_free(argv[i]);
        g_free(envp[i]);
    }
}
END_TEST

START_TEST(test_too_long)
{
    char *big = g_malloc(3 << 20);
    char *argv[] = { "p", big, NULL };
    char *envp[] = { NULL };
    ProcessArgs pa = { .argc = 2, .argv = argv, .envp = envp,
                       .execfn = "p" };
    ElfImage img = static_image("p", 0x400580, 0x498000);

    memset(big, 'x', (3 << 20) - 1);
    big[(3 << 20) - 1] = '\0';
    linux_setup_stack(&img, &pa);
}
END_TEST

static Suite *stack_suite(void)
{
    Suite *s = suite_create("stack");
    TCase *tc = tcase_create("layout");

    tcase_add_test(tc, test_qemu_hello);
    tcase_add_test(tc, test_qemu_layout);
    tcase_add_test(tc, test_minsigstksz);
    tcase_add_test(tc, test_qemu_pie);
    tcase_add_test(tc, test_seed);
    tcase_add_test(tc, test_many_args);
    tcase_add_exit_test(tc, test_too_long, 1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    /* qemu's (and our) stack size follows a bigger host limit; the
     * addresses above were measured with the usual 8 MiB. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 &&
        (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (8u << 20))) {
        rl.rlim_cur = 8u << 20;
        setrlimit(RLIMIT_STACK, &rl);
    }
    guest_mem_init();
    SRunner *sr = srunner_create(stack_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
