# tests/guest.mk: the AArch64 guest programs of tests/guest/ (built with
# the cross compiler when configure found one) and the end-to-end tests
# that run them under emu and qemu-aarch64.

# Each guest program NAME is one source, tests/guest/NAME.c or NAME.S,
# built static into tests/guest/NAME in the build tree (make distcheck
# builds outside a read-only source tree). A source asks for extra flags,
# which go after it on the command line (so libraries work too), with a
# comment "guest-cflags: FLAGS */" in its first five lines, e.g.
#   /* guest-cflags: -nostdlib */
# To add a program: list it in a GUEST_PROGS_* variable, its source and
# headers in GUEST_SRCS_*, and add "tests/guest/NAME: tests/guest/NAME.c"
# (plus its headers) below so that editing the source rebuilds it.
# tests/run-guest.sh runs every program it finds in tests/guest/; give it
# arguments there if the program needs some.
GUEST_PROGS_MINE = \
	tests/guest/hello tests/guest/args tests/guest/exit-code \
	tests/guest/start tests/guest/arith tests/guest/loadstore \
	tests/guest/atomics tests/guest/fileio tests/guest/mmap \
	tests/guest/segv tests/guest/brk tests/guest/printf \
	tests/guest/strings tests/guest/control tests/guest/float \
	tests/guest/bench-kernels
GUEST_SRCS_MINE = \
	tests/guest/guest-util.h \
	tests/guest/hello.c tests/guest/args.c tests/guest/exit-code.c \
	tests/guest/start.S tests/guest/arith.c tests/guest/arith-expected.h \
	tests/guest/loadstore.c tests/guest/loadstore-expected.h \
	tests/guest/atomics.c tests/guest/fileio.c tests/guest/mmap.c \
	tests/guest/segv.c tests/guest/brk.c tests/guest/printf.c \
	tests/guest/strings.c tests/guest/control.c tests/guest/float.c \
	tests/guest/bench-kernels.c

# ---- GUEST_PROGS_OTHERS: the other helpers' programs (dp-*, branch-*,
# sys-*, ldst-*, simd-*), filled in by the lead. ----
GUEST_PROGS_OTHERS = \
	tests/guest/dp-imm \
	tests/guest/dp-reg \
	tests/guest/branch-cond \
	tests/guest/branch-jump \
	tests/guest/sys-regs \
	tests/guest/sys-counter \
	tests/guest/sys-trap \
	tests/guest/ldst-forms \
	tests/guest/ldst-excl \
	tests/guest/ldst-simd \
	tests/guest/simd-ops \
	tests/guest/simd-fp \
	tests/guest/simd-string \
	tests/guest/simd-autovec \
	tests/guest/smc \
	tests/guest/plugin-loop
GUEST_SRCS_OTHERS = \
	tests/guest/dp-imm.c \
	tests/guest/dp-reg.c \
	tests/guest/branch-cond.c \
	tests/guest/branch-jump.c \
	tests/guest/sys-regs.c \
	tests/guest/sys-counter.c \
	tests/guest/sys-trap.c \
	tests/guest/ldst-forms.c \
	tests/guest/ldst-excl.c \
	tests/guest/ldst-simd.c \
	tests/guest/simd-ops.c \
	tests/guest/simd-fp.c \
	tests/guest/simd-string.c \
	tests/guest/simd-autovec.c \
	tests/guest/smc.c \
	tests/guest/dp-nolibc.h \
	tests/guest/simd-ops.inc \
	tests/guest/plugin-loop.S
# ---- end of GUEST_PROGS_OTHERS ----

# Guest signal handlers (src/guest-signal.c): no arguments, each compared
# with qemu-aarch64 by the catch-all loop of tests/run-guest.sh.
GUEST_PROGS_SIGNALS = \
	tests/guest/sig-segv tests/guest/sig-ill tests/guest/sig-raise \
	tests/guest/sig-regs tests/guest/sig-mask tests/guest/sig-altstack \
	tests/guest/sig-alarm tests/guest/sig-abort tests/guest/sig-fpsimd
