/* Unit tests for the ELF loader: segments, permissions, bss, static-PIE
 * placement, the interpreter, symbols, and clean one-line errors for
 * malformed files (never a crash). */
#include <check.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "src/elf.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"

#ifndef TEST_GUEST_DIR
#define TEST_GUEST_DIR "tests/guest"
#endif

#define EM_AARCH64 183
#define PIE_BASE 0x5500000000ull

static char *tmpdir;

/* ---- A small ELF file built in memory ---- */

typedef struct Buf {
    uint8_t *b;
    size_t len;
} Buf;

static void w16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void w32(uint8_t *p, uint32_t v)
{
    w16(p, v);
    w16(p + 2, v >> 16);
}

static void w64(uint8_t *p, uint64_t v)
{
    w32(p, v);
    w32(p + 4, v >> 32);
}

/* A file of len bytes of a nonzero pattern with an ELF header. */
static Buf new_elf(size_t len, uint16_t type, uint64_t entry, int phnum)
{
    Buf f = { g_malloc(len), len };

    for (size_t i = 0; i < len; i++) {
        f.b[i] = (uint8_t)(i * 7 + 0x5b) | 1;
    }
    memset(f.b, 0, 64 + 56 * phnum);
    memcpy(f.b, "\177ELF\2\1\1", 7);
    w16(f.b + 16, type);
    w16(f.b + 18, EM_AARCH64);
    w32(f.b + 20, 1);
    w64(f.b + 24, entry);
    w64(f.b + 32, 64);
    w16(f.b + 52, 64);
    w16(f.b + 54, 56);
    w16(f.b + 56, phnum);
    return f;
}

static void set_ph(Buf *f, int i, uint32_t type, uint32_t flags,
                   uint64_t off, uint64_t vaddr, uint64_t filesz,
                   uint64_t memsz)
{
    uint8_t *p = f->b + 64 + 56 * i;

    w32(p, type);
    w32(p + 4, flags);
    w64(p + 8, off);
    w64(p + 16, vaddr);
    w64(p + 24, vaddr);
    w64(p + 32, filesz);
    w64(p + 40, memsz);
    w64(p + 48, 0x1000);
}

enum { PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6, PF_X = 1, PF_W = 2,
       PF_R = 4 };

/* The standard test program: text R+X at 0x400000 (0x1800 bytes from
 * offset 0), data RW at 0x411f00 (0x200 bytes from offset 0x1f00, then
 * 0x2e00 of bss), a hole between, entry 0x400100. */
#define TEXT_VADDR 0x400000ull
#define DATA_VADDR 0x411f00ull
#define DATA_OFF 0x1f00
#define DATA_FILESZ 0x200
#define DATA_MEMSZ 0x3000

static Buf tiny_prog(uint16_t type, uint64_t base)
{
    Buf f = new_elf(0x3000, type, base + 0x100, 2);

    set_ph(&f, 0, PT_LOAD, PF_R | PF_X, 0, base, 0x1800, 0x1800);
    set_ph(&f, 1, PT_LOAD, PF_R | PF_W, DATA_OFF,
           base + (DATA_VADDR - TEXT_VADDR), DATA_FILESZ, DATA_MEMSZ);
    return f;
}

