/*
 * test_metrics.c - the scoring metrics (lib/eval/metrics.c) against cases
 * computed by hand, the bootstrap against an independent replica of its
 * resampling, McNemar against values computed outside this code, and the
 * out-of-memory paths of the functions that allocate.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/alloc.h"
#include "stepdist/metrics.h"
#include "failalloc.h"
#include "unit.h"

static int near(double got, double want)
{
    return fabs(got - want) <= 1e-12 * (1 + fabs(want));
}
#define CHECK_NEAR(got, want)                                                        \
    do {                                                                             \
        double g__ = (got), w__ = (want);                                            \
        unit_checks++;                                                               \
        if (!near(g__, w__)) {                                                       \
            unit_failures++;                                                         \
            fprintf(stderr, "%s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__, #got, \
                    g__, w__);                                                       \
        }                                                                            \
    } while (0)

/*
 * The worked example (C = 2, 10 rows):
 *   point 0: counts [3,1], q [.7,.3], program 7  top 0, divergent
 *   point 1: counts [1,1], q [.5,.5], program 7  tie -> top 0, divergent
 *   point 2: counts [0,4], q [.2,.8], program 9  top 1, one class only
 */
static const uint32_t ex_counts[] = {3, 1, 1, 1, 0, 4};
static const uint32_t ex_prog[] = {7, 7, 9};
static const double ex_q[] = {.7, .3, .5, .5, .2, .8};

static sd_points ex_points(void)
{
    sd_points p;
    memset(&p, 0, sizeof p);
    p.n = 3;
    p.nclass = 2;
    p.counts = ex_counts;
    p.program = ex_prog;
    return p;
}

static void test_worked_example(void)
{
    sd_points p = ex_points();
    sd_metrics m;
    sd_error err;
    CHECK(sd_metrics_compute(&p, ex_q, &m, &err) == 0);
    CHECK(m.all.points == 3 && m.all.rows == 10);
    CHECK(m.div.points == 2 && m.div.rows == 6); /* point 2 saw one class: not divergent */
    CHECK(m.empty_points == 0);
    /* correct rows 3 + 1 (tie broken to class 0) + 4 */
    CHECK_NEAR(m.all.accuracy, 0.8);
    /* no prior: class totals 4 vs 6, so the baseline predicts class 1 */
    CHECK(m.majority_class == 1);
    CHECK_NEAR(m.all.baseline, 0.6);
    CHECK_NEAR(m.all.ceiling, 0.8); /* (3 + 1 + 4) / 10 */
    CHECK_NEAR(m.all.acc_ceiling, 1.0);
    /* bins 10 (conf .7: 3 right), 7 (conf .5: 1 right), 12 (conf .8: 4 right);
     * the other 12 bins are empty.  (|3-2.8| + |1-1| + |4-3.2|) / 10 */
    CHECK_NEAR(m.all.ece, 0.1);
    /* mean_k |q-p|: .05, 0, .2 */
    CHECK_NEAR(m.all.dist_mae, 0.25 / 3);
    CHECK_NEAR(m.all.nll, -(3 * log(.7) + log(.3) + 2 * log(.5) + 4 * log(.8)) / 10);
    CHECK_NEAR(m.all.kl, (.75 * log(.75 / .7) + .25 * log(.25 / .3) + 0 + log(1 / .8)) / 3);
    /* per row: .18 (x3), .98, .5 (x2), .08 (x4) */
    CHECK_NEAR(m.all.brier, (3 * .18 + .98 + 2 * .5 + 4 * .08) / 10);

    CHECK_NEAR(m.div.accuracy, 4.0 / 6);
    CHECK_NEAR(m.div.baseline, 2.0 / 6);
    CHECK_NEAR(m.div.ceiling, 4.0 / 6);
    CHECK_NEAR(m.div.acc_ceiling, 1.0);
    CHECK_NEAR(m.div.ece, 0.2 / 6);
    CHECK_NEAR(m.div.dist_mae, 0.025);
    CHECK_NEAR(m.div.brier, (3 * .18 + .98 + 2 * .5) / 6);
    CHECK_NEAR(m.div.kl, (.75 * log(.75 / .7) + .25 * log(.25 / .3)) / 2);

    /* the accessor and the names follow the enum */
    CHECK(sd_metric_get(&m.all, SD_METRIC_ECE) == m.all.ece);
    CHECK(sd_metric_get(&m.all, SD_METRIC_BRIER) == m.all.brier);
    CHECK(isnan(sd_metric_get(&m.all, SD_METRIC_COUNT)));
    CHECK_STR(sd_metric_name(SD_METRIC_ACC_CEILING), "accuracy_over_ceiling");
    CHECK(sd_metric_name(-1) == NULL && sd_metric_name(SD_METRIC_COUNT) == NULL);
}

