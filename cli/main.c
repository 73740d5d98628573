/*
 * main.c - stepdist's entry point: dispatches to a subcommand from a table.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"run", cmd_run, "the whole job on a package: collect, then the HTML report", cmd_run_usage},
    {"report", cmd_report, "a self-contained HTML report of a catalog", cmd_report_usage},
    {"collect", cmd_collect, "run a Go package many times under the tracer, keep every run", cmd_collect_usage},
    {"dump", cmd_dump, "print the ordered events of a Go execution trace", cmd_dump_usage},
    {"dist", cmd_dist, "next-event distributions at shared prefixes of a catalog's runs", cmd_dist_usage},
    {"eval", cmd_eval, "score the built-in baselines on held-out programs", cmd_eval_usage},
    {"leaks", cmd_leaks, "goroutines stuck for good, by line, across many runs (collects PKG as needed)", cmd_leaks_usage},
    {"score", cmd_score, "score any model's predictions like stepdist's own", cmd_score_usage},
    {"export", cmd_export, "prediction points as chat records for language models", cmd_export_usage},
    {"gen", cmd_gen, "write random concurrent Go programs with known ground truth", cmd_gen_usage},
    {"train", cmd_train, "train the next-event model on a catalog's runs", cmd_train_usage},
    {"predict", cmd_predict, "the model's next-event distribution after a trace prefix", cmd_predict_usage},
    {"rollout", cmd_rollout, "sample continuations of a run from the model", cmd_rollout_usage},
    {"events", cmd_events, "print the canonical goroutine event stream of a run", cmd_events_usage},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

int cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("stepdist: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_FAIL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "stepdist %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nRun 'stepdist %s --help' for usage.\n", cmd);
    return EXIT_USAGE;
}

void cli_dirname(const char *path, char *buf, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(buf, cap, ".");
    else if (slash == path) snprintf(buf, cap, "/");
    else snprintf(buf, cap, "%.*s", (int)(slash - path), path);
}

void cli_json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
        else putchar(*s);
    }
    putchar('"');
}

int cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

static void usage(FILE *f)
{
    size_t i;
    fputs("stepdist - learn how concurrent Go programs really execute\n\n"
          "Usage: stepdist COMMAND [ARGS...]\n\nCommands:\n",
          f);
    for (i = 0; i < NCOMMANDS; i++) fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nRun 'stepdist COMMAND --help' for a command's options; 'stepdist --man' prints the\n"
          "manual page (the same texts).\n"
          "Exit status: 0 success, 1 failure (bad input, failed work), 2 usage error,\n"
          "3 goroutines stuck for good (leaks, run).\n",
          f);
}

/* roff text: a backslash doubled, a line starting with '.' or '\'' guarded */
static void roff(FILE *f, const char *s)
{
    int bol = 1;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\'')) fputs("\\&", f);
        if (*s == '\\') fputs("\\e", f);
        else if (*s == '-') fputs("\\-", f);
        else fputc(*s, f);
        bol = *s == '\n';
    }
}

