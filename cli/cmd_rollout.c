/*
 * cmd_rollout.c - `stepdist rollout`: continuations of a run sampled step
 * by step from the model, and how their event statistics compare with
 * real runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/model.h"

const char cmd_rollout_usage[] =
    "Usage: stepdist rollout --model MODEL [--at K] [--steps N] [--samples S] [--seed X]\n"
    "                        [--json] TRACE | --catalog DB RUN-ID\n"
    "       stepdist rollout --model MODEL --catalog DB --all [--folds K --fold I]\n"
    "                        [--frac F] [--steps N] [--samples S] [--seed X] [--json]\n"
    "\n"
    "Replays the first K events of a run (default: half of them), then samples\n"
    "S continuations (default 5) of N steps (default 20) from the model: at\n"
    "each step an allowed transition is drawn from the model's distribution\n"
    "and applied to the state (docs/model.md), so every sampled event is valid\n"
    "by construction.  A rollout stops early when no transition is allowed\n"
    "(every goroutine blocked or ended: a deadlock).  Prints each continuation\n"
    "and the type histogram of the sampled steps beside the run's own next N\n"
    "events.\n"
    "\n"
    "--all: for every program of the catalog (with --folds K --fold I only\n"
    "those of fold I, as 'stepdist eval' folds them: use a model trained with\n"
    "'stepdist train --folds K --fold I', which never saw them), rolls out from\n"
    "the first run cut at F (default 0.25) of its events and compares the\n"
    "type histogram of the sampled steps with that of every run's N events\n"
    "from the same fraction: total variation distance, averaged over programs,\n"
    "against rollouts that pick uniformly among the allowed transitions, and\n"
    "against the distance between two halves of the real runs (the noise\n"
    "floor).  Also reports the share of sampled events that were allowed\n"
    "transitions (100% by construction, checked).\n";

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s) { return (double)(rng_next(s) >> 11) * 0x1.0p-53; }

typedef struct sample_stats {
    uint64_t steps, valid, stopped; /* sampled steps, of them allowed, rollouts that stopped */
    double types[SD_CEV_NTYPES];    /* sampled steps by type */
} sample_stats;

/* One rollout of up to n steps from a fresh replay of s cut at `at`;
 * uniform: pick uniformly among the allowed transitions instead of the
 * model.  print: write the steps to stdout. */
static int rollout(const sd_model *md, const sd_cstream *s, const sd_srcmap *src, size_t at, size_t n,
                   int uniform, uint64_t *rng, int print, sample_stats *ss, sd_error *err)
{
    sd_mstate *st = NULL;
    sd_cand c[512];
    double q[512];
    size_t i, nc;
    int rc;
    if ((rc = sd_mstate_new(s, &st, err)) < 0) return rc;
    sd_mstate_set_source(st, src);
    for (i = 0; i < at; i++)
        if ((rc = sd_mstate_step(st, err)) < 0) goto out;
    for (i = 0; i < n; i++) {
        double u, acc = 0;
        size_t pick;
        int64_t got = uniform ? (int64_t)sd_mstate_candidates(st, c, 512) : sd_model_predict_state(md, st, c, q, 512);
        if (got < 0) {
            rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
            goto out;
        }
        nc = (size_t)got > 512 ? 512 : (size_t)got;
        if (nc == 0) {
            ss->stopped++;
            if (print) printf(" | stop: no transition allowed");
            break;
        }
        if (uniform) {
            pick = (size_t)(rng_unit(rng) * (double)nc);
            if (pick >= nc) pick = nc - 1;
        } else {
            u = rng_unit(rng);
            for (pick = 0; pick + 1 < nc; pick++) {
                acc += q[pick];
                if (u < acc) break;
            }
        }
        {   /* checked: the event is one of the transitions the state allows */
            sd_cand again[512];
            size_t na = sd_mstate_candidates(st, again, 512), k;
            for (k = 0; k < na && k < 512; k++)
                if (again[k].type == c[pick].type && again[k].g == c[pick].g) break;
            ss->valid += k < na;
        }
        ss->steps++;
        ss->types[c[pick].type]++;
        if (print)
            printf("%s%s %s", i ? ", " : " ", sd_cev_type_name(c[pick].type),
                   sd_mstate_goroutine_name(st, c[pick].g));
        if ((rc = sd_mstate_apply(st, &c[pick], err)) < 0) goto out;
    }
    rc = 0;
out:
    sd_mstate_free(st);
    return rc;
}

