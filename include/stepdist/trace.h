/*
 * trace.h - a streaming reader of Go execution traces (Go 1.22 and 1.23).
 *
 * Events come out in exactly the order Go's own reader (internal/trace)
 * gives them: per-goroutine and per-P sequence numbers, status events,
 * syscall and ProcSteal rules, coroutine switches.  The one freedom Go
 * leaves open, the order of events with equal timestamps on different
 * threads, is resolved here deterministically by thread id.
 *
 * Memory is bounded by the largest generation of the trace, not the file.
 * Strings and stacks an event points to stay valid until the reader moves
 * past the next Sync event (the end of the event's generation).
 */
#ifndef STEPDIST_TRACE_H
#define STEPDIST_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Raw event types of the Go 1.22/1.23 wire format (go122 in Go's source). */
#define SD_EV_TYPE_MAP(X)                                                    \
    X(None, 0) X(EventBatch, 1) X(Stacks, 2) X(Stack, 3) X(Strings, 4)       \
    X(String, 5) X(CPUSamples, 6) X(CPUSample, 7) X(Frequency, 8)            \
    X(ProcsChange, 9) X(ProcStart, 10) X(ProcStop, 11) X(ProcSteal, 12)      \
    X(ProcStatus, 13) X(GoCreate, 14) X(GoCreateSyscall, 15) X(GoStart, 16)  \
    X(GoDestroy, 17) X(GoDestroySyscall, 18) X(GoStop, 19) X(GoBlock, 20)    \
    X(GoUnblock, 21) X(GoSyscallBegin, 22) X(GoSyscallEnd, 23)               \
    X(GoSyscallEndBlocked, 24) X(GoStatus, 25) X(STWBegin, 26)               \
    X(STWEnd, 27) X(GCActive, 28) X(GCBegin, 29) X(GCEnd, 30)                \
    X(GCSweepActive, 31) X(GCSweepBegin, 32) X(GCSweepEnd, 33)               \
    X(GCMarkAssistActive, 34) X(GCMarkAssistBegin, 35)                       \
    X(GCMarkAssistEnd, 36) X(HeapAlloc, 37) X(HeapGoal, 38) X(GoLabel, 39)   \
    X(UserTaskBegin, 40) X(UserTaskEnd, 41) X(UserRegionBegin, 42)           \
    X(UserRegionEnd, 43) X(UserLog, 44) X(GoSwitch, 45)                      \
    X(GoSwitchDestroy, 46) X(GoCreateBlocked, 47) X(GoStatusStack, 48)       \
    X(ExperimentalBatch, 49) X(Span, 128) X(SpanAlloc, 129) X(SpanFree, 130) \
    X(HeapObject, 131) X(HeapObjectAlloc, 132) X(HeapObjectFree, 133)        \
    X(GoroutineStack, 134) X(GoroutineStackAlloc, 135)                       \
    X(GoroutineStackFree, 136)

enum {
#define SD_EV_ENUM_(name, value) SD_EV_##name = (value),
    SD_EV_TYPE_MAP(SD_EV_ENUM_)
#undef SD_EV_ENUM_
    SD_EV_SYNC = 255 /* synthesised at the end of each generation */
};

/* What an event means to a reader of the trace (Go's trace.EventKind). */
typedef enum sd_event_kind {
    SD_KIND_BAD = 0,
    SD_KIND_SYNC,
    SD_KIND_METRIC,
    SD_KIND_LABEL,
    SD_KIND_STACK_SAMPLE,
    SD_KIND_RANGE_BEGIN,
    SD_KIND_RANGE_ACTIVE,
    SD_KIND_RANGE_END,
    SD_KIND_TASK_BEGIN,
    SD_KIND_TASK_END,
    SD_KIND_REGION_BEGIN,
    SD_KIND_REGION_END,
    SD_KIND_LOG,
    SD_KIND_STATE_TRANSITION,
    SD_KIND_EXPERIMENTAL
} sd_event_kind;

/* Goroutine states (Go's trace.GoState). */
typedef enum sd_go_state {
    SD_GO_UNDETERMINED = 0,
    SD_GO_NOTEXIST,
    SD_GO_RUNNABLE,
    SD_GO_RUNNING,
    SD_GO_WAITING,
    SD_GO_SYSCALL
} sd_go_state;

/* Proc states (Go's trace.ProcState). */
typedef enum sd_proc_state {
    SD_PROC_UNDETERMINED = 0,
    SD_PROC_NOTEXIST,
    SD_PROC_RUNNING,
    SD_PROC_IDLE
} sd_proc_state;

typedef enum sd_resource_kind {
    SD_RES_NONE = 0,
    SD_RES_GOROUTINE,
    SD_RES_PROC,
    SD_RES_THREAD
} sd_resource_kind;

