/* The register layer: finds a target's GDB XML description, parses it with
 * libxml2 (XInclude processed), checks it and binds each register. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xinclude.h>
#include <libxml/xmlerror.h>

#include "regs.h"

/* Makefile.am defines these; the fallbacks let the file build alone. */
#ifndef EMU_XML_BUILDDIR
#define EMU_XML_BUILDDIR ""
#endif
#ifndef EMU_PKGDATADIR
#define EMU_PKGDATADIR "/usr/local/share/emu"
#endif

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* libxml2 2.12 made the structured error argument const. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XmlErrorArg;
#else
typedef xmlErrorPtr XmlErrorArg;
#endif

/* ---- Where the files are ------------------------------------------------ */

static bool is_dir(const char *path)
{
    return path[0] && g_file_test(path, G_FILE_TEST_IS_DIR);
}

/* Is this program inside the tree it was built in? Then it reads the
 * source tree's files, so an edit to xml/ needs no install. Without
 * EMU_BUILDDIR the source tree stands in: it holds the build tree in an
 * in-tree build and in make distcheck. */
static bool in_build_tree(void)
{
    static int cached = -1;
    if (cached >= 0) {
        return cached;
    }
#ifdef EMU_BUILDDIR
    char *root = realpath(EMU_BUILDDIR, NULL);
#else
    char *src = g_path_get_dirname(EMU_XML_BUILDDIR);
    char *root = realpath(src, NULL);
    g_free(src);
#endif
    char *exe = realpath("/proc/self/exe", NULL);
    size_t n = root ? strlen(root) : 0;
    cached = root && exe && strncmp(exe, root, n) == 0 &&
             (n == 1 || exe[n] == '/');
    free(root);
    free(exe);
    return cached;
}

const char *regs_xml_dir(void)
{
    static const char installed[] = EMU_PKGDATADIR "/xml";
    const char *env = g_getenv("EMU_XML_DIR");

    if (env && *env) {
        return env;
    }
    if (is_dir(EMU_XML_BUILDDIR) && in_build_tree()) {
        return EMU_XML_BUILDDIR;
    }
    /* An uninstalled build run from elsewhere still finds its files. */
    if (!is_dir(installed) && is_dir(EMU_XML_BUILDDIR)) {
        return EMU_XML_BUILDDIR;
    }
    return installed;
}

/* ---- The loader's state and its errors ---------------------------------- */

typedef struct TypeDef {
    unsigned bits;             /* 0: depends on the architecture */
} TypeDef;

/* Where a register was defined, for messages about duplicates. */
typedef struct RegPlace {
    const char *file;
    long line;
} RegPlace;

typedef struct Loader {
    const TargetRegs *d;
    char *dir;
    char *err;                 /* the first error; the rest are noise */
    GStringChunk *strings;     /* every string the table or loader keeps */
    GPtrArray *includes;       /* files pulled in, relative to dir */
    GHashTable *features;      /* names seen */
    GHashTable *types;         /* the current feature's: id -> TypeDef */
    GArray *regs;              /* RegInfo, XML order */
    GArray *places;            /* RegPlace, parallel to regs */
    GHashTable *names;         /* lower-case name -> index + 1 */
    GHashTable *regnums;       /* regnum -> index + 1 */
    const char *feature;       /* the feature being read */
    int next_regnum;
    bool have_arch;

    /* The first error libxml2 reported while parsing or including. */
    bool xml_failed;
    char *xml_file, *xml_msg, *xml_href;
    long xml_line;
    int xml_domain, xml_code;
} Loader;

static void fail(Loader *l, const char *file, long line, const char *fmt,
                 ...) G_GNUC_PRINTF(4, 5);

static void fail(Loader *l, const char *file, long line, const char *fmt,
                 ...)
{
    if (l->err) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (line > 0) {
        l->err = g_strdup_printf("xml/%s:%ld: %s", file, line, why);
    } else {
        l->err = g_strdup_printf("xml/%s: %s", file, why);
    }
    g_free(why);
}

