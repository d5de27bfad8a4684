#include "kernels.h"

// No C library: the WebAssembly build links with -nostdlib, so everything
// lives in static arrays and the kernels share nothing with the host.

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t splitmix(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// ---- hash -------------------------------------------------------------------

#define HASH_BYTES 65536
static uint64_t hash_words[HASH_BYTES / 8];

uint64_t kernel_hash(uint32_t reps) {
    uint64_t state = 1;
    for (uint32_t i = 0; i < HASH_BYTES / 8; i++) hash_words[i] = splitmix(&state);
    uint64_t total = 0;
    for (uint32_t r = 0; r < reps; r++) {
        uint64_t h0 = 0x27D4EB2F165667C5ull ^ r, h1 = 0x165667B19E3779F9ull + r;
        for (uint32_t i = 0; i < HASH_BYTES / 8; i += 2) {
            h0 = rotl64(h0 ^ (hash_words[i] * 0x87C37B91114253D5ull), 31) * 0x4CF5AD432745937Full;
            h1 = rotl64(h1 ^ (hash_words[i + 1] * 0x4CF5AD432745937Full), 33) * 0x87C37B91114253D5ull;
        }
        uint64_t h = h0 ^ rotl64(h1, 17);
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDull;
        h ^= h >> 33;
        total = rotl64(total, 7) ^ h;
    }
    return total;
}

// ---- matrix multiply ----------------------------------------------------------

#define MAT_N 96
static double mat_a[MAT_N * MAT_N], mat_b[MAT_N * MAT_N], mat_c[MAT_N * MAT_N];

uint64_t kernel_matmul(uint32_t reps) {
    uint64_t total = 0;
    for (uint32_t r = 0; r < reps; r++) {
        for (int i = 0; i < MAT_N; i++) {
            for (int j = 0; j < MAT_N; j++) {
                mat_a[i * MAT_N + j] = (double)((i * 7 + j * 3 + (int)r) % 17) * 0.25 - 2.0;
                mat_b[i * MAT_N + j] = (double)((i * 5 + j * 11 + (int)r) % 13) * 0.5 - 3.0;
                mat_c[i * MAT_N + j] = 0.0;
            }
        }
        for (int i = 0; i < MAT_N; i++) {
            for (int k = 0; k < MAT_N; k++) {
                double a = mat_a[i * MAT_N + k];
                for (int j = 0; j < MAT_N; j++) mat_c[i * MAT_N + j] += a * mat_b[k * MAT_N + j];
            }
        }
        // Every product is a multiple of 1/8 well inside 2^53, so the sum is
        // exact whatever the order and the checksum is the same everywhere.
        double sum = 0.0;
        for (int i = 0; i < MAT_N * MAT_N; i++) sum += mat_c[i] * (double)(i % 7 + 1);
        total = rotl64(total, 5) ^ (uint64_t)(int64_t)(sum * 8.0);
    }
    return total;
}

// ---- sort -----------------------------------------------------------------------

#define SORT_N 16384
static uint32_t sort_data[SORT_N];

static void insertion_sort(uint32_t *a, int lo, int hi) {
    for (int i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void quicksort(uint32_t *a, int lo, int hi) {
    while (hi - lo > 16) {
        int mid = lo + (hi - lo) / 2;
        // Median of three as the pivot.
        if (a[mid] < a[lo]) { uint32_t t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
        if (a[hi] < a[lo]) { uint32_t t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
        if (a[hi] < a[mid]) { uint32_t t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
        uint32_t pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { uint32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        // Recurse into the smaller side to bound the depth.
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
        else { quicksort(a, i, hi); hi = j; }
    }
    insertion_sort(a, lo, hi);
}

uint64_t kernel_sort(uint32_t reps) {
    uint64_t total = 0;
    for (uint32_t r = 0; r < reps; r++) {
        uint64_t state = 0x5EED0000ull + r;
        for (int i = 0; i < SORT_N; i++) sort_data[i] = (uint32_t)splitmix(&state);
        quicksort(sort_data, 0, SORT_N - 1);
        uint64_t sum = 0;
        for (int i = 0; i < SORT_N; i++) {
            if (i > 0 && sort_data[i - 1] > sort_data[i]) return 0;  // not sorted: a wrong answer
            sum += (uint64_t)sort_data[i] * (uint64_t)(i + 1);
        }
        total = rotl64(total, 9) ^ sum;
    }
    return total;
}

// ---- sieve ----------------------------------------------------------------------

#define SIEVE_N 262144
static uint8_t sieve_composite[SIEVE_N];

uint64_t kernel_sieve(uint32_t reps) {
    uint64_t total = 0;
    for (uint32_t r = 0; r < reps; r++) {
        for (int i = 0; i < SIEVE_N; i++) sieve_composite[i] = 0;
        uint64_t count = 0, weighted = 0;
        for (int i = 2; i < SIEVE_N; i++) {
            if (sieve_composite[i]) continue;
            count++;
            weighted += (uint64_t)i * (count ^ r);
            for (int j = i * 2; j < SIEVE_N; j += i) sieve_composite[j] = 1;
        }
        total = rotl64(total, 11) ^ (count * 0x9E3779B97F4A7C15ull) ^ weighted;
    }
    return total;
}
