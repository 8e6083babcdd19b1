/* Deaths by signal: "segv HOW" does one thing Linux answers with a fatal
 * signal, after a line on stdout. The shell must see the same status
 * (killed by SIGSEGV, SIGILL, SIGTRAP) under emu as under qemu-aarch64.
 * HOW: unmapped (touch memory after munmap), null, readonly (write after
 * mprotect PROT_READ), rodata (write to a string literal), noexec (jump
 * into a page mapped without PROT_EXEC), udf (a permanently undefined
 * instruction: SIGILL), brk (a BRK instruction: SIGTRAP). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static void say(const char *how)
{
    printf("segv: %s, about to die\n", how);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "unmapped";
    volatile uint8_t *p;

    if (!strcmp(how, "unmapped")) {
        p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[0] = 1;
        p[PAGE] = 2;
        munmap((void *)p, 2 * PAGE);
        say(how);
        p[PAGE] = 3;
    } else if (!strcmp(how, "null")) {
        p = (volatile uint8_t *)(uintptr_t)argc - argc;
        say(how);
        printf("%d\n", *p);
    } else if (!strcmp(how, "readonly")) {
        p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p[10] = 1;
        mprotect((void *)p, PAGE, PROT_READ);
        printf("segv: still readable: %d\n", p[10]);
        say(how);
        p[10] = 2;
    } else if (!strcmp(how, "rodata")) {
        volatile char *s = (volatile char *)"a string literal";
        say(how);
        s[0] = 'A';
    } else if (!strcmp(how, "noexec")) {
        uint32_t *code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        code[0] = 0xd65f03c0;   /* ret */
        say(how);
        ((void (*)(void))code)();
    } else if (!strcmp(how, "udf")) {
        say(how);
        __asm__ volatile(".inst 0x00000000");   /* udf #0 */
    } else if (!strcmp(how, "brk")) {
        say(how);
        __asm__ volatile("brk #0x3e8");
    } else {
        fprintf(stderr, "segv: unknown way to die: %s\n", how);
        return 2;
    }
    printf("segv: %s: still alive, which is wrong\n", how);
    return 1;
}
