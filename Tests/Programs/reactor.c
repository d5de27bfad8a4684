// A reactor module (built with -mexec-model=reactor): _initialize runs the
// constructors, then the host calls exports as often as it likes.
#include <stdint.h>
#include <stdio.h>

static int32_t counter;

__attribute__((constructor)) static void start_at_hundred(void) {
    counter = 100;
}

__attribute__((export_name("next")))
int32_t next(void) {
    return ++counter;
}

__attribute__((export_name("greet")))
void greet(int32_t times) {
    for (int32_t i = 0; i < times; i++) {
        printf("greeting %d from a reactor\n", i + 1);
    }
    fflush(stdout);
}
