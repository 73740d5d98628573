/*
 * state.c - replays one run's canonical stream and describes, after any
 * prefix, the transitions the scheduler allows and their features
 * (docs/model.md lists every feature).  Features never depend on names,
 * sites or pointers, only on the shape of the state and of the run so far,
 * so that what is learnt on some programs carries to others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/model.h"
#include "util/util.h"

enum { GS_NONE = 0, GS_RUNNABLE, GS_RUNNING, GS_BLOCKED, GS_ENDED };

/* block reasons, by class */
enum {
    R_NONE = 0, R_SEND, R_RECV, R_SELECT, R_LOCK, R_WAITGROUP, R_COND, R_SLEEP,
    R_SYSCALL, R_FOREVER, R_SYNC, R_NETWORK, R_OTHER
};

typedef struct gst {
    uint8_t status, reason, last_type, prev_type;
    uint32_t last_pos;  /* 1 + index of its last event; 0: none */
    int64_t last_time;
    uint32_t ready_pos; /* 1 + index of the event that made it runnable */
    uint32_t ready_by;  /* who made it runnable (creator, unblocker) */
    uint32_t woken_by;  /* who unblocked it last */
    uint32_t nev;       /* its events so far */
    uint64_t last_label;
    uint64_t last_rlabel; /* the same with its role for its name */
    uint64_t role;        /* hash of its name without the trailing #K */
    sd_site site;         /* where it is */
    uint32_t outer;       /* the program frames calling site's function
                             (sd_cstream_outer of the stream) */
    sd_srcinfo src;       /* what the source says it does there and next */
} gst;

struct sd_mstate {
    const sd_cstream *s;
    sd_cevent *ev;   /* the stream's events, then sampled ones (rollouts) */
    size_t n, pos, ng, cap, capg, ng_stream;
    gst *g;
    char **names;    /* names of goroutines created by sampled events */
    const char **last_reason; /* per goroutine: its last block reason */
    uint64_t *label; /* per event: hash of (type, g, reason, site) */
    uint64_t *rlabel; /* the same with g's role (siblings alike) */
    uint32_t nstatus[5];
    /* in-context statistics of this run so far */
    sd_map follow1;  /* label of an event -> packed (type, g) of the next */
    sd_map follow2;  /* labels of two events -> packed next */
    sd_map seen;     /* (label, packed next) -> times */
    sd_map total;    /* label -> times followed */
    sd_map own;      /* label of g's event -> g's next event type + 1 */
    /* the same by role: goroutines created at one site behave alike */
    sd_map rfollow;  /* rlabel of an event -> next type, same goroutine */
    sd_map rown;     /* rlabel of g's event -> g's next event type + 1 */
    sd_map rstep;    /* (role, k) -> type + 1 of the k-th event of that role */
    const sd_srcmap *src; /* the program's source, or NULL */
    sd_srcmap *own_src;   /* ... when the state loaded it */
};

/* Can an operation of class op wake a goroutine blocked at one of class
 * blocked, on the same name? */
static int wakes(uint8_t op, uint8_t blocked)
{
    switch (op) {
    case SD_SRC_SEND:
    case SD_SRC_CLOSE: return blocked == SD_SRC_RECV || blocked == SD_SRC_RANGE || blocked == SD_SRC_SELECT;
    case SD_SRC_RECV:
    case SD_SRC_RANGE: return blocked == SD_SRC_SEND || blocked == SD_SRC_SELECT;
    case SD_SRC_SELECT:
        return blocked == SD_SRC_SEND || blocked == SD_SRC_RECV || blocked == SD_SRC_RANGE || blocked == SD_SRC_SELECT;
    case SD_SRC_UNLOCK: return blocked == SD_SRC_LOCK;
    case SD_SRC_DONE:
    case SD_SRC_WAKE: return blocked == SD_SRC_WAIT;
    default: return 0;
    }
}

