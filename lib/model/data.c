/*
 * data.c - prediction points with their candidates, features and counts
 * (sd_mset), built by replaying each run of a program once.
 */
#include <stdlib.h>
#include <string.h>

#include "stepdist/catalog.h"
#include "stepdist/model.h"
#include "util/util.h"

struct sd_mset {
    sd_mpoint *pts;
    size_t np, capp;
    sd_cand *cands;
    uint32_t *ccount, *cname, *foff;
    uint8_t *nfeat;
    size_t nc, capc;
    uint32_t *feats;
    size_t nf, capf;
    sd_strpool names;
    const sd_srcmap *src; /* the source of the program being added, if given */
    int no_sources;       /* 1: no source at all (an ablation) */
};

void sd_mset_set_source(sd_mset *m, const sd_srcmap *src) { m->src = src; }
void sd_mset_use_sources(sd_mset *m, int on) { m->no_sources = !on; }

/* The source for a program's points: the one given, else the one its
 * runs name (*own, to be freed), else none. */
static int program_source(const sd_mset *m, sd_cstream *const *streams, size_t nruns, sd_srcmap **own,
                          const sd_srcmap **src, sd_error *err)
{
    *own = NULL;
    *src = m->no_sources ? NULL : m->src;
    if (m->no_sources || m->src || nruns == 0) return 0;
    if (sd_srcmap_for_stream(streams[0], own, err) < 0) return err->code;
    *src = *own;
    return 0;
}

sd_mset *sd_mset_new(void) { return sd__calloc(1, sizeof(sd_mset)); }

void sd_mset_free(sd_mset *m)
{
    if (!m) return;
    sd__free(m->pts);
    sd__free(m->cands);
    sd__free(m->ccount);
    sd__free(m->cname);
    sd__free(m->foff);
    sd__free(m->nfeat);
    sd__free(m->feats);
    sd__strpool_release(&m->names);
    sd__free(m);
}

size_t sd_mset_npoints(const sd_mset *m) { return m->np; }
const sd_mpoint *sd_mset_point(const sd_mset *m, size_t i) { return &m->pts[i]; }

const sd_cand *sd_mset_cand(const sd_mset *m, size_t j, const char **gname, uint32_t *count)
{
    if (gname) *gname = m->names.ptrs[m->cname[j]];
    if (count) *count = m->ccount[j];
    return &m->cands[j];
}

/* internal: the features of candidate j (used by model.c) */
const uint32_t *sd__mset_feats(const sd_mset *m, size_t j, int *n);
const uint32_t *sd__mset_feats(const sd_mset *m, size_t j, int *n)
{
    *n = m->nfeat[j];
    return &m->feats[m->foff[j]];
}

/* Room for one more point and ncand more candidates; 0 or -1 (OOM). */
static int reserve(sd_mset *m, size_t ncand)
{
    size_t need = m->nc + ncand, cap = m->capc;
    /* the candidate arrays grow together, to the same capacity */
    if (sd__grow(&m->pts, &m->capp, m->np + 1, sizeof *m->pts)) return -1;
    if (sd__grow(&m->cands, &cap, need, sizeof *m->cands)) return -1;
    cap = m->capc;
    if (sd__grow(&m->ccount, &cap, need, sizeof *m->ccount)) return -1;
    cap = m->capc;
    if (sd__grow(&m->cname, &cap, need, sizeof *m->cname)) return -1;
    cap = m->capc;
    if (sd__grow(&m->foff, &cap, need, sizeof *m->foff)) return -1;
    cap = m->capc;
    if (sd__grow(&m->nfeat, &cap, need, sizeof *m->nfeat)) return -1;
    m->capc = cap;
    return sd__grow(&m->feats, &m->capf, m->nf + ncand * SD_MODEL_MAX_FEATS, sizeof *m->feats);
}

static int64_t gname_id(sd_mset *m, const sd_cstream *s, uint32_t g)
{
    const char *name;
    if (g == SD_NO_GOR || g >= sd_cstream_ngoroutines(s)) return 0; /* "" */
    name = sd_cstream_goroutine(s, g)->name;
    return sd__strpool_intern(&m->names, name, strlen(name));
}

