/*
 * cmd_collect.c - `stepdist collect`: run a Go package many times under the
 * tracer and keep every run in a catalog.
 */
#define _XOPEN_SOURCE 700 /* realpath, strtok_r */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stepdist/collect.h"

const char cmd_collect_usage[] =
    "Usage: stepdist collect [options] PKG\n"
    "\n"
    "Runs the Go package in directory PKG (a 'go test' package or a main\n"
    "package, unchanged: a harness is added through a build overlay) many\n"
    "times under the execution tracer, varying the schedule, and keeps every\n"
    "run's trace and outcome (pass, fail, panic, deadlock, leak, timeout,\n"
    "crash, killed) in a SQLite catalog.  Running it again resumes: runs\n"
    "already in the catalog count toward -n.\n"
    "\n"
    "  -n N            runs of the package to have in the catalog (default 20)\n"
    "  -j JOBS         parallel runs (default: number of CPUs)\n"
    "  -o DIR          output directory (default: stepdist-out/<package name>)\n"
    "  --timeout D     per-run limit, e.g. 5s, 500ms (default 10s); a run that\n"
    "                  hangs or deadlocks is stopped then with its trace kept\n"
    "  --procs LIST    GOMAXPROCS values to cycle through (default 1,2,4)\n"
    "  --race          build with -race too and alternate plain and race runs\n"
    "  --race-only     only -race runs\n"
    "  --run REGEX     tests only: which tests to run (go test -run)\n"
    "  --perturb[=S]   schedule perturbation (docs/perturb.md): an instrumented\n"
    "                  build yields (S = yield, the default) or sleeps (S = sleep)\n"
    "                  before concurrency operations, decided per run by a seed;\n"
    "                  -n then counts the runs of strategy S\n"
    "  --seed S        first perturbation seed (default 0): run i gets S + i,\n"
    "                  recorded in the catalog to replay it\n"
    "  --go PATH       the go command (default: go on PATH)\n"
    "  --json          print the summary as JSON\n"
    "\n"
    "Output: DIR/stepdist.db (catalog), DIR/runs/*.trace (one per run),\n"
    "DIR/runs/*.stdout|stderr (what each run that did not pass printed, capped).\n";

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int parse_duration_ms(const char *s, int64_t *ms)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0) return -1;
    if (strcmp(end, "ms") == 0) *ms = (int64_t)v;
    else if (strcmp(end, "s") == 0 || *end == '\0') *ms = (int64_t)(v * 1000);
    else if (strcmp(end, "m") == 0) *ms = (int64_t)(v * 60000);
    else return -1;
    return *ms > 0 ? 0 : -1;
}

static void progress(void *ctx, const sd_collect_progress *p)
{
    int tty = *(int *)ctx;
    static const char *last_phase;
    if (!tty) {
        if (p->phase != last_phase && strcmp(p->phase, "run") != 0)
            fprintf(stderr, "stepdist collect: %s...\n", p->phase);
        last_phase = p->phase;
        return;
    }
    if (strcmp(p->phase, "run") != 0) {
        fprintf(stderr, "\r\033[K%s...", p->phase);
    } else {
        int width = 30, filled = p->total ? (int)(width * p->done / p->total) : width, i;
        fprintf(stderr, "\r\033[K[");
        for (i = 0; i < width; i++) fputc(i < filled ? '#' : '.', stderr);
        fprintf(stderr, "] %lld/%lld runs", (long long)p->done, (long long)p->total);
        for (i = 0; i < SD_OUTCOME_COUNT; i++)
            if (p->by_outcome[i]) fprintf(stderr, " %s %lld", sd_outcome_name(i), (long long)p->by_outcome[i]);
    }
    fflush(stderr);
}

