/* The plugin API, source-compatible with QEMU's qemu-plugin.h at API level
 * 6: a plugin written for QEMU 9.x-11.0 builds against this file unchanged
 * and runs under emu. emu's own additions are in emu-plugin.h. */
#ifndef QEMU_QEMU_PLUGIN_H
#define QEMU_QEMU_PLUGIN_H

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Visibility: a plugin built with -fvisibility=hidden only needs to mark
 * what the emulator looks up (qemu_plugin_install, qemu_plugin_version)
 * with QEMU_PLUGIN_EXPORT. QEMU_PLUGIN_API marks what the emulator
 * provides. */
#if defined _WIN32 || defined __CYGWIN__
#define QEMU_PLUGIN_EXPORT __declspec(dllexport)
#define QEMU_PLUGIN_API __declspec(dllimport)
#define QEMU_PLUGIN_LOCAL
#else
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
#define QEMU_PLUGIN_LOCAL __attribute__((visibility("hidden")))
#define QEMU_PLUGIN_API
#endif

/* Names one loaded plugin; given to qemu_plugin_install and passed back
 * in every call that registers something for the whole plugin. */
typedef uint64_t qemu_plugin_id_t;

/* API levels. A plugin exports the level it was built against in
 * qemu_plugin_version (set it to QEMU_PLUGIN_VERSION); emu loads levels
 * 2 to 6. What each level brought:
 *   2  inline operations on scoreboards (the *_per_vcpu functions)
 *   3  qemu_plugin_insn_data copies into a caller's buffer
 *   4  qemu_plugin_read_memory_vaddr
 *   5  write_memory_vaddr, read/write_memory_hwaddr, write_register,
 *      translate_vaddr
 *   6  read/write_register return bool, set_pc, the RW_REGS_PC flag,
 *      discontinuity callbacks, syscall filters */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

#define QEMU_PLUGIN_VERSION 6

/* What the plugin is told about the emulator at install time. Valid only
 * during qemu_plugin_install: copy what you want to keep. */
typedef struct qemu_info_t {
    /* The guest architecture: the <architecture> of its GDB target
     * description ("aarch64"). */
    const char *target_name;
    /* The oldest and the newest API level the emulator accepts. */
    struct {
        int min;
        int cur;
    } version;
    /* False under emu: it runs Linux user-mode programs. */
    bool system_emulation;
    union {
        /* Only meaningful when system_emulation is true. */
        struct {
            int smp_vcpus;
            int max_vcpus;
        } system;
    };
} qemu_info_t;

/* Every plugin defines this; it is called once, when the plugin is
 * loaded, with the plugin's id and its NAME=VALUE arguments (argv stays
 * valid as long as the plugin is loaded). Register callbacks here.
 * Return 0 to go on, anything else to stop the emulator with an error.
 * Do not call qemu_plugin_uninstall from here. */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv);

/* Callback shapes. */
typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id,
                                             unsigned int vcpu_index);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
                                            void *userdata);

/* Kinds of control-flow discontinuity, usable as a mask. */
enum qemu_plugin_discon_type {
    QEMU_PLUGIN_DISCON_INTERRUPT = 1 << 0, /* asynchronous (a signal) */
    QEMU_PLUGIN_DISCON_EXCEPTION = 1 << 1, /* caused by an instruction */
    QEMU_PLUGIN_DISCON_HOSTCALL = 1 << 2,  /* handled outside the vCPU */
    QEMU_PLUGIN_DISCON_ALL = -1
};

/* Called after the vCPU has been redirected: from_pc is where it was
 * (the faulting instruction for an exception, the next instruction for an
 * interrupt), to_pc where it goes on. */
typedef void (*qemu_plugin_vcpu_discon_cb_t)(qemu_plugin_id_t id,
                                             unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc,
                                             uint64_t to_pc);

/* Remove the plugin. Asynchronous: callbacks may still arrive until cb
 * runs; once it has, the plugin's code is unloaded after cb returns.
 * Safe from inside any callback. */
