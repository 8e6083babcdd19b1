/* The command line and the EMU_* environment. One table describes every
 * option; the parser, --help and the man-page test's lists all read it. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "target.h"
#include "gdbstub/gdbstub.h"
#include "plugins/plugin.h"
#include "tcg/jit.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

typedef enum OptionId {
    OPT_HELP,
    OPT_VERSION,
    OPT_SYSROOT,
    OPT_SET_ENV,
    OPT_UNSET_ENV,
    OPT_ARGV0,
    OPT_LOG,
    OPT_LOG_FILE,
    OPT_ONE_INSN,
    OPT_SEED,
    OPT_CPU,
    OPT_STRACE,
    OPT_QEMU_LAYOUT,
    OPT_PLUGIN,
    OPT_GDB,
    OPT_LIST_OPTIONS,
    OPT_LIST_ENV,
    OPT_LOG_APPEND,
    OPT_BACKEND,
} OptionId;

typedef struct Option {
    const char *name;  /* without the dash: "L", "one-insn-per-tb" */
    const char *alias; /* another spelling users type, or NULL */
    const char *arg;   /* what the argument is, NULL for a flag */
    const char *env;   /* EMU_* variable, or NULL */
    OptionId id;
    bool hidden; /* for tests: not in --help, the man page or lists */
    const char *help;
} Option;

static const Option options[] = {
    { "h", "help", NULL, NULL, OPT_HELP, false, "print this help and exit" },
    { "V", "version", NULL, NULL, OPT_VERSION, false,
      "print the version and exit" },
    { "L", NULL, "PATH", "EMU_LD_PREFIX", OPT_SYSROOT, false,
      "load the program's ELF interpreter from under PATH" },
    { "E", NULL, "VAR=VALUE", "EMU_SET_ENV", OPT_SET_ENV, false,
      "set VAR in the program's environment (repeatable)" },
    { "U", NULL, "VAR", "EMU_UNSET_ENV", OPT_UNSET_ENV, false,
      "remove VAR from the program's environment (repeatable)" },
    { "0", NULL, "ARGV0", "EMU_ARGV0", OPT_ARGV0, false,
      "give the program ARGV0 as argv[0]" },
    { "d", NULL, "ITEMS", "EMU_LOG", OPT_LOG, false,
      "log the comma-separated ITEMS (-d help lists them)" },
    { "D", NULL, "FILE", "EMU_LOG_FILENAME", OPT_LOG_FILE, false,
      "write the log to FILE instead of stderr" },
    { "one-insn-per-tb", "singlestep", NULL, "EMU_SINGLESTEP", OPT_ONE_INSN,
      false, "translate one guest instruction per block" },
    { "seed", NULL, "N", "EMU_RAND_SEED", OPT_SEED, false,
      "fix the program's random bytes (AT_RANDOM) by seed N" },
    { "cpu", NULL, "MODEL", "EMU_CPU", OPT_CPU, false,
      "the CPU model to emulate (-cpu help lists them)" },
    { "strace", NULL, NULL, "EMU_STRACE", OPT_STRACE, false,
      "log each system call with its arguments and result" },
    { "qemu-layout", NULL, NULL, "EMU_QEMU_LAYOUT", OPT_QEMU_LAYOUT, false,
      "start the process exactly as qemu-aarch64 -cpu cortex-a53 does "
      "(for lockstep tests)" },
    { "plugin", NULL, "[file=]PATH[,NAME=VALUE]...", "EMU_PLUGIN", OPT_PLUGIN,
      false, "load a plugin (repeatable; see emu-plugins(7))" },
    { "g", NULL, "PORT", "EMU_GDB", OPT_GDB, false,
      "wait for gdb on PORT, HOST:PORT or unix:PATH first" },
    { "backend", NULL, "NAME", "EMU_BACKEND", OPT_BACKEND, false,
      "run translated code with NAME: jit (host code, the default on "
      "x86-64) or interp" },
    { "list-options", NULL, NULL, NULL, OPT_LIST_OPTIONS, true, NULL },
    { "list-env", NULL, NULL, NULL, OPT_LIST_ENV, true, NULL },
    /* Given by execve to the new emu (src/syscall-proc.c). */
    { "log-append", NULL, NULL, NULL, OPT_LOG_APPEND, true, NULL },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/* e_machine of every target emu has, for -cpu and --version. */
static const uint16_t target_machines[] = {
    183, /* EM_AARCH64 */
};

#define N_TARGET_MACHINES (sizeof(target_machines) / sizeof(target_machines[0]))

G_GNUC_PRINTF(1, 2)
G_GNUC_NORETURN static void usage_error(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("emu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'emu --help' for more information.\n", stderr);
    exit(1);
}

static void print_help(FILE *out)
{
    fputs("Usage: emu [options] PROGRAM [ARGS...]\n"
          "Run the Linux program PROGRAM, built for another processor, "
          "by dynamic\ntranslation. PROGRAM's ELF header chooses the "
          "target.\n\n"
          "Options (also with two dashes: --cpu MODEL or --cpu=MODEL):\n",
          out);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const Option *opt = &options[i];
        char *label;
        int width;

        if (opt->hidden) {
            continue;
        }
        label =
            g_strdup_printf("-%s%s%s%s%s", opt->name, opt->alias ? ", -" : "",
                            opt->alias ? opt->alias : "", opt->arg ? " " : "",
                            opt->arg ? opt->arg : "");
        width = (int)strlen(label);
        if (width > 22) {
            fprintf(out, "  %s\n  %-22s %s\n", label, "", opt->help);
        } else {
            fprintf(out, "  %-22s %s\n", label, opt->help);
        }
        g_free(label);
    }
    fputs("\nThe same settings from the environment (the command line "
          "wins):\n",
          out);
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const Option *opt = &options[i];

        if (!opt->hidden && opt->env) {
            fprintf(out, "  %-22s -%s%s%s%s\n", opt->env, opt->name,
                    opt->arg ? " " : "", opt->arg ? opt->arg : "",
                    opt->id == OPT_SET_ENV || opt->id == OPT_UNSET_ENV ? ",..."
                                                                       : "");
        }
    }
    fprintf(out, "  %-22s %s\n", "EMU_XML_DIR",
            "where the target descriptions are (no option)");
    fputs("\nExit status: the program's; 1 when emu itself fails.\n"
          "See emu(1) for more.\n",
          out);
}

