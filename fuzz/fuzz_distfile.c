/*
 * fuzz_distfile.c - libFuzzer target for the binary points file reader:
 * any bytes; never a crash, and a refusal names the offset.
 */
#include <stdint.h>
#include <string.h>

#include "stepdist/distfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_distfile f;
    sd_error err;
    int rc = sd_distfile_parse(data, size, "fuzz", &f, &err);
    if (rc == 0) {
        uint64_t i;
        for (i = 0; i < f.nrecs; i++)
            if (f.recs[i].program >= f.nprograms) __builtin_trap();
        sd_distfile_release(&f);
    } else if (rc != SD_ENOMEM && !strstr(err.msg, "offset")) {
        __builtin_trap();
    }
    return 0;
}