/* Give f a .symtab at offset 0x2400 (inside the file, after the data). */
static void add_symbols(Buf *f, uint64_t base)
{
    static const char strtab[] =
        "\0main\0data_obj\0notype\0alias_main\0__data_alias\0";
    const struct { uint32_t name; uint8_t info; uint64_t value, size; }
    syms[] = {
        { 0, 0, 0, 0 },
        { 1, 0x12, base + 0x200, 0x40 },   /* main: GLOBAL FUNC */
        /* An alias of data_obj: the name with fewer underscores wins. */
        { 33, 0x11, base + (DATA_VADDR - TEXT_VADDR), 0x10 },
        { 6, 0x11, base + (DATA_VADDR - TEXT_VADDR), 0x10 }, /* OBJECT */
        { 15, 0x10, base + 0x300, 0x10 },  /* NOTYPE: ignored */
        { 22, 0x22, base + 0x200, 0x8 },   /* WEAK FUNC alias, smaller */
    };
    size_t symoff = 0x2400, stroff = 0x2500, shoff = 0x2600;
    int nsym = G_N_ELEMENTS(syms);

    memset(f->b + symoff, 0, 0x2600 + 3 * 64 - symoff);
    for (int i = 0; i < nsym; i++) {
        uint8_t *s = f->b + symoff + 24 * i;
        w32(s, syms[i].name);
        s[4] = syms[i].info;
        w16(s + 6, i ? 1 : 0);
        w64(s + 8, syms[i].value);
        w64(s + 16, syms[i].size);
    }
    memcpy(f->b + stroff, strtab, sizeof(strtab));
    uint8_t *sh = f->b + shoff;
    w32(sh + 64 + 4, 2);                  /* SHT_SYMTAB */
    w64(sh + 64 + 24, symoff);
    w64(sh + 64 + 32, 24 * nsym);
    w32(sh + 64 + 40, 2);
    w64(sh + 64 + 56, 24);
    w32(sh + 128 + 4, 3);                 /* SHT_STRTAB */
    w64(sh + 128 + 24, stroff);
    w64(sh + 128 + 32, sizeof(strtab));
    w64(f->b + 40, shoff);
    w16(f->b + 58, 64);
    w16(f->b + 60, 3);
}

static char *write_file(const char *name, const Buf *f)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    GError *e = NULL;

    if (!g_file_set_contents(path, (const char *)f->b, f->len, &e)) {
        ck_abort_msg("cannot write %s: %s", path, e->message);
    }
    return path;
}

static void free_image(ElfImage *img)
{
    if (img->symbols) {
        for (unsigned i = 0; i < img->symbols->len; i++) {
            g_free(g_array_index(img->symbols, ElfSymbol, i).name);
        }
        g_array_free(img->symbols, TRUE);
    }
    g_free(img->path);
    memset(img, 0, sizeof(*img));
}

static int flags_rwx(uint64_t addr)
{
    return guest_page_flags(addr) & (PAGE_VALID | PAGE_READ | PAGE_WRITE |
                                     PAGE_EXEC);
}

/* ---- Loading ---- */

