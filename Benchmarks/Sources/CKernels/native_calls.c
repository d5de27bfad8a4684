#include "native_calls.h"

#include <string.h>

void native_nop(void) { __asm__ volatile(""); }

int32_t native_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }

float native_mix(int32_t a, int64_t b) { return (float)a + (float)b; }

void native_call_nop(int32_t n, void (*host)(void *), void *env) {
    for (; n != 0; n--) host(env);
}

int32_t native_call_add(int32_t n, int32_t (*host)(int32_t, int32_t)) {
    int32_t acc = 0;
    for (; n != 0; n--) acc = host(acc, n);
    return acc;
}

int32_t native_call_mix(int32_t n, float (*host)(int32_t, int64_t)) {
    uint32_t acc = 0;
    for (; n != 0; n--) {
        float result = host(n, (int64_t)(uint32_t)n);
        uint32_t bits;
        memcpy(&bits, &result, sizeof bits);
        acc += bits;
    }
    return (int32_t)acc;
}
