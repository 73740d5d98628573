/*
 * metrics.c - scoring a predictor on prediction points (metrics.h,
 * docs/metrics.md).  Every metric is a ratio of sums over points, so each
 * point is reduced once to its sums (an acc); the bootstrap then sums the
 * accs of each program once and resamples programs, not rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/metrics.h"
#include "util/util.h"

/* Sums over the rows (or points) of a set of points; every metric is a
 * ratio of two of them. */
typedef struct acc {
    double points;  /* points with rows */
    double rows;
    double correct; /* rows whose class is the top prediction */
    double base;    /* rows of the majority class */
    double maxsum;  /* sum over points of the largest count */
    double mae;     /* sum over points of mean_k |q - p| */
    double nll;     /* sum over rows of -log max(q, eps) */
    double kl;      /* sum over points of KL(p || q) */
    double brier;   /* sum over rows of sum_k (q - onehot)^2 */
    double ece_ok[SD_ECE_BINS];   /* correct rows per confidence bin */
    double ece_conf[SD_ECE_BINS]; /* sum of confidences per bin */
} acc;

static void acc_add(acc *a, const acc *b)
{
    int i;
    a->points += b->points;
    a->rows += b->rows;
    a->correct += b->correct;
    a->base += b->base;
    a->maxsum += b->maxsum;
    a->mae += b->mae;
    a->nll += b->nll;
    a->kl += b->kl;
    a->brier += b->brier;
    for (i = 0; i < SD_ECE_BINS; i++) {
        a->ece_ok[i] += b->ece_ok[i];
        a->ece_conf[i] += b->ece_conf[i];
    }
}

static void acc_finish(const acc *a, sd_metric_set *s)
{
    double ece = 0;
    int i;
    s->points = (uint64_t)a->points;
    s->rows = (uint64_t)a->rows;
    if (a->rows <= 0) {
#define SD_METRIC_NAN_(e, f, str) s->f = NAN;
        SD_METRIC_MAP(SD_METRIC_NAN_)
#undef SD_METRIC_NAN_
        return;
    }
    /* Empty bins add 0: sum_b (n_b / N) |acc_b - conf_b| = sum_b |ok_b - conf_b| / N. */
    for (i = 0; i < SD_ECE_BINS; i++) ece += fabs(a->ece_ok[i] - a->ece_conf[i]);
    s->accuracy = a->correct / a->rows;
    s->baseline = a->base / a->rows;
    s->ceiling = a->maxsum / a->rows;
    s->acc_ceiling = a->correct / a->maxsum;
    s->ece = ece / a->rows;
    s->dist_mae = a->mae / a->points;
    s->nll = a->nll / a->rows;
    s->kl = a->kl / a->points;
    s->brier = a->brier / a->rows;
}

const char *sd_metric_name(int metric)
{
    static const char *const names[] = {
#define SD_METRIC_STR_(e, f, str) str,
        SD_METRIC_MAP(SD_METRIC_STR_)
#undef SD_METRIC_STR_
    };
    return metric >= 0 && metric < SD_METRIC_COUNT ? names[metric] : NULL;
}

double sd_metric_get(const sd_metric_set *s, int metric)
{
    switch (metric) {
#define SD_METRIC_GET_(e, f, str) \
    case SD_METRIC_##e:           \
        return s->f;
        SD_METRIC_MAP(SD_METRIC_GET_)
#undef SD_METRIC_GET_
    }
    return NAN;
}

/* ---- checks ---- */

