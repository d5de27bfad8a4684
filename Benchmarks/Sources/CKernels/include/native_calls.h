#ifndef BENCH_NATIVE_CALLS_H
#define BENCH_NATIVE_CALLS_H

// The native baseline of the call benchmarks: plain calls across an object
// file boundary, which no compiler can inline or drop.

#include <stdint.h>

void native_nop(void);
int32_t native_add(int32_t a, int32_t b);
float native_mix(int32_t a, int64_t b);

/// The shape of the wasm loops of the wasm-to-host benchmarks, calling
/// host functions through pointers instead of imports.
void native_call_nop(int32_t n, void (*host)(void *), void *env);
int32_t native_call_add(int32_t n, int32_t (*host)(int32_t, int32_t));
int32_t native_call_mix(int32_t n, float (*host)(int32_t, int64_t));

#endif
