/* A C library-free frame for the instruction tests (dp-*, branch-*,
 * sys-*): start-up, system calls, buffered output, and a runner that
 * executes generated instruction words from given register and NZCV
 * values. Build with: -nostdlib -ffreestanding -fno-builtin
 * -mgeneral-regs-only (nothing here or in the tests needs FP/SIMD, so
 * they run before the SIMD translator does, and their traces are short). */
#ifndef DP_NOLIBC_H
#define DP_NOLIBC_H

#include <stddef.h>
#include <stdint.h>

int main(int argc, char **argv);

/* ---- System calls ------------------------------------------------------ */

static inline long sys6(long nr, long a, long b, long c, long d, long e,
                        long f)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

#define NR_write 64
#define NR_exit_group 94
#define NR_mmap 222

static inline long sys_write(int fd, const void *buf, size_t len)
{
    return sys6(NR_write, fd, (long)buf, (long)len, 0, 0, 0);
}

static inline __attribute__((noreturn)) void sys_exit(int status)
{
    sys6(NR_exit_group, status, 0, 0, 0, 0, 0);
    __builtin_unreachable();
}

/* Anonymous private memory, readable, writable and executable. */
static inline void *sys_mmap_rwx(size_t len)
{
    long r = sys6(NR_mmap, 0, (long)len, 7, 0x22, -1, 0);
    return r < 0 && r > -4096 ? NULL : (void *)r;
}

/* The compiler may call these for structure copies and clears. */
void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

/* ---- Output ------------------------------------------------------------ */

static char out_buf[4096];
static size_t out_len;

static inline void out_flush(void)
{
    size_t done = 0;
    while (done < out_len) {
        long r = sys_write(1, out_buf + done, out_len - done);
        if (r <= 0) {
            break;
        }
        done += (size_t)r;
    }
    out_len = 0;
}

static inline void out_char(char c)
{
    if (out_len == sizeof(out_buf)) {
        out_flush();
    }
    out_buf[out_len++] = c;
}

static inline void out_str(const char *s)
{
    while (*s) {
        out_char(*s++);
    }
}

/* Left-aligned in a field of width characters. */
static inline void out_str_w(const char *s, int width)
{
    while (*s) {
        out_char(*s++);
        width--;
    }
    while (width-- > 0) {
        out_char(' ');
    }
}

static inline void out_hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        out_char("0123456789abcdef"[(v >> (4 * i)) & 15]);
    }
}

static inline void out_udec(uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        out_char(tmp[--n]);
    }
}

static inline int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* ---- Start-up ---------------------------------------------------------- */

__attribute__((used, noreturn)) static void c_start(uint64_t *sp)
{
    int argc = (int)sp[0];
    int r = main(argc, (char **)(sp + 1));
    out_flush();
    sys_exit(r);
}

__asm__(".text\n"
        ".globl _start\n"
        ".type _start, %function\n"
        "_start:\n"
        "    mov x29, #0\n"
        "    mov x30, #0\n"
        "    mov x0, sp\n"
        "    bl c_start\n");

/* ---- Checks ------------------------------------------------------------ */

static int failures;

static inline void expect(const char *what, uint64_t got, uint64_t want)
{
    out_str_w(what, 28);
    out_hex(got, 16);
    if (got != want) {
        out_str(" FAIL (want ");
        out_hex(want, 16);
        out_char(')');
        failures++;
    }
    out_char('\n');
}

static inline int finish(void)
{
    out_str(failures ? "FAILED: " : "ok: ");
    out_udec((uint64_t)failures);
    out_str(failures == 1 ? " failure\n" : " failures\n");
    return failures ? 1 : 0;
}

/* ---- Hashing and pseudo-random inputs --------------------------------- */

static inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;
    h ^= h >> 29;
    return h;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static inline uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/* Values where integer instructions have their corner cases. */