static int check_points(const sd_points *pts, int need_program, sd_error *err)
{
    size_t k;
    if (!pts) return sd_error_set(err, SD_EINVAL, -1, "metrics: no points given");
    if (pts->n == 0) return sd_error_set(err, SD_EINVAL, -1, "metrics: no prediction points");
    if (pts->nclass == 0) return sd_error_set(err, SD_EINVAL, -1, "metrics: number of classes is 0");
    if (pts->nclass > UINT32_MAX || pts->n > SIZE_MAX / pts->nclass)
        return sd_error_set(err, SD_ELIMIT, -1, "metrics: %zu points of %zu classes is too many",
                            pts->n, pts->nclass);
    if (!pts->counts) return sd_error_set(err, SD_EINVAL, -1, "metrics: counts missing");
    if (need_program && !pts->program)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: program ids missing (needed to bootstrap)");
    if (need_program && pts->n > UINT32_MAX)
        return sd_error_set(err, SD_ELIMIT, -1, "metrics: %zu points is too many to bootstrap", pts->n);
    if (pts->prior)
        for (k = 0; k < pts->nclass; k++)
            if (!isfinite(pts->prior[k]) || pts->prior[k] < 0)
                return sd_error_set(err, SD_EINVAL, -1,
                                    "metrics: prior of class %zu is %g, not a finite number >= 0", k,
                                    pts->prior[k]);
    return 0;
}

static int check_q(const sd_points *pts, const double *q, const char *what, sd_error *err)
{
    size_t i, k, C = pts->nclass;
    if (!q) return sd_error_set(err, SD_EINVAL, -1, "metrics: %s: no predictions given", what);
    for (i = 0; i < pts->n; i++) {
        const double *qi = q + i * C;
        double sum = 0;
        for (k = 0; k < C; k++) {
            if (!isfinite(qi[k]))
                return sd_error_set(err, SD_EINVAL, -1,
                                    "metrics: %s: point %zu, class %zu: probability is %g, not a finite number",
                                    what, i, k, qi[k]);
            if (qi[k] < 0)
                return sd_error_set(err, SD_EINVAL, -1,
                                    "metrics: %s: point %zu, class %zu: probability %g is negative", what,
                                    i, k, qi[k]);
            sum += qi[k];
        }
        if (!(fabs(sum - 1.0) <= SD_METRICS_SUM_TOL))
            return sd_error_set(err, SD_EINVAL, -1,
                                "metrics: %s: point %zu: probabilities sum to %.17g, not 1 (tolerance %g)",
                                what, i, sum, SD_METRICS_SUM_TOL);
    }
    return 0;
}

int sd_metrics_check_q(const sd_points *pts, const double *q, sd_error *err)
{
    int rc = check_points(pts, 0, err);
    return rc < 0 ? rc : check_q(pts, q, "q", err);
}

/* ---- per point ---- */

/* The top prediction: the first index of the largest probability. */
static size_t argmax(const double *q, size_t C)
{
    size_t k, best = 0;
    for (k = 1; k < C; k++)
        if (q[k] > q[best]) best = k;
    return best;
}

static uint64_t point_total(const sd_points *pts, size_t i)
{
    const uint32_t *c = pts->counts + i * pts->nclass;
    uint64_t tot = 0;
    size_t k;
    for (k = 0; k < pts->nclass; k++) tot += c[k];
    return tot;
}

static int is_divergent(const sd_points *pts, size_t i)
{
    const uint32_t *c = pts->counts + i * pts->nclass;
    size_t k, seen = 0;
    if (pts->divergent) return pts->divergent[i] != 0;
    for (k = 0; k < pts->nclass; k++) seen += c[k] != 0;
    return seen > 1;
}

static int in_subset(const sd_points *pts, size_t i, sd_subset subset)
{
    return subset == SD_SUBSET_ALL || is_divergent(pts, i);
}

/* The baseline's class: argmax of the prior, or of the class totals. */
static uint32_t majority_class(const sd_points *pts)
{
    size_t i, k, best = 0, C = pts->nclass;
    if (pts->prior) return (uint32_t)argmax(pts->prior, C);
    /* Class totals, compared without materialising them (no allocation). */
    {
        uint64_t best_tot = 0;
        for (k = 0; k < C; k++) {
            uint64_t tot = 0;
            for (i = 0; i < pts->n; i++) tot += pts->counts[i * C + k];
            if (k == 0 || tot > best_tot) {
                best = k;
                best_tot = tot;
            }
        }
    }
    return (uint32_t)best;
}

