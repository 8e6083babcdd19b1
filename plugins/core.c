/* The plugin host's run-time core: callback lists, uninstall and reset,
 * flush callbacks, system calls and discontinuities. */
#include "plugins/plugin.h"
#include "src/linux-user.h"
#include "src/target.h"
#include "tcg/tb.h"

GArray *plugin_cbs[PLUGIN_EV_MAX];
GPtrArray *plugin_list;
int plugin_num_vcpus;
bool plugin_gen_active;
bool plugin_syscall_active;
GHashTable *plugin_pc_hooks;

__thread enum qemu_plugin_cb_flags plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
__thread Plugin *plugin_translating;

/* Removals asked for and not done yet. */
static bool removal_pending;

void plugin_core_init(void)
{
    if (plugin_list) {
        return;
    }
    plugin_list = g_ptr_array_new();
    for (int i = 0; i < PLUGIN_EV_MAX; i++) {
        plugin_cbs[i] = g_array_new(FALSE, FALSE, sizeof(PluginCb));
    }
}

Plugin *plugin_by_id(qemu_plugin_id_t id, const char *func)
{
    for (guint i = 0; plugin_list && i < plugin_list->len; i++) {
        Plugin *p = plugin_list->pdata[i];
        if (p->id == id && !p->gone) {
            return p;
        }
    }
    emu_fatal("plugin bug: %s called with unknown plugin id %" PRIu64, func,
              id);
}

void plugin_update_active(void)
{
    GArray **c = plugin_cbs;
    plugin_gen_active = c[PLUGIN_EV_TB_TRANS]->len > 0 ||
                        (plugin_pc_hooks &&
                         g_hash_table_size(plugin_pc_hooks) > 0);
    plugin_syscall_active = c[PLUGIN_EV_SYSCALL]->len > 0 ||
                            c[PLUGIN_EV_SYSCALL_RET]->len > 0 ||
                            c[PLUGIN_EV_SYSCALL_FILTER]->len > 0 ||
                            c[PLUGIN_EV_VCPU_IDLE]->len > 0 ||
                            c[PLUGIN_EV_VCPU_RESUME]->len > 0;
}

void plugin_register_cb(qemu_plugin_id_t id, PluginEvent ev, void (*fn)(void),
                        void *udata, int mask, const char *func)
{
    Plugin *p = plugin_by_id(id, func);
    if (!fn) {
        return;
    }
    PluginCb c = { .plugin = p, .fn = fn, .udata = udata, .mask = mask };
    g_array_append_val(plugin_cbs[ev], c);
    plugin_update_active();
}

/* Asynchronous on purpose: the request may come from inside a callback
 * that translated code called, so the plugin's calls and inline ops in
 * translated code must first be thrown away. From now on its callbacks
 * are skipped; the next return to the execution loop flushes the code,
 * and plugin_tb_flushed finishes the job. */
void plugin_request_removal(Plugin *p, bool uninstall,
                            qemu_plugin_simple_cb_t cb)
{
    if (p->dying) {
        return;
    }
    p->dying = true;
    p->uninstalling = uninstall;
    p->done_cb = cb;
    removal_pending = true;
    if (current_cpu) {
        tb_flush_request(current_cpu);
    }
}

bool plugin_removal_pending(void)
{
    return removal_pending;
}

static void drop_callbacks(Plugin *p)
{
    for (int ev = 0; ev < PLUGIN_EV_MAX; ev++) {
        GArray *cbs = plugin_cbs[ev];
        for (guint i = cbs->len; i-- > 0;) {
            if (g_array_index(cbs, PluginCb, i).plugin == p) {
                g_array_remove_index(cbs, i);
            }
        }
    }
    if (plugin_pc_hooks) {
        GHashTableIter it;
        gpointer key, value;
        g_hash_table_iter_init(&it, plugin_pc_hooks);
        while (g_hash_table_iter_next(&it, &key, &value)) {
            GArray *items = value;
            for (guint i = items->len; i-- > 0;) {
                if (g_array_index(items, PluginItem, i).plugin == p) {
                    g_array_remove_index(items, i);
                }
            }
            if (!items->len) {
                g_hash_table_iter_remove(&it);
            }
        }
    }
}

