#ifndef AVR_RUNNER_SHIM_H
#define AVR_RUNNER_SHIM_H
/* Process control for supervised plugin runners: posix_spawn with the file actions Swift's
   Glibc module does not import (closefrom), and prctl(PR_SET_PDEATHSIG), which it hides. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <unistd.h>

/* glibc exports these; their declarations sit behind _GNU_SOURCE, which this module cannot set. */
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *, int);
extern int pipe2(int fds[2], int flags);

/* A pipe whose both ends are close-on-exec from the start (no other child can inherit them). */
static inline int avr_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/* Spawns `path` in a process group of its own, with `channel` as fd 3, `output` as fds 1 and 2,
   /dev/null as fd 0, every other descriptor closed, an empty signal mask and every signal at
   its default (the host ignores some, e.g. SIGPIPE and SIGTERM, and ignored stays ignored
   across exec). Returns the pid, or -errno. */
static inline int avr_spawn_runner(const char *path, char *const argv[], char *const envp[], int channel,
                                   int output) {
    /* dup2 onto its own number would keep FD_CLOEXEC: move it out of the way first. */
    int moved = fcntl(channel, F_DUPFD_CLOEXEC, 10);
    if (moved < 0) return -errno;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, output, 1);
    posix_spawn_file_actions_adddup2(&actions, output, 2);
    posix_spawn_file_actions_adddup2(&actions, moved, 3);
    posix_spawn_file_actions_addclosefrom_np(&actions, 4);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = 0;
    int failed = posix_spawn(&pid, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(moved);
    return failed ? -failed : pid;
}

/* The runner asks for `signal` when the thread that spawned it ends. */
static inline int avr_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal); }

#endif
