/* Loading ELF64 little-endian programs into guest memory: header checks,
 * PT_LOAD segments, the PT_INTERP interpreter from the sysroot, symbols. */
#include "src/elf.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Facts from the ELF-64 specification. Every field is decoded by hand
 * from little-endian bytes, so the loader depends on neither the host's
 * <elf.h> nor its byte order. */
enum {
    EHDR_SIZE = 64, PHDR_SIZE = 56, SHDR_SIZE = 64, SYM_SIZE = 24,
    ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1, ELFDATA2MSB = 2,
    ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4,
    PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6,
    PF_X = 1, PF_W = 2, PF_R = 4,
    SHT_SYMTAB = 2, SHT_STRTAB = 3,
    STT_OBJECT = 1, STT_FUNC = 2,
    SHN_UNDEF = 0, SHN_LORESERVE = 0xff00,
};

/* The kernel refuses program header tables above 64 KiB; so do we. */
#define MAX_PHNUM (65536 / PHDR_SIZE)
/* Lowest address a segment may use: page zero stays unmapped so null
 * pointers fault, as with the host's mmap_min_addr. */
#define MIN_SEGMENT_ADDR GUEST_PAGE_SIZE
/* Where qemu-aarch64 7.2 puts a position-independent program: its first
 * mmap(NULL) address on a 64-bit host (stack.c places the stack from the
 * same base). */
#define ET_DYN_BASE 0x5500000000ull
#define MAX_INTERP_LEN 4096

typedef struct Phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz;
} Phdr;

typedef struct ElfFile {
    const char *path;
    int fd;
    uint64_t size;
    uint16_t type, machine, phnum, shentsize, shnum;
    uint64_t entry, phoff, shoff;
    Phdr *ph;
} ElfFile;

/* What loading one file produced, before it goes into an ElfImage. */
typedef struct Loaded {
    uint64_t bias, lo, hi;     /* hi: page-aligned end of the last segment */
    uint64_t entry, phdr;
    uint64_t start_code, end_code, start_data, end_data;
} Loaded;

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static uint64_t page_down(uint64_t a)
{
    return a & GUEST_PAGE_MASK;
}

/* Callers have checked that a + page fits in 64 bits. */
static uint64_t page_up(uint64_t a)
{
    return GUEST_PAGE_ALIGN(a);
}

