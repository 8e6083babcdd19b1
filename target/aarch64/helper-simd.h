/* Helpers for the AArch64 FP and AdvSIMD instructions: whole-register
 * vector operations and scalar floating point, called from the IR. */
#ifndef A64_HELPER_SIMD_H
#define A64_HELPER_SIMD_H

#include "src/cpu.h"

/* Vector helpers take their registers and the encoding's small fields
 * packed into one constant, so a whole instruction is one call. */
#define SIMD_DESC(rd, rn, rm, size, q, u, op)                            \
    ((uint64_t)(rd) | (uint64_t)(rn) << 5 | (uint64_t)(rm) << 10 |      \
     (uint64_t)(size) << 15 | (uint64_t)(q) << 17 | (uint64_t)(u) << 18 | \
     (uint64_t)(op) << 19)
/* A further field (a shift amount, a table length, an index; for
 * 3same and 2misc, 1 = the scalar form: element 0 only). */
#define SIMD_DESC_X(x) ((uint64_t)(x) << 32)

/* Which vector operations a helper implements: the translators ask
 * before emitting a call, so anything else stays an unallocated (or
 * unimplemented) encoding. */
bool simd_3same_ok(int u, int op, int size, int q);
bool simd_3diff_ok(int u, int op, int size);
bool simd_2misc_ok(int u, int op, int size, int q);
bool simd_across_ok(int u, int op, int size, int q);
bool simd_shift_ok(int u, int op);
bool simd_elem_ok(int u, int op, int size, int q, bool scalar);

/* Vector operations; desc from SIMD_DESC. */
uint64_t helper_simd_3same(CPUState *cpu, uint64_t desc);
uint64_t helper_simd_3diff(CPUState *cpu, uint64_t desc);
uint64_t helper_simd_2misc(CPUState *cpu, uint64_t desc);
uint64_t helper_simd_across(CPUState *cpu, uint64_t desc);
/* size: of the (wider) element; x: the shift amount. */
uint64_t helper_simd_shift(CPUState *cpu, uint64_t desc);
/* op: 1 UZP1, 2 TRN1, 3 ZIP1, 5 UZP2, 6 TRN2, 7 ZIP2. */
uint64_t helper_simd_perm(CPUState *cpu, uint64_t desc);
/* x: the byte index. */
uint64_t helper_simd_ext(CPUState *cpu, uint64_t desc);
/* x: number of table registers; u: TBX. */
uint64_t helper_simd_tbl(CPUState *cpu, uint64_t desc);

/* By element: x is the element index | scalar << 4; rm the full
 * register number. */
uint64_t helper_simd_elem(CPUState *cpu, uint64_t desc);

/* Scalar floating point on raw register bits. dbl: double, else single.
 * Operation codes are the encodings' opcode fields. */
uint64_t helper_fp_2src(CPUState *cpu, uint64_t a, uint64_t b,
                        uint64_t op_dbl);
uint64_t helper_fp_1src(CPUState *cpu, uint64_t a, uint64_t op_dbl);
/* o1:o0 | dbl << 2: FMADD, FMSUB, FNMADD, FNMSUB. */
uint64_t helper_fp_3src(CPUState *cpu, uint64_t a, uint64_t n, uint64_t m,
                        uint64_t op_dbl);
/* Sets NZCV. desc: dbl | signalling << 1. */
uint64_t helper_fp_cmp(CPUState *cpu, uint64_t a, uint64_t b,
                       uint64_t desc);
/* FP to integer. desc: dbl | unsigned << 1 | rmode << 2 (0 N, 1 P, 2 M,
 * 3 Z, 4 A) | is64 << 5 | fbits << 6. */
uint64_t helper_fp_to_int(CPUState *cpu, uint64_t a, uint64_t desc);
/* Integer to FP. desc: dbl | unsigned << 1 | is64 << 5 | fbits << 6. */
uint64_t helper_int_to_fp(CPUState *cpu, uint64_t a, uint64_t desc);
/* FCVT between single (0), double (1) and half (3): desc from | to << 2. */
uint64_t helper_fp_cvt(CPUState *cpu, uint64_t a, uint64_t desc);

#endif