static void print_version(FILE *out)
{
    fprintf(out, "emu %s\nTargets:", PACKAGE_VERSION);
    for (size_t i = 0; i < N_TARGET_MACHINES; i++) {
        const Target *t = target_by_elf_machine(target_machines[i]);

        if (t) {
            fprintf(out, " %s", t->name);
        }
    }
    fputs("\nLicense GPL-2.0-or-later: GNU GPL version 2 or later.\n"
          "This is free software: you are free to change and redistribute "
          "it.\nThere is NO WARRANTY, to the extent permitted by law.\n",
          out);
}

/* -cpu help: each target's model and the features it tells the guest it
 * has (AT_HWCAP); anything not listed is not implemented. */
static void print_cpus(FILE *out)
{
    for (size_t i = 0; i < N_TARGET_MACHINES; i++) {
        const Target *t = target_by_elf_machine(target_machines[i]);
        int col;

        if (!t) {
            continue;
        }
        fprintf(out, "%s CPU model:\n  %s\n", t->name, t->cpu_model);
        fputs("Features advertised in AT_HWCAP:\n ", out);
        col = 1;
        for (int bit = 0; bit < 64; bit++) {
            const char *name;
            char buf[16];

            if (!(t->hwcap & (1ull << bit))) {
                continue;
            }
            name = t->hwcap_names ? t->hwcap_names[bit] : NULL;
            if (!name) {
                snprintf(buf, sizeof(buf), "bit%d", bit);
                name = buf;
            }
            if (col + 1 + (int)strlen(name) > 78) {
                fputs("\n ", out);
                col = 1;
            }
            col += fprintf(out, " %s", name);
        }
        fputs("\n", out);
        if (t->hwcap2) {
            fprintf(out, "AT_HWCAP2: 0x%" PRIx64 "\n", t->hwcap2);
        }
    }
}

