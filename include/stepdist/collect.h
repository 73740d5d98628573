/*
 * collect.h - run a Go package many times under the execution tracer and
 * keep every run's trace and outcome in a catalog (docs/collect.md).
 */
#ifndef STEPDIST_COLLECT_H
#define STEPDIST_COLLECT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "stepdist/catalog.h"
#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_collect_progress {
    int64_t done, total;   /* runs finished / planned in this invocation */
    int64_t by_outcome[SD_OUTCOME_COUNT];
    const char *phase;     /* "prepare", "build", "run" */
} sd_collect_progress;

typedef struct sd_collect_opts {
    const char *pkg_dir;     /* the Go package (a directory) */
    const char *out_dir;     /* catalog and traces go here (created) */
    int64_t runs;            /* target number of runs of the package */
    int jobs;                /* parallel runs; 0: number of CPUs */
    int64_t timeout_ms;      /* per run, watchdog of the harness; 0: 10000 */
    const int *procs;        /* GOMAXPROCS values, cycled; NULL: {1,2,4} */
    size_t nprocs;
    int race;                /* 0: plain builds, 1: -race only, 2: both, alternating */
    const char *run_regex;   /* tests only: -test.run; NULL: all */
    const char *go;          /* the go command; NULL: "go" from PATH */
    int64_t mem_bytes;       /* per-run memory limit; 0: 4 GiB */
    /* Schedule perturbation (docs/perturb.md): "yield" or "sleep" runs an
     * instrumented build (a build of its own), run i of the strategy with
     * seed + i; "targeted" perturbs only the sites on the lines where the
     * catalog's plain runs of the package diverge; NULL: plain runs.  -n counts the runs of that strategy
     * (NULL: the unperturbed runs). */
    const char *perturb;
    int64_t seed;
    size_t out_cap;          /* bytes of stdout/stderr kept per run; 0: 64 KiB */
    volatile sig_atomic_t *cancel; /* nonzero: stop starting runs, kill running ones */
    void (*progress)(void *ctx, const sd_collect_progress *p);
    void *progress_ctx;
} sd_collect_opts;

typedef struct sd_collect_summary {
    int64_t program_id;
    int64_t runs_before;   /* runs the catalog already had */
    int64_t runs_done;     /* runs added now */
    int64_t by_outcome[SD_OUTCOME_COUNT]; /* all runs of the package (of this perturbation strategy) */
    int64_t distinct_sequences; /* distinct canonical event streams among the runs added now */
    int64_t traces_damaged;     /* runs whose trace ends in an error (kept, marked) */
    char catalog_path[4096];
    char kind[8];          /* "test" or "main" */
    int64_t perturb_sites; /* with perturb: operations instrumented */
    int64_t perturb_targets, perturb_lines; /* targeted: sites perturbed, and the
                                               lines where the plain runs diverge */
    /* with perturb: stepdist-prep's warnings, one per line (files left
     * uninstrumented), "" for none; cut at the end when too long */
    char warnings[2048];
    /* wall seconds of the phases: preparing the package (and opening the
     * catalog), building it (or the go command finding it cached), and
     * the runs (from starting the first to recording the last) */
    double prepare_seconds, build_seconds, run_seconds;
} sd_collect_summary;

/* Prepares, builds once (per race mode) and runs the package until the
 * catalog holds opts->runs runs of it.  Returns 0 (also when cancelled:
 * finished runs are kept) or a negative code with err filled. */
int sd_collect(const sd_collect_opts *opts, sd_collect_summary *sum, sd_error *err);

/* The per-user cache directory ($XDG_CACHE_HOME/stepdist or
 * ~/.cache/stepdist), created if missing.  0 or a negative code. */
int sd_cache_dir(char *buf, size_t cap, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
