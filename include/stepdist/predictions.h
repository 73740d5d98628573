/*
 * predictions.h - predictions made by any model, read from JSON lines so
 * that they are scored by the same code as stepdist's own (stepdist
 * score).  One object per line:
 *   {"program": "PATH", "point": "N", "q": [p0, ..., p5]}      a distribution
 *   {"program": "PATH", "point": "N", "q": {"GoStart": 0.7, "GoBlock": 0.3}}
 *                                        the same, by name (missing types: 0)
 *   {"program": "PATH", "point": "N", "answer": "GoStart"}      a single answer
 * Other keys are skipped (any JSON value, nested at most 16 deep).
 * "point" names a prediction point as `stepdist eval --write-points`
 * writes it ("node:N" in prefix mode, "split:S:run:R" in split mode);
 * q is over GoCreate, GoStart, GoBlock, GoUnblock, GoSched, GoEnd.
 */
#ifndef STEPDIST_PREDICTIONS_H
#define STEPDIST_PREDICTIONS_H

#include <stddef.h>

#include "stepdist/error.h"
#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_prediction {
    char program[1024];
    char point[128];
    double q[SD_CEV_NTYPES];
} sd_prediction;

/* Parses one line (len bytes, no NUL needed).  Returns 1 and fills *p, 0
 * for a blank line, or SD_EFORMAT with err naming the column and what was
 * expected.  A q that does not sum to 1 within 1e-6 is refused. */
int sd_prediction_parse(const char *line, size_t len, sd_prediction *p, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
