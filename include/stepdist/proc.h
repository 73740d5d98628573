/*
 * proc.h - run a command under limits and capture its output.
 *
 * The collector runs each Go test or program with sd_proc_run() or, for
 * JOBS workers in one process, an sd_proc_pool.  Each command gets its own
 * process group; the limits apply to the whole group:
 *   - a wall-clock limit: SIGTERM to the group, then SIGKILL after a grace;
 *   - a memory limit on the summed resident set size (RSS) of the group,
 *     sampled from /proc (see "Memory limit" below): SIGKILL to the group;
 *   - stdout and stderr are captured up to a cap each; the rest is read,
 *     counted and dropped, so a flooding child never blocks on a full pipe.
 * When the group leader exits, whatever is left in its group is killed
 * with SIGKILL, so a run never leaves processes behind, and a grandchild
 * that holds the pipes open cannot stall the caller.
 *
 * Memory limit.  RLIMIT_AS and RLIMIT_DATA do not work for Go: a Go
 * 1.23 hello world reserves ~1.2 GB of address space and dies at start
 * under RLIMIT_AS = 512 MB; a -race binary needs ~300 MB of RLIMIT_DATA
 * and ~3x its heap in shadow memory, and when a limit is hit ThreadSanitizer
 * exits with status 66 ("failed to allocate") or the Go runtime crashes
 * with status 2, which reads as a crash of the program, not as a limit.
 * So the runner samples the RSS of every process in the group
 * (/proc/PID/stat) every mem_poll_ms and kills the group when the sum
 * exceeds mem_bytes; the result says so (mem_killed).  The sum counts
 * shared pages once per process.  A program can overshoot by what it
 * touches in one poll interval (a few tens of MB at 10 ms) before it is
 * killed.  New members of the group are found by a scan of /proc every
 * ~100 ms.  A process that leaves the group (setsid/setpgid) escapes the
 * limits; Go tests do not do that.
 *
 * Traced Go runs: set wall_ms above the harness's own watchdog
 * (STEPDIST_TIMEOUT_MS plus its grace): SIGTERM ends a Go program at once,
 * without flushing its trace, so the runner's limit is the backstop.
 *
 * Signals.  The library installs no signal handlers and never changes the
 * caller's dispositions.  The children run in their own process groups, so
 * a terminal's Ctrl-C reaches only the caller, which decides: a SIGINT
 * handler that sets a `volatile sig_atomic_t` flag named in spec.cancel
 * makes the runner stop that run (SIGTERM, then SIGKILL after the grace;
 * the result says cancelled), and interrupts sd_proc_pool_wait() (poll is
 * not restarted after a handler), which then returns 0.  If the caller dies
 * without cleaning up, the group leader gets SIGKILL (Linux
 * PR_SET_PDEATHSIG); its own children then see their pipes closed.  In the
 * child, SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP and SIGCHLD are reset to
 * their defaults and no signal is blocked, whatever the caller had.  The
 * child is started with vfork (no copy of the caller's memory): the caller
 * is suspended until it has exec'd, with every signal blocked, and every
 * signal the caller catches is reset to its default in the child before
 * the mask is cleared, so no handler of the caller ever runs there.
 * The caller must not set SIGCHLD to SIG_IGN nor reap children it did not
 * start (waitpid(-1, ...)): the runner reaps its children itself.
 *
 * Threads: the runner uses none, and is not thread-safe; the caller may
 * have threads (the child makes only system calls between vfork and exec,
 * and only the calling thread waits for it), but then descriptors it opens
 * without O_CLOEXEC may leak into the children.
 */
#ifndef STEPDIST_PROC_H
#define STEPDIST_PROC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "stepdist/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SD_PROC_DEFAULT_CAP ((size_t)1 << 20)  /* bytes kept per stream */
#define SD_PROC_DEFAULT_GRACE_MS 1000
#define SD_PROC_DEFAULT_MEM_POLL_MS 10

/* What to run.  A zeroed spec (plus argv) means: inherit environment and
 * directory, no limits, default caps and grace.  Only read during the call
 * that starts the command (strings need not outlive it). */
