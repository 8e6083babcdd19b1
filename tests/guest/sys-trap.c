/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* "sys-trap WORD" executes one instruction word (hex) and prints "no
 * trap" if it comes back: an unallocated encoding kills the process with
 * SIGILL, BRK with SIGTRAP, a bad DC ZVA with SIGSEGV, as on the
 * hardware (x0..x3 are 0 when the word runs). "sys-trap [list]" prints
 * the words that must trap on an ARMv8.0 Linux process (reserved field
 * values, EL1-only system registers and instructions, unadvertised
 * extensions), each with the signal expected; a test runs each and
 * compares the status with qemu-aarch64 -cpu cortex-a53. */
#include "dp-nolibc.h"

static const struct {
    uint32_t word;
    const char *what;
} traps[] = {
    { 0x12400020u, "logical imm, 32-bit with N=1" },
    { 0x927ffc20u, "logical imm, all-ones element" },
    { 0x32800000u, "move wide opc=01" },
    { 0x52c00000u, "movz w, hw=2" },
    { 0x73000000u, "bitfield opc=11" },
    { 0x93000000u, "sbfm x with N=0" },
    { 0x13200000u, "sbfm w with immr=32" },
    { 0x13008000u, "sbfm w with imms=32" },
    { 0x13808000u, "extr w with imms=32" },
    { 0x93800000u, "extr x with N=0" },
    { 0x91800000u, "add imm with bit 23 (ADDG)" },
    { 0x0a008000u, "and w with shift 32" },
    { 0x8bc00000u, "add shift=ROR" },
    { 0x0b008000u, "add w with shift 32" },
    { 0x8b201400u, "add ext with shift 5" },
    { 0x8b600000u, "add ext with opt=01" },
    { 0x9a000400u, "adc with bits 15:10 set (RMIF)" },
    { 0x5a400000u, "ccmp without S" },
    { 0x7a400400u, "ccmp with o2" },
    { 0x7a400010u, "ccmp with o3" },
    { 0x1a800800u, "csel op2=10" },
    { 0x9ac00000u, "2src opcode 0 (SUBP)" },
    { 0x9ac03000u, "PACGA" },
    { 0x1ac04c00u, "crc32x with sf=0" },
    { 0x9ac04000u, "crc32b with sf=1" },
    { 0x5ac00c00u, "rev w with opc=11" },
    { 0xdac10000u, "PACIA" },
    { 0x5ac01800u, "1src opcode 6 (CTZ)" },
    { 0x1b200000u, "smaddl with sf=0" },
    { 0x9b600000u, "3src op31=011" },
    { 0x9b408000u, "smulh with o0=1" },
    { 0x3b000000u, "3src op54=01" },
    { 0x54000010u, "b.cond with bit 4 (BC.cond)" },
    { 0xd61f081fu, "BRAAZ" },
    { 0xd65f0bffu, "RETAA" },
    { 0xd69f03e0u, "ERET" },
    { 0xd63f0800u, "BLRAA-space" },
    { 0xd4000002u, "HVC" },
    { 0xd4000003u, "SMC" },
    { 0xd4400000u, "HLT" },
    { 0xd4a00001u, "DCPS1" },
    { 0xd50342dfu, "msr daifset" },
    { 0xd500401fu, "CFINV" },
    { 0xd50040bfu, "msr spsel" },
    { 0xd503323fu, "DSB nXS" },
    { 0xd5087620u, "dc ivac" },
    { 0xd508751fu, "ic iallu" },
    { 0xd52b7420u, "SYSL" },
    { 0xd5384240u, "mrs currentel" },
    { 0xd53b4220u, "mrs daif" },
    { 0xd53be020u, "mrs cntpct_el0" },
    { 0xd53b9d00u, "mrs pmccntr_el0" },
    { 0xd5380020u, "mrs s3_0_c0_c0_1" },
    { 0xd5384200u, "mrs spsel" },
    { 0xd51bd060u, "msr tpidrro_el0" },
    { 0xd5180000u, "msr midr_el1" },
    { 0xd51b0020u, "msr ctr_el0" },
    { 0xd4200000u, "brk #0" },
    { 0xd4200f00u, "brk #0x78" },
    { 0xd50b7420u, "dc zva, x0 with x0 = 0" },
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
            uint32_t w = traps[i].word;
            out_str((w & 0xffe0001fu) == 0xd4200000u ? " SIGTRAP "
                    : w == 0xd50b7420u ? " SIGSEGV " : " SIGILL ");
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
    Regs r = { { 0, 0, 0, 0 }, 0 };
    run_stub(&r, stub(&word, 1));
    out_str("no trap\n");
    return 0;
}
