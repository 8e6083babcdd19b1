/* The interpreter back end: direct-threaded code whose operands were
 * resolved by the code generator to byte offsets from the CPU, so a
 * handler is a few loads, one operation and an indirect jump. */
#include <string.h>
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "tcg/interp.h"
#include "src/guest-mem.h"
#include "gdbstub/gdbstub.h"

const void *const *tcg_interp_handlers;

typedef uint64_t (*helper0)(CPUState *);
typedef uint64_t (*helper1)(CPUState *, uint64_t);
typedef uint64_t (*helper2)(CPUState *, uint64_t, uint64_t);
typedef uint64_t (*helper3)(CPUState *, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*helper4)(CPUState *, uint64_t, uint64_t, uint64_t,
                            uint64_t);
typedef uint64_t (*helper5)(CPUState *, uint64_t, uint64_t, uint64_t,
                            uint64_t, uint64_t);
typedef uint64_t (*helper6)(CPUState *, uint64_t, uint64_t, uint64_t,
                            uint64_t, uint64_t, uint64_t);

static inline bool eval_cond(TCGCond c, uint64_t a, uint64_t b)
{
    switch (c) {
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return (int64_t)a < (int64_t)b;
    case TCG_COND_GE: return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE: return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT: return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    case TCG_COND_ALWAYS: return true;
    default: return false;
    }
}

static inline uint64_t ror64(uint64_t x, unsigned n)
{
    n &= 63;
    return n ? (x >> n) | (x << (64 - n)) : x;
}

static inline uint32_t ror32(uint32_t x, unsigned n)
{
    n &= 31;
    return n ? (x >> n) | (x << (32 - n)) : x;
}

static inline uint64_t muluh64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

static inline uint64_t mulsh64(uint64_t a, uint64_t b)
{
    return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
}

void tcg_interp_init(void)
{
    if (!tcg_interp_handlers) {
        tcg_interp_exec(NULL, NULL);
    }
}

uintptr_t tcg_interp_exec(CPUState *cpu, TranslationBlock *tb)
{
    static const void *const handlers[NB_IOPS] = {
#define X(name) [IOP_##name] = &&do_##name,
        INTERP_OPS(X)
#undef X
    };
    if (unlikely(!cpu)) {
        tcg_interp_handlers = handlers;
        return 0;
    }

    char *const base = (char *)cpu;
    uint8_t *const gbase = guest_base;
    const uintptr_t *ip = tb->code;
    uint64_t addr;

#define R(i)   (*(uint64_t *)(base + ip[i]))
#define IMM(i) ((uint64_t)ip[i])
#define ENV(type, i) (*(type *)(base + ip[i]))
#define NEXT(n) do { ip += (n); goto *(const void *)ip[0]; } while (0)

    cpu->cur_tb = tb;
    NEXT(0);

do_mov:   R(1) = R(2); NEXT(3);
do_movi:  R(1) = IMM(2); NEXT(3);

do_ld8u:  R(1) = ENV(uint8_t, 2); NEXT(3);
do_ld8s:  R(1) = (int64_t)ENV(int8_t, 2); NEXT(3);
do_ld16u: R(1) = ENV(uint16_t, 2); NEXT(3);
do_ld16s: R(1) = (int64_t)ENV(int16_t, 2); NEXT(3);
do_ld32u: R(1) = ENV(uint32_t, 2); NEXT(3);
do_ld32s: R(1) = (int64_t)ENV(int32_t, 2); NEXT(3);
do_ld64:  R(1) = ENV(uint64_t, 2); NEXT(3);
do_st8:   ENV(uint8_t, 2) = (uint8_t)R(1); NEXT(3);
do_st16:  ENV(uint16_t, 2) = (uint16_t)R(1); NEXT(3);
do_st32:  ENV(uint32_t, 2) = (uint32_t)R(1); NEXT(3);
do_st64:  ENV(uint64_t, 2) = R(1); NEXT(3);

#define BIN(name, expr_r, expr_i)                                       \
do_##name:    { uint64_t a = R(2), b = R(3); R(1) = (expr_r); NEXT(4); } \
do_##name##_i: { uint64_t a = R(2), b = IMM(3); R(1) = (expr_i); NEXT(4); }
#define BIN2(name, expr) BIN(name, expr, expr)
BIN2(add, a + b)
BIN2(sub, a - b)
BIN2(mul, a * b)
BIN2(and, a & b)
BIN2(or, a | b)
BIN2(xor, a ^ b)
BIN2(andc, a & ~b)
BIN2(orc, a | ~b)
BIN2(eqv, ~(a ^ b))
BIN2(shl, a << (b & 63))
BIN2(shr, a >> (b & 63))
BIN2(sar, (uint64_t)((int64_t)a >> (b & 63)))
BIN2(rotr, ror64(a, (unsigned)b))
BIN2(add32, (uint32_t)(a + b))
BIN2(sub32, (uint32_t)(a - b))
BIN2(mul32, (uint32_t)(a * b))
BIN2(shl32, (uint32_t)((uint32_t)a << (b & 31)))
BIN2(shr32, (uint32_t)a >> (b & 31))
BIN2(sar32, (uint32_t)((int32_t)a >> (b & 31)))
BIN2(rotr32, ror32((uint32_t)a, (unsigned)b))
BIN2(and32, (uint32_t)(a & b))
BIN2(or32, (uint32_t)(a | b))
BIN2(xor32, (uint32_t)(a ^ b))
BIN2(andc32, (uint32_t)(a & ~b))
BIN2(orc32, (uint32_t)(a | ~b))
BIN2(eqv32, (uint32_t)~(a ^ b))
#undef BIN2
#undef BIN
    /* Arithmetic with flags: inputs are read before any output is
     * written, since the result may be one of them. */
#define CC64(name, res, carry, over)                                    \
do_##name:    { uint64_t a = R(6), b = R(7); goto name##_go;            \
do_##name##_i:  a = R(6); b = IMM(7);                                   \
    name##_go: { uint64_t r = (res);                                    \
        R(1) = r; R(2) = r; R(3) = r; R(4) = (carry); R(5) = (over);    \
        NEXT(8); } }
