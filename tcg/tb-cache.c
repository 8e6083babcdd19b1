/* The translation-block cache: a hash table of every block by guest pc
 * and mode, in front of it a small direct-mapped cache per CPU that the
 * interpreter also reads for indirect jumps. */
#include <string.h>
#include "tcg/tcg.h"
#include "tcg/tb.h"
#include "tcg/jit.h"
#include "src/target.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"
#include "src/threads.h"
#include "gdbstub/gdbstub.h"
#include "plugins/plugin.h"

static GHashTable *tb_table;      /* key -> TranslationBlock* */
static GPtrArray *tb_all;         /* owns every block */
static size_t tb_code_bytes;
static bool flush_pending;
unsigned tb_flush_count;

/* Flush once translated code passes this much. */
#define TB_CODE_LIMIT (256u << 20)

static uint64_t tb_key(uint64_t pc, uint32_t flags)
{
    /* Guest addresses have GUEST_ADDR_BITS (40): flags fit above. */
    return pc | (uint64_t)flags << 40;
}

static void tb_free(gpointer p)
{
    TranslationBlock *tb = p;
    g_free(tb->code);
    g_free(tb->insn_code_index);
    g_free(tb->insn_pc);
    g_free(tb);
}

static void tb_cache_init(void)
{
    tb_table = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                     NULL);
    tb_all = g_ptr_array_new_with_free_func(tb_free);
}

void tb_flush(CPUState *cpu)
{
    flush_pending = false;
    tb_flush_count++;
    /* Other guest threads wait for the lock outside translated code;
     * they must not find a freed block when they come back. */
    for (CPUState *c = first_cpu; c; c = c->next_cpu) {
        memset(c->tb_jmp_cache, 0, sizeof(c->tb_jmp_cache));
    }
    if (tb_table) {
        g_hash_table_remove_all(tb_table);
        g_ptr_array_set_size(tb_all, 0);
        tb_code_bytes = 0;
        memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
        tcg_jit_reset();
    }
    /* Plugins hear of it, and those leaving can go now. */
    plugin_tb_flushed();
}

void tb_flush_request(CPUState *cpu)
{
    flush_pending = true;
    cpu->exit_request = 1;
}

bool tb_flush_is_pending(void)
{
    return flush_pending;
}

uint64_t tb_pc_at(const TranslationBlock *tb, const uintptr_t *ip)
{
    uint32_t at = (uint32_t)(ip - tb->code);
    uint64_t pc = tb->pc;
    for (uint32_t i = 0; i < tb->icount && tb->insn_code_index[i] <= at;
         i++) {
        pc = tb->insn_pc[i];
    }
    return pc;
}

static void log_in_asm(CPUState *cpu, TranslationBlock *tb)
{
    const char *sym = elf_symbol_at(&linux_image, tb->pc);
    fprintf(emu_log_file, "----------------\nIN: %s\n", sym ? sym : "");
    for (uint32_t i = 0; i < tb->icount; i++) {
        uint64_t pc = tb->insn_pc[i];
        uint64_t end = i + 1 < tb->icount ? tb->insn_pc[i + 1]
                                          : tb->pc + tb->size;
        cpu->target->disas(pc, g2h(pc), end - pc, emu_log_file);
    }
    fputc('\n', emu_log_file);
}

static TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc,
                                     uint32_t flags)
{
    TCGContext *s = tcg_ctx;
    int max = (flags & TB_FLAG_SINGLESTEP) ? 1 : TB_MAX_INSNS;

    if (pc & (cpu->target->insn_align - 1)) {
        /* A branch to a misaligned pc: Linux sends SIGBUS for it. */
        cpu->fault_addr = pc;
        cpu->exception_index = EXCP_BUS;
        return NULL;
    }
    if (!(guest_page_flags(pc) & PAGE_EXEC) ||
        !(guest_page_flags(pc) & PAGE_READ)) {
        cpu->fault_addr = pc;
        cpu->exception_index = EXCP_PREFETCH;
        return NULL;
    }
    if (tb_code_bytes > TB_CODE_LIMIT) {
        tb_flush(cpu);
    }

    TranslationBlock *tb = g_new0(TranslationBlock, 1);
    g_assert(((uintptr_t)tb & (TB_MAX_EXITS - 1)) == 0);
    tb->pc = pc;
    tb->flags = flags;
    s->nochain = emu_log_enabled(LOG_NOCHAIN | LOG_EXEC | LOG_CPU) ||
                 (flags & TB_FLAG_SINGLESTEP);
    /* The stub flushes translated code when this changes. */
    s->watch_mem = gdb_watch_active();
    for (;;) {
        tcg_func_start(s, tb);
        cpu->target->translate(cpu, s, tb, max);
        if (unlikely(plugin_gen_active)) {
            plugin_gen_tb(cpu, s, tb);
        }
        if (emu_log_enabled(LOG_OP)) {
            fprintf(emu_log_file, "OP:\n");
            tcg_dump_ops(s, emu_log_file);
            fputc('\n', emu_log_file);
        }
        if (tcg_gen_code(s, tb)) {
            break;
        }
        max = tb->icount > 1 ? (int)tb->icount / 2 : 1;
    }
    if (tcg_jit_enabled) {
        tcg_jit_gen(cpu, tb);
    }
    guest_page_mark_code(tb->pc);
    tb_code_bytes += tb->code_words * sizeof(uintptr_t) + sizeof(*tb);

    uint64_t key = tb_key(pc, flags);
    g_ptr_array_add(tb_all, tb);
    uint64_t *k = g_new(uint64_t, 1);
    *k = key;
    g_hash_table_insert(tb_table, k, tb);

    if (emu_log_enabled(LOG_IN_ASM)) {
        log_in_asm(cpu, tb);
    }
    return tb;
}

TranslationBlock *tb_find(CPUState *cpu, uint64_t pc, uint32_t flags)
{
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = cpu->tb_jmp_cache[h];
    /* PLUGIN_RW is set by the plugin layer after translation, not asked
     * for by the caller. */
    if (likely(tb && tb->pc == pc &&
               (tb->flags & ~TB_FLAG_PLUGIN_RW) == flags)) {
        return tb;
    }
    if (unlikely(!tb_table)) {
        tb_cache_init();
    }
    uint64_t key = tb_key(pc, flags);
    tb = g_hash_table_lookup(tb_table, &key);
    if (!tb) {
        tb = tb_gen_code(cpu, pc, flags);
        if (!tb) {
            return NULL;
        }
    }
    cpu->tb_jmp_cache[h] = tb;
    return tb;
}