/* A new point from the state st (its candidates and their features). */
static int new_point(sd_mset *m, const sd_mstate *st, const sd_cstream *s, uint32_t program,
                     uint32_t key, uint8_t split, sd_error *err)
{
    sd_cand tmp[256], *c = tmp;
    size_t n = sd_mstate_candidates(st, tmp, 256), j;
    sd_mpoint *p;
    if (n > 256) {
        if (!(c = sd__malloc(n * sizeof *c))) goto oom;
        sd_mstate_candidates(st, c, n);
    }
    if (reserve(m, n)) goto oom;
    p = &m->pts[m->np++];
    memset(p, 0, sizeof *p);
    p->program = program;
    p->key = key;
    p->split = split;
    p->cand = (uint32_t)m->nc;
    p->ncand = (uint32_t)n;
    p->prompt = UINT32_MAX;
    for (j = 0; j < n; j++) {
        size_t k = m->nc++;
        int64_t id = gname_id(m, s, c[j].g);
        if (id < 0) goto oom;
        m->cands[k] = c[j];
        m->ccount[k] = 0;
        m->cname[k] = (uint32_t)id;
        m->foff[k] = (uint32_t)m->nf;
        m->nfeat[k] = (uint8_t)sd_mstate_features(st, &c[j], &m->feats[m->nf]);
        m->nf += m->nfeat[k];
    }
    if (c != tmp) sd__free(c);
    return 0;
oom:
    if (c != tmp) sd__free(c);
    return sd_error_set(err, SD_ENOMEM, -1, "out of memory building the model's points");
}

int sd_mset_add_point(sd_mset *m, uint32_t program, uint32_t key, const sd_cand *c,
                      const uint32_t *feats, const int *nf, const uint32_t *ccount,
                      const char *const *gname, size_t ncand, uint32_t other, uint32_t prompt,
                      sd_error *err)
{
    sd_mpoint *p;
    size_t j;
    int k;
    for (j = 0; j < ncand; j++) {
        if (c[j].type >= SD_CEV_NTYPES || nf[j] < 0 || nf[j] > SD_MODEL_MAX_FEATS)
            return sd_error_set(err, SD_EINVAL, -1, "candidate %zu: type %u or %d features out of range", j,
                                c[j].type, nf[j]);
        for (k = 0; k < nf[j]; k++)
            if (feats[j * SD_MODEL_MAX_FEATS + (size_t)k] >> SD_MODEL_HASH_BITS)
                return sd_error_set(err, SD_EINVAL, -1, "candidate %zu: feature %d out of range", j, k);
    }
    if (prompt != UINT32_MAX && prompt >= ncand)
        return sd_error_set(err, SD_EINVAL, -1, "prompt %u: the point has %zu candidates", prompt, ncand);
    if (reserve(m, ncand)) goto oom;
    p = &m->pts[m->np++];
    memset(p, 0, sizeof *p);
    p->program = program;
    p->key = key;
    p->cand = (uint32_t)m->nc;
    p->ncand = (uint32_t)ncand;
    p->other = other;
    p->prompt = prompt;
    for (j = 0; j < ncand; j++) {
        size_t i = m->nc++;
        int64_t id = gname && gname[j] ? sd__strpool_intern(&m->names, gname[j], strlen(gname[j])) : 0;
        if (id < 0) goto oom;
        m->cands[i] = c[j];
        m->ccount[i] = ccount ? ccount[j] : 0;
        p->type_counts[c[j].type] += m->ccount[i];
        m->cname[i] = (uint32_t)id;
        m->foff[i] = (uint32_t)m->nf;
        m->nfeat[i] = (uint8_t)nf[j];
        memcpy(&m->feats[m->nf], &feats[j * SD_MODEL_MAX_FEATS], (size_t)nf[j] * sizeof *feats);
        m->nf += (size_t)nf[j];
    }
    return 0;
oom:
    return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
}

