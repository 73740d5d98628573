/*
 * cmd_gen.c - `stepdist gen`: write random concurrent Go programs with
 * known ground truth, and check that they build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "stepdist/gen.h"

const char cmd_gen_usage[] =
    "Usage: stepdist gen [--seed S] [-n K] [--bug-rate P] [--no-check] DIR\n"
    "\n"
    "Writes K random concurrent Go programs (pipelines of goroutines over\n"
    "channels, with fan-out, locks, monitors and lock pairs) into DIR, a Go\n"
    "module, each a test package DIR/gS_NNNN, with DIR/manifest.jsonl giving\n"
    "each program's ground truth: clean, or the one leak or deadlock injected\n"
    "into it and the lines where goroutines get stuck (docs/gen.md).  The same\n"
    "seed gives the same programs.  Then checks that every program builds\n"
    "(go vet ./... in DIR) unless --no-check.\n"
    "\n"
    "  --seed S       random seed (default 1)\n"
    "  -n K           number of programs (default 100)\n"
    "  --bug-rate P   fraction with an injected bug (default 0.5)\n"
    "  --no-check     do not build them\n";

int cmd_gen(int argc, char **argv)
{
    sd_gen_opts o;
    sd_error err;
    int i, check = 1;
    memset(&o, 0, sizeof o);
    o.seed = 1;
    o.count = 100;
    o.bug_rate = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if ((strcmp(a, "--seed") == 0 || strcmp(a, "-n") == 0 || strcmp(a, "--bug-rate") == 0) && !v)
            return cli_usage_error("gen", "%s needs a value", a);
        if (strcmp(a, "--seed") == 0) o.seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "-n") == 0) {
            o.count = atoi(argv[++i]);
            if (o.count < 1 || o.count > 1000000) return cli_usage_error("gen", "-n: want 1..1000000");
        } else if (strcmp(a, "--bug-rate") == 0) {
            o.bug_rate = atof(argv[++i]);
            if (o.bug_rate < 0 || o.bug_rate > 1) return cli_usage_error("gen", "--bug-rate: want 0..1");
        } else if (strcmp(a, "--no-check") == 0) check = 0;
        else if (a[0] == '-') return cli_usage_error("gen", "unknown option '%s'", a);
        else if (o.dir) return cli_usage_error("gen", "more than one directory given");
        else o.dir = a;
    }
    if (!o.dir) return cli_usage_error("gen", "no output directory given");
    sd_error_clear(&err);
    if (sd_gen(&o, &err) < 0) return cli_error("%s", err.msg);
    fprintf(stderr, "stepdist gen: %d programs in %s (manifest %s/manifest.jsonl)\n", o.count, o.dir, o.dir);
    if (check) {
        char cmd[8192];
        int st;
        snprintf(cmd, sizeof cmd, "cd '%s' && GOFLAGS=-mod=mod GOWORK=off go vet ./... >/dev/null", o.dir);
        if (strchr(o.dir, '\'')) return cli_error("%s: a quote in the directory name", o.dir);
        st = system(cmd);
        if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            return cli_error("%s: the generated programs do not build (go vet ./... failed)", o.dir);
        fprintf(stderr, "stepdist gen: all %d build (go vet ./...)\n", o.count);
    }
    return EXIT_OK;
}
