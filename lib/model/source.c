/*
 * source.c - what the program's source says a goroutine does next.  A
 * light scanner of Go source text (comments, strings and runes skipped;
 * braces, func bodies and a few tokens recognised) classifies each line
 * by the concurrency operation it performs, and answers "which operation
 * follows line L in its function" (calls of the package's own functions
 * are followed a few levels).  No names or lines reach the model: only
 * the operation classes (docs/model.md).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stepdist/events.h"
#include "stepdist/model.h"
#include "util/util.h"

#define MAX_FILE_BYTES (8u << 20)
#define MAX_CALLS 4 /* local calls remembered per line */
#define CALL_DEPTH 3
#define MAX_ARGS 8 /* parameters and arguments bound, per function and call */

typedef struct sline {
    uint8_t op;      /* SD_SRC_* of the line's own operation, 0: none */
    uint8_t deferred; /* a defer statement: its operation runs when the
                         function returns, not here */
    uint8_t is_case;  /* a case of a select (its channel is the select's) */
    uint8_t range_call; /* a range over a call's result (may be a channel) */
    uint8_t nested;   /* inside a block of its function's body (if, for,
                         select, ...), not at the body's top level */
    uint32_t fn;     /* innermost function body holding the line, 0: none */
    uint32_t starts; /* the function whose header is on this line, 0: none */
    uint32_t loop;   /* innermost for loop holding the line (in its function), 0: none */
    uint8_t nobj;    /* what the operation acts on: a select's case channels, */
    uint32_t obj[SD_SRC_MAXOBJ]; /* else one name (pool ids) */
    uint32_t ncall, call[MAX_CALLS]; /* names (pool ids) called with ( */
} sline;

typedef struct sfile {
    char *path; /* DIR/NAME as it was read */
    char *base; /* NAME */
    sline *line; /* [1..nline] */
    uint32_t nline;
} sfile;

typedef struct sfunc {
    uint32_t file, start, end; /* header line, closing line */
    uint32_t name;             /* pool id of a declared func's name, 0: literal */
    uint32_t depth;            /* brace depth of its body's statements */
    uint32_t nparam, param[MAX_ARGS]; /* its parameters' names (pool ids) */
} sfunc;

/* an argument of a call: the callee's name, the argument's position and
 * the name it ends with (`f(a, s.ch)`: f, 1, ch) */
typedef struct sbind {
    uint32_t callee, idx, arg;
    uint32_t num; /* the argument is this integer literal (arg 0) */
} sbind;

typedef struct sloop {
    uint32_t header, end;
    uint32_t bound; /* iterations when the header says (a literal), else 0 */
    uint32_t over;  /* `range NAME`, `i < NAME`, `i < len(NAME)`: the name
                       (pool id), else 0 */
    uint8_t over_le; /* `i <= NAME` */
} sloop;

static int is_id(int c) { return isalnum(c) || c == '_'; }

typedef struct slit {
    char name[32];
    size_t len;
    uint32_t items;
} slit;

/* the items of the one-line composite literal `[]T{a, b, c}` at p, or 0 */
static uint32_t literal_items(const char *p)
{
    const char *q = strchr(p, '{');
    int depth = 0, items = 0, any = 0;
    if (!q) return 0;
    for (; *q; q++) {
        if (*q == '{' || *q == '(' || *q == '[') depth++;
        else if (*q == '}' || *q == ')' || *q == ']') {
            if (--depth == 0) break;
        } else if (depth == 1 && *q == ',') items++;
        else if (depth == 1 && *q != ' ') any = 1;
    }
    if (*q != '}') return 0;
    /* a trailing comma: the last "item" is empty */
    for (q--; q > p && *q == ' '; q--) {}
    return any ? (uint32_t)items + (*q != ',') : 0;
}

/* The number of iterations a for header states with literals:
 * `for i := 0; i < N; i++` (<= N: N + 1), `for range N`, `for i := range N`,
 * `for _, x := range []T{a, b, c}` (on one line), `range xs` after a
 * one-line `xs := []T{...}` (lits); 0 when it does not. */
static uint32_t loop_bound(const char *h, const slit *lits, size_t nlits)
{
    const char *p = strstr(h, "range"), *q;
    unsigned long n;
    char *end;
    if (p) {
        p += 5;
        while (*p == ' ') p++;
        if (isdigit((unsigned char)*p)) {
            n = strtoul(p, &end, 10);
            while (*end == ' ') end++;
            return *end == '{' && n < 100000 ? (uint32_t)n : 0;
        }
        if (*p == '[') return literal_items(p);
        if (is_id((unsigned char)*p)) { /* a variable given a literal before */
            const char *b = p;
            size_t k;
            while (is_id((unsigned char)*p)) p++;
            for (k = nlits; k-- > 0;)
                if (lits[k].len == (size_t)(p - b) && strncmp(lits[k].name, b, lits[k].len) == 0)
                    return lits[k].items;
        }
        return 0;
    }
    if ((p = strchr(h, ';')) && (q = strchr(p + 1, '<'))) {
        int le = q[1] == '=';
        q += le ? 2 : 1;
        while (*q == ' ') q++;
        if (!isdigit((unsigned char)*q)) return 0;
        n = strtoul(q, &end, 10);
        while (*end == ' ') end++;
        if (*end != ';' || n >= 100000 || !strstr(h, ":= 0;")) return 0;
        return (uint32_t)n + (uint32_t)le;
    }
    return 0;
}

struct sd_srcmap {
    sfile *f;
    size_t nf;
    sloop *loop; /* [1..nloop], per file (the lines say which) */
    size_t nloop, caploop;
    sfunc *fn; /* [1..nfn] */
    size_t nfn, capfn;
    uint32_t *tests; /* the Test functions, in the order go test runs them */
    size_t ntests;
    sd_strpool names;
    sd_map chans; /* name -> CH_* flags: what the package says of channels so named */
    sbind *binds; /* the calls' arguments, bound to parameters when done */
    size_t nbinds, capbinds;
    uint32_t *alias; /* name -> the name of its class (parameters and the
                        arguments given to them), after loading */
    size_t nalias;
    sd_map items; /* name -> items of the slice literals assigned to it
                     (`x := []T{...}` over lines, `make([]T, n)`);
                     ITEMS_MIXED when they disagree */
};

#define ITEMS_MIXED 0xFFFFFFFEu

