/*
 * catalog.h - the catalog of a collection: which programs were built how,
 * and every run with its outcome and trace.  One SQLite file per collection
 * (stepdist.db); the schema, its versioning and the write protocol are in
 * docs/catalog.md.
 *
 * Durability: WAL journal, synchronous=NORMAL (SD_CATALOG_SYNC_FULL gives
 * FULL).  A committed run survives a kill -9 of the writer at any moment;
 * with NORMAL, an OS crash or power loss may drop the last commits (never
 * corrupting the file).  Each run is one transaction: sd_catalog_begin,
 * sd_catalog_add_run, sd_catalog_set_run_trace, sd_catalog_commit.
 *
 * Every function returns 0 (or a count, or 1/0 where it says so) or a
 * negative SD_E* code with a message in err that names the catalog file and
 * includes SQLite's own message.  A catalog handle is for one thread.
 */
#ifndef STEPDIST_CATALOG_H
#define STEPDIST_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_CATALOG_SCHEMA_VERSION 2
#define SD_CATALOG_APPLICATION_ID 0x73746470 /* "stdp" in the SQLite header */

/* Outcomes of a run, in the order of the counts array below. */
#define SD_OUTCOME_MAP(X)                                                    \
    X(PASS, "pass") X(FAIL, "fail") X(PANIC, "panic") X(DEADLOCK, "deadlock") \
    X(LEAK, "leak") X(TIMEOUT, "timeout") X(CRASH, "crash") X(KILLED, "killed")

typedef enum sd_outcome {
#define SD_OUTCOME_ENUM_(name, str) SD_OUTCOME_##name,
    SD_OUTCOME_MAP(SD_OUTCOME_ENUM_)
#undef SD_OUTCOME_ENUM_
    SD_OUTCOME_COUNT
} sd_outcome;

/* "pass", "fail", ...; NULL for a value out of range. */
const char *sd_outcome_name(int outcome);
/* The outcome named s, or -1. */
int sd_outcome_parse(const char *s);

typedef enum sd_program_kind { SD_PROGRAM_TEST = 0, SD_PROGRAM_MAIN = 1 } sd_program_kind;

/* A program: a package built as a test or as a command.  Its key is
 * (path, kind, go_version, source_hash). */
typedef struct sd_program_rec {
    const char *path;        /* absolute package directory */
    sd_program_kind kind;
    const char *import_path; /* NULL: "" */
    const char *go_version;  /* NULL: "" */
    const char *source_hash; /* hash of the package's sources; NULL: "" */
} sd_program_rec;

/* A build of a program.  Its key is (program_id, flags, race). */
typedef struct sd_build_rec {
    int64_t program_id;
    const char *flags;       /* go build flags, space-separated; NULL: "" */
    int race;                /* built with -race */
    const char *binary_path; /* NULL: "" */
} sd_build_rec;

/* One run.  For sd_catalog_add_run, id and created are ignored. */
typedef struct sd_run_rec {
    int64_t id;
    int64_t build_id;
    int64_t seq;             /* 0, 1, ... within the build */
    const char *params;      /* a JSON object (sd_run_params_json); NULL: "{}" */
    sd_outcome outcome;
    int exit_code;           /* -1: none (killed by a signal) */
    int signal;              /* 0: none */
    int64_t duration_ns;
    const char *trace_path;  /* relative to the catalog's directory; NULL: none */
    int64_t trace_bytes;     /* -1: unknown */
    int64_t event_count;     /* -1: unknown */
    int64_t stdout_bytes, stderr_bytes; /* as the child wrote them, kept or not */
    const char *perturb;     /* schedule perturbation strategy ("yield", ...); NULL or "": none */
    const char *created;     /* UTC, ISO 8601; read-only */
} sd_run_rec;

typedef struct sd_catalog sd_catalog;

enum {
    SD_CATALOG_CREATE = 1,    /* make the file and schema if missing */
    SD_CATALOG_READONLY = 2,  /* no writes; the file must exist */
    SD_CATALOG_SYNC_FULL = 4  /* synchronous=FULL: survive power loss too */
};

/* Opens (or, with SD_CATALOG_CREATE, creates) the catalog at path and
 * stores it in *out (free with sd_catalog_free).  Refused, naming the file:
 * a missing file without CREATE (SD_EIO), a file that is not SQLite or not
 * a stepdist catalog (SD_EFORMAT, with the offset in the header), a catalog
 * of a newer or unknown schema version (SD_EVERSION).  An older version is
 * migrated in one transaction (read-only, it is read as it is). */
int sd_catalog_open(sd_catalog **out, const char *path, unsigned flags, sd_error *err);

/* Closes the catalog, rolling back an open transaction.  c may be NULL. */
void sd_catalog_free(sd_catalog *c);

