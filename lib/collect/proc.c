/*
 * proc.c - the process runner: vfork + setpgid + execve, one poll() loop
 * that drains every child's pipes, enforces wall-clock and RSS limits on
 * whole process groups, and reaps.  No threads, no signal handlers.
 * Why RSS sampling rather than an rlimit: see proc.h.
 */
#define _GNU_SOURCE /* pipe2, wait4, pidfd_open via syscall, prctl */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "stepdist/proc.h"
#include "../util/util.h"

extern char **environ;

#define MS ((int64_t)1000000)
#define SCAN_PERIOD_NS (100 * MS) /* full /proc scan for new group members */
#define NOPIDFD_TICK_NS (10 * MS) /* exit polling when pidfd_open is missing */
#define CANCEL_TICK_NS (50 * MS)  /* re-check cancel flags (signal vs poll race) */
#define READS_PER_ROUND 16        /* 64 KiB reads per fd before moving on */

enum { SLOT_FREE = 0, SLOT_RUNNING, SLOT_DONE };
enum { CAUSE_NONE = 0, CAUSE_WALL, CAUSE_MEM, CAUSE_CANCEL };

typedef struct slot {
    int state;
    pid_t pid;             /* the leader; also the process group id */
    int pidfd;             /* readable when the leader exits; -1 if none */
    int fd[2];             /* stdout, stderr read ends; -1 once closed */
    sd_buf buf[2];
    size_t cap[2];
    uint64_t dropped[2];
    int64_t start_ns, end_ns;
    int64_t wall_deadline; /* 0: none */
    int64_t grace_ns;
    int64_t kill_at;       /* when SIGKILL follows SIGTERM; 0: not armed */
    int64_t drain_deadline;
    int64_t mem_limit, mem_poll_ns, next_mem_ns;
    int64_t peak_rss;
    pid_t *members;        /* group members found by the last scan */
    size_t nmembers, capmembers;
    volatile sig_atomic_t *cancel;
    void *udata;
    int cause;             /* the first limit that fired */
    int term_sent, kill_sent;
    int reaped, lost;      /* lost: someone else reaped the leader */
    int status;
    int64_t maxrss_kb;
    uint64_t done_seq;
} slot;

struct sd_proc_pool {
    int nslots, busy;
    slot *slots;
    struct pollfd *pfds;
    int *pslot;            /* pfds[i] belongs to slots[pslot[i]] ... */
    int *pkind;            /* ... as stdout (0), stderr (1) or pidfd (2) */
    int64_t next_scan_ns;
    uint64_t done_counter;
    long page;
    char rdbuf[65536];
};

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/* ---- group signalling: only while the leader is unreaped, so the pgid
 * cannot have been recycled for another group ---- */
static void group_kill(slot *s, int sig)
{
    if (!s->reaped) kill(-s->pid, sig);
}

static void slot_stop(slot *s, int cause, int64_t now)
{
    if (s->cause == CAUSE_NONE) s->cause = cause;
    if (s->term_sent || s->reaped) return;
    group_kill(s, SIGTERM);
    s->term_sent = 1;
    s->kill_at = now + s->grace_ns;
}

static void slot_kill(slot *s, int cause)
{
    if (s->cause == CAUSE_NONE) s->cause = cause;
    if (s->kill_sent || s->reaped) return;
    group_kill(s, SIGKILL);
    s->kill_sent = 1;
}

/* ---- RSS sampling from /proc ---- */

/* Reads /proc/PID/stat: returns the RSS in pages and the process group,
 * or -1 if the process is gone. */
static int64_t proc_stat(pid_t pid, pid_t *pgrp)
{
    char path[64], b[1024], *p, *end;
    int fd, field;
    char state = '?';
    ssize_t n;
    int64_t rss = -1;
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    n = read(fd, b, sizeof b - 1);
    close(fd);
    if (n <= 0) return -1;
    b[n] = '\0';
    p = strrchr(b, ')'); /* comm may hold spaces and parentheses */
    if (!p) return -1;
    p++;
    /* after ')': field 3 is the state, 5 the pgrp, 24 the rss */
    for (field = 3; field <= 24; field++) {
        long long v;
        while (*p == ' ') p++;
        if (!*p) return -1;
        if (field == 3) state = *p;
        v = strtoll(p, &end, 10);
        if (field == 5) *pgrp = (pid_t)v;
        if (field == 24) rss = v;
        while (*end && *end != ' ') end++;
        p = end;
    }
    if (state == 'Z' || state == 'X') rss = 0; /* exited, not yet reaped */
    return rss;
}

