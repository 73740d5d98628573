/*
 * gen.h - a generator of small concurrent Go programs with known ground
 * truth (docs/gen.md): pipelines of goroutines over channels with optional
 * fan-out, locks, monitors and lock pairs, clean or with one injected bug
 * (a leak or a deadlock) whose stuck lines are recorded in a manifest.
 */
#ifndef STEPDIST_GEN_H
#define STEPDIST_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_gen_opts {
    uint64_t seed;
    int count;          /* programs to write */
    const char *dir;    /* output directory: a Go module (go.mod written) */
    double bug_rate;    /* fraction with an injected bug; <0: default 0.5 */
} sd_gen_opts;

/* Writes opts->count programs into opts->dir (DIR/gSEED_NNNN/ each, with
 * DIR/go.mod and DIR/manifest.jsonl).  Deterministic: the same seed gives
 * the same files.  Returns 0 or a negative code with err filled. */
int sd_gen(const sd_gen_opts *opts, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