GUEST_SRCS_SIGNALS = $(GUEST_PROGS_SIGNALS:=.c)

GUEST_PROGS = $(GUEST_PROGS_MINE) $(GUEST_PROGS_OTHERS) \
	$(GUEST_PROGS_SIGNALS)
EXTRA_DIST += $(GUEST_SRCS_MINE) $(GUEST_SRCS_OTHERS) \
	$(GUEST_SRCS_SIGNALS)
CLEANFILES += $(GUEST_PROGS)

# Plain ARMv8.0 (no LSE atomics and no later extensions): what emu
# advertises, and what qemu-aarch64 -cpu cortex-a53 runs.
GUEST_CFLAGS = -static -O2 -march=armv8-a -Wall -Wextra

if HAVE_AARCH64_CC
# Built by "make", so tests/guest/hello (the README's demo) is there.
noinst_DATA = $(GUEST_PROGS)
endif

$(GUEST_PROGS):
	@if test -z "$(AARCH64_CC)"; then \
	    echo "$@: no AArch64 cross compiler (apt-get install" \
	         "gcc-aarch64-linux-gnu, then run ./configure again)" >&2; \
	    exit 1; \
	fi
	@$(MKDIR_P) tests/guest
	$(AM_V_GEN)src=; \
	for ext in c S; do \
	    if test -f "$(srcdir)/$@.$$ext"; then \
	        src="$(srcdir)/$@.$$ext"; break; \
	    fi; \
	done; \
	if test -z "$$src"; then \
	    echo "$@: neither $(srcdir)/$@.c nor $@.S exists" >&2; exit 1; \
	fi; \
	flags=`sed -n '1,5s/.*guest-cflags: *\(.*[^ ]\) *\*\/.*/\1/p' "$$src"`; \
	$(AARCH64_CC) $(GUEST_CFLAGS) -o $@ "$$src" $$flags

tests/guest/hello: tests/guest/hello.c
tests/guest/args: tests/guest/args.c tests/guest/guest-util.h
tests/guest/exit-code: tests/guest/exit-code.c
tests/guest/start: tests/guest/start.S
tests/guest/arith: tests/guest/arith.c tests/guest/arith-expected.h \
	tests/guest/guest-util.h
tests/guest/loadstore: tests/guest/loadstore.c \
	tests/guest/loadstore-expected.h tests/guest/guest-util.h
tests/guest/atomics: tests/guest/atomics.c tests/guest/guest-util.h
tests/guest/fileio: tests/guest/fileio.c tests/guest/guest-util.h
tests/guest/mmap: tests/guest/mmap.c tests/guest/guest-util.h
tests/guest/segv: tests/guest/segv.c
tests/guest/brk: tests/guest/brk.c tests/guest/guest-util.h
tests/guest/printf: tests/guest/printf.c
tests/guest/strings: tests/guest/strings.c tests/guest/guest-util.h
tests/guest/control: tests/guest/control.c tests/guest/guest-util.h
tests/guest/float: tests/guest/float.c tests/guest/guest-util.h
tests/guest/bench-kernels: tests/guest/bench-kernels.c

# The same kernels built for the host: their checksums are the reference.
check_PROGRAMS += tests/bench-kernels-host
tests_bench_kernels_host_SOURCES = tests/guest/bench-kernels.c
tests_bench_kernels_host_CFLAGS = -O2

# End-to-end tests. Each says SKIP (exit 77) when the cross compiler or
# qemu-aarch64 is missing.
TESTS += tests/run-guest.sh tests/test-lockstep.sh tests/test-bench-kernels.sh
EXTRA_DIST += tests/run-guest.sh tests/test-lockstep.sh \
	tests/test-bench-kernels.sh tests/lockstep.sh tests/lockstep-compare.awk

