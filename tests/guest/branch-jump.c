/* guest-cflags: -nostdlib -ffreestanding -fno-builtin -mgeneral-regs-only */
/* Unconditional and indirect branches: B and BL (the link register's
 * value), BR, BLR (also BLR X30, which reads X30 before writing it),
 * RET to any register, and every conditional and unconditional branch at
 * its largest offsets forwards and backwards. Results are relative to
 * the code's own addresses, so they do not depend on where it is mapped;
 * compare the output with qemu-aarch64. */
#include "dp-nolibc.h"

#define ADD_X0_1 0x91000400u
#define ADD_X0_2 0x91000800u
#define MOV_X3_X30 0xaa1e03e3u
#define MOV_X30_X3 0xaa0303feu
#define MOV_X1_XZR 0xaa1f03e1u
#define MOV_X0_X30 0xaa1e03e0u

static uint32_t adr(int rd, int32_t off)
{
    return 0x10000000u | ((uint32_t)off & 3) << 29 |
           (((uint32_t)off >> 2) & 0x7ffff) << 5 | (uint32_t)rd;
}

/* Run code once from fixed inputs; print x0 (minus bias), x1, x2. */
static void run_once(const char *what, const uint32_t *code, uint64_t bias)
{
    Regs r = { { 100, 0x1111, 0x2222, 0x3333 }, 0 };
    run_stub(&r, code);
    out_str_w(what, 24);
    out_hex(r.x[0] - bias, 16);
    out_char(' ');
    out_hex(r.x[1], 16);
    out_char(' ');
    out_hex(r.x[2], 16);
    out_char('\n');
}

static void test_indirect(void)
{
    /* BR x1 to L, skipping "add #1". */
    static const uint32_t br[] = {
        0, 0xd61f0020u, ADD_X0_1, ADD_X0_2, MOV_X1_XZR,
    };
    /* BLR x1: x2 = return address - L. */
    static const uint32_t blr[] = {
        MOV_X3_X30, 0, 0xd63f0020u, ADD_X0_1, MOV_X30_X3, MOV_X1_XZR,
        INSN_RET, 0xcb0103c2u /* L: sub x2, x30, x1 */,
    };
    /* BLR x30 */
    static const uint32_t blr30[] = {
        MOV_X3_X30, 0, 0xd63f03c0u, ADD_X0_1, MOV_X30_X3, MOV_X1_XZR,
        INSN_RET, 0 /* L: adr x1, L */, 0xcb0103c2u, 0,
    };
    uint32_t w[16];

    memcpy(w, br, sizeof(br));
    w[0] = adr(1, 12);
    run_once("br", stub(w, 5), 0);

    memcpy(w, blr, sizeof(blr));
    w[1] = adr(1, 24);
    run_once("blr", stub(w, 8), 0);

    memcpy(w, blr30, sizeof(blr30));
    w[1] = adr(30, 24);
    w[7] = adr(1, 0);
    w[9] = MOV_X1_XZR;
    run_once("blr x30", stub(w, 10), 0);

    /* RET x1, x2 and x30-through-x2 */
    for (int rn = 1; rn <= 2; rn++) {
        uint32_t v[] = { adr(rn, 12), 0xd65f0000u | (uint32_t)rn << 5,
                         ADD_X0_1, ADD_X0_2, MOV_X1_XZR,
                         0xaa1f03e2u /* mov x2, xzr */ };
        run_once(rn == 1 ? "ret x1" : "ret x2", stub(v, 6), 0);
    }

    /* BL: x0 = link - stub */
    {
        uint32_t v[] = { MOV_X3_X30, 0x94000000u | 4, ADD_X0_1, MOV_X30_X3,
                         INSN_RET, MOV_X0_X30 };
        const uint32_t *code = stub(v, 6);
        run_once("bl", code, (uint64_t)(uintptr_t)code);
    }
    /* B forwards and backwards within the stub */
    {
        uint32_t v[] = { 0x14000003u, ADD_X0_1, INSN_RET, 0x17fffffeu,
                         ADD_X0_2 };
        run_once("b +12, b -8", stub(v, 5), 0);
    }
}

