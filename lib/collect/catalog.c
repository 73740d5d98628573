/*
 * catalog.c - the SQLite catalog of a collection: schema creation and the
 * version check on open, idempotent program/build keys, one transaction per
 * run, and the queries the collector and the CLI need.  The DDL below is
 * the one in docs/catalog.md, verbatim (test_catalog checks it).
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stepdist/catalog.h"
#include "../util/util.h"

static const char *const schema_sql[] = {
    "CREATE TABLE schema_version (\n"
    "    version INTEGER NOT NULL\n"
    ")",
    "CREATE TABLE programs (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    path TEXT NOT NULL,\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('test', 'main')),\n"
    "    import_path TEXT NOT NULL DEFAULT '',\n"
    "    go_version TEXT NOT NULL DEFAULT '',\n"
    "    source_hash TEXT NOT NULL DEFAULT '',\n"
    "    UNIQUE (path, kind, go_version, source_hash)\n"
    ")",
    "CREATE TABLE builds (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    program_id INTEGER NOT NULL REFERENCES programs (id),\n"
    "    flags TEXT NOT NULL DEFAULT '',\n"
    "    race INTEGER NOT NULL CHECK (race IN (0, 1)),\n"
    "    binary_path TEXT NOT NULL DEFAULT '',\n"
    "    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
    "    UNIQUE (program_id, flags, race)\n"
    ")",
    "CREATE TABLE runs (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    build_id INTEGER NOT NULL REFERENCES builds (id),\n"
    "    seq INTEGER NOT NULL CHECK (seq >= 0),\n"
    "    params TEXT NOT NULL DEFAULT '{}',\n"
    "    perturb TEXT NOT NULL DEFAULT '',\n"
    "    outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'panic', 'deadlock',\n"
    "                                             'leak', 'timeout', 'crash', 'killed')),\n"
    "    exit_code INTEGER,\n"
    "    signal INTEGER,\n"
    "    duration_ns INTEGER NOT NULL,\n"
    "    trace_path TEXT,\n"
    "    trace_bytes INTEGER,\n"
    "    event_count INTEGER,\n"
    "    stdout_bytes INTEGER NOT NULL DEFAULT 0,\n"
    "    stderr_bytes INTEGER NOT NULL DEFAULT 0,\n"
    "    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
    "    UNIQUE (build_id, seq)\n"
    ")",
    "CREATE INDEX runs_by_outcome ON runs (build_id, outcome)",
};

/* Migrations: schema_migrate[v] takes a version v + 1 catalog to v + 2
 * (docs/catalog.md section 1). */
static const char *const schema_migrate[SD_CATALOG_SCHEMA_VERSION - 1] = {
    "ALTER TABLE runs ADD COLUMN perturb TEXT NOT NULL DEFAULT ''",
};

/* Cached statements, prepared on first use. */
enum {
    ST_PROG_INS, ST_PROG_SEL, ST_BUILD_INS, ST_BUILD_SEL, ST_BUILD_UPD,
    ST_RUN_INS, ST_RUN_TRACE, ST_NEXT_SEQ, ST_HAS_RUN, ST_COUNT
};
static const char *const stmt_sql[ST_COUNT] = {
    "INSERT INTO programs (path, kind, import_path, go_version, source_hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (path, kind, go_version, source_hash) DO NOTHING",
    "SELECT id FROM programs WHERE path = ?1 AND kind = ?2 AND go_version = ?3"
    " AND source_hash = ?4",
    "INSERT INTO builds (program_id, flags, race, binary_path) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (program_id, flags, race) DO NOTHING",
    "SELECT id, binary_path FROM builds WHERE program_id = ?1 AND flags = ?2 AND race = ?3",
    "UPDATE builds SET binary_path = ?2 WHERE id = ?1",
    "INSERT INTO runs (build_id, seq, params, outcome, exit_code, signal, duration_ns,"
    " trace_path, trace_bytes, event_count, stdout_bytes, stderr_bytes, perturb)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    "UPDATE runs SET trace_path = ?2, trace_bytes = ?3, event_count = ?4 WHERE id = ?1",
    "SELECT COALESCE(MAX(seq) + 1, 0) FROM runs WHERE build_id = ?1",
    "SELECT 1 FROM runs WHERE build_id = ?1 AND seq = ?2",
};

struct sd_catalog {
    sqlite3 *db;
    char *path;
    int readonly;
    int version; /* the file's schema version (older ones opened read-only) */
    sqlite3_stmt *st[ST_COUNT];
};

struct sd_run_iter {
    sd_catalog *c;
    sqlite3_stmt *st;
};

static const char *const outcome_names[SD_OUTCOME_COUNT] = {
#define SD_OUTCOME_STR_(name, str) str,
    SD_OUTCOME_MAP(SD_OUTCOME_STR_)
#undef SD_OUTCOME_STR_
};

const char *sd_outcome_name(int outcome)
{
    return outcome >= 0 && outcome < SD_OUTCOME_COUNT ? outcome_names[outcome] : NULL;
}

int sd_outcome_parse(const char *s)
{
    int i;
    for (i = 0; s && i < SD_OUTCOME_COUNT; i++)
        if (strcmp(s, outcome_names[i]) == 0) return i;
    return -1;
}

/* ---- errors ---- */

static int code_of(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_NOMEM: return SD_ENOMEM;
    case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_RANGE: return SD_EINVAL;
    case SQLITE_NOTADB: case SQLITE_CORRUPT: return SD_EFORMAT;
    default: return SD_EIO;
    }
}

/* Fills err from the connection's last error.  Call before any reset. */
static int db_fail(const sd_catalog *c, sd_error *err, const char *what)
{
    int rc = c->db ? sqlite3_extended_errcode(c->db) : SQLITE_NOMEM;
    return sd_error_set(err, code_of(rc), -1, "%s: %s: %s", c->path, what,
                        c->db ? sqlite3_errmsg(c->db) : "out of memory");
}

static int stmt(sd_catalog *c, int which, sqlite3_stmt **out, sd_error *err)
{
    if (!c->st[which] &&
        sqlite3_prepare_v3(c->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &c->st[which],
                           NULL) != SQLITE_OK)
        return db_fail(c, err, "preparing a statement");
    *out = c->st[which];
    return 0;
}

static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

static void bind_opt_i64(sqlite3_stmt *st, int i, int64_t v, int64_t none)
{
    if (v == none) sqlite3_bind_null(st, i);
    else sqlite3_bind_int64(st, i, v);
}

/* Steps a statement that returns no row (or whose rows we ignore). */
static int exec_stmt(sd_catalog *c, sqlite3_stmt *st, const char *what, sd_error *err)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) rc = db_fail(c, err, what);
    else rc = 0;
    done(st);
    return rc;
}

static int exec_sql(sd_catalog *c, const char *sql, const char *what, sd_error *err)
{
    if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_fail(c, err, what);
    return 0;
}

/* Runs a one-row, one-column integer query. */
static int query_i64(sd_catalog *c, const char *sql, int64_t *v, const char *what, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return db_fail(c, err, what);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int64(st, 0);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = sd_error_set(err, SD_EFORMAT, -1, "%s: %s: no row", c->path, what);
    } else {
        rc = db_fail(c, err, what);
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- open: header, schema version, pragmas ---- */

/* Before SQLite touches the file: is it a SQLite file, and ours?  A
 * missing or empty file is fine when we may create the catalog. */
static int check_header(const char *path, unsigned flags, sd_error *err)
{
    static const char magic[16] = "SQLite format 3";
    unsigned char h[100];
    size_t got = 0;
    uint32_t app;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && (flags & SD_CATALOG_CREATE)) return 0;
        return sd_error_set(err, SD_EIO, -1, "%s: cannot open catalog: %s", path, strerror(errno));
    }
    while (got < sizeof h) {
        ssize_t n = read(fd, h + got, sizeof h - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fd);
    if (got == 0) {
        if (flags & SD_CATALOG_CREATE) return 0;
        return sd_error_set(err, SD_EFORMAT, 0, "%s: empty file, not a stepdist catalog", path);
    }
    if (got < sizeof h || memcmp(h, magic, sizeof magic) != 0)
        return sd_error_set(err, SD_EFORMAT, 0,
                            "%s: not a SQLite database (expected \"SQLite format 3\\0\" at offset 0)",
                            path);
    app = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71];
    if (app != 0 && app != SD_CATALOG_APPLICATION_ID)
        return sd_error_set(err, SD_EFORMAT, 68,
                            "%s: not a stepdist catalog (application_id 0x%08x at offset 68, "
                            "expected 0x%08x)",
                            path, (unsigned)app, (unsigned)SD_CATALOG_APPLICATION_ID);
    return 0;
}

