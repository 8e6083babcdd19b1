/* The initial stack of a guest process: argc, argv, envp, auxv and the
 * strings they point to, laid out byte for byte as qemu-aarch64 7.2 does
 * so that emu's and qemu's traces of one program compare exactly. */
#include "src/linux-user.h"
#include "src/guest-mem.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>

/* <sys/auxv.h> pulls in the system <elf.h>, whose AT_* macros would
 * clash with the guest's constants below; getauxval is all we need. */
extern unsigned long getauxval(unsigned long type);

GByteArray *linux_auxv;
ElfImage linux_image;
char *linux_exe_path;

/* Leave out AT_MINSIGSTKSZ, which qemu-aarch64 7.2 does not give, so the
 * stack equals qemu's byte for byte (for lockstep comparison). */
bool linux_stack_like_qemu;

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h and
 * arch/arm64/include/uapi/asm/auxvec.h). */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
    AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
    AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
    AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
    AT_EXECFN = 31, AT_MINSIGSTKSZ = 51,
};

/* qemu-aarch64's first mmap(NULL) address on a 64-bit host. The stack is
 * the first thing it maps there, unless a position-independent program
 * (elf.c's ET_DYN_BASE) is there already. */
#define STACK_AREA_BASE 0x5500000000ull
/* qemu keeps this much room after the program's data for brk before it
 * maps the stack. */
#define BRK_ROOM (32ull << 20)
#define DEFAULT_STACK_SIZE (8ull << 20)
#define MAX_STACK_SIZE (4ull << 30)
#define GUARD_SIZE GUEST_PAGE_SIZE

/* Like qemu: 8 MiB, or the host's stack limit when that is bigger. */
static uint64_t stack_size(void)
{
    struct rlimit rl;
    uint64_t size = DEFAULT_STACK_SIZE;

    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur > size) {
        size = MIN((uint64_t)rl.rlim_cur, MAX_STACK_SIZE);
    }
    return GUEST_PAGE_ALIGN(size);
}

/* Where the stack mapping starts (its guard page) and its size with the
 * guard. elf.c asks too, to put the interpreter right above it. */
