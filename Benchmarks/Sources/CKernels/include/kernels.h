#ifndef BENCH_KERNELS_H
#define BENCH_KERNELS_H

// The compute kernels, compiled natively into the benchmark and, from the
// same file, to WebAssembly by scripts/run-bench. Each runs `reps`
// repetitions of a fixed amount of work and returns a checksum that depends
// on every repetition, so neither compiler can drop any of it.

#include <stdint.h>

#if defined(__wasm__)
#define KERNEL_EXPORT(name) __attribute__((export_name(#name)))
#else
#define KERNEL_EXPORT(name)
#endif

/// A 64-bit multiply-rotate hash over a 64 KiB buffer, reseeded per repetition.
KERNEL_EXPORT(kernel_hash) uint64_t kernel_hash(uint32_t reps);
/// A 96×96 double-precision matrix product per repetition.
KERNEL_EXPORT(kernel_matmul) uint64_t kernel_matmul(uint32_t reps);
/// Quicksort (with insertion sort for short runs) of 16384 pseudo-random words per repetition.
KERNEL_EXPORT(kernel_sort) uint64_t kernel_sort(uint32_t reps);
/// Sieve of Eratosthenes up to 262144 per repetition.
KERNEL_EXPORT(kernel_sieve) uint64_t kernel_sieve(uint32_t reps);

#endif