QEMU_PLUGIN_API
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/* Drop every callback the plugin registered, keeping it loaded; cb runs
 * once that is done (the plugin may register new callbacks from it).
 * Asynchronous like qemu_plugin_uninstall. */
QEMU_PLUGIN_API
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/* A vCPU starts (for emu: the program's thread, before its first
 * instruction) / ends (the process is leaving). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
/* The vCPU is about to sleep in the host (a blocking system call) / has
 * come back from it. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                         qemu_plugin_vcpu_simple_cb_t cb);

/* Discontinuities of the kinds in the mask type. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                         enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb);

/* Handles valid only inside the translation callback that gave them. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;
/* Per-vCPU storage for counters, see qemu_plugin_scoreboard_new. */
struct qemu_plugin_scoreboard;

/* One uint64_t in each vCPU's entry of a scoreboard: the entry's byte
 * offset. Build it with the macros below. */
typedef struct {
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} qemu_plugin_u64;

/* What a callback does with guest registers. Ordered: each allows what
 * the previous ones do. A callback that reads registers must say so,
 * because the emulator only makes them exact for callbacks that ask. */
enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,    /* no register access */
    QEMU_PLUGIN_CB_R_REGS,     /* reads registers (the pc included) */
    QEMU_PLUGIN_CB_RW_REGS,    /* reads and writes registers */
    QEMU_PLUGIN_CB_RW_REGS_PC, /* ...and may move the pc (set_pc) */
};

/* Which accesses a memory callback wants. */
enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

/* The width of a value returned by qemu_plugin_mem_get_value. */
enum qemu_plugin_mem_value_type {
    QEMU_PLUGIN_MEM_VALUE_U8,
    QEMU_PLUGIN_MEM_VALUE_U16,
    QEMU_PLUGIN_MEM_VALUE_U32,
    QEMU_PLUGIN_MEM_VALUE_U64,
    QEMU_PLUGIN_MEM_VALUE_U128,
};

/* The value a load produced or a store wrote, in host byte order. For a
 * sign-extending load it is the value as it was in memory (type says the
 * width), not extended. */
typedef struct {
    enum qemu_plugin_mem_value_type type;
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        struct {
            uint64_t low;
            uint64_t high;
        } u128;
    } data;
} qemu_plugin_mem_value;

/* Conditions for conditional callbacks: "entry COND imm", unsigned. */
enum qemu_plugin_cond {
    QEMU_PLUGIN_COND_NEVER,
    QEMU_PLUGIN_COND_ALWAYS,
    QEMU_PLUGIN_COND_EQ,
    QEMU_PLUGIN_COND_NE,
    QEMU_PLUGIN_COND_LT,
    QEMU_PLUGIN_COND_LE,
    QEMU_PLUGIN_COND_GT,
    QEMU_PLUGIN_COND_GE,
};

/* Called each time guest code is translated, before it first runs: look
 * at the block's instructions and register what should happen when the
 * block or its instructions execute. Callbacks registered here are part
 * of this block's translation only. */
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
                                               struct qemu_plugin_tb *tb);

QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);

/* cb(vcpu, userdata) before each execution of the block. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags,
                                          void *userdata);

/* The same, only when "entry (of this vCPU) cond imm" holds at that
 * moment. COND_ALWAYS is a plain callback; COND_NEVER registers
 * nothing. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond,
                                               qemu_plugin_u64 entry,
                                               uint64_t imm,
                                               void *userdata);

/* Inline operations, done by the translated code itself (no call). */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,   /* entry += imm */
    QEMU_PLUGIN_INLINE_STORE_U64, /* entry = imm */
};

