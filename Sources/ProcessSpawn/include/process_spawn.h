#ifndef AVR_PROCESS_SPAWN_H
#define AVR_PROCESS_SPAWN_H
/* Starting a child that never outlives the host: fork/exec with only async-signal-safe calls
   in the child. Call it from one long-lived thread: the parent-death signal fires when the
   forking *thread* ends, not the process. */
#include <sys/types.h>

/* Starts `path` (absolute, already resolved) with `argv` and `envp` (NULL-terminated) in its
   own process group, in `cwd` (NULL: the host's), with the three descriptors as its standard
   input, output and error. The child gets SIGKILL when the host dies, default signal
   dispositions and an empty signal mask, and no other descriptor of the host.
   Returns the pid, or -1 with `*error` set to the errno of what failed (fork, chdir, exec...). */
pid_t avr_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int stdin_fd, int stdout_fd, int stderr_fd, int *error);

/* Points `fd` at /dev/null, closing what it was (a pipe's write end: the reader sees its end)
   while the number stays valid for threads that may still use it. 0, or -1 with errno. */
int avr_point_at_dev_null(int fd);

/* pipe2 with O_CLOEXEC (a GNU call Swift does not import): no other child inherits it. */
int avr_cloexec_pipe(int fds[2]);

#endif
