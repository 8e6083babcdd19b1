/* Test plugin: built for an API level newer than emu's (refused). */
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 7;

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    return 0;
}
