/*
 * reader.c - the public reader: opens a trace, walks generations, and
 * merges the per-thread event streams through the ordering state machine
 * (Go's reader.go and batchcursor.go).  Each thread's next event sits in a
 * min-heap by time; the earliest that the state machine accepts goes next.
 * Ties in time are broken by thread id, which makes the order
 * deterministic where Go's depends on map iteration.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

static int trace_init(sd_trace *t, const char *name, const sd_trace_opts *opts, sd_error *err)
{
    size_t n = strlen(name);
    t->name = sd__malloc(n + 1);
    if (!t->name) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    memcpy(t->name, name, n + 1);
    if (opts) t->opts = *opts;
    if (t->opts.max_gen_bytes == 0) t->opts.max_gen_bytes = (size_t)1 << 30;
    t->emitted_sync = 1;
    t->order.names = &t->pool;
    return sd__input_header(&t->in, t->name, &t->version, err);
}

static int finish_open(sd_trace **out, sd_trace *t, int rc)
{
    if (rc < 0) {
        sd_trace_free(t);
        *out = NULL;
        return rc;
    }
    *out = t;
    return 0;
}

int sd_trace_open_file(sd_trace **out, FILE *f, const char *name, const sd_trace_opts *opts,
                       sd_error *err)
{
    sd_trace *t = sd__calloc(1, sizeof *t);
    int rc;
    *out = NULL;
    if (!t) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    if ((rc = sd__input_init_file(&t->in, f, 0)) < 0) {
        sd__free(t);
        return sd_error_set(err, rc, -1, "out of memory");
    }
    return finish_open(out, t, trace_init(t, name, opts, err));
}

int sd_trace_open(sd_trace **out, const char *path, const sd_trace_opts *opts, sd_error *err)
{
    FILE *f;
    sd_trace *t;
    int rc;
    *out = NULL;
    if (strcmp(path, "-") == 0) return sd_trace_open_file(out, stdin, "<stdin>", opts, err);
    f = fopen(path, "rb");
    if (!f) return sd_error_set(err, SD_EIO, -1, "%s: cannot open: %s", path, strerror(errno));
    t = sd__calloc(1, sizeof *t);
    if (!t) {
        fclose(f);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    if ((rc = sd__input_init_file(&t->in, f, 1)) < 0) {
        fclose(f);
        sd__free(t);
        return sd_error_set(err, rc, -1, "out of memory");
    }
    return finish_open(out, t, trace_init(t, path, opts, err));
}

int sd_trace_open_mem(sd_trace **out, const void *data, size_t len, const char *name,
                      const sd_trace_opts *opts, sd_error *err)
{
    sd_trace *t = sd__calloc(1, sizeof *t);
    *out = NULL;
    if (!t) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    sd__input_init_mem(&t->in, data, len);
    return finish_open(out, t, trace_init(t, name ? name : "<memory>", opts, err));
}

void sd_trace_free(sd_trace *t)
{
    if (!t) return;
    sd__input_release(&t->in);
    sd__gen_free(t->gen);
    sd__gen_free(t->spare);
    sd__free(t->spill_buf);
    sd__free(t->cursors);
    sd__free(t->frontier);
    sd__order_release(&t->order);
    sd__strpool_release(&t->pool);
    sd__free(t->name);
    sd__free(t);
}

int sd_trace_version(const sd_trace *t) { return t->version; }

void sd_trace_get_stats(const sd_trace *t, sd_trace_stats *st)
{
    *st = t->stats;
    st->bytes = (uint64_t)t->in.off;
}

/* ---- per-thread cursors ---- */

static inline int64_t freq_mul(double freq, uint64_t ts) { return sd__f64_to_i64((double)ts * freq); }

static inline int read_uv(const uint8_t *p, size_t len, size_t *pos, uint64_t *out)
{
    /* binary.Uvarint: fails on a short buffer or an overflow */
    uint64_t x = 0;
    unsigned s = 0, i;
    size_t at = *pos;
    if (at < len && p[at] < 0x80) {
        *out = p[at];
        *pos = at + 1;
        return 1;
    }
    for (i = 0; i < 10 && at < len; i++, at++) {
        uint8_t b = p[at];
        if (b < 0x80) {
            if (i == 9 && b > 1) return 0;
            *out = x | (uint64_t)b << s;
            *pos = at + 1;
            return 1;
        }
        x |= (uint64_t)(b & 0x7f) << s;
        s += 7;
    }
    return 0;
}

