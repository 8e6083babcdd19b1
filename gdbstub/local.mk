# gdbstub/: the gdb remote stub (-g), in libemu.a like the rest of the
# program so that its tests link the same code.
src_libemu_a_SOURCES += gdbstub/gdbstub.h gdbstub/internal.h \
	gdbstub/packet.h gdbstub/packet.c gdbstub/transport.c \
	gdbstub/commands.c gdbstub/breakpoints.c gdbstub/monitor.c \
	gdbstub/hostio.c \
	gdbstub/gdbstub.c
# The watcher thread (Ctrl-C while the guest runs).
EMU_LIBS += -lpthread
