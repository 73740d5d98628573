/*
 * baselines.h - the built-in predictors every model is measured against
 * (DESIGN.md "Metrics", issue 7): uniform, the majority class of the
 * training programs, the most frequent next type given the last k types
 * (backing off over k), and the state table: the training programs'
 * next-type distribution given (last event type, runnable goroutines
 * capped at 3, running goroutines capped at 2, whether the last event's
 * goroutine still runs), backed off to the last type, then the global
 * distribution.  Type level (6 classes).
 */
#ifndef STEPDIST_BASELINES_H
#define STEPDIST_BASELINES_H

#include <stddef.h>

#include "stepdist/dist.h"
#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_PREDICTOR_MAP(X)                      \
    X(UNIFORM, "uniform")                        \
    X(MAJORITY, "majority")                      \
    X(LASTK, "last-k")                           \
    X(STATE_TABLE, "state-table")

typedef enum sd_predictor {
#define SD_PRED_ENUM_(e, s) SD_PRED_##e,
    SD_PREDICTOR_MAP(SD_PRED_ENUM_)
#undef SD_PRED_ENUM_
    SD_NPREDICTORS
} sd_predictor;

const char *sd_predictor_name(int p);

typedef struct sd_baselines sd_baselines;

/* Fits every baseline on the training points (their next-type counts are
 * the rows).  0 or a negative code. */
int sd_baselines_fit(const sd_dpoint *train, size_t n, sd_baselines **out, sd_error *err);
/* q[SD_CEV_NTYPES] gets predictor p's distribution at point x. */
void sd_baselines_predict(const sd_baselines *b, sd_predictor p, const sd_dpoint *x, double *q);
void sd_baselines_free(sd_baselines *b); /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
