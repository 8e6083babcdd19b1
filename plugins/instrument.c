/* Instrumentation in the IR: after the front end has translated a block,
 * show it to the plugins' tb_trans callbacks, then rewrite the block's
 * ops so that what they asked for happens: inline operations as IR ops,
 * conditional callbacks as a compare-and-branch around the call,
 * callbacks and memory callbacks as helper calls. A block nobody
 * instruments is left exactly as the front end made it. */
#include "plugins/plugin.h"
#include "src/guest-mem.h"
#include "src/target.h"
#include "tcg/tcg.h"
#include "tcg/tb.h"

__thread qemu_plugin_mem_value plugin_mem_value;

/* ---- What runs in translated code ---------------------------------------- */

/* Called by translated code for a callback item. The register access the
 * callback declared is what it may do while it runs (qemu_plugin_set_pc
 * leaves from inside and resets it itself). */
static uint64_t helper_plugin_cb(CPUState *cpu, uint64_t arg)
{
    const PluginItem *it = (const PluginItem *)(uintptr_t)arg;
    if (likely(!it->plugin->dying)) {
        enum qemu_plugin_cb_flags saved = plugin_cb_flags;
        if (it->pc_offset >= 0) {
            *(uint64_t *)((char *)cpu + it->pc_offset) = it->pc;
        }
        plugin_cb_flags = it->flags;
        it->fn(cpu->cpu_index, it->udata);
        plugin_cb_flags = saved;
    }
    return 0;
}

/* One memory callback: the access is described by info (PLUGIN_MEM_*),
 * its value by lo (and hi for 16 bytes). */
static void mem_cb_run(CPUState *cpu, const PluginItem *it, uint32_t info,
                       uint64_t vaddr, uint64_t lo, uint64_t hi)
{
    unsigned shift = info & PLUGIN_MEM_SIZE_MASK;
    enum qemu_plugin_cb_flags saved = plugin_cb_flags;
    plugin_mem_value.type = (enum qemu_plugin_mem_value_type)shift;
    plugin_mem_value.data.u128.high = shift >= 4 ? hi : 0;
    plugin_mem_value.data.u128.low =
        shift >= 3 ? lo : lo & ((1ull << (8u << shift)) - 1);
    if (it->pc_offset >= 0) {
        *(uint64_t *)((char *)cpu + it->pc_offset) = it->pc;
    }
    plugin_cb_flags = it->flags;
    it->mem_fn(cpu->cpu_index, (qemu_plugin_meminfo_t)(uintptr_t)info, vaddr,
               it->udata);
    plugin_cb_flags = saved;
}

static uint64_t helper_plugin_mem_cb(CPUState *cpu, uint64_t arg,
                                     uint64_t info, uint64_t vaddr,
                                     uint64_t value)
{
    const PluginItem *it = (const PluginItem *)(uintptr_t)arg;
    if (likely(!it->plugin->dying)) {
        mem_cb_run(cpu, it, (uint32_t)info, vaddr, value, 0);
    }
    return 0;
}

static uint64_t helper_plugin_mem_cb128(CPUState *cpu, uint64_t arg,
                                        uint64_t info, uint64_t vaddr,
                                        uint64_t lo, uint64_t hi)
{
    const PluginItem *it = (const PluginItem *)(uintptr_t)arg;
    if (likely(!it->plugin->dying)) {
        mem_cb_run(cpu, it, (uint32_t)info, vaddr, lo, hi);
    }
    return 0;
}

/* The accesses the helper called before made (cpu->helper_access), for
 * one memory item: a callback per access it asked for, or its inline
 * operation. */
static uint64_t helper_plugin_mem_noted(CPUState *cpu, uint64_t arg)
{
    const PluginItem *it = (const PluginItem *)(uintptr_t)arg;
    if (unlikely(it->plugin->dying)) {
        return 0;
    }
    for (unsigned i = 0; i < cpu->n_helper_access; i++) {
        const struct HelperAccess *a = &cpu->helper_access[i];
        if (!(it->rw & (a->store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R))) {
            continue;
        }
        if (it->kind == PLUGIN_ITEM_MEM_INLINE) {
            uint64_t *p = plugin_u64_ptr(it->entry, cpu->cpu_index);
            *p = it->op == QEMU_PLUGIN_INLINE_ADD_U64 ? *p + it->imm
                                                      : it->imm;
            continue;
        }
        mem_cb_run(cpu, it,
                   a->size_shift | (a->store ? PLUGIN_MEM_STORE : 0),
                   a->addr, a->lo, a->hi);
    }
    return 0;
}

