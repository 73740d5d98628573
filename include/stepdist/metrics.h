/*
 * metrics.h - the numbers every predictor is scored with (DESIGN.md
 * "Metrics"; each definition, as implemented, in docs/metrics.md).  Pure
 * and deterministic: no I/O, no global state besides the allocator, the
 * same inputs (and seed) give the same bits.
 *
 * Data model.  A prediction point has an empirical count vector over C
 * classes (the next events seen in the runs that pass through it) and a
 * program id.  Each run at a point is a row whose realised class is drawn
 * from the counts: counts [3,1] are 4 rows, 3 of class 0 and 1 of class 1.
 * A predictor gives per point a probability vector q over the C classes (a
 * hard answer is a one-hot q).  The top prediction is argmax q, ties broken
 * by the lowest class index (exact comparison of doubles).
 *
 * Every function returns 0 or a negative SD_E* code with a message in err
 * (which may be NULL).  q is checked first: every entry finite and >= 0 and
 * every row summing to 1 within SD_METRICS_SUM_TOL; the message names the
 * point (and class) at fault.  No function keeps a pointer it was given;
 * the bootstrap functions allocate scratch memory and free it before they
 * return (SD_ENOMEM when they cannot get it).
 */
#ifndef STEPDIST_METRICS_H
#define STEPDIST_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_METRICS_SUM_TOL 1e-6  /* |sum(q) - 1| allowed per point */
#define SD_METRICS_EPS 1e-12     /* floor on q inside log (NLL, KL) */
#define SD_ECE_BINS 15
#define SD_DIRICHLET_ALPHA 0.5
#define SD_BOOTSTRAP_MAX 1000000u /* largest B accepted (SD_ELIMIT above) */

/* The points being scored; caller-filled, borrowed (nothing is copied or
 * freed).  Points whose counts are all zero have no rows: they are skipped
 * by every metric (sd_metrics.empty_points counts them) but their q is
 * still checked. */
typedef struct sd_points {
    size_t n;                 /* number of points; 0 is SD_EINVAL */
    size_t nclass;            /* C >= 1 */
    const uint32_t *counts;   /* n * C, point-major: counts[i * C + k] */
    const uint32_t *program;  /* n program ids (any values); the unit of the
                                 bootstrap; may be NULL except for
                                 sd_metrics_bootstrap, sd_bootstrap_ci and
                                 sd_paired_bootstrap */
    const uint8_t *divergent; /* n flags, nonzero = divergence point; NULL:
                                 derived from counts (more than one class
                                 with a nonzero count) */
    const double *prior;      /* C weights fixing the majority-class
                                 baseline's class (argmax, lowest index on
                                 ties), e.g. the training programs' class
                                 frequencies; NULL: the class totals of
                                 these points' rows */
} sd_points;

typedef enum sd_subset {
    SD_SUBSET_ALL = 0, /* every point */
    SD_SUBSET_DIV = 1  /* divergence points only */
} sd_subset;

/* X(ENUM, field, name) - the scalar metrics, in this order. */
#define SD_METRIC_MAP(X)                                \
    X(ACCURACY, accuracy, "accuracy")                   \
    X(BASELINE, baseline, "baseline")                   \
    X(CEILING, ceiling, "ceiling")                      \
    X(ACC_CEILING, acc_ceiling, "accuracy_over_ceiling") \
    X(ECE, ece, "ece")                                  \
    X(DIST_MAE, dist_mae, "dist_mae")                   \
    X(NLL, nll, "nll")                                  \
    X(KL, kl, "kl")                                     \
    X(BRIER, brier, "brier")

typedef enum sd_metric_id {
#define SD_METRIC_ENUM_(e, f, s) SD_METRIC_##e,
    SD_METRIC_MAP(SD_METRIC_ENUM_)
#undef SD_METRIC_ENUM_
    SD_METRIC_COUNT
} sd_metric_id;

/* The metrics over one subset of the points.  When rows == 0 (e.g. no
 * divergence point) every metric is NaN. */
typedef struct sd_metric_set {
    uint64_t points; /* points of the subset with at least one row */
    uint64_t rows;
#define SD_METRIC_FIELD_(e, f, s) double f;
    SD_METRIC_MAP(SD_METRIC_FIELD_)
#undef SD_METRIC_FIELD_
} sd_metric_set;

typedef struct sd_metrics {
    sd_metric_set all, div;
    uint64_t empty_points;   /* points with no rows, skipped */
    uint32_t majority_class; /* the baseline's class */
} sd_metrics;

