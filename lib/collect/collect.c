/*
 * collect.c - `stepdist collect`: prepare a Go package with the harness
 * (harness/, carried inside the library), build it once per race mode,
 * run it many times in parallel with varied schedules, and record every
 * run (outcome, limits, trace) in the catalog, one transaction per run.
 * See docs/collect.md for the contracts with the harness.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/embed.h"
#include "collect/target.h"
#include "stepdist/collect.h"
#include "stepdist/events.h"
#include "stepdist/proc.h"
#include "util/util.h"

extern char **environ;

#define PATHMAX 4096
#define EXIT_WATCHDOG 97 /* the harness's watchdog fired */
#define EXIT_SETUP 96    /* the harness could not start */

/* ------------------------------------------------------------ helpers */

/* snprintf into a path buffer; a path that does not fit is an error. */
static int path_fmt(char *buf, size_t cap, sd_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int path_fmt(char *buf, size_t cap, sd_error *err, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap)
        return sd_error_set(err, SD_EINVAL, -1, "path too long: %.200s...", buf);
    return 0;
}

static int mkdir_p(const char *path, sd_error *err)
{
    char tmp[PATHMAX];
    size_t i, n = strlen(path);
    if (n >= sizeof tmp) return sd_error_set(err, SD_EINVAL, -1, "%s: path too long", path);
    memcpy(tmp, path, n + 1);
    for (i = 1; i <= n; i++) {
        if (tmp[i] == '/' || tmp[i] == '\0') {
            char c = tmp[i];
            tmp[i] = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return sd_error_set(err, SD_EIO, -1, "%s: cannot create directory: %s", tmp,
                                    strerror(errno));
            tmp[i] = c;
        }
    }
    return 0;
}

static int write_file(const char *path, const void *data, size_t len, sd_error *err)
{
    char tmp[PATHMAX];
    FILE *f;
    int rc = path_fmt(tmp, sizeof tmp, err, "%s.tmp%ld", path, (long)getpid());
    if (rc < 0) return rc;
    f = fopen(tmp, "wb");
    if (!f) return sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", tmp, strerror(errno));
    if ((len && fwrite(data, 1, len, f) != len) | (fclose(f) != 0) || rename(tmp, path) != 0) {
        unlink(tmp);
        return sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", path, strerror(errno));
    }
    return 0;
}

/* A NULL-terminated environment: the caller's, with sets[] ("K=V")
 * replacing variables of the same name.  Free with env_free. */
static char **env_with(const char *const *sets, size_t nsets)
{
    size_t n = 0, i, j, k = 0;
    char **env;
    while (environ[n]) n++;
    env = sd__calloc(n + nsets + 1, sizeof *env);
    if (!env) return NULL;
    for (i = 0; i < n; i++) {
        int replaced = 0;
        for (j = 0; j < nsets; j++) {
            size_t klen = (size_t)(strchr(sets[j], '=') - sets[j]) + 1;
            if (strncmp(environ[i], sets[j], klen) == 0) replaced = 1;
        }
        if (!replaced && !(env[k++] = sd__strdup(environ[i]))) goto oom;
    }
    for (j = 0; j < nsets; j++)
        if (!(env[k++] = sd__strdup(sets[j]))) goto oom;
    env[k] = NULL;
    return env;
oom:
    for (i = 0; i < k; i++) sd__free(env[i]);
    sd__free(env);
    return NULL;
}

static void env_free(char **env)
{
    size_t i;
    if (!env) return;
    for (i = 0; env[i]; i++) sd__free(env[i]);
    sd__free(env);
}

/* The value of "key":"..." in a flat JSON object (no nesting needed). */
static int json_str(const char *json, const char *key, char *out, size_t cap)
{
    char pat[128];
    const char *p;
    size_t n = 0;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(json, pat);
    if (!p) return 0;
    p += strlen(pat);
    while (*p == ' ') p++;
    if (*p != '"') return 0;
    for (p++; *p && *p != '"' && n + 1 < cap; p++) {
        if (*p == '\\' && p[1]) p++;
        out[n++] = *p;
    }
    out[n] = '\0';
    return 1;
}

/* The value of "key":N in a flat JSON object, or def. */
static int64_t json_int(const char *json, const char *key, int64_t def)
{
    char pat[128];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(json, pat);
    return p ? strtoll(p + strlen(pat), NULL, 10) : def;
}