/* Decodes a uvarint with no bounds check (the caller guarantees 10 bytes);
 * NULL on overflow. */
static inline const uint8_t *uv_unchecked(const uint8_t *p, uint64_t *out)
{
    uint64_t x;
    unsigned s, i;
    if (p[0] < 0x80) {
        *out = p[0];
        return p + 1;
    }
    x = p[0] & 0x7f;
    for (i = 1, s = 7; i < 10; i++, s += 7) {
        uint8_t b = p[i];
        if (b < 0x80) {
            if (i == 9 && b > 1) return NULL;
            *out = x | (uint64_t)b << s;
            return p + i + 1;
        }
        x |= (uint64_t)(b & 0x7f) << s;
    }
    return NULL;
}

static int bad_uvarint(sd_trace *t, const sd__batch *b, size_t pos, const sd__spec *sp,
                       unsigned arg, sd_error *err)
{
    int64_t off = b->off + (int64_t)pos;
    if (arg == 0)
        return sd_error_set(err, SD_EFORMAT, off,
                            "%s: offset %lld: found invalid uvarint for timestamp", t->name,
                            (long long)off);
    return sd_error_set(err, SD_EFORMAT, off,
                        "%s: offset %lld: found invalid uvarint (argument %s of %s)", t->name,
                        (long long)off, sp->args[arg], sp->name);
}

/* batchCursor.nextEvent: 1 event read, 0 cursor exhausted, <0 error. */
static int cursor_next(sd_trace *t, sd__cursor *c, sd_error *err)
{
    const struct sd_trace_gen *g = t->gen;
    const sd__mbatches *mb = &g->ms[c->mi];
    const sd__batch *b;
    const sd__spec *sp;
    uint64_t ts;
    size_t pos;
    unsigned i, typ;
    if (c->bi < mb->n && mb->v[c->bi].len == c->off) {
        do {
            c->bi++;
            c->off = 0;
            c->last_ts = 0;
        } while (c->bi < mb->n && mb->v[c->bi].len == c->off);
    }
    if (c->bi == mb->n) return 0;
    b = &mb->v[c->bi];
    if (c->last_ts == 0) c->last_ts = freq_mul(g->freq, b->time);
    typ = b->data[c->off];
    c->ev.offset = b->off + (int64_t)c->off;
    if (typ >= SD__NSPECS)
        return sd_error_set(err, SD_EFORMAT, c->ev.offset,
                            "%s: offset %lld: found invalid event type: %u", t->name,
                            (long long)c->ev.offset, typ);
    sp = &sd__specs[typ];
    if (sp->nargs == 0 || !sp->timed)
        return sd_error_set(err, SD_EFORMAT, c->ev.offset,
                            "%s: offset %lld: found event without a timestamp: type=%u", t->name,
                            (long long)c->ev.offset, typ);
    c->ev.type = (uint8_t)typ;
    pos = c->off + 1;
    if (b->len - pos >= 6 * 10) { /* room for every varint: no bounds checks */
        const uint8_t *p = b->data + pos;
        if (!(p = uv_unchecked(p, &ts))) return bad_uvarint(t, b, pos, sp, 0, err);
        for (i = 0; i + 1 < sp->nargs; i++) {
            const uint8_t *q = uv_unchecked(p, &c->ev.args[i]);
            if (!q) return bad_uvarint(t, b, (size_t)(p - b->data), sp, i + 1, err);
            p = q;
        }
        pos = (size_t)(p - b->data);
    } else {
        if (!read_uv(b->data, b->len, &pos, &ts)) return bad_uvarint(t, b, pos, sp, 0, err);
        for (i = 0; i + 1 < sp->nargs; i++)
            if (!read_uv(b->data, b->len, &pos, &c->ev.args[i]))
                return bad_uvarint(t, b, pos, sp, i + 1, err);
    }
    c->ev.time = (int64_t)((uint64_t)freq_mul(g->freq, ts) + (uint64_t)c->last_ts);
    c->last_ts = c->ev.time;
    c->off = pos;
    return 1;
}

/* Heap order: time, then thread id. */
static inline int cur_less(const sd__cursor *a, const sd__cursor *b)
{
    return a->ev.time < b->ev.time || (a->ev.time == b->ev.time && a->m < b->m);
}

static size_t sift_up(sd__cursor **h, size_t i)
{
    while (i > 0 && cur_less(h[i], h[(i - 1) / 2])) {
        sd__cursor *tmp = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = tmp;
        i = (i - 1) / 2;
    }
    return i;
}

