# The register layer: unit tests with the real descriptions and with
# malformed ones (tests/xml-bad/), and gdb's own verdict on xml/.
check_PROGRAMS += tests/unit/test-regs
TESTS += tests/unit/test-regs
tests_unit_test_regs_SOURCES = tests/unit/test-regs.c
tests_unit_test_regs_CPPFLAGS = $(AM_CPPFLAGS) \
	-DTEST_XML_BAD_DIR='"$(abs_top_srcdir)/tests/xml-bad"'
tests_unit_test_regs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_regs_LDADD = $(UNIT_LDADD)

TESTS += tests/test-xml-gdb.sh
EXTRA_DIST += tests/test-xml-gdb.sh tests/xml-bad/README \
	tests/xml-bad/broken-include/aarch64.xml \
	tests/xml-bad/duplicate-name/aarch64-sys.xml \
	tests/xml-bad/duplicate-regnum/aarch64-tls.xml \
	tests/xml-bad/missing-feature/aarch64.xml \
	tests/xml-bad/missing-file/remove \
	tests/xml-bad/not-xml/aarch64-sys.xml \
	tests/xml-bad/truncated/aarch64-tls.xml \
	tests/xml-bad/type-size/aarch64-tls.xml \
	tests/xml-bad/unbound-register/aarch64-sys.xml \
	tests/xml-bad/unknown-field-type/aarch64-tls.xml \
	tests/xml-bad/unknown-type/aarch64-tls.xml \
	tests/xml-bad/wrong-architecture/aarch64.xml \
	tests/xml-bad/wrong-size/aarch64-tls.xml
