/*
 * events.c - the canonical event stream of a run (DESIGN.md "Events",
 * docs/events.md): goroutine transitions of the trace mapped to the six
 * types of the paper, restricted to the user's goroutines (the one that
 * logs the harness's begin marker and everything it creates), with names
 * built from the creation tree so that they are stable across runs.
 */
#include <stdlib.h>
#include <string.h>

#include "stepdist/events.h"
#include "util/util.h"

const char *sd_cev_type_name(int type)
{
    static const char *const names[] = {
#define SD_CEV_STR_(name, str) str,
        SD_CEV_TYPE_MAP(SD_CEV_STR_)
#undef SD_CEV_STR_
    };
    return type >= 0 && type < SD_CEV_NTYPES ? names[type] : "Invalid";
}

int sd_cev_type_parse(const char *s)
{
    int t;
    for (t = 0; t < SD_CEV_NTYPES; t++)
        if (strcmp(s, sd_cev_type_name(t)) == 0) return t;
    return -1;
}

/* Per trace goroutine id. */
typedef struct gor {
    int64_t gid;
    uint32_t idx;  /* into the stream's goroutine table, SD_NO_GOR if none yet */
    sd_site pos;   /* where it is: last block/yield site, or its function */
    uint32_t pos_outer; /* the program frames calling pos's function */
    int perturbed; /* yielding or sleeping in the perturbation helper */
} gor;

typedef struct child_count {
    uint64_t key; /* hash of (parent index, site key) */
    uint32_t n;
} child_count;

struct sd_cstream {
    sd_strpool pool;
    sd_cevent *ev;
    size_t n, cap;
    sd_goroutine *gs;
    size_t ngs, capgs;
    sd_map by_gid;   /* gid -> index into gors */
    gor *gors;
    size_t ngors, capgors;
    sd_map children; /* hash(parent, site) -> count */
    int status;
    char *status_msg;
    int has_marker;
    int64_t end_time; /* the end marker, in stream time; -1: none */
    int all;
    char goroot_src[512]; /* ".../src/" of the Go installation, learnt from runtime frames */
    size_t goroot_len;
    /* call chains: chain k (1-based) is outer[k * OUTER .. + outer_n[k]) */
    sd_site *outer;
    uint8_t *outer_n;
    size_t nouter, capouter;
    sd_map outer_by_hash;
};

static const char *intern(sd_cstream *s, const char *p, size_t n)
{
    int64_t id = sd__strpool_intern(&s->pool, p, n);
    return id < 0 ? NULL : s->pool.ptrs[id];
}

/* The runtime's own files tell where GOROOT/src is. */
static void learn_goroot(sd_cstream *s, const sd_frame *f)
{
    const char *file = f->file.ptr, *at;
    if (s->goroot_len || strncmp(f->func.ptr, "runtime.", 8) != 0) return;
    at = strstr(file, "/src/runtime/");
    if (!at || (size_t)(at - file) + 5 >= sizeof s->goroot_src) return;
    s->goroot_len = (size_t)(at - file) + 5; /* through "/src/" */
    memcpy(s->goroot_src, file, s->goroot_len);
    s->goroot_src[s->goroot_len] = '\0';
}

static int is_harness(const sd_frame *f)
{
    const char *dot = strrchr(f->func.ptr, '.');
    const char *slash = strrchr(f->file.ptr, '/');
    const char *base = slash ? slash + 1 : f->file.ptr;
    return strncmp(base, "stepdist_", 9) == 0 || (dot && strncmp(dot + 1, "stepdist_", 9) == 0);
}

/* A frame of the program: not the Go installation's code (runtime, sync,
 * time, testing, ...), not the generated test main, not the harness. */
