/*
 * distfile.h - the binary file of prediction points that training reads
 * (docs/distfile.md): a header with magic, version and counts, fixed-size
 * records, and a checksum of everything before it.  Readers refuse a
 * file with a wrong magic, an unknown version, a length that does not
 * match its counts, or a bad checksum, naming the file and the offset.
 */
#ifndef STEPDIST_DISTFILE_H
#define STEPDIST_DISTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "stepdist/dist.h"
#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_DISTFILE_MAGIC "SDDIST01"
#define SD_DISTFILE_VERSION 1u

/* One record: a prediction point of one program. */
typedef struct sd_distrec {
    uint32_t program; /* index into the file's program names */
    sd_dpoint point;
} sd_distrec;

typedef struct sd_distfile {
    char **programs; /* program paths */
    uint32_t nprograms;
    sd_distrec *recs;
    uint64_t nrecs;
} sd_distfile;

/* Writes programs and records to path (atomically: a temporary file renamed
 * into place).  0 or a negative code. */
int sd_distfile_write(const char *path, const sd_distfile *f, sd_error *err);

/* Reads a file from memory (name for messages).  0 and *out filled (free
 * with sd_distfile_release), or SD_EFORMAT/SD_EVERSION/SD_ENOMEM with err
 * naming the offset and what was expected. */
int sd_distfile_parse(const void *data, size_t len, const char *name, sd_distfile *out,
                      sd_error *err);
/* Reads path (see sd_distfile_parse). */
int sd_distfile_read(const char *path, sd_distfile *out, sd_error *err);
void sd_distfile_release(sd_distfile *f); /* accepts NULL */

#ifdef __cplusplus
}
#endif
#endif