START_TEST(test_exec)
{
    Buf f = tiny_prog(2, TEXT_VADDR);
    char *path = write_file("exec", &f), *err = NULL;
    ElfImage img;
    uint8_t got[0x1000];

    ck_assert_ptr_nonnull(elf_probe(path, &err));
    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_uint_eq(img.e_machine, EM_AARCH64);
    ck_assert_uint_eq(img.entry, 0x400100);
    ck_assert_uint_eq(img.prog_entry, 0x400100);
    ck_assert_uint_eq(img.load_bias, 0);
    ck_assert_uint_eq(img.phdr, 0x400040);
    ck_assert_uint_eq(img.phent, 56);
    ck_assert_uint_eq(img.phnum, 2);
    ck_assert_uint_eq(img.interp_base, 0);
    ck_assert_uint_eq(img.start_code, 0x400000);
    ck_assert_uint_eq(img.end_code, 0x401800);
    ck_assert_uint_eq(img.start_data, DATA_VADDR);
    ck_assert_uint_eq(img.end_data, DATA_VADDR + DATA_FILESZ);
    ck_assert_uint_eq(img.start_brk, 0x415000);
    ck_assert_str_eq(img.path, path);

    /* Text: the file's bytes, and the rest of its last page too (no bss,
     * so nothing is zeroed there, as on Linux). */
    ck_assert(guest_read(0x400000, got, 0x1000));
    ck_assert(memcmp(got, f.b, 0x1000) == 0);
    ck_assert(guest_read(0x401000, got, 0x1000));
    ck_assert(memcmp(got, f.b + 0x1000, 0x1000) == 0);
    ck_assert_int_eq(flags_rwx(0x400000), PAGE_VALID | PAGE_READ | PAGE_EXEC);
    ck_assert_int_eq(flags_rwx(0x401000), PAGE_VALID | PAGE_READ | PAGE_EXEC);
    /* The hole between the segments is reserved but inaccessible. */
    ck_assert_int_eq(flags_rwx(0x402000), PAGE_VALID);
    ck_assert_int_eq(flags_rwx(0x410000), PAGE_VALID);
    /* Data: file bytes, then zeros to the end of bss, including the rest
     * of the last file page (the file has nonzero bytes there). */
    ck_assert(guest_read(DATA_VADDR, got, DATA_FILESZ));
    ck_assert(memcmp(got, f.b + DATA_OFF, DATA_FILESZ) == 0);
    for (uint64_t a = DATA_VADDR + DATA_FILESZ; a < DATA_VADDR + DATA_MEMSZ;
         a++) {
        uint8_t c = 1;
        ck_assert(guest_read(a, &c, 1));
        ck_assert_msg(c == 0, "bss byte at 0x%lx is %u", (long)a, c);
    }
    for (uint64_t a = 0x411000; a < 0x415000; a += 0x1000) {
        ck_assert_int_eq(flags_rwx(a), PAGE_VALID | PAGE_READ | PAGE_WRITE);
    }
    ck_assert_int_eq(flags_rwx(0x415000), 0);
    ck_assert_int_eq(flags_rwx(0x3ff000), 0);

    /* brk starts at the page after bss; mmap(NULL) after the stack. */
    ck_assert_uint_eq(guest_brk(0), 0x415000);
    ck_assert_uint_eq(guest_mmap_base, 0x5500802000ull);

    free_image(&img);
    g_free(path);
    g_free(f.b);
}
END_TEST

START_TEST(test_static_pie)
{
    Buf f = tiny_prog(3, 0);
    char *path = write_file("pie", &f), *err = NULL;
    ElfImage img;
    uint8_t got[16];

    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_uint_eq(img.load_bias, PIE_BASE);
    ck_assert_uint_eq(img.entry, PIE_BASE + 0x100);
    ck_assert_uint_eq(img.prog_entry, PIE_BASE + 0x100);
    ck_assert_uint_eq(img.phdr, PIE_BASE + 0x40);
    ck_assert_uint_eq(img.start_brk, PIE_BASE + 0x15000);
    ck_assert(guest_read(PIE_BASE + 0x100, got, 16));
    ck_assert(memcmp(got, f.b + 0x100, 16) == 0);
    ck_assert_int_eq(flags_rwx(PIE_BASE), PAGE_VALID | PAGE_READ | PAGE_EXEC);
    /* qemu: the stack 32 MiB above brk, mmap(NULL) after its page. */
    ck_assert_uint_eq(guest_mmap_base,
                      PIE_BASE + 0x15000 + (32 << 20) + 0x801000 + 0x1000);
    free_image(&img);
    g_free(path);
    g_free(f.b);
}
END_TEST

/* A segment whose file offset is not congruent to its address, and one
 * page shared by two segments with different permissions. */