/* The manual page, from the same table and usage texts as --help. */
static void man(FILE *f)
{
    size_t i;
    fprintf(f, ".TH STEPDIST 1 \"\" \"stepdist %s\" \"User Commands\"\n"
               ".SH NAME\nstepdist \\- learn how concurrent Go programs really execute\n"
               ".SH SYNOPSIS\n.B stepdist\n.I COMMAND\n[\\fIARGS\\fR...]\n"
               ".SH DESCRIPTION\n"
               "stepdist runs a Go package (a go test package or a main package, unchanged) many times under "
               "Go's execution tracer, varying the schedule; reads the traces with its own reader of the Go "
               "trace format (Go 1.22 and later); turns them into a canonical stream of goroutine events; builds "
               "the empirical distribution of the next event after each prefix; trains a small model to predict "
               "it; measures it on programs it never saw; and finds goroutines stuck for good, with the line.\n"
               ".SH COMMANDS\n", STEPDIST_VERSION);
    for (i = 0; i < NCOMMANDS; i++) {
        fprintf(f, ".SS %s\n", commands[i].name);
        roff(f, commands[i].summary);
        fputs(".\n.PP\n.nf\n", f);
        roff(f, commands[i].usage);
        fputs(".fi\n", f);
    }
    fputs(".SH EXIT STATUS\n0 success; 1 bad input or failed work (the message names the file, offset or run); "
          "2 usage error; 3 goroutines stuck for good (leaks, run).\n"
          ".SH ENVIRONMENT\n.TP\n.B STEPDIST_MODEL\nthe model file report and run use by default.\n"
          ".TP\n.B NO_COLOR\nstepdist prints no colour anyway; progress lines go to a terminal's standard "
          "error only.\n"
          ".SH FILES\n.TP\n.I PREFIX/share/stepdist/default.sdmodel\nthe bundled model, trained on the project's corpus.\n"
          ".SH SEE ALSO\n.BR go (1),\nthe documents under docs/ in the source tree.\n", f);
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--man") == 0) {
        man(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("stepdist %s\n", STEPDIST_VERSION);
        return EXIT_OK;
    }
    for (i = 0; i < NCOMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            if (argc >= 3 && cli_is_help(argv[2])) {
                fputs(commands[i].usage, stdout);
                return EXIT_OK;
            }
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "stepdist: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}

/* The trace of run id in catalog db, as a path (relative to the catalog's
 * directory in the catalog). */
int cli_run_trace_path(const char *cmd, const char *db, const char *idstr, char *out, size_t cap)
{
    sd_catalog *c = NULL;
    sd_run_iter *it = NULL;
    sd_run_rec r;
    sd_error err;
    char *end;
    long long id = strtoll(idstr, &end, 10);
    int rc, found = 0;
    if (*end || id <= 0) return cli_usage_error(cmd, "run id '%s': want a positive number", idstr);
    if (sd_catalog_open(&c, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if (sd_catalog_runs(c, 0, 0, &it, &err) < 0) {
        sd_catalog_free(c);
        return cli_error("%s", err.msg);
    }
    while ((rc = sd_run_iter_next(it, &r, &err)) > 0) {
        if (r.id != id) continue;
        found = 1;
        if (!r.trace_path) {
            found = -1;
            break;
        }
        {
            char dir[4096];
            cli_dirname(db, dir, sizeof dir);
            snprintf(out, cap, "%s/%s", dir, r.trace_path);
        }
        break;
    }
    sd_run_iter_free(it);
    sd_catalog_free(c);
    if (rc < 0) return cli_error("%s", err.msg);
    if (found == 0) return cli_error("%s: no run %lld", db, id);
    if (found < 0) return cli_error("%s: run %lld has no trace (its process left none)", db, id);
    return EXIT_OK;
}

void cli_folds(int64_t nprog, int folds, uint64_t seed, int *fold_of)
{
    int64_t *order = malloc((size_t)(nprog > 0 ? nprog : 1) * sizeof *order), p;
    uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
    if (!order) { /* no memory for the shuffle: round robin in order */
        for (p = 1; p <= nprog; p++) fold_of[p] = (int)((p - 1) % folds);
        return;
    }
    for (p = 0; p < nprog; p++) order[p] = p + 1;
    for (p = nprog - 1; p > 0; p--) {
        int64_t r, tmp;
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        r = (int64_t)(s % (uint64_t)(p + 1));
        tmp = order[p];
        order[p] = order[r];
        order[r] = tmp;
    }
    for (p = 0; p < nprog; p++) fold_of[order[p]] = (int)(p % folds);
    free(order);
}

int cli_open_catalog_folds(const char *db, int folds, uint64_t seed, sd_catalog **cat, int64_t *nprog,
                           int **fold_of)
{
    sd_error err;
    sd_error_clear(&err);
    *cat = NULL;
    *fold_of = NULL;
    *nprog = 0;
    if (sd_catalog_open(cat, db, SD_CATALOG_READONLY, &err) < 0) return cli_error("%s", err.msg);
    if ((*nprog = sd_catalog_max_program(*cat, &err)) < 0) {
        *nprog = 0;
        return cli_error("%s", err.msg);
    }
    if (*nprog < folds)
        return cli_error("%s: %lld programs; need at least --folds (%d) to split by program", db, (long long)*nprog,
                         folds);
    if (!(*fold_of = malloc(((size_t)*nprog + 1) * sizeof **fold_of))) return cli_error("out of memory");
    cli_folds(*nprog, folds, seed, *fold_of);
    return EXIT_OK;
}

const char *cli_json_num(double v)
{
    static char ring[16][32];
    static unsigned next;
    char *b = ring[next++ % 16];
    if (!isfinite(v)) return "null"; /* JSON has no NaN or infinity */
    snprintf(b, sizeof ring[0], "%.6f", v);
    return b;
}