static int add_member(slot *s, pid_t pid)
{
    if (s->nmembers == s->capmembers) {
        size_t cap = s->capmembers ? 2 * s->capmembers : 8;
        pid_t *m = sd__realloc(s->members, cap * sizeof *m);
        if (!m) return SD_ENOMEM;
        s->members = m;
        s->capmembers = cap;
    }
    s->members[s->nmembers++] = pid;
    return 0;
}

static int wants_mem(const slot *s)
{
    return s->state == SLOT_RUNNING && s->mem_limit > 0 && !s->reaped;
}

/* One pass over /proc rebuilds the member lists of every limited group.
 * Out of memory just leaves a list short (the leader is always there). */
static void scan_groups(sd_proc_pool *p)
{
    DIR *d;
    struct dirent *de;
    int i, any = 0;
    for (i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (!wants_mem(s)) continue;
        s->nmembers = 0;
        add_member(s, s->pid);
        any = 1;
    }
    if (!any || !(d = opendir("/proc"))) return;
    while ((de = readdir(d)) != NULL) {
        const char *c = de->d_name;
        pid_t pid, pg = -1;
        char *end;
        long v;
        if (*c < '1' || *c > '9') continue;
        v = strtol(c, &end, 10);
        if (*end) continue;
        pid = (pid_t)v;
        if (proc_stat(pid, &pg) < 0) continue;
        for (i = 0; i < p->nslots; i++) {
            slot *s = &p->slots[i];
            if (wants_mem(s) && pg == s->pid && pid != s->pid) add_member(s, pid);
        }
    }
    closedir(d);
}

static void sample_mem(sd_proc_pool *p, slot *s, int64_t now)
{
    int64_t sum = 0;
    size_t i = 0;
    while (i < s->nmembers) {
        pid_t pg = -1;
        int64_t rss = proc_stat(s->members[i], &pg);
        if (rss >= 0 && pg == s->pid) {
            sum += rss * p->page;
            i++;
        } else if (s->members[i] == s->pid) {
            i++;
        } else {
            s->members[i] = s->members[--s->nmembers];
        }
    }
    if (sum > s->peak_rss) s->peak_rss = sum;
    if (sum > s->mem_limit) slot_kill(s, CAUSE_MEM);
    s->next_mem_ns = now + s->mem_poll_ns;
}

/* ---- output ---- */

static void slot_read(sd_proc_pool *p, slot *s, int k)
{
    int round;
    for (round = 0; round < READS_PER_ROUND && s->fd[k] >= 0; round++) {
        ssize_t n = read(s->fd[k], p->rdbuf, sizeof p->rdbuf);
        size_t keep;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            close_fd(&s->fd[k]);
            return;
        }
        if (n == 0) {
            close_fd(&s->fd[k]);
            return;
        }
        keep = s->cap[k] - s->buf[k].len;
        if (keep > (size_t)n) keep = (size_t)n;
        /* Out of memory: the bytes count as dropped; the run goes on. */
        if (keep > 0 && sd__buf_reserve(&s->buf[k], keep) != 0) keep = 0;
        if (keep > 0) {
            memcpy(s->buf[k].p + s->buf[k].len, p->rdbuf, keep);
            s->buf[k].len += keep;
        }
        s->dropped[k] += (uint64_t)n - keep;
    }
}

/* ---- the state machine of one run ---- */

static void slot_reap(slot *s, int exited, int64_t now)
{
    struct rusage ru;
    pid_t r = -1;
    /* Whatever the leader left in its group goes with it.  The zombie
     * leader still holds the pgid, so this cannot hit another group. */
    if (exited) kill(-s->pid, SIGKILL);
    memset(&ru, 0, sizeof ru);
    while (exited) {
        r = wait4(s->pid, &s->status, 0, &ru);
        if (r >= 0 || errno != EINTR) break;
    }
    if (r < 0) s->lost = 1;
    s->reaped = 1;
    s->end_ns = now;
    s->maxrss_kb = ru.ru_maxrss;
    s->drain_deadline = now + s->grace_ns;
    close_fd(&s->pidfd);
}

