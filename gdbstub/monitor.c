/* gdb's "monitor" commands (qRcmd): loading and unloading plugins while
 * the guest is stopped, what the register layer loaded, and the -d log
 * items. Output goes back to gdb's console as O packets. */
#include <stdio.h>
#include <stdlib.h>

#include "plugins/plugin.h"
#include "gdbstub/internal.h"
#include "plugins/plugin.h"
#include "src/linux-user.h"
#include "tcg/tb.h"


/* Send text to gdb's console, in packets of a reasonable size. */
static void console(GdbStub *s, const char *text)
{
    size_t len = strlen(text);

    for (size_t at = 0; at < len; at += 1024) {
        GString *p = g_string_new("O");
        gdb_put_hex(p, text + at, MIN(len - at, (size_t)1024));
        gdb_send_packet(s, p->str, p->len);
        g_string_free(p, TRUE);
    }
}

G_GNUC_PRINTF(2, 3)
static void say(GdbStub *s, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    console(s, text);
    g_free(text);
}

static const char help_text[] =
    "emu monitor commands:\n"
    "  help                      this list\n"
    "  plugin list               the plugins loaded, with their ids\n"
    "  plugin load PATH[,ARGS]   load a plugin now (as -plugin PATH,ARGS)\n"
    "  plugin unload ID          unload plugin ID\n"
    "  info registers-xml        the target description files and features\n"
    "  log ITEMS                 set the -d log items (log none: off;\n"
    "                            log help: the items; log: the current ones)\n";

/* Drop translated code now when that is safe (stopped between blocks),
 * so that what depends on it (a plugin leaving) is done when the command
 * returns; else at the next return to the loop. */
static void flush_now(GdbStub *s)
{
    if (s->cpu->in_exec) {
        tb_flush_request(s->cpu);
    } else {
        tb_flush(s->cpu);
    }
}

static void plugin_list_cmd(GdbStub *s)
{
    GPtrArray *list = plugin_list;
    GString *out = g_string_new(NULL);
    unsigned shown = 0;

    for (guint i = 0; list && i < list->len; i++) {
        Plugin *p = list->pdata[i];

        if (p->gone) {
            continue;
        }
        g_string_append_printf(out, "%" PRIu64 "  %s", (uint64_t)p->id,
                               p->path);
        for (int a = 0; a < p->argc; a++) {
            g_string_append_printf(out, "%s%s", a ? "," : " ", p->argv[a]);
        }
        if (p->dying) {
            g_string_append(out, p->uninstalling ? "  (unloading)"
                                                 : "  (resetting)");
        }
        g_string_append_c(out, '\n');
        shown++;
    }
    if (!shown) {
        g_string_append(out, "no plugins loaded\n");
    }
    console(s, out->str);
    g_string_free(out, TRUE);
}

static bool plugin_cmd(GdbStub *s, char **argv)
{
    char *err = NULL;

    if (!argv[1] || !strcmp(argv[1], "list")) {
        if (argv[1] && argv[2]) {
            say(s, "usage: plugin list\n");
            return false;
        }
        plugin_list_cmd(s);
        return true;
    }
    if (!strcmp(argv[1], "load")) {
        uint64_t id;

        if (!argv[2] || argv[3]) {
            say(s, "usage: plugin load PATH[,NAME=VALUE...]\n");
            return false;
        }
        if (!plugin_load_now(s->cpu, argv[2], &id, &err)) {
            say(s, "emu: plugin load: %s\n", err ? err : "failed");
            g_free(err);
            return false;
        }
        /* Its instrumentation goes into every block from now on. */
        flush_now(s);
        say(s, "plugin %" PRIu64 " loaded: %s\n", id, argv[2]);
        return true;
    }
    if (!strcmp(argv[1], "unload")) {
        char *end;
        uint64_t id;

        if (!argv[2] || argv[3]) {
            say(s, "usage: plugin unload ID\n");
            return false;
        }
        id = strtoull(argv[2], &end, 10);
        if (!*argv[2] || *end) {
            say(s, "emu: plugin unload: '%s' is not a plugin id (see "
                   "monitor plugin list)\n", argv[2]);
            return false;
        }
        Plugin *p = NULL;
        for (guint i = 0; plugin_list && i < plugin_list->len; i++) {
            Plugin *q = plugin_list->pdata[i];
            if ((uint64_t)q->id == id && !q->gone) {
                p = q;
            }
        }
        if (!p) {
            say(s, "emu: plugin unload: no plugin %" PRIu64 " (see monitor "
                   "plugin list)\n", id);
            return false;
        }
        if (p->dying) {
            say(s, "emu: plugin unload: plugin %" PRIu64 " is being unloaded "
                   "already\n", id);
            return false;
        }
        /* As qemu_plugin_uninstall: its callbacks stop now, and it goes
         * with the translated code that calls it, dropped here and now
         * (nothing runs while gdb has the program stopped). */
        plugin_request_removal(p, true, NULL);
        flush_now(s);
        say(s, "plugin %" PRIu64 " unloaded\n", id);
        return true;
    }
    say(s, "emu: plugin: unknown subcommand '%s' (list, load, unload)\n",
        argv[1]);
    return false;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void registers_xml(GdbStub *s)
{
    const RegTable *t = s->regs;
    GString *out = g_string_new(NULL);
    GPtrArray *files = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    const char *feature = NULL;
    unsigned count = 0;

    g_string_append_printf(out, "architecture: %s\ndirectory: %s\nfiles:",
                           t->architecture, t->dir);
    g_hash_table_iter_init(&it, t->files);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_ptr_array_add(files, key);
    }
    g_ptr_array_sort(files, cmp_str);
    for (guint i = 0; i < files->len; i++) {
        g_string_append_printf(out, " %s", (const char *)files->pdata[i]);
    }
    g_ptr_array_free(files, TRUE);
    g_string_append_printf(out, "\nfeatures (%zu registers, regnums 0-%d):\n",
                           t->n, t->max_regnum);
    /* Registers come in XML order, feature after feature. */
    for (size_t i = 0; i <= t->n; i++) {
        const RegInfo *r = i < t->n ? &t->regs[i] : NULL;

        if (feature && (!r || strcmp(r->feature, feature))) {
            g_string_append_printf(out, " (%u registers)\n", count);
            feature = NULL;
        }
        if (!r) {
            break;
        }
        if (!feature) {
            feature = r->feature;
            count = 0;
            g_string_append_printf(out, "  %s: %s", feature, r->name);
        } else if (count < 4) {
            g_string_append_printf(out, " %s", r->name);
        } else if (count == 4) {
            g_string_append(out, " ...");
        }
        count++;
    }
    console(s, out->str);
    g_string_free(out, TRUE);
}