/* Notes that name holds n items (n == 0: unknown, nothing noted). */
static int items_note(sd_srcmap *m, uint32_t name, uint32_t n)
{
    int64_t v = sd__map_get(&m->items, name);
    if (!n) return 0;
    return sd__map_put(&m->items, name, v < 0 || (uint32_t)v == n ? n : ITEMS_MIXED) ? -1 : 0;
}

/* the word ending just before p (back to `start`), or "" */
static size_t word_before(const char *start, const char *p, const char **w)
{
    const char *e = p, *b;
    while (e > start && e[-1] == ' ') e--;
    b = e;
    while (b > start && is_id((unsigned char)b[-1])) b--;
    *w = b;
    return (size_t)(e - b);
}

static int word_at(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && !is_id((unsigned char)p[n]);
}

/* the last identifier of the operand that ends just before p (skipping
 * an index or call), or length 0 */
static size_t operand_before(const char *start, const char *p, const char **w)
{
    const char *e = p;
    int depth = 0;
    while (e > start && e[-1] == ' ') e--;
    while (e > start && (e[-1] == ']' || e[-1] == ')' || depth)) { /* x[i], f() */
        char c = e[-1];
        if (c == ']' || c == ')') depth++;
        else if ((c == '[' || c == '(') && --depth == 0) {
            e--;
            break;
        }
        e--;
    }
    return word_before(start, e, w);
}

/* the last identifier of the selector chain starting at p (a.b.c -> c) */
static size_t operand_after(const char *p, const char **w)
{
    size_t n = 0;
    while (*p == ' ' || *p == '(' || *p == '*' || *p == '&') p++;
    while (is_id((unsigned char)*p)) {
        const char *b = p;
        while (is_id((unsigned char)*p)) p++;
        *w = b;
        n = (size_t)(p - b);
        if (*p != '.' || !is_id((unsigned char)p[1])) break;
        p++;
    }
    return n;
}

/* The parts of the parenthesised list that starts at p (at its '('),
 * split at its top-level commas: each part's first identifier in
 * first[], its last in last[] (0: none), how many identifiers it has in
 * words[] (a selector's names count once), and in plain[] whether it is a
 * name or a selector and nothing else.  Returns the number of parts (at
 * most MAX_ARGS), -1 when the list does not close on the line, -2 on no
 * memory. */
static int list_parts(sd_srcmap *m, const char *p, uint32_t *first, uint32_t *last, uint32_t *words,
                      uint8_t *plain)
{
    int depth = 0, np = 0;
    const char *q;
    if (*p != '(') return -1;
    first[0] = last[0] = words[0] = 0;
    plain[0] = 1;
    for (q = p + 1; *q; q++) {
        if (*q == '(' || *q == '[' || *q == '{') {
            depth++;
            plain[np] = 0;
        } else if ((*q == ')' || *q == ']' || *q == '}') && depth) depth--;
        else if (*q == ')') return np < MAX_ARGS ? np + (words[np] || first[np] ? 1 : 0) : np;
        else if (*q == ',' && depth == 0) {
            if (++np >= MAX_ARGS) return np;
            first[np] = last[np] = words[np] = 0;
            plain[np] = 1;
        } else if (depth == 0 && !is_id((unsigned char)*q) && *q != ' ' && *q != '.' && *q != '&' && *q != '*')
            plain[np] = 0;
        else if (depth == 0 && is_id((unsigned char)*q) && (q == p + 1 || !is_id((unsigned char)q[-1]))) {
            const char *b = q;
            int64_t id;
            while (is_id((unsigned char)q[1])) q++;
            if ((id = sd__strpool_intern(&m->names, b, (size_t)(q - b) + 1)) < 0) return -2;
            if (!words[np]) first[np] = (uint32_t)id;
            /* a selector's last name: s.ch -> ch */
            last[np] = (uint32_t)id;
            words[np] += b == p + 1 || b[-1] != '.';
        }
    }
    return -1;
}

/* what the source says of the channels of a name */
enum { CH_CHAN = 1, CH_UNBUF = 2, CH_BUF = 4 };

static int chan_note(sd_srcmap *m, const char *w, size_t n, unsigned flags)
{
    int64_t id = sd__strpool_intern(&m->names, w, n), v;
    if (id < 0) return -1;
    v = sd__map_get(&m->chans, (uint64_t)id);
    return sd__map_put(&m->chans, (uint64_t)id, (uint32_t)(v < 0 ? 0 : v) | flags) ? -1 : 0;
}

/* Notes the channels a line declares: `x := make(chan T[, n])` (x = /
 * x: too), and names given a channel type (`x chan T`, `x <-chan T`,
 * `x chan<- T`: parameters, fields, variables). */
static int note_chans(sd_srcmap *m, const char *s)
{
    const char *p, *w;
    size_t n;
    for (p = s; (p = strstr(p, "chan")); p += 4) {
        const char *b = p;
        if ((p > s && is_id((unsigned char)p[-1])) || is_id((unsigned char)p[4])) continue;
        if (b - s >= 5 && strncmp(b - 5, "make(", 5) == 0) { /* make(chan T[, cap]) */
            const char *q = b - 5, *e;
            int depth = 0;
            unsigned flags = CH_CHAN | CH_UNBUF;
            for (e = b; *e; e++) {
                if (*e == '(' || *e == '[' || *e == '{') depth++;
                else if (*e == ')' || *e == ']' || *e == '}') {
                    if (depth-- == 0) break;
                } else if (*e == ',' && depth == 0) {
                    const char *c = e + 1;
                    while (*c == ' ') c++;
                    flags = CH_CHAN | (c[0] == '0' && !is_id((unsigned char)c[1]) ? CH_UNBUF : CH_BUF);
                    break;
                }
            }
            /* the name it is assigned to */
            while (q > s && q[-1] == ' ') q--;
            if (q - s >= 2 && q[-2] == ':' && q[-1] == '=') q -= 2;
            else if (q > s && (q[-1] == '=' || q[-1] == ':')) q--;
            else continue;
            if ((n = word_before(s, q, &w)) && chan_note(m, w, n, flags) < 0) return -1;
            continue;
        }
        /* a declaration: NAME [<-]chan */
        {
            const char *q = b;
            while (q > s && q[-1] == ' ') q--;
            if (q - s >= 2 && q[-2] == '<' && q[-1] == '-') q -= 2;
            while (q > s && q[-1] == ' ') q--;
            if (q == b) continue; /* no space: not a declaration */
            if ((n = word_before(s, q, &w)) && !(n == 4 && strncmp(w, "func", 4) == 0) &&
                chan_note(m, w, n, CH_CHAN) < 0)
                return -1;
        }
    }
    return 0;
}

