#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Preloaded only when avr-bench runs avr-host under valgrind (3.19) to count instructions.
   Swift's async main parks the main thread in libdispatch's _dispatch_sigsuspend, which
   passes a mask that lives in read-only memory; valgrind's sigsuspend wrapper sanitises the
   mask in place and dies with an internal SIGSEGV. Passing a copy avoids that. */
int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, _NSIG / 8);
}