/* The "stepdist-prep: warning: " lines of its stderr, prefix removed. */
static void prep_warnings(const sd_proc_stream *e, char *out, size_t cap)
{
    static const char tag[] = "stepdist-prep: warning: ";
    const char *p = e->data, *end = e->data ? e->data + e->kept : NULL;
    size_t n = 0;
    out[0] = '\0';
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (len > sizeof tag - 1 && memcmp(p, tag, sizeof tag - 1) == 0 && n + 1 < cap) {
            int w = snprintf(out + n, cap - n, "%.*s\n", (int)(len - (sizeof tag - 1)),
                             p + sizeof tag - 1);
            n = w < 0 || (size_t)w >= cap - n ? cap - 1 : n + (size_t)w;
        }
        p += len + 1;
    }
}

/* Runs a tool command to completion; on failure the error quotes the end
 * of its stderr.  res is released by the caller. */
static int run_tool(const char *what, const char *const *argv, char **env, const char *cwd,
                    int64_t wall_ms, sd_proc_result *res, sd_error *err)
{
    sd_proc_spec spec;
    int rc;
    memset(&spec, 0, sizeof spec);
    spec.argv = argv;
    spec.env = (const char *const *)env;
    spec.cwd = cwd;
    spec.wall_ms = wall_ms;
    spec.out_cap = spec.err_cap = 256 << 10;
    rc = sd_proc_run(&spec, res, err);
    if (rc < 0) return rc;
    if (res->exit_code != 0) {
        const char *e = res->err.data ? res->err.data : "";
        size_t n = res->err.kept;
        const char *tail = n > 1500 ? e + n - 1500 : e;
        return sd_error_set(err, SD_EIO, -1, "%s failed (%s%d)%s%.*s", what,
                            res->signal ? "signal " : "exit status ",
                            res->signal ? res->signal : res->exit_code, n ? ":\n" : "",
                            (int)(n > 1500 ? 1500 : n), tail);
    }
    return 0;
}

int sd_cache_dir(char *buf, size_t cap, sd_error *err)
{
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (x && *x) snprintf(buf, cap, "%s/stepdist", x);
    else if (home && *home) snprintf(buf, cap, "%s/.cache/stepdist", home);
    else snprintf(buf, cap, "/tmp/stepdist-cache-%ld", (long)getuid());
    return mkdir_p(buf, err);
}

/* --------------------------------------------------- the prep tool */

