// A WASI preview 2 command, built as a component by scripts/build-component-programs,
// that tries every way out of its preopened directory /data it can think of and
// prints one line per attempt: "NAME: ok" when the operation succeeded,
// "NAME: refused" when it failed. The host prepares /data (see the Swift test):
// inside.txt, sub/, and symlinks pointing outside (link-dir, abs-link, rel-link,
// dangling). Reads print what they read.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *name, int ok) { printf("%s: %s\n", name, ok ? "ok" : "refused"); }

static void try_read(const char *name, const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) {
        report(name, 0);
        return;
    }
    char buffer[64] = {0};
    size_t n = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    printf("%s: ok \"%.*s\"\n", name, (int)n, buffer);
}

static void try_write(const char *name, const char *path) {
    FILE *file = fopen(path, "wb");
    if (file) {
        fputs("written by the guest\n", file);
        fclose(file);
    }
    report(name, file != NULL);
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    try_read("inside", "/data/inside.txt");
    try_read("inside via sub/..", "/data/sub/../inside.txt");
    try_read("dot-dot", "/data/../outside.txt");
    try_read("sub dot-dot dot-dot", "/data/sub/../../outside.txt");
    try_read("relative dot-dot", "../outside.txt");
    try_read("absolute outside", "/outside.txt");
    try_read("symlinked directory", "/data/link-dir/outside.txt");
    try_read("absolute symlink", "/data/abs-link");
    try_read("relative symlink", "/data/rel-link");
    try_read("symlink inside", "/data/inside-link");
    try_write("write through dangling symlink", "/data/dangling");
    try_write("write dot-dot", "/data/../created.txt");
    try_write("write inside", "/data/sub/new.txt");
    report("mkdir dot-dot", mkdir("/data/../made-dir", 0755) == 0);
    report("rename out", rename("/data/inside-copy.txt", "/data/../moved.txt") == 0);
    report("symlink to absolute path", symlink("/etc/passwd", "/data/new-abs-link") == 0);
    try_read("read new absolute symlink", "/data/new-abs-link");
    report("symlink to dot-dot", symlink("../outside.txt", "/data/new-rel-link") == 0);
    try_read("read new dot-dot symlink", "/data/new-rel-link");
    struct stat info;
    report("stat dot-dot", stat("/data/..", &info) == 0 && S_ISDIR(info.st_mode));
    report("chdir dot-dot", chdir("/data/..") == 0);

    DIR *directory = opendir("/data");
    if (directory) {
        char *names[64];
        int count = 0;
        struct dirent *entry;
        while ((entry = readdir(directory)) && count < 64) names[count++] = strdup(entry->d_name);
        closedir(directory);
        qsort(names, count, sizeof names[0], compare);
        printf("listing:");
        for (int i = 0; i < count; i++) {
            printf(" %s", names[i]);
            free(names[i]);
        }
        printf("\n");
    } else {
        report("listing", 0);
    }
    fflush(stdout);
    return 0;
}