static void slot_step(sd_proc_pool *p, slot *s, int64_t now)
{
    if (!s->reaped) {
        siginfo_t si;
        /* Exit first: a run that ended by itself at its deadline did not
         * time out. */
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, (id_t)s->pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0) {
            if (errno != EINTR) slot_reap(s, 0, now); /* ECHILD: reaped elsewhere */
        } else if (si.si_pid == s->pid) {
            slot_reap(s, 1, now);
        }
    }
    if (!s->reaped) {
        if (s->cancel && *s->cancel) slot_stop(s, CAUSE_CANCEL, now);
        if (s->wall_deadline && now >= s->wall_deadline) slot_stop(s, CAUSE_WALL, now);
        if (s->term_sent && now >= s->kill_at) slot_kill(s, s->cause);
        if (wants_mem(s) && now >= s->next_mem_ns) sample_mem(p, s, now);
    }
    if (s->reaped && ((s->fd[0] < 0 && s->fd[1] < 0) || now >= s->drain_deadline)) {
        close_fd(&s->fd[0]);
        close_fd(&s->fd[1]);
        s->state = SLOT_DONE;
        s->done_seq = ++p->done_counter;
    }
}

/* The earliest moment any running slot needs attention. */
static int64_t next_event(const sd_proc_pool *p, int64_t now)
{
    int64_t t = INT64_MAX;
    int i;
#define SOONER(x) do { if ((x) < t) t = (x); } while (0)
    for (i = 0; i < p->nslots; i++) {
        const slot *s = &p->slots[i];
        if (s->state != SLOT_RUNNING) continue;
        if (s->reaped) {
            SOONER(s->drain_deadline);
            continue;
        }
        if (s->wall_deadline && !s->term_sent) SOONER(s->wall_deadline);
        if (s->term_sent && !s->kill_sent) SOONER(s->kill_at);
        if (s->mem_limit > 0) SOONER(s->next_mem_ns);
        if (s->pidfd < 0) SOONER(now + NOPIDFD_TICK_NS);
        if (s->cancel) SOONER(now + CANCEL_TICK_NS);
    }
    if (p->next_scan_ns && t > p->next_scan_ns) {
        for (i = 0; i < p->nslots; i++)
            if (wants_mem(&p->slots[i])) {
                t = p->next_scan_ns;
                break;
            }
    }
#undef SOONER
    return t;
}

static void slot_clear(slot *s)
{
    pid_t *m = s->members;
    size_t capm = s->capmembers;
    memset(s, 0, sizeof *s);
    s->members = m; /* keep the member array for the next run */
    s->capmembers = capm;
    s->pidfd = s->fd[0] = s->fd[1] = -1;
}

static void slot_result(slot *s, sd_proc_result *res)
{
    int k;
    memset(res, 0, sizeof *res);
    if (WIFEXITED(s->status)) {
        res->exit_code = WEXITSTATUS(s->status);
    } else {
        res->exit_code = -1;
        res->signal = WIFSIGNALED(s->status) ? WTERMSIG(s->status) : SIGKILL;
    }
    res->timed_out = s->cause == CAUSE_WALL;
    res->mem_killed = s->cause == CAUSE_MEM;
    res->cancelled = s->cause == CAUSE_CANCEL;
    res->duration_ns = s->end_ns - s->start_ns;
    res->peak_rss = s->peak_rss;
    if (s->maxrss_kb > 0 && s->maxrss_kb * 1024 > res->peak_rss) res->peak_rss = s->maxrss_kb * 1024;
    if (res->peak_rss <= 0) res->peak_rss = -1;
    for (k = 0; k < 2; k++) {
        sd_proc_stream *st = k ? &res->err : &res->out;
        sd_buf *b = &s->buf[k];
        st->dropped = s->dropped[k];
        if (b->len > 0 && sd__buf_reserve(b, 1) == 0) {
            b->p[b->len] = '\0';
            st->data = b->p;
            st->kept = b->len;
            b->p = NULL;
        } else {
            st->dropped += b->len;
        }
        sd__buf_release(b);
    }
    res->udata = s->udata;
}