static const char *intern(Loader *l, const char *s)
{
    return s ? g_string_chunk_insert_const(l->strings, s) : NULL;
}

/* A path libxml2 reports, as a name relative to the XML directory. */
static const char *relative_name(Loader *l, const char *path)
{
    if (!path) {
        return l->d->xml_top;
    }
    char *plain = (char *)xmlURIUnescapeString(path, 0, NULL);
    const char *p = plain ? plain : path;
    size_t n = strlen(l->dir);
    const char *rel;
    if (strncmp(p, l->dir, n) == 0 && p[n] == '/') {
        rel = intern(l, p + n + 1);
    } else {
        char *base = g_path_get_basename(p);
        rel = intern(l, base);
        g_free(base);
    }
    xmlFree(plain);
    return rel;
}

static void on_xml_error(void *ctx, XmlErrorArg e)
{
    Loader *l = ctx;
    /* Warnings (an unreadable DTD, the I/O note before a failed include)
     * do not stop gdb either. */
    if (l->xml_failed || e->level < XML_ERR_ERROR) {
        return;
    }
    l->xml_failed = true;
    l->xml_file = g_strdup(e->file);
    l->xml_line = e->line;
    l->xml_domain = e->domain;
    l->xml_code = e->code;
    l->xml_msg = g_strchomp(g_strdup(e->message ? e->message : "error"));
    xmlNodePtr node = e->node;
    if (node && node->type == XML_ELEMENT_NODE) {
        xmlChar *href = xmlGetNoNsProp(node, (const xmlChar *)"href");
        l->xml_href = g_strdup((const char *)href);
        xmlFree(href);
    }
}

static void on_xml_generic(void *ctx, const char *msg, ...)
{
    /* Everything worth saying also comes through on_xml_error. */
}

/* Turn the captured libxml2 error into our one line. */
static void fail_from_xml(Loader *l)
{
    const char *file = relative_name(l, l->xml_file);

    if (l->xml_domain == XML_FROM_XINCLUDE &&
        l->xml_code == XML_XINCLUDE_NO_FALLBACK && l->xml_href) {
        char *dir = g_path_get_dirname(file);
        char *path = g_build_filename(l->dir, dir, l->xml_href, NULL);
        const char *why = "not a readable XML file";
        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
            why = g_strerror(ENOENT);
        }
        fail(l, file, l->xml_line, "cannot include %s: %s", l->xml_href,
             why);
        g_free(path);
        g_free(dir);
    } else {
        /* Some messages name files by their full path. */
        char *prefix = g_strconcat(l->dir, "/", NULL);
        char **parts = g_strsplit(l->xml_msg, prefix, -1);
        char *msg = g_strjoinv("xml/", parts);
        fail(l, file, l->xml_line, "%s", msg);
        g_free(msg);
        g_strfreev(parts);
        g_free(prefix);
    }
}

/* ---- Attributes and numbers --------------------------------------------- */

/* An attribute's value (interned), or NULL. */
static const char *prop(Loader *l, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    const char *s = intern(l, (const char *)v);
    xmlFree(v);
    return s;
}

static const char *need_prop(Loader *l, const char *file, xmlNodePtr n,
                             const char *name)
{
    const char *v = prop(l, n, name);
    if (!v || !*v) {
        fail(l, file, xmlGetLineNo(n), "<%s> needs a %s attribute",
             (const char *)n->name, name);
        return NULL;
    }
    return v;
}

/* A number as gdb reads one (decimal or 0x hex), at most max. */
static bool parse_num(const char *s, unsigned long max, unsigned long *out)
{
    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v > max) {
        return false;
    }
    *out = (unsigned long)v;
    return true;
}

static bool num_prop(Loader *l, const char *file, xmlNodePtr n,
                     const char *name, unsigned long max, unsigned long *out)
{
    const char *v = need_prop(l, file, n, name);
    if (!v) {
        return false;
    }
    if (!parse_num(v, max, out)) {
        fail(l, file, xmlGetLineNo(n), "<%s %s=\"%s\">: not a number from 0 "
             "to %lu", (const char *)n->name, name, v, max);
        return false;
    }
    return true;
}

