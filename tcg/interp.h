/* The interpreter's own opcodes: the IR ops specialised by operand form
 * (constant second input), condition and memory size, so that no handler
 * decodes anything at run time. The code generator picks them. */
#ifndef INTERP_H
#define INTERP_H

#include <stdint.h>

#define IOP_CONDS(X, base) \
    X(base##_eq) X(base##_ne) X(base##_lt) X(base##_ge) X(base##_le) \
    X(base##_gt) X(base##_ltu) X(base##_geu) X(base##_leu) X(base##_gtu) \
    X(base##_tsteq) X(base##_tstne)

#define IOP_BINARY(X, name) X(name) X(name##_i)

#define INTERP_OPS(X) \
    X(mov) X(movi) \
    X(ld8u) X(ld8s) X(ld16u) X(ld16s) X(ld32u) X(ld32s) X(ld64) \
    X(st8) X(st16) X(st32) X(st64) \
    IOP_BINARY(X, add) IOP_BINARY(X, sub) IOP_BINARY(X, mul) \
    X(muluh) X(mulsh) \
    IOP_BINARY(X, and) IOP_BINARY(X, or) IOP_BINARY(X, xor) \
    IOP_BINARY(X, andc) IOP_BINARY(X, orc) IOP_BINARY(X, eqv) \
    IOP_BINARY(X, shl) IOP_BINARY(X, shr) IOP_BINARY(X, sar) \
    IOP_BINARY(X, rotr) \
    X(neg) X(not) X(ext8s) X(ext8u) X(ext16s) X(ext16u) X(ext32s) \
    X(ext32u) X(bswap16) X(bswap32) X(bswap64) X(clz) X(ctpop) \
    X(extract) X(sextract) X(deposit) \
    IOP_BINARY(X, add32) IOP_BINARY(X, sub32) IOP_BINARY(X, mul32) \
    IOP_BINARY(X, shl32) IOP_BINARY(X, shr32) IOP_BINARY(X, sar32) \
    IOP_BINARY(X, rotr32) X(clz32) \
    IOP_BINARY(X, and32) IOP_BINARY(X, or32) IOP_BINARY(X, xor32) \
    IOP_BINARY(X, andc32) IOP_BINARY(X, orc32) IOP_BINARY(X, eqv32) \
    IOP_BINARY(X, add_cc) IOP_BINARY(X, sub_cc) IOP_BINARY(X, add32_cc) \
    IOP_BINARY(X, sub32_cc) \
    IOP_CONDS(X, setcond) IOP_CONDS(X, setcond_i) \
    IOP_CONDS(X, setcond32) IOP_CONDS(X, setcond32_i) \
    X(movcond) X(br) \
    IOP_CONDS(X, brcond) IOP_CONDS(X, brcond_i) \
    IOP_CONDS(X, brcond32) IOP_CONDS(X, brcond32_i) \
    X(ld_ub) X(ld_sb) X(ld_uw) X(ld_sw) X(ld_ul) X(ld_sl) X(ld_uq) \
    X(st_b) X(st_w) X(st_l) X(st_q) \
    X(ld_ub_w) X(ld_sb_w) X(ld_uw_w) X(ld_sw_w) X(ld_ul_w) X(ld_sl_w) \
    X(ld_uq_w) X(st_b_w) X(st_w_w) X(st_l_w) X(st_q_w) X(insn_boundary) \
    X(call0) X(call1) X(call2) X(call3) X(call4) X(call5) X(call6) \
    X(goto_tb) X(exit_tb) X(lookup_and_goto_ptr) \
    X(plugin_ld_u64) X(plugin_add_u64) X(plugin_st_u64)

typedef enum InterpOp {
#define X(name) IOP_##name,
    INTERP_OPS(X)
#undef X
    NB_IOPS
} InterpOp;

/* Handler addresses, indexed by InterpOp; filled on first use. */
extern const void *const *tcg_interp_handlers;
void tcg_interp_init(void);

#endif
