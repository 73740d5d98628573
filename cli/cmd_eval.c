/*
 * cmd_eval.c - `stepdist eval`: the built-in baselines, trained and tested
 * by program (k folds), scored with every metric of DESIGN.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stepdist/baselines.h"
#include "stepdist/catalog.h"
#include "stepdist/dist.h"
#include "stepdist/metrics.h"
#include "stepdist/model.h"
#include "stepdist/predictions.h"

const char cmd_eval_usage[] =
    "Usage: stepdist eval --catalog DB [--mode prefix|own|paper] [-m RUNS] [--folds K]\n"
    "                     [--seed S] [--json]\n"
    "\n"
    "Builds the prediction points of every program of the catalog (prefix\n"
    "mode, type level: see docs/dist.md), splits the programs into K folds\n"
    "(default 5) and, for each fold, fits the built-in predictors (uniform,\n"
    "majority, last-k, state table) on the other folds' programs and predicts\n"
    "the fold's points: every point is predicted by a model that never saw\n"
    "its program.  Prints, per predictor, accuracy over all points and over\n"
    "divergence points (with 95% bootstrap intervals over programs), the\n"
    "ceiling, accuracy/ceiling, ECE, NLL, KL, Brier and dist-MAE\n"
    "(docs/metrics.md).\n"
    "\n"
    "  --mode prefix  prediction points are prefixes shared by -m runs (default)\n"
    "  --mode own     split mode: each run cut at 25/50/75%%, predicted from its\n"
    "                 own prefix\n"
    "  --mode paper   split mode as the paper scored it: per program and split,\n"
    "                 the first run's prefix against every run's next event\n"
    "  --predictions FILE        score a model's predictions (JSON lines, see\n"
    "                 'stepdist score --help') instead of the baselines\n"
    "  --against FILE            with --predictions: a second file, scored beside\n"
    "                 the first and compared with it, paired (McNemar, paired\n"
    "                 bootstrap over programs)\n"
    "  --fold I       with --predictions: score only the programs of fold I\n"
    "                 (0-based) of the K folds ('stepdist export --fold I')\n"
    "  --write-predictions FILE  write the state table's predictions in that\n"
    "                 format (an example for other models)\n"
    "  --write-folds FILE        write the split of programs into folds (JSON lines:\n"
    "                 program, fold): test a model on fold k, train it on the rest\n"
    "  --model        also train the learned model (docs/model.md) on each fold's\n"
    "                 training programs, with the soft and the one-hot objective,\n"
    "                 and score it beside the baselines\n"
    "  --no-source    with --model: without the features that read the program's\n"
    "                 source (an ablation: docs/model.md)\n";

typedef struct prog_points {
    sd_dpoint *p;
    uint8_t *div; /* divergence flags (split modes: of the point's group) */
    size_t n;
    int fold;
    uint32_t group_max, group_rows; /* split modes: sum over splits of the
                                       largest next-type count, and rows */
} prog_points;

enum { MODE_PREFIX = SD_POINTS_PREFIX, MODE_OWN = SD_POINTS_OWN, MODE_PAPER = SD_POINTS_PAPER };

/* the learned model's two objectives, after the baselines */
enum { PRED_SOFT = SD_NPREDICTORS, PRED_ONEHOT, NPRED_ALL };

static const char *pred_name(int i)
{
    return i == PRED_SOFT ? "model-soft" : i == PRED_ONEHOT ? "model-onehot" : sd_predictor_name(i);
}

static void train_progress(void *ctx, int it, int iters, double loss)
{
    const char *what = ctx;
    fprintf(stderr, "\r%s: step %d/%d, loss %.4f\033[K", what, it, iters, loss);
}

/* Trains the model on the training programs of fold `fold` (validation:
 * those of the next fold) and fills q[k * 6 ...] for the points of meval
 * in that fold.  The points of meval are those of pt[], in order. */
