import NIOCore

/// Runs tasks' jobs on one NIO event loop.
///
/// `/prompt-stream` writes its answer from its connection's event loop: a word decoded on the
/// curl thread then wakes that loop only, which frames and writes the chunk itself, instead of
/// waking a pool thread that hands it on to the loop. Thread wake-ups, not instructions, are
/// most of a turn's CPU time at low load (docs/benchmarks.md). The turn itself stays on the
/// cooperative pool, so the loop's accepts and reads never wait behind turns' work.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
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
