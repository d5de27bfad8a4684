// A compute kernel: counts primes with a sieve and checksums the result.
// Also exports functions for `run --invoke`.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((export_name("count_primes")))
int32_t count_primes(int32_t limit) {
    if (limit < 2) return 0;
    char *composite = calloc((size_t)limit + 1, 1);
    if (!composite) return -1;
    int32_t count = 0;
    for (int64_t i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (int64_t j = i * i; j <= limit; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}

__attribute__((export_name("fib")))
uint64_t fib(uint32_t n) {
    uint64_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t next = a + b;
        a = b;
        b = next;
    }
    return a;
}

__attribute__((export_name("mix")))
double mix(double x, float y, int64_t z) {
    return x * (double)y + (double)z;
}

int main(int argc, char **argv) {
    int32_t limit = argc > 1 ? atoi(argv[1]) : 1000000;
    printf("primes up to %d: %d\n", limit, count_primes(limit));
    printf("fib(90) = %llu\n", (unsigned long long)fib(90));
    return 0;
}
