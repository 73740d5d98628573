/*
 * test_model.c - the learned model: gradients against finite differences
 * for both objectives, training recovers a known distribution, the
 * temperature is fitted on validation points, and the model file round
 * trips bit for bit and refuses every damaged copy with a clear error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stepdist/model.h"
#include "unit.h"

static uint64_t rng = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* n random points: 2-6 candidates, 1-6 features out of 48, random counts */
static sd_mset *random_set(int n)
{
    sd_mset *m = sd_mset_new();
    int i, j, k;
    for (i = 0; i < n; i++) {
        sd_cand c[6];
        uint32_t f[6 * SD_MODEL_MAX_FEATS], cnt[6];
        int nf[6], nc = 2 + (int)rnd(5);
        sd_error err;
        for (j = 0; j < nc; j++) {
            c[j].type = (uint8_t)rnd(SD_CEV_NTYPES);
            c[j].g = (uint32_t)j;
            c[j].rank = 0;
            nf[j] = 1 + (int)rnd(6);
            for (k = 0; k < nf[j]; k++) f[j * SD_MODEL_MAX_FEATS + k] = rnd(48);
            cnt[j] = rnd(4);
        }
        cnt[0] += 1; /* every point has a target */
        if (sd_mset_add_point(m, 1 + (uint32_t)(i % 3), (uint32_t)i, c, f, nf, cnt, NULL, (size_t)nc, 0,
                              rnd((uint32_t)nc), &err) != 0) {
            fprintf(stderr, "add_point: %s\n", err.msg);
            abort();
        }
    }
    return m;
}

static void test_gradient(void)
{
    sd_mset *m = random_set(40);
    sd_model *md = sd_model_new();
    float *w = sd_model_weights(md);
    double *g = malloc(((size_t)1 << SD_MODEL_HASH_BITS) * sizeof *g);
    int obj, i;
    for (i = 0; i < 48; i++) w[i] = (float)((int)rnd(2001) - 1000) / 1000.0f;
    w[1000] = 0.5f; /* no point uses it: its gradient is the L2 term alone */
    for (obj = 0; obj < 2; obj++) {
        double worst = 0, l0 = sd_model_loss(md, m, NULL, (sd_objective)obj, 1e-3, g);
        CHECK(isfinite(l0) && l0 > 0);
        for (i = 0; i < 48; i++) {
            float keep = w[i];
            double lp, lm, fd, err;
            const float h = 1e-2f;
            w[i] = keep + h;
            lp = sd_model_loss(md, m, NULL, (sd_objective)obj, 1e-3, NULL);
            w[i] = keep - h;
            lm = sd_model_loss(md, m, NULL, (sd_objective)obj, 1e-3, NULL);
            w[i] = keep;
            fd = (lp - lm) / (2.0 * h);
            err = fabs(fd - g[i]) / (fabs(g[i]) > 1e-3 ? fabs(g[i]) : 1e-3);
            if (err > worst) worst = err;
        }
        fprintf(stderr, "  %s objective: largest relative gradient error %.2e over 48 weights\n",
                obj ? "one-hot" : "soft", worst);
        CHECK(worst < 1e-3);
        CHECK(fabs(g[1000] - 1e-3 * 0.5) < 1e-12);
    }
    free(g);
    sd_model_free(md);
    sd_mset_free(m);
}

/* two candidates told apart by one feature each, seen 3:1 */
static void add_pair(sd_mset *m, uint32_t program, uint32_t a, uint32_t b, uint32_t na, uint32_t nb,
                     uint32_t prompt)
{
    sd_cand c[2] = {{SD_CEV_START, 0, 0}, {SD_CEV_BLOCK, 0, 1}};
    uint32_t f[2 * SD_MODEL_MAX_FEATS] = {0}, cnt[2] = {na, nb};
    int nf[2] = {1, 1};
    sd_error err;
    f[0] = a;
    f[SD_MODEL_MAX_FEATS] = b;
    CHECK(sd_mset_add_point(m, program, 0, c, f, nf, cnt, NULL, 2, 0, prompt, &err) == 0);
}

