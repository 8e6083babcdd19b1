/* Test plugin: system calls. Prints the entry of each write with its
 * arguments and the bytes it writes (read from guest memory), the result
 * of each write and of the skipped call, and skips system call skip=N
 * (default 172, getpid) with result ret=V (default 4242). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define NR_write 64

static int64_t skip_nr = 172;
static uint64_t skip_ret = 4242;
static GByteArray *mem;
static uint64_t entries, returns;

static void on_entry(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                     uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                     uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    entries++;
    if (num != NR_write) {
        return;
    }
    char *s = g_strdup_printf("SYS write fd=%" PRIu64 " len=%" PRIu64
                              " text=", a1, a3);
    GString *line = g_string_new(s);
    g_free(s);
    if (qemu_plugin_read_memory_vaddr(a2, mem, a3)) {
        for (guint i = 0; i < mem->len; i++) {
            char c = (char)mem->data[i];
            g_string_append_c(line, c == '\n' ? '|' : c);
        }
    } else {
        g_string_append(line, "(unreadable)");
    }
    g_string_append_c(line, '\n');
    qemu_plugin_outs(line->str);
    g_string_free(line, TRUE);
}

static void on_return(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                      int64_t ret)
{
    returns++;
    if (num == NR_write || num == skip_nr) {
        char *s = g_strdup_printf("SYS ret num=%" PRId64 " ret=%" PRId64 "\n",
                                  num, ret);
        qemu_plugin_outs(s);
        g_free(s);
    }
}

static bool filter(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                   uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                   uint64_t *sysret)
{
    if (num != skip_nr) {
        return false;
    }
    *sysret = skip_ret;
    return true;
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    /* exit_group has an entry and no return. */
    char *s = g_strdup_printf("SYS entries=%" PRIu64 " returns=%" PRIu64
                              "\n", entries, returns);
    qemu_plugin_outs(s);
    g_free(s);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "skip=", 5)) {
            skip_nr = strtoll(argv[i] + 5, NULL, 0);
        } else if (!strncmp(argv[i], "ret=", 4)) {
            skip_ret = strtoull(argv[i] + 4, NULL, 0);
        }
    }
    mem = g_byte_array_new();
    qemu_plugin_register_vcpu_syscall_cb(id, on_entry);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_return);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
