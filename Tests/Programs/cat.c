// Copies standard input to standard output byte for byte, then reports
// the count on standard error.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    char buffer[4096];
    long total = 0;
    ssize_t count;
    while ((count = read(0, buffer, sizeof buffer)) > 0) {
        for (ssize_t done = 0; done < count;) {
            ssize_t written = write(1, buffer + done, count - done);
            if (written <= 0) {
                perror("write");
                return 1;
            }
            done += written;
        }
        total += count;
    }
    if (count < 0) {
        perror("read");
        return 1;
    }
    fprintf(stderr, "%ld bytes\n", total);
    return 0;
}
