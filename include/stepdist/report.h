/*
 * report.h - the HTML report of a catalog (docs/report.md): one
 * self-contained file (inline SVG and CSS, no scripts, nothing fetched)
 * with, per program, the outcomes of its runs, the goroutines stuck for
 * good by line, the points where its runs diverge with their next-event
 * distributions (and the model's, when one is given) and the source lines
 * of the competing events, and a timeline of one run per outcome; and,
 * with a model, its reliability diagram and per-type accuracy on the
 * catalog's runs.
 */
#ifndef STEPDIST_REPORT_H
#define STEPDIST_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "stepdist/error.h"
#include "stepdist/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sd_report_summary {
    int64_t programs, runs;     /* runs with a readable trace */
    int64_t stuck_sites;        /* findings: (reason, blocking site, creation site) */
    int64_t divergence_points;  /* over all programs */
} sd_report_summary;

typedef struct sd_report_opts {
    const char *title;        /* NULL: "stepdist report" */
    const sd_model *model;    /* NULL: no model sections */
    const char *model_name;   /* shown with the model's sections */
    int min_runs;             /* runs a prefix needs to be a point (default 5) */
    int max_points;           /* divergence points shown per program (default 6) */
    int max_goroutines;       /* timeline rows (default 32) */
    sd_report_summary *summary; /* filled when not NULL */
} sd_report_opts;

void sd_report_opts_default(sd_report_opts *o);

struct sd_catalog;
/* Writes the report of every program of cat (dir: the catalog's
 * directory) to out.  0 or a negative code (SD_EIO when writing fails). */
int sd_report_write(struct sd_catalog *cat, const char *dir, const sd_report_opts *o, FILE *out,
                    sd_error *err);

#ifdef __cplusplus
}
#endif
#endif