static int is_program(const sd_cstream *s, const sd_frame *f)
{
    const char *slash = strrchr(f->file.ptr, '/');
    const char *base = slash ? slash + 1 : f->file.ptr;
    if (s->goroot_len && strncmp(f->file.ptr, s->goroot_src, s->goroot_len) == 0) return 0;
    if (!s->goroot_len) { /* no runtime frame seen yet: recognise std by name */
        static const char *const std[] = {"runtime.", "runtime/", "sync.", "sync/", "time.",
                                          "testing.", "internal/", "iter.", "os.", "syscall."};
        size_t i;
        for (i = 0; i < sizeof std / sizeof std[0]; i++)
            if (strncmp(f->func.ptr, std[i], strlen(std[i])) == 0) return 0;
    }
    if (strcmp(base, "_testmain.go") == 0) return 0;
    return !is_harness(f);
}

/* The harness renames the user's main and TestMain in its overlay copy;
 * sites show the names the user wrote. */
static const char *func_name(sd_cstream *s, const sd_str *f)
{
    static const struct { const char *from, *to; } renames[] = {
        {".stepdistUserMain", ".main"}, {".stepdistUserTestMain", ".TestMain"}};
    size_t i;
    for (i = 0; i < sizeof renames / sizeof renames[0]; i++) {
        size_t n = strlen(renames[i].from);
        if (f->len > n && memcmp(f->ptr + f->len - n, renames[i].from, n) == 0) {
            char buf[1100];
            size_t keep = f->len - n;
            if (keep + strlen(renames[i].to) >= sizeof buf) break;
            memcpy(buf, f->ptr, keep);
            strcpy(buf + keep, renames[i].to);
            return intern(s, buf, strlen(buf));
        }
    }
    return intern(s, f->ptr, f->len);
}

/* The chain of program frames above the first one of st (its callers),
 * interned: *id is 0 when there is none.  0, or SD_ENOMEM. */
static int outer_of(sd_cstream *s, const sd_stack *st, uint32_t *id)
{
    sd_site c[SD_CEV_OUTER_MAX];
    size_t i, n = 0;
    int first = 1;
    uint64_t h = 0x2545F4914F6CDD1DULL;
    int64_t v;
    *id = 0;
    for (i = 0; i < st->n && n < SD_CEV_OUTER_MAX; i++) {
        const sd_frame *f = &st->frames[i];
        if (!is_program(s, f)) continue;
        if (first) { /* the site itself */
            first = 0;
            continue;
        }
        c[n].func = func_name(s, &f->func);
        c[n].file = intern(s, f->file.ptr, f->file.len);
        c[n].line = (uint32_t)f->line;
        if (!c[n].func || !c[n].file) return SD_ENOMEM;
        h = (h ^ (uint64_t)(uintptr_t)c[n].file) * 0x100000001b3ULL;
        h = (h ^ c[n].line) * 0x100000001b3ULL;
        n++;
    }
    if (n == 0) return 0;
    h ^= n;
    if ((v = sd__map_get(&s->outer_by_hash, h)) > 0 && s->outer_n[v] == n &&
        memcmp(&s->outer[(size_t)v * SD_CEV_OUTER_MAX], c, n * sizeof *c) == 0) {
        *id = (uint32_t)v;
        return 0;
    }
    if (s->nouter + 2 > s->capouter) {
        size_t cap = s->capouter;
        sd_site *no;
        if (sd__grow(&s->outer_n, &cap, s->nouter + 2, 1)) return SD_ENOMEM;
        if (!(no = sd__realloc(s->outer, cap * SD_CEV_OUTER_MAX * sizeof *no))) return SD_ENOMEM;
        s->outer = no;
        s->capouter = cap;
    }
    s->nouter++; /* chain 0 is none */
    memcpy(&s->outer[s->nouter * SD_CEV_OUTER_MAX], c, n * sizeof *c);
    s->outer_n[s->nouter] = (uint8_t)n;
    if (v < 0 && sd__map_put(&s->outer_by_hash, h, (uint32_t)s->nouter)) return SD_ENOMEM;
    *id = (uint32_t)s->nouter;
    return 0;
}