static void sift_down(sd__cursor **h, size_t n, size_t i)
{
    for (;;) {
        size_t m = i, l = 2 * i + 1, r = 2 * i + 2;
        sd__cursor *tmp;
        if (l < n && cur_less(h[l], h[m])) m = l;
        if (r < n && cur_less(h[r], h[m])) m = r;
        if (m == i) return;
        tmp = h[i];
        h[i] = h[m];
        h[m] = tmp;
        i = m;
    }
}

static void heap_remove(sd_trace *t, size_t i)
{
    sd__cursor **h = t->frontier;
    while (i > 0) {
        sd__cursor *tmp = h[i];
        h[i] = h[(i - 1) / 2];
        h[(i - 1) / 2] = tmp;
        i = (i - 1) / 2;
    }
    h[0] = h[t->nfrontier - 1];
    t->nfrontier--;
    sift_down(h, t->nfrontier, 0);
}

static int cmp_cursor(const void *a, const void *b)
{
    const sd__cursor *x = *(const sd__cursor *const *)a, *y = *(const sd__cursor *const *)b;
    if (cur_less(x, y)) return -1;
    if (cur_less(y, x)) return 1;
    return 0;
}

/* Sets up one cursor per thread for the generation just read. */
static int start_generation(sd_trace *t, sd_error *err)
{
    struct sd_trace_gen *g = t->gen;
    size_t i;
    int rc;
    sd__free(t->cursors);
    t->cursors = NULL;
    t->nfrontier = 0;
    if (g->nms) {
        t->cursors = sd__calloc(g->nms, sizeof *t->cursors);
        if (!t->cursors) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", t->name);
        if (t->capfrontier < g->nms) {
            sd__cursor **nf = sd__realloc(t->frontier, g->nms * sizeof *nf);
            if (!nf) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", t->name);
            t->frontier = nf;
            t->capfrontier = g->nms;
        }
    }
    for (i = 0; i < g->nms; i++) {
        sd__cursor *c = &t->cursors[i];
        c->m = g->ms[i].m;
        c->mi = i;
        c->ev.m = c->m;
        if ((rc = cursor_next(t, c, err)) < 0) return rc;
        if (rc == 0) continue;
        t->frontier[t->nfrontier] = c;
        sift_up(t->frontier, t->nfrontier++);
    }
    t->cpu_next = g->cpu;
    t->ncpu_left = g->ncpu;
    return 0;
}

/* tryAdvance: 1 advanced, 0 not yet, <0 error. */
static int try_advance(sd_trace *t, size_t i, sd_error *err)
{
    sd__cursor *c = t->frontier[i];
    int rc = sd__order_advance(&t->order, &c->ev, t->gen, c->m, &c->mhint, t->gen->gen, t->name,
                               err);
    if (rc <= 0) return rc;
    rc = cursor_next(t, c, err);
    if (rc < 0) return rc;
    if (rc) {
        if (sift_up(t->frontier, i) == i) sift_down(t->frontier, t->nfrontier, i);
    } else {
        heap_remove(t, i);
    }
    return 1;
}

/* Checks that the stack and string ids an event names exist (Go's
 * validateTableIDs). */
static int validate_ids(sd_trace *t, const sd_event *ev, sd_error *err)
{
    const sd__spec *sp = &sd__specs[ev->type];
    unsigned k;
    for (k = 0; k < sp->nstack; k++) {
        int ok;
        uint64_t id = ev->args[sp->stack_ids[k] - 1];
        (void)sd__gen_stack(ev->tab, id, &ok);
        if (!ok)
            return sd_error_set(err, SD_EFORMAT, ev->offset,
                                "%s: offset %lld: found invalid stack ID %llu for event %s",
                                t->name, (long long)ev->offset, (unsigned long long)id, sp->name);
    }
    for (k = 0; k < sp->nstring; k++) {
        sd_str s;
        uint64_t id = ev->args[sp->string_ids[k] - 1];
        if (!sd__gen_str(ev->tab, id, &s))
            return sd_error_set(err, SD_EFORMAT, ev->offset,
                                "%s: offset %lld: found invalid string ID %llu for event %s",
                                t->name, (long long)ev->offset, (unsigned long long)id, sp->name);
    }
    return 0;
}

static inline int emit(sd_trace *t, sd_event *ev, sd_error *err)
{
    if (ev->type != SD_EV_SYNC && ev->type != SD_EV_CPUSample &&
        (sd__specs[ev->type].nstack | sd__specs[ev->type].nstring)) {
        int rc = validate_ids(t, ev, err);
        if (rc < 0) return rc;
    }
    if (ev->time <= t->last_ts) ev->time = t->last_ts + 1;
    t->last_ts = ev->time;
    t->stats.events++;
    return 1;
}

