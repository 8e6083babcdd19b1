/* Common definitions for every part of emu: includes, branch hints,
 * fatal errors and the run-time log (-d ITEMS, -D FILE). */
#ifndef EMU_H
#define EMU_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Log items selected with -d; each is one bit. */
enum {
    LOG_IN_ASM  = 1u << 0,
    LOG_OP      = 1u << 1,
    LOG_CPU     = 1u << 2,
    LOG_EXEC    = 1u << 3,
    LOG_NOCHAIN = 1u << 4,
    LOG_UNIMP   = 1u << 5,
    LOG_STRACE  = 1u << 6,
    LOG_PLUGIN  = 1u << 7,
    LOG_FPU     = 1u << 8,
    LOG_TBEND   = 1u << 9,
};

extern unsigned emu_log_mask;   /* items from -d */
extern FILE *emu_log_file;      /* -D FILE, or stderr */
extern const char *emu_prog;    /* "emu", for messages */

static inline bool emu_log_enabled(unsigned mask)
{
    return unlikely(emu_log_mask & mask);
}

/* Print to the log (stderr unless -D). */
void emu_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Log under LOG_UNIMP, once per distinct key (e.g. a syscall number or
 * an instruction word): "emu: <message>". */
void emu_log_unimp_once(uint64_t key, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* Parse a -d list ("in_asm,cpu"); false with *bad set to the first
 * unknown item. "help" is handled by the caller. */
bool emu_log_parse(const char *items, unsigned *mask, char **bad);
/* Print the list of -d items with one line of help each. */
void emu_log_print_items(FILE *out);
/* Open -D FILE (NULL means stderr). false with errno set on failure. */
bool emu_log_set_file(const char *path);
/* Set before: open FILE without truncating it (a new emu after execve). */
extern bool emu_log_append;

/* A user-caused error: "emu: <message>" on stderr, exit status 1. */
void emu_fatal(const char *fmt, ...) G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN;
/* A warning: "emu: <message>" on stderr; goes on. */
void emu_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif
