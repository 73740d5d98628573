/*
 * test_catalog.c - the SQLite catalog: create and reopen, idempotent keys,
 * runs in transactions and the queries over them, refusal of files that
 * are not our catalog or of another schema version, the schema as
 * documented in docs/catalog.md, kill -9 of a writer, out of memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "failalloc.h"
#include "unit.h"
#include "stepdist/alloc.h"
#include "stepdist/catalog.h"

static char tmpdir[4096];

static void tmp_path(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static void remove_db(const char *path)
{
    char p[4200];
    unlink(path);
    if (snprintf(p, sizeof p, "%s-wal", path) < (int)sizeof p) unlink(p);
    if (snprintf(p, sizeof p, "%s-shm", path) < (int)sizeof p) unlink(p);
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return;
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

/* Runs SQL on the file directly, behind the catalog's back. */
static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open(path, &db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

static sd_run_rec run_rec(int64_t build, int64_t seq, sd_outcome o)
{
    sd_run_rec r;
    memset(&r, 0, sizeof r);
    r.build_id = build;
    r.seq = seq;
    r.outcome = o;
    r.exit_code = o == SD_OUTCOME_PASS ? 0 : 1;
    r.duration_ns = 1000 + seq;
    r.trace_bytes = -1;
    r.event_count = -1;
    r.stdout_bytes = 10;
    r.stderr_bytes = 20;
    return r;
}

static void test_create_and_query(void)
{
    char db[4200], params[256];
    sd_catalog *c = NULL;
    sd_error err;
    sd_program_rec prog = {"/src/pkg", SD_PROGRAM_TEST, "example.com/pkg", "go1.23.5", "h1"};
    sd_program_rec prog2 = {"/src/cmd", SD_PROGRAM_MAIN, "example.com/cmd", "go1.23.5", "h2"};
    sd_build_rec build = {0, "", 0, "/cache/pkg.test"};
    sd_build_rec rbuild = {0, "-race", 1, "/cache/pkg.race.test"};
    sd_run_params rp = {4, 1, 7, 10000, NULL};
    int64_t pid = 0, pid2 = 0, pid_again = 0, bid = 0, rbid = 0, bid_again = 0, bid3 = 0, id = 0, seq = -1;
    int64_t counts[SD_OUTCOME_COUNT];
    sd_run_iter *it = NULL;
    sd_run_rec r;
    int i, n, rc;
    tmp_path(db, sizeof db, "create.db");
    remove_db(db);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == 0);
    if (!c) return;
    CHECK(strcmp(sd_catalog_path(c), db) == 0);
    CHECK(sd_catalog_add_program(c, &prog, &pid, &err) == 1 && pid > 0);
    CHECK(sd_catalog_add_program(c, &prog, &pid_again, &err) == 0 && pid_again == pid);
    CHECK(sd_catalog_add_program(c, &prog2, &pid2, &err) == 1 && pid2 != pid);
    build.program_id = pid;
    rbuild.program_id = pid;
    CHECK(sd_catalog_add_build(c, &build, &bid, &err) == 1 && bid > 0);
    CHECK(sd_catalog_add_build(c, &build, &bid_again, &err) == 0 && bid_again == bid);
    CHECK(sd_catalog_add_build(c, &rbuild, &rbid, &err) == 1 && rbid != bid);
    build.binary_path = "/cache2/pkg.test"; /* rebuilt elsewhere: same build, new path */
    CHECK(sd_catalog_add_build(c, &build, &bid_again, &err) == 0 && bid_again == bid);

    CHECK(sd_catalog_next_seq(c, bid, &seq, &err) == 0 && seq == 0);
    CHECK(sd_run_params_json(&rp, params, sizeof params, &err) > 0);
    /* 10 runs of the plain build, 3 of the race build */
    for (i = 0; i < 13; i++) {
        int64_t b = i < 10 ? bid : rbid;
        sd_run_rec rr = run_rec(b, i < 10 ? i : i - 10,
                                i % 3 == 0 ? SD_OUTCOME_FAIL : i == 11 ? SD_OUTCOME_DEADLOCK
                                                                      : SD_OUTCOME_PASS);
        char tpath[64];
        rr.params = params;
        CHECK(sd_catalog_begin(c, &err) == 0);
        CHECK(sd_catalog_add_run(c, &rr, &id, &err) == 0 && id > 0);
        snprintf(tpath, sizeof tpath, "runs/%lld.trace", (long long)id);
        CHECK(sd_catalog_set_run_trace(c, id, tpath, 1000 + i, 50 + i, &err) == 0);
        CHECK(sd_catalog_commit(c, &err) == 0);
    }
    CHECK(sd_catalog_next_seq(c, bid, &seq, &err) == 0 && seq == 10);
    CHECK(sd_catalog_next_seq(c, rbid, &seq, &err) == 0 && seq == 3);
    CHECK(sd_catalog_has_run(c, bid, 9, &err) == 1);
    CHECK(sd_catalog_has_run(c, bid, 10, &err) == 0);

    /* a rolled-back run is not there */
    {
        sd_run_rec rr = run_rec(bid, 10, SD_OUTCOME_PASS);
        CHECK(sd_catalog_begin(c, &err) == 0);
        CHECK(sd_catalog_add_run(c, &rr, &id, &err) == 0);
        sd_catalog_rollback(c);
        sd_catalog_rollback(c); /* harmless outside a transaction */
        CHECK(sd_catalog_has_run(c, bid, 10, &err) == 0);
    }

    /* a run without a transaction commits on its own; no trace */
    {
        sd_run_rec rr = run_rec(bid, 12, SD_OUTCOME_TIMEOUT);
        rr.exit_code = -1;
        rr.signal = SIGKILL;
        CHECK(sd_catalog_add_run(c, &rr, &id, &err) == 0);
    }

    CHECK(sd_catalog_count_outcomes(c, 0, 0, counts, &err) == 14);
    CHECK(counts[SD_OUTCOME_FAIL] == 5 && counts[SD_OUTCOME_PASS] == 7);
    CHECK(counts[SD_OUTCOME_DEADLOCK] == 1 && counts[SD_OUTCOME_TIMEOUT] == 1);
    CHECK(sd_catalog_count_outcomes(c, 0, rbid, counts, &err) == 3);
    CHECK(counts[SD_OUTCOME_PASS] == 1 && counts[SD_OUTCOME_FAIL] == 1 && counts[SD_OUTCOME_DEADLOCK] == 1);
    CHECK(sd_catalog_count_outcomes(c, pid, bid, counts, &err) == 11);
    CHECK(sd_catalog_count_outcomes(c, pid2, 0, counts, &err) == 0 && counts[SD_OUTCOME_PASS] == 0);
    CHECK(sd_catalog_count_outcomes(c, pid2, bid, counts, &err) == 0);
    sd_catalog_free(c);
    c = NULL;

    /* everything is there after reopening */
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_READONLY, &err) == 0);
    if (!c) return;
    CHECK(sd_catalog_check(c, &err) == 0);
    CHECK(sd_catalog_runs(c, pid, 0, &it, &err) == 0);
    n = 0;
    while (it && (rc = sd_run_iter_next(it, &r, &err)) == 1) {
        int64_t want_build = n < 11 ? bid : rbid;
        int64_t want_seq = n < 10 ? n : n == 10 ? 12 : n - 11;
        CHECK(r.build_id == want_build && r.seq == want_seq);
        CHECK(r.created && strlen(r.created) == 24 && r.created[10] == 'T');
        if (n == 10) {
            CHECK(r.outcome == SD_OUTCOME_TIMEOUT && r.exit_code == -1 && r.signal == SIGKILL);
            CHECK(r.trace_path == NULL && r.trace_bytes == -1 && r.event_count == -1);
            CHECK(strcmp(r.params, "{}") == 0);
        } else {
            char want[64];
            snprintf(want, sizeof want, "runs/%lld.trace", (long long)r.id);
            CHECK(r.trace_path && strcmp(r.trace_path, want) == 0);
            CHECK(r.trace_bytes >= 1000 && r.event_count >= 50 && r.signal == 0);
            CHECK(strcmp(r.params, params) == 0);
            CHECK(r.stdout_bytes == 10 && r.stderr_bytes == 20);
        }
        n++;
    }
    CHECK(n == 14 && rc == 0);
    sd_run_iter_free(it);
    sd_run_iter_free(NULL);
    CHECK(sd_catalog_runs(c, 0, rbid, &it, &err) == 0);
    for (n = 0; it && sd_run_iter_next(it, &r, &err) == 1; n++) CHECK(r.build_id == rbid);
    CHECK(n == 3);
    sd_run_iter_free(it);
    CHECK(sd_catalog_runs(c, pid2, 0, &it, &err) == 0);
    CHECK(it && sd_run_iter_next(it, &r, &err) == 0);
    sd_run_iter_free(it);

    /* read-only: writes fail with a message naming the file */
    CHECK(sd_catalog_add_program(c, &prog2, &pid2, &err) == 0); /* a find, no write */
    {
        sd_program_rec p3 = {"/src/other", SD_PROGRAM_TEST, NULL, NULL, NULL};
        CHECK(sd_catalog_add_program(c, &p3, &pid2, &err) == SD_EIO);
        CHECK(strstr(err.msg, db) && strstr(err.msg, "readonly"));
    }
    sd_catalog_free(c);
    c = NULL;

    /* the new binary path stuck */
    CHECK(sd_catalog_open(&c, db, 0, &err) == 0);
    if (c) {
        build.binary_path = "/cache2/pkg.test";
        CHECK(sd_catalog_add_build(c, &build, &bid_again, &err) == 0 && bid_again == bid);
        build.flags = "-gcflags=all=-N";
        CHECK(sd_catalog_add_build(c, &build, &bid3, &err) == 1 && bid3 != bid);
    }
    sd_catalog_free(c);
    sd_catalog_free(NULL);
    {
        sqlite3 *raw = NULL;
        sqlite3_stmt *st = NULL;
        CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
        CHECK(sqlite3_prepare_v2(raw, "SELECT binary_path FROM builds WHERE id = ?", -1, &st, NULL) == SQLITE_OK);
        sqlite3_bind_int64(st, 1, bid);
        CHECK(sqlite3_step(st) == SQLITE_ROW &&
              strcmp((const char *)sqlite3_column_text(st, 0), "/cache2/pkg.test") == 0);
        sqlite3_finalize(st);
        CHECK(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK);
        CHECK(sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0);
        sqlite3_finalize(st);
        sqlite3_close(raw);
    }
    remove_db(db);
}