/* The sums of point i; all zero when it has no rows. */
static void point_acc(const sd_points *pts, const double *q, size_t i, uint32_t maj, acc *pt)
{
    size_t C = pts->nclass, k, top, bin;
    const uint32_t *c = pts->counts + i * C;
    const double *qi = q + i * C;
    uint64_t tot = 0, mx = 0;
    double N, conf, mae = 0, nll = 0, kl = 0, sq = 0, dot = 0;

    memset(pt, 0, sizeof *pt);
    for (k = 0; k < C; k++) {
        tot += c[k];
        if (c[k] > mx) mx = c[k];
    }
    if (tot == 0) return;
    N = (double)tot;
    top = argmax(qi, C);
    conf = qi[top];
    pt->points = 1;
    pt->rows = N;
    pt->correct = c[top];
    pt->base = c[maj];
    pt->maxsum = (double)mx;
    bin = (size_t)(conf * SD_ECE_BINS); /* conf >= 0; conf = 1 goes to the last bin */
    if (bin >= SD_ECE_BINS) bin = SD_ECE_BINS - 1;
    pt->ece_ok[bin] = c[top];
    pt->ece_conf[bin] = N * conf;
    for (k = 0; k < C; k++) {
        double p = c[k] / N, qk = qi[k] < SD_METRICS_EPS ? SD_METRICS_EPS : qi[k];
        mae += fabs(qi[k] - p);
        if (c[k]) {
            nll -= c[k] * log(qk);
            kl += p * log(p / qk);
        }
        sq += qi[k] * qi[k];
        dot += c[k] * qi[k];
    }
    pt->mae = mae / (double)C;
    pt->nll = nll;
    pt->kl = kl;
    /* sum over rows r of (sum_k q_k^2 - 2 q_r + 1) */
    pt->brier = N * sq - 2 * dot + N;
}

int sd_metrics_compute(const sd_points *pts, const double *q, sd_metrics *out, sd_error *err)
{
    acc all, dv, pt;
    uint32_t maj;
    size_t i;
    int rc;
    if (!out) return sd_error_set(err, SD_EINVAL, -1, "metrics: no output given");
    if ((rc = check_points(pts, 0, err)) < 0 || (rc = check_q(pts, q, "q", err)) < 0) return rc;
    memset(out, 0, sizeof *out);
    memset(&all, 0, sizeof all);
    memset(&dv, 0, sizeof dv);
    maj = majority_class(pts);
    for (i = 0; i < pts->n; i++) {
        point_acc(pts, q, i, maj, &pt);
        if (pt.rows == 0) {
            out->empty_points++;
            continue;
        }
        acc_add(&all, &pt);
        if (is_divergent(pts, i)) acc_add(&dv, &pt);
    }
    acc_finish(&all, &out->all);
    acc_finish(&dv, &out->div);
    out->majority_class = maj;
    return 0;
}

int sd_confusion(const sd_points *pts, const double *q, sd_subset subset, uint64_t *matrix,
                 double *class_acc, sd_error *err)
{
    size_t i, k, C;
    int rc;
    if ((rc = check_points(pts, 0, err)) < 0 || (rc = check_q(pts, q, "q", err)) < 0) return rc;
    if (subset != SD_SUBSET_ALL && subset != SD_SUBSET_DIV)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: unknown subset %d", (int)subset);
    C = pts->nclass;
    if (C > SIZE_MAX / sizeof(uint64_t) / C)
        return sd_error_set(err, SD_ELIMIT, -1, "metrics: %zu classes is too many for a matrix", C);
    if (!matrix) return sd_error_set(err, SD_EINVAL, -1, "metrics: no confusion matrix given");
    memset(matrix, 0, C * C * sizeof *matrix);
    for (i = 0; i < pts->n; i++) {
        const uint32_t *c = pts->counts + i * C;
        size_t pred;
        if (!in_subset(pts, i, subset)) continue;
        pred = argmax(q + i * C, C);
        for (k = 0; k < C; k++) matrix[k * C + pred] += c[k];
    }
    if (class_acc)
        for (k = 0; k < C; k++) {
            uint64_t rows = 0;
            size_t p;
            for (p = 0; p < C; p++) rows += matrix[k * C + p];
            class_acc[k] = rows ? (double)matrix[k * C + k] / (double)rows : NAN;
        }
    return 0;
}

