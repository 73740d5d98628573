/*
 * cmd_export.c - `stepdist export --format chat`: a catalog's prediction
 * points as chat records for fine-tuning and asking language models, split
 * into train and test by program with the folds of `stepdist eval`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/chat.h"
#include "stepdist/dist.h"

const char cmd_export_usage[] =
    "Usage: stepdist export --format chat --catalog DB -o DIR [--folds K --fold I] [--seed S]\n"
    "                       [-m RUNS] [--mode prefix|own|paper] [--max-events N]\n"
    "\n"
    "Writes DIR/train.jsonl and DIR/test.jsonl: one chat record per prediction\n"
    "point (system, user and assistant messages, as used to fine-tune code\n"
    "models), with \"program\" and \"point\" named as 'stepdist score' reads\n"
    "them.  The prompt holds the package's Go source, the goroutine table and\n"
    "the events of the prefix; the answer is the empirical distribution of\n"
    "the next event's type, e.g. {\"GoStart\":0.7,\"GoBlock\":0.3}.  No outcome of\n"
    "any run is in a prompt.  docs/export.md shows a record and how to score a\n"
    "model's answers.\n"
    "\n"
    "  --format chat     the only format\n"
    "  --catalog DB      the catalog made by 'stepdist collect'\n"
    "  -o DIR            the directory to write (made if missing)\n"
    "  --folds K --fold I  test.jsonl holds the programs of fold I (0-based) of\n"
    "                    the K folds of 'stepdist eval --folds K --seed S', train.jsonl\n"
    "                    the rest (default 5 and 0; --seed default 1)\n"
    "  -m RUNS           prefix mode: minimum runs through a prefix (default 20)\n"
    "  --mode MODE       prefix (default), own or paper, as in 'stepdist eval';\n"
    "                    split modes answer with the (program, split) group's\n"
    "                    distribution\n"
    "  --max-events N    show at most the last N events of a prefix, with a note\n"
    "                    (default 200; 0: all)\n";

typedef struct export_out {
    FILE *f;
    const char *path;
    long long records, programs;
} export_out;

/* The run through which point x's prefix was first seen (prefix mode: the
 * first run whose path passes node x->node at depth x->depth). */
static int prompt_run(const sd_dpoint *x, sd_cstream **streams, uint32_t **paths, size_t n)
{
    size_t r;
    for (r = 0; r < n; r++)
        if (sd_cstream_len(streams[r]) >= x->depth && paths[r][x->depth] == x->node) return (int)r;
    return -1;
}