size_t sd_cstream_outer(const sd_cstream *s, uint32_t outer, const sd_site **sites)
{
    if (sites) *sites = NULL;
    if (outer == 0 || outer > s->nouter) return 0;
    if (sites) *sites = &s->outer[(size_t)outer * SD_CEV_OUTER_MAX];
    return s->outer_n[outer];
}

static int site_of(sd_cstream *s, const sd_stack *st, sd_site *out)
{
    size_t i;
    for (i = 0; i < st->n; i++) learn_goroot(s, &st->frames[i]);
    for (i = 0; i < st->n; i++) {
        const sd_frame *f = &st->frames[i];
        if (is_program(s, f)) {
            out->func = func_name(s, &f->func);
            out->file = intern(s, f->file.ptr, f->file.len);
            out->line = (uint32_t)f->line;
            return out->func && out->file ? 1 : SD_ENOMEM;
        }
    }
    return 0;
}

/* The innermost frame when no frame is the program's (a runtime goroutine). */
static int any_site(sd_cstream *s, const sd_stack *st, sd_site *out)
{
    int rc = site_of(s, st, out);
    if (rc != 0 || st->n == 0) return rc;
    out->func = intern(s, st->frames[0].func.ptr, st->frames[0].func.len);
    out->file = intern(s, st->frames[0].file.ptr, st->frames[0].file.len);
    out->line = (uint32_t)st->frames[0].line;
    return out->func && out->file ? 1 : SD_ENOMEM;
}

/* Is this stack (of a GoSched or GoBlock) inside the schedule perturbation
 * helper (functions stepdist_perturb*, docs/perturb.md)?  Its frame comes
 * before the first frame of the program. */
static int in_perturb_helper(const sd_cstream *s, const sd_stack *st)
{
    size_t i;
    for (i = 0; i < st->n; i++) {
        const sd_frame *f = &st->frames[i];
        const char *dot = strrchr(f->func.ptr, '.');
        if (dot && strncmp(dot + 1, "stepdist_perturb", 16) == 0) return 1;
        if (is_program(s, f)) return 0;
    }
    return 0;
}

/* The harness's own goroutines: started at a harness function, or by a go
 * statement in harness code (its innermost frame).  The user's goroutines
 * also have harness frames further out: the harness calls the user's code. */
static int from_harness(const sd_stack *creation, const sd_stack *start)
{
    return (creation->n && is_harness(&creation->frames[0])) ||
           (start->n && is_harness(&start->frames[0]));
}

/* "sync" blocks name the primitive: the sync frame nearest the program. */
static const char *refine_reason(sd_cstream *s, sd_str reason, const sd_stack *st)
{
    size_t i;
    const char *best = NULL;
    if (reason.len == 4 && memcmp(reason.ptr, "sync", 4) == 0) {
        for (i = 0; i < st->n; i++) {
            const char *fn = st->frames[i].func.ptr;
            if (strncmp(fn, "sync.", 5) == 0) best = fn + 5;
            else if (best && is_program(s, &st->frames[i])) break;
        }
        if (best) { /* "(*Mutex).Lock" -> "Mutex.Lock" */
            char tmp[128];
            size_t n = 0;
            for (; *best && n + 1 < sizeof tmp; best++)
                if (*best != '(' && *best != ')' && *best != '*') tmp[n++] = *best;
            return intern(s, tmp, n);
        }
    }
    return intern(s, reason.ptr, reason.len);
}

static gor *gor_get(sd_cstream *s, int64_t gid)
{
    int64_t i = sd__map_get(&s->by_gid, (uint64_t)gid);
    return i < 0 ? NULL : &s->gors[i];
}

static gor *gor_add(sd_cstream *s, int64_t gid)
{
    gor *g;
    if (s->ngors == s->capgors) {
        size_t cap = s->capgors ? s->capgors * 2 : 64;
        gor *nv = sd__realloc(s->gors, cap * sizeof *nv);
        if (!nv) return NULL;
        s->gors = nv;
        s->capgors = cap;
    }
    g = &s->gors[s->ngors];
    memset(g, 0, sizeof *g);
    g->gid = gid;
    g->idx = SD_NO_GOR;
    g->pos.func = g->pos.file = "";
    if (sd__map_put(&s->by_gid, (uint64_t)gid, (uint32_t)s->ngors) != 0) return NULL;
    s->ngors++;
    return g;
}

