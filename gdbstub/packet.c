/* The gdb remote protocol's framing: a byte-at-a-time parser for what
 * gdb sends, and the encoder for what we send back. */
#include "gdbstub/packet.h"

void gdb_parser_init(GdbParser *p)
{
    p->state = GP_IDLE;
    p->raw_len = 0;
    p->len = 0;
    p->overlong = false;
    p->data[0] = '\0';
}

int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

bool gdb_decode(const uint8_t *raw, size_t raw_len, char *out, size_t max,
                size_t *out_len)
{
    size_t n = 0;

    for (size_t i = 0; i < raw_len; i++) {
        uint8_t c = raw[i];

        if (c == '}') {
            if (++i >= raw_len || n >= max) {
                return false;
            }
            out[n++] = (char)(raw[i] ^ 0x20);
        } else if (c == '*') {
            /* Run-length: repeat the previous byte count - 29 times. */
            if (++i >= raw_len || n == 0) {
                return false;
            }
            int count = (int)raw[i] - 29;
            if (count < 0 || n + count > max) {
                return false;
            }
            memset(out + n, out[n - 1], count);
            n += count;
        } else {
            if (n >= max) {
                return false;
            }
            out[n++] = (char)c;
        }
    }
    *out_len = n;
    return true;
}

GdbEvent gdb_parser_feed(GdbParser *p, uint8_t c)
{
    int d;

    switch (p->state) {
    case GP_IDLE:
        switch (c) {
        case '$':
            p->state = GP_DATA;
            p->sum = 0;
            p->raw_len = 0;
            p->overlong = false;
            return GDB_EV_NONE;
        case '+':
            return GDB_EV_ACK;
        case '-':
            return GDB_EV_NAK;
        case 0x03:
            return GDB_EV_INTERRUPT;
        default:
            /* Noise between packets (a stray '#', line noise): dropped. */
            return GDB_EV_NONE;
        }
    case GP_DATA:
        if (c == '#') {
            p->state = GP_CSUM1;
            return GDB_EV_NONE;
        }
        if (c == '$') {
            /* A new packet before the end of this one: gdb gave up on
             * the first (it never sends '$' unescaped inside one). */
            p->sum = 0;
            p->raw_len = 0;
            p->overlong = false;
            return GDB_EV_NONE;
        }
        p->sum += c;
        if (p->raw_len < sizeof(p->raw)) {
            p->raw[p->raw_len++] = c;
        } else {
            p->overlong = true;
        }
        return GDB_EV_NONE;
    case GP_CSUM1:
        d = gdb_hex_digit(c);
        if (d < 0) {
            p->state = GP_IDLE;
            return GDB_EV_BAD_CSUM;
        }
        p->csum = (uint8_t)(d << 4);
        p->state = GP_CSUM2;
        return GDB_EV_NONE;
    case GP_CSUM2:
        p->state = GP_IDLE;
        d = gdb_hex_digit(c);
        if (d < 0 || (uint8_t)(p->csum | d) != p->sum) {
            return GDB_EV_BAD_CSUM;
        }
        if (p->overlong) {
            return GDB_EV_OVERLONG;
        }
        if (!gdb_decode(p->raw, p->raw_len, p->data, GDB_DATA_MAX,
                        &p->len)) {
            /* Well framed but undecodable: as good as overlong. */
            p->len = 0;
            p->data[0] = '\0';
            return GDB_EV_OVERLONG;
        }
        p->data[p->len] = '\0';
        return GDB_EV_PACKET;
    }
    p->state = GP_IDLE;
    return GDB_EV_NONE;
}

void gdb_escape(GString *out, const void *buf, size_t len)
{
    const uint8_t *b = buf;

    for (size_t i = 0; i < len; i++) {
        uint8_t c = b[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            g_string_append_c(out, (char)(c ^ 0x20));
        } else {
            g_string_append_c(out, (char)c);
        }
    }
}

void gdb_frame(GString *out, const void *data, size_t len)
{
    size_t start;
    uint8_t sum = 0;

    g_string_append_c(out, '$');
    start = out->len;
    gdb_escape(out, data, len);
    for (size_t i = start; i < out->len; i++) {
        sum += (uint8_t)out->str[i];
    }
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_put_hex(GString *out, const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *b = buf;

    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[b[i] >> 4]);
        g_string_append_c(out, digits[b[i] & 15]);
    }
}

bool gdb_get_hex(const char *s, void *buf, size_t len)
{
    uint8_t *b = buf;

    for (size_t i = 0; i < len; i++) {
        int hi = gdb_hex_digit((unsigned char)s[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit((unsigned char)s[2 * i + 1]);
        if (lo < 0) {
            return false;
        }
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **s, uint64_t *v)
{
    const char *p = *s;
    uint64_t x = 0;
    int n = 0, d;

    while ((d = gdb_hex_digit((unsigned char)*p)) >= 0) {
        if (x >> 60) {
            return false;
        }
        x = x << 4 | (uint64_t)d;
        p++;
        n++;
    }
    if (n == 0) {
        return false;
    }
    *s = p;
    *v = x;
    return true;
}