/* The line's operation (priority: the first class that applies wins) and
 * the name it acts on (*w, *wn; length 0: none). */
static uint8_t line_op(const char *s, const char **w, size_t *wn)
{
    static const struct {
        const char *pat;
        uint8_t op;
    } calls[] = {
        {".Lock()", SD_SRC_LOCK},      {".RLock()", SD_SRC_LOCK},  {".Unlock()", SD_SRC_UNLOCK},
        {".RUnlock()", SD_SRC_UNLOCK}, {".Wait()", SD_SRC_WAIT},   {".Done()", SD_SRC_DONE},
        {".Signal()", SD_SRC_WAKE},    {".Broadcast()", SD_SRC_WAKE}, {"time.Sleep(", SD_SRC_SLEEP},
        {"runtime.Gosched(", SD_SRC_YIELD},
    };
    const char *p;
    size_t i;
    *wn = 0;
    for (p = s; *p; p++) {
        if ((p == s || !is_id((unsigned char)p[-1])) && word_at(p, "select")) return SD_SRC_SELECT;
        if ((p == s || !is_id((unsigned char)p[-1])) && word_at(p, "go")) return SD_SRC_GO;
    }
    if ((p = strstr(s, "<-"))) {
        const char *b;
        size_t n = word_before(s, p, &b);
        int send = (p > s && (p[-1] == ')' || p[-1] == ']')) ||
                   (n && !(n == 4 && strncmp(b, "case", 4) == 0) && !(n == 6 && strncmp(b, "return", 6) == 0));
        /* `x := <-ch`, `v, ok = <-ch`, `f(<-ch)`: the word before is no operand */
        if (n && p - (b + n) >= 0) {
            const char *q = b + n;
            while (q < p && *q == ' ') q++;
            if (q != p) send = 0;
        }
        if (p > s && (p[-1] == '=' || p[-1] == '(' || p[-1] == ',')) send = 0;
        *wn = send ? operand_before(s, p, w) : operand_after(p + 2, w);
        return send ? SD_SRC_SEND : SD_SRC_RECV;
    }
    for (p = s; *p; p++)
        if ((p == s || !is_id((unsigned char)p[-1])) && strncmp(p, "close(", 6) == 0) {
            *wn = operand_after(p + 6, w);
            return SD_SRC_CLOSE;
        }
    for (i = 0; i < sizeof calls / sizeof calls[0]; i++)
        if ((p = strstr(s, calls[i].pat))) {
            if (calls[i].pat[0] == '.') *wn = word_before(s, p, w);
            return calls[i].op;
        }
    for (p = s; *p; p++)
        if ((p == s || !is_id((unsigned char)p[-1])) && word_at(p, "return")) return SD_SRC_RETURN;
    if (word_at(s, "for"))
        for (p = s; *p; p++)
            if ((p == s || !is_id((unsigned char)p[-1])) && word_at(p, "range")) {
                *wn = operand_after(p + 5, w);
                return SD_SRC_RANGE;
            }
    return 0;
}

static int add_loop(sd_srcmap *m, uint32_t header)
{
    if (sd__grow(&m->loop, &m->caploop, m->nloop + 2, sizeof *m->loop)) return -1; /* [1..nloop] */
    m->nloop++;
    memset(&m->loop[m->nloop], 0, sizeof m->loop[m->nloop]);
    m->loop[m->nloop].header = header;
    return (int)m->nloop;
}

static int add_fn(sd_srcmap *m, uint32_t file, uint32_t start, uint32_t name)
{
    if (sd__grow(&m->fn, &m->capfn, m->nfn + 2, sizeof *m->fn)) return -1; /* [1..nfn] */
    m->nfn++;
    memset(&m->fn[m->nfn], 0, sizeof m->fn[m->nfn]);
    m->fn[m->nfn].file = file;
    m->fn[m->nfn].start = start;
    m->fn[m->nfn].name = name;
    return (int)m->nfn;
}

