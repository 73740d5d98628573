/*
 * test_proc.c - the process runner against tiny /bin/sh fixtures: exit
 * codes and signals, the wall-clock limit on a whole group, output floods,
 * closed pipes, grandchildren holding the pipes, the memory limit, exec
 * fa_failures, cancellation, the death of the caller, and the pool.
 * The memory hog is this binary re-run as `test_proc --hog`.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "failalloc.h"
#include "unit.h"
#include "stepdist/alloc.h"
#include "stepdist/proc.h"

static char self[4096];   /* this binary, for the --hog fixture */
static char tmpdir[4096]; /* scratch for pid files */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* Runs `/bin/sh -c script` with the given limits. */
static int sh(const char *script, sd_proc_spec *spec, sd_proc_result *res, sd_error *err)
{
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    spec->argv = argv;
    return sd_proc_run(spec, res, err);
}

static void path_in_tmp(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static long read_pid(const char *path)
{
    char b[64] = {0};
    long pid = -1;
    int i, fd;
    for (i = 0; i < 100; i++) { /* the writer may still be at it */
        ssize_t n;
        fd = open(path, O_RDONLY);
        if (fd >= 0) {
            n = read(fd, b, sizeof b - 1);
            close(fd);
            if (n > 0 && b[n - 1] == '\n') {
                pid = strtol(b, NULL, 10);
                break;
            }
        }
        sleep_ms(10);
    }
    return pid;
}

/* 1 when pid is gone (or a zombie waiting for init) within ms. */
static int gone_within(long pid, int ms)
{
    int64_t end = mono_ms() + ms;
    do {
        char path[64], b[512];
        int fd;
        ssize_t n;
        const char *p;
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        fd = open(path, O_RDONLY);
        if (fd < 0) return 1;
        n = read(fd, b, sizeof b - 1);
        close(fd);
        if (n <= 0) return 1;
        b[n] = '\0';
        p = strrchr(b, ')');
        if (p && (p[2] == 'Z' || p[2] == 'X')) return 1;
        sleep_ms(10);
    } while (mono_ms() < end);
    return 0;
}

static void test_exit_codes(void)
{
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    CHECK(sh("exit 0", &spec, &res, &err) == 0);
    CHECK(res.exit_code == 0 && res.signal == 0 && !res.timed_out && !res.mem_killed);
    CHECK(res.out.kept == 0 && res.out.data == NULL && res.out.dropped == 0);
    CHECK(res.duration_ns > 0 && res.peak_rss > 0);
    sd_proc_result_release(&res);

    CHECK(sh("echo hello; echo oops >&2; exit 3", &spec, &res, &err) == 0);
    CHECK(res.exit_code == 3 && res.signal == 0);
    CHECK(res.out.kept == 6 && res.out.data && strcmp(res.out.data, "hello\n") == 0);
    CHECK(res.err.kept == 5 && res.err.data && strcmp(res.err.data, "oops\n") == 0);
    sd_proc_result_release(&res);
    sd_proc_result_release(&res); /* twice is harmless */
    sd_proc_result_release(NULL);

    CHECK(sh("kill -SEGV $$", &spec, &res, &err) == 0);
    CHECK(res.exit_code == -1 && res.signal == SIGSEGV && !res.timed_out);
    sd_proc_result_release(&res);

    CHECK(sh("exit 255", &spec, &res, &err) == 0);
    CHECK(res.exit_code == 255);
    sd_proc_result_release(&res);

    /* stdin is /dev/null: cat ends at once */
    CHECK(sh("cat; echo eof", &spec, &res, &err) == 0);
    CHECK(res.out.data && strcmp(res.out.data, "eof\n") == 0);
    sd_proc_result_release(&res);
}

static void test_env_cwd_path(void)
{
    const char *env[] = {"FOO=bar baz", "PATH=/usr/bin:/bin", NULL};
    const char *argv[] = {"sh", "-c", "echo \"$FOO\"; pwd; echo ${HOME-unset}", NULL};
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    spec.argv = argv; /* found through env's PATH */
    spec.env = env;
    spec.cwd = "/";
    CHECK(sd_proc_run(&spec, &res, &err) == 0);
    CHECK(res.exit_code == 0 && res.out.data && strcmp(res.out.data, "bar baz\n/\nunset\n") == 0);
    sd_proc_result_release(&res);
}

/* A hang is stopped at the wall limit; the grandchild goes with it. */
static void test_wall_limit_kills_group(void)
{
    char pidfile[4200], script[8600];
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    long gpid;
    int64_t t0 = mono_ms(), dt;
    path_in_tmp(pidfile, sizeof pidfile, "grandchild.pid");
    snprintf(script, sizeof script, "sleep 30 & echo $! > '%s'; wait", pidfile);
    spec.wall_ms = 300;
    CHECK(sh(script, &spec, &res, &err) == 0);
    dt = mono_ms() - t0;
    CHECK(res.timed_out && !res.mem_killed && !res.cancelled);
    CHECK(res.signal == SIGTERM && res.exit_code == -1);
    CHECK(dt >= 300 && dt < 2000);
    CHECK(res.duration_ns >= 300 * 1000000LL);
    gpid = read_pid(pidfile);
    CHECK(gpid > 0 && gone_within(gpid, 1000));
    sd_proc_result_release(&res);
}

/* SIGTERM ignored: SIGKILL follows after the grace. */
static void test_term_ignored(void)
{
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    spec.wall_ms = 200;
    spec.kill_grace_ms = 300;
    CHECK(sh("trap '' TERM; sleep 30; sleep 30", &spec, &res, &err) == 0);
    CHECK(res.timed_out && res.signal == SIGKILL);
    CHECK(res.duration_ns >= 500 * 1000000LL && res.duration_ns < 2000 * 1000000LL);
    sd_proc_result_release(&res);
}

/* An endless flood is capped, drained and stopped by the wall limit. */
static void test_flood_endless(void)
{
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    spec.wall_ms = 500;
    spec.out_cap = 4096;
    spec.err_cap = 100;
    CHECK(sh("yes >&2 & exec yes", &spec, &res, &err) == 0);
    CHECK(res.timed_out);
    CHECK(res.out.kept == 4096 && res.out.dropped > 1000000);
    CHECK(res.err.kept == 100 && res.err.dropped > 1000000);
    CHECK(res.out.data && strncmp(res.out.data, "y\ny\n", 4) == 0 && res.out.data[4096] == '\0');
    CHECK(res.duration_ns < 3000 * 1000000LL);
    sd_proc_result_release(&res);
}

/* A finite flood on both streams: every byte counted, kept or dropped. */
static void test_flood_finite(void)
{
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    spec.wall_ms = 20000;
    CHECK(sh("yes | head -c 20000000 >&2 & yes | head -c 50000000; wait", &spec, &res, &err) == 0);
    CHECK(res.exit_code == 0 && !res.timed_out);
    CHECK(res.out.kept == SD_PROC_DEFAULT_CAP && res.out.kept + res.out.dropped == 50000000);
    CHECK(res.err.kept == SD_PROC_DEFAULT_CAP && res.err.kept + res.err.dropped == 20000000);
    sd_proc_result_release(&res);
}

/* Closing its pipes does not hide a child from the wall limit. */
static void test_closed_stdout(void)
{
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    spec.wall_ms = 300;
    CHECK(sh("echo before; exec >&- 2>&-; sleep 30", &spec, &res, &err) == 0);
    CHECK(res.timed_out && res.signal == SIGTERM);
    CHECK(res.out.data && strcmp(res.out.data, "before\n") == 0);
    CHECK(res.duration_ns < 2000 * 1000000LL);
    sd_proc_result_release(&res);
}

/* The leader exits while a grandchild holds the pipes: no stall, the
 * grandchild is killed. */
static void test_grandchild_holds_pipes(void)
{
    char pidfile[4200], script[8600];
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    long gpid;
    path_in_tmp(pidfile, sizeof pidfile, "holder.pid");
    snprintf(script, sizeof script, "sleep 30 & echo $! > '%s'; echo hi", pidfile);
    spec.wall_ms = 20000;
    CHECK(sh(script, &spec, &res, &err) == 0);
    CHECK(res.exit_code == 0 && !res.timed_out);
    CHECK(res.out.data && strcmp(res.out.data, "hi\n") == 0);
    CHECK(res.duration_ns < 2000 * 1000000LL);
    gpid = read_pid(pidfile);
    CHECK(gpid > 0 && gone_within(gpid, 1000));
    sd_proc_result_release(&res);
}

static char *volatile hog_keep;

/* The fixture: touches 16 MiB more every 5 ms, up to 4 GiB. */
static int hog(void)
{
    size_t chunk = (size_t)16 << 20;
    int i;
    for (i = 0; i < 256; i++) {
        char *p = malloc(chunk); /* never freed: the point is to grow */
        if (!p) return 2;
        memset(p, 1, chunk);
        hog_keep = p;
        sleep_ms(5);
    }
    return 0;
}

/* The memory hog runs as a child of sh, so only the group scan finds it. */
static void test_mem_limit(void)
{
    char script[8300];
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    snprintf(script, sizeof script, "'%s' --hog; echo survived", self);
    spec.wall_ms = 20000;
    spec.mem_bytes = (int64_t)300 << 20;
    CHECK(sh(script, &spec, &res, &err) == 0);
    CHECK(res.mem_killed && !res.timed_out && res.signal == SIGKILL);
    CHECK(res.out.data == NULL);
    CHECK(res.peak_rss > ((int64_t)300 << 20) && res.peak_rss < ((int64_t)1 << 30));
    CHECK(res.duration_ns < 10000 * 1000000LL);
    sd_proc_result_release(&res);

    /* under the limit nothing happens */
    spec.mem_bytes = (int64_t)1 << 30;
    CHECK(sh("echo small", &spec, &res, &err) == 0);
    CHECK(res.exit_code == 0 && !res.mem_killed && res.peak_rss > 0);
    sd_proc_result_release(&res);
}

static void test_exec_failure(void)
{
    const char *argv1[] = {"/nonexistent/prog", NULL};
    const char *argv2[] = {"stepdist-no-such-prog", "x", NULL};
    const char *argv3[] = {tmpdir, NULL}; /* a directory */
    const char *argv4[] = {"/bin/true", NULL};
    const char *argv0[] = {NULL};
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    sd_error_clear(&err);
    spec.argv = argv1;
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EIO && err.code == SD_EIO);
    CHECK(strstr(err.msg, "/nonexistent/prog") && strstr(err.msg, "No such file"));
    CHECK(res.out.data == NULL && res.exit_code == 0);
    spec.argv = argv2;
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EIO);
    CHECK(strstr(err.msg, "stepdist-no-such-prog") && strstr(err.msg, "not found"));
    spec.argv = argv3;
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EIO);
    CHECK(strstr(err.msg, tmpdir) && strstr(err.msg, "Permission denied"));
    spec.argv = argv4;
    spec.cwd = "/nonexistent/dir";
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EIO);
    CHECK(strstr(err.msg, "/bin/true") && strstr(err.msg, "/nonexistent/dir"));
    spec.cwd = NULL;
    spec.argv = argv0;
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EINVAL);
    spec.argv = argv4;
    spec.wall_ms = -1;
    CHECK(sd_proc_run(&spec, &res, &err) == SD_EINVAL);
}

