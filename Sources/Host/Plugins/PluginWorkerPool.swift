import Dispatch
import Foundation
import Synchronization

/// Threads that run plugin code, away from the event loops and Swift's cooperative pool.
/// It grows when every worker is busy (a plugin may hang past its deadline and keep its
/// thread), up to `maximumThreads`; beyond that jobs queue.
public final class PluginWorkerPool: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var idle = 0
        var threads = 0
    }

    private let state = Mutex(State())
    private let wakeups = DispatchSemaphore(value: 0)
    public let maximumThreads: Int

    public init(maximumThreads: Int = 64) {
        self.maximumThreads = max(1, maximumThreads)
    }

    /// Number of worker threads started so far.
    public var threadCount: Int { state.withLock { $0.threads } }

    /// Queues `job`; starts a thread when none is idle and the bound allows.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        let spawn = state.withLock { state -> Bool in
            state.jobs.append(job)
            if state.idle >= state.jobs.count || state.threads >= maximumThreads { return false }
            state.threads += 1
            state.idle += 1
            return true
        }
        if spawn {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "avr-plugin-worker"
            thread.stackSize = 1 << 20
            thread.start()
        }
        wakeups.signal()
    }

    private func workerLoop() {
        while true {
            wakeups.wait()
            let job = state.withLock { state -> (@Sendable () -> Void)? in
                guard !state.jobs.isEmpty else { return nil }
                state.idle -= 1
                return state.jobs.removeFirst()
            }
            guard let job else { continue }
            job()
            state.withLock { $0.idle += 1 }
        }
    }
}
