/*
 * gen.c - writes random concurrent Go programs whose behaviour is known by
 * construction.  Each program is a pipeline: a source goroutine feeds
 * items through 1-4 stage goroutines (one may fan out to several
 * workers) over channels of random capacity into main, with optional
 * mutex accounting, a monitor goroutine stopped through a quit channel,
 * and a pair of goroutines taking two locks.  Clean programs terminate
 * in every schedule; a buggy one gets exactly one injected fault whose
 * effect is derived from the construction:
 *   early-stop     main stops reading early: every stage and the source
 *                  stay blocked on their send (leak)
 *   missing-close  the source never closes its channel: every range and
 *                  main's range wait forever (global deadlock)
 *   wg-extra-add   the fan-out stage's WaitGroup is never released: it
 *                  waits forever, main's range too (global deadlock)
 *   missing-unlock a path returns holding the mutex: the next Lock waits
 *                  forever and the pipeline behind it (global deadlock)
 *   lock-inversion the lock pair takes its locks in opposite orders: some
 *                  schedules deadlock (flaky)
 *   monitor-no-quit the monitor's quit channel is never closed (leak)
 * The manifest records the label, the fault, and the stuck lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stepdist/gen.h"
#include "util/util.h"

enum { BUG_NONE, BUG_EARLY_STOP, BUG_MISSING_CLOSE, BUG_WG_EXTRA, BUG_MISSING_UNLOCK,
       BUG_LOCK_INVERSION, BUG_MONITOR_NO_QUIT, NBUGS };

static const char *const bug_names[NBUGS] = {"none", "early-stop", "missing-close", "wg-extra-add",
                                            "missing-unlock", "lock-inversion", "monitor-no-quit"};

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next_u64(rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int pick(rng *r, int lo, int hi) { return lo + (int)(next_u64(r) % (uint64_t)(hi - lo + 1)); }
static int chance(rng *r, double p) { return (double)(next_u64(r) >> 11) / 9007199254740992.0 < p; }

/* A text buffer that knows its line number. */
typedef struct out {
    sd_buf b;
    int line; /* the line the next character goes on (1-based) */
} out;

static void emit(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(out *o, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n, i;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n >= (int)sizeof tmp) n = (int)sizeof tmp - 1;
    for (i = 0; i < n; i++)
        if (tmp[i] == '\n') o->line++;
    sd__buf_put(&o->b, tmp, (size_t)n);
}

typedef struct stuck {
    int lines[64];
    int n;
} stuck;

static void add_stuck(stuck *s, int line)
{
    if (s->n < 64) s->lines[s->n++] = line;
}

/* What one program looks like. */
typedef struct shape {
    int stages;      /* 1..4 */
    int fanout;      /* index of the fan-out stage, or -1 */
    int workers;     /* in the fan-out stage */
    int caps[6];     /* channel capacities c0..c[stages] */
    int use_mutex;
    int monitor;
    int lockpair;
    int n, take;     /* items produced, items main reads */
    int mult[5];
    int bug;
} shape;

static void plan(rng *r, double bug_rate, shape *sh)
{
    int i, capsum = 0;
    memset(sh, 0, sizeof *sh);
    sh->stages = pick(r, 1, 4);
    sh->fanout = chance(r, 0.4) ? pick(r, 0, sh->stages - 1) : -1;
    sh->workers = pick(r, 2, 4);
    for (i = 0; i <= sh->stages; i++) {
        sh->caps[i] = chance(r, 0.5) ? 0 : pick(r, 1, 3);
        capsum += sh->caps[i];
    }
    for (i = 0; i < sh->stages; i++) sh->mult[i] = pick(r, 2, 9);
    sh->use_mutex = chance(r, 0.5);
    sh->monitor = chance(r, 0.35);
    sh->lockpair = chance(r, 0.3);
    sh->n = pick(r, 4, 24);
    sh->take = sh->n;
    sh->bug = BUG_NONE;
    if (chance(r, bug_rate)) {
        int candidates[NBUGS], nc = 0;
        candidates[nc++] = BUG_EARLY_STOP;
        candidates[nc++] = BUG_MISSING_CLOSE;
        if (sh->fanout >= 0) candidates[nc++] = BUG_WG_EXTRA;
        if (sh->use_mutex) candidates[nc++] = BUG_MISSING_UNLOCK;
        if (sh->lockpair) candidates[nc++] = BUG_LOCK_INVERSION;
        if (sh->monitor) candidates[nc++] = BUG_MONITOR_NO_QUIT;
        sh->bug = candidates[pick(r, 0, nc - 1)];
    }
    if (sh->bug == BUG_EARLY_STOP) {
        /* enough items left over to fill every buffer and block every
         * goroutine on its send */
        sh->take = pick(r, 1, 3);
        sh->n = sh->take + capsum + sh->stages * (sh->workers + 1) + pick(r, 3, 8);
    }
}

