/*
 * cmd_leaks.c - `stepdist leaks`: goroutines stuck for good, across many
 * runs of a package (collected here, or read from a catalog), by blocking
 * site; the analysis is lib/leaks (docs/leaks.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/leaks.h"

const char cmd_leaks_usage[] =
    "Usage: stepdist leaks [options] PKG\n"
    "       stepdist leaks --catalog DB [-n N] [--skip K] [--json]\n"
    "\n"
    "Finds the goroutines stuck for good at the end of runs (blocked on a\n"
    "channel, select, Mutex, RWMutex, WaitGroup, Cond, nil channel or\n"
    "select{}, with nothing left that could wake them: no goroutine still\n"
    "running, sleeping or in a syscall, no timer it waits on), by the line\n"
    "where they block and the line that created them: in how many runs, with\n"
    "the schedule parameters of those runs to reproduce them; per run, whether\n"
    "it was a global deadlock (the code never returned, every goroutine stuck)\n"
    "or a partial one, and which goroutines form it; the select-block\n"
    "signature (a select never left once blocked there, in every run).\n"
    "\n"
    "With PKG, the package is first collected as `stepdist collect` does\n"
    "(into stepdist-out/<package name> unless -o; runs already there count)\n"
    "and its first N runs are read.  With --catalog, every program of DB.\n"
    "\n"
    "  -n N         runs to read per program (with PKG: also to collect;\n"
    "               default 20 with PKG, all with --catalog)\n"
    "  --skip K     skip the first K runs of each program\n"
    "  --json       one JSON object per program (findings and every run)\n"
    "  -j, -o, --timeout, --procs, --race, --race-only, --run, --go\n"
    "               with PKG: as for `stepdist collect`\n"
    "\n"
    "Exit status: 0 no goroutine stuck for good, 3 some (fail a CI job like\n"
    "goleak), 1 an error (bad catalog, collection failed), 2 a usage error.\n";

enum { EXIT_LEAKS = 3 };

static const char *base(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? slash + 1 : file;
}

/* "GOMAXPROCS 1,2,4; race off" over the runs of finding f. */
static void schedule_summary(const sd_leaks *l, const sd_leak_finding *f, char *buf, size_t cap,
                             uint64_t *procs, int *race)
{
    size_t i, len;
    int b;
    *procs = 0;
    *race = 0;
    for (i = 0; i < (size_t)f->runs; i++) {
        const char *p = sd_leaks_run(l, f->run_index[i])->params;
        const char *g = strstr(p, "\"gomaxprocs\":"), *r = strstr(p, "\"race\":");
        int n = g ? atoi(g + 13) : 0;
        if (n > 0 && n < 64) *procs |= (uint64_t)1 << n;
        if (r) *race |= !strncmp(r + 7, "true", 4) ? 2 : 1;
    }
    len = (size_t)snprintf(buf, cap, "GOMAXPROCS ");
    for (b = 1; b < 64 && len < cap; b++)
        if (*procs & ((uint64_t)1 << b)) len += (size_t)snprintf(buf + len, cap - len, "%s%d", buf[len - 1] == ' ' ? "" : ",", b);
    if (len < cap)
        snprintf(buf + len, cap - len, "; race %s", *race == 3 ? "on and off" : *race == 2 ? "on" : "off");
}

/* The goroutines of a run's deadlock as one line: "NAME (REASON at F:L), ...". */
static void deadlock_line(const sd_leak_run *r, char *buf, size_t cap)
{
    size_t k, len = 0;
    buf[0] = '\0';
    for (k = 0; k < r->nstuck && len < cap; k++) {
        const sd_stuck *s = &r->stuck[k];
        if (*s->site.file)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s (%s at %s:%u)", k ? ", " : "", s->name, s->reason,
                                    base(s->site.file), s->site.line);
        else
            len += (size_t)snprintf(buf + len, cap - len, "%s%s (%s in the test framework)", k ? ", " : "", s->name,
                                    s->reason);
    }
}

static void print_text(const char *path, const sd_leaks *l)
{
    size_t nruns = sd_leaks_nruns(l), nf = sd_leaks_nfindings(l), i, j, k;
    int64_t global = 0, partial = 0, excused = 0;
    char line[1024], sched[256];
    size_t *group_of = NULL; /* run -> first run with the same deadlock */
    for (i = 0; i < nruns; i++) {
        const sd_leak_run *r = sd_leaks_run(l, i);
        global += r->deadlock == SD_DEADLOCK_GLOBAL;
        partial += r->deadlock == SD_DEADLOCK_PARTIAL;
        excused += r->nexcused > 0;
    }
    if (!nf) return;
    printf("%s: %zu runs; goroutines stuck for good in %lld (global deadlock %lld, partial %lld)", path, nruns,
           (long long)(global + partial), (long long)global, (long long)partial);
    if (excused) printf("; %lld more with blocked goroutines something could still wake", (long long)excused);
    printf("\n");
    for (i = 0; i < nf; i++) {
        const sd_leak_finding *f = sd_leaks_finding(l, i);
        uint64_t procs;
        int race;
        const sd_leak_run *ex = sd_leaks_run(l, f->run_index[0]);
        printf("  %s:%u  %s  stuck in %lld/%zu runs\n", base(f->site.file), f->site.line, f->reason,
               (long long)f->runs, nruns);
        if (sd_leaks_source_line(f->site.file, f->site.line, line, sizeof line))
            printf("      %5u | %s\n", f->site.line, line);
        if (f->ncallers) {
            printf("      called from");
            for (k = 0; k < f->ncallers; k++)
                printf("%s %s:%u", k ? " <-" : "", base(f->callers[k].file), f->callers[k].line);
            printf("\n");
        }
        printf("      goroutine %s, created at %s:%u\n", f->goroutine, base(f->created.file), f->created.line);
        schedule_summary(l, f, sched, sizeof sched, &procs, &race);
        printf("      runs with %s; e.g. run %lld %s\n", sched, (long long)ex->run_id, ex->params);
        for (j = 0; j < (size_t)f->runs; j++) {
            const sd_leak_run *r = sd_leaks_run(l, f->run_index[j]);
            for (k = 0; k < r->nstuck && !(r->stuck[k].ticker && r->stuck[k].site.line == f->site.line &&
                                          r->stuck[k].site.file == f->site.file); k++)
                ;
            if (k < r->nstuck) break;
        }
        if (j < (size_t)f->runs)
            printf("      woken by a ticker again and again and never stopped: the goroutine never ends\n");
        if (f->select_signature)
            printf("      select-block signature: blocked at this select, never unblocked after (%lld runs)\n",
                   (long long)f->signature_runs);
    }
    /* deadlocks: distinct sets of stuck goroutines, with their run counts */
    if (!(group_of = calloc(nruns ? nruns : 1, sizeof *group_of))) return;
    printf("  deadlocks (goroutines stuck together in a run):\n");
    for (i = 0; i < nruns; i++) {
        const sd_leak_run *r = sd_leaks_run(l, i);
        char a[2048], b[2048];
        int64_t count = 0;
        group_of[i] = i;
        if (r->deadlock == SD_DEADLOCK_NONE) continue;
        deadlock_line(r, a, sizeof a);
        for (j = 0; j < i; j++) {
            const sd_leak_run *q = sd_leaks_run(l, j);
            if (q->deadlock != r->deadlock || group_of[j] != j) continue;
            deadlock_line(q, b, sizeof b);
            if (!strcmp(a, b)) break;
        }
        if (j < i) {
            group_of[i] = j;
            continue;
        }
        for (k = i; k < nruns; k++) {
            const sd_leak_run *q = sd_leaks_run(l, k);
            if (q->deadlock != r->deadlock) continue;
            deadlock_line(q, b, sizeof b);
            count += !strcmp(a, b);
        }
        printf("    %s in %lld runs (e.g. run %lld): %s\n", sd_deadlock_name(r->deadlock), (long long)count,
               (long long)r->run_id, a);
    }
    free(group_of);
}