static const uint64_t edge_vals[] = {
    0, 1, 2, 3, 0x1f, 0x20, 0x21, 0x3f, 0x40, 0x41, 0x7f, 0x80, 0xff,
    0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
    0x80000001, 0xfffffffe, 0xffffffff, 0x100000000ull, 0x100000001ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0xfffffffffffffffeull, 0xffffffffffffffffull, 0xffffffff80000000ull,
    0xffffffff7fffffffull, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull, 0x00000000deadbeefull,
    0x80000000ffffffffull,
};
#define NB_EDGE (sizeof(edge_vals) / sizeof(edge_vals[0]))

/* An edge value, a small number (shift counts), or anything. */
static inline uint64_t rand_val(void)
{
    uint64_t r = rng();
    switch (r & 3) {
    case 0:
    case 1:
        return edge_vals[(r >> 8) % NB_EDGE];
    case 2:
        return (r >> 8) % 130;
    default:
        return rng();
    }
}

/* ---- Running generated instructions ------------------------------------ */

/* What a stub sees and leaves: x0..x3, NZCV (bits 31:28), and the value
 * SP had inside a stub that runs with a chosen SP (see stub_begin). */
typedef struct Regs {
    uint64_t x[4];
    uint64_t nzcv;
} Regs;

/* run_stub(regs, code): load x0..x3 and NZCV, call code, store them. */
void run_stub(Regs *r, const uint32_t *code);
__asm__(".text\n"
        ".globl run_stub\n"
        ".type run_stub, %function\n"
        "run_stub:\n"
        "    stp x29, x30, [sp, #-32]!\n"
        "    stp x19, x20, [sp, #16]\n"
        "    mov x19, x0\n"
        "    mov x20, x1\n"
        "    ldr x9, [x19, #32]\n"
        "    msr nzcv, x9\n"
        "    ldp x0, x1, [x19]\n"
        "    ldp x2, x3, [x19, #16]\n"
        "    blr x20\n"
        "    stp x0, x1, [x19]\n"
        "    stp x2, x3, [x19, #16]\n"
        "    mrs x9, nzcv\n"
        "    str x9, [x19, #32]\n"
        "    ldp x19, x20, [sp, #16]\n"
        "    ldp x29, x30, [sp], #32\n"
        "    ret\n");

#define INSN_RET 0xd65f03c0u
#define INSN_NOP 0xd503201fu
/* Stubs that use SP run it with x3's value: mov x9, sp; mov sp, x3; ...;
 * mov x3, sp; mov sp, x9. The instruction must leave x9 alone. */
#define INSN_SAVE_SP 0x910003e9u     /* mov x9, sp */
#define INSN_SP_FROM_X3 0x9100007fu  /* mov sp, x3 */
#define INSN_X3_FROM_SP 0x910003e3u  /* mov x3, sp */
#define INSN_RESTORE_SP 0x9100013fu  /* mov sp, x9 */

/* Code is written once and never rewritten, so no test depends on the
 * emulator noticing modified code. */
static uint32_t *code_buf, *code_next, *code_end;

static inline void code_init(size_t bytes)
{
    code_buf = sys_mmap_rwx(bytes);
    if (!code_buf) {
        out_str("mmap failed\n");
        out_flush();
        sys_exit(2);
    }
    code_next = code_buf;
    code_end = code_buf + bytes / 4;
}

/* Append a stub of n words followed by RET; returns its address. */
static inline const uint32_t *stub(const uint32_t *words, int n)
{
    uint32_t *p = code_next;
    if (code_next + n + 1 > code_end) {
        out_str("code buffer full\n");
        out_flush();
        sys_exit(2);
    }
    for (int i = 0; i < n; i++) {
        p[i] = words[i];
    }
    p[n] = INSN_RET;
    code_next = p + n + 1;
    return p;
}

/* The same with SP set from x3 around the words, and x3 = SP after. */
static inline const uint32_t *stub_sp(const uint32_t *words, int n)
{
    uint32_t w[16];
    int k = 0;
    w[k++] = INSN_SAVE_SP;
    w[k++] = INSN_SP_FROM_X3;
    for (int i = 0; i < n; i++) {
        w[k++] = words[i];
    }
    w[k++] = INSN_X3_FROM_SP;
    w[k++] = INSN_RESTORE_SP;
    return stub(w, k);
}