/* A target's cpu_model is the name -cpu takes, optionally followed by a
 * space and a description for -cpu help. */
static bool cpu_model_known(const char *model)
{
    for (size_t i = 0; i < N_TARGET_MACHINES; i++) {
        const Target *t = target_by_elf_machine(target_machines[i]);
        size_t len;

        if (!t || !t->cpu_model) {
            continue;
        }
        len = strcspn(t->cpu_model, " ");
        if (strlen(model) == len && strncmp(t->cpu_model, model, len) == 0) {
            return true;
        }
    }
    return false;
}

/* Remove entries naming var ("VAR" or "VAR=...") from list, so that a
 * later -E or -U replaces an earlier one whatever order main applies
 * env_set and env_unset in. */
static void env_forget(GPtrArray *list, const char *var, size_t len)
{
    for (guint i = list->len; i-- > 0;) {
        const char *s = g_ptr_array_index(list, i);

        if (strncmp(s, var, len) == 0 && (s[len] == '\0' || s[len] == '=')) {
            g_ptr_array_remove_index(list, i);
        }
    }
}

static void add_set_env(EmuOptions *o, const char *where, const char *s)
{
    const char *eq = strchr(s, '=');

    if (!eq || eq == s) {
        usage_error("%s: '%s' is not VAR=VALUE", where, s);
    }
    env_forget(o->env_set, s, eq - s);
    env_forget(o->env_unset, s, eq - s);
    g_ptr_array_add(o->env_set, g_strdup(s));
}

static void add_unset_env(EmuOptions *o, const char *where, const char *s)
{
    if (!*s || strchr(s, '=')) {
        usage_error("%s: '%s' is not a variable name", where, s);
    }
    env_forget(o->env_set, s, strlen(s));
    env_forget(o->env_unset, s, strlen(s));
    g_ptr_array_add(o->env_unset, g_strdup(s));
}

/* EMU_SET_ENV and EMU_UNSET_ENV hold comma-separated lists. */
static void add_env_list(EmuOptions *o, const char *where, const char *s,
                         bool set)
{
    char **parts = g_strsplit(s, ",", -1);

    for (char **p = parts; *p; p++) {
        if (**p == '\0') {
            continue;
        }
        if (set) {
            add_set_env(o, where, *p);
        } else {
            add_unset_env(o, where, *p);
        }
    }
    g_strfreev(parts);
}

static uint64_t parse_seed(const char *where, const char *s)
{
    char *end;
    unsigned long long v;

    errno = 0;
    while (g_ascii_isspace(*s)) {
        s++;
    }
    if (*s == '-' || *s == '\0') {
        usage_error("%s: '%s' is not a number from 0 to 2^64-1", where, s);
    }
    v = strtoull(s, &end, 0);
    if (errno || *end != '\0') {
        usage_error("%s: '%s' is not a number from 0 to 2^64-1", where, s);
    }
    return v;
}

static bool items_ask_help(const char *items)
{
    char **parts = g_strsplit(items, ",", -1);
    bool help = false;

    for (char **p = parts; *p; p++) {
        help |= strcmp(*p, "help") == 0;
    }
    g_strfreev(parts);
    return help;
}

/* Is an EMU_* flag variable switched on? Set, and neither empty nor 0. */
static bool env_flag_on(const char *value)
{
    return value && *value && strcmp(value, "0") != 0;
}

/* Act on one option. where names it for messages ("-cpu", "EMU_CPU");
 * from_env says value came from the environment. */
