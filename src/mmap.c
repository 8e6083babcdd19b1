/* Guest memory: the reserved host region, the guest page table, and Linux
 * mmap/munmap/mprotect/mremap/brk semantics on guest addresses. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest-mem.h"

/* Guest values of the asm-generic mman.h flags (equal to x86-64's). */
#define G_MAP_SHARED            0x01
#define G_MAP_PRIVATE           0x02
#define G_MAP_SHARED_VALIDATE   0x03
#define G_MAP_TYPE              0x0f
#define G_MAP_FIXED             0x10
#define G_MAP_ANONYMOUS         0x20
#define G_MAP_GROWSDOWN         0x0100
#define G_MAP_DENYWRITE         0x0800
#define G_MAP_EXECUTABLE        0x1000
#define G_MAP_LOCKED            0x2000
#define G_MAP_NORESERVE         0x4000
#define G_MAP_POPULATE          0x8000
#define G_MAP_NONBLOCK          0x10000
#define G_MAP_STACK             0x20000
#define G_MAP_HUGETLB           0x40000
#define G_MAP_SYNC              0x80000
#define G_MAP_FIXED_NOREPLACE   0x100000
#define G_MAP_HUGE_MASK         (0x3fu << 26)

/* What we hand to the host mmap as it is; everything else is ours to
 * interpret (FIXED_NOREPLACE, GROWSDOWN) or unknown to the guest ABI. */
#define G_MAP_PASS (G_MAP_TYPE | G_MAP_ANONYMOUS | G_MAP_DENYWRITE | \
                    G_MAP_EXECUTABLE | G_MAP_LOCKED | G_MAP_NORESERVE | \
                    G_MAP_POPULATE | G_MAP_NONBLOCK | G_MAP_STACK | \
                    G_MAP_HUGETLB | G_MAP_SYNC)

#define G_MREMAP_MAYMOVE    1
#define G_MREMAP_FIXED      2
#define G_MREMAP_DONTUNMAP  4

/* PROT_SEM is accepted and ignored, as Linux does. */
#define G_PROT_SEM 0x8
#define G_PROT_RWX (PAGE_READ | PAGE_WRITE | PAGE_EXEC)

/* qemu-aarch64 7.2 puts its first mapping (the stack) here; starting at
 * the same place keeps addresses equal in lockstep traces. */
#define GUEST_MMAP_DEFAULT_BASE 0x5500000000ull

uint8_t *guest_base;
uint64_t guest_mmap_base = GUEST_MMAP_DEFAULT_BASE;
void (*guest_code_write_hook)(uint64_t start, uint64_t len);

/* The page table: two levels of one byte of flags per 4 KiB page. A leaf
 * covers 64 MiB and counts its valid pages, so a search for free space
 * skips whole empty or full leaves. */
#define PAGE_BITS 12
#define LEAF_BITS 14
#define LEAF_PAGES (1u << LEAF_BITS)
#define LEAF_SPAN  ((uint64_t)LEAF_PAGES << PAGE_BITS)
#define ROOT_BITS (GUEST_ADDR_BITS - PAGE_BITS - LEAF_BITS)

typedef struct PageLeaf {
    uint8_t flags[LEAF_PAGES];
    uint32_t nvalid;
} PageLeaf;

static PageLeaf *page_root[1u << ROOT_BITS];

/* Lowest address a guest mapping may use (the host's vm.mmap_min_addr,
 * at least one page, so guest address 0 is never mapped). */
static uint64_t mmap_min_addr = 0x10000;

static uint64_t brk_start, brk_cur, brk_end;

static void read_mmap_min_addr(void)
{
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    unsigned long long v;

    if (!f) {
        return;
    }
    if (fscanf(f, "%llu", &v) == 1) {
        mmap_min_addr = GUEST_PAGE_ALIGN(v);
        if (mmap_min_addr < GUEST_PAGE_SIZE) {
            mmap_min_addr = GUEST_PAGE_SIZE;
        }
    }
    fclose(f);
}