static void test_bad_writes(void)
{
    char db[4200];
    sd_catalog *c = NULL;
    sd_error err;
    sd_program_rec prog = {"/src/pkg", SD_PROGRAM_TEST, "", "", ""};
    sd_build_rec build = {0, "", 0, ""};
    int64_t pid = 0, bid = 0, id = 0;
    sd_run_rec r;
    tmp_path(db, sizeof db, "bad.db");
    remove_db(db);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE | SD_CATALOG_SYNC_FULL, &err) == 0);
    if (!c) return;
    CHECK(sd_catalog_add_program(c, &prog, &pid, &err) == 1);
    build.program_id = pid;
    CHECK(sd_catalog_add_build(c, &build, &bid, &err) == 1);
    r = run_rec(bid, 0, SD_OUTCOME_PASS);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == 0);
    /* the same seq twice */
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == SD_EINVAL);
    CHECK(strstr(err.msg, db) && strstr(err.msg, "UNIQUE"));
    /* an unknown build */
    r = run_rec(bid + 100, 0, SD_OUTCOME_PASS);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == SD_EINVAL && strstr(err.msg, "FOREIGN KEY"));
    /* bad outcome, negative seq */
    r = run_rec(bid, 1, (sd_outcome)SD_OUTCOME_COUNT);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == SD_EINVAL);
    r = run_rec(bid, -1, SD_OUTCOME_PASS);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == SD_EINVAL);
    CHECK(sd_catalog_set_run_trace(c, 9999, "x", 1, 1, &err) == SD_EINVAL);
    /* bad program and build */
    prog.kind = (sd_program_kind)7;
    CHECK(sd_catalog_add_program(c, &prog, &pid, &err) == SD_EINVAL);
    build.program_id = 0;
    CHECK(sd_catalog_add_build(c, &build, &bid, &err) == SD_EINVAL);
    build.program_id = pid + 100;
    CHECK(sd_catalog_add_build(c, &build, &bid, &err) == SD_EINVAL && strstr(err.msg, "FOREIGN KEY"));
    /* commit without begin */
    CHECK(sd_catalog_commit(c, &err) == SD_EIO && strstr(err.msg, db));
    /* free with a transaction open rolls it back */
    CHECK(sd_catalog_begin(c, &err) == 0);
    r = run_rec(bid, 5, SD_OUTCOME_PASS);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == 0);
    sd_catalog_free(c);
    c = NULL;
    CHECK(sd_catalog_open(&c, db, 0, &err) == 0);
    if (c) CHECK(sd_catalog_has_run(c, bid, 5, &err) == 0);
    sd_catalog_free(c);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE | SD_CATALOG_READONLY, &err) == SD_EINVAL);
    CHECK(sd_catalog_open(&c, "", SD_CATALOG_CREATE, &err) == SD_EINVAL);
    remove_db(db);
}

/* Files that are not our catalog, or of another schema version. */
static void test_refused(void)
{
    char db[4200], ok[4200];
    sd_catalog *c = NULL;
    sd_error err;
    int64_t pid;
    tmp_path(db, sizeof db, "refuse.db");
    tmp_path(ok, sizeof ok, "ok.db");

    remove_db(db);
    CHECK(sd_catalog_open(&c, db, 0, &err) == SD_EIO && c == NULL);
    CHECK(strstr(err.msg, db) && strstr(err.msg, "No such file"));

    write_file(db, "hello, this is not a database\n", 30);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == SD_EFORMAT && c == NULL);
    CHECK(strstr(err.msg, db) && strstr(err.msg, "not a SQLite database") && err.offset == 0);

    {
        char big[4096];
        memset(big, 'x', sizeof big);
        write_file(db, big, sizeof big);
        CHECK(sd_catalog_open(&c, db, 0, &err) == SD_EFORMAT && err.offset == 0);
    }

    write_file(db, "", 0);
    CHECK(sd_catalog_open(&c, db, 0, &err) == SD_EFORMAT && strstr(err.msg, "empty"));
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == 0); /* empty file: made a catalog */
    sd_catalog_free(c);
    c = NULL;
    remove_db(db);

    /* someone else's SQLite database */
    CHECK(raw_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == SD_EFORMAT && c == NULL);
    CHECK(strstr(err.msg, db) && strstr(err.msg, "not a stepdist catalog") && err.offset == 68);
    CHECK(raw_exec(db, "PRAGMA application_id = 1234;") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, db, 0, &err) == SD_EFORMAT && err.offset == 68);
    CHECK(strstr(err.msg, "0x000004d2"));
    remove_db(db);

    /* an empty SQLite database: not a catalog, unless we may create */
    CHECK(raw_exec(db, "PRAGMA user_version = 1;") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, db, 0, &err) == SD_EFORMAT && strstr(err.msg, db));
    remove_db(db);

    /* ours, but tampered with */
    remove_db(ok);
    CHECK(sd_catalog_open(&c, ok, SD_CATALOG_CREATE, &err) == 0);
    sd_catalog_free(c);
    c = NULL;
    CHECK(raw_exec(ok, "UPDATE schema_version SET version = 3;") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, ok, 0, &err) == SD_EVERSION && c == NULL);
    CHECK(strstr(err.msg, ok) && strstr(err.msg, "version 3 is newer"));
    CHECK(raw_exec(ok, "UPDATE schema_version SET version = 0;") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, ok, SD_CATALOG_CREATE, &err) == SD_EVERSION && strstr(err.msg, "unknown"));
    CHECK(raw_exec(ok, "INSERT INTO schema_version VALUES (1);") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, ok, 0, &err) == SD_EFORMAT && strstr(err.msg, "2 rows"));
    CHECK(raw_exec(ok, "DROP TABLE schema_version;") == SQLITE_OK);
    CHECK(sd_catalog_open(&c, ok, 0, &err) == SD_EFORMAT && strstr(err.msg, "no schema_version"));
    CHECK(strstr(err.msg, ok) != NULL);
    remove_db(ok);

    /* a fresh catalog again works */
    CHECK(sd_catalog_open(&c, ok, SD_CATALOG_CREATE, &err) == 0);
    if (c) {
        sd_program_rec p = {"/x", SD_PROGRAM_MAIN, NULL, NULL, NULL};
        CHECK(sd_catalog_add_program(c, &p, &pid, &err) == 1);
    }
    sd_catalog_free(c);
    remove_db(ok);
}

/* Every CREATE in a new catalog appears verbatim in docs/catalog.md. */
static void test_schema_documented(void)
{
    const char *top = getenv("TOP");
    char doc[4096], db[4200];
    sd_catalog *c = NULL;
    sd_error err;
    sqlite3 *raw = NULL;
    sqlite3_stmt *st = NULL;
    FILE *f;
    char *text = NULL;
    long n = 0;
    int found = 0;
    snprintf(doc, sizeof doc, "%s/docs/catalog.md", top ? top : ".");
    f = fopen(doc, "rb");
    CHECK(f != NULL);
    if (!f) return;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = calloc(1, (size_t)n + 1);
    if (text && fread(text, 1, (size_t)n, f) != (size_t)n) n = 0;
    fclose(f);
    tmp_path(db, sizeof db, "doc.db");
    remove_db(db);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == 0);
    sd_catalog_free(c);
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(raw, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL", -1, &st,
                             NULL) == SQLITE_OK);
    while (text && sqlite3_step(st) == SQLITE_ROW) {
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        found++;
        if (!strstr(text, sql)) {
            CHECK(!"schema statement missing from docs/catalog.md");
            fprintf(stderr, "not in %s:\n%s\n", doc, sql);
        }
    }
    CHECK(found == 5);
    sqlite3_finalize(st);
    /* the common queries use the indices */
    {
        static const char *const q[] = {
            "SELECT COALESCE(MAX(seq) + 1, 0) FROM runs WHERE build_id = 1",
            "SELECT r.outcome, count(*) FROM runs r JOIN builds b ON b.id = r.build_id"
            " WHERE r.build_id = 1 GROUP BY r.outcome",
            "SELECT r.id FROM runs r JOIN builds b ON b.id = r.build_id WHERE b.program_id = 1"
            " ORDER BY r.build_id, r.seq",
        };
        size_t i;
        for (i = 0; i < sizeof q / sizeof q[0]; i++) {
            char sql[512];
            int indexed = 0, scans_runs = 0;
            snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", q[i]);
            CHECK(sqlite3_prepare_v2(raw, sql, -1, &st, NULL) == SQLITE_OK);
            while (sqlite3_step(st) == SQLITE_ROW) {
                const char *d = (const char *)sqlite3_column_text(st, 3);
                if (strstr(d, "INDEX")) indexed = 1;
                if (strncmp(d, "SCAN r", 6) == 0 || strcmp(d, "SCAN runs") == 0) scans_runs = 1;
            }
            sqlite3_finalize(st);
            CHECK(indexed && !scans_runs);
            if (!indexed || scans_runs) fprintf(stderr, "query %zu does not use an index\n", i);
        }
    }
    sqlite3_close(raw);
    free(text);
    remove_db(db);
}