/* "callers":[{func, file, line}, ...], innermost first */
static void json_callers(const sd_site *c, size_t n)
{
    size_t k;
    printf(",\"callers\":[");
    for (k = 0; k < n; k++) {
        printf("%s{\"func\":", k ? "," : "");
        cli_json_str(c[k].func);
        printf(",\"file\":");
        cli_json_str(c[k].file);
        printf(",\"line\":%u}", c[k].line);
    }
    putchar(']');
}

static void json_stuck_list(const sd_stuck *s, size_t n)
{
    size_t k;
    putchar('[');
    for (k = 0; k < n; k++) {
        printf("%s{\"g\":", k ? "," : "");
        cli_json_str(s[k].name);
        printf(",\"reason\":");
        cli_json_str(s[k].reason);
        printf(",\"site\":\"%s:%u\"", base(s[k].site.file), s[k].site.line);
        json_callers(s[k].callers, s[k].ncallers);
        putchar('}');
    }
    putchar(']');
}

static void print_json(const char *path, const sd_leaks *l)
{
    size_t nruns = sd_leaks_nruns(l), nf = sd_leaks_nfindings(l), i, k;
    char line[1024], sched[256];
    printf("{\"program\":");
    cli_json_str(path);
    printf(",\"runs\":%zu,\"findings\":[", nruns);
    for (i = 0; i < nf; i++) {
        const sd_leak_finding *f = sd_leaks_finding(l, i);
        uint64_t procs;
        int race, b, first = 1;
        if (!sd_leaks_source_line(f->site.file, f->site.line, line, sizeof line)) line[0] = '\0';
        schedule_summary(l, f, sched, sizeof sched, &procs, &race);
        printf("%s{\"site\":\"%s:%u\",\"reason\":", i ? "," : "", base(f->site.file), f->site.line);
        cli_json_str(f->reason);
        printf(",\"file\":");
        cli_json_str(f->site.file);
        printf(",\"line\":%u,\"source\":", f->site.line);
        cli_json_str(line);
        json_callers(f->callers, f->ncallers);
        printf(",\"created\":\"%s:%u\",\"goroutine\":", base(f->created.file), f->created.line);
        cli_json_str(f->goroutine);
        printf(",\"runs\":%lld,\"of\":%zu,\"gomaxprocs\":[", (long long)f->runs, nruns);
        for (b = 1; b < 64; b++)
            if (procs & ((uint64_t)1 << b)) printf("%s%d", first ? "" : ",", b), first = 0;
        printf("],\"select_signature\":%s,\"signature_runs\":%lld,\"run_ids\":[",
               f->select_signature ? "true" : "false", (long long)f->signature_runs);
        for (k = 0; k < (size_t)f->runs; k++)
            printf("%s%lld", k ? "," : "", (long long)sd_leaks_run(l, f->run_index[k])->run_id);
        printf("]}");
    }
    printf("],\"run_list\":[");
    for (i = 0; i < nruns; i++) {
        const sd_leak_run *r = sd_leaks_run(l, i);
        printf("%s{\"run\":%lld,\"params\":%s,\"deadlock\":\"%s\",\"stuck\":", i ? "," : "", (long long)r->run_id,
               r->params, sd_deadlock_name(r->deadlock));
        json_stuck_list(r->stuck, r->nstuck);
        printf(",\"excused\":%zu,\"alive_at_end\":", r->nexcused);
        json_stuck_list(r->alive, r->nalive);
        putchar('}');
    }
    printf("]}\n");
}

/* Reads runs skip+1 .. skip+limit (limit 0: all) of program p and reports
 * them; 1 if something is stuck for good, 0 if not, or an exit code < 0
 * after printing why. */
