/* emu's extensions to the QEMU plugin API: guest registers by name, read
 * for the cost of a copy, the guest's ELF machine, and per-pc hooks. All
 * are named emu_plugin_*; the QEMU API comes with this header. */
#ifndef EMU_PLUGIN_H
#define EMU_PLUGIN_H

#include "qemu-plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tells a plugin built against this header that the functions below
 * exist (their level; bumped when functions are added). */
#define EMU_PLUGIN_VERSION 1

/* The guest's architecture as its ELF header gives it (e_machine):
 * EM_AARCH64 = 183, EM_RISCV = 243. */
QEMU_PLUGIN_API
uint16_t emu_plugin_elf_machine(void);

/* A register by the name its GDB target description gives it, compared
 * without regard to case, or by one of the target's aliases (aarch64:
 * fp for x29, lr for x30). NULL if there is none. Look names up once (in
 * install or vcpu_init), not in hot callbacks: the handle is valid for
 * the whole run and is the same as qemu_plugin_get_registers gives. */
QEMU_PLUGIN_API
struct qemu_plugin_register *emu_plugin_find_register(const char *name);

/* Everything the description says about a register. */
typedef struct emu_plugin_reg_info {
    const char *name;     /* as written in the XML */
    const char *feature;  /* "org.gnu.gdb.aarch64.core" */
    const char *type;     /* "uint64", "code_ptr", "aarch64v", ... */
    const char *group;    /* "general", "float", "vector", "system" or
                           * NULL when the description gives none */
    unsigned bitsize;
    int regnum;           /* gdb's register number */
    bool is_readonly;     /* cannot be written by plugins */
} emu_plugin_reg_info;

/* Fill info for reg; false for a NULL handle. The strings live as long
 * as the run. Allowed anywhere. */
QEMU_PLUGIN_API
bool emu_plugin_register_info(struct qemu_plugin_register *reg,
                              emu_plugin_reg_info *info);

/* Copy the register's value into dst (target byte order; at most len
 * bytes) and return its size in bytes; 0 when reading is not allowed
 * here (a NO_REGS callback) or reg is NULL. No allocation, no lookup:
 * meant for callbacks that run for every instruction. */
QEMU_PLUGIN_API
size_t emu_plugin_read_register_raw(struct qemu_plugin_register *reg,
                                    void *dst, size_t len);

/* A register of at most 64 bits as a host integer (of a wider one, its
 * low 64 bits); 0 when reading is not allowed here. */
QEMU_PLUGIN_API
uint64_t emu_plugin_read_register_u64(struct qemu_plugin_register *reg);

/* Set a register from len bytes at src (len must be its size; target
 * byte order). Needs RW_REGS or more; never the pc (qemu_plugin_set_pc
 * moves it). The guest sees the value from its next instruction. */
QEMU_PLUGIN_API
bool emu_plugin_write_register_raw(struct qemu_plugin_register *reg,
                                   const void *src, size_t len);

/* Call cb(vcpu, userdata) each time the instruction at guest address pc
 * is about to run, with the register access flags says. The hook is
 * looked up per instruction at translation, so a block without hooks
 * pays nothing; registering one for code already translated drops that
 * translation. Several hooks may share a pc; they run in registration
 * order, after the tb_trans callbacks' own instruction callbacks. */
QEMU_PLUGIN_API
void emu_plugin_register_vcpu_pc_cb(qemu_plugin_id_t id, uint64_t pc,
                                    qemu_plugin_vcpu_udata_cb_t cb,
                                    enum qemu_plugin_cb_flags flags,
                                    void *userdata);

#ifdef __cplusplus
}
#endif

#endif
