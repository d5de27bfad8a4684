// A sandbox probe: tries to leave its preopened directory by `..`,
// absolute paths and symbolic links, and prints what happened to each try.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try_read(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("read %s: refused (%s)\n", path, strerror(errno));
        return;
    }
    char buffer[64];
    ssize_t count = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (count < 0) {
        printf("read %s: opened, read failed (%s)\n", path, strerror(errno));
        return;
    }
    buffer[count] = 0;
    buffer[strcspn(buffer, "\n")] = 0;
    printf("read %s: ok \"%s\"\n", path, buffer);
}

static void try_create(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("create %s: refused (%s)\n", path, strerror(errno));
        return;
    }
    ssize_t written = write(fd, "escaped\n", 8);
    close(fd);
    printf("create %s: %s\n", path, written == 8 ? "ok" : "opened, write failed");
}

int main(int argc, char **argv) {
    // argv[1] is the guest path of the sandbox, such as /sandbox.
    const char *root = argc > 1 ? argv[1] : "/sandbox";
    char path[512];
    snprintf(path, sizeof path, "%s/inside.txt", root);
    try_read(path);
    snprintf(path, sizeof path, "%s/../secret.txt", root);
    try_read(path);
    snprintf(path, sizeof path, "%s/sub/../../secret.txt", root);
    try_read(path);
    try_read("../secret.txt");
    try_read("/etc/passwd");
    snprintf(path, sizeof path, "%s/link-to-parent/secret.txt", root);
    try_read(path);
    snprintf(path, sizeof path, "%s/link-to-secret", root);
    try_read(path);
    snprintf(path, sizeof path, "%s/absolute-link", root);
    try_read(path);
    snprintf(path, sizeof path, "%s/../escaped.txt", root);
    try_create(path);
    snprintf(path, sizeof path, "%s/link-to-parent/escaped.txt", root);
    try_create(path);
    return 0;
}
