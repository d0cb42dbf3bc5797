#define _GNU_SOURCE
#include "process_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

enum { child_descriptors = 4 };

/* Only async-signal-safe calls from fork to exec: the host has many threads, and any of
   them may have held a lock (malloc's, stdio's) at the moment of the fork. setrlimit is one
   system call (prlimit64) in glibc, so it is safe there too. */
static void report_and_exit(int report_fd, int code) {
    int value = errno;
    (void)!write(report_fd, &value, sizeof value);
    _exit(code);
}

/* Closes every descriptor from `first` up, except `keep` (the report pipe, which closes itself
   on exec). */
static void close_other_descriptors(int first, int keep, int limit) {
#ifdef SYS_close_range
    int below = keep > first ? (int)syscall(SYS_close_range, (unsigned)first, (unsigned)keep - 1, 0) : 0;
    if (below == 0 && syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0) == 0) return;
#endif
    for (int fd = first; fd < limit; fd++) {
        if (fd != keep) close(fd);
    }
}

/* Puts the request's descriptors at 0..3. Each is first copied above them all, so that one
   already sitting at a number another goes to is not overwritten, and so that dup2 always
   moves it (a dup2 onto its own number would keep its close-on-exec flag). Returns how many
   descriptors the child gets. */
static int place_descriptors(const int fds[child_descriptors], int report_fd) {
    int moved[child_descriptors];
    int count = 0;
    for (int index = 0; index < child_descriptors; index++) {
        moved[index] = -1;
        if (fds[index] < 0) continue;
        moved[index] = fcntl(fds[index], F_DUPFD_CLOEXEC, child_descriptors);
        if (moved[index] < 0) report_and_exit(report_fd, 126);
        count = index + 1;
    }
    for (int index = 0; index < count; index++) {
        if (moved[index] >= 0 && dup2(moved[index], index) < 0) report_and_exit(report_fd, 126);
    }
    return count;
}

pid_t avr_spawn(const struct avr_spawn_request *request, int *error) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error = errno;
        return -1;
    }
    struct rlimit files;
    int limit = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? (int)files.rlim_cur : 65536;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        close(report[0]);
        /* A host without a standard descriptor may have got the report pipe at 0..3. */
        int report_fd =
            report[1] >= child_descriptors ? report[1] : fcntl(report[1], F_DUPFD_CLOEXEC, child_descriptors);
        if (report_fd < 0) _exit(126);
        setpgid(0, 0);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(report_fd, 126);
        /* The host may have died between fork and prctl: then nobody would send the signal. */
        if (getppid() != parent) _exit(125);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        /* Ignored signals stay ignored across exec (the host ignores SIGPIPE, SIGTERM...). The
           system call itself: glibc's sigaction refuses glibc's own signals (32 and 33), and
           the host may ignore those too. All zero, the kernel's struct means SIG_DFL. */
        struct {
            unsigned long fields[4];
        } fallback = {{0}};
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            syscall(SYS_rt_sigaction, signal_number, &fallback, NULL, (NSIG - 1) / 8);
        }
        int count = place_descriptors(request->fds, report_fd);
        close_other_descriptors(count, report_fd, limit);
        if (request->cwd != NULL && chdir(request->cwd) != 0) report_and_exit(report_fd, 126);
        for (int index = 0; index < request->limit_count; index++) {
            const struct avr_spawn_limit *wanted = &request->limits[index];
            struct rlimit bounds = {.rlim_cur = wanted->soft, .rlim_max = wanted->hard};
            if (setrlimit(wanted->resource, &bounds) != 0) report_and_exit(report_fd, 126);
        }
        execve(request->path, request->argv, request->envp);
        report_and_exit(report_fd, 127);
    }
    close(report[1]);
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(report[0], &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got > 0) {
        /* The child failed before its exec and has exited: reap it now. */
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error = child_errno;
        return -1;
    }
    return pid;
}

int avr_point_at_dev_null(int fd) {
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) return -1;
    int result = dup3(null_fd, fd, O_CLOEXEC);
    close(null_fd);
    return result < 0 ? -1 : 0;
}

int avr_cloexec_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