/* "--quick" runs a sample: one check in 32, each on one input, and the
 * largest loops take bigger steps (QSTEP), so that a lockstep register
 * trace of the program stays short. */
static int quick;
static unsigned quick_count;
#define QSTEP(n) (quick ? (n) : 1)

static inline int quick_skip(void)
{
    return quick && (quick_count++ & 31);
}

/* A group of stubs run over the same pseudo-random inputs, folded into
 * one checksum; "-v" prints one line per stub to find a difference.
 * A group's stubs are all written before any runs, and each group starts
 * on a fresh page, so no code is written to a page that already ran. */
#define MAX_PENDING 65536
static int verbose;
static const char *group_name;
static unsigned nb_pending;
static struct Pending {
    uint32_t insn;
    int runs;
    const uint32_t *code;
    uint64_t bias;
} pending[MAX_PENDING];

static inline void group_begin(const char *name)
{
    group_name = name;
    nb_pending = 0;
}

/* Run code on `runs` random inputs; fold in the registers (x0 minus
 * bias, for PC-relative results) and NZCV. */
static inline uint64_t run_pending(const struct Pending *p)
{
    uint64_t h = 0;
    for (int i = 0; i < p->runs; i++) {
        Regs r;
        for (int k = 0; k < 4; k++) {
            r.x[k] = rand_val();
        }
        r.nzcv = (rng() & 0xf) << 28;
        run_stub(&r, p->code);
        for (int k = 0; k < 4; k++) {
            h = mix(h, r.x[k] - (k == 0 ? p->bias : 0));
        }
        h = mix(h, r.nzcv);
    }
    return h;
}

static inline void group_end(void)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < nb_pending; i++) {
        uint64_t h = run_pending(&pending[i]);
        hash = mix(hash, h);
        if (verbose) {
            out_hex(pending[i].insn, 8);
            out_char(' ');
            out_hex(h, 16);
            out_char('\n');
        }
    }
    out_str_w(group_name, 20);
    out_udec(nb_pending);
    out_str(" stubs ");
    out_hex(hash, 16);
    out_char('\n');
    code_next = (uint32_t *)(((uintptr_t)code_next + 4095) &
                             ~(uintptr_t)4095);
}

static inline void add_pending(uint32_t insn, const uint32_t *code,
                               int runs, uint64_t bias)
{
    if (nb_pending == MAX_PENDING) {
        out_str("too many stubs\n");
        out_flush();
        sys_exit(2);
    }
    pending[nb_pending++] = (struct Pending){ insn, quick ? 1 : runs, code,
                                              bias };
}

static inline void check_stub_bias(uint32_t insn, const uint32_t *code,
                                   int runs, uint64_t bias)
{
    if (!quick_skip()) {
        add_pending(insn, code, runs, bias);
    }
}

static inline void check_stub(uint32_t insn, const uint32_t *code, int runs)
{
    check_stub_bias(insn, code, runs, 0);
}

/* A stub of n words (then RET). */
static inline void check_words(uint32_t insn, const uint32_t *words, int n,
                               int runs)
{
    if (!quick_skip()) {
        add_pending(insn, stub(words, n), runs, 0);
    }
}

/* The common case: one instruction (SP-using ones get stub_sp). */
static inline void check_insn(uint32_t insn, int runs)
{
    if (!quick_skip()) {
        add_pending(insn, stub(&insn, 1), runs, 0);
    }
}

static inline void check_insn_sp(uint32_t insn, int runs)
{
    if (!quick_skip()) {
        add_pending(insn, stub_sp(&insn, 1), runs, 0);
    }
}

static inline void parse_args(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (str_eq(argv[i], "-v")) {
            verbose = 1;
        } else if (str_eq(argv[i], "--quick")) {
            quick = 1;
        }
    }
}

#endif
