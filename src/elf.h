/* Loading an ELF64 program into guest memory. */
#ifndef ELF_H
#define ELF_H

#include "target.h"

typedef struct ElfImage {
    const Target *target;
    char *path;                 /* as given on the command line */
    uint16_t e_machine;
    uint64_t entry;             /* where the process starts (interp's if any) */
    uint64_t prog_entry;        /* AT_ENTRY: the program's own entry */
    uint64_t load_bias;         /* added to p_vaddr (ET_DYN) */
    uint64_t phdr, phent, phnum;/* AT_PHDR etc. (guest address of phdrs) */
    uint64_t interp_base;       /* AT_BASE: 0 without an interpreter */
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk;
    /* Symbols from .symtab (for plugins and -d in_asm); may be empty. */
    GArray *symbols;            /* of ElfSymbol, sorted by addr */
} ElfImage;

typedef struct ElfSymbol {
    uint64_t addr, size;
    char *name;
} ElfSymbol;

/* Read the header of path and return its target, or NULL with *err set
 * to "reason" (the caller prints "emu: PATH: reason"). */
const Target *elf_probe(const char *path, char **err);

/* Map the program (and its PT_INTERP from sysroot when there is one) into
 * guest memory. false with *err set to a one-line reason. */
bool elf_load(const char *path, const char *sysroot, ElfImage *img,
              char **err);

/* The symbol containing addr, or NULL. */
const char *elf_symbol_at(const ElfImage *img, uint64_t addr);

#endif
