# The two back ends: the x86-64 code generator against the interpreter on
# hand-built IR, and the guest programs and lockstep run interpreted (the
# other tests run the default, the code generator on x86-64 hosts).
check_PROGRAMS += tests/unit/test-jit
TESTS += tests/unit/test-jit tests/test-interp.sh
tests_unit_test_jit_SOURCES = tests/unit/test-jit.c
tests_unit_test_jit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jit_LDADD = $(UNIT_LDADD)
EXTRA_DIST += tests/test-interp.sh
