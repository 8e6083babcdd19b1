/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* "sys-trap WORD" executes one instruction word (hex) and prints "no
 * trap" if it comes back: an unallocated encoding kills the process with
 * SIGILL, BRK with SIGTRAP, a bad DC ZVA with SIGSEGV, a branch to a
 * misaligned address with SIGBUS, as on the hardware (the word runs with
 * x0, x2, x3 = 0 and x1 = its own address + 2). "sys-trap [list]" prints
 * the words that must trap on an ARMv8.0 Linux process (reserved field
 * values, EL1-only system registers and instructions, unadvertised
 * extensions), each with the signal expected; a test runs each and
 * compares the status with qemu-aarch64 -cpu cortex-a53. */
#include "dp-nolibc.h"

static const struct {
    uint32_t word;
    const char *signal;
    const char *what;
} traps[] = {
    { 0x12400020u, "SIGILL", "logical imm, 32-bit with N=1" },
    { 0x927ffc20u, "SIGILL", "logical imm, all-ones element" },
    { 0x32800000u, "SIGILL", "move wide opc=01" },
    { 0x52c00000u, "SIGILL", "movz w, hw=2" },
    { 0x73000000u, "SIGILL", "bitfield opc=11" },
    { 0x93000000u, "SIGILL", "sbfm x with N=0" },
    { 0x13200000u, "SIGILL", "sbfm w with immr=32" },
    { 0x13008000u, "SIGILL", "sbfm w with imms=32" },
    { 0x13808000u, "SIGILL", "extr w with imms=32" },
    { 0x93800000u, "SIGILL", "extr x with N=0" },
    { 0x91800000u, "SIGILL", "add imm with bit 23 (ADDG)" },
    { 0x0a008000u, "SIGILL", "and w with shift 32" },
    { 0x8bc00000u, "SIGILL", "add shift=ROR" },
    { 0x0b008000u, "SIGILL", "add w with shift 32" },
    { 0x8b201400u, "SIGILL", "add ext with shift 5" },
    { 0x8b600000u, "SIGILL", "add ext with opt=01" },
    { 0x9a000400u, "SIGILL", "adc with bits 15:10 set (RMIF)" },
    { 0x5a400000u, "SIGILL", "ccmp without S" },
    { 0x7a400400u, "SIGILL", "ccmp with o2" },
    { 0x7a400010u, "SIGILL", "ccmp with o3" },
    { 0x1a800800u, "SIGILL", "csel op2=10" },
    { 0x9ac00000u, "SIGILL", "2src opcode 0 (SUBP)" },
    { 0x9ac03000u, "SIGILL", "PACGA" },
    { 0x1ac04c00u, "SIGILL", "crc32x with sf=0" },
    { 0x9ac04000u, "SIGILL", "crc32b with sf=1" },
    { 0x5ac00c00u, "SIGILL", "rev w with opc=11" },
    { 0xdac10000u, "SIGILL", "PACIA" },
    { 0x5ac01800u, "SIGILL", "1src opcode 6 (CTZ)" },
    { 0x1b200000u, "SIGILL", "smaddl with sf=0" },
    { 0x9b600000u, "SIGILL", "3src op31=011" },
    { 0x9b408000u, "SIGILL", "smulh with o0=1" },
    { 0x3b000000u, "SIGILL", "3src op54=01" },
    { 0x54000010u, "SIGILL", "b.cond with bit 4 (BC.cond)" },
    { 0xd61f081fu, "SIGILL", "BRAAZ" },
    { 0xd65f0bffu, "SIGILL", "RETAA" },
    { 0xd69f03e0u, "SIGILL", "ERET" },
    { 0xd63f0800u, "SIGILL", "BLRAA-space" },
    { 0xd4000002u, "SIGILL", "HVC" },
    { 0xd4000003u, "SIGILL", "SMC" },
    { 0xd4400000u, "SIGILL", "HLT" },
    { 0xd4a00001u, "SIGILL", "DCPS1" },
    { 0xd50342dfu, "SIGILL", "msr daifset" },
    { 0xd500401fu, "SIGILL", "CFINV" },
    { 0xd50040bfu, "SIGILL", "msr spsel" },
    { 0xd503323fu, "SIGILL", "DSB nXS" },
    { 0xd5087620u, "SIGILL", "dc ivac" },
    { 0xd508751fu, "SIGILL", "ic iallu" },
    { 0xd52b7420u, "SIGILL", "SYSL" },
    { 0xd5384240u, "SIGILL", "mrs currentel" },
    { 0xd53b4220u, "SIGILL", "mrs daif" },
    { 0xd53be020u, "SIGILL", "mrs cntpct_el0" },
    { 0xd53b9d00u, "SIGILL", "mrs pmccntr_el0" },
    { 0xd5380020u, "SIGILL", "mrs s3_0_c0_c0_1" },
    { 0xd5384200u, "SIGILL", "mrs spsel" },
    { 0xd51bd060u, "SIGILL", "msr tpidrro_el0" },
    { 0xd5180000u, "SIGILL", "msr midr_el1" },
    { 0xd51b0020u, "SIGILL", "msr ctr_el0" },
    { 0xd4200000u, "SIGTRAP", "brk #0" },
    { 0xd4200f00u, "SIGTRAP", "brk #0x78" },
    { 0xd50b7420u, "SIGSEGV", "dc zva, x0 with x0 = 0" },
    { 0xd61f0000u, "SIGSEGV", "br x0 with x0 = 0" },
    { 0xd61f0020u, "SIGBUS", "br x1 to a misaligned address" },
    { 0xd65f0020u, "SIGBUS", "ret x1 to a misaligned address" },
};

static int parse_hex(const char *s, uint32_t *v)
{
    uint32_t r = 0;
    int n = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
    }
    for (; *s; s++, n++) {
        int d;
        if (*s >= '0' && *s <= '9') {
            d = *s - '0';
        } else if (*s >= 'a' && *s <= 'f') {
            d = *s - 'a' + 10;
        } else if (*s >= 'A' && *s <= 'F') {
            d = *s - 'A' + 10;
        } else {
            return 0;
        }
        r = r << 4 | (uint32_t)d;
    }
    *v = r;
    return n > 0 && n <= 8;
}

int main(int argc, char **argv)
{
    uint32_t word;

    if (argc == 1 || (argc == 2 && str_eq(argv[1], "list"))) {
        for (unsigned i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
            out_hex(traps[i].word, 8);
            out_char(' ');
            out_str(traps[i].signal);
            out_char(' ');
            out_str(traps[i].what);
            out_char('\n');
        }
        return 0;
    }
    if (argc != 2 || !parse_hex(argv[1], &word)) {
        out_str("usage: sys-trap [list] | sys-trap WORD\n");
        return 2;
    }
    code_init(4096);
    out_str("executing ");
    out_hex(word, 8);
    out_char('\n');
    out_flush();
    const uint32_t *code = stub(&word, 1);
    Regs r = { { 0, (uint64_t)(uintptr_t)code + 2, 0, 0 }, 0 };
    run_stub(&r, code);
    out_str("no trap\n");
    return 0;
}
