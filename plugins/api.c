/* The functions plugins call: the QEMU plugin API at level 6 and emu's
 * emu_plugin_* extensions. emu exports exactly these to plugins (see
 * emu-plugin.dynlist). */
#include <capstone/capstone.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "plugins/plugin.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"
#include "src/regs.h"
#include "src/target.h"
#include "tcg/tb.h"

#define EM_AARCH64 183
#define EM_RISCV 243

/* ---- Lifecycle ----------------------------------------------------------- */

void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    plugin_request_removal(plugin_by_id(id, __func__), true, cb);
}

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    plugin_request_removal(plugin_by_id(id, __func__), false, cb);
}

#define REGISTER_SIMPLE(func, ev)                                         \
    void func(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb)       \
    {                                                                     \
        plugin_register_cb(id, ev, (void (*)(void))cb, NULL, 0, __func__); \
    }
REGISTER_SIMPLE(qemu_plugin_register_vcpu_init_cb, PLUGIN_EV_VCPU_INIT)
REGISTER_SIMPLE(qemu_plugin_register_vcpu_exit_cb, PLUGIN_EV_VCPU_EXIT)
REGISTER_SIMPLE(qemu_plugin_register_vcpu_idle_cb, PLUGIN_EV_VCPU_IDLE)
REGISTER_SIMPLE(qemu_plugin_register_vcpu_resume_cb, PLUGIN_EV_VCPU_RESUME)
#undef REGISTER_SIMPLE

void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                         enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_DISCON, (void (*)(void))cb, NULL,
                       (int)type, __func__);
}

void qemu_plugin_register_flush_cb(qemu_plugin_id_t id,
                                   qemu_plugin_simple_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_FLUSH, (void (*)(void))cb, NULL, 0,
                       __func__);
}

void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    qemu_plugin_udata_cb_t cb, void *userdata)
{
    plugin_register_cb(id, PLUGIN_EV_ATEXIT, (void (*)(void))cb, userdata, 0,
                       __func__);
}

void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
                               qemu_plugin_vcpu_simple_cb_t cb)
{
    Plugin *p = plugin_by_id(id, __func__);
    /* One vCPU (the program's thread) once it exists. */
    for (int i = 0; i < plugin_num_vcpus && cb; i++) {
        cb(p->id, (unsigned)i);
    }
}

int qemu_plugin_num_vcpus(void)
{
    return plugin_num_vcpus;
}

/* ---- Translation --------------------------------------------------------- */

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_TB_TRANS, (void (*)(void))cb, NULL, 0,
                       __func__);
}

/* The plugin registering an item: the one whose tb_trans callback runs. */
static Plugin *translating(const char *func)
{
    if (!plugin_translating) {
        emu_fatal("plugin bug: %s called outside a translation callback",
                  func);
    }
    return plugin_translating;
}

static enum qemu_plugin_cb_flags clamp_flags(enum qemu_plugin_cb_flags f)
{
    return f > QEMU_PLUGIN_CB_RW_REGS_PC ? QEMU_PLUGIN_CB_RW_REGS_PC : f;
}

/* The items the tb and insn registration functions share. */
static PluginItem cb_item(const char *func, qemu_plugin_vcpu_udata_cb_t cb,
                          enum qemu_plugin_cb_flags flags, void *userdata)
{
    return (PluginItem){
        .kind = PLUGIN_ITEM_CB, .plugin = translating(func),
        .flags = clamp_flags(flags), .fn = cb, .udata = userdata,
    };
}

static PluginItem cond_item(const char *func, qemu_plugin_vcpu_udata_cb_t cb,
                            enum qemu_plugin_cb_flags flags,
                            enum qemu_plugin_cond cond, qemu_plugin_u64 entry,
                            uint64_t imm, void *userdata)
{
    PluginItem it = cb_item(func, cb, flags, userdata);
    if (cond != QEMU_PLUGIN_COND_ALWAYS) {
        it.kind = PLUGIN_ITEM_COND_CB;
    }
    it.cond = cond;
    it.entry = entry;
    it.imm = imm;
    return it;
}

static PluginItem inline_item(const char *func, enum qemu_plugin_op op,
                              qemu_plugin_u64 entry, uint64_t imm)
{
    return (PluginItem){
        .kind = PLUGIN_ITEM_INLINE, .plugin = translating(func),
        .op = op, .entry = entry, .imm = imm,
    };
}

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags,
                                          void *userdata)
{
    PluginItem it = cb_item(__func__, cb, flags, userdata);
    if (cb) {
        plugin_tb_add(tb, &it);
    }
}

