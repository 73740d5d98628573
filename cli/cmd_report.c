/*
 * cmd_report.c - `stepdist report` (a catalog's HTML report) and
 * `stepdist run` (collect a package, then report on it).
 */
#define _XOPEN_SOURCE 700 /* realpath, readlink */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "stepdist/catalog.h"
#include "stepdist/report.h"

const char cmd_report_usage[] =
    "Usage: stepdist report --catalog DB [-o FILE] [--model MODEL | --no-model]\n"
    "                       [--title T] [-m RUNS] [--points K] [--json]\n"
    "\n"
    "Writes one self-contained HTML file (inline SVG, no scripts, nothing\n"
    "fetched; docs/report.md) about every program of the catalog: outcomes of\n"
    "its runs; goroutines stuck for good, by blocking line, in k of N runs,\n"
    "with an example run and its schedule parameters; the points where its runs\n"
    "diverge (prefixes shared by -m runs, default 5), each with the share of\n"
    "runs that did each next event, the model's probability beside it, and the\n"
    "source lines of the competing events (the --points K most uncertain,\n"
    "default 6); a timeline of one run per outcome; and the model's reliability\n"
    "diagram and per-type accuracy on these runs.\n"
    "\n"
    "  -o FILE        default: report.html beside the catalog\n"
    "  --model MODEL  default: the bundled model (STEPDIST_MODEL, else\n"
    "                 models/default.sdmodel of the source tree or\n"
    "                 PREFIX/share/stepdist/default.sdmodel once installed)\n"
    "  --no-model     leave the model's sections out\n"
    "  --json         print a summary as JSON (the report path, programs, runs,\n"
    "                 stuck sites, divergence points)\n";

const char cmd_run_usage[] =
    "Usage: stepdist run [collect options] [--model MODEL | --no-model] [--report FILE] PKG\n"
    "\n"
    "The whole job on one Go package: collect its runs (stepdist collect,\n"
    "with its options; default 20 runs into stepdist-out/<package>), then write\n"
    "the HTML report (stepdist report) and print where it is, how many\n"
    "blocking sites had goroutines stuck for good and how many divergence\n"
    "points the runs have.  Exit status 3 when goroutines were stuck for good\n"
    "(like 'stepdist leaks'), so that a CI job can fail on it.\n";

/* The bundled model: $STEPDIST_MODEL, else next to the executable. */
static const char *default_model(char *buf, size_t cap)
{
    const char *env = getenv("STEPDIST_MODEL");
    char exe[4096];
    ssize_t n;
    static const char *const rel[] = {"/../models/default.sdmodel", "/../../models/default.sdmodel",
                                      "/../share/stepdist/default.sdmodel"};
    size_t i;
    if (env && *env) return env;
    if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) <= 0) return NULL;
    exe[n] = 0;
    if (strrchr(exe, '/')) *strrchr(exe, '/') = 0;
    for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        snprintf(buf, cap, "%s%s", exe, rel[i]);
        if (access(buf, R_OK) == 0) return buf;
    }
    return NULL;
}

typedef struct report_args {
    const char *db, *out, *model, *title;
    int no_model, min_runs, points, json;
} report_args;