static void test_prior_and_divergent_override(void)
{
    sd_points p = ex_points();
    const double prior[] = {0.9, 0.1};
    const double tie_prior[] = {2, 2};
    const uint8_t flags[] = {0, 0, 1};
    sd_metrics m;
    p.prior = prior;
    CHECK(sd_metrics_compute(&p, ex_q, &m, NULL) == 0);
    CHECK(m.majority_class == 0);
    CHECK_NEAR(m.all.baseline, 0.4);
    CHECK_NEAR(m.div.baseline, 4.0 / 6);
    p.prior = tie_prior; /* ties: lowest class */
    CHECK(sd_metrics_compute(&p, ex_q, &m, NULL) == 0);
    CHECK(m.majority_class == 0);
    p.prior = NULL;
    p.divergent = flags; /* the caller's flags replace the derived ones */
    CHECK(sd_metrics_compute(&p, ex_q, &m, NULL) == 0);
    CHECK(m.div.points == 1 && m.div.rows == 4);
    CHECK_NEAR(m.div.accuracy, 1.0);
}

static void test_confusion(void)
{
    sd_points p = ex_points();
    uint64_t mat[4];
    double cacc[2];
    CHECK(sd_confusion(&p, ex_q, SD_SUBSET_ALL, mat, cacc, NULL) == 0);
    /* realised 0: 4 rows predicted 0; realised 1: 2 predicted 0, 4 predicted 1 */
    CHECK(mat[0] == 4 && mat[1] == 0 && mat[2] == 2 && mat[3] == 4);
    CHECK_NEAR(cacc[0], 1.0);
    CHECK_NEAR(cacc[1], 4.0 / 6);
    CHECK(sd_confusion(&p, ex_q, SD_SUBSET_DIV, mat, cacc, NULL) == 0);
    CHECK(mat[0] == 4 && mat[1] == 0 && mat[2] == 2 && mat[3] == 0);
    CHECK_NEAR(cacc[1], 0.0);
    CHECK(sd_confusion(&p, ex_q, SD_SUBSET_DIV, mat, NULL, NULL) == 0);
    CHECK(sd_confusion(&p, ex_q, (sd_subset)5, mat, NULL, NULL) == SD_EINVAL);
}

/* A tie that is not at class 0: the first of the tied classes wins. */
static void test_tie_not_first(void)
{
    const uint32_t counts[] = {0, 1, 2};
    const double q[] = {0.2, 0.4, 0.4};
    uint64_t mat[9];
    sd_points p;
    sd_metrics m;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.nclass = 3;
    p.counts = counts;
    CHECK(sd_metrics_compute(&p, q, &m, NULL) == 0);
    CHECK_NEAR(m.all.accuracy, 1.0 / 3); /* class 1 predicted, 1 of 3 rows */
    CHECK(sd_confusion(&p, q, SD_SUBSET_ALL, mat, NULL, NULL) == 0);
    CHECK(mat[1 * 3 + 1] == 1 && mat[2 * 3 + 1] == 2 && mat[2 * 3 + 2] == 0);
}

/* q = p: KL and dist-MAE 0; the mode as a hard answer: accuracy = ceiling;
 * the anti-mode as a hard answer: every wrong row costs -log(eps). */
