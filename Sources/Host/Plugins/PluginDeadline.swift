import Dispatch
import Synchronization

/// Runs a job on the pool and answers the async caller with whichever comes first: the
/// job's result or the deadline. A job still stuck in a plugin keeps only its thread.
enum PluginDeadline {
    /// Deadlines fire on a queue of their own: the global queue shares its few threads with
    /// Swift's cooperative pool, and a busy pool must not make a deadline late.
    private static let timers = DispatchQueue(label: "avr-host.plugin-deadlines")

    static func run<T: Sendable>(
        on pool: PluginWorkerPool, timeoutMs: Int, onTimeout: T,
        _ job: @escaping @Sendable () -> T
    ) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let once = ResumeOnce(continuation)
            let ticket = pool.submit {
                // A job that waited in the queue past its deadline is not started at all.
                guard !once.isDone else { return }
                once.resume(job())
            }
            timers.asyncAfter(deadline: .now() + .milliseconds(timeoutMs)) {
                once.resume(onTimeout)
                // Still queued (every thread stuck in a hung plugin): drop it now, so the
                // queue and what the job holds (its function) do not grow per call.
                pool.withdraw(ticket)
            }
        }
    }
}

/// Resumes a continuation exactly once, from whichever thread gets there first.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation = Mutex(continuation)
    }

    var isDone: Bool { continuation.withLock { $0 == nil } }

    func resume(_ value: T) {
        let pending = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        pending?.resume(returning: value)
    }
}