/* ---- bootstrap ---- */

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), n >= 1, without modulo bias: draws below the largest
 * multiple of n are kept. */
static uint32_t below(uint64_t *s, uint32_t n)
{
    uint64_t threshold = (0 - (uint64_t)n) % n, r;
    do r = splitmix64(s);
    while (r < threshold);
    return (uint32_t)(r % n);
}

/* Dense program index of every point (first appearance order) in *pid
 * (sd__free it); the number of programs in *nprog. */
static int program_index(const sd_points *pts, uint32_t **pid, uint32_t *nprog, sd_error *err)
{
    sd_map m = {0};
    uint32_t *ids = NULL, np = 0;
    size_t i;
    int rc = 0;
    ids = sd__malloc(pts->n * sizeof *ids);
    if (!ids) goto nomem;
    for (i = 0; i < pts->n; i++) {
        int64_t v = sd__map_get(&m, pts->program[i]);
        if (v < 0) {
            if (sd__map_put(&m, pts->program[i], np) < 0) goto nomem;
            v = np++;
        }
        ids[i] = (uint32_t)v;
    }
    *pid = ids;
    *nprog = np;
    ids = NULL;
    goto cleanup;
nomem:
    rc = sd_error_set(err, SD_ENOMEM, -1, "metrics: out of memory indexing %zu points by program",
                      pts->n);
cleanup:
    sd__free(ids);
    sd__map_release(&m);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank 2.5 / 97.5 percentiles of the non-NaN values of v (v is
 * reordered). */
static sd_ci percentiles(double *v, uint32_t n)
{
    sd_ci ci;
    uint32_t i, m = 0;
    for (i = 0; i < n; i++)
        if (!isnan(v[i])) v[m++] = v[i];
    ci.used = m;
    if (m == 0) {
        ci.lo = ci.hi = NAN;
        return ci;
    }
    qsort(v, m, sizeof *v, cmp_double);
    /* rank = ceil(P/100 * m), 1-based, in exact integer arithmetic */
    ci.lo = v[((uint64_t)25 * m + 999) / 1000 - 1];
    ci.hi = v[((uint64_t)975 * m + 999) / 1000 - 1];
    return ci;
}

static int check_b(uint32_t B, sd_error *err)
{
    if (B == 0) return sd_error_set(err, SD_EINVAL, -1, "metrics: bootstrap needs at least 1 resample");
    if (B > SD_BOOTSTRAP_MAX)
        return sd_error_set(err, SD_ELIMIT, -1, "metrics: %u resamples is more than the limit %u", B,
                            SD_BOOTSTRAP_MAX);
    return 0;
}

int sd_metrics_bootstrap(const sd_points *pts, const double *q, uint32_t B, uint64_t seed,
                         sd_metrics_ci *out, sd_error *err)
{
    uint32_t *pid = NULL, np = 0, b, j;
    acc *agg = NULL, pt, sum[2];
    double *vals = NULL;
    uint64_t rng = seed;
    uint32_t maj;
    size_t i;
    int rc, s, m;

    if (!out) return sd_error_set(err, SD_EINVAL, -1, "metrics: no output given");
    if ((rc = check_points(pts, 1, err)) < 0 || (rc = check_q(pts, q, "q", err)) < 0 ||
        (rc = check_b(B, err)) < 0)
        return rc;
    if ((rc = program_index(pts, &pid, &np, err)) < 0) goto cleanup;
    agg = sd__calloc((size_t)np * 2, sizeof *agg);
    vals = sd__malloc((size_t)2 * SD_METRIC_COUNT * B * sizeof *vals);
    if (!agg || !vals) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "metrics: out of memory for %u resamples of %u programs",
                          B, np);
        goto cleanup;
    }
    maj = majority_class(pts);
    for (i = 0; i < pts->n; i++) {
        point_acc(pts, q, i, maj, &pt);
        if (pt.rows == 0) continue;
        acc_add(&agg[2 * (size_t)pid[i]], &pt);
        if (is_divergent(pts, i)) acc_add(&agg[2 * (size_t)pid[i] + 1], &pt);
    }
    for (b = 0; b < B; b++) {
        sd_metric_set set;
        memset(sum, 0, sizeof sum);
        for (j = 0; j < np; j++) {
            uint32_t r = below(&rng, np);
            acc_add(&sum[0], &agg[2 * (size_t)r]);
            acc_add(&sum[1], &agg[2 * (size_t)r + 1]);
        }
        for (s = 0; s < 2; s++) {
            acc_finish(&sum[s], &set);
            for (m = 0; m < SD_METRIC_COUNT; m++)
                vals[((size_t)s * SD_METRIC_COUNT + (size_t)m) * B + b] = sd_metric_get(&set, m);
        }
    }
    for (m = 0; m < SD_METRIC_COUNT; m++) {
        out->all[m] = percentiles(vals + (size_t)m * B, B);
        out->div[m] = percentiles(vals + ((size_t)SD_METRIC_COUNT + (size_t)m) * B, B);
    }
    out->programs = np;
    out->resamples = B;