/* Scans one file's text (NUL-terminated, modified in place). */
static int scan(sd_srcmap *m, uint32_t fi, char *text)
{
    sfile *f = &m->f[fi];
    uint32_t nl = 1, ln, stack[256], fstack[256], lstack[256], lopen[256], depth = 0, pending = 0, pname = 0;
    uint32_t pparam[MAX_ARGS] = {0}, pnparam = 0; /* the pending function's parameters */
    uint32_t sel = 0, sel_depth = 0; /* the select whose cases are being read */
    slit lits[64];                    /* literal slices assigned so far */
    size_t nlits = 0;
    uint32_t mlit = 0, mlit_depth = 0, mlit_items = 0; /* a slice literal over lines being read */
    char *p, *out, *linestart;
    int in_block = 0, in_raw = 0;
    for (p = text; *p; p++) nl += *p == '\n';
    if (!(f->line = sd__calloc(nl + 2, sizeof *f->line))) return -1;
    f->nline = nl;
    /* pass 1: blank out comments, strings and runes, keeping newlines */
    for (p = text; *p; p++) {
        if (in_block) {
            if (p[0] == '*' && p[1] == '/') {
                p[0] = p[1] = ' ';
                p++;
                in_block = 0;
            } else if (*p != '\n') *p = ' ';
            continue;
        }
        if (in_raw) {
            if (*p == '`') in_raw = 0;
            if (*p != '\n') *p = ' ';
            continue;
        }
        if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n') *p++ = ' ';
            if (!*p) break;
        } else if (p[0] == '/' && p[1] == '*') {
            p[0] = p[1] = ' ';
            p++;
            in_block = 1;
        } else if (*p == '`') {
            *p = ' ';
            in_raw = 1;
        } else if (*p == '"' || *p == '\'') {
            char q = *p;
            p++;
            while (*p && *p != q && *p != '\n') {
                if (*p == '\\' && p[1] && p[1] != '\n') *p++ = ' ';
                *p++ = ' ';
            }
            if (!*p) break;
            if (*p == '\n') continue;
        }
    }
    /* pass 2: per line, its operation, calls, braces and functions */
    for (ln = 1, linestart = text; ln <= nl; ln++) {
        char *e = strchr(linestart, '\n');
        sline *L = &f->line[ln];
        if (e) *e = '\0';
        for (out = linestart; *out == ' ' || *out == '\t'; out++) {}
        {   /* `x := []T{a, b}` / `x = []T{...}`: how many items x holds;
             * `n := 3`, `const n = 3`: what n is */
            const char *q = out, *b = out;
            if (word_at(out, "const") || word_at(out, "var")) {
                b = q = out + (out[0] == 'c' ? 5 : 3);
                while (*b == ' ') q = ++b;
            }
            while (is_id((unsigned char)*q)) q++;
            if (q > b && (size_t)(q - b) < sizeof lits[0].name) {
                const char *r = q;
                while (*r == ' ') r++;
                if (r[0] == ':' && r[1] == '=') r += 2;
                else if (r[0] == '=' && r[1] != '=') r += 1;
                else r = NULL;
                if (r) {
                    int64_t id = sd__strpool_intern(&m->names, b, (size_t)(q - b));
                    if (id < 0) return -1;
                    while (*r == ' ') r++;
                    if (*r == '[' && r[1] == ']') {
                        uint32_t items = literal_items(r);
                        const char *last = r + strlen(r);
                        while (last > r && last[-1] == ' ') last--;
                        if (items) {
                            size_t k = nlits < sizeof lits / sizeof lits[0] ? nlits++ : nlits - 1;
                            memcpy(lits[k].name, b, (size_t)(q - b));
                            lits[k].len = (size_t)(q - b);
                            lits[k].items = items;
                            if (items_note(m, (uint32_t)id, items) < 0) return -1;
                        } else if (last > r && last[-1] == '{' && depth < 255) {
                            /* `x := []T{` then one item per line, each ending
                             * with a comma at the literal's own depth */
                            mlit = (uint32_t)id;
                            mlit_depth = depth + 1;
                            mlit_items = 0;
                        }
                    } else if (isdigit((unsigned char)*r)) { /* n := 3 */
                        char *end;
                        unsigned long n = strtoul(r, &end, 10);
                        while (*end == ' ') end++;
                        if (!*end && n && n < 100000 && items_note(m, (uint32_t)id, (uint32_t)n) < 0) return -1;
                    } else if (strncmp(r, "make([]", 7) == 0) { /* make([]T, n) */
                        const char *c = strchr(r, ',');
                        if (c) {
                            char *end;
                            unsigned long n;
                            while (*++c == ' ') {}
                            n = isdigit((unsigned char)*c) ? strtoul(c, &end, 10) : 0;
                            if (n && n < 100000 && *end == ')' && items_note(m, (uint32_t)id, (uint32_t)n) < 0) return -1;
                        }
                    }
                }
            }
        }
        L->fn = depth && depth <= 256 ? fstack[depth - 1] : 0;
        L->nested = L->fn && depth > m->fn[L->fn].depth;
        L->loop = depth && depth <= 256 ? lstack[depth - 1] : 0;
        {
            const char *w = NULL;
            size_t wn = 0;
            int64_t id;
            L->op = line_op(out, &w, &wn);
            L->deferred = word_at(out, "defer");
            if (note_chans(m, out) < 0) return -1;
            if (L->op == SD_SRC_RANGE && wn && w[wn] == '(') L->range_call = 1;
            /* a receive from a timer waits for time, not for a goroutine */
            if (L->op == SD_SRC_RECV && wn && ((wn == 5 && strncmp(w, "After", 5) == 0) ||
                                               (wn == 4 && strncmp(w, "Tick", 4) == 0) || (wn == 1 && *w == 'C')))
                L->op = SD_SRC_SLEEP;
            if (wn) {
                if ((id = sd__strpool_intern(&m->names, w, wn)) < 0) return -1;
                L->obj[0] = (uint32_t)id;
                L->nobj = 1;
            }
            /* a case of the select being read: its channel is the select's */
            if (sel && depth == sel_depth + 1 && word_at(out, "case")) {
                /* a case is the select's, not an operation of its own */
                if (L->nobj && f->line[sel].nobj < SD_SRC_MAXOBJ) f->line[sel].obj[f->line[sel].nobj++] = L->obj[0];
                L->is_case = 1;
            } else if (sel && depth <= sel_depth && ln > sel)
                sel = 0;
            if (L->op == SD_SRC_SELECT) {
                sel = ln;
                sel_depth = depth;
            }
        }
        for (p = out; *p; p++) {
            if ((p == out || !is_id((unsigned char)p[-1])) && word_at(p, "func")) {
                /* a declaration's name: `func Name(` or `func (r T) Name(` */
                char *q = p + 4;
                pending = 1;
                pname = 0;
                while (*q == ' ') q++;
                if (*q == '(') { /* a receiver, or a literal's parameters */
                    int pd = 0;
                    char *r = q;
                    for (; *r; r++) {
                        if (*r == '(') pd++;
                        if (*r == ')' && --pd == 0) break;
                    }
                    if (*r) {
                        r++;
                        while (*r == ' ') r++;
                        if (is_id((unsigned char)*r) && depth == 0) q = r;
                    }
                }
                if (is_id((unsigned char)*q) && depth == 0) {
                    char *b = q;
                    int64_t id;
                    while (is_id((unsigned char)*q)) q++;
                    if ((id = sd__strpool_intern(&m->names, b, (size_t)(q - b))) < 0) return -1;
                    pname = (uint32_t)id;
                }
                { /* its parameters' names (`a, b int, c chan T`; none when unnamed) */
                    uint32_t fi2[MAX_ARGS], la[MAX_ARGS], wd[MAX_ARGS];
                    uint8_t pl[MAX_ARGS];
                    int np = *q == '(' ? list_parts(m, q, fi2, la, wd, pl) : -1, k2, named = 0;
                    if (np == -2) return -1;
                    for (k2 = 0; k2 < np; k2++) named |= wd[k2] >= 2;
                    pnparam = 0;
                    for (k2 = 0; named && k2 < np; k2++) pparam[pnparam++] = fi2[k2];
                }
            } else if (*p == '(' && p > out && is_id((unsigned char)p[-1]) && L->ncall < MAX_CALLS) {
                const char *w;
                size_t n = word_before(out, p, &w);
                int64_t id;
                if (n) {
                    uint32_t fi2[MAX_ARGS], la[MAX_ARGS], wd[MAX_ARGS];
                    uint8_t pl[MAX_ARGS];
                    int na, k2;
                    if ((id = sd__strpool_intern(&m->names, w, n)) < 0) return -1;
                    L->call[L->ncall++] = (uint32_t)id;
                    /* the names passed: bound to the callee's parameters once
                     * every file is read */
                    if ((na = list_parts(m, p, fi2, la, wd, pl)) == -2) return -1;
                    for (k2 = 0; k2 < na; k2++) {
                        const char *an;
                        uint32_t num = 0;
                        if (!pl[k2] || wd[k2] != 1 || !la[k2]) continue; /* a name, a selector, a number */
                        an = m->names.ptrs[la[k2]];
                        if (isdigit((unsigned char)an[0])) {
                            char *end;
                            unsigned long v = strtoul(an, &end, 10);
                            if (*end || v == 0 || v >= 100000) continue;
                            num = (uint32_t)v;
                        }
                        if (sd__grow(&m->binds, &m->capbinds, m->nbinds + 1, sizeof *m->binds)) return -1;
                        m->binds[m->nbinds].callee = (uint32_t)id;
                        m->binds[m->nbinds].idx = (uint32_t)k2;
                        m->binds[m->nbinds].num = num;
                        m->binds[m->nbinds++].arg = num ? 0 : la[k2];
                    }
                }
            } else if (*p == '{') {
                int fid = 0;
                if (p[1] == '}') { /* interface{}, struct{}, T{}: no body */
                    p++;
                    continue;
                }
                if (pending) {
                    if ((fid = add_fn(m, fi, ln, pname)) < 0) return -1;
                    m->fn[fid].nparam = pnparam;
                    memcpy(m->fn[fid].param, pparam, sizeof pparam);
                    if (!L->starts) L->starts = (uint32_t)fid;
                    pending = 0;
                }
                if (depth < 256) {
                    int lid = 0;
                    if (!fid && word_at(out, "for") && (lid = add_loop(m, ln)) < 0) return -1;
                    if (lid) {
                        const char *rg = strstr(out, "range"), *w = NULL, *lt, *sc = strchr(out, ';');
                        size_t wn = rg && !is_id((unsigned char)rg[5]) ? operand_after(rg + 5, &w) : 0;
                        int64_t id = 0;
                        m->loop[lid].bound = loop_bound(out, lits, nlits);
                        if (!rg && sc && strstr(out, ":= 0;") && (lt = strchr(sc + 1, '<'))) {
                            /* i < n, i <= n, i < len(xs) */
                            m->loop[lid].over_le = lt[1] == '=';
                            lt += lt[1] == '=' ? 2 : 1;
                            while (*lt == ' ') lt++;
                            if (strncmp(lt, "len(", 4) == 0) lt += 4;
                            if (!isdigit((unsigned char)*lt)) wn = operand_after(lt, &w);
                        }
                        if (wn && !(w[wn] == '(') && (id = sd__strpool_intern(&m->names, w, wn)) < 0) return -1;
                        m->loop[lid].over = (uint32_t)id;
                    }
                    stack[depth] = (uint32_t)fid;
                    fstack[depth] = fid ? (uint32_t)fid : depth ? fstack[depth - 1] : 0;
                    if (fid) m->fn[fid].depth = depth + 1;
                    lopen[depth] = (uint32_t)lid;
                    lstack[depth] = lid ? (uint32_t)lid : fid ? 0 : depth ? lstack[depth - 1] : 0;
                }
                depth++;
            } else if (*p == '}' && depth) {
                depth--;
                if (depth < 256 && stack[depth]) m->fn[stack[depth]].end = ln;
                if (depth < 256 && lopen[depth]) m->loop[lopen[depth]].end = ln;
            }
        }
        /* a func type without a body (`f func()`, `var h func(int)`)
         * must not make a later brace a body: a header ends its line */
        for (p = out + strlen(out); p > out && p[-1] == ' '; p--) {}
        if (mlit && ln > 1) { /* an item of the literal being read ends here */
            if (depth == mlit_depth && p > out && p[-1] == ',') mlit_items++;
            else if (depth < mlit_depth) {
                if (items_note(m, mlit, mlit_items) < 0) return -1;
                mlit = 0;
            }
        }
        if (pending && !(p > out && (p[-1] == ',' || p[-1] == '('))) pending = 0;
        if (!e) break;
        linestart = e + 1;
    }
    return 0;
}

