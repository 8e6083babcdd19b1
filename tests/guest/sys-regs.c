/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* System instructions a Linux process may use: MRS/MSR of NZCV (and the
 * conditions seeing what MSR wrote), FPCR and FPSR (which bits stick),
 * TPIDR_EL0, TPIDRRO_EL0, CTR_EL0, DCZID_EL0, the ID registers Linux
 * emulates; DC ZVA; the cache maintenance a JIT issues; every hint and
 * barrier encoding; CLREX breaking an exclusive pair. Compare the output
 * and the lockstep trace with qemu-aarch64 -cpu cortex-a53 (registers
 * whose values differ by design are in sys-counter). */
#include "dp-nolibc.h"

#define MRS(reg)                                                        \
    ({                                                                  \
        uint64_t v_;                                                    \
        __asm__ volatile("mrs %0, " reg : "=r"(v_));                    \
        v_;                                                             \
    })
#define MSR(reg, v) __asm__ volatile("msr " reg ", %0" : : "r"((uint64_t)(v)))

static void show(const char *what, uint64_t v)
{
    out_str_w(what, 28);
    out_hex(v, 16);
    out_char('\n');
}

/* For each NZCV value written by MSR: NZCV read back, and which of the
 * 16 conditions hold (bit n for condition n, through CSET). */
static void test_nzcv(void)
{
    uint32_t cset[16];
    for (uint32_t c = 0; c < 16; c++) {
        cset[c] = 0x9a9f07e0u | (c ^ 1) << 12;   /* cset x0, c */
    }
    const uint32_t *code[16];
    for (uint32_t c = 0; c < 16; c++) {
        code[c] = stub(&cset[c], 1);
    }
    for (uint64_t f = 0; f < 16; f++) {
        uint64_t in = f << 28 | (f * 0x0123456789abcdefull & 0x0fffffff) |
                      (f << 40);
        uint64_t back;
        uint32_t mask = 0;
        /* junk outside bits 31:28 must be ignored */
        __asm__ volatile("msr nzcv, %1\n\tmrs %0, nzcv" : "=r"(back)
                         : "r"(in));
        for (uint32_t c = 0; c < 16; c++) {
            Regs r = { { 0, 0, 0, 0 }, f << 28 };
            run_stub(&r, code[c]);
            mask |= (uint32_t)r.x[0] << c;
        }
        out_str("nzcv ");
        out_hex(f, 1);
        out_str(": read ");
        out_hex(back, 16);
        out_str(" conditions ");
        out_hex(mask, 4);
        out_char('\n');
    }
    MSR("nzcv", 0);
    show("msr nzcv, xzr; mrs", MRS("nzcv"));
    code_next = (uint32_t *)(((uintptr_t)code_next + 4095) & ~(uintptr_t)4095);
}

static void test_fp_control(void)
{
    static const uint64_t vals[] = {
        ~0ull, 0, 0x00c00000, 0x03000000, 0x0000ff00, 0x0000009f,
        0xf0000000, 0x08000000, 0xffffffff00000000ull,
    };
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        MSR("fpcr", vals[i]);
        out_str("fpcr ");
        out_hex(vals[i], 16);
        out_str(" -> ");
        out_hex(MRS("fpcr"), 16);
        MSR("fpsr", vals[i]);
        out_str("  fpsr -> ");
        out_hex(MRS("fpsr"), 16);
        out_char('\n');
    }
    MSR("fpcr", 0);
    MSR("fpsr", 0);
}

