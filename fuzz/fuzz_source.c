/*
 * fuzz_source.c - libFuzzer target for the Go source scanner
 * (sd_srcmap_parse): any bytes as a file's text; never a crash, and every
 * line answers with operation classes and buffering in range, alone and
 * called from other lines of the file (sd_srcmap_query_chain).
 */
#include <stdint.h>
#include <string.h>

#include "stepdist/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_srcmap *m = NULL;
    sd_error err;
    uint32_t line, lines = 1, k;
    size_t i;
    if (sd_srcmap_parse("/fuzz/x_test.go", data, size, &m, &err) < 0) {
        if (err.code != SD_ENOMEM) __builtin_trap();
        return 0;
    }
    for (i = 0; i < size; i++) lines += data[i] == '\n';
    for (line = 0; line <= lines + 1; line++) {
        int start;
        for (start = 0; start < 3; start++) {
            /* start 2: called from three lines further down, and from
             * line 0 and a line past the end */
            sd_site outer[3] = {{"f", "/fuzz/x_test.go", line + 3}, {"g", "x_test.go", 0}, {"h", "x_test.go", lines + 9}};
            sd_srcinfo in;
            int k;
            if (start < 2) sd_srcmap_query(m, line & 1 ? "x_test.go" : "/fuzz/x_test.go", line, start, &in);
            else sd_srcmap_query_chain(m, "/fuzz/x_test.go", line, 0, outer, 3, &in);
            if (in.here >= SD_SRC_NCLASSES || in.nhere_obj > SD_SRC_MAXOBJ || in.here_cap > 3) __builtin_trap();
            for (k = 0; k < SD_SRC_NEXT; k++)
                if (in.next[k] >= SD_SRC_NCLASSES || in.next_cap[k] > 3) __builtin_trap();
        }
    }
    for (k = 0; k < 4; k++) {
        sd_srcinfo in;
        sd_srcmap_test_first(m, k, &in);
        if (in.next[0] >= SD_SRC_NCLASSES) __builtin_trap();
    }
    sd_srcmap_free(m);
    return 0;
}
