/* A fuzz target for the gdb stub's packet parser and command dispatcher:
 * a fixed-seed stream of well-formed, mutated and random packets (and
 * bytes) goes through the same parser and dispatcher a connection uses,
 * against a real AArch64 CPU and guest memory. Every reply must be a
 * well-framed packet; nothing may crash (run it under ASan with
 * ./configure --enable-sanitizers). Bounded: FUZZ_GDB_ITERS inputs
 * (default 100000), well under a second. FUZZ_GDB_SEED picks another stream. */
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "gdbstub/internal.h"
#include "src/guest-mem.h"
#include "src/linux-user.h"
#include "src/target.h"
#include "tcg/tb.h"

static GRand *rnd;
static GdbStub *stub;
static unsigned failures;
static unsigned long dispatched, run_requests;
static uint64_t data_page, code_page;

#define CHECK(cond, ...)                                                \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "fuzz-gdbstub: " __VA_ARGS__);              \
            fputc('\n', stderr);                                        \
            failures++;                                                 \
        }                                                               \
    } while (0)

/* Packets gdb sends (and some it does not), for mutation. */
static const char *const corpus[] = {
    "?", "g", "G", "p0", "p20", "p21", "p22", "p42", "p44", "p4a", "p1000",
    "P0=0100000000000000", "P21=00000000",
    "P22=0123456789abcdef0123456789abcdef",
    "Pffffffff=00", "m0,8", "m%DATA%,40", "m%CODE%,10", "m%DATA%,100000",
    "M%DATA%,4:01020304", "M%CODE%,4:1f2003d5", "M0,4:00000000",
    "X%DATA%,4:abcd", "X%DATA%,0:", "c", "c%CODE%", "C0b", "C05;%CODE%",
    "s", "S02", "vCont?", "vCont;c", "vCont;s:1", "vCont;r%CODE%,%DATA%",
    "vCont;C0b:-1", "vCont;t:p1.1;c", "vCont;s:p1.-1;c", "vMustReplyEmpty",
    "vKill;1", "vFile:open:2f,0,0",
    "qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
    "vContSupported+;no-resumed+",
    "qC", "qfThreadInfo", "qsThreadInfo", "qAttached", "qAttached:1",
    "qOffsets", "qTStatus", "qSymbol::", "qThreadExtraInfo,1",
    "qXfer:features:read:target.xml:0,ffb",
    "qXfer:features:read:aarch64-core.xml:100,200",
    "qXfer:features:read:../../etc/passwd:0,100",
    "qXfer:auxv:read::0,1000", "qXfer:exec-file:read:1:0,ff",
    "qXfer:threads:read::0,100", "QStartNoAckMode", "QNonStop:1",
    "Hg0", "Hc-1", "Hgp1.1", "Hg12345678", "T1", "T0", "Tp1.1",
    "Z0,%CODE%,4", "z0,%CODE%,4", "Z1,%CODE%,4", "Z2,%DATA%,8",
    "z2,%DATA%,8", "Z3,%DATA%,4", "Z4,%DATA%,1", "Z9,0,0", "Z0", "z4,0,",
    "qRcmd,68656c70", "qRcmd,696e666f2072656769737465727320786d6c",
    "qRcmd,696e666f207265676973746572732d786d6c",
    "qRcmd,6c6f6720756e696d70", "qRcmd,6c6f67", "qRcmd,6c6f672068656c70",
    "qRcmd,706c7567696e206c697374", "qRcmd,706c7567696e20756e6c6f61642039",
    "qRcmd,7a", "qRcmd,", "D", "D;1", "k", "!", "R00", "i", "bc", "A",
};

static char *expand(const char *tmpl)
{
    GString *s = g_string_new(NULL);
    for (const char *p = tmpl; *p; p++) {
        if (g_str_has_prefix(p, "%DATA%")) {
            g_string_append_printf(s, "%" PRIx64, data_page + 8);
            p += 5;
        } else if (g_str_has_prefix(p, "%CODE%")) {
            g_string_append_printf(s, "%" PRIx64, code_page);
            p += 5;
        } else {
            g_string_append_c(s, *p);
        }
    }
    return g_string_free(s, FALSE);
}

