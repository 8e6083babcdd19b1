# target/aarch64/: the AArch64 guest.
src_libemu_a_SOURCES += \
	target/aarch64/cpu.h target/aarch64/cpu.c \
	target/aarch64/translate.h target/aarch64/translate.c \
	target/aarch64/decode.c \
	target/aarch64/translate-dp.c target/aarch64/a64-dp.def \
	target/aarch64/translate-branch.c target/aarch64/a64-branch.def \
	target/aarch64/translate-ldst.c target/aarch64/a64-ldst.def \
	target/aarch64/translate-simd.c target/aarch64/a64-simd.def \
	target/aarch64/helper.c target/aarch64/helper.h \
	target/aarch64/helper-simd.c target/aarch64/helper-simd.h
src_libemu_a_SOURCES += target/aarch64/regs.c
src_libemu_a_SOURCES += target/aarch64/signal.c
