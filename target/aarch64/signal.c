/* The arm64 signal frame as Linux builds it (struct rt_sigframe:
 * siginfo, then the ucontext with its sigcontext and the fpsimd record,
 * then the {fp, lr} frame record), and rt_sigreturn's reading of it. */
#include "target/aarch64/cpu.h"
#include "src/guest-mem.h"
#include "src/guest-signal.h"
#include "src/target.h"

/* Offsets in struct rt_sigframe (arch/arm64 uapi: sigcontext.h,
 * ucontext.h; the generic siginfo_t and stack_t). */
enum {
    F_INFO = 0,
    F_UC = GUEST_SIGINFO_SIZE,
    UC_FLAGS = F_UC,
    UC_LINK = F_UC + 8,
    UC_STACK = F_UC + 16,            /* ss_sp, ss_flags (+pad), ss_size */
    UC_SIGMASK = F_UC + 40,          /* 8 bytes, in a 128-byte area */
    UC_MCONTEXT = F_UC + 176,        /* 16-aligned after the mask area */
    SC_FAULT_ADDRESS = UC_MCONTEXT,
    SC_REGS = UC_MCONTEXT + 8,       /* x0..x30 */
    SC_SP = UC_MCONTEXT + 256,
    SC_PC = UC_MCONTEXT + 264,
    SC_PSTATE = UC_MCONTEXT + 272,
    SC_RESERVED = UC_MCONTEXT + 288, /* records, 4096 bytes */
    SC_RESERVED_SIZE = 4096,
    FRAME_SIZE = SC_RESERVED + SC_RESERVED_SIZE,
};

#define FPSIMD_MAGIC 0x46508001u
#define FPSIMD_SIZE 528u
#define ESR_MAGIC 0x45535201u
#define PSTATE_NZCV 0xf0000000u

G_STATIC_ASSERT(FRAME_SIZE == 4688 && FRAME_SIZE % 16 == 0);

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static bool a64_signal_frame(CPUState *cpu, const GuestSignalFrame *f)
{
    ARMCPU *c = arm_cpu(cpu);
    uint8_t *buf = g_malloc0(FRAME_SIZE + 16);
    uint8_t *rec = buf + SC_RESERVED;
    /* The frame record sits at the top, the rt_sigframe below it. */
    uint64_t record = (f->sp - 16) & ~15ull;
    uint64_t frame = record - FRAME_SIZE;
    bool ok;

    if (f->with_siginfo) {
        memcpy(buf + F_INFO, f->siginfo, GUEST_SIGINFO_SIZE);
    }
    put64(buf + UC_STACK, f->ss_sp);
    put32(buf + UC_STACK + 8, (uint32_t)f->ss_flags);
    put64(buf + UC_STACK + 16, f->ss_size);
    put64(buf + UC_SIGMASK, f->mask);
    put64(buf + SC_FAULT_ADDRESS, f->fault_addr);
    for (int i = 0; i < 31; i++) {
        put64(buf + SC_REGS + 8 * i, c->xregs[i]);
    }
    put64(buf + SC_SP, c->xregs[31]);
    put64(buf + SC_PC, c->pc);
    put64(buf + SC_PSTATE, a64_get_nzcv(c));
    put32(rec, FPSIMD_MAGIC);
    put32(rec + 4, FPSIMD_SIZE);
    put32(rec + 8, c->fpsr);
    put32(rec + 12, c->fpcr);
    memcpy(rec + 16, c->vregs, 32 * 16);
    /* The terminating record after it is all zeros already. */
    put64(buf + FRAME_SIZE, c->xregs[29]);
    put64(buf + FRAME_SIZE + 8, c->xregs[30]);

    ok = frame < f->sp && guest_write(frame, buf, FRAME_SIZE + 16);
    g_free(buf);
    if (!ok) {
        return false;
    }
    c->xregs[0] = (uint64_t)f->sig;
    if (f->with_siginfo) {
        c->xregs[1] = frame + F_INFO;
        c->xregs[2] = frame + F_UC;
    }
    c->xregs[29] = record;
    c->xregs[30] = f->return_addr;
    c->xregs[31] = frame;
    c->pc = f->handler;
    return true;
}

static bool a64_signal_return(CPUState *cpu, GuestSignalReturn *r)
{
    ARMCPU *c = arm_cpu(cpu);
    uint64_t frame = c->xregs[31];
    uint8_t *buf;
    bool fpsimd = false, ok = false;

    if (frame & 15) {
        return false;
    }
    buf = g_malloc(FRAME_SIZE);
    if (!guest_read(frame, buf, FRAME_SIZE)) {
        goto out;
    }
    /* The records first: a frame that fails leaves the CPU alone. */
    for (uint32_t off = 0; off + 8 <= SC_RESERVED_SIZE;) {
        const uint8_t *rec = buf + SC_RESERVED + off;
        uint32_t magic = get32(rec), size = get32(rec + 4);

        if (magic == 0) {
            break;
        }
        if (size < 8 || size % 16 || size > SC_RESERVED_SIZE - off) {
            goto out;
        }
        if (magic == FPSIMD_MAGIC) {
            if (size != FPSIMD_SIZE || fpsimd) {
                goto out;
            }
            fpsimd = true;
        } else if (magic != ESR_MAGIC) {
            goto out;
        }
        off += size;
    }
    if (!fpsimd) {
        goto out;
    }
    for (uint32_t off = 0;;) {
        const uint8_t *rec = buf + SC_RESERVED + off;

        if (get32(rec) == FPSIMD_MAGIC) {
            c->fpsr = get32(rec + 8);
            c->fpcr = get32(rec + 12);
            memcpy(c->vregs, rec + 16, 32 * 16);
            break;
        }
        off += get32(rec + 4);
    }
    for (int i = 0; i < 31; i++) {
        c->xregs[i] = get64(buf + SC_REGS + 8 * i);
    }
    c->xregs[31] = get64(buf + SC_SP);
    c->pc = get64(buf + SC_PC);
    /* At EL0 only the flags are the program's to set. */
    a64_set_nzcv(c, (uint32_t)get64(buf + SC_PSTATE) & PSTATE_NZCV);
    r->mask = get64(buf + UC_SIGMASK);
    r->ss_sp = get64(buf + UC_STACK);
    r->ss_flags = (int32_t)get32(buf + UC_STACK + 8);
    r->ss_size = get64(buf + UC_STACK + 16);
    ok = true;
out:
    g_free(buf);
    return ok;
}

/* mov x8, #139 (rt_sigreturn); svc #0: the words of the kernel's vDSO
 * trampoline, which unwinders recognise. */
static const uint32_t a64_sigreturn_code[] = { 0xd2801168, 0xd4000001 };

const TargetSignal aarch64_signal = {
    .setup_frame = a64_signal_frame,
    .sigreturn = a64_signal_return,
    .sigreturn_code = a64_sigreturn_code,
    .sigreturn_code_size = sizeof(a64_sigreturn_code),
    .syscall_insn_size = 4,
};