/* what the source says goroutine i does at its site and next */
static void refresh_src(sd_mstate *st, uint32_t i)
{
    gst *g;
    if (i >= st->ng) return;
    g = &st->g[i];
    memset(&g->src, 0, sizeof g->src);
    if (!st->src) return;
    if (g->site.func && strncmp(g->site.func, "testing.tRunner", 15) == 0 && i < st->ng_stream) {
        /* main/testing.tRunner#K runs the K-th test (until its first event
         * in the test's own code) */
        const sd_goroutine *gr = sd_cstream_goroutine(st->s, i);
        const char *h = strrchr(gr->name, '#');
        /* a subtest: t.Run(name, func(t *testing.T) { ... }) starts the
         * literal on its creation line */
        sd_srcmap_query(st->src, gr->created.file, gr->created.line, 1, &g->src);
        if (g->src.here == SD_SRC_START) return;
        memset(&g->src, 0, sizeof g->src);
        if (h) sd_srcmap_test_first(st->src, (uint32_t)strtoul(h + 1, NULL, 10), &g->src);
        return;
    }
    /* at its function's start until it moves on: not run yet, or its site
     * is still the function's (a first GoStart names the function) */
    {
        const sd_site *start = i < st->ng_stream ? &sd_cstream_goroutine(st->s, i)->start : NULL;
        int at_start = g->nev == 0 || (start && start->file && g->site.file && g->site.line == start->line &&
                                       strcmp(g->site.file, start->file) == 0);
        const sd_site *outer = NULL;
        size_t nouter = at_start ? 0 : sd_cstream_outer(st->s, g->outer, &outer);
        sd_srcmap_query_chain(st->src, g->site.file, g->site.line, at_start, outer, nouter, &g->src);
    }
}

void sd_mstate_set_source(sd_mstate *st, const sd_srcmap *m)
{
    uint32_t i;
    st->src = m;
    for (i = 0; i < st->ng; i++) refresh_src(st, i);
}

const sd_srcmap *sd_mstate_source(const sd_mstate *st) { return st->src; }

int sd_mstate_load_source(sd_mstate *st, sd_error *err)
{
    sd_srcmap *m;
    int rc = sd_srcmap_for_stream(st->s, &m, err);
    if (rc < 0) return rc;
    sd_srcmap_free(st->own_src);
    st->own_src = m;
    sd_mstate_set_source(st, m);
    return 0;
}

static int apply(sd_mstate *st, sd_error *err);

