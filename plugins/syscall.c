/* syscall.so: counts the guest's system calls and their failures, per
 * call, and with print=on shows each call and what it returned. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "qemu-plugin.h"
#include "../src/syscall-nr.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct SyscallStats {
    int64_t num;
    uint64_t calls;
    uint64_t errors;
} SyscallStats;

static GHashTable *stats;      /* num -> SyscallStats */
static GMutex stats_lock;
static bool do_print;
/* Names for the asm-generic numbers, which aarch64 uses; other guests
 * get numbers only. */
static bool generic_numbers;

static const char *const generic_names[SYSCALL_NR_COUNT] = {
#define NAME(nr, name) [nr] = #name,
    SYSCALL_LIST(NAME)
#undef NAME
};

/* The call's name, or NULL when this plugin does not know it. */
static const char *syscall_name(int64_t num)
{
    if (generic_numbers && num >= 0 && num < SYSCALL_NR_COUNT) {
        return generic_names[num];
    }
    return NULL;
}

static void format_name(char *buf, size_t len, int64_t num)
{
    const char *name = syscall_name(num);

    if (name) {
        snprintf(buf, len, "%s", name);
    } else {
        snprintf(buf, len, "syscall_%" PRId64, num);
    }
}

static SyscallStats *stats_for(int64_t num)
{
    SyscallStats *s = g_hash_table_lookup(stats, &num);

    if (!s) {
        s = g_new0(SyscallStats, 1);
        s->num = num;
        g_hash_table_insert(stats, &s->num, s);
    }
    return s;
}

static void syscall_entry(qemu_plugin_id_t id, unsigned int vcpu_index,
                          int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                          uint64_t a8)
{
    g_mutex_lock(&stats_lock);
    stats_for(num)->calls++;
    g_mutex_unlock(&stats_lock);

    if (do_print) {
        char name[32], line[256];
        format_name(name, sizeof(name), num);
        snprintf(line, sizeof(line), "vcpu %u: %s(0x%" PRIx64 ", 0x%" PRIx64
                 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
                 ")\n", vcpu_index, name, a1, a2, a3, a4, a5, a6);
        qemu_plugin_outs(line);
    }
}

static void syscall_return(qemu_plugin_id_t id, unsigned int vcpu_index,
                           int64_t num, int64_t ret)
{
    /* Linux returns failures as -errno, from -4095 to -1. */
    if (ret < 0 && ret >= -4095) {
        g_mutex_lock(&stats_lock);
        stats_for(num)->errors++;
        g_mutex_unlock(&stats_lock);
    }
    if (do_print) {
        char name[32], line[128];
        format_name(name, sizeof(name), num);
        snprintf(line, sizeof(line), "vcpu %u: %s = %" PRId64 " (0x%" PRIx64
                 ")\n", vcpu_index, name, ret, (uint64_t)ret);
        qemu_plugin_outs(line);
    }
}

/* Most called first; equal counts by number. */
static gint stats_order(gconstpointer a, gconstpointer b)
{
    const SyscallStats *x = *(SyscallStats *const *)a;
    const SyscallStats *y = *(SyscallStats *const *)b;

    if (x->calls != y->calls) {
        return x->calls > y->calls ? -1 : 1;
    }
    return x->num < y->num ? -1 : x->num > y->num;
}

static void plugin_exit(qemu_plugin_id_t id, void *userdata)
{
    GString *out = g_string_new(NULL);
    GPtrArray *all = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    g_mutex_lock(&stats_lock);
    g_hash_table_iter_init(&it, stats);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(all, value);
    }
    g_ptr_array_sort(all, stats_order);
    g_string_append_printf(out, "%5s  %-24s %10s %10s\n", "nr", "syscall",
                           "calls", "errors");
    for (guint i = 0; i < all->len; i++) {
        SyscallStats *s = g_ptr_array_index(all, i);
        char name[32];
        format_name(name, sizeof(name), s->num);
        g_string_append_printf(out, "%5" PRId64 "  %-24s %10" PRIu64 " %10"
                               PRIu64 "\n", s->num, name, s->calls,
                               s->errors);
    }
    g_mutex_unlock(&stats_lock);
    qemu_plugin_outs(out->str);
    g_string_free(out, TRUE);
    g_ptr_array_free(all, TRUE);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        g_autofree char *key = eq ? g_strndup(argv[i], eq - argv[i])
                                  : g_strdup(argv[i]);
        const char *val = eq ? eq + 1 : "";

        if (strcmp(key, "print") == 0) {
            if (!qemu_plugin_bool_parse(key, val, &do_print)) {
                fprintf(stderr, "syscall: print=%s: expected on or off\n",
                        val);
                return -1;
            }
        } else {
            fprintf(stderr, "syscall: unknown argument '%s' (known: "
                    "print=on|off)\n", argv[i]);
            return -1;
        }
    }

    generic_numbers = info->target_name &&
                      (strcmp(info->target_name, "aarch64") == 0 ||
                       strcmp(info->target_name, "riscv64") == 0 ||
                       strcmp(info->target_name, "riscv:rv64") == 0);
    stats = g_hash_table_new(g_int64_hash, g_int64_equal);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_entry);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, syscall_return);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