static void test_learns_distribution(void)
{
    sd_mset *m = sd_mset_new();
    sd_model *md = NULL;
    sd_train_opts o;
    sd_error err;
    double q[2], qt[SD_CEV_NTYPES];
    int i;
    for (i = 0; i < 8; i++) add_pair(m, 1, 7, 9, 3, 1, i % 4 == 3 ? 1 : 0);
    sd_train_opts_default(&o);
    o.l2 = 1e-6;
    o.iters = 300;
    CHECK(sd_model_train(m, NULL, &o, &md, &err) == 0);
    sd_model_predict_point(md, m, 0, q, qt);
    fprintf(stderr, "  soft: q = %.3f / %.3f (want 0.75 / 0.25)\n", q[0], q[1]);
    CHECK(fabs(q[0] - 0.75) < 0.02);
    CHECK(fabs(qt[SD_CEV_START] + qt[SD_CEV_BLOCK] - 1) < 1e-3); /* the outside mass is tiny */
    sd_model_free(md);
    /* one-hot: the prompt runs' events, 6 of 8 points say the first */
    o.objective = SD_OBJ_ONEHOT;
    CHECK(sd_model_train(m, NULL, &o, &md, &err) == 0);
    sd_model_predict_point(md, m, 0, q, qt);
    fprintf(stderr, "  one-hot: q = %.3f / %.3f (want 0.75 / 0.25)\n", q[0], q[1]);
    CHECK(fabs(q[0] - 0.75) < 0.02);
    sd_model_free(md);
    sd_mset_free(m);
}

static void test_temperature(void)
{
    sd_mset *m = sd_mset_new();
    sd_model *md = NULL;
    sd_train_opts o;
    sd_error err;
    uint8_t use[24];
    int i;
    /* training points say 9:1, validation points 6:4 under the same
     * features: the fitted temperature must soften the model */
    for (i = 0; i < 12; i++) add_pair(m, 1, 7, 9, 9, 1, 0);
    for (i = 0; i < 12; i++) add_pair(m, 2, 7, 9, 6, 4, 0);
    for (i = 0; i < 24; i++) use[i] = i < 12 ? 1 : 2;
    sd_train_opts_default(&o);
    o.l2 = 1e-6;
    o.iters = 300;
    CHECK(sd_model_train(m, use, &o, &md, &err) == 0);
    fprintf(stderr, "  fitted temperature %.3f\n", sd_model_temperature(md));
    CHECK(sd_model_temperature(md) > 2);
    sd_model_free(md);
    sd_mset_free(m);
}

static void write_file(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) abort();
}

static unsigned char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = malloc(1 << 20);
    *n = fread(p, 1, 1 << 20, f);
    fclose(f);
    return p;
}

static void test_file(void)
{
    char dir[] = "/tmp/sdmodelXXXXXX", path[256], bad[256];
    sd_mset *m = random_set(30);
    sd_model *md = NULL, *back = NULL;
    sd_train_opts o;
    sd_error err;
    unsigned char *img, *cp;
    size_t n, i, refused = 0;
    int same = 1;
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/m.sdmodel", dir);
    snprintf(bad, sizeof bad, "%s/bad.sdmodel", dir);
    sd_train_opts_default(&o);
    o.iters = 20;
    CHECK(sd_model_train(m, NULL, &o, &md, &err) == 0);
    CHECK(sd_model_save(md, path, &err) == 0);
    CHECK(sd_model_load(path, &back, &err) == 0);
    for (i = 0; back && i < sd_mset_npoints(m); i++) {
        double a[SD_CEV_NTYPES], b[SD_CEV_NTYPES];
        sd_model_predict_point(md, m, i, NULL, a);
        sd_model_predict_point(back, m, i, NULL, b);
        same &= memcmp(a, b, sizeof a) == 0;
    }
    CHECK(same);
    sd_model_free(back);
    img = read_file(path, &n);
    cp = malloc(n);
    /* every flipped byte and every truncation is refused */
    for (i = 0; i < n; i++) {
        memcpy(cp, img, n);
        cp[i] ^= 0x41;
        write_file(bad, cp, n);
        back = NULL;
        refused += sd_model_load(bad, &back, &err) < 0 && back == NULL;
        sd_model_free(back);
    }
    CHECK(refused == n);
    refused = 0;
    for (i = 0; i < n; i++) {
        write_file(bad, img, i);
        back = NULL;
        refused += sd_model_load(bad, &back, &err) < 0 && back == NULL && strstr(err.msg, bad) != NULL;
        sd_model_free(back);
    }
    CHECK(refused == n);
    fprintf(stderr, "  %zu-byte model: all %zu byte flips and %zu truncations refused\n", n, n, n);
    write_file(bad, (const unsigned char *)"GIF89a.....................", 27);
    CHECK(sd_model_load(bad, &back, &err) < 0 && strstr(err.msg, "not a stepdist model"));
    CHECK(sd_model_load("/nonexistent/x.sdmodel", &back, &err) < 0 && strstr(err.msg, "/nonexistent/x.sdmodel"));
    memcpy(cp, img, n);
    cp[n - 9] ^= 1; /* a weight bit: only the checksum can tell */
    write_file(bad, cp, n);
    CHECK(sd_model_load(bad, &back, &err) < 0 && strstr(err.msg, "checksum"));
    memcpy(cp, img, n);
    cp[8] = 99; /* version: refused as such before the checksum */
    write_file(bad, cp, n);
    CHECK(sd_model_load(bad, &back, &err) < 0 && strstr(err.msg, "version 99"));
    memcpy(cp, img, n);
    cp[12] = 99;
    write_file(bad, cp, n);
    CHECK(sd_model_load(bad, &back, &err) < 0 && strstr(err.msg, "feature schema 99"));
    free(cp);
    free(img);
    unlink(bad);
    unlink(path);
    rmdir(dir);
    sd_model_free(md);
    sd_mset_free(m);
}

