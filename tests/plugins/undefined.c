/* Test plugin: calls a function emu does not provide, so it cannot be
 * loaded (its loader error names the symbol). */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

void qemu_plugin_no_such_function(void);

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_no_such_function();
    return 0;
}
