#!/usr/bin/env bash
# rarebugs_manifest.sh: the rare-bug benchmark set (bench/rarebugs/, not
# training data) checked as corpus_manifest.sh checks the corpus: names in
# bench/rarebugs/manifest.jsonl match the directories, every label is leak
# or deadlock with stuck lines at blocking operations, no name or comment
# tells the label, and every program and its test build (go vet).  It runs
# no perturbation (bench/perturb.sh with CORPUS_DIR=bench/rarebugs measures it).
set -euo pipefail
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CORPUS_DIR=$TOP/bench/rarebugs LABELS="leak deadlock" ME=rarebugs_manifest \
    exec bash "$(dirname "${BASH_SOURCE[0]}")/corpus_manifest.sh"
