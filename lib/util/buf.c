/*
 * buf.c - growable buffers and the number and string formatting that the
 * trace printers need in their hot loop (no printf per field).
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

void sd__buf_release(sd_buf *b)
{
    if (!b) return;
    sd__free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int sd__buf_grow(sd_buf *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 256;
    char *p;
    if (b->oom) return SD_ENOMEM;
    while (cap - b->len < need) {
        if (cap > SIZE_MAX / 2) { b->oom = 1; return SD_ENOMEM; }
        cap *= 2;
    }
    p = sd__realloc(b->p, cap);
    if (!p) { b->oom = 1; return SD_ENOMEM; }
    b->p = p;
    b->cap = cap;
    return 0;
}

void sd__buf_puts(sd_buf *b, const char *s) { sd__buf_put(b, s, strlen(s)); }

const char sd__digits2[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void sd__buf_hex(sd_buf *b, uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[16];
    int i = 16;
    do {
        tmp[--i] = digits[v & 15];
        v >>= 4;
    } while (v);
    sd__buf_put(b, tmp + i, (size_t)(16 - i));
}

/* Decodes one UTF-8 sequence at s (n bytes available).  Returns its length
 * and stores the rune, or returns 0 for an invalid sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *r)
{
    uint32_t c;
    size_t len, i;
    if (s[0] < 0x80) { *r = s[0]; return 1; }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) { len = 2; c = s[0] & 0x1F; }
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) { len = 3; c = s[0] & 0x0F; }
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) { len = 4; c = s[0] & 0x07; }
    else return 0;
    if (n < len) return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *r = c;
    return len;
}

/* Go's unicode.IsPrint, approximated for the runes trace strings carry:
 * controls and a few invisible blocks are not printable. */
static int rune_printable(uint32_t r)
{
    if (r < 0x20 || (r >= 0x7F && r < 0xA0) || r == 0xAD) return 0;
    if (r >= 0x2028 && r <= 0x2029) return 0;
    if (r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) || r == 0xFFFE || r == 0xFFFF)
        return 0;
    if (r >= 0xE000 && r <= 0xF8FF) return 0; /* private use */
    if (r >= 0x200B && r <= 0x200F) return 0;
    return 1;
}

void sd__buf_goquote(sd_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    sd__buf_putc(b, '"');
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c < 0x7F) {
            if (c == '"' || c == '\\') sd__buf_putc(b, '\\');
            sd__buf_putc(b, (char)c);
            i++;
            continue;
        }
        if (c < 0x80) {
            const char *esc = NULL;
            switch (c) {
            case '\a': esc = "\\a"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            case '\v': esc = "\\v"; break;
            }
            if (esc) {
                sd__buf_puts(b, esc);
            } else {
                char x[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
                sd__buf_put(b, x, 4);
            }
            i++;
            continue;
        }
        {
            uint32_t r;
            size_t len = utf8_decode(u + i, n - i, &r);
            if (len == 0) {
                char x[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
                sd__buf_put(b, x, 4);
                i++;
            } else if (rune_printable(r)) {
                sd__buf_put(b, s + i, len);
                i += len;
            } else {
                int k, digits = r > 0xFFFF ? 8 : 4;
                sd__buf_puts(b, digits == 8 ? "\\U" : "\\u");
                for (k = digits - 1; k >= 0; k--) sd__buf_putc(b, hex[(r >> (4 * k)) & 15]);
                i += len;
            }
        }
    }
    sd__buf_putc(b, '"');
}

void sd__buf_jsonstr(sd_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    sd__buf_putc(b, '"');
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            sd__buf_putc(b, (char)c);
            i++;
        } else if (c == '"' || c == '\\') {
            sd__buf_putc(b, '\\');
            sd__buf_putc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            char x[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            if (c == '\n') sd__buf_puts(b, "\\n");
            else if (c == '\t') sd__buf_puts(b, "\\t");
            else if (c == '\r') sd__buf_puts(b, "\\r");
            else sd__buf_put(b, x, 6);
            i++;
        } else {
            uint32_t r;
            size_t len = utf8_decode(u + i, n - i, &r);
            if (len == 0) { /* invalid UTF-8: replacement character */
                sd__buf_puts(b, "\\ufffd");
                i++;
            } else {
                sd__buf_put(b, s + i, len);
                i += len;
            }
        }
    }
    sd__buf_putc(b, '"');
}

