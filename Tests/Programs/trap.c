// Traps three calls deep, so the backtrace has named frames to check.
#include <stdio.h>

__attribute__((noinline)) static void explode(int depth) {
    if (depth >= 0) __builtin_trap();
}

__attribute__((noinline)) static void descend(int depth) {
    explode(depth);
    printf("not reached\n");
}

int main(int argc, char **argv) {
    (void)argv;
    printf("about to trap\n");
    fflush(stdout);
    descend(argc);
    return 0;
}