uint64_t linux_stack_base(const ElfImage *img, uint64_t *size)
{
    *size = GUARD_SIZE + stack_size();
    return MAX(STACK_AREA_BASE, img->start_brk + BRK_ROOM);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

static void random_bytes(const ProcessArgs *pa, uint8_t out[16])
{
    if (pa->have_seed) {
        /* qemu's -seed: a GRand seeded with the seed's two 32-bit halves,
         * low first; one g_rand_int per four bytes. */
        guint32 words[2] = { (guint32)pa->seed, (guint32)(pa->seed >> 32) };
        GRand *r = g_rand_new_with_seed_array(words, 2);
        for (int i = 0; i < 16; i += 4) {
            guint32 x = g_rand_int(r);
            for (int j = 0; j < 4; j++) {
                out[i + j] = x >> (8 * j);
            }
        }
        g_rand_free(r);
        return;
    }
    if (getrandom(out, 16, 0) == 16) {
        return;
    }
    for (int i = 0; i < 16; i += 4) {
        guint32 x = g_random_int();
        memcpy(out + i, &x, 4);
    }
}

/* Put the string s just below *p; returns its guest address. */
static uint64_t push_string(uint64_t *p, const char *s)
{
    size_t len = strlen(s) + 1;

    *p -= len;
    if (!guest_write(*p, s, len)) {
        emu_fatal("cannot write the initial stack at 0x%" PRIx64, *p);
    }
    return *p;
}

uint64_t linux_setup_stack(const ElfImage *img, const ProcessArgs *pa)
{
    const Target *t = img->target;
    uint64_t size, base = linux_stack_base(img, &size);
    uint64_t top = base + size;
    const char *execfn = pa->execfn ? pa->execfn
                         : img->path ? img->path : "";
    int argc = pa->argc, envc = 0;
    int64_t r;

    while (pa->envp && pa->envp[envc]) {
        envc++;
    }

    /* Strings and tables may use a quarter of the stack, as in Linux. */
    uint64_t need = strlen(execfn) + 1 + 16 + 16 + 512;
    for (int i = 0; i < argc; i++) {
        need += strlen(pa->argv[i]) + 1 + 8;
    }
    for (int i = 0; i < envc; i++) {
        need += strlen(pa->envp[i]) + 1 + 8;
    }
    if (t->platform) {
        need += strlen(t->platform) + 1;
    }
    if (need > (size - GUARD_SIZE) / 4) {
        emu_fatal("argument list too long (%" PRIu64 " bytes of arguments "
                  "and environment)", need);
    }

    r = guest_mmap(base, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0) {
        emu_fatal("cannot map the stack at 0x%" PRIx64 ": %s", base,
                  g_strerror((int)-r));
    }
    guest_mprotect(base, GUARD_SIZE, PROT_NONE);

    /* From the top down: 8 zero bytes, the program's path, the
     * environment strings, the argument strings (each list in order,
     * upwards), the platform name, all unaligned; then 16 random bytes
     * on a 16-byte boundary. */
    uint64_t p = top - 8;
    uint64_t execfn_addr = push_string(&p, execfn);
    uint64_t *env_addr = g_new(uint64_t, envc + 1);
    uint64_t *arg_addr = g_new(uint64_t, argc + 1);
    for (int i = envc - 1; i >= 0; i--) {
        env_addr[i] = push_string(&p, pa->envp[i]);
    }
    for (int i = argc - 1; i >= 0; i--) {
        arg_addr[i] = push_string(&p, pa->argv[i]);
    }
    uint64_t platform_addr = t->platform ? push_string(&p, t->platform) : 0;
    uint8_t rnd[16];
    random_bytes(pa, rnd);
    p = (p & ~15ull) - 16;
    uint64_t random_addr = p;
    guest_write(random_addr, rnd, 16);

    /* The auxv, in qemu-aarch64 7.2's order. */
    uint64_t aux[2 * 24];
    int na = 0;
#define AUX(type, val) (aux[na++] = (type), aux[na++] = (val))
    AUX(AT_PHDR, img->phdr);
    AUX(AT_PHENT, img->phent);
    AUX(AT_PHNUM, img->phnum);
    AUX(AT_PAGESZ, GUEST_PAGE_SIZE);
    AUX(AT_BASE, img->interp_base);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, img->prog_entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_HWCAP, linux_stack_like_qemu ? t->qemu_hwcap : t->hwcap);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_RANDOM, random_addr);
    AUX(AT_SECURE, getauxval(AT_SECURE));
    AUX(AT_EXECFN, execfn_addr);
    AUX(AT_HWCAP2, t->hwcap2);
    if (t->platform) {
        AUX(AT_PLATFORM, platform_addr);
    }
    if (t->minsigstksz && !linux_stack_like_qemu) {
        AUX(AT_MINSIGSTKSZ, t->minsigstksz);
    }
    AUX(AT_NULL, 0);
#undef AUX

    /* argc, argv[], NULL, envp[], NULL, auxv: one block right below the
     * random bytes, its start aligned down. */
    uint64_t words = 1 + argc + 1 + envc + 1 + na;
    uint64_t align = t->stack_align ? t->stack_align : 16;
    uint64_t sp = (p - words * 8) & ~(align - 1);
    uint8_t *tab = g_malloc(words * 8);
    uint8_t *w = tab;
    put64(w, argc);
    w += 8;
    for (int i = 0; i < argc; i++, w += 8) {
        put64(w, arg_addr[i]);
    }
    put64(w, 0);
    w += 8;
    for (int i = 0; i < envc; i++, w += 8) {
        put64(w, env_addr[i]);
    }
    put64(w, 0);
    w += 8;
    for (int i = 0; i < na; i++, w += 8) {
        put64(w, aux[i]);
    }
    if (!guest_write(sp, tab, words * 8)) {
        emu_fatal("cannot write the initial stack at 0x%" PRIx64, sp);
    }

    if (linux_auxv) {
        g_byte_array_free(linux_auxv, TRUE);
    }
    linux_auxv = g_byte_array_sized_new(na * 8);
    g_byte_array_append(linux_auxv, tab + (words - na) * 8, na * 8);

    if (img != &linux_image) {
        linux_image = *img;
    }
    if (!linux_exe_path && img->path) {
        char *abs = realpath(img->path, NULL);
        linux_exe_path = abs ? g_strdup(abs) : g_canonicalize_filename(
                                                   img->path, NULL);
        free(abs);
    }

    g_free(tab);
    g_free(env_addr);
    g_free(arg_addr);
    return sp;
}
