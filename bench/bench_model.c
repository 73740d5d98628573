/*
 * bench_model.c - the model's prediction cost per point against the state
 * table's, measured in the same run on the same catalog.
 *
 * Usage: bench_model CATALOG MODEL
 *
 * For every program, its first run is replayed event by event; at every
 * position the model does what `stepdist predict` does (allowed
 * transitions, their features, the softmax, the type marginal) and the
 * state table answers from its four features.  Prints microseconds per
 * point for both (best of 5 passes) and the ratio, beside the target of
 * issue 8 (<= 100 us per point).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stepdist/baselines.h"
#include "stepdist/catalog.h"
#include "stepdist/model.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    sd_catalog *cat = NULL;
    sd_model *md = NULL;
    sd_baselines *b = NULL;
    sd_error err;
    char dir[4096];
    int64_t maxp, p;
    sd_cstream **runs;
    sd_dpoint *pts = NULL;
    size_t npts = 0, nruns = 0, points = 0;
    double best_model = 1e30, best_table = 1e30, sink = 0;
    int pass;
    if (argc != 3) {
        fprintf(stderr, "usage: bench_model CATALOG MODEL\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s", argv[1]);
    {
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        else snprintf(dir, sizeof dir, ".");
    }
    if (sd_catalog_open(&cat, argv[1], SD_CATALOG_READONLY, &err) < 0 || sd_model_load(argv[2], &md, &err) < 0 ||
        (maxp = sd_catalog_max_program(cat, &err)) < 0) {
        fprintf(stderr, "bench_model: %s\n", err.msg);
        return 1;
    }
    runs = calloc((size_t)maxp, sizeof *runs);
    for (p = 1; p <= maxp; p++) { /* the first run of each program, and all points for the table */
        sd_dist *d = NULL;
        sd_cstream **s = NULL;
        uint32_t **pa = NULL;
        size_t n = 0, k;
        sd_dpoint *pp = NULL;
        if (sd_dist_load_program_streams(cat, dir, p, &d, &s, &pa, &n, NULL, &err) < 0 ||
            sd_dist_points(d, 1, &pp, &k, &err) < 0) {
            fprintf(stderr, "bench_model: %s\n", err.msg);
            return 1;
        }
        if (n) {
            runs[nruns++] = s[0];
            s[0] = NULL;
        }
        pts = realloc(pts, (npts + k) * sizeof *pts);
        for (size_t i = 0; i < k; i++) pts[npts + i] = pp[i];
        npts += k;
        sd_dist_points_free(pp);
        sd_dist_streams_free(s, pa, n);
        sd_dist_free(d);
    }
    if (sd_baselines_fit(pts, npts, &b, &err) < 0) {
        fprintf(stderr, "bench_model: %s\n", err.msg);
        return 1;
    }
    for (pass = 0; pass < 5; pass++) {
        double t0 = now(), t1, t2;
        size_t r;
        points = 0;
        for (r = 0; r < nruns; r++) {
            sd_mstate *st = NULL;
            sd_cand c[256];
            double q[256], qt[SD_CEV_NTYPES];
            size_t len = sd_cstream_len(runs[r]), i, nc;
            if (sd_mstate_new(runs[r], &st, &err) < 0 || sd_mstate_load_source(st, &err) < 0) return 1;
            for (i = 0; i < len; i++) {
                int64_t k = sd_model_predict_state(md, st, c, q, 256);
                if (k < 0) return 1;
                nc = (size_t)k > 256 ? 256 : (size_t)k;
                sd_model_type_marginal(md, c, q, nc, qt);
                sink += qt[0];
                points++;
                if (sd_mstate_step(st, &err) < 0) return 1;
            }
            sd_mstate_free(st);
        }
        t1 = now();
        for (r = 0; r < points; r++) {
            double qt[SD_CEV_NTYPES];
            sd_baselines_predict(b, SD_PRED_STATE_TABLE, &pts[r % npts], qt);
            sink += qt[0];
        }
        t2 = now();
        if ((t1 - t0) < best_model) best_model = t1 - t0;
        if ((t2 - t1) < best_table) best_table = t2 - t1;
    }
    printf("points: %zu (every prefix of the first run of %zu programs), best of 5 passes\n", points, nruns);
    printf("model (state replay, features, softmax): %.2f us/point\n", best_model / (double)points * 1e6);
    printf("baseline state table (lookup):           %.3f us/point\n", best_table / (double)points * 1e6);
    printf("ratio model / state table: %.0fx; target <= 100 us/point: %s (%s)\n", best_model / best_table,
           best_model / (double)points * 1e6 <= 100 ? "met" : "NOT met", sink > -1 ? "ok" : "?");
    for (size_t r = 0; r < nruns; r++) sd_cstream_free(runs[r]);
    free(runs);
    free(pts);
    sd_baselines_free(b);
    sd_model_free(md);
    sd_catalog_free(cat);
    return 0;
}
