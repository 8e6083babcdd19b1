/* Where each register of xml/aarch64*.xml lives in ARMCPU: the AArch64
 * binding table of the register layer (src/regs.h). */
#include <time.h>

#include "src/regs.h"
#include "target/aarch64/cpu.h"

static void put32(void *dst, uint32_t v)
{
    memcpy(dst, &v, sizeof(v));
}

static void put64(void *dst, uint64_t v)
{
    memcpy(dst, &v, sizeof(v));
}

/* cpsr is PSTATE at EL0: NZCV from the lazily kept flags, every other
 * bit 0 (EL0t, nothing masked); a write keeps only NZCV. */
static void get_cpsr(CPUState *cpu, void *dst)
{
    put32(dst, a64_get_nzcv(arm_cpu(cpu)));
}

static void set_cpsr(CPUState *cpu, const void *src)
{
    uint32_t v;
    memcpy(&v, src, sizeof(v));
    a64_set_nzcv(arm_cpu(cpu), v);
}

/* CNTVCT_EL0 counts nanoseconds of CLOCK_MONOTONIC (A64_CNTFRQ). */
static void get_cntvct(CPUState *cpu, void *dst)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    put64(dst, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

/* The CPU model's ID registers: constants of the model, not state. */
static void get_midr(CPUState *cpu, void *dst)
{
    put64(dst, A64_MIDR);
}

static void get_ctr(CPUState *cpu, void *dst)
{
    put64(dst, A64_CTR);
}

static void get_dczid(CPUState *cpu, void *dst)
{
    put64(dst, A64_DCZID);
}

static void get_cntfrq(CPUState *cpu, void *dst)
{
    put64(dst, A64_CNTFRQ);
}

#define X(n) { "x" #n, A64_OFF(xregs[n]), 8, NULL, NULL, false }
#define V(n) { "v" #n, A64_OFF(vregs[n]), 16, NULL, NULL, false }
#define FIELD(name, field, ro) \
    { name, A64_OFF(field), sizeof(((ARMCPU *)0)->field), NULL, NULL, ro }
/* A register with no setter is read-only whatever the flag says. */
#define ACCESSOR(name, bytes, get, set) { name, -1, bytes, get, set, false }

static const RegBinding aarch64_reg_bindings[] = {
    /* org.gnu.gdb.aarch64.core */
    X(0),  X(1),  X(2),  X(3),  X(4),  X(5),  X(6),  X(7),
    X(8),  X(9),  X(10), X(11), X(12), X(13), X(14), X(15),
    X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23),
    X(24), X(25), X(26), X(27), X(28), X(29), X(30),
    FIELD("sp", xregs[31], false),
    /* Plugins move the pc with qemu_plugin_set_pc, which leaves the
     * block; the gdb stub still writes it through the layer. */
    FIELD("pc", pc, true),
    ACCESSOR("cpsr", 4, get_cpsr, set_cpsr),
    /* org.gnu.gdb.aarch64.fpu: both halves of vregs[n], low one first,
     * are the 16 little-endian bytes of Vn. */
    V(0),  V(1),  V(2),  V(3),  V(4),  V(5),  V(6),  V(7),
    V(8),  V(9),  V(10), V(11), V(12), V(13), V(14), V(15),
    V(16), V(17), V(18), V(19), V(20), V(21), V(22), V(23),
    V(24), V(25), V(26), V(27), V(28), V(29), V(30), V(31),
    FIELD("fpsr", fpsr, false),
    FIELD("fpcr", fpcr, false),
    /* org.gnu.gdb.aarch64.tls */
    FIELD("tpidr", tpidr_el0, false),
    /* org.emu.aarch64.sys: tpidrro_el0 is the kernel's to set. */
    FIELD("tpidrro_el0", tpidrro_el0, true),
    ACCESSOR("ctr_el0", 8, get_ctr, NULL),
    ACCESSOR("dczid_el0", 8, get_dczid, NULL),
    ACCESSOR("midr_el1", 8, get_midr, NULL),
    ACCESSOR("cntvct_el0", 8, get_cntvct, NULL),
    ACCESSOR("cntfrq_el0", 8, get_cntfrq, NULL),
};

static const RegAlias aarch64_reg_aliases[] = {
    { "fp", "x29" },
    { "lr", "x30" },
};

static const char *const aarch64_features[] = {
    "org.gnu.gdb.aarch64.core",
    "org.gnu.gdb.aarch64.fpu",
    "org.gnu.gdb.aarch64.tls",
    "org.emu.aarch64.sys",
    NULL,
};

const TargetRegs aarch64_regs = {
    .xml_top = "aarch64.xml",
    .architecture = "aarch64",
    .features = aarch64_features,
    .bindings = aarch64_reg_bindings,
    .n_bindings = G_N_ELEMENTS(aarch64_reg_bindings),
    .aliases = aarch64_reg_aliases,
    .n_aliases = G_N_ELEMENTS(aarch64_reg_aliases),
};
