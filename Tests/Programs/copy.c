// copy SOURCE DESTINATION: copies one file to another, as a guest sees them.
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: copy SOURCE DESTINATION\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        printf("cannot open %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        printf("cannot create %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    char buffer[4096];
    size_t count;
    long total = 0;
    while ((count = fread(buffer, 1, sizeof buffer, in)) > 0) {
        if (fwrite(buffer, 1, count, out) != count) {
            printf("cannot write %s: %s\n", argv[2], strerror(errno));
            return 1;
        }
        total += (long)count;
    }
    fclose(in);
    if (fclose(out) != 0) {
        printf("cannot write %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    printf("copied %ld bytes\n", total);
    return 0;
}
