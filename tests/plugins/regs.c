/* Test plugin: registers by name. At the guest's marker (hint #90, found
 * at translation and hooked with emu_plugin_register_vcpu_pc_cb, which
 * retranslates the block already made) it reads every register the guest
 * set and checks each value, then writes x5, v7, tpidr, cpsr and fpcr for
 * the guest to print. It also checks the access rules: no reads in a
 * NO_REGS callback, no writes in an R_REGS one, never the pc through
 * write_register; at hint #91 it moves the pc with set_pc; after hint #92
 * it changes a register between a compare and the branch that uses it. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <emu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define HINT(n) (0xd503201fu | (n) << 5)

static qemu_plugin_id_t me;
static GArray *regs;             /* qemu_plugin_reg_descriptor */
static GByteArray *buf;
static uint64_t marker_pc;
static int checked, wrong;

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

static struct qemu_plugin_register *by_name(const char *name)
{
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(d->name, name)) {
            return d->handle;
        }
    }
    return NULL;
}

/* Read name through the QEMU API and compare len bytes with want. */
static void check(const char *name, const void *want, size_t len)
{
    struct qemu_plugin_register *r = by_name(name);
    checked++;
    g_byte_array_set_size(buf, 0);
    if (!r || !qemu_plugin_read_register(r, buf) || buf->len != len ||
        memcmp(buf->data, want, len)) {
        wrong++;
        say("regs: WRONG %s\n", name);
        return;
    }
    /* The extension agrees, raw and as an integer. */
    uint8_t raw[16];
    if (emu_plugin_find_register(name) != r ||
        emu_plugin_read_register_raw(r, raw, sizeof(raw)) != len ||
        memcmp(raw, want, len) ||
        (len <= 8 && emu_plugin_read_register_u64(r) !=
                     (len == 8 ? *(const uint64_t *)want
                               : *(const uint32_t *)want))) {
        wrong++;
        say("regs: WRONG (extension) %s\n", name);
    }
}

static void check_u64(const char *name, uint64_t v)
{
    check(name, &v, 8);
}

static void check_u32(const char *name, uint32_t v)
{
    check(name, &v, 4);
}

static bool write_reg(const char *name, const void *v, size_t len)
{
    g_byte_array_set_size(buf, 0);
    g_byte_array_append(buf, v, (guint)len);
    return qemu_plugin_write_register(by_name(name), buf);
}

/* The pc hook at the marker: every register the guest set. */
static void at_marker(unsigned int vcpu, void *ud)
{
    char name[8];
    for (unsigned n = 0; n <= 30; n++) {
        uint64_t v = (uint64_t)(0x3c00 | n) << 48 | (uint64_t)(0x5a00 | n)
                     << 32 | (uint64_t)(0xa500 | n) << 16 | (0xc300 | n);
        snprintf(name, sizeof(name), "x%u", n);
        check_u64(name, v);
    }
    for (unsigned n = 0; n < 32; n++) {
        uint64_t v[2] = { 0x0011223344556677ull ^ (n * 0x0101010101010101ull),
                          0x8899aabbccddeeffull ^
                              (n * 0x1010101010101010ull) };
        snprintf(name, sizeof(name), "v%u", n);
        check(name, v, 16);
    }
    check_u32("fpcr", 0x03800000);
    check_u32("fpsr", 0x0800009f);
    check_u64("tpidr", 0x0123456789abcdefull);
    check_u64("pc", marker_pc);
    /* cpsr: NZCV in bits 31:28, EL0. */
    struct qemu_plugin_register *cpsr = by_name("cpsr");
    g_byte_array_set_size(buf, 0);
    checked++;
    if (!qemu_plugin_read_register(cpsr, buf) || buf->len != 4 ||
        (*(uint32_t *)buf->data >> 28) != 0xa) {
        wrong++;
        say("regs: WRONG cpsr\n");
    }
    /* Aliases and case. */
    checked++;
    if (emu_plugin_find_register("fp") != by_name("x29") ||
        emu_plugin_find_register("LR") != by_name("x30") ||
        emu_plugin_find_register("no-such-reg") != NULL) {
        wrong++;
        say("regs: WRONG aliases\n");
    }
    say("regs: %d registers checked, %d wrong\n", checked, wrong);

    /* sp is the guest's; any 16-byte aligned stack address. */
    uint64_t sp = emu_plugin_read_register_u64(by_name("sp"));
    say("regs: sp %s\n", sp && !(sp & 15) ? "ok" : "WRONG");

    /* The pc cannot be written this way, nor with a short buffer. */
    uint64_t pc = marker_pc + 4;
    say("regs: write pc %s\n", write_reg("pc", &pc, 8) ? "ACCEPTED"
                                                         : "refused");
    say("regs: short write %s\n",
        write_reg("x5", &pc, 4) ? "ACCEPTED" : "refused");

    uint64_t x5 = 0x1122334455667788ull;
    uint64_t v7[2] = { 0xfeedfacecafebeefull, 0x0badf00ddeadc0deull };
    uint64_t tpidr = 0x7777666655554444ull;
    uint32_t cpsr_v = 0x60000000, fpcr = 0x00400000;
    bool ok = write_reg("x5", &x5, 8) && write_reg("v7", v7, 16) &&
              emu_plugin_write_register_raw(by_name("tpidr"), &tpidr, 8) &&
              write_reg("cpsr", &cpsr_v, 4) && write_reg("fpcr", &fpcr, 4);
    say("regs: writes %s\n", ok ? "done" : "FAILED");
}

