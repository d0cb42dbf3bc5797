#ifndef AVR_PROCESS_SPAWN_H
#define AVR_PROCESS_SPAWN_H
/* Starting a child that never outlives the host: fork/exec with only async-signal-safe calls
   in the child. Call it from one long-lived thread: the parent-death signal fires when the
   forking *thread* ends, not the process. */
#include <sys/resource.h>
#include <sys/types.h>

/* One resource limit set in the child before exec (setrlimit's resource and bounds). */
struct avr_spawn_limit {
    int resource;
    rlim_t soft;
    rlim_t hard;
};

/* What to start and what it gets. */
struct avr_spawn_request {
    /* Absolute, already resolved. */
    const char *path;
    /* NULL-terminated. */
    char *const *argv;
    char *const *envp;
    /* NULL: the host's. */
    const char *cwd;
    /* The child's descriptors 0, 1, 2 and 3 (-1 at 3: none; 0..2 must be given, EBADF if not).
       The same descriptor may be given for several; every other descriptor of the host is
       closed in the child. */
    int fds[4];
    const struct avr_spawn_limit *limits;
    int limit_count;
    /* How long the host waits for the child's exec (or its failure report) before it kills the
       child's group and gives up with ETIMEDOUT: a child hung before its exec (a chdir into a
       dead mount) must not hold the spawner for ever. */
    int exec_timeout_ms;
    /* For tests: the child stops itself (SIGSTOP) just before its exec, as a hung one would. */
    int stop_before_exec;
};

/* The step that failed, for the message ("cannot set the open-files limit" vs "cannot exec"). */
enum avr_spawn_step {
    AVR_SPAWN_STEP_HOST = 0, /* in the host: the arguments, the report pipe, fork, the wait */
    AVR_SPAWN_STEP_SETUP,    /* in the child: its own process group, parent-death signal */
    AVR_SPAWN_STEP_DESCRIPTORS,
    AVR_SPAWN_STEP_CHDIR,
    AVR_SPAWN_STEP_SETRLIMIT,
    AVR_SPAWN_STEP_EXEC,
    AVR_SPAWN_STEP_WAIT, /* no exec nor report within the timeout: the child's group was killed */
};

/* Why a spawn failed: the step, its errno and, for AVR_SPAWN_STEP_SETRLIMIT, the resource. */
struct avr_spawn_failure {
    int step;
    int error;
    int resource;
    /* After AVR_SPAWN_STEP_WAIT: the killed child, still to be reaped by the caller (it may
       take a while to die); otherwise 0. */
    pid_t unreaped;
};

/* Starts the request's program in its own process group. The child gets SIGKILL when the host
   dies, default signal dispositions, an empty signal mask and the request's limits.
   Returns the pid, or -1 with `*failure` saying what failed (fork, chdir, setrlimit, exec...),
   which the child reports before it exits. */
pid_t avr_spawn(const struct avr_spawn_request *request, struct avr_spawn_failure *failure);

/* Points `fd` at /dev/null, closing what it was (a pipe's write end: the reader sees its end)
   while the number stays valid for threads that may still use it. 0, or -1 with errno. */
int avr_point_at_dev_null(int fd);

/* pipe2 with O_CLOEXEC (a GNU call Swift does not import): no other child inherits it. */
int avr_cloexec_pipe(int fds[2]);

#endif
