/*
 * model.h - the learned next-event model (issue 8, docs/model.md).
 *
 * The next event of a run is one of the transitions the scheduler allows
 * from the current state: a runnable goroutine starts; the running one
 * blocks, ends, yields or creates; a blocked one is unblocked.  Each
 * allowed transition (a candidate: a type and a goroutine) is scored by a
 * linear function of hashed features of its goroutine and of the global
 * state, and a softmax over the candidates gives a joint type+goroutine
 * distribution: invalid predictions are impossible by construction.  Its
 * type marginal is comparable with the paper and the baselines.
 *
 * Three layers:
 * - sd_mstate replays one run's canonical stream event by event and says,
 *   after any prefix, which candidates are allowed and their features;
 * - sd_mset holds prediction points (prefix mode, split rows) of many
 *   programs with their candidates, features and empirical counts;
 * - sd_model is the weight vector, trained on an sd_mset with a soft (KL)
 *   or one-hot (cross-entropy) objective, saved to and loaded from a file
 *   with a magic, a version, the feature schema and a checksum.
 */
#ifndef STEPDIST_MODEL_H
#define STEPDIST_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "stepdist/dist.h"
#include "stepdist/error.h"
#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_MODEL_HASH_BITS 18     /* weights: 2^18 floats */
#define SD_MODEL_MAX_FEATS 48     /* features per candidate, at most */
#define SD_MODEL_SCHEMA 4         /* bumped whenever a feature changes */

/* An allowed transition: GoStart of a runnable goroutine; GoBlock, GoEnd,
 * GoSched, GoCreate (by) the running goroutine; GoUnblock of a blocked
 * one.  g is the goroutine's index in the stream (for GoCreate the
 * creator: the new goroutine does not exist yet). */
typedef struct sd_cand {
    uint8_t type;
    uint8_t rank; /* among the candidates of its type, by recency of the
                     goroutine's last event: 0 = the most recent (capped) */
    uint32_t g;
} sd_cand;

/* The goroutine an event is "about" at the type+g level: the event's
 * goroutine, or for GoCreate its creator (SD_NO_GOR when unknown). */
uint32_t sd_cand_goroutine_of(const sd_cevent *e);

/* ---- replaying one run ---- */
typedef struct sd_mstate sd_mstate;
typedef struct sd_srcmap sd_srcmap; /* a program's source, scanned (below) */

/* A state before the first event of s (borrowed: s must outlive it). */
int sd_mstate_new(const sd_cstream *s, sd_mstate **out, sd_error *err);
void sd_mstate_free(sd_mstate *st); /* accepts NULL */
/* Applies the stream's next event.  0, 1 when the stream is over, or
 * SD_ENOMEM. */
int sd_mstate_step(sd_mstate *st, sd_error *err);
size_t sd_mstate_pos(const sd_mstate *st); /* events applied */
/* Applies an event made from candidate c (a rollout step) instead of the
 * stream's next one: the stream's later events are dropped from this
 * state.  The event gets the goroutine's site, its last block reason (for
 * GoBlock), the last event's goroutine as the unblocker when it runs (for
 * GoUnblock), the last event's time; GoCreate adds a goroutine named
 * "CREATOR/~sampled#K".  0 or a negative code. */
int sd_mstate_apply(sd_mstate *st, const sd_cand *c, sd_error *err);
/* Goroutines known now (the stream's and those created by sampled events)
 * and their names. */
size_t sd_mstate_ngoroutines(const sd_mstate *st);
const char *sd_mstate_goroutine_name(const sd_mstate *st, uint32_t g);
/* The allowed candidates now, in a fixed order (by type, then goroutine
 * index); returns their number (at most cap are written).  */
size_t sd_mstate_candidates(const sd_mstate *st, sd_cand *out, size_t cap);
/* The hashed feature indices of candidate c (< 2^SD_MODEL_HASH_BITS);
 * returns their number (<= SD_MODEL_MAX_FEATS). */