/* Each reply the stub sent since the last call is a good packet (or an
 * ack). */
static void check_replies(void)
{
    GString *c = stub->capture;
    size_t i = 0;

    while (i < c->len) {
        if (c->str[i] == '+' || c->str[i] == '-') {
            i++;
            continue;
        }
        CHECK(c->str[i] == '$', "reply does not start with $: %.40s",
              c->str + i);
        if (c->str[i] != '$') {
            break;
        }
        uint8_t sum = 0;
        size_t j = i + 1;
        while (j < c->len && c->str[j] != '#') {
            CHECK(c->str[j] != '$', "unescaped $ inside a reply");
            sum += (uint8_t)c->str[j++];
        }
        if (j + 3 > c->len) {
            CHECK(false, "reply without a checksum: %.40s", c->str + i);
            break;
        }
        int hi = gdb_hex_digit((unsigned char)c->str[j + 1]);
        int lo = gdb_hex_digit((unsigned char)c->str[j + 2]);
        CHECK(hi >= 0 && lo >= 0 && (uint8_t)(hi << 4 | lo) == sum,
              "reply with a bad checksum");
        i = j + 3;
    }
    g_string_truncate(c, 0);
}

static void dispatch(const char *data, size_t len)
{
    unsigned mask = emu_log_mask;
    bool strace = linux_strace;

    if (gdb_handle_packet(stub, data, len).kind != GDB_RUN_NONE) {
        run_requests++;
    }
    dispatched++;
    /* What the guest run would do next is not ours to test here. */
    emu_log_mask = mask;
    linux_strace = strace;
    stub->no_ack = g_rand_boolean(rnd);
    check_replies();
}

/* Feed bytes through the parser as the transport does. */
static void feed(const void *buf, size_t len)
{
    const uint8_t *b = buf;

    for (size_t i = 0; i < len; i++) {
        GdbEvent ev = gdb_parser_feed(stub->parser, b[i]);
        if (ev == GDB_EV_PACKET) {
            CHECK(stub->parser->len <= GDB_DATA_MAX, "decoded too long");
            CHECK(stub->parser->data[stub->parser->len] == '\0',
                  "decoded data not terminated");
            dispatch(stub->parser->data, stub->parser->len);
        }
    }
}

static void mutate(GString *s)
{
    int n = g_rand_int_range(rnd, 1, 5);

    for (int k = 0; k < n; k++) {
        guint at = s->len ? (guint)g_rand_int_range(rnd, 0, (gint32)s->len)
                          : 0;
        switch (g_rand_int_range(rnd, 0, 6)) {
        case 0:     /* flip a byte */
            if (s->len) {
                s->str[at] ^= (char)(1u << g_rand_int_range(rnd, 0, 8));
            }
            break;
        case 1:     /* truncate */
            g_string_truncate(s, at);
            break;
        case 2:     /* insert a random byte */
            g_string_insert_c(s, at, (char)g_rand_int_range(rnd, 0, 256));
            break;
        case 3:     /* insert a protocol character */
            g_string_insert_c(s, at, ",:;#$}*=-"[g_rand_int_range(rnd, 0, 9)]);
            break;
        case 4:     /* repeat a chunk */
            if (s->len && s->len < 4096) {
                char *chunk = g_strndup(s->str + at, 16);
                g_string_insert(s, at, chunk);
                g_free(chunk);
            }
            break;
        default:    /* a long hex run */
            for (int r = g_rand_int_range(rnd, 1, 64); r > 0; r--) {
                g_string_insert_c(s, at, "0123456789abcdef"[r & 15]);
            }
            break;
        }
    }
}