static void test_bad_points(void)
{
    sd_mset *m = sd_mset_new();
    sd_cand c = {SD_CEV_NTYPES, 0, 0};
    uint32_t f[SD_MODEL_MAX_FEATS] = {0};
    int nf = 1;
    sd_error err;
    CHECK(sd_mset_add_point(m, 1, 0, &c, f, &nf, NULL, NULL, 1, 0, UINT32_MAX, &err) == SD_EINVAL);
    c.type = SD_CEV_START;
    f[0] = 1u << SD_MODEL_HASH_BITS;
    CHECK(sd_mset_add_point(m, 1, 0, &c, f, &nf, NULL, NULL, 1, 0, UINT32_MAX, &err) == SD_EINVAL);
    f[0] = 0;
    CHECK(sd_mset_add_point(m, 1, 0, &c, f, &nf, NULL, NULL, 1, 0, 1, &err) == SD_EINVAL);
    CHECK(sd_mset_npoints(m) == 0);
    {   /* nothing to learn from */
        sd_model *md = NULL;
        sd_train_opts o;
        sd_train_opts_default(&o);
        CHECK(sd_mset_add_point(m, 1, 0, &c, f, &nf, NULL, NULL, 1, 0, UINT32_MAX, &err) == 0);
        CHECK(sd_model_train(m, NULL, &o, &md, &err) == SD_EINVAL && md == NULL);
    }
    sd_mset_free(m);
}


/* The source scanner: each line's operation, the next one in its function
 * (loops wrap, calls of the package's functions are followed, nested
 * literals are skipped), goroutine functions and the tests' order;
 * comments and strings never count. */