/* Read exactly len bytes at off into buf; false on a short file. */
static bool read_at(const ElfFile *f, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;

    if (off > f->size || len > f->size - off) {
        return false;
    }
    while (len > 0) {
        ssize_t n = pread(f->fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        off += n;
        len -= n;
    }
    return true;
}

static const char *type_name(uint16_t type)
{
    switch (type) {
    case ET_REL:  return "a relocatable object file";
    case ET_CORE: return "a core dump";
    default:      return "not an executable";
    }
}

/* Check the ELF header bytes (len of them, from a file of that size).
 * Returns NULL when usable, else the reason. */
static char *check_header(const uint8_t *e, size_t len)
{
    if (len < 4 || memcmp(e, "\177ELF", 4) != 0) {
        return g_strdup("not an ELF file");
    }
    if (len < 6) {
        return g_strdup("truncated ELF header");
    }
    if (e[4] == ELFCLASS32) {
        return g_strdup("32-bit ELF (ELFCLASS32) is not supported");
    }
    if (e[4] != ELFCLASS64) {
        return g_strdup_printf("bad ELF class %u", e[4]);
    }
    if (e[5] == ELFDATA2MSB) {
        return g_strdup("big-endian ELF is not supported");
    }
    if (e[5] != ELFDATA2LSB) {
        return g_strdup_printf("bad ELF data encoding %u", e[5]);
    }
    if (len < EHDR_SIZE) {
        return g_strdup("truncated ELF header");
    }
    if (e[6] != 1 || rd32(e + 20) != 1) {
        return g_strdup("bad ELF version");
    }
    uint16_t type = rd16(e + 16);
    if (type != ET_EXEC && type != ET_DYN) {
        return g_strdup_printf("%s (ELF type %u), not a program",
                               type_name(type), type);
    }
    if (rd16(e + 52) < EHDR_SIZE) {
        return g_strdup_printf("bad ELF header size %u", rd16(e + 52));
    }
    return NULL;
}

static void elf_close(ElfFile *f)
{
    if (f->fd >= 0) {
        close(f->fd);
    }
    g_free(f->ph);
    f->fd = -1;
    f->ph = NULL;
}

/* Open path and check its header; fills f's header fields. */
static bool elf_open(const char *path, ElfFile *f, char **err)
{
    uint8_t e[EHDR_SIZE];
    struct stat st;

    memset(f, 0, sizeof(*f));
    f->path = path;
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
        *err = g_strdup(g_strerror(errno));
        return false;
    }
    if (fstat(f->fd, &st) != 0) {
        *err = g_strdup(g_strerror(errno));
        elf_close(f);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        *err = g_strdup(S_ISDIR(st.st_mode) ? "is a directory"
                                            : "not a regular file");
        elf_close(f);
        return false;
    }
    f->size = st.st_size;
    size_t len = MIN(f->size, (uint64_t)EHDR_SIZE);
    if (!read_at(f, 0, e, len)) {
        *err = g_strdup_printf("cannot read: %s",
                               errno ? g_strerror(errno) : "short read");
        elf_close(f);
        return false;
    }
    *err = check_header(e, len);
    if (*err) {
        elf_close(f);
        return false;
    }
    f->type = rd16(e + 16);
    f->machine = rd16(e + 18);
    f->entry = rd64(e + 24);
    f->phoff = rd64(e + 32);
    f->shoff = rd64(e + 40);
    f->shentsize = rd16(e + 58);
    f->shnum = rd16(e + 60);
    f->phnum = rd16(e + 56);
    if (rd16(e + 54) != PHDR_SIZE) {
        *err = g_strdup_printf("bad program header size %u (expected %u)",
                               rd16(e + 54), PHDR_SIZE);
        elf_close(f);
        return false;
    }
    return true;
}

const Target *elf_probe(const char *path, char **err)
{
    ElfFile f;

    if (!elf_open(path, &f, err)) {
        return NULL;
    }
    elf_close(&f);
    const Target *t = target_by_elf_machine(f.machine);
    if (!t) {
        *err = g_strdup_printf("unknown machine %u (no target for it)",
                               f.machine);
    }
    return t;
}

static bool read_phdrs(ElfFile *f, char **err)
{
    if (f->ph) {
        return true;
    }
    if (f->phnum == 0) {
        *err = g_strdup("no program headers");
        return false;
    }
    if (f->phnum > MAX_PHNUM) {
        *err = g_strdup_printf("too many program headers (%u)", f->phnum);
        return false;
    }
    size_t len = (size_t)f->phnum * PHDR_SIZE;
    uint8_t *buf = g_malloc(len);
    if (!read_at(f, f->phoff, buf, len)) {
        *err = g_strdup("program headers outside the file (truncated?)");
        g_free(buf);
        return false;
    }
    f->ph = g_new0(Phdr, f->phnum);
    for (unsigned i = 0; i < f->phnum; i++) {
        const uint8_t *p = buf + (size_t)i * PHDR_SIZE;
        f->ph[i].type = rd32(p);
        f->ph[i].flags = rd32(p + 4);
        f->ph[i].offset = rd64(p + 8);
        f->ph[i].vaddr = rd64(p + 16);
        f->ph[i].filesz = rd64(p + 32);
        f->ph[i].memsz = rd64(p + 40);
    }
    g_free(buf);
    return true;
}

/* Check the PT_LOAD segments of f on their own (before a bias): sizes,
 * file ranges, order. Sets lo/hi (unbiased, page aligned). */