/* ---- Walking the document ----------------------------------------------- */

static bool is_element(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

/* The href of an XInclude start marker: it keeps the include's attributes,
 * but xmlGetProp only looks at element nodes. */
static const char *marker_attr(Loader *l, xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            const char *s = intern(l, (const char *)v ? (const char *)v : "");
            xmlFree(v);
            return s;
        }
    }
    return NULL;
}

/* The file an include pulls in, relative to the XML directory; it must
 * stay inside it, since the gdb stub serves these files by name. */
static const char *include_name(Loader *l, const char *from, xmlNodePtr n)
{
    const char *href = marker_attr(l, n, "href");
    long line = xmlGetLineNo(n);
    if (!href || !*href) {
        fail(l, from, line, "xi:include without href");
        return NULL;
    }
    if (marker_attr(l, n, "xpointer") || marker_attr(l, n, "parse")) {
        fail(l, from, line, "xi:include of %s: gdb takes whole XML files "
             "only (no parse or xpointer)", href);
        return NULL;
    }
    char *dir = g_path_get_dirname(from);
    char *joined = strcmp(dir, ".") ? g_build_filename(dir, href, NULL)
                                    : g_strdup(href);
    g_free(dir);
    bool ok = !g_path_is_absolute(joined) && !strstr(joined, "..") &&
              !strchr(joined, ':');
    const char *name = intern(l, joined);
    g_free(joined);
    if (!ok) {
        fail(l, from, line, "xi:include of %s: not a file in the xml "
             "directory", href);
        return NULL;
    }
    for (guint i = 0; i < l->includes->len; i++) {
        if (strcmp(g_ptr_array_index(l->includes, i), name) == 0) {
            return name;
        }
    }
    g_ptr_array_add(l->includes, (char *)name);
    return name;
}

typedef void ElementFn(Loader *l, xmlNodePtr n, const char *file);

/* Call fn for each element among first and its siblings, with the file it
 * came from: XInclude leaves start and end markers around what it copied. */