static void test_source(void)
{
    static const char src[] =
        "package p\n"                                      /* 1 */
        "\n"                                               /* 2 */
        "func worker(jobs chan int, out chan<- int) {\n"   /* 3 */
        "\tfor j := range jobs { // a <- in a comment\n"  /* 4 */
        "\t\tout <- j * 2\n"                             /* 5 */
        "\t}\n"                                           /* 6 */
        "\tmu.Lock()\n"                                   /* 7 */
        "\tdefer mu.Unlock()\n"                           /* 8 */
        "}\n"                                              /* 9 */
        "\n"                                               /* 10 */
        "func helper() { close(done) }\n"                  /* 11 */
        "\n"                                               /* 12 */
        "func TestB(t *testing.T) {\n"                     /* 13 */
        "\ts := \"go <- select\"\n"                     /* 14 */
        "\tgo func() {\n"                                 /* 15 */
        "\t\tx := <-ch\n"                                /* 16 */
        "\t\t_ = x\n"                                    /* 17 */
        "\t}()\n"                                         /* 18 */
        "\thelper()\n"                                    /* 19 */
        "\twg.Wait()\n"                                   /* 20 */
        "}\n"                                              /* 21 */
        "\n"                                               /* 22 */
        "func TestA(t *testing.T) { var f func(int); _ = f }\n"; /* 23 */
    sd_srcmap *m = NULL;
    sd_error err;
    sd_srcinfo i;
#define Q(file, line, start) sd_srcmap_query(m, file, line, start, &i)
    CHECK(sd_srcmap_parse("/src/p/p_test.go", src, sizeof src - 1, &m, &err) == 0);
    Q("/src/p/p_test.go", 5, 0); /* the loop goes round: range, send, then on */
    CHECK(i.here == SD_SRC_SEND && i.nhere_obj == 1);
    CHECK(i.next[0] == SD_SRC_RANGE && i.next[1] == SD_SRC_SEND && i.next[2] == SD_SRC_LOCK); /* once round, then on */
    CHECK(i.next_obj[1] == i.here_obj[0] && i.next_obj[0] != i.here_obj[0]); /* out, jobs */
    Q("p_test.go", 4, 0); /* by name; the comment's <- is not one */
    CHECK(i.here == SD_SRC_RANGE && i.next[0] == SD_SRC_SEND);
    Q("/src/p/p_test.go", 7, 0);
    CHECK(i.here == SD_SRC_LOCK && i.next[0] == SD_SRC_UNLOCK && i.next[1] == SD_SRC_END);
    CHECK(i.here_obj[0] == i.next_obj[0] && i.here_obj[0] != 0); /* mu, mu */
    Q("/src/p/p_test.go", 3, 1); /* a goroutine about to start */
    CHECK(i.here == SD_SRC_START && i.next[0] == SD_SRC_RANGE);
    Q("/src/p/p_test.go", 15, 0); /* the go statement; the string is none */
    CHECK(i.here == SD_SRC_GO && i.next[0] == SD_SRC_CLOSE && i.next[1] == SD_SRC_WAIT && i.next[2] == SD_SRC_END);
    Q("/src/p/p_test.go", 15, 1); /* the literal's goroutine */
    CHECK(i.here == SD_SRC_START && i.next[0] == SD_SRC_RECV && i.next[1] == SD_SRC_END);
    Q("/src/p/p_test.go", 14, 0);
    CHECK(i.here == SD_SRC_NONE && i.next[0] == SD_SRC_GO);
    Q("/elsewhere/p_test.go", 5, 0); /* another file of that name */
    CHECK(i.here == SD_SRC_UNKNOWN && i.next[0] == SD_SRC_UNKNOWN);
    Q("/src/p/p_test.go", 99, 0);
    CHECK(i.here == SD_SRC_UNKNOWN);
    /* go test runs TestB (line 13) before TestA (line 23) */
    sd_srcmap_test_first(m, 1, &i);
    CHECK(i.here == SD_SRC_START && i.next[0] == SD_SRC_GO);
    sd_srcmap_test_first(m, 2, &i);
    CHECK(i.next[0] == SD_SRC_END);
    sd_srcmap_test_first(m, 3, &i);
    CHECK(i.here == SD_SRC_UNKNOWN && i.next[0] == SD_SRC_UNKNOWN);
    sd_srcmap_free(m);
    m = NULL;
    Q("/src/p/p_test.go", 5, 0);
    CHECK(i.here == SD_SRC_UNKNOWN && i.next[0] == SD_SRC_UNKNOWN);
#undef Q
    /* loops whose headers state their length with literals */
    {
        static const char lb[] = "package p\nfunc f() {\n"
                                 "\tsrcs := []string{\"a\", \"b\", \"c\", \"d\"}\n" /* 3 */
                                 "\tfor i, s := range srcs {\n\t\tgo use(i, s)\n\t}\n"  /* 4-6 */
                                 "\tfor i := 0; i < 3; i++ {\n\t\tgo use(i)\n\t}\n"     /* 7-9 */
                                 "\tfor i := 0; i <= 3; i++ {\n\t\tgo use(i)\n\t}\n"    /* 10-12 */
                                 "\tfor range 5 {\n\t\tgo use(0)\n\t}\n"                /* 13-15 */
                                 "\tfor _, x := range []int{1, 2,} {\n\t\tgo use(x)\n\t}\n" /* 16-18 */
                                 "\tfor i := 0; i < n; i++ {\n\t\tgo use(i)\n\t}\n"     /* 19-21 */
                                 "}\n";
        static const uint32_t want[][2] = {{5, 4}, {8, 3}, {11, 4}, {14, 5}, {17, 2}, {20, 0}};
        size_t k;
        CHECK(sd_srcmap_parse("lb.go", lb, sizeof lb - 1, &m, &err) == 0);
        for (k = 0; k < sizeof want / sizeof want[0]; k++) {
            sd_srcmap_query(m, "lb.go", want[k][0], 0, &i);
            CHECK(i.here == SD_SRC_GO && i.loop_bound == want[k][1]);
        }
        sd_srcmap_free(m);
    }
    /* a select's case channels are what it waits on */
    {
        static const char sel[] = "package p\nfunc f() {\n\tselect {\n\tcase v := <-in:\n\t\t_ = v\n"
                                  "\tcase out <- 1:\n\tcase <-ctx.Done():\n\t}\n\tin <- 2\n}\n";
        sd_srcinfo a;
        CHECK(sd_srcmap_parse("s.go", sel, sizeof sel - 1, &m, &err) == 0);
        sd_srcmap_query(m, "s.go", 3, 0, &a);
        CHECK(a.here == SD_SRC_SELECT && a.nhere_obj == 3);
        sd_srcmap_query(m, "s.go", 9, 0, &i); /* in <- 2 */
        CHECK(i.here == SD_SRC_SEND && i.here_obj[0] == a.here_obj[0]);
        CHECK(a.next[0] == SD_SRC_SEND && a.next_obj[0] == a.here_obj[0]); /* its cases are no steps */
        sd_srcmap_free(m);
    }
}

