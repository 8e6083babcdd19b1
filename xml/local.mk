# xml/: the GDB target descriptions, read at start by the register layer
# (src/regs.c), which finds them here in the build tree and in
# $(pkgdatadir)/xml once installed; the gdb stub serves them as written.
xmldir = $(pkgdatadir)/xml
dist_xml_DATA = \
	xml/aarch64.xml xml/aarch64-core.xml xml/aarch64-fpu.xml \
	xml/aarch64-tls.xml xml/aarch64-sys.xml \
	xml/riscv64.xml xml/riscv-64bit-cpu.xml xml/riscv-64bit-fpu.xml \
	xml/riscv-64bit-csr.xml

# The register layer itself, in libemu.a like the rest.
src_libemu_a_SOURCES += src/regs.h src/regs.c
