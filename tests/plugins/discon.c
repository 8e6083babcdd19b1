/* Test plugin: discontinuities. Prints each one (signal deliveries to
 * guest handlers) as "DISCON type=T from=0x... to=0x...". */
#include <inttypes.h>
#include <stdio.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void on_discon(qemu_plugin_id_t id, unsigned int vcpu,
                      enum qemu_plugin_discon_type type, uint64_t from_pc,
                      uint64_t to_pc)
{
    char buf[128];

    snprintf(buf, sizeof(buf), "DISCON type=%s from=0x%" PRIx64
             " to=0x%" PRIx64 "\n",
             type == QEMU_PLUGIN_DISCON_EXCEPTION ? "exception"
             : type == QEMU_PLUGIN_DISCON_INTERRUPT ? "interrupt"
             : "hostcall", from_pc, to_pc);
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL,
                                        on_discon);
    return 0;
}