/* Writes the program; fills st with the stuck lines of its fault. */
static void write_program(out *o, const char *pkg, const shape *sh, stuck *st)
{
    int i, wait_line = 0, lock_line = 0, main_range = 0;
    int send_lines[6] = {0}, range_lines[6] = {0}, worker_send = 0, worker_range = 0;
    int pair_second[2] = {0, 0}, pair_wait = 0, monitor_select = 0;
    emit(o, "// Package %s runs a small processing pipeline.\n", pkg);
    if (sh->use_mutex || sh->lockpair || sh->monitor || sh->fanout >= 0)
        emit(o, "package %s\n\nimport \"sync\"\n\n", pkg);
    else
        emit(o, "package %s\n\n", pkg);
    emit(o, "type item struct {\n\tid, val int\n}\n\n");
    if (sh->use_mutex)
        emit(o, "var (\n\tmu    sync.Mutex\n\ttotal int\n\tcalls int\n)\n\n");
    if (sh->use_mutex) {
        emit(o, "func record(v int) {\n\tmu.Lock()\n");
        lock_line = o->line - 1;
        emit(o, "\ttotal += v\n\tcalls++\n");
        /* every program makes at least 4 calls, so the third one waits */
        if (sh->bug == BUG_MISSING_UNLOCK) emit(o, "\tif calls == 2 {\n\t\treturn\n\t}\n");
        emit(o, "\tmu.Unlock()\n}\n\n");
    }
    /* source */
    emit(o, "func source(n int, out chan<- item) {\n\tfor i := 0; i < n; i++ {\n");
    emit(o, "\t\tout <- item{i, i + 1}\n");
    send_lines[0] = o->line - 1;
    emit(o, "\t}\n");
    if (sh->bug != BUG_MISSING_CLOSE) emit(o, "\tclose(out)\n");
    emit(o, "}\n\n");
    /* stages */
    for (i = 0; i < sh->stages; i++) {
        if (i == sh->fanout) {
            emit(o, "func stage%d(in <-chan item, out chan<- item) {\n\tvar wg sync.WaitGroup\n", i + 1);
            if (sh->bug == BUG_WG_EXTRA) emit(o, "\twg.Add(1)\n");
            emit(o, "\tfor w := 0; w < %d; w++ {\n\t\twg.Add(1)\n\t\tgo func(w int) {\n"
                    "\t\t\tdefer wg.Done()\n",
                 sh->workers);
            emit(o, "\t\t\tfor it := range in {\n");
            worker_range = o->line - 1;
            emit(o, "\t\t\t\tit.val = it.val*%d + w\n", sh->mult[i]);
            if (sh->use_mutex) emit(o, "\t\t\t\trecord(it.val)\n");
            emit(o, "\t\t\t\tout <- it\n");
            worker_send = o->line - 1;
            emit(o, "\t\t\t}\n\t\t}(w)\n\t}\n\twg.Wait()\n");
            wait_line = o->line - 1;
            emit(o, "\tclose(out)\n}\n\n");
        } else {
            emit(o, "func stage%d(in <-chan item, out chan<- item) {\n", i + 1);
            emit(o, "\tfor it := range in {\n");
            range_lines[i + 1] = o->line - 1;
            emit(o, "\t\tit.val = it.val*%d + %d\n", sh->mult[i], i);
            if (sh->use_mutex) emit(o, "\t\trecord(it.val)\n");
            emit(o, "\t\tout <- it\n");
            send_lines[i + 1] = o->line - 1;
            emit(o, "\t}\n\tclose(out)\n}\n\n");
        }
    }
    if (sh->monitor) {
        emit(o, "func monitor(quit <-chan struct{}, events <-chan int, done *sync.WaitGroup) {\n"
                "\tdefer done.Done()\n\tfor {\n\t\tselect {\n");
        monitor_select = o->line - 1;
        emit(o, "\t\tcase <-quit:\n\t\t\treturn\n\t\tcase e := <-events:\n\t\t\t_ = e\n\t\t}\n\t}\n}\n\n");
    }
    if (sh->lockpair) {
        /* locks of their own: the pipeline never waits on them, so a
         * deadlocked pair leaves main waiting for it and nothing else */
        emit(o, "var (\n\tledgerA, ledgerB sync.Mutex\n\ttransfers     int\n)\n\n");
        emit(o, "func pair(first, second *sync.Mutex, rounds int, done *sync.WaitGroup) {\n"
                "\tdefer done.Done()\n\tfor r := 0; r < rounds; r++ {\n\t\tfirst.Lock()\n"
                "\t\tsecond.Lock()\n");
        pair_second[0] = o->line - 1;
        emit(o, "\t\ttransfers++\n\t\tsecond.Unlock()\n\t\tfirst.Unlock()\n\t}\n}\n\n");
    }
    /* run */
    emit(o, "func run(n, take int) int {\n");
    for (i = 0; i <= sh->stages; i++) emit(o, "\tc%d := make(chan item, %d)\n", i, sh->caps[i]);
    if (sh->monitor) emit(o, "\tquit := make(chan struct{})\n\tevents := make(chan int)\n");
    if (sh->monitor || sh->lockpair) emit(o, "\tvar side sync.WaitGroup\n");
    if (sh->monitor) emit(o, "\tside.Add(1)\n\tgo monitor(quit, events, &side)\n");
    if (sh->lockpair) {
        emit(o, "\tside.Add(2)\n\tgo pair(&ledgerA, &ledgerB, %d, &side)\n", 200);
        emit(o, "\tgo pair(%s, %d, &side)\n",
             sh->bug == BUG_LOCK_INVERSION ? "&ledgerB, &ledgerA" : "&ledgerA, &ledgerB", 200);
    }
    emit(o, "\tgo source(n, c0)\n");
    for (i = 0; i < sh->stages; i++) emit(o, "\tgo stage%d(c%d, c%d)\n", i + 1, i, i + 1);
    emit(o, "\tsum, count := 0, 0\n\tfor it := range c%d {\n", sh->stages);
    main_range = o->line - 1;
    emit(o, "\t\tsum += it.val\n\t\tcount++\n");
    if (sh->bug == BUG_EARLY_STOP) emit(o, "\t\tif count == take {\n\t\t\tbreak\n\t\t}\n");
    emit(o, "\t}\n\tif count > take {\n\t\treturn -1\n\t}\n");
    if (sh->monitor && sh->bug != BUG_MONITOR_NO_QUIT) emit(o, "\tclose(quit)\n");
    if (sh->lockpair) {
        /* with the monitor left running, main must not wait for it */
        emit(o, "\t%s\n", sh->bug == BUG_MONITOR_NO_QUIT ? "_ = quit" : "side.Wait()");
        pair_wait = o->line - 1;
    } else if (sh->monitor && sh->bug != BUG_MONITOR_NO_QUIT) {
        emit(o, "\tside.Wait()\n");
    }
    emit(o, "\treturn sum\n}\n");
    (void)pair_second;

    /* the stuck lines of the fault */
    switch (sh->bug) {
    case BUG_EARLY_STOP:
        add_stuck(st, send_lines[0]);
        for (i = 0; i < sh->stages; i++) {
            if (i == sh->fanout) {
                add_stuck(st, worker_send);
                add_stuck(st, wait_line);
            } else {
                add_stuck(st, send_lines[i + 1]);
            }
        }
        break;
    case BUG_MISSING_CLOSE:
    case BUG_WG_EXTRA: {
        int from = sh->bug == BUG_MISSING_CLOSE ? 0 : sh->fanout;
        for (i = from; i < sh->stages; i++) {
            if (i == sh->fanout) {
                if (sh->bug == BUG_MISSING_CLOSE) add_stuck(st, worker_range);
                add_stuck(st, wait_line);
            } else {
                add_stuck(st, range_lines[i + 1]);
            }
        }
        add_stuck(st, main_range);
        break;
    }
    case BUG_MISSING_UNLOCK:
        add_stuck(st, lock_line);
        add_stuck(st, main_range);
        break;
    case BUG_LOCK_INVERSION:
        add_stuck(st, pair_second[0]);
        add_stuck(st, pair_wait);
        break;
    case BUG_MONITOR_NO_QUIT:
        add_stuck(st, monitor_select);
        break;
    }
}