/* "accuracy", "ece", ... (a JSON-friendly key); NULL when out of range. */
const char *sd_metric_name(int metric);
/* The value of metric in s; NaN when metric is out of range. */
double sd_metric_get(const sd_metric_set *s, int metric);

/* Checks q against pts (see the top of this file). */
int sd_metrics_check_q(const sd_points *pts, const double *q, sd_error *err);

/* Scores q (n * C) on pts: every scalar metric over all points and over the
 * divergence points.  Allocates nothing. */
int sd_metrics_compute(const sd_points *pts, const double *q, sd_metrics *out, sd_error *err);

/* Confusion matrix of the subset, counted in rows: matrix[r * C + p] (C * C,
 * caller-allocated, overwritten) is the number of rows of realised class r
 * whose top prediction is p.  class_acc (C entries, may be NULL) gets
 * matrix[k*C+k] / (rows of class k), NaN for a class with no rows. */
int sd_confusion(const sd_points *pts, const double *q, sd_subset subset, uint64_t *matrix,
                 double *class_acc, sd_error *err);

/* A 95% bootstrap interval: nearest-rank 2.5th and 97.5th percentiles of
 * the metric over the resamples where it is defined (used of them; lo and
 * hi are NaN when used == 0). */
typedef struct sd_ci {
    double lo, hi;
    uint32_t used;
} sd_ci;

typedef struct sd_metrics_ci {
    sd_ci all[SD_METRIC_COUNT], div[SD_METRIC_COUNT]; /* by sd_metric_id */
    uint32_t programs; /* distinct program ids: the resampling units */
    uint32_t resamples;
} sd_metrics_ci;

/* Bootstrap over programs: B times (1 <= B <= SD_BOOTSTRAP_MAX), draw as
 * many programs as there are, uniformly with replacement (splitmix64 seeded
 * with seed), take all the rows of the drawn programs (a program drawn
 * twice counts twice) and recompute every metric.  Deterministic given
 * seed; the same seed draws the same programs in all three functions. */
int sd_metrics_bootstrap(const sd_points *pts, const double *q, uint32_t B, uint64_t seed,
                         sd_metrics_ci *out, sd_error *err);

/* The same for one metric: *lo and *hi (NaN if never defined). */
int sd_bootstrap_ci(const sd_points *pts, const double *q, sd_subset subset, sd_metric_id metric,
                    uint32_t B, uint64_t seed, double *lo, double *hi, sd_error *err);

/* McNemar's test of two predictors on the same rows of the subset:
 * b = rows A gets right and B wrong, c = the reverse.  b + c < 25: exact
 * two-sided binomial p = min(1, 2 * P(X <= min(b,c))), X ~ Bin(b+c, 1/2),
 * statistic NaN; otherwise chi-square (1 dof) with continuity correction,
 * statistic = max(0, |b-c| - 1)^2 / (b+c).  b = c = 0 gives p = 1. */
typedef struct sd_mcnemar_result {
    uint64_t b, c;
    int exact;        /* 1: exact binomial, 0: chi-square */
    double statistic; /* chi-square value, NaN when exact */
    double p;         /* two-sided p-value */
} sd_mcnemar_result;

int sd_mcnemar(const sd_points *pts, const double *qa, const double *qb, sd_subset subset,
               sd_mcnemar_result *out, sd_error *err);

/* Paired bootstrap over programs of accuracy(A) - accuracy(B) on the
 * subset (same resampling as sd_metrics_bootstrap). */
typedef struct sd_paired_result {
    double diff;     /* on the points themselves; NaN when the subset has no rows */
    double lo, hi;   /* nearest-rank 2.5 / 97.5 percentiles */
    double frac_le0; /* fraction of used resamples with difference <= 0 */
    uint32_t used;   /* resamples with at least one row in the subset */
} sd_paired_result;

int sd_paired_bootstrap(const sd_points *pts, const double *qa, const double *qb,
                        sd_subset subset, uint32_t B, uint64_t seed, sd_paired_result *out,
                        sd_error *err);

/* Dirichlet posterior mean of counts (nclass entries) under a symmetric
 * prior alpha (SD_DIRICHLET_ALPHA by default): out[k] = (counts[k] + alpha)
 * / (total + C * alpha).  alpha = 0 gives the empirical distribution p.
 * SD_EINVAL for nclass 0, alpha negative or not finite, or a zero
 * denominator (alpha 0 and no counts). */
int sd_dirichlet_mean(const uint32_t *counts, size_t nclass, double alpha, double *out,
                      sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
