/*
 * fuzz_predictions.c - libFuzzer target for the predictions reader
 * (stepdist score's input): any bytes, one line at a time; must never
 * crash, and a refused line must say where.
 */
#include <stdint.h>
#include <string.h>

#include "stepdist/predictions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
        sd_prediction p;
        sd_error err;
        int rc = sd_prediction_parse(s, len, &p, &err);
        if (rc < 0 && !strstr(err.msg, "expected")) __builtin_trap();
        if (rc == 1) {
            double sum = 0;
            int k;
            for (k = 0; k < 6; k++) sum += p.q[k];
            if (sum < 0.999 || sum > 1.001) __builtin_trap();
        }
        s += len + (nl ? 1 : 0);
    }
    return 0;
}