void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond,
                                               qemu_plugin_u64 entry,
                                               uint64_t imm,
                                               void *userdata)
{
    PluginItem it = cond_item(__func__, cb, flags, cond, entry, imm,
                              userdata);
    if (cb && cond != QEMU_PLUGIN_COND_NEVER) {
        plugin_tb_add(tb, &it);
    }
}

void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    struct qemu_plugin_tb *tb, enum qemu_plugin_op op, qemu_plugin_u64 entry,
    uint64_t imm)
{
    PluginItem it = inline_item(__func__, op, entry, imm);
    if (entry.score) {
        plugin_tb_add(tb, &it);
    }
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags,
                                            void *userdata)
{
    PluginItem it = cb_item(__func__, cb, flags, userdata);
    if (cb) {
        plugin_insn_add(insn, &it);
    }
}

void qemu_plugin_register_vcpu_insn_exec_cond_cb(
    struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
    enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
    qemu_plugin_u64 entry, uint64_t imm, void *userdata)
{
    PluginItem it = cond_item(__func__, cb, flags, cond, entry, imm,
                              userdata);
    if (cb && cond != QEMU_PLUGIN_COND_NEVER) {
        plugin_insn_add(insn, &it);
    }
}

void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
    qemu_plugin_u64 entry, uint64_t imm)
{
    PluginItem it = inline_item(__func__, op, entry, imm);
    if (entry.score) {
        plugin_insn_add(insn, &it);
    }
}

void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                      qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags,
                                      enum qemu_plugin_mem_rw rw,
                                      void *userdata)
{
    PluginItem it = {
        .kind = PLUGIN_ITEM_MEM_CB, .plugin = translating(__func__),
        .flags = clamp_flags(flags), .mem_fn = cb, .udata = userdata,
        .rw = rw,
    };
    if (cb) {
        plugin_insn_add(insn, &it);
    }
}

void qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_mem_rw rw,
    enum qemu_plugin_op op, qemu_plugin_u64 entry, uint64_t imm)
{
    PluginItem it = {
        .kind = PLUGIN_ITEM_MEM_INLINE, .plugin = translating(__func__),
        .rw = rw, .op = op, .entry = entry, .imm = imm,
    };
    if (entry.score) {
        plugin_insn_add(insn, &it);
    }
}

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
    return tb->n;
}

uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
    return tb->vaddr;
}

struct qemu_plugin_insn *qemu_plugin_tb_get_insn(
    const struct qemu_plugin_tb *tb, size_t idx)
{
    return idx < tb->n ? &tb->insns[idx] : NULL;
}

size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
                             size_t len)
{
    size_t n = MIN(len, MIN(insn->size, sizeof(insn->bytes)));
    memcpy(dest, insn->bytes, n);
    return n;
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
    return insn->size;
}

uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
    return insn->vaddr;
}

void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
    /* User mode: the guest's memory is ours, at guest_base. */
    return g2h(insn->vaddr);
}

/* Capstone, opened once per guest architecture. */
static csh disas_handle(void)
{
    static csh handle;
    static int state;          /* 0 not tried, 1 open, -1 failed */

    if (state == 0) {
        cs_arch arch;
        cs_mode mode;
        switch (linux_image.e_machine) {
        case EM_AARCH64:
            arch = CS_ARCH_ARM64;
            mode = CS_MODE_ARM;
            break;
#if CS_API_MAJOR >= 5
        case EM_RISCV:
            arch = CS_ARCH_RISCV;
            mode = CS_MODE_RISCV64 | CS_MODE_RISCVC;
            break;
#endif
        default:
            state = -1;
            return 0;
        }
        state = cs_open(arch, mode, &handle) == CS_ERR_OK ? 1 : -1;
    }
    return state > 0 ? handle : 0;
}

char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
    csh h = disas_handle();
    cs_insn *ci = NULL;
    size_t n = h ? cs_disasm(h, insn->bytes, MIN(insn->size,
                                                 sizeof(insn->bytes)),
                             insn->vaddr, 1, &ci)
                 : 0;
    char *s;

    if (n == 0) {
        uint32_t w = 0;
        memcpy(&w, insn->bytes, MIN(insn->size, sizeof(w)));
        return g_strdup_printf(".word 0x%08x", w);
    }
    s = ci->op_str[0] ? g_strdup_printf("%s %s", ci->mnemonic, ci->op_str)
                      : g_strdup(ci->mnemonic);
    cs_free(ci, n);
    return s;
}