static int do_report(const char *cmd, const report_args *a, sd_report_summary *sum)
{
    sd_catalog *cat = NULL;
    sd_model *md = NULL;
    sd_error err;
    sd_report_opts o;
    char dir[4096], outbuf[4200], tmp[4300], mbuf[4096];
    const char *model = a->model, *out = a->out;
    FILE *f;
    int rc;
    cli_dirname(a->db, dir, sizeof dir);
    if (!out) {
        snprintf(outbuf, sizeof outbuf, "%s/report.html", dir);
        out = outbuf;
    }
    if (!a->no_model && !model && !(model = default_model(mbuf, sizeof mbuf)))
        fprintf(stderr, "stepdist %s: no bundled model found (set STEPDIST_MODEL or pass --model); "
                        "the report leaves the model's sections out\n", cmd);
    sd_error_clear(&err);
    if (!a->no_model && model && sd_model_load(model, &md, &err) < 0) return cli_error("%s", err.msg);
    if (sd_catalog_open(&cat, a->db, SD_CATALOG_READONLY, &err) < 0) {
        sd_model_free(md);
        return cli_error("%s", err.msg);
    }
    sd_report_opts_default(&o);
    o.title = a->title;
    o.model = md;
    o.model_name = model;
    if (a->min_runs > 0) o.min_runs = a->min_runs;
    if (a->points > 0) o.max_points = a->points;
    o.summary = sum;
    /* written beside and renamed: a failed report never replaces a good one */
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    if (!(f = fopen(tmp, "w"))) {
        sd_catalog_free(cat);
        sd_model_free(md);
        return cli_error("%s: cannot write", tmp);
    }
    rc = sd_report_write(cat, dir, &o, f, &err);
    if (fclose(f) != 0 && rc == 0) rc = sd_error_set(&err, SD_EIO, -1, "%s: write failed", tmp);
    sd_catalog_free(cat);
    sd_model_free(md);
    if (rc < 0) {
        remove(tmp);
        return cli_error("%s", err.msg);
    }
    if (rename(tmp, out) != 0) {
        remove(tmp);
        return cli_error("%s: cannot rename into place", out);
    }
    if (a->json)
        printf("{\"report\":\"%s\",\"programs\":%lld,\"runs\":%lld,\"stuck_sites\":%lld,\"divergence_points\":%lld,"
               "\"model\":%s%s%s}\n",
               out, (long long)sum->programs, (long long)sum->runs, (long long)sum->stuck_sites,
               (long long)sum->divergence_points, md ? "\"" : "", md ? model : "null", md ? "\"" : "");
    else
        printf("report: %s (%lld program%s, %lld runs, %lld blocking site%s with goroutines stuck for good, "
               "%lld divergence points%s)\n",
               out, (long long)sum->programs, sum->programs == 1 ? "" : "s", (long long)sum->runs,
               (long long)sum->stuck_sites, sum->stuck_sites == 1 ? "" : "s", (long long)sum->divergence_points,
               md ? "" : "; no model");
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    report_args a;
    sd_report_summary sum;
    int i;
    memset(&a, 0, sizeof a);
    for (i = 1; i < argc; i++) {
        const char *x = argv[i];
        int takes = !strcmp(x, "--catalog") || !strcmp(x, "-o") || !strcmp(x, "--model") ||
                    !strcmp(x, "--title") || !strcmp(x, "-m") || !strcmp(x, "--points");
        if (takes && i + 1 >= argc) return cli_usage_error("report", "%s needs a value", x);
        if (!strcmp(x, "--catalog")) a.db = argv[++i];
        else if (!strcmp(x, "-o")) a.out = argv[++i];
        else if (!strcmp(x, "--model")) a.model = argv[++i];
        else if (!strcmp(x, "--title")) a.title = argv[++i];
        else if (!strcmp(x, "-m")) a.min_runs = atoi(argv[++i]);
        else if (!strcmp(x, "--points")) a.points = atoi(argv[++i]);
        else if (!strcmp(x, "--no-model")) a.no_model = 1;
        else if (!strcmp(x, "--json")) a.json = 1;
        else return cli_usage_error("report", "unexpected argument '%s'", x);
    }
    if (!a.db) return cli_usage_error("report", "no catalog given (--catalog DB)");
    if (a.model && a.no_model) return cli_usage_error("report", "--model and --no-model");
    return do_report("report", &a, &sum);
}

int cmd_run(int argc, char **argv)
{
    report_args a;
    sd_report_summary sum;
    /* collect's arguments: ours less the report's, then "-o DIR" and NULL */
    char **cargv = malloc(((size_t)argc + 3) * sizeof *cargv), dbbuf[4200], outbuf[4096];
    const char *out = NULL, *pkg = NULL;
    int cargc = 0, i, rc;
    static const char *const with_value[] = {"-n", "-j", "-o", "--timeout", "--procs", "--run", "--seed", "--go"};
    if (!cargv) return cli_error("out of memory");
    memset(&a, 0, sizeof a);
    cargv[cargc++] = (char *)"collect";
    for (i = 1; i < argc; i++) {
        const char *x = argv[i];
        size_t k;
        int takes = 0;
        if (!strcmp(x, "--model") || !strcmp(x, "--report")) {
            if (i + 1 >= argc) {
                free(cargv);
                return cli_usage_error("run", "%s needs a value", x);
            }
            if (!strcmp(x, "--model")) a.model = argv[++i];
            else a.out = argv[++i];
            continue;
        }
        if (!strcmp(x, "--no-model")) {
            a.no_model = 1;
            continue;
        }
        if (!strcmp(x, "--json")) a.json = 1; /* and collect's own summary as JSON */
        for (k = 0; k < sizeof with_value / sizeof with_value[0]; k++) takes |= !strcmp(x, with_value[k]);
        cargv[cargc++] = argv[i];
        if (takes && i + 1 < argc) {
            if (!strcmp(x, "-o")) out = argv[i + 1];
            cargv[cargc++] = argv[++i];
        } else if (x[0] != '-') {
            pkg = x;
        }
    }
    cargv[cargc] = NULL;
    if (!pkg) {
        free(cargv);
        return cli_usage_error("run", "no package directory given");
    }
    if (!out) { /* collect's default, so that the report finds the catalog */
        char abs[4096];
        const char *b;
        if (!realpath(pkg, abs)) {
            free(cargv);
            return cli_error("%s: no such package directory", pkg);
        }
        b = strrchr(abs, '/');
        snprintf(outbuf, sizeof outbuf, "stepdist-out/%s", b && b[1] ? b + 1 : "pkg");
        out = outbuf;
        cargv[cargc++] = (char *)"-o";
        cargv[cargc++] = outbuf;
        cargv[cargc] = NULL;
    }
    rc = cmd_collect(cargc, cargv);
    free(cargv);
    if (rc != EXIT_OK) return rc;
    snprintf(dbbuf, sizeof dbbuf, "%s/stepdist.db", out);
    a.db = dbbuf;
    if (a.model && a.no_model) return cli_usage_error("run", "--model and --no-model");
    if ((rc = do_report("run", &a, &sum)) != EXIT_OK) return rc;
    return sum.stuck_sites > 0 ? 3 : EXIT_OK;
}