/* 8 runs through 2 slots: never more than 2 at once, all results back. */
static void test_pool(void)
{
    enum { N = 8 };
    const char *argvs[N][6];
    char nums[N][16];
    int seen[N] = {0};
    sd_proc_pool *pool = NULL;
    sd_error err;
    int started = 0, finished = 0, i, maxbusy = 0, limit_hits = 0;
    int64_t t0 = mono_ms(), dt;
    CHECK(sd_proc_pool_new(&pool, 2, &err) == 0);
    while (finished < N) {
        sd_proc_result res;
        int slot = -1, rc;
        while (started < N) {
            sd_proc_spec spec = {0};
            snprintf(nums[started], sizeof nums[started], "%d", started);
            argvs[started][0] = "/bin/sh";
            argvs[started][1] = "-c";
            argvs[started][2] = "sleep 0.2; echo \"run $1\"; exit $(($1 + 10))";
            argvs[started][3] = "sh";
            argvs[started][4] = nums[started];
            argvs[started][5] = NULL;
            spec.argv = argvs[started];
            spec.wall_ms = 5000;
            spec.udata = (void *)(intptr_t)started;
            rc = sd_proc_pool_start(pool, &spec, &err);
            if (rc == SD_ELIMIT) {
                limit_hits++;
                break;
            }
            CHECK(rc >= 0 && rc < 2);
            if (rc < 0) break;
            started++;
        }
        if (sd_proc_pool_busy(pool) > maxbusy) maxbusy = sd_proc_pool_busy(pool);
        rc = sd_proc_pool_wait(pool, -1, &slot, &res, &err);
        if (rc == 0) continue;
        CHECK(rc == 1 && slot >= 0 && slot < 2);
        if (rc != 1) break;
        i = (int)(intptr_t)res.udata;
        CHECK(i >= 0 && i < N && !seen[i]);
        if (i >= 0 && i < N) {
            char want[32];
            seen[i] = 1;
            snprintf(want, sizeof want, "run %d\n", i);
            CHECK(res.exit_code == i + 10);
            CHECK(res.out.data && strcmp(res.out.data, want) == 0);
        }
        sd_proc_result_release(&res);
        finished++;
    }
    dt = mono_ms() - t0;
    CHECK(finished == N && maxbusy == 2 && limit_hits > 0);
    CHECK(dt >= 750 && dt < 3000); /* 4 waves of 0.2 s */
    CHECK(sd_proc_pool_busy(pool) == 0);
    {
        sd_proc_result res;
        CHECK(sd_proc_pool_wait(pool, 10, NULL, &res, &err) == 0); /* nothing going */
    }
    sd_proc_pool_free(pool);
    sd_proc_pool_free(NULL);
    CHECK(sd_proc_pool_new(&pool, 0, &err) == SD_EINVAL && pool == NULL);
}

