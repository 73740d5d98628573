/*
 * events.h - the canonical event stream of one run (docs/events.md): the
 * goroutine state transitions of a trace mapped to six types, on user
 * goroutines with names that are stable across runs, with block reasons,
 * source sites and actors.
 */
#ifndef STEPDIST_EVENTS_H
#define STEPDIST_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"
#include "stepdist/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_CEV_TYPE_MAP(X) \
    X(CREATE, "GoCreate") X(START, "GoStart") X(BLOCK, "GoBlock") \
    X(UNBLOCK, "GoUnblock") X(SCHED, "GoSched") X(END, "GoEnd")

typedef enum sd_cev_type {
#define SD_CEV_ENUM_(name, str) SD_CEV_##name,
    SD_CEV_TYPE_MAP(SD_CEV_ENUM_)
#undef SD_CEV_ENUM_
    SD_CEV_NTYPES
} sd_cev_type;

const char *sd_cev_type_name(int type);
/* Parses "GoBlock" etc.; returns the type or -1. */
int sd_cev_type_parse(const char *s);

#define SD_NO_GOR UINT32_MAX

/* A source site: the first frame of a stack that belongs to the program.
 * Strings are owned by the stream; func is "" when unknown. */
typedef struct sd_site {
    const char *func;
    const char *file;
    uint32_t line;
} sd_site;

typedef struct sd_cevent {
    uint8_t type;       /* sd_cev_type */
    int64_t time;       /* ns since the start of the user's code */
    uint32_t g;         /* goroutine: index into the stream's goroutine table */
    const char *reason; /* GoBlock: "chan send", "Mutex.Lock", ...; else "" */
    sd_site site;       /* where it happens (see docs/events.md) */
    uint32_t actor;     /* GoCreate/GoUnblock: who did it, or SD_NO_GOR */
    sd_site actor_site;
    uint32_t outer;       /* the program frames that called site's function,
                             innermost first (sd_cstream_outer); 0: none */
    uint32_t actor_outer; /* the same for actor_site */
} sd_cevent;

typedef struct sd_goroutine {
    const char *name;  /* canonical: "main", "main/f.go:12#1", ... */
    int64_t gid;       /* the trace's goroutine id */
    uint32_t parent;   /* SD_NO_GOR for the root and goroutines of unknown origin */
    int user;          /* part of the user's program */
    sd_site created;   /* the go statement */
    sd_site start;     /* the goroutine's function */
} sd_goroutine;

typedef struct sd_cstream sd_cstream;

typedef struct sd_events_opts {
    int all_goroutines; /* keep runtime, framework and harness goroutines too */
} sd_events_opts;

/* Reads the trace at path and builds its canonical stream.  On success
 * stores it in *out (free with sd_cstream_free) and returns 0.  A trace
 * that ends in an error still yields the events before the error when
 * partial_ok is set in *out's status (see sd_cstream_status). */
int sd_events_from_trace(const char *path, const sd_events_opts *opts, sd_cstream **out,
                         sd_error *err);

size_t sd_cstream_len(const sd_cstream *s);
const sd_cevent *sd_cstream_events(const sd_cstream *s);
size_t sd_cstream_ngoroutines(const sd_cstream *s);
/* ".../src/" of the Go installation the run used, learnt from its runtime
 * frames ("" when none was seen). */
const char *sd_cstream_goroot(const sd_cstream *s);
/* The call chain `outer` of an event (sd_cevent.outer): up to
 * SD_CEV_OUTER_MAX sites of the program's frames above the event's site,
 * innermost first, in *sites (sites may be NULL); returns how many (0 for
 * 0 or an unknown chain).  They live as long as the stream. */
#define SD_CEV_OUTER_MAX 3
size_t sd_cstream_outer(const sd_cstream *s, uint32_t outer, const sd_site **sites);
const sd_goroutine *sd_cstream_goroutine(const sd_cstream *s, uint32_t g);
/* 0 if the whole trace was read; else the reader's error code, with the
 * message in *msg (owned by the stream): the events are those before it. */
int sd_cstream_status(const sd_cstream *s, const char **msg);
/* 1 if the trace carried the harness's begin marker. */
int sd_cstream_has_marker(const sd_cstream *s);
/* When the user's code returned: the time (as in sd_cevent.time) of the
 * harness's end marker, or -1 when the trace has none (the code never
 * returned: a deadlock or hang the watchdog stopped, or no harness). */
int64_t sd_cstream_end_time(const sd_cstream *s);
void sd_cstream_free(sd_cstream *s);

/* Prints the stream to f: one line per event, as text or as JSON objects.
 * Returns 0 or SD_EIO / SD_ENOMEM. */
int sd_cstream_print(const sd_cstream *s, FILE *f, int json);
/* The same for the events [from, to) (to is capped at the length), with
 * their indexes in the whole stream. */
int sd_cstream_print_range(const sd_cstream *s, size_t from, size_t to, FILE *f, int json);

#ifdef __cplusplus
}
#endif
#endif