/* A child writes runs in a loop and reports each committed id on a pipe;
 * it is killed with SIGKILL at varying moments.  Every reported run must
 * be there, and the file must pass integrity_check. */
static void test_kill9(void)
{
    char db[4200];
    sd_catalog *c = NULL;
    sd_error err;
    sd_program_rec prog = {"/src/pkg", SD_PROGRAM_TEST, "", "", ""};
    sd_build_rec build = {0, "", 0, ""};
    int64_t pid = 0, bid = 0;
    int round;
    tmp_path(db, sizeof db, "kill9.db");
    remove_db(db);
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err) == 0);
    if (!c) return;
    CHECK(sd_catalog_add_program(c, &prog, &pid, &err) == 1);
    build.program_id = pid;
    CHECK(sd_catalog_add_build(c, &build, &bid, &err) == 1);
    sd_catalog_free(c);
    c = NULL;
    for (round = 0; round < 6; round++) {
        int fds[2], st, missing = 0;
        pid_t child;
        int64_t *ids = NULL, nids = 0, capids = 0, total = 0, before = 0, counts[SD_OUTCOME_COUNT];
        struct timespec delay = {0, (long)(20 + 37 * round) * 1000000L};
        CHECK(sd_catalog_open(&c, db, 0, &err) == 0);
        if (!c) break;
        before = sd_catalog_count_outcomes(c, 0, 0, counts, &err);
        sd_catalog_free(c);
        c = NULL;
        if (pipe(fds) < 0) break;
        child = fork();
        if (child == 0) {
            /* the writer: its own connection, runs until killed */
            sd_catalog *w = NULL;
            sd_error e;
            int64_t seq = 0, id;
            close(fds[0]);
            if (sd_catalog_open(&w, db, 0, &e) < 0 || sd_catalog_next_seq(w, bid, &seq, &e) < 0) _exit(2);
            for (;; seq++) {
                sd_run_rec r = run_rec(bid, seq, (sd_outcome)(seq % SD_OUTCOME_COUNT));
                char tp[64];
                r.params = "{\"gomaxprocs\":2}";
                if (sd_catalog_begin(w, &e) < 0 || sd_catalog_add_run(w, &r, &id, &e) < 0) _exit(3);
                snprintf(tp, sizeof tp, "runs/%lld.trace", (long long)id);
                if (sd_catalog_set_run_trace(w, id, tp, 4096, 100, &e) < 0) _exit(4);
                if (sd_catalog_commit(w, &e) < 0) _exit(5);
                if (write(fds[1], &id, sizeof id) != (ssize_t)sizeof id) _exit(6);
            }
        }
        close(fds[1]);
        CHECK(child > 0);
        if (child < 0) break;
        {   /* let the writer commit at least one run, however loaded the
             * machine, then kill it a little later, mid-stream */
            int64_t first;
            ssize_t r;
            do {
                r = read(fds[0], &first, sizeof first);
            } while (r < 0 && errno == EINTR);
            if (r == (ssize_t)sizeof first) {
                ids = malloc(1024 * sizeof *ids);
                if (ids) {
                    capids = 1024;
                    ids[nids++] = first;
                }
            }
        }
        nanosleep(&delay, NULL);
        kill(child, SIGKILL);
        CHECK(waitpid(child, &st, 0) == child && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        for (;;) { /* every id written before the kill */
            int64_t id;
            ssize_t r = read(fds[0], &id, sizeof id);
            if (r < 0 && errno == EINTR) continue;
            if (r != (ssize_t)sizeof id) break;
            if (nids == capids) {
                int64_t *m;
                capids = capids ? capids * 2 : 1024;
                m = realloc(ids, (size_t)capids * sizeof *m);
                if (!m) break;
                ids = m;
            }
            ids[nids++] = id;
        }
        close(fds[0]);
        CHECK(nids > 0);
        CHECK(sd_catalog_open(&c, db, 0, &err) == 0);
        if (c) {
            sd_run_iter *it = NULL;
            sd_run_rec r;
            int64_t k = 0, seen = 0;
            CHECK(sd_catalog_check(c, &err) == 0);
            total = sd_catalog_count_outcomes(c, 0, 0, counts, &err);
            /* the committed ones, maybe one more committed but not reported */
            CHECK(total - before >= nids && total - before <= nids + 1);
            CHECK(sd_catalog_runs(c, 0, bid, &it, &err) == 0);
            /* ids ascend with seq: walk both lists together */
            while (it && sd_run_iter_next(it, &r, &err) == 1) {
                seen++;
                if (k < nids && r.id == ids[k]) {
                    CHECK(r.trace_path && r.trace_bytes == 4096 && r.event_count == 100);
                    k++;
                }
            }
            missing = (int)(nids - k);
            CHECK(missing == 0 && seen == total);
            sd_run_iter_free(it);
            {   /* the seqs have no gaps: one writer, in order */
                int64_t next = -1;
                CHECK(sd_catalog_next_seq(c, bid, &next, &err) == 0 && next == total);
            }
            sd_catalog_free(c);
            c = NULL;
        }
        if (missing) fprintf(stderr, "round %d: %d committed runs lost\n", round, missing);
        fprintf(stderr, "  round %d: %lld runs committed before the kill, %lld in all\n", round,
                (long long)nids, (long long)total);
        free(ids);
    }
    remove_db(db);
}