/* Builds (once per harness version) the Go program that prepares packages. */
static int ensure_prep(const char *go, char *prep, size_t cap, sd_error *err)
{
    char cache[PATHMAX], dir[PATHMAX], path[PATHMAX * 2], tmpbin[PATHMAX * 2];
    uint64_t h = 1469598103934665603ULL;
    const sd_embedded_file *f;
    sd_proc_result res;
    char **env = NULL;
    int rc;
    for (f = sd__harness_files; f->path; f++) {
        const char *p;
        size_t i;
        for (p = f->path; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        for (i = 0; i < f->len; i++) h = (h ^ f->data[i]) * 1099511628211ULL;
    }
    if ((rc = sd_cache_dir(cache, sizeof cache, err)) < 0) return rc;
    if ((rc = path_fmt(dir, sizeof dir, err, "%s/prep-%016llx", cache, (unsigned long long)h)) < 0 ||
        (rc = path_fmt(prep, cap, err, "%s/stepdist-prep", dir)) < 0)
        return rc;
    if (access(prep, X_OK) == 0) return 0;
    for (f = sd__harness_files; f->path; f++) {
        char *slash;
        snprintf(path, sizeof path, "%s/src/%s", dir, f->path);
        slash = strrchr(path, '/');
        *slash = '\0';
        if ((rc = mkdir_p(path, err)) < 0) return rc;
        *slash = '/';
        if ((rc = write_file(path, f->data, f->len, err)) < 0) return rc;
    }
    snprintf(path, sizeof path, "%s/src", dir);
    snprintf(tmpbin, sizeof tmpbin, "%s/stepdist-prep.tmp%ld", dir, (long)getpid());
    {
        static const char *const sets[] = {"GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local",
                                           "GOPROXY=off", "CGO_ENABLED=0"};
        const char *argv[] = {go, "build", "-o", tmpbin, "./cmd/stepdist-prep", NULL};
        env = env_with(sets, sizeof sets / sizeof sets[0]);
        if (!env) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        memset(&res, 0, sizeof res);
        rc = run_tool("building the harness tool (go build ./cmd/stepdist-prep)", argv, env, path,
                      300000, &res, err);
        sd_proc_result_release(&res);
        env_free(env);
        if (rc < 0) return rc;
    }
    if (rename(tmpbin, prep) != 0)
        return sd_error_set(err, SD_EIO, -1, "%s: cannot install: %s", prep, strerror(errno));
    return 0;
}

/* ------------------------------------------------------------ runs */

typedef struct run_slot {
    int64_t build_id, seq;
    int gomaxprocs, race;
    char trace_tmp[PATHMAX], trace_rel[256];
    char perturb_env[96];
    char **env;
    const char *argv[6];
    char params[512];
} run_slot;

/* Final states of the user's goroutines: counts of those blocked for good
 * (channel, select, sync, forever), and of those running or runnable. */
static void final_states(const sd_cstream *s, int64_t *blocked, int64_t *active)
{
    size_t n = sd_cstream_ngoroutines(s), i;
    const sd_cevent *ev = sd_cstream_events(s);
    uint8_t *st = sd__calloc(n ? n : 1, 1); /* 0 unknown 1 active 2 blocked 3 other wait 4 ended */
    *blocked = *active = 0;
    if (!st) return;
    for (i = 0; i < sd_cstream_len(s); i++) {
        const sd_cevent *e = &ev[i];
        switch (e->type) {
        case SD_CEV_CREATE: case SD_CEV_START: case SD_CEV_UNBLOCK: case SD_CEV_SCHED:
            st[e->g] = 1;
            break;
        case SD_CEV_BLOCK:
            st[e->g] = (strcmp(e->reason, "sleep") == 0 || strcmp(e->reason, "syscall") == 0 ||
                        strcmp(e->reason, "network") == 0) ? 3 : 2;
            break;
        case SD_CEV_END:
            st[e->g] = 4;
            break;
        }
    }
    for (i = 0; i < n; i++) {
        if (!sd_cstream_goroutine(s, (uint32_t)i)->user) continue;
        if (st[i] == 2) (*blocked)++;
        else if (st[i] == 1) (*active)++;
    }
    sd__free(st);
}

static uint64_t stream_hash(const sd_cstream *s)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i;
    const sd_cevent *ev = sd_cstream_events(s);
#define MIX(v) (h = (h ^ (uint64_t)(v)) * 1099511628211ULL)
    for (i = 0; i < sd_cstream_len(s); i++) {
        const char *p;
        MIX(ev[i].type);
        for (p = sd_cstream_goroutine(s, ev[i].g)->name; *p; p++) MIX((unsigned char)*p);
        for (p = ev[i].reason; *p; p++) MIX((unsigned char)*p);
        MIX(ev[i].site.line);
    }
#undef MIX
    return h;
}

static int contains(const sd_proc_stream *s, const char *needle)
{
    size_t n = strlen(needle), i;
    if (!s->data || s->kept < n) return 0;
    for (i = 0; i + n <= s->kept; i++)
        if (memcmp(s->data + i, needle, n) == 0) return 1;
    return 0;
}

/* Decides the outcome of a finished run, renames its trace into place and
 * writes it to the catalog in one transaction. */