static void test_perfect_and_worst(void)
{
    sd_points p = ex_points();
    double qp[6], mode[6], worst[6];
    sd_metrics m;
    size_t i;
    for (i = 0; i < 3; i++) {
        double tot = ex_counts[2 * i] + ex_counts[2 * i + 1];
        int top = ex_counts[2 * i + 1] > ex_counts[2 * i];
        qp[2 * i] = ex_counts[2 * i] / tot;
        qp[2 * i + 1] = ex_counts[2 * i + 1] / tot;
        mode[2 * i] = !top;
        mode[2 * i + 1] = top;
        worst[2 * i] = top;
        worst[2 * i + 1] = !top;
    }
    CHECK(sd_metrics_compute(&p, qp, &m, NULL) == 0);
    CHECK(m.all.kl == 0 && m.div.kl == 0);
    CHECK(m.all.dist_mae == 0);
    CHECK_NEAR(m.all.accuracy, m.all.ceiling);
    CHECK(sd_metrics_compute(&p, mode, &m, NULL) == 0);
    CHECK_NEAR(m.all.accuracy, m.all.ceiling);
    CHECK_NEAR(m.all.acc_ceiling, 1.0);
    /* worst: point 0 -> class 1 (1 right), point 1 -> class 1 (1 right),
     * point 2 -> class 0 (0 right): 2 of 10 */
    CHECK(sd_metrics_compute(&p, worst, &m, NULL) == 0);
    CHECK_NEAR(m.all.accuracy, 0.2);
    CHECK_NEAR(m.all.acc_ceiling, 0.25);
    CHECK_NEAR(m.all.nll, 8 * -log(SD_METRICS_EPS) / 10);
    CHECK_NEAR(m.all.brier, 8 * 2.0 / 10);
    /* confidence 1.0 goes to the last bin: |2 right - 10| / 10 */
    CHECK_NEAR(m.all.ece, 0.8);
}

/* The uniform predictor over C = 6: NLL = log 6, Brier = 1 - 1/6. */
static void test_uniform(void)
{
    enum { N = 5, C = 6 };
    uint32_t counts[N * C];
    double q[N * C];
    sd_points p;
    sd_metrics m;
    int i;
    for (i = 0; i < N * C; i++) {
        counts[i] = (uint32_t)((i * 7 + 3) % 5);
        q[i] = 1.0 / C;
    }
    memset(&p, 0, sizeof p);
    p.n = N;
    p.nclass = C;
    p.counts = counts;
    CHECK(sd_metrics_compute(&p, q, &m, NULL) == 0);
    CHECK_NEAR(m.all.nll, log(6.0));
    CHECK_NEAR(m.all.brier, 1 - 1.0 / 6);
    /* q = 1/6 everywhere: KL(p || u) = log 6 - H(p), so KL + H = log 6 */
    {
        double h = 0;
        int j, k;
        for (j = 0; j < N; j++) {
            double tot = 0;
            for (k = 0; k < C; k++) tot += counts[j * C + k];
            for (k = 0; k < C; k++)
                if (counts[j * C + k]) h -= counts[j * C + k] / tot * log(counts[j * C + k] / tot);
        }
        CHECK_NEAR(m.all.kl + h / N, log(6.0));
    }
}

/* Two points in one bin pool their rows; in two bins they do not. */
static void test_ece_bins(void)
{
    const uint32_t counts[] = {1, 0, 0, 1};
    const double same[] = {.70, .30, .72, .28};  /* bins 10 and 10 */
    const double apart[] = {.70, .30, .74, .26}; /* bins 10 and 11 */
    const double half[] = {.5, .5, .5, .5};
    sd_points p;
    sd_metrics m;
    memset(&p, 0, sizeof p);
    p.n = 2;
    p.nclass = 2;
    p.counts = counts;
    CHECK(sd_metrics_compute(&p, same, &m, NULL) == 0);
    CHECK_NEAR(m.all.ece, fabs(1 - (.70 + .72)) / 2);
    CHECK(sd_metrics_compute(&p, apart, &m, NULL) == 0);
    CHECK_NEAR(m.all.ece, (fabs(1 - .70) + fabs(0 - .74)) / 2);
    /* both at .5, top 0 by the tie rule: 1 right of 2 at confidence .5 */
    CHECK(sd_metrics_compute(&p, half, &m, NULL) == 0);
    CHECK_NEAR(m.all.ece, 0.0);
    CHECK_NEAR(m.all.accuracy, 0.5);
    {
        /* confidence 1.0 shares the last bin with .95: |1 right - 1.95| / 2 */
        const uint32_t c2[] = {0, 1, 1, 0};
        const double q2[] = {1, 0, .95, .05};
        p.counts = c2;
        CHECK(sd_metrics_compute(&p, q2, &m, NULL) == 0);
        CHECK_NEAR(m.all.ece, 0.95 / 2);
    }
}

