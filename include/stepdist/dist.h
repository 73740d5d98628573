/*
 * dist.h - empirical next-event distributions (DESIGN.md "Prediction
 * points"): the runs of one program go into a trie keyed by their
 * canonical event sequences; every node that at least m runs pass through
 * is a prediction point, and the next events of those runs are its
 * distribution, at three target levels (type, type+goroutine,
 * type+goroutine+site).
 */
#ifndef STEPDIST_DIST_H
#define STEPDIST_DIST_H

#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"
#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_dist sd_dist;

typedef struct sd_dist_summary {
    int64_t runs;            /* runs added */
    int64_t events;          /* events over all runs */
    int64_t nodes;           /* trie nodes (distinct prefixes) */
    int64_t sequences;       /* distinct complete sequences */
    int64_t points;          /* nodes with >= min_runs runs and a next event */
    int64_t divergent;       /* of those, with more than one next event seen */
    double mean_entropy;     /* mean over points of the type-level entropy (nats) */
} sd_dist_summary;

/* A new, empty trie for one program (name copied).  NULL on OOM. */
sd_dist *sd_dist_new(const char *program);
void sd_dist_free(sd_dist *d); /* accepts NULL */

/* Adds one run's canonical stream.  0 or SD_ENOMEM. */
int sd_dist_add_run(sd_dist *d, const sd_cstream *s, sd_error *err);

/* Writes one JSON object per prediction point (nodes with >= min_runs runs
 * and at least one next event) and fills *sum.  Deterministic: points in
 * depth-first order of the trie, children by first appearance. */
int sd_dist_write_jsonl(const sd_dist *d, int min_runs, FILE *f, sd_dist_summary *sum,
                        sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