static int one_program(sd_catalog *cat, const char *dir, int64_t p, int64_t skip, int64_t limit, int json,
                       int say_clean)
{
    char path[4096];
    sd_run_iter *it = NULL;
    sd_leaks *l = NULL;
    sd_run_rec r;
    sd_error err;
    int64_t seen = 0;
    int rc, result = -EXIT_FAIL;
    sd_error_clear(&err);
    if (sd_catalog_program_path(cat, p, path, sizeof path, &err) <= 0 || sd_catalog_runs(cat, p, 0, &it, &err) < 0 ||
        sd_leaks_new(&l, &err) < 0) {
        cli_error("%s", err.msg);
        goto cleanup;
    }
    while ((rc = sd_run_iter_next(it, &r, &err)) > 0) {
        char tp[8192];
        sd_cstream *s = NULL;
        sd_error e2;
        if (seen++ < skip) continue;
        if (limit && seen > skip + limit) break;
        if (!r.trace_path || r.outcome == SD_OUTCOME_KILLED) continue;
        snprintf(tp, sizeof tp, "%s/%s", dir, r.trace_path);
        sd_error_clear(&e2);
        if (sd_events_from_trace(tp, NULL, &s, &e2) < 0) {
            fprintf(stderr, "stepdist: leaks: run %lld skipped: %s\n", (long long)r.id, e2.msg);
            continue;
        }
        rc = sd_leaks_add_run(l, s, r.id, r.params, &err);
        sd_cstream_free(s);
        if (rc < 0) break;
    }
    if (rc < 0 || sd_leaks_finish(l, &err) < 0) {
        cli_error("%s: %s", path, err.msg);
        goto cleanup;
    }
    if (json) print_json(path, l);
    else print_text(path, l);
    result = sd_leaks_nfindings(l) > 0;
    if (!result && say_clean)
        fprintf(stderr, "stepdist leaks: %s: no goroutine stuck for good in %zu runs\n", path, sd_leaks_nruns(l));
cleanup:
    sd_run_iter_free(it);
    sd_leaks_free(l);
    return result;
}

int cmd_leaks(int argc, char **argv)
{
    const char *db = NULL, *pkg = NULL;
    int json = 0, i, rc, status = EXIT_OK, any = 0;
    int64_t skip = 0, limit, first = 1, last, p;
    cli_collect_args a;
    sd_collect_summary sum;
    sd_catalog *cat = NULL;
    sd_error err;
    char dir[4096];

    cli_collect_args_init(&a);
    a.o.runs = 0; /* -n given or not */
    for (i = 1; i < argc; i++) {
        if ((rc = cli_collect_arg("leaks", &a, argc, argv, &i)) < 0) return EXIT_USAGE;
        if (rc) continue;
        if (!strcmp(argv[i], "--catalog") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "--skip") && i + 1 < argc) {
            char *end;
            skip = strtoll(argv[++i], &end, 10);
            if (*end || skip < 0) return cli_usage_error("leaks", "--skip %s: want a number >= 0", argv[i]);
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (argv[i][0] == '-') {
            return cli_usage_error("leaks", "unknown option '%s'", argv[i]);
        } else if (pkg) {
            return cli_usage_error("leaks", "more than one package given");
        } else {
            pkg = argv[i];
        }
    }
    if (!db == !pkg) return cli_usage_error("leaks", "give a package directory or --catalog DB (one of them)");
    limit = a.o.runs;
    if (db && (a.out || a.nprocs || a.o.jobs || a.o.timeout_ms || a.o.race || a.o.run_regex || a.o.go))
        return cli_usage_error("leaks", "collect options (-j, -o, --procs, ...) need a package, not --catalog");
    if (pkg) {
        if (!a.o.runs) a.o.runs = limit = 20;
        a.o.pkg_dir = pkg;
        if ((rc = cli_collect_run("leaks", &a, &sum)) != EXIT_OK) return rc;
        if (a.interrupted) return cli_error("interrupted: finished runs are kept in %s", sum.catalog_path);
        db = sum.catalog_path;
    }
    cli_dirname(db, dir, sizeof dir);
    sd_error_clear(&err);
    if (sd_catalog_open(&cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if ((last = sd_catalog_max_program(cat, &err)) < 0) status = cli_error("%s", err.msg);
    if (pkg) first = last = sum.program_id;
    for (p = first; p <= last && status == EXIT_OK; p++) {
        rc = one_program(cat, dir, p, skip, limit, json, pkg && !json);
        if (rc < 0) status = -rc;
        else any |= rc;
    }
    sd_catalog_free(cat);
    if (status != EXIT_OK) return status;
    return any ? EXIT_LEAKS : EXIT_OK;
}