static void test_one_class(void)
{
    const uint32_t counts[] = {5, 3};
    const double q[] = {1, 1};
    sd_points p;
    sd_metrics m;
    memset(&p, 0, sizeof p);
    p.n = 2;
    p.nclass = 1;
    p.counts = counts;
    CHECK(sd_metrics_compute(&p, q, &m, NULL) == 0);
    CHECK(m.all.rows == 8 && m.all.accuracy == 1 && m.all.ceiling == 1);
    CHECK(m.all.ece == 0 && m.all.nll == 0 && m.all.kl == 0 && m.all.brier == 0);
    CHECK(m.div.rows == 0 && m.div.points == 0);
    CHECK(isnan(m.div.accuracy) && isnan(m.div.ece) && isnan(m.div.kl));
}

static void test_empty_point(void)
{
    const uint32_t counts[] = {3, 1, 0, 0, 1, 1, 0, 4};
    const double q[] = {.7, .3, .6, .4, .5, .5, .2, .8};
    const double qbad[] = {.7, .3, .6, .5, .5, .5, .2, .8};
    sd_points p = ex_points(), p2 = ex_points();
    sd_metrics m, ref;
    sd_error err;
    p2.n = 4;
    p2.counts = counts;
    CHECK(sd_metrics_compute(&p, ex_q, &ref, NULL) == 0);
    CHECK(sd_metrics_compute(&p2, q, &m, NULL) == 0);
    CHECK(m.empty_points == 1);
    CHECK(m.all.points == 3 && m.all.rows == 10);
    CHECK(m.all.accuracy == ref.all.accuracy && m.all.nll == ref.all.nll &&
          m.all.kl == ref.all.kl && m.all.dist_mae == ref.all.dist_mae);
    /* its q is checked all the same */
    CHECK(sd_metrics_compute(&p2, qbad, &m, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, "point 1:") != NULL);
}

static void test_errors(void)
{
    sd_points p = ex_points();
    sd_metrics m;
    sd_error err;
    double q[6];
    const double bad_prior[] = {1, -1};

    memcpy(q, ex_q, sizeof q);
    q[4] = 0.1; /* point 2 sums to 0.9 */
    CHECK(sd_metrics_compute(&p, q, &m, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, "point 2:") != NULL && strstr(err.msg, "sum") != NULL);
    memcpy(q, ex_q, sizeof q);
    q[2] = NAN;
    CHECK(sd_metrics_compute(&p, q, &m, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, "point 1, class 0") != NULL && strstr(err.msg, "finite") != NULL);
    memcpy(q, ex_q, sizeof q);
    q[0] = 1.2;
    q[1] = -0.2;
    CHECK(sd_metrics_compute(&p, q, &m, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, "point 0, class 1") != NULL && strstr(err.msg, "negative") != NULL);
    memcpy(q, ex_q, sizeof q);
    q[0] = .7 + 5e-7; /* within the tolerance */
    CHECK(sd_metrics_compute(&p, q, &m, &err) == 0);
    CHECK(sd_metrics_check_q(&p, q, &err) == 0);
    q[0] = .7 + 2e-6;
    CHECK(sd_metrics_check_q(&p, q, &err) == SD_EINVAL);

    CHECK(sd_metrics_compute(&p, NULL, &m, &err) == SD_EINVAL);
    CHECK(sd_metrics_compute(NULL, ex_q, &m, &err) == SD_EINVAL);
    CHECK(sd_metrics_compute(&p, ex_q, NULL, &err) == SD_EINVAL);
    p.n = 0;
    CHECK(sd_metrics_compute(&p, ex_q, &m, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, "no prediction points") != NULL);
    p = ex_points();
    p.nclass = 0;
    CHECK(sd_metrics_compute(&p, ex_q, &m, &err) == SD_EINVAL);
    p = ex_points();
    p.prior = bad_prior;
    CHECK(sd_metrics_compute(&p, ex_q, &m, &err) == SD_EINVAL);
    p = ex_points();
    p.program = NULL; /* fine without a bootstrap */
    CHECK(sd_metrics_compute(&p, ex_q, &m, &err) == 0);
    {
        sd_metrics_ci ci;
        CHECK(sd_metrics_bootstrap(&p, ex_q, 10, 1, &ci, &err) == SD_EINVAL);
        p.program = ex_prog;
        CHECK(sd_metrics_bootstrap(&p, ex_q, 0, 1, &ci, &err) == SD_EINVAL);
        CHECK(sd_metrics_bootstrap(&p, ex_q, SD_BOOTSTRAP_MAX + 1, 1, &ci, &err) == SD_ELIMIT);
    }
}