/* ---- Registration during tb_trans ---------------------------------------- */

static bool item_writes_regs(const PluginItem *it)
{
    return (it->kind == PLUGIN_ITEM_CB || it->kind == PLUGIN_ITEM_COND_CB ||
            it->kind == PLUGIN_ITEM_MEM_CB) &&
           it->flags >= QEMU_PLUGIN_CB_RW_REGS;
}

void plugin_tb_add(struct qemu_plugin_tb *tb, const PluginItem *it)
{
    g_array_append_val(tb->items, *it);
    tb->any = true;
    tb->rw |= item_writes_regs(it);
}

void plugin_insn_add(struct qemu_plugin_insn *insn, const PluginItem *it)
{
    g_array_append_val(insn->items, *it);
    insn->has_mem |= it->kind == PLUGIN_ITEM_MEM_CB ||
                     it->kind == PLUGIN_ITEM_MEM_INLINE;
}

/* ---- Generating the instrumentation -------------------------------------- */

typedef struct GenState {
    TCGContext *s;
    CPUState *cpu;
    TCGv cond_tmp;            /* one per block: its uses never overlap */
    TCGv addr_tmp;
    TCGv lo_addr, lo_val;     /* the low half of a 16-byte access */
} GenState;

/* How much of the guest state the optimiser may assume the call leaves
 * alone. */
static unsigned call_flags(enum qemu_plugin_cb_flags f)
{
    switch (f) {
    case QEMU_PLUGIN_CB_NO_REGS:
        return TCG_CALL_NO_RWG;
    case QEMU_PLUGIN_CB_R_REGS:
        return TCG_CALL_NO_WG;
    default:
        return 0;
    }
}

/* The item a call from translated code passes to its helper: a copy
 * that lives as long as the code. Registers are always in memory between
 * instructions in this design; only the pc is not (it is written at block
 * exits): a callback that reads registers gets it stored by the helper
 * (cheaper than IR ops to store it), a NO_REGS one pays nothing. */
static PluginItem *item_for_call(GenState *g, const PluginItem *it,
                                 uint64_t pc)
{
    PluginItem *keep = g_memdup2(it, sizeof(*it));
    plugin_keep_for_code(keep);
    keep->pc_offset = it->flags >= QEMU_PLUGIN_CB_R_REGS ? g->s->pc_offset
                                                         : -1;
    keep->pc = pc;
    return keep;
}

static void gen_inline(GenState *g, enum qemu_plugin_op op,
                       qemu_plugin_u64 entry, uint64_t imm)
{
    /* One vCPU per thread, its index fixed: the entry's address is known
     * now. Scoreboards that grow flush translated code. */
    uint64_t *ptr = plugin_u64_ptr(entry, g->cpu->cpu_index);
    TCGOp *o = tcg_emit_op(op == QEMU_PLUGIN_INLINE_ADD_U64
                           ? INDEX_op_plugin_add_u64
                           : INDEX_op_plugin_st_u64);
    o->args[0] = (TCGArg)(uintptr_t)ptr;
    o->args[1] = imm;
}

static TCGCond tcg_cond_of(enum qemu_plugin_cond c)
{
    switch (c) {
    case QEMU_PLUGIN_COND_EQ: return TCG_COND_EQ;
    case QEMU_PLUGIN_COND_NE: return TCG_COND_NE;
    case QEMU_PLUGIN_COND_LT: return TCG_COND_LTU;
    case QEMU_PLUGIN_COND_LE: return TCG_COND_LEU;
    case QEMU_PLUGIN_COND_GT: return TCG_COND_GTU;
    case QEMU_PLUGIN_COND_GE: return TCG_COND_GEU;
    case QEMU_PLUGIN_COND_NEVER: return TCG_COND_NEVER;
    default: return TCG_COND_ALWAYS;
    }
}