#define SD_NO_GOROUTINE ((int64_t)-1)
#define SD_NO_PROC ((int64_t)-1)
#define SD_NO_THREAD ((int64_t)-1)
#define SD_NO_TASK UINT64_MAX

/* A string of the trace: not necessarily NUL-free, but always followed by a
 * NUL byte so that ptr can be used as a C string when the data allows. */
typedef struct sd_str {
    const char *ptr;
    size_t len;
} sd_str;

typedef struct sd_frame {
    uint64_t pc;
    sd_str func;
    sd_str file;
    uint64_t line;
} sd_frame;

typedef struct sd_stack {
    const sd_frame *frames; /* NULL when n == 0 */
    size_t n;
    uint64_t id; /* stack id in its generation; 0 = no stack */
} sd_stack;

struct sd_trace_gen; /* internal: the tables of one generation */

/* One ordered event.  Plain data: copy it freely within its generation. */
typedef struct sd_event {
    uint8_t type;        /* SD_EV_* */
    int64_t time;        /* nanoseconds, strictly increasing through a trace */
    int64_t m, p, g;     /* thread, proc, goroutine context; -1 = none */
    uint64_t args[5];    /* the wire arguments after the timestamp, with Go's
                            reader's adjustments (old states etc.) */
    uint64_t gen;        /* generation number */
    int64_t offset;      /* byte offset of the event in the file, -1 if none */
    const struct sd_trace_gen *tab; /* owner of strings and stacks */
} sd_event;

/* A state transition (kind SD_KIND_STATE_TRANSITION). */
typedef struct sd_transition {
    sd_resource_kind resource; /* SD_RES_GOROUTINE or SD_RES_PROC */
    int64_t id;                /* goroutine or proc id */
    int from, to;              /* sd_go_state or sd_proc_state values */
    sd_str reason;             /* GoBlock / GoStop reason, or empty */
    sd_stack stack;            /* the transition's stack (creation stack for
                                  GoCreate), may be empty */
    int has_stack;             /* Go prints a TransitionStack section */
} sd_transition;

typedef struct sd_trace sd_trace;

/* Reader options; zero-initialise for defaults. */
typedef struct sd_trace_opts {
    size_t max_gen_bytes; /* refuse generations larger than this (0: 1 GiB) */
} sd_trace_opts;

/* Opens path ("-" for standard input) and reads the header.  On success
 * stores a new reader in *out (free it with sd_trace_free) and returns 0;
 * on failure returns a negative code, fills err and stores NULL. */
int sd_trace_open(sd_trace **out, const char *path, const sd_trace_opts *opts,
                  sd_error *err);

/* Like sd_trace_open but reads from f, which stays owned by the caller; name
 * is used in messages. */
int sd_trace_open_file(sd_trace **out, FILE *f, const char *name,
                       const sd_trace_opts *opts, sd_error *err);

/* Like sd_trace_open but reads a trace held in memory (not copied: data must
 * outlive the reader). */
int sd_trace_open_mem(sd_trace **out, const void *data, size_t len,
                      const char *name, const sd_trace_opts *opts,
                      sd_error *err);

/* Reads the next event into *ev.  Returns 1 for an event, 0 at the end of the
 * trace, or a negative code with err filled.  After an error every further
 * call returns the same error. */
int sd_trace_next(sd_trace *t, sd_event *ev, sd_error *err);

/* The Go minor version of the trace (22 or 23). */
int sd_trace_version(const sd_trace *t);

/* Statistics of what has been read so far. */
typedef struct sd_trace_stats {
    uint64_t events;      /* events returned */
    uint64_t generations; /* generations loaded */
    uint64_t bytes;       /* bytes consumed from the input */
    size_t peak_gen_bytes; /* largest memory held for one generation */
} sd_trace_stats;
void sd_trace_get_stats(const sd_trace *t, sd_trace_stats *st);

/* Frees t and everything it holds.  Accepts NULL. */
void sd_trace_free(sd_trace *t);

/* --- Interpreting events (pure functions of the event and its table) --- */

sd_event_kind sd_event_kind_of(const sd_event *ev);
const char *sd_event_kind_name(sd_event_kind k);
/* Name of a raw event type ("GoBlock"); "Invalid" for unknown types. */
const char *sd_event_type_name(unsigned type);
const char *sd_go_state_name(int s);
const char *sd_proc_state_name(int s);

/* The event's own stack (Go's Event.Stack()); empty if it has none. */
sd_stack sd_event_stack(const sd_event *ev);

/* Fills *tr for a state-transition event and returns 1; returns 0 for any
 * other kind. */
int sd_event_transition(const sd_event *ev, sd_transition *tr);

/* Looks up a string of the event's generation (0 gives the empty string).
 * Returns 1 and fills *s, or 0 if the id is unknown. */
int sd_event_string(const sd_event *ev, uint64_t id, sd_str *s);

#ifdef __cplusplus
}
#endif
#endif