static void test_dirichlet(void)
{
    const uint32_t c[] = {3, 1};
    const uint32_t z[] = {0, 0, 0};
    double out[3];
    sd_error err;
    CHECK(sd_dirichlet_mean(c, 2, SD_DIRICHLET_ALPHA, out, &err) == 0);
    CHECK_NEAR(out[0], 3.5 / 5);
    CHECK_NEAR(out[1], 1.5 / 5);
    CHECK(sd_dirichlet_mean(c, 2, 0, out, &err) == 0);
    CHECK(out[0] == 0.75 && out[1] == 0.25);
    CHECK(sd_dirichlet_mean(z, 3, 0.5, out, &err) == 0);
    CHECK_NEAR(out[0], 1.0 / 3);
    CHECK_NEAR(out[2], 1.0 / 3);
    CHECK(sd_dirichlet_mean(z, 3, 0, out, &err) == SD_EINVAL);
    CHECK(sd_dirichlet_mean(c, 2, -1, out, &err) == SD_EINVAL);
    CHECK(sd_dirichlet_mean(c, 2, NAN, out, &err) == SD_EINVAL);
    CHECK(sd_dirichlet_mean(c, 0, 0.5, out, &err) == SD_EINVAL);
}

/*
 * McNemar.  Reference values computed outside this code (Python 3):
 *   exact, b=10 c=2:  2*(C(12,0)+C(12,1)+C(12,2))/2^12 = 158/4096
 *   exact, b=17 c=7:  2*sum_{i<=7} C(24,i)/2^24 = 1072310/16777216
 *   chi2,  b=20 c=10: X2 = 9^2/30 = 2.7,  P(chi2_1 > 2.7) = 0.100348246462
 *   chi2,  b=18 c=7:  X2 = 10^2/25 = 4,   P(chi2_1 > 4)   = 0.0455002638963
 * the chi-square tails by Simpson integration of the chi2(1) density from
 * X2 to 200 (2e6 steps), which agrees with erfc(sqrt(X2/2)) to 1e-12.
 */
static sd_mcnemar_result mcnemar_of(uint32_t b, uint32_t c)
{
    /* point 0: A says class 0 (b rows), B says class 1 (c rows);
     * point 1: both say class 0, so it adds to neither b nor c */
    uint32_t counts[] = {b, c, 5, 5};
    const double qa[] = {1, 0, .6, .4}, qb[] = {0, 1, .9, .1};
    sd_points p;
    sd_mcnemar_result r;
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    p.n = 2;
    p.nclass = 2;
    p.counts = counts;
    CHECK(sd_mcnemar(&p, qa, qb, SD_SUBSET_ALL, &r, NULL) == 0);
    CHECK(r.b == b && r.c == c);
    return r;
}

static void test_mcnemar(void)
{
    sd_mcnemar_result r;
    r = mcnemar_of(10, 2);
    CHECK(r.exact && isnan(r.statistic));
    CHECK(r.p == 158.0 / 4096);
    r = mcnemar_of(2, 10);
    CHECK(r.p == 158.0 / 4096);
    r = mcnemar_of(17, 7); /* b + c = 24: still exact */
    CHECK(r.exact && r.p == 1072310.0 / 16777216);
    r = mcnemar_of(18, 7); /* b + c = 25: chi-square */
    CHECK(!r.exact);
    CHECK_NEAR(r.statistic, 4.0);
    CHECK(fabs(r.p - 0.0455002638963) < 1e-12);
    r = mcnemar_of(20, 10);
    CHECK(!r.exact);
    CHECK_NEAR(r.statistic, 2.7);
    CHECK(fabs(r.p - 0.100348246462) < 1e-12);
    r = mcnemar_of(3, 3); /* 2 * 42/64 > 1: capped */
    CHECK(r.p == 1);
    r = mcnemar_of(0, 0);
    CHECK(r.exact && r.p == 1);
    r = mcnemar_of(15, 15); /* |b-c| - 1 < 0: statistic 0, not 1/30 */
    CHECK(!r.exact && r.statistic == 0 && r.p == 1);
    {
        /* the divergence subset leaves out a one-class point */
        const uint32_t counts[] = {4, 0, 3, 1};
        const double qa[] = {1, 0, 1, 0}, qb[] = {0, 1, 0, 1};
        sd_points p;
        sd_mcnemar_result d;
        memset(&p, 0, sizeof p);
        p.n = 2;
        p.nclass = 2;
        p.counts = counts;
        CHECK(sd_mcnemar(&p, qa, qb, SD_SUBSET_DIV, &d, NULL) == 0);
        CHECK(d.b == 3 && d.c == 1);
        CHECK(sd_mcnemar(&p, qa, qb, SD_SUBSET_ALL, &d, NULL) == 0);
        CHECK(d.b == 7 && d.c == 1);
    }
}

