/*
 * cmd_dump.c - `stepdist dump`: print the ordered events of a trace, as
 * `go tool trace -d=1` prints them, or as JSON lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_dump_usage[] =
    "Usage: stepdist dump [--json] [--stats] [--quiet] TRACE\n"
    "\n"
    "Reads a Go execution trace (Go 1.22 or 1.23 format; '-' reads standard\n"
    "input) and prints its events in the order Go's own reader gives them.\n"
    "\n"
    "  --json    one JSON object per event instead of Go's text form\n"
    "  --stats   after the events, print counts and peak memory to stderr\n"
    "  --quiet   parse and check only; print nothing but errors\n"
    "\n"
    "The text form is that of 'go tool trace -d=1'.  On a broken or truncated\n"
    "trace the events before the damage are printed, then the error (naming\n"
    "the file and byte offset); the exit status is then 1.\n";

int cmd_dump(int argc, char **argv)
{
    const char *path = NULL;
    sd_format fmt = SD_FORMAT_GO;
    int stats = 0, quiet = 0, i, rc, status = EXIT_OK;
    sd_trace *t = NULL;
    sd_printer *pr = NULL;
    sd_error err;
    sd_event ev;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) fmt = SD_FORMAT_JSON;
        else if (strcmp(argv[i], "--stats") == 0) stats = 1;
        else if (strcmp(argv[i], "--quiet") == 0) quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("dump", "unknown option '%s'", argv[i]);
        else if (path)
            return cli_usage_error("dump", "more than one trace given");
        else path = argv[i];
    }
    if (!path) return cli_usage_error("dump", "no trace file given");

    sd_error_clear(&err);
    if (sd_trace_open(&t, path, NULL, &err) < 0) return cli_error("%s", err.msg);
    if (!quiet) {
        pr = sd_printer_new(stdout, fmt);
        if (!pr) {
            sd_trace_free(t);
            return cli_error("out of memory");
        }
    }
    while ((rc = sd_trace_next(t, &ev, &err)) > 0) {
        if (pr && sd_printer_event(pr, &ev) < 0) break;
    }
    if (pr && sd_printer_free(pr) < 0) {
        status = cli_error("writing output: %s", strerror(errno ? errno : EIO));
    }
    if (rc < 0) status = cli_error("%s", err.msg);
    if (stats) {
        sd_trace_stats st;
        sd_trace_get_stats(t, &st);
        fprintf(stderr, "events %llu, generations %llu, bytes %llu, peak generation memory %zu\n",
                (unsigned long long)st.events, (unsigned long long)st.generations,
                (unsigned long long)st.bytes, st.peak_gen_bytes);
    }
    sd_trace_free(t);
    return status;
}
