/* The plugin host's internals, shared by its files (loader, core, api,
 * instrument) and the few hooks the rest of emu calls. Plugins never see
 * this: they see qemu-plugin.h and emu-plugin.h. */
#ifndef PLUGINS_PLUGIN_H
#define PLUGINS_PLUGIN_H

#include <gmodule.h>
#include "src/emu.h"
#include "src/cpu.h"
#include "plugins/emu-plugin.h"

struct TCGContext;
struct TranslationBlock;

/* The API levels this emu accepts. */
#define PLUGIN_MIN_VERSION 2

/* ---- Hooks for the rest of emu ------------------------------------------ */

/* -plugin SPEC and EMU_PLUGIN=SPEC (where names it for messages): parse
 * and remember. false with *err (g_free it) on a syntax error. */
bool plugin_add_spec(const char *where, const char *spec, char **err);
/* Load every plugin given, in order, and run their install functions;
 * exits with a message on any failure. Then the vCPU's init callbacks.
 * Call once the guest is loaded and its CPU exists. */
void plugin_start(CPUState *cpu);
/* Load one more plugin while the program runs (gdb's "monitor plugin
 * load"): the -plugin grammar; false with a one-line *err, and nothing
 * left loaded, when it cannot be. */
bool plugin_load_now(CPUState *cpu, const char *spec, uint64_t *id,
                     char **err);

/* A guest thread's vCPU starts (after plugin_start, for the first one)
 * or ends: scoreboards get its entries, then init or exit callbacks. */
void plugin_vcpu_init(CPUState *cpu);
void plugin_vcpu_exit(CPUState *cpu);
/* Scoreboards hold entries for n vCPUs; true when one had to move
 * (translated code holding entry addresses must go). */
bool plugin_scoreboards_grow(int n);

/* Set while some plugin wants to see translations (tb_trans callbacks
 * or pc hooks): tb_gen_code then calls plugin_gen_tb. */
extern bool plugin_gen_active;
/* After the front end translated tb into s (before code generation):
 * show the block to plugins and add their instrumentation to the IR. */
void plugin_gen_tb(CPUState *cpu, struct TCGContext *s,
                   struct TranslationBlock *tb);
/* Translated code was thrown away (tb_flush): run flush callbacks and
 * finish pending uninstalls and resets. */
void plugin_tb_flushed(void);

/* Set while some plugin has syscall callbacks (or idle/resume ones): the
 * loop then runs system calls through plugin_syscall. */
extern bool plugin_syscall_active;
uint64_t plugin_syscall(CPUState *cpu, int nr, const uint64_t args[6]);

/* A discontinuity (guest signal delivery): for the signal layer. */
void plugin_vcpu_discon(CPUState *cpu, enum qemu_plugin_discon_type type,
                        uint64_t from_pc, uint64_t to_pc);

/* ---- Plugins and their callbacks ---------------------------------------- */

typedef struct Plugin {
    qemu_plugin_id_t id;
    GModule *module;
    char *path;               /* as found */
    int argc;
    char **argv;              /* NAME=VALUE, NULL-terminated */
    /* Uninstall or reset asked for: callbacks are skipped from now on and
     * done_cb runs at the next flush. */
    bool dying;
    bool uninstalling;        /* else resetting */
    qemu_plugin_simple_cb_t done_cb;
    bool gone;                /* unloaded: only its id remains */
} Plugin;

/* Kinds of callbacks a plugin registers for the whole run. */
typedef enum PluginEvent {
    PLUGIN_EV_VCPU_INIT,
    PLUGIN_EV_VCPU_EXIT,
    PLUGIN_EV_VCPU_IDLE,
    PLUGIN_EV_VCPU_RESUME,
    PLUGIN_EV_TB_TRANS,
    PLUGIN_EV_FLUSH,
    PLUGIN_EV_ATEXIT,
    PLUGIN_EV_SYSCALL,
    PLUGIN_EV_SYSCALL_RET,
    PLUGIN_EV_SYSCALL_FILTER,
    PLUGIN_EV_DISCON,
    PLUGIN_EV_MAX
} PluginEvent;

typedef struct PluginCb {
    Plugin *plugin;
    void (*fn)(void);         /* cast to the event's type */
    void *udata;
    int mask;                 /* discon: the types asked for */
} PluginCb;

/* Per event, in registration order (so in load order across plugins). */
extern GArray *plugin_cbs[PLUGIN_EV_MAX];

/* Every plugin ever loaded, in load order (unloaded ones stay, gone). */
extern GPtrArray *plugin_list;
/* vCPUs started so far (qemu_plugin_num_vcpus). */
extern int plugin_num_vcpus;