/* What the code does next: deferred calls at the return, a return in an
 * if taken as not taken and one at the body's top level as the end, a
 * range over a slice as no step, timers as sleeps, the channels' buffering
 * from their make sites, names passed to a function's parameters as one,
 * and callers' lines after the function returns. */
static void test_source_steps(void)
{
    static const char src[] =
        "package p\n"                                            /* 1 */
        "func f(err error, xs []int, in <-chan int) {\n"         /* 2 */
        "\tdefer wg.Done()\n"                                  /* 3 */
        "\tmu.Lock()\n"                                        /* 4 */
        "\tdefer mu.Unlock()\n"                                /* 5 */
        "\tif err != nil {\n"                                  /* 6 */
        "\t\treturn\n"                                      /* 7 */
        "\t}\n"                                                /* 8 */
        "\tun := make(chan int)\n"                             /* 9 */
        "\tbuf := make(chan int, 4)\n"                         /* 10 */
        "\tzero := make(chan struct{}, 0)\n"                   /* 11 */
        "\tfor _, x := range xs {\n"                           /* 12 */
        "\t\tun <- x\n"                                     /* 13 */
        "\t}\n"                                                /* 14 */
        "\tfor v := range in {\n"                              /* 15 */
        "\t\tbuf <- v\n"                                    /* 16 */
        "\t}\n"                                                /* 17 */
        "\tzero <- struct{}{}\n"                               /* 18 */
        "\t<-time.After(time.Second)\n"                        /* 19 */
        "\treturn\n"                                           /* 20 */
        "\tclose(un)\n"                                        /* 21 */
        "}\n"                                                    /* 22 */
        "func worker(id int, jobs <-chan int, out chan<- int) {\n" /* 23 */
        "\tfor j := range jobs {\n"                            /* 24 */
        "\t\tout <- j\n"                                    /* 25 */
        "\t}\n"                                                /* 26 */
        "}\n"                                                    /* 27 */
        "func run() {\n"                                         /* 28 */
        "\tq := make(chan int, 8)\n"                           /* 29 */
        "\tres := make(chan int)\n"                            /* 30 */
        "\tgo worker(1, q, res)\n"                             /* 31 */
        "\tq <- 1\n"                                           /* 32 */
        "\tres <- send()\n"                                    /* 33 */
        "\twg.Wait()\n"                                        /* 34 */
        "}\n"                                                    /* 35 */
        "func send() int {\n"                                    /* 36 */
        "\tnothing()\n"                                        /* 37 */
        "\treturn 1\n"                                         /* 38 */
        "}\n";                                                   /* 39 */
    sd_srcmap *m = NULL;
    sd_error err;
    sd_srcinfo i, a;
    sd_site caller = {"p.run", "s.go", 33};
    CHECK(sd_srcmap_parse("s.go", src, sizeof src - 1, &m, &err) == 0);
    /* at the start: the lock, then (the conditional return skipped, the
     * range over a slice no step) the send in that loop, the range over
     * the channel */
    sd_srcmap_query(m, "s.go", 2, 1, &i);
    CHECK(i.here == SD_SRC_START && i.next[0] == SD_SRC_LOCK && i.next[1] == SD_SRC_SEND && i.next[2] == SD_SRC_RANGE);
    CHECK(i.next_cap[1] == 1 && i.next_cap[2] == 0); /* un: unbuffered; in: a channel, buffering unknown */
    /* in the slice's loop: the send again, then the channel's range */
    sd_srcmap_query(m, "s.go", 13, 0, &i);
    CHECK(i.here == SD_SRC_SEND && i.here_cap == 1);
    CHECK(i.next[0] == SD_SRC_SEND && i.next[1] == SD_SRC_RANGE && i.next[2] == SD_SRC_SEND);
    CHECK(i.next_cap[2] == 2); /* buf: buffered */
    /* the last steps: a timer, the top-level return, then the deferred
     * calls, last first; nothing after the return */
    sd_srcmap_query(m, "s.go", 18, 0, &i);
    CHECK(i.here == SD_SRC_SEND && i.here_cap == 1); /* make(chan T, 0) */
    CHECK(i.next[0] == SD_SRC_SLEEP && i.next[1] == SD_SRC_RETURN && i.next[2] == SD_SRC_UNLOCK);
    sd_srcmap_query(m, "s.go", 19, 0, &i);
    CHECK(i.next[0] == SD_SRC_RETURN && i.next[1] == SD_SRC_UNLOCK && i.next[2] == SD_SRC_DONE);
    /* the worker's parameters are the names run passes */
    sd_srcmap_query(m, "s.go", 24, 0, &i);
    sd_srcmap_query(m, "s.go", 32, 0, &a);
    CHECK(i.here == SD_SRC_RANGE && a.here == SD_SRC_SEND && i.here_obj[0] == a.here_obj[0] && i.here_obj[0]);
    CHECK(i.next[0] == SD_SRC_SEND && i.next_cap[0] == 1); /* out is res: unbuffered */
    sd_srcmap_query(m, "s.go", 33, 0, &a);
    CHECK(a.here == SD_SRC_SEND && a.here_obj[0] == i.next_obj[0]);
    /* inside send(), called from line 33: its end, then the caller's send
     * and what follows; without the caller, the end */
    sd_srcmap_query(m, "s.go", 37, 0, &i);
    CHECK(i.next[0] == SD_SRC_RETURN && i.next[1] == SD_SRC_END);
    sd_srcmap_query_chain(m, "s.go", 37, 0, &caller, 1, &i);
    CHECK(i.next[0] == SD_SRC_RETURN && i.next[1] == SD_SRC_SEND && i.next[2] == SD_SRC_WAIT);
    CHECK(i.next_obj[1] == a.here_obj[0]);
    sd_srcmap_free(m);
}