START_TEST(test_odd_segments)
{
    Buf f = new_elf(0x3000, 2, 0x400100, 3);
    char *path, *err = NULL;
    ElfImage img;
    uint8_t got[0x100];

    set_ph(&f, 0, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x180, 0x180);
    set_ph(&f, 1, PT_LOAD, PF_R | PF_W, 0x1200, 0x400200, 0x80, 0x100);
    set_ph(&f, 2, PT_LOAD, PF_R, 0x2123, 0x402010, 0x300, 0x300);
    path = write_file("odd", &f);
    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_int_eq(flags_rwx(0x400000),
                     PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    ck_assert(guest_read(0x400000, got, 0x100));
    ck_assert(memcmp(got, f.b, 0x100) == 0);
    ck_assert(guest_read(0x400200, got, 0x100));
    ck_assert(memcmp(got, f.b + 0x1200, 0x80) == 0);
    for (int i = 0x80; i < 0x100; i++) {
        ck_assert_int_eq(got[i], 0);
    }
    ck_assert_int_eq(flags_rwx(0x401000), PAGE_VALID);
    ck_assert_int_eq(flags_rwx(0x402000), PAGE_VALID | PAGE_READ);
    ck_assert(guest_read(0x402010, got, 0x100));
    ck_assert(memcmp(got, f.b + 0x2123, 0x100) == 0);
    ck_assert_uint_eq(img.start_brk, 0x403000);
    free_image(&img);
    g_free(path);
    g_free(f.b);
}
END_TEST

START_TEST(test_phdr)
{
    Buf f = new_elf(0x3000, 2, 0x400100, 3);
    char *path, *err = NULL;
    ElfImage img;

    set_ph(&f, 0, PT_PHDR, PF_R, 64, 0x400040, 3 * 56, 3 * 56);
    set_ph(&f, 1, PT_LOAD, PF_R, 0x1000, 0x500000, 0x100, 0x100);
    set_ph(&f, 2, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x800, 0x800);
    path = write_file("phdr", &f);
    /* Segments out of address order are refused... */
    ck_assert(!elf_load(path, NULL, &img, &err));
    ck_assert_ptr_nonnull(strstr(err, "out of address order"));
    g_free(err);
    /* ...in order, PT_PHDR gives AT_PHDR. */
    set_ph(&f, 1, PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x800, 0x800);
    set_ph(&f, 2, PT_LOAD, PF_R, 0x1000, 0x500000, 0x100, 0x100);
    g_free(path);
    path = write_file("phdr", &f);
    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_uint_eq(img.phdr, 0x400040);
    ck_assert_uint_eq(img.phnum, 3);
    free_image(&img);
    g_free(path);
    g_free(f.b);
}
END_TEST

START_TEST(test_symbols)
{
    Buf f = tiny_prog(2, TEXT_VADDR);
    char *path, *err = NULL;
    ElfImage img;

    add_symbols(&f, TEXT_VADDR);
    path = write_file("syms", &f);
    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_uint_eq(img.symbols->len, 2);
    ck_assert_str_eq(elf_symbol_at(&img, 0x400200), "main");
    ck_assert_str_eq(elf_symbol_at(&img, 0x40023f), "main");
    ck_assert_ptr_null(elf_symbol_at(&img, 0x400240));
    ck_assert_ptr_null(elf_symbol_at(&img, 0x4001ff));
    ck_assert_ptr_null(elf_symbol_at(&img, 0x400300));   /* NOTYPE */
    ck_assert_str_eq(elf_symbol_at(&img, DATA_VADDR + 4), "data_obj");
    ck_assert_ptr_null(elf_symbol_at(&img, 0));
    free_image(&img);
    g_free(path);
    g_free(f.b);

    /* In a static PIE the symbols move with the program. */
    f = tiny_prog(3, 0);
    add_symbols(&f, 0);
    path = write_file("syms-pie", &f);
    ck_assert_msg(elf_load(path, NULL, &img, &err), "%s", err);
    ck_assert_str_eq(elf_symbol_at(&img, PIE_BASE + 0x210), "main");
    free_image(&img);
    g_free(path);
    g_free(f.b);
}
END_TEST

/* A dynamically linked program: the interpreter comes from the sysroot
 * and goes right above the stack, as in qemu-aarch64. */
START_TEST(test_interp)
{
    static const char ld[] = "/lib/ld-test.so.1";
    Buf prog = new_elf(0x3000, 3, 0x100, 3);
    Buf interp = tiny_prog(3, 0);
    char *root = g_build_filename(tmpdir, "root", NULL);
    char *libdir = g_build_filename(root, "lib", NULL);
    char *path, *ipath, *err = NULL;
    ElfImage img;

    set_ph(&prog, 0, PT_INTERP, PF_R, 0x200, 0x200, sizeof(ld), sizeof(ld));
    set_ph(&prog, 1, PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000);
    set_ph(&prog, 2, PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x100, 0x100);
    memcpy(prog.b + 0x200, ld, sizeof(ld));
    path = write_file("dyn", &prog);
    g_mkdir_with_parents(libdir, 0755);
    ipath = g_build_filename(root, ld, NULL);
    ck_assert(g_file_set_contents(ipath, (char *)interp.b, interp.len,
                                  NULL));

    ck_assert(!elf_load(path, NULL, &img, &err));
    ck_assert_str_eq(err, "dynamically linked (needs -L SYSROOT for "
                          "/lib/ld-test.so.1)");
    g_free(err);
    ck_assert(!elf_load(path, tmpdir, &img, &err));
    ck_assert_ptr_nonnull(strstr(err, "interpreter "));
    ck_assert_ptr_nonnull(strstr(err, "No such file or directory"));
    g_free(err);

    ck_assert_msg(elf_load(path, root, &img, &err), "%s", err);
    /* Program at the PIE base; brk after it; 32 MiB; stack (guard and
     * 8 MiB); the interpreter. */
    uint64_t stack = PIE_BASE + 0x12000 + (32 << 20);
    uint64_t ibase = stack + 0x1000 + (8 << 20);
    ck_assert_uint_eq(img.load_bias, PIE_BASE);
    ck_assert_uint_eq(img.start_brk, PIE_BASE + 0x12000);
    ck_assert_uint_eq(img.interp_base, ibase);
    ck_assert_uint_eq(img.entry, ibase + 0x100);
    ck_assert_uint_eq(img.prog_entry, PIE_BASE + 0x100);
    ck_assert_int_eq(flags_rwx(ibase), PAGE_VALID | PAGE_READ | PAGE_EXEC);
    ck_assert_uint_eq(guest_mmap_base, ibase + 0x15000 + 0x1000);
    free_image(&img);

    /* A broken interpreter names itself in the error. */
    memcpy(interp.b, "\177ELF\1", 5);
    ck_assert(g_file_set_contents(ipath, (char *)interp.b, interp.len,
                                  NULL));
    ck_assert(!elf_load(path, root, &img, &err));
    ck_assert_ptr_nonnull(strstr(err, "interpreter "));
    ck_assert_ptr_nonnull(strstr(err, ": 32-bit ELF"));
    g_free(err);

    g_unlink(ipath);
    g_rmdir(libdir);
    g_rmdir(root);
    g_free(ipath);
    g_free(libdir);
    g_free(root);
    g_free(path);
    g_free(prog.b);
    g_free(interp.b);
}
END_TEST

/* ---- Errors ---- */

typedef void (*Mutate)(Buf *f);

static void m_empty(Buf *f) { f->len = 0; }
static void m_text(Buf *f) { memcpy(f->b, "#!/bin/sh\n", 10); }
static void m_short(Buf *f) { f->len = 20; }
static void m_tiny(Buf *f) { f->len = 5; }
static void m_class32(Buf *f) { f->b[4] = 1; }
static void m_class7(Buf *f) { f->b[4] = 7; }
static void m_big(Buf *f) { f->b[5] = 2; }
static void m_data9(Buf *f) { f->b[5] = 9; }
static void m_version(Buf *f) { f->b[6] = 2; }
static void m_rel(Buf *f) { w16(f->b + 16, 1); }
static void m_core(Buf *f) { w16(f->b + 16, 4); }
static void m_x86(Buf *f) { w16(f->b + 18, 62); }
static void m_phent(Buf *f) { w16(f->b + 54, 32); }
static void m_nophdr(Buf *f) { w16(f->b + 56, 0); }
static void m_manyph(Buf *f) { w16(f->b + 56, 2000); }
static void m_phoff(Buf *f) { w64(f->b + 32, 0x2ff0); }
static void m_phoff_huge(Buf *f) { w64(f->b + 32, ~0ull - 8); }
static void m_segoff(Buf *f) { w64(f->b + 64 + 56 + 8, 0x2f00); }
static void m_segoff_wrap(Buf *f) { w64(f->b + 64 + 56 + 8, ~0ull - 4); }
static void m_filesz(Buf *f) { w64(f->b + 64 + 56 + 32, 0x4000); }
static void m_vaddr(Buf *f) { w64(f->b + 64 + 56 + 16, 1ull << 45); }
static void m_memsz(Buf *f) { w64(f->b + 64 + 56 + 40, ~0ull - 0x10); }
static void m_overlap(Buf *f) { w64(f->b + 64 + 56 + 16, 0x401000); }
static void m_low(Buf *f)
{
    w64(f->b + 64 + 16, 0);
    w64(f->b + 24, 0x100);
}
static void m_entry(Buf *f) { w64(f->b + 24, DATA_VADDR); }
static void m_noload(Buf *f)
{
    w32(f->b + 64, 4);
    w32(f->b + 64 + 56, 4);
}
static void m_interp(Buf *f)
{
    w32(f->b + 64 + 56, PT_INTERP);
    w64(f->b + 64 + 56 + 32, 0x10);
    f->b[DATA_OFF + 0xf] = 'x';
}

static const struct {
    const char *name;
    Mutate mutate;
    const char *error;
} bad_files[] = {
    { "empty", m_empty, "not an ELF file" },
    { "text", m_text, "not an ELF file" },
    { "short", m_short, "truncated ELF header" },
    { "tiny", m_tiny, "truncated ELF header" },
    { "class32", m_class32, "32-bit ELF (ELFCLASS32) is not supported" },
    { "class7", m_class7, "bad ELF class 7" },
    { "big", m_big, "big-endian ELF is not supported" },
    { "data9", m_data9, "bad ELF data encoding 9" },
    { "version", m_version, "bad ELF version" },
    { "rel", m_rel, "a relocatable object file (ELF type 1), not a "
                    "program" },
    { "core", m_core, "a core dump (ELF type 4), not a program" },
    { "x86", m_x86, "unknown machine 62 (no target for it)" },
    { "phent", m_phent, "bad program header size 32 (expected 56)" },
    { "nophdr", m_nophdr, "no program headers" },
    { "manyph", m_manyph, "too many program headers (2000)" },
    { "phoff", m_phoff, "program headers outside the file (truncated?)" },
    { "phoff_huge", m_phoff_huge, "program headers outside the file" },
    { "segoff", m_segoff, "segment 1 outside the file (truncated?)" },
    { "segoff_wrap", m_segoff_wrap, "segment 1 outside the file" },
    { "filesz", m_filesz, "segment 1: file size 0x4000 larger than "
                          "memory size 0x3000" },
    { "vaddr", m_vaddr, "is outside the guest address space" },
    { "memsz", m_memsz, "is outside the guest address space" },
    { "overlap", m_overlap, "segment 1 overlaps the one before it" },
    { "low", m_low, "are outside the guest address space" },
    { "entry", m_entry, "entry point 0x411f00 is not in an executable "
                        "segment" },
    { "noload", m_noload, "no loadable segments" },
    { "interp", m_interp, "PT_INTERP is not a path" },
};

/* Only the header checks of elf_load happen in elf_probe. */
static bool probe_catches(const char *name)
{
    static const char *const probed[] = {
        "empty", "text", "short", "tiny", "class32", "class7", "big",
        "data9", "version", "rel", "core", "x86", "phent",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(probed); i++) {
        if (strcmp(name, probed[i]) == 0) {
            return true;
        }
    }
    return false;
}

START_TEST(test_bad_file)
{
    Buf f = tiny_prog(2, TEXT_VADDR);
    char *path, *err = NULL;
    ElfImage img;

    bad_files[_i].mutate(&f);
    path = write_file(bad_files[_i].name, &f);
    ck_assert_msg(!elf_load(path, NULL, &img, &err), "%s loaded",
                  bad_files[_i].name);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, bad_files[_i].error) != NULL,
                  "%s: got \"%s\", want \"%s\"", bad_files[_i].name, err,
                  bad_files[_i].error);
    ck_assert_ptr_null(strchr(err, '\n'));
    g_free(err);
    err = NULL;
    if (probe_catches(bad_files[_i].name)) {
        ck_assert_ptr_null(elf_probe(path, &err));
        ck_assert_msg(strstr(err, bad_files[_i].error) != NULL,
                      "probe %s: got \"%s\"", bad_files[_i].name, err);
        g_free(err);
    } else {
        ck_assert_ptr_nonnull(elf_probe(path, &err));
    }
    g_free(path);
    g_free(f.b);
}
END_TEST

