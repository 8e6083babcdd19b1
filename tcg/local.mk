# tcg/: the IR, its code generator and the interpreter back end, and the
# translation-block cache.
src_libemu_a_SOURCES += \
	tcg/tcg.h tcg/tcg-ops.def tcg/tcg.c tcg/tb.h tcg/interp.h \
	tcg/interp.c tcg/tb-cache.c tcg/optimize.c
# The x86-64 back end; on other hosts only its switch (tcg/jit.h).
src_libemu_a_SOURCES += tcg/jit.h tcg/jit-x86_64.c