uint32_t sd_cand_goroutine_of(const sd_cevent *e)
{
    return e->type == SD_CEV_CREATE ? e->actor : e->g;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

static uint64_t hstr(uint64_t h, const char *s)
{
    for (; s && *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return mix(h, 0x55);
}

static uint8_t reason_class(const char *r)
{
    if (!r || !*r) return R_NONE;
    if (!strcmp(r, "chan send")) return R_SEND;
    if (!strcmp(r, "chan receive")) return R_RECV;
    if (!strcmp(r, "select")) return R_SELECT;
    if (strstr(r, "Mutex.")) return R_LOCK;
    if (strstr(r, "WaitGroup")) return R_WAITGROUP;
    if (strstr(r, "Cond")) return R_COND;
    if (!strcmp(r, "sleep")) return R_SLEEP;
    if (!strcmp(r, "syscall")) return R_SYSCALL;
    if (!strcmp(r, "network")) return R_NETWORK;
    if (!strncmp(r, "forever", 7)) return R_FOREVER;
    if (!strncmp(r, "sync", 4)) return R_SYNC;
    return R_OTHER;
}

static void init_goroutine(sd_mstate *st, uint32_t i, const char *name)
{
    const char *hash = strrchr(name, '#');
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t k, len = hash ? (size_t)(hash - name) : strlen(name);
    for (k = 0; k < len; k++) h = (h ^ (unsigned char)name[k]) * 0x100000001b3ULL;
    memset(&st->g[i], 0, sizeof st->g[i]);
    st->g[i].role = mix(h, 0x77);
    st->g[i].last_type = st->g[i].prev_type = 255;
    st->g[i].ready_by = st->g[i].woken_by = SD_NO_GOR;
    st->last_reason[i] = NULL;
}

/* the label hashes of event i: (type, reason, site) with the goroutine,
 * and with its role */
static void set_labels(sd_mstate *st, size_t i)
{
    const sd_cevent *e = &st->ev[i];
    uint32_t k = sd_cand_goroutine_of(e);
    uint64_t h = hstr(hstr(mix(0x1234, e->type), e->reason), e->site.file);
    h = mix(h, e->site.line);
    st->label[i] = mix(h, k);
    st->rlabel[i] = mix(h, k < st->ng ? st->g[k].role : 0x99);
}

int sd_mstate_new(const sd_cstream *s, sd_mstate **out, sd_error *err)
{
    sd_mstate *st = sd__calloc(1, sizeof *st);
    size_t i;
    *out = NULL;
    if (!st) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    st->s = s;
    st->n = sd_cstream_len(s);
    st->ng = st->ng_stream = sd_cstream_ngoroutines(s);
    st->cap = st->n ? st->n : 1;
    st->capg = st->ng ? st->ng : 1;
    st->ev = sd__malloc(st->cap * sizeof *st->ev);
    st->g = sd__calloc(st->capg, sizeof *st->g);
    st->last_reason = sd__calloc(st->capg, sizeof *st->last_reason);
    st->label = sd__malloc(st->cap * sizeof *st->label);
    st->rlabel = sd__malloc(st->cap * sizeof *st->rlabel);
    if (!st->ev || !st->g || !st->last_reason || !st->label || !st->rlabel) {
        sd_mstate_free(st);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    if (st->n) memcpy(st->ev, sd_cstream_events(s), st->n * sizeof *st->ev);
    for (i = 0; i < st->ng; i++) init_goroutine(st, (uint32_t)i, sd_cstream_goroutine(s, (uint32_t)i)->name);
    for (i = 0; i < st->n; i++) set_labels(st, i);
    st->nstatus[GS_NONE] = (uint32_t)st->ng;
    /* the root is running when the events start (the begin marker) */
    if (st->ng && !strcmp(sd_cstream_goroutine(s, 0)->name, "main")) {
        st->g[0].status = GS_RUNNING;
        st->nstatus[GS_NONE]--;
        st->nstatus[GS_RUNNING]++;
    }
    *out = st;
    return 0;
}

void sd_mstate_free(sd_mstate *st)
{
    if (!st) return;
    sd_srcmap_free(st->own_src);
    if (st->names)
        for (size_t i = st->ng_stream; i < st->ng; i++) sd__free(st->names[i - st->ng_stream]);
    sd__free(st->names);
    sd__free(st->ev);
    sd__free(st->last_reason);
    sd__free(st->g);
    sd__free(st->label);
    sd__free(st->rlabel);
    sd__map_release(&st->rfollow);
    sd__map_release(&st->rown);
    sd__map_release(&st->rstep);
    sd__map_release(&st->follow1);
    sd__map_release(&st->follow2);
    sd__map_release(&st->seen);
    sd__map_release(&st->total);
    sd__map_release(&st->own);
    sd__free(st);
}

int sd_mstate_step(sd_mstate *st, sd_error *err)
{
    if (st->pos >= st->n) return 1;
    return apply(st, err);
}

const char *sd_mstate_goroutine_name(const sd_mstate *st, uint32_t g)
{
    if (g < st->ng_stream) return sd_cstream_goroutine(st->s, g)->name;
    if (g < st->ng) return st->names[g - st->ng_stream];
    return "?";
}

size_t sd_mstate_ngoroutines(const sd_mstate *st) { return st->ng; }

int sd_mstate_apply(sd_mstate *st, const sd_cand *c, sd_error *err)
{
    sd_cevent e;
    const sd_cevent *L = st->pos ? &st->ev[st->pos - 1] : NULL;
    uint32_t g = c->g;
    static const sd_site none = {"", "", 0};
    if (c->type >= SD_CEV_NTYPES || g >= st->ng)
        return sd_error_set(err, SD_EINVAL, -1, "sampled event: type %u, goroutine %u out of range", c->type, g);
    memset(&e, 0, sizeof e);
    e.type = c->type;
    e.time = L ? L->time : 0;
    e.g = g;
    e.reason = "";
    e.site = st->g[g].site.file ? st->g[g].site : none;
    e.outer = st->g[g].site.file ? st->g[g].outer : 0;
    e.actor = SD_NO_GOR;
    e.actor_site = none;
    if (c->type == SD_CEV_BLOCK && st->last_reason[g]) e.reason = st->last_reason[g];
    if (c->type == SD_CEV_SCHED) e.reason = "runtime.Gosched";
    if (c->type == SD_CEV_UNBLOCK && L) { /* by the goroutine that acted last, if it runs */
        uint32_t a = sd_cand_goroutine_of(L);
        if (a < st->ng && st->g[a].status == GS_RUNNING && a != g) e.actor = a;
    }
    if (c->type == SD_CEV_CREATE) { /* a new goroutine, named after its creator */
        const char *parent = sd_mstate_goroutine_name(st, g);
        size_t k, sib = 1, len = strlen(parent);
        char *name;
        for (k = st->ng_stream; k < st->ng; k++) {
            const char *o = st->names[k - st->ng_stream];
            sib += strncmp(o, parent, len) == 0 && strncmp(o + len, "/~sampled#", 10) == 0 &&
                   !strchr(o + len + 10, '/');
        }
        if (st->ng == st->capg) {
            size_t nc = st->capg * 2;
            gst *ng = sd__realloc(st->g, nc * sizeof *ng);
            const char **nr = ng ? sd__realloc(st->last_reason, nc * sizeof *nr) : NULL;
            if (ng) st->g = ng;
            if (nr) st->last_reason = nr;
            if (!ng || !nr) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            st->capg = nc;
        }
        {
            char **nn = sd__realloc(st->names, (st->ng - st->ng_stream + 1) * sizeof *nn);
            if (!nn) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            st->names = nn;
        }
        if (!(name = sd__malloc(len + 32))) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        snprintf(name, len + 32, "%s/~sampled#%zu", parent, sib);
        st->names[st->ng - st->ng_stream] = name;
        init_goroutine(st, (uint32_t)st->ng, name);
        st->nstatus[GS_NONE]++;
        e.g = (uint32_t)st->ng++;
        e.actor = g;
        e.actor_site = e.site;
    }
    /* the sampled event replaces whatever the stream had from here on */
    st->n = st->pos;
    if (st->n == st->cap) {
        size_t nc = st->cap * 2;
        sd_cevent *ne = sd__realloc(st->ev, nc * sizeof *ne);
        uint64_t *nl = ne ? sd__realloc(st->label, nc * sizeof *nl) : NULL;
        uint64_t *nr = nl ? sd__realloc(st->rlabel, nc * sizeof *nr) : NULL;
        if (ne) st->ev = ne;
        if (nl) st->label = nl;
        if (nr) st->rlabel = nr;
        if (!ne || !nl || !nr) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        st->cap = nc;
    }
    st->ev[st->n] = e;
    set_labels(st, st->n);
    st->n++;
    return apply(st, err);
}

size_t sd_mstate_pos(const sd_mstate *st) { return st->pos; }
const sd_cstream *sd_mstate_stream(const sd_mstate *st) { return st->s; }

const sd_site *sd_mstate_goroutine_site(const sd_mstate *st, uint32_t g)
{
    if (g >= st->ng || !st->g[g].site.file || !*st->g[g].site.file) return NULL;
    return &st->g[g].site;
}

static uint32_t pack(uint8_t type, uint32_t g) { return (uint32_t)type << 24 | (g & 0xFFFFFF); }

static int bump(sd_map *m, uint64_t key)
{
    int64_t v = sd__map_get(m, key);
    return sd__map_put(m, key, (uint32_t)(v < 0 ? 1 : v + 1));
}

/* Applies event st->ev[st->pos]. */
static int apply(sd_mstate *st, sd_error *err)
{
    const sd_cevent *e;
    uint32_t k, to;
    gst *g;
    e = &st->ev[st->pos];
    k = sd_cand_goroutine_of(e);
    /* in-context statistics: what followed the previous event(s) */
    if (k != SD_NO_GOR && k < st->ng) {
        uint32_t nx = pack(e->type, k);
        int rc = 0;
        if (st->pos >= 1) {
            uint64_t l1 = st->label[st->pos - 1];
            rc |= sd__map_put(&st->follow1, l1, nx);
            rc |= bump(&st->seen, mix(l1, nx));
            rc |= bump(&st->total, l1);
            if (st->pos >= 2) rc |= sd__map_put(&st->follow2, mix(st->label[st->pos - 2], l1), nx);
            rc |= sd__map_put(&st->rfollow, st->rlabel[st->pos - 1],
                              pack(e->type, k == sd_cand_goroutine_of(&st->ev[st->pos - 1])));
        }
        if (st->g[k].last_pos) {
            rc |= sd__map_put(&st->own, st->g[k].last_label, e->type + 1u);
            rc |= sd__map_put(&st->rown, st->g[k].last_rlabel, e->type + 1u);
        }
        rc |= sd__map_put(&st->rstep, mix(st->g[k].role, st->g[k].nev), e->type + 1u);
        if (rc) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    /* whoever creates or unblocks runs (a state the stream did not show) */
    if ((e->type == SD_CEV_CREATE || e->type == SD_CEV_UNBLOCK) && e->actor < st->ng &&
        st->g[e->actor].status != GS_RUNNING && e->actor != e->g) {
        st->nstatus[st->g[e->actor].status]--;
        st->nstatus[GS_RUNNING]++;
        st->g[e->actor].status = GS_RUNNING;
    }
    if (e->g < st->ng) {
        g = &st->g[e->g];
        switch (e->type) {
        case SD_CEV_CREATE: case SD_CEV_UNBLOCK: case SD_CEV_SCHED: to = GS_RUNNABLE; break;
        case SD_CEV_START: to = GS_RUNNING; break;
        case SD_CEV_BLOCK: to = GS_BLOCKED; break;
        default: to = GS_ENDED; break;
        }
        st->nstatus[g->status]--;
        st->nstatus[to]++;
        g->status = (uint8_t)to;
        if (to == GS_RUNNABLE) {
            g->ready_pos = (uint32_t)st->pos + 1;
            g->ready_by = e->type == SD_CEV_SCHED ? e->g : e->actor;
            if (e->type == SD_CEV_UNBLOCK) g->woken_by = e->actor;
        }
        if (to == GS_BLOCKED) {
            g->reason = reason_class(e->reason);
            st->last_reason[e->g] = e->reason;
        }
    }
    /* the acting goroutine's own history */
    if (k != SD_NO_GOR && k < st->ng) {
        g = &st->g[k];
        g->prev_type = g->last_type;
        g->last_type = e->type;
        g->last_pos = (uint32_t)st->pos + 1;
        g->last_time = e->time;
        g->last_label = st->label[st->pos];
        g->last_rlabel = st->rlabel[st->pos];
        g->nev++;
        g->site = e->site;
        g->outer = e->outer;
    }
    if (e->type == SD_CEV_CREATE && e->g < st->ng && e->g != k) { /* the child's birth */
        gst *c = &st->g[e->g];
        c->last_pos = (uint32_t)st->pos + 1;
        c->last_time = e->time;
        if (e->g < st->ng_stream) c->site = sd_cstream_goroutine(st->s, e->g)->start;
        else c->site = e->site;
        c->outer = 0;
    }
    if (e->type == SD_CEV_UNBLOCK && e->g < st->ng) {
        st->g[e->g].site = e->site;
        st->g[e->g].outer = e->outer;
    }
    if (e->type == SD_CEV_UNBLOCK && e->actor < st->ng && e->actor_site.file && *e->actor_site.file) {
        st->g[e->actor].site = e->actor_site; /* where the unblocker is */
        st->g[e->actor].outer = e->actor_outer;
    }
    if (st->src) {
        refresh_src(st, k);
        if (e->g != k) refresh_src(st, e->g);
        if (e->actor != k && e->actor != e->g) refresh_src(st, e->actor);
    }
    st->pos++;
    return 0;
}

size_t sd_mstate_candidates(const sd_mstate *st, sd_cand *out, size_t cap)
{
    static const uint8_t running_types[] = {SD_CEV_CREATE, SD_CEV_BLOCK, SD_CEV_SCHED, SD_CEV_END};
    size_t n = 0, i;
    int t;
    for (t = 0; t < SD_CEV_NTYPES; t++)
        for (i = 0; i < st->ng; i++) {
            uint8_t s = st->g[i].status;
            int ok;
            /* a syscall is a GoBlock whose end is a GoStart (docs/events.md) */
            if (t == SD_CEV_START) ok = s == GS_RUNNABLE || (s == GS_BLOCKED && st->g[i].reason == R_SYSCALL);
            else if (t == SD_CEV_UNBLOCK) ok = s == GS_BLOCKED;
            else ok = s == GS_RUNNING && memchr(running_types, t, sizeof running_types) != NULL;
            if (!ok) continue;
            if (n < cap) {
                out[n].type = (uint8_t)t;
                out[n].rank = 0;
                out[n].g = (uint32_t)i;
            }
            n++;
        }
    /* recency ranks within each type (ties: the lower index first) */
    for (i = 0; i < n && i < cap; i++) {
        size_t j;
        uint32_t r = 0, pi = st->g[out[i].g].last_pos;
        for (j = 0; j < n && j < cap; j++) {
            uint32_t pj = st->g[out[j].g].last_pos;
            if (j != i && out[j].type == out[i].type && (pj > pi || (pj == pi && j < i))) r++;
        }
        out[i].rank = (uint8_t)(r > 255 ? 255 : r);
    }
    return n;
}

int sd_cand_match(const sd_cand *c, size_t n, const sd_cevent *e)
{
    uint32_t g = sd_cand_goroutine_of(e);
    size_t i;
    for (i = 0; i < n; i++)
        if (c[i].type == e->type && c[i].g == g) return (int)i;
    return -1;
}

static uint32_t bucket(uint64_t v)
{
    uint32_t b = 0;
    if (v < 4) return (uint32_t)v;
    while (v >= 4 && b < 6) {
        v >>= 1;
        b++;
    }
    return 3 + b;
}

static uint32_t cap_u(uint32_t v, uint32_t max) { return v > max ? max : v; }

/* time in a state, by decade: < 1 us, 10 us, ..., >= 1 s */
static uint32_t time_bucket(int64_t ns)
{
    uint32_t b = 0;
    if (ns < 0) ns = 0;
    for (ns /= 1000; ns > 0 && b < 7; ns /= 10) b++;
    return b;
}

#define FEAT(...) do {                                                      \
        uint64_t v_[] = {__VA_ARGS__};                                      \
        uint64_t h_ = 0xcbf29ce484222325ULL;                                \
        size_t i_;                                                          \
        for (i_ = 0; i_ < sizeof v_ / sizeof v_[0]; i_++) h_ = mix(h_, v_[i_]); \
        if (nf < SD_MODEL_MAX_FEATS) f[nf++] = (uint32_t)(h_ & mask);        \
    } while (0)

int sd_mstate_features(const sd_mstate *st, const sd_cand *c, uint32_t *f)
{
    const uint64_t mask = (1u << SD_MODEL_HASH_BITS) - 1;
    const sd_cevent *L = st->pos ? &st->ev[st->pos - 1] : NULL;
    const gst *g = &st->g[c->g];
    uint64_t t = c->type;
    uint32_t lt = L ? L->type : 7, lt2 = st->pos > 1 ? st->ev[st->pos - 2].type : 7,
             lt3 = st->pos > 2 ? st->ev[st->pos - 3].type : 7;
    uint32_t lg = L ? L->g : SD_NO_GOR, la = L ? L->actor : SD_NO_GOR;
    uint32_t rel, rank = 0, same = 0, lrun, f1 = 0, f1has = 0, f2 = 0, f2has = 0, ownm = 0, ownhas = 0;
    uint32_t cnt = 0, tot = 0, nx = pack(c->type, c->g);
    uint32_t rownhas = 0, rownm = 0, rstephas = 0, rstepm = 0, rfhas = 0, rfm = 0;
    uint8_t lreason = L ? reason_class(L->reason) : 0;
    size_t i;
    int nf = 0;
    int64_t v;
    /* how the candidate's goroutine relates to the last event */
    rel = !L ? 0 : c->g == lg ? 1 : c->g == la ? 2 : (g->ready_by == lg && lg != SD_NO_GOR) ? 3 : 4;
    lrun = L && lg < st->ng && st->g[lg].status == GS_RUNNING;
    /* its rank among the candidates of its type, most recently active first */
    for (i = 0; i < st->ng; i++) {
        const gst *o = &st->g[i];
        int ok = c->type == SD_CEV_START ? o->status == GS_RUNNABLE || (o->status == GS_BLOCKED && o->reason == R_SYSCALL)
                 : c->type == SD_CEV_UNBLOCK ? o->status == GS_BLOCKED : o->status == GS_RUNNING;
        if (!ok || i == c->g) continue;
        same++;
        if (o->last_pos > g->last_pos) rank++;
    }
    if (L) {
        uint64_t l1 = st->label[st->pos - 1];
        if ((v = sd__map_get(&st->follow1, l1)) >= 0) {
            f1has = 1;
            f1 = (uint32_t)v == nx;
        }
        if (st->pos >= 2 && (v = sd__map_get(&st->follow2, mix(st->label[st->pos - 2], l1))) >= 0) {
            f2has = 1;
            f2 = (uint32_t)v == nx;
        }
        if ((v = sd__map_get(&st->seen, mix(l1, nx))) >= 0) cnt = (uint32_t)v;
        if ((v = sd__map_get(&st->total, l1)) >= 0) tot = (uint32_t)v;
    }
    if (g->last_pos && (v = sd__map_get(&st->own, g->last_label)) >= 0) {
        ownhas = 1;
        ownm = (uint32_t)v == t + 1;
    }
    if (g->last_pos && (v = sd__map_get(&st->rown, g->last_rlabel)) >= 0) {
        rownhas = 1;
        rownm = (uint32_t)v == t + 1;
    }
    if ((v = sd__map_get(&st->rstep, mix(g->role, g->nev))) >= 0) {
        rstephas = 1;
        rstepm = (uint32_t)v == t + 1;
    }
    if (L && (v = sd__map_get(&st->rfollow, st->rlabel[st->pos - 1])) >= 0) {
        rfhas = 1;
        rfm = (uint32_t)v == pack(c->type, c->g == sd_cand_goroutine_of(L));
    }
    FEAT(1, t);
    FEAT(2, t, lt);
    FEAT(3, t, lt, lt2, lt3);
    FEAT(4, t, lt, cap_u(st->nstatus[GS_RUNNABLE], 3), cap_u(st->nstatus[GS_RUNNING], 2), lrun);
    FEAT(5, t, rel);
    FEAT(6, t, rel, lt);
    FEAT(7, t, rel, lt, lreason);
    FEAT(8, t, g->reason);
    FEAT(9, t, g->reason, lt, rel);
    FEAT(10, t, g->last_type, g->prev_type);
    FEAT(11, t, cap_u(rank, 3), cap_u(same, 3));
    FEAT(12, t, bucket(st->pos - (g->last_pos ? g->last_pos - 1 : 0)));
    FEAT(13, t, time_bucket(L ? L->time - g->last_time : 0));
    FEAT(14, t, g->reason, time_bucket(L ? L->time - g->last_time : 0));
    FEAT(15, t, c->g == 0, cap_u(bucket(g->nev), 6));
    FEAT(16, t, f1has, f1);
    FEAT(17, t, cap_u(cnt, 3), cap_u(bucket(tot), 4));
    FEAT(18, t, f2has, f2);
    FEAT(19, t, ownhas, ownm);
    FEAT(20, t, g->ready_by == lg && lg != SD_NO_GOR, g->ready_pos == st->pos && st->pos > 0);
    FEAT(21, t, g->reason, g->woken_by == lg && lg != SD_NO_GOR, lt);
    FEAT(22, t, cap_u(st->nstatus[GS_BLOCKED], 3), cap_u(st->nstatus[GS_RUNNABLE], 3),
         cap_u(st->nstatus[GS_RUNNING], 2));
    FEAT(23, t, bucket(st->pos));
    FEAT(24, t, rel, f1has * 2 + f1, ownhas * 2 + ownm);
    FEAT(25, t, lt, rel, cap_u(rank, 3));
    FEAT(26, t, f1has * 2 + f1, f2has * 2 + f2, cap_u(cnt, 2));
    FEAT(27, t, rownhas, rownm);
    FEAT(28, t, rstephas, rstepm);
    FEAT(29, t, rfhas, rfm);
    FEAT(30, t, rownhas * 2 + rownm, rstephas * 2 + rstepm, rfhas * 2 + rfm);
    FEAT(31, t, ownhas * 2 + ownm, rownhas * 2 + rownm, rel);
    {
        /* what the source says: g's operation here and next; the same for
         * the goroutine of the last event (who acts now); whether that
         * one's next operation acts on a name g is blocked on, and on how
         * many blocked goroutines' names */
        static const sd_srcinfo none;
        const sd_srcinfo *gs = &g->src;
        uint32_t lgo = !L ? SD_NO_GOR : L->type == SD_CEV_UNBLOCK && L->actor < st->ng ? L->actor
                                                                                   : sd_cand_goroutine_of(L);
        uint32_t nmatch = 0, gmatch = 0, j, k, x;
        const sd_srcinfo *ls = lgo < st->ng ? &st->g[lgo].src : &none;
        /* blocked goroutines waiting on a name that the acting goroutine's
         * next operations touch (the first match: how soon) */
        for (j = 0; j < st->ng; j++) {
            const gst *o = &st->g[j];
            uint32_t hit = 0;
            if (o->status != GS_BLOCKED || j == lgo) continue;
            for (x = 0; x < SD_SRC_NEXT && !hit; x++)
                for (k = 0; k < o->src.nhere_obj && ls->next_obj[x]; k++)
                    if (o->src.here_obj[k] == ls->next_obj[x] && wakes(ls->next[x], o->src.here)) hit = x + 1;
            nmatch += hit != 0;
            if (j == c->g) gmatch = hit;
        }
        FEAT(32, t, gs->here, gs->next[0]);
        FEAT(33, t, gs->next[0], gs->next[1], rel);
        FEAT(34, t, ls->next[0], g->reason);
        FEAT(35, t, ls->next[0], ls->here, rel, lt);
        FEAT(36, t, gs->next[0], lt, g->reason);
        FEAT(37, t, ls->next[0], gmatch, g->status == GS_BLOCKED);
        FEAT(38, t, ls->next[0], ls->next[1], cap_u(nmatch, 2), rel == 1);
        /* the buffering of the channels of those operations: a send on
         * an unbuffered channel no goroutine waits on blocks */
        FEAT(40, t, ls->next[0], ls->next_cap[0], cap_u(nmatch, 1), rel == 1);
        FEAT(41, t, gs->here, gs->here_cap, gs->next[0], gs->next_cap[0]);
        {   /* a go statement in a loop of known length: all started yet? */
            uint32_t made = 0, bound = gs->loop_bound;
            if (gs->here == SD_SRC_GO && bound && g->site.file) {
                for (j = 0; j < st->ng_stream && j < st->ng; j++) {
                    const sd_goroutine *o = sd_cstream_goroutine(st->s, j);
                    if (o->parent == c->g && st->g[j].status != GS_NONE && o->created.line == g->site.line &&
                        o->created.file && strcmp(o->created.file, g->site.file) == 0)
                        made++;
                }
            }
            FEAT(39, t, gs->here == SD_SRC_GO, bound != 0, bound && made >= bound, rel == 1);
        }
    }
    return nf;
}