static void test_id_regs(void)
{
    uint64_t t0 = MRS("tpidr_el0");
    MSR("tpidr_el0", 0x0123456789abcdefull);
    show("tpidr_el0 initial", t0);
    show("tpidr_el0 written", MRS("tpidr_el0"));
    MSR("tpidr_el0", 0);
    __asm__ volatile("msr tpidr_el0, xzr");
    show("tpidr_el0 xzr", MRS("tpidr_el0"));
    show("tpidrro_el0", MRS("tpidrro_el0"));
    show("ctr_el0", MRS("ctr_el0"));
    show("dczid_el0", MRS("dczid_el0"));
    show("midr_el1", MRS("midr_el1"));
    show("mpidr_el1", MRS("mpidr_el1"));
    show("revidr_el1", MRS("revidr_el1"));
    show("id_aa64pfr0_el1", MRS("id_aa64pfr0_el1"));
    show("id_aa64pfr1_el1", MRS("id_aa64pfr1_el1"));
    show("id_aa64dfr0_el1", MRS("id_aa64dfr0_el1"));
    show("id_aa64dfr1_el1", MRS("id_aa64dfr1_el1"));
    show("id_aa64isar1_el1", MRS("id_aa64isar1_el1"));
    show("id_aa64mmfr0_el1", MRS("id_aa64mmfr0_el1"));
    show("id_aa64mmfr1_el1", MRS("id_aa64mmfr1_el1"));
    show("id_aa64mmfr2_el1", MRS("id_aa64mmfr2_el1"));
    show("s3_0_c0_c7_7", MRS("s3_0_c0_c7_7"));
    show("s3_0_c0_c4_4", MRS("s3_0_c0_c4_4"));
}

static unsigned char zva_buf[512] __attribute__((aligned(64)));

static void test_dc(void)
{
    unsigned first = 0, count = 0;
    for (unsigned i = 0; i < sizeof(zva_buf); i++) {
        zva_buf[i] = 0xaa;
    }
    /* DC ZVA with an address in the middle of the second block */
    __asm__ volatile("dc zva, %0" : : "r"(zva_buf + 64 + 37) : "memory");
    for (unsigned i = 0; i < sizeof(zva_buf); i++) {
        if (zva_buf[i] == 0) {
            if (!count) {
                first = i;
            }
            count++;
        } else if (zva_buf[i] != 0xaa) {
            show("dc zva damaged byte", i);
        }
    }
    show("dc zva first zeroed", first);
    show("dc zva bytes zeroed", count);
    /* What a JIT does after writing code: no effect on the data. */
    __asm__ volatile("dc cvau, %0\n\tdc civac, %0\n\tdc cvac, %0\n\t"
                     "ic ivau, %0\n\tdsb ish\n\tisb"
                     : : "r"(zva_buf) : "memory");
    show("after dc/ic byte 0", zva_buf[0]);
}

/* Every hint (NOP, YIELD, WFE, WFI, SEV, SEVL, BTI, PAC hints...) and
 * barrier option: none may change a register or the flags. */
static void test_hints_barriers(void)
{
    group_begin("hints");
    for (uint32_t i = 0; i < 128; i++) {
        check_insn(0xd503201fu | i << 5, 2);
    }
    group_end();
    group_begin("barriers");
    for (uint32_t crm = 0; crm < 16; crm++) {
        check_insn(0xd503305fu | crm << 8, 1);      /* CLREX */
        check_insn(0xd503309fu | crm << 8, 1);      /* DSB */
        check_insn(0xd50330bfu | crm << 8, 1);      /* DMB */
        check_insn(0xd50330dfu | crm << 8, 1);      /* ISB */
    }
    group_end();
}

static void test_clrex(void)
{
    static uint64_t word = 5;
    uint32_t st1, st2;
    uint64_t v1, v2;
    __asm__ volatile("ldxr %1, [%2]\n\tstxr %w0, %3, [%2]"
                     : "=&r"(st1), "=&r"(v1) : "r"(&word), "r"(7ull)
                     : "memory");
    __asm__ volatile("ldxr %1, [%2]\n\tclrex\n\tstxr %w0, %3, [%2]"
                     : "=&r"(st2), "=&r"(v2) : "r"(&word), "r"(9ull)
                     : "memory");
    show("ldxr/stxr status", st1);
    show("ldxr/clrex/stxr status", st2);
    show("word after both", word);
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    code_init(1 << 20);
    test_nzcv();
    test_fp_control();
    test_id_regs();
    test_dc();
    test_hints_barriers();
    test_clrex();
    return 0;
}