static int model_fold(const sd_mset *mtrain, const sd_mset *meval, const int *fold_of, int fold,
                      int folds, sd_objective obj, int tty, double *q, uint32_t *top, sd_error *err)
{
    size_t i, n = sd_mset_npoints(mtrain), ne = sd_mset_npoints(meval);
    uint8_t *use = malloc(n ? n : 1);
    sd_train_opts o;
    sd_model *md = NULL;
    char what[64];
    int rc;
    if (!use) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    for (i = 0; i < n; i++) {
        int f = fold_of[sd_mset_point(mtrain, i)->program];
        uint32_t prog = sd_mset_point(mtrain, i)->program;
        /* the temperature is fitted on the next fold's programs; with two
         * folds there is none to spare: on an eighth of the training ones */
        int val = folds > 2 ? f == (fold + 1) % folds
                            : (uint32_t)(((uint64_t)prog * 0x9E3779B97F4A7C15ULL) >> 61) == 0;
        use[i] = f == fold ? 0 : val ? 2 : 1;
    }
    sd_train_opts_default(&o);
    o.objective = obj;
    snprintf(what, sizeof what, "model-%s, fold %d", obj == SD_OBJ_SOFT ? "soft" : "onehot", fold + 1);
    if (tty) {
        o.progress = train_progress;
        o.ctx = what;
    }
    rc = sd_model_train(mtrain, use, &o, &md, err);
    free(use);
    if (rc < 0) return rc;
    for (i = 0; i < ne; i++) {
        const sd_mpoint *p = sd_mset_point(meval, i);
        double qc[1024];
        uint32_t j;
        if (fold_of[p->program] != fold) continue;
        if (p->ncand > 1024) return sd_error_set(err, SD_ELIMIT, -1, "a point with %u candidates", p->ncand);
        sd_model_predict_point(md, meval, i, qc, &q[i * SD_CEV_NTYPES]);
        top[i] = p->ncand ? 0 : UINT32_MAX; /* the most likely candidate */
        for (j = 1; j < p->ncand; j++)
            if (qc[j] > qc[top[i]]) top[i] = j;
    }
    sd_model_free(md);
    return 0;
}

/* Type+g rows a predictor gets right at each point: tops[k] is its answer
 * (a candidate index of point k, or UINT32_MAX), counts[k * 2] gets the
 * rows of that candidate and counts[k * 2 + 1] the rest. */
static void typeg_rows(const sd_mset *me, const uint32_t *tops, uint32_t *counts, uint8_t *div)
{
    size_t k, n = sd_mset_npoints(me);
    for (k = 0; k < n; k++) {
        const sd_mpoint *p = sd_mset_point(me, k);
        uint32_t j, c, rows = p->other, right = 0, seen = p->other > 0;
        for (j = 0; j < p->ncand; j++) {
            sd_mset_cand(me, p->cand + j, NULL, &c);
            rows += c;
            seen += c > 0;
            if (j == tops[k]) right = c;
        }
        counts[k * 2] = right;
        counts[k * 2 + 1] = rows - right;
        if (div) div[k] = seen > 1;
    }
}

/* A type-level predictor's answer at the type+g level: its top type,
 * done by the candidate of that type whose goroutine acted last. */
static uint32_t recency_top(const sd_mset *me, size_t k, const double *qt)
{
    const sd_mpoint *p = sd_mset_point(me, k);
    uint32_t j;
    int t, best = 0;
    for (t = 1; t < SD_CEV_NTYPES; t++)
        if (qt[t] > qt[best]) best = t;
    for (j = 0; j < p->ncand; j++) {
        const sd_cand *c = sd_mset_cand(me, p->cand + j, NULL, NULL);
        if (c->type == best && c->rank == 0) return j;
    }
    return UINT32_MAX;
}

/* Split-mode points of one program: `own` rows (each run from its own
 * prefix, one row each) or `paper` rows (per split, the first run's prefix
 * scored against every run's next event). */
static int split_points(const sd_dist *d, int mode, prog_points *out)
{
    size_t n, i, k = 0;
    const sd_split_row *rows = sd_dist_split_rows(d, &n);
    uint32_t groups[4][SD_CEV_NTYPES];
    int s, t;
    memset(groups, 0, sizeof groups);
    for (i = 0; i < n; i++) groups[rows[i].split][rows[i].next_type]++;
    out->n = 0;
    out->p = NULL;
    out->div = NULL;
    if (n == 0) return 0;
    out->p = calloc(n, sizeof *out->p);
    out->div = calloc(n, 1);
    if (!out->p || !out->div) return -1;
    out->group_max = out->group_rows = 0;
    for (s = 1; s <= 3; s++) {
        int kinds = 0;
        uint32_t mx = 0;
        for (t = 0; t < SD_CEV_NTYPES; t++) {
            kinds += groups[s][t] > 0;
            if (groups[s][t] > mx) mx = groups[s][t];
            out->group_rows += groups[s][t];
        }
        out->group_max += mx;
        for (i = 0; i < n; i++) {
            if (rows[i].split != s) continue;
            if (mode == MODE_OWN) {
                out->p[k] = rows[i].state;
                memset(out->p[k].counts, 0, sizeof out->p[k].counts);
                out->p[k].counts[rows[i].next_type] = 1;
                out->div[k++] = kinds > 1;
            } else { /* the group's first run gives the prompt */
                out->p[k] = rows[i].state;
                memcpy(out->p[k].counts, groups[s], sizeof groups[s]);
                out->div[k++] = kinds > 1;
                break;
            }
        }
    }
    out->n = k;
    return 0;
}