/* A version 1 catalog (before runs.perturb): read as it is read-only,
 * migrated to version 2 when opened for writing, its runs unperturbed. */
static void test_migrate_v1(void)
{
    static const char v1[] =
        "CREATE TABLE schema_version (version INTEGER NOT NULL);"
        "INSERT INTO schema_version VALUES (1);"
        "CREATE TABLE programs (id INTEGER PRIMARY KEY, path TEXT NOT NULL,"
        " kind TEXT NOT NULL CHECK (kind IN ('test', 'main')), import_path TEXT NOT NULL DEFAULT '',"
        " go_version TEXT NOT NULL DEFAULT '', source_hash TEXT NOT NULL DEFAULT '',"
        " UNIQUE (path, kind, go_version, source_hash));"
        "CREATE TABLE builds (id INTEGER PRIMARY KEY, program_id INTEGER NOT NULL REFERENCES programs (id),"
        " flags TEXT NOT NULL DEFAULT '', race INTEGER NOT NULL CHECK (race IN (0, 1)),"
        " binary_path TEXT NOT NULL DEFAULT '', created TEXT NOT NULL DEFAULT '',"
        " UNIQUE (program_id, flags, race));"
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, build_id INTEGER NOT NULL REFERENCES builds (id),"
        " seq INTEGER NOT NULL CHECK (seq >= 0), params TEXT NOT NULL DEFAULT '{}',"
        " outcome TEXT NOT NULL, exit_code INTEGER, signal INTEGER, duration_ns INTEGER NOT NULL,"
        " trace_path TEXT, trace_bytes INTEGER, event_count INTEGER,"
        " stdout_bytes INTEGER NOT NULL DEFAULT 0, stderr_bytes INTEGER NOT NULL DEFAULT 0,"
        " created TEXT NOT NULL DEFAULT 'x', UNIQUE (build_id, seq));"
        "INSERT INTO programs (path, kind) VALUES ('/p', 'test');"
        "INSERT INTO builds (program_id, race) VALUES (1, 0);"
        "INSERT INTO runs (build_id, seq, outcome, duration_ns) VALUES (1, 0, 'leak', 5);"
        "PRAGMA application_id = 1937007728;";
    char db[4200];
    sd_catalog *c = NULL;
    sd_run_iter *it = NULL;
    sd_run_rec r;
    sd_error err;
    int64_t counts[SD_OUTCOME_COUNT], id = 0;
    tmp_path(db, sizeof db, "v1.db");
    remove_db(db);
    CHECK(raw_exec(db, v1) == SQLITE_OK);
    /* read-only: no perturb column yet, every run reads as unperturbed */
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_READONLY, &err) == 0);
    CHECK(sd_catalog_count_perturbed(c, 0, 0, "", counts, &err) == 1 && counts[SD_OUTCOME_LEAK] == 1);
    CHECK(sd_catalog_runs(c, 0, 0, &it, &err) == 0 && sd_run_iter_next(it, &r, &err) == 1);
    CHECK(r.perturb && strcmp(r.perturb, "") == 0);
    sd_run_iter_free(it);
    it = NULL;
    r = run_rec(1, 1, SD_OUTCOME_PASS);
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == SD_EINVAL);
    sd_catalog_free(c);
    c = NULL;
    /* writable: migrated in place */
    CHECK(sd_catalog_open(&c, db, 0, &err) == 0);
    r = run_rec(1, 1, SD_OUTCOME_LEAK);
    r.perturb = "yield";
    CHECK(sd_catalog_add_run(c, &r, &id, &err) == 0);
    CHECK(sd_catalog_count_perturbed(c, 1, 0, "", counts, &err) == 1);
    CHECK(sd_catalog_count_perturbed(c, 1, 0, "yield", counts, &err) == 1 && counts[SD_OUTCOME_LEAK] == 1);
    CHECK(sd_catalog_count_outcomes(c, 1, 0, counts, &err) == 2 && counts[SD_OUTCOME_LEAK] == 2);
    CHECK(sd_catalog_runs(c, 1, 0, &it, &err) == 0);
    CHECK(sd_run_iter_next(it, &r, &err) == 1 && strcmp(r.perturb, "") == 0);
    CHECK(sd_run_iter_next(it, &r, &err) == 1 && strcmp(r.perturb, "yield") == 0 && r.seq == 1);
    sd_run_iter_free(it);
    sd_catalog_free(c);
    c = NULL;
    CHECK(sd_catalog_open(&c, db, SD_CATALOG_READONLY, &err) == 0); /* now version 2 */
    sd_catalog_free(c);
    CHECK(raw_exec(db, "SELECT perturb FROM runs; UPDATE schema_version SET version = version"
                       " WHERE version = 2;") == SQLITE_OK);
    remove_db(db);
}