void guest_mem_init(void)
{
    void *p;

    if (guest_base) {
        return;
    }
    p = mmap(NULL, GUEST_ADDR_LIMIT + GUEST_GUARD, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        emu_fatal("cannot reserve %llu GiB of address space for the "
                  "guest: %s (is ulimit -v set?)",
                  (unsigned long long)(GUEST_ADDR_LIMIT >> 30),
                  g_strerror(errno));
    }
    guest_base = p;
    read_mmap_min_addr();
}

/* [start, start+len) lies inside the guest address space. */
static inline bool range_ok(uint64_t start, uint64_t len)
{
    return start <= GUEST_ADDR_LIMIT && len <= GUEST_ADDR_LIMIT - start;
}

static inline PageLeaf *leaf_of(uint64_t addr)
{
    return page_root[addr >> (PAGE_BITS + LEAF_BITS)];
}

static inline unsigned leaf_index(uint64_t addr)
{
    return (addr >> PAGE_BITS) & (LEAF_PAGES - 1);
}

int guest_page_flags(uint64_t addr)
{
    PageLeaf *leaf;

    if (addr >= GUEST_ADDR_LIMIT) {
        return 0;
    }
    leaf = leaf_of(addr);
    return leaf ? leaf->flags[leaf_index(addr)] : 0;
}

/* Set the flags of the pages of [start, end), both page aligned and
 * inside the address space. */
static void set_flags(uint64_t start, uint64_t end, int flags)
{
    uint64_t addr = start;

    while (addr < end) {
        uint64_t root = addr >> (PAGE_BITS + LEAF_BITS);
        uint64_t stop = MIN(end, (root + 1) * LEAF_SPAN);
        PageLeaf *leaf = page_root[root];

        if (!leaf) {
            if (!flags) {
                addr = stop;
                continue;
            }
            leaf = page_root[root] = g_new0(PageLeaf, 1);
        }
        for (; addr < stop; addr += GUEST_PAGE_SIZE) {
            uint8_t *f = &leaf->flags[leaf_index(addr)];

            leaf->nvalid += !!(flags & PAGE_VALID) - !!(*f & PAGE_VALID);
            *f = flags;
        }
    }
}

void guest_page_set_flags(uint64_t start, uint64_t len, int flags)
{
    uint64_t end;

    if (start >= GUEST_ADDR_LIMIT || len == 0) {
        return;
    }
    end = len > GUEST_ADDR_LIMIT - start ? GUEST_ADDR_LIMIT : start + len;
    set_flags(start & GUEST_PAGE_MASK, GUEST_PAGE_ALIGN(end), flags);
}

bool guest_access_ok(uint64_t addr, uint64_t len, int prot)
{
    int want = (prot & G_PROT_RWX) | PAGE_VALID;
    uint64_t page, end;

    if (len == 0) {
        return addr <= GUEST_ADDR_LIMIT;
    }
    if (!range_ok(addr, len)) {
        return false;
    }
    end = addr + len;
    for (page = addr & GUEST_PAGE_MASK; page < end;
         page += GUEST_PAGE_SIZE) {
        if ((guest_page_flags(page) & want) != want) {
            return false;
        }
    }
    return true;
}

/* True when one page of [start, end) has any of the flags in mask. */
static bool range_has(uint64_t start, uint64_t end, int mask)
{
    uint64_t addr = start;

    while (addr < end) {
        uint64_t stop = MIN(end, ((addr >> (PAGE_BITS + LEAF_BITS)) + 1) *
                                 LEAF_SPAN);
        PageLeaf *leaf = leaf_of(addr);

        if (!leaf || (mask == PAGE_VALID && leaf->nvalid == 0)) {
            addr = stop;
            continue;
        }
        for (; addr < stop; addr += GUEST_PAGE_SIZE) {
            if (leaf->flags[leaf_index(addr)] & mask) {
                return true;
            }
        }
    }
    return false;
}