START_TEST(test_not_a_file)
{
    char *err = NULL, *missing = g_build_filename(tmpdir, "nope", NULL);
    ElfImage img;

    ck_assert(!elf_load(tmpdir, NULL, &img, &err));
    ck_assert_str_eq(err, "is a directory");
    g_free(err);
    ck_assert_ptr_null(elf_probe(missing, &err));
    ck_assert_str_eq(err, "No such file or directory");
    g_free(err);
    ck_assert(!elf_load("/dev/null", NULL, &img, &err));
    ck_assert_str_eq(err, "not a regular file");
    g_free(err);
    g_free(missing);
}
END_TEST

/* ---- Many malformed files: clean errors, never a crash ---- */

static int load_outcome(const char *path)
{
    ElfImage img;
    char *err = NULL;

    if (elf_load(path, NULL, &img, &err)) {
        ck_assert_ptr_null(err);
        free_image(&img);
        return 1;
    }
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(err[0] != '\0' && !strchr(err, '\n'), "bad error \"%s\"",
                  err);
    g_free(err);
    return 0;
}

static void truncations(const char *name, const Buf *f)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    int ok = 0, n = 0;

    ck_assert(g_file_set_contents(path, (char *)f->b, f->len, NULL));
    int fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    for (size_t len = f->len; ; ) {
        ck_assert_int_eq(ftruncate(fd, len), 0);
        ok += load_outcome(path);
        n++;
        if (len == 0) {
            break;
        }
        /* Every length through the headers, then ever bigger steps. */
        len = len > 1024 ? len - 1 - len / 23 : len - 1;
    }
    close(fd);
    ck_assert_int_gt(ok, 0);
    ck_assert_int_lt(ok, n);
    g_unlink(path);
    g_free(path);
}