/* R_REGS: reads work, writes do not. */
static void read_only(unsigned int vcpu, void *ud)
{
    uint64_t x0 = emu_plugin_read_register_u64(by_name("x0"));
    uint64_t v = 1;
    bool w = write_reg("x1", &v, 8) ||
             emu_plugin_write_register_raw(by_name("x1"), &v, 8);
    say("regs: R_REGS read %s, write %s\n",
        x0 == 0x3c005a00a500c300ull ? "ok" : "WRONG",
        w ? "ACCEPTED" : "refused");
}

/* NO_REGS: nothing may be read. */
static void no_regs(unsigned int vcpu, void *ud)
{
    uint8_t raw[8];
    g_byte_array_set_size(buf, 0);
    bool r = qemu_plugin_read_register(by_name("x0"), buf) ||
             emu_plugin_read_register_raw(by_name("x0"), raw, 8) != 0;
    say("regs: NO_REGS read %s\n", r ? "ACCEPTED" : "refused");
}

static void redirect(unsigned int vcpu, void *ud)
{
    uint64_t pc = (uint64_t)(uintptr_t)ud;
    say("regs: set_pc to 0x%" PRIx64 "\n", pc + 8);
    qemu_plugin_set_pc(pc + 8);
}

/* Between a compare and its branch: the branch must still follow the
 * flags the compare set. */
static void change_compared(unsigned int vcpu, void *ud)
{
    uint64_t five = 5;
    say("regs: x0 = 5 before the branch: %s\n",
        write_reg("x0", &five, 8) ? "written" : "FAILED");
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        uint32_t w = 0;
        qemu_plugin_insn_data(insn, &w, sizeof(w));
        if (w == HINT(90)) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, read_only, QEMU_PLUGIN_CB_R_REGS, NULL);
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, no_regs, QEMU_PLUGIN_CB_NO_REGS, NULL);
            if (!marker_pc) {
                /* This block is translated already: the hook drops it,
                 * and the block made again calls the hook. */
                marker_pc = pc;
                emu_plugin_register_vcpu_pc_cb(me, pc, at_marker,
                                               QEMU_PLUGIN_CB_RW_REGS, NULL);
            }
        } else if (w == HINT(92) && i + 3 < qemu_plugin_tb_n_insns(tb)) {
            /* hint; mov x0, #3; cmp x0, #5; b.eq */
            qemu_plugin_register_vcpu_insn_exec_cb(
                qemu_plugin_tb_get_insn(tb, i + 3), change_compared,
                QEMU_PLUGIN_CB_RW_REGS, NULL);
        } else if (w == HINT(91)) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, redirect, QEMU_PLUGIN_CB_RW_REGS_PC,
                (void *)(uintptr_t)pc);
        }
    }
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    regs = qemu_plugin_get_registers();
    emu_plugin_reg_info info;
    emu_plugin_register_info(by_name("v0"), &info);
    say("regs: %u registers; machine %u; v0 is %u bits, %s, %s, group %s, "
        "regnum %d\n", regs->len, emu_plugin_elf_machine(), info.bitsize,
        info.type, info.feature, info.group ? info.group : "-", info.regnum);
    emu_plugin_register_info(by_name("pc"), &info);
    say("regs: pc read-only %d\n", info.is_readonly);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    me = id;
    buf = g_byte_array_new();
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    return 0;
}
