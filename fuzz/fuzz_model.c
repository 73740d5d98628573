/*
 * fuzz_model.c - libFuzzer target for the model file reader: any bytes;
 * never a crash, a refusal names the offset, and a model it accepts
 * scores candidates into a distribution.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "stepdist/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_model *md = NULL;
    sd_error err;
    int rc = sd_model_parse(data, size, "fuzz", &md, &err);
    if (rc == 0) {
        uint32_t f[2 * SD_MODEL_MAX_FEATS] = {0};
        int nf[2] = {1, 1};
        double q[2];
        f[SD_MODEL_MAX_FEATS] = 12345;
        sd_model_score(md, f, nf, 2, q);
        if (!(fabs(q[0] + q[1] - 1) < 1e-9)) __builtin_trap();
        sd_model_free(md);
    } else if (rc != SD_ENOMEM && !strstr(err.msg, "offset")) {
        __builtin_trap();
    }
    return 0;
}
