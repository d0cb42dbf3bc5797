import Dispatch
import Synchronization

/// Runs a job on the pool and answers the async caller with whichever comes first: the
/// job's result or the deadline. A job still stuck in a plugin keeps only its thread, and its
/// slot in its entry's bulkhead until it returns.
enum PluginDeadline {
    /// Deadlines fire on a queue of their own: the global queue shares its few threads with
    /// Swift's cooperative pool, and a busy pool must not make a deadline late.
    static let timers = DispatchQueue(label: "avr-host.plugin-deadlines")

    /// `bulkhead`: the slot the caller already took with `enter(waitingAtMost:)`; it is given back here.
    static func run<T: Sendable>(
        on pool: PluginWorkerPool, bulkhead: PluginBulkhead? = nil, timeoutMs: Int, onTimeout: T,
        _ job: @escaping @Sendable () -> T
    ) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let once = ResumeOnce(continuation)
            let phase = PluginCallPhase(bulkhead: bulkhead)
            // A call within its entry's share may always get a thread (see PluginWorkerPool).
            let ticket = pool.submit(withinShare: bulkhead != nil) {
                // A job that waited in the queue past its deadline is not started at all.
                guard phase.begin() else { return }
                let value = job()
                phase.finish()
                once.resume(value)
            }
            timers.asyncAfter(deadline: .now() + .milliseconds(timeoutMs)) {
                // Still queued (no thread free): drop it now, so the queue and what the job
                // holds (its function) do not grow per call. Both before resuming, so the
                // caller sees the counts and the queue as the deadline left them.
                if phase.expire() { pool.withdraw(ticket) }
                once.resume(onTimeout)
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

    func resume(_ value: T) {
        let pending = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        pending?.resume(returning: value)
    }
}
