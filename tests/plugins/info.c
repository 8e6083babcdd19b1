/* Test plugin: what a plugin learns about emu and the guest, and the API
 * functions that answer without instrumenting: install information and
 * arguments, bool parsing, time control, the program's path and code
 * addresses, the physical-address functions (user mode: none), scoreboard
 * arithmetic, and the queries on a translated block. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static bool block_seen;
static uint64_t discons;

static void say(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_plugin_outs(s);
    g_free(s);
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    if (block_seen) {
        return;
    }
    block_seen = true;
    size_t n = qemu_plugin_tb_n_insns(tb);
    int bad = 0;
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t data[8];
        size_t len = qemu_plugin_insn_data(insn, data, sizeof(data));
        bad += qemu_plugin_insn_vaddr(insn) != pc;
        bad += qemu_plugin_insn_size(insn) != 4 || len != 4;
        bad += memcmp(data, qemu_plugin_insn_haddr(insn), 4) != 0;
        bad += qemu_plugin_insn_data(insn, data, 2) != 2;
        pc += qemu_plugin_insn_size(insn);
    }
    bad += qemu_plugin_tb_get_insn(tb, n) != NULL;
    char *d = qemu_plugin_insn_disas(qemu_plugin_tb_get_insn(tb, 0));
    const char *sym = qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
    say("info: first block at 0x%" PRIx64 ", %zu insns, %d bad; first: %s "
        "in %s\n", qemu_plugin_tb_vaddr(tb), n, bad, d, sym ? sym : "-");
    g_free(d);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    const char *path = qemu_plugin_path_to_binary();
    say("info: binary %s\n", path);
    g_free((char *)path);
    say("info: code 0x%" PRIx64 "-0x%" PRIx64 " entry 0x%" PRIx64 "\n",
        qemu_plugin_start_code(), qemu_plugin_end_code(),
        qemu_plugin_entry_code());

    GByteArray *b = g_byte_array_new();
    uint64_t hw = 1;
    say("info: hwaddr read %d write %d translate %d\n",
        qemu_plugin_read_memory_hwaddr(0x1000, b, 4),
        qemu_plugin_write_memory_hwaddr(0x1000, b),
        qemu_plugin_translate_vaddr(qemu_plugin_entry_code(), &hw));
    bool r = qemu_plugin_read_memory_vaddr(qemu_plugin_entry_code(), b, 4);
    say("info: read entry %d (%u bytes), read 0 %d\n", r, b->len,
        qemu_plugin_read_memory_vaddr(0, b, 4));
    g_byte_array_free(b, TRUE);

    struct qemu_plugin_scoreboard *sb = qemu_plugin_scoreboard_new(24);
    qemu_plugin_u64 e = { sb, 8 };
    uint64_t *slot = qemu_plugin_scoreboard_find(sb, vcpu);
    qemu_plugin_u64_set(e, vcpu, 40);
    qemu_plugin_u64_add(e, vcpu, 2);
    say("info: scoreboard get %" PRIu64 " sum %" PRIu64 " slot %" PRIu64
        " first %" PRIu64 "\n", qemu_plugin_u64_get(e, vcpu),
        qemu_plugin_u64_sum(e), slot[1], slot[0]);
    qemu_plugin_scoreboard_free(sb);
}

static void discon(qemu_plugin_id_t id, unsigned int vcpu,
                   enum qemu_plugin_discon_type type, uint64_t from,
                   uint64_t to)
{
    discons++;
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    say("info: atexit %s, discontinuities %" PRIu64 "\n", (const char *)ud,
        discons);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    say("info: install id %s, target %s, versions %d-%d, system %d, "
        "vcpus %d\n", id ? "nonzero" : "zero", info->target_name,
        info->version.min, info->version.cur, info->system_emulation,
        qemu_plugin_num_vcpus());
    for (int i = 0; i < argc; i++) {
        say("info: arg %s\n", argv[i]);
    }
    static const char *const words[] = { "on", "yes", "true", "y", "off",
                                         "no", "false", "n", "maybe", "" };
    GString *s = g_string_new("info: bool");
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        bool v = false;
        bool ok = qemu_plugin_bool_parse("x", words[i], &v);
        g_string_append_printf(s, " %s=%s", words[i],
                               ok ? (v ? "1" : "0") : "invalid");
    }
    g_string_append_c(s, '\n');
    qemu_plugin_outs(s->str);
    g_string_free(s, TRUE);

    const void *t1 = qemu_plugin_request_time_control();
    const void *t2 = qemu_plugin_request_time_control();
    qemu_plugin_update_ns(t1, 1000000);
    say("info: time control %s then %s\n", t1 ? "granted" : "refused",
        t2 ? "granted" : "refused");

    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, discon);
    qemu_plugin_register_atexit_cb(id, at_exit, "ran");
    return 0;
}
