# tests/: unit tests (check) beside the module they test, guest programs,
# and end-to-end scripts. Each area registers its tests in a fragment.

# Unit tests link libemu.a, which holds everything but main.c.
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_LDADD = src/libemu.a $(EMU_LIBS) $(CHECK_LIBS) -lm

check_PROGRAMS += tests/unit/test-tcg
TESTS += tests/unit/test-tcg
tests_unit_test_tcg_SOURCES = tests/unit/test-tcg.c
tests_unit_test_tcg_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tcg_LDADD = $(UNIT_LDADD)

include tests/unit-mem.mk
include tests/unit-elf.mk
include tests/unit-a64.mk
include tests/unit-regs.mk
include tests/backend.mk
include tests/guest.mk
include tests/gdb.mk
include tests/plugins.mk
include tests/bundled-plugins.mk