int sd_mstate_features(const sd_mstate *st, const sd_cand *c, uint32_t *f);
/* Where goroutine g is: the site of its last event (its go statement's
 * function when it has not run yet); NULL when unknown. */
const sd_site *sd_mstate_goroutine_site(const sd_mstate *st, uint32_t g);
/* The stream being replayed. */
const sd_cstream *sd_mstate_stream(const sd_mstate *st);
/* The index of the candidate event e realises, or -1 if none does. */
int sd_cand_match(const sd_cand *c, size_t n, const sd_cevent *e);

/* ---- prediction points with candidates ---- */
typedef struct sd_mpoint {
    uint32_t program;   /* caller's program id */
    uint32_t key;       /* prefix mode: trie node; split modes: the run */
    uint8_t split;      /* 0: prefix mode; 1-3: 25/50/75% */
    uint32_t cand, ncand; /* candidates [cand, cand + ncand) of the set */
    uint32_t other;     /* runs whose next event was no candidate */
    uint32_t prompt;    /* candidate index (0-based in the point) of the
                           next event of the run that gave the prompt, or
                           UINT32_MAX (the one-hot label) */
    uint32_t type_counts[SD_CEV_NTYPES];
} sd_mpoint;

typedef struct sd_mset sd_mset;

sd_mset *sd_mset_new(void);
void sd_mset_free(sd_mset *m); /* accepts NULL */
/* The source of the program whose points are added next (borrowed until
 * they are added).  NULL (the default): the sources the runs name
 * (sd_srcmap_for_stream of the program's first run). */
void sd_mset_set_source(sd_mset *m, const sd_srcmap *src);
/* on = 0: no source at all, every source feature unknown (an ablation). */
void sd_mset_use_sources(sd_mset *m, int on);
/* Adds the prefix-mode points of one program: the nodes of d reached by
 * >= min_runs runs and left by one, in node order (the order of
 * sd_dist_points).  streams/paths as from sd_dist_load_program_streams;
 * the first run through a node gives the prompt (its features). */
int sd_mset_add_prefix(sd_mset *m, uint32_t program, const sd_dist *d, sd_cstream *const *streams,
                       uint32_t *const *paths, size_t nruns, int min_runs, sd_error *err);
/* Adds split-mode rows: each run cut after 25/50/75% of its events (as
 * sd_dist_split_rows cuts them).  paper = 0: one row per run and cut;
 * paper = 1: per cut, the first run's prefix with every run's next event. */
int sd_mset_add_split(sd_mset *m, uint32_t program, sd_cstream *const *streams, size_t nruns,
                      int paper, sd_error *err);
/* Adds one point given by hand: ncand candidates c, their features
 * (feats: ncand rows of SD_MODEL_MAX_FEATS, nf[k] used, each index <
 * 2^SD_MODEL_HASH_BITS), run counts (ccount, may be NULL) and names (gname,
 * may be NULL); other, prompt and type_counts as in sd_mpoint (the type
 * counts are derived from ccount and other is spread nowhere).  For tests
 * and for points built outside stepdist. */
int sd_mset_add_point(sd_mset *m, uint32_t program, uint32_t key, const sd_cand *c,
                      const uint32_t *feats, const int *nf, const uint32_t *ccount,
                      const char *const *gname, size_t ncand, uint32_t other, uint32_t prompt,
                      sd_error *err);
struct sd_catalog;
/* Adds the prefix-mode points of every program of a catalog (program ids
 * are the catalog's), as sd_mset_add_prefix; progress (may be NULL) is
 * called after each program.  *skipped (may be NULL) counts runs whose
 * trace could not be read whole. */
int sd_mset_add_catalog(sd_mset *m, struct sd_catalog *cat, const char *dir, int min_runs,
                        void (*progress)(void *ctx, int64_t done, int64_t total), void *ctx,
                        int64_t *skipped, sd_error *err);
size_t sd_mset_npoints(const sd_mset *m);
const sd_mpoint *sd_mset_point(const sd_mset *m, size_t i);
/* Candidate j of the set: its type, goroutine name and run count. */
const sd_cand *sd_mset_cand(const sd_mset *m, size_t j, const char **gname, uint32_t *count);