/* The path the catalog was opened with. */
const char *sd_catalog_path(const sd_catalog *c);

/* Adds a program, or finds it by its key; *id gets its id.  Returns 1 if
 * it was added, 0 if it was there. */
int sd_catalog_add_program(sd_catalog *c, const sd_program_rec *p, int64_t *id, sd_error *err);

/* Adds a build, or finds it by its key (then its binary_path is updated
 * if it differs); *id gets its id.  Returns 1 if added, 0 if there. */
int sd_catalog_add_build(sd_catalog *c, const sd_build_rec *b, int64_t *id, sd_error *err);

/* One transaction: BEGIN IMMEDIATE (waits up to 5 s for another writer),
 * COMMIT, ROLLBACK.  Rollback never fails (it does nothing outside a
 * transaction). */
int sd_catalog_begin(sd_catalog *c, sd_error *err);
int sd_catalog_commit(sd_catalog *c, sd_error *err);
void sd_catalog_rollback(sd_catalog *c);

/* Inserts a run; *id gets its id.  SD_EINVAL for a bad outcome or a
 * (build_id, seq) already there or an unknown build_id. */
int sd_catalog_add_run(sd_catalog *c, const sd_run_rec *r, int64_t *id, sd_error *err);

/* Sets the trace of run id (after the file is renamed into place). */
int sd_catalog_set_run_trace(sd_catalog *c, int64_t run_id, const char *trace_path,
                             int64_t trace_bytes, int64_t event_count, sd_error *err);

/* *seq = 1 + the largest seq of build_id, or 0 when it has no run. */
int sd_catalog_next_seq(sd_catalog *c, int64_t build_id, int64_t *seq, sd_error *err);

/* Returns 1 if build_id has a run with this seq, 0 if not (a collector
 * killed mid-way leaves gaps below next_seq when JOBS > 1). */
int sd_catalog_has_run(sd_catalog *c, int64_t build_id, int64_t seq, sd_error *err);

/* The directory of program id into buf: 1 found, 0 no such program, or a
 * negative error. */
int sd_catalog_program_path(sd_catalog *c, int64_t id, char *buf, size_t cap, sd_error *err);
/* The largest program id (0 when there is none), or a negative error.
 * Program ids run from 1 without gaps. */
int64_t sd_catalog_max_program(sd_catalog *c, sd_error *err);

/* counts[o] = number of runs with outcome o, over the runs of program_id
 * (0: every program) and build_id (0: every build).  Returns the total. */
int64_t sd_catalog_count_outcomes(sd_catalog *c, int64_t program_id, int64_t build_id,
                                  int64_t counts[SD_OUTCOME_COUNT], sd_error *err);

/* The same, over the runs whose perturb column is perturb ("" for the
 * unperturbed runs; NULL: every run). */
int64_t sd_catalog_count_perturbed(sd_catalog *c, int64_t program_id, int64_t build_id,
                                   const char *perturb, int64_t counts[SD_OUTCOME_COUNT],
                                   sd_error *err);
/* PRAGMA integrity_check: 0 when "ok", else SD_EFORMAT with its first
 * complaint. */
int sd_catalog_check(sd_catalog *c, sd_error *err);

/* ---- reading runs back ---- */
typedef struct sd_run_iter sd_run_iter;

/* Iterates the runs of program_id (0: all) and build_id (0: all), by
 * build then seq.  Free with sd_run_iter_free before writing to c. */
int sd_catalog_runs(sd_catalog *c, int64_t program_id, int64_t build_id, sd_run_iter **out,
                    sd_error *err);
/* Returns 1 with *r filled (its strings live until the next call or the
 * free), 0 at the end, or a negative SD_E* code. */
int sd_run_iter_next(sd_run_iter *it, sd_run_rec *r, sd_error *err);
void sd_run_iter_free(sd_run_iter *it); /* it may be NULL */

/* ---- run parameters as JSON ---- */
typedef struct sd_run_params {
    int gomaxprocs;         /* 0: not set */
    int race;
    int64_t seed;
    int64_t timeout_ms;     /* 0: not set */
    const char *const *env; /* extra "K=V" strings, NULL-terminated; may be NULL */
} sd_run_params;

/* Writes p as a JSON object, e.g. {"gomaxprocs":4,"race":false,"seed":7,
 * "timeout_ms":10000,"env":{"GODEBUG":"x=1"}}, into buf (at most cap bytes,
 * NUL included; buf may be NULL when cap is 0).  Returns the length of the
 * whole JSON text (as snprintf: a result >= cap means it was cut), or
 * SD_EINVAL for an env entry without '=', or SD_ENOMEM. */
int64_t sd_run_params_json(const sd_run_params *p, char *buf, size_t cap, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