/* ---- starting a child ---- */

enum { STAGE_SETUP = 1, STAGE_CHDIR, STAGE_EXEC };
typedef struct child_report {
    int stage, err;
} child_report;

/* In the child, between vfork and exec: it shares the caller's memory and
 * runs while the caller waits, so it makes system calls only and writes
 * nothing but its own stack frame.  All signals are blocked on entry (see
 * spawn): every caught one is reset to its default before they are
 * unblocked, so that no handler of the caller runs in the child. */
__attribute__((noreturn)) static void child_exec(const char *path, const char *const *argv,
                                                 const char *const *envp, const char *cwd,
                                                 const int fds[3], int report, pid_t parent)
{
    static const int reset[] = {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD};
    child_report rep = {STAGE_SETUP, 0};
    struct sigaction sa, cur;
    sigset_t none;
    size_t i;
    int k;
    ssize_t w;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (k = 1; k < NSIG; k++)
        if (k != SIGKILL && k != SIGSTOP && sigaction(k, NULL, &cur) == 0 &&
            cur.sa_handler != SIG_DFL && cur.sa_handler != SIG_IGN)
            sigaction(k, &sa, NULL);
    setpgid(0, 0);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127); /* the caller died before prctl */
#else
    (void)parent;
#endif
    for (i = 0; i < sizeof reset / sizeof reset[0]; i++) sigaction(reset[i], &sa, NULL); /* SIG_IGN too */
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (k = 0; k < 3; k++) /* the fds are all >= 3 (see fd_high) */
        if (dup2(fds[k], k) < 0) goto fail;
    if (cwd && chdir(cwd) < 0) {
        rep.stage = STAGE_CHDIR;
        goto fail;
    }
    rep.stage = STAGE_EXEC;
    execve(path, (char *const *)argv, (char *const *)envp);
fail:
    rep.err = errno;
    do w = write(report, &rep, sizeof rep); while (w < 0 && errno == EINTR);
    _exit(127);
}

/* Starts the child: vfork, not fork, because copying the caller's page
 * tables and the copy-on-write faults after a fork cost more than a short
 * run's whole collector share.  Signals stay blocked in the caller until
 * the child has exec'd (or failed: its report is then in the pipe). */
static pid_t spawn(const char *path, const char *const *argv, const char *const *envp,
                   const char *cwd, const int fds[3], int report)
{
    sigset_t all, old;
    pid_t parent = getpid(), pid;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &old);
    pid = vfork();
    if (pid == 0) child_exec(path, argv, envp, cwd, fds, report, parent);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

/* Moves fd above 2 (the caller may run with stdio closed), close-on-exec. */
static int fd_high(int *fd)
{
    int n;
    if (*fd > 2) return 0;
    n = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
    if (n < 0) return -1;
    close(*fd);
    *fd = n;
    return 0;
}

/* Finds argv0 in PATH (env's if it has one).  *out is malloc'd. */
static int resolve(const char *argv0, const char *const *env, char **out, sd_error *err)
{
    const char *path = NULL, *dir;
    size_t nlen = strlen(argv0);
    *out = NULL;
    if (strchr(argv0, '/')) {
        *out = sd__strdup(argv0);
        return *out ? 0 : sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    }
    if (env) {
        const char *const *e;
        for (e = env; *e; e++)
            if (strncmp(*e, "PATH=", 5) == 0) path = *e + 5;
    } else {
        path = getenv("PATH");
    }
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    for (dir = path;; dir++) {
        const char *colon = strchr(dir, ':');
        size_t dlen = colon ? (size_t)(colon - dir) : strlen(dir);
        char *cand = sd__malloc(dlen + nlen + 3);
        struct stat st;
        if (!cand) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        if (dlen == 0) {
            memcpy(cand, "./", 2);
            dlen = 2;
        } else {
            memcpy(cand, dir, dlen);
            cand[dlen++] = '/';
        }
        memcpy(cand + dlen, argv0, nlen + 1);
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
            *out = cand;
            return 0;
        }
        sd__free(cand);
        if (!colon) break;
        dir = colon;
    }
    return sd_error_set(err, SD_EIO, -1, "%s: program not found in PATH (%s)", argv0, path);
}