static void gen_call(GenState *g, const PluginItem *it, uint64_t pc)
{
    PluginItem *keep = item_for_call(g, it, pc);
    tcg_gen_call1(helper_plugin_cb, call_flags(it->flags), NULL,
                  tcg_constant((uintptr_t)keep));
}

static void gen_exec_item(GenState *g, const PluginItem *it, uint64_t pc)
{
    if (it->plugin->dying) {
        return;
    }
    switch (it->kind) {
    case PLUGIN_ITEM_INLINE:
        gen_inline(g, it->op, it->entry, it->imm);
        break;
    case PLUGIN_ITEM_CB:
        gen_call(g, it, pc);
        break;
    case PLUGIN_ITEM_COND_CB: {
        TCGCond c = tcg_cond_of(it->cond);
        if (c == TCG_COND_NEVER) {
            break;
        }
        if (c == TCG_COND_ALWAYS) {
            gen_call(g, it, pc);
            break;
        }
        TCGLabel *skip = gen_new_label();
        if (!g->cond_tmp) {
            g->cond_tmp = tcg_temp_new();
        }
        TCGOp *o = tcg_emit_op(INDEX_op_plugin_ld_u64);
        o->args[0] = tcgv_arg(g->cond_tmp);
        o->args[1] = (TCGArg)(uintptr_t)plugin_u64_ptr(it->entry,
                                                       g->cpu->cpu_index);
        tcg_gen_brcondi(tcg_invert_cond(c), g->cond_tmp, it->imm, skip);
        gen_call(g, it, pc);
        gen_set_label(skip);
        break;
    }
    default:
        break;
    }
}

static bool mem_item_wants(const PluginItem *it, bool store)
{
    return (it->kind == PLUGIN_ITEM_MEM_CB ||
            it->kind == PLUGIN_ITEM_MEM_INLINE) &&
           (it->rw & (store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R)) &&
           !it->plugin->dying;
}

/* Copy the guest access op, with the memory items of insn after it (they
 * run only when the access succeeded: a fault leaves the block before).
 * The low half of a 16-byte access only keeps its address and value for
 * the high half, after which plugins see the whole. */
static void gen_mem_access(GenState *g, const TCGOp *op,
                           const struct qemu_plugin_insn *insn)
{
    bool store = op->opc == INDEX_op_qemu_st;
    bool any = false;
    for (guint i = 0; i < insn->items->len; i++) {
        any |= mem_item_wants(&g_array_index(insn->items, PluginItem, i),
                              store);
    }
    TCGOp *copy = tcg_emit_op(op->opc);
    if (!any) {
        *copy = *op;
        return;
    }
    TCGv val = (TCGv)op->args[0];
    TCGv addr = (TCGv)op->args[1];
    MemOp mop = (MemOp)op->args[2];
    uint64_t offset = op->args[3];
    if (!g->addr_tmp) {
        /* Scratch temps, one set per block: their uses never overlap. */
        g->addr_tmp = tcg_temp_new();
        g->lo_addr = tcg_temp_new();
        g->lo_val = tcg_temp_new();
    }
    if (!store || offset || (mop & MO_128_LO)) {
        /* The guest address, kept: a load may overwrite the register that
         * held it. Emitted in the access's place, then the access. */
        TCGv keep = mop & MO_128_LO ? g->lo_addr : g->addr_tmp;
        copy->opc = offset ? INDEX_op_add : INDEX_op_mov;
        copy->nb_oargs = 1;
        copy->nb_iargs = offset ? 2 : 1;
        copy->args[0] = tcgv_arg(keep);
        copy->args[1] = tcgv_arg(addr);
        copy->args[2] = tcgv_arg(tcg_constant(offset));
        copy = tcg_emit_op(op->opc);
        addr = keep;
    }
    *copy = *op;
    if (mop & MO_128_LO) {
        tcg_gen_mov(g->lo_val, val);
        return;
    }

    bool is128 = mop & MO_128_HI;
    uint32_t info = (is128 ? 4 : (mop & MO_SIZE)) |
                    (mop & MO_SIGN ? PLUGIN_MEM_SIGN : 0) |
                    (mop & MO_BE ? PLUGIN_MEM_BE : 0) |
                    (store ? PLUGIN_MEM_STORE : 0);
    for (guint i = 0; i < insn->items->len; i++) {
        const PluginItem *it = &g_array_index(insn->items, PluginItem, i);
        if (!mem_item_wants(it, store)) {
            continue;
        }
        if (it->kind == PLUGIN_ITEM_MEM_INLINE) {
            gen_inline(g, it->op, it->entry, it->imm);
            continue;
        }
        PluginItem *keep = item_for_call(g, it, insn->vaddr);
        if (is128) {
            tcg_gen_call5(helper_plugin_mem_cb128, call_flags(it->flags),
                          NULL, tcg_constant((uintptr_t)keep),
                          tcg_constant(info), g->lo_addr, g->lo_val, val);
        } else {
            tcg_gen_call4(helper_plugin_mem_cb, call_flags(it->flags), NULL,
                          tcg_constant((uintptr_t)keep), tcg_constant(info),
                          addr, val);
        }
    }
}

