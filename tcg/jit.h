/* The native code back end: host machine code for a block, translated from
 * its interpreter code (tcg/interp.c stays the reference). x86-64 hosts
 * only; elsewhere, and for blocks it cannot translate, the interpreter
 * runs. */
#ifndef JIT_H
#define JIT_H

#include "tcg/tb.h"

#if defined(__x86_64__)
#define TCG_JIT_AVAILABLE 1
#else
#define TCG_JIT_AVAILABLE 0
#endif

/* -backend jit (the default where available) or -backend interp. */
extern bool tcg_jit_enabled;

#if TCG_JIT_AVAILABLE
/* Give tb (whose interpreter code is made) host code in tb->jit_code, or
 * leave it NULL: an op it does not handle, or a full code region, which
 * then asks cpu for a flush. Returns whether it made code. */
bool tcg_jit_gen(CPUState *cpu, TranslationBlock *tb);
/* Forget all host code (tb_flush: no block is left that points at it). */
void tcg_jit_reset(void);
/* Run tb, which has host code; the same protocol as tcg_interp_exec. */
uintptr_t tcg_jit_exec(CPUState *cpu, TranslationBlock *tb);
#else
static inline bool tcg_jit_gen(CPUState *cpu, TranslationBlock *tb)
{
    return false;
}
static inline void tcg_jit_reset(void)
{
}
static inline uintptr_t tcg_jit_exec(CPUState *cpu, TranslationBlock *tb)
{
    g_assert_not_reached();
}
#endif

#endif