/* Escaping and framing round-trip for any bytes. */
static void check_roundtrip(void)
{
    size_t len = (size_t)g_rand_int_range(rnd, 0, 300);
    uint8_t *data = g_malloc(len + 1);
    GString *wire = g_string_new(NULL);
    GdbParser *p = g_new0(GdbParser, 1);
    bool got = false;

    for (size_t i = 0; i < len; i++) {
        data[i] = (uint8_t)g_rand_int_range(rnd, 0, 256);
    }
    gdb_frame(wire, data, len);
    gdb_parser_init(p);
    for (size_t i = 0; i < wire->len; i++) {
        GdbEvent ev = gdb_parser_feed(p, (uint8_t)wire->str[i]);
        if (ev == GDB_EV_PACKET) {
            got = p->len == len && memcmp(p->data, data, len) == 0;
        }
    }
    CHECK(got, "a framed packet of %zu bytes did not come back intact", len);
    g_free(p);
    g_string_free(wire, TRUE);
    g_free(data);
}

int main(void)
{
    const Target *t = target_by_elf_machine(183);
    const char *iters_env = getenv("FUZZ_GDB_ITERS");
    const char *seed_env = getenv("FUZZ_GDB_SEED");
    long iters = iters_env ? atol(iters_env) : 100000;
    CPUState *cpu;
    int64_t a;

    emu_log_set_file("/dev/null");
    guest_mem_init();
    a = guest_mmap(0, 3 * GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0) {
        fprintf(stderr, "fuzz-gdbstub: guest_mmap failed\n");
        return 1;
    }
    data_page = (uint64_t)a;
    code_page = data_page + GUEST_PAGE_SIZE;
    guest_mprotect(code_page, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC);
    guest_mprotect(code_page + GUEST_PAGE_SIZE, GUEST_PAGE_SIZE, PROT_NONE);

    cpu = g_aligned_alloc0(1, t->cpu_size, 64);
    cpu->target = t;
    t->cpu_init(cpu);
    t->init_process(cpu, code_page, data_page + GUEST_PAGE_SIZE - 64);
    current_cpu = cpu;

    stub = gdb_stub_new(cpu, NULL);
    stub->capture = g_string_new(NULL);
    gdb_stub = stub;
    rnd = g_rand_new_with_seed(seed_env ? (guint32)atol(seed_env) : 1234);

    for (long i = 0; i < iters; i++) {
        GString *pkt;
        int kind = g_rand_int_range(rnd, 0, 10);

        if (kind == 0) {
            /* Raw random bytes: noise, acks, interrupts, partial frames. */
            size_t n = (size_t)g_rand_int_range(rnd, 1, 64);
            uint8_t buf[64];
            for (size_t k = 0; k < n; k++) {
                buf[k] = g_rand_boolean(rnd)
                         ? (uint8_t)g_rand_int_range(rnd, 0, 256)
                         : (uint8_t)"$#+-}*\003"[g_rand_int_range(rnd, 0, 7)];
            }
            feed(buf, n);
            continue;
        }
        if (kind == 1) {
            check_roundtrip();
            continue;
        }
        char *base = expand(corpus[g_rand_int_range(rnd, 0,
                                                    G_N_ELEMENTS(corpus))]);
        pkt = g_string_new(base);
        g_free(base);
        if (kind >= 4) {
            mutate(pkt);
        }
        if (kind == 2) {
            /* Straight to the dispatcher, framing aside. */
            dispatch(pkt->str, pkt->len);
        } else {
            GString *wire = g_string_new(NULL);
            gdb_frame(wire, pkt->str, pkt->len);
            if (kind == 3 && wire->len > 2) {
                /* A bad checksum. */
                wire->str[wire->len - 1] ^= 1;
            }
            feed(wire->str, wire->len);
            g_string_free(wire, TRUE);
        }
        g_string_free(pkt, TRUE);
        /* Keep the run bounded: watchpoints and breakpoints pile up. */
        if (i % 500 == 0) {
            gdb_bp_remove_all();
        }
    }
    gdb_bp_remove_all();
    if (failures) {
        fprintf(stderr, "fuzz-gdbstub: %u failures\n", failures);
        return 1;
    }
    printf("fuzz-gdbstub: %ld inputs, %lu packets dispatched (%lu asking "
           "to run), no failures\n", iters, dispatched, run_requests);
    return 0;
}
