/* Translation blocks: a run of guest code translated once, found by its
 * guest pc, and chained directly to the blocks it jumps to. */
#ifndef TB_H
#define TB_H

#include "src/cpu.h"

/* Exits a block may chain from: a block goes on past conditional
 * branches, each taking one. The slot is kept in the low bits of the
 * block's address when translated code returns it. */
#define TB_MAX_EXITS 8

typedef struct TranslationBlock {
    uint64_t pc;             /* guest address of the first instruction */
    uint32_t flags;          /* translation mode (TB_FLAG_*) */
    uint32_t size;           /* guest bytes covered */
    uint32_t icount;         /* guest instructions */
    uintptr_t *code;         /* interpreter code */
    uint32_t code_words;
    /* Host code (tcg/jit.h) made from code, or NULL: the interpreter
     * runs this block. */
    void *jit_code;
    /* Direct chaining: the blocks that exit slot n jumps to. */
    struct TranslationBlock *jmp_dest[TB_MAX_EXITS];
    /* For each guest instruction, the index of its first code word and its
     * pc: a fault inside the block maps back to the instruction. */
    uint32_t *insn_code_index;
    uint64_t *insn_pc;
} TranslationBlock;

enum {
    TB_FLAG_SINGLESTEP = 1,  /* one instruction, then back to the loop */
    /* A plugin callback in the block may write registers: the front end
     * must not carry values from one instruction to the next (set by the
     * plugin layer, which then translates the block again). */
    TB_FLAG_PLUGIN_RW = 2,
    /* End the block at every conditional branch, as QEMU does: while
     * plugins watch translations (they see QEMU's blocks) and while -d
     * cpu or exec logs blocks. Otherwise a block goes on after a branch
     * not taken. */
    TB_FLAG_BRANCH_ENDS = 4,
    /* While plugins instrument code, each vCPU has its own blocks: they
     * hold the addresses of its scoreboard entries. Its index goes in
     * the bits from here up. */
    TB_FLAG_VCPU_SHIFT = 8,
};

/* The block for pc, translating it if needed. NULL with cpu->exception_index
 * set when the code cannot be fetched. */
TranslationBlock *tb_find(CPUState *cpu, uint64_t pc, uint32_t flags);
/* Forget every block (code was modified, or the cache is full). Only
 * called from the loop, never from inside translated code. */
void tb_flush(CPUState *cpu);
/* Ask for a flush at the next return to the loop (safe anywhere). */
void tb_flush_request(CPUState *cpu);
bool tb_flush_is_pending(void);
/* Bumped by every flush: a block pointer from before a change is gone. */
extern unsigned tb_flush_count;
/* Guest pc of the instruction executing at ip in tb. */
uint64_t tb_pc_at(const TranslationBlock *tb, const uintptr_t *ip);

static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) &
           (TB_JMP_CACHE_SIZE - 1);
}

/* Run translated code starting with tb. Returns 0, or the address of the
 * last block ORed with the exit slot to chain. */
uintptr_t tcg_interp_exec(CPUState *cpu, TranslationBlock *tb);

/* Number of instructions a block may hold. */
#define TB_MAX_INSNS 512

#endif