static inline bool range_free(uint64_t start, uint64_t end)
{
    return !range_has(start, end, PAGE_VALID);
}

/* Lowest page-aligned start in [from, to) of len free bytes, or 0. */
static uint64_t find_free(uint64_t from, uint64_t to, uint64_t len)
{
    uint64_t run = from, addr = from;

    while (addr < to && to - run >= len) {
        uint64_t stop = MIN(to, ((addr >> (PAGE_BITS + LEAF_BITS)) + 1) *
                                LEAF_SPAN);
        PageLeaf *leaf = leaf_of(addr);

        if (!leaf || leaf->nvalid == 0) {
            addr = stop;
        } else if (leaf->nvalid == LEAF_PAGES) {
            addr = run = stop;
        } else {
            for (; addr < stop; addr += GUEST_PAGE_SIZE) {
                if (leaf->flags[leaf_index(addr)] & PAGE_VALID) {
                    run = addr + GUEST_PAGE_SIZE;
                } else if (addr + GUEST_PAGE_SIZE - run >= len) {
                    return run;
                }
            }
        }
        if (addr - run >= len) {
            return run;
        }
    }
    return to >= run && to - run >= len ? run : 0;
}

/* Host protection for guest prot: exec is ours alone, but translating
 * code needs to read it. */
static int host_prot(int prot)
{
    return (prot & (PROT_READ | PROT_WRITE)) |
           (prot & PROT_EXEC ? PROT_READ : 0);
}

/* Tell the execution loop that [start, end) changes under translated
 * code, and forget that it held any. */
static void code_changed(uint64_t start, uint64_t end)
{
    uint64_t addr;

    if (!range_has(start, end, PAGE_CODE)) {
        return;
    }
    if (guest_code_write_hook) {
        guest_code_write_hook(start, end - start);
    }
    for (addr = start; addr < end; addr += GUEST_PAGE_SIZE) {
        int f = guest_page_flags(addr);

        if (f & PAGE_CODE) {
            set_flags(addr, addr + GUEST_PAGE_SIZE, f & ~PAGE_CODE);
            if (f & PAGE_WRITE) {
                /* Undo guest_page_mark_code's write protection. */
                mprotect(g2h(addr), GUEST_PAGE_SIZE, host_prot(f & G_PROT_RWX));
            }
        }
    }
}

void guest_code_changed(uint64_t start, uint64_t len)
{
    if (len == 0 || !range_ok(start & GUEST_PAGE_MASK, len)) {
        return;
    }
    code_changed(start & GUEST_PAGE_MASK, GUEST_PAGE_ALIGN(start + len));
}

void guest_page_mark_code(uint64_t addr)
{
    uint64_t page = addr & GUEST_PAGE_MASK;
    int f = guest_page_flags(page);

    if (f & PAGE_CODE) {
        return;
    }
    if (f & PAGE_WRITE) {
        /* A guest store to the page must drop the code made from it:
         * the host page turns read-only, and the fault handler calls
         * guest_code_write_fault. */
        mprotect(g2h(page), GUEST_PAGE_SIZE,
                 host_prot(f & G_PROT_RWX & ~PAGE_WRITE));
    }
    set_flags(page, page + GUEST_PAGE_SIZE, f | PAGE_CODE);
}

