/*
 * format.h - printing ordered events: the text of `go tool trace -d=1`
 * (byte for byte) and one JSON object per line.
 */
#ifndef STEPDIST_FORMAT_H
#define STEPDIST_FORMAT_H

#include <stddef.h>

#include "stepdist/trace.h"

#ifdef __cplusplus
extern "C" {
#endif


typedef enum sd_format {
    SD_FORMAT_GO = 0, /* Go's Event.String() followed by a newline */
    SD_FORMAT_JSON    /* one JSON object and a newline */
} sd_format;

/* A growing output buffer for the printers; caller-owned. */
typedef struct sd_printer sd_printer;

/* Creates a printer writing to f (not owned).  Returns NULL on OOM. */
sd_printer *sd_printer_new(FILE *f, sd_format fmt);
/* Formats ev and writes it out (buffered).  Returns 0 or SD_EIO/SD_ENOMEM. */
int sd_printer_event(sd_printer *pr, const sd_event *ev);
/* Flushes buffered output.  Returns 0 or SD_EIO. */
int sd_printer_flush(sd_printer *pr);
/* Flushes and frees; returns the flush result.  Accepts NULL. */
int sd_printer_free(sd_printer *pr);

#ifdef __cplusplus
}
#endif
#endif
