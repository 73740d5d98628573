/*
 * report.c - the self-contained HTML report of a catalog (report.h,
 * docs/report.md).  Everything is computed here from the catalog's runs:
 * outcomes, stuck goroutines (leaks.c's rule), divergence points of the
 * prefix trie with their next events, timelines, and the model's
 * predictions and calibration when a model is given.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/catalog.h"
#include "stepdist/dist.h"
#include "stepdist/leaks.h"
#include "stepdist/report.h"
#include "util/util.h"

void sd_report_opts_default(sd_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->min_runs = 5;
    o->max_points = 6;
    o->max_goroutines = 32;
}

/* ---- HTML helpers ---- */
static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t') fputc(*s, f);
        }
    }
}

static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Source lines, the last file read kept. */
typedef struct srccache {
    char path[4096];
    char *text;
    size_t len;
} srccache;

static void src_line(srccache *c, const char *file, uint32_t line, char *buf, size_t cap)
{
    size_t i = 0, n = 1, j = 0;
    buf[0] = 0;
    if (!file || !*file || line == 0) return;
    if (strcmp(c->path, file) != 0) {
        FILE *f = fopen(file, "rb");
        char tmp[8192];
        size_t got;
        sd__free(c->text);
        c->text = NULL;
        c->len = 0;
        snprintf(c->path, sizeof c->path, "%s", file);
        while (f && (got = fread(tmp, 1, sizeof tmp, f)) > 0 && c->len < ((size_t)1 << 22)) {
            char *nt = sd__realloc(c->text, c->len + got + 1);
            if (!nt) break;
            c->text = nt;
            memcpy(c->text + c->len, tmp, got);
            c->len += got;
        }
        if (f) fclose(f);
    }
    for (; i < c->len && n < line; i++) n += c->text[i] == '\n';
    while (i < c->len && (c->text[i] == ' ' || c->text[i] == '\t')) i++;
    for (; i < c->len && c->text[i] != '\n' && j + 1 < cap; i++) buf[j++] = c->text[i];
    buf[j] = 0;
}

static void site_html(FILE *f, srccache *sc, const sd_site *s)
{
    char line[256];
    if (!s || !s->file || !*s->file) {
        fputs("<span class=\"site\">-</span>", f);
        return;
    }
    src_line(sc, s->file, s->line, line, sizeof line);
    fputs("<span class=\"site\">", f);
    esc(f, base(s->file));
    fprintf(f, ":%u</span>", s->line);
    if (*line) {
        fputs(" <code>", f);
        esc(f, line);
        fputs("</code>", f);
    }
}

/* ---- one program's runs ---- */
typedef struct run {
    sd_cstream *s;
    uint32_t *path;   /* trie path (natural runs only) */
    int64_t id;
    uint8_t outcome, natural;
    char *params;
} run;

typedef struct prog {
    char path[4096];
    run *runs;
    size_t n, cap;
    sd_dist *d;
    uint32_t outcomes[SD_OUTCOME_COUNT];
} prog;

static void prog_free(prog *p)
{
    size_t i;
    for (i = 0; i < p->n; i++) {
        sd_cstream_free(p->runs[i].s);
        sd__free(p->runs[i].path);
        sd__free(p->runs[i].params);
    }
    sd__free(p->runs);
    sd_dist_free(p->d);
    memset(p, 0, sizeof *p);
}