/* ---- what the source says comes next ---- */
/* Operation classes of a source line (lib/model/source.c). */
enum {
    SD_SRC_UNKNOWN = 0, /* no source, or the site is not in it */
    SD_SRC_NONE,        /* the line performs none of the below */
    SD_SRC_SEND, SD_SRC_RECV, SD_SRC_SELECT, SD_SRC_GO, SD_SRC_CLOSE, SD_SRC_LOCK, SD_SRC_UNLOCK,
    SD_SRC_WAIT, SD_SRC_DONE, SD_SRC_WAKE, SD_SRC_SLEEP, SD_SRC_YIELD, SD_SRC_RETURN,
    SD_SRC_RANGE, /* a for ... range loop (of a channel or not) */
    SD_SRC_END,   /* the function ends with no further operation */
    SD_SRC_START, /* the line is the header of the goroutine's function */
    SD_SRC_NCLASSES
};
/* Reads and scans the .go files of dir.  A file that cannot be read is
 * skipped; only an unreadable directory or no memory is an error. */
int sd_srcmap_load(const char *dir, sd_srcmap **out, sd_error *err);
/* One file's text (n bytes, any content) as the map's only file, named
 * name (a path or a file name). */
int sd_srcmap_parse(const char *name, const void *text, size_t n, sd_srcmap **out, sd_error *err);
/* The sources of the program a run executed: the directories of the
 * program files its events name (absolute paths, outside the Go
 * installation), as they are now on this machine; a directory that is
 * gone gives nothing.  Only no memory is an error. */
int sd_srcmap_for_stream(const sd_cstream *s, sd_srcmap **out, sd_error *err);
void sd_srcmap_free(sd_srcmap *m); /* accepts NULL */
/* How many files m holds (0 for NULL), and the path of the i-th. */
size_t sd_srcmap_nfiles(const sd_srcmap *m);
const char *sd_srcmap_file(const sd_srcmap *m, size_t i);
#define SD_SRC_MAXOBJ 4
#define SD_SRC_NEXT 3
/* What the source says of a goroutine at file:line: the class of the
 * line's own operation, and of the next SD_SRC_NEXT operations after it
 * along the code (the rest of its loop and the loop again, calls of the
 * package's own functions followed; SD_SRC_END past the function's end),
 * with the names they act on (the last identifier of a channel or lock
 * expression, a select's case channels: ids valid within one map, 0
 * none).  Names are only compared, never shown to the model. */
typedef struct sd_srcinfo {
    uint8_t here;
    uint8_t next[SD_SRC_NEXT];
    uint8_t nhere_obj;
    uint32_t here_obj[SD_SRC_MAXOBJ];
    uint32_t next_obj[SD_SRC_NEXT];
    /* the buffering of the channels those names name (make sites of the
     * package): 0 unknown or no channel, 1 unbuffered, 2 buffered, 3 both */
    uint8_t here_cap, next_cap[SD_SRC_NEXT];
    uint32_t loop_bound; /* iterations of the loop around the line, when its
                            header states them with literals; else 0 */
} sd_srcinfo;
/* at_start: the goroutine has not begun its function, and line is the
 * function's header.  Everything SD_SRC_UNKNOWN when m is NULL or the site
 * is not in it.  An absolute file is looked up as it is; a name, by name. */
void sd_srcmap_query(const sd_srcmap *m, const char *file, uint32_t line, int at_start, sd_srcinfo *out);
/* The same, where the function of file:line was called from the sites
 * outer[0..nouter) (innermost first: sd_cstream_outer): past the
 * function's end the next operations go on in its callers, from the
 * operation of the calling line on. */
void sd_srcmap_query_chain(const sd_srcmap *m, const char *file, uint32_t line, int at_start,
                           const sd_site *outer, size_t nouter, sd_srcinfo *out);
/* The same for the start of the k-th (1-based) Test function that go test
 * runs (here SD_SRC_START); all SD_SRC_UNKNOWN if there is none such. */
