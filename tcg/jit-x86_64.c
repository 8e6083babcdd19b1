/* The x86-64 back end: a template translator from a block's interpreter
 * code (handler address, operand words) to host code, op by op, with the
 * interpreter's exact semantics, cur_ip stores and exit protocol. An op
 * it does not know leaves the block to the interpreter. */
#include "tcg/jit.h"

bool tcg_jit_enabled = TCG_JIT_AVAILABLE;

#if TCG_JIT_AVAILABLE
#include <cpuid.h>
#include <string.h>
#include <sys/mman.h>
#include "tcg/tcg.h"
#include "tcg/interp.h"
#include "src/guest-mem.h"
#include "gdbstub/gdbstub.h"

/* Virtual only until used; a flush starts it over. */
#define JIT_REGION_SIZE (256u << 20)
G_STATIC_ASSERT(GUEST_ADDR_LIMIT == 1ull << GUEST_ADDR_BITS);

/* More than the longest op's code: checked once per op. */
#define JIT_OP_MAX 256

enum {
    RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
    R8, R9, R10, R11, R12, R13, R14, R15,
};
/* In translated code: rbp is the CPU, rbx guest_base; rax, rcx, rdx and
 * r8-r10 are scratch; r12 keeps a watched access's address across the
 * call to the gdb stub. */
#define REG_CPU RBP

typedef struct JitBuf {
    uint8_t *start, *p;
} JitBuf;

typedef uintptr_t (*JitEntry)(CPUState *cpu, const void *code,
                              uint8_t *gbase);

static uint8_t *region, *region_free, *region_end;
static uint8_t *region_blocks;       /* where block code starts */
static uint8_t *code_epilogue, *code_segv_load, *code_segv_store;
static JitEntry jit_entry;
static GHashTable *iop_of_handler;   /* handler address -> IOP + 1 */
static bool have_lzcnt, have_popcnt;
static bool jit_broken;              /* no executable memory */

/* ---- Encoding ---------------------------------------------------------- */

static inline void b1(JitBuf *b, uint8_t v)
{
    *b->p++ = v;
}

static inline void b4(JitBuf *b, uint32_t v)
{
    memcpy(b->p, &v, 4);
    b->p += 4;
}

static inline void b8(JitBuf *b, uint64_t v)
{
    memcpy(b->p, &v, 8);
    b->p += 8;
}

static inline bool fits_s32(uint64_t v)
{
    return (int64_t)v == (int32_t)v;
}

static inline bool fits_s8(int64_t v)
{
    return v == (int8_t)v;
}

/* Prefix, REX and opcode (one byte, or 0x0f and one). */
static void emit_opc(JitBuf *b, unsigned pfx, bool w, unsigned opc,
                     int reg, int index, int base, bool rex_force)
{
    uint8_t rex = 0x40 | (w << 3) | ((reg >> 3) << 2) | ((index >> 3) << 1) |
                  (base >> 3);
    if (pfx) {
        b1(b, pfx);
    }
    if (rex != 0x40 || rex_force) {
        b1(b, rex);
    }
    if (opc > 0xff) {
        b1(b, opc >> 8);
    }
    b1(b, opc & 0xff);
}

/* op reg, [base + disp] (reg may be an opcode extension /digit). */
static void emit_mem(JitBuf *b, unsigned pfx, bool w, unsigned opc, int reg,
                     int base, int32_t disp)
{
    emit_opc(b, pfx, w, opc, reg, 0, base, false);
    unsigned mod = disp == 0 && (base & 7) != RBP ? 0
                   : fits_s8(disp)                ? 1
                                                  : 2;
    b1(b, (mod << 6) | ((reg & 7) << 3) | (base & 7));
    if ((base & 7) == RSP) {
        b1(b, 0x24);
    }
    if (mod == 1) {
        b1(b, (uint8_t)disp);
    } else if (mod == 2) {
        b4(b, (uint32_t)disp);
    }
}

