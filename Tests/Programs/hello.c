// Writes one line to standard output and one to standard error.
#include <stdio.h>

int main(void) {
    printf("Hello, WASI!\n");
    fprintf(stderr, "a note on stderr\n");
    return 0;
}
