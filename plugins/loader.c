/* Loading plugins: the -plugin grammar and EMU_PLUGIN, finding a plugin
 * by name, opening it with GModule, the API version check and install. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plugins/plugin.h"
#include "src/linux-user.h"
#include "src/regs.h"
#include "src/target.h"
#include "src/threads.h"
#include "tcg/tb.h"

#ifndef EMU_PKGLIBDIR
#define EMU_PKGLIBDIR "/usr/local/lib/emu"
#endif

/* One plugin as the command line gives it. */
typedef struct PluginDesc {
    char *path;               /* as written */
    GPtrArray *args;          /* NAME=VALUE strings */
} PluginDesc;

static GPtrArray *descs;      /* PluginDesc*, in the order given */

/* The grammar is QEMU's: comma-separated; the first item, when it has
 * no '=', is the file (file=PATH anywhere says it explicitly); every
 * other item is NAME=VALUE. */
bool plugin_add_spec(const char *where, const char *spec, char **err)
{
    char **parts = g_strsplit(spec, ",", -1);
    GPtrArray *args = g_ptr_array_new();
    const char *path = NULL;
    PluginDesc *d = NULL;
    bool ok = false;

    for (char **a = parts; *a; a++) {
        const char *eq = strchr(*a, '=');
        if (g_str_has_prefix(*a, "file=")) {
            path = *a + 5;
        } else if (a == parts && !eq) {
            path = *a;
        } else if (!eq || eq == *a) {
            *err = g_strdup_printf("%s %s: argument '%s' is not NAME=VALUE",
                                   where, spec, *a);
            goto out;
        } else {
            g_ptr_array_add(args, *a);
        }
    }
    if (!path || !*path) {
        *err = g_strdup_printf("%s %s: no plugin file named", where, spec);
        goto out;
    }
    /* The same file twice is one plugin with the arguments of both. */
    for (guint i = 0; descs && i < descs->len; i++) {
        PluginDesc *o = descs->pdata[i];
        if (!strcmp(o->path, path)) {
            d = o;
            break;
        }
    }
    if (!d) {
        d = g_new0(PluginDesc, 1);
        d->path = g_strdup(path);
        d->args = g_ptr_array_new();
        if (!descs) {
            descs = g_ptr_array_new();
        }
        g_ptr_array_add(descs, d);
    }
    for (guint i = 0; i < args->len; i++) {
        const char *a = args->pdata[i];
        /* QEMU's older spelling arg=VALUE passes VALUE alone. */
        g_ptr_array_add(d->args,
                        g_strdup(g_str_has_prefix(a, "arg=") ? a + 4 : a));
    }
    ok = true;
out:
    g_ptr_array_free(args, TRUE);
    g_strfreev(parts);
    return ok;
}

/* Is emu running from the tree it was built in? Then a bare plugin name
 * means the plugin built beside it. */
static bool in_build_tree(void)
{
#ifdef EMU_BUILDDIR
    char *root = realpath(EMU_BUILDDIR, NULL);
    char *exe = realpath("/proc/self/exe", NULL);
    size_t n = root ? strlen(root) : 0;
    bool in = root && exe && strncmp(exe, root, n) == 0 &&
              (n == 1 || exe[n] == '/');
    free(root);
    free(exe);
    return in;
#else
    return false;
#endif
}

/* The folders a bare plugin name is looked up in, in order. */
static GPtrArray *search_dirs(void)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    const char *installed = EMU_PKGLIBDIR "/plugins";
#ifdef EMU_BUILDDIR
    char *built = g_build_filename(EMU_BUILDDIR, "plugins", NULL);
    /* An uninstalled emu run from elsewhere still finds its plugins. */
    if (in_build_tree() || !g_file_test(installed, G_FILE_TEST_IS_DIR)) {
        g_ptr_array_add(dirs, built);
    } else {
        g_free(built);
    }
#endif
    g_ptr_array_add(dirs, g_strdup(installed));
    return dirs;
}