/* Adds a goroutine to the table; returns its index or SD_NO_GOR on OOM. */
static uint32_t table_add(sd_cstream *s, const char *name, int64_t gid, uint32_t parent, int user,
                          sd_site created, sd_site start)
{
    sd_goroutine *g;
    if (!name) return SD_NO_GOR;
    if (s->ngs == s->capgs) {
        size_t cap = s->capgs ? s->capgs * 2 : 64;
        sd_goroutine *nv = sd__realloc(s->gs, cap * sizeof *nv);
        if (!nv) return SD_NO_GOR;
        s->gs = nv;
        s->capgs = cap;
    }
    g = &s->gs[s->ngs];
    g->name = name;
    g->gid = gid;
    g->parent = parent;
    g->user = user;
    g->created = created;
    g->start = start;
    return (uint32_t)s->ngs++;
}

static const char *base_name(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

/* Name of the k-th child that parent creates at a site: "P/file.go:L#k"
 * when the go statement is the program's; otherwise (a goroutine started
 * by the standard library on the program's behalf, such as a test's
 * testing.tRunner) "P/FUNC#k" after the goroutine's function, which does
 * not change with the Go version's line numbers. */
static const char *child_name(sd_cstream *s, uint32_t parent, const char *pname, sd_site site,
                              int program_site, sd_site start)
{
    char where[600], buf[1024];
    uint64_t key = 1469598103934665603ULL;
    const char *p;
    int64_t n;
    uint32_t k;
    if (program_site) {
        snprintf(where, sizeof where, "%s:%u", base_name(site.file), site.line);
    } else {
        const char *fn = *start.func ? start.func : site.func;
        const char *slash = strrchr(fn, '/');
        snprintf(where, sizeof where, "%s", slash ? slash + 1 : fn);
    }
    for (p = where; *p; p++) key = (key ^ (unsigned char)*p) * 1099511628211ULL;
    key = (key ^ parent) * 1099511628211ULL;
    n = sd__map_get(&s->children, key);
    k = n < 0 ? 1 : (uint32_t)n + 1;
    if (sd__map_put(&s->children, key, k) != 0) return NULL;
    snprintf(buf, sizeof buf, "%s/%s#%u", pname, where, k);
    return intern(s, buf, strlen(buf));
}

static int push(sd_cstream *s, const sd_cevent *e)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        sd_cevent *nv = sd__realloc(s->ev, cap * sizeof *nv);
        if (!nv) return SD_ENOMEM;
        s->ev = nv;
        s->cap = cap;
    }
    s->ev[s->n++] = *e;
    return 0;
}

/* Is ev the harness's user-log event stepdist/WHAT? */
static int is_marker(const sd_event *ev, const char *what)
{
    sd_str cat, msg;
    size_t n = strlen(what);
    return ev->type == SD_EV_UserLog && sd_event_string(ev, ev->args[1], &cat) &&
           sd_event_string(ev, ev->args[2], &msg) && cat.len == 8 &&
           memcmp(cat.ptr, "stepdist", 8) == 0 && msg.len == n && memcmp(msg.ptr, what, n) == 0;
}

static const sd_site no_site = {"", "", 0};

