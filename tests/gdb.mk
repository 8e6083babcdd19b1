# tests/gdb.mk: the gdb stub's tests. Real gdb-multiarch in batch mode
# against emu -g (tests/test-gdb.sh; tests/test-gdb-plugins.sh the same
# with plugins counting every instruction), on guest programs built -O0 -g
# into tests/gdb/, and a fuzz target for the packet parser and command
# dispatcher.

GDB_GUEST_PROGS = tests/gdb/gdb-prog tests/gdb/gdb-regs
GDB_GUEST_CFLAGS = -static -O0 -g -march=armv8-a -Wall -Wextra
CLEANFILES += $(GDB_GUEST_PROGS)

if HAVE_AARCH64_CC
noinst_DATA += $(GDB_GUEST_PROGS)
endif

tests/gdb/gdb-prog: tests/guest/gdb-prog.c
tests/gdb/gdb-regs: tests/guest/gdb-regs.c
$(GDB_GUEST_PROGS):
	@if test -z "$(AARCH64_CC)"; then \
	    echo "$@: no AArch64 cross compiler" >&2; exit 1; \
	fi
	@$(MKDIR_P) tests/gdb
	$(AM_V_GEN)$(AARCH64_CC) $(GDB_GUEST_CFLAGS) -o $@ \
	    $(srcdir)/tests/guest/$(@F).c

# gdb 13 cannot open a unix socket; "target remote | unix-bridge PATH" can.
check_PROGRAMS += tests/gdb/unix-bridge
tests_gdb_unix_bridge_SOURCES = tests/gdb/unix-bridge.c

check_PROGRAMS += tests/unit/fuzz-gdbstub
tests_unit_fuzz_gdbstub_SOURCES = tests/unit/fuzz-gdbstub.c
tests_unit_fuzz_gdbstub_LDADD = src/libemu.a $(EMU_LIBS) -lm

TESTS += tests/unit/fuzz-gdbstub tests/test-gdb.sh tests/test-gdb-plugins.sh
EXTRA_DIST += tests/test-gdb.sh tests/test-gdb-plugins.sh \
	tests/gdb/run-case.sh tests/guest/gdb-prog.c tests/guest/gdb-regs.c \
	tests/gdb/abort.gdb tests/gdb/break.gdb tests/gdb/detach.gdb \
	tests/gdb/interrupt.gdb tests/gdb/kill.gdb tests/gdb/monitor.gdb \
	tests/gdb/monitor-load.gdb tests/gdb/monitor-unload.gdb \
	tests/gdb/nofile.gdb \
	tests/gdb/range-step.gdb tests/gdb/regs.gdb tests/gdb/segv.gdb \
	tests/gdb/setreg.gdb tests/gdb/steps.gdb tests/gdb/unix.gdb \
	tests/gdb/watch.gdb
