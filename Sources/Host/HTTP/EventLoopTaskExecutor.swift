import NIOCore

/// Runs a task's jobs on a connection's event loop. The response writer of `/prompt-stream`
/// prefers it: a word from the curl thread then wakes only the event loop, which frames and
/// writes the chunk itself, instead of waking a pool thread that hands the chunk to the event
/// loop (one thread wake-up and sleep fewer per word, the biggest cost at low load).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }
}
