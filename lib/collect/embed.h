/*
 * embed.h - files carried inside the library (the Go harness sources),
 * generated at build time by scripts/embed.sh.
 */
#ifndef STEPDIST_EMBED_H
#define STEPDIST_EMBED_H

#include <stddef.h>

typedef struct sd_embedded_file {
    const char *path; /* relative, '/'-separated */
    const unsigned char *data;
    size_t len;
} sd_embedded_file;

/* The harness module (harness/), terminated by an entry with path NULL. */
extern const sd_embedded_file sd__harness_files[];

#endif
