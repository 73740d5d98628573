/*
 * cmd_predict.c - `stepdist predict`: the model's distribution over the
 * next event after a prefix of a run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stepdist/model.h"

const char cmd_predict_usage[] =
    "Usage: stepdist predict --model MODEL [--at K] [--top N] [--json] TRACE\n"
    "       stepdist predict --model MODEL [--at K] [--top N] [--json] --catalog DB RUN-ID\n"
    "\n"
    "Replays the first K canonical events of the run (default: all of them)\n"
    "and prints the model's distribution over what happens next: the type\n"
    "marginal, then the allowed transitions (type and goroutine, with where\n"
    "the goroutine is), most likely first (--top N of them, default 10; 0: all).\n"
    "When the run went on after K events, its actual next event is shown with\n"
    "the probability the model gave it.\n";

static void print_site(const sd_site *s)
{
    const char *slash;
    if (!s) {
        printf("-");
        return;
    }
    slash = strrchr(s->file, '/');
    printf("%s:%u", slash ? slash + 1 : s->file, s->line);
}

static void json_site(const sd_site *s)
{
    if (!s) {
        printf("null");
        return;
    }
    printf("{\"func\":");
    cli_json_str(s->func ? s->func : "");
    printf(",\"file\":");
    cli_json_str(s->file);
    printf(",\"line\":%u}", s->line);
}

typedef struct ranked {
    double q;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->q != y->q) return x->q > y->q ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

int cmd_predict(int argc, char **argv)
{
    const char *model = NULL, *catalog = NULL, *path = NULL, *at_s = NULL;
    char tracebuf[8192];
    int json = 0, top = 10, i, status = EXIT_OK, t, actual = -1;
    size_t at, n, nc, j, len;
    sd_model *md = NULL;
    sd_cstream *s = NULL;
    sd_mstate *st = NULL;
    sd_cand *c = NULL;
    double *q = NULL, qt[SD_CEV_NTYPES];
    ranked *r = NULL;
    sd_error err;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--model") || !strcmp(a, "--at") || !strcmp(a, "--top") || !strcmp(a, "--catalog")) &&
            i + 1 >= argc)
            return cli_usage_error("predict", "%s needs a value", a);
        if (!strcmp(a, "--model")) model = argv[++i];
        else if (!strcmp(a, "--at")) at_s = argv[++i];
        else if (!strcmp(a, "--top")) top = atoi(argv[++i]);
        else if (!strcmp(a, "--catalog")) catalog = argv[++i];
        else if (!strcmp(a, "--json")) json = 1;
        else if (a[0] == '-' && a[1]) return cli_usage_error("predict", "unknown option '%s'", a);
        else if (path) return cli_usage_error("predict", "more than one trace given");
        else path = a;
    }
    if (!model) return cli_usage_error("predict", "no model given (--model MODEL)");
    if (!path) return cli_usage_error("predict", catalog ? "no run id given" : "no trace file given");
    if (catalog) {
        int rc = cli_run_trace_path("predict", catalog, path, tracebuf, sizeof tracebuf);
        if (rc != EXIT_OK) return rc;
        path = tracebuf;
    }
    sd_error_clear(&err);
    if (sd_model_load(model, &md, &err) < 0) return cli_error("%s", err.msg);
    if (sd_events_from_trace(path, NULL, &s, &err) < 0) {
        sd_model_free(md);
        return cli_error("%s", err.msg);
    }
    len = sd_cstream_len(s);
    at = len;
    if (at_s) {
        char *end;
        long long v = strtoll(at_s, &end, 10);
        if (*end || v < 0 || (size_t)v > len) {
            status = cli_usage_error("predict", "--at %s: want 0 to %zu (the run's events)", at_s, len);
            goto done;
        }
        at = (size_t)v;
    }
    if (sd_mstate_new(s, &st, &err) < 0 || sd_mstate_load_source(st, &err) < 0) {
        status = cli_error("%s", err.msg);
        goto done;
    }
    if (sd_srcmap_nfiles(sd_mstate_source(st)) == 0)
        fprintf(stderr, "stepdist predict: warning: %s: the program's source files it names are not on this "
                        "machine; the model answers without what the source says (less accurately)\n", path);
    for (j = 0; j < at; j++)
        if (sd_mstate_step(st, &err) < 0) {
            status = cli_error("%s", err.msg);
            goto done;
        }
    nc = sd_mstate_candidates(st, NULL, 0);
    n = nc ? nc : 1;
    c = malloc(n * sizeof *c);
    q = malloc(n * sizeof *q);
    r = malloc(n * sizeof *r);
    if (!c || !q || !r || sd_model_predict_state(md, st, c, q, nc) < 0) {
        status = cli_error("out of memory");
        goto done;
    }
    sd_model_type_marginal(md, c, q, nc, qt);
    for (j = 0; j < nc; j++) {
        r[j].q = q[j];
        r[j].i = j;
    }
    qsort(r, nc, sizeof *r, cmp_ranked);
    if (at < len) actual = sd_cand_match(c, nc, &sd_cstream_events(s)[at]);
    if (top <= 0 || (size_t)top > nc) top = (int)nc;
    if (json) {
        printf("{\"trace\":");
        cli_json_str(path);
        printf(",\"at\":%zu,\"events\":%zu,\"types\":{", at, len);
        for (t = 0; t < SD_CEV_NTYPES; t++) printf("%s\"%s\":%.9g", t ? "," : "", sd_cev_type_name(t), qt[t]);
        printf("},\"candidates\":[");
        for (i = 0; i < top; i++) {
            const sd_cand *cc = &c[r[i].i];
            printf("%s{\"type\":\"%s\",\"g\":", i ? "," : "", sd_cev_type_name(cc->type));
            cli_json_str(sd_cstream_goroutine(s, cc->g)->name);
            printf(",\"site\":");
            json_site(sd_mstate_goroutine_site(st, cc->g));
            printf(",\"p\":%.9g}", r[i].q);
        }
        printf("],\"actual\":");
        if (at < len) {
            const sd_cevent *e = &sd_cstream_events(s)[at];
            uint32_t g = sd_cand_goroutine_of(e);
            printf("{\"type\":\"%s\",\"g\":", sd_cev_type_name(e->type));
            cli_json_str(g != SD_NO_GOR ? sd_cstream_goroutine(s, g)->name : "");
            printf(",\"p\":%.9g}", actual >= 0 ? q[actual] : 0.0);
        } else {
            printf("null");
        }
        printf("}\n");
    } else {
        printf("after %zu of %zu events", at, len);
        if (at > 0) {
            const sd_cevent *e = &sd_cstream_events(s)[at - 1];
            printf(" (last: %s %s", sd_cev_type_name(e->type), sd_cstream_goroutine(s, e->g)->name);
            if (*e->reason) printf(" [%s]", e->reason);
            printf(")");
        }
        printf("\nnext type:");
        for (t = 0; t < SD_CEV_NTYPES; t++) printf(" %s %.3f", sd_cev_type_name(t), qt[t]);
        printf("\n%zu allowed transitions%s:\n", nc, (size_t)top < nc ? ", most likely first" : "");
        for (i = 0; i < top; i++) {
            const sd_cand *cc = &c[r[i].i];
            printf("  %.4f  %-9s %s at ", r[i].q, sd_cev_type_name(cc->type), sd_cstream_goroutine(s, cc->g)->name);
            print_site(sd_mstate_goroutine_site(st, cc->g));
            printf("\n");
        }
        if (at < len) {
            const sd_cevent *e = &sd_cstream_events(s)[at];
            uint32_t g = sd_cand_goroutine_of(e);
            printf("actual next: %s %s", sd_cev_type_name(e->type), g != SD_NO_GOR ? sd_cstream_goroutine(s, g)->name : "?");
            if (actual >= 0) printf(" (p = %.4f)\n", q[actual]);
            else printf(" (not an allowed transition of the replayed state)\n");
        }
    }
    if (fflush(stdout) != 0) status = cli_error("writing output failed");
done:
    free(c);
    free(q);
    free(r);
    sd_mstate_free(st);
    sd_cstream_free(s);
    sd_model_free(md);
    return status;
}