static int verify_schema(sd_catalog *c, sd_error *err)
{
    int64_t app = 0, version = 0, nrows = 0, has_table = 0;
    int rc;
    if ((rc = query_i64(c, "PRAGMA application_id", &app, "reading application_id", err)) < 0)
        return rc;
    if (app != SD_CATALOG_APPLICATION_ID)
        return sd_error_set(err, SD_EFORMAT, 68,
                            "%s: a SQLite database but not a stepdist catalog (application_id "
                            "0x%08x at offset 68, expected 0x%08x)",
                            c->path, (unsigned)app, (unsigned)SD_CATALOG_APPLICATION_ID);
    if ((rc = query_i64(c,
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'schema_version'",
                        &has_table, "reading the schema", err)) < 0)
        return rc;
    if (!has_table)
        return sd_error_set(err, SD_EFORMAT, -1, "%s: unknown catalog schema (no schema_version table)",
                            c->path);
    if ((rc = query_i64(c, "SELECT count(*) FROM schema_version", &nrows, "reading schema_version",
                        err)) < 0)
        return rc;
    if (nrows != 1)
        return sd_error_set(err, SD_EFORMAT, -1,
                            "%s: unknown catalog schema (schema_version has %lld rows, expected 1)",
                            c->path, (long long)nrows);
    if ((rc = query_i64(c, "SELECT version FROM schema_version", &version, "reading schema_version",
                        err)) < 0)
        return rc;
    if (version > SD_CATALOG_SCHEMA_VERSION)
        return sd_error_set(err, SD_EVERSION, -1,
                            "%s: catalog schema version %lld is newer than this stepdist "
                            "supports (%d)",
                            c->path, (long long)version, SD_CATALOG_SCHEMA_VERSION);
    if (version < 1)
        return sd_error_set(err, SD_EVERSION, -1, "%s: unknown catalog schema version %lld (expected %d)",
                            c->path, (long long)version, SD_CATALOG_SCHEMA_VERSION);
    c->version = (int)version;
    return 0;
}