static double tv(const double *a, const double *b)
{
    double sa = 0, sb = 0, d = 0;
    int t;
    for (t = 0; t < SD_CEV_NTYPES; t++) {
        sa += a[t];
        sb += b[t];
    }
    if (sa <= 0 || sb <= 0) return NAN;
    for (t = 0; t < SD_CEV_NTYPES; t++) d += fabs(a[t] / sa - b[t] / sb);
    return d / 2;
}

static int one_run(const sd_model *md, const char *path, const char *at_s, size_t steps, int samples,
                   uint64_t seed, int json)
{
    sd_cstream *s = NULL;
    sd_error err;
    size_t len, at, i;
    sample_stats ss;
    sd_srcmap *src = NULL;
    double real[SD_CEV_NTYPES] = {0};
    int k, t, status = EXIT_OK;
    uint64_t rng = seed;
    if (sd_events_from_trace(path, NULL, &s, &err) < 0) return cli_error("%s", err.msg);
    len = sd_cstream_len(s);
    at = len / 2;
    if (at_s) {
        char *end;
        long long v = strtoll(at_s, &end, 10);
        if (*end || v < 0 || (size_t)v > len) {
            sd_cstream_free(s);
            return cli_usage_error("rollout", "--at %s: want 0 to %zu (the run's events)", at_s, len);
        }
        at = (size_t)v;
    }
    memset(&ss, 0, sizeof ss);
    if (sd_srcmap_for_stream(s, &src, &err) < 0) {
        sd_cstream_free(s);
        return cli_error("%s", err.msg);
    }
    if (sd_srcmap_nfiles(src) == 0)
        fprintf(stderr, "stepdist rollout: warning: %s: the program's source files it names are not on this "
                        "machine; the model answers without what the source says (less accurately)\n", path);
    if (!json) printf("%d continuations of %zu steps after %zu of %zu events:\n", samples, steps, at, len);
    for (k = 0; k < samples && status == EXIT_OK; k++) {
        if (!json) printf("%d:", k + 1);
        if (rollout(md, s, src, at, steps, 0, &rng, !json, &ss, &err) < 0) status = cli_error("%s", err.msg);
        if (!json) printf("\n");
    }
    for (i = at; i < len && i < at + steps; i++) real[sd_cstream_events(s)[i].type]++;
    if (status == EXIT_OK) {
        if (json) {
            printf("{\"at\":%zu,\"events\":%zu,\"samples\":%d,\"steps\":%llu,\"valid\":%llu,\"stopped\":%llu,"
                   "\"sampled_types\":{", at, len, samples, (unsigned long long)ss.steps,
                   (unsigned long long)ss.valid, (unsigned long long)ss.stopped);
            for (t = 0; t < SD_CEV_NTYPES; t++) printf("%s\"%s\":%.0f", t ? "," : "", sd_cev_type_name(t), ss.types[t]);
            printf("},\"run_types\":{");
            for (t = 0; t < SD_CEV_NTYPES; t++) printf("%s\"%s\":%.0f", t ? "," : "", sd_cev_type_name(t), real[t]);
            printf("}}\n");
        } else {
            printf("valid: %llu of %llu sampled events were allowed transitions; %llu rollouts stopped early\n",
                   (unsigned long long)ss.valid, (unsigned long long)ss.steps, (unsigned long long)ss.stopped);
            printf("%-14s", "types");
            for (t = 0; t < SD_CEV_NTYPES; t++) printf(" %9s", sd_cev_type_name(t));
            printf("\n%-14s", "sampled");
            for (t = 0; t < SD_CEV_NTYPES; t++) printf(" %9.0f", ss.types[t]);
            printf("\n%-14s", "this run next");
            for (t = 0; t < SD_CEV_NTYPES; t++) printf(" %9.0f", real[t]);
            printf("\n");
        }
    }
    sd_srcmap_free(src);
    sd_cstream_free(s);
    return status;
}