static void test_outcomes_and_params(void)
{
    const char *env[] = {"GODEBUG=asyncpreemptoff=1", "X=a\"b\\c\n", "EMPTY=", NULL};
    const char *bad[] = {"NOEQUALS", NULL};
    sd_run_params p = {8, 0, -3, 2500, env};
    char buf[256], small[8];
    sd_error err;
    int64_t n;
    int i;
    for (i = 0; i < SD_OUTCOME_COUNT; i++) CHECK(sd_outcome_parse(sd_outcome_name(i)) == i);
    CHECK(strcmp(sd_outcome_name(SD_OUTCOME_DEADLOCK), "deadlock") == 0);
    CHECK(sd_outcome_name(-1) == NULL && sd_outcome_name(SD_OUTCOME_COUNT) == NULL);
    CHECK(sd_outcome_parse("nope") == -1 && sd_outcome_parse(NULL) == -1);
    n = sd_run_params_json(&p, buf, sizeof buf, &err);
    CHECK_STR(buf, "{\"gomaxprocs\":8,\"race\":false,\"seed\":-3,\"timeout_ms\":2500,\"env\":{"
                   "\"GODEBUG\":\"asyncpreemptoff=1\",\"X\":\"a\\\"b\\\\c\\n\",\"EMPTY\":\"\"}}");
    CHECK(n == (int64_t)strlen(buf));
    CHECK(sd_run_params_json(&p, small, sizeof small, &err) == n && strcmp(small, "{\"gomax") == 0);
    CHECK(sd_run_params_json(&p, NULL, 0, &err) == n);
    p.env = NULL;
    p.race = 1;
    CHECK(sd_run_params_json(&p, buf, sizeof buf, &err) > 0);
    CHECK_STR(buf, "{\"gomaxprocs\":8,\"race\":true,\"seed\":-3,\"timeout_ms\":2500,\"env\":{}}");
    p.env = bad;
    CHECK(sd_run_params_json(&p, buf, sizeof buf, &err) == SD_EINVAL && strstr(err.msg, "NOEQUALS"));
}

