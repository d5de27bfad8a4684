// A WASI preview 2 command, built as a component by scripts/build-component-program:
// prints its arguments and $GREETING, copies standard input to standard output,
// reads /data/input.txt and writes its length to /data/output.txt, reports whether
// /data/../outside.txt can be opened, then exits with the status given as its last
// argument ("exit=N").
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");

    char buffer[4096];
    size_t total = 0, n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        fwrite(buffer, 1, n, stdout);
        total += n;
    }
    printf("stdin bytes: %zu\n", total);

    FILE *input = fopen("/data/input.txt", "rb");
    if (input) {
        size_t size = 0;
        while ((n = fread(buffer, 1, sizeof buffer, input)) > 0) size += n;
        fclose(input);
        printf("input.txt: %zu bytes\n", size);
        FILE *output = fopen("/data/output.txt", "wb");
        if (output) {
            fprintf(output, "input had %zu bytes\n", size);
            fclose(output);
        } else {
            printf("output.txt: cannot write\n");
        }
    } else {
        printf("input.txt: cannot open\n");
    }
    FILE *outside = fopen("/data/../outside.txt", "rb");
    printf("escape: %s\n", outside ? "opened" : "refused");
    if (outside) fclose(outside);

    fflush(stdout);
    fprintf(stderr, "done\n");
    if (argc > 1 && strncmp(argv[argc - 1], "exit=", 5) == 0) return atoi(argv[argc - 1] + 5);
    return 0;
}
