// Prints its arguments and environment, one per line, in order.
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    int count = 0;
    for (char **entry = environ; *entry; entry++) {
        printf("env: %s\n", *entry);
        count++;
    }
    printf("envc=%d\n", count);
    return 0;
}