/* ---- out of memory: each of our allocations fails in turn ---- */

static int oom_body(const char *db)
{
    sd_catalog *c = NULL;
    sd_run_iter *it = NULL;
    sd_error err;
    sd_program_rec prog = {"/src/pkg", SD_PROGRAM_TEST, "", "", ""};
    sd_build_rec build = {0, "", 0, ""};
    sd_run_params rp = {1, 0, 1, 1, NULL};
    int64_t pid, bid, id, counts[SD_OUTCOME_COUNT];
    sd_run_rec r;
    char params[128];
    int rc;
    remove_db(db);
    if ((rc = sd_catalog_open(&c, db, SD_CATALOG_CREATE, &err)) < 0) goto cleanup;
    if ((rc = sd_catalog_add_program(c, &prog, &pid, &err)) < 0) goto cleanup;
    build.program_id = pid;
    if ((rc = sd_catalog_add_build(c, &build, &bid, &err)) < 0) goto cleanup;
    if ((rc = (int)sd_run_params_json(&rp, params, sizeof params, &err)) < 0) goto cleanup;
    r = run_rec(bid, 0, SD_OUTCOME_PASS);
    r.params = params;
    if ((rc = sd_catalog_add_run(c, &r, &id, &err)) < 0) goto cleanup;
    if ((rc = (int)sd_catalog_count_outcomes(c, pid, 0, counts, &err)) < 0) goto cleanup;
    if ((rc = sd_catalog_runs(c, pid, 0, &it, &err)) < 0) goto cleanup;
    rc = sd_run_iter_next(it, &r, &err);
    if (rc == 1) rc = 0;
cleanup:
    sd_run_iter_free(it);
    sd_catalog_free(c);
    return rc;
}

static void test_oom(void)
{
    char db[4200];
    long k;
    int bad = 0, done = 0;
    tmp_path(db, sizeof db, "oom.db");
    sd_set_allocator(&fa_allocator);
    for (k = 0; k < 1000 && !done; k++) {
        int rc;
        fa_budget = k;
        fa_failures = 0;
        rc = oom_body(db);
        if (rc < 0 && rc != SD_ENOMEM) bad++;
        if (rc == 0 && fa_failures == 0) done = 1;
        if (fa_live != 0) {
            bad++;
            fa_live = 0;
        }
    }
    fa_budget = -1;
    sd_set_allocator(NULL);
    fprintf(stderr, "  allocation points exercised: %ld\n", k);
    CHECK(done && bad == 0);
    remove_db(db);
}

int main(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/test_catalog.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "mkdtemp %s failed\n", tmpdir);
        return 1;
    }
    RUN(test_create_and_query);
    RUN(test_bad_writes);
    RUN(test_refused);
    RUN(test_schema_documented);
    RUN(test_kill9);
    RUN(test_migrate_v1);
    RUN(test_outcomes_and_params);
    RUN(test_oom);
    rmdir(tmpdir);
    return unit_done();
}
