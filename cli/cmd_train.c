/*
 * cmd_train.c - `stepdist train`: fits the next-event model (docs/model.md)
 * on every program of a catalog and writes the model file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/model.h"

const char cmd_train_usage[] =
    "Usage: stepdist train --catalog DB -o MODEL [--objective soft|onehot] [-m RUNS]\n"
    "                      [--val-frac F] [--iters N] [--lr X] [--l2 X] [--seed S] [--json]\n"
    "                      [--folds K --fold I [--fold-seed S]]\n"
    "\n"
    "Trains the next-event model (docs/model.md) on the prefix-mode prediction\n"
    "points of every program of the catalog (points shared by -m runs, default\n"
    "20) and writes it to MODEL.  A fraction of the programs (--val-frac,\n"
    "default 0.2, chosen by --seed) is held out to fit the temperature.\n"
    "\n"
    "  --objective soft    cross-entropy to the runs' empirical next-event\n"
    "                      distribution (default)\n"
    "  --objective onehot  cross-entropy to the next event of one run per point\n"
    "  --iters N, --lr X, --l2 X   full-batch Adam steps (150), step (0.05) and\n"
    "                      L2 penalty (0.003)\n"
    "  --folds K --fold I  leave out the programs of fold I (0-based) of the K\n"
    "                      folds 'stepdist eval' makes with --seed S (--fold-seed,\n"
    "                      default 1): a model for testing on those programs\n"
    "\n"
    "Prints what it trained on (programs, points, candidates per point, events\n"
    "outside the candidates), the final loss, the temperature and the time.\n"
    "Score a model on held-out programs with 'stepdist eval --model'.\n";

static void load_progress(void *ctx, int64_t done, int64_t total)
{
    (void)ctx;
    fprintf(stderr, "\rreading runs: program %lld/%lld\033[K", (long long)done, (long long)total);
}

static void train_progress(void *ctx, int it, int iters, double loss)
{
    (void)ctx;
    fprintf(stderr, "\rtraining: step %d/%d, loss %.4f\033[K", it, iters, loss);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cmd_train(int argc, char **argv)
{
    const char *db = NULL, *out = NULL;
    int min_runs = 20, json = 0, i, status = EXIT_OK, tty = isatty(2), folds = 0, fold = -1;
    uint64_t fold_seed = 1;
    int *fold_of = NULL;
    double val_frac = 0.2, t0, t1, t2;
    sd_train_opts o;
    sd_catalog *cat = NULL;
    sd_mset *m = NULL;
    sd_model *md = NULL;
    sd_error err;
    char dir[4096];
    uint8_t *use = NULL;
    int64_t maxp, p, skipped = 0, nval = 0;
    size_t np, k, cands = 0, train_pts = 0;
    uint64_t rows = 0, other = 0;

    sd_train_opts_default(&o);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = !strcmp(a, "--catalog") || !strcmp(a, "-o") || !strcmp(a, "--objective") ||
                    !strcmp(a, "-m") || !strcmp(a, "--val-frac") || !strcmp(a, "--iters") ||
                    !strcmp(a, "--lr") || !strcmp(a, "--l2") || !strcmp(a, "--seed") ||
                    !strcmp(a, "--folds") || !strcmp(a, "--fold") || !strcmp(a, "--fold-seed");
        if (takes && !v) return cli_usage_error("train", "%s needs a value", a);
        if (!strcmp(a, "--catalog")) db = argv[++i];
        else if (!strcmp(a, "-o")) out = argv[++i];
        else if (!strcmp(a, "--objective")) {
            i++;
            if (!strcmp(v, "soft")) o.objective = SD_OBJ_SOFT;
            else if (!strcmp(v, "onehot")) o.objective = SD_OBJ_ONEHOT;
            else return cli_usage_error("train", "--objective %s: want soft or onehot", v);
        }
        else if (!strcmp(a, "-m")) min_runs = atoi(argv[++i]);
        else if (!strcmp(a, "--val-frac")) val_frac = atof(argv[++i]);
        else if (!strcmp(a, "--iters")) o.iters = atoi(argv[++i]);
        else if (!strcmp(a, "--lr")) o.lr = atof(argv[++i]);
        else if (!strcmp(a, "--l2")) o.l2 = atof(argv[++i]);
        else if (!strcmp(a, "--seed")) o.seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--folds")) folds = atoi(argv[++i]);
        else if (!strcmp(a, "--fold")) fold = atoi(argv[++i]);
        else if (!strcmp(a, "--fold-seed")) fold_seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--json")) json = 1;
        else return cli_usage_error("train", "unexpected argument '%s'", a);
    }
    if (!db) return cli_usage_error("train", "no catalog given (--catalog DB)");
    if (!out) return cli_usage_error("train", "no model file given (-o MODEL)");
    if (min_runs < 1 || o.iters < 1 || !(o.lr > 0) || !(o.l2 >= 0) || !(val_frac >= 0 && val_frac < 1))
        return cli_usage_error("train", "-m >= 1, --iters >= 1, --lr > 0, --l2 >= 0, 0 <= --val-frac < 1");
    if ((folds || fold >= 0) && !(folds >= 2 && fold >= 0 && fold < folds))
        return cli_usage_error("train", "--folds K (>= 2) and --fold I (0 <= I < K) go together");
    cli_dirname(db, dir, sizeof dir);
    sd_error_clear(&err);
    t0 = now();
    if (sd_catalog_open(&cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if ((maxp = sd_catalog_max_program(cat, &err)) < 0 || !(m = sd_mset_new()) ||
        sd_mset_add_catalog(m, cat, dir, min_runs, tty ? load_progress : NULL, NULL, &skipped, &err) < 0) {
        status = cli_error("%s", m ? err.msg : "out of memory");
        goto done;
    }
    if (tty) fputs("\r\033[K", stderr);
    np = sd_mset_npoints(m);
    if (np == 0) {
        status = cli_error("%s: no prediction point has %d runs; collect more runs or lower -m", db, min_runs);
        goto done;
    }
    if (!(use = malloc(np))) {
        status = cli_error("out of memory");
        goto done;
    }
    if (folds) {
        if (!(fold_of = malloc(((size_t)maxp + 1) * sizeof *fold_of))) {
            status = cli_error("out of memory");
            goto done;
        }
        cli_folds(maxp, folds, fold_seed, fold_of);
    }
    {   /* validation programs: a seeded draw, never all of them */
        uint8_t *isval = calloc((size_t)maxp + 1, 1);
        uint64_t s = o.seed * 0x9E3779B97F4A7C15ULL + 7;
        if (!isval) {
            status = cli_error("out of memory");
            goto done;
        }
        for (p = 1; p <= maxp; p++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            isval[p] = maxp > 1 && (double)(s % 1000000) / 1e6 < val_frac;
            nval += isval[p];
        }
        if (nval == maxp) isval[1] = 0, nval--;
        for (k = 0; k < np; k++) {
            const sd_mpoint *pt = sd_mset_point(m, k);
            int t;
            use[k] = fold_of && fold_of[pt->program] == fold ? 0 : isval[pt->program] ? 2 : 1;
            if (use[k] != 1) continue;
            train_pts++;
            cands += pt->ncand;
            other += pt->other;
            for (t = 0; t < SD_CEV_NTYPES; t++) rows += pt->type_counts[t];
        }
        free(isval);
    }
    t1 = now();
    if (tty) o.progress = train_progress;
    if (sd_model_train(m, use, &o, &md, &err) < 0) {
        if (tty) fputs("\r\033[K", stderr);
        status = cli_error("%s", err.msg);
        goto done;
    }
    t2 = now();
    if (tty) fputs("\r\033[K", stderr);
    if (sd_model_save(md, out, &err) < 0) {
        status = cli_error("%s", err.msg);
        goto done;
    }
    {
        double loss = sd_model_loss(md, m, use, o.objective, 0, NULL);
        if (json)
            printf("{\"model\":\"%s\",\"objective\":\"%s\",\"programs\":%lld,\"validation_programs\":%lld,"
                   "\"points\":%zu,\"train_points\":%zu,\"candidates_per_point\":%.3f,\"rows\":%llu,"
                   "\"outside_rows\":%llu,\"loss\":%.6f,\"temperature\":%.6f,\"read_s\":%.3f,\"train_s\":%.3f,"
                   "\"skipped_runs\":%lld}\n",
                   out, o.objective == SD_OBJ_SOFT ? "soft" : "onehot", (long long)maxp, (long long)nval, np,
                   train_pts, train_pts ? (double)cands / (double)train_pts : 0, (unsigned long long)rows,
                   (unsigned long long)other, loss, sd_model_temperature(md), t1 - t0, t2 - t1,
                   (long long)skipped);
        else
            printf("%s: %s objective, %lld programs (%lld for the temperature), %zu points (%zu to train, "
                   "%.1f candidates each), %llu rows, %llu outside the candidates; loss %.4f, temperature "
                   "%.3f; read %.1f s, trained %.1f s\n",
                   out, o.objective == SD_OBJ_SOFT ? "soft" : "one-hot", (long long)maxp, (long long)nval, np,
                   train_pts, train_pts ? (double)cands / (double)train_pts : 0, (unsigned long long)rows,
                   (unsigned long long)other, loss, sd_model_temperature(md), t1 - t0, t2 - t1);
        if (skipped) fprintf(stderr, "stepdist train: %lld runs skipped (traces not readable whole)\n", (long long)skipped);
    }
done:
    free(fold_of);
    free(use);
    sd_model_free(md);
    sd_mset_free(m);
    sd_catalog_free(cat);
    return status;
}
