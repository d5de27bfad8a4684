// The wasi:cli/run@0.2.3 export of a reactor-model C program: runs main
// through wasi-libc and returns its status as the result (ok/err).
#include <stdlib.h>

extern int __main_void(void);

__attribute__((export_name("wasi:cli/run@0.2.3#run")))
int run(void) {
    int status = __main_void();
    if (status != 0) exit(status);
    return 0;
}
