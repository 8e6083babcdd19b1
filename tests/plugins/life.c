/* Test plugin: the lifecycle. Reports vCPU init and exit, idle and
 * resume, flushes and the end of the run; and, by at=, uninstalls or
 * resets itself from inside a callback (at=insn:N from the Nth
 * instruction callback, at=trans from a translation callback, at=syscall
 * from a syscall callback, at=init from vcpu_init; do=uninstall or
 * do=reset). After an uninstall nothing of it may run again (its code is
 * unloaded); after a reset only what the reset callback registers. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static qemu_plugin_id_t me;
static const char *at = "";
static bool do_reset;
static long at_insn = -1;
static uint64_t insns, idles, resumes, flushes, after_reset_syscalls;
static bool requested, done;

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

static void removed(qemu_plugin_id_t id)
{
    done = true;
    say("life: %s done after %" PRIu64 " insns\n",
        do_reset ? "reset" : "uninstall", insns);
}

static void after_reset_syscall(qemu_plugin_id_t id, unsigned int vcpu,
                                int64_t num, uint64_t a1, uint64_t a2,
                                uint64_t a3, uint64_t a4, uint64_t a5,
                                uint64_t a6, uint64_t a7, uint64_t a8)
{
    after_reset_syscalls++;
}

static void after_reset_exit(qemu_plugin_id_t id, void *ud)
{
    say("life: atexit after reset: insns %" PRIu64 ", syscalls since %"
        PRIu64 "\n", insns, after_reset_syscalls);
}

static void reset_done(qemu_plugin_id_t id)
{
    removed(id);
    /* Everything was dropped: register anew. */
    qemu_plugin_register_vcpu_syscall_cb(id, after_reset_syscall);
    qemu_plugin_register_atexit_cb(id, after_reset_exit, NULL);
}

static void request(const char *where)
{
    if (requested) {
        return;
    }
    requested = true;
    say("life: requesting %s from %s\n", do_reset ? "reset" : "uninstall",
        where);
    if (do_reset) {
        qemu_plugin_reset(me, reset_done);
    } else {
        qemu_plugin_uninstall(me, removed);
    }
}

static void insn_cb(unsigned int vcpu, void *ud)
{
    if (done) {
        qemu_plugin_outs("life: FAIL: instruction callback after removal\n");
    }
    insns++;
    if ((long)insns == at_insn) {
        request("an instruction callback");
    }
}

static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    if (done) {
        qemu_plugin_outs("life: FAIL: translation callback after removal\n");
    }
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i),
                                               insn_cb,
                                               QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
    if (!strcmp(at, "trans") && insns > 100) {
        request("a translation callback");
    }
}

static void syscall_cb(qemu_plugin_id_t id, unsigned int vcpu, int64_t num,
                       uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                       uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    if (!strcmp(at, "syscall")) {
        request("a syscall callback");
    }
}

static void each(qemu_plugin_id_t id, unsigned int vcpu);

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    say("life: vcpu_init %u (vcpus: %d)\n", vcpu, qemu_plugin_num_vcpus());
    qemu_plugin_vcpu_for_each(id, each);
    if (!strcmp(at, "init")) {
        request("vcpu_init");
    }
}

static void vcpu_exit(qemu_plugin_id_t id, unsigned int vcpu)
{
    say("life: vcpu_exit %u\n", vcpu);
}

static void idle(qemu_plugin_id_t id, unsigned int vcpu)
{
    idles++;
}

static void resume(qemu_plugin_id_t id, unsigned int vcpu)
{
    resumes++;
}

static void flush(qemu_plugin_id_t id)
{
    flushes++;
    say("life: flush %" PRIu64 "\n", flushes);
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    say("life: atexit: insns %" PRIu64 ", %s\n", insns, (const char *)ud);
    say("life: idle %" PRIu64 " resume %" PRIu64 "\n", idles, resumes);
}

static void each(qemu_plugin_id_t id, unsigned int vcpu)
{
    say("life: for_each vcpu %u\n", vcpu);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    me = id;
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "at=insn:", 8)) {
            at = "insn";
            at_insn = strtol(argv[i] + 8, NULL, 0);
        } else if (!strncmp(argv[i], "at=", 3)) {
            at = argv[i] + 3;
        } else if (!strcmp(argv[i], "do=reset")) {
            do_reset = true;
        }
    }
    /* No vCPU yet at install. */
    qemu_plugin_vcpu_for_each(id, each);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit);
    qemu_plugin_register_vcpu_idle_cb(id, idle);
    qemu_plugin_register_vcpu_resume_cb(id, resume);
    qemu_plugin_register_flush_cb(id, flush);
    qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_cb);
    qemu_plugin_register_atexit_cb(id, at_exit, "ran");
    return 0;
}
