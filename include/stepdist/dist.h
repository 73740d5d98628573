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
    /* the same by prefix depth: [0, 8), [8, 32), [32, 128), >= 128 events */
    double depth_entropy[4];
    int64_t depth_points[4];
} sd_dist_summary;

/* A prediction point with its type-level counts and the features of the
 * state after its prefix (the same for every run through it). */
typedef struct sd_dpoint {
    uint32_t counts[SD_CEV_NTYPES]; /* next events by type */
    uint32_t runs;                  /* runs through the prefix */
    uint32_t depth;                 /* prefix length */
    uint8_t last_type;              /* type of the prefix's last event; 255: empty */
    uint8_t last3[3];               /* the last three types, last first; 255: none */
    uint8_t runnable, running;      /* goroutines runnable / running after it */
    uint8_t last_running;           /* the last event's goroutine is running */
    uint8_t split;                  /* split mode: 1-3 (25/50/75%); prefix mode: 0 */
    uint32_t node;                  /* prefix mode: the trie node; split mode: the run */
} sd_dpoint;

/* How prediction points are made (DESIGN.md "Prediction points"). */
typedef enum sd_point_mode {
    SD_POINTS_PREFIX = 0, /* trie nodes that at least m runs pass through */
    SD_POINTS_OWN,        /* split mode: each run at 25/50/75%, from its own prefix */
    SD_POINTS_PAPER       /* split mode: per split, the first run's prefix */
} sd_point_mode;

/* "prefix", "own" or "paper": the mode, or -1. */
int sd_point_mode_parse(const char *s);

/* Split mode (the paper's protocol): each run cut after 25, 50 and 75% of
 * its events; the state there (counts unused) and the event that came
 * next. */
typedef struct sd_split_row {
    uint8_t split;      /* 1, 2, 3: 25, 50, 75% */
    uint8_t next_type;  /* sd_cev_type */
    uint32_t run;       /* the run's index in the order runs were added */
    sd_dpoint state;
} sd_split_row;

/* The name of point p in predictions files (stepdist score) and exports:
 * "node:N" (prefix mode: p->node), "split:S:run:R" (own rows: p->split,
 * p->node = the run) or "split:S" (paper rows). */
void sd_point_name(sd_point_mode mode, const sd_dpoint *p, char *buf, size_t cap);

/* The split rows of every run added, in order (owned by d). */
const sd_split_row *sd_dist_split_rows(const sd_dist *d, size_t *n);

/* The prediction points (nodes with >= min_runs runs and a next event), in
 * node order, into *out (free with sd_dist_points_free); their number in *n. */
int sd_dist_points(const sd_dist *d, int min_runs, sd_dpoint **out, size_t *n, sd_error *err);
void sd_dist_points_free(sd_dpoint *p); /* accepts NULL */

/* A new, empty trie for one program (name copied).  NULL on OOM. */
sd_dist *sd_dist_new(const char *program);
void sd_dist_free(sd_dist *d); /* accepts NULL */

/* Adds one run's canonical stream.  0 or SD_ENOMEM. */
int sd_dist_add_run(sd_dist *d, const sd_cstream *s, sd_error *err);
/* The same, and path[i] (i = 0 .. the stream's length) gets the trie node
 * of the run's first i events: path needs sd_cstream_len(s) + 1 entries. */
int sd_dist_add_run_path(sd_dist *d, const sd_cstream *s, uint32_t *path, sd_error *err);
/* The runs that reached node so far; *has_next (may be NULL) is set when
 * some run went on from it.  0 for a node that does not exist. */
uint32_t sd_dist_node_runs(const sd_dist *d, uint32_t node, int *has_next);
/* How many different next events the runs through node had (its children
 * in the trie): more than one makes it a divergence point. */
uint32_t sd_dist_node_children(const sd_dist *d, uint32_t node);

/* Writes one JSON object per prediction point (nodes with >= min_runs runs
 * and at least one next event) and fills *sum.  Deterministic: points in
 * depth-first order of the trie, children by first appearance. */
int sd_dist_write_jsonl(const sd_dist *d, int min_runs, FILE *f, sd_dist_summary *sum,
                        sd_error *err);

struct sd_catalog;
/* Builds the trie of program_id from its runs in cat (dir: the catalog's
 * directory, which trace paths are relative to).  Killed runs and
 * schedule-perturbed runs (docs/perturb.md) are left out; runs whose trace
 * cannot be read whole are counted in *skipped.  0 and a new trie in *out
 * (free with sd_dist_free), or a negative code. */
int sd_dist_load_program(struct sd_catalog *cat, const char *dir, int64_t program_id,
                         sd_dist **out, int64_t *skipped, sd_error *err);

/* The same, keeping the runs: (*streams)[r] is the r-th run added (the
 * `run` of split rows) and (*paths)[r] its trie path (see
 * sd_dist_add_run_path).  Free with sd_dist_streams_free. */
int sd_dist_load_program_streams(struct sd_catalog *cat, const char *dir, int64_t program_id,
                                 sd_dist **out, sd_cstream ***streams, uint32_t ***paths,
                                 size_t *nstreams, int64_t *skipped, sd_error *err);
void sd_dist_streams_free(sd_cstream **streams, uint32_t **paths, size_t n);

/* Flags of sd_dist_load_runs. */
enum { SD_DIST_WITH_PERTURBED = 1 /* perturbed runs count too */ };
/* sd_dist_load_program, with flags. */
int sd_dist_load_runs(struct sd_catalog *cat, const char *dir, int64_t program_id, unsigned flags,
                      sd_dist **out, int64_t *skipped, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