/* The accesses of a helper that accesses memory itself (the op after its
 * call): one call per memory item that may want them. */
static void gen_mem_noted(GenState *g, const TCGOp *op,
                          const struct qemu_plugin_insn *insn)
{
    *tcg_emit_op(op->opc) = *op;
    for (guint i = 0; i < insn->items->len; i++) {
        const PluginItem *it = &g_array_index(insn->items, PluginItem, i);
        if (!((op->args[0] & 1) && mem_item_wants(it, false)) &&
            !((op->args[0] & 2) && mem_item_wants(it, true))) {
            continue;
        }
        PluginItem *keep = item_for_call(g, it, insn->vaddr);
        tcg_gen_call1(helper_plugin_mem_noted,
                      it->kind == PLUGIN_ITEM_MEM_INLINE
                      ? TCG_CALL_NO_RWG : call_flags(it->flags),
                      NULL, tcg_constant((uintptr_t)keep));
    }
}

/* ---- The block as plugins see it ----------------------------------------- */

/* Where each instruction starts in s->ops, how many guest memory
 * accesses it makes, and whether it can leave the block before its end
 * (a conditional branch the block goes on after); returns how many
 * instructions. */
static size_t find_insns(TCGContext *s, GArray *starts, GArray *accesses,
                         GArray *exits)
{
    int zero = 0;
    bool no = false;
    g_array_set_size(starts, 0);
    g_array_set_size(accesses, 0);
    g_array_set_size(exits, 0);
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOpcode opc = s->ops[i].opc;
        if (opc == INDEX_op_insn_start) {
            g_array_append_val(starts, i);
            g_array_append_val(accesses, zero);
            g_array_append_val(exits, no);
        } else if (!accesses->len) {
            continue;
        } else if (opc == INDEX_op_qemu_ld || opc == INDEX_op_qemu_st) {
            g_array_index(accesses, int, accesses->len - 1)++;
        } else if (opc == INDEX_op_plugin_mem_helper) {
            g_array_index(accesses, int, accesses->len - 1) +=
                G_N_ELEMENTS(((CPUState *)NULL)->helper_access);
        } else if (opc == INDEX_op_exit_tb) {
            g_array_index(exits, bool, exits->len - 1) = true;
        }
    }
    return starts->len;
}

/* The block as plugins see it: its instructions, cut into the parts
 * QEMU would have made blocks of. A part ends at a conditional branch
 * the block goes on after; each is shown to tb_trans callbacks as a block
 * of its own, and its block-level items run where it starts, so they run
 * exactly when QEMU's block would. */
typedef struct BlockView {
    size_t n;
    struct qemu_plugin_insn *insns;
    struct qemu_plugin_tb *parts;
    size_t nparts;
    bool any;                 /* something was registered */
    bool rw;                  /* some callback may write registers */
} BlockView;

/* IR temps the instrumentation of the first n instructions may need: one
 * constant per call (its item), one for a condition's operand, per access
 * two for a memory callback and one for the access's offset, and the
 * four scratch temps. */