/* Loop lengths the package states away from the loop: a slice literal
 * over lines passed to a parameter, make([]T, n), a constant, an integer
 * passed to a parameter, len(xs); and for a go statement in a function
 * called inside a loop, the caller's loop. */
static void test_source_lengths(void)
{
    static const char src[] =
        "package p\n"                                  /* 1 */
        "const workers = 3\n"                          /* 2 */
        "func RenderAll(pages []string) {\n"           /* 3 */
        "\tfor _, p := range pages {\n"              /* 4 */
        "\t\tgo use(p)\n"                          /* 5 */
        "\t}\n"                                      /* 6 */
        "}\n"                                          /* 7 */
        "func NewPool(n, depth int) {\n"               /* 8 */
        "\tfor i := 0; i < n; i++ {\n"               /* 9 */
        "\t\tgo use(i)\n"                          /* 10 */
        "\t}\n"                                      /* 11 */
        "\tfor i := 0; i <= workers; i++ {\n"        /* 12 */
        "\t\tgo use(i)\n"                          /* 13 */
        "\t}\n"                                      /* 14 */
        "}\n"                                          /* 15 */
        "func (g *Group) Go(f func()) {\n"             /* 16 */
        "\tgo f()\n"                                 /* 17 */
        "}\n"                                          /* 18 */
        "func TestRun(t *testing.T) {\n"               /* 19 */
        "\tpages := []string{\n"                     /* 20 */
        "\t\t\"a\",\n"                           /* 21 */
        "\t\tstrings.Join([]string{\n"             /* 22 */
        "\t\t\t\"b\", \"c\",\n"               /* 23 */
        "\t\t}, \"\"),\n"                        /* 24 */
        "\t\t\"d\",\n"                           /* 25 */
        "\t}\n"                                      /* 26 */
        "\tRenderAll(pages)\n"                       /* 27 */
        "\tNewPool(4, 1)\n"                          /* 28 */
        "\tbuf := make([]int, 5)\n"                  /* 29 */
        "\tfor i := 0; i < len(buf); i++ {\n"        /* 30 */
        "\t\tg.Go(func() {})\n"                    /* 31 */
        "\t}\n"                                      /* 32 */
        "}\n";                                         /* 33 */
    sd_srcmap *m = NULL;
    sd_error err;
    sd_srcinfo i;
    sd_site caller = {"p.TestRun", "s_test.go", 31};
    CHECK(sd_srcmap_parse("s_test.go", src, sizeof src - 1, &m, &err) == 0);
    sd_srcmap_query(m, "s_test.go", 5, 0, &i);
    CHECK(i.here == SD_SRC_GO && i.loop_bound == 3); /* pages: three items over lines */
    sd_srcmap_query(m, "s_test.go", 10, 0, &i);
    CHECK(i.here == SD_SRC_GO && i.loop_bound == 4); /* NewPool(4, 1) */
    sd_srcmap_query(m, "s_test.go", 13, 0, &i);
    CHECK(i.here == SD_SRC_GO && i.loop_bound == 4); /* <= workers: 3 + 1 */
    sd_srcmap_query(m, "s_test.go", 17, 0, &i);
    CHECK(i.here == SD_SRC_GO && i.loop_bound == 0); /* no loop around it ... */
    sd_srcmap_query_chain(m, "s_test.go", 17, 0, &caller, 1, &i);
    CHECK(i.here == SD_SRC_GO && i.loop_bound == 5); /* ... but its caller's: len(buf), make([]int, 5) */
    sd_srcmap_free(m);
}

