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
    "                  S = targeted: only at the lines where the catalog's plain\n"
    "                  runs of the package diverge (collect those first);\n"
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

void cli_collect_args_init(cli_collect_args *a)
{
    memset(a, 0, sizeof *a);
    a->o.runs = 20;
}

int cli_collect_arg(const char *cmd, cli_collect_args *a, int argc, char **argv, int *i)
{
    const char *opt = argv[*i];
    const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
    sd_collect_opts *o = &a->o;
    static const char *const with_value[] = {"-n", "-j", "-o", "--timeout", "--procs", "--run", "--go", "--seed"};
    size_t k;
    for (k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
        if (!strcmp(opt, with_value[k])) break;
    if (k < sizeof with_value / sizeof with_value[0]) {
        if (!v) return cli_usage_error(cmd, "%s needs a value", opt), -1;
        (*i)++;
    }
    if (strcmp(opt, "-n") == 0) {
        o->runs = strtoll(v, NULL, 10);
        if (o->runs < 1) return cli_usage_error(cmd, "-n %s: want a positive number", v), -1;
    } else if (strcmp(opt, "-j") == 0) {
        o->jobs = atoi(v);
        if (o->jobs < 1 || o->jobs > 1024) return cli_usage_error(cmd, "-j %s: want 1..1024", v), -1;
    } else if (strcmp(opt, "-o") == 0) {
        a->out = v;
    } else if (strcmp(opt, "--timeout") == 0) {
        if (parse_duration_ms(v, &o->timeout_ms) < 0)
            return cli_usage_error(cmd, "--timeout %s: want a duration like 5s or 500ms", v), -1;
    } else if (strcmp(opt, "--procs") == 0) {
        char *s, *tok, *save = NULL, buf[256];
        snprintf(buf, sizeof buf, "%s", v);
        for (s = buf; (tok = strtok_r(s, ",", &save)); s = NULL) {
            int p = atoi(tok);
            if (p < 1 || p > 4096 || a->nprocs == 16)
                return cli_usage_error(cmd, "--procs %s: want up to 16 numbers >= 1", v), -1;
            a->procs[a->nprocs++] = p;
        }
    } else if (strcmp(opt, "--race") == 0) {
        o->race = 2;
    } else if (strcmp(opt, "--race-only") == 0) {
        o->race = 1;
    } else if (strcmp(opt, "--run") == 0) {
        o->run_regex = v;
    } else if (strcmp(opt, "--go") == 0) {
        o->go = v;
    } else if (strcmp(opt, "--perturb") == 0) {
        o->perturb = "yield";
    } else if (strncmp(opt, "--perturb=", 10) == 0) {
        o->perturb = opt + 10;
        if (strcmp(o->perturb, "yield") != 0 && strcmp(o->perturb, "sleep") != 0 &&
            strcmp(o->perturb, "targeted") != 0)
            return cli_usage_error(cmd, "%s: want --perturb=yield, sleep or targeted", opt), -1;
    } else if (strcmp(opt, "--seed") == 0) {
        char *end;
        o->seed = strtoll(v, &end, 10);
        if (end == v || *end || o->seed < 0) return cli_usage_error(cmd, "--seed %s: want a number >= 0", v), -1;
    } else {
        return 0;
    }
    return 1;
}

int cli_collect_run(const char *cmd, cli_collect_args *a, sd_collect_summary *sum)
{
    sd_collect_opts *o = &a->o;
    sd_error err;
    int tty = isatty(2), rc;
    struct sigaction sa, old;
    if (a->nprocs) {
        o->procs = a->procs;
        o->nprocs = (size_t)a->nprocs;
    }
    if (!a->out) {
        char abs[4096];
        const char *base;
        if (!realpath(o->pkg_dir, abs)) return cli_error("%s: no such package directory", o->pkg_dir);
        base = strrchr(abs, '/');
        snprintf(a->outbuf, sizeof a->outbuf, "stepdist-out/%s", base && base[1] ? base + 1 : "pkg");
        a->out = a->outbuf;
    }
    o->out_dir = a->out;
    o->cancel = &interrupted;
    o->progress = progress;
    o->progress_ctx = &tty;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    sd_error_clear(&err);
    rc = sd_collect(o, sum, &err);
    sigaction(SIGINT, &old, NULL);
    if (tty) fputs("\r\033[K", stderr);
    if (sum->warnings[0]) {
        const char *p = sum->warnings;
        while (*p) {
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);
            fprintf(stderr, "stepdist %s: warning: %.*s\n", cmd, len, p);
            p += len + (nl != NULL);
        }
    }
    if (rc < 0) return cli_error("%s", err.msg);
    a->interrupted = interrupted != 0;
    return EXIT_OK;
}