/* Brings an older catalog to the current version, in one transaction. */
static int migrate_schema(sd_catalog *c, sd_error *err)
{
    char sql[128];
    int64_t version = 0;
    int rc;
    if ((rc = exec_sql(c, "BEGIN IMMEDIATE", "migrating the schema", err)) < 0) return rc;
    /* another process may have migrated it while we waited for the lock */
    if ((rc = query_i64(c, "SELECT version FROM schema_version", &version, "reading schema_version",
                        err)) < 0)
        goto fail;
    for (; version < SD_CATALOG_SCHEMA_VERSION; version++)
        if ((rc = exec_sql(c, schema_migrate[version - 1], "migrating the schema", err)) < 0) goto fail;
    snprintf(sql, sizeof sql, "UPDATE schema_version SET version = %d", SD_CATALOG_SCHEMA_VERSION);
    if ((rc = exec_sql(c, sql, "migrating the schema", err)) < 0) goto fail;
    if ((rc = exec_sql(c, "COMMIT", "migrating the schema", err)) < 0) goto fail;
    c->version = SD_CATALOG_SCHEMA_VERSION;
    return 0;
fail:
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int create_schema(sd_catalog *c, sd_error *err)
{
    char sql[128];
    int64_t ntables = 0;
    size_t i;
    int rc;
    if ((rc = exec_sql(c, "BEGIN IMMEDIATE", "creating the schema", err)) < 0) return rc;
    /* Another process may have created it while we waited for the lock. */
    if ((rc = query_i64(c, "SELECT count(*) FROM sqlite_master", &ntables, "reading the schema",
                        err)) < 0)
        goto fail;
    if (ntables > 0) {
        exec_sql(c, "COMMIT", "creating the schema", NULL);
        if ((rc = verify_schema(c, err)) < 0) return rc;
        return c->version < SD_CATALOG_SCHEMA_VERSION ? migrate_schema(c, err) : 0;
    }
    for (i = 0; i < sizeof schema_sql / sizeof schema_sql[0]; i++)
        if ((rc = exec_sql(c, schema_sql[i], "creating the schema", err)) < 0) goto fail;
    snprintf(sql, sizeof sql, "INSERT INTO schema_version (version) VALUES (%d)",
             SD_CATALOG_SCHEMA_VERSION);
    if ((rc = exec_sql(c, sql, "creating the schema", err)) < 0) goto fail;
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", (int)SD_CATALOG_APPLICATION_ID);
    if ((rc = exec_sql(c, sql, "creating the schema", err)) < 0) goto fail;
    if ((rc = exec_sql(c, "COMMIT", "creating the schema", err)) < 0) goto fail;
    c->version = SD_CATALOG_SCHEMA_VERSION;
    return 0;
fail:
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int sd_catalog_open(sd_catalog **out, const char *path, unsigned flags, sd_error *err)
{
    sd_catalog *c = NULL;
    int rc, oflags;
    int64_t ntables = 0;
    *out = NULL;
    if (!path || !*path) return sd_error_set(err, SD_EINVAL, -1, "catalog: empty path");
    if ((flags & SD_CATALOG_READONLY) && (flags & SD_CATALOG_CREATE))
        return sd_error_set(err, SD_EINVAL, -1, "%s: cannot create a catalog read-only", path);
    if ((rc = check_header(path, flags, err)) < 0) return rc;
    c = sd__calloc(1, sizeof *c);
    if (!c || !(c->path = sd__strdup(path))) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto cleanup;
    }
    c->readonly = (flags & SD_CATALOG_READONLY) != 0;
    oflags = c->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &c->db, oflags, NULL) != SQLITE_OK) {
        rc = db_fail(c, err, "cannot open catalog");
        goto cleanup;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, 5000);
    if ((rc = query_i64(c, "SELECT count(*) FROM sqlite_master", &ntables, "reading the schema",
                        err)) < 0)
        goto cleanup;
    if (ntables > 0) {
        if ((rc = verify_schema(c, err)) < 0) goto cleanup;
    } else if (c->readonly || !(flags & SD_CATALOG_CREATE)) {
        rc = sd_error_set(err, SD_EFORMAT, -1, "%s: an empty SQLite database, not a stepdist catalog",
                          path);
        goto cleanup;
    }
    if (!c->readonly) {
        /* WAL: readers never block the writer, and a commit is one append
         * to the -wal file.  If the file system cannot do WAL, the rollback
         * journal is as safe against kill -9, only slower. */
        if ((rc = exec_sql(c, "PRAGMA journal_mode = WAL", "setting the journal mode", err)) < 0)
            goto cleanup;
        if ((rc = exec_sql(c,
                           (flags & SD_CATALOG_SYNC_FULL) ? "PRAGMA synchronous = FULL"
                                                          : "PRAGMA synchronous = NORMAL",
                           "setting synchronous", err)) < 0)
            goto cleanup;
    }
    if ((rc = exec_sql(c, "PRAGMA foreign_keys = ON", "enabling foreign keys", err)) < 0)
        goto cleanup;
    if (ntables == 0 && (rc = create_schema(c, err)) < 0) goto cleanup;
    if (!c->readonly && c->version < SD_CATALOG_SCHEMA_VERSION && (rc = migrate_schema(c, err)) < 0)
        goto cleanup;
    *out = c;
    c = NULL;
    rc = 0;
cleanup:
    sd_catalog_free(c);
    return rc;
}

void sd_catalog_free(sd_catalog *c)
{
    int i;
    if (!c) return;
    if (c->db && !sqlite3_get_autocommit(c->db)) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    for (i = 0; i < ST_COUNT; i++) sqlite3_finalize(c->st[i]);
    sqlite3_close(c->db); /* NULL is fine */
    sd__free(c->path);
    sd__free(c);
}

const char *sd_catalog_path(const sd_catalog *c) { return c ? c->path : NULL; }

/* ---- programs and builds ---- */

/* Looks a program up by its key: 1 with *id, 0 if absent, or an error. */
static int find_program(sd_catalog *c, const sd_program_rec *p, const char *kind, int64_t *id,
                        sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = stmt(c, ST_PROG_SEL, &st, err)) < 0) return rc;
    bind_str(st, 1, p->path);
    bind_str(st, 2, kind);
    bind_str(st, 3, p->go_version);
    bind_str(st, 4, p->source_hash);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = 1;
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = db_fail(c, err, "finding a program");
    }
    done(st);
    return rc;
}