/* Flip bits in the first 'span' bytes (headers) of f, a few at a time. */
static void flips(const char *name, const Buf *f, size_t span, int rounds)
{
    char *path = g_build_filename(tmpdir, name, NULL);
    GRand *r = g_rand_new_with_seed(12345);

    ck_assert(g_file_set_contents(path, (char *)f->b, f->len, NULL));
    int fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    span = MIN(span, f->len);
    for (int i = 0; i < rounds; i++) {
        size_t at[4];
        int k = g_rand_int_range(r, 1, 5);
        for (int j = 0; j < k; j++) {
            uint8_t c;
            at[j] = g_rand_int_range(r, 0, span);
            c = f->b[at[j]] ^ (1u << g_rand_int_range(r, 0, 8));
            if (g_rand_int_range(r, 0, 4) == 0) {
                c = g_rand_int_range(r, 0, 256);
            }
            ck_assert_int_eq(pwrite(fd, &c, 1, at[j]), 1);
        }
        load_outcome(path);
        for (int j = 0; j < k; j++) {
            ck_assert_int_eq(pwrite(fd, f->b + at[j], 1, at[j]), 1);
        }
    }
    close(fd);
    g_rand_free(r);
    g_unlink(path);
    g_free(path);
}

START_TEST(test_fuzz_synthetic)
{
    Buf f = tiny_prog(2, TEXT_VADDR);

    add_symbols(&f, TEXT_VADDR);
    truncations("trunc", &f);
    flips("flip", &f, 64 + 2 * 56, 1500);
    /* The whole file: section headers and symbols too. */
    flips("flip-sym", &f, f.len, 500);
    g_free(f.b);
}
END_TEST