static bool check_loads(const ElfFile *f, uint64_t *lo, uint64_t *hi,
                        char **err)
{
    uint64_t prev_end = 0;
    int n = 0;

    for (unsigned i = 0; i < f->phnum; i++) {
        const Phdr *p = &f->ph[i];
        if (p->type != PT_LOAD || p->memsz == 0) {
            continue;
        }
        if (p->filesz > p->memsz) {
            *err = g_strdup_printf("segment %u: file size 0x%" PRIx64
                                   " larger than memory size 0x%" PRIx64,
                                   i, p->filesz, p->memsz);
            return false;
        }
        /* A segment of bss alone may name any offset: nothing is read. */
        if (p->filesz &&
            (p->offset > f->size || p->filesz > f->size - p->offset)) {
            *err = g_strdup_printf("segment %u outside the file "
                                   "(truncated?)", i);
            return false;
        }
        /* Checked again after the bias; this keeps the sums below from
         * overflowing. */
        if (p->vaddr >= GUEST_ADDR_LIMIT ||
            p->memsz > GUEST_ADDR_LIMIT - p->vaddr) {
            *err = g_strdup_printf("segment %u (0x%" PRIx64 ", size 0x%"
                                   PRIx64 ") is outside the guest address "
                                   "space", i, p->vaddr, p->memsz);
            return false;
        }
        if (n > 0 && p->vaddr < prev_end) {
            *err = g_strdup_printf("segment %u overlaps the one before it "
                                   "or is out of address order", i);
            return false;
        }
        if (n == 0) {
            *lo = page_down(p->vaddr);
        }
        prev_end = p->vaddr + p->memsz;
        n++;
    }
    if (n == 0) {
        *err = g_strdup("no loadable segments");
        return false;
    }
    *hi = page_up(prev_end);
    return true;
}

/* The PT_INTERP path of f, or NULL (and *err) when malformed; *err stays
 * NULL when there is none. */
static char *read_interp(const ElfFile *f, char **err)
{
    const Phdr *ip = NULL;

    for (unsigned i = 0; i < f->phnum; i++) {
        if (f->ph[i].type == PT_INTERP) {
            if (ip) {
                *err = g_strdup("more than one PT_INTERP");
                return NULL;
            }
            ip = &f->ph[i];
        }
    }
    if (!ip) {
        return NULL;
    }
    if (ip->filesz < 2 || ip->filesz > MAX_INTERP_LEN) {
        *err = g_strdup("bad PT_INTERP size");
        return NULL;
    }
    char *s = g_malloc(ip->filesz);
    if (!read_at(f, ip->offset, s, ip->filesz)) {
        *err = g_strdup("PT_INTERP outside the file (truncated?)");
        g_free(s);
        return NULL;
    }
    if (s[ip->filesz - 1] != '\0' || strlen(s) == 0) {
        *err = g_strdup("PT_INTERP is not a path");
        g_free(s);
        return NULL;
    }
    return s;
}

/* Copy the file bytes of segment p (mapped at guest start) that fall in
 * [a, b) into guest memory, which the caller made writable. */
static bool copy_part(const ElfFile *f, const Phdr *p, uint64_t start,
                      uint64_t a, uint64_t b)
{
    uint64_t x = MAX(a, start), y = MIN(b, start + p->filesz);

    if (x >= y) {
        return true;
    }
    return read_at(f, p->offset + (x - start), g2h(x), y - x);
}

static int seg_prot(const Phdr *p)
{
    return (p->flags & PF_R ? PROT_READ : 0) |
           (p->flags & PF_W ? PROT_WRITE : 0) |
           (p->flags & PF_X ? PROT_EXEC : 0);
}

static bool map_failed(int64_t r, unsigned i, uint64_t addr, char **err)
{
    if (r >= 0) {
        return false;
    }
    *err = g_strdup_printf("cannot map segment %u at 0x%" PRIx64 ": %s",
                           i, addr, g_strerror((int)-r));
    return true;
}

/* Map the PT_LOAD segments of f at bias. The whole span is reserved first
 * (holes between segments stay PROT_NONE, as qemu leaves them). Pages a
 * segment has to itself come from the file when the file offset allows
 * it; pages shared by two segments, and segments whose offset is not page
 * congruent, are anonymous with the bytes copied in. */