static int on_transition(sd_cstream *s, const sd_event *ev, const sd_transition *tr,
                         int64_t root, int64_t t0)
{
    gor *g = gor_get(s, tr->id), *actor = NULL;
    sd_cevent ce;
    sd_stack st = sd_event_stack(ev);
    int rc;
    if (tr->from == tr->to) return 0; /* a status restated at a generation boundary */
    if (tr->from == SD_GO_UNDETERMINED) { /* state at trace start: not an event */
        if (!g && !(g = gor_add(s, tr->id))) return SD_ENOMEM;
        if (tr->id == root && g->idx == SD_NO_GOR) {
            g->idx = table_add(s, intern(s, "main", 4), tr->id, SD_NO_GOR, 1, no_site, no_site);
            if (g->idx == SD_NO_GOR) return SD_ENOMEM;
        }
        return 0;
    }
    memset(&ce, 0, sizeof ce);
    ce.time = ev->time - t0;
    ce.reason = "";
    ce.site = ce.actor_site = no_site;
    ce.actor = SD_NO_GOR;
    if (ev->g >= 0) actor = gor_get(s, ev->g);

    if (tr->from == SD_GO_NOTEXIST) { /* creation */
        int user = actor && actor->idx != SD_NO_GOR && s->gs[actor->idx].user &&
                   !from_harness(&st, &tr->stack);
        sd_site created = no_site, start = no_site;
        uint32_t parent = actor ? actor->idx : SD_NO_GOR;
        int program_site;
        if (!g && !(g = gor_add(s, tr->id))) return SD_ENOMEM;
        if ((program_site = site_of(s, &st, &created)) < 0) return program_site;
        if (program_site && (rc = outer_of(s, &st, &ce.outer)) < 0) return rc;
        if (!program_site && (rc = any_site(s, &st, &created)) < 0) return rc;
        if ((rc = any_site(s, &tr->stack, &start)) < 0) return rc;
        /* Goroutines that run the runtime's own code (the tracer's readers,
         * ...) are not the program's, whoever asked for them. */
        if (strncmp(start.func, "runtime.", 8) == 0 || strncmp(start.func, "runtime/", 8) == 0)
            user = 0;
        if (user || s->all) {
            const char *name;
            if (user) {
                name = child_name(s, parent, s->gs[parent].name, created, program_site, start);
            } else {
                char buf[600];
                snprintf(buf, sizeof buf, "~%s#%lld", *start.func ? start.func : "g",
                         (long long)tr->id);
                name = intern(s, buf, strlen(buf));
            }
            g->idx = table_add(s, name, tr->id, user ? parent : SD_NO_GOR, user, created, start);
            if (g->idx == SD_NO_GOR) return SD_ENOMEM;
        }
        g->pos = start;
        g->pos_outer = 0;
        if (g->idx == SD_NO_GOR) return 0;
        ce.type = SD_CEV_CREATE;
        ce.g = g->idx;
        ce.site = created;
        ce.actor = parent;
        ce.actor_site = created;
        return push(s, &ce);
    }
    if (!g) { /* first sight of a goroutine that existed before tracing */
        if (!(g = gor_add(s, tr->id))) return SD_ENOMEM;
    }
    if (g->idx == SD_NO_GOR && s->all) {
        char buf[64];
        snprintf(buf, sizeof buf, "~g%lld", (long long)tr->id);
        g->idx = table_add(s, intern(s, buf, strlen(buf)), tr->id, SD_NO_GOR, 0, no_site, no_site);
        if (g->idx == SD_NO_GOR) return SD_ENOMEM;
    }
    if (g->idx == SD_NO_GOR || (!s->all && !s->gs[g->idx].user)) {
        if (tr->to == SD_GO_NOTEXIST) g->idx = SD_NO_GOR;
        return 0;
    }
    ce.g = g->idx;
    /* The yields and sleeps of the perturbation helper are not the
     * program's: drop them, with the wake-up and restart that follow, so
     * that perturbed runs have the events of plain ones. */
    if (g->perturbed) {
        if (tr->to == SD_GO_RUNNABLE && tr->from != SD_GO_RUNNING) return 0;
        g->perturbed = 0;
        if (tr->to == SD_GO_RUNNING) return 0;
    } else if (tr->from == SD_GO_RUNNING &&
               (tr->to == SD_GO_RUNNABLE || tr->to == SD_GO_WAITING || tr->to == SD_GO_SYSCALL) &&
               in_perturb_helper(s, &tr->stack)) {
        g->perturbed = 1;
        return 0;
    }
    switch (tr->to) {
    case SD_GO_RUNNING: /* from Runnable or Syscall */
        ce.type = SD_CEV_START;
        ce.site = g->pos;
        ce.outer = g->pos_outer;
        break;
    case SD_GO_WAITING:
    case SD_GO_SYSCALL:
        ce.type = SD_CEV_BLOCK;
        if ((rc = site_of(s, &tr->stack, &ce.site)) < 0) return rc;
        if (rc == 0) {
            ce.site = g->pos;
            ce.outer = g->pos_outer;
        } else if ((rc = outer_of(s, &tr->stack, &ce.outer)) < 0) return rc;
        ce.reason = tr->to == SD_GO_SYSCALL ? "syscall" : refine_reason(s, tr->reason, &tr->stack);
        if (!ce.reason) return SD_ENOMEM;
        g->pos = ce.site;
        g->pos_outer = ce.outer;
        break;
    case SD_GO_RUNNABLE:
        if (tr->from == SD_GO_RUNNING) {
            ce.type = SD_CEV_SCHED;
            if ((rc = site_of(s, &tr->stack, &ce.site)) < 0) return rc;
            if (rc == 0) {
                ce.site = g->pos;
                ce.outer = g->pos_outer;
            } else if ((rc = outer_of(s, &tr->stack, &ce.outer)) < 0) return rc;
            ce.reason = intern(s, tr->reason.ptr, tr->reason.len);
            g->pos = ce.site;
            g->pos_outer = ce.outer;
        } else { /* Waiting or Syscall -> Runnable */
            ce.type = SD_CEV_UNBLOCK;
            ce.site = g->pos;
            ce.outer = g->pos_outer;
            if (actor && actor->idx != SD_NO_GOR && actor != g) {
                ce.actor = actor->idx;
                if ((rc = site_of(s, &st, &ce.actor_site)) < 0) return rc;
                if (rc > 0 && (rc = outer_of(s, &st, &ce.actor_outer)) < 0) return rc;
            }
        }
        break;
    case SD_GO_NOTEXIST:
        ce.type = SD_CEV_END;
        ce.site = g->pos;
        ce.outer = g->pos_outer;
        g->idx = SD_NO_GOR; /* ids are not reused, but be safe */
        break;
    default:
        return 0;
    }
    return push(s, &ce);
}