typedef struct keyed {
    char *key; /* "program\x1fpoint" */
    double q[SD_CEV_NTYPES];
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* Reads a predictions file into a sorted array; the line and column of a
 * bad line in the message. */
static int read_predictions(const char *path, keyed **out, size_t *n)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, have = 0, lineno = 0;
    ssize_t len;
    keyed *v = NULL;
    *out = NULL;
    *n = 0;
    if (!f) return cli_error("%s: cannot open", path);
    while ((len = getline(&line, &cap, f)) >= 0) {
        sd_prediction pr;
        sd_error err;
        int rc;
        lineno++;
        rc = sd_prediction_parse(line, (size_t)len, &pr, &err);
        if (rc < 0) {
            fclose(f);
            free(line);
            free(v);
            return cli_error("%s:%zu: %s", path, lineno, err.msg);
        }
        if (rc == 0) continue;
        if (have % 1024 == 0) {
            keyed *nv = realloc(v, (have + 1024) * sizeof *nv);
            if (!nv) break;
            v = nv;
        }
        v[have].key = malloc(strlen(pr.program) + strlen(pr.point) + 2);
        if (!v[have].key) break;
        sprintf(v[have].key, "%s\x1f%s", pr.program, pr.point);
        memcpy(v[have].q, pr.q, sizeof pr.q);
        have++;
    }
    fclose(f);
    free(line);
    if (have) qsort(v, have, sizeof *v, cmp_keyed);
    *out = v;
    *n = have;
    return EXIT_OK;
}

/* Fills q[k * 6 ...] for every point k from the predictions file path:
 * EXIT_OK, or an exit code after saying which points have none. */
static int fill_predictions(const char *path, int mode, size_t total, sd_dpoint **pt, const uint32_t *program,
                            char **paths, double *q)
{
    keyed *kv = NULL;
    size_t nkv = 0, missing = 0, k;
    int status;
    if ((status = read_predictions(path, &kv, &nkv)) != EXIT_OK) return status;
    for (k = 1; k < nkv && status == EXIT_OK; k++)
        if (!strcmp(kv[k - 1].key, kv[k].key)) {
            char *sep = strchr(kv[k].key, '\x1f');
            status = cli_error("%s: two predictions for %.*s point %s", path, (int)(sep - kv[k].key), kv[k].key, sep + 1);
        }
    for (k = 0; k < total && status == EXIT_OK; k++) {
        char name[64], key[4200];
        keyed probe, *hit;
        sd_point_name((sd_point_mode)mode, pt[k], name, sizeof name);
        snprintf(key, sizeof key, "%s\x1f%s", paths[program[k]], name);
        probe.key = key;
        hit = nkv ? bsearch(&probe, kv, nkv, sizeof *kv, cmp_keyed) : NULL;
        if (!hit) {
            if (missing++ < 3) fprintf(stderr, "stepdist score: %s: no prediction for %s point %s\n", path, paths[program[k]], name);
            continue;
        }
        memcpy(&q[k * SD_CEV_NTYPES], hit->q, sizeof hit->q);
    }
    for (k = 0; k < nkv; k++) free(kv[k].key);
    free(kv);
    if (missing && status == EXIT_OK)
        status = cli_error("%s: %zu of %zu points have no prediction", path, missing, total);
    return status;
}