/* The file a -plugin PATH names, or NULL with *err set. */
static char *find_plugin(const PluginDesc *d, char **err)
{
    const char *name = d->path;

    if (strchr(name, '/')) {
        if (access(name, R_OK) != 0) {
            *err = g_strdup_printf("plugin %s: %s", name, g_strerror(errno));
            return NULL;
        }
        return g_strdup(name);
    }
    /* A bare name: NAME, then libNAME; NAME.so and libNAME.so when NAME
     * has no .so. */
    GPtrArray *dirs = search_dirs();
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(names, g_strdup(name));
    g_ptr_array_add(names, g_strconcat("lib", name, NULL));
    if (!g_str_has_suffix(name, ".so")) {
        g_ptr_array_add(names, g_strconcat(name, ".so", NULL));
        g_ptr_array_add(names, g_strconcat("lib", name, ".so", NULL));
    }
    char *found = NULL;
    for (guint i = 0; !found && i < dirs->len; i++) {
        for (guint k = 0; !found && k < names->len; k++) {
            char *f = g_build_filename(dirs->pdata[i], names->pdata[k], NULL);
            if (g_file_test(f, G_FILE_TEST_IS_REGULAR)) {
                found = f;
            } else {
                g_free(f);
            }
        }
    }
    if (!found) {
        GString *s = g_string_new(NULL);
        for (guint i = 0; i < dirs->len; i++) {
            g_string_append_printf(s, "%s%s", i ? " or " : "",
                                   (char *)dirs->pdata[i]);
        }
        *err = g_strdup_printf("plugin '%s' not found in %s", name, s->str);
        g_string_free(s, TRUE);
    }
    g_ptr_array_free(names, TRUE);
    g_ptr_array_free(dirs, TRUE);
    return found;
}

/* g_module_error() repeats the file name; keep only the reason. */
static const char *module_reason(const char *file)
{
    const char *e = g_module_error();
    size_t n = strlen(file);
    if (!e) {
        return "unknown error";
    }
    if (!strncmp(e, file, n) && e[n] == ':') {
        e += n + 1;
        while (*e == ' ') {
            e++;
        }
    }
    return e;
}

static qemu_plugin_id_t next_id = 1;

/* Open, check and install one plugin. NULL with *err set to a one-line
 * reason when it cannot be loaded; a plugin whose install failed is
 * taken out again (asynchronously, like an uninstall). */
static Plugin *load_one(const PluginDesc *d, const Target *target,
                        char **err)
{
    char *file = find_plugin(d, err);
    gpointer sym;

    if (!file) {
        return NULL;
    }
    GModule *m = g_module_open(file, G_MODULE_BIND_LOCAL);
    if (!m) {
        *err = g_strdup_printf("plugin %s: cannot load: %s", file,
                               module_reason(file));
        g_free(file);
        return NULL;
    }
    if (!g_module_symbol(m, "qemu_plugin_version", &sym) || !sym) {
        *err = g_strdup_printf("plugin %s: exports no qemu_plugin_version "
                               "(this emu supports plugin API versions %d "
                               "to %d)", file, PLUGIN_MIN_VERSION,
                               QEMU_PLUGIN_VERSION);
        goto refuse;
    }
    int version = *(int *)sym;
    if (version < PLUGIN_MIN_VERSION || version > QEMU_PLUGIN_VERSION) {
        *err = g_strdup_printf("plugin %s: API version %d is not supported "
                               "(this emu supports plugin API versions %d "
                               "to %d)", file, version, PLUGIN_MIN_VERSION,
                               QEMU_PLUGIN_VERSION);
        goto refuse;
    }
    if (!g_module_symbol(m, "qemu_plugin_install", &sym) || !sym) {
        *err = g_strdup_printf("plugin %s: does not define "
                               "qemu_plugin_install", file);
        goto refuse;
    }
    int (*install)(qemu_plugin_id_t, const qemu_info_t *, int, char **) =
        (int (*)(qemu_plugin_id_t, const qemu_info_t *, int, char **))sym;

    Plugin *p = g_new0(Plugin, 1);
    p->id = next_id++;
    p->module = m;
    p->path = file;
    p->argc = (int)d->args->len;
    p->argv = g_new0(char *, d->args->len + 1);
    for (guint i = 0; i < d->args->len; i++) {
        p->argv[i] = g_strdup(d->args->pdata[i]);
    }
    g_ptr_array_add(plugin_list, p);

    qemu_info_t info = {
        .target_name = target->name,
        .version = { PLUGIN_MIN_VERSION, QEMU_PLUGIN_VERSION },
        .system_emulation = false,
    };
    int rc = install(p->id, &info, p->argc, p->argv);
    if (rc != 0) {
        /* Whatever it printed says why; we say who. */
        fflush(emu_log_file ? emu_log_file : stderr);
        *err = g_strdup_printf("plugin %s: qemu_plugin_install failed "
                               "(returned %d)", file, rc);
        plugin_request_removal(p, true, NULL);
        return NULL;
    }
    if (emu_log_enabled(LOG_PLUGIN)) {
        emu_log("emu: plugin %s loaded: id %" PRIu64 ", API version %d, "
                "%d argument%s\n", file, p->id, version, p->argc,
                p->argc == 1 ? "" : "s");
    }
    return p;

refuse:
    g_module_close(m);
    g_free(file);
    return NULL;
}