/* Counts event e of stream s (a run through point p) at p. */
static int add_next(sd_mset *m, sd_mpoint *p, const sd_cstream *s, const sd_cevent *e, int prompt)
{
    int64_t id = gname_id(m, s, sd_cand_goroutine_of(e));
    uint32_t j;
    if (id < 0) return -1;
    p->type_counts[e->type]++;
    for (j = 0; j < p->ncand; j++) {
        uint32_t k = p->cand + j;
        if (m->cands[k].type == e->type && m->cname[k] == (uint32_t)id && id != 0) {
            m->ccount[k]++;
            if (prompt) p->prompt = j;
            return 0;
        }
    }
    p->other++;
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const sd_mpoint *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

int sd_mset_add_prefix(sd_mset *m, uint32_t program, const sd_dist *d, sd_cstream *const *streams,
                       uint32_t *const *paths, size_t nruns, int min_runs, sd_error *err)
{
    sd_map at; /* node -> point index */
    size_t r, first = m->np;
    sd_srcmap *own;
    const sd_srcmap *src;
    int rc = program_source(m, streams, nruns, &own, &src, err);
    if (rc < 0) return rc;
    memset(&at, 0, sizeof at);
    if (min_runs < 1) min_runs = 1;
    for (r = 0; r < nruns && rc == 0; r++) {
        const sd_cstream *s = streams[r];
        const sd_cevent *ev = sd_cstream_events(s);
        size_t i, n = sd_cstream_len(s);
        sd_mstate *st = NULL;
        if ((rc = sd_mstate_new(s, &st, err)) < 0) break;
        sd_mstate_set_source(st, src);
        for (i = 0; i < n && rc == 0; i++) {
            uint32_t node = paths[r][i];
            int has_next, fresh = 0;
            int64_t pi;
            if (sd_dist_node_runs(d, node, &has_next) >= (uint32_t)min_runs && has_next) {
                if ((pi = sd__map_get(&at, node)) < 0) {
                    pi = (int64_t)m->np;
                    fresh = 1;
                    if ((rc = new_point(m, st, s, program, node, 0, err)) < 0) break;
                    if (sd__map_put(&at, node, (uint32_t)pi)) rc = SD_ENOMEM;
                }
                if (rc == 0 && add_next(m, &m->pts[pi], s, &ev[i], fresh) < 0) rc = SD_ENOMEM;
                if (rc == SD_ENOMEM) sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            }
            if (rc == 0) rc = sd_mstate_step(st, err) < 0 ? SD_ENOMEM : 0;
        }
        sd_mstate_free(st);
    }
    sd__map_release(&at);
    sd_srcmap_free(own);
    if (rc < 0) return rc;
    if (m->np > first) qsort(m->pts + first, m->np - first, sizeof *m->pts, cmp_key);
    return 0;
}

int sd_mset_add_split(sd_mset *m, uint32_t program, sd_cstream *const *streams, size_t nruns,
                      int paper, sd_error *err)
{
    int si, rc;
    size_t r;
    sd_srcmap *own;
    const sd_srcmap *src;
    if ((rc = program_source(m, streams, nruns, &own, &src, err)) < 0) return rc;
    for (si = 1; si <= 3 && rc == 0; si++) {
        int64_t group = -1; /* paper rows: the group's point */
        for (r = 0; r < nruns && rc == 0; r++) {
            const sd_cstream *s = streams[r];
            size_t n = sd_cstream_len(s), cut = n * (size_t)si / 4, i;
            sd_mstate *st = NULL;
            if (cut >= n) continue; /* no next event */
            if (paper && group >= 0) {
                if (add_next(m, &m->pts[group], s, &sd_cstream_events(s)[cut], 0) < 0)
                    rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                continue;
            }
            if ((rc = sd_mstate_new(s, &st, err)) < 0) break;
            sd_mstate_set_source(st, src);
            for (i = 0; i < cut && rc == 0; i++) rc = sd_mstate_step(st, err) < 0 ? SD_ENOMEM : 0;
            if (rc == 0) rc = new_point(m, st, s, program, (uint32_t)r, (uint8_t)si, err);
            sd_mstate_free(st);
            if (rc < 0) break;
            if (add_next(m, &m->pts[m->np - 1], s, &sd_cstream_events(s)[cut], 1) < 0)
                rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            if (paper) group = (int64_t)m->np - 1;
        }
    }
    sd_srcmap_free(own);
    return rc;
}

int sd_mset_add_catalog(sd_mset *m, sd_catalog *cat, const char *dir, int min_runs,
                        void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx,
                        int64_t *skipped, sd_error *err)
{
    int64_t maxp = sd_catalog_max_program(cat, err), p;
    if (skipped) *skipped = 0;
    if (maxp < 0) return (int)maxp;
    for (p = 1; p <= maxp; p++) {
        sd_dist *d = NULL;
        sd_cstream **streams = NULL;
        uint32_t **paths = NULL;
        size_t n = 0;
        int64_t sk = 0;
        int rc = sd_dist_load_program_streams(cat, dir, p, &d, &streams, &paths, &n, &sk, err);
        if (rc == 0) rc = sd_mset_add_prefix(m, (uint32_t)p, d, streams, paths, n, min_runs, err);
        sd_dist_streams_free(streams, paths, n);
        sd_dist_free(d);
        if (rc < 0) return rc;
        if (skipped) *skipped += sk;
        if (progress) progress(ctx, p, maxp);
    }
    return 0;
}