/* Branches at the limits of their offsets: a region with the branches
 * in its middle and their targets near both ends. */
#define REGION_BYTES ((256ull << 20) + (64 << 10))

enum { K_B, K_BL, K_BCOND, K_CBZ, K_CBNZ, K_TBZ, K_TBNZ };

static uint32_t far_word(int kind, int64_t off)
{
    uint32_t w = (uint32_t)(off >> 2);
    switch (kind) {
    case K_B:     return 0x14000000u | (w & 0x3ffffff);
    case K_BL:    return 0x94000000u | (w & 0x3ffffff);
    case K_BCOND: return 0x54000000u | (w & 0x7ffff) << 5;   /* b.eq */
    case K_CBZ:   return 0xb4000000u | (w & 0x7ffff) << 5 | 2; /* x2 */
    case K_CBNZ:  return 0x35000000u | (w & 0x7ffff) << 5 | 2; /* w2 */
    case K_TBZ:   return 0xb6f80000u | (w & 0x3fff) << 5 | 2;  /* x2, #63 */
    default:      return 0x37000000u | (w & 0x3fff) << 5 | 2;  /* x2, #0 */
    }
}

static void test_far(void)
{
    static const struct {
        const char *what;
        int kind;
        int64_t off;
    } far[] = {
        { "b +128M-4", K_B, (1 << 27) - 4 },
        { "b -128M", K_B, -(1 << 27) },
        { "bl +128M-4", K_BL, (1 << 27) - 4 },
        { "bl -128M", K_BL, -(1 << 27) },
        { "b.eq +1M-4", K_BCOND, (1 << 20) - 4 },
        { "b.eq -1M", K_BCOND, -(1 << 20) },
        { "cbz x2 +1M-4", K_CBZ, (1 << 20) - 4 },
        { "cbnz w2 -1M", K_CBNZ, -(1 << 20) },
        { "tbz x2#63 +32K-4", K_TBZ, (1 << 15) - 4 },
        { "tbnz x2#0 -32K", K_TBNZ, -(1 << 15) },
    };
    char *region = sys_mmap_rwx(REGION_BYTES);
    if (!region) {
        out_str("mmap of the far-branch region failed\n");
        return;
    }
    char *mid = region + (128 << 20);
    for (unsigned i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
        /* mov x3, x30; branch; add x0, #1; mov x30, x3; ret. The target:
         * adr x1, .; sub x2, x30, x1 (BL's link minus the target, or
         * whatever x30 was); add x0, #(i + 2); mov x30, x3; ret. */
        uint32_t *p = (uint32_t *)(mid + i * 32);
        uint32_t *t = (uint32_t *)((char *)(p + 1) + far[i].off);
        p[0] = MOV_X3_X30;
        p[1] = far_word(far[i].kind, far[i].off);
        p[2] = ADD_X0_1;
        p[3] = MOV_X30_X3;
        p[4] = INSN_RET;
        t[0] = adr(1, 0);
        t[1] = 0xcb0103c2u;
        t[2] = 0x91000000u | (i + 2) << 10;
        t[3] = MOV_X30_X3;
        t[4] = INSN_RET;
    }
    for (unsigned i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
        /* Z clear and set; x2 zero, with bit 0 set, with only bit 63 set
         * (zero low word). */
        static const uint64_t x2s[] = { 0, 1, 0x8000000000000000ull };
        out_str_w(far[i].what, 24);
        for (int k = 0; k < 3; k++) {
            Regs r = { { 100, 0, x2s[k], 0 }, k == 1 ? 0x40000000u : 0 };
            run_stub(&r, (uint32_t *)(mid + i * 32));
            out_hex(r.x[0], 3);
            out_char(' ');
            if (far[i].kind == K_BL) {
                /* the link relative to the target */
                out_hex(r.x[2], 16);
                out_char(' ');
            }
        }
        out_char('\n');
    }
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    code_init(1 << 20);
    test_indirect();
    test_far();
    return 0;
}
