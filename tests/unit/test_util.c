/*
 * test_util.c - the internal helpers: the hash map against a slow
 * reference, Go-compatible quoting, float conversion, string interning.
 */
#include <stdint.h>
#include <stdlib.h>

#include "unit.h"
#include "util/util.h"

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Random puts, gets and deletes against a plain array. */
static void test_map_vs_reference(void)
{
    enum { KEYS = 512 };
    sd_map m = {0};
    int64_t ref[KEYS];
    int i, bad = 0;
    for (i = 0; i < KEYS; i++) ref[i] = -1;
    for (i = 0; i < 200000; i++) {
        unsigned k = (unsigned)(rnd() % KEYS);
        uint64_t key = (uint64_t)k * 0x9E3779B97F4A7C15ULL; /* spread, with collisions of low bits */
        switch (rnd() % 3) {
        case 0: {
            uint32_t v = (uint32_t)(rnd() % 1000000);
            CHECK(sd__map_put(&m, key, v) == 0);
            ref[k] = v;
            break;
        }
        case 1:
            sd__map_del(&m, key);
            ref[k] = -1;
            break;
        default:
            if (sd__map_get(&m, key) != ref[k]) bad++;
        }
    }
    for (i = 0; i < KEYS; i++)
        if (sd__map_get(&m, (uint64_t)i * 0x9E3779B97F4A7C15ULL) != ref[i]) bad++;
    CHECK(bad == 0);
    sd__map_release(&m);
}

static void quote(const char *s, size_t n, const char *want)
{
    sd_buf b = {0};
    sd__buf_goquote(&b, s, n);
    sd__buf_putc(&b, '\0');
    CHECK_STR(b.p, want);
    sd__buf_release(&b);
}

/* Expected strings are what Go's strconv.Quote returns. */
static void test_goquote(void)
{
    quote("chan receive", 12, "\"chan receive\"");
    quote("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    quote("\n\t\r\a\b\f\v", 7, "\"\\n\\t\\r\\a\\b\\f\\v\"");
    quote("\x01\x7f", 2, "\"\\x01\\x7f\"");
    quote("\xff", 1, "\"\\xff\"");
    quote("h\xc3\xa9", 3, "\"h\xc3\xa9\"");        /* printable UTF-8 kept */
    quote("\xe2\x80\xa8", 3, "\"\\u2028\"");          /* line separator escaped */
    quote("a\0b", 3, "\"a\\x00b\"");
}

static void test_numbers(void)
{
    sd_buf b = {0};
    sd__buf_i64(&b, INT64_MIN);
    sd__buf_putc(&b, ' ');
    sd__buf_u64(&b, UINT64_MAX);
    sd__buf_putc(&b, ' ');
    sd__buf_hex(&b, 0x4a3f0);
    sd__buf_putc(&b, ' ');
    sd__buf_i64(&b, 0);
    sd__buf_putc(&b, '\0');
    CHECK_STR(b.p, "-9223372036854775808 18446744073709551615 4a3f0 0");
    sd__buf_release(&b);
    CHECK(sd__f64_to_i64(1e300) == INT64_MIN);
    CHECK(sd__f64_to_i64(-1e300) == INT64_MIN);
    CHECK(sd__f64_to_i64(0.0 / 0.0) == INT64_MIN);
    CHECK(sd__f64_to_i64(64.9) == 64);
    CHECK(sd__f64_to_i64(-64.9) == -64);
}

static void test_strpool(void)
{
    sd_strpool p = {0};
    int64_t a = sd__strpool_intern(&p, "alpha", 5);
    int64_t b = sd__strpool_intern(&p, "beta", 4);
    int64_t a2 = sd__strpool_intern(&p, "alpha", 5);
    int i;
    CHECK(a > 0 && b > 0 && a != b && a == a2);
    CHECK(sd__strpool_intern(&p, "", 0) == 0);
    for (i = 0; i < 5000; i++) {
        char s[32];
        int n = snprintf(s, sizeof s, "s%d", i % 1000);
        int64_t id = sd__strpool_intern(&p, s, (size_t)n);
        CHECK(id > 0 && strcmp(p.ptrs[id], s) == 0);
    }
    CHECK(p.n == 1 + 2 + 1000);
    sd__strpool_release(&p);
}

static void test_arena(void)
{
    sd_arena a = {0};
    int i;
    for (i = 0; i < 10000; i++) {
        char *p = sd__arena_alloc(&a, (size_t)(i % 700) + 1);
        CHECK(p != NULL && ((uintptr_t)p & 15) == 0);
        if (p) memset(p, 0xAB, (size_t)(i % 700) + 1);
    }
    sd__arena_reset(&a);
    CHECK(a.used_total == 0 && a.head != NULL);
    CHECK(sd__arena_alloc(&a, (size_t)1 << 22) != NULL); /* bigger than a block */
    sd__arena_release(&a);
}

int main(void)
{
    RUN(test_map_vs_reference);
    RUN(test_goquote);
    RUN(test_numbers);
    RUN(test_strpool);
    RUN(test_arena);
    return unit_done();
}
