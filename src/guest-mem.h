/* The guest address space: one reserved host region at guest_base.
 * A guest address is an offset into it; guest pages carry their own
 * protection (the host region mirrors read/write, exec is ours alone). */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include "emu.h"

/* Guest addresses are below GUEST_ADDR_LIMIT; the host reserves a little
 * more (GUEST_GUARD bytes, never mapped) so an access of up to 16 bytes
 * that starts below the limit stays inside the reservation. */
#define GUEST_ADDR_BITS   40
#define GUEST_ADDR_LIMIT  (1ull << GUEST_ADDR_BITS)
#define GUEST_GUARD       (64 * 1024)
#define GUEST_PAGE_SIZE   4096ull
#define GUEST_PAGE_MASK   (~(GUEST_PAGE_SIZE - 1))
#define GUEST_PAGE_ALIGN(x) (((x) + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK)

/* Page flags (PAGE_READ etc. match PROT_READ etc.). */
enum {
    PAGE_READ   = 1,
    PAGE_WRITE  = 2,
    PAGE_EXEC   = 4,
    PAGE_VALID  = 8,    /* mapped at all */
    PAGE_CODE   = 16,   /* translated code was made from it */
};

extern uint8_t *guest_base;

static inline void *g2h(uint64_t addr)
{
    return guest_base + addr;
}

static inline bool h_in_guest(const void *p)
{
    return (const uint8_t *)p >= guest_base &&
           (const uint8_t *)p < guest_base + GUEST_ADDR_LIMIT + GUEST_GUARD;
}

static inline uint64_t h2g(const void *p)
{
    return (uint64_t)((const uint8_t *)p - guest_base);
}

/* Reserve the region; exits with a message on failure. */
void guest_mem_init(void);

/* Page flags of the page holding addr (0 when unmapped). */
int guest_page_flags(uint64_t addr);
/* Set flags on [start, start+len) (page aligned) in our table only. */
void guest_page_set_flags(uint64_t start, uint64_t len, int flags);
/* True when every byte of [addr, addr+len) is mapped with all of prot. */
bool guest_access_ok(uint64_t addr, uint64_t len, int prot);

/* Linux semantics on guest addresses. Results are a guest address or a
 * negative errno, as the syscall would return them. */
int64_t guest_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, int64_t offset);
int64_t guest_munmap(uint64_t addr, uint64_t len);
int64_t guest_mprotect(uint64_t addr, uint64_t len, int prot);
int64_t guest_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, uint64_t new_addr);
/* brk: set up by the loader, moved by the guest. */
void guest_brk_init(uint64_t brk);
uint64_t guest_brk(uint64_t new_brk);

/* Call fn for each run of mapped guest pages with the same protection
 * (PROT_* bits), in address order: /proc/self/maps, gdb. */
void guest_maps_foreach(void (*fn)(uint64_t start, uint64_t end, int prot,
                                   void *opaque),
                        void *opaque);
/* Where the heap started (brk's first value). */
uint64_t guest_brk_start(void);

/* Where guest_mmap(0, ...) starts looking; the loader may move it. */
extern uint64_t guest_mmap_base;

/* Copy between guest and host with checks; false on a fault. */
bool guest_read(uint64_t addr, void *dst, size_t len);
bool guest_write(uint64_t addr, const void *src, size_t len);
/* Length of the NUL-terminated guest string at addr, or -1 on a fault. */
int64_t guest_strlen(uint64_t addr);

/* Called when translated code made from [start, start+len) becomes
 * stale (the guest wrote, remapped or reprotected it): set by the
 * execution loop, which drops the code. */
extern void (*guest_code_write_hook)(uint64_t start, uint64_t len);

/* Code was translated from the page holding addr: mark it PAGE_CODE and,
 * if the guest may write it, protect it on the host so that a write
 * faults. */
void guest_page_mark_code(uint64_t addr);
/* [start, start+len) changed or is about to: drop code made from it and
 * give writable pages their write permission back. */
void guest_code_changed(uint64_t start, uint64_t len);
/* From the host fault handler: a write fault at addr hit a protected
 * code page (now unprotected, code dropped: retry the access). */
bool guest_code_write_fault(uint64_t addr);

#endif