/* A real AArch64 program from tests/guest, when the build made one. */
/* g_ptr_array_sort passes pointers to the elements. */
static gint name_cmp(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

static Buf real_program(char **name)
{
    Buf f = { NULL, 0 };
    GDir *d = g_dir_open(TEST_GUEST_DIR, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_ptr_array_add(names, g_strdup(n));
    }
    if (d) {
        g_dir_close(d);
    }
    g_ptr_array_sort(names, name_cmp);
    for (unsigned i = 0; i < names->len && !f.b; i++) {
        char *p = g_build_filename(TEST_GUEST_DIR, names->pdata[i], NULL);
        gchar *c;
        gsize len;
        if (g_file_get_contents(p, &c, &len, NULL)) {
            if (len > 64 && memcmp(c, "\177ELF\2\1", 6) == 0 &&
                c[18] == (char)EM_AARCH64 && c[19] == 0) {
                f.b = (uint8_t *)c;
                f.len = len;
                *name = g_strdup(p);
            } else {
                g_free(c);
            }
        }
        g_free(p);
    }
    g_ptr_array_free(names, TRUE);
    return f;
}

START_TEST(test_fuzz_real)
{
    char *name = NULL;
    Buf f = real_program(&name);

    if (!f.b) {
        fprintf(stderr, "test-elf: SKIP real-binary checks: no AArch64 "
                "program in %s (aarch64-linux-gnu-gcc missing?)\n",
                TEST_GUEST_DIR);
        return;
    }
    ElfImage img;
    char *err = NULL;
    ck_assert_msg(elf_load(name, NULL, &img, &err), "%s: %s", name, err);
    ck_assert_ptr_nonnull(elf_symbol_at(&img, img.entry));
    ck_assert_str_eq(elf_symbol_at(&img, img.entry), "_start");
    free_image(&img);

    truncations("real-trunc", &f);
    uint16_t phnum = f.b[56] | f.b[57] << 8;
    flips("real-flip", &f, 64 + 56 * phnum, 400);
    g_free(f.b);
    g_free(name);
}
END_TEST

static Suite *elf_suite(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("load");

    tcase_add_test(tc, test_exec);
    tcase_add_test(tc, test_static_pie);
    tcase_add_test(tc, test_odd_segments);
    tcase_add_test(tc, test_phdr);
    tcase_add_test(tc, test_symbols);
    tcase_add_test(tc, test_interp);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_loop_test(tc, test_bad_file, 0, G_N_ELEMENTS(bad_files));
    tcase_add_test(tc, test_not_a_file);
    suite_add_tcase(s, tc);

    tc = tcase_create("fuzz");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_fuzz_synthetic);
    tcase_add_test(tc, test_fuzz_real);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    GError *e = NULL;
    struct rlimit rl;

    /* The stack size (and so the interpreter's place) follows a bigger
     * host limit, as in qemu; the expectations use 8 MiB. */
    if (getrlimit(RLIMIT_STACK, &rl) == 0 &&
        (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (8u << 20))) {
        rl.rlim_cur = 8u << 20;
        setrlimit(RLIMIT_STACK, &rl);
    }
    tmpdir = g_dir_make_tmp("emu-test-elf-XXXXXX", &e);
    if (!tmpdir) {
        fprintf(stderr, "test-elf: %s\n", e->message);
        return 1;
    }
    guest_mem_init();
    SRunner *sr = srunner_create(elf_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    g_rmdir(tmpdir);
    g_free(tmpdir);
    return failed ? 1 : 0;
}
