/* Test plugin: exports no qemu_plugin_version (refused). */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    return 0;
}