static bool log_cmd(GdbStub *s, char **argv)
{
    unsigned mask = 0;
    char *bad = NULL;

    if (argv[1] && argv[2]) {
        say(s, "usage: log ITEMS (comma-separated, no spaces)\n");
        return false;
    }
    if (!argv[1] || !strcmp(argv[1], "help")) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        if (f) {
            emu_log_print_items(f);
            fclose(f);
            if (!argv[1]) {
                /* Just the current items, from the list's names. */
                GString *cur = g_string_new("log items now:");
                char **lines = g_strsplit(buf, "\n", -1);
                for (char **l = lines + 1; *l && **l; l++) {
                    char *name = g_strndup(*l, strcspn(*l, " "));
                    unsigned m = 0;
                    if (emu_log_parse(name, &m, NULL) && (m & emu_log_mask)) {
                        g_string_append_printf(cur, " %s", name);
                    }
                    g_free(name);
                }
                g_strfreev(lines);
                if (!emu_log_mask) {
                    g_string_append(cur, " none");
                }
                g_string_append_c(cur, '\n');
                console(s, cur->str);
                g_string_free(cur, TRUE);
            } else {
                console(s, buf);
            }
            free(buf);
        }
        return true;
    }
    if (strcmp(argv[1], "none") != 0 && !emu_log_parse(argv[1], &mask, &bad)) {
        say(s, "emu: log: unknown log item '%s' (monitor log help lists "
               "them)\n", bad ? bad : argv[1]);
        g_free(bad);
        return false;
    }
    emu_log_mask = mask;
    linux_strace = (mask & LOG_STRACE) != 0;
    /* Blocks are made (and chained) according to the items: start
     * afresh so that in_asm shows them and cpu sees every one. */
    flush_now(s);
    say(s, "log items set to %s\n", argv[1]);
    return true;
}

bool gdb_monitor(GdbStub *s, const char *cmd)
{
    char **argv = g_strsplit_set(cmd, " \t\n", -1);
    GPtrArray *words = g_ptr_array_new();
    bool ok = true;

    for (char **a = argv; *a; a++) {
        if (**a) {
            g_ptr_array_add(words, *a);
        }
    }
    g_ptr_array_add(words, NULL);
    char **w = (char **)words->pdata;

    if (!w[0] || !strcmp(w[0], "help")) {
        console(s, help_text);
    } else if (!strcmp(w[0], "plugin")) {
        ok = plugin_cmd(s, w);
    } else if (!strcmp(w[0], "info") && w[1] &&
               !strcmp(w[1], "registers-xml") && !w[2]) {
        registers_xml(s);
    } else if (!strcmp(w[0], "log")) {
        ok = log_cmd(s, w);
    } else {
        say(s, "emu: unknown monitor command '%s' (monitor help lists "
               "them)\n", cmd);
        ok = false;
    }
    g_ptr_array_free(words, TRUE);
    g_strfreev(argv);
    return ok;
}