int cmd_eval(int argc, char **argv)
{
    const char *db = NULL;
    int min_runs = 20, folds = 5, json = 0, i, status = EXIT_OK, tty = isatty(2), mode = MODE_PREFIX;
    const char *predictions = NULL, *write_predictions = NULL, *write_folds = NULL, *against = NULL;
    int only_fold = -1;
    int64_t nprograms = 0; /* the programs scored */
    char **paths = NULL;
    uint64_t seed = 1;
    sd_catalog *cat = NULL;
    int *fold_of = NULL; /* the fold of each program */
    sd_error err;
    char dir[4096];
    int64_t maxp = 0, p;
    prog_points *pp = NULL;
    size_t total = 0, k, j;
    uint32_t *counts = NULL, *program = NULL;
    uint8_t *divflags = NULL;
    int npred = SD_NPREDICTORS, with_model = 0, no_source = 0;
    double *q[NPRED_ALL] = {0};
    sd_mset *mtrain = NULL, *meval = NULL;
    uint32_t *tops[2] = {NULL, NULL}; /* the model's top candidate per point */
    sd_points pts; /* the rows every predictor is scored on */
    sd_dpoint **pt = NULL;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if ((!strcmp(a, "--catalog") || !strcmp(a, "-m") || !strcmp(a, "--folds") || !strcmp(a, "--seed")) && !v)
            return cli_usage_error("eval", "%s needs a value", a);
        if (!strcmp(a, "--catalog")) db = argv[++i];
        else if (!strcmp(a, "-m")) min_runs = atoi(argv[++i]);
        else if (!strcmp(a, "--folds")) folds = atoi(argv[++i]);
        else if (!strcmp(a, "--seed")) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--json")) json = 1;
        else if (!strcmp(a, "--model")) with_model = 1;
        else if (!strcmp(a, "--no-source")) no_source = 1;
        else if (!strcmp(a, "--predictions") && v) predictions = argv[++i];
        else if (!strcmp(a, "--against") && v) against = argv[++i];
        else if (!strcmp(a, "--fold") && v) {
            char *end;
            only_fold = (int)strtol(argv[++i], &end, 10);
            if (*end || end == v || only_fold < 0) return cli_usage_error("eval", "--fold %s: want a fold number", v);
        }
        else if (!strcmp(a, "--write-predictions") && v) write_predictions = argv[++i];
        else if (!strcmp(a, "--write-folds") && v) write_folds = argv[++i];
        else if (!strcmp(a, "--mode") && v) {
            i++;
            if ((mode = sd_point_mode_parse(v)) < 0)
                return cli_usage_error("eval", "--mode %s: want prefix, own or paper", v);
        }
        else return cli_usage_error("eval", "unexpected argument '%s'", a);
    }
    if (!db) return cli_usage_error("eval", "no catalog given (--catalog DB)");
    if (min_runs < 1 || folds < 2) return cli_usage_error("eval", "-m >= 1 and --folds >= 2");
    if ((against || only_fold >= 0) && !predictions)
        return cli_usage_error("eval", "--against and --fold go with --predictions (stepdist score)");
    if (only_fold >= folds) return cli_usage_error("eval", "--fold %d: want 0 <= I < --folds (%d)", only_fold, folds);
    if (predictions && write_predictions)
        return cli_usage_error("eval", "--predictions scores a file; --write-predictions writes the state table's");
    cli_dirname(db, dir, sizeof dir);
    sd_error_clear(&err);
    if ((status = cli_open_catalog_folds(db, folds, seed, &cat, &maxp, &fold_of)) != EXIT_OK) goto done;
    pp = calloc((size_t)maxp + 1, sizeof *pp);
    paths = calloc((size_t)maxp + 1, sizeof *paths);
    if (!pp || !paths) {
        status = cli_error("out of memory");
        goto done;
    }
    for (p = 1; p <= maxp; p++) {
        sd_dist *d = NULL;
        char path[4096];
        if (sd_catalog_program_path(cat, p, path, sizeof path, &err) < 0 || !(paths[p] = strdup(path))) {
            status = cli_error("%s", err.msg);
            goto done;
        }
        sd_cstream **streams = NULL;
        uint32_t **tpaths = NULL;
        size_t nstreams = 0;
        if (with_model && !mtrain && (!(mtrain = sd_mset_new()) || !(meval = sd_mset_new()))) {
            status = cli_error("out of memory");
            goto done;
        }
        if (with_model && no_source) {
            sd_mset_use_sources(mtrain, 0);
            sd_mset_use_sources(meval, 0);
        }
        if ((with_model ? sd_dist_load_program_streams(cat, dir, p, &d, &streams, &tpaths, &nstreams, NULL, &err)
                        : sd_dist_load_program(cat, dir, p, &d, NULL, &err)) < 0 ||
            (mode == MODE_PREFIX && sd_dist_points(d, min_runs, &pp[p].p, &pp[p].n, &err) < 0) ||
            (with_model && (sd_mset_add_prefix(mtrain, (uint32_t)p, d, streams, tpaths, nstreams, min_runs, &err) < 0 ||
                            (mode != MODE_PREFIX && sd_mset_add_split(meval, (uint32_t)p, streams, nstreams,
                                                                       mode == MODE_PAPER, &err) < 0)))) {
            sd_dist_streams_free(streams, tpaths, nstreams);
            sd_dist_free(d);
            status = cli_error("%s", err.msg);
            goto done;
        }
        sd_dist_streams_free(streams, tpaths, nstreams);
        if (mode != MODE_PREFIX && split_points(d, mode, &pp[p]) < 0) {
            sd_dist_free(d);
            status = cli_error("out of memory");
            goto done;
        }
        sd_dist_free(d);
        total += pp[p].n;
        if (tty) fprintf(stderr, "\rloading programs: %lld/%lld", (long long)p, (long long)maxp);
    }
    if (tty) fputs("\r\033[K", stderr);
    if (total == 0) {
        status = cli_error("%s: no prediction point has %d runs; collect more runs or lower -m", db, min_runs);
        goto done;
    }
    for (p = 1; p <= maxp; p++) pp[p].fold = fold_of[p]; /* folds by program (cli_folds) */
    nprograms = maxp;
    if (only_fold >= 0) { /* score the programs of one fold (an export's test.jsonl) */
        nprograms = total = 0;
        for (p = 1; p <= maxp; p++) {
            if (pp[p].fold == only_fold) {
                nprograms++;
                total += pp[p].n;
                continue;
            }
            if (mode == MODE_PREFIX) sd_dist_points_free(pp[p].p);
            else free(pp[p].p);
            free(pp[p].div);
            pp[p].p = NULL;
            pp[p].div = NULL;
            pp[p].n = 0;
            pp[p].group_max = pp[p].group_rows = 0;
        }
        if (total == 0) {
            status = cli_error("%s: the programs of fold %d have no prediction point", db, only_fold);
            goto done;
        }
    }
    if (write_folds) { /* the split by program, as a manifest */
        FILE *ff = fopen(write_folds, "w");
        if (!ff) {
            status = cli_error("%s: cannot write", write_folds);
            goto done;
        }
        for (p = 1; p <= maxp; p++)
            fprintf(ff, "{\"program\":\"%s\",\"fold\":%d,\"folds\":%d,\"seed\":%llu}\n", paths[p],
                    pp[p].fold, folds, (unsigned long long)seed);
        if (fclose(ff) != 0) {
            status = cli_error("%s: write failed", write_folds);
            goto done;
        }
    }
    counts = malloc(total * SD_CEV_NTYPES * sizeof *counts);
    divflags = malloc(total);
    program = malloc(total * sizeof *program);
    pt = malloc(total * sizeof *pt);
    if (with_model) npred = NPRED_ALL;
    for (i = 0; i < npred; i++)
        if (!(q[i] = malloc(total * SD_CEV_NTYPES * sizeof *q[i]))) break;
    if (!counts || !divflags || !program || !pt || i < npred) {
        status = cli_error("out of memory");
        goto done;
    }
    k = 0;
    for (p = 1; p <= maxp; p++)
        for (j = 0; j < pp[p].n; j++, k++) {
            memcpy(&counts[k * SD_CEV_NTYPES], pp[p].p[j].counts, sizeof pp[p].p[j].counts);
            program[k] = (uint32_t)p;
            pt[k] = &pp[p].p[j];
            /* prefix mode: divergence is read from the point's counts */
            divflags[k] = pp[p].div ? pp[p].div[j] : 0;
        }
    memset(&pts, 0, sizeof pts);
    pts.n = total;
    pts.nclass = SD_CEV_NTYPES;
    pts.counts = counts;
    pts.program = program;
    if (mode != MODE_PREFIX) pts.divergent = divflags;
    for (i = 0; i < folds && !predictions; i++) { /* scoring a file needs no baselines */
        sd_dpoint *train = NULL;
        size_t ntrain = 0;
        sd_baselines *b = NULL;
        int pr;
        for (p = 1; p <= maxp; p++) ntrain += pp[p].fold != i ? pp[p].n : 0;
        train = malloc((ntrain ? ntrain : 1) * sizeof *train);
        if (!train) {
            status = cli_error("out of memory");
            goto done;
        }
        ntrain = 0;
        for (p = 1; p <= maxp; p++)
            if (pp[p].fold != i)
                for (j = 0; j < pp[p].n; j++) train[ntrain++] = pp[p].p[j];
        if (sd_baselines_fit(train, ntrain, &b, &err) < 0) {
            free(train);
            status = cli_error("%s", err.msg);
            goto done;
        }
        for (k = 0; k < total; k++) {
            if (pp[program[k]].fold != i) continue;
            for (pr = 0; pr < SD_NPREDICTORS; pr++)
                sd_baselines_predict(b, (sd_predictor)pr, pt[k], &q[pr][k * SD_CEV_NTYPES]);
        }
        sd_baselines_free(b);
        free(train);
    }
    if (with_model && !predictions) {
        const sd_mset *me = mode == MODE_PREFIX ? mtrain : meval;
        tops[0] = malloc(total * sizeof *tops[0]);
        tops[1] = malloc(total * sizeof *tops[1]);
        if (!tops[0] || !tops[1]) {
            status = cli_error("out of memory");
            goto done;
        }
        /* the model's points are the baselines', in the same order */
        if (sd_mset_npoints(me) != total) {
            status = cli_error("internal: %zu model points for %zu prediction points", sd_mset_npoints(me), total);
            goto done;
        }
        for (k = 0; k < total; k++) {
            const sd_mpoint *mp = sd_mset_point(me, k);
            if (mp->program != program[k] || memcmp(mp->type_counts, &counts[k * SD_CEV_NTYPES], sizeof mp->type_counts)) {
                status = cli_error("internal: model point %zu differs from prediction point %zu", k, k);
                goto done;
            }
        }
        for (i = 0; i < folds && status == EXIT_OK; i++)
            if (model_fold(mtrain, me, fold_of, i, folds, SD_OBJ_SOFT, tty, q[PRED_SOFT], tops[0], &err) < 0 ||
                model_fold(mtrain, me, fold_of, i, folds, SD_OBJ_ONEHOT, tty, q[PRED_ONEHOT], tops[1], &err) < 0)
                status = cli_error("%s", err.msg);
        if (tty) fputs("\r\033[K", stderr);
        if (status != EXIT_OK) goto done;
    }
    if (write_predictions) { /* the state table's, in the predictions format */
        FILE *wf = fopen(write_predictions, "w");
        if (!wf) {
            status = cli_error("%s: cannot write", write_predictions);
            goto done;
        }
        for (k = 0; k < total; k++) {
            char name[64];
            const double *qq = &q[SD_PRED_STATE_TABLE][k * SD_CEV_NTYPES];
            sd_point_name((sd_point_mode)mode, pt[k], name, sizeof name);
            fprintf(wf, "{\"program\":\"%s\",\"point\":\"%s\",\"q\":[%.17g,%.17g,%.17g,%.17g,%.17g,%.17g]}\n",
                    paths[program[k]], name, qq[0], qq[1], qq[2], qq[3], qq[4], qq[5]);
        }
        if (fclose(wf) != 0) {
            status = cli_error("%s: write failed", write_predictions);
            goto done;
        }
    }
    if (predictions) { /* score files' predictions instead, row for row */
        if ((status = fill_predictions(predictions, mode, total, pt, program, paths, q[0])) != EXIT_OK ||
            (against && (status = fill_predictions(against, mode, total, pt, program, paths, q[1])) != EXIT_OK))
            goto done;
        npred = against ? 2 : 1;
    }
    const char *names[NPRED_ALL];
    for (i = 0; i < NPRED_ALL; i++) names[i] = pred_name(i);
    if (predictions) {
        names[0] = "file";
        names[1] = "against";
        if (!json) printf("file: %s%s%s\n", predictions, against ? "\nagainst: " : "", against ? against : "");
    }
    double group_ceiling = NAN;
    if (mode == MODE_OWN) {
        /* own rows are single runs: the ceiling is that of their groups
         * (program, split), whose distribution each row is drawn from */
        double best = 0, rows = 0;
        for (p = 1; p <= maxp; p++) {
            best += pp[p].group_max;
            rows += pp[p].group_rows;
        }
        group_ceiling = rows > 0 ? best / rows : NAN;
    }
    {
        if (!json) {
            if (mode == MODE_PREFIX)
                printf("prefix mode: %lld programs, %zu prediction points (>= %d runs), %d folds by program",
                       (long long)nprograms, total, min_runs, folds);
            else
                printf("split mode (%s rows): %lld programs, %zu rows at 25/50/75%%, %d folds by program",
                       mode == MODE_OWN ? "own" : "paper", (long long)nprograms, total, folds);
            if (only_fold >= 0) printf(" (fold %d)", only_fold);
            printf("\n");
            printf("%-12s %-22s %-22s %7s %7s %6s %7s %7s %6s %8s\n", "predictor", "accuracy [95% CI]",
                   "div. accuracy [95% CI]", "ceiling", "acc/ceil", "ECE", "NLL", "KL", "Brier", "dist-MAE");
        }
        for (i = 0; i < npred; i++) {
            sd_metrics m;
            sd_metrics_ci ci;
            if (sd_metrics_compute(&pts, q[i], &m, &err) < 0 ||
                sd_metrics_bootstrap(&pts, q[i], 1000, seed, &ci, &err) < 0) {
                status = cli_error("%s", err.msg);
                break;
            }
            if (json) {
                printf("{\"mode\":\"%s\",\"predictor\":\"%s\",\"points\":%zu,\"programs\":%lld",
                       mode == MODE_PREFIX ? "prefix" : mode == MODE_OWN ? "own" : "paper",
                       names[i], total, (long long)nprograms);
                for (j = 0; j < SD_METRIC_COUNT; j++)
                    printf(",\"%s\":%s,\"div_%s\":%s", sd_metric_name((int)j),
                           cli_json_num(sd_metric_get(&m.all, (int)j)), sd_metric_name((int)j),
                           cli_json_num(sd_metric_get(&m.div, (int)j)));
                printf(",\"accuracy_ci\":[%s,%s],\"div_accuracy_ci\":[%s,%s]}\n",
                       cli_json_num(ci.all[SD_METRIC_ACCURACY].lo), cli_json_num(ci.all[SD_METRIC_ACCURACY].hi),
                       cli_json_num(ci.div[SD_METRIC_ACCURACY].lo), cli_json_num(ci.div[SD_METRIC_ACCURACY].hi));
            } else {
                char a[64], dv[64];
                snprintf(a, sizeof a, "%.3f [%.3f,%.3f]", m.all.accuracy, ci.all[SD_METRIC_ACCURACY].lo,
                         ci.all[SD_METRIC_ACCURACY].hi);
                snprintf(dv, sizeof dv, "%.3f [%.3f,%.3f]", m.div.accuracy, ci.div[SD_METRIC_ACCURACY].lo,
                         ci.div[SD_METRIC_ACCURACY].hi);
                if (mode == MODE_OWN) /* KL and dist-MAE need a point's distribution */
                    printf("%-12s %-22s %-22s %7.3f %7.3f %6.3f %7.3f %7s %6.3f %8s\n", names[i], a,
                           dv, group_ceiling, m.all.accuracy / group_ceiling, m.all.ece, m.all.nll, "-",
                           m.all.brier, "-");
                else
                    printf("%-12s %-22s %-22s %7.3f %7.3f %6.3f %7.3f %7.3f %6.3f %8.4f\n", names[i], a,
                           dv, m.all.ceiling, m.all.acc_ceiling, m.all.ece, m.all.nll, m.all.kl, m.all.brier,
                           m.all.dist_mae);
            }
        }
    }
    if (status == EXIT_OK && !json) { /* per-type accuracy: no type may be never right */
        uint64_t mat[SD_CEV_NTYPES * SD_CEV_NTYPES];
        double acc[SD_CEV_NTYPES];
        int t;
        printf("\nper-type accuracy (rows whose next event has that type)\n%-12s", "predictor");
        for (t = 0; t < SD_CEV_NTYPES; t++) printf(" %9s", sd_cev_type_name(t));
        printf("\n");
        for (i = 0; i < npred && status == EXIT_OK; i++) {
            if (sd_confusion(&pts, q[i], SD_SUBSET_ALL, mat, acc, &err) < 0) {
                status = cli_error("%s", err.msg);
                break;
            }
            printf("%-12s", names[i]);
            for (t = 0; t < SD_CEV_NTYPES; t++) {
                if (isnan(acc[t])) printf(" %9s", "-"); /* no row of that type */
                else printf(" %9.3f", acc[t]);
            }
            printf("\n");
        }
        printf("%-12s", "rows");
        for (t = 0; t < SD_CEV_NTYPES; t++) {
            uint64_t r = 0;
            int u;
            for (u = 0; u < SD_CEV_NTYPES; u++) r += mat[t * SD_CEV_NTYPES + u];
            printf(" %9llu", (unsigned long long)r);
        }
        printf("\n\n");
    }
    if (status == EXIT_OK && (!predictions || against)) {
        /* head to head, paired by row: the two counting baselines, and the
         * model against the state table and against its one-hot twin; or
         * a predictions file against another */
        static const int pairs[][2] = {{SD_PRED_LASTK, SD_PRED_STATE_TABLE},
                                       {PRED_SOFT, SD_PRED_STATE_TABLE},
                                       {PRED_SOFT, PRED_ONEHOT}},
                         files[][2] = {{0, 1}};
        const int (*pr)[2] = predictions ? files : pairs;
        size_t c, npairs = predictions ? 1 : with_model ? 3 : 1;
        for (c = 0; c < npairs && status == EXIT_OK; c++) {
            const double *qa = q[pr[c][0]], *qb = q[pr[c][1]];
            const char *na = names[pr[c][0]], *nb = names[pr[c][1]];
            sd_mcnemar_result mc;
            sd_paired_result pb;
            if (sd_mcnemar(&pts, qa, qb, SD_SUBSET_ALL, &mc, &err) < 0 ||
                sd_paired_bootstrap(&pts, qa, qb, SD_SUBSET_ALL, 1000, seed, &pb, &err) < 0) {
                status = cli_error("%s", err.msg);
            } else if (json) {
                printf("{\"compare\":[\"%s\",\"%s\"],\"accuracy_diff\":%s,\"ci\":[%s,%s],"
                       "\"mcnemar_b\":%llu,\"mcnemar_c\":%llu,\"mcnemar_p\":%.3g}\n",
                       na, nb, cli_json_num(pb.diff), cli_json_num(pb.lo), cli_json_num(pb.hi),
                       (unsigned long long)mc.b, (unsigned long long)mc.c, mc.p);
            } else {
                printf("%s - %s: accuracy %+.3f [%.3f, %.3f] (paired bootstrap over programs); "
                       "McNemar b=%llu c=%llu p=%.3g\n",
                       na, nb, pb.diff, pb.lo, pb.hi, (unsigned long long)mc.b, (unsigned long long)mc.c, mc.p);
            }
        }
    }
    if (status == EXIT_OK && with_model && !predictions) {
        /* the type+g level: which goroutine does what (GoCreate: by whom) */
        const sd_mset *me = mode == MODE_PREFIX ? mtrain : meval;
        static const int who[] = {SD_PRED_LASTK, SD_PRED_STATE_TABLE, PRED_SOFT, PRED_ONEHOT};
        uint32_t *tg = malloc(total * 2 * sizeof *tg), *tp = malloc(total * sizeof *tp);
        uint8_t *tdiv = malloc(total);
        double *one = malloc(total * 2 * sizeof *one);
        size_t w;
        if (!tg || !tp || !tdiv || !one) status = cli_error("out of memory");
        for (k = 0; k < total && status == EXIT_OK; k++) {
            one[k * 2] = 1;
            one[k * 2 + 1] = 0;
        }
        if (status == EXIT_OK && !json)
            printf("\ntype+g level (the type and the goroutine; GoCreate: its creator); type-level predictors\n"
                   "answer with the goroutine of their top type that acted last\n%-20s %-22s %-22s\n",
                   "predictor", "accuracy [95% CI]", "div. accuracy [95% CI]");
        for (w = 0; w < sizeof who / sizeof who[0] && status == EXIT_OK; w++) {
            sd_points tpts = pts;
            sd_metrics mt;
            sd_metrics_ci ci;
            char name[64];
            for (k = 0; k < total; k++)
                tp[k] = who[w] == PRED_SOFT ? tops[0][k] : who[w] == PRED_ONEHOT ? tops[1][k]
                        : recency_top(me, k, &q[who[w]][k * SD_CEV_NTYPES]);
            typeg_rows(me, tp, tg, tdiv);
            tpts.nclass = 2;
            tpts.counts = tg;
            tpts.prior = NULL;
            tpts.divergent = mode == MODE_PREFIX ? tdiv : divflags;
            if (sd_metrics_compute(&tpts, one, &mt, &err) < 0 ||
                sd_metrics_bootstrap(&tpts, one, 1000, seed, &ci, &err) < 0) {
                status = cli_error("%s", err.msg);
                break;
            }
            snprintf(name, sizeof name, "%s%s", pred_name(who[w]), who[w] < SD_NPREDICTORS ? "+recency" : "");
            if (json)
                printf("{\"mode\":\"%s\",\"level\":\"type+g\",\"predictor\":\"%s\",\"accuracy\":%s,"
                       "\"accuracy_ci\":[%s,%s],\"div_accuracy\":%s,\"div_accuracy_ci\":[%s,%s]}\n",
                       mode == MODE_PREFIX ? "prefix" : mode == MODE_OWN ? "own" : "paper", name,
                       cli_json_num(mt.all.accuracy), cli_json_num(ci.all[SD_METRIC_ACCURACY].lo),
                       cli_json_num(ci.all[SD_METRIC_ACCURACY].hi), cli_json_num(mt.div.accuracy),
                       cli_json_num(ci.div[SD_METRIC_ACCURACY].lo), cli_json_num(ci.div[SD_METRIC_ACCURACY].hi));
            else
                printf("%-20s %.3f [%.3f,%.3f]    %.3f [%.3f,%.3f]\n", name, mt.all.accuracy,
                       ci.all[SD_METRIC_ACCURACY].lo, ci.all[SD_METRIC_ACCURACY].hi, mt.div.accuracy,
                       ci.div[SD_METRIC_ACCURACY].lo, ci.div[SD_METRIC_ACCURACY].hi);
        }
        free(tg);
        free(tp);
        free(tdiv);
        free(one);
    }
done:
    free(fold_of);
    if (pp)
        for (p = 1; p <= maxp; p++) {
            if (mode == MODE_PREFIX) sd_dist_points_free(pp[p].p);
            else free(pp[p].p);
            free(pp[p].div);
        }
    free(pp);
    if (paths)
        for (p = 0; p <= maxp; p++) free(paths[p]);
    free(paths);
    free(counts);
    free(divflags);
    free(program);
    free(pt);
    for (i = 0; i < NPRED_ALL; i++) free(q[i]);
    free(tops[0]);
    free(tops[1]);
    sd_mset_free(mtrain);
    sd_mset_free(meval);
    sd_catalog_free(cat);
    return status;
}
