/*
 * load.c - builds a program's prefix trie from the runs a catalog holds.
 */
#include <stdio.h>
#include <string.h>

#include "stepdist/catalog.h"
#include "stepdist/dist.h"
#include "util/util.h"

void sd_dist_streams_free(sd_cstream **streams, uint32_t **paths, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (streams) sd_cstream_free(streams[i]);
        if (paths) sd__free(paths[i]);
    }
    sd__free(streams);
    sd__free(paths);
}

/* streams != NULL keeps every stream and its trie path; flags: SD_DIST_* */
static int load(sd_catalog *cat, const char *dir, int64_t program_id, unsigned flags, sd_dist **out,
                sd_cstream ***streams, uint32_t ***paths, size_t *nstreams, int64_t *skipped,
                sd_error *err)
{
    char path[4096];
    sd_run_iter *it = NULL;
    sd_run_rec r;
    sd_dist *d = NULL;
    sd_cstream **sv = NULL;
    uint32_t **pv = NULL;
    size_t n = 0, cap = 0;
    int rc, keep = streams != NULL;
    *out = NULL;
    if (skipped) *skipped = 0;
    if ((rc = sd_catalog_program_path(cat, program_id, path, sizeof path, err)) <= 0)
        return rc < 0 ? rc : sd_error_set(err, SD_EINVAL, -1, "no program %lld in the catalog",
                                          (long long)program_id);
    if (!(d = sd_dist_new(path))) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    if ((rc = sd_catalog_runs(cat, program_id, 0, &it, err)) < 0) goto fail;
    while ((rc = sd_run_iter_next(it, &r, err)) > 0) {
        char tp[8192];
        sd_cstream *s = NULL;
        uint32_t *pa = NULL;
        sd_error e2;
        /* perturbed or killed runs would bend the natural distribution;
         * runs whose trace ends damaged have lost their last events */
        if (!r.trace_path || r.outcome == SD_OUTCOME_KILLED) continue;
        if (r.perturb && *r.perturb && !(flags & SD_DIST_WITH_PERTURBED)) continue;
        snprintf(tp, sizeof tp, "%s/%s", dir, r.trace_path);
        if (sd_events_from_trace(tp, NULL, &s, &e2) < 0 || sd_cstream_status(s, NULL) < 0) {
            if (skipped) (*skipped)++;
            sd_cstream_free(s);
            continue;
        }
        if (keep) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                sd_cstream **ns = sd__realloc(sv, nc * sizeof *ns);
                uint32_t **np = ns ? sd__realloc(pv, nc * sizeof *np) : NULL;
                if (ns) sv = ns;
                if (np) pv = np;
                if (!ns || !np) {
                    sd_cstream_free(s);
                    rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                    goto fail;
                }
                cap = nc;
            }
            if (!(pa = sd__malloc((sd_cstream_len(s) + 1) * sizeof *pa))) {
                sd_cstream_free(s);
                rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                goto fail;
            }
            sv[n] = s;
            pv[n++] = pa;
        }
        rc = sd_dist_add_run_path(d, s, pa, err);
        if (!keep) sd_cstream_free(s);
        if (rc < 0) goto fail;
    }
    if (rc < 0) goto fail;
    sd_run_iter_free(it);
    *out = d;
    if (keep) {
        *streams = sv;
        *paths = pv;
        *nstreams = n;
    }
    return 0;
fail:
    sd_run_iter_free(it);
    sd_dist_free(d);
    sd_dist_streams_free(sv, pv, n);
    return rc;
}

int sd_dist_load_program(sd_catalog *cat, const char *dir, int64_t program_id, sd_dist **out,
                         int64_t *skipped, sd_error *err)
{
    return load(cat, dir, program_id, 0, out, NULL, NULL, NULL, skipped, err);
}

int sd_dist_load_runs(sd_catalog *cat, const char *dir, int64_t program_id, unsigned flags,
                      sd_dist **out, int64_t *skipped, sd_error *err)
{
    return load(cat, dir, program_id, flags, out, NULL, NULL, NULL, skipped, err);
}

int sd_dist_load_program_streams(sd_catalog *cat, const char *dir, int64_t program_id,
                                 sd_dist **out, sd_cstream ***streams, uint32_t ***paths,
                                 size_t *nstreams, int64_t *skipped, sd_error *err)
{
    *streams = NULL;
    *paths = NULL;
    *nstreams = 0;
    return load(cat, dir, program_id, 0, out, streams, paths, nstreams, skipped, err);
}