cleanup:
    sd__free(pid);
    sd__free(agg);
    sd__free(vals);
    return rc;
}

int sd_bootstrap_ci(const sd_points *pts, const double *q, sd_subset subset, sd_metric_id metric,
                    uint32_t B, uint64_t seed, double *lo, double *hi, sd_error *err)
{
    sd_metrics_ci ci;
    const sd_ci *one;
    int rc;
    if (subset != SD_SUBSET_ALL && subset != SD_SUBSET_DIV)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: unknown subset %d", (int)subset);
    if ((int)metric < 0 || (int)metric >= SD_METRIC_COUNT)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: unknown metric %d", (int)metric);
    if (!lo || !hi) return sd_error_set(err, SD_EINVAL, -1, "metrics: no output given");
    if ((rc = sd_metrics_bootstrap(pts, q, B, seed, &ci, err)) < 0) return rc;
    one = subset == SD_SUBSET_ALL ? &ci.all[metric] : &ci.div[metric];
    *lo = one->lo;
    *hi = one->hi;
    return 0;
}

/* ---- paired comparison ---- */

int sd_mcnemar(const sd_points *pts, const double *qa, const double *qb, sd_subset subset,
               sd_mcnemar_result *out, sd_error *err)
{
    uint64_t b = 0, c = 0, n;
    size_t i, C;
    int rc;
    if (!out) return sd_error_set(err, SD_EINVAL, -1, "metrics: no output given");
    if ((rc = check_points(pts, 0, err)) < 0 || (rc = check_q(pts, qa, "predictor A", err)) < 0 ||
        (rc = check_q(pts, qb, "predictor B", err)) < 0)
        return rc;
    if (subset != SD_SUBSET_ALL && subset != SD_SUBSET_DIV)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: unknown subset %d", (int)subset);
    C = pts->nclass;
    for (i = 0; i < pts->n; i++) {
        size_t a, bb;
        if (!in_subset(pts, i, subset)) continue;
        a = argmax(qa + i * C, C);
        bb = argmax(qb + i * C, C);
        /* same top prediction: both right or both wrong on every row */
        if (a == bb) continue;
        b += pts->counts[i * C + a];
        c += pts->counts[i * C + bb];
    }
    n = b + c;
    out->b = b;
    out->c = c;
    if (n < 25) {
        /* 2 * P(X <= min(b, c)), X ~ Bin(n, 1/2); the binomial coefficients
         * and 2^n are exact in a double for n < 25. */
        uint64_t k, lo = b < c ? b : c;
        double coef = 1, tail = 0;
        for (k = 0; k <= lo; k++) {
            tail += coef;
            coef = coef * (double)(n - k) / (double)(k + 1);
        }
        out->exact = 1;
        out->statistic = NAN;
        out->p = 2 * tail / ldexp(1.0, (int)n);
        if (out->p > 1) out->p = 1;
    } else {
        double d = fabs((double)b - (double)c) - 1;
        if (d < 0) d = 0;
        out->exact = 0;
        out->statistic = d * d / (double)n;
        out->p = erfc(sqrt(out->statistic / 2)); /* survival of chi-square, 1 dof */
    }
    return 0;
}

