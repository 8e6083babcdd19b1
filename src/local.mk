# src/: the program. Everything but main.c goes into libemu.a so unit
# tests can link the same code.
noinst_LIBRARIES += src/libemu.a
src_libemu_a_SOURCES = \
	src/emu.h src/cpu.h src/target.h src/guest-mem.h src/elf.h \
	src/linux-user.h \
	src/log.c src/cpu-loop.c

bin_PROGRAMS += src/emu
src_emu_SOURCES = src/main.c
src_emu_LDADD = src/libemu.a $(EMU_LIBS)
src_libemu_a_SOURCES += src/mmap.c src/syscall.c src/syscall-nr.h \
	src/strace.h src/strace.c src/signal.c src/host-signal.h
src_libemu_a_SOURCES += src/elf.c src/stack.c src/target-table.c
src_libemu_a_SOURCES += src/syscall-proc.h src/syscall-proc.c
src_libemu_a_SOURCES += src/guest-signal.c src/guest-signal.h
src_libemu_a_SOURCES += src/threads.c src/threads.h