static void for_each_element(Loader *l, xmlNodePtr first, const char *file,
                             ElementFn *fn)
{
    const char *stack[32];
    int depth = 0;

    stack[0] = file;
    for (xmlNodePtr n = first; n && !l->err; n = n->next) {
        if (n->type == XML_XINCLUDE_START) {
            const char *name = include_name(l, stack[depth], n);
            if (name && depth + 1 < (int)G_N_ELEMENTS(stack)) {
                stack[++depth] = name;
            }
        } else if (n->type == XML_XINCLUDE_END) {
            if (depth > 0) {
                depth--;
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            fn(l, n, stack[depth]);
        }
    }
}

/* ---- Types -------------------------------------------------------------- */

/* gdb's predefined types; 0 bits when the size is the architecture's or
 * the register's. */
static const struct {
    const char *name;
    unsigned bits;
} builtin_types[] = {
    { "bool", 0 },        { "int", 0 },          { "float", 0 },
    { "code_ptr", 0 },    { "data_ptr", 0 },
    { "int8", 8 },        { "int16", 16 },       { "int24", 24 },
    { "int32", 32 },      { "int64", 64 },       { "int128", 128 },
    { "uint8", 8 },       { "uint16", 16 },      { "uint24", 24 },
    { "uint32", 32 },     { "uint64", 64 },      { "uint128", 128 },
    { "ieee_half", 16 },  { "ieee_single", 32 }, { "ieee_double", 64 },
    { "bfloat16", 16 },   { "arm_fpa_ext", 96 }, { "i387_ext", 80 },
};

/* A type by id: the feature's own first, as gdb looks them up. */
static bool find_type(Loader *l, const char *id, unsigned *bits)
{
    TypeDef *t = g_hash_table_lookup(l->types, id);
    if (t) {
        *bits = t->bits;
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(builtin_types); i++) {
        if (strcmp(builtin_types[i].name, id) == 0) {
            *bits = builtin_types[i].bits;
            return true;
        }
    }
    return false;
}

/* The fields of a union or struct; fields may only use types defined
 * above them, as gdb requires. Returns the widest and the summed size. */
static void read_fields(Loader *l, xmlNodePtr type, const char *file,
                        unsigned size_bits, unsigned *max, unsigned *sum,
                        bool *known)
{
    const char *id = prop(l, type, "id");
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

    *max = *sum = 0;
    *known = true;
    for (xmlNodePtr f = type->children; f && !l->err; f = f->next) {
        if (f->type != XML_ELEMENT_NODE) {
            continue;
        }
        long line = xmlGetLineNo(f);
        if (!is_element(f, "field") && !is_element(f, "evalue")) {
            fail(l, file, line, "unexpected element <%s> in <%s id=\"%s\">",
                 (const char *)f->name, (const char *)type->name, id);
            break;
        }
        const char *name = need_prop(l, file, f, "name");
        if (!name) {
            break;
        }
        if (!g_hash_table_add(seen, (char *)name)) {
            fail(l, file, line, "%s: field %s appears twice", id, name);
            break;
        }
        if (is_element(f, "evalue")) {
            const char *v = need_prop(l, file, f, "value");
            if (v && strcmp((const char *)type->name, "enum") != 0) {
                fail(l, file, line, "%s: <evalue> outside an <enum>", id);
            }
            continue;
        }
        const char *ftype = prop(l, f, "type");
        unsigned bits = 0;
        if (ftype && !find_type(l, ftype, &bits)) {
            fail(l, file, line, "%s: field %s has unknown type %s", id,
                 name, ftype);
            break;
        }
        const char *start = prop(l, f, "start");
        if (start) {
            /* A bit field of a flags or sized struct type. */
            unsigned long s, e;
            const char *end = prop(l, f, "end");
            if (!size_bits) {
                fail(l, file, line, "%s: field %s has bit positions but "
                     "the type has no size", id, name);
                break;
            }
            if (!parse_num(start, size_bits - 1, &s) ||
                !parse_num(end ? end : start, size_bits - 1, &e) || e < s) {
                fail(l, file, line, "%s: field %s: bits %s to %s do not "
                     "fit in %u", id, name, start, end ? end : start,
                     size_bits);
                break;
            }
            continue;
        }
        if (!ftype) {
            fail(l, file, line, "%s: field %s needs a type or a start bit",
                 id, name);
            break;
        }
        if (!bits) {
            *known = false;
        }
        *max = MAX(*max, bits);
        *sum += bits;
    }
    g_hash_table_destroy(seen);
}

static void read_type(Loader *l, xmlNodePtr n, const char *file)
{
    const char *kind = (const char *)n->name;
    long line = xmlGetLineNo(n);
    unsigned bits = 0, max, sum;
    unsigned long v, size = 0;
    bool known;

    if (strcmp(kind, "reg") == 0) {
        return;                /* the second pass */
    }
    if (strcmp(kind, "vector") && strcmp(kind, "union") &&
        strcmp(kind, "struct") && strcmp(kind, "flags") &&
        strcmp(kind, "enum")) {
        fail(l, file, line, "unexpected element <%s> in feature %s", kind,
             l->feature);
        return;
    }
    const char *id = need_prop(l, file, n, "id");
    if (!id) {
        return;
    }
    if (g_hash_table_contains(l->types, id)) {
        fail(l, file, line, "type %s is defined twice in feature %s", id,
             l->feature);
        return;
    }
    if (strcmp(kind, "vector") == 0) {
        const char *elt = need_prop(l, file, n, "type");
        unsigned ebits;
        if (!elt || !num_prop(l, file, n, "count", 4096, &v)) {
            return;
        }
        if (!find_type(l, elt, &ebits)) {
            fail(l, file, line, "vector %s: unknown type %s", id, elt);
            return;
        }
        if (v == 0) {
            fail(l, file, line, "vector %s: count is 0", id);
            return;
        }
        bits = ebits * (unsigned)v;
    } else {
        /* flags and enum need a size; a struct may have one. */
        if (strcmp(kind, "union") != 0 &&
            (strcmp(kind, "struct") != 0 || prop(l, n, "size"))) {
            if (!num_prop(l, file, n, "size", REG_MAX_BYTES, &size)) {
                return;
            }
            if (size == 0) {
                fail(l, file, line, "%s %s: size is 0", kind, id);
                return;
            }
        }
        read_fields(l, n, file, (unsigned)size * 8, &max, &sum, &known);
        if (l->err) {
            return;
        }
        if (size) {
            bits = (unsigned)size * 8;
        } else if (known) {
            bits = strcmp(kind, "union") == 0 ? max : sum;
        }
    }
    TypeDef *t = g_new0(TypeDef, 1);
    t->bits = bits;
    g_hash_table_insert(l->types, (char *)id, t);
}

/* ---- Registers ---------------------------------------------------------- */

static const RegBinding *find_binding(const TargetRegs *d, const char *name)
{
    for (size_t i = 0; i < d->n_bindings; i++) {
        if (g_ascii_strcasecmp(d->bindings[i].name, name) == 0) {
            return &d->bindings[i];
        }
    }
    return NULL;
}

static void read_reg(Loader *l, xmlNodePtr n, const char *file)
{
    long line = xmlGetLineNo(n);
    unsigned long bitsize, regnum;
    unsigned tbits;

    if (!is_element(n, "reg")) {
        return;                /* a type: the first pass */
    }
    const char *name = need_prop(l, file, n, "name");
    if (!name || !num_prop(l, file, n, "bitsize", REG_MAX_BYTES * 8,
                           &bitsize)) {
        return;
    }
    if (bitsize == 0 || bitsize % 8) {
        fail(l, file, line, "register %s: bitsize %lu is not a whole "
             "number of bytes", name, bitsize);
        return;
    }
    if (prop(l, n, "regnum")) {
        if (!num_prop(l, file, n, "regnum", INT_MAX - 1, &regnum)) {
            return;
        }
    } else {
        regnum = (unsigned long)l->next_regnum;
    }
    const char *type = prop(l, n, "type");
    if (!type) {
        type = intern(l, "int");
    }
    if (!find_type(l, type, &tbits)) {
        fail(l, file, line, "register %s: unknown type %s", name, type);
        return;
    }
    if (tbits && tbits != bitsize) {
        fail(l, file, line, "register %s: bitsize %lu, but type %s is %u "
             "bits", name, bitsize, type, tbits);
        return;
    }
    const char *sr = prop(l, n, "save-restore");
    if (sr && strcmp(sr, "yes") && strcmp(sr, "no")) {
        fail(l, file, line, "register %s: save-restore is \"%s\", not yes "
             "or no", name, sr);
        return;
    }

    char *lower = g_ascii_strdown(name, -1);
    const char *key = intern(l, lower);
    g_free(lower);
    guint other = GPOINTER_TO_UINT(g_hash_table_lookup(l->names, key));
    if (other) {
        RegPlace *p = &g_array_index(l->places, RegPlace, other - 1);
        fail(l, file, line, "register %s is defined twice (also at "
             "xml/%s:%ld)", name, p->file, p->line);
        return;
    }
    other = GPOINTER_TO_UINT(g_hash_table_lookup(l->regnums,
                                                 GINT_TO_POINTER(regnum)));
    if (other) {
        RegInfo *o = &g_array_index(l->regs, RegInfo, other - 1);
        RegPlace *p = &g_array_index(l->places, RegPlace, other - 1);
        fail(l, file, line, "register %s: regnum %lu is taken by %s "
             "(xml/%s:%ld)", name, regnum, o->name, p->file, p->line);
        return;
    }

    const RegBinding *b = find_binding(l->d, name);
    if (!b) {
        fail(l, file, line, "register %s is not bound to %s CPU state", name,
             l->d->architecture);
        return;
    }
    if (b->size * 8 != bitsize || (b->offset < 0 && !b->get)) {
        fail(l, file, line, "register %s: bitsize %lu, but the %s CPU holds "
             "%u bits", name, bitsize, l->d->architecture, b->size * 8);
        return;
    }

    RegInfo r = {
        .offset = b->offset,
        .size = b->size,
        .get = b->offset < 0 ? b->get : NULL,
        .set = b->offset < 0 ? b->set : NULL,
        .name = name,
        .feature = l->feature,
        .type = type,
        .group = prop(l, n, "group"),
        .bitsize = (unsigned)bitsize,
        .regnum = (int)regnum,
        .is_readonly = b->readonly || (b->offset < 0 && !b->set),
        .index = l->regs->len,
    };
    RegPlace place = { file, line };
    g_array_append_val(l->regs, r);
    g_array_append_val(l->places, place);
    g_hash_table_insert(l->names, (char *)key,
                        GUINT_TO_POINTER(l->regs->len));
    g_hash_table_insert(l->regnums, GINT_TO_POINTER(regnum),
                        GUINT_TO_POINTER(l->regs->len));
    l->next_regnum = (int)regnum + 1;
}

static void read_feature(Loader *l, xmlNodePtr n, const char *file)
{
    const char *name = need_prop(l, file, n, "name");
    if (!name) {
        return;
    }
    if (!g_hash_table_add(l->features, (char *)name)) {
        fail(l, file, xmlGetLineNo(n), "feature %s appears twice", name);
        return;
    }
    l->feature = name;
    l->types = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    /* Types first: a register may name a type defined after it. */
    for_each_element(l, n->children, file, read_type);
    for_each_element(l, n->children, file, read_reg);
    g_hash_table_destroy(l->types);
    l->types = NULL;
}

static void read_target_child(Loader *l, xmlNodePtr n, const char *file)
{
    const char *kind = (const char *)n->name;
    long line = xmlGetLineNo(n);

    if (strcmp(kind, "feature") == 0) {
        read_feature(l, n, file);
    } else if (strcmp(kind, "architecture") == 0) {
        xmlChar *text = xmlNodeGetContent(n);
        char *arch = g_strstrip(g_strdup((const char *)text));
        xmlFree(text);
        if (strcmp(arch, l->d->architecture) != 0) {
            fail(l, file, line, "architecture is %s, expected %s", arch,
                 l->d->architecture);
        }
        g_free(arch);
        l->have_arch = true;
    } else if (strcmp(kind, "osabi") && strcmp(kind, "compatible")) {
        fail(l, file, line, "unexpected element <%s> in <target>", kind);
    }
}

static void read_target(Loader *l, xmlNodePtr root)
{
    const char *top = l->d->xml_top;
    long line = xmlGetLineNo(root);

    if (!is_element(root, "target")) {
        fail(l, top, line, "the top element is <%s>, not <target>",
             (const char *)root->name);
        return;
    }
    for_each_element(l, root->children, top, read_target_child);
    if (l->err) {
        return;
    }
    if (!l->have_arch) {
        fail(l, top, line, "no <architecture>%s</architecture>",
             l->d->architecture);
        return;
    }
    for (const char *const *f = l->d->features; f && *f; f++) {
        if (!g_hash_table_contains(l->features, *f)) {
            fail(l, top, line, "required feature %s is missing", *f);
            return;
        }
    }
    for (size_t i = 0; i < l->d->n_aliases; i++) {
        const RegAlias *a = &l->d->aliases[i];
        char *lower = g_ascii_strdown(a->name, -1);
        bool ok = g_hash_table_contains(l->names, lower);
        g_free(lower);
        if (!ok) {
            fail(l, top, line, "alias %s stands for %s, which is not in the "
                 "description", a->alias, a->name);
            return;
        }
    }
}

/* ---- Building the table ------------------------------------------------- */

static GBytes *read_file(Loader *l, const char *name, long line_for_error)
{
    char *path = g_build_filename(l->dir, name, NULL);
    char *text;
    gsize len;
    GError *e = NULL;
    GBytes *b = NULL;

    if (g_file_get_contents(path, &text, &len, &e)) {
        b = g_bytes_new_take(text, len);
    } else {
        int code = e->code == G_FILE_ERROR_NOENT   ? ENOENT
                 : e->code == G_FILE_ERROR_ACCES   ? EACCES
                 : e->code == G_FILE_ERROR_ISDIR   ? EISDIR
                 : e->code == G_FILE_ERROR_NOTDIR  ? ENOTDIR
                                                   : EIO;
        fail(l, name, line_for_error, "cannot read %s: %s", path,
             g_strerror(code));
        g_error_free(e);
    }
    g_free(path);
    return b;
}

static RegTable *build_table(Loader *l, GBytes *top)
{
    RegTable *t = g_new0(RegTable, 1);

    t->desc = l->d;
    t->dir = intern(l, l->dir);
    t->architecture = intern(l, l->d->architecture);
    t->n = l->regs->len;
    t->regs = (RegInfo *)g_array_free(l->regs, false);
    l->regs = NULL;
    t->max_regnum = -1;
    t->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       NULL);
    t->by_regnum = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_bytes_unref);
    for (size_t i = 0; i < t->n; i++) {
        const RegInfo *r = &t->regs[i];
        g_hash_table_insert(t->by_name, g_ascii_strdown(r->name, -1),
                            (gpointer)r);
        g_hash_table_insert(t->by_regnum, GINT_TO_POINTER(r->regnum),
                            (gpointer)r);
        t->max_regnum = MAX(t->max_regnum, r->regnum);
    }
    /* A real register of that name wins over an alias (riscv's fp). */
    for (size_t i = 0; i < l->d->n_aliases; i++) {
        const RegAlias *a = &l->d->aliases[i];
        char *alias = g_ascii_strdown(a->alias, -1);
        char *name = g_ascii_strdown(a->name, -1);
        gpointer r = g_hash_table_lookup(t->by_name, name);
        if (!g_hash_table_contains(t->by_name, alias)) {
            g_hash_table_insert(t->by_name, alias, r);
        } else {
            g_free(alias);
        }
        g_free(name);
    }
    g_hash_table_insert(t->files, g_strdup("target.xml"), g_bytes_ref(top));
    g_hash_table_insert(t->files, g_strdup(l->d->xml_top), g_bytes_ref(top));
    return t;
}

