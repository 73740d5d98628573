/*
 * predictions.c - a small, strict reader of one prediction per JSON line:
 * an object with "program", "point" and "q" (6 numbers, or an object of
 * event type to number) or "answer".  Other keys are skipped, whatever
 * their JSON value (nested at most 16 deep).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/predictions.h"

typedef struct cur {
    const char *s;
    size_t n, i;
    sd_error *err;
} cur;

static int bad(cur *c, const char *what)
{
    return sd_error_set(c->err, SD_EFORMAT, (int64_t)c->i, "column %zu: expected %s", c->i + 1, what);
}

static void ws(cur *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\r' || c->s[c->i] == '\n'))
        c->i++;
}

static int lit(cur *c, char ch)
{
    ws(c);
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return 1;
    }
    return 0;
}

/* A JSON string into out (cap bytes, NUL-terminated); \uXXXX outside ASCII
 * is kept as '?' (names here are paths and type names). */
static int str(cur *c, char *out, size_t cap)
{
    size_t k = 0;
    ws(c);
    if (c->i >= c->n || c->s[c->i] != '"') return bad(c, "a string");
    c->i++;
    while (c->i < c->n && c->s[c->i] != '"') {
        char ch = c->s[c->i++];
        if ((unsigned char)ch < 0x20) return bad(c, "no control characters in a string");
        if (ch == '\\') {
            if (c->i >= c->n) return bad(c, "an escape");
            ch = c->s[c->i++];
            switch (ch) {
            case '"': case '\\': case '/': break;
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'u': {
                int h;
                unsigned v = 0;
                for (h = 0; h < 4; h++) {
                    char x = c->i < c->n ? c->s[c->i++] : 0;
                    v <<= 4;
                    if (x >= '0' && x <= '9') v |= (unsigned)(x - '0');
                    else if (x >= 'a' && x <= 'f') v |= (unsigned)(x - 'a' + 10);
                    else if (x >= 'A' && x <= 'F') v |= (unsigned)(x - 'A' + 10);
                    else return bad(c, "four hex digits after \\u");
                }
                ch = v < 0x80 ? (char)v : '?';
                break;
            }
            default: return bad(c, "a valid escape");
            }
        }
        if (k + 1 >= cap) return bad(c, "a shorter string");
        out[k++] = ch;
    }
    if (c->i >= c->n) return bad(c, "a closing quote");
    c->i++;
    out[k] = '\0';
    return 0;
}

static int num(cur *c, double *v)
{
    char buf[64], *end;
    size_t k = 0;
    ws(c);
    while (c->i < c->n && k + 1 < sizeof buf && strchr("+-0123456789.eE", c->s[c->i])) buf[k++] = c->s[c->i++];
    buf[k] = '\0';
    if (k == 0) return bad(c, "a number");
    *v = strtod(buf, &end);
    if (*end || !isfinite(*v)) return bad(c, "a finite number");
    return 0;
}

/* Skips any JSON value, objects and arrays nested at most 16 deep (an
 * export record's "messages" among them). */
static int skip(cur *c, int depth)
{
    char tmp[4096];
    double v;
    int rc;
    ws(c);
    if (c->i >= c->n) return bad(c, "a value");
    if (c->s[c->i] == '"') {
        /* a string of any length: only its end matters */
        for (c->i++; c->i < c->n && c->s[c->i] != '"'; c->i++) {
            if ((unsigned char)c->s[c->i] < 0x20) return bad(c, "no control characters in a string");
            if (c->s[c->i] == '\\') c->i++;
        }
        if (c->i >= c->n) return bad(c, "a closing quote");
        c->i++;
        return 0;
    }
    if (c->s[c->i] == '[' || c->s[c->i] == '{') {
        int obj = c->s[c->i] == '{';
        if (depth >= 16) return bad(c, "values nested at most 16 deep");
        c->i++;
        if (lit(c, obj ? '}' : ']')) return 0;
        do {
            if (obj && ((rc = str(c, tmp, sizeof tmp)) < 0 || (!lit(c, ':') && (rc = bad(c, "':'")) < 0)))
                return rc;
            if ((rc = skip(c, depth + 1)) < 0) return rc;
        } while (lit(c, ','));
        return lit(c, obj ? '}' : ']') ? 0 : bad(c, obj ? "',' or '}'" : "',' or ']'");
    }
    if (c->n - c->i >= 4 && (!memcmp(c->s + c->i, "true", 4) || !memcmp(c->s + c->i, "null", 4))) {
        c->i += 4;
        return 0;
    }
    if (c->n - c->i >= 5 && !memcmp(c->s + c->i, "false", 5)) {
        c->i += 5;
        return 0;
    }
    return num(c, &v);
}