void sd_srcmap_test_first(const sd_srcmap *m, uint32_t k, sd_srcinfo *out);
/* Gives the state the program's source (borrowed: m must outlive st;
 * NULL: none, every class SD_SRC_UNKNOWN). */
void sd_mstate_set_source(sd_mstate *st, const sd_srcmap *m);
/* Gives the state the sources its stream names (sd_srcmap_for_stream),
 * owned by the state.  0, or SD_ENOMEM. */
int sd_mstate_load_source(sd_mstate *st, sd_error *err);
/* The source the state reads (NULL: none). */
const sd_srcmap *sd_mstate_source(const sd_mstate *st);

/* ---- the model ---- */
typedef enum sd_objective { SD_OBJ_SOFT = 0, SD_OBJ_ONEHOT = 1 } sd_objective;

typedef struct sd_train_opts {
    sd_objective objective;
    int iters;          /* full-batch Adam steps (default 150) */
    double lr;          /* Adam step (default 0.05) */
    double l2;          /* L2 penalty per point (default 3e-3) */
    uint64_t seed;
    /* progress: called every few iterations when set */
    void (*progress)(void *ctx, int iter, int iters, double loss);
    void *ctx;
} sd_train_opts;

void sd_train_opts_default(sd_train_opts *o);

typedef struct sd_model sd_model;

/* Trains on the points with use[i] == 1, fits the temperature on those
 * with use[i] == 2 (T = 1 when there are none); use == NULL: all points
 * train.  0 and a new model in *out, or a negative code. */
int sd_model_train(const sd_mset *m, const uint8_t *use, const sd_train_opts *o,
                   sd_model **out, sd_error *err);
void sd_model_free(sd_model *md); /* accepts NULL */

/* Candidate probabilities q[ncand] from their features (feats: ncand rows
 * of SD_MODEL_MAX_FEATS, nf[k] used), temperature applied. */
void sd_model_score(const sd_model *md, const uint32_t *feats, const int *nf, size_t ncand,
                    double *q);
/* The model's distribution over the transitions state st allows now: up
 * to cap of them into c (sd_mstate_candidates' order) and their
 * probabilities into q.  Returns how many there are; when that exceeds
 * cap, the first cap are scored among themselves.  SD_ENOMEM (< 0) when
 * there is no memory for their features. */
int64_t sd_model_predict_state(const sd_model *md, const sd_mstate *st, sd_cand *c, double *q, size_t cap);
/* Point i of m: q over its candidates (may be NULL) and the type marginal
 * qt[SD_CEV_NTYPES], which keeps a small mass for events outside the
 * candidates (the training set's rate of them, spread by the type prior). */
void sd_model_predict_point(const sd_model *md, const sd_mset *m, size_t i, double *qcand,
                            double *qt);
/* The type marginal of candidate probabilities q. */
void sd_model_type_marginal(const sd_model *md, const sd_cand *c, const double *q, size_t n,
                            double *qt);

/* The loss the trainer minimises (mean over points with use[i] == 1, or all
 * points when use is NULL), and, when grad is not NULL, its gradient with
 * respect to the 2^SD_MODEL_HASH_BITS weights (for the gradient check). */
double sd_model_loss(const sd_model *md, const sd_mset *m, const uint8_t *use, sd_objective obj,
                     double l2, double *grad);
float *sd_model_weights(sd_model *md); /* 2^SD_MODEL_HASH_BITS weights */
double sd_model_temperature(const sd_model *md);
/* A fresh model with zero weights, T = 1, no outside mass (tests). */
sd_model *sd_model_new(void);

int sd_model_save(const sd_model *md, const char *path, sd_error *err);
/* Refuses a file that is not a model, of another version or feature
 * schema, truncated or with a bad checksum, naming the file and what was
 * wrong. */
int sd_model_load(const char *path, sd_model **out, sd_error *err);
/* The same on a file's bytes in memory (path names it in messages, which
 * also give the byte offset at fault). */
int sd_model_parse(const void *data, size_t n, const char *path, sd_model **out, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