static void apply(EmuOptions *o, const Option *opt, const char *where,
                  const char *value, bool from_env)
{
    switch (opt->id) {
    case OPT_HELP:
        print_help(stdout);
        exit(0);
    case OPT_VERSION:
        print_version(stdout);
        exit(0);
    case OPT_LIST_OPTIONS:
        emu_options_list(stdout);
        exit(0);
    case OPT_LIST_ENV:
        emu_options_list_env(stdout);
        exit(0);
    case OPT_SYSROOT:
        if (!g_file_test(value, G_FILE_TEST_IS_DIR)) {
            usage_error("%s: %s: not a directory", where, value);
        }
        o->sysroot = value;
        break;
    case OPT_SET_ENV:
        if (from_env) {
            add_env_list(o, where, value, true);
        } else {
            add_set_env(o, where, value);
        }
        break;
    case OPT_UNSET_ENV:
        if (from_env) {
            add_env_list(o, where, value, false);
        } else {
            add_unset_env(o, where, value);
        }
        break;
    case OPT_ARGV0:
        o->argv0 = value;
        break;
    case OPT_LOG: {
        unsigned mask = 0;
        char *bad = NULL;

        if (items_ask_help(value)) {
            emu_log_print_items(stdout);
            exit(0);
        }
        if (!emu_log_parse(value, &mask, &bad)) {
            fflush(stdout);
            fprintf(stderr,
                    "emu: %s: unknown log item '%s'\n"
                    "Try 'emu -d help' for the list.\n",
                    where, bad ? bad : value);
            exit(1);
        }
        /* The last -d wins, as in qemu-user; -strace adds to it later. */
        o->log_mask = mask;
        break;
    }
    case OPT_LOG_APPEND:
        emu_log_append = true;
        break;
    case OPT_LOG_FILE:
        if (!*value) {
            usage_error("%s: empty file name", where);
        }
        o->log_file = value;
        break;
    case OPT_GDB: {
        char *err = NULL;

        if (!gdb_spec_valid(value, &err)) {
            usage_error("%s %s: %s", where, value, err);
        }
        o->gdb = value;
        break;
    }
    case OPT_ONE_INSN:
        if (!from_env || env_flag_on(value)) {
            o->one_insn_per_tb = true;
        }
        break;
    case OPT_SEED:
        o->seed = parse_seed(where, value);
        o->have_seed = true;
        break;
    case OPT_CPU:
        if (strcmp(value, "help") == 0) {
            print_cpus(stdout);
            exit(0);
        }
        if (!cpu_model_known(value)) {
            usage_error("%s: unknown CPU model '%s' (-cpu help lists them)",
                        where, value);
        }
        o->cpu = value;
        break;
    case OPT_STRACE:
        if (!from_env || env_flag_on(value)) {
            o->strace = true;
        }
        break;
    case OPT_QEMU_LAYOUT:
        if (!from_env || env_flag_on(value)) {
            o->qemu_layout = true;
        }
        break;
    case OPT_BACKEND:
        if (strcmp(value, "interp") == 0) {
            tcg_jit_enabled = false;
        } else if (strcmp(value, "jit") == 0 && TCG_JIT_AVAILABLE) {
            tcg_jit_enabled = true;
        } else if (strcmp(value, "jit") == 0) {
            usage_error("%s: jit: no code generator for this host", where);
        } else {
            usage_error("%s: unknown back end '%s' (jit or interp)", where,
                        value);
        }
        break;
    case OPT_PLUGIN: {
        char *err = NULL;

        /* Kept by the plugin host; loaded once the program is. */
        if (!plugin_add_spec(where, value, &err)) {
            usage_error("%s", err);
        }
        break;
    }
    }
}

/* The option an argument names ("-cpu", "--cpu", "--cpu=x"), or NULL
 * when it is not an option. *value is set for the "=VALUE" form. */
static const Option *lookup(const char *arg, const char **value)
{
    const char *name = arg + 1;
    size_t len;

    *value = NULL;
    if (arg[0] != '-' || arg[1] == '\0') {
        return NULL;
    }
    if (*name == '-') {
        name++;
    }
    len = strcspn(name, "=");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const Option *opt = &options[i];

        if ((strlen(opt->name) == len && !strncmp(opt->name, name, len)) ||
            (opt->alias && strlen(opt->alias) == len &&
             !strncmp(opt->alias, name, len))) {
            if (name[len] == '=') {
                *value = name + len + 1;
            }
            return opt;
        }
    }
    usage_error("%.*s: unknown option", (int)(name + len - arg), arg);
}

