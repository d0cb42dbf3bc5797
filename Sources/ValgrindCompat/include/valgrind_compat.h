/* See valgrind_compat.c: a sigsuspend that valgrind 3.19 can run for Swift's async main. */
#include <signal.h>
int sigsuspend(const sigset_t *mask);