bool guest_code_write_fault(uint64_t addr)
{
    int f = guest_page_flags(addr);

    if ((f & (PAGE_CODE | PAGE_WRITE)) != (PAGE_CODE | PAGE_WRITE)) {
        return false;
    }
    code_changed(addr & GUEST_PAGE_MASK,
                 (addr & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE);
    return true;
}


/* Give [start, end) back to the reservation. */
static bool reserve(uint64_t start, uint64_t end)
{
    return mmap(g2h(start), end - start, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                -1, 0) != MAP_FAILED;
}

/* After a failed host call that may have left holes in the reservation:
 * re-reserve the pages that are not guest mappings. */
static void repair(uint64_t start, uint64_t end)
{
    uint64_t addr = start;

    while (addr < end) {
        uint64_t run;

        while (addr < end && (guest_page_flags(addr) & PAGE_VALID)) {
            addr += GUEST_PAGE_SIZE;
        }
        run = addr;
        while (addr < end && !(guest_page_flags(addr) & PAGE_VALID)) {
            addr += GUEST_PAGE_SIZE;
        }
        if (addr > run) {
            reserve(run, addr);
        }
    }
}

/* A free range of len bytes for a mapping without MAP_FIXED: upward from
 * guest_mmap_base, which moves past it as qemu's next-start pointer does;
 * then from the bottom. 0 when there is none. */
static uint64_t pick_range(uint64_t len, bool *advance)
{
    uint64_t base = MAX(guest_mmap_base, mmap_min_addr), start;

    start = find_free(GUEST_PAGE_ALIGN(base), GUEST_ADDR_LIMIT, len);
    *advance = start != 0;
    if (!start) {
        start = find_free(mmap_min_addr, GUEST_ADDR_LIMIT, len);
    }
    return start;
}

int64_t guest_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, int64_t offset)
{
    uint64_t alen = GUEST_PAGE_ALIGN(len), start = 0;
    int type = flags & G_MAP_TYPE, hflags;
    bool advance = false;
    void *p;

    if ((uint64_t)offset & (GUEST_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    if (len == 0) {
        return -EINVAL;
    }
    if (alen < len || alen > GUEST_ADDR_LIMIT) {
        return -ENOMEM;
    }
    if (prot & ~(G_PROT_RWX | G_PROT_SEM)) {
        return -EINVAL;
    }
    if (type != G_MAP_SHARED && type != G_MAP_PRIVATE &&
        type != G_MAP_SHARED_VALIDATE) {
        return -EINVAL;
    }
    if (type == G_MAP_SHARED_VALIDATE &&
        (flags & ~(G_MAP_PASS | G_MAP_FIXED | G_MAP_FIXED_NOREPLACE |
                   G_MAP_GROWSDOWN | G_MAP_HUGE_MASK))) {
        return -EOPNOTSUPP;
    }
    if (!(flags & G_MAP_ANONYMOUS) &&
        (uint64_t)offset + alen < (uint64_t)offset) {
        return -EOVERFLOW;
    }

    if (flags & (G_MAP_FIXED | G_MAP_FIXED_NOREPLACE)) {
        if (addr & (GUEST_PAGE_SIZE - 1)) {
            return -EINVAL;
        }
        if (!range_ok(addr, alen)) {
            return -ENOMEM;
        }
        if (addr < mmap_min_addr) {
            return -EPERM;
        }
        if ((flags & G_MAP_FIXED_NOREPLACE) &&
            !range_free(addr, addr + alen)) {
            return -EEXIST;
        }
        start = addr;
    } else {
        uint64_t hint = GUEST_PAGE_ALIGN(addr);

        if (addr && hint >= mmap_min_addr && hint >= addr &&
            range_ok(hint, alen) && range_free(hint, hint + alen)) {
            start = hint;
        } else {
            start = pick_range(alen, &advance);
            if (!start) {
                return -ENOMEM;
            }
        }
    }

    hflags = (flags & G_MAP_PASS) | MAP_FIXED;
    if (flags & G_MAP_HUGETLB) {
        hflags |= flags & G_MAP_HUGE_MASK;
    }
    if (flags & G_MAP_ANONYMOUS) {
        fd = -1;
        offset = 0;
    }
    p = mmap(g2h(start), alen, host_prot(prot), hflags, fd, offset);
    if (p == MAP_FAILED) {
        int err = errno;

        repair(start, start + alen);
        return -err;
    }
    code_changed(start, start + alen);
    set_flags(start, start + alen, PAGE_VALID | (prot & G_PROT_RWX));
    if (advance) {
        guest_mmap_base = start + alen;
    }
    return start;
}

int64_t guest_munmap(uint64_t addr, uint64_t len)
{
    uint64_t alen = GUEST_PAGE_ALIGN(len);

    if ((addr & (GUEST_PAGE_SIZE - 1)) || len == 0 || alen < len ||
        !range_ok(addr, alen)) {
        return -EINVAL;
    }
    code_changed(addr, addr + alen);
    if (!reserve(addr, addr + alen)) {
        return -errno;
    }
    set_flags(addr, addr + alen, 0);
    return 0;
}

int64_t guest_mprotect(uint64_t addr, uint64_t len, int prot)
{
    uint64_t alen = GUEST_PAGE_ALIGN(len), page, end;

    if ((addr & (GUEST_PAGE_SIZE - 1)) ||
        (prot & ~(G_PROT_RWX | G_PROT_SEM))) {
        return -EINVAL;
    }
    if (len == 0) {
        return 0;
    }
    if (alen < len || !range_ok(addr, alen)) {
        return -ENOMEM;
    }
    end = addr + alen;
    for (page = addr; page < end; page += GUEST_PAGE_SIZE) {
        if (!(guest_page_flags(page) & PAGE_VALID)) {
            return -ENOMEM;
        }
    }
    /* Code made from a page whose protection changes is dropped; a page
     * that keeps its protection keeps its code, and stays write-protected
     * on the host if it had to be. */
    prot &= G_PROT_RWX;
    for (page = addr; page < end; page += GUEST_PAGE_SIZE) {
        int f = guest_page_flags(page);
        if ((f & PAGE_CODE) && (f & G_PROT_RWX) != prot) {
            code_changed(page, page + GUEST_PAGE_SIZE);
        }
    }
    if (mprotect(g2h(addr), alen, host_prot(prot)) != 0) {
        return -errno;
    }
    for (page = addr; page < end; page += GUEST_PAGE_SIZE) {
        int f = guest_page_flags(page) & PAGE_CODE;
        if (f && (prot & PAGE_WRITE)) {
            mprotect(g2h(page), GUEST_PAGE_SIZE,
                     host_prot(prot & ~PAGE_WRITE));
        }
        set_flags(page, page + GUEST_PAGE_SIZE, f | PAGE_VALID | prot);
    }
    return 0;
}

/* Flags for a page at offset off of a moved or grown mapping whose old
 * pages start at old (old_len bytes). */
static int moved_flags(uint64_t old, uint64_t old_len, uint64_t off)
{
    uint64_t src = off < old_len ? old + off : old + old_len -
                                               GUEST_PAGE_SIZE;

    return guest_page_flags(src) & ~PAGE_CODE;
}

/* The host moved [old, old+old_len) to new (new_len bytes): update the
 * table and fill the hole it left unless keep_old. */
static void finish_move(uint64_t old, uint64_t old_len, uint64_t new,
                        uint64_t new_len, bool keep_old)
{
    uint64_t off;

    code_changed(new, new + new_len);
    for (off = 0; off < new_len; off += GUEST_PAGE_SIZE) {
        int f = moved_flags(old, old_len, off);

        set_flags(new + off, new + off + GUEST_PAGE_SIZE, f);
    }
    if (!keep_old) {
        code_changed(old, old + old_len);
        reserve(old, old + old_len);
        set_flags(old, old + old_len, 0);
    }
}

int64_t guest_mremap(uint64_t old_addr, uint64_t old_len, uint64_t new_len,
                     int flags, uint64_t new_addr)
{
    uint64_t olen = GUEST_PAGE_ALIGN(old_len);
    uint64_t nlen = GUEST_PAGE_ALIGN(new_len);
    bool dontunmap = flags & G_MREMAP_DONTUNMAP, advance;
    uint64_t to;
    int hflags;
    void *p;

    if (flags & ~(G_MREMAP_MAYMOVE | G_MREMAP_FIXED | G_MREMAP_DONTUNMAP)) {
        return -EINVAL;
    }
    if ((flags & (G_MREMAP_FIXED | G_MREMAP_DONTUNMAP)) &&
        !(flags & G_MREMAP_MAYMOVE)) {
        return -EINVAL;
    }
    if (dontunmap && old_len != new_len) {
        return -EINVAL;
    }
    if (old_addr & (GUEST_PAGE_SIZE - 1)) {
        return -EINVAL;
    }
    if (olen < old_len || nlen < new_len || nlen == 0) {
        return -EINVAL;
    }
    if (olen == 0) {
        /* Duplicating a shared mapping: rare enough to leave out. */
        return -EINVAL;
    }
    if (!range_ok(old_addr, olen) ||
        !guest_access_ok(old_addr, olen, 0)) {
        return -EFAULT;
    }

    if (flags & G_MREMAP_FIXED) {
        if (new_addr & (GUEST_PAGE_SIZE - 1)) {
            return -EINVAL;
        }
        if (!range_ok(new_addr, nlen) || new_addr < mmap_min_addr) {
            return -EINVAL;
        }
        if (new_addr < old_addr + olen && old_addr < new_addr + nlen) {
            return -EINVAL;
        }
        hflags = MREMAP_MAYMOVE | MREMAP_FIXED |
                 (dontunmap ? MREMAP_DONTUNMAP : 0);
        p = mremap(g2h(old_addr), olen, nlen, hflags, g2h(new_addr));
        if (p == MAP_FAILED) {
            int err = errno;

            repair(new_addr, new_addr + nlen);
            return -err;
        }
        /* The host unmapped the old pages beyond nlen itself. */
        finish_move(old_addr, olen, new_addr, nlen, dontunmap);
        return new_addr;
    }

    /* With MAYMOVE qemu-aarch64 7.2 always moves the mapping, growing or
     * shrinking, to where the next mmap(NULL) would go; Linux would keep
     * it in place when it can. Either is allowed; doing as qemu does
     * keeps addresses equal in lockstep traces. */
    if (!(flags & G_MREMAP_MAYMOVE)) {
        if (nlen <= olen) {
            if (nlen < olen) {
                guest_munmap(old_addr + nlen, olen - nlen);
            }
            return old_addr;
        }
        if (!range_ok(old_addr, nlen) ||
            !range_free(old_addr + olen, old_addr + nlen)) {
            return -ENOMEM;
        }
        /* Grow in place: the host needs the pages after the mapping
         * free, so give up our reservation of them for a moment. */
        if (munmap(g2h(old_addr + olen), nlen - olen) != 0) {
            return -errno;
        }
        p = mremap(g2h(old_addr), olen, nlen, 0);
        if (p == MAP_FAILED) {
            int err = errno;

            reserve(old_addr + olen, old_addr + nlen);
            return -err;
        }
        for (uint64_t off = olen; off < nlen; off += GUEST_PAGE_SIZE) {
            int f = moved_flags(old_addr, olen, off);

            set_flags(old_addr + off, old_addr + off + GUEST_PAGE_SIZE, f);
        }
        return old_addr;
    }

    to = pick_range(nlen, &advance);
    if (!to) {
        return -ENOMEM;
    }
    hflags = MREMAP_MAYMOVE | MREMAP_FIXED |
             (dontunmap ? MREMAP_DONTUNMAP : 0);
    p = mremap(g2h(old_addr), olen, nlen, hflags, g2h(to));
    if (p == MAP_FAILED) {
        int err = errno;

        repair(to, to + nlen);
        return -err;
    }
    finish_move(old_addr, olen, to, nlen, dontunmap);
    if (advance) {
        guest_mmap_base = to + nlen;
    }
    return to;
}

void guest_brk_init(uint64_t brk)
{
    brk_start = brk_cur = brk;
    brk_end = GUEST_PAGE_ALIGN(brk);
}

/* Zero [from, to) of the heap as qemu does when brk grows, where the
 * guest can write (it may have mprotected its heap). */
static void brk_zero(uint64_t from, uint64_t to)
{
    if (to > from && guest_access_ok(from, to - from, PAGE_WRITE)) {
        memset(g2h(from), 0, to - from);
        code_changed(from & GUEST_PAGE_MASK, GUEST_PAGE_ALIGN(to));
    }
}

uint64_t guest_brk(uint64_t new_brk)
{
    uint64_t new_end;
    int64_t r;

    if (new_brk == 0 || new_brk < brk_start) {
        return brk_cur;
    }
    /* Shrinking keeps the pages (as qemu 7.2 does); growing again
     * zeroes what comes back. */
    if (new_brk <= brk_end) {
        brk_zero(brk_cur, new_brk);
        brk_cur = new_brk;
        return brk_cur;
    }
    new_end = GUEST_PAGE_ALIGN(new_brk);
    if (new_end < new_brk || new_end > GUEST_ADDR_LIMIT ||
        !range_free(brk_end, new_end)) {
        return brk_cur;
    }
    r = guest_mmap(brk_end, new_end - brk_end, PROT_READ | PROT_WRITE,
                   G_MAP_PRIVATE | G_MAP_ANONYMOUS | G_MAP_FIXED, -1, 0);
    if (r < 0) {
        return brk_cur;
    }
    brk_zero(brk_cur, brk_end);
    brk_end = new_end;
    brk_cur = new_brk;
    return brk_cur;
}

bool guest_read(uint64_t addr, void *dst, size_t len)
{
    if (!guest_access_ok(addr, len, PAGE_READ)) {
        return false;
    }
    memcpy(dst, g2h(addr), len);
    return true;
}

bool guest_write(uint64_t addr, const void *src, size_t len)
{
    if (!guest_access_ok(addr, len, PAGE_WRITE)) {
        return false;
    }
    memcpy(g2h(addr), src, len);
    if (len) {
        code_changed(addr & GUEST_PAGE_MASK, GUEST_PAGE_ALIGN(addr + len));
    }
    return true;
}

int64_t guest_strlen(uint64_t addr)
{
    uint64_t a = addr;

    while (a < GUEST_ADDR_LIMIT) {
        uint64_t page_end = (a & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE;
        const uint8_t *nul;

        if (!(guest_page_flags(a) & PAGE_READ)) {
            return -1;
        }
        nul = memchr(g2h(a), 0, page_end - a);
        if (nul) {
            return (int64_t)(h2g(nul) - addr);
        }
        a = page_end;
    }
    return -1;
}

void guest_maps_foreach(void (*fn)(uint64_t start, uint64_t end, int prot,
                                   void *opaque),
                        void *opaque)
{
    uint64_t run_start = 0, run_end = 0;
    int run_prot = -1;

    for (uint64_t r = 0; r < G_N_ELEMENTS(page_root); r++) {
        PageLeaf *leaf = page_root[r];
        if (!leaf || !leaf->nvalid) {
            continue;
        }
        for (unsigned i = 0; i < LEAF_PAGES; i++) {
            int f = leaf->flags[i];
            uint64_t addr = (r << (PAGE_BITS + LEAF_BITS)) |
                            ((uint64_t)i << PAGE_BITS);
            if (!(f & PAGE_VALID)) {
                continue;
            }
            f &= G_PROT_RWX;
            if (run_prot == f && run_end == addr) {
                run_end = addr + GUEST_PAGE_SIZE;
                continue;
            }
            if (run_prot >= 0) {
                fn(run_start, run_end, run_prot, opaque);
            }
            run_start = addr;
            run_end = addr + GUEST_PAGE_SIZE;
            run_prot = f;
        }
    }
    if (run_prot >= 0) {
        fn(run_start, run_end, run_prot, opaque);
    }
}

uint64_t guest_brk_start(void)
{
    return brk_start;
}
