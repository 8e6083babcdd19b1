# tests/plugins.mk: the plugin host's tests. Test plugins are
# tests/plugins/NAME.c, built as tests/plugins/libNAME.so the way a plugin
# author builds one (see PLUGIN_CFLAGS in plugins/local.mk); the guest
# programs they watch are tests/plugins/guest/NAME.c, built static for
# AArch64 when configure found the cross compiler.

TEST_PLUGINS = \
	tests/plugins/libcount.so tests/plugins/libmemtrace.so \
	tests/plugins/libsystest.so tests/plugins/liblife.so \
	tests/plugins/libinfo.so tests/plugins/libregs.so \
	tests/plugins/libpatch.so tests/plugins/libregread.so \
	tests/plugins/libregfast.so tests/plugins/libdiscon.so \
	tests/plugins/libbadversion.so tests/plugins/liboldversion.so \
	tests/plugins/libnoversion.so tests/plugins/libnoinstall.so \
	tests/plugins/libfailinstall.so tests/plugins/libundefined.so
EXTRA_DIST += \
	tests/plugins/count.c tests/plugins/memtrace.c \
	tests/plugins/systest.c tests/plugins/life.c tests/plugins/info.c \
	tests/plugins/regs.c tests/plugins/patch.c tests/plugins/regread.c \
	tests/plugins/regfast.c tests/plugins/discon.c \
	tests/plugins/badversion.c tests/plugins/oldversion.c \
	tests/plugins/noversion.c tests/plugins/noinstall.c \
	tests/plugins/failinstall.c tests/plugins/undefined.c
CLEANFILES += $(TEST_PLUGINS)

$(TEST_PLUGINS): $(PLUGIN_HDRS)
	@$(MKDIR_P) tests/plugins
	$(AM_V_CC)src=`echo $@ | sed 's|/lib\([^/]*\)\.so$$|/\1.c|'`; \
	$(CC) $(PLUGIN_CFLAGS) $(CFLAGS) $(PLUGIN_LINKFLAGS) $(LDFLAGS) \
	    -o $@ $(srcdir)/$$src $(PLUGIN_LIBS)
tests/plugins/libcount.so: tests/plugins/count.c
tests/plugins/libmemtrace.so: tests/plugins/memtrace.c
tests/plugins/libsystest.so: tests/plugins/systest.c
tests/plugins/liblife.so: tests/plugins/life.c
tests/plugins/libinfo.so: tests/plugins/info.c
tests/plugins/libregs.so: tests/plugins/regs.c
tests/plugins/libpatch.so: tests/plugins/patch.c
tests/plugins/libregread.so: tests/plugins/regread.c
tests/plugins/libregfast.so: tests/plugins/regfast.c
tests/plugins/libdiscon.so: tests/plugins/discon.c
tests/plugins/libbadversion.so: tests/plugins/badversion.c
tests/plugins/liboldversion.so: tests/plugins/oldversion.c
tests/plugins/libnoversion.so: tests/plugins/noversion.c
tests/plugins/libnoinstall.so: tests/plugins/noinstall.c
tests/plugins/libfailinstall.so: tests/plugins/failinstall.c
tests/plugins/libundefined.so: tests/plugins/undefined.c

# Guest programs for the plugin tests.
PLUGIN_GUESTS = \
	tests/plugins/guest/mem tests/plugins/guest/sys \
	tests/plugins/guest/regs tests/plugins/guest/patch \
	tests/plugins/guest/loop tests/plugins/guest/signals
EXTRA_DIST += $(PLUGIN_GUESTS:=.c)
CLEANFILES += $(PLUGIN_GUESTS)

$(PLUGIN_GUESTS):
	@if test -z "$(AARCH64_CC)"; then \
	    echo "$@: no AArch64 cross compiler" >&2; exit 1; \
	fi
	@$(MKDIR_P) tests/plugins/guest
	$(AM_V_GEN)$(AARCH64_CC) $(GUEST_CFLAGS) -o $@ $(srcdir)/$@.c
tests/plugins/guest/mem: tests/plugins/guest/mem.c
tests/plugins/guest/sys: tests/plugins/guest/sys.c
tests/plugins/guest/regs: tests/plugins/guest/regs.c
tests/plugins/guest/patch: tests/plugins/guest/patch.c
tests/plugins/guest/loop: tests/plugins/guest/loop.c
tests/plugins/guest/signals: tests/plugins/guest/signals.c

# Built by "make check" (and by hand: make plugin-tests).
if HAVE_AARCH64_CC
check_DATA = $(TEST_PLUGINS) $(PLUGIN_GUESTS)
else
check_DATA = $(TEST_PLUGINS)
endif
plugin-tests: $(check_DATA)
.PHONY: plugin-tests

PLUGIN_TESTS = \
	tests/test-plugins-count.sh tests/test-plugins-mem.sh \
	tests/test-plugins-syscall.sh tests/test-plugins-life.sh \
	tests/test-plugins-load.sh tests/test-plugins-regs.sh \
	tests/test-plugins-api.sh tests/test-plugins-header.sh \
	tests/test-plugins-discon.sh tests/test-plugins-threads.sh
TESTS += $(PLUGIN_TESTS)
EXTRA_DIST += $(PLUGIN_TESTS) tests/plugins/lib.sh \
	tests/test-plugins-install.sh

# After "make install": build a plugin out of tree with the installed
# header and pkg-config file, and run it under the installed emu.
installcheck-local:
	PKG_CONFIG_PATH='$(DESTDIR)$(pkgconfigdir)'$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} \
	PKG_CONFIG_SYSROOT_DIR='$(DESTDIR)' \
	EMU='$(DESTDIR)$(bindir)/emu' AARCH64_CC='$(AARCH64_CC)' \
	CC='$(CC)' top_srcdir='$(top_srcdir)' \
	$(SHELL) $(srcdir)/tests/test-plugins-install.sh
