/*
 * leaks.c - goroutines stuck for good across the runs of one program
 * (include/stepdist/leaks.h, docs/leaks.md).  add_run keeps, per run, the
 * goroutines blocked at the end and whether anything could still wake
 * them; finish uses what every run showed (sites woken by a timer or the
 * runtime, select sites never left) to decide and group them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/leaks.h"
#include "util/util.h"

typedef struct run_rec {
    sd_leak_run pub;
    sd_stuck *blocked; /* blocked (counting reason) at the end */
    size_t nblocked;
    sd_stuck *alive;
    size_t nalive;
    int live;     /* a user goroutine could still act (running, sleeping, syscall) */
    int returned; /* the user's code returned (end marker) */
} run_rec;

/* (goroutine, select site) across runs: runs that blocked there, and
 * those of them with a GoUnblock of the goroutine after that block. */
typedef struct sel_pair {
    const char *name, *file;
    uint32_t line;
    int64_t blocked_runs, unblocked_runs;
    int seen; /* in the current run */
    int unblocked;
} sel_pair;

typedef struct site_key {
    const char *file;
    uint32_t line;
    int wakeable; /* for the source-check cache */
} site_key;

typedef struct finding_rec {
    sd_leak_finding pub;
    size_t *runs;
    size_t cap;
} finding_rec;

struct sd_leaks {
    sd_strpool pool;
    run_rec *runs;
    size_t nruns, capruns;
    sel_pair *sel;
    size_t nsel, capsel;
    site_key *woken; /* sites some run saw woken by no goroutine of the program */
    size_t nwoken, capwoken;
    site_key *checked; /* source checks done */
    size_t nchecked, capchecked;
    finding_rec *f;
    size_t nf, capf;
    sd_leak_finding *order; /* findings, sorted, for the accessors */
    int finished;
};

static const char *in(sd_leaks *l, const char *s)
{
    int64_t id = sd__strpool_intern(&l->pool, s ? s : "", s ? strlen(s) : 0);
    return id < 0 ? NULL : l->pool.ptrs[id];
}

static int site_in(sd_leaks *l, sd_site *dst, const sd_site *src)
{
    dst->func = in(l, src->func);
    dst->file = in(l, src->file);
    dst->line = src->line;
    return dst->func && dst->file ? 0 : -1;
}

const char *sd_deadlock_name(int d)
{
    static const char *const names[] = {"none", "partial", "global"};
    return d >= 0 && d <= SD_DEADLOCK_GLOBAL ? names[d] : "?";
}

int sd_leaks_reason_counts(const char *reason)
{
    static const char *const transient[] = {"sleep", "syscall", "network", "preempted", "",
                                            "GC assist marking", "wait until GC ends"};
    size_t i;
    for (i = 0; i < sizeof transient / sizeof transient[0]; i++)
        if (strcmp(reason, transient[i]) == 0) return 0;
    return 1;
}

int sd_leaks_new(sd_leaks **out, sd_error *err)
{
    if (!(*out = sd__calloc(1, sizeof **out))) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    return 0;
}

void sd_leaks_free(sd_leaks *l)
{
    size_t i;
    if (!l) return;
    for (i = 0; i < l->nruns; i++) {
        sd__free(l->runs[i].blocked);
        sd__free(l->runs[i].alive);
    }
    for (i = 0; i < l->nf; i++) sd__free(l->f[i].runs);
    sd__free(l->runs);
    sd__free(l->sel);
    sd__free(l->woken);
    sd__free(l->checked);
    sd__free(l->f);
    sd__free(l->order);
    sd__strpool_release(&l->pool);
    sd__free(l);
}

static int add_site(sd_leaks *l, site_key **set, size_t *n, size_t *cap, const char *file, uint32_t line,
                    int wakeable)
{
    size_t i;
    for (i = 0; i < *n; i++)
        if ((*set)[i].file == file && (*set)[i].line == line) return 0;
    if (sd__grow(set, cap, *n + 1, sizeof **set) < 0) return -1;
    (*set)[*n].file = file;
    (*set)[*n].line = line;
    (*set)[(*n)++].wakeable = wakeable;
    (void)l;
    return 0;
}

