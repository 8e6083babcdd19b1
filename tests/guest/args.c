/* What a program finds when it starts: argc, argv, the environment and
 * the auxiliary vector, printed so emu and qemu-aarch64 can be compared.
 * "args --layout" adds where things sit on the initial stack. */
#include <elf.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "guest-util.h"

extern char _start[];

/* What depends on the emulator's CPU model or kernel version goes on
 * lines starting "model:", which tests/run-guest.sh leaves out of the
 * comparison: the AT_HWCAP bits qemu's cortex-a53 and emu disagree on
 * (evtstrm, aes, pmull, sha1, sha2), and AT_MINSIGSTKSZ, which Linux
 * gives since 5.14 and qemu 7.2 does not. */
#define HWCAP_MODEL_BITS 0x7cul

static const char *const hwcap_names[] = {
    "fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32",
    "atomics", "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma",
    "lrcpc", "dcpop", "sha3", "sm3", "sm4", "asimddp", "sha512", "sve",
    "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb", "paca",
    "pacg",
};

static const char *at_name(uint64_t type)
{
    switch (type) {
    case AT_NULL: return "AT_NULL";
    case AT_PHDR: return "AT_PHDR";
    case AT_PHENT: return "AT_PHENT";
    case AT_PHNUM: return "AT_PHNUM";
    case AT_PAGESZ: return "AT_PAGESZ";
    case AT_BASE: return "AT_BASE";
    case AT_FLAGS: return "AT_FLAGS";
    case AT_ENTRY: return "AT_ENTRY";
    case AT_UID: return "AT_UID";
    case AT_EUID: return "AT_EUID";
    case AT_GID: return "AT_GID";
    case AT_EGID: return "AT_EGID";
    case AT_PLATFORM: return "AT_PLATFORM";
    case AT_HWCAP: return "AT_HWCAP";
    case AT_CLKTCK: return "AT_CLKTCK";
    case AT_SECURE: return "AT_SECURE";
    case AT_RANDOM: return "AT_RANDOM";
    case AT_HWCAP2: return "AT_HWCAP2";
    case AT_EXECFN: return "AT_EXECFN";
    case AT_SYSINFO_EHDR: return "AT_SYSINFO_EHDR";
    case AT_MINSIGSTKSZ: return "AT_MINSIGSTKSZ";
    default: return "unknown";
    }
}