int sd_catalog_add_program(sd_catalog *c, const sd_program_rec *p, int64_t *id, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    const char *kind;
    int64_t pid = 0;
    int rc;
    if (!p || !p->path || !*p->path || (p->kind != SD_PROGRAM_TEST && p->kind != SD_PROGRAM_MAIN))
        return sd_error_set(err, SD_EINVAL, -1, "%s: add program: no path or a bad kind", c->path);
    kind = p->kind == SD_PROGRAM_TEST ? "test" : "main";
    /* Find first: no write (nor write lock) when it is there. */
    rc = find_program(c, p, kind, &pid, err);
    if (rc == 0) {
        if ((rc = stmt(c, ST_PROG_INS, &st, err)) < 0) return rc;
        bind_str(st, 1, p->path);
        bind_str(st, 2, kind);
        bind_str(st, 3, p->import_path);
        bind_str(st, 4, p->go_version);
        bind_str(st, 5, p->source_hash);
        if ((rc = exec_stmt(c, st, "adding a program", err)) < 0) return rc;
        if (sqlite3_changes(c->db) == 1) {
            pid = sqlite3_last_insert_rowid(c->db);
            rc = 2; /* added */
        } else { /* another writer added it in between */
            rc = find_program(c, p, kind, &pid, err);
            if (rc == 0)
                rc = sd_error_set(err, SD_EIO, -1, "%s: program %s vanished", c->path, p->path);
        }
    }
    if (rc < 0) return rc;
    if (id) *id = pid;
    return rc == 2;
}

/* Looks a build up by its key: 1 with *id and whether its binary_path is
 * bin, 0 if absent, or an error. */
static int find_build(sd_catalog *c, const sd_build_rec *b, int race, const char *bin, int64_t *id,
                      int *same, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = stmt(c, ST_BUILD_SEL, &st, err)) < 0) return rc;
    sqlite3_bind_int64(st, 1, b->program_id);
    bind_str(st, 2, b->flags);
    sqlite3_bind_int(st, 3, race);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *old = sqlite3_column_text(st, 1);
        *id = sqlite3_column_int64(st, 0);
        *same = old && strcmp((const char *)old, bin) == 0;
        rc = 1;
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = db_fail(c, err, "finding a build");
    }
    done(st);
    return rc;
}

int sd_catalog_add_build(sd_catalog *c, const sd_build_rec *b, int64_t *id, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc, added = 0, race, same = 1;
    int64_t bid = 0;
    const char *bin = b && b->binary_path ? b->binary_path : "";
    if (!b || b->program_id <= 0)
        return sd_error_set(err, SD_EINVAL, -1, "%s: add build: no program", c->path);
    race = b->race ? 1 : 0;
    if ((rc = find_build(c, b, race, bin, &bid, &same, err)) < 0) return rc;
    if (rc == 0) {
        if ((rc = stmt(c, ST_BUILD_INS, &st, err)) < 0) return rc;
        sqlite3_bind_int64(st, 1, b->program_id);
        bind_str(st, 2, b->flags);
        sqlite3_bind_int(st, 3, race);
        bind_str(st, 4, bin);
        if ((rc = exec_stmt(c, st, "adding a build", err)) < 0) return rc;
        added = sqlite3_changes(c->db) == 1;
        if (added) bid = sqlite3_last_insert_rowid(c->db);
        else if ((rc = find_build(c, b, race, bin, &bid, &same, err)) <= 0)
            return rc < 0 ? rc
                          : sd_error_set(err, SD_EIO, -1, "%s: build of program %lld vanished", c->path,
                                         (long long)b->program_id);
    }
    if (!same) { /* rebuilt elsewhere (a new cache): keep the newest path */
        if ((rc = stmt(c, ST_BUILD_UPD, &st, err)) < 0) return rc;
        sqlite3_bind_int64(st, 1, bid);
        bind_str(st, 2, bin);
        if ((rc = exec_stmt(c, st, "updating a build", err)) < 0) return rc;
    }
    if (id) *id = bid;
    return added;
}

/* ---- runs ---- */

int sd_catalog_begin(sd_catalog *c, sd_error *err)
{
    return exec_sql(c, "BEGIN IMMEDIATE", "beginning a transaction", err);
}

int sd_catalog_commit(sd_catalog *c, sd_error *err)
{
    return exec_sql(c, "COMMIT", "committing", err);
}