RegTable *regs_load_dir(const TargetRegs *d, const char *dir, char **err)
{
    Loader l = {
        .d = d,
        .strings = g_string_chunk_new(4096),
        .includes = g_ptr_array_new(),
        .features = g_hash_table_new(g_str_hash, g_str_equal),
        .regs = g_array_new(false, true, sizeof(RegInfo)),
        .places = g_array_new(false, true, sizeof(RegPlace)),
        .names = g_hash_table_new(g_str_hash, g_str_equal),
        .regnums = g_hash_table_new(g_direct_hash, g_direct_equal),
    };
    RegTable *t = NULL;
    xmlDocPtr doc = NULL;

    /* A trailing slash would stop error paths from matching the prefix. */
    l.dir = g_strdup(dir);
    while (strlen(l.dir) > 1 && l.dir[strlen(l.dir) - 1] == '/') {
        l.dir[strlen(l.dir) - 1] = 0;
    }

    GBytes *top = read_file(&l, d->xml_top, 0);
    if (top) {
        char *url = g_build_filename(l.dir, d->xml_top, NULL);
        gsize len;
        const char *text = g_bytes_get_data(top, &len);

        xmlInitParser();
        xmlSetStructuredErrorFunc(&l, on_xml_error);
        xmlSetGenericErrorFunc(&l, on_xml_generic);
        if (len > INT_MAX) {
            fail(&l, d->xml_top, 0, "file too large");
        } else {
            doc = xmlReadMemory(text, (int)len, url, NULL, XML_OPTIONS);
        }
        if (doc && !l.xml_failed) {
            xmlXIncludeProcessFlags(doc, XML_OPTIONS);
        }
        xmlSetStructuredErrorFunc(NULL, NULL);
        xmlSetGenericErrorFunc(NULL, NULL);
        g_free(url);

        if (l.xml_failed) {
            fail_from_xml(&l);
        } else if (doc && xmlDocGetRootElement(doc)) {
            read_target(&l, xmlDocGetRootElement(doc));
        } else {
            fail(&l, d->xml_top, 1, "Document is empty");
        }
    }

    GPtrArray *files = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_bytes_unref);
    for (guint i = 0; !l.err && i < l.includes->len; i++) {
        GBytes *b = read_file(&l, g_ptr_array_index(l.includes, i), 0);
        if (b) {
            g_ptr_array_add(files, b);
        }
    }
    if (!l.err) {
        t = build_table(&l, top);
        for (guint i = 0; i < files->len; i++) {
            g_hash_table_insert(t->files,
                                g_strdup(g_ptr_array_index(l.includes, i)),
                                g_bytes_ref(g_ptr_array_index(files, i)));
        }
        t->strings = l.strings;
        l.strings = NULL;
    }

    if (err) {
        *err = l.err;
    } else {
        g_free(l.err);
    }
    g_ptr_array_unref(files);
    if (top) {
        g_bytes_unref(top);
    }
    if (doc) {
        xmlFreeDoc(doc);
    }
    g_free(l.dir);
    g_free(l.xml_file);
    g_free(l.xml_msg);
    g_free(l.xml_href);
    if (l.strings) {
        g_string_chunk_free(l.strings);
    }
    g_ptr_array_unref(l.includes);
    g_hash_table_destroy(l.features);
    if (l.regs) {
        g_array_free(l.regs, true);
    }
    g_array_free(l.places, true);
    g_hash_table_destroy(l.names);
    g_hash_table_destroy(l.regnums);
    return t;
}

