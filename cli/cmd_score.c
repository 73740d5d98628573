/*
 * cmd_score.c - `stepdist score`: scores any model's predictions with the
 * same points and metric code as `stepdist eval`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cmd_score_usage[] =
    "Usage: stepdist score --catalog DB [--mode prefix|own|paper] [-m RUNS] [--json]\n"
    "                      [--folds K --fold I] [--seed S] [--against OTHER] PREDICTIONS\n"
    "\n"
    "Scores the predictions in PREDICTIONS (JSON lines) on the catalog's\n"
    "prediction points, with exactly the metrics of 'stepdist eval', so that\n"
    "a language model's answers and stepdist's are comparable.  One object\n"
    "per point:\n"
    "  {\"program\": \"/abs/pkg/dir\", \"point\": \"node:17\", \"q\": [6 probabilities]}\n"
    "  {\"program\": \"/abs/pkg/dir\", \"point\": \"node:17\", \"q\": {\"GoStart\": 0.7, \"GoEnd\": 0.3}}\n"
    "  {\"program\": \"/abs/pkg/dir\", \"point\": \"split:2:run:5\", \"answer\": \"GoBlock\"}\n"
    "q is over GoCreate, GoStart, GoBlock, GoUnblock, GoSched, GoEnd (or an\n"
    "object of them, missing ones 0) and sums to 1 within 1e-6; an answer\n"
    "counts as certainty; other keys are skipped.  Points are named\n"
    "\"node:N\" (prefix mode), \"split:S:run:R\" (own rows) or \"split:S\"\n"
    "(paper rows); 'stepdist eval --write-predictions FILE' writes the state\n"
    "table's predictions, an example of every point of a mode, and 'stepdist\n"
    "export' the points as prompts for language models.  Every point must\n"
    "have a prediction.\n"
    "\n"
    "  --folds K --fold I  score only the programs of fold I (0-based) of the K\n"
    "                   folds of 'stepdist eval' (default 5, --seed 1): the\n"
    "                   programs of 'stepdist export --fold I' test.jsonl\n"
    "  --against OTHER  also score OTHER, a second predictions file for the same\n"
    "                   points, and compare the two, paired by row: accuracy\n"
    "                   difference with a bootstrap interval over programs, and\n"
    "                   McNemar's test\n";

int cmd_score(int argc, char **argv)
{
    const char *file = NULL;
    char **av;
    int i, n = 0, rc;
    av = calloc((size_t)argc + 3, sizeof *av);
    if (!av) return cli_error("out of memory");
    av[n++] = "eval";
    for (i = 1; i < argc; i++) {
        int takes = !strcmp(argv[i], "--catalog") || !strcmp(argv[i], "--mode") || !strcmp(argv[i], "-m") ||
                    !strcmp(argv[i], "--folds") || !strcmp(argv[i], "--fold") || !strcmp(argv[i], "--seed") ||
                    !strcmp(argv[i], "--against");
        if (takes && i + 1 < argc) {
            av[n++] = argv[i++];
            av[n++] = argv[i];
        } else if (!strcmp(argv[i], "--json")) {
            av[n++] = argv[i];
        } else if (argv[i][0] == '-') {
            free(av);
            return cli_usage_error("score", "unknown option '%s'", argv[i]);
        } else if (file) {
            free(av);
            return cli_usage_error("score", "more than one predictions file given");
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        free(av);
        return cli_usage_error("score", "no predictions file given");
    }
    av[n++] = "--predictions";
    av[n++] = (char *)(uintptr_t)file;
    rc = cmd_eval(n, av);
    free(av);
    return rc;
}