/* Makes goroutine id the root, "main". */
static int set_root(sd_cstream *s, int64_t id)
{
    gor *g = gor_get(s, id);
    if (!g && !(g = gor_add(s, id))) return SD_ENOMEM;
    if (g->idx != SD_NO_GOR) return 0;
    g->idx = table_add(s, intern(s, "main", 4), id, SD_NO_GOR, 1, no_site, no_site);
    return g->idx == SD_NO_GOR ? SD_ENOMEM : 0;
}

/* One pass over the trace.  With want_marker, nothing is an event before
 * the harness's begin marker, whose goroutine is the root, and the root's
 * events after its end marker are dropped; *found tells whether the
 * marker was there.  Without, events start with the trace and the first
 * goroutine seen is the root.  Returns 0, or the reader's error (the
 * events before it are kept), or SD_ENOMEM. */
static int one_pass(sd_cstream *s, const char *path, int want_marker, int *found, int *opened,
                    sd_error *err)
{
    sd_trace *t = NULL;
    sd_event ev;
    int64_t root = -1, t0 = 0, tend = INT64_MAX;
    int rc, started = !want_marker;
    *found = *opened = 0;
    if ((rc = sd_trace_open(&t, path, NULL, err)) < 0) return rc;
    *opened = 1;
    while ((rc = sd_trace_next(t, &ev, err)) > 0) {
        sd_transition tr;
        if (want_marker && ev.type == SD_EV_UserLog) {
            if (!started && is_marker(&ev, "begin")) {
                started = *found = 1;
                root = ev.g;
                t0 = ev.time;
                if ((rc = set_root(s, root)) < 0) break;
            } else if (started && ev.g == root && tend == INT64_MAX && is_marker(&ev, "end")) {
                tend = ev.time;
                s->end_time = tend - t0;
            }
            continue;
        }
        if (!sd_event_transition(&ev, &tr) || tr.resource != SD_RES_GOROUTINE) continue;
        /* After the end marker the root runs the harness again (grace
         * period, trace stop): only the other goroutines are still the
         * user's. */
        if (tr.id == root && ev.time > tend) continue;
        if (!started) {
            /* Before the marker only learn who exists; nothing is emitted. */
            if ((tr.from == SD_GO_UNDETERMINED || tr.from == SD_GO_NOTEXIST) && !gor_get(s, tr.id) &&
                !gor_add(s, tr.id)) {
                rc = SD_ENOMEM;
                break;
            }
            continue;
        }
        if (!want_marker && root < 0 && tr.from != SD_GO_NOTEXIST) {
            root = tr.id; /* the first goroutine seen is the program's main */
            if (tr.from != SD_GO_UNDETERMINED && (rc = set_root(s, root)) < 0) break;
        }
        if ((rc = on_transition(s, &ev, &tr, root, t0)) < 0) break;
    }
    sd_trace_free(t);
    return rc;
}