static bool map_segments(const ElfFile *f, uint64_t bias, uint64_t lo,
                         uint64_t hi, char **err)
{
    int64_t r;
    unsigned *idx = g_new(unsigned, f->phnum);
    int n = 0;

    for (unsigned i = 0; i < f->phnum; i++) {
        if (f->ph[i].type == PT_LOAD && f->ph[i].memsz != 0) {
            idx[n++] = i;
        }
    }
    r = guest_mmap(lo + bias, hi - lo, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                   -1, 0);
    if (map_failed(r, idx[0], lo + bias, err)) {
        goto fail;
    }

    for (int k = 0; k < n; k++) {
        const Phdr *p = &f->ph[idx[k]];
        uint64_t start = p->vaddr + bias, fend = start + p->filesz;
        uint64_t ps = page_down(start), pe = page_up(start + p->memsz);
        uint64_t own_lo = ps, own_hi = pe, file_hi;
        int prot = seg_prot(p);

        if (k > 0) {
            const Phdr *q = &f->ph[idx[k - 1]];
            if (ps < page_up(q->vaddr + bias + q->memsz)) {
                own_lo += GUEST_PAGE_SIZE;
            }
        }
        if (k + 1 < n && page_down(f->ph[idx[k + 1]].vaddr + bias) < pe) {
            own_hi -= GUEST_PAGE_SIZE;
        }
        file_hi = own_lo;
        if (own_lo < own_hi && p->filesz && fend > own_lo &&
            (start - p->offset) % GUEST_PAGE_SIZE == 0) {
            file_hi = MIN(own_hi, page_up(fend));
            /* As Linux and qemu do, the rest of the last file page is
             * zeroed only when the segment has bss; otherwise it shows
             * the file, which string functions reading ahead may see. */
            bool tail = fend < file_hi && p->memsz > p->filesz;
            r = guest_mmap(own_lo, file_hi - own_lo,
                           prot | (tail ? PROT_WRITE : 0),
                           MAP_PRIVATE | MAP_FIXED, f->fd,
                           (int64_t)(p->offset + own_lo - start));
            if (map_failed(r, idx[k], own_lo, err)) {
                goto fail;
            }
            if (tail) {
                memset(g2h(fend), 0, file_hi - fend);
                if (!(prot & PROT_WRITE)) {
                    guest_mprotect(file_hi - GUEST_PAGE_SIZE,
                                   GUEST_PAGE_SIZE, prot);
                }
            }
        }
        if (file_hi < own_hi) {
            r = guest_mprotect(file_hi, own_hi - file_hi,
                               PROT_READ | PROT_WRITE);
            if (map_failed(r, idx[k], file_hi, err)) {
                goto fail;
            }
            if (!copy_part(f, p, start, file_hi, own_hi)) {
                *err = g_strdup_printf("segment %u: cannot read the file",
                                       idx[k]);
                goto fail;
            }
            guest_mprotect(file_hi, own_hi - file_hi, prot);
        }
    }

    /* Pages shared by neighbouring segments: the union of their
     * permissions, every segment's bytes copied in. */
    uint64_t done = UINT64_MAX;
    for (int k = 1; k < n; k++) {
        const Phdr *q = &f->ph[idx[k - 1]];
        uint64_t pg = page_down(f->ph[idx[k]].vaddr + bias);
        if (pg >= page_up(q->vaddr + bias + q->memsz) || pg == done) {
            continue;
        }
        int prot = 0;
        for (int j = 0; j < n; j++) {
            const Phdr *s = &f->ph[idx[j]];
            uint64_t a = s->vaddr + bias;
            if (page_down(a) <= pg && pg < page_up(a + s->memsz)) {
                prot |= seg_prot(s);
            }
        }
        r = guest_mprotect(pg, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE);
        if (map_failed(r, idx[k], pg, err)) {
            goto fail;
        }
        for (int j = 0; j < n; j++) {
            const Phdr *s = &f->ph[idx[j]];
            if (!copy_part(f, s, s->vaddr + bias, pg,
                           pg + GUEST_PAGE_SIZE)) {
                *err = g_strdup_printf("segment %u: cannot read the file",
                                       idx[j]);
                goto fail;
            }
        }
        guest_mprotect(pg, GUEST_PAGE_SIZE, prot);
        done = pg;
    }
    g_free(idx);
    return true;

fail:
    g_free(idx);
    return false;
}