const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
    return elf_symbol_at(&linux_image, insn->vaddr);
}

/* ---- Memory accesses ----------------------------------------------------- */

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info)
{
    return info & PLUGIN_MEM_SIZE_MASK;
}

bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info)
{
    return info & PLUGIN_MEM_SIGN;
}

bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info)
{
    return info & PLUGIN_MEM_BE;
}

bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info)
{
    return info & PLUGIN_MEM_STORE;
}

qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info)
{
    return plugin_mem_value;
}

struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
                                                  uint64_t vaddr)
{
    return NULL;
}

bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr)
{
    return false;
}

uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr)
{
    return 0;
}

const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
    /* QEMU's user-mode answer: there is no device. */
    return "Invalid";
}

/* ---- Time ---------------------------------------------------------------- */

/* User mode: guest time is the host's, which nobody controls; QEMU's
 * user mode refuses every request too. */
const void *qemu_plugin_request_time_control(void)
{
    return NULL;
}

void qemu_plugin_update_ns(const void *handle, int64_t time)
{
    /* The key: no instruction word or system call number is this big. */
    emu_log_unimp_once(1ull << 40 | 0x74696d65, "a plugin tried to set "
                       "guest time: user mode uses the host's clock");
}

/* ---- System calls -------------------------------------------------------- */

void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                          qemu_plugin_vcpu_syscall_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_SYSCALL, (void (*)(void))cb, NULL, 0,
                       __func__);
}

void qemu_plugin_register_vcpu_syscall_filter_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_filter_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_SYSCALL_FILTER, (void (*)(void))cb, NULL,
                       0, __func__);
}

void qemu_plugin_register_vcpu_syscall_ret_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_ret_cb_t cb)
{
    plugin_register_cb(id, PLUGIN_EV_SYSCALL_RET, (void (*)(void))cb, NULL, 0,
                       __func__);
}

/* ---- Misc ---------------------------------------------------------------- */

void qemu_plugin_outs(const char *string)
{
    FILE *f = emu_log_file ? emu_log_file : stderr;
    fputs(string, f);
}

bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
    /* QEMU's boolean words, y and n included. */
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    if (!val || !ret) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!strcmp(val, yes[i])) {
            *ret = true;
            return true;
        }
        if (!strcmp(val, no[i])) {
            *ret = false;
            return true;
        }
    }
    return false;
}

const char *qemu_plugin_path_to_binary(void)
{
    return linux_image.path ? g_strdup(linux_image.path) : NULL;
}

uint64_t qemu_plugin_start_code(void)
{
    return linux_image.start_code;
}

uint64_t qemu_plugin_end_code(void)
{
    return linux_image.end_code;
}

uint64_t qemu_plugin_entry_code(void)
{
    return linux_image.prog_entry;
}

/* ---- Registers ----------------------------------------------------------- */

/* Here rather than in core.c: the loader's use of it links this file,
 * which nothing else in emu calls, into emu (plugins call it). */
const struct RegTable *plugin_regs;

static const RegInfo *reg_of(struct qemu_plugin_register *h)
{
    return (const RegInfo *)h;
}

static struct qemu_plugin_register *handle_of(const RegInfo *r)
{
    return (struct qemu_plugin_register *)r;
}

static const RegTable *reg_table(void)
{
    if (!plugin_regs && linux_image.target) {
        plugin_regs = regs_load_or_die(linux_image.target->regs);
    }
    return plugin_regs;
}

GArray *qemu_plugin_get_registers(void)
{
    const RegTable *t = reg_table();
    GArray *a = g_array_new(FALSE, TRUE, sizeof(qemu_plugin_reg_descriptor));
    for (size_t i = 0; t && i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        qemu_plugin_reg_descriptor d = {
            .handle = handle_of(r),
            .name = r->name,
            .feature = r->feature,
            .is_readonly = r->is_readonly,
        };
        g_array_append_val(a, d);
    }
    return a;
}

/* May the running callback read / write registers? */
static inline bool may_read(void)
{
    return plugin_cb_flags >= QEMU_PLUGIN_CB_R_REGS && current_cpu;
}

static inline bool may_write(void)
{
    return plugin_cb_flags >= QEMU_PLUGIN_CB_RW_REGS && current_cpu;
}

bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
                               GByteArray *buf)
{
    const RegInfo *r = reg_of(handle);
    if (!may_read() || !r || !buf) {
        return false;
    }
    guint at = buf->len;
    g_byte_array_set_size(buf, at + r->size);
    if (likely(r->offset >= 0)) {
        memcpy(buf->data + at, (const char *)current_cpu + r->offset,
               r->size);
    } else {
        reg_read(current_cpu, r, buf->data + at, r->size);
    }
    return true;
}

bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
                                GByteArray *buf)
{
    const RegInfo *r = reg_of(handle);
    if (!may_write() || !r || !buf || r->is_readonly || buf->len < r->size) {
        return false;
    }
    return reg_write(current_cpu, r, buf->data, r->size);
}

void qemu_plugin_set_pc(uint64_t vaddr)
{
    CPUState *cpu = current_cpu;
    if (plugin_cb_flags != QEMU_PLUGIN_CB_RW_REGS_PC || !cpu ||
        !cpu->in_exec) {
        emu_fatal("plugin bug: qemu_plugin_set_pc called outside a callback "
                  "registered with QEMU_PLUGIN_CB_RW_REGS_PC");
    }
    cpu->target->set_pc(cpu, vaddr);
    /* Leaving the callback without returning: the next callback starts
     * from the default. */
    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    cpu_loop_exit(cpu, EXCP_INTERRUPT);
}

/* ---- Guest memory -------------------------------------------------------- */

bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data,
                                   size_t len)
{
    if (!data || len == 0 || addr + len < addr ||
        !guest_access_ok(addr, len, PAGE_READ)) {
        return false;
    }
    g_byte_array_set_size(data, len);
    memcpy(data->data, g2h(addr), len);
    return true;
}

bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data)
{
    if (!data || !data->len || addr + data->len < addr ||
        !guest_access_ok(addr, data->len, PAGE_VALID)) {
        return false;
    }
    /* Code translated from these bytes is dropped; on a page the guest
     * may write, that also lifts the host write protection code pages
     * get. */
    guest_code_changed(addr, data->len);
    if (guest_access_ok(addr, data->len, PAGE_WRITE)) {
        memcpy(g2h(addr), data->data, data->len);
    } else {
        /* Read-only guest pages (code): write through /proc/self/mem as
         * a debugger would, leaving the page's protection alone. */
        int fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
        ssize_t n = fd < 0 ? -1
                           : pwrite(fd, data->data, data->len,
                                    (off_t)(uintptr_t)g2h(addr));
        if (fd >= 0) {
            close(fd);
        }
        if (n != (ssize_t)data->len) {
            return false;
        }
    }
    return true;
}

enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr)
{
    return false;
}

/* ---- Scoreboards --------------------------------------------------------- */

static GPtrArray *scoreboards;

/* Entries for this many vCPUs before the first regrowth. */
#define SCOREBOARD_MIN_VCPUS 16

struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size)
{
    struct qemu_plugin_scoreboard *sb = g_new0(struct qemu_plugin_scoreboard,
                                               1);
    sb->element_size = element_size ? element_size : 1;
    sb->capacity = MAX(SCOREBOARD_MIN_VCPUS, plugin_num_vcpus);
    sb->data = g_malloc0(sb->element_size * sb->capacity);
    if (!scoreboards) {
        scoreboards = g_ptr_array_new();
    }
    g_ptr_array_add(scoreboards, sb);
    return sb;
}

bool plugin_scoreboards_grow(int n)
{
    bool moved = false;

    for (guint i = 0; scoreboards && i < scoreboards->len; i++) {
        struct qemu_plugin_scoreboard *sb = scoreboards->pdata[i];
        size_t cap = sb->capacity;

        if ((size_t)n <= cap) {
            continue;
        }
        while (cap < (size_t)n) {
            cap *= 2;
        }
        sb->data = g_realloc(sb->data, sb->element_size * cap);
        memset(sb->data + sb->element_size * sb->capacity, 0,
               sb->element_size * (cap - sb->capacity));
        sb->capacity = cap;
        moved = true;
    }
    return moved;
}

void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score)
{
    if (!score) {
        return;
    }
    g_ptr_array_remove(scoreboards, score);
    g_free(score->data);
    g_free(score);
}

void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
                                  unsigned int vcpu_index)
{
    if (vcpu_index >= score->capacity) {
        return NULL;
    }
    return score->data + vcpu_index * score->element_size;
}