/* Freeing a pool kills the groups still running; a timed wait returns 0. */
static void test_pool_free_kills(void)
{
    char pidfile[4200], script[8600];
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    sd_proc_pool *pool = NULL;
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    long gpid;
    path_in_tmp(pidfile, sizeof pidfile, "poolfree.pid");
    snprintf(script, sizeof script, "sleep 30 & echo $! > '%s'; wait", pidfile);
    spec.argv = argv;
    CHECK(sd_proc_pool_new(&pool, 3, &err) == 0);
    CHECK(sd_proc_pool_start(pool, &spec, &err) >= 0);
    CHECK(sd_proc_pool_wait(pool, 100, NULL, &res, &err) == 0);
    CHECK(sd_proc_pool_busy(pool) == 1);
    gpid = read_pid(pidfile);
    sd_proc_pool_free(pool);
    CHECK(gpid > 0 && gone_within(gpid, 1000));
}

static int count_fds(void)
{
    int fd, n = 0;
    for (fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) >= 0) n++;
    return n;
}

/* 16 mixed runs on 4 slots: floods, hogs, hangs, plain exits, together.
 * Each gets its own verdict; no descriptor is left behind. */
static void test_pool_mixed(void)
{
    enum { N = 16 };
    char hogcmd[4200];
    const char *scripts[4] = {"exec yes", hogcmd, "exec >&- 2>&-; sleep 30", "echo done; exit 7"};
    sd_proc_pool *pool = NULL;
    sd_error err;
    int started = 0, finished = 0, fds_before = count_fds(), bad = 0;
    int64_t t0 = mono_ms();
    snprintf(hogcmd, sizeof hogcmd, "'%s' --hog", self);
    CHECK(sd_proc_pool_new(&pool, 4, &err) == 0);
    if (!pool) return;
    while (finished < N) {
        sd_proc_result res;
        int rc, kind, ok;
        while (started < N) {
            const char *argv[] = {"/bin/sh", "-c", scripts[started % 4], NULL};
            sd_proc_spec spec = {0};
            spec.argv = argv;
            spec.wall_ms = started % 4 == 1 ? 20000 : 400; /* the hog must meet its limit */
            spec.kill_grace_ms = 200;
            spec.mem_bytes = (int64_t)200 << 20;
            spec.out_cap = 1000;
            spec.udata = (void *)(intptr_t)(started % 4);
            rc = sd_proc_pool_start(pool, &spec, &err);
            if (rc == SD_ELIMIT) break;
            CHECK(rc >= 0);
            if (rc < 0) return;
            started++;
        }
        rc = sd_proc_pool_wait(pool, -1, NULL, &res, &err);
        if (rc == 0) continue;
        CHECK(rc == 1);
        if (rc != 1) break;
        kind = (int)(intptr_t)res.udata;
        switch (kind) {
        case 0: ok = res.timed_out && res.out.kept == 1000 && res.out.dropped > 0; break;
        case 1: ok = res.mem_killed && res.signal == SIGKILL; break;
        case 2: ok = res.timed_out && res.signal == SIGTERM; break;
        default: ok = res.exit_code == 7 && res.out.data && strcmp(res.out.data, "done\n") == 0;
        }
        if (!ok) {
            bad++;
            fprintf(stderr, "kind %d: exit %d sig %d to %d mem %d out %zu peak %lld dur %lld ms\n", kind,
                    res.exit_code, res.signal, res.timed_out, res.mem_killed, res.out.kept,
                    (long long)res.peak_rss, (long long)(res.duration_ns / 1000000));
        }
        sd_proc_result_release(&res);
        finished++;
    }
    CHECK(finished == N && bad == 0);
    CHECK(mono_ms() - t0 < 15000);
    sd_proc_pool_free(pool);
    CHECK(count_fds() == fds_before);
}

