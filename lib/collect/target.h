/*
 * target.h - targeted perturbation (docs/perturb.md): the instrumented
 * sites on the source lines where the unperturbed runs of a program
 * diverge.  Internal to lib/collect.
 */
#ifndef STEPDIST_COLLECT_TARGET_H
#define STEPDIST_COLLECT_TARGET_H

#include <stdint.h>

#include "stepdist/catalog.h"
#include "stepdist/error.h"

/* Reads the plain runs of program_id (catalog in dir), finds the prefixes
 * shared by >= 2 runs after which the runs did different things, and
 * collects the source lines of the events around each divergence (the one
 * before, the competing ones and the next three of each run); then picks from sites_tsv (stepdist-prep's table: "id
 * position op", position FILE:LINE:COL) the sites on those lines or the
 * line before.  *env_out gets "STEPDIST_PERTURB_SITES=ID,ID,..." (free
 * with sd__free), *nactive their number, *nlines the lines found.
 * SD_EINVAL (with a message saying what to run) when the catalog has no
 * plain run of the program. */
int sd__target_sites(sd_catalog *cat, const char *dir, int64_t program_id, const char *sites_tsv,
                     char **env_out, int64_t *nactive, int64_t *nlines, sd_error *err);

#endif