static int all_programs(const sd_model *md, const char *db, int folds, int fold, double frac, size_t steps,
                        int samples, uint64_t seed, int json)
{
    sd_catalog *cat = NULL;
    sd_error err;
    char dir[4096];
    int64_t maxp, p;
    int *fold_of = NULL, status = EXIT_OK, k, tty = isatty(2);
    uint64_t rng = seed, nprog = 0;
    sample_stats all_model, all_unif;
    double tv_model = 0, tv_unif = 0, tv_floor = 0;
    uint64_t nfloor = 0;
    memset(&all_model, 0, sizeof all_model);
    memset(&all_unif, 0, sizeof all_unif);
    cli_dirname(db, dir, sizeof dir);
    if (sd_catalog_open(&cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if ((maxp = sd_catalog_max_program(cat, &err)) < 0) {
        sd_catalog_free(cat);
        return cli_error("%s", err.msg);
    }
    if (!(fold_of = malloc(((size_t)maxp + 1) * sizeof *fold_of))) {
        sd_catalog_free(cat);
        return cli_error("out of memory");
    }
    if (folds) cli_folds(maxp, folds, 1, fold_of);
    for (p = 1; p <= maxp && status == EXIT_OK; p++) {
        sd_dist *d = NULL;
        sd_cstream **runs = NULL;
        uint32_t **paths = NULL;
        size_t n = 0, r, i;
        double real[2][SD_CEV_NTYPES] = {{0}}, both[SD_CEV_NTYPES];
        sample_stats sm, su;
        sd_srcmap *src = NULL;
        if (folds && fold_of[p] != fold) continue;
        if (sd_dist_load_program_streams(cat, dir, p, &d, &runs, &paths, &n, NULL, &err) < 0) {
            status = cli_error("%s", err.msg);
            break;
        }
        sd_dist_free(d);
        if (n == 0 || sd_cstream_len(runs[0]) == 0) {
            sd_dist_streams_free(runs, paths, n);
            continue;
        }
        for (r = 0; r < n; r++) { /* every run's window from the same fraction */
            size_t len = sd_cstream_len(runs[r]), from = (size_t)(frac * (double)len);
            for (i = from; i < len && i < from + steps; i++) real[r % 2][sd_cstream_events(runs[r])[i].type]++;
        }
        memset(&sm, 0, sizeof sm);
        memset(&su, 0, sizeof su);
        if (sd_srcmap_for_stream(runs[0], &src, &err) < 0) {
            sd_dist_streams_free(runs, paths, n);
            status = cli_error("%s", err.msg);
            break;
        }
        for (k = 0; k < samples && status == EXIT_OK; k++) {
            size_t at = (size_t)(frac * (double)sd_cstream_len(runs[0]));
            if (rollout(md, runs[0], src, at, steps, 0, &rng, 0, &sm, &err) < 0 ||
                rollout(md, runs[0], src, at, steps, 1, &rng, 0, &su, &err) < 0)
                status = cli_error("%s", err.msg);
        }
        sd_srcmap_free(src);
        src = NULL;
        for (i = 0; i < SD_CEV_NTYPES; i++) both[i] = real[0][i] + real[1][i];
        if (status == EXIT_OK && sm.steps && su.steps) {
            double a = tv(sm.types, both), b = tv(su.types, both), c = n > 1 ? tv(real[0], real[1]) : NAN;
            if (!isnan(a) && !isnan(b)) {
                tv_model += a;
                tv_unif += b;
                nprog++;
                if (!isnan(c)) {
                    tv_floor += c;
                    nfloor++;
                }
            }
        }
        all_model.steps += sm.steps;
        all_model.valid += sm.valid;
        all_model.stopped += sm.stopped;
        all_unif.steps += su.steps;
        all_unif.stopped += su.stopped;
        sd_dist_streams_free(runs, paths, n);
        if (tty) fprintf(stderr, "\rrollouts: program %lld/%lld\033[K", (long long)p, (long long)maxp);
    }
    if (tty) fputs("\r\033[K", stderr);
    if (status == EXIT_OK && nprog == 0) status = cli_error("%s: no program to roll out", db);
    if (status == EXIT_OK) {
        double fm = tv_model / (double)nprog, fu = tv_unif / (double)nprog,
               ff = nfloor ? tv_floor / (double)nfloor : NAN;
        if (json)
            printf("{\"programs\":%llu,\"samples\":%d,\"steps\":%zu,\"frac\":%.3f,\"sampled_events\":%llu,"
                   "\"valid\":%llu,\"stopped\":%llu,\"tv_model\":%s,\"tv_uniform\":%s,\"tv_real_halves\":%s}\n",
                   (unsigned long long)nprog, samples, steps, frac, (unsigned long long)all_model.steps,
                   (unsigned long long)all_model.valid, (unsigned long long)all_model.stopped, cli_json_num(fm),
                   cli_json_num(fu), cli_json_num(ff));
        else
            printf("%llu programs, %d rollouts of %zu steps each from %.0f%% of the first run:\n"
                   "  valid: %llu of %llu sampled events were allowed transitions (%.2f%%); %llu rollouts "
                   "stopped early (no transition allowed)\n"
                   "  type histogram vs real runs from the same fraction, total variation (lower is closer):\n"
                   "    model rollouts                  %.3f\n"
                   "    uniform over allowed transitions %.3f\n"
                   "    real runs, one half vs the other %.3f (noise floor)\n",
                   (unsigned long long)nprog, samples, steps, frac * 100, (unsigned long long)all_model.valid,
                   (unsigned long long)all_model.steps,
                   all_model.steps ? 100.0 * (double)all_model.valid / (double)all_model.steps : 100.0,
                   (unsigned long long)all_model.stopped, fm, fu, ff);
    }
    free(fold_of);
    sd_catalog_free(cat);
    return status;
}

int cmd_rollout(int argc, char **argv)
{
    const char *model = NULL, *catalog = NULL, *path = NULL, *at_s = NULL;
    char tracebuf[8192];
    int json = 0, samples = 5, all = 0, folds = 0, fold = -1, i, status;
    long steps = 20;
    double frac = 0.25;
    uint64_t seed = 1;
    sd_model *md = NULL;
    sd_error err;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes = !strcmp(a, "--model") || !strcmp(a, "--at") || !strcmp(a, "--steps") ||
                    !strcmp(a, "--samples") || !strcmp(a, "--seed") || !strcmp(a, "--catalog") ||
                    !strcmp(a, "--folds") || !strcmp(a, "--fold") || !strcmp(a, "--frac");
        if (takes && i + 1 >= argc) return cli_usage_error("rollout", "%s needs a value", a);
        if (!strcmp(a, "--model")) model = argv[++i];
        else if (!strcmp(a, "--at")) at_s = argv[++i];
        else if (!strcmp(a, "--steps")) steps = atol(argv[++i]);
        else if (!strcmp(a, "--samples")) samples = atoi(argv[++i]);
        else if (!strcmp(a, "--seed")) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--catalog")) catalog = argv[++i];
        else if (!strcmp(a, "--folds")) folds = atoi(argv[++i]);
        else if (!strcmp(a, "--fold")) fold = atoi(argv[++i]);
        else if (!strcmp(a, "--frac")) frac = atof(argv[++i]);
        else if (!strcmp(a, "--all")) all = 1;
        else if (!strcmp(a, "--json")) json = 1;
        else if (a[0] == '-' && a[1]) return cli_usage_error("rollout", "unknown option '%s'", a);
        else if (path) return cli_usage_error("rollout", "more than one trace given");
        else path = a;
    }
    if (!model) return cli_usage_error("rollout", "no model given (--model MODEL)");
    if (steps < 1 || steps > 100000 || samples < 1 || samples > 100000)
        return cli_usage_error("rollout", "--steps and --samples: 1 to 100000");
    if (all && (!catalog || path)) return cli_usage_error("rollout", "--all wants --catalog DB and no run");
    if (!all && !path) return cli_usage_error("rollout", catalog ? "no run id given" : "no trace file given");
    if ((folds || fold >= 0) && !(folds >= 2 && fold >= 0 && fold < folds))
        return cli_usage_error("rollout", "--folds K (>= 2) and --fold I (0 <= I < K) go together");
    if (!(frac >= 0 && frac < 1)) return cli_usage_error("rollout", "--frac: 0 <= F < 1");
    if (!all && catalog) {
        int rc = cli_run_trace_path("rollout", catalog, path, tracebuf, sizeof tracebuf);
        if (rc != EXIT_OK) return rc;
        path = tracebuf;
    }
    sd_error_clear(&err);
    if (sd_model_load(model, &md, &err) < 0) return cli_error("%s", err.msg);
    status = all ? all_programs(md, catalog, folds, fold, frac, (size_t)steps, samples, seed, json)
                 : one_run(md, path, at_s, (size_t)steps, samples, seed, json);
    if (status == EXIT_OK && fflush(stdout) != 0) status = cli_error("writing output failed");
    sd_model_free(md);
    return status;
}