/* op on the executing vCPU's entry, before each execution of the
 * block. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    struct qemu_plugin_tb *tb, enum qemu_plugin_op op, qemu_plugin_u64 entry,
    uint64_t imm);

/* cb(vcpu, userdata) before each execution of the instruction. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags,
                                            void *userdata);

/* Conditional form, as for blocks. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cond_cb(
    struct qemu_plugin_insn *insn, qemu_plugin_vcpu_udata_cb_t cb,
    enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
    qemu_plugin_u64 entry, uint64_t imm, void *userdata);

/* op on the executing vCPU's entry before each execution of the
 * instruction. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
    qemu_plugin_u64 entry, uint64_t imm);

/* The block: how many instructions, where it starts, instruction idx
 * (0-based; NULL when out of range). */
QEMU_PLUGIN_API
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
QEMU_PLUGIN_API
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
QEMU_PLUGIN_API
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(
    const struct qemu_plugin_tb *tb, size_t idx);

/* Copy up to len bytes of the instruction's encoding into dest; returns
 * how many were copied. */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
                             size_t len);
/* The instruction's length in bytes, its guest address, and the host
 * address of its bytes (in user mode, where the guest's memory is
 * mapped in the emulator). */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
QEMU_PLUGIN_API
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
QEMU_PLUGIN_API
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* Describes one memory access; query it with the functions below. */
typedef uint32_t qemu_plugin_meminfo_t;
/* System-mode physical address information (never given in user mode). */
struct qemu_plugin_hwaddr;

/* log2 of the access size in bytes; sign-extending load?; big-endian
 * access?; store (else load)? */
QEMU_PLUGIN_API
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);

/* The value of the access being reported; only inside a memory
 * callback. */
QEMU_PLUGIN_API
qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info);

/* Physical address details of an access: NULL in user mode. */
QEMU_PLUGIN_API
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
                                                  uint64_t vaddr);
/* Queries on such a handle (false, 0 and NULL for a NULL handle). */
QEMU_PLUGIN_API
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
QEMU_PLUGIN_API
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
QEMU_PLUGIN_API
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);

/* Called after each successful access made by an instrumented
 * instruction. */
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index,
                                          qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

/* cb for the accesses of kind rw made by insn. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                      qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags,
                                      enum qemu_plugin_mem_rw rw,
                                      void *userdata);

/* op on the executing vCPU's entry for each access of kind rw made by
 * insn. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    struct qemu_plugin_insn *insn, enum qemu_plugin_mem_rw rw,
    enum qemu_plugin_op op, qemu_plugin_u64 entry, uint64_t imm);

/* Control of guest time, for system mode: the first caller gets a handle
 * to move time with. In user mode time is the host's: the request
 * always answers NULL and update_ns does nothing. */
QEMU_PLUGIN_API
const void *qemu_plugin_request_time_control(void);
QEMU_PLUGIN_API
void qemu_plugin_update_ns(const void *handle, int64_t time);

/* System calls: on entry (number and arguments a1..a8 as the guest put
 * them), as a filter (return true to skip the call; the guest then gets
 * *sysret as its result), and on return (with the result, a negative
 * errno on failure). */
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id,
                                              unsigned int vcpu_index,
                                              int64_t num, uint64_t a1,
                                              uint64_t a2, uint64_t a3,
                                              uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7,
                                              uint64_t a8);
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(
    qemu_plugin_id_t id, unsigned int vcpu_index, int64_t num, uint64_t a1,
    uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
    uint64_t a7, uint64_t a8, uint64_t *sysret);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id,
                                                  unsigned int vcpu_idx,
                                                  int64_t num, int64_t ret);

QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                          qemu_plugin_vcpu_syscall_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_filter_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_filter_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_ret_cb(
    qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_ret_cb_t cb);

/* The instruction in assembler syntax (free it with g_free); the name of
 * the guest function that holds it, from the program's symbol table, or
 * NULL. */
QEMU_PLUGIN_API
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);
QEMU_PLUGIN_API
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

/* cb(id, vcpu) for each vCPU that exists now. */
QEMU_PLUGIN_API
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
                               qemu_plugin_vcpu_simple_cb_t cb);

/* Called whenever translated code is thrown away: handles to blocks and
 * instructions a plugin kept are stale from then on. */
QEMU_PLUGIN_API
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id,
                                   qemu_plugin_simple_cb_t cb);