static int write_all(const char *path, const sd_buf *b, sd_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f || (b->len && fwrite(b->p, 1, b->len, f) != b->len) || fclose(f) != 0)
        return sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", path, strerror(errno));
    return 0;
}

int sd_gen(const sd_gen_opts *opts, sd_error *err)
{
    char path[4096];
    FILE *man = NULL;
    double rate = opts->bug_rate < 0 ? 0.5 : opts->bug_rate;
    int i, rc = 0;
    if (opts->count < 0) return sd_error_set(err, SD_EINVAL, -1, "gen: negative count");
    if (mkdir(opts->dir, 0777) != 0 && errno != EEXIST)
        return sd_error_set(err, SD_EIO, -1, "%s: cannot create: %s", opts->dir, strerror(errno));
    snprintf(path, sizeof path, "%s/go.mod", opts->dir);
    {
        sd_buf b = {0};
        sd__buf_puts(&b, "module stepdist.generated\n\ngo 1.22\n");
        rc = write_all(path, &b, err);
        sd__buf_release(&b);
        if (rc < 0) return rc;
    }
    snprintf(path, sizeof path, "%s/manifest.jsonl", opts->dir);
    man = fopen(path, "w");
    if (!man) return sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", path, strerror(errno));
    for (i = 0; i < opts->count && rc == 0; i++) {
        rng r;
        shape sh;
        stuck st;
        out prog = {{0}, 1}, test = {{0}, 1};
        char pkg[64];
        int k;
        r.s = opts->seed * 0x9E3779B97F4A7C15ULL + (uint64_t)i * 0xD1B54A32D192ED03ULL + 1;
        next_u64(&r);
        memset(&st, 0, sizeof st);
        plan(&r, rate, &sh);
        snprintf(pkg, sizeof pkg, "g%llu_%04d", (unsigned long long)opts->seed, i);
        write_program(&prog, pkg, &sh, &st);
        emit(&test, "package %s\n\nimport \"testing\"\n\nfunc TestRun(t *testing.T) {\n", pkg);
        emit(&test, "\tif got := run(%d, %d); got < 0 {\n\t\tt.Fatalf(\"sum %%d\", got)\n\t}\n}\n",
             sh.n, sh.take);
        snprintf(path, sizeof path, "%s/%s", opts->dir, pkg);
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            rc = sd_error_set(err, SD_EIO, -1, "%s: cannot create: %s", path, strerror(errno));
        } else {
            snprintf(path, sizeof path, "%s/%s/pipeline.go", opts->dir, pkg);
            if ((rc = write_all(path, &prog.b, err)) == 0) {
                snprintf(path, sizeof path, "%s/%s/%s_test.go", opts->dir, pkg, pkg);
                rc = write_all(path, &test.b, err);
            }
        }
        if (prog.b.oom || test.b.oom) rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        if (rc == 0) {
            const char *label = sh.bug == BUG_NONE ? "clean"
                                : (sh.bug == BUG_EARLY_STOP || sh.bug == BUG_MONITOR_NO_QUIT) ? "leak"
                                                                                             : "deadlock";
            fprintf(man,
                    "{\"name\":\"%s\",\"pattern\":\"pipeline\",\"label\":\"%s\",\"bug_class\":\"%s\","
                    "\"flaky\":%s,\"stuck\":[",
                    pkg, label, bug_names[sh.bug], sh.bug == BUG_LOCK_INVERSION ? "true" : "false");
            for (k = 0; k < st.n; k++)
                fprintf(man, "%s\"%s/pipeline.go:%d\"", k ? "," : "", pkg, st.lines[k]);
            fprintf(man,
                    "],\"shape\":{\"stages\":%d,\"fanout\":%d,\"workers\":%d,\"mutex\":%s,"
                    "\"monitor\":%s,\"lockpair\":%s,\"items\":%d,\"take\":%d}}\n",
                    sh.stages, sh.fanout, sh.fanout >= 0 ? sh.workers : 0,
                    sh.use_mutex ? "true" : "false", sh.monitor ? "true" : "false",
                    sh.lockpair ? "true" : "false", sh.n, sh.take);
        }
        sd__buf_release(&prog.b);
        sd__buf_release(&test.b);
    }
    if (fclose(man) != 0 && rc == 0) rc = sd_error_set(err, SD_EIO, -1, "%s: write failed", path);
    return rc;
}
