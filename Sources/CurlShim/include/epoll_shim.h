#ifndef AVR_EPOLL_SHIM_H
#define AVR_EPOLL_SHIM_H
/* epoll and eventfd for the curl driver's event loop. `struct epoll_event` is packed on
   x86_64, so Swift never touches it: these wrappers hand over plain fds and masks. */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* One socket that epoll reported ready, and how (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP). */
typedef struct {
    int fd;
    uint32_t events;
} avr_ready_fd;

static inline int avr_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int avr_epoll_control(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event = {.events = events, .data = {.fd = fd}};
    return epoll_ctl(epfd, op, fd, &event);
}

/* Waits up to `timeout_ms` (-1: forever) for up to `capacity` (at most 256) ready fds. */
static inline int avr_epoll_wait(int epfd, avr_ready_fd *ready, int capacity, int timeout_ms) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epfd, events, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        ready[i].fd = events[i].data.fd;
        ready[i].events = events[i].events;
    }
    return count;
}

static inline int avr_eventfd_create(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

static inline void avr_eventfd_signal(int fd) {
    uint64_t one = 1;
    (void)!write(fd, &one, sizeof one);
}

static inline void avr_eventfd_drain(int fd) {
    uint64_t count;
    (void)!read(fd, &count, sizeof count);
}

#endif
