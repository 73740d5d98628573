/*
 * leaks.h - goroutines stuck for good at the end of a run (DESIGN.md
 * "Leaks"): the user's goroutines whose last event is a block on a
 * channel, select, lock, WaitGroup, Cond or nothing (select{}, nil
 * channel), with the blocking site, the reason and where the goroutine
 * was created.  Sleeping goroutines, pending timers, syscalls and network
 * waits are not leaks.
 */
#ifndef STEPDIST_LEAKS_H
#define STEPDIST_LEAKS_H

#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_stuck {
    uint32_t g;          /* goroutine index in the stream */
    const char *reason;  /* as in the stream: "chan send", "Mutex.Lock", ... */
    sd_site site;        /* where it blocked */
    sd_site created;     /* its go statement */
} sd_stuck;

/* Calls fn for every goroutine stuck at the end of the stream s; returns
 * the number found. */
int sd_leaks_stuck(const sd_cstream *s, void (*fn)(void *ctx, const sd_stuck *st), void *ctx);

/* Is reason a block that no timer or I/O will end? */
int sd_leaks_reason_counts(const char *reason);

#ifdef __cplusplus
}
#endif
#endif
