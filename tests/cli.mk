# The command line: the man page and the parser agree, and the parser does
# what the page says (options, EMU_* variables, precedence, errors).
TESTS += tests/test-manpage.sh
EXTRA_DIST += tests/test-manpage.sh

check_PROGRAMS += tests/unit/test-options
TESTS += tests/unit/test-options
tests_unit_test_options_SOURCES = tests/unit/test-options.c
tests_unit_test_options_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_options_LDADD = $(UNIT_LDADD)
