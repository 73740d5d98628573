/*
 * leaks.h - goroutines stuck for good, across the runs of one program
 * (DESIGN.md "Leaks", docs/leaks.md).  Runs are added one canonical
 * stream at a time; sd_leaks_finish then decides, with what all runs
 * showed, which blocked goroutines are stuck for good and groups them into
 * findings by blocking site and creation site.
 *
 * A goroutine is stuck for good at the end of a run when it is one of the
 * user's, its last event is a block on a channel, select, lock,
 * WaitGroup, Cond or nothing (select{}, nil channel), and nothing left
 * can wake it: no user goroutine still running, runnable, sleeping or in
 * a syscall, and no goroutine waiting where a timer or the runtime wakes
 * it (a timer channel in the blocking statement, or a site that some run
 * saw woken by no goroutine of the program).  The timer exception holds
 * only in runs where the user's code returned: where it never did and the
 * watchdog stopped the run with every goroutine blocked, the timers had
 * the whole watchdog period to fire.  A goroutine that a ticker wakes
 * again and again and that waits on it at the end never ends: stuck too.
 */
#ifndef STEPDIST_LEAKS_H
#define STEPDIST_LEAKS_H

#include <stddef.h>
#include <stdint.h>

#include "stepdist/error.h"
#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sd_deadlock {
    SD_DEADLOCK_NONE = 0,    /* nothing stuck for good */
    SD_DEADLOCK_PARTIAL = 1, /* some goroutines stuck, the program went on (or returned) */
    SD_DEADLOCK_GLOBAL = 2   /* the user's code never returned and every goroutine left is stuck */
} sd_deadlock;

/* "none", "partial", "global". */
const char *sd_deadlock_name(int d);

/* A goroutine at the end of a run.  Strings are owned by the sd_leaks
 * object. */
typedef struct sd_stuck {
    const char *name;   /* canonical goroutine name */
    const char *reason; /* "chan send", "Mutex.Lock", ...; "" when not blocked */
    sd_site site;       /* where it blocks (or is); file "" when only in framework code */
    sd_site callers[SD_CEV_OUTER_MAX]; /* the program's frames that called
                                          site's function, innermost first */
    size_t ncallers;
    sd_site created;    /* its go statement */
    int ticker;         /* woken here by a timer twice or more in the run and
                         * waiting here again: a ticker nobody stops, so the
                         * goroutine never ends */
} sd_stuck;

typedef struct sd_leak_run {
    int64_t run_id;      /* as given to sd_leaks_add_run */
    const char *params;  /* the run's schedule parameters (JSON), as given */
    sd_deadlock deadlock;
    size_t nstuck;       /* goroutines stuck for good (those that form the deadlock) */
    const sd_stuck *stuck;
    size_t nexcused;     /* blocked at the end, but something left could still wake them */
    size_t nalive;       /* goleak-style: goroutines (not the root) not ended when the user's */
    const sd_stuck *alive; /* code returned, or at the trace's end if it never did */
} sd_leak_run;

/* One blocking site (with reason and creation site) stuck in k runs. */
typedef struct sd_leak_finding {
    const char *reason;
    sd_site site;
    sd_site created;
    const char *goroutine; /* the name of the first goroutine stuck there */
    sd_site callers[SD_CEV_OUTER_MAX]; /* ... and how it got there (its callers,
                                          innermost first) */
    size_t ncallers;
    int64_t runs;          /* k: runs where some goroutine was stuck there */
    const size_t *run_index; /* the k runs, as indices for sd_leaks_run */
    int select_signature;  /* a select whose goroutine, in every run that
                            * blocked there, never saw a GoUnblock after its
                            * first block there */
    int64_t signature_runs; /* runs in which that goroutine blocked there */
} sd_leak_finding;

typedef struct sd_leaks sd_leaks;

/* A new, empty analysis; 0 or SD_ENOMEM.  Free with sd_leaks_free. */
int sd_leaks_new(sd_leaks **out, sd_error *err);
void sd_leaks_free(sd_leaks *l); /* l may be NULL */

/* Adds one run's stream (not kept: it may be freed after the call).
 * params may be NULL ("{}").  0 or SD_ENOMEM; SD_EINVAL after finish.
 * After an error the object may only be freed. */
int sd_leaks_add_run(sd_leaks *l, const sd_cstream *s, int64_t run_id, const char *params,
                     sd_error *err);

/* Decides the runs' stuck goroutines and builds the findings (most runs
 * first, then by site).  Reads the blocking statements' source files when
 * they exist (a missing file is not an error).  0 or SD_ENOMEM. */
int sd_leaks_finish(sd_leaks *l, sd_error *err);

size_t sd_leaks_nruns(const sd_leaks *l);
const sd_leak_run *sd_leaks_run(const sd_leaks *l, size_t i);
size_t sd_leaks_nfindings(const sd_leaks *l);
const sd_leak_finding *sd_leaks_finding(const sd_leaks *l, size_t i);

/* Is reason a block that no timer or I/O will end? */
int sd_leaks_reason_counts(const char *reason);

/* Line `line` of file into buf, without its newline and leading blanks;
 * 1 found, 0 no such file or line. */
int sd_leaks_source_line(const char *file, uint32_t line, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