int cmd_collect(int argc, char **argv)
{
    cli_collect_args a;
    sd_collect_opts *o = &a.o;
    sd_collect_summary sum;
    int json = 0, i, rc;

    cli_collect_args_init(&a);
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if ((rc = cli_collect_arg("collect", &a, argc, argv, &i)) < 0) return EXIT_USAGE;
        if (rc) continue;
        if (strcmp(arg, "--json") == 0) {
            json = 1;
        } else if (arg[0] == '-') {
            return cli_usage_error("collect", "unknown option '%s'", arg);
        } else if (o->pkg_dir) {
            return cli_usage_error("collect", "more than one package given");
        } else {
            o->pkg_dir = arg;
        }
    }
    if (!o->pkg_dir) return cli_usage_error("collect", "no package directory given");
    if ((rc = cli_collect_run("collect", &a, &sum)) != EXIT_OK) return rc;

    if (json) {
        printf("{\"catalog\":\"%s\",\"kind\":\"%s\",\"runs_before\":%lld,\"runs_added\":%lld,"
               "\"distinct_sequences\":%lld,\"traces_damaged\":%lld,",
               sum.catalog_path, sum.kind, (long long)sum.runs_before, (long long)sum.runs_done,
               (long long)sum.distinct_sequences, (long long)sum.traces_damaged);
        if (o->perturb)
            printf("\"perturb\":\"%s\",\"seed\":%lld,\"perturb_sites\":%lld,\"perturb_targets\":%lld,", o->perturb,
                   (long long)o->seed, (long long)sum.perturb_sites, (long long)sum.perturb_targets);
        printf("\"outcomes\":{");
        for (i = 0; i < SD_OUTCOME_COUNT; i++)
            printf("%s\"%s\":%lld", i ? "," : "", sd_outcome_name(i), (long long)sum.by_outcome[i]);
        printf("},\"seconds\":{\"prepare\":%.3f,\"build\":%.3f,\"runs\":%.3f}", sum.prepare_seconds,
               sum.build_seconds, sum.run_seconds);
        printf(",\"interrupted\":%s}\n", a.interrupted ? "true" : "false");
    } else {
        int64_t total = 0;
        for (i = 0; i < SD_OUTCOME_COUNT; i++) total += sum.by_outcome[i];
        printf("%s package %s: %lld runs added (%lld before), %lld in the catalog\n", sum.kind,
               o->pkg_dir, (long long)sum.runs_done, (long long)sum.runs_before, (long long)total);
        if (o->perturb)
            printf("perturbed (%s, seeds from %lld): %lld operations instrumented\n", o->perturb,
                   (long long)o->seed, (long long)sum.perturb_sites);
        if (o->perturb && !strcmp(o->perturb, "targeted"))
            printf("targeted: %lld of them, on the %lld lines where the plain runs diverge\n",
                   (long long)sum.perturb_targets, (long long)sum.perturb_lines);
        printf("outcomes:");
        for (i = 0; i < SD_OUTCOME_COUNT; i++)
            if (sum.by_outcome[i]) printf(" %s %lld", sd_outcome_name(i), (long long)sum.by_outcome[i]);
        printf("\ndistinct event sequences among the runs added: %lld\n",
               (long long)sum.distinct_sequences);
        if (sum.traces_damaged)
            printf("traces that end damaged (runs that crashed): %lld\n", (long long)sum.traces_damaged);
        printf("time: prepare %.2f s, build %.2f s, runs %.2f s\n", sum.prepare_seconds, sum.build_seconds,
               sum.run_seconds);
        printf("catalog: %s\n", sum.catalog_path);
        if (a.interrupted) printf("interrupted: finished runs are kept; run again to resume\n");
    }
    return a.interrupted ? EXIT_FAIL : EXIT_OK;
}