/* ---- bootstrap ---- */

/* A synthetic evaluation: P programs of K points, C = 4 classes, a noisy
 * predictor.  Deterministic (xorshift). */
enum { BP = 30, BK = 6, BC = 4, BN = BP * BK };
static uint32_t bs_counts[BN * BC], bs_prog[BN];
static double bs_q[BN * BC], bs_q2[BN * BC];

static uint64_t xs_state = 0x243F6A8885A308D3ULL;
static uint64_t xs(void)
{
    xs_state ^= xs_state << 13;
    xs_state ^= xs_state >> 7;
    xs_state ^= xs_state << 17;
    return xs_state;
}

static sd_points bs_points(void)
{
    sd_points p;
    int i, k;
    for (i = 0; i < BN; i++) {
        double w[BC], s = 0, s2 = 0;
        bs_prog[i] = (uint32_t)(1000 + i / BK * 17); /* sparse ids */
        for (k = 0; k < BC; k++) {
            bs_counts[i * BC + k] = (uint32_t)(xs() % 4 == 0 ? xs() % 20 : 0);
            w[k] = (double)(xs() % 100 + 1);
            s += w[k];
            s2 += bs_counts[i * BC + k] + 0.5;
        }
        for (k = 0; k < BC; k++) {
            bs_q[i * BC + k] = w[k] / s;
            bs_q2[i * BC + k] = (bs_counts[i * BC + k] + 0.5) / s2; /* a better predictor */
        }
    }
    memset(&p, 0, sizeof p);
    p.n = BN;
    p.nclass = BC;
    p.counts = bs_counts;
    p.program = bs_prog;
    return p;
}

static int same_ci(const sd_ci *a, const sd_ci *b)
{
    return a->used == b->used && ((isnan(a->lo) && isnan(b->lo)) || a->lo == b->lo) &&
           ((isnan(a->hi) && isnan(b->hi)) || a->hi == b->hi);
}

static void test_bootstrap_determinism(void)
{
    sd_points p = bs_points();
    sd_metrics m;
    sd_metrics_ci a, b, c;
    double lo, hi;
    int k, differ = 0;
    CHECK(sd_metrics_compute(&p, bs_q, &m, NULL) == 0);
    CHECK(m.div.rows > 0 && m.all.rows > m.div.rows);
    CHECK(sd_metrics_bootstrap(&p, bs_q, 1000, 42, &a, NULL) == 0);
    CHECK(sd_metrics_bootstrap(&p, bs_q, 1000, 42, &b, NULL) == 0);
    CHECK(sd_metrics_bootstrap(&p, bs_q, 1000, 43, &c, NULL) == 0);
    CHECK(a.programs == BP && a.resamples == 1000);
    for (k = 0; k < SD_METRIC_COUNT; k++) {
        CHECK(same_ci(&a.all[k], &b.all[k]));
        CHECK(same_ci(&a.div[k], &b.div[k]));
        differ += !same_ci(&a.all[k], &c.all[k]);
        /* the interval holds the estimate, for every metric on both subsets */
        CHECK(a.all[k].lo <= sd_metric_get(&m.all, k) && sd_metric_get(&m.all, k) <= a.all[k].hi);
        CHECK(a.div[k].lo <= sd_metric_get(&m.div, k) && sd_metric_get(&m.div, k) <= a.div[k].hi);
        CHECK(a.all[k].lo < a.all[k].hi);
        CHECK(a.all[k].used == 1000);
    }
    CHECK(differ > 0);
    /* the one-metric form gives the same numbers */
    CHECK(sd_bootstrap_ci(&p, bs_q, SD_SUBSET_DIV, SD_METRIC_NLL, 1000, 42, &lo, &hi, NULL) == 0);
    CHECK(lo == a.div[SD_METRIC_NLL].lo && hi == a.div[SD_METRIC_NLL].hi);
    CHECK(sd_bootstrap_ci(&p, bs_q, SD_SUBSET_ALL, SD_METRIC_COUNT, 10, 42, &lo, &hi, NULL) ==
          SD_EINVAL);
}

