/* Test plugin: counts executed instructions by every mechanism the API
 * has (inline per block, inline per instruction, block callbacks,
 * instruction callbacks, conditional callbacks) so the test can check
 * they agree; conditional callbacks with each condition fire a known
 * number of times. mech=all (default) or one of the names printed;
 * mech=heavy does all that and registers 32 more callbacks on every
 * instruction (more than a full block's IR can hold: emu must cut such
 * blocks short, and plugins see the shorter blocks). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct Counts {
    uint64_t tb_inline, insn_inline, tb_cb, insn_cb, tb_cond, insn_cond;
    uint64_t seq;                       /* instructions so far, inline */
    uint64_t eq, ne, lt, le, gt, ge;    /* conditional on seq */
    uint64_t heavy;                     /* 32 per instruction */
} Counts;

static struct qemu_plugin_scoreboard *sb;
static const char *mech = "all";

#define E(member) qemu_plugin_scoreboard_u64_in_struct(sb, Counts, member)

static bool want(const char *m)
{
    return !strcmp(mech, "all") || !strcmp(mech, "heavy") ||
           !strcmp(mech, m);
}

static void tb_cb(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(E(tb_cb), vcpu, (uint64_t)(uintptr_t)ud);
}

static void tb_cond(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(E(tb_cond), vcpu, (uint64_t)(uintptr_t)ud);
}

static void insn_cb(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(E(insn_cb), vcpu, 1);
}

static void heavy_cb(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(E(heavy), vcpu, 1);
}

static void insn_cond(unsigned int vcpu, void *ud)
{
    qemu_plugin_u64_add(E(insn_cond), vcpu, 1);
}

/* ud: which counter of the conditional ones. */
static void cond_hit(unsigned int vcpu, void *ud)
{
    uint64_t *c = qemu_plugin_scoreboard_find(sb, vcpu);
    c[(uintptr_t)ud]++;
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    void *nud = (void *)(uintptr_t)n;

    if (want("tb_inline")) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, E(tb_inline), n);
    }
    if (want("tb_cb")) {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_cb,
                                             QEMU_PLUGIN_CB_NO_REGS, nud);
    }
    if (want("tb_cond")) {
        qemu_plugin_register_vcpu_tb_exec_cond_cb(
            tb, tb_cond, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_ALWAYS,
            E(seq), 0, nud);
        /* NEVER registers nothing. */
        qemu_plugin_register_vcpu_tb_exec_cond_cb(
            tb, tb_cond, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_NEVER,
            E(seq), 0, nud);
    }
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (want("insn_inline")) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, E(insn_inline), 1);
        }
        if (want("insn_cb")) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, insn_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        if (want("insn_cond")) {
            qemu_plugin_register_vcpu_insn_exec_cond_cb(
                insn, insn_cond, QEMU_PLUGIN_CB_NO_REGS,
                QEMU_PLUGIN_COND_ALWAYS, E(seq), 0, NULL);
        }
        if (!strcmp(mech, "heavy")) {
            for (int k = 0; k < 32; k++) {
                qemu_plugin_register_vcpu_insn_exec_cb(
                    insn, heavy_cb, QEMU_PLUGIN_CB_NO_REGS,
                    (void *)(uintptr_t)k);
            }
        }
        if (want("conds")) {
            /* seq counts this instruction first (registration order), so
             * at instruction k the conditions see seq == k. */
            static const struct {
                enum qemu_plugin_cond c;
                uint64_t imm;
                size_t slot;
            } conds[] = {
                { QEMU_PLUGIN_COND_EQ, 500, offsetof(Counts, eq) / 8 },
                { QEMU_PLUGIN_COND_NE, 500, offsetof(Counts, ne) / 8 },
                { QEMU_PLUGIN_COND_LT, 100, offsetof(Counts, lt) / 8 },
                { QEMU_PLUGIN_COND_LE, 100, offsetof(Counts, le) / 8 },
                { QEMU_PLUGIN_COND_GT, 100, offsetof(Counts, gt) / 8 },
                { QEMU_PLUGIN_COND_GE, 100, offsetof(Counts, ge) / 8 },
            };
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, E(seq), 1);
            for (size_t k = 0; k < sizeof(conds) / sizeof(conds[0]); k++) {
                qemu_plugin_register_vcpu_insn_exec_cond_cb(
                    insn, cond_hit, QEMU_PLUGIN_CB_NO_REGS, conds[k].c,
                    E(seq), conds[k].imm, (void *)(uintptr_t)conds[k].slot);
            }
        }
    }
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    char buf[512];
    snprintf(buf, sizeof(buf),
             "count: tb_inline=%" PRIu64 " insn_inline=%" PRIu64
             " tb_cb=%" PRIu64 " insn_cb=%" PRIu64 " tb_cond=%" PRIu64
             " insn_cond=%" PRIu64 "\n"
             "count: seq=%" PRIu64 " eq=%" PRIu64 " ne=%" PRIu64
             " lt=%" PRIu64 " le=%" PRIu64 " gt=%" PRIu64 " ge=%" PRIu64
             "\ncount: heavy=%" PRIu64 "\n",
             qemu_plugin_u64_sum(E(tb_inline)),
             qemu_plugin_u64_sum(E(insn_inline)),
             qemu_plugin_u64_sum(E(tb_cb)), qemu_plugin_u64_sum(E(insn_cb)),
             qemu_plugin_u64_sum(E(tb_cond)),
             qemu_plugin_u64_sum(E(insn_cond)), qemu_plugin_u64_sum(E(seq)),
             qemu_plugin_u64_sum(E(eq)), qemu_plugin_u64_sum(E(ne)),
             qemu_plugin_u64_sum(E(lt)), qemu_plugin_u64_sum(E(le)),
             qemu_plugin_u64_sum(E(gt)), qemu_plugin_u64_sum(E(ge)),
             qemu_plugin_u64_sum(E(heavy)));
    qemu_plugin_outs(buf);
    qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "mech=", 5)) {
            mech = argv[i] + 5;
        }
    }
    sb = qemu_plugin_scoreboard_new(sizeof(Counts));
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
