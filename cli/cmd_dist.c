/*
 * cmd_dist.c - `stepdist dist`: prediction points and their empirical
 * next-event distributions, from the runs of a catalog (prefix mode).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/dist.h"
#include "stepdist/distfile.h"

const char cmd_dist_usage[] =
    "Usage: stepdist dist --catalog DB [-m RUNS] [-o FILE] [--binary FILE] [--perturbed]\n"
    "\n"
    "Builds, for every program of the catalog, the trie of its runs'\n"
    "canonical event sequences (docs/events.md) and writes one JSON object\n"
    "per prediction point: a prefix that at least RUNS runs share (default\n"
    "20) and the counts of the events that came next, by type and by whole\n"
    "event.  On stderr, per program: runs, distinct event sequences, points,\n"
    "divergence points (more than one next event) and their mean entropy.\n"
    "\n"
    "  --catalog DB   the catalog made by 'stepdist collect'\n"
    "  -m RUNS        minimum runs through a prefix to make it a point\n"
    "  -o FILE        write the points here instead of standard output\n"
    "  --binary FILE  also write them as a binary file for training (magic,\n"
    "                 version, checksum: docs/distfile.md)\n"
    "  --perturbed    count schedule-perturbed runs too (docs/perturb.md); by\n"
    "                 default only unperturbed runs make the distributions\n";

int cmd_dist(int argc, char **argv)
{
    const char *db = NULL, *outpath = NULL, *binpath = NULL;
    sd_distfile bin;
    int min_runs = 20, i, status = EXIT_OK;
    unsigned load_flags = 0;
    sd_catalog *cat = NULL;
    sd_error err;
    FILE *out = stdout;
    int64_t maxp, p;
    char dir[4096];

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if ((!strcmp(a, "--catalog") || !strcmp(a, "-m") || !strcmp(a, "-o") || !strcmp(a, "--binary")) && !v)
            return cli_usage_error("dist", "%s needs a value", a);
        if (!strcmp(a, "--catalog")) db = argv[++i];
        else if (!strcmp(a, "-m")) {
            min_runs = atoi(argv[++i]);
            if (min_runs < 1) return cli_usage_error("dist", "-m: want a positive number");
        } else if (!strcmp(a, "-o")) outpath = argv[++i];
        else if (!strcmp(a, "--binary")) binpath = argv[++i];
        else if (!strcmp(a, "--perturbed")) load_flags |= SD_DIST_WITH_PERTURBED;
        else return cli_usage_error("dist", "unexpected argument '%s'", a);
    }
    if (!db) return cli_usage_error("dist", "no catalog given (--catalog DB)");
    cli_dirname(db, dir, sizeof dir);
    sd_error_clear(&err);
    if (sd_catalog_open(&cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if (outpath && !(out = fopen(outpath, "w"))) {
        sd_catalog_free(cat);
        return cli_error("%s: cannot write", outpath);
    }
    memset(&bin, 0, sizeof bin);
    maxp = sd_catalog_max_program(cat, &err);
    if (maxp > 0 && binpath && !(bin.programs = calloc((size_t)maxp, sizeof *bin.programs)))
        status = cli_error("out of memory");
    if (maxp < 0) status = cli_error("%s", err.msg);
    fprintf(stderr, "%-28s %6s %9s %7s %9s %8s  %s\n", "program", "runs", "sequences", "points",
            "divergent", "entropy", "entropy by depth <8 <32 <128 >=128");
    for (p = 1; p <= maxp && status == EXIT_OK; p++) {
        char path[4096];
        sd_dist *d = NULL;
        sd_dist_summary sum;
        int64_t skipped = 0;
        int rc;
        if ((rc = sd_catalog_program_path(cat, p, path, sizeof path, &err)) <= 0) {
            if (rc < 0) status = cli_error("%s", err.msg);
            continue;
        }
        if (sd_dist_load_runs(cat, dir, p, load_flags, &d, &skipped, &err) < 0) {
            status = cli_error("%s", err.msg);
            break;
        }
        if (skipped) fprintf(stderr, "stepdist dist: %s: %lld runs skipped (traces damaged)\n", path, (long long)skipped);
        if (binpath) { /* keep this program's points for the binary file */
            sd_dpoint *pts = NULL;
            size_t n = 0, j;
            sd_distrec *nv;
            if (sd_dist_points(d, min_runs, &pts, &n, &err) < 0) {
                status = cli_error("%s", err.msg);
                sd_dist_free(d);
                break;
            }
            nv = realloc(bin.recs, (size_t)(bin.nrecs + n + 1) * sizeof *nv);
            if (nv) bin.recs = nv;
            bin.programs[bin.nprograms] = nv ? strdup(path) : NULL;
            if (!bin.programs[bin.nprograms]) {
                sd_dist_points_free(pts);
                sd_dist_free(d);
                status = cli_error("out of memory");
                break;
            }
            for (j = 0; j < n; j++) {
                bin.recs[bin.nrecs].program = bin.nprograms;
                bin.recs[bin.nrecs++].point = pts[j];
            }
            bin.nprograms++;
            sd_dist_points_free(pts);
        }
        if (sd_dist_write_jsonl(d, min_runs, out, &sum, &err) < 0) status = cli_error("%s", err.msg);
        else {
            const char *base = strrchr(path, '/');
            fprintf(stderr, "%-28s %6lld %9lld %7lld %9lld %8.3f  %.3f %.3f %.3f %.3f\n", base ? base + 1 : path,
                    (long long)sum.runs, (long long)sum.sequences, (long long)sum.points,
                    (long long)sum.divergent, sum.mean_entropy, sum.depth_entropy[0], sum.depth_entropy[1],
                    sum.depth_entropy[2], sum.depth_entropy[3]);
        }
        sd_dist_free(d);
    }
    if (binpath && status == EXIT_OK && sd_distfile_write(binpath, &bin, &err) < 0) status = cli_error("%s", err.msg);
    {   /* the binary file's arrays were allocated here, with malloc */
        uint32_t b;
        for (b = 0; b < bin.nprograms; b++) free(bin.programs[b]);
        free(bin.programs);
        free(bin.recs);
    }
    if (outpath && fclose(out) != 0 && status == EXIT_OK) status = cli_error("%s: write failed", outpath);
    else if (!outpath && fflush(stdout) != 0) status = cli_error("writing output failed");
    sd_catalog_free(cat);
    return status;
}
