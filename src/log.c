/* The run-time log: -d items and -D file, and the messages every part of
 * emu prints. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "src/emu.h"

unsigned emu_log_mask;
FILE *emu_log_file;
bool emu_log_append;
const char *emu_prog = "emu";

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "guest code of each block translated, "
                            "disassembled" },
    { "op", LOG_OP, "the IR of each block translated" },
    { "cpu", LOG_CPU, "registers before each block runs (disables "
                      "chaining)" },
    { "fpu", LOG_FPU, "with cpu: FP/SIMD registers too" },
    { "exec", LOG_EXEC, "each block as it runs (disables chaining)" },
    { "nochain", LOG_NOCHAIN, "do not chain blocks to each other" },
    { "tbend", LOG_TBEND, "end blocks at every conditional branch, as QEMU "
                          "does" },
    { "unimp", LOG_UNIMP, "unimplemented instructions and syscalls, once "
                          "each" },
    { "strace", LOG_STRACE, "each syscall, as -strace" },
    { "plugin", LOG_PLUGIN, "plugin output (goes to the log anyway)" },
};

static FILE *log_out(void)
{
    return emu_log_file ? emu_log_file : stderr;
}

void emu_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_out(), fmt, ap);
    va_end(ap);
}

void emu_log_unimp_once(uint64_t key, const char *fmt, ...)
{
    static GHashTable *seen;
    if (!emu_log_enabled(LOG_UNIMP)) {
        return;
    }
    if (!seen) {
        seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                     NULL);
    }
    if (g_hash_table_contains(seen, &key)) {
        return;
    }
    g_hash_table_add(seen, g_memdup2(&key, sizeof(key)));
    va_list ap;
    va_start(ap, fmt);
    fprintf(log_out(), "%s: ", emu_prog);
    vfprintf(log_out(), fmt, ap);
    fputc('\n', log_out());
    va_end(ap);
}

bool emu_log_parse(const char *items, unsigned *mask, char **bad)
{
    char **parts = g_strsplit(items, ",", -1);
    unsigned m = 0;
    bool ok = true;
    for (char **p = parts; *p && ok; p++) {
        if (!**p) {
            continue;
        }
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
            if (!strcmp(*p, log_items[i].name)) {
                m |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            if (bad) {
                *bad = g_strdup(*p);
            }
            ok = false;
        }
    }
    g_strfreev(parts);
    if (ok) {
        *mask = m;
    }
    return ok;
}

void emu_log_print_items(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
        fprintf(out, "%-10s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool emu_log_set_file(const char *path)
{
    if (!path) {
        emu_log_file = stderr;
        return true;
    }
    /* Appending: a new emu after the guest's execve writes to the same
     * file as the processes still running, and none must overwrite or
     * truncate what the others wrote. */
    FILE *f = fopen(path, emu_log_append ? "a" : "w");
    if (!f) {
        return false;
    }
    fcntl(fileno(f), F_SETFL, O_APPEND);
    /* Fully buffered: -d cpu writes a dozen lines per instruction. Every
     * way out flushes it (linux_exit, a guest fatal signal, a crash). */
    setvbuf(f, NULL, _IOFBF, 1 << 16);
    emu_log_file = f;
    return true;
}

void emu_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", emu_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

void emu_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", emu_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