static int finish_run(sd_catalog *cat, const char *out_dir, const char *perturb, run_slot *rs,
                      sd_proc_result *res,
                      uint64_t *hash, int *have_hash, int *damaged, sd_outcome *outcome,
                      sd_error *err)
{
    sd_run_rec r;
    sd_cstream *s = NULL;
    sd_error serr;
    struct stat stt;
    char final[PATHMAX];
    int64_t blocked = 0, active = 0, trace_bytes = -1, events = -1, run_id = 0;
    int have_trace = stat(rs->trace_tmp, &stt) == 0 && stt.st_size > 0, rc;
    /* The outcome comes from the exit status and the trace (the harness's
     * status file, STEPDIST_STATUS, is for people debugging the harness:
     * not asked for, it saves a file per run). */
    *have_hash = 0;
    *damaged = 0;
    if (have_trace) {
        trace_bytes = stt.st_size;
        sd_error_clear(&serr);
        if (sd_events_from_trace(rs->trace_tmp, NULL, &s, &serr) == 0) {
            events = (int64_t)sd_cstream_len(s);
            *damaged = sd_cstream_status(s, NULL) < 0;
            final_states(s, &blocked, &active);
            *hash = stream_hash(s);
            *have_hash = 1;
        } else {
            *damaged = 1;
        }
    }
    if (res->mem_killed || res->cancelled || (res->timed_out && res->exit_code != EXIT_WATCHDOG))
        *outcome = SD_OUTCOME_KILLED;
    else if (res->signal)
        *outcome = SD_OUTCOME_CRASH;
    else if (res->exit_code == EXIT_WATCHDOG)
        *outcome = (blocked > 0 && active == 0) ? SD_OUTCOME_DEADLOCK : SD_OUTCOME_TIMEOUT;
    else if (res->exit_code == 0)
        *outcome = blocked > 0 ? SD_OUTCOME_LEAK : SD_OUTCOME_PASS;
    else if (contains(&res->err, "fatal error: ") && !contains(&res->err, "panic: "))
        *outcome = SD_OUTCOME_CRASH;
    else if (contains(&res->err, "panic: ") || contains(&res->out, "panic: "))
        *outcome = SD_OUTCOME_PANIC;
    else if (res->exit_code == EXIT_SETUP)
        *outcome = SD_OUTCOME_CRASH;
    else
        *outcome = SD_OUTCOME_FAIL;

    snprintf(final, sizeof final, "%s/%s", out_dir, rs->trace_rel);
    if (have_trace && rename(rs->trace_tmp, final) != 0) {
        sd_cstream_free(s);
        return sd_error_set(err, SD_EIO, -1, "%s: cannot rename to %s: %s", rs->trace_tmp, final,
                            strerror(errno));
    }
    if (!have_trace) unlink(rs->trace_tmp);
    if (*outcome != SD_OUTCOME_PASS) {
        /* keep what a run that did not pass said, beside its trace (written
         * in place: the catalog, not these files, says which runs are
         * complete; passing runs keep only their byte counts, a file per
         * run costing more than a short test) */
        static const char *const ext[2] = {"stdout", "stderr"};
        const sd_proc_stream *st[2] = {&res->out, &res->err};
        int k;
        for (k = 0; k < 2; k++) {
            char p[PATHMAX];
            FILE *of;
            if (!st[k]->kept) continue;
            snprintf(p, sizeof p, "%s/runs/b%lld-%lld.%s", out_dir, (long long)rs->build_id,
                     (long long)rs->seq, ext[k]);
            of = fopen(p, "wb");
            if (!of || (fwrite(st[k]->data, 1, st[k]->kept, of) != st[k]->kept) | (fclose(of) != 0)) {
                rc = sd_error_set(err, SD_EIO, -1, "%s: cannot write: %s", p, strerror(errno));
                goto fail;
            }
        }
    }
    memset(&r, 0, sizeof r);
    r.build_id = rs->build_id;
    r.seq = rs->seq;
    r.params = rs->params;
    r.outcome = *outcome;
    r.exit_code = res->signal ? -1 : res->exit_code;
    r.signal = res->signal;
    r.duration_ns = res->duration_ns;
    r.trace_path = have_trace ? rs->trace_rel : NULL;
    r.trace_bytes = trace_bytes;
    r.event_count = events;
    r.stdout_bytes = (int64_t)(res->out.kept + res->out.dropped);
    r.stderr_bytes = (int64_t)(res->err.kept + res->err.dropped);
    r.perturb = perturb;
    if ((rc = sd_catalog_begin(cat, err)) < 0) goto fail;
    if ((rc = sd_catalog_add_run(cat, &r, &run_id, err)) < 0) {
        sd_catalog_rollback(cat);
        goto fail;
    }
    if ((rc = sd_catalog_commit(cat, err)) < 0) goto fail;
    sd_cstream_free(s);
    return 0;
fail:
    sd_cstream_free(s);
    return rc;
}

/* What the recorded runs add up to, for the summary. */
typedef struct run_tally {
    uint64_t *hashes;
    int64_t nhashes;
    sd_collect_summary *sum;
    sd_collect_progress *prog;
} run_tally;

/* Records a finished run (finish_run) and counts it; releases res and the
 * run's slot. */