void sd_catalog_rollback(sd_catalog *c)
{
    if (c && c->db && !sqlite3_get_autocommit(c->db))
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

int sd_catalog_add_run(sd_catalog *c, const sd_run_rec *r, int64_t *id, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    const char *outcome = r ? sd_outcome_name((int)r->outcome) : NULL;
    int rc;
    if (!r || !outcome || r->build_id <= 0 || r->seq < 0)
        return sd_error_set(err, SD_EINVAL, -1, "%s: add run: bad build, seq or outcome", c->path);
    if (c->version < SD_CATALOG_SCHEMA_VERSION) /* opened read-only */
        return sd_error_set(err, SD_EINVAL, -1, "%s: add run: catalog schema version %d, read-only",
                            c->path, c->version);
    if ((rc = stmt(c, ST_RUN_INS, &st, err)) < 0) return rc;
    sqlite3_bind_int64(st, 1, r->build_id);
    sqlite3_bind_int64(st, 2, r->seq);
    bind_str(st, 3, r->params ? r->params : "{}");
    bind_str(st, 4, outcome);
    bind_opt_i64(st, 5, r->exit_code < 0 ? -1 : r->exit_code, -1);
    bind_opt_i64(st, 6, r->signal, 0);
    sqlite3_bind_int64(st, 7, r->duration_ns);
    if (r->trace_path) bind_str(st, 8, r->trace_path);
    else sqlite3_bind_null(st, 8);
    bind_opt_i64(st, 9, r->trace_bytes < 0 ? -1 : r->trace_bytes, -1);
    bind_opt_i64(st, 10, r->event_count < 0 ? -1 : r->event_count, -1);
    sqlite3_bind_int64(st, 11, r->stdout_bytes);
    sqlite3_bind_int64(st, 12, r->stderr_bytes);
    bind_str(st, 13, r->perturb);
    if ((rc = exec_stmt(c, st, "adding a run", err)) < 0) return rc;
    if (id) *id = sqlite3_last_insert_rowid(c->db);
    return 0;
}

int sd_catalog_set_run_trace(sd_catalog *c, int64_t run_id, const char *trace_path,
                             int64_t trace_bytes, int64_t event_count, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = stmt(c, ST_RUN_TRACE, &st, err)) < 0) return rc;
    sqlite3_bind_int64(st, 1, run_id);
    if (trace_path) bind_str(st, 2, trace_path);
    else sqlite3_bind_null(st, 2);
    bind_opt_i64(st, 3, trace_bytes < 0 ? -1 : trace_bytes, -1);
    bind_opt_i64(st, 4, event_count < 0 ? -1 : event_count, -1);
    if ((rc = exec_stmt(c, st, "setting a run's trace", err)) < 0) return rc;
    if (sqlite3_changes(c->db) != 1)
        return sd_error_set(err, SD_EINVAL, -1, "%s: no run %lld", c->path, (long long)run_id);
    return 0;
}

int sd_catalog_next_seq(sd_catalog *c, int64_t build_id, int64_t *seq, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = stmt(c, ST_NEXT_SEQ, &st, err)) < 0) return rc;
    sqlite3_bind_int64(st, 1, build_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        rc = 0;
    } else {
        rc = db_fail(c, err, "reading the next seq");
    }
    done(st);
    return rc;
}

int sd_catalog_has_run(sd_catalog *c, int64_t build_id, int64_t seq, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if ((rc = stmt(c, ST_HAS_RUN, &st, err)) < 0) return rc;
    sqlite3_bind_int64(st, 1, build_id);
    sqlite3_bind_int64(st, 2, seq);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) rc = 1;
    else if (rc == SQLITE_DONE) rc = 0;
    else rc = db_fail(c, err, "looking up a run");
    done(st);
    return rc;
}

/* The WHERE clause for a (program_id, build_id, perturb) filter; ?1, ?2, ?3. */
static void filter_sql(sd_buf *sql, int64_t program_id, int64_t build_id, const char *perturb)
{
    const char *w = " WHERE ";
    if (program_id) {
        sd__buf_puts(sql, w);
        sd__buf_puts(sql, "b.program_id = ?1");
        w = " AND ";
    }
    if (build_id) {
        sd__buf_puts(sql, w);
        sd__buf_puts(sql, "r.build_id = ?2");
        w = " AND ";
    }
    if (perturb) {
        sd__buf_puts(sql, w);
        sd__buf_puts(sql, "r.perturb = ?3");
    }
}

