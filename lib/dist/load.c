/*
 * load.c - builds a program's prefix trie from the runs a catalog holds.
 */
#include <stdio.h>
#include <string.h>

#include "stepdist/catalog.h"
#include "stepdist/dist.h"
#include "util/util.h"

int sd_dist_load_program(sd_catalog *cat, const char *dir, int64_t program_id, sd_dist **out,
                         int64_t *skipped, sd_error *err)
{
    return sd_dist_load_runs(cat, dir, program_id, 0, out, skipped, err);
}

int sd_dist_load_runs(sd_catalog *cat, const char *dir, int64_t program_id, unsigned flags,
                      sd_dist **out, int64_t *skipped, sd_error *err)
{
    char path[4096];
    sd_run_iter *it = NULL;
    sd_run_rec r;
    sd_dist *d = NULL;
    int rc;
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
        rc = sd_dist_add_run(d, s, err);
        sd_cstream_free(s);
        if (rc < 0) goto fail;
    }
    if (rc < 0) goto fail;
    sd_run_iter_free(it);
    *out = d;
    return 0;
fail:
    sd_run_iter_free(it);
    sd_dist_free(d);
    return rc;
}