/* Set up the lists (before the first plugin loads). */
void plugin_core_init(void);

/* The plugin whose id this is; fatal for an unknown id (a plugin bug). */
Plugin *plugin_by_id(qemu_plugin_id_t id, const char *func);
void plugin_register_cb(qemu_plugin_id_t id, PluginEvent ev, void (*fn)(void),
                        void *udata, int mask, const char *func);
/* Ask for the plugin to be removed (uninstall) or emptied (reset). */
void plugin_request_removal(Plugin *p, bool uninstall,
                            qemu_plugin_simple_cb_t cb);
/* Is an uninstall or reset waiting for the next flush? */
bool plugin_removal_pending(void);
/* Recompute plugin_gen_active and plugin_syscall_active. */
void plugin_update_active(void);

/* The register access the running callback declared: callbacks without
 * flags count as RW_REGS. */
extern __thread enum qemu_plugin_cb_flags plugin_cb_flags;
/* The plugin whose tb_trans callback is running (NULL otherwise). */
extern __thread Plugin *plugin_translating;

/* ---- Translation --------------------------------------------------------- */

/* What a plugin asked for on a block, an instruction or its memory
 * accesses. Items live until the translated code is thrown away. */
typedef enum PluginItemKind {
    PLUGIN_ITEM_CB,           /* call fn(vcpu, udata) */
    PLUGIN_ITEM_COND_CB,      /* ...when *ptr cond imm */
    PLUGIN_ITEM_INLINE,       /* *ptr += imm or *ptr = imm */
    PLUGIN_ITEM_MEM_CB,       /* call mem_fn after each access */
    PLUGIN_ITEM_MEM_INLINE,   /* inline op after each access */
} PluginItemKind;

typedef struct PluginItem {
    PluginItemKind kind;
    Plugin *plugin;
    enum qemu_plugin_cb_flags flags;
    qemu_plugin_vcpu_udata_cb_t fn;
    qemu_plugin_vcpu_mem_cb_t mem_fn;
    void *udata;
    enum qemu_plugin_op op;
    enum qemu_plugin_cond cond;
    enum qemu_plugin_mem_rw rw;
    qemu_plugin_u64 entry;
    uint64_t imm;
    /* For a call made from translated code: where the guest pc lives in
     * the CPU, and the pc to store there before a callback that reads
     * registers (-1: nothing to store). */
    int pc_offset;
    uint64_t pc;
} PluginItem;

struct qemu_plugin_insn {
    uint64_t vaddr;
    size_t size;
    uint8_t bytes[16];
    GArray *items;            /* PluginItem: exec ones and mem ones */
    bool has_mem;             /* some item is a memory one */
};

struct qemu_plugin_tb {
    uint64_t vaddr;
    size_t n;
    struct qemu_plugin_insn *insns;
    GArray *items;            /* PluginItem */
    bool any;                 /* something was registered */
    bool rw;                  /* some callback may write registers */
};

/* Keep mem (g_malloc'd) until translated code is thrown away. */
void plugin_keep_for_code(void *mem);

/* Register an item on the block or instruction being translated. */
void plugin_tb_add(struct qemu_plugin_tb *tb, const PluginItem *it);
void plugin_insn_add(struct qemu_plugin_insn *insn, const PluginItem *it);

/* Per-pc hooks (emu_plugin_register_vcpu_pc_cb): pc -> GArray of
 * PluginItem, NULL when none was ever registered. */
extern GHashTable *plugin_pc_hooks;

/* A scoreboard: one entry per vCPU, the storage reallocated (and
 * translated code, which holds entry addresses, flushed) when vCPUs are
 * added. */
struct qemu_plugin_scoreboard {
    size_t element_size;
    size_t capacity;          /* entries */
    uint8_t *data;
};

/* The host address of entry for vcpu (what inline ops update). */
static inline uint64_t *plugin_u64_ptr(qemu_plugin_u64 e, unsigned vcpu)
{
    return (uint64_t *)(e.score->data + vcpu * e.score->element_size +
                        e.offset);
}

/* memory access descriptions (qemu_plugin_meminfo_t). */
enum {
    PLUGIN_MEM_SIZE_MASK = 0xf,   /* log2 bytes */
    PLUGIN_MEM_SIGN = 1u << 4,
    PLUGIN_MEM_BE = 1u << 5,
    PLUGIN_MEM_STORE = 1u << 6,
};

/* The value of the access a memory callback is told about. */
extern __thread qemu_plugin_mem_value plugin_mem_value;

/* The register table of the guest (set up by plugin_start). */
extern const struct RegTable *plugin_regs;

#endif