int cmd_collect(int argc, char **argv)
{
    sd_collect_opts o;
    sd_collect_summary sum;
    sd_error err;
    int procs[16], nprocs = 0, json = 0, i, tty = isatty(2), rc;
    char outbuf[4096];
    const char *out = NULL;
    struct sigaction sa, old;

    memset(&o, 0, sizeof o);
    o.runs = 20;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_ARG() \
    do { if (!v) return cli_usage_error("collect", "%s needs a value", a); i++; } while (0)
        if (strcmp(a, "-n") == 0) {
            NEED_ARG();
            o.runs = strtoll(v, NULL, 10);
            if (o.runs < 1) return cli_usage_error("collect", "-n %s: want a positive number", v);
        } else if (strcmp(a, "-j") == 0) {
            NEED_ARG();
            o.jobs = atoi(v);
            if (o.jobs < 1 || o.jobs > 1024) return cli_usage_error("collect", "-j %s: want 1..1024", v);
        } else if (strcmp(a, "-o") == 0) {
            NEED_ARG();
            out = v;
        } else if (strcmp(a, "--timeout") == 0) {
            NEED_ARG();
            if (parse_duration_ms(v, &o.timeout_ms) < 0)
                return cli_usage_error("collect", "--timeout %s: want a duration like 5s or 500ms", v);
        } else if (strcmp(a, "--procs") == 0) {
            char *s, *tok, *save = NULL, buf[256];
            NEED_ARG();
            snprintf(buf, sizeof buf, "%s", v);
            for (s = buf; (tok = strtok_r(s, ",", &save)); s = NULL) {
                int p = atoi(tok);
                if (p < 1 || p > 4096 || nprocs == 16)
                    return cli_usage_error("collect", "--procs %s: want up to 16 numbers >= 1", v);
                procs[nprocs++] = p;
            }
        } else if (strcmp(a, "--race") == 0) {
            o.race = 2;
        } else if (strcmp(a, "--race-only") == 0) {
            o.race = 1;
        } else if (strcmp(a, "--run") == 0) {
            NEED_ARG();
            o.run_regex = v;
        } else if (strcmp(a, "--go") == 0) {
            NEED_ARG();
            o.go = v;
        } else if (strcmp(a, "--perturb") == 0) {
            o.perturb = "yield";
        } else if (strncmp(a, "--perturb=", 10) == 0) {
            o.perturb = a + 10;
            if (strcmp(o.perturb, "yield") != 0 && strcmp(o.perturb, "sleep") != 0)
                return cli_usage_error("collect", "%s: want --perturb=yield or --perturb=sleep", a);
        } else if (strcmp(a, "--seed") == 0) {
            char *end;
            NEED_ARG();
            o.seed = strtoll(v, &end, 10);
            if (end == v || *end || o.seed < 0)
                return cli_usage_error("collect", "--seed %s: want a number >= 0", v);
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (a[0] == '-') {
            return cli_usage_error("collect", "unknown option '%s'", a);
        } else if (o.pkg_dir) {
            return cli_usage_error("collect", "more than one package given");
        } else {
            o.pkg_dir = a;
        }
#undef NEED_ARG
    }
    if (!o.pkg_dir) return cli_usage_error("collect", "no package directory given");
    if (nprocs) {
        o.procs = procs;
        o.nprocs = (size_t)nprocs;
    }
    if (!out) {
        char abs[4096];
        const char *base;
        if (!realpath(o.pkg_dir, abs)) return cli_error("%s: no such package directory", o.pkg_dir);
        base = strrchr(abs, '/');
        snprintf(outbuf, sizeof outbuf, "stepdist-out/%s", base && base[1] ? base + 1 : "pkg");
        out = outbuf;
    }
    o.out_dir = out;
    o.cancel = &interrupted;
    o.progress = progress;
    o.progress_ctx = &tty;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    sd_error_clear(&err);
    rc = sd_collect(&o, &sum, &err);
    sigaction(SIGINT, &old, NULL);
    if (tty) fputs("\r\033[K", stderr);
    if (sum.warnings[0]) {
        const char *p = sum.warnings;
        while (*p) {
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);
            fprintf(stderr, "stepdist collect: warning: %.*s\n", len, p);
            p += len + (nl != NULL);
        }
    }
    if (rc < 0) return cli_error("%s", err.msg);

    if (json) {
        printf("{\"catalog\":\"%s\",\"kind\":\"%s\",\"runs_before\":%lld,\"runs_added\":%lld,"
               "\"distinct_sequences\":%lld,\"traces_damaged\":%lld,",
               sum.catalog_path, sum.kind, (long long)sum.runs_before, (long long)sum.runs_done,
               (long long)sum.distinct_sequences, (long long)sum.traces_damaged);
        if (o.perturb)
            printf("\"perturb\":\"%s\",\"seed\":%lld,\"perturb_sites\":%lld,", o.perturb,
                   (long long)o.seed, (long long)sum.perturb_sites);
        printf("\"outcomes\":{");
        for (i = 0; i < SD_OUTCOME_COUNT; i++)
            printf("%s\"%s\":%lld", i ? "," : "", sd_outcome_name(i), (long long)sum.by_outcome[i]);
        printf("},\"interrupted\":%s}\n", interrupted ? "true" : "false");
    } else {
        int64_t total = 0;
        for (i = 0; i < SD_OUTCOME_COUNT; i++) total += sum.by_outcome[i];
        printf("%s package %s: %lld runs added (%lld before), %lld in the catalog\n", sum.kind,
               o.pkg_dir, (long long)sum.runs_done, (long long)sum.runs_before, (long long)total);
        if (o.perturb)
            printf("perturbed (%s, seeds from %lld): %lld operations instrumented\n", o.perturb,
                   (long long)o.seed, (long long)sum.perturb_sites);
        printf("outcomes:");
        for (i = 0; i < SD_OUTCOME_COUNT; i++)
            if (sum.by_outcome[i]) printf(" %s %lld", sd_outcome_name(i), (long long)sum.by_outcome[i]);
        printf("\ndistinct event sequences among the runs added: %lld\n",
               (long long)sum.distinct_sequences);
        if (sum.traces_damaged)
            printf("traces that end damaged (runs that crashed): %lld\n", (long long)sum.traces_damaged);
        printf("catalog: %s\n", sum.catalog_path);
        if (interrupted) printf("interrupted: finished runs are kept; run again to resume\n");
    }
    return interrupted ? EXIT_FAIL : EXIT_OK;
}
