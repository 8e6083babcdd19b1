# plugins/: the plugin host (in libemu.a like the rest of the program),
# the public headers and pkg-config file for plugin authors, the bundled
# plugins (built as plugins/NAME.so, installed to $(pkglibdir)/plugins)
# and the plugin manual page.

src_libemu_a_SOURCES += \
	plugins/plugin.h plugins/loader.c plugins/core.c plugins/api.c \
	plugins/instrument.c

# Plugins call the qemu_plugin_* and emu_plugin_* functions in emu
# itself: emu exports exactly those (nothing else) to the modules it
# loads.
src_emu_LDFLAGS = $(AM_LDFLAGS) \
	-Wl,--dynamic-list=$(top_srcdir)/plugins/emu-plugin.dynlist
EXTRA_src_emu_DEPENDENCIES = plugins/emu-plugin.dynlist
EXTRA_DIST += plugins/emu-plugin.dynlist

# For plugin authors: the headers, under $(includedir)/emu, and
# emu-plugin.pc, so that "pkg-config --cflags emu-plugin" finds them.
emuincludedir = $(includedir)/emu
emuinclude_HEADERS = plugins/qemu-plugin.h plugins/emu-plugin.h
pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = plugins/emu-plugin.pc
EXTRA_DIST += plugins/emu-plugin.pc.in
CLEANFILES += plugins/emu-plugin.pc
plugins/emu-plugin.pc: plugins/emu-plugin.pc.in Makefile
	@$(MKDIR_P) plugins
	$(AM_V_GEN)sed -e 's|@prefix[@]|$(prefix)|g' \
	    -e 's|@exec_prefix[@]|$(exec_prefix)|g' \
	    -e 's|@includedir[@]|$(includedir)|g' \
	    -e 's|@libdir[@]|$(libdir)|g' \
	    -e 's|@pkglibdir[@]|$(pkglibdir)|g' \
	    -e 's|@VERSION[@]|$(VERSION)|g' \
	    $(srcdir)/plugins/emu-plugin.pc.in >$@.tmp && mv $@.tmp $@

dist_man_MANS += man/emu-plugins.7

# How a plugin is built: a shared object from one C file, against the
# headers above, the way a plugin author builds one.
PLUGIN_CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	-fPIC -I$(top_srcdir)/plugins $(GLIB_CFLAGS)
PLUGIN_LINKFLAGS = -shared
PLUGIN_LIBS = $(GLIB_LIBS)
PLUGIN_HDRS = plugins/qemu-plugin.h plugins/emu-plugin.h

# The bundled plugins: plugins/NAME.so from plugins/NAME.c. Add one by
# appending it here; the rule below builds any plugins/NAME.so.
BUNDLED_PLUGINS =
BUNDLED_PLUGINS += plugins/insn.so plugins/bb.so plugins/mem.so \
	plugins/hotblocks.so plugins/syscall.so plugins/execlog.so \
	plugins/howvec.so plugins/cache.so plugins/regtrace.so
# syscall.c names the calls from the emulator's own table.
plugins/syscall.so: src/syscall-nr.h

pluginexecdir = $(pkglibdir)/plugins
pluginexec_DATA = $(BUNDLED_PLUGINS)
EXTRA_DIST += $(BUNDLED_PLUGINS:.so=.c)
CLEANFILES += $(BUNDLED_PLUGINS)
$(BUNDLED_PLUGINS): $(PLUGIN_HDRS)

SUFFIXES = .so
.c.so:
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(CC) $(PLUGIN_CFLAGS) $(CFLAGS) $(PLUGIN_LINKFLAGS) \
	    $(LDFLAGS) -o $@ $< $(PLUGIN_LIBS)