/* Run the vcpu_init callbacks of p (all plugins' when p is NULL). */
static void run_vcpu_init(CPUState *cpu, Plugin *p)
{
    GArray *cbs = plugin_cbs[PLUGIN_EV_VCPU_INIT];
    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying && (!p || c->plugin == p)) {
            ((qemu_plugin_vcpu_simple_cb_t)c->fn)(c->plugin->id,
                                                  cpu->cpu_index);
        }
    }
}

static void run_vcpu_exit(CPUState *cpu)
{
    GArray *cbs = plugin_cbs[PLUGIN_EV_VCPU_EXIT];

    /* Callbacks without flags may touch registers. */
    plugin_cb_flags = QEMU_PLUGIN_CB_RW_REGS;
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying) {
            ((qemu_plugin_vcpu_simple_cb_t)c->fn)(c->plugin->id,
                                                  cpu->cpu_index);
        }
    }
}

static void plugin_at_exit(void *opaque)
{
    CPUState *cpu = opaque;
    GArray *cbs;

    /* The vCPUs end, then the run: vcpu_exit before atexit, as QEMU's
     * user mode does, in the order they were made. */
    if (first_cpu) {
        for (CPUState *c = first_cpu; c; c = c->next_cpu) {
            run_vcpu_exit(c);
        }
    } else {
        run_vcpu_exit(cpu);
    }
    cbs = plugin_cbs[PLUGIN_EV_ATEXIT];
    for (guint i = 0; i < cbs->len; i++) {
        PluginCb *c = &g_array_index(cbs, PluginCb, i);
        if (!c->plugin->dying) {
            ((qemu_plugin_udata_cb_t)c->fn)(c->plugin->id, c->udata);
        }
    }
    fflush(emu_log_file ? emu_log_file : stderr);
}

/* The host's own set-up, once: callback lists, registers, exit hook. */
static void host_init(CPUState *cpu)
{
    static bool done;
    if (done) {
        return;
    }
    done = true;
    plugin_core_init();
    plugin_regs = regs_load_or_die(cpu->target->regs);
    linux_add_exit_hook(plugin_at_exit, cpu);
}

void plugin_start(CPUState *cpu)
{
    char *err = NULL;

    if (!descs || !descs->len) {
        return;
    }
    host_init(cpu);
    for (guint i = 0; i < descs->len; i++) {
        if (!load_one(descs->pdata[i], cpu->target, &err)) {
            emu_fatal("%s", err);
        }
    }
    /* The vCPU exists before its init callbacks run (scoreboards have
     * its entry). */
    plugin_num_vcpus = cpu->cpu_index + 1;
    run_vcpu_init(cpu, NULL);
    /* An uninstall or reset asked for so far completes when the loop
     * first looks at the CPU. */
    if (plugin_removal_pending()) {
        tb_flush_request(cpu);
    }
}

void plugin_vcpu_init(CPUState *cpu)
{
    if (!plugin_cbs[PLUGIN_EV_VCPU_INIT]) {
        return;             /* no plugin was ever loaded */
    }
    plugin_num_vcpus = MAX(plugin_num_vcpus, cpu->cpu_index + 1);
    if (plugin_scoreboards_grow(plugin_num_vcpus)) {
        /* Between blocks, under the lock: no thread is in a block. */
        tb_flush(cpu);
    }
    run_vcpu_init(cpu, NULL);
}

void plugin_vcpu_exit(CPUState *cpu)
{
    if (plugin_cbs[PLUGIN_EV_VCPU_EXIT]) {
        run_vcpu_exit(cpu);
    }
}

static void desc_free(gpointer data)
{
    PluginDesc *d = data;
    g_free(d->path);
    for (guint i = 0; i < d->args->len; i++) {
        g_free(d->args->pdata[i]);
    }
    g_ptr_array_free(d->args, TRUE);
    g_free(d);
}

bool plugin_load_now(CPUState *cpu, const char *spec, uint64_t *id,
                     char **err)
{
    /* Parse on a list of our own: -plugin's merging of equal paths is
     * for the command line. */
    GPtrArray *saved = descs;
    descs = NULL;
    bool ok = plugin_add_spec("plugin", spec, err);
    GPtrArray *mine = descs;
    descs = saved;
    if (mine) {
        g_ptr_array_set_free_func(mine, desc_free);
    }
    if (!ok) {
        if (mine) {
            g_ptr_array_free(mine, TRUE);
        }
        return false;
    }
    host_init(cpu);
    Plugin *p = load_one(mine->pdata[0], cpu->target, err);
    g_ptr_array_free(mine, TRUE);
    if (!p) {
        return false;
    }
    plugin_num_vcpus = cpu->cpu_index + 1;
    run_vcpu_init(cpu, p);
    /* Its instrumentation must reach code translated before it came. */
    tb_flush_request(cpu);
    *id = p->id;
    return true;
}
