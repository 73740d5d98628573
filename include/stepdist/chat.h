/*
 * chat.h - prediction points as chat records (system, user and assistant
 * messages, one JSON object a line) for fine-tuning language models and
 * asking them for next-event distributions (docs/export.md).  A record's
 * prompt holds the package's Go source, the goroutine table and the events
 * of the prefix; its answer is the empirical next-type distribution.  No
 * outcome of any run is ever written into a prompt.
 */
#ifndef STEPDIST_CHAT_H
#define STEPDIST_CHAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"
#include "stepdist/events.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The system message of every record. */
extern const char sd_chat_system[];

typedef struct sd_chat_point {
    const char *program;      /* the program's path, as the catalog has it */
    const char *point;        /* its name for stepdist score (sd_point_name) */
    const char *source;       /* the package's source (sd_chat_read_source) */
    const sd_cstream *stream; /* the run whose prefix is shown */
    size_t depth;             /* the prefix: the stream's first depth events */
    const uint32_t *counts;   /* SD_CEV_NTYPES next-type counts, not all 0 */
    size_t max_events;        /* show at most the last max_events events; 0: all */
} sd_chat_point;

/* Reads the Go source of the package in dir: every regular file *.go
 * directly in it, by name, each as "// file: NAME\n" and its text.
 * 0 and a NUL-terminated string in *out (free with sd_chat_source_free);
 * SD_EIO naming the file it could not read; SD_EINVAL when dir holds no
 * .go file. */
int sd_chat_read_source(const char *dir, char **out, sd_error *err);
void sd_chat_source_free(char *source); /* accepts NULL */

/* The user message of p (the prompt), NUL-terminated, into *out (free
 * with sd_chat_source_free).  0, SD_EINVAL (depth past the stream's end)
 * or SD_ENOMEM. */
int sd_chat_prompt(const sd_chat_point *p, char **out, sd_error *err);

/* Writes p as one JSON line to f:
 *   {"messages":[{"role":"system",...},{"role":"user",...},
 *    {"role":"assistant","content":"{\"GoStart\":0.7,...}"}],
 *    "program":...,"point":...,"runs":N}
 * runs: the sum of the counts.  The answer is the counts normalised (%.7g, types with no count left
 * out, in type order).  0, SD_EINVAL (bad depth, all counts 0), SD_ENOMEM
 * or SD_EIO. */
int sd_chat_write(FILE *f, const sd_chat_point *p, sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