static int prepare_filtered(sd_catalog *c, const char *head, int64_t program_id,
                            int64_t build_id, const char *perturb, const char *tail,
                            sqlite3_stmt **st, sd_error *err)
{
    sd_buf sql = {0};
    int rc = 0;
    *st = NULL;
    sd__buf_puts(&sql, head);
    /* a catalog of version 1, opened read-only, has no perturb column */
    sd__buf_puts(&sql, c->version < 2 ? " FROM (SELECT *, '' AS perturb FROM runs) r"
                                      : " FROM runs r");
    sd__buf_puts(&sql, " JOIN builds b ON b.id = r.build_id");
    filter_sql(&sql, program_id, build_id, perturb);
    sd__buf_puts(&sql, tail);
    sd__buf_putc(&sql, '\0');
    if (sql.oom) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto cleanup;
    }
    if (sqlite3_prepare_v2(c->db, sql.p, -1, st, NULL) != SQLITE_OK) {
        rc = db_fail(c, err, "preparing a query");
        goto cleanup;
    }
    if (program_id) sqlite3_bind_int64(*st, 1, program_id);
    if (build_id) sqlite3_bind_int64(*st, 2, build_id);
    if (perturb) sqlite3_bind_text(*st, 3, perturb, -1, SQLITE_TRANSIENT);
cleanup:
    sd__buf_release(&sql);
    return rc;
}

int64_t sd_catalog_count_outcomes(sd_catalog *c, int64_t program_id, int64_t build_id,
                                  int64_t counts[SD_OUTCOME_COUNT], sd_error *err)
{
    return sd_catalog_count_perturbed(c, program_id, build_id, NULL, counts, err);
}

int64_t sd_catalog_count_perturbed(sd_catalog *c, int64_t program_id, int64_t build_id,
                                   const char *perturb, int64_t counts[SD_OUTCOME_COUNT],
                                   sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t total = 0;
    int i, rc;
    for (i = 0; i < SD_OUTCOME_COUNT; i++) counts[i] = 0;
    if ((rc = prepare_filtered(c, "SELECT r.outcome, count(*)", program_id, build_id, perturb,
                               " GROUP BY r.outcome", &st, err)) < 0)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int o = sd_outcome_parse((const char *)sqlite3_column_text(st, 0));
        int64_t n = sqlite3_column_int64(st, 1);
        if (o < 0) {
            total = sd_error_set(err, SD_EFORMAT, -1, "%s: unknown outcome \"%s\" in runs", c->path,
                                 (const char *)sqlite3_column_text(st, 0));
            goto cleanup;
        }
        counts[o] += n;
        total += n;
    }
    if (rc != SQLITE_DONE) total = db_fail(c, err, "counting runs");
cleanup:
    sqlite3_finalize(st);
    return total;
}

int sd_catalog_program_path(sd_catalog *c, int64_t id, char *buf, size_t cap, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(c->db, "SELECT path FROM programs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
        return db_fail(c, err, "looking up a program");
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(buf, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = 1;
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = db_fail(c, err, "looking up a program");
    }
    sqlite3_finalize(st);
    return rc;
}

int64_t sd_catalog_max_program(sd_catalog *c, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t v;
    if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(id), 0) FROM programs", -1, &st, NULL) != SQLITE_OK)
        return db_fail(c, err, "listing programs");
    v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : db_fail(c, err, "listing programs");
    sqlite3_finalize(st);
    return v;
}

int sd_catalog_check(sd_catalog *c, sd_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return db_fail(c, err, "integrity check");
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *msg = (const char *)sqlite3_column_text(st, 0);
        if (msg && strcmp(msg, "ok") == 0) rc = 0;
        else rc = sd_error_set(err, SD_EFORMAT, -1, "%s: integrity check: %s", c->path, msg ? msg : "?");
    } else {
        rc = db_fail(c, err, "integrity check");
    }
    sqlite3_finalize(st);
    return rc;
}