int sd_paired_bootstrap(const sd_points *pts, const double *qa, const double *qb,
                        sd_subset subset, uint32_t B, uint64_t seed, sd_paired_result *out,
                        sd_error *err)
{
    uint32_t *pid = NULL, np = 0, b, j, le0 = 0;
    double *agg = NULL, *diffs = NULL, rows = 0, ca = 0, cb = 0;
    uint64_t rng = seed;
    size_t i, C;
    sd_ci ci;
    int rc;

    if (!out) return sd_error_set(err, SD_EINVAL, -1, "metrics: no output given");
    if ((rc = check_points(pts, 1, err)) < 0 || (rc = check_q(pts, qa, "predictor A", err)) < 0 ||
        (rc = check_q(pts, qb, "predictor B", err)) < 0 || (rc = check_b(B, err)) < 0)
        return rc;
    if (subset != SD_SUBSET_ALL && subset != SD_SUBSET_DIV)
        return sd_error_set(err, SD_EINVAL, -1, "metrics: unknown subset %d", (int)subset);
    if ((rc = program_index(pts, &pid, &np, err)) < 0) goto cleanup;
    agg = sd__calloc((size_t)np * 3, sizeof *agg); /* per program: rows, A right, B right */
    diffs = sd__malloc((size_t)B * sizeof *diffs);
    if (!agg || !diffs) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "metrics: out of memory for %u resamples of %u programs",
                          B, np);
        goto cleanup;
    }
    C = pts->nclass;
    for (i = 0; i < pts->n; i++) {
        double *g = agg + 3 * (size_t)pid[i];
        if (!in_subset(pts, i, subset)) continue;
        g[0] += (double)point_total(pts, i);
        g[1] += pts->counts[i * C + argmax(qa + i * C, C)];
        g[2] += pts->counts[i * C + argmax(qb + i * C, C)];
    }
    for (j = 0; j < np; j++) {
        rows += agg[3 * j];
        ca += agg[3 * j + 1];
        cb += agg[3 * j + 2];
    }
    out->diff = rows > 0 ? (ca - cb) / rows : NAN;
    for (b = 0; b < B; b++) {
        double r = 0, a = 0, bb = 0;
        for (j = 0; j < np; j++) {
            const double *g = agg + 3 * (size_t)below(&rng, np);
            r += g[0];
            a += g[1];
            bb += g[2];
        }
        diffs[b] = r > 0 ? (a - bb) / r : NAN;
        if (r > 0 && diffs[b] <= 0) le0++;
    }
    ci = percentiles(diffs, B);
    out->lo = ci.lo;
    out->hi = ci.hi;
    out->used = ci.used;
    out->frac_le0 = ci.used ? (double)le0 / ci.used : NAN;
cleanup:
    sd__free(pid);
    sd__free(agg);
    sd__free(diffs);
    return rc;
}

/* ---- Dirichlet ---- */

int sd_dirichlet_mean(const uint32_t *counts, size_t nclass, double alpha, double *out,
                      sd_error *err)
{
    uint64_t tot = 0;
    double den;
    size_t k;
    if (nclass == 0) return sd_error_set(err, SD_EINVAL, -1, "dirichlet: number of classes is 0");
    if (!counts || !out) return sd_error_set(err, SD_EINVAL, -1, "dirichlet: no counts or output given");
    if (!isfinite(alpha) || alpha < 0)
        return sd_error_set(err, SD_EINVAL, -1, "dirichlet: alpha %g is not a finite number >= 0", alpha);
    for (k = 0; k < nclass; k++) tot += counts[k];
    den = (double)tot + (double)nclass * alpha;
    if (!(den > 0))
        return sd_error_set(err, SD_EINVAL, -1, "dirichlet: no counts and alpha 0: mean undefined");
    for (k = 0; k < nclass; k++) out[k] = (counts[k] + alpha) / den;
    return 0;
}