# The other helpers' programs.
tests/guest/dp-imm: tests/guest/dp-imm.c tests/guest/dp-nolibc.h
tests/guest/dp-reg: tests/guest/dp-reg.c tests/guest/dp-nolibc.h
tests/guest/branch-cond: tests/guest/branch-cond.c tests/guest/dp-nolibc.h
tests/guest/branch-jump: tests/guest/branch-jump.c tests/guest/dp-nolibc.h
tests/guest/sys-regs: tests/guest/sys-regs.c tests/guest/dp-nolibc.h
tests/guest/sys-counter: tests/guest/sys-counter.c tests/guest/dp-nolibc.h
tests/guest/sys-trap: tests/guest/sys-trap.c tests/guest/dp-nolibc.h
tests/guest/ldst-forms: tests/guest/ldst-forms.c
tests/guest/ldst-excl: tests/guest/ldst-excl.c
tests/guest/ldst-simd: tests/guest/ldst-simd.c
tests/guest/simd-ops: tests/guest/simd-ops.c tests/guest/simd-ops.inc
tests/guest/simd-fp: tests/guest/simd-fp.c
tests/guest/simd-string: tests/guest/simd-string.c
tests/guest/simd-autovec: tests/guest/simd-autovec.c
tests/guest/smc: tests/guest/smc.c
tests/guest/plugin-loop: tests/guest/plugin-loop.S

# Processes (src/syscall-proc.c): fork and wait are compared with
# qemu-aarch64 by run-guest.sh; execve of guest programs, which qemu
# cannot do without binfmt_misc, is checked by test-exec.sh.
GUEST_PROGS_OTHERS += tests/guest/fork tests/guest/exec
GUEST_SRCS_OTHERS += tests/guest/fork.c tests/guest/exec.c
tests/guest/fork: tests/guest/fork.c tests/guest/guest-util.h
tests/guest/exec: tests/guest/exec.c
TESTS += tests/test-exec.sh tests/test-busybox.sh
EXTRA_DIST += tests/test-exec.sh tests/test-busybox.sh scripts/fetch-busybox

# The signal programs.
tests/guest/sig-segv: tests/guest/sig-segv.c
tests/guest/sig-ill: tests/guest/sig-ill.c
tests/guest/sig-raise: tests/guest/sig-raise.c
tests/guest/sig-regs: tests/guest/sig-regs.c
tests/guest/sig-mask: tests/guest/sig-mask.c
tests/guest/sig-altstack: tests/guest/sig-altstack.c
tests/guest/sig-alarm: tests/guest/sig-alarm.c
tests/guest/sig-abort: tests/guest/sig-abort.c
tests/guest/sig-fpsimd: tests/guest/sig-fpsimd.c

# Guest threads (src/threads.c): pthread programs, compared with
# qemu-aarch64 by run-guest.sh.
GUEST_PROGS_THREADS = \
	tests/guest/thread-sum tests/guest/thread-cond tests/guest/thread-tls \
	tests/guest/thread-exit tests/guest/thread-spin \
	tests/guest/thread-detach tests/guest/thread-kill \
	tests/guest/thread-many
GUEST_SRCS_THREADS = $(GUEST_PROGS_THREADS:=.c)
GUEST_PROGS += $(GUEST_PROGS_THREADS)
EXTRA_DIST += $(GUEST_SRCS_THREADS)
tests/guest/thread-sum: tests/guest/thread-sum.c
tests/guest/thread-cond: tests/guest/thread-cond.c
tests/guest/thread-tls: tests/guest/thread-tls.c
tests/guest/thread-exit: tests/guest/thread-exit.c
tests/guest/thread-spin: tests/guest/thread-spin.c
tests/guest/thread-detach: tests/guest/thread-detach.c
tests/guest/thread-kill: tests/guest/thread-kill.c
tests/guest/thread-many: tests/guest/thread-many.c