/* One program: every resample is the whole set, so lo = hi = estimate. */
static void test_bootstrap_one_program(void)
{
    const uint32_t prog[] = {5, 5, 5};
    sd_points p = ex_points();
    sd_metrics m;
    sd_metrics_ci ci;
    int k;
    p.program = prog;
    CHECK(sd_metrics_compute(&p, ex_q, &m, NULL) == 0);
    CHECK(sd_metrics_bootstrap(&p, ex_q, 50, 7, &ci, NULL) == 0);
    CHECK(ci.programs == 1);
    for (k = 0; k < SD_METRIC_COUNT; k++) {
        CHECK(ci.all[k].lo == sd_metric_get(&m.all, k) && ci.all[k].hi == sd_metric_get(&m.all, k));
        CHECK(ci.div[k].lo == sd_metric_get(&m.div, k));
    }
}

/* An independent replica of the documented resampling (splitmix64, draws
 * below the largest multiple of n rejected, nearest-rank percentiles) on
 * three programs with known per-program sums. */
static uint64_t ref_splitmix(uint64_t *s)
{
    uint64_t z;
    *s += 0x9E3779B97F4A7C15ULL;
    z = *s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_bootstrap_replica(void)
{
    /* seven programs of one point each; q is one-hot class 0, so program j
     * has a[j] + b[j] rows, a[j] of them right; programs 2 and 4 are the
     * divergence points */
    enum { P = 7, B = 200 };
    const uint32_t a[P] = {2, 0, 1, 5, 3, 0, 4}, bb[P] = {0, 3, 1, 0, 2, 7, 0};
    uint32_t counts[2 * P], prog[P];
    double q[2 * P], v[B], vd[B];
    uint64_t s = 99;
    sd_points p;
    sd_metrics_ci ci;
    int b, j, nd = 0;
    for (j = 0; j < P; j++) {
        counts[2 * j] = a[j];
        counts[2 * j + 1] = bb[j];
        prog[j] = (uint32_t)(100 - j);
        q[2 * j] = 1;
        q[2 * j + 1] = 0;
    }
    memset(&p, 0, sizeof p);
    p.n = P;
    p.nclass = 2;
    p.counts = counts;
    p.program = prog;
    for (b = 0; b < B; b++) {
        double r = 0, c = 0, rd = 0, cd = 0;
        for (j = 0; j < P; j++) {
            uint64_t x;
            do x = ref_splitmix(&s);
            while (x < (UINT64_MAX - (P - 1)) % P); /* (2^64 - P) mod P */
            x %= P;
            r += a[x] + bb[x];
            c += a[x];
            if (x == 2 || x == 4) {
                rd += a[x] + bb[x];
                cd += a[x];
            }
        }
        v[b] = c / r;
        if (rd > 0) vd[nd++] = cd / rd;
    }
    qsort(v, B, sizeof v[0], cmp_dbl);
    qsort(vd, (size_t)nd, sizeof vd[0], cmp_dbl);
    CHECK(v[4] != v[5] && v[193] != v[194]); /* the ranks below are told apart */
    CHECK(sd_metrics_bootstrap(&p, q, B, 99, &ci, NULL) == 0);
    /* nearest rank: ceil(.025 * 200) = 5, ceil(.975 * 200) = 195 */
    CHECK_NEAR(ci.all[SD_METRIC_ACCURACY].lo, v[4]);
    CHECK_NEAR(ci.all[SD_METRIC_ACCURACY].hi, v[194]);
    CHECK(ci.all[SD_METRIC_ACCURACY].used == B);
    /* divergence subset: resamples that drew neither program 2 nor 4 are
     * undefined and left out */
    CHECK(nd < B && ci.div[SD_METRIC_ACCURACY].used == (uint32_t)nd);
    CHECK_NEAR(ci.div[SD_METRIC_ACCURACY].lo, vd[(25 * nd + 999) / 1000 - 1]);
    CHECK_NEAR(ci.div[SD_METRIC_ACCURACY].hi, vd[(975 * nd + 999) / 1000 - 1]);
}

static void test_paired_bootstrap(void)
{
    sd_points p = bs_points();
    sd_metrics ma, mb;
    sd_paired_result r, r2;
    CHECK(sd_metrics_compute(&p, bs_q2, &ma, NULL) == 0);
    CHECK(sd_metrics_compute(&p, bs_q, &mb, NULL) == 0);
    CHECK(sd_paired_bootstrap(&p, bs_q2, bs_q, SD_SUBSET_ALL, 1000, 5, &r, NULL) == 0);
    CHECK_NEAR(r.diff, ma.all.accuracy - mb.all.accuracy);
    CHECK(r.diff > 0 && r.lo > 0 && r.lo <= r.diff && r.diff <= r.hi);
    CHECK(r.used == 1000 && r.frac_le0 == 0);
    CHECK(sd_paired_bootstrap(&p, bs_q2, bs_q, SD_SUBSET_ALL, 1000, 5, &r2, NULL) == 0);
    CHECK(r.lo == r2.lo && r.hi == r2.hi && r.frac_le0 == r2.frac_le0);
    /* reversed: every difference < 0 */
    CHECK(sd_paired_bootstrap(&p, bs_q, bs_q2, SD_SUBSET_DIV, 1000, 5, &r, NULL) == 0);
    CHECK_NEAR(r.diff, mb.div.accuracy - ma.div.accuracy);
    CHECK(r.hi < 0 && r.frac_le0 == 1);
    /* a predictor against itself: difference 0 in every resample */
    CHECK(sd_paired_bootstrap(&p, bs_q, bs_q, SD_SUBSET_ALL, 200, 5, &r, NULL) == 0);
    CHECK(r.diff == 0 && r.lo == 0 && r.hi == 0 && r.frac_le0 == 1);
}

/* Fail each allocation in turn: SD_ENOMEM (or success), nothing leaked. */
static void test_oom(void)
{
    sd_points p = bs_points();
    sd_metrics m;
    sd_metrics_ci ci, ref;
    sd_paired_result pr;
    long budget;
    int rc, k;
    CHECK(sd_metrics_bootstrap(&p, bs_q, 100, 3, &ref, NULL) == 0);
    sd_set_allocator(&fa_allocator);
    fa_budget = 0;
    CHECK(sd_metrics_compute(&p, bs_q, &m, NULL) == 0); /* allocates nothing */
    for (budget = 0;; budget++) {
        sd_error err;
        fa_budget = budget;
        rc = sd_metrics_bootstrap(&p, bs_q, 100, 3, &ci, &err);
        CHECK(fa_live == 0);
        if (rc == 0) break;
        CHECK(rc == SD_ENOMEM);
        CHECK(strstr(err.msg, "out of memory") != NULL);
        if (budget > 1000) break;
    }
    CHECK(rc == 0 && budget > 0);
    for (k = 0; k < SD_METRIC_COUNT; k++) CHECK(same_ci(&ci.all[k], &ref.all[k]));
    for (budget = 0;; budget++) {
        fa_budget = budget;
        rc = sd_paired_bootstrap(&p, bs_q, bs_q2, SD_SUBSET_DIV, 100, 3, &pr, NULL);
        CHECK(fa_live == 0);
        if (rc == 0) break;
        CHECK(rc == SD_ENOMEM);
        if (budget > 1000) break;
    }
    CHECK(rc == 0 && budget > 0);
    fa_budget = -1;
    sd_set_allocator(NULL);
}

int main(void)
{
    RUN(test_worked_example);
    RUN(test_prior_and_divergent_override);
    RUN(test_confusion);
    RUN(test_tie_not_first);
    RUN(test_perfect_and_worst);
    RUN(test_uniform);
    RUN(test_ece_bins);
    RUN(test_one_class);
    RUN(test_empty_point);
    RUN(test_errors);
    RUN(test_dirichlet);
    RUN(test_mcnemar);
    RUN(test_bootstrap_determinism);
    RUN(test_bootstrap_one_program);
    RUN(test_bootstrap_replica);
    RUN(test_paired_bootstrap);
    RUN(test_oom);
    return unit_done();
}