/* Adds the file `path` with its text (taken: freed here). */
static int add_text(sd_srcmap *m, const char *path, char *text, sd_error *err)
{
    sfile *nf;
    const char *slash;
    if (!(nf = sd__realloc(m->f, (m->nf + 1) * sizeof *nf))) {
        sd__free(text);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    m->f = nf;
    memset(&m->f[m->nf], 0, sizeof *m->f);
    if (!(m->f[m->nf].path = sd__malloc(strlen(path) + 1))) {
        sd__free(text);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    memcpy(m->f[m->nf].path, path, strlen(path) + 1);
    slash = strrchr(m->f[m->nf].path, '/');
    m->f[m->nf].base = slash ? (char *)slash + 1 : m->f[m->nf].path;
    m->nf++;
    if (scan(m, (uint32_t)(m->nf - 1), text) < 0) {
        sd__free(text);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory scanning %s", path);
    }
    sd__free(text);
    return 0;
}

static int load_file(sd_srcmap *m, const char *dir, const char *name, sd_error *err)
{
    char path[4096];
    FILE *fp;
    char *text;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(fp = fopen(path, "rb"))) return 0; /* gone since the listing: skip */
    if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 || n > (long)MAX_FILE_BYTES ||
        fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return 0; /* too big to be a hand-written source: skip */
    }
    if (!(text = sd__malloc((size_t)n + 1))) {
        fclose(fp);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory reading %s", path);
    }
    if (fread(text, 1, (size_t)n, fp) != (size_t)n) {
        fclose(fp);
        sd__free(text);
        return sd_error_set(err, SD_EIO, -1, "%s: read error", path);
    }
    fclose(fp);
    text[n] = '\0';
    return add_text(m, path, text, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint32_t alias_root(uint32_t *a, uint32_t x)
{
    while (a[x] != x) {
        a[x] = a[a[x]];
        x = a[x];
    }
    return x;
}

/* Binds the calls' arguments to the parameters of the package's functions
 * of the callee's name: a parameter and the names passed to it are one
 * class (`go worker(jobs)` ... `func worker(in <-chan T)`: in is jobs),
 * with what is known of their channels. */
static int resolve_aliases(sd_srcmap *m, sd_error *err)
{
    size_t n = m->names.n, i, k;
    uint32_t *a = sd__malloc((n ? n : 1) * sizeof *a);
    if (!a) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    for (i = 0; i < n; i++) a[i] = (uint32_t)i;
    for (i = 0; i < m->nbinds; i++) {
        const sbind *b = &m->binds[i];
        for (k = 1; k <= m->nfn; k++) {
            const sfunc *fn = &m->fn[k];
            uint32_t x, y;
            if (fn->name != b->callee || b->idx >= fn->nparam || !fn->param[b->idx] || b->arg >= n) continue;
            if (b->num) { /* NewPool(3): the parameter is 3 */
                if (items_note(m, fn->param[b->idx], b->num) < 0) goto oom;
                continue;
            }
            x = alias_root(a, fn->param[b->idx]);
            y = alias_root(a, b->arg);
            if (x != y) a[x > y ? x : y] = x < y ? x : y;
        }
    }
    /* what is known of each name goes to its class: channels' flags
     * together, slices' lengths when they agree */
    for (i = 0; i < n; i++) {
        uint32_t r = alias_root(a, (uint32_t)i);
        int64_t v, w;
        if (r == i) continue;
        if ((v = sd__map_get(&m->chans, i)) > 0) {
            w = sd__map_get(&m->chans, r);
            if (sd__map_put(&m->chans, r, (uint32_t)(w < 0 ? 0 : w) | (uint32_t)v)) goto oom;
        }
        if ((v = sd__map_get(&m->items, i)) > 0) {
            w = sd__map_get(&m->items, r);
            if (sd__map_put(&m->items, r, w < 0 || w == v ? (uint32_t)v : ITEMS_MIXED)) goto oom;
        }
    }
    for (i = 0; i < n; i++) a[i] = alias_root(a, (uint32_t)i);
    sd__free(m->alias);
    m->alias = a;
    m->nalias = n;
    return 0;
oom:
    sd__free(a);
    return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
}

/* a name's class (itself before resolve_aliases) */
static uint32_t alias_of(const sd_srcmap *m, uint32_t id) { return id < m->nalias ? m->alias[id] : id; }

/* the declared functions named Test* (not TestMain) of _test.go files */
static int find_tests(sd_srcmap *m, sd_error *err)
{
    size_t k;
    for (k = 1; k <= m->nfn; k++) {
        const sfunc *fn = &m->fn[k];
        const char *name, *base = m->f[fn->file].base;
        size_t bl = strlen(base);
        uint32_t *nt;
        if (!fn->name) continue; /* a literal */
        name = m->names.ptrs[fn->name];
        if (strncmp(name, "Test", 4) != 0 || strcmp(name, "TestMain") == 0 ||
            (name[4] && isupper((unsigned char)name[4]) == 0 && !isdigit((unsigned char)name[4]) && name[4] != '_') ||
            bl < 8 || strcmp(base + bl - 8, "_test.go") != 0)
            continue;
        if (!(nt = sd__realloc(m->tests, (m->ntests + 1) * sizeof *nt)))
            return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        m->tests = nt;
        m->tests[m->ntests++] = (uint32_t)k;
    }
    return 0;
}

/* what a map needs once every file is read */
static int finish(sd_srcmap *m, sd_error *err)
{
    int rc = resolve_aliases(m, err);
    return rc < 0 ? rc : find_tests(m, err);
}

static sd_srcmap *new_map(void)
{
    return sd__calloc(1, sizeof(sd_srcmap)); /* name id 0: the empty string, no name */
}

/* Adds the .go files of dir (quiet: 0 when dir cannot be read). */
static int load_dir(sd_srcmap *m, const char *dir, sd_error *err)
{
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t nnames = 0, i;
    int rc = 0;
    if (!(d = opendir(dir))) return 0;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        char **nn;
        if (!(n > 3 && strcmp(de->d_name + n - 3, ".go") == 0 && de->d_name[0] != '.')) continue;
        if (!(nn = sd__realloc(names, (nnames + 1) * sizeof *nn)) || !(nn[nnames] = sd__malloc(n + 1))) {
            if (nn) names = nn;
            rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            break;
        }
        names = nn;
        memcpy(names[nnames++], de->d_name, n + 1);
    }
    closedir(d);
    /* go test runs the tests in the order of the files' names, then of
     * their lines */
    if (nnames) qsort(names, nnames, sizeof *names, cmp_str);
    for (i = 0; i < nnames && rc == 0; i++) rc = load_file(m, dir, names[i], err);
    for (i = 0; i < nnames; i++) sd__free(names[i]);
    sd__free(names);
    return rc;
}

int sd_srcmap_load(const char *dir, sd_srcmap **out, sd_error *err)
{
    sd_srcmap *m = new_map();
    DIR *d;
    int rc;
    *out = NULL;
    if (!m) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    if (!(d = opendir(dir))) {
        rc = sd_error_set(err, SD_EIO, -1, "%s: cannot read the program's sources: %s", dir, strerror(errno));
        sd_srcmap_free(m);
        return rc;
    }
    closedir(d);
    if ((rc = load_dir(m, dir, err)) < 0 || (rc = finish(m, err)) < 0) {
        sd_srcmap_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

int sd_srcmap_parse(const char *name, const void *text, size_t n, sd_srcmap **out, sd_error *err)
{
    sd_srcmap *m = new_map();
    char *t = sd__malloc(n + 1);
    int rc;
    *out = NULL;
    if (!m || !t) {
        sd__free(t);
        sd_srcmap_free(m);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    memcpy(t, text, n);
    t[n] = '\0';
    if ((rc = add_text(m, name, t, err)) < 0 || (rc = finish(m, err)) < 0) {
        sd_srcmap_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

#define MAX_DIRS 8

/* whether dir is inside a Go installation's src/ (a run that shows no
 * runtime frame does not tell where that is): some ancestor A/src holds
 * runtime/runtime.go */
static int in_goroot(const char *dir)
{
    char a[1100];
    size_t n = strlen(dir);
    if (n + 32 > sizeof a) return 0;
    memcpy(a, dir, n + 1);
    while (n > 0) {
        char *slash;
        if (n >= 4 && strcmp(a + n - 4, "/src") == 0) {
            memcpy(a + n, "/runtime/runtime.go", 20);
            if (access(a, F_OK) == 0) return 1;
            a[n] = '\0';
        }
        if (!(slash = strrchr(a, '/'))) break;
        *slash = '\0';
        n = (size_t)(slash - a);
    }
    return 0;
}

/* the directory of a program file named in the stream: a .go file outside
 * the Go installation, not the harness's */
static int program_dir(const sd_cstream *s, const char *file, char *dir, size_t cap)
{
    const char *root = sd_cstream_goroot(s), *slash;
    size_t n;
    if (!file || file[0] != '/' || !(slash = strrchr(file, '/'))) return 0;
    n = strlen(file);
    if (n < 4 || strcmp(file + n - 3, ".go") != 0 || strncmp(slash + 1, "stepdist_", 9) == 0) return 0;
    if (*root && strncmp(file, root, strlen(root)) == 0) return 0;
    if ((size_t)(slash - file) + 1 > cap) return 0;
    memcpy(dir, file, (size_t)(slash - file));
    dir[slash - file] = '\0';
    return !in_goroot(dir);
}

int sd_srcmap_for_stream(const sd_cstream *s, sd_srcmap **out, sd_error *err)
{
    char dirs[MAX_DIRS][1024], d[1024];
    size_t nd = 0, i, k, n = sd_cstream_len(s), ng = sd_cstream_ngoroutines(s);
    const sd_cevent *ev = sd_cstream_events(s);
    sd_srcmap *m = new_map();
    int rc = 0;
    *out = NULL;
    if (!m) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    for (i = 0; i < n + ng && nd < MAX_DIRS; i++) {
        const char *files[2];
        if (i < n) {
            files[0] = ev[i].site.file;
            files[1] = ev[i].actor_site.file;
        } else {
            files[0] = sd_cstream_goroutine(s, (uint32_t)(i - n))->created.file;
            files[1] = sd_cstream_goroutine(s, (uint32_t)(i - n))->start.file;
        }
        for (k = 0; k < 2 && nd < MAX_DIRS; k++) {
            size_t j;
            if (!program_dir(s, files[k], d, sizeof d)) continue;
            for (j = 0; j < nd && strcmp(dirs[j], d) != 0; j++) {}
            if (j == nd) memcpy(dirs[nd++], d, strlen(d) + 1);
        }
    }
    for (i = 0; i < nd && rc == 0; i++) rc = load_dir(m, dirs[i], err);
    if (rc == 0) rc = finish(m, err);
    if (rc < 0) {
        sd_srcmap_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

void sd_srcmap_free(sd_srcmap *m)
{
    size_t i;
    if (!m) return;
    for (i = 0; i < m->nf; i++) {
        sd__free(m->f[i].path);
        sd__free(m->f[i].line);
    }
    sd__free(m->f);
    sd__free(m->fn);
    sd__free(m->loop);
    sd__free(m->tests);
    sd__strpool_release(&m->names);
    sd__map_release(&m->chans);
    sd__map_release(&m->items);
    sd__free(m->binds);
    sd__free(m->alias);
    sd__free(m);
}

size_t sd_srcmap_nfiles(const sd_srcmap *m) { return m ? m->nf : 0; }

const char *sd_srcmap_file(const sd_srcmap *m, size_t i) { return m && i < m->nf ? m->f[i].path : NULL; }

static const sfile *find_file(const sd_srcmap *m, const char *file, uint32_t *fi)
{
    const char *b = file ? strrchr(file, '/') : NULL;
    size_t i;
    if (!file) return NULL;
    if (b) { /* a path: that file */
        for (i = 0; i < m->nf; i++)
            if (strcmp(m->f[i].path, file) == 0) {
                *fi = (uint32_t)i;
                return &m->f[i];
            }
        if (file[0] == '/') return NULL;
    }
    b = b ? b + 1 : file;
    for (i = 0; i < m->nf; i++)
        if (strcmp(m->f[i].base, b) == 0) {
            *fi = (uint32_t)i;
            return &m->f[i];
        }
    return NULL;
}

/* the operation of line L as a step of the code: a range over what is
 * not known to be a channel (a slice, a map, a number) waits for nothing */
static uint8_t step_op(const sd_srcmap *m, const sline *L)
{
    if (L->op == SD_SRC_RANGE && !L->range_call &&
        !(L->nobj && sd__map_get(&m->chans, alias_of(m, L->obj[0])) > 0))
        return 0;
    return L->op;
}

/* The iterations of loop lid: what its header states, else the length of
 * the slice literal it ranges over (by the name's class), else 0. */
static uint32_t loop_len(const sd_srcmap *m, uint32_t lid)
{
    const sloop *l = &m->loop[lid];
    int64_t v;
    if (l->bound || !l->over) return l->bound;
    v = sd__map_get(&m->items, alias_of(m, l->over));
    return v > 0 && (uint32_t)v != ITEMS_MIXED ? (uint32_t)v + l->over_le : 0;
}

/* what the package says of the channels named id: 0 unknown or not a
 * channel, 1 unbuffered, 2 buffered, 3 both (several make sites) */
static uint8_t chan_cap(const sd_srcmap *m, uint32_t id)
{
    int64_t v = id ? sd__map_get(&m->chans, alias_of(m, id)) : -1;
    if (v < 0) return 0;
    return (uint8_t)(((v & CH_UNBUF) ? 1 : 0) | ((v & CH_BUF) ? 2 : 0));
}

/* The line a call chain's site names (NULL: not in the map) */
static const sline *site_line(const sd_srcmap *m, const sd_site *s)
{
    uint32_t fi;
    const sfile *f = find_file(m, s->file, &fi);
    return f && s->line > 0 && s->line <= f->nline ? &f->line[s->line] : NULL;
}

/* the operations met along one path through the code, in order */
typedef struct opseq {
    int n;
    uint8_t op[SD_SRC_NEXT];
    uint32_t obj[SD_SRC_NEXT];
} opseq;

static void seq_in(const sd_srcmap *m, uint32_t fid, uint32_t after, int depth, opseq *q);

/* Appends line L's operation to q (its first name), when q has room. */
static void push_op(opseq *q, const sline *L)
{
    if (q->n >= SD_SRC_NEXT) return;
    q->op[q->n] = L->op;
    q->obj[q->n++] = L->nobj ? L->obj[0] : 0;
}

/* Follows the calls of the package's functions on line L (the first
 * function of each called name), while q has room. */
static void follow_calls(const sd_srcmap *m, const sline *L, int depth, opseq *q)
{
    uint32_t c;
    size_t k;
    for (c = 0; c < L->ncall && q->n < SD_SRC_NEXT && depth < CALL_DEPTH; c++)
        for (k = 1; k <= m->nfn; k++)
            if (m->fn[k].name && m->fn[k].name == L->call[c]) {
                seq_in(m, (uint32_t)k, m->fn[k].start, depth + 1, q);
                break;
            }
}

/* adds the operations on lines [from, to) of function fid (and of the
 * package's functions they call) until q is full; 1 when it met a return
 * at the top level of the function's body (one inside an if, a loop or a
 * case is taken as not taken) */
static int ops_in(const sd_srcmap *m, const sfile *f, uint32_t fid, uint32_t from, uint32_t to, int depth,
                  opseq *q)
{
    uint32_t j;
    for (j = from; j < to && j <= f->nline && q->n < SD_SRC_NEXT; j++) {
        const sline *L = &f->line[j];
        if (L->fn != fid || L->deferred || L->is_case) continue;
        if (L->op == SD_SRC_RETURN) {
            if (L->nested) continue;
            push_op(q, L);
            return 1;
        }
        if (step_op(m, L)) push_op(q, L);
        else follow_calls(m, L, depth, q);
    }
    return 0;
}

/* the deferred operations of function fid, last deferred first, as its
 * return runs them (a deferred literal's own operations, a deferred call
 * of the package's functions followed) */
static void deferred_ops(const sd_srcmap *m, const sfile *f, uint32_t fid, uint32_t end, int depth, opseq *q)
{
    uint32_t j;
    for (j = end <= f->nline ? end : f->nline; j > m->fn[fid].start && q->n < SD_SRC_NEXT; j--) {
        const sline *L = &f->line[j];
        if (L->fn != fid || !L->deferred) continue;
        if (L->op) push_op(q, L);
        else if (L->starts && depth < CALL_DEPTH) seq_in(m, L->starts, m->fn[L->starts].start, depth + 1, q);
        else follow_calls(m, L, depth, q);
    }
}

/* the operations of function fid after line `after`: the rest of its
 * loop, the loop again, then what follows (its own lines, not those of
 * nested literals) */
static void seq_in(const sd_srcmap *m, uint32_t fid, uint32_t after, int depth, opseq *q)
{
    const sfunc *fn = &m->fn[fid];
    const sfile *f = &m->f[fn->file];
    uint32_t end = fn->end ? fn->end : f->nline, lp = after <= f->nline ? f->line[after].loop : 0;
    if (fn->end == fn->start && after == fn->start) { /* func f() { body } on one line */
        const sline *L = &f->line[fn->start];
        if (step_op(m, L)) push_op(q, L);
        return;
    }
    int ret = 0;
    if (lp && m->loop[lp].end && m->loop[lp].header > fn->start) {
        const sloop *l = &m->loop[lp];
        ret = ops_in(m, f, fid, after + 1, l->end, depth, q) || ops_in(m, f, fid, l->header, after + 1, depth, q);
        after = l->end;
    }
    if (!ret) ops_in(m, f, fid, after + 1, end, depth, q);
    deferred_ops(m, f, fid, end, depth, q);
}

/* fills out's next operations from function fid after line `after`, then
 * from its callers' lines outer[0..nouter) on */
static void fill_next(const sd_srcmap *m, uint32_t fid, uint32_t after, const sd_site *outer, size_t nouter,
                      sd_srcinfo *out)
{
    opseq q;
    int k;
    size_t i;
    q.n = 0;
    seq_in(m, fid, after, 0, &q);
    for (i = 0; i < nouter && q.n < SD_SRC_NEXT; i++) {
        const sline *L = site_line(m, &outer[i]);
        if (!L || !L->fn) break;
        /* the calling line's own operation (`ch <- f()`) runs after the call */
        if (step_op(m, L) && L->op != SD_SRC_GO && !L->deferred && !L->is_case) push_op(&q, L);
        if (q.n < SD_SRC_NEXT) seq_in(m, L->fn, outer[i].line, 0, &q);
    }
    for (k = 0; k < SD_SRC_NEXT; k++) {
        out->next[k] = k < q.n ? q.op[k] : SD_SRC_END;
        out->next_obj[k] = k < q.n ? alias_of(m, q.obj[k]) : 0;
        out->next_cap[k] = chan_cap(m, out->next_obj[k]);
    }
}

void sd_srcmap_query(const sd_srcmap *m, const char *file, uint32_t line, int at_start, sd_srcinfo *out)
{
    sd_srcmap_query_chain(m, file, line, at_start, NULL, 0, out);
}

void sd_srcmap_query_chain(const sd_srcmap *m, const char *file, uint32_t line, int at_start,
                           const sd_site *outer, size_t nouter, sd_srcinfo *out)
{
    uint32_t fi = 0, k;
    const sfile *f;
    const sline *L;
    memset(out, 0, sizeof *out); /* SD_SRC_UNKNOWN, no names */
    if (!m || !(f = find_file(m, file, &fi)) || line == 0 || line > f->nline) return;
    L = &f->line[line];
    if (at_start && L->starts) { /* a goroutine that has not run: its function */
        out->here = SD_SRC_START;
        fill_next(m, L->starts, line, NULL, 0, out);
        return;
    }
    out->here = L->op ? L->op : SD_SRC_NONE;
    out->loop_bound = L->loop ? loop_len(m, L->loop) : 0;
    if (L->op == SD_SRC_GO && !L->loop) { /* a go statement in a function called in a loop */
        size_t c;
        for (c = 0; c < nouter; c++) {
            const sline *cl = site_line(m, &outer[c]);
            if (!cl) break;
            if (cl->loop) {
                out->loop_bound = loop_len(m, cl->loop);
                break;
            }
        }
    }
    for (k = 0; L->op && k < L->nobj; k++) out->here_obj[k] = alias_of(m, L->obj[k]);
    out->nhere_obj = L->op ? L->nobj : 0;
    out->here_cap = L->op && L->nobj ? chan_cap(m, L->obj[0]) : 0;
    if (L->fn) fill_next(m, L->fn, line, outer, nouter, out);
}

void sd_srcmap_test_first(const sd_srcmap *m, uint32_t k, sd_srcinfo *out)
{
    memset(out, 0, sizeof *out);
    if (!m || k == 0 || k > m->ntests) return;
    out->here = SD_SRC_START;
    fill_next(m, m->tests[k - 1], m->fn[m->tests[k - 1]].start, NULL, 0, out);
}
