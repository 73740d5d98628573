/*
 * baselines.c - counting tables for the built-in predictors.  Each table
 * maps a key of the prefix's state to next-type counts summed over the
 * training points; a prediction smooths the key's counts towards the next
 * coarser table (one pseudo-observation), so unseen keys back off cleanly:
 * state -> last type -> global -> uniform, and last 3 -> 2 -> 1 types.
 */
#include <string.h>

#include "stepdist/baselines.h"
#include "util/util.h"

#define C SD_CEV_NTYPES
#define NT 7 /* event types and "none" (the empty prefix) */

struct sd_baselines {
    double global[C];
    double last1[NT][C], last2[NT * NT][C], last3[NT * NT * NT][C];
    double state[NT * 4 * 3 * 2][C];
};

const char *sd_predictor_name(int p)
{
    static const char *const names[] = {
#define SD_PRED_STR_(e, s) s,
        SD_PREDICTOR_MAP(SD_PRED_STR_)
#undef SD_PRED_STR_
    };
    return p >= 0 && p < SD_NPREDICTORS ? names[p] : "?";
}

static unsigned t7(uint8_t t) { return t < C ? t : C; }

static unsigned state_key(const sd_dpoint *x)
{
    unsigned runnable = x->runnable > 3 ? 3 : x->runnable, running = x->running > 2 ? 2 : x->running;
    return ((t7(x->last_type) * 4 + runnable) * 3 + running) * 2 + (x->last_running ? 1 : 0);
}

int sd_baselines_fit(const sd_dpoint *train, size_t n, sd_baselines **out, sd_error *err)
{
    sd_baselines *b = sd__calloc(1, sizeof *b);
    size_t i;
    int k;
    *out = NULL;
    if (!b) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    for (i = 0; i < n; i++) {
        const sd_dpoint *x = &train[i];
        unsigned a = t7(x->last3[0]), c2 = t7(x->last3[1]), c3 = t7(x->last3[2]);
        for (k = 0; k < C; k++) {
            double v = x->counts[k];
            b->global[k] += v;
            b->last1[a][k] += v;
            b->last2[a * NT + c2][k] += v;
            b->last3[(a * NT + c2) * NT + c3][k] += v;
            b->state[state_key(x)][k] += v;
        }
    }
    *out = b;
    return 0;
}

/* q = (counts + prior) / (sum + 1): one pseudo-observation of the coarser
 * distribution. */
static void smooth(const double *counts, const double *prior, double *q)
{
    double sum = 0;
    int k;
    for (k = 0; k < C; k++) sum += counts[k];
    for (k = 0; k < C; k++) q[k] = (counts[k] + prior[k]) / (sum + 1.0);
}

void sd_baselines_predict(const sd_baselines *b, sd_predictor p, const sd_dpoint *x, double *q)
{
    double uni[C], g[C], l1[C], l2[C];
    unsigned a = t7(x->last3[0]), c2 = t7(x->last3[1]), c3 = t7(x->last3[2]);
    int k, best = 0;
    for (k = 0; k < C; k++) uni[k] = 1.0 / C;
    switch (p) {
    case SD_PRED_UNIFORM:
        memcpy(q, uni, sizeof uni);
        return;
    case SD_PRED_MAJORITY:
        for (k = 1; k < C; k++)
            if (b->global[k] > b->global[best]) best = k;
        for (k = 0; k < C; k++) q[k] = k == best;
        return;
    default:
        break;
    }
    smooth(b->global, uni, g);
    smooth(b->last1[a], g, l1);
    if (p == SD_PRED_LASTK) {
        smooth(b->last2[a * NT + c2], l1, l2);
        smooth(b->last3[(a * NT + c2) * NT + c3], l2, q);
    } else {
        smooth(b->state[state_key(x)], l1, q);
    }
}

void sd_baselines_free(sd_baselines *b) { sd__free(b); }