int sd_proc_pool_start(sd_proc_pool *p, const sd_proc_spec *spec, sd_error *err)
{
    int pout[2] = {-1, -1}, perr[2] = {-1, -1}, prep[2] = {-1, -1}, devnull = -1;
    char *path = NULL;
    slot *s = NULL;
    pid_t pid;
    int i, rc = 0, k;
    if (!p || !spec || !spec->argv || !spec->argv[0] || !spec->argv[0][0])
        return sd_error_set(err, SD_EINVAL, -1, "sd_proc_run: empty argv");
    if (spec->wall_ms < 0 || spec->kill_grace_ms < 0 || spec->mem_bytes < 0 || spec->mem_poll_ms < 0)
        return sd_error_set(err, SD_EINVAL, -1, "%s: negative limit", spec->argv[0]);
    for (i = 0; i < p->nslots; i++)
        if (p->slots[i].state == SLOT_FREE) {
            s = &p->slots[i];
            break;
        }
    if (!s) return sd_error_set(err, SD_ELIMIT, -1, "%s: all %d slots busy", spec->argv[0], p->nslots);
    if ((rc = resolve(spec->argv[0], spec->env, &path, err)) < 0) goto cleanup;
    devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0 ||
        pipe2(prep, O_CLOEXEC) < 0 || fd_high(&devnull) < 0 || fd_high(&pout[1]) < 0 ||
        fd_high(&perr[1]) < 0 || fd_high(&prep[1]) < 0) {
        rc = sd_error_set(err, SD_EIO, -1, "%s: cannot make pipes: %s", spec->argv[0], strerror(errno));
        goto cleanup;
    }
    slot_clear(s);
    s->start_ns = sd__mono_ns();
    {
        const int fds[3] = {devnull, pout[1], perr[1]};
        const char *const *envp = spec->env ? spec->env : (const char *const *)environ;
        pid = spawn(path, spec->argv, envp, spec->cwd, fds, prep[1]);
    }
    if (pid < 0) {
        rc = sd_error_set(err, SD_EIO, -1, "%s: cannot fork: %s", spec->argv[0], strerror(errno));
        goto cleanup;
    }
    setpgid(pid, pid); /* also in the child: whichever runs first */
    close_fd(&pout[1]);
    close_fd(&perr[1]);
    close_fd(&prep[1]);
    {
        child_report rep;
        ssize_t n;
        do n = read(prep[0], &rep, sizeof rep); while (n < 0 && errno == EINTR);
        if (n > 0) {
            int st;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
            if (rep.stage == STAGE_CHDIR)
                rc = sd_error_set(err, SD_EIO, -1, "%s: cannot run in directory %s: %s", path,
                                  spec->cwd, strerror(rep.err));
            else if (rep.stage == STAGE_EXEC)
                rc = sd_error_set(err, SD_EIO, -1, "%s: cannot execute: %s", path, strerror(rep.err));
            else
                rc = sd_error_set(err, SD_EIO, -1, "%s: cannot set up the child: %s", spec->argv[0],
                                  strerror(rep.err));
            goto cleanup;
        }
    }
    s->state = SLOT_RUNNING;
    s->pid = pid;
    s->fd[0] = pout[0];
    s->fd[1] = perr[0];
    pout[0] = perr[0] = -1;
    for (k = 0; k < 2; k++) fcntl(s->fd[k], F_SETFL, fcntl(s->fd[k], F_GETFL) | O_NONBLOCK);
#if defined(__linux__) && defined(SYS_pidfd_open)
    s->pidfd = (int)syscall(SYS_pidfd_open, pid, 0); /* -1 on old kernels: we poll */
