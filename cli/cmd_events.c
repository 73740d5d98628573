/*
 * cmd_events.c - `stepdist events`: the canonical event stream of a run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_events_usage[] =
    "Usage: stepdist events [--json] [--all-goroutines] TRACE\n"
    "       stepdist events [--json] [--all-goroutines] --catalog DB RUN-ID\n"
    "\n"
    "Prints the canonical event stream of a traced run (docs/events.md): the\n"
    "goroutine transitions mapped to GoCreate, GoStart, GoBlock, GoUnblock,\n"
    "GoSched and GoEnd, on the user's goroutines, with names stable across\n"
    "runs ('main', 'main/file.go:LINE#K' for the K-th goroutine main creates at\n"
    "that line, ...), block reasons, source sites and, for GoCreate and\n"
    "GoUnblock, the goroutine that did it.\n"
    "\n"
    "  --catalog DB       read run RUN-ID of a catalog made by 'stepdist collect'\n"
    "  --json             one JSON object per event\n"
    "  --all-goroutines   keep runtime, test-framework and harness goroutines\n"
    "\n"
    "Text lines read: INDEX TYPE GOROUTINE [REASON] at FUNC FILE:LINE [by ACTOR ...].\n"
    "A trace damaged at the end gives the events before the damage, then the\n"
    "error on stderr and exit status 1.\n";

int cmd_events(int argc, char **argv)
{
    const char *path = NULL, *msg, *catalog = NULL;
    char tracebuf[8192];
    sd_events_opts opts = {0};
    int json = 0, i, status = EXIT_OK;
    sd_cstream *s = NULL;
    sd_error err;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) json = 1;
        else if (strcmp(argv[i], "--all-goroutines") == 0) opts.all_goroutines = 1;
        else if (strcmp(argv[i], "--catalog") == 0) {
            if (++i >= argc) return cli_usage_error("events", "--catalog needs a file");
            catalog = argv[i];
        }
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("events", "unknown option '%s'", argv[i]);
        else if (path)
            return cli_usage_error("events", "more than one trace given");
        else path = argv[i];
    }
    if (!path) return cli_usage_error("events", catalog ? "no run id given" : "no trace file given");
    if (catalog) {
        int rc = cli_run_trace_path("events", catalog, path, tracebuf, sizeof tracebuf);
        if (rc != EXIT_OK) return rc;
        path = tracebuf;
    }
    sd_error_clear(&err);
    if (sd_events_from_trace(path, &opts, &s, &err) < 0) return cli_error("%s", err.msg);
    if (sd_cstream_print(s, stdout, json) < 0 || fflush(stdout) != 0)
        status = cli_error("writing output failed");
    if (sd_cstream_status(s, &msg) < 0) status = cli_error("%s", msg);
    sd_cstream_free(s);
    return status;
}