/* Called once when the emulated program ends, however it ends. */
QEMU_PLUGIN_API
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    qemu_plugin_udata_cb_t cb,
                                    void *userdata);

/* How many vCPUs have been started so far. */
QEMU_PLUGIN_API
int qemu_plugin_num_vcpus(void);

/* Print a string through the emulator's plugin output (stderr, or the
 * -D log file). */
QEMU_PLUGIN_API
void qemu_plugin_outs(const char *string);

/* Parse val as a boolean (on/yes/true/y or off/no/false/n) into *ret;
 * false when it is none of those. name is for the caller's messages. */
QEMU_PLUGIN_API
bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);

/* The guest program's path (free it with g_free), and its text segment:
 * start, end and entry point. */
QEMU_PLUGIN_API
const char *qemu_plugin_path_to_binary(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_start_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_end_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_entry_code(void);

/* A guest register, valid for the whole run. */
struct qemu_plugin_register;

/* One entry of qemu_plugin_get_registers: names are the GDB target
 * description's; feature may be NULL. */
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;
    const char *feature;
    bool is_readonly;
} qemu_plugin_reg_descriptor;

/* Every register of the current vCPU in description order. Free the array
 * with g_array_free (the strings belong to the emulator). */
QEMU_PLUGIN_API
GArray *qemu_plugin_get_registers(void);

/* Append the register's value (target byte order) to buf. Allowed in a
 * callback registered with R_REGS or more, and in callbacks that take no
 * flags; false otherwise. */
QEMU_PLUGIN_API
bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
                               GByteArray *buf);

/* Set the register from the first bytes of buf (at least its size, target
 * byte order). Needs RW_REGS or more; the pc cannot be written this way
 * (see qemu_plugin_set_pc). False when not allowed. */
QEMU_PLUGIN_API
bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
                                GByteArray *buf);

/* Go on at guest address vaddr instead of the current instruction. Needs
 * RW_REGS_PC; does not return. */
QEMU_PLUGIN_API
__attribute__((__noreturn__))
void qemu_plugin_set_pc(uint64_t vaddr);

/* Read len bytes of guest memory at addr into data (resized to fit). */
QEMU_PLUGIN_API
bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data,
                                   size_t len);

/* Write data to guest memory at addr. Translated code made from the bytes
 * written is dropped, so patched code runs as patched. */
QEMU_PLUGIN_API
bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data);

/* Outcome of the physical-address functions. */
enum qemu_plugin_hwaddr_operation_result {
    QEMU_PLUGIN_HWADDR_OPERATION_OK,
    QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_DEVICE_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_ACCESS_DENIED,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE,
};

/* Physical-address access and translation: system mode only; in user
 * mode they answer OPERATION_ERROR / false. */
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len);
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data);
QEMU_PLUGIN_API
bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr);

/* A scoreboard holds one entry of element_size bytes per vCPU, zeroed,
 * and grows as vCPUs appear (so do not keep pointers into it). */
QEMU_PLUGIN_API
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
QEMU_PLUGIN_API
void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);
/* The entry of vcpu_index. */
QEMU_PLUGIN_API
void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
                                  unsigned int vcpu_index);

/* A qemu_plugin_u64 for a scoreboard of uint64_t, or for the uint64_t
 * member of a scoreboard of structs of type. */
#ifdef __cplusplus
#define qemu_plugin_scoreboard_u64(score) \
    (qemu_plugin_u64{ (score), 0 })
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member) \
    (qemu_plugin_u64{ (score), offsetof(type, member) })
#else
#define qemu_plugin_scoreboard_u64(score) \
    ((qemu_plugin_u64){ (score), 0 })
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member) \
    ((qemu_plugin_u64){ (score), offsetof(type, member) })
#endif

/* Arithmetic on one vCPU's value of an entry, and the sum over every
 * vCPU. */
QEMU_PLUGIN_API
void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t added);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);
QEMU_PLUGIN_API
void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t val);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry);

#ifdef __cplusplus
}
#endif

#endif