static int record_run(sd_catalog *cat, const char *out_dir, const char *perturb, sd_proc_result *res,
                      run_tally *t, const sd_collect_opts *o, sd_error *err)
{
    run_slot *rs = res->udata;
    sd_outcome oc;
    int have_hash, damaged, rc;
    uint64_t h = 0;
    rc = finish_run(cat, out_dir, perturb, rs, res, &h, &have_hash, &damaged, &oc, err);
    sd_proc_result_release(res);
    env_free(rs->env);
    rs->env = NULL;
    if (rc < 0) return rc;
    if (have_hash) t->hashes[t->nhashes++] = h;
    t->sum->traces_damaged += damaged;
    t->sum->runs_done++;
    t->prog->done++;
    t->prog->by_outcome[oc]++;
    if (o->progress) o->progress(o->progress_ctx, t->prog);
    return 0;
}

static double mono_seconds(void) { return (double)sd__mono_ns() * 1e-9; }

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* --------------------------------------------------------- sd_collect */

int sd_collect(const sd_collect_opts *o, sd_collect_summary *sum, sd_error *err)
{
    static const int default_procs[] = {1, 2, 4};
    char prep[PATHMAX], work[PATHMAX], pkg[PATHMAX], overlay[PATHMAX], import_path[1024] = "",
        go_version[64] = "", kind[16] = "", dbpath[PATHMAX], bins[2][PATHMAX], runs_dir[PATHMAX],
        pkgkey[32], out_dir[PATHMAX / 2];
    const char *go = o->go ? o->go : "go";
    const int *procs = o->procs ? o->procs : default_procs;
    size_t nprocs = o->procs ? o->nprocs : 3;
    int64_t timeout = o->timeout_ms > 0 ? o->timeout_ms : 10000;
    const char *perturb = o->perturb ? o->perturb : ""; /* the runs' catalog column */
    const char *psuffix = o->perturb ? "-perturb" : "";
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    int want_race[2] = {o->race != 1, o->race >= 1}; /* [plain, race] */
    int64_t build_ids[2] = {0, 0}, next_seq[2] = {0, 0}, existing, planned, started = 0, i;
    sd_catalog *cat = NULL;
    sd_proc_pool *pool = NULL;
    run_slot *slots = NULL;
    run_tally tally;
    sd_collect_progress prog;
    sd_proc_result res, finished; /* finished: a run not yet recorded, if pending */
    int rc = 0, r, pending = 0;
    double t_phase = 0, t_runs = 0;
    char *sites_env = NULL; /* targeted perturbation: STEPDIST_PERTURB_SITES=... */

    memset(sum, 0, sizeof *sum);
    memset(&prog, 0, sizeof prog);
    memset(&res, 0, sizeof res);
    memset(&finished, 0, sizeof finished);
    memset(&tally, 0, sizeof tally);
    tally.sum = sum;
    tally.prog = &prog;
    if (jobs < 1) jobs = 1;
    if (o->perturb && strcmp(o->perturb, "yield") != 0 && strcmp(o->perturb, "sleep") != 0 &&
        strcmp(o->perturb, "targeted") != 0)
        return sd_error_set(err, SD_EINVAL, -1,
                            "unknown perturbation strategy '%.64s' (want yield, sleep or targeted)", o->perturb);
    if (o->perturb && o->seed < 0)
        return sd_error_set(err, SD_EINVAL, -1, "perturbation seed %lld: want 0 or more",
                            (long long)o->seed);
    if (!realpath(o->pkg_dir, pkg))
        return sd_error_set(err, SD_EINVAL, -1, "%s: no such package directory: %s", o->pkg_dir,
                            strerror(errno));
    if ((rc = mkdir_p(o->out_dir, err)) < 0) return rc;
    /* absolute: the runs start in the package's directory, and the
     * catalog's binary paths must not depend on the caller's */
    if (!realpath(o->out_dir, prep))
        return sd_error_set(err, SD_EIO, -1, "%s: cannot resolve the output directory: %s", o->out_dir,
                            strerror(errno));
    if (strlen(prep) >= sizeof out_dir)
        return sd_error_set(err, SD_EINVAL, -1, "%.200s...: output directory path too long (over %d bytes)",
                            prep, (int)sizeof out_dir - 1);
    memcpy(out_dir, prep, strlen(prep) + 1);
    snprintf(runs_dir, sizeof runs_dir, "%s/runs", out_dir);
    if ((rc = mkdir_p(runs_dir, err)) < 0) return rc;

    t_phase = mono_seconds();
    /* 1. prepare */
    prog.phase = "prepare";
    if (o->progress) o->progress(o->progress_ctx, &prog);
    if ((rc = ensure_prep(go, prep, sizeof prep, err)) < 0) return rc;
    {   /* several packages may share one output directory (one catalog):
         * their harness work and binaries are kept apart by a hash of the
         * package's path */
        uint64_t h = 1469598103934665603ULL;
        const char *c;
        for (c = pkg; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ULL;
        snprintf(pkgkey, sizeof pkgkey, "%08llx", (unsigned long long)(h & 0xffffffffULL));
    }
    if ((rc = path_fmt(work, sizeof work, err, "%s/work/%s%s", out_dir, pkgkey, psuffix)) < 0)
        return rc;
    {
        const char *argv[] = {prep, "-pkg", pkg, "-out", work, o->perturb ? "-perturb" : NULL, NULL};
        memset(&res, 0, sizeof res);
        rc = run_tool("preparing the package (stepdist-prep)", argv, NULL, NULL, 120000, &res, err);
        if (rc == 0 && (!res.out.data || !json_str(res.out.data, "kind", kind, sizeof kind) ||
                        !json_str(res.out.data, "overlay", overlay, sizeof overlay)))
            rc = sd_error_set(err, SD_EFORMAT, -1, "stepdist-prep: unexpected output: %.200s",
                              res.out.data ? res.out.data : "");
        if (rc == 0) {
            json_str(res.out.data, "import_path", import_path, sizeof import_path);
            json_str(res.out.data, "go_version", go_version, sizeof go_version);
            sum->perturb_sites = json_int(res.out.data, "perturb_sites", 0);
            prep_warnings(&res.err, sum->warnings, sizeof sum->warnings);
        }
        sd_proc_result_release(&res);
        if (rc < 0) return rc;
    }
    if (strcmp(kind, "test") != 0 && strcmp(kind, "main") != 0) {
        rc = sd_error_set(err, SD_EFORMAT, -1, "stepdist-prep: unknown package kind '%.16s'", kind);
        return rc;
    }
    memcpy(sum->kind, kind, strlen(kind) + 1);

    /* 2. catalog */
    snprintf(dbpath, sizeof dbpath, "%s/stepdist.db", out_dir);
    snprintf(sum->catalog_path, sizeof sum->catalog_path, "%s", dbpath);
    if ((rc = sd_catalog_open(&cat, dbpath, SD_CATALOG_CREATE, err)) < 0) return rc;

    sum->prepare_seconds = mono_seconds() - t_phase;
    t_phase = mono_seconds();
    /* 3. build once per race mode */
    prog.phase = "build";
    if (o->progress) o->progress(o->progress_ctx, &prog);
    for (r = 0; r < 2; r++) {
        const char *argv[12];
        int k = 0;
        sd_build_rec b;
        if (!want_race[r]) continue;
        if ((rc = path_fmt(bins[r], sizeof bins[r], err, "%s/bin/%s-%s%s%s", out_dir, pkgkey,
                           strcmp(kind, "main") == 0 ? "main" : "test", psuffix, r ? "-race" : "")) < 0)
            goto done;
        argv[k++] = go;
        argv[k++] = strcmp(kind, "main") == 0 ? "build" : "test";
        if (strcmp(kind, "main") != 0) {
            argv[k++] = "-c";
            argv[k++] = "-vet=off"; /* vet does not see files added by an overlay */
        }
        argv[k++] = "-o";
        argv[k++] = bins[r];
        argv[k++] = "-overlay";
        argv[k++] = overlay;
        if (r) argv[k++] = "-race";
        argv[k++] = ".";
        argv[k] = NULL;
        memset(&res, 0, sizeof res);
        rc = run_tool(r ? "building the package with -race" : "building the package", argv, NULL,
                      pkg, 600000, &res, err);
        sd_proc_result_release(&res);
        if (rc < 0) goto done;
        if (!sum->program_id) { /* the program is catalogued once it builds */
            sd_program_rec p;
            memset(&p, 0, sizeof p);
            p.path = pkg;
            p.kind = strcmp(kind, "main") == 0 ? SD_PROGRAM_MAIN : SD_PROGRAM_TEST;
            p.import_path = import_path;
            p.go_version = go_version;
            if ((rc = sd_catalog_add_program(cat, &p, &sum->program_id, err)) < 0) goto done;
        }
        memset(&b, 0, sizeof b);
        b.program_id = sum->program_id;
        b.flags = o->perturb ? (r ? "-overlay -perturb -race" : "-overlay -perturb")
                             : (r ? "-overlay -race" : "-overlay");
        b.race = r;
        b.binary_path = bins[r];
        if ((rc = sd_catalog_add_build(cat, &b, &build_ids[r], err)) < 0) goto done;
        if ((rc = sd_catalog_next_seq(cat, build_ids[r], &next_seq[r], err)) < 0) goto done;
    }

    sum->build_seconds = mono_seconds() - t_phase;
    /* 4. run until the package has o->runs runs */
    if (o->perturb && strcmp(o->perturb, "targeted") == 0) {
        /* only the sites on the lines where the plain runs diverge */
        char tsv[PATHMAX + 32];
        snprintf(tsv, sizeof tsv, "%s/perturb_sites.tsv", work);
        if ((rc = sd__target_sites(cat, out_dir, sum->program_id, tsv, &sites_env, &sum->perturb_targets,
                                   &sum->perturb_lines, err)) < 0)
            goto done;
        {   /* kept beside the sites table, to replay a run */
            char keep[PATHMAX + 32];
            FILE *kf;
            snprintf(keep, sizeof keep, "%s/perturb_targets.env", work);
            if ((kf = fopen(keep, "w"))) {
                fprintf(kf, "%s\n", sites_env);
                fclose(kf);
            }
        }
    }
    existing = sd_catalog_count_perturbed(cat, sum->program_id, 0, perturb, sum->by_outcome, err);
    if (existing < 0) {
        rc = (int)existing;
        goto done;
    }
    sum->runs_before = existing;
    planned = o->runs > existing ? o->runs - existing : 0;
    prog.total = planned;
    prog.phase = "run";
    if (o->progress) o->progress(o->progress_ctx, &prog);
    if (planned == 0) goto done;
    t_runs = mono_seconds();
    if ((rc = sd_proc_pool_new(&pool, jobs, err)) < 0) goto done;
    /* one slot more than jobs: a finished run keeps its slot until it is
     * recorded, after the next run has started */
    slots = sd__calloc((size_t)jobs + 1, sizeof *slots);
    tally.hashes = sd__calloc((size_t)planned, sizeof *tally.hashes);
    if (!slots || !tally.hashes) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto done;
    }
    for (;;) {
        int slot;
        /* start runs while there are free slots, before recording the run
         * that just finished: parsing its trace and the catalog
         * transaction then overlap the next run instead of delaying it */
        while (started < planned && sd_proc_pool_busy(pool) < jobs &&
               !(o->cancel && *o->cancel)) {
            int64_t gi = existing + started;
            int race = o->race == 2 ? (int)(gi % 2) : o->race == 1;
            run_slot *rs = NULL;
            sd_proc_spec spec;
            char sets[8][PATHMAX + 32];
            const char *setp[8];
            size_t nsets = 0, k;
            for (k = 0; k <= (size_t)jobs; k++)
                if (!slots[k].env) { rs = &slots[k]; break; }
            if (!rs) break;
            rs->build_id = build_ids[race];
            rs->seq = next_seq[race]++;
            rs->race = race;
            rs->gomaxprocs = procs[gi % (int64_t)nprocs];
            snprintf(rs->trace_rel, sizeof rs->trace_rel, "runs/b%lld-%lld.trace",
                     (long long)rs->build_id, (long long)rs->seq);
            snprintf(rs->trace_tmp, sizeof rs->trace_tmp, "%s/%s.tmp", out_dir, rs->trace_rel);
            {
                sd_run_params rp;
                const char *pe[2];
                pe[0] = rs->perturb_env;
                pe[1] = NULL;
                memset(&rp, 0, sizeof rp);
                rp.gomaxprocs = rs->gomaxprocs;
                rp.race = race;
                rp.seed = o->perturb ? o->seed + gi : gi;
                rp.timeout_ms = timeout;
                if (o->perturb) {
                    snprintf(rs->perturb_env, sizeof rs->perturb_env, "STEPDIST_PERTURB=%s:%lld",
                             o->perturb, (long long)rp.seed);
                    rp.env = pe;
                }
                if (sd_run_params_json(&rp, rs->params, sizeof rs->params, err) < 0) {
                    rc = err ? err->code : SD_EINVAL;
                    goto done;
                }
            }
            snprintf(sets[nsets++], sizeof sets[0], "STEPDIST_TRACE=%s", rs->trace_tmp);
            snprintf(sets[nsets++], sizeof sets[0], "STEPDIST_TIMEOUT_MS=%lld", (long long)timeout);
            snprintf(sets[nsets++], sizeof sets[0], "GOMAXPROCS=%d", rs->gomaxprocs);
            {   /* a new trace generation every 10 ms: a run killed or dying of
                 * a fatal error loses at most its last 10 ms of trace */
                const char *gd = getenv("GODEBUG");
                snprintf(sets[nsets++], sizeof sets[0], "GODEBUG=%s%straceadvanceperiod=10000000",
                         gd && *gd ? gd : "", gd && *gd ? "," : "");
            }
            if (race) snprintf(sets[nsets++], sizeof sets[0], "GORACE=atexit_sleep_ms=0");
            if (o->perturb) snprintf(sets[nsets++], sizeof sets[0], "%s", rs->perturb_env);
            for (k = 0; k < nsets; k++) setp[k] = sets[k];
            if (sites_env) setp[nsets++] = sites_env;
            rs->env = env_with(setp, nsets);
            if (!rs->env) {
                rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                goto done;
            }
            k = 0;
            rs->argv[k++] = bins[race];
            if (strcmp(kind, "main") != 0 && o->run_regex) {
                static char runarg[1100];
                snprintf(runarg, sizeof runarg, "-test.run=%s", o->run_regex);
                rs->argv[k++] = runarg;
            }
            rs->argv[k] = NULL;
            memset(&spec, 0, sizeof spec);
            spec.argv = rs->argv;
            spec.env = (const char *const *)rs->env;
            spec.cwd = pkg;
            spec.wall_ms = timeout + 10000; /* the watchdog stops it first */
            spec.mem_bytes = o->mem_bytes > 0 ? o->mem_bytes : (int64_t)4 << 30;
            spec.out_cap = spec.err_cap = o->out_cap ? o->out_cap : 64 << 10;
            spec.cancel = o->cancel;
            spec.udata = rs;
            if ((rc = sd_proc_pool_start(pool, &spec, err)) < 0) goto done;
            started++;
        }
        if (pending) {
            pending = 0;
            if ((rc = record_run(cat, out_dir, perturb, &finished, &tally, o, err)) < 0) goto done;
        }
        if (sd_proc_pool_busy(pool) == 0) break;
        memset(&finished, 0, sizeof finished);
        rc = sd_proc_pool_wait(pool, 200, &slot, &finished, err);
        if (rc < 0) goto done;
        pending = rc > 0;
    }
    rc = 0;
done:
    if (pending) { /* finished before the error: recorded all the same */
        sd_error e2;
        int r2 = record_run(cat, out_dir, perturb, &finished, &tally, o, rc < 0 ? &e2 : err);
        if (r2 < 0 && rc == 0) rc = r2;
    }
    if (pool) {
        sd_proc_pool_cancel(pool);
        while (sd_proc_pool_busy(pool) > 0) {
            int slot;
            memset(&res, 0, sizeof res);
            if (sd_proc_pool_wait(pool, 1000, &slot, &res, NULL) <= 0) break;
            if (res.udata) {
                run_slot *rs = res.udata;
                unlink(rs->trace_tmp);
                env_free(rs->env);
                rs->env = NULL;
            }
            sd_proc_result_release(&res);
        }
        sd_proc_pool_free(pool);
    }
    if (t_runs > 0) sum->run_seconds = mono_seconds() - t_runs;
    if (slots)
        for (i = 0; i <= jobs; i++) env_free(slots[i].env);
    sd__free(sites_env);
    if (tally.nhashes) {
        uint64_t *hashes = tally.hashes;
        qsort(hashes, (size_t)tally.nhashes, sizeof *hashes, cmp_u64);
        sum->distinct_sequences = 1;
        for (i = 1; i < tally.nhashes; i++) sum->distinct_sequences += hashes[i] != hashes[i - 1];
    }
    if (cat && sum->program_id) {
        sd_error e2;
        if (sd_catalog_count_perturbed(cat, sum->program_id, 0, perturb, sum->by_outcome, &e2) < 0 &&
            rc == 0)
            rc = sd_error_set(err, e2.code, -1, "%s", e2.msg);
    }
    sd__free(slots);
    sd__free(tally.hashes);
    sd_catalog_free(cat);
    return rc;
}