void regs_free(RegTable *t)
{
    if (!t) {
        return;
    }
    g_free((RegInfo *)t->regs);
    g_hash_table_destroy(t->by_name);
    g_hash_table_destroy(t->by_regnum);
    g_hash_table_destroy(t->files);
    g_string_chunk_free(t->strings);
    g_free(t);
}

/* ---- The API the rest of emu uses --------------------------------------- */

const RegTable *regs_load(const TargetRegs *d, char **err)
{
    /* One table per target for the whole run: plugins and the gdb stub
     * share it, and RegInfo pointers stay valid. */
    static GHashTable *loaded;
    RegTable *t;

    if (!loaded) {
        loaded = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    t = g_hash_table_lookup(loaded, d);
    if (!t) {
        t = regs_load_dir(d, regs_xml_dir(), err);
        if (t) {
            g_hash_table_insert(loaded, (gpointer)d, t);
        }
    } else if (err) {
        *err = NULL;
    }
    return t;
}

const RegTable *regs_load_or_die(const TargetRegs *d)
{
    char *err;
    const RegTable *t = regs_load(d, &err);
    if (!t) {
        emu_fatal("%s", err);
    }
    return t;
}

const RegInfo *regs_find(const RegTable *t, const char *name)
{
    char *key = g_ascii_strdown(name, -1);
    const RegInfo *r = g_hash_table_lookup(t->by_name, key);
    g_free(key);
    return r;
}

const RegInfo *regs_by_regnum(const RegTable *t, int regnum)
{
    return g_hash_table_lookup(t->by_regnum, GINT_TO_POINTER(regnum));
}

const char *regs_xml_file(const RegTable *t, const char *annex, size_t *len)
{
    GBytes *b = g_hash_table_lookup(t->files, annex);
    gsize n = 0;
    const char *text = b ? g_bytes_get_data(b, &n) : NULL;
    if (len) {
        *len = b ? n : 0;
    }
    return text;
}