static int prog_load(sd_catalog *cat, const char *dir, int64_t id, prog *p, sd_error *err)
{
    sd_run_iter *it = NULL;
    sd_run_rec r;
    int rc;
    memset(p, 0, sizeof *p);
    if ((rc = sd_catalog_program_path(cat, id, p->path, sizeof p->path, err)) <= 0)
        return rc < 0 ? rc : sd_error_set(err, SD_EINVAL, -1, "no program %lld", (long long)id);
    if (!(p->d = sd_dist_new(p->path))) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    if ((rc = sd_catalog_runs(cat, id, 0, &it, err)) < 0) return rc;
    while ((rc = sd_run_iter_next(it, &r, err)) > 0) {
        char tp[8192];
        sd_cstream *s = NULL;
        sd_error e2;
        run *x;
        if (r.outcome < SD_OUTCOME_COUNT) p->outcomes[r.outcome]++;
        if (!r.trace_path) continue;
        snprintf(tp, sizeof tp, "%s/%s", dir, r.trace_path);
        if (sd_events_from_trace(tp, NULL, &s, &e2) < 0) {
            sd_cstream_free(s);
            continue;
        }
        if (p->n == p->cap) {
            size_t nc = p->cap ? p->cap * 2 : 64;
            run *nv = sd__realloc(p->runs, nc * sizeof *nv);
            if (!nv) {
                sd_cstream_free(s);
                rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                break;
            }
            p->runs = nv;
            p->cap = nc;
        }
        x = &p->runs[p->n++];
        memset(x, 0, sizeof *x);
        x->s = s;
        x->id = r.id;
        x->outcome = (uint8_t)r.outcome;
        x->params = sd__strdup(r.params ? r.params : "{}");
        /* the natural distribution: whole traces of runs neither killed nor perturbed */
        x->natural = r.outcome != SD_OUTCOME_KILLED && !(r.perturb && *r.perturb) && sd_cstream_status(s, NULL) == 0;
        if (x->natural) {
            if (!(x->path = sd__malloc((sd_cstream_len(s) + 1) * sizeof *x->path))) {
                rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                break;
            }
            if ((rc = sd_dist_add_run_path(p->d, s, x->path, err)) < 0) break;
        }
    }
    sd_run_iter_free(it);
    return rc < 0 ? rc : 0;
}

/* ---- outcomes ---- */
static const char *outcome_color[SD_OUTCOME_COUNT] = {"#2e7d32", "#ef6c00", "#ad1457", "#c62828",
                                                      "#6a1b9a", "#455a64", "#4e342e", "#9e9e9e"};

static void write_outcomes(FILE *f, const prog *p, int idx)
{
    uint32_t total = 0, x = 0;
    int o;
    for (o = 0; o < SD_OUTCOME_COUNT; o++) total += p->outcomes[o];
    fprintf(f, "<h3 id=\"outcomes-%d\">Outcomes</h3>\n<p>%u runs.</p>\n", idx, total);
    if (!total) return;
    fputs("<svg class=\"bar\" width=\"600\" height=\"22\" role=\"img\" aria-label=\"runs by outcome\">\n", f);
    for (o = 0; o < SD_OUTCOME_COUNT; o++) {
        double w = 600.0 * p->outcomes[o] / total;
        if (!p->outcomes[o]) continue;
        fprintf(f, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"22\" fill=\"%s\"><title>%s: %u</title></rect>\n",
                600.0 * x / total, w, outcome_color[o], sd_outcome_name(o), p->outcomes[o]);
        x += p->outcomes[o];
    }
    fputs("</svg>\n<table class=\"small\"><tr>", f);
    for (o = 0; o < SD_OUTCOME_COUNT; o++)
        if (p->outcomes[o])
            fprintf(f, "<td><span class=\"sw\" style=\"background:%s\"></span>%s</td><td>%u</td>", outcome_color[o],
                    sd_outcome_name(o), p->outcomes[o]);
    fputs("</tr></table>\n", f);
}

/* ---- stuck goroutines (leaks.c's analysis over the program's runs) ---- */
static int same_site(const sd_site *a, const sd_site *b)
{
    return a->line == b->line && !strcmp(a->file ? a->file : "", b->file ? b->file : "");
}