static void finish_removals(void)
{
    removal_pending = false;
    for (guint i = 0; i < plugin_list->len; i++) {
        Plugin *p = plugin_list->pdata[i];
        if (!p->dying || p->gone) {
            continue;
        }
        drop_callbacks(p);
        plugin_update_active();
        p->dying = false;
        qemu_plugin_simple_cb_t cb = p->done_cb;
        p->done_cb = NULL;
        if (p->uninstalling) {
            /* No callback of it is registered or on the stack any more;
             * its id stays known so a late call fails clearly. */
            p->gone = true;
        }
        if (cb) {
            plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
            cb(p->id);
        }
        if (p->uninstalling) {
            g_module_close(p->module);
            p->module = NULL;
        }
        if (emu_log_enabled(LOG_PLUGIN)) {
            emu_log("emu: plugin %s %s\n", p->path,
                    p->uninstalling ? "uninstalled and unloaded" : "reset");
        }
    }
}

/* Items made for translated code; freed with it. */
static GPtrArray *item_arena;

void plugin_keep_for_code(void *mem)
{
    if (!item_arena) {
        item_arena = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(item_arena, mem);
}

void plugin_tb_flushed(void)
{
    if (!plugin_list) {
        return;
    }
    if (item_arena) {
        g_ptr_array_set_size(item_arena, 0);
    }
    GArray *cbs = plugin_cbs[PLUGIN_EV_FLUSH];
    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        /* A plugin on its way out still hears of the flush that removes
         * its code, then its uninstall callback. */
        ((qemu_plugin_simple_cb_t)c->fn)(c->plugin->id);
    }
    if (removal_pending) {
        finish_removals();
    }
}

/* ---- System calls -------------------------------------------------------- */

static void vcpu_simple(CPUState *cpu, PluginEvent ev)
{
    GArray *cbs = plugin_cbs[ev];
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying) {
            ((qemu_plugin_vcpu_simple_cb_t)c->fn)(c->plugin->id,
                                                  cpu->cpu_index);
        }
    }
}

uint64_t plugin_syscall(CPUState *cpu, int nr, const uint64_t args[6])
{
    const Target *t = cpu->target;
    uint64_t a[8];
    uint64_t ret = 0;
    bool filtered = false;
    GArray *cbs;

    for (int i = 0; i < 6; i++) {
        a[i] = args[i];
    }
    /* The ABI has six arguments; QEMU passes the next two argument
     * registers as a7 and a8, and so do we. */
    a[6] = t->syscall_arg(cpu, 6);
    a[7] = t->syscall_arg(cpu, 7);

    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    cbs = plugin_cbs[PLUGIN_EV_SYSCALL];
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying) {
            ((qemu_plugin_vcpu_syscall_cb_t)c->fn)(
                c->plugin->id, cpu->cpu_index, nr, a[0], a[1], a[2], a[3],
                a[4], a[5], a[6], a[7]);
        }
    }
    cbs = plugin_cbs[PLUGIN_EV_SYSCALL_FILTER];
    for (guint i = 0; i < cbs->len && !filtered; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        uint64_t r = 0;
        if (!c->plugin->dying &&
            ((qemu_plugin_vcpu_syscall_filter_cb_t)c->fn)(
                c->plugin->id, cpu->cpu_index, nr, a[0], a[1], a[2], a[3],
                a[4], a[5], a[6], a[7], &r)) {
            filtered = true;
            ret = r;
        }
    }
    if (!filtered) {
        /* In user mode the vCPU is idle while the host runs its system
         * call (and may block in it). */
        vcpu_simple(cpu, PLUGIN_EV_VCPU_IDLE);
        /* The arguments as the guest has them now: an entry callback may
         * have written registers. */
        uint64_t now[6];
        for (int i = 0; i < 6; i++) {
            now[i] = t->syscall_arg(cpu, i);
        }
        ret = linux_syscall(cpu, t->syscall_nr(cpu), now);
        plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
        vcpu_simple(cpu, PLUGIN_EV_VCPU_RESUME);
    }
    cbs = plugin_cbs[PLUGIN_EV_SYSCALL_RET];
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying) {
            ((qemu_plugin_vcpu_syscall_ret_cb_t)c->fn)(
                c->plugin->id, cpu->cpu_index, nr, (int64_t)ret);
        }
    }
    return ret;
}

void plugin_vcpu_discon(CPUState *cpu, enum qemu_plugin_discon_type type,
                        uint64_t from_pc, uint64_t to_pc)
{
    if (!plugin_list) {
        return;
    }
    GArray *cbs = plugin_cbs[PLUGIN_EV_DISCON];
    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying && (c->mask & type)) {
            ((qemu_plugin_vcpu_discon_cb_t)c->fn)(
                c->plugin->id, cpu->cpu_index, type, from_pc, to_pc);
        }
    }
}