int sd_events_from_trace(const char *path, const sd_events_opts *opts, sd_cstream **out,
                         sd_error *err)
{
    sd_cstream *s = sd__calloc(1, sizeof *s);
    int rc, found = 0, opened = 0;
    *out = NULL;
    if (!s) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    s->all = opts && opts->all_goroutines;
    s->end_time = -1;
    rc = one_pass(s, path, 1, &found, &opened, err);
    if (rc != SD_ENOMEM && !found) {
        /* not a harness trace: again, from its start (the reader's open
         * error, if any, comes again too) */
        sd_cstream_free(s);
        if (!(s = sd__calloc(1, sizeof *s))) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        s->all = opts && opts->all_goroutines;
        s->end_time = -1;
        rc = one_pass(s, path, 0, &found, &opened, err);
        found = 0;
    }
    s->has_marker = found;
    if (rc == SD_ENOMEM) {
        sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", path);
        sd_cstream_free(s);
        return SD_ENOMEM;
    }
    if (rc < 0 && !opened) { /* not a trace at all: no stream */
        sd_cstream_free(s);
        return rc;
    }
    if (rc < 0) { /* keep the events before a damaged end */
        s->status = rc;
        s->status_msg = sd__strdup(err ? err->msg : "damaged trace");
    }
    *out = s;
    return 0;
}

size_t sd_cstream_len(const sd_cstream *s) { return s->n; }
const sd_cevent *sd_cstream_events(const sd_cstream *s) { return s->ev; }
size_t sd_cstream_ngoroutines(const sd_cstream *s) { return s->ngs; }
const char *sd_cstream_goroot(const sd_cstream *s) { return s->goroot_src; }
const sd_goroutine *sd_cstream_goroutine(const sd_cstream *s, uint32_t g)
{
    return g < s->ngs ? &s->gs[g] : NULL;
}
int sd_cstream_has_marker(const sd_cstream *s) { return s->has_marker; }
int64_t sd_cstream_end_time(const sd_cstream *s) { return s->end_time; }

int sd_cstream_status(const sd_cstream *s, const char **msg)
{
    if (msg) *msg = s->status_msg ? s->status_msg : "";
    return s->status;
}

void sd_cstream_free(sd_cstream *s)
{
    if (!s) return;
    sd__strpool_release(&s->pool);
    sd__free(s->ev);
    sd__free(s->gs);
    sd__free(s->gors);
    sd__map_release(&s->by_gid);
    sd__map_release(&s->children);
    sd__map_release(&s->outer_by_hash);
    sd__free(s->outer);
    sd__free(s->outer_n);
    sd__free(s->status_msg);
    sd__free(s);
}