static int write_leaks(FILE *f, const prog *p, int idx, srccache *sc, sd_report_summary *sum, sd_error *err)
{
    sd_leaks *l = NULL;
    size_t i, nf, global = 0, partial = 0;
    int rc;
    if ((rc = sd_leaks_new(&l, err)) < 0) return rc;
    for (i = 0; i < p->n && rc == 0; i++) rc = sd_leaks_add_run(l, p->runs[i].s, p->runs[i].id, p->runs[i].params, err);
    if (rc == 0) rc = sd_leaks_finish(l, err);
    if (rc < 0) {
        sd_leaks_free(l);
        return rc;
    }
    for (i = 0; i < sd_leaks_nruns(l); i++) {
        global += sd_leaks_run(l, i)->deadlock == SD_DEADLOCK_GLOBAL;
        partial += sd_leaks_run(l, i)->deadlock == SD_DEADLOCK_PARTIAL;
    }
    nf = sd_leaks_nfindings(l);
    sum->stuck_sites += (int64_t)nf;
    fprintf(f, "<h3 id=\"leaks-%d\">Goroutines stuck for good</h3>\n", idx);
    if (nf == 0) {
        fprintf(f, "<p class=\"ok\">None in %zu runs with a trace: no goroutine was left blocked, for good, on a "
                   "channel, select, lock, WaitGroup or Cond.</p>\n", p->n);
    } else {
        fprintf(f, "<p>%zu of %zu runs ended in a global deadlock (every goroutine left stuck), %zu in a partial "
                   "one (some stuck, the rest went on).</p>\n", global, p->n, partial);
        fputs("<table><tr><th>runs</th><th>blocked on</th><th>where</th><th>goroutine, created at</th>"
              "<th>example run</th></tr>\n", f);
        for (i = 0; i < nf; i++) {
            const sd_leak_finding *x = sd_leaks_finding(l, i);
            const sd_leak_run *r = x->runs > 0 ? sd_leaks_run(l, x->run_index[0]) : NULL;
            fprintf(f, "<tr><td class=\"num\">%lld/%zu</td><td>", (long long)x->runs, p->n);
            esc(f, x->reason);
            if (x->select_signature) fputs("<br><span class=\"small\">never woken after its first block here</span>", f);
            fputs("</td><td>", f);
            site_html(f, sc, &x->site);
            if (x->ncallers) { /* how the goroutine got there */
                size_t c;
                fputs("<br><span class=\"small\">called from", f);
                for (c = 0; c < x->ncallers; c++) {
                    fputs(c ? " &larr; " : " ", f);
                    esc(f, base(x->callers[c].file));
                    fprintf(f, ":%u", x->callers[c].line);
                }
                fputs("</span>", f);
            }
            fputs("</td><td>", f);
            esc(f, x->goroutine);
            fputs("<br>", f);
            site_html(f, sc, &x->created);
            if (r) {
                fprintf(f, "</td><td>run %lld (%s deadlock)<br><code>", (long long)r->run_id, sd_deadlock_name(r->deadlock));
                esc(f, r->params ? r->params : "{}");
                fputs("</code>", f);
            }
            fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    sd_leaks_free(l);
    return 0;
}

/* ---- divergence points ---- */
#define MAX_LABELS 12
typedef struct label {
    uint8_t type;
    const char *gname;  /* the event's goroutine */
    const char *kname;  /* the candidate's goroutine (GoCreate: the creator) */
    const char *reason;
    sd_site site;
    uint32_t count;
} label;

typedef struct dpoint {
    uint32_t node, run, pos, runs, nlab, other;
    label lab[MAX_LABELS];
    double score;
} dpoint;

static int cmp_score(const void *a, const void *b)
{
    const dpoint *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_pos(const void *a, const void *b)
{
    const dpoint *x = a, *y = b;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void event_text(FILE *f, const sd_cstream *s, const sd_cevent *e)
{
    fprintf(f, "%s ", sd_cev_type_name(e->type));
    esc(f, sd_cstream_goroutine(s, e->g)->name);
    if (*e->reason) {
        fputs(" [", f);
        esc(f, e->reason);
        fputs("]", f);
    }
    if (e->site.file && *e->site.file) {
        fputs(" at ", f);
        esc(f, base(e->site.file));
        fprintf(f, ":%u", e->site.line);
    }
}

/* The model's probability of each label's (type, goroutine) after the
 * first pos events of stream s; src: the program's source (may be NULL). */
static int model_q(const sd_model *md, const sd_cstream *s, const sd_srcmap *src, uint32_t pos, dpoint *dp,
                   double *out, sd_error *err)
{
    sd_mstate *st = NULL;
    sd_cand c[512];
    double q[512];
    size_t i, nc, j;
    int64_t k;
    int rc;
    if ((rc = sd_mstate_new(s, &st, err)) < 0) return rc;
    sd_mstate_set_source(st, src);
    for (i = 0; i < pos; i++) sd_mstate_step(st, err);
    if ((k = sd_model_predict_state(md, st, c, q, 512)) < 0) {
        sd_mstate_free(st);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    nc = (size_t)k > 512 ? 512 : (size_t)k;
    for (i = 0; i < dp->nlab; i++) {
        out[i] = 0;
        for (j = 0; j < nc; j++)
            if (c[j].type == dp->lab[i].type && !strcmp(sd_mstate_goroutine_name(st, c[j].g), dp->lab[i].kname))
                out[i] = q[j];
    }
    sd_mstate_free(st);
    return 0;
}

static int write_divergence(FILE *f, const prog *p, int idx, const sd_report_opts *o, srccache *sc,
                            sd_report_summary *sum, sd_error *err)
{
    sd_map at;
    dpoint *v = NULL;
    sd_srcmap *src = NULL;
    size_t nv = 0, cap = 0, r, i, k, shown;
    int rc = 0;
    memset(&at, 0, sizeof at);
    for (r = 0; r < p->n && rc == 0; r++) {
        const run *x = &p->runs[r];
        const sd_cevent *ev = sd_cstream_events(x->s);
        size_t n = sd_cstream_len(x->s);
        if (!x->natural) continue;
        for (i = 0; i < n; i++) {
            int has_next;
            uint32_t node = x->path[i], g;
            int64_t pi;
            dpoint *dp;
            const char *kname;
            if (sd_dist_node_runs(p->d, node, &has_next) < (uint32_t)o->min_runs || !has_next ||
                sd_dist_node_children(p->d, node) < 2) /* only where the runs went different ways */
                continue;
            if ((pi = sd__map_get(&at, node)) < 0) {
                if (nv == cap) {
                    size_t nc = cap ? cap * 2 : 64;
                    dpoint *nvv = sd__realloc(v, nc * sizeof *nvv);
                    if (!nvv) {
                        rc = SD_ENOMEM;
                        break;
                    }
                    v = nvv;
                    cap = nc;
                }
                pi = (int64_t)nv;
                memset(&v[nv], 0, sizeof v[nv]);
                v[nv].node = node;
                v[nv].run = (uint32_t)r;
                v[nv].pos = (uint32_t)i;
                nv++;
                if (sd__map_put(&at, node, (uint32_t)pi)) {
                    rc = SD_ENOMEM;
                    break;
                }
            }
            dp = &v[pi];
            dp->runs++;
            g = sd_cand_goroutine_of(&ev[i]);
            kname = g != SD_NO_GOR ? sd_cstream_goroutine(x->s, g)->name : "";
            for (k = 0; k < dp->nlab; k++)
                if (dp->lab[k].type == ev[i].type && !strcmp(dp->lab[k].gname, sd_cstream_goroutine(x->s, ev[i].g)->name) &&
                    same_site(&dp->lab[k].site, &ev[i].site) && !strcmp(dp->lab[k].reason, ev[i].reason))
                    break;
            if (k == dp->nlab && k < MAX_LABELS) {
                dp->lab[k].type = ev[i].type;
                dp->lab[k].gname = sd_cstream_goroutine(x->s, ev[i].g)->name;
                dp->lab[k].kname = kname;
                dp->lab[k].reason = ev[i].reason;
                dp->lab[k].site = ev[i].site;
                dp->nlab++;
            }
            if (k < dp->nlab) dp->lab[k].count++;
            else dp->other++;
        }
    }
    sd__map_release(&at);
    if (rc) {
        sd__free(v);
        return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    /* divergence points, most uncertain (entropy x runs) first */
    k = 0;
    for (i = 0; i < nv; i++) {
        double h = 0;
        uint32_t j;
        if (v[i].nlab < 2) continue;
        for (j = 0; j < v[i].nlab; j++) {
            double q = (double)v[i].lab[j].count / v[i].runs;
            if (q > 0) h -= q * log(q);
        }
        v[i].score = h * v[i].runs;
        v[k++] = v[i];
    }
    sum->divergence_points += (int64_t)k;
    fprintf(f, "<h3 id=\"diverge-%d\">Where runs diverge</h3>\n", idx);
    if (k == 0) {
        fprintf(f, "<p>No prefix shared by %d or more runs is followed by different events: the runs agree "
                   "wherever enough of them pass.</p>\n", o->min_runs);
        sd__free(v);
        return 0;
    }
    qsort(v, k, sizeof *v, cmp_score);
    shown = k < (size_t)o->max_points ? k : (size_t)o->max_points;
    qsort(v, shown, sizeof *v, cmp_pos);
    fprintf(f, "<p>%zu divergence points (prefixes shared by &ge; %d runs after which the runs did different "
               "things); the %zu most uncertain, in run order. Bars: share of the runs that did each event next%s.</p>\n",
            k, o->min_runs, shown, o->model ? "; orange: the model's probability of that event (type and goroutine)" : "");
    /* the program's source, read once for all its points (the model's
     * source features) */
    if (o->model && (rc = sd_srcmap_for_stream(p->runs[v[0].run].s, &src, err)) < 0) {
        sd__free(v);
        return rc;
    }
    for (i = 0; i < shown; i++) {
        dpoint *dp = &v[i];
        const run *x = &p->runs[dp->run];
        const sd_cevent *ev = sd_cstream_events(x->s);
        double mq[MAX_LABELS];
        uint32_t j, from = dp->pos > 3 ? dp->pos - 3 : 0;
        int has_model = 0;
        if (o->model) {
            if ((rc = model_q(o->model, x->s, src, dp->pos, dp, mq, err)) < 0) break;
            has_model = 1;
        }
        fprintf(f, "<div class=\"point\"><p class=\"ctx\">after event %u, shared by %u runs; before it:<br>", dp->pos, dp->runs);
        for (j = from; j < dp->pos; j++) {
            event_text(f, x->s, &ev[j]);
            fputs("<br>", f);
        }
        fprintf(f, "</p>\n<svg width=\"760\" height=\"%u\" role=\"img\" aria-label=\"next events\">\n",
                dp->nlab * (has_model ? 30 : 20) + 4);
        for (j = 0; j < dp->nlab; j++) {
            double share = (double)dp->lab[j].count / dp->runs;
            unsigned y = j * (has_model ? 30 : 20);
            fprintf(f, "<rect x=\"0\" y=\"%u\" width=\"%.1f\" height=\"14\" fill=\"#1565c0\"><title>%u of %u runs</title></rect>"
                       "<text x=\"210\" y=\"%u\" class=\"lbl\">%.0f%% %s ",
                    y, 1 + 200 * share, dp->lab[j].count, dp->runs, y + 11, 100 * share,
                    sd_cev_type_name(dp->lab[j].type));
            esc(f, dp->lab[j].gname);
            if (*dp->lab[j].reason) {
                fputs(" [", f);
                esc(f, dp->lab[j].reason);
                fputs("]", f);
            }
            fputs("</text>\n", f);
            if (has_model)
                fprintf(f, "<rect x=\"0\" y=\"%u\" width=\"%.1f\" height=\"8\" fill=\"#ef6c00\"><title>model: %.3f</title></rect>\n",
                        y + 16, 1 + 200 * mq[j], mq[j]);
        }
        fputs("</svg>\n<ul class=\"src\">", f);
        for (j = 0; j < dp->nlab; j++) {
            fprintf(f, "<li>%s ", sd_cev_type_name(dp->lab[j].type));
            esc(f, dp->lab[j].gname);
            fputs(": ", f);
            site_html(f, sc, &dp->lab[j].site);
            fputs("</li>", f);
        }
        fputs("</ul></div>\n", f);
    }
    sd_srcmap_free(src);
    sd__free(v);
    return rc;
}

/* ---- timelines ---- */
enum { ST_NONE, ST_RUNNABLE, ST_RUNNING, ST_BLOCKED, ST_WAITING, ST_DONE };
static const char *state_color[] = {"none", "#f9a825", "#2e7d32", "#c62828", "#90a4ae", "none"};

static int write_timeline(FILE *f, const run *x, const sd_report_opts *o)
{
    const sd_cstream *s = x->s;
    const sd_cevent *ev = sd_cstream_events(s);
    size_t n = sd_cstream_len(s), ng = sd_cstream_ngoroutines(s), g, i, rows;
    int64_t tend = n ? ev[n - 1].time + 1 : 1;
    const double W = 760, L = 230;
    uint8_t *state = sd__calloc(ng ? ng : 1, 1);
    int64_t *since = sd__calloc(ng ? ng : 1, sizeof *since);
    if (!state || !since) {
        sd__free(state);
        sd__free(since);
        return SD_ENOMEM;
    }
    if (tend <= 0) tend = 1;
    rows = ng < (size_t)o->max_goroutines ? ng : (size_t)o->max_goroutines;
    fprintf(f, "<svg class=\"timeline\" width=\"%.0f\" height=\"%zu\" role=\"img\" aria-label=\"timeline of run %lld\">\n",
            L + W + 10, rows * 14 + 20, (long long)x->id);
    for (g = 0; g < rows; g++) {
        fprintf(f, "<text x=\"0\" y=\"%zu\" class=\"lbl\">", g * 14 + 11);
        esc(f, sd_cstream_goroutine(s, (uint32_t)g)->name);
        fputs("</text>\n", f);
    }
    if (ng && !strcmp(sd_cstream_goroutine(s, 0)->name, "main")) state[0] = ST_RUNNING;
    for (i = 0; i <= n; i++) {
        int64_t t = i < n ? ev[i].time : tend;
        uint32_t gg;
        uint8_t to;
        if (i == n) { /* close every open segment */
            for (g = 0; g < rows; g++)
                if (state[g] != ST_NONE && state[g] != ST_DONE && t > since[g])
                    fprintf(f, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>\n",
                            L + W * (double)since[g] / (double)tend, g * 14 + 2,
                            fmax(0.5, W * (double)(t - since[g]) / (double)tend), state_color[state[g]]);
            break;
        }
        gg = ev[i].g;
        if (gg >= ng) continue;
        switch (ev[i].type) {
        case SD_CEV_CREATE: case SD_CEV_UNBLOCK: case SD_CEV_SCHED: to = ST_RUNNABLE; break;
        case SD_CEV_START: to = ST_RUNNING; break;
        case SD_CEV_BLOCK: to = sd_leaks_reason_counts(ev[i].reason) ? ST_BLOCKED : ST_WAITING; break;
        default: to = ST_DONE; break;
        }
        if (gg < rows && state[gg] != ST_NONE && state[gg] != ST_DONE && t > since[gg])
            fprintf(f, "<rect x=\"%.1f\" y=\"%u\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>\n",
                    L + W * (double)since[gg] / (double)tend, gg * 14 + 2,
                    fmax(0.5, W * (double)(t - since[gg]) / (double)tend), state_color[state[gg]]);
        state[gg] = to;
        since[gg] = t;
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%zu\" class=\"lbl\">0</text><text x=\"%.0f\" y=\"%zu\" class=\"lbl\" "
               "text-anchor=\"end\">%.3f ms</text>\n</svg>\n",
            L, rows * 14 + 16, L + W, rows * 14 + 16, (double)tend / 1e6);
    if (ng > rows) fprintf(f, "<p class=\"small\">%zu more goroutines not drawn.</p>\n", ng - rows);
    sd__free(state);
    sd__free(since);
    return 0;
}

static int write_timelines(FILE *f, const prog *p, int idx, const sd_report_opts *o)
{
    int oc, any = 0;
    fprintf(f, "<h3 id=\"timeline-%d\">Timelines</h3>\n<p class=\"small\">One run per outcome; a row per goroutine. "
               "<span class=\"sw\" style=\"background:#2e7d32\"></span>running "
               "<span class=\"sw\" style=\"background:#f9a825\"></span>runnable "
               "<span class=\"sw\" style=\"background:#c62828\"></span>blocked (channel, select, lock, wait) "
               "<span class=\"sw\" style=\"background:#90a4ae\"></span>sleep, syscall, network</p>\n", idx);
    for (oc = 0; oc < SD_OUTCOME_COUNT; oc++) {
        size_t r;
        for (r = 0; r < p->n; r++)
            if (p->runs[r].outcome == oc && sd_cstream_len(p->runs[r].s) > 0) break;
        if (r == p->n) continue;
        any = 1;
        fprintf(f, "<h4>%s: run %lld</h4>\n", sd_outcome_name(oc), (long long)p->runs[r].id);
        if (write_timeline(f, &p->runs[r], o) < 0) return SD_ENOMEM;
    }
    if (!any) fputs("<p>No run has events.</p>\n", f);
    return 0;
}

/* ---- the model's calibration on these runs ---- */
static int write_calibration(FILE *f, const sd_mset *m, const sd_report_opts *o)
{
    double bin_n[15] = {0}, bin_ok[15] = {0}, bin_conf[15] = {0}, rows = 0, ok = 0, ece = 0;
    double trows[SD_CEV_NTYPES] = {0}, tok[SD_CEV_NTYPES] = {0};
    size_t i, np = sd_mset_npoints(m);
    int b, t;
    for (i = 0; i < np; i++) {
        const sd_mpoint *p = sd_mset_point(m, i);
        double qt[SD_CEV_NTYPES], conf;
        int top = 0;
        uint32_t r = 0;
        sd_model_predict_point(o->model, m, i, NULL, qt);
        for (t = 1; t < SD_CEV_NTYPES; t++)
            if (qt[t] > qt[top]) top = t;
        conf = qt[top];
        b = (int)(conf * 15);
        if (b > 14) b = 14;
        for (t = 0; t < SD_CEV_NTYPES; t++) {
            r += p->type_counts[t];
            trows[t] += p->type_counts[t];
        }
        tok[top] += p->type_counts[top];
        bin_n[b] += r;
        bin_ok[b] += p->type_counts[top];
        bin_conf[b] += conf * r;
        rows += r;
        ok += p->type_counts[top];
    }
    fputs("<section id=\"calibration\"><h2>The model on these runs</h2>\n", f);
    if (rows == 0) {
        fputs("<p>No prediction point.</p></section>\n", f);
        return 0;
    }
    for (b = 0; b < 15; b++)
        if (bin_n[b] > 0) ece += bin_n[b] / rows * fabs(bin_ok[b] / bin_n[b] - bin_conf[b] / bin_n[b]);
    fprintf(f, "<p>Model: ");
    esc(f, o->model_name ? o->model_name : "(given)");
    fprintf(f, ". Next-event type at every prefix shared by &ge; %d runs (%zu points, %.0f rows): accuracy "
               "%.3f, ECE %.3f. These are the catalog's own runs: held-out numbers only if the model never saw "
               "this package.</p>\n", o->min_runs, np, rows, ok / rows, ece);
    fputs("<svg width=\"320\" height=\"300\" role=\"img\" aria-label=\"reliability diagram\">\n"
          "<rect x=\"40\" y=\"10\" width=\"260\" height=\"260\" fill=\"none\" stroke=\"#888\"/>\n"
          "<line x1=\"40\" y1=\"270\" x2=\"300\" y2=\"10\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n", f);
    for (b = 0; b < 15; b++) {
        double acc, h;
        if (bin_n[b] <= 0) continue;
        acc = bin_ok[b] / bin_n[b];
        h = 260 * acc;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1565c0\" fill-opacity=\"0.8\">"
                   "<title>confidence %.2f-%.2f: accuracy %.3f over %.0f rows</title></rect>\n",
                40 + 260.0 * b / 15, 270 - h, 260.0 / 15 - 1, h, b / 15.0, (b + 1) / 15.0, acc, bin_n[b]);
    }
    fputs("<text x=\"170\" y=\"292\" class=\"lbl\" text-anchor=\"middle\">confidence</text>"
          "<text x=\"12\" y=\"140\" class=\"lbl\" transform=\"rotate(-90 12 140)\" text-anchor=\"middle\">accuracy</text>\n"
          "</svg>\n<table><tr><th>next type</th><th>rows</th><th>accuracy</th></tr>\n", f);
    for (t = 0; t < SD_CEV_NTYPES; t++)
        if (trows[t] > 0)
            fprintf(f, "<tr><td>%s</td><td class=\"num\">%.0f</td><td class=\"num\">%.3f</td></tr>\n",
                    sd_cev_type_name(t), trows[t], tok[t] / trows[t]);
    fputs("</table></section>\n", f);
    return 0;
}

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:24px auto;max-width:1040px;"
    "color:#212121;padding:0 16px}h1{font-size:24px}h2{font-size:19px;border-bottom:1px solid #ccc;"
    "padding-bottom:4px;margin-top:32px}h3{font-size:16px;margin-top:20px}h4{font-size:14px;margin:12px 0 4px}"
    "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;"
    "vertical-align:top}td.num{text-align:right}code{font:12px 'DejaVu Sans Mono',monospace;background:#f5f5f5;"
    "padding:0 3px}.site{font-family:'DejaVu Sans Mono',monospace;font-size:12px}.lbl{font:11px 'DejaVu Sans',"
    "sans-serif;fill:#333}.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}.small{font-size:12px;"
    "color:#555}.ok{color:#2e7d32}.point{border-left:3px solid #1565c0;padding-left:10px;margin:14px 0}"
    ".ctx{font:12px 'DejaVu Sans Mono',monospace;color:#555}ul.src{font-size:12px;margin:4px 0}"
    "nav a{margin-right:12px}";

int sd_report_write(sd_catalog *cat, const char *dir, const sd_report_opts *opts, FILE *out, sd_error *err)
{
    sd_report_opts o;
    int64_t maxp, p;
    srccache sc;
    sd_mset *m = NULL;
    sd_report_summary sum;
    int rc = 0;
    memset(&sum, 0, sizeof sum);
    if (opts) o = *opts;
    else sd_report_opts_default(&o);
    if (o.min_runs < 1) o.min_runs = 1;
    if (o.max_points < 1) o.max_points = 1;
    if (o.max_goroutines < 1) o.max_goroutines = 1;
    memset(&sc, 0, sizeof sc);
    if ((maxp = sd_catalog_max_program(cat, err)) < 0) return (int)maxp;
    if (o.model && !(m = sd_mset_new())) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", out);
    esc(out, o.title ? o.title : "stepdist report");
    fprintf(out, "</title>\n<style>%s</style></head><body>\n<h1>", css);
    esc(out, o.title ? o.title : "stepdist report");
    fprintf(out, "</h1>\n<p class=\"small\">%lld program%s. Made by stepdist from the catalog's traces: no "
                 "script, nothing fetched.</p>\n<nav>",
            (long long)maxp, maxp == 1 ? "" : "s");
    for (p = 1; p <= maxp; p++) {
        char path[4096];
        if (sd_catalog_program_path(cat, p, path, sizeof path, err) <= 0) continue;
        fprintf(out, "<a href=\"#p%lld\">", (long long)p);
        esc(out, base(path));
        fputs("</a>", out);
    }
    if (o.model) fputs("<a href=\"#calibration\">model</a>", out);
    fputs("</nav>\n", out);
    for (p = 1; p <= maxp && rc == 0; p++) {
        prog pg;
        if ((rc = prog_load(cat, dir, p, &pg, err)) < 0) {
            prog_free(&pg);
            break;
        }
        fprintf(out, "<section class=\"program\" id=\"p%lld\"><h2>", (long long)p);
        esc(out, pg.path);
        fputs("</h2>\n", out);
        write_outcomes(out, &pg, (int)p);
        sum.programs++;
        sum.runs += (int64_t)pg.n;
        rc = write_leaks(out, &pg, (int)p, &sc, &sum, err);
        if (rc == 0) rc = write_divergence(out, &pg, (int)p, &o, &sc, &sum, err);
        if (rc == 0 && (rc = write_timelines(out, &pg, (int)p, &o)) < 0) sd_error_set(err, rc, -1, "out of memory");
        fputs("</section>\n", out);
        if (rc == 0 && m) { /* the model's points: the natural runs */
            sd_cstream **sv = sd__malloc((pg.n ? pg.n : 1) * sizeof *sv);
            uint32_t **pv = sd__malloc((pg.n ? pg.n : 1) * sizeof *pv);
            size_t i, k = 0;
            if (!sv || !pv) rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            for (i = 0; rc == 0 && i < pg.n; i++)
                if (pg.runs[i].natural) {
                    sv[k] = pg.runs[i].s;
                    pv[k++] = pg.runs[i].path;
                }
            if (rc == 0) rc = sd_mset_add_prefix(m, (uint32_t)p, pg.d, sv, pv, k, o.min_runs, err);
            sd__free(sv);
            sd__free(pv);
        }
        prog_free(&pg);
    }
    if (rc == 0 && m && (rc = write_calibration(out, m, &o)) < 0) sd_error_set(err, rc, -1, "out of memory");
    if (rc == 0) fputs("</body></html>\n", out);
    sd_mset_free(m);
    sd__free(sc.text);
    if (o.summary) *o.summary = sum;
    if (rc == 0 && ferror(out)) return sd_error_set(err, SD_EIO, -1, "writing the report failed");
    return rc;
}
