# tests/unit-elf.mk: unit tests of the ELF loader (elf.c) and the initial
# stack (stack.c). test-elf also loads a real AArch64 program from
# tests/guest when the build made one.
check_PROGRAMS += tests/unit/test-elf tests/unit/test-stack
TESTS += tests/unit/test-elf tests/unit/test-stack
tests_unit_test_elf_SOURCES = tests/unit/test-elf.c
tests_unit_test_elf_CFLAGS = $(UNIT_CFLAGS) \
	-DTEST_GUEST_DIR='"$(abs_top_builddir)/tests/guest"'
tests_unit_test_elf_LDADD = $(UNIT_LDADD)
tests_unit_test_stack_SOURCES = tests/unit/test-stack.c
tests_unit_test_stack_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_stack_LDADD = $(UNIT_LDADD)