/* Where the guest finds the program headers: PT_PHDR, else the loaded
 * bytes of the file that hold them, else where they would be. */
static uint64_t find_phdr(const ElfFile *f, uint64_t bias)
{
    uint64_t len = (uint64_t)f->phnum * PHDR_SIZE;
    const Phdr *first = NULL;

    for (unsigned i = 0; i < f->phnum; i++) {
        if (f->ph[i].type == PT_PHDR) {
            return f->ph[i].vaddr + bias;
        }
    }
    for (unsigned i = 0; i < f->phnum; i++) {
        const Phdr *p = &f->ph[i];
        if (p->type != PT_LOAD) {
            continue;
        }
        if (!first) {
            first = p;
        }
        if (p->offset <= f->phoff && f->phoff - p->offset <= p->filesz &&
            len <= p->filesz - (f->phoff - p->offset)) {
            return p->vaddr + (f->phoff - p->offset) + bias;
        }
    }
    return first ? first->vaddr - first->offset + f->phoff + bias : 0;
}

/* Check and map one file. dyn_base is where an ET_DYN file whose first
 * segment starts at 0 goes; other files load at their own addresses.
 * For the program itself (is_main), the stack must fit above it. */
static bool load_file(ElfFile *f, uint64_t dyn_base, bool is_main,
                      Loaded *out, char **err)
{
    uint64_t lo = 0, hi = 0, bias = 0;

    if (!read_phdrs(f, err) || !check_loads(f, &lo, &hi, err)) {
        return false;
    }
    if (f->type == ET_DYN && lo == 0) {
        bias = dyn_base;
    }
    if (lo + bias < MIN_SEGMENT_ADDR || hi + bias > GUEST_ADDR_LIMIT ||
        hi + bias < hi) {
        *err = g_strdup_printf("segments at 0x%" PRIx64 "-0x%" PRIx64
                               " are outside the guest address space "
                               "(0x%" PRIx64 "-0x%llx)", lo + bias,
                               hi + bias, (uint64_t)MIN_SEGMENT_ADDR,
                               GUEST_ADDR_LIMIT);
        return false;
    }
    if (is_main) {
        ElfImage probe = { .start_brk = hi + bias };
        uint64_t size, base = linux_stack_base(&probe, &size);
        if (base + size > GUEST_ADDR_LIMIT) {
            *err = g_strdup("no room for the stack above the program");
            return false;
        }
    }

    memset(out, 0, sizeof(*out));
    out->bias = bias;
    out->lo = lo + bias;
    out->hi = hi + bias;
    out->entry = f->entry + bias;
    out->start_code = UINT64_MAX;
    bool entry_ok = false;
    for (unsigned i = 0; i < f->phnum; i++) {
        const Phdr *p = &f->ph[i];
        if (p->type != PT_LOAD || p->memsz == 0) {
            continue;
        }
        uint64_t a = p->vaddr + bias;
        if (p->flags & PF_X) {
            out->start_code = MIN(out->start_code, a);
            out->end_code = MAX(out->end_code, a + p->filesz);
            if (out->entry >= a && out->entry - a < p->memsz) {
                entry_ok = true;
            }
        }
        out->start_data = MAX(out->start_data, a);
        out->end_data = MAX(out->end_data, a + p->filesz);
    }
    if (out->start_code == UINT64_MAX) {
        out->start_code = out->lo;
    }
    if (!entry_ok) {
        *err = g_strdup_printf("entry point 0x%" PRIx64 " is not in an "
                               "executable segment", f->entry);
        return false;
    }
    out->phdr = find_phdr(f, bias);
    return map_segments(f, bias, lo, hi, err);
}