#endif
    s->cap[0] = spec->out_cap ? spec->out_cap : SD_PROC_DEFAULT_CAP;
    s->cap[1] = spec->err_cap ? spec->err_cap : SD_PROC_DEFAULT_CAP;
    s->grace_ns = (spec->kill_grace_ms ? spec->kill_grace_ms : SD_PROC_DEFAULT_GRACE_MS) * MS;
    if (spec->wall_ms) s->wall_deadline = s->start_ns + spec->wall_ms * MS;
    s->mem_limit = spec->mem_bytes;
    s->mem_poll_ns = (spec->mem_poll_ms ? spec->mem_poll_ms : SD_PROC_DEFAULT_MEM_POLL_MS) * MS;
    s->next_mem_ns = s->start_ns;
    s->nmembers = 0;
    if (s->mem_limit > 0) {
        if (add_member(s, pid) < 0) s->nmembers = 0;
        /* The leader is sampled from the start; other members of its group
         * are looked for one scan period later (a full /proc scan per
         * start would cost more than a short run itself). */
        if (!p->next_scan_ns || p->next_scan_ns > s->start_ns + SCAN_PERIOD_NS)
            p->next_scan_ns = s->start_ns + SCAN_PERIOD_NS;
    }
    s->cancel = spec->cancel;
    s->udata = spec->udata;
    p->busy++;
    rc = (int)(s - p->slots);
cleanup:
    close_fd(&pout[0]);
    close_fd(&pout[1]);
    close_fd(&perr[0]);
    close_fd(&perr[1]);
    close_fd(&prep[0]);
    close_fd(&prep[1]);
    close_fd(&devnull);
    sd__free(path);
    return rc;
}

/* ---- the pool ---- */

int sd_proc_pool_new(sd_proc_pool **out, int slots, sd_error *err)
{
    sd_proc_pool *p = NULL;
    int i;
    *out = NULL;
    if (slots < 1 || slots > 1024)
        return sd_error_set(err, SD_EINVAL, -1, "process pool: %d slots (want 1..1024)", slots);
    p = sd__calloc(1, sizeof *p);
    if (!p) goto oom;
    p->nslots = slots;
    p->slots = sd__calloc((size_t)slots, sizeof *p->slots);
    p->pfds = sd__calloc((size_t)slots * 3, sizeof *p->pfds);
    p->pslot = sd__calloc((size_t)slots * 3, sizeof *p->pslot);
    p->pkind = sd__calloc((size_t)slots * 3, sizeof *p->pkind);
    if (!p->slots || !p->pfds || !p->pslot || !p->pkind) goto oom;
    for (i = 0; i < slots; i++) slot_clear(&p->slots[i]);
    p->page = sysconf(_SC_PAGESIZE);
    if (p->page <= 0) p->page = 4096;
    *out = p;
    return 0;
oom:
    sd_proc_pool_free(p);
    return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
}

void sd_proc_pool_free(sd_proc_pool *p)
{
    int i, k;
    if (!p) return;
    for (i = 0; p->slots && i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (s->state == SLOT_RUNNING && !s->reaped) {
            kill(-s->pid, SIGKILL);
            while (waitpid(s->pid, &s->status, 0) < 0 && errno == EINTR) {}
        }
        close_fd(&s->fd[0]);
        close_fd(&s->fd[1]);
        close_fd(&s->pidfd);
        for (k = 0; k < 2; k++) sd__buf_release(&s->buf[k]);
        sd__free(s->members);
    }
    sd__free(p->slots);
    sd__free(p->pfds);
    sd__free(p->pslot);
    sd__free(p->pkind);
    sd__free(p);
}

int sd_proc_pool_busy(const sd_proc_pool *p) { return p ? p->busy : 0; }

void sd_proc_pool_cancel(sd_proc_pool *p)
{
    int64_t now = sd__mono_ns();
    int i;
    if (!p) return;
    for (i = 0; i < p->nslots; i++)
        if (p->slots[i].state == SLOT_RUNNING) slot_stop(&p->slots[i], CAUSE_CANCEL, now);
}