static int stuck_from(sd_leaks *l, sd_stuck *st, const sd_cstream *s, uint32_t g, const sd_cevent *e)
{
    const sd_goroutine *gr = sd_cstream_goroutine(s, g);
    st->name = in(l, gr->name);
    st->reason = in(l, e && e->type == SD_CEV_BLOCK ? e->reason : "");
    if (!st->name || !st->reason || site_in(l, &st->created, &gr->created) < 0) return -1;
    st->ncallers = 0;
    if (e) {
        const sd_site *o;
        size_t k, n = sd_cstream_outer(s, e->outer, &o);
        for (k = 0; k < n; k++)
            if (site_in(l, &st->callers[k], &o[k]) < 0) return -1;
        st->ncallers = n;
        return site_in(l, &st->site, &e->site);
    }
    st->site.func = st->site.file = in(l, "");
    st->site.line = 0;
    return st->site.file ? 0 : -1;
}

/* Goroutine states at the end of a run. */
enum { G_NONE, G_LIVE, G_BLOCKED, G_WAITING, G_ENDED };

int sd_leaks_add_run(sd_leaks *l, const sd_cstream *s, int64_t run_id, const char *params, sd_error *err)
{
    size_t n = sd_cstream_ngoroutines(s), len = sd_cstream_len(s), i, j;
    const sd_cevent *ev = sd_cstream_events(s);
    int64_t tend = sd_cstream_end_time(s);
    uint8_t *st = NULL;
    int64_t *lastblk = NULL, *lastend = NULL;
    uint32_t *rt_wakes = NULL, *rt_line = NULL; /* runtime wakes in a row at one line, per goroutine */
    size_t nblocked = 0, nalive = 0;
    run_rec *r = NULL;
    int rc = SD_ENOMEM;
    if (l->finished) return sd_error_set(err, SD_EINVAL, -1, "leaks: run added after finish");
    if (sd__grow(&l->runs, &l->capruns, l->nruns + 1, sizeof *l->runs) < 0) goto cleanup;
    r = &l->runs[l->nruns];
    memset(r, 0, sizeof *r);
    r->pub.run_id = run_id;
    r->returned = tend >= 0;
    if (!(r->pub.params = in(l, params ? params : "{}"))) goto cleanup;
    st = sd__calloc(n ? n : 1, 1);
    lastblk = sd__malloc((n ? n : 1) * sizeof *lastblk);
    lastend = sd__malloc((n ? n : 1) * sizeof *lastend);
    rt_wakes = sd__calloc(n ? n : 1, sizeof *rt_wakes);
    rt_line = sd__calloc(n ? n : 1, sizeof *rt_line);
    if (!st || !lastblk || !lastend || !rt_wakes || !rt_line) goto cleanup;
    for (i = 0; i < n; i++) lastblk[i] = lastend[i] = -1;
    for (j = 0; j < l->nsel; j++) l->sel[j].seen = l->sel[j].unblocked = 0;

    for (i = 0; i < len; i++) {
        const sd_cevent *e = &ev[i];
        uint32_t g = e->g;
        if (tend < 0 || e->time <= tend) lastend[g] = (int64_t)i;
        switch (e->type) {
        case SD_CEV_BLOCK:
            if (!sd_leaks_reason_counts(e->reason)) {
                st[g] = G_WAITING;
                break;
            }
            st[g] = G_BLOCKED;
            lastblk[g] = (int64_t)i;
            if (!strcmp(e->reason, "select") && *e->site.file && sd_cstream_goroutine(s, g)->user) {
                const char *name = in(l, sd_cstream_goroutine(s, g)->name), *file = in(l, e->site.file);
                if (!name || !file) goto cleanup;
                for (j = 0; j < l->nsel; j++)
                    if (l->sel[j].name == name && l->sel[j].file == file && l->sel[j].line == e->site.line) break;
                if (j == l->nsel) {
                    if (sd__grow(&l->sel, &l->capsel, l->nsel + 1, sizeof *l->sel) < 0) goto cleanup;
                    memset(&l->sel[j], 0, sizeof l->sel[j]);
                    l->sel[j].name = name;
                    l->sel[j].file = file;
                    l->sel[j].line = e->site.line;
                    l->nsel++;
                }
                l->sel[j].seen = 1;
            }
            break;
        case SD_CEV_UNBLOCK:
            if (st[g] == G_BLOCKED) {
                const sd_site *bs = &ev[lastblk[g]].site;
                const char *name = sd_cstream_goroutine(s, g)->name;
                if (e->actor == SD_NO_GOR && *bs->file) { /* a timer, the poller, the runtime */
                    const char *file = in(l, bs->file);
                    if (!file || add_site(l, &l->woken, &l->nwoken, &l->capwoken, file, bs->line, 1) < 0)
                        goto cleanup;
                    rt_wakes[g] = rt_line[g] == bs->line ? rt_wakes[g] + 1 : 1;
                    rt_line[g] = bs->line;
                } else {
                    rt_wakes[g] = 0;
                }
                for (j = 0; j < l->nsel; j++)
                    if (l->sel[j].seen && !strcmp(l->sel[j].name, name)) l->sel[j].unblocked = 1;
            }
            st[g] = G_LIVE;
            break;
        case SD_CEV_END:
            st[g] = G_ENDED;
            break;
        default:
            st[g] = G_LIVE;
        }
    }
    for (j = 0; j < l->nsel; j++) {
        l->sel[j].blocked_runs += l->sel[j].seen;
        l->sel[j].unblocked_runs += l->sel[j].seen && l->sel[j].unblocked;
    }

    for (i = 0; i < n; i++) {
        const sd_goroutine *gr = sd_cstream_goroutine(s, (uint32_t)i);
        int root = gr->parent == SD_NO_GOR && !strcmp(gr->name, "main");
        if (!gr->user) continue;
        if (!root && lastend[i] >= 0 && ev[lastend[i]].type != SD_CEV_END) nalive++;
        if (root && r->returned) continue;
        if (st[i] == G_BLOCKED) nblocked++;
        else if (st[i] == G_LIVE || st[i] == G_WAITING) r->live = 1;
    }
    if ((nblocked && !(r->blocked = sd__calloc(nblocked, sizeof *r->blocked))) ||
        (nalive && !(r->alive = sd__calloc(nalive, sizeof *r->alive))))
        goto cleanup;
    for (i = 0; i < n; i++) {
        const sd_goroutine *gr = sd_cstream_goroutine(s, (uint32_t)i);
        int root = gr->parent == SD_NO_GOR && !strcmp(gr->name, "main");
        if (!gr->user) continue;
        /* goleak-style: not ended when the user's code returned */
        if (!root && lastend[i] >= 0 && ev[lastend[i]].type != SD_CEV_END &&
            stuck_from(l, &r->alive[r->nalive++], s, (uint32_t)i, &ev[lastend[i]]) < 0)
            goto cleanup;
        if (root && r->returned) continue;
        if (st[i] == G_BLOCKED) {
            sd_stuck *b = &r->blocked[r->nblocked++];
            if (stuck_from(l, b, s, (uint32_t)i, &ev[lastblk[i]]) < 0) goto cleanup;
            b->ticker = rt_wakes[i] >= 2 && rt_line[i] == b->site.line;
        }
    }
    l->nruns++;
    rc = 0;
cleanup:
    sd__free(st);
    sd__free(lastblk);
    sd__free(lastend);
    sd__free(rt_wakes);
    sd__free(rt_line);
    if (rc < 0) {
        if (r) {
            sd__free(r->blocked);
            sd__free(r->alive);
        }
        return sd_error_set(err, rc, -1, "leaks: out of memory");
    }
    return 0;
}