static int symbol_cmp(const void *a, const void *b)
{
    const ElfSymbol *x = a, *y = b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    /* At one address the biggest symbol wins, then the name with the
     * fewest leading underscores (write over __libc_write), then the
     * name order: the choice never depends on the symbol table's order. */
    if (x->size != y->size) {
        return x->size > y->size ? -1 : 1;
    }
    size_t ux = strspn(x->name, "_"), uy = strspn(y->name, "_");
    if (ux != uy) {
        return ux < uy ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

/* Read .symtab/.strtab into symbols. A missing or malformed table just
 * means no names: it is not needed to run the program. */
static void read_symbols(const ElfFile *f, uint64_t bias, GArray *symbols)
{
    uint8_t *sh = NULL, *syms = NULL;
    char *strs = NULL;
    const uint8_t *st = NULL;

    if (f->shoff == 0 || f->shnum == 0 || f->shentsize != SHDR_SIZE) {
        return;
    }
    size_t shlen = (size_t)f->shnum * SHDR_SIZE;
    sh = g_malloc(shlen);
    if (!read_at(f, f->shoff, sh, shlen)) {
        goto out;
    }
    for (unsigned i = 0; i < f->shnum; i++) {
        if (rd32(sh + (size_t)i * SHDR_SIZE + 4) == SHT_SYMTAB) {
            st = sh + (size_t)i * SHDR_SIZE;
            break;
        }
    }
    if (!st || rd64(st + 56) != SYM_SIZE || rd32(st + 40) >= f->shnum) {
        goto out;
    }
    const uint8_t *ss = sh + (size_t)rd32(st + 40) * SHDR_SIZE;
    uint64_t sym_off = rd64(st + 24), sym_size = rd64(st + 32);
    uint64_t str_off = rd64(ss + 24), str_size = rd64(ss + 32);
    if (rd32(ss + 4) != SHT_STRTAB || str_size == 0 ||
        sym_size > f->size || str_size > f->size) {
        goto out;
    }
    syms = g_malloc(sym_size ? sym_size : 1);
    strs = g_malloc(str_size);
    if (!read_at(f, sym_off, syms, sym_size) ||
        !read_at(f, str_off, strs, str_size)) {
        goto out;
    }
    /* Names must end inside the table. */
    strs[str_size - 1] = '\0';
    for (uint64_t o = 0; o + SYM_SIZE <= sym_size; o += SYM_SIZE) {
        const uint8_t *s = syms + o;
        uint32_t name = rd32(s);
        unsigned type = s[4] & 0xf;
        uint16_t shndx = rd16(s + 6);
        uint64_t value = rd64(s + 8);
        if ((type != STT_FUNC && type != STT_OBJECT) ||
            shndx == SHN_UNDEF || shndx >= SHN_LORESERVE || value == 0 ||
            name >= str_size || strs[name] == '\0') {
            continue;
        }
        ElfSymbol sym = {
            .addr = value + bias,
            .size = rd64(s + 16),
            .name = strs + name,
        };
        g_array_append_val(symbols, sym);
    }
    g_array_sort(symbols, symbol_cmp);
    /* Keep one symbol per address (aliases such as write/__write). */
    unsigned keep = 0;
    for (unsigned i = 0; i < symbols->len; i++) {
        ElfSymbol *s = &g_array_index(symbols, ElfSymbol, i);
        if (keep > 0 &&
            g_array_index(symbols, ElfSymbol, keep - 1).addr == s->addr) {
            continue;
        }
        ElfSymbol *d = &g_array_index(symbols, ElfSymbol, keep++);
        d->addr = s->addr;
        d->size = s->size;
        d->name = g_strdup(s->name);
    }
    g_array_set_size(symbols, keep);

out:
    g_free(sh);
    g_free(syms);
    g_free(strs);
}

const char *elf_symbol_at(const ElfImage *img, uint64_t addr)
{
    const GArray *a = img->symbols;

    if (!a || a->len == 0) {
        return NULL;
    }
    /* The last symbol starting at or below addr. */
    unsigned lo = 0, hi = a->len;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (g_array_index(a, ElfSymbol, mid).addr <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    /* Look a few symbols back in case a bigger one encloses addr. */
    for (unsigned i = lo, n = 0; i > 0 && n < 16; i--, n++) {
        const ElfSymbol *s = &g_array_index(a, ElfSymbol, i - 1);
        if (addr - s->addr < MAX(s->size, 1)) {
            return s->name;
        }
    }
    return NULL;
}

static bool load_interp(const char *interp, const char *sysroot,
                        const ElfImage *img, uint64_t main_lo,
                        uint64_t main_hi, Loaded *li, char **err)
{
    ElfFile f;
    char *why = NULL;
    char *path = g_build_filename(sysroot, interp, NULL);
    uint64_t stack_size, stack_base = linux_stack_base(img, &stack_size);
    bool ok = false;

    if (!elf_open(path, &f, &why)) {
        goto out;
    }
    if (f.machine != img->e_machine) {
        why = g_strdup_printf("machine %u, the program's is %u", f.machine,
                              img->e_machine);
        goto out;
    }
    if (!load_file(&f, stack_base + stack_size, false, li, &why)) {
        goto out;
    }
    if (li->lo < main_hi && main_lo < li->hi) {
        why = g_strdup("overlaps the program");
        goto out;
    }
    char *nested = read_interp(&f, &why);
    if (nested || why) {
        g_free(why);
        why = g_strdup_printf("needs an interpreter itself (%s)",
                              nested ? nested : "bad PT_INTERP");
        g_free(nested);
        goto out;
    }
    ok = true;

out:
    if (!ok) {
        *err = g_strdup_printf("interpreter %s: %s", path, why);
        g_free(why);
    }
    elf_close(&f);
    g_free(path);
    return ok;
}

bool elf_load(const char *path, const char *sysroot, ElfImage *img,
              char **err)
{
    ElfFile f;
    Loaded lm, li;
    char *interp = NULL;
    uint64_t top;

    *err = NULL;
    memset(img, 0, sizeof(*img));
    if (!elf_open(path, &f, err)) {
        return false;
    }
    img->target = target_by_elf_machine(f.machine);
    if (!img->target) {
        *err = g_strdup_printf("unknown machine %u (no target for it)",
                               f.machine);
        goto fail;
    }
    img->e_machine = f.machine;
    /* PT_INTERP first: a dynamic program without a sysroot is an error
     * before anything is mapped. */
    if (!read_phdrs(&f, err)) {
        goto fail;
    }
    interp = read_interp(&f, err);
    if (*err) {
        goto fail;
    }
    if (interp && !sysroot) {
        *err = g_strdup_printf("dynamically linked (needs -L SYSROOT for "
                               "%s)", interp);
        goto fail;
    }
    if (!load_file(&f, ET_DYN_BASE, true, &lm, err)) {
        goto fail;
    }

    img->path = g_strdup(path);
    img->prog_entry = lm.entry;
    img->entry = lm.entry;
    img->load_bias = lm.bias;
    img->phdr = lm.phdr;
    img->phent = PHDR_SIZE;
    img->phnum = f.phnum;
    img->start_code = lm.start_code;
    img->end_code = lm.end_code;
    img->start_data = lm.start_data;
    img->end_data = lm.end_data;
    img->start_brk = lm.hi;
    img->symbols = g_array_new(FALSE, FALSE, sizeof(ElfSymbol));
    read_symbols(&f, lm.bias, img->symbols);

    uint64_t stack_size, stack_base = linux_stack_base(img, &stack_size);
    top = stack_base + stack_size;
    if (interp) {
        if (!load_interp(interp, sysroot, img, lm.lo, lm.hi, &li, err)) {
            goto fail_img;
        }
        img->interp_base = li.bias;
        img->entry = li.entry;
        top = MAX(top, li.hi);
    }
    guest_brk_init(img->start_brk);
    /* qemu-aarch64 keeps the page after the stack (or the interpreter)
     * for its signal trampoline; mmap(NULL) starts after it. */
    guest_mmap_base = top + GUEST_PAGE_SIZE;

    g_free(interp);
    elf_close(&f);
    return true;

fail_img:
    for (unsigned i = 0; i < img->symbols->len; i++) {
        g_free(g_array_index(img->symbols, ElfSymbol, i).name);
    }
    g_array_free(img->symbols, TRUE);
    g_free(img->path);
    memset(img, 0, sizeof(*img));
fail:
    g_free(interp);
    elf_close(&f);
    return false;
}