static size_t temps_needed(const BlockView *v, size_t n,
                           const GArray *accesses)
{
    size_t t = 4;
    for (size_t k = 0; k < v->nparts; k++) {
        t += v->parts[k].items->len * 2;
    }
    for (size_t i = 0; i < n; i++) {
        const GArray *items = v->insns[i].items;
        for (guint k = 0; k < items->len; k++) {
            const PluginItem *it = &g_array_index(items, PluginItem, k);
            if (it->kind == PLUGIN_ITEM_MEM_CB) {
                t += 3 * g_array_index(accesses, int, i);
            } else if (it->kind == PLUGIN_ITEM_MEM_INLINE) {
                t += g_array_index(accesses, int, i);
            } else {
                t += 2;
            }
        }
    }
    return t;
}

/* Translate the block again, with at most n instructions. Returns how
 * many came out (never more than n). */
static size_t retranslate(CPUState *cpu, TCGContext *s, TranslationBlock *tb,
                          size_t n, GArray *starts, GArray *accesses,
                          GArray *exits)
{
    tcg_func_start(s, tb);
    cpu->target->translate(cpu, s, tb, (int)n);
    return MIN(n, find_insns(s, starts, accesses, exits));
}

static void free_view(BlockView *v)
{
    for (size_t i = 0; i < v->n; i++) {
        g_array_free(v->insns[i].items, TRUE);
    }
    for (size_t k = 0; k < v->nparts; k++) {
        g_array_free(v->parts[k].items, TRUE);
    }
    g_free(v->insns);
    g_free(v->parts);
}

static void add_pc_hooks(BlockView *v)
{
    for (size_t i = 0; i < v->n; i++) {
        GArray *hooks = g_hash_table_lookup(plugin_pc_hooks,
                                            &v->insns[i].vaddr);
        for (guint k = 0; hooks && k < hooks->len; k++) {
            const PluginItem *it = &g_array_index(hooks, PluginItem, k);
            if (!it->plugin->dying) {
                plugin_insn_add(&v->insns[i], it);
                v->any = true;
                v->rw |= item_writes_regs(it);
            }
        }
    }
}

/* The view of the block in s for plugins, and their translation
 * callbacks (part by part) and pc hooks on it. */
static void show_block(TCGContext *s, TranslationBlock *tb, BlockView *v,
                       const GArray *starts, const GArray *exits)
{
    size_t n = starts->len;
    uint64_t end = tb->pc + tb->size;

    *v = (BlockView){
        .n = n,
        .insns = g_new0(struct qemu_plugin_insn, n),
        .parts = g_new0(struct qemu_plugin_tb, n),
    };
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *in = &v->insns[i];
        in->vaddr = s->ops[g_array_index(starts, int, i)].args[0];
        uint64_t next = i + 1 < n
                        ? s->ops[g_array_index(starts, int, i + 1)].args[0]
                        : end;
        in->size = next > in->vaddr ? next - in->vaddr : 0;
        /* The front end just read these bytes: they are mapped. */
        memcpy(in->bytes, g2h(in->vaddr), MIN(in->size, sizeof(in->bytes)));
        in->items = g_array_new(FALSE, FALSE, sizeof(PluginItem));
        if (i == 0 || g_array_index(exits, bool, i - 1)) {
            v->parts[v->nparts++] = (struct qemu_plugin_tb){
                .vaddr = in->vaddr,
                .insns = in,
                .items = g_array_new(FALSE, FALSE, sizeof(PluginItem)),
            };
        }
        v->parts[v->nparts - 1].n++;
    }

    /* Translation callbacks have no flags: they may use registers. */
    GArray *cbs = plugin_cbs[PLUGIN_EV_TB_TRANS];
    enum qemu_plugin_cb_flags saved = plugin_cb_flags;
    for (size_t k = 0; k < v->nparts; k++) {
        struct qemu_plugin_tb *ptb = &v->parts[k];
        for (guint i = 0; i < cbs->len; i++) {
            PluginCb *c = &g_array_index(cbs, PluginCb, i);
            if (c->plugin->dying) {
                continue;
            }
            plugin_translating = c->plugin;
            plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
            ((qemu_plugin_vcpu_tb_trans_cb_t)c->fn)(c->plugin->id, ptb);
        }
        v->any |= ptb->any;
        v->rw |= ptb->rw;
    }
    plugin_translating = NULL;
    plugin_cb_flags = saved;
    for (size_t i = 0; i < n; i++) {
        for (guint k = 0; k < v->insns[i].items->len; k++) {
            v->any = true;
            v->rw |= item_writes_regs(&g_array_index(v->insns[i].items,
                                                     PluginItem, k));
        }
    }
    if (plugin_pc_hooks && g_hash_table_size(plugin_pc_hooks)) {
        add_pc_hooks(v);
    }
}