int sd_leaks_source_line(const char *file, uint32_t line, char *buf, size_t cap)
{
    FILE *f;
    uint32_t at = 1;
    int c, found = 0;
    size_t n = 0;
    if (!cap || !*file || !line || !(f = fopen(file, "r"))) return 0;
    while ((c = getc(f)) != EOF) {
        if (at == line) {
            found = 1;
            if (c == '\n') break;
            if ((c == ' ' || c == '\t') && n == 0) continue;
            if (n + 1 < cap) buf[n++] = (char)c;
        } else if (c == '\n' && ++at > line) {
            break;
        }
    }
    fclose(f);
    buf[n] = '\0';
    return found;
}

/* Does text name a timer's channel: time.After(...), time.Tick(...), or
 * X.C of a time.Timer or Ticker? */
static int names_timer(const char *t)
{
    const char *p;
    if (strstr(t, "time.After(") || strstr(t, "time.Tick(")) return 1;
    for (p = strstr(t, ".C"); p; p = strstr(p + 1, ".C")) {
        char next = p[2], prev = p > t ? p[-1] : ' ';
        int ident_prev = prev == '_' || prev == ')' || (prev >= '0' && prev <= '9') ||
                         (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z');
        int ident_next = next == '_' || (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
                         (next >= 'A' && next <= 'Z');
        if (ident_prev && !ident_next) return 1;
    }
    return 0;
}

/* Does the blocking statement at file:line wait on a timer?  For a select,
 * the whole statement (up to its closing brace) is read. */
static int statement_waits_on_timer(const char *file, uint32_t line, int is_select)
{
    char buf[1024];
    uint32_t k;
    int depth = 0, opened = 0;
    for (k = line; k < line + 400 && sd_leaks_source_line(file, k, buf, sizeof buf); k++) {
        const char *p;
        if (names_timer(buf)) return 1;
        if (!is_select) break;
        for (p = buf; *p; p++) {
            if (*p == '{') depth++, opened = 1;
            else if (*p == '}') depth--;
        }
        if (opened && depth <= 0) break;
    }
    return 0;
}

/* May something other than the program's goroutines wake a goroutine
 * blocked at st's site (a timer, the runtime)? */
static int wakeable(sd_leaks *l, const sd_stuck *st)
{
    size_t i;
    int w;
    if (!*st->site.file || st->ticker) return 0;
    for (i = 0; i < l->nwoken; i++)
        if (l->woken[i].file == st->site.file && l->woken[i].line == st->site.line) return 1;
    for (i = 0; i < l->nchecked; i++)
        if (l->checked[i].file == st->site.file && l->checked[i].line == st->site.line)
            return l->checked[i].wakeable;
    w = statement_waits_on_timer(st->site.file, st->site.line, !strcmp(st->reason, "select"));
    if (add_site(l, &l->checked, &l->nchecked, &l->capchecked, st->site.file, st->site.line, w) < 0) return -1;
    return w;
}

static int same_finding(const sd_leak_finding *f, const sd_stuck *st)
{
    return f->reason == st->reason && f->site.file == st->site.file && f->site.line == st->site.line &&
           f->created.file == st->created.file && f->created.line == st->created.line;
}

static int cmp_finding(const void *x, const void *y)
{
    const sd_leak_finding *a = x, *b = y;
    int c;
    if (a->runs != b->runs) return a->runs < b->runs ? 1 : -1;
    if ((c = strcmp(a->site.file, b->site.file))) return c;
    if (a->site.line != b->site.line) return a->site.line < b->site.line ? -1 : 1;
    if ((c = strcmp(a->created.file, b->created.file))) return c;
    return a->created.line < b->created.line ? -1 : a->created.line > b->created.line;
}

/* The select-block signature of finding f: every goroutine stuck at f's
 * select, in any run, never saw a GoUnblock after its first block there
 * (in all the runs that blocked there). */
static void select_signature(sd_leaks *l, sd_leak_finding *f)
{
    size_t i, k, j;
    f->select_signature = 0;
    f->signature_runs = 0;
    if (strcmp(f->reason, "select")) return;
    for (j = 0; j < l->nsel; j++) {
        const sel_pair *p = &l->sel[j];
        int stuck_here = 0;
        if (p->file != f->site.file || p->line != f->site.line) continue;
        for (i = 0; i < (size_t)f->runs && !stuck_here; i++) {
            const sd_leak_run *r = &l->runs[f->run_index[i]].pub;
            for (k = 0; k < r->nstuck; k++)
                if (r->stuck[k].name == p->name && same_finding(f, &r->stuck[k])) stuck_here = 1;
        }
        if (!stuck_here) continue;
        if (p->unblocked_runs) {
            f->select_signature = 0;
            f->signature_runs = 0;
            return;
        }
        f->select_signature = 1;
        f->signature_runs += p->blocked_runs;
    }
}

int sd_leaks_finish(sd_leaks *l, sd_error *err)
{
    size_t i, k, j;
    if (l->finished) return 0;
    for (i = 0; i < l->nruns; i++) {
        run_rec *r = &l->runs[i];
        int excused = r->live;
        for (k = 0; k < r->nblocked && !excused && r->returned; k++) {
            int w = wakeable(l, &r->blocked[k]);
            if (w < 0) goto oom;
            excused = w;
        }
        if (excused) {
            r->pub.nexcused = r->nblocked;
            continue;
        }
        r->pub.stuck = r->blocked;
        r->pub.nstuck = r->nblocked;
        if (r->nblocked) r->pub.deadlock = r->returned ? SD_DEADLOCK_PARTIAL : SD_DEADLOCK_GLOBAL;
        for (k = 0; k < r->nblocked; k++) {
            const sd_stuck *st = &r->blocked[k];
            finding_rec *f;
            if (!*st->site.file) continue; /* only in framework code: part of the deadlock, no finding */
            for (j = 0; j < l->nf; j++)
                if (same_finding(&l->f[j].pub, st)) break;
            if (j == l->nf) {
                if (sd__grow(&l->f, &l->capf, l->nf + 1, sizeof *l->f) < 0) goto oom;
                f = &l->f[l->nf++];
                memset(f, 0, sizeof *f);
                f->pub.reason = st->reason;
                f->pub.site = st->site;
                f->pub.created = st->created;
                f->pub.goroutine = st->name;
                memcpy(f->pub.callers, st->callers, sizeof st->callers);
                f->pub.ncallers = st->ncallers;
            }
            f = &l->f[j];
            if (f->pub.runs && f->runs[f->pub.runs - 1] == i) continue; /* once per run */
            if (sd__grow(&f->runs, &f->cap, (size_t)f->pub.runs + 1, sizeof *f->runs) < 0) goto oom;
            f->runs[f->pub.runs++] = i;
        }
    }
    for (i = 0; i < l->nruns; i++) {
        l->runs[i].pub.alive = l->runs[i].alive;
        l->runs[i].pub.nalive = l->runs[i].nalive;
    }
    if (l->nf && !(l->order = sd__calloc(l->nf, sizeof *l->order))) goto oom;
    for (j = 0; j < l->nf; j++) {
        l->f[j].pub.run_index = l->f[j].runs;
        select_signature(l, &l->f[j].pub);
        l->order[j] = l->f[j].pub;
    }
    if (l->nf) qsort(l->order, l->nf, sizeof *l->order, cmp_finding);
    l->finished = 1;
    return 0;
oom:
    return sd_error_set(err, SD_ENOMEM, -1, "leaks: out of memory");
}

size_t sd_leaks_nruns(const sd_leaks *l) { return l->nruns; }
const sd_leak_run *sd_leaks_run(const sd_leaks *l, size_t i) { return i < l->nruns ? &l->runs[i].pub : NULL; }
size_t sd_leaks_nfindings(const sd_leaks *l) { return l->finished ? l->nf : 0; }
const sd_leak_finding *sd_leaks_finding(const sd_leaks *l, size_t i)
{
    return l->finished && i < l->nf ? &l->order[i] : NULL;
}
