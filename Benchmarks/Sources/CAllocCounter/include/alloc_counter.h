#ifndef ALLOC_COUNTER_H
#define ALLOC_COUNTER_H

#include <stdint.h>

/// Heap allocations (malloc, calloc, realloc, the aligned variants) made
/// by any code in the process since it started: Swift, the Wasmtime
/// library and the C library alike, because the benchmark executable
/// defines these functions and so interposes them for every shared object.
uint64_t alloc_counter_total(void);

#endif