void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t added)
{
    if (vcpu_index < entry.score->capacity) {
        *plugin_u64_ptr(entry, vcpu_index) += added;
    }
}

uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index)
{
    return vcpu_index < entry.score->capacity
           ? *plugin_u64_ptr(entry, vcpu_index) : 0;
}

void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t val)
{
    if (vcpu_index < entry.score->capacity) {
        *plugin_u64_ptr(entry, vcpu_index) = val;
    }
}

uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry)
{
    uint64_t sum = 0;
    for (int i = 0; i < plugin_num_vcpus; i++) {
        sum += *plugin_u64_ptr(entry, (unsigned)i);
    }
    return sum;
}

/* ---- emu's extensions ---------------------------------------------------- */

uint16_t emu_plugin_elf_machine(void)
{
    return linux_image.e_machine;
}

struct qemu_plugin_register *emu_plugin_find_register(const char *name)
{
    const RegTable *t = reg_table();
    return t && name ? handle_of(regs_find(t, name)) : NULL;
}

bool emu_plugin_register_info(struct qemu_plugin_register *reg,
                              emu_plugin_reg_info *info)
{
    const RegInfo *r = reg_of(reg);
    if (!r || !info) {
        return false;
    }
    info->name = r->name;
    info->feature = r->feature;
    info->type = r->type;
    info->group = r->group;
    info->bitsize = r->bitsize;
    info->regnum = r->regnum;
    info->is_readonly = r->is_readonly;
    return true;
}

/* The reads meant for callbacks that run per instruction: the common
 * case (a register stored as such in the CPU) is one check and a copy. */
size_t emu_plugin_read_register_raw(struct qemu_plugin_register *reg,
                                    void *dst, size_t len)
{
    const RegInfo *r = reg_of(reg);
    CPUState *cpu = current_cpu;
    if (unlikely(plugin_cb_flags < QEMU_PLUGIN_CB_R_REGS || !cpu || !r)) {
        return 0;
    }
    if (likely(r->offset >= 0 && r->size == 8 && len >= 8)) {
        memcpy(dst, (const char *)cpu + r->offset, 8);
        return 8;
    }
    return reg_read(cpu, r, dst, len);
}

uint64_t emu_plugin_read_register_u64(struct qemu_plugin_register *reg)
{
    const RegInfo *r = reg_of(reg);
    CPUState *cpu = current_cpu;
    if (unlikely(plugin_cb_flags < QEMU_PLUGIN_CB_R_REGS || !cpu || !r)) {
        return 0;
    }
    if (likely(r->offset >= 0 && r->size >= 8)) {
        uint64_t v;
        memcpy(&v, (const char *)cpu + r->offset, 8);
        return v;
    }
    return reg_read_u64(cpu, r);
}

bool emu_plugin_write_register_raw(struct qemu_plugin_register *reg,
                                   const void *src, size_t len)
{
    const RegInfo *r = reg_of(reg);
    if (!may_write() || !r || !src || r->is_readonly) {
        return false;
    }
    return reg_write(current_cpu, r, src, len);
}

void emu_plugin_register_vcpu_pc_cb(qemu_plugin_id_t id, uint64_t pc,
                                    qemu_plugin_vcpu_udata_cb_t cb,
                                    enum qemu_plugin_cb_flags flags,
                                    void *userdata)
{
    Plugin *p = plugin_by_id(id, __func__);
    if (!cb) {
        return;
    }
    if (!plugin_pc_hooks) {
        plugin_pc_hooks = g_hash_table_new_full(
            g_int64_hash, g_int64_equal, g_free,
            (GDestroyNotify)g_array_unref);
    }
    GArray *hooks = g_hash_table_lookup(plugin_pc_hooks, &pc);
    if (!hooks) {
        uint64_t *key = g_new(uint64_t, 1);
        *key = pc;
        hooks = g_array_new(FALSE, FALSE, sizeof(PluginItem));
        g_hash_table_insert(plugin_pc_hooks, key, hooks);
    }
    PluginItem it = {
        .kind = PLUGIN_ITEM_CB, .plugin = p, .flags = clamp_flags(flags),
        .fn = cb, .udata = userdata,
    };
    g_array_append_val(hooks, it);
    plugin_update_active();
    /* Code already made from pc does not call the hook: drop it. */
    if (current_cpu && (guest_page_flags(pc) & PAGE_CODE)) {
        tb_flush_request(current_cpu);
    }
}