typedef struct Given {
    const Option *opt;
    char *where; /* the option as the user spelled it */
    const char *value;
} Given;

void emu_options_parse(int argc, char **argv, EmuOptions *o)
{
    GArray *given = g_array_new(false, false, sizeof(Given));
    bool on_cmdline[N_OPTIONS] = { false };
    int i;

    memset(o, 0, sizeof(*o));
    o->env_set = g_ptr_array_new_with_free_func(g_free);
    o->env_unset = g_ptr_array_new_with_free_func(g_free);
    o->cmdline = g_ptr_array_new_with_free_func(g_free);

    /* First the syntax of the whole command line, so that -h works and
     * a typo is reported whatever the environment holds. */
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        Given g;

        if (strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        g.opt = lookup(arg, &g.value);
        if (!g.opt) {
            break;
        }
        g.where = g.value ? g_strndup(arg, g.value - 1 - arg) : g_strdup(arg);
        if (g.opt->arg && !g.value) {
            if (i + 1 >= argc) {
                usage_error("%s: missing argument %s", g.where, g.opt->arg);
            }
            g.value = argv[++i];
        } else if (!g.opt->arg && g.value) {
            usage_error("%s: takes no argument", g.where);
        }
        on_cmdline[g.opt - options] = true;
        g_array_append_val(given, g);
    }

    /* Asking for help or the version needs no program. */
    for (guint k = 0; k < given->len; k++) {
        Given *g = &g_array_index(given, Given, k);

        if (g->opt->id == OPT_HELP || g->opt->id == OPT_VERSION ||
            g->opt->id == OPT_LIST_OPTIONS || g->opt->id == OPT_LIST_ENV) {
            apply(o, g->opt, g->where, g->value, false);
        }
    }

    /* The environment first, so the command line overrides it; lists
     * (-E, -U, -plugin) take both, the environment's entries first. */
    for (size_t k = 0; k < N_OPTIONS; k++) {
        const Option *opt = &options[k];
        const char *value = opt->env ? g_getenv(opt->env) : NULL;
        bool list = opt->id == OPT_SET_ENV || opt->id == OPT_UNSET_ENV ||
                    opt->id == OPT_PLUGIN;

        /* An empty variable counts as unset, as shells make it easy to
         * leave one empty. */
        if (value && *value && (list || !on_cmdline[k])) {
            apply(o, opt, opt->env, value, true);
        }
    }
    for (guint k = 0; k < given->len; k++) {
        Given *g = &g_array_index(given, Given, k);

        apply(o, g->opt, g->where, g->value, false);
        g_ptr_array_add(o->cmdline,
                        g_strconcat("-", g->opt->name, g->opt->arg ? "=" : "",
                                    g->opt->arg ? g->value : "", NULL));
        g_free(g->where);
    }
    g_array_free(given, true);

    if (o->strace) {
        o->log_mask |= LOG_STRACE;
    } else if (o->log_mask & LOG_STRACE) {
        o->strace = true;
    }

    if (i >= argc) {
        usage_error("no program given");
    }
    o->guest_argc = argc - i;
    o->guest_argv = argv + i;
}

void emu_options_list(FILE *out)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (options[i].hidden) {
            continue;
        }
        fprintf(out, "-%s\n", options[i].name);
        if (options[i].alias) {
            fprintf(out, "-%s\n", options[i].alias);
        }
    }
}

void emu_options_list_env(FILE *out)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (!options[i].hidden && options[i].env) {
            fprintf(out, "%s\n", options[i].env);
        }
    }
    /* Read by the register layer (src/regs.c), not by an option. */
    fprintf(out, "EMU_XML_DIR\n");
}