static void put_site_text(sd_buf *b, const sd_site *st)
{
    if (!*st->func) {
        sd__buf_putc(b, '-');
        return;
    }
    sd__buf_puts(b, st->func);
    sd__buf_putc(b, ' ');
    sd__buf_puts(b, base_name(st->file));
    sd__buf_putc(b, ':');
    sd__buf_u64(b, st->line);
}

static void put_site_json(sd_buf *b, const char *key, const sd_site *st)
{
    sd__buf_putc(b, ',');
    sd__buf_jsonstr(b, key, strlen(key));
    SD__BUF_LIT(b, ":{\"func\":");
    sd__buf_jsonstr(b, st->func, strlen(st->func));
    SD__BUF_LIT(b, ",\"file\":");
    sd__buf_jsonstr(b, st->file, strlen(st->file));
    SD__BUF_LIT(b, ",\"line\":");
    sd__buf_u64(b, st->line);
    sd__buf_putc(b, '}');
}

int sd_cstream_print(const sd_cstream *s, FILE *f, int json)
{
    return sd_cstream_print_range(s, 0, s->n, f, json);
}

int sd_cstream_print_range(const sd_cstream *s, size_t from, size_t to, FILE *f, int json)
{
    sd_buf b = {0};
    size_t i;
    int rc = 0;
    if (to > s->n) to = s->n;
    for (i = from; i < to && rc == 0; i++) {
        const sd_cevent *e = &s->ev[i];
        const sd_goroutine *g = &s->gs[e->g];
        if (json) {
            SD__BUF_LIT(&b, "{\"i\":");
            sd__buf_u64(&b, i);
            SD__BUF_LIT(&b, ",\"t\":");
            sd__buf_i64(&b, e->time);
            SD__BUF_LIT(&b, ",\"type\":\"");
            sd__buf_puts(&b, sd_cev_type_name(e->type));
            SD__BUF_LIT(&b, "\",\"g\":");
            sd__buf_jsonstr(&b, g->name, strlen(g->name));
            SD__BUF_LIT(&b, ",\"gid\":");
            sd__buf_i64(&b, g->gid);
            if (*e->reason) {
                SD__BUF_LIT(&b, ",\"reason\":");
                sd__buf_jsonstr(&b, e->reason, strlen(e->reason));
            }
            put_site_json(&b, "site", &e->site);
            if (e->actor != SD_NO_GOR) {
                const sd_goroutine *a = &s->gs[e->actor];
                SD__BUF_LIT(&b, ",\"actor\":");
                sd__buf_jsonstr(&b, a->name, strlen(a->name));
                SD__BUF_LIT(&b, ",\"actor_gid\":");
                sd__buf_i64(&b, a->gid);
                put_site_json(&b, "actor_site", &e->actor_site);
            }
            SD__BUF_LIT(&b, "}\n");
        } else {
            sd__buf_u64(&b, i);
            sd__buf_putc(&b, ' ');
            sd__buf_puts(&b, sd_cev_type_name(e->type));
            sd__buf_putc(&b, ' ');
            sd__buf_puts(&b, g->name);
            if (*e->reason) {
                SD__BUF_LIT(&b, " [");
                sd__buf_puts(&b, e->reason);
                sd__buf_putc(&b, ']');
            }
            SD__BUF_LIT(&b, " at ");
            put_site_text(&b, &e->site);
            if (e->actor != SD_NO_GOR) {
                SD__BUF_LIT(&b, " by ");
                sd__buf_puts(&b, s->gs[e->actor].name);
                if (e->type == SD_CEV_UNBLOCK) {
                    SD__BUF_LIT(&b, " at ");
                    put_site_text(&b, &e->actor_site);
                }
            }
            sd__buf_putc(&b, '\n');
        }
        if (b.oom) rc = SD_ENOMEM;
        else if (b.len >= (64u << 10)) {
            if (fwrite(b.p, 1, b.len, f) != b.len) rc = SD_EIO;
            b.len = 0;
        }
    }
    if (rc == 0 && b.len && fwrite(b.p, 1, b.len, f) != b.len) rc = SD_EIO;
    sd__buf_release(&b);
    return rc;
}