CC64(add_cc, a + b, r < a, (r ^ a) & ~(a ^ b))
CC64(sub_cc, a - b, a >= b, (r ^ a) & (a ^ b))
#undef CC64
#define CC32(name, res, carry, over)                                    \
do_##name:    { uint32_t a = R(6), b = R(7); goto name##_go;            \
do_##name##_i:  a = R(6); b = IMM(7);                                   \
    name##_go: { uint32_t r = (res);                                    \
        R(1) = r; R(2) = (uint64_t)(int32_t)r; R(3) = r;                \
        R(4) = (carry); R(5) = (uint64_t)(int32_t)(over);               \
        NEXT(8); } }
CC32(add32_cc, a + b, r < a, (r ^ a) & ~(a ^ b))
CC32(sub32_cc, a - b, a >= b, (r ^ a) & (a ^ b))
#undef CC32
do_muluh: R(1) = muluh64(R(2), R(3)); NEXT(4);
do_mulsh: R(1) = mulsh64(R(2), R(3)); NEXT(4);

do_neg:    R(1) = -R(2); NEXT(3);
do_not:    R(1) = ~R(2); NEXT(3);
do_ext8s:  R(1) = (int64_t)(int8_t)R(2); NEXT(3);
do_ext8u:  R(1) = (uint8_t)R(2); NEXT(3);
do_ext16s: R(1) = (int64_t)(int16_t)R(2); NEXT(3);
do_ext16u: R(1) = (uint16_t)R(2); NEXT(3);
do_ext32s: R(1) = (int64_t)(int32_t)R(2); NEXT(3);
do_ext32u: R(1) = (uint32_t)R(2); NEXT(3);
do_bswap16: R(1) = __builtin_bswap16((uint16_t)R(2)); NEXT(3);
do_bswap32: R(1) = __builtin_bswap32((uint32_t)R(2)); NEXT(3);
do_bswap64: R(1) = __builtin_bswap64(R(2)); NEXT(3);
do_clz:   { uint64_t a = R(2); R(1) = a ? __builtin_clzll(a) : 64; NEXT(3); }
do_clz32: { uint32_t a = R(2); R(1) = a ? __builtin_clz(a) : 32; NEXT(3); }
do_ctpop: R(1) = __builtin_popcountll(R(2)); NEXT(3);
do_extract:  R(1) = (R(2) >> IMM(3)) & IMM(4); NEXT(5);
do_sextract: R(1) = (uint64_t)((int64_t)(R(2) << IMM(3)) >> IMM(4)); NEXT(5);
do_deposit: {
        uint64_t mask = IMM(5) << IMM(4);
        R(1) = (R(2) & ~mask) | ((R(3) << IMM(4)) & mask);
        NEXT(6);
    }