typedef struct sd_proc_spec {
    const char *const *argv;  /* NULL-terminated; argv[0] is a path, or a
                                 name looked up in PATH (that of env if it
                                 has one, else the caller's) */
    const char *const *env;   /* NULL-terminated "K=V" list; NULL: inherit */
    const char *cwd;          /* NULL: the caller's */
    int64_t wall_ms;          /* 0: no wall-clock limit */
    int64_t kill_grace_ms;    /* SIGTERM -> SIGKILL delay, and how long the
                                 pipes are drained after the leader exits;
                                 0: SD_PROC_DEFAULT_GRACE_MS */
    int64_t mem_bytes;        /* limit on the group's summed RSS; 0: none */
    int64_t mem_poll_ms;      /* RSS sampling period; 0: default (10) */
    size_t out_cap, err_cap;  /* bytes of stdout/stderr kept; 0: default */
    volatile sig_atomic_t *cancel; /* optional: nonzero stops the run */
    void *udata;              /* handed back in the result */
} sd_proc_spec;

/* One captured stream.  data is NUL-terminated (data[kept] == 0) or NULL
 * when nothing was kept. */
typedef struct sd_proc_stream {
    char *data;
    size_t kept;        /* bytes in data: the first ones the child wrote */
    uint64_t dropped;   /* bytes read past the cap and thrown away */
} sd_proc_stream;

/* How it ended.  Exactly one of exit_code >= 0 and signal > 0 holds.  Of
 * timed_out, mem_killed and cancelled at most one is set: the first limit
 * that fired (the process may still have exited by itself meanwhile, e.g.
 * on SIGTERM with a status of its choosing). */
typedef struct sd_proc_result {
    int exit_code;      /* exit status, or -1 when killed by a signal */
    int signal;         /* terminating signal, or 0 when it exited */
    int timed_out;      /* the wall-clock limit fired */
    int mem_killed;     /* the memory limit fired */
    int cancelled;      /* *spec.cancel became nonzero */
    int64_t duration_ns;/* from start to the leader's exit */
    int64_t peak_rss;   /* bytes: max of the leader's ru_maxrss and the
                           sampled group sums; -1 if unknown */
    sd_proc_stream out, err;
    void *udata;        /* spec.udata */
} sd_proc_result;

/* Frees the captured bytes and zeroes *r.  r may be NULL. */
void sd_proc_result_release(sd_proc_result *r);

/* Runs spec to completion.  Returns 0 and fills *res (release it with
 * sd_proc_result_release) whatever the child did, or a negative SD_E* code
 * and a message in err when it could not be run: SD_EINVAL for a bad spec,
 * SD_EIO when the program is not found, cannot be executed or cwd cannot be
 * entered (the message names the program), SD_ENOMEM.  On error *res is
 * zeroed. */
int sd_proc_run(const sd_proc_spec *spec, sd_proc_result *res, sd_error *err);

/* ---- many at once ---- */
typedef struct sd_proc_pool sd_proc_pool;

/* Makes a pool of `slots` (1..1024) runners.  0, or SD_EINVAL/SD_ENOMEM. */
int sd_proc_pool_new(sd_proc_pool **out, int slots, sd_error *err);

/* Kills (SIGKILL) and reaps every run still going, frees the pool.
 * p may be NULL. */
void sd_proc_pool_free(sd_proc_pool *p);

/* Starts spec in a free slot and returns the slot number (>= 0), or
 * SD_ELIMIT when every slot is busy (including runs finished but not yet
 * collected by sd_proc_pool_wait), or an error as sd_proc_run's. */
int sd_proc_pool_start(sd_proc_pool *p, const sd_proc_spec *spec, sd_error *err);

/* Number of slots started and not yet collected. */
int sd_proc_pool_busy(const sd_proc_pool *p);

/* Waits up to timeout_ms (-1: no limit) for a run to finish, enforcing
 * every run's limits meanwhile.  Returns 1 with *slot and *res filled (the
 * slot is then free), 0 when the time passed, a signal handler ran, or no
 * run is going, or a negative SD_E* code on a system error. */
int sd_proc_pool_wait(sd_proc_pool *p, int64_t timeout_ms, int *slot, sd_proc_result *res,
                      sd_error *err);

/* Stops every run still going as if its cancel flag were set: SIGTERM now,
 * SIGKILL after its grace.  Their results come from sd_proc_pool_wait with
 * cancelled set. */
void sd_proc_pool_cancel(sd_proc_pool *p);

#ifdef __cplusplus
}
#endif
#endif