/* Hands the earliest finished slot to the caller. */
static int collect(sd_proc_pool *p, int *slotno, sd_proc_result *res, sd_error *err)
{
    slot *best = NULL;
    int i, lost;
    pid_t pid;
    for (i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (s->state == SLOT_DONE && (!best || s->done_seq < best->done_seq)) best = s;
    }
    if (!best) return 0;
    if (slotno) *slotno = (int)(best - p->slots);
    slot_result(best, res);
    lost = best->lost;
    pid = best->pid;
    slot_clear(best);
    p->busy--;
    if (lost) {
        sd_proc_result_release(res);
        return sd_error_set(err, SD_EIO, -1,
                            "process %ld was reaped outside the runner (SIGCHLD ignored?)", (long)pid);
    }
    return 1;
}

int sd_proc_pool_wait(sd_proc_pool *p, int64_t timeout_ms, int *slotno, sd_proc_result *res,
                      sd_error *err)
{
    int64_t deadline = timeout_ms >= 0 ? sd__mono_ns() + timeout_ms * MS : INT64_MAX;
    int interrupted = 0, polled = 0;
    if (res) memset(res, 0, sizeof *res);
    if (!p || !res) return sd_error_set(err, SD_EINVAL, -1, "sd_proc_pool_wait: no pool or result");
    for (;;) {
        int64_t now = sd__mono_ns(), t;
        int i, n = 0, rc, ms;
        int running = 0;
        if (p->next_scan_ns && now >= p->next_scan_ns) {
            scan_groups(p);
            p->next_scan_ns = now + SCAN_PERIOD_NS;
        }
        for (i = 0; i < p->nslots; i++)
            if (p->slots[i].state == SLOT_RUNNING) slot_step(p, &p->slots[i], now);
        if ((rc = collect(p, slotno, res, err)) != 0) return rc;
        for (i = 0; i < p->nslots; i++) running += p->slots[i].state == SLOT_RUNNING;
        /* Poll at least once, so that a zero timeout still drains pipes. */
        if (!running || interrupted || (polled && now >= deadline)) return 0;

        t = next_event(p, now);
        if (deadline < t) t = deadline;
        if (t == INT64_MAX) {
            ms = -1;
        } else {
            int64_t d = t > now ? (t - now + MS - 1) / MS : 0;
            ms = d > 60000 ? 60000 : (int)d;
        }
        for (i = 0; i < p->nslots; i++) {
            slot *s = &p->slots[i];
            int k;
            if (s->state != SLOT_RUNNING) continue;
            for (k = 0; k < 3; k++) {
                int fd = k < 2 ? s->fd[k] : s->pidfd;
                if (fd < 0 || (k == 2 && s->reaped)) continue;
                p->pfds[n].fd = fd;
                p->pfds[n].events = POLLIN;
                p->pfds[n].revents = 0;
                p->pslot[n] = i;
                p->pkind[n] = k;
                n++;
            }
        }
        rc = poll(p->pfds, (nfds_t)n, ms);
        polled = 1;
        if (rc < 0) {
            if (errno == EINTR) {
                interrupted = 1; /* one more round for cancel flags, then return */
                continue;
            }
            return sd_error_set(err, SD_EIO, -1, "poll: %s", strerror(errno));
        }
        for (i = 0; i < n && rc > 0; i++) {
            if (!p->pfds[i].revents) continue;
            if (p->pkind[i] < 2) slot_read(p, &p->slots[p->pslot[i]], p->pkind[i]);
            /* a readable pidfd needs nothing here: slot_step reaps */
        }
    }
}

void sd_proc_result_release(sd_proc_result *r)
{
    if (!r) return;
    sd__free(r->out.data);
    sd__free(r->err.data);
    memset(r, 0, sizeof *r);
}

int sd_proc_run(const sd_proc_spec *spec, sd_proc_result *res, sd_error *err)
{
    sd_proc_pool *p = NULL;
    int rc;
    if (res) memset(res, 0, sizeof *res);
    if (!res) return sd_error_set(err, SD_EINVAL, -1, "sd_proc_run: no result");
    if ((rc = sd_proc_pool_new(&p, 1, err)) < 0) goto cleanup;
    if ((rc = sd_proc_pool_start(p, spec, err)) < 0) goto cleanup;
    while ((rc = sd_proc_pool_wait(p, -1, NULL, res, err)) == 0) {}
    if (rc > 0) rc = 0;
cleanup:
    sd_proc_pool_free(p);
    return rc;
}
