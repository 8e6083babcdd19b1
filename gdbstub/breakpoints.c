/* Breakpoints and watchpoints gdb inserted (Z0-Z4): the lists, the check
 * the translators make before each instruction, the check watched loads
 * and stores make before each access, and dropping translated code when
 * what it was made for changes. */
#include "gdbstub/internal.h"
#include "src/target.h"
#include "tcg/tb.h"

typedef struct Breakpoint {
    uint64_t addr;
    int type;
} Breakpoint;

typedef struct Watchpoint {
    uint64_t addr, len;
    int type;
} Watchpoint;

unsigned gdb_nb_breakpoints;
unsigned gdb_nb_watchpoints;

static GArray *bps;             /* of Breakpoint */
static GArray *wps;             /* of Watchpoint */

/* What the translated code was made for: breakpoint addresses (sorted)
 * and whether loads and stores were watched. */
static GArray *made_for_bps;
static bool made_for_watch;

/* A watched range may be large (a whole array), not the whole space. */
#define WATCH_MAX_LEN (1u << 24)

static void lists_init(void)
{
    if (!bps) {
        bps = g_array_new(FALSE, FALSE, sizeof(Breakpoint));
        wps = g_array_new(FALSE, FALSE, sizeof(Watchpoint));
        made_for_bps = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
}

bool gdb_breakpoint_at(uint64_t pc)
{
    return gdb_bp_type_at(pc) >= 0;
}

int gdb_bp_type_at(uint64_t pc)
{
    int type = -1;

    for (guint i = 0; bps && i < bps->len; i++) {
        Breakpoint *b = &g_array_index(bps, Breakpoint, i);
        if (b->addr == pc && (type < 0 || b->type == GDB_BP_SW)) {
            type = b->type;
        }
    }
    return type;
}

bool gdb_bp_insert(int type, uint64_t addr, uint64_t len)
{
    lists_init();
    switch (type) {
    case GDB_BP_SW:
    case GDB_BP_HW: {
        /* gdb may insert the same one twice (it tracks locations, not
         * our list); keep one. */
        for (guint i = 0; i < bps->len; i++) {
            Breakpoint *b = &g_array_index(bps, Breakpoint, i);
            if (b->addr == addr && b->type == type) {
                return true;
            }
        }
        Breakpoint b = { addr, type };
        g_array_append_val(bps, b);
        gdb_nb_breakpoints = bps->len;
        return true;
    }
    case GDB_WP_WRITE:
    case GDB_WP_READ:
    case GDB_WP_ACCESS: {
        if (len == 0 || len > WATCH_MAX_LEN || addr + len < addr) {
            return false;
        }
        Watchpoint w = { addr, len, type };
        g_array_append_val(wps, w);
        gdb_nb_watchpoints = wps->len;
        return true;
    }
    default:
        return false;
    }
}

bool gdb_bp_remove(int type, uint64_t addr, uint64_t len)
{
    lists_init();
    switch (type) {
    case GDB_BP_SW:
    case GDB_BP_HW:
        for (guint i = 0; i < bps->len; i++) {
            Breakpoint *b = &g_array_index(bps, Breakpoint, i);
            if (b->addr == addr && b->type == type) {
                g_array_remove_index(bps, i);
                gdb_nb_breakpoints = bps->len;
                return true;
            }
        }
        /* Removing what is not there is not an error to gdb. */
        return true;
    case GDB_WP_WRITE:
    case GDB_WP_READ:
    case GDB_WP_ACCESS:
        for (guint i = 0; i < wps->len; i++) {
            Watchpoint *w = &g_array_index(wps, Watchpoint, i);
            if (w->addr == addr && w->len == len && w->type == type) {
                g_array_remove_index(wps, i);
                gdb_nb_watchpoints = wps->len;
                return true;
            }
        }
        return true;
    default:
        return false;
    }
}

void gdb_bp_remove_all(void)
{
    lists_init();
    g_array_set_size(bps, 0);
    g_array_set_size(wps, 0);
    gdb_nb_breakpoints = 0;
    gdb_nb_watchpoints = 0;
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void gdb_bp_sync(CPUState *cpu)
{
    GArray *now;
    bool same;

    lists_init();
    now = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), bps->len);
    for (guint i = 0; i < bps->len; i++) {
        g_array_append_val(now, g_array_index(bps, Breakpoint, i).addr);
    }
    g_array_sort(now, cmp_u64);
    /* gdb takes its breakpoints out at every stop and puts them back
     * before it resumes: the code stays when the set is what it was. */
    same = now->len == made_for_bps->len &&
           made_for_watch == (gdb_nb_watchpoints != 0) &&
           (now->len == 0 ||
            memcmp(now->data, made_for_bps->data,
                   now->len * sizeof(uint64_t)) == 0);
    if (!same) {
        g_array_free(made_for_bps, TRUE);
        made_for_bps = now;
        made_for_watch = gdb_nb_watchpoints != 0;
        if (cpu) {
            tb_flush_request(cpu);
        }
    } else {
        g_array_free(now, TRUE);
    }
}

void gdb_watch_access(CPUState *cpu, uint64_t addr, unsigned size,
                      bool is_write)
{
    GdbStub *s = gdb_stub;

    if (!s || s->watch_hit || !wps) {
        return;
    }
    for (guint i = 0; i < wps->len; i++) {
        Watchpoint *w = &g_array_index(wps, Watchpoint, i);

        if ((w->type == GDB_WP_WRITE && !is_write) ||
            (w->type == GDB_WP_READ && is_write)) {
            continue;
        }
        if (addr < w->addr + w->len && w->addr < addr + size) {
            s->watch_hit = true;
            s->watch_type = w->type;
            /* gdb matches the address against its watchpoint's range. */
            s->watch_addr = addr > w->addr ? addr : w->addr;
            s->watch_pc = cpu->cur_tb && cpu->cur_ip
                          ? tb_pc_at(cpu->cur_tb, cpu->cur_ip)
                          : cpu->target->get_pc(cpu);
            /* Let the instruction finish; leave at its end. */
            __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
            return;
        }
    }
}
