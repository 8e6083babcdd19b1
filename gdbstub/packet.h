/* The gdb remote protocol's framing: $data#cs packets, acks, the 0x03
 * interrupt byte, escapes and run-length encoding, and hex helpers. Pure
 * functions of their input: the fuzz target drives them directly. */
#ifndef GDBSTUB_PACKET_H
#define GDBSTUB_PACKET_H

#include "src/emu.h"

/* The largest packet we take, counted as gdb counts it (the raw bytes
 * between '$' and '#'): our qSupported PacketSize. */
#define GDB_PACKET_MAX 0x4000
/* Decoded data may be longer than raw data (run-length encoding). */
#define GDB_DATA_MAX (2 * GDB_PACKET_MAX)

typedef enum GdbEvent {
    GDB_EV_NONE,        /* byte taken, nothing complete yet */
    GDB_EV_PACKET,      /* a packet with a good checksum: data, len */
    GDB_EV_BAD_CSUM,    /* a packet with a bad checksum: answer '-' */
    GDB_EV_OVERLONG,    /* a packet too long to take: answer an error */
    GDB_EV_ACK,         /* '+' */
    GDB_EV_NAK,         /* '-' */
    GDB_EV_INTERRUPT,   /* 0x03 outside a packet */
} GdbEvent;

typedef struct GdbParser {
    enum { GP_IDLE, GP_DATA, GP_CSUM1, GP_CSUM2 } state;
    uint8_t sum;            /* running checksum of the raw data */
    uint8_t csum;           /* the checksum received so far */
    bool overlong;
    size_t raw_len;
    uint8_t raw[GDB_PACKET_MAX + 64];  /* a little slack over what we ask */
    /* After GDB_EV_PACKET: the decoded data, NUL-terminated. */
    size_t len;
    char data[GDB_DATA_MAX + 1];
} GdbParser;

void gdb_parser_init(GdbParser *p);
/* Take one byte from the wire. */
GdbEvent gdb_parser_feed(GdbParser *p, uint8_t byte);

/* Undo escapes ('}' then byte ^ 0x20) and run-length encoding ("x*n":
 * n - 29 more x). false when the data is malformed or would decode to
 * more than max bytes. */
bool gdb_decode(const uint8_t *raw, size_t raw_len, char *out, size_t max,
                size_t *out_len);

/* Append the packet "$" data "#cs" to out, escaping '$', '#', '}' and
 * '*' in data (so binary data is safe and nothing reads as RLE). */
void gdb_frame(GString *out, const void *data, size_t len);
/* Append the bytes of buf, escaped as above but without framing. */
void gdb_escape(GString *out, const void *buf, size_t len);

/* Hex. */
void gdb_put_hex(GString *out, const void *buf, size_t len);
int gdb_hex_digit(int c);
/* Decode 2*len hex digits from s into buf; false on a non-hex digit. */
bool gdb_get_hex(const char *s, void *buf, size_t len);
/* Parse a hex number at *s (at least one digit, at most 16); advances *s.
 * false when there is no number or it overflows 64 bits. */
bool gdb_parse_hex(const char **s, uint64_t *v);

#endif