int sd_prediction_parse(const char *line, size_t len, sd_prediction *p, sd_error *err)
{
    cur c = {line, len, 0, err};
    int have_prog = 0, have_point = 0, have_q = 0, rc, k;
    memset(p, 0, sizeof *p);
    ws(&c);
    if (c.i == c.n) return 0;
    if (!lit(&c, '{')) return bad(&c, "'{'");
    if (!lit(&c, '}')) {
        do {
            char key[64];
            if ((rc = str(&c, key, sizeof key)) < 0) return rc;
            if (!lit(&c, ':')) return bad(&c, "':'");
            if (!strcmp(key, "program")) {
                if ((rc = str(&c, p->program, sizeof p->program)) < 0) return rc;
                have_prog = 1;
            } else if (!strcmp(key, "point")) {
                if ((rc = str(&c, p->point, sizeof p->point)) < 0) return rc;
                have_point = 1;
            } else if (!strcmp(key, "q")) {
                double sum = 0;
                if (have_q) return bad(&c, "one of \"q\" and \"answer\"");
                if (lit(&c, '{')) {
                    /* {"GoStart":0.7,"GoBlock":0.3}: the form of an export's answers */
                    int seen[SD_CEV_NTYPES] = {0};
                    if (!lit(&c, '}')) {
                        do {
                            char t[32];
                            int ty;
                            if ((rc = str(&c, t, sizeof t)) < 0) return rc;
                            if ((ty = sd_cev_type_parse(t)) < 0) return bad(&c, "an event type (GoCreate, GoStart, ...) as a key of q");
                            if (seen[ty]++) return bad(&c, "each event type once in q");
                            if (!lit(&c, ':')) return bad(&c, "':'");
                            if ((rc = num(&c, &p->q[ty])) < 0) return rc;
                            if (p->q[ty] < 0) return bad(&c, "a probability >= 0");
                        } while (lit(&c, ','));
                        if (!lit(&c, '}')) return bad(&c, "',' or '}'");
                    }
                } else {
                    if (!lit(&c, '[')) return bad(&c, "'[' or '{' (q is 6 probabilities or an object of them)");
                    for (k = 0; k < SD_CEV_NTYPES; k++) {
                        if (k && !lit(&c, ',')) return bad(&c, "6 probabilities in q");
                        if ((rc = num(&c, &p->q[k])) < 0) return rc;
                        if (p->q[k] < 0) return bad(&c, "a probability >= 0");
                    }
                    if (!lit(&c, ']')) return bad(&c, "']' after 6 probabilities");
                }
                for (k = 0; k < SD_CEV_NTYPES; k++) sum += p->q[k];
                if (fabs(sum - 1.0) > 1e-6) return bad(&c, "probabilities in q that sum to 1");
                have_q = 1;
            } else if (!strcmp(key, "answer")) {
                char t[32];
                int ty;
                if (have_q) return bad(&c, "one of \"q\" and \"answer\"");
                if ((rc = str(&c, t, sizeof t)) < 0) return rc;
                if ((ty = sd_cev_type_parse(t)) < 0) return bad(&c, "an event type (GoCreate, GoStart, ...)");
                p->q[ty] = 1;
                have_q = 1;
            } else if ((rc = skip(&c, 0)) < 0) {
                return rc;
            }
        } while (lit(&c, ','));
        if (!lit(&c, '}')) return bad(&c, "',' or '}'");
    }
    ws(&c);
    if (c.i != c.n) return bad(&c, "the end of the line after the object");
    if (!have_prog || !have_point || !have_q)
        return sd_error_set(err, SD_EFORMAT, (int64_t)c.i,
                            "expected the keys \"program\", \"point\" and \"q\" or \"answer\"");
    return 1;
}
