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

/* Only async-signal-safe calls from fork to exec: the host has many threads, and any of
   them may have held a lock (malloc's, stdio's) at the moment of the fork. */
static void report_and_exit(int report_fd, int code) {
    int value = errno;
    (void)!write(report_fd, &value, sizeof value);
    _exit(code);
}

static void close_other_descriptors(int keep, int limit) {
#ifdef SYS_close_range
    /* Everything above stderr except `keep` (the report pipe, which closes itself on exec). */
    int below = keep > 3 ? (int)syscall(SYS_close_range, 3, (unsigned)keep - 1, 0) : 0;
    if (below == 0 && syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0) == 0) return;
#endif
    for (int fd = 3; fd < limit; fd++) {
        if (fd != keep) close(fd);
    }
}

pid_t avr_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int stdin_fd, int stdout_fd, int stderr_fd, int *error) {
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
        setpgid(0, 0);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(report[1], 126);
        /* The host may have died between fork and prctl: then nobody would send the signal. */
        if (getppid() != parent) _exit(125);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        /* Ignored signals stay ignored across exec (the host ignores SIGPIPE, SIGTERM...). */
        struct sigaction fallback = {0};
        fallback.sa_handler = SIG_DFL;
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            sigaction(signal_number, &fallback, NULL);
        }
        if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) {
            report_and_exit(report[1], 126);
        }
        close_other_descriptors(report[1], limit);
        if (cwd != NULL && chdir(cwd) != 0) report_and_exit(report[1], 126);
        execve(path, argv, envp);
        report_and_exit(report[1], 127);
    }
    close(report[1]);
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(report[0], &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got > 0) {
        /* exec failed: reap the child now, it has already exited. */
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