void plugin_gen_tb(CPUState *cpu, TCGContext *s, TranslationBlock *tb)
{
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *accesses = g_array_new(FALSE, FALSE, sizeof(int));
    GArray *exits = g_array_new(FALSE, FALSE, sizeof(bool));
    BlockView v;
    size_t n;

    /* Until what plugins ask for fits the block as they saw it. When the
     * block must be translated again with fewer instructions, plugins see
     * the new one (as QEMU does when it retranslates); the instructions
     * cut off go to the next block, where plugins see them again. */
    for (;;) {
        n = find_insns(s, starts, accesses, exits);
        if (!n) {
            goto out;
        }
        show_block(s, tb, &v, starts, exits);
        if (!v.any) {
            free_view(&v);
            goto out;
        }
        if (v.rw && !(tb->flags & TB_FLAG_PLUGIN_RW)) {
            /* A callback between two instructions may change registers
             * the front end would otherwise carry from one to the next (a
             * compare fused with the branch after it): translate without
             * that. The same instructions come out, and what plugins
             * registered still holds, unless the block fills up sooner. */
            tb->flags |= TB_FLAG_PLUGIN_RW;
            if (retranslate(cpu, s, tb, n, starts, accesses, exits) < n) {
                free_view(&v);
                continue;
            }
        }
        /* The instrumentation must fit in the IR's temps with the
         * block's. */
        if (s->nb_temps + temps_needed(&v, n, accesses) <=
            (size_t)s->max_temps - 16) {
            break;
        }
        if (n == 1) {
            emu_fatal("plugins ask for more instrumentation of the "
                      "instruction at 0x%" PRIx64 " than emu can hold",
                      v.insns[0].vaddr);
        }
        free_view(&v);
        retranslate(cpu, s, tb, n / 2, starts, accesses, exits);
    }

    /* Rebuild the op list with the instrumentation in it. */
    int nops = s->nb_ops;
    TCGOp *old = g_memdup2(s->ops, sizeof(TCGOp) * nops);
    GenState g = { .s = s, .cpu = cpu };
    size_t insn = 0, part = 0;
    bool in_insn = false;
    s->nb_ops = 0;
    for (int i = 0; i < nops; i++) {
        const TCGOp *op = &old[i];
        if (op->opc == INDEX_op_insn_start) {
            if (in_insn) {
                insn++;
            }
            in_insn = insn < n;
            *tcg_emit_op(op->opc) = *op;
            if (!in_insn) {
                continue;
            }
            uint64_t pc = v.insns[insn].vaddr;
            if (part < v.nparts && v.parts[part].insns == &v.insns[insn]) {
                GArray *pitems = v.parts[part++].items;
                for (guint k = 0; k < pitems->len; k++) {
                    gen_exec_item(&g, &g_array_index(pitems, PluginItem, k),
                                  pc);
                }
            }
            GArray *items = v.insns[insn].items;
            for (guint k = 0; k < items->len; k++) {
                gen_exec_item(&g, &g_array_index(items, PluginItem, k), pc);
            }
            continue;
        }
        if (in_insn && v.insns[insn].has_mem &&
            (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st)) {
            gen_mem_access(&g, op, &v.insns[insn]);
            continue;
        }
        if (in_insn && v.insns[insn].has_mem &&
            op->opc == INDEX_op_plugin_mem_helper) {
            gen_mem_noted(&g, op, &v.insns[insn]);
            continue;
        }
        TCGOp *copy = tcg_emit_op(op->opc);
        *copy = *op;
        if (op->opc == INDEX_op_set_label) {
            ((TCGLabel *)op->args[0])->op_index = s->nb_ops - 1;
        }
    }
    g_free(old);
    free_view(&v);
out:
    g_array_free(starts, TRUE);
    g_array_free(accesses, TRUE);
    g_array_free(exits, TRUE);
}
