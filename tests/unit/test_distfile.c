/*
 * test_distfile.c - the binary points file: a round trip, and every
 * damage refused with the offset: each byte flipped, each truncation, a
 * newer version, a wrong magic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/distfile.h"
#include "unit.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static void test_roundtrip_and_damage(void)
{
    char *names[2] = {"/src/a", "/src/bb"};
    sd_distrec recs[3];
    sd_distfile f = {names, 2, recs, 3}, g;
    sd_error err;
    size_t len, i;
    char *data;
    int bad = 0, k;
    memset(recs, 0, sizeof recs);
    for (i = 0; i < 3; i++) {
        recs[i].program = (uint32_t)(i % 2);
        for (k = 0; k < SD_CEV_NTYPES; k++) recs[i].point.counts[k] = (uint32_t)(i * 10 + (size_t)k);
        recs[i].point.runs = 100 + (uint32_t)i;
        recs[i].point.depth = 7;
        recs[i].point.last_type = 2;
        recs[i].point.last3[0] = 2;
        recs[i].point.last3[1] = 255;
        recs[i].point.runnable = 3;
        recs[i].point.running = 1;
        recs[i].point.last_running = 1;
        recs[i].point.node = 42 + (uint32_t)i;
    }
    CHECK(sd_distfile_write("t.bin", &f, &err) == 0);
    CHECK(sd_distfile_read("t.bin", &g, &err) == 0);
    CHECK(g.nprograms == 2 && g.nrecs == 3 && strcmp(g.programs[1], "/src/bb") == 0);
    CHECK(memcmp(g.recs, recs, sizeof recs) == 0);
    sd_distfile_release(&g);
    data = slurp("t.bin", &len);
    CHECK(data != NULL);
    if (!data) return;
    for (i = 0; i < len; i++) { /* every flipped byte is caught */
        data[i] ^= 0x5a;
        if (sd_distfile_parse(data, len, "t.bin", &g, &err) == 0 || !strstr(err.msg, "offset")) bad++;
        data[i] ^= 0x5a;
    }
    for (i = 0; i < len; i++) /* every truncation too */
        if (sd_distfile_parse(data, i, "t.bin", &g, &err) == 0 || !strstr(err.msg, "t.bin")) bad++;
    CHECK(bad == 0);
    data[8] = 2; /* a newer version */
    CHECK(sd_distfile_parse(data, len, "t.bin", &g, &err) == SD_EVERSION && strstr(err.msg, "version 2"));
    CHECK(sd_distfile_parse("not a file", 10, "x", &g, &err) == SD_EFORMAT && strstr(err.msg, "magic"));
    free(data);
    remove("t.bin");
}

int main(void)
{
    RUN(test_roundtrip_and_damage);
    return unit_done();
}