#define CONDS(X, name, A, B) \
    X(name##_eq, (A) == (B)) X(name##_ne, (A) != (B)) \
    X(name##_lt, (int64_t)(A) < (int64_t)(B)) \
    X(name##_ge, (int64_t)(A) >= (int64_t)(B)) \
    X(name##_le, (int64_t)(A) <= (int64_t)(B)) \
    X(name##_gt, (int64_t)(A) > (int64_t)(B)) \
    X(name##_ltu, (A) < (B)) X(name##_geu, (A) >= (B)) \
    X(name##_leu, (A) <= (B)) X(name##_gtu, (A) > (B)) \
    X(name##_tsteq, ((A) & (B)) == 0) X(name##_tstne, ((A) & (B)) != 0)
#define CONDS32(X, name, A, B) \
    X(name##_eq, (A) == (B)) X(name##_ne, (A) != (B)) \
    X(name##_lt, (int32_t)(A) < (int32_t)(B)) \
    X(name##_ge, (int32_t)(A) >= (int32_t)(B)) \
    X(name##_le, (int32_t)(A) <= (int32_t)(B)) \
    X(name##_gt, (int32_t)(A) > (int32_t)(B)) \
    X(name##_ltu, (A) < (B)) X(name##_geu, (A) >= (B)) \
    X(name##_leu, (A) <= (B)) X(name##_gtu, (A) > (B)) \
    X(name##_tsteq, ((A) & (B)) == 0) X(name##_tstne, ((A) & (B)) != 0)
#define SETC(name, expr) do_##name: R(1) = (expr); NEXT(4);
#define BRC(name, expr) \
do_##name: if (expr) { ip = (const uintptr_t *)ip[3]; NEXT(0); } NEXT(4);
CONDS(SETC, setcond, R(2), R(3))
CONDS(SETC, setcond_i, R(2), IMM(3))
CONDS32(SETC, setcond32, (uint32_t)R(2), (uint32_t)R(3))
CONDS32(SETC, setcond32_i, (uint32_t)R(2), (uint32_t)IMM(3))
CONDS(BRC, brcond, R(1), R(2))
CONDS(BRC, brcond_i, R(1), IMM(2))
CONDS32(BRC, brcond32, (uint32_t)R(1), (uint32_t)R(2))
CONDS32(BRC, brcond32_i, (uint32_t)R(1), (uint32_t)IMM(2))
#undef BRC
#undef SETC
#undef CONDS32
#undef CONDS

do_movcond:
    R(1) = eval_cond((TCGCond)ip[6], R(2), R(3)) ? R(4) : R(5);
    NEXT(7);
do_br:
    ip = (const uintptr_t *)ip[1];
    NEXT(0);

    /* Guest memory. An address at or above the limit never reaches the
     * host; one below it either hits a mapped page or faults inside the
     * reservation, which the SIGSEGV handler turns into a guest fault. */
#define GUEST_LD(name, type, ext)                                       \
do_##name:                                                              \
    addr = R(2) + IMM(3);                                               \
    cpu->cur_ip = ip;                                                   \
    if (unlikely(addr >= GUEST_ADDR_LIMIT)) {                           \
        cpu_loop_exit_segv(cpu, addr, false);                           \
    }                                                                   \
    { type v; memcpy(&v, gbase + addr, sizeof(v)); R(1) = ext v; }      \
    NEXT(4);
GUEST_LD(ld_ub, uint8_t, (uint64_t))
GUEST_LD(ld_sb, int8_t, (uint64_t)(int64_t))
GUEST_LD(ld_uw, uint16_t, (uint64_t))
GUEST_LD(ld_sw, int16_t, (uint64_t)(int64_t))
GUEST_LD(ld_ul, uint32_t, (uint64_t))
GUEST_LD(ld_sl, int32_t, (uint64_t)(int64_t))
GUEST_LD(ld_uq, uint64_t, (uint64_t))
#undef GUEST_LD
#define GUEST_ST(name, type)                                            \
do_##name:                                                              \
    addr = R(2) + IMM(3);                                               \
    cpu->cur_ip = ip;                                                   \
    if (unlikely(addr >= GUEST_ADDR_LIMIT)) {                           \
        cpu_loop_exit_segv(cpu, addr, true);                            \
    }                                                                   \
    { type v = (type)R(1); memcpy(gbase + addr, &v, sizeof(v)); }       \
    NEXT(4);
GUEST_ST(st_b, uint8_t)
GUEST_ST(st_w, uint16_t)
GUEST_ST(st_l, uint32_t)
GUEST_ST(st_q, uint64_t)
#undef GUEST_ST

    /* The same, watched (gdb watchpoints are set): the stub looks at each
     * access first, and on a hit lets the instruction finish and sets
     * exit_request, which insn_boundary acts on. */
#define GUEST_LD_W(name, type, ext)                                     \
do_##name##_w:                                                          \
    addr = R(2) + IMM(3);                                               \
    cpu->cur_ip = ip;                                                   \
    if (unlikely(addr >= GUEST_ADDR_LIMIT)) {                           \
        cpu_loop_exit_segv(cpu, addr, false);                           \
    }                                                                   \
    gdb_watch_access(cpu, addr, sizeof(type), false);                   \
    { type v; memcpy(&v, gbase + addr, sizeof(v)); R(1) = ext v; }      \
    NEXT(4);
GUEST_LD_W(ld_ub, uint8_t, (uint64_t))
GUEST_LD_W(ld_sb, int8_t, (uint64_t)(int64_t))
GUEST_LD_W(ld_uw, uint16_t, (uint64_t))
GUEST_LD_W(ld_sw, int16_t, (uint64_t)(int64_t))
GUEST_LD_W(ld_ul, uint32_t, (uint64_t))
GUEST_LD_W(ld_sl, int32_t, (uint64_t)(int64_t))
GUEST_LD_W(ld_uq, uint64_t, (uint64_t))
#undef GUEST_LD_W
#define GUEST_ST_W(name, type)                                          \
do_##name##_w:                                                          \
    addr = R(2) + IMM(3);                                               \
    cpu->cur_ip = ip;                                                   \
    if (unlikely(addr >= GUEST_ADDR_LIMIT)) {                           \
        cpu_loop_exit_segv(cpu, addr, true);                            \
    }                                                                   \
    gdb_watch_access(cpu, addr, sizeof(type), true);                    \
    { type v = (type)R(1); memcpy(gbase + addr, &v, sizeof(v)); }       \
    NEXT(4);
GUEST_ST_W(st_b, uint8_t)
GUEST_ST_W(st_w, uint16_t)
GUEST_ST_W(st_l, uint32_t)
GUEST_ST_W(st_q, uint64_t)
#undef GUEST_ST_W

    /* Between two instructions of a watched block: leave, with pc at the
     * next one, when asked to (a watchpoint hit). */
do_insn_boundary:
    if (unlikely(cpu->exit_request)) {
        ENV(uint64_t, 2) = IMM(1);
        cpu->cur_ip = NULL;
        return 0;
    }
    NEXT(3);

    /* Helpers may leave through cpu_loop_exit; cur_ip tells where. */
do_call0:
    cpu->cur_ip = ip;
    R(2) = ((helper0)ip[1])(cpu);
    NEXT(3);
do_call1:
    cpu->cur_ip = ip;
    R(2) = ((helper1)ip[1])(cpu, R(3));
    NEXT(4);
do_call2:
    cpu->cur_ip = ip;
    R(2) = ((helper2)ip[1])(cpu, R(3), R(4));
    NEXT(5);
do_call3:
    cpu->cur_ip = ip;
    R(2) = ((helper3)ip[1])(cpu, R(3), R(4), R(5));
    NEXT(6);
do_call4:
    cpu->cur_ip = ip;
    R(2) = ((helper4)ip[1])(cpu, R(3), R(4), R(5), R(6));
    NEXT(7);
do_call5:
    cpu->cur_ip = ip;
    R(2) = ((helper5)ip[1])(cpu, R(3), R(4), R(5), R(6), R(7));
    NEXT(8);
do_call6:
    cpu->cur_ip = ip;
    R(2) = ((helper6)ip[1])(cpu, R(3), R(4), R(5), R(6), R(7), R(8));
    NEXT(9);

do_goto_tb: {
        TranslationBlock *next = *(TranslationBlock *const *)ip[1];
        if (next && !cpu->exit_request) {
            cpu->cur_tb = next;
            ip = next->code;
            NEXT(0);
        }
        NEXT(2);
    }
do_exit_tb:
    cpu->cur_ip = NULL;
    return ip[1];
do_lookup_and_goto_ptr: {
        uint64_t pc = R(1);
        TranslationBlock *next = cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)];
        if (next && next->pc == pc && !cpu->exit_request) {
            cpu->cur_tb = next;
            ip = next->code;
            NEXT(0);
        }
        cpu->cur_ip = NULL;
        return 0;
    }

    /* Plugin inline operations: the address is a host pointer. */
do_plugin_ld_u64:
    R(1) = *(const uint64_t *)ip[2];
    NEXT(3);
do_plugin_add_u64:
    *(uint64_t *)ip[1] += IMM(2);
    NEXT(3);
do_plugin_st_u64:
    *(uint64_t *)ip[1] = IMM(2);
    NEXT(3);
#undef R
#undef IMM
#undef ENV
#undef NEXT
}