static volatile sig_atomic_t stop_flag;
static void on_alarm(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* A signal handler's flag stops the run; the signal interrupts the wait. */
static void test_cancel(void)
{
    struct sigaction sa, old;
    sd_proc_spec spec = {0};
    sd_proc_result res;
    sd_error err;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* poll returns EINTR regardless */
    sigaction(SIGALRM, &sa, &old);
    stop_flag = 0;
    spec.cancel = &stop_flag;
    spec.wall_ms = 20000;
    alarm(1);
    CHECK(sh("sleep 30", &spec, &res, &err) == 0);
    CHECK(res.cancelled && !res.timed_out && res.signal == SIGTERM);
    CHECK(res.duration_ns >= 900 * 1000000LL && res.duration_ns < 3000 * 1000000LL);
    sd_proc_result_release(&res);
    sigaction(SIGALRM, &old, NULL);

    /* sd_proc_pool_cancel */
    {
        const char *argv[] = {"/bin/sh", "-c", "sleep 30", NULL};
        sd_proc_pool *pool = NULL;
        int slot;
        spec.cancel = NULL;
        spec.argv = argv;
        CHECK(sd_proc_pool_new(&pool, 2, &err) == 0);
        CHECK(sd_proc_pool_start(pool, &spec, &err) == 0);
        CHECK(sd_proc_pool_start(pool, &spec, &err) == 1);
        sd_proc_pool_cancel(pool);
        CHECK(sd_proc_pool_wait(pool, 2000, &slot, &res, &err) == 1 && res.cancelled);
        sd_proc_result_release(&res);
        CHECK(sd_proc_pool_wait(pool, 2000, &slot, &res, &err) == 1 && res.cancelled);
        sd_proc_result_release(&res);
        sd_proc_pool_free(pool);
    }
}

/* The caller dies of SIGINT mid-run: the group leader dies with it. */
static void test_caller_dies(void)
{
    char pidfile[4200], script[8600];
    pid_t helper;
    long lpid;
    int st;
    path_in_tmp(pidfile, sizeof pidfile, "leader.pid");
    snprintf(script, sizeof script, "echo $$ > '%s'; exec sleep 30", pidfile);
    helper = fork();
    if (helper == 0) {
        sd_proc_spec spec = {0};
        sd_proc_result res;
        sd_error err;
        signal(SIGINT, SIG_DFL);
        sh(script, &spec, &res, &err);
        _exit(0);
    }
    CHECK(helper > 0);
    lpid = read_pid(pidfile);
    CHECK(lpid > 0);
    kill(helper, SIGINT);
    CHECK(waitpid(helper, &st, 0) == helper && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
    CHECK(lpid > 0 && gone_within(lpid, 2000));
}

/* ---- out of memory: every allocation fails in turn ---- */

static void test_oom(void)
{
    const char *argv[] = {"sh", "-c", "echo out; echo err >&2", NULL};
    long k;
    int bad = 0, done = 0;
    sd_set_allocator(&fa_allocator);
    for (k = 0; k < 1000 && !done; k++) {
        sd_proc_spec spec = {0};
        sd_proc_result res;
        sd_error err;
        int rc;
        spec.argv = argv; /* a PATH search allocates */
        spec.mem_bytes = (int64_t)1 << 30;
        fa_budget = k;
        fa_failures = 0;
        rc = sd_proc_run(&spec, &res, &err);
        if (rc < 0 && rc != SD_ENOMEM) bad++;
        if (rc == 0 && fa_failures == 0) {
            done = 1;
            if (!res.out.data || strcmp(res.out.data, "out\n") != 0) bad++;
        }
        sd_proc_result_release(&res);
        if (fa_live != 0) {
            bad++;
            fa_live = 0;
        }
    }
    fa_budget = -1;
    sd_set_allocator(NULL);
    CHECK(done && bad == 0);
}

int main(int argc, char **argv)
{
    ssize_t n;
    const char *t = getenv("TMPDIR");
    if (argc > 1 && strcmp(argv[1], "--hog") == 0) return hog();
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "cannot find myself\n");
        return 1;
    }
    self[n] = '\0';
    snprintf(tmpdir, sizeof tmpdir, "%s/test_proc.XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "mkdtemp %s failed\n", tmpdir);
        return 1;
    }
    RUN(test_exit_codes);
    RUN(test_env_cwd_path);
    RUN(test_wall_limit_kills_group);
    RUN(test_term_ignored);
    RUN(test_flood_endless);
    RUN(test_flood_finite);
    RUN(test_closed_stdout);
    RUN(test_grandchild_holds_pipes);
    RUN(test_mem_limit);
    RUN(test_exec_failure);
    RUN(test_pool);
    RUN(test_pool_free_kills);
    RUN(test_pool_mixed);
    RUN(test_cancel);
    RUN(test_caller_dies);
    RUN(test_oom);
    {
        const char *names[] = {"grandchild.pid", "holder.pid", "poolfree.pid", "leader.pid"};
        char p[4200];
        size_t i;
        for (i = 0; i < sizeof names / sizeof names[0]; i++) {
            path_in_tmp(p, sizeof p, names[i]);
            unlink(p);
        }
        rmdir(tmpdir);
    }
    return unit_done();
}