int sd_catalog_runs(sd_catalog *c, int64_t program_id, int64_t build_id, sd_run_iter **out,
                    sd_error *err)
{
    sd_run_iter *it;
    int rc;
    *out = NULL;
    it = sd__calloc(1, sizeof *it);
    if (!it) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    it->c = c;
    rc = prepare_filtered(c,
                          "SELECT r.id, r.build_id, r.seq, r.params, r.outcome, r.exit_code,"
                          " r.signal, r.duration_ns, r.trace_path, r.trace_bytes, r.event_count,"
                          " r.stdout_bytes, r.stderr_bytes, r.created, r.perturb",
                          program_id, build_id, NULL, " ORDER BY r.build_id, r.seq", &it->st, err);
    if (rc < 0) {
        sd_run_iter_free(it);
        return rc;
    }
    *out = it;
    return 0;
}

static int64_t col_opt(sqlite3_stmt *st, int i, int64_t none)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? none : sqlite3_column_int64(st, i);
}

int sd_run_iter_next(sd_run_iter *it, sd_run_rec *r, sd_error *err)
{
    sqlite3_stmt *st = it->st;
    int rc = sqlite3_step(st), o;
    memset(r, 0, sizeof *r);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) return db_fail(it->c, err, "reading runs");
    o = sd_outcome_parse((const char *)sqlite3_column_text(st, 4));
    if (o < 0)
        return sd_error_set(err, SD_EFORMAT, -1, "%s: run %lld: unknown outcome \"%s\"", it->c->path,
                            (long long)sqlite3_column_int64(st, 0),
                            (const char *)sqlite3_column_text(st, 4));
    r->id = sqlite3_column_int64(st, 0);
    r->build_id = sqlite3_column_int64(st, 1);
    r->seq = sqlite3_column_int64(st, 2);
    r->params = (const char *)sqlite3_column_text(st, 3);
    r->outcome = (sd_outcome)o;
    r->exit_code = (int)col_opt(st, 5, -1);
    r->signal = (int)col_opt(st, 6, 0);
    r->duration_ns = sqlite3_column_int64(st, 7);
    r->trace_path = (const char *)sqlite3_column_text(st, 8); /* NULL when NULL */
    r->trace_bytes = col_opt(st, 9, -1);
    r->event_count = col_opt(st, 10, -1);
    r->stdout_bytes = sqlite3_column_int64(st, 11);
    r->stderr_bytes = sqlite3_column_int64(st, 12);
    r->created = (const char *)sqlite3_column_text(st, 13);
    r->perturb = (const char *)sqlite3_column_text(st, 14);
    if (!r->params || !r->created || !r->perturb) return db_fail(it->c, err, "reading runs");
    return 1;
}

void sd_run_iter_free(sd_run_iter *it)
{
    if (!it) return;
    sqlite3_finalize(it->st);
    sd__free(it);
}

/* ---- parameters ---- */

int64_t sd_run_params_json(const sd_run_params *p, char *buf, size_t cap, sd_error *err)
{
    sd_buf b = {0};
    int64_t rc;
    if (!p) return sd_error_set(err, SD_EINVAL, -1, "run params: none");
    SD__BUF_LIT(&b, "{\"gomaxprocs\":");
    sd__buf_i64(&b, p->gomaxprocs);
    SD__BUF_LIT(&b, ",\"race\":");
    if (p->race) SD__BUF_LIT(&b, "true");
    else SD__BUF_LIT(&b, "false");
    SD__BUF_LIT(&b, ",\"seed\":");
    sd__buf_i64(&b, p->seed);
    SD__BUF_LIT(&b, ",\"timeout_ms\":");
    sd__buf_i64(&b, p->timeout_ms);
    SD__BUF_LIT(&b, ",\"env\":{");
    if (p->env) {
        const char *const *e;
        for (e = p->env; *e; e++) {
            const char *eq = strchr(*e, '=');
            if (!eq || eq == *e) {
                rc = sd_error_set(err, SD_EINVAL, -1, "run params: env entry \"%s\" is not K=V", *e);
                goto cleanup;
            }
            if (e != p->env) sd__buf_putc(&b, ',');
            sd__buf_jsonstr(&b, *e, (size_t)(eq - *e));
            sd__buf_putc(&b, ':');
            sd__buf_jsonstr(&b, eq + 1, strlen(eq + 1));
        }
    }
    SD__BUF_LIT(&b, "}}");
    if (b.oom) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto cleanup;
    }
    if (cap > 0) {
        size_t n = b.len < cap - 1 ? b.len : cap - 1;
        memcpy(buf, b.p, n);
        buf[n] = '\0';
    }
    rc = (int64_t)b.len;
cleanup:
    sd__buf_release(&b);
    return rc;
}