static void print_hwcap(uint64_t hwcap)
{
    printf("AT_HWCAP common bits     0x%" PRIx64 "\n",
           hwcap & ~HWCAP_MODEL_BITS);
    printf("model: AT_HWCAP bits:");
    for (int i = 0; i < 64; i++) {
        if (hwcap >> i & 1 && (HWCAP_MODEL_BITS >> i & 1)) {
            printf(" %s", hwcap_names[i]);
        }
    }
    printf("\n");
    CHECK(hwcap & 1);           /* fp */
    CHECK(hwcap & 2);           /* asimd */
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv, char **envp)
{
    int layout = argc > 1 && !strcmp(argv[1], "--layout");
    char **p;

    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] \"%s\"\n", i, argv[i]);
    }
    CHECK(argv[argc] == NULL);
    CHECK(envp == argv + argc + 1);

    /* run-guest.sh gives a fixed environment, so it is all printed;
     * sorted, because qemu-aarch64 hands it over in reverse order
     * (Linux keeps the order). */
    int envc = 0;
    for (p = envp; *p; p++) {
        envc++;
    }
    char **sorted = calloc(envc + 1, sizeof *sorted);
    memcpy(sorted, envp, envc * sizeof *sorted);
    qsort(sorted, envc, sizeof *sorted, cmp_str);
    for (int i = 0; i < envc; i++) {
        printf("env \"%s\"\n", sorted[i]);
    }
    free(sorted);
    printf("envc %d\n", envc);
    const char *v = getenv("GUEST_TEST_VAR");
    printf("getenv GUEST_TEST_VAR %s\n", v ? v : "(unset)");

    /* The auxiliary vector follows the environment's NULL. */
    Elf64_auxv_t *auxv = (Elf64_auxv_t *)(p + 1);
    printf("auxv order (without AT_MINSIGSTKSZ):");
    for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++) {
        if (a->a_type != AT_MINSIGSTKSZ) {
            printf(" %s", at_name(a->a_type));
        }
    }
    printf("\n");

    for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++) {
        uint64_t val = a->a_un.a_val;
        const char *name = at_name(a->a_type);
        switch (a->a_type) {
        case AT_HWCAP:
            print_hwcap(val);
            break;
        case AT_PLATFORM:
        case AT_EXECFN:
            printf("%-24s \"%s\"\n", name, (const char *)val);
            break;
        case AT_RANDOM:
            printf("%-24s %s\n", name, val ? "non-null" : "NULL");
            CHECK(val != 0);
            break;
        case AT_MINSIGSTKSZ:
            printf("model: %-17s %" PRIu64 "\n", name, val);
            break;
        case AT_SYSINFO_EHDR:
            printf("%-24s %s\n", name, val ? "present" : "NULL");
            break;
        case AT_ENTRY:
            printf("%-24s %s\n", "AT_ENTRY == _start",
                   val == (uintptr_t)_start ? "yes" : "NO");
            CHECK(val == (uintptr_t)_start);
            break;
        case AT_PHDR: {
            /* It must point at this program's own headers. */
            const Elf64_Phdr *ph = (const Elf64_Phdr *)val;
            unsigned long n = getauxval(AT_PHNUM);
            printf("%-24s", "AT_PHDR p_types");
            for (unsigned long i = 0; i < n && i < 32; i++) {
                printf(" %x", ph[i].p_type);
            }
            printf("\n");
            break;
        }
        default:
            printf("%-24s %" PRIu64 "\n", name, val);
            break;
        }
    }

    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(getauxval(AT_PHENT) == sizeof(Elf64_Phdr));
    CHECK(getauxval(AT_UID) == getuid());
    CHECK(getauxval(AT_EUID) == geteuid());
    CHECK(getauxval(AT_GID) == getgid());
    CHECK(getauxval(AT_EGID) == getegid());
    CHECK(getauxval(AT_SECURE) == 0);
    CHECK(getauxval(AT_BASE) == 0);     /* static: no interpreter */
    CHECK(getauxval(AT_CLKTCK) == 100);
    CHECK(strcmp((const char *)getauxval(AT_PLATFORM), "aarch64") == 0);
    CHECK(sysconf(_SC_PAGESIZE) == 4096);

    /* The initial stack pointer (just below argc) is 16-byte aligned. */
    uintptr_t sp = (uintptr_t)argv - 8;
    printf("initial sp 16-byte aligned: %s\n", sp % 16 ? "NO" : "yes");
    CHECK(sp % 16 == 0);

    if (layout) {
        /* Where each emulator put things: equal only if their initial
         * process layouts are equal (what lockstep traces need). */
        uintptr_t base = (uintptr_t)argv;
        const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
        printf("layout: sp %#lx\n", (unsigned long)sp);
        printf("layout: argv[0] string at sp%+ld\n",
               (long)((uintptr_t)argv[0] - base));
        if (envc) {
            printf("layout: envp[0] string at sp%+ld\n",
                   (long)((uintptr_t)envp[0] - base));
        }
        printf("layout: AT_EXECFN at sp%+ld\n",
               (long)(getauxval(AT_EXECFN) - base));
        printf("layout: AT_PLATFORM at sp%+ld\n",
               (long)(getauxval(AT_PLATFORM) - base));
        printf("layout: AT_RANDOM at sp%+ld, bytes",
               (long)((uintptr_t)r - base));
        for (int i = 0; i < 16; i++) {
            printf(" %02x", r[i]);
        }
        printf("\n");
        printf("layout: AT_PHDR %#lx\n", getauxval(AT_PHDR));
    }
    return guest_exit();
}
