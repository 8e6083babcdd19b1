# The AArch64 decoder table: names of known encodings, nothing for
# unallocated words, and IR op counts of the hot instructions.
check_PROGRAMS += tests/unit/test-a64-decode
TESTS += tests/unit/test-a64-decode
tests_unit_test_a64_decode_SOURCES = tests/unit/test-a64-decode.c
tests_unit_test_a64_decode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_a64_decode_LDADD = $(UNIT_LDADD)
