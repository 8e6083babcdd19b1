/* Run-time helpers for the A64 integer instructions that are not worth
 * open-coding in IR: division, bit reversal, CRC32, NZCV as a word, the
 * virtual counter and DC ZVA. */
#include <time.h>
#include "target/aarch64/helper.h"
#include "src/guest-mem.h"

uint64_t helper_udiv64(CPUState *cpu, uint64_t n, uint64_t m)
{
    return m ? n / m : 0;
}

uint64_t helper_sdiv64(CPUState *cpu, uint64_t n, uint64_t m)
{
    if (m == 0) {
        return 0;
    }
    if ((int64_t)m == -1) {
        return -n;        /* INT64_MIN / -1 wraps to INT64_MIN, as in A64 */
    }
    return (uint64_t)((int64_t)n / (int64_t)m);
}

uint64_t helper_udiv32(CPUState *cpu, uint64_t n, uint64_t m)
{
    uint32_t a = (uint32_t)n, b = (uint32_t)m;
    return b ? a / b : 0;
}

uint64_t helper_sdiv32(CPUState *cpu, uint64_t n, uint64_t m)
{
    int32_t a = (int32_t)n, b = (int32_t)m;
    if (b == 0) {
        return 0;
    }
    if (b == -1) {
        return (uint32_t)-(uint32_t)a;
    }
    return (uint32_t)(a / b);
}

uint64_t helper_rbit64(CPUState *cpu, uint64_t x)
{
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}

uint64_t helper_rbit32(CPUState *cpu, uint64_t x)
{
    return helper_rbit64(cpu, x) >> 32;
}

/* ---- CRC32 ------------------------------------------------------------- */

/* Byte-at-a-time tables for the bit-reflected polynomials. */
static uint32_t crc32_table[256], crc32c_table[256];

static void __attribute__((constructor)) crc_tables_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t a = i, c = i;
        for (int k = 0; k < 8; k++) {
            a = (a >> 1) ^ (a & 1 ? 0xedb88320u : 0);
            c = (c >> 1) ^ (c & 1 ? 0x82f63b78u : 0);
        }
        crc32_table[i] = a;
        crc32c_table[i] = c;
    }
}

/* A64 applies no inversion before or after: the accumulator is the
 * running remainder. */
static inline uint64_t crc_update(const uint32_t *table, uint64_t acc,
                                  uint64_t val, int bytes)
{
    uint32_t crc = (uint32_t)acc;
    for (int i = 0; i < bytes; i++) {
        crc = table[(crc ^ (uint8_t)val) & 0xff] ^ (crc >> 8);
        val >>= 8;
    }
    return crc;
}

#define CRC_HELPERS(n)                                                  \
    uint64_t helper_crc32_##n(CPUState *cpu, uint64_t acc, uint64_t val) \
    {                                                                   \
        return crc_update(crc32_table, acc, val, n);                    \
    }                                                                   \
    uint64_t helper_crc32c_##n(CPUState *cpu, uint64_t acc, uint64_t val) \
    {                                                                   \
        return crc_update(crc32c_table, acc, val, n);                   \
    }
CRC_HELPERS(1)
CRC_HELPERS(2)
CRC_HELPERS(4)
CRC_HELPERS(8)
#undef CRC_HELPERS

/* ---- System ------------------------------------------------------------ */

uint64_t helper_get_nzcv(CPUState *cpu)
{
    return a64_get_nzcv(arm_cpu(cpu));
}

uint64_t helper_set_nzcv(CPUState *cpu, uint64_t val)
{
    a64_set_nzcv(arm_cpu(cpu), (uint32_t)val);
    return 0;
}

uint64_t helper_cntvct(CPUState *cpu)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t helper_dc_zva(CPUState *cpu, uint64_t addr)
{
    static const uint8_t zeros[64];
    uint64_t block = addr & ~(uint64_t)63;   /* 4 << DCZID.BS bytes */

    /* Check the whole block first so a fault writes nothing. */
    cpu->n_helper_access = 0;
    if (!guest_access_ok(block, sizeof(zeros), PAGE_WRITE) ||
        !guest_write(block, zeros, sizeof(zeros))) {
        cpu_loop_exit_segv(cpu, addr, true);
    }
    /* Plugins see it as 16-byte stores, the widest access they know. */
    for (unsigned i = 0; i < sizeof(zeros); i += 16) {
        cpu_note_access(cpu, block + i, 4, true, 0, 0);
    }
    return 0;
}