/* Writes the records of one program's points to o. */
static int export_program(export_out *o, sd_point_mode mode, int min_runs, size_t max_events, const char *program,
                          const char *source, const sd_dist *d, sd_cstream **streams, uint32_t **paths, size_t ns)
{
    sd_chat_point cp;
    sd_error err;
    char name[64];
    long long before = o->records;
    memset(&cp, 0, sizeof cp);
    cp.program = program;
    cp.point = name;
    cp.source = source;
    cp.max_events = max_events;
    if (mode == SD_POINTS_PREFIX) {
        sd_dpoint *pts = NULL;
        size_t n = 0, k;
        if (sd_dist_points(d, min_runs, &pts, &n, &err) < 0) return cli_error("%s", err.msg);
        for (k = 0; k < n; k++) {
            int r = prompt_run(&pts[k], streams, paths, ns);
            if (r < 0) {
                sd_dist_points_free(pts);
                return cli_error("%s: internal: no run reaches point node:%u", program, pts[k].node);
            }
            sd_point_name(mode, &pts[k], name, sizeof name);
            cp.stream = streams[r];
            cp.depth = pts[k].depth;
            cp.counts = pts[k].counts;
            if (sd_chat_write(o->f, &cp, &err) < 0) {
                sd_dist_points_free(pts);
                return cli_error("%s: %s", o->path, err.msg);
            }
            o->records++;
        }
        sd_dist_points_free(pts);
    } else {
        /* split mode: every row of a (program, split) group is scored
         * against the group's next events (DESIGN.md) */
        size_t n, i;
        const sd_split_row *rows = sd_dist_split_rows(d, &n);
        uint32_t groups[4][SD_CEV_NTYPES];
        int s;
        memset(groups, 0, sizeof groups);
        for (i = 0; i < n; i++) groups[rows[i].split][rows[i].next_type]++;
        for (s = 1; s <= 3; s++)
            for (i = 0; i < n; i++) {
                if (rows[i].split != s) continue;
                if (rows[i].run >= ns) return cli_error("%s: internal: split row of run %u", program, rows[i].run);
                sd_point_name(mode, &rows[i].state, name, sizeof name);
                cp.stream = streams[rows[i].run];
                cp.depth = rows[i].state.depth;
                cp.counts = groups[s];
                if (sd_chat_write(o->f, &cp, &err) < 0) return cli_error("%s: %s", o->path, err.msg);
                o->records++;
                if (mode == SD_POINTS_PAPER) break; /* the group's first run gives the prompt */
            }
    }
    o->programs += o->records > before;
    return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *dir = NULL, *format = NULL;
    int min_runs = 20, folds = 5, fold = 0, mode = SD_POINTS_PREFIX, i, status = EXIT_OK;
    long max_events = 200;
    uint64_t seed = 1;
    sd_catalog *cat = NULL;
    sd_error err;
    int64_t maxp = 0, p;
    int *fold_of = NULL;
    char catdir[4096], path[4096];
    export_out out[2]; /* 0: train, 1: test */

    memset(out, 0, sizeof out);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (!strcmp(a, "--format") || !strcmp(a, "--catalog") || !strcmp(a, "-o") || !strcmp(a, "--folds") ||
            !strcmp(a, "--fold") || !strcmp(a, "--seed") || !strcmp(a, "-m") || !strcmp(a, "--mode") ||
            !strcmp(a, "--max-events")) {
            if (!v) return cli_usage_error("export", "%s needs a value", a);
            i++;
        } else {
            return cli_usage_error("export", "unexpected argument '%s'", a);
        }
        if (!strcmp(a, "--format")) format = v;
        else if (!strcmp(a, "--catalog")) db = v;
        else if (!strcmp(a, "-o")) dir = v;
        else if (!strcmp(a, "--folds")) folds = (int)strtol(v, &end, 10);
        else if (!strcmp(a, "--fold")) fold = (int)strtol(v, &end, 10);
        else if (!strcmp(a, "--seed")) seed = strtoull(v, &end, 10);
        else if (!strcmp(a, "-m")) min_runs = (int)strtol(v, &end, 10);
        else if (!strcmp(a, "--max-events")) max_events = strtol(v, &end, 10);
        else if ((mode = sd_point_mode_parse(v)) < 0)
            return cli_usage_error("export", "--mode %s: want prefix, own or paper", v);
        if (end && (*end || end == v)) return cli_usage_error("export", "%s %s: want a number", a, v);
    }
    if (!format) return cli_usage_error("export", "no format given (--format chat)");
    if (strcmp(format, "chat") != 0) return cli_usage_error("export", "--format %s: the only format is chat", format);
    if (!db) return cli_usage_error("export", "no catalog given (--catalog DB)");
    if (!dir) return cli_usage_error("export", "no output directory given (-o DIR)");
    if (folds < 2 || fold < 0 || fold >= folds)
        return cli_usage_error("export", "--folds K (>= 2) and --fold I (0 <= I < K)");
    if (min_runs < 1 || max_events < 0) return cli_usage_error("export", "-m >= 1 and --max-events >= 0");
    cli_dirname(db, catdir, sizeof catdir);
    sd_error_clear(&err);
    /* the folds of stepdist eval */
    if ((status = cli_open_catalog_folds(db, folds, seed, &cat, &maxp, &fold_of)) != EXIT_OK) goto done;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        status = cli_error("%s: cannot make the directory: %s", dir, strerror(errno));
        goto done;
    }
    for (i = 0; i < 2; i++) {
        size_t len = strlen(dir) + 16;
        char *op = malloc(len);
        if (!op) {
            status = cli_error("out of memory");
            goto done;
        }
        snprintf(op, len, "%s/%s", dir, i ? "test.jsonl" : "train.jsonl");
        out[i].path = op;
        if (!(out[i].f = fopen(op, "w"))) {
            status = cli_error("%s: cannot write: %s", op, strerror(errno));
            goto done;
        }
    }
    for (p = 1; p <= maxp && status == EXIT_OK; p++) {
        sd_dist *d = NULL;
        sd_cstream **streams = NULL;
        uint32_t **tpaths = NULL;
        size_t ns = 0;
        int64_t skipped = 0;
        char *source = NULL;
        int rc;
        if ((rc = sd_catalog_program_path(cat, p, path, sizeof path, &err)) <= 0) {
            if (rc < 0) status = cli_error("%s", err.msg);
            continue;
        }
        if (sd_chat_read_source(path, &source, &err) < 0 ||
            sd_dist_load_program_streams(cat, catdir, p, &d, &streams, &tpaths, &ns, &skipped, &err) < 0) {
            status = cli_error("%s", err.msg);
        } else {
            if (skipped)
                fprintf(stderr, "stepdist export: %s: %lld runs skipped (traces damaged)\n", path, (long long)skipped);
            status = export_program(&out[fold_of[p] == fold], (sd_point_mode)mode, min_runs, (size_t)max_events,
                                    path, source, d, streams, tpaths, ns);
        }
        sd_chat_source_free(source);
        sd_dist_streams_free(streams, tpaths, ns);
        sd_dist_free(d);
    }
    if (status == EXIT_OK)
        fprintf(stderr, "stepdist export: %s: %lld records from %lld programs; %s: %lld records from %lld programs "
                        "(fold %d of %d, seed %llu)\n",
                out[0].path, out[0].records, out[0].programs, out[1].path, out[1].records, out[1].programs, fold,
                folds, (unsigned long long)seed);
done:
    for (i = 0; i < 2; i++) {
        if (out[i].f && fclose(out[i].f) != 0 && status == EXIT_OK)
            status = cli_error("%s: write failed", out[i].path);
        free((char *)out[i].path);
    }
    free(fold_of);
    sd_catalog_free(cat);
    return status;
}