/* The canonical events keep the program's frames above a site: the call
 * chain of a go statement inside a function the test calls. */
static void test_outer_chain(void)
{
    char path[4096];
    const char *top = getenv("TOP");
    sd_cstream *s = NULL;
    sd_error err;
    size_t k, n, seen = 0;
    snprintf(path, sizeof path, "%s/tests/unit/data/leaks_selectblock.trace", top ? top : ".");
    CHECK(sd_events_from_trace(path, NULL, &s, &err) == 0);
    for (k = 0; s && k < sd_cstream_len(s); k++) {
        const sd_cevent *e = &sd_cstream_events(s)[k];
        const sd_site *o;
        size_t len = strlen(e->site.func);
        n = sd_cstream_outer(s, e->outer, &o);
        if (e->type == SD_CEV_CREATE && len > 5 && strcmp(e->site.func + len - 5, ".Pump") == 0) {
            CHECK(n == 1 && strstr(o[0].func, ".TestPump") && o[0].line == 7);
            seen++;
        }
        if (len > 9 && strcmp(e->site.func + len - 9, ".TestPump") == 0) CHECK(n == 0); /* tRunner: not the program's */
    }
    CHECK(seen == 1);
    CHECK(sd_cstream_outer(s, 0, NULL) == 0 && sd_cstream_outer(s, 1u << 30, NULL) == 0);
    sd_cstream_free(s);
}

int main(void)
{
    RUN(test_gradient);
    RUN(test_learns_distribution);
    RUN(test_temperature);
    RUN(test_file);
    RUN(test_bad_points);
    RUN(test_source);
    RUN(test_source_steps);
    RUN(test_source_lengths);
    RUN(test_outer_chain);
    return unit_done();
}
