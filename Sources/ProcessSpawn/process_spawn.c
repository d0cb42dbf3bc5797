#define _GNU_SOURCE
#include "process_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { child_descriptors = 4 };

/* Only async-signal-safe calls from fork to exec: the host has many threads, and any of
   them may have held a lock (malloc's, stdio's) at the moment of the fork. setrlimit is one
   system call (prlimit64) in glibc, so it is safe there too. */
static void report_and_exit(int report_fd, int step, int resource, int code) {
    struct avr_spawn_failure failure = {.step = step, .error = errno, .resource = resource};
    (void)!write(report_fd, &failure, sizeof failure);
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
        if (moved[index] < 0) report_and_exit(report_fd, AVR_SPAWN_STEP_DESCRIPTORS, 0, 126);
        count = index + 1;
    }
    for (int index = 0; index < count; index++) {
        if (moved[index] >= 0 && dup2(moved[index], index) < 0) {
            report_and_exit(report_fd, AVR_SPAWN_STEP_DESCRIPTORS, 0, 126);
        }
    }
    return count;
}

static void fail(struct avr_spawn_failure *failure, int error) {
    failure->step = AVR_SPAWN_STEP_HOST;
    failure->error = error;
    failure->resource = 0;
    failure->unreaped = 0;
}

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Waits for the child's report: a whole failure, or the pipe's end (its exec closed it).
   1: a failure was read; 0: the exec happened; -1: the time ran out first. */
static int read_report(int fd, int timeout_ms, struct avr_spawn_failure *report) {
    long long deadline = now_ms() + timeout_ms;
    size_t have = 0;
    while (have < sizeof *report) {
        long long left = deadline - now_ms();
        if (left <= 0) return -1;
        struct pollfd wait = {.fd = fd, .events = POLLIN};
        int ready = poll(&wait, 1, (int)left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) return -1;
        ssize_t got = read(fd, (char *)report + have, sizeof *report - have);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return have > 0 ? 1 : 0;
        have += (size_t)got;
    }
    return 1;
}

pid_t avr_spawn(const struct avr_spawn_request *request, struct avr_spawn_failure *failure) {
    /* A missing standard descriptor would be left at whatever the child inherited there:
       the host's own stdin, stdout or stderr. */
    for (int index = 0; index < 3; index++) {
        if (request->fds[index] < 0) {
            fail(failure, EBADF);
            return -1;
        }
    }
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        fail(failure, errno);
        return -1;
    }
    struct rlimit files;
    int limit = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? (int)files.rlim_cur : 65536;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fail(failure, errno);
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        close(report[0]);
        /* A host without a standard descriptor may have got the report pipe at 0..3. */
        int report_fd =
            report[1] >= child_descriptors ? report[1] : fcntl(report[1], F_DUPFD_CLOEXEC, child_descriptors);
        /* Said on the original end, which still works: the host must learn why. */
        if (report_fd < 0) report_and_exit(report[1], AVR_SPAWN_STEP_DESCRIPTORS, 0, 126);
        setpgid(0, 0);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(report_fd, AVR_SPAWN_STEP_SETUP, 0, 126);
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
        if (request->cwd != NULL && chdir(request->cwd) != 0) {
            report_and_exit(report_fd, AVR_SPAWN_STEP_CHDIR, 0, 126);
        }
        for (int index = 0; index < request->limit_count; index++) {
            const struct avr_spawn_limit *wanted = &request->limits[index];
            struct rlimit bounds = {.rlim_cur = wanted->soft, .rlim_max = wanted->hard};
            if (setrlimit(wanted->resource, &bounds) != 0) {
                report_and_exit(report_fd, AVR_SPAWN_STEP_SETRLIMIT, wanted->resource, 126);
            }
        }
        if (request->stop_before_exec) raise(SIGSTOP);
        execve(request->path, request->argv, request->envp);
        report_and_exit(report_fd, AVR_SPAWN_STEP_EXEC, 0, 127);
    }
    close(report[1]);
    struct avr_spawn_failure report_read = {0};
    int outcome = read_report(report[0], request->exec_timeout_ms > 0 ? request->exec_timeout_ms : 10000, &report_read);
    close(report[0]);
    if (outcome == 0) return pid;
    if (outcome < 0) {
        /* Hung before its exec, or something it started holds the pipe: it goes with its group.
           Not reaped here: one stuck in the kernel (a dead mount) dies only when that call
           returns, and the spawner must not wait for it. */
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        *failure = (struct avr_spawn_failure){.step = AVR_SPAWN_STEP_WAIT, .error = ETIMEDOUT, .unreaped = pid};
        return -1;
    }
    /* The child failed before its exec and has exited: reap it now. */
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    *failure = report_read;
    failure->unreaped = 0;
    return -1;
}

int avr_point_at_dev_null(int fd) {
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd < 0) return -1;
    int result = dup3(null_fd, fd, O_CLOEXEC);
    close(null_fd);
    return result < 0 ? -1 : 0;
}

int avr_cloexec_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
