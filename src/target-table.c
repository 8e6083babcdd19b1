/* The guest architectures emu knows, by ELF e_machine: the one place a new
 * target is registered. */
#include "src/target.h"

/* Each target defines its table in target/<arch>/cpu.c. */
extern const Target aarch64_target;

static const struct {
    uint16_t e_machine;
    const Target *target;
} targets[] = {
    { 183, &aarch64_target },   /* EM_AARCH64 */
};

const Target *target_by_elf_machine(uint16_t e_machine)
{
    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        if (targets[i].e_machine == e_machine) {
            return targets[i].target;
        }
    }
    return NULL;
}
