/*
 * cmd_leaks.c - `stepdist leaks`: goroutines stuck for good, across the
 * runs of a catalog, by blocking site.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/leaks.h"

const char cmd_leaks_usage[] =
    "Usage: stepdist leaks --catalog DB [--json]\n"
    "\n"
    "For every program of the catalog, the goroutines stuck for good at the\n"
    "end of its runs (blocked on a channel, select, lock, WaitGroup, Cond, or\n"
    "forever; not sleeping, not in a syscall or network wait), by the line\n"
    "where they block: in how many of the runs, where they were created, and\n"
    "the GOMAXPROCS values of the runs that showed it, to reproduce it.\n"
    "\n"
    "Exit status: 0 no stuck goroutine, 3 some (fail a CI job like goleak),\n"
    "1 an error, 2 a usage error.\n";

typedef struct finding {
    char site[600], reason[64], created[600];
    int64_t runs;
    uint64_t procs; /* bit p: seen with GOMAXPROCS p (1..63) */
} finding;

typedef struct acc {
    finding *f;
    size_t n, cap;
    int run_procs;
    int64_t run_seen_mark; /* findings counted once per run */
    int64_t *last_run;
    int64_t run;
} acc;

static void base_line(const sd_site *s, char *buf, size_t cap)
{
    const char *slash = strrchr(s->file, '/');
    snprintf(buf, cap, "%s:%u", slash ? slash + 1 : s->file, s->line);
}

static void on_stuck(void *ctx, const sd_stuck *st)
{
    acc *a = ctx;
    char site[600], created[600];
    size_t i;
    if (!*st->site.file) return; /* blocked in the test framework, not the program */
    base_line(&st->site, site, sizeof site);
    base_line(&st->created, created, sizeof created);
    for (i = 0; i < a->n; i++)
        if (!strcmp(a->f[i].site, site) && !strcmp(a->f[i].reason, st->reason)) break;
    if (i == a->n) {
        if (a->n == a->cap) {
            size_t cap = a->cap ? a->cap * 2 : 16;
            finding *nf = realloc(a->f, cap * sizeof *nf);
            int64_t *nl = realloc(a->last_run, cap * sizeof *nl);
            if (nf) a->f = nf;
            if (nl) a->last_run = nl;
            if (!nf || !nl) return;
            a->cap = cap;
        }
        memset(&a->f[i], 0, sizeof a->f[i]);
        snprintf(a->f[i].site, sizeof a->f[i].site, "%s", site);
        snprintf(a->f[i].reason, sizeof a->f[i].reason, "%s", st->reason);
        snprintf(a->f[i].created, sizeof a->f[i].created, "%s", created);
        a->last_run[i] = -1;
        a->n++;
    }
    if (a->last_run[i] != a->run) { /* several goroutines at one line count once per run */
        a->last_run[i] = a->run;
        a->f[i].runs++;
        if (a->run_procs > 0 && a->run_procs < 64) a->f[i].procs |= (uint64_t)1 << a->run_procs;
    }
}

static int cmp_finding(const void *x, const void *y)
{
    const finding *a = x, *b = y;
    if (a->runs != b->runs) return a->runs < b->runs ? 1 : -1;
    return strcmp(a->site, b->site);
}

int cmd_leaks(int argc, char **argv)
{
    const char *db = NULL;
    int json = 0, i, status = EXIT_OK, any = 0;
    sd_catalog *cat = NULL;
    sd_error err;
    char dir[4096];
    int64_t maxp, p;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--catalog") && i + 1 < argc) db = argv[++i];
        else if (!strcmp(argv[i], "--json")) json = 1;
        else return cli_usage_error("leaks", "unexpected argument '%s'", argv[i]);
    }
    if (!db) return cli_usage_error("leaks", "no catalog given (--catalog DB)");
    cli_dirname(db, dir, sizeof dir);
    sd_error_clear(&err);
    if (sd_catalog_open(&cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if ((maxp = sd_catalog_max_program(cat, &err)) < 0) status = cli_error("%s", err.msg);
    for (p = 1; p <= maxp && status == EXIT_OK; p++) {
        char path[4096];
        sd_run_iter *it = NULL;
        sd_run_rec r;
        acc a;
        int64_t nruns = 0;
        size_t k;
        int rc;
        memset(&a, 0, sizeof a);
        if (sd_catalog_program_path(cat, p, path, sizeof path, &err) <= 0 ||
            sd_catalog_runs(cat, p, 0, &it, &err) < 0) {
            status = cli_error("%s", err.msg);
            break;
        }
        while ((rc = sd_run_iter_next(it, &r, &err)) > 0) {
            char tp[8192];
            sd_cstream *s = NULL;
            sd_error e2;
            const char *g;
            if (!r.trace_path || r.outcome == SD_OUTCOME_KILLED) continue;
            snprintf(tp, sizeof tp, "%s/%s", dir, r.trace_path);
            if (sd_events_from_trace(tp, NULL, &s, &e2) < 0) continue;
            g = r.params ? strstr(r.params, "\"gomaxprocs\":") : NULL;
            a.run_procs = g ? atoi(g + 13) : 0;
            a.run = nruns++;
            sd_leaks_stuck(s, on_stuck, &a);
            sd_cstream_free(s);
        }
        sd_run_iter_free(it);
        if (rc < 0) {
            status = cli_error("%s", err.msg);
            free(a.f);
            free(a.last_run);
            break;
        }
        if (a.n) qsort(a.f, a.n, sizeof *a.f, cmp_finding);
        if (a.n && !json) printf("%s (%lld runs):\n", path, (long long)nruns);
        for (k = 0; k < a.n; k++) {
            char procs[256] = "";
            int b;
            size_t len = 0;
            for (b = 1; b < 64; b++)
                if (a.f[k].procs & ((uint64_t)1 << b))
                    len += (size_t)snprintf(procs + len, sizeof procs - len, "%s%d", len ? "," : "", b);
            if (json)
                printf("{\"program\":\"%s\",\"site\":\"%s\",\"reason\":\"%s\",\"created\":\"%s\",\"runs\":%lld,"
                       "\"of\":%lld,\"gomaxprocs\":[%s]}\n",
                       path, a.f[k].site, a.f[k].reason, a.f[k].created, (long long)a.f[k].runs,
                       (long long)nruns, procs);
            else
                printf("  %-28s %-16s stuck in %lld/%lld runs (created at %s; GOMAXPROCS %s)\n", a.f[k].site,
                       a.f[k].reason, (long long)a.f[k].runs, (long long)nruns, a.f[k].created, procs);
        }
        any |= a.n > 0;
        free(a.f);
        free(a.last_run);
    }
    sd_catalog_free(cat);
    if (status != EXIT_OK) return status;
    return any ? 3 : EXIT_OK;
}