/* op reg, rm (registers). */
static void emit_rr(JitBuf *b, unsigned pfx, bool w, unsigned opc, int reg,
                    int rm)
{
    emit_opc(b, pfx, w, opc, reg, 0, rm, false);
    b1(b, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* op reg, [rbx + rax]: a guest access (rbx is guest_base). */
static void emit_guest(JitBuf *b, unsigned pfx, bool w, unsigned opc,
                       int reg)
{
    emit_opc(b, pfx, w, opc, reg, RAX, RBX, false);
    b1(b, 0x04 | ((reg & 7) << 3));
    b1(b, (RAX << 3) | RBX);
}

static void emit_movi(JitBuf *b, int reg, uint64_t v)
{
    if (v <= 0xffffffffu) {
        emit_opc(b, 0, false, 0xb8 + (reg & 7), 0, 0, reg, false);
        b4(b, (uint32_t)v);
    } else if (fits_s32(v)) {
        emit_rr(b, 0, true, 0xc7, 0, reg);
        b4(b, (uint32_t)v);
    } else {
        emit_opc(b, 0, true, 0xb8 + (reg & 7), 0, 0, reg, false);
        b8(b, v);
    }
}

/* Loads and stores of CPU fields and IR slots. */
static void ld64(JitBuf *b, int reg, int32_t off)
{
    emit_mem(b, 0, true, 0x8b, reg, REG_CPU, off);
}

static void ld32(JitBuf *b, int reg, int32_t off)
{
    emit_mem(b, 0, false, 0x8b, reg, REG_CPU, off);
}

static void st64(JitBuf *b, int reg, int32_t off)
{
    emit_mem(b, 0, true, 0x89, reg, REG_CPU, off);
}

/* A jump or call to a fixed address in the region. */
static void emit_rel32_to(JitBuf *b, const uint8_t *target)
{
    b4(b, (uint32_t)(int32_t)(target - (b->p + 4)));
}

static void emit_jmp_to(JitBuf *b, const uint8_t *target)
{
    b1(b, 0xe9);
    emit_rel32_to(b, target);
}

static void emit_jcc_to(JitBuf *b, int cc, const uint8_t *target)
{
    b1(b, 0x0f);
    b1(b, 0x80 + cc);
    emit_rel32_to(b, target);
}

/* A short forward jump whose target is set by fix_short. */
static uint8_t *emit_jcc_short(JitBuf *b, int cc)
{
    b1(b, 0x70 + cc);
    b1(b, 0);
    return b->p;
}

static void fix_short(JitBuf *b, uint8_t *after)
{
    ptrdiff_t d = b->p - after;
    g_assert(d <= 127);
    after[-1] = (uint8_t)d;
}

static void emit_call_abs(JitBuf *b, const void *fn)
{
    emit_movi(b, RAX, (uintptr_t)fn);
    emit_rr(b, 0, false, 0xff, 2, RAX);              /* call rax */
}

enum {
    CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7,
    CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

/* Condition k in the order of IOP_CONDS. */
static const uint8_t cond_cc[12] = {
    CC_E, CC_NE, CC_L, CC_GE, CC_LE, CC_G, CC_B, CC_AE, CC_BE, CC_A,
    CC_E, CC_NE,
};

/* The IOP_CONDS index of a TCGCond, or -1 for always/never. */
static int tcg_cond_index(uintptr_t c)
{
    switch (c) {
    case TCG_COND_EQ: return 0;
    case TCG_COND_NE: return 1;
    case TCG_COND_LT: return 2;
    case TCG_COND_GE: return 3;
    case TCG_COND_LE: return 4;
    case TCG_COND_GT: return 5;
    case TCG_COND_LTU: return 6;
    case TCG_COND_GEU: return 7;
    case TCG_COND_LEU: return 8;
    case TCG_COND_GTU: return 9;
    case TCG_COND_TSTEQ: return 10;
    case TCG_COND_TSTNE: return 11;
    default: return -1;
    }
}

/* Flags for condition k from rax against an immediate; false when it
 * does not fit the instruction. */
static bool emit_compare_imm(JitBuf *b, bool w, int k, uint64_t v)
{
    if (w && !fits_s32(v)) {
        return false;
    }
    if (k >= 10) {
        emit_rr(b, 0, w, 0xf7, 0, RAX);              /* test rax, imm */
    } else {
        emit_rr(b, 0, w, 0x81, 7, RAX);              /* cmp rax, imm */
    }
    b4(b, (uint32_t)v);
    return true;
}

/* Flags for condition k from ra against rb. */
static void emit_compare(JitBuf *b, bool w, int k, int ra, int rb)
{
    if (k >= 10) {
        emit_rr(b, 0, w, 0x85, rb, ra);              /* test ra, rb */
    } else {
        emit_rr(b, 0, w, 0x3b, ra, rb);              /* cmp ra, rb */
    }
}

/* ---- Run-time support -------------------------------------------------- */

static G_GNUC_NORETURN void jit_segv(CPUState *cpu, uint64_t addr,
                                     uint64_t is_write)
{
    cpu_loop_exit_segv(cpu, addr, is_write);
}

static uint64_t jit_ctpop(uint64_t x)
{
    return __builtin_popcountll(x);
}

/* Entry, exit and the out-of-range access paths, at the region's start. */
static void emit_runtime(JitBuf *b)
{
    jit_entry = (JitEntry)(void *)b->p;
    b1(b, 0x55);                                     /* push rbp */
    b1(b, 0x53);                                     /* push rbx */
    b1(b, 0x41);                                     /* push r12 */
    b1(b, 0x54);
    /* Three pushes and the return address: rsp is 16-byte aligned in
     * block code, as a call wants it. */
    emit_rr(b, 0, true, 0x89, RDI, RBP);             /* mov rbp, rdi */
    emit_rr(b, 0, true, 0x89, RDX, RBX);             /* mov rbx, rdx */
    emit_rr(b, 0, false, 0xff, 4, RSI);              /* jmp rsi */

    code_epilogue = b->p;
    b1(b, 0x41);                                     /* pop r12 */
    b1(b, 0x5c);
    b1(b, 0x5b);                                     /* pop rbx */
    b1(b, 0x5d);                                     /* pop rbp */
    b1(b, 0xc3);                                     /* ret */

    for (int write = 0; write < 2; write++) {
        *(write ? &code_segv_store : &code_segv_load) = b->p;
        emit_rr(b, 0, true, 0x89, REG_CPU, RDI);     /* mov rdi, rbp */
        emit_rr(b, 0, true, 0x89, RAX, RSI);         /* mov rsi, rax */
        emit_movi(b, RDX, write);
        emit_call_abs(b, jit_segv);
        b1(b, 0x0f);                                 /* ud2 */
        b1(b, 0x0b);
    }
}

static bool jit_init(void)
{
    if (region || jit_broken) {
        return !jit_broken;
    }
    void *p = mmap(NULL, JIT_REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        /* A host that forbids writable code: the interpreter runs all. */
        jit_broken = true;
        return false;
    }
    region = p;
    region_end = region + JIT_REGION_SIZE;

    unsigned a, bx, c, d;
    if (__get_cpuid(1, &a, &bx, &c, &d)) {
        have_popcnt = (c >> 23) & 1;
    }
    if (__get_cpuid(0x80000001, &a, &bx, &c, &d)) {
        have_lzcnt = (c >> 5) & 1;
    }

    tcg_interp_init();
    iop_of_handler = g_hash_table_new(NULL, NULL);
    for (int i = 0; i < NB_IOPS; i++) {
        gpointer key = (gpointer)tcg_interp_handlers[i];
        /* Two ops sharing one handler would be ambiguous: neither is
         * translated. */
        gpointer v = g_hash_table_contains(iop_of_handler, key)
                     ? GINT_TO_POINTER(-1) : GINT_TO_POINTER(i + 1);
        g_hash_table_insert(iop_of_handler, key, v);
    }

    JitBuf b = { region, region };
    emit_runtime(&b);
    region_blocks = region + ((b.p - region + 63) & ~63);
    region_free = region_blocks;
    return true;
}

void tcg_jit_reset(void)
{
    region_free = region_blocks;
}

uintptr_t tcg_jit_exec(CPUState *cpu, TranslationBlock *tb)
{
    cpu->cur_tb = tb;
    return jit_entry(cpu, tb->jit_code, guest_base);
}

/* ---- Translation ------------------------------------------------------- */

typedef struct JitCtx {
    JitBuf b;
    TranslationBlock *tb;
    GArray *fixups;      /* pairs: code offset after a rel32, word index */
    bool bad;            /* an operand the templates cannot encode */
} JitCtx;

/* A CPU offset operand as a displacement. */
static int32_t off(JitCtx *j, uintptr_t w)
{
    if (w > INT32_MAX) {
        j->bad = true;
        return 0;
    }
    return (int32_t)w;
}

static void store_cur_ip(JitCtx *j, const uintptr_t *ip, int scratch)
{
    emit_movi(&j->b, scratch, (uintptr_t)ip);
    st64(&j->b, scratch, offsetof(CPUState, cur_ip));
}

static void clear_cur_ip(JitCtx *j)
{
    /* mov qword [rbp + cur_ip], 0 */
    emit_mem(&j->b, 0, true, 0xc7, 0, REG_CPU, offsetof(CPUState, cur_ip));
    b4(&j->b, 0);
}

/* A branch to the op at interpreter address target. */
static void emit_branch(JitCtx *j, int cc, uintptr_t target)
{
    uintptr_t word = (target - (uintptr_t)j->tb->code) / sizeof(uintptr_t);
    if (target < (uintptr_t)j->tb->code || word >= j->tb->code_words ||
        (target - (uintptr_t)j->tb->code) % sizeof(uintptr_t)) {
        j->bad = true;
        return;
    }
    if (cc < 0) {
        b1(&j->b, 0xe9);
    } else {
        b1(&j->b, 0x0f);
        b1(&j->b, 0x80 + cc);
    }
    b4(&j->b, 0);
    uint32_t fix[2] = { (uint32_t)(j->b.p - j->b.start), (uint32_t)word };
    g_array_append_vals(j->fixups, fix, 2);
}

/* The second input of a binary op into reg: a slot or an immediate. */
static void load_b(JitCtx *j, int reg, const uintptr_t *ip, int i, bool imm,
                   bool is32)
{
    if (imm) {
        emit_movi(&j->b, reg, is32 ? (uint32_t)ip[i] : (uint64_t)ip[i]);
    } else if (is32) {
        ld32(&j->b, reg, off(j, ip[i]));
    } else {
        ld64(&j->b, reg, off(j, ip[i]));
    }
}

typedef enum BinKind {
    BK_ADD, BK_SUB, BK_MUL, BK_AND, BK_OR, BK_XOR, BK_ANDC, BK_ORC, BK_EQV,
    BK_SHL, BK_SHR, BK_SAR, BK_ROTR,
} BinKind;

/* d = a op imm with the immediate in the instruction, when it fits. */
static bool gen_binary_imm(JitCtx *j, const uintptr_t *ip, BinKind k,
                           bool is32)
{
    static const int8_t ext[] = {
        [BK_ADD] = 0, [BK_SUB] = 5, [BK_MUL] = -1, [BK_AND] = 4, [BK_OR] = 1,
        [BK_XOR] = 6, [BK_ANDC] = 4, [BK_ORC] = 1, [BK_EQV] = 6,
        [BK_SHL] = 4, [BK_SHR] = 5, [BK_SAR] = 7, [BK_ROTR] = 1,
    };
    JitBuf *b = &j->b;
    bool w = !is32;
    uint64_t v = ip[3];

    if (k == BK_ANDC || k == BK_ORC || k == BK_EQV) {
        v = ~v;                      /* a & ~b, a | ~b, a ^ ~b */
    }
    if (is32) {
        v = (uint32_t)v;
    } else if (!fits_s32(v) && k < BK_SHL) {
        return false;
    }
    load_b(j, RAX, ip, 2, false, is32);
    if (k >= BK_SHL) {
        /* The count masked as the IR does: 63, or 31 for 32 bits. */
        emit_rr(b, 0, w, 0xc1, ext[k], RAX);
        b1(b, ip[3] & (is32 ? 31 : 63));
    } else if (k == BK_MUL) {
        emit_rr(b, 0, w, 0x69, RAX, RAX);            /* imul rax, rax, imm */
        b4(b, (uint32_t)v);
    } else {
        emit_rr(b, 0, w, 0x81, ext[k], RAX);
        b4(b, (uint32_t)v);
    }
    st64(b, RAX, off(j, ip[1]));
    return true;
}

/* d = a op b, with a in rax and b in rcx; 32-bit forms zero-extend. */
static void gen_binary(JitCtx *j, const uintptr_t *ip, BinKind k, bool imm,
                       bool is32)
{
    JitBuf *b = &j->b;
    bool w = !is32;
    if (imm && gen_binary_imm(j, ip, k, is32)) {
        return;
    }
    load_b(j, RAX, ip, 2, false, is32);
    load_b(j, RCX, ip, 3, imm, is32);
    switch (k) {
    case BK_ADD: emit_rr(b, 0, w, 0x03, RAX, RCX); break;
    case BK_SUB: emit_rr(b, 0, w, 0x2b, RAX, RCX); break;
    case BK_MUL: emit_rr(b, 0, w, 0x0faf, RAX, RCX); break;
    case BK_AND: emit_rr(b, 0, w, 0x23, RAX, RCX); break;
    case BK_OR: emit_rr(b, 0, w, 0x0b, RAX, RCX); break;
    case BK_XOR: emit_rr(b, 0, w, 0x33, RAX, RCX); break;
    case BK_ANDC:
        emit_rr(b, 0, w, 0xf7, 2, RCX);              /* not rcx */
        emit_rr(b, 0, w, 0x23, RAX, RCX);
        break;
    case BK_ORC:
        emit_rr(b, 0, w, 0xf7, 2, RCX);
        emit_rr(b, 0, w, 0x0b, RAX, RCX);
        break;
    case BK_EQV:
        emit_rr(b, 0, w, 0x33, RAX, RCX);
        emit_rr(b, 0, w, 0xf7, 2, RAX);              /* not rax */
        break;
    /* The host masks the count as the IR does: 63, or 31 for 32 bits. */
    case BK_SHL: emit_rr(b, 0, w, 0xd3, 4, RAX); break;
    case BK_SHR: emit_rr(b, 0, w, 0xd3, 5, RAX); break;
    case BK_SAR: emit_rr(b, 0, w, 0xd3, 7, RAX); break;
    case BK_ROTR: emit_rr(b, 0, w, 0xd3, 1, RAX); break;
    }
    st64(b, RAX, off(j, ip[1]));
}

/* Five outputs (result three times, carry, overflow) from ip[6], ip[7]. */
static void gen_cc(JitCtx *j, const uintptr_t *ip, bool sub, bool imm,
                   bool is32)
{
    JitBuf *b = &j->b;
    bool w = !is32;
    load_b(j, RAX, ip, 6, false, is32);
    load_b(j, RCX, ip, 7, imm, is32);
    emit_rr(b, 0, w, 0x8b, RDX, RAX);                /* r = a */
    emit_rr(b, 0, w, sub ? 0x2b : 0x03, RDX, RCX);   /* r = a -/+ b */
    /* Carry: r < a for an add, a >= b (no borrow) for a subtract. */
    b1(b, 0x41);
    b1(b, 0x0f);
    b1(b, 0x90 + (sub ? CC_AE : CC_B));
    b1(b, 0xc0);                                     /* setcc r8b */
    emit_rr(b, 0, false, 0x0fb6, R8, R8);            /* movzx r8d, r8b */
    emit_rr(b, 0, w, 0x8b, R9, RDX);
    emit_rr(b, 0, w, 0x33, R9, RAX);                 /* r ^ a */
    emit_rr(b, 0, w, 0x8b, R10, RAX);
    emit_rr(b, 0, w, 0x33, R10, RCX);                /* a ^ b */
    if (!sub) {
        emit_rr(b, 0, w, 0xf7, 2, R10);
    }
    emit_rr(b, 0, w, 0x23, R9, R10);
    st64(b, RDX, off(j, ip[1]));
    if (is32) {
        emit_rr(b, 0, true, 0x63, RAX, RDX);         /* movsxd rax, edx */
        st64(b, RAX, off(j, ip[2]));
        emit_rr(b, 0, true, 0x63, R9, R9);
    } else {
        st64(b, RDX, off(j, ip[2]));
    }
    st64(b, RDX, off(j, ip[3]));
    st64(b, R8, off(j, ip[4]));
    st64(b, R9, off(j, ip[5]));
}

/* addr = R(2) + IMM(3) into rax, cur_ip, and the limit check. */
static void gen_guest_addr(JitCtx *j, const uintptr_t *ip, bool store)
{
    JitBuf *b = &j->b;
    ld64(b, RAX, off(j, ip[2]));
    if (ip[3]) {
        if (fits_s32(ip[3])) {
            emit_rr(b, 0, true, 0x81, 0, RAX);       /* add rax, imm32 */
            b4(b, (uint32_t)ip[3]);
        } else {
            emit_movi(b, RCX, ip[3]);
            emit_rr(b, 0, true, 0x03, RAX, RCX);
        }
    }
    store_cur_ip(j, ip, RCX);
    emit_rr(b, 0, true, 0x8b, RCX, RAX);
    emit_rr(b, 0, true, 0xc1, 5, RCX);              /* shr rcx, bits */
    b1(b, GUEST_ADDR_BITS);
    emit_jcc_to(b, CC_NE, store ? code_segv_store : code_segv_load);
}

/* gdb_watch_access(cpu, addr, size, store) for the address in rax, which
 * it leaves there. */
static void gen_watch(JitCtx *j, unsigned size, bool store)
{
    JitBuf *b = &j->b;
    emit_rr(b, 0, true, 0x89, RAX, R12);             /* mov r12, rax */
    emit_rr(b, 0, true, 0x89, REG_CPU, RDI);
    emit_rr(b, 0, true, 0x89, RAX, RSI);
    emit_movi(b, RDX, size);
    emit_movi(b, RCX, store);
    emit_call_abs(b, gdb_watch_access);
    emit_rr(b, 0, true, 0x89, R12, RAX);             /* mov rax, r12 */
}

static void gen_call(JitCtx *j, const uintptr_t *ip, int n)
{
    static const int arg_reg[5] = { RSI, RDX, RCX, R8, R9 };
    JitBuf *b = &j->b;
    store_cur_ip(j, ip, RAX);
    if (n == 6) {
        /* The seventh argument goes on the stack; rsp stays aligned. */
        ld64(b, RAX, off(j, ip[8]));
        emit_rr(b, 0, true, 0x83, 5, RSP);           /* sub rsp, 8 */
        b1(b, 8);
        b1(b, 0x50);                                 /* push rax */
    }
    for (int i = 0; i < n && i < 5; i++) {
        ld64(b, arg_reg[i], off(j, ip[3 + i]));
    }
    emit_rr(b, 0, true, 0x89, REG_CPU, RDI);         /* mov rdi, rbp */
    emit_call_abs(b, (const void *)ip[1]);
    if (n == 6) {
        emit_rr(b, 0, true, 0x83, 0, RSP);           /* add rsp, 16 */
        b1(b, 16);
    }
    st64(b, RAX, off(j, ip[2]));
}

/* Chain to tb (in rax, may be NULL) if it has host code and no exit is
 * asked for; else go on after this. */
static void gen_chain(JitCtx *j, int reg_tb, int reg_tmp, uint8_t **skips)
{
    JitBuf *b = &j->b;
    emit_mem(b, 0, true, 0x8b, reg_tmp, reg_tb,
             offsetof(TranslationBlock, jit_code));
    emit_rr(b, 0, true, 0x85, reg_tmp, reg_tmp);
    skips[0] = emit_jcc_short(b, CC_E);
    emit_mem(b, 0, false, 0x83, 7, REG_CPU,          /* cmp dword, 0 */
             offsetof(CPUState, exit_request));
    b1(b, 0);
    skips[1] = emit_jcc_short(b, CC_NE);
    st64(b, reg_tb, offsetof(CPUState, cur_tb));
    emit_rr(b, 0, false, 0xff, 4, reg_tmp);          /* jmp reg_tmp */
}

/* Code for the op at ip; returns its length in words, or 0 when the
 * interpreter must run this block. */
static int gen_iop(JitCtx *j, const uintptr_t *ip, int iop)
{
    JitBuf *b = &j->b;

    switch (iop) {
    case IOP_mov:
        ld64(b, RAX, off(j, ip[2]));
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_movi:
        if (fits_s32(ip[2])) {
            emit_mem(b, 0, true, 0xc7, 0, REG_CPU, off(j, ip[1]));
            b4(b, (uint32_t)ip[2]);
        } else {
            emit_movi(b, RAX, ip[2]);
            st64(b, RAX, off(j, ip[1]));
        }
        return 3;

#define ENV_LD(name, w, opc)                                            \
    case IOP_##name:                                                    \
        emit_mem(b, 0, w, opc, RAX, REG_CPU, off(j, ip[2]));            \
        st64(b, RAX, off(j, ip[1]));                                    \
        return 3;
    ENV_LD(ld8u, false, 0x0fb6)
    ENV_LD(ld8s, true, 0x0fbe)
    ENV_LD(ld16u, false, 0x0fb7)
    ENV_LD(ld16s, true, 0x0fbf)
    ENV_LD(ld32u, false, 0x8b)
    ENV_LD(ld32s, true, 0x63)
    ENV_LD(ld64, true, 0x8b)
#undef ENV_LD
#define ENV_ST(name, pfx, w, opc)                                       \
    case IOP_##name:                                                    \
        ld64(b, RAX, off(j, ip[1]));                                    \
        emit_mem(b, pfx, w, opc, RAX, REG_CPU, off(j, ip[2]));          \
        return 3;
    ENV_ST(st8, 0, false, 0x88)
    ENV_ST(st16, 0x66, false, 0x89)
    ENV_ST(st32, 0, false, 0x89)
    ENV_ST(st64, 0, true, 0x89)
#undef ENV_ST

#define BIN(name, kind, is32)                                           \
    case IOP_##name: gen_binary(j, ip, kind, false, is32); return 4;    \
    case IOP_##name##_i: gen_binary(j, ip, kind, true, is32); return 4;
    BIN(add, BK_ADD, false) BIN(sub, BK_SUB, false) BIN(mul, BK_MUL, false)
    BIN(and, BK_AND, false) BIN(or, BK_OR, false) BIN(xor, BK_XOR, false)
    BIN(andc, BK_ANDC, false) BIN(orc, BK_ORC, false)
    BIN(eqv, BK_EQV, false) BIN(shl, BK_SHL, false)
    BIN(shr, BK_SHR, false) BIN(sar, BK_SAR, false)
    BIN(rotr, BK_ROTR, false)
    BIN(add32, BK_ADD, true) BIN(sub32, BK_SUB, true)
    BIN(mul32, BK_MUL, true) BIN(shl32, BK_SHL, true)
    BIN(shr32, BK_SHR, true) BIN(sar32, BK_SAR, true)
    BIN(rotr32, BK_ROTR, true) BIN(and32, BK_AND, true)
    BIN(or32, BK_OR, true) BIN(xor32, BK_XOR, true)
    BIN(andc32, BK_ANDC, true) BIN(orc32, BK_ORC, true)
    BIN(eqv32, BK_EQV, true)
#undef BIN

#define CC(name, sub, is32)                                             \
    case IOP_##name: gen_cc(j, ip, sub, false, is32); return 8;         \
    case IOP_##name##_i: gen_cc(j, ip, sub, true, is32); return 8;
    CC(add_cc, false, false) CC(sub_cc, true, false)
    CC(add32_cc, false, true) CC(sub32_cc, true, true)
#undef CC

    case IOP_muluh:
    case IOP_mulsh:
        ld64(b, RAX, off(j, ip[2]));
        emit_mem(b, 0, true, 0xf7, iop == IOP_muluh ? 4 : 5, REG_CPU,
                 off(j, ip[3]));
        st64(b, RDX, off(j, ip[1]));
        return 4;

#define UN_MEM(name, pfx, w, opc)                                       \
    case IOP_##name:                                                    \
        emit_mem(b, pfx, w, opc, RAX, REG_CPU, off(j, ip[2]));          \
        st64(b, RAX, off(j, ip[1]));                                    \
        return 3;
    UN_MEM(ext8s, 0, true, 0x0fbe)
    UN_MEM(ext8u, 0, false, 0x0fb6)
    UN_MEM(ext16s, 0, true, 0x0fbf)
    UN_MEM(ext16u, 0, false, 0x0fb7)
    UN_MEM(ext32s, 0, true, 0x63)
    UN_MEM(ext32u, 0, false, 0x8b)
#undef UN_MEM
    case IOP_neg:
    case IOP_not:
        ld64(b, RAX, off(j, ip[2]));
        emit_rr(b, 0, true, 0xf7, iop == IOP_neg ? 3 : 2, RAX);
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_bswap16:
        emit_mem(b, 0, false, 0x0fb7, RAX, REG_CPU, off(j, ip[2]));
        emit_rr(b, 0x66, false, 0xc1, 0, RAX);       /* rol ax, 8 */
        b1(b, 8);
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_bswap32:
    case IOP_bswap64:
        emit_mem(b, 0, iop == IOP_bswap64, 0x8b, RAX, REG_CPU,
                 off(j, ip[2]));
        emit_opc(b, 0, iop == IOP_bswap64, 0x0fc8, 0, 0, RAX, false);
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_clz:
    case IOP_clz32: {
        bool w = iop == IOP_clz;
        if (have_lzcnt) {
            emit_mem(b, 0xf3, w, 0x0fbd, RAX, REG_CPU, off(j, ip[2]));
        } else {
            /* bsr gives the top set bit's index; clz is its xor with
             * 63 (31), and 127 (63) stands in for a zero input. */
            emit_mem(b, 0, w, 0x0fbd, RAX, REG_CPU, off(j, ip[2]));
            uint8_t *nz = emit_jcc_short(b, CC_NE);
            emit_movi(b, RAX, w ? 127 : 63);
            fix_short(b, nz);
            emit_rr(b, 0, false, 0x83, 6, RAX);      /* xor eax, imm8 */
            b1(b, w ? 63 : 31);
        }
        st64(b, RAX, off(j, ip[1]));
        return 3;
    }
    case IOP_ctpop:
        if (have_popcnt) {
            emit_mem(b, 0xf3, true, 0x0fb8, RAX, REG_CPU, off(j, ip[2]));
        } else {
            ld64(b, RDI, off(j, ip[2]));
            emit_call_abs(b, jit_ctpop);
        }
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_extract: {
        uint64_t mask = ip[4];
        ld64(b, RAX, off(j, ip[2]));
        emit_rr(b, 0, true, 0xc1, 5, RAX);           /* shr rax, pos */
        b1(b, ip[3] & 63);
        if (mask == 0xffffffffu) {
            emit_rr(b, 0, false, 0x8b, RAX, RAX);    /* mov eax, eax */
        } else if (mask <= INT32_MAX) {
            emit_rr(b, 0, true, 0x81, 4, RAX);       /* and rax, imm32 */
            b4(b, (uint32_t)mask);
        } else if (mask != ~0ull) {
            emit_movi(b, RCX, mask);
            emit_rr(b, 0, true, 0x23, RAX, RCX);
        }
        st64(b, RAX, off(j, ip[1]));
        return 5;
    }
    case IOP_sextract:
        ld64(b, RAX, off(j, ip[2]));
        emit_rr(b, 0, true, 0xc1, 4, RAX);           /* shl rax, imm */
        b1(b, ip[3] & 63);
        emit_rr(b, 0, true, 0xc1, 7, RAX);           /* sar rax, imm */
        b1(b, ip[4] & 63);
        st64(b, RAX, off(j, ip[1]));
        return 5;
    case IOP_deposit: {
        unsigned pos = ip[4] & 63;
        uint64_t mask = (uint64_t)ip[5] << pos;
        ld64(b, RAX, off(j, ip[2]));
        ld64(b, RCX, off(j, ip[3]));
        emit_rr(b, 0, true, 0xc1, 4, RCX);           /* shl rcx, pos */
        b1(b, pos);
        emit_movi(b, RDX, mask);
        emit_rr(b, 0, true, 0x23, RCX, RDX);         /* and rcx, rdx */
        emit_rr(b, 0, true, 0xf7, 2, RDX);           /* not rdx */
        emit_rr(b, 0, true, 0x23, RAX, RDX);
        emit_rr(b, 0, true, 0x0b, RAX, RCX);
        st64(b, RAX, off(j, ip[1]));
        return 6;
    }

    case IOP_setcond_eq ... IOP_setcond32_i_tstne: {
        int rel = iop - IOP_setcond_eq;
        int family = rel / 12, k = rel % 12;   /* r, i, 32 r, 32 i */
        bool is32 = family >= 2, imm = family & 1;
        load_b(j, RAX, ip, 2, false, is32);
        if (!imm || !emit_compare_imm(b, !is32, k, ip[3])) {
            load_b(j, RCX, ip, 3, imm, is32);
            emit_compare(b, !is32, k, RAX, RCX);
        }
        b1(b, 0x0f);
        b1(b, 0x90 + cond_cc[k]);
        b1(b, 0xc0);                                 /* setcc al */
        emit_rr(b, 0, false, 0x0fb6, RAX, RAX);      /* movzx eax, al */
        st64(b, RAX, off(j, ip[1]));
        return 4;
    }
    case IOP_brcond_eq ... IOP_brcond32_i_tstne: {
        int rel = iop - IOP_brcond_eq;
        int family = rel / 12, k = rel % 12;
        bool is32 = family >= 2, imm = family & 1;
        load_b(j, RAX, ip, 1, false, is32);
        if (!imm || !emit_compare_imm(b, !is32, k, ip[2])) {
            load_b(j, RCX, ip, 2, imm, is32);
            emit_compare(b, !is32, k, RAX, RCX);
        }
        emit_branch(j, cond_cc[k], ip[3]);
        return 4;
    }
    case IOP_movcond: {
        int k = tcg_cond_index(ip[6]);
        if (k < 0) {
            /* always takes R(4); never (and anything else) R(5) */
            ld64(b, RAX, off(j, ip[ip[6] == TCG_COND_ALWAYS ? 4 : 5]));
        } else {
            ld64(b, RAX, off(j, ip[5]));
            ld64(b, RCX, off(j, ip[2]));
            ld64(b, RDX, off(j, ip[3]));
            emit_compare(b, true, k, RCX, RDX);
            emit_mem(b, 0, true, 0x0f40 + cond_cc[k], RAX, REG_CPU,
                     off(j, ip[4]));                 /* cmovcc */
        }
        st64(b, RAX, off(j, ip[1]));
        return 7;
    }
    case IOP_br:
        emit_branch(j, -1, ip[1]);
        return 2;

    /* The watched forms (gdb watchpoints are set) show the stub each
     * access first. */
#define GUEST_LD(name, size, w, opc)                                    \
    case IOP_##name:                                                    \
    case IOP_##name##_w:                                                \
        gen_guest_addr(j, ip, false);                                   \
        if (iop == IOP_##name##_w) {                                    \
            gen_watch(j, size, false);                                  \
        }                                                               \
        emit_guest(b, 0, w, opc, RAX);                                  \
        st64(b, RAX, off(j, ip[1]));                                    \
        return 4;
    GUEST_LD(ld_ub, 1, false, 0x0fb6)
    GUEST_LD(ld_sb, 1, true, 0x0fbe)
    GUEST_LD(ld_uw, 2, false, 0x0fb7)
    GUEST_LD(ld_sw, 2, true, 0x0fbf)
    GUEST_LD(ld_ul, 4, false, 0x8b)
    GUEST_LD(ld_sl, 4, true, 0x63)
    GUEST_LD(ld_uq, 8, true, 0x8b)
#undef GUEST_LD
#define GUEST_ST(name, size, pfx, w, opc)                               \
    case IOP_##name:                                                    \
    case IOP_##name##_w:                                                \
        gen_guest_addr(j, ip, true);                                    \
        if (iop == IOP_##name##_w) {                                    \
            gen_watch(j, size, true);                                   \
        }                                                               \
        ld64(b, RCX, off(j, ip[1]));                                    \
        emit_guest(b, pfx, w, opc, RCX);                                \
        return 4;
    GUEST_ST(st_b, 1, 0, false, 0x88)
    GUEST_ST(st_w, 2, 0x66, false, 0x89)
    GUEST_ST(st_l, 4, 0, false, 0x89)
    GUEST_ST(st_q, 8, 0, true, 0x89)
#undef GUEST_ST

    case IOP_insn_boundary: {
        /* Leave with pc at this instruction when a watchpoint hit. */
        emit_mem(b, 0, false, 0x83, 7, REG_CPU,
                 offsetof(CPUState, exit_request));
        b1(b, 0);
        uint8_t *go_on = emit_jcc_short(b, CC_E);
        emit_movi(b, RAX, ip[1]);
        st64(b, RAX, off(j, ip[2]));
        clear_cur_ip(j);
        emit_movi(b, RAX, 0);
        emit_jmp_to(b, code_epilogue);
        fix_short(b, go_on);
        return 3;
    }

    case IOP_call0 ... IOP_call6: {
        int n = iop - IOP_call0;
        gen_call(j, ip, n);
        return 3 + n;
    }

    case IOP_goto_tb: {
        uint8_t *skips[3];
        emit_movi(b, RAX, ip[1]);
        emit_mem(b, 0, true, 0x8b, RAX, RAX, 0);     /* rax = *slot */
        emit_rr(b, 0, true, 0x85, RAX, RAX);
        skips[2] = emit_jcc_short(b, CC_E);
        gen_chain(j, RAX, RCX, skips);
        for (int i = 0; i < 3; i++) {
            fix_short(b, skips[i]);
        }
        return 2;
    }
    case IOP_exit_tb:
        clear_cur_ip(j);
        emit_movi(b, RAX, ip[1]);
        emit_jmp_to(b, code_epilogue);
        return 2;
    case IOP_lookup_and_goto_ptr: {
        uint8_t *skips[4];
        ld64(b, RAX, off(j, ip[1]));                 /* pc */
        emit_rr(b, 0, true, 0x8b, RCX, RAX);
        emit_rr(b, 0, true, 0xc1, 5, RCX);
        b1(b, 2);
        emit_rr(b, 0, true, 0x8b, RDX, RAX);
        emit_rr(b, 0, true, 0xc1, 5, RDX);
        b1(b, 2 + TB_JMP_CACHE_BITS);
        emit_rr(b, 0, true, 0x33, RCX, RDX);
        emit_rr(b, 0, false, 0x81, 4, RCX);          /* and ecx, mask */
        b4(b, TB_JMP_CACHE_SIZE - 1);
        /* mov rcx, [rbp + rcx * 8 + tb_jmp_cache] */
        emit_opc(b, 0, true, 0x8b, RCX, RCX, RBP, false);
        b1(b, 0x84 | (RCX << 3));
        b1(b, 0xc0 | (RCX << 3) | RBP);
        b4(b, offsetof(CPUState, tb_jmp_cache));
        emit_rr(b, 0, true, 0x85, RCX, RCX);
        skips[2] = emit_jcc_short(b, CC_E);
        emit_mem(b, 0, true, 0x39, RAX, RCX,         /* cmp [rcx].pc, rax */
                 offsetof(TranslationBlock, pc));
        skips[3] = emit_jcc_short(b, CC_NE);
        gen_chain(j, RCX, RDX, skips);
        for (int i = 0; i < 4; i++) {
            fix_short(b, skips[i]);
        }
        clear_cur_ip(j);
        emit_movi(b, RAX, 0);
        emit_jmp_to(b, code_epilogue);
        return 2;
    }

    case IOP_plugin_ld_u64:
        emit_movi(b, RAX, ip[2]);
        emit_mem(b, 0, true, 0x8b, RAX, RAX, 0);
        st64(b, RAX, off(j, ip[1]));
        return 3;
    case IOP_plugin_add_u64:
    case IOP_plugin_st_u64:
        emit_movi(b, RCX, ip[1]);
        emit_movi(b, RAX, ip[2]);
        emit_mem(b, 0, true, iop == IOP_plugin_add_u64 ? 0x01 : 0x89, RAX,
                 RCX, 0);
        return 3;

    default:
        return 0;
    }
}

bool tcg_jit_gen(CPUState *cpu, TranslationBlock *tb)
{
    tb->jit_code = NULL;
    if (!jit_init()) {
        return false;
    }
    const uintptr_t *code = tb->code;
    uint32_t n = tb->code_words;
    int32_t *pos = g_new(int32_t, n);
    JitCtx j = {
        .b = { region_free, region_free },
        .tb = tb,
        .fixups = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
    };
    bool ok = true;

    for (uint32_t i = 0; i < n; i++) {
        pos[i] = -1;
    }
    for (uint32_t w = 0; w < n;) {
        if (region_end - j.b.p < JIT_OP_MAX) {
            /* Full: this block runs interpreted until the flush. */
            if (cpu) {
                tb_flush_request(cpu);
            }
            ok = false;
            break;
        }
        pos[w] = (int32_t)(j.b.p - j.b.start);
        int iop = GPOINTER_TO_INT(
            g_hash_table_lookup(iop_of_handler, (gpointer)code[w])) - 1;
        int len = iop < 0 ? 0 : gen_iop(&j, code + w, iop);
        if (!len || j.bad || w + len > n) {
            ok = false;
            break;
        }
        w += len;
    }
    for (guint i = 0; ok && i < j.fixups->len; i += 2) {
        uint32_t at = g_array_index(j.fixups, uint32_t, i);
        uint32_t word = g_array_index(j.fixups, uint32_t, i + 1);
        if (pos[word] < 0) {
            ok = false;          /* not the start of an op */
            break;
        }
        int32_t rel = pos[word] - (int32_t)at;
        memcpy(j.b.start + at - 4, &rel, 4);
    }
    g_array_free(j.fixups, TRUE);
    g_free(pos);
    if (!ok) {
        return false;
    }
    tb->jit_code = j.b.start;
    region_free = j.b.start + ((j.b.p - j.b.start + 15) & ~15);
    return true;
}
#endif