static int read_event(sd_trace *t, sd_event *ev, sd_error *err)
{
    int rc;
    size_t i;
    if (sd__order_next(&t->order, ev)) return emit(t, ev, err);

    if (t->nfrontier == 0 && t->ncpu_left == 0) {
        if (!t->emitted_sync) {
            t->emitted_sync = 1;
            memset(ev, 0, sizeof *ev);
            ev->type = SD_EV_SYNC;
            ev->time = t->last_ts;
            ev->m = SD_NO_THREAD;
            ev->p = SD_NO_PROC;
            ev->g = SD_NO_GOROUTINE;
            ev->offset = -1;
            ev->tab = t->gen;
            ev->gen = t->gen->gen;
            return emit(t, ev, err);
        }
        if (t->has_spill_err) {
            if (err) *err = t->spill_err;
            return t->spill_err.code;
        }
        if (t->gen && !t->have_spill) return 0;
        rc = sd__read_generation(t, err);
        if (rc < 0) return rc;
        if ((rc = start_generation(t, err)) < 0) return rc;
        t->emitted_sync = 0;
    }
    if (t->ncpu_left) {
        if (t->nfrontier == 0 || t->cpu_next->time < t->frontier[0]->ev.time) {
            const sd__cpusample *s = t->cpu_next++;
            t->ncpu_left--;
            memset(ev, 0, sizeof *ev);
            ev->type = SD_EV_CPUSample;
            ev->time = s->time;
            ev->m = s->m;
            ev->p = s->p;
            ev->g = s->g;
            ev->args[0] = s->stack;
            ev->offset = -1;
            ev->tab = t->gen;
            ev->gen = t->gen->gen;
            return emit(t, ev, err);
        }
    }
    if (t->nfrontier == 0)
        return sd_error_set(err, SD_EBROKEN, t->in.off,
                            "%s: offset %lld: broken trace: frontier is empty in generation %llu "
                            "(events remain queued for no thread)",
                            t->name, (long long)t->in.off, (unsigned long long)t->gen->gen);
    t->order.direct = ev;
    t->order.direct_used = 0;
    rc = try_advance(t, 0, err);
    if (rc < 0) return rc;
    if (rc == 0) {
        int ok = 0;
        qsort(t->frontier, t->nfrontier, sizeof *t->frontier, cmp_cursor);
        for (i = 1; i < t->nfrontier; i++) {
            rc = try_advance(t, i, err);
            if (rc < 0) return rc;
            if (rc) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            const sd__cursor *c = t->frontier[0];
            return sd_error_set(err, SD_EBROKEN, c->ev.offset,
                                "%s: offset %lld: broken trace: no thread's next event can "
                                "happen (generation %llu; earliest is %s on thread %lld)",
                                t->name, (long long)c->ev.offset,
                                (unsigned long long)t->gen->gen, sd_event_type_name(c->ev.type),
                                (long long)c->m);
        }
    }
    if (t->order.direct_used) {
        t->order.direct = NULL;
        return emit(t, ev, err);
    }
    t->order.direct = NULL;
    if (!sd__order_next(&t->order, ev))
        return sd_error_set(err, SD_EBROKEN, -1, "%s: internal error: advanced but queue empty",
                            t->name);
    return emit(t, ev, err);
}

int sd_trace_next(sd_trace *t, sd_event *ev, sd_error *err)
{
    int rc;
    if (t->failed) {
        if (err) *err = t->sticky;
        return t->sticky.code;
    }
    if (t->done) return 0;
    rc = read_event(t, ev, &t->sticky);
    t->order.direct = NULL;
    if (rc < 0) {
        t->failed = 1;
        if (t->sticky.code == 0) t->sticky.code = rc;
        /* A generation cut short by damage later in the file usually fails
         * to order before the damage is reported: say where the damage is. */
        if (t->has_spill_err && strcmp(t->sticky.msg, t->spill_err.msg) != 0) {
            size_t n = strlen(t->sticky.msg);
            snprintf(t->sticky.msg + n, sizeof t->sticky.msg - n,
                     "; the generation is incomplete because the file is damaged: %s",
                     t->spill_err.msg);
        }
        if (err) *err = t->sticky;
        return rc;
    }
    if (rc == 0) t->done = 1;
    return rc;
}
