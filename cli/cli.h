/*
 * cli.h - the stepdist command table.  Each subcommand lives in its own
 * cli/cmd_*.c file; only the CLI prints and exits.
 */
#ifndef STEPDIST_CLI_H
#define STEPDIST_CLI_H

#include <stdint.h>

#include "stepdist/collect.h"
#include "stepdist/stepdist.h"

/* Exit codes, documented in docs/stepdist.1.md. */
enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,  /* the input was bad or the work failed */
    EXIT_USAGE = 2  /* wrong command line */
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    const char *usage; /* full help text */
} cli_command;

int cmd_dump(int argc, char **argv);
extern const char cmd_dump_usage[];
int cmd_collect(int argc, char **argv);
extern const char cmd_collect_usage[];
int cmd_dist(int argc, char **argv);
extern const char cmd_dist_usage[];
int cmd_eval(int argc, char **argv);
extern const char cmd_eval_usage[];
int cmd_leaks(int argc, char **argv);
extern const char cmd_leaks_usage[];
int cmd_score(int argc, char **argv);
extern const char cmd_score_usage[];
int cmd_gen(int argc, char **argv);
extern const char cmd_gen_usage[];
int cmd_events(int argc, char **argv);
extern const char cmd_events_usage[];
int cmd_train(int argc, char **argv);
extern const char cmd_train_usage[];
int cmd_predict(int argc, char **argv);
extern const char cmd_predict_usage[];
int cmd_rollout(int argc, char **argv);
extern const char cmd_rollout_usage[];
int cmd_report(int argc, char **argv);
extern const char cmd_report_usage[];
int cmd_run(int argc, char **argv);
extern const char cmd_run_usage[];
int cmd_export(int argc, char **argv);
extern const char cmd_export_usage[];

/* The options a command that collects shares with `stepdist collect`
 * (-n, -j, -o, --timeout, --procs, --race, --race-only, --run, --go). */
typedef struct cli_collect_args {
    sd_collect_opts o;  /* o.pkg_dir is for the caller to set */
    int procs[16], nprocs;
    const char *out;    /* -o; after cli_collect_run, the directory used */
    char outbuf[4096];
    int interrupted;    /* Ctrl-C stopped the collection (finished runs kept) */
} cli_collect_args;
void cli_collect_args_init(cli_collect_args *a);
/* Parses the option at argv[*i] (advancing *i past its value): 1 it was a
 * collect option, 0 it was not, -1 a usage error (printed). */
int cli_collect_arg(const char *cmd, cli_collect_args *a, int argc, char **argv, int *i);
/* Collects (default directory stepdist-out/<package>, progress on stderr,
 * Ctrl-C stops it keeping finished runs): EXIT_OK, or EXIT_FAIL after
 * printing why. */
int cli_collect_run(const char *cmd, cli_collect_args *a, sd_collect_summary *sum);

/* Prints "stepdist: <msg>" to stderr; returns EXIT_FAIL. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the command's usage line; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints s to stdout as a JSON string (quoted, escaped). */
void cli_json_str(const char *s);
/* The directory part of path ("." when it has none). */
void cli_dirname(const char *path, char *buf, size_t cap);
/* The trace path of run idstr of catalog db (relative to the catalog's
 * directory); EXIT_OK or an exit code after printing why. */
int cli_run_trace_path(const char *cmd, const char *db, const char *idstr, char *out, size_t cap);
/* The split of programs 1..nprog into folds by program (eval, train and
 * rollout agree): a seeded shuffle, then round robin; fold_of[1..nprog]. */
void cli_folds(int64_t nprog, int folds, uint64_t seed, int *fold_of);
/* Opens catalog db read-only into *cat (free with sd_catalog_free, also
 * after a failure), its programs' number into *nprog; refuses fewer
 * programs than folds; *fold_of (free) gets cli_folds' split.  EXIT_OK or
 * an exit code after printing why. */
struct sd_catalog;
int cli_open_catalog_folds(const char *db, int folds, uint64_t seed, struct sd_catalog **cat, int64_t *nprog,
                           int **fold_of);
/* v as a JSON number with 6 decimals, or null when it is NaN or infinite
 * (an undefined metric): the text lives until 16 more calls. */
const char *cli_json_num(double v);
/* True when argv[i] is -h or --help. */
int cli_is_help(const char *arg);

#endif
