# tests/unit-mem.mk: unit tests of guest memory (mmap.c) and the syscall
# layer (syscall.c, strace.c).
check_PROGRAMS += tests/unit/test-mmap tests/unit/test-syscall
TESTS += tests/unit/test-mmap tests/unit/test-syscall
tests_unit_test_mmap_SOURCES = tests/unit/test-mmap.c
tests_unit_test_mmap_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mmap_LDADD = $(UNIT_LDADD)
tests_unit_test_syscall_SOURCES = tests/unit/test-syscall.c
tests_unit_test_syscall_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_syscall_LDADD = $(UNIT_LDADD)
