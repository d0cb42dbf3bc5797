import Dispatch
import Foundation
import Synchronization

/// Threads that run plugin code, away from the event loops and Swift's cooperative pool.
/// It grows when every worker is busy (a plugin may hang past its deadline and keep its
/// thread), up to `maximumThreads`; beyond that jobs queue. A job within its entry's share
/// (`PluginBulkhead`) always gets a thread, cap or not: the bulkheads bound those threads to
/// the sum of the entries' limits, and a hung entry must not take the thread another needs.
public final class PluginWorkerPool: Sendable {
    private struct State {
        var jobs: [(id: UInt64, run: @Sendable () -> Void)] = []
        var nextID: UInt64 = 0
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

    /// Jobs waiting for a thread.
    public var queuedJobCount: Int { state.withLock { $0.jobs.count } }

    /// Queues `job`; starts a thread when none is idle and the bound allows (or the job is
    /// `withinShare` of a bulkhead). The ticket lets `withdraw` take the job back while it
    /// still waits.
    @discardableResult
    public func submit(withinShare: Bool = false, _ job: @escaping @Sendable () -> Void) -> PluginJobTicket {
        let (spawn, id) = state.withLock { state -> (Bool, UInt64) in
            state.nextID += 1
            state.jobs.append((state.nextID, job))
            if state.idle >= state.jobs.count || (state.threads >= maximumThreads && !withinShare) {
                return (false, state.nextID)
            }
            state.threads += 1
            state.idle += 1
            return (true, state.nextID)
        }
        if spawn {
            let thread = Thread { [self] in workerLoop() }
            thread.name = "avr-plugin-worker"
            thread.stackSize = 1 << 20
            thread.start()
        }
        wakeups.signal()
        return PluginJobTicket(id: id)
    }

    /// Removes a job that has not started (its deadline passed while every thread was stuck),
    /// releasing what it holds now instead of when a thread frees up. False if it started.
    @discardableResult
    public func withdraw(_ ticket: PluginJobTicket) -> Bool {
        let removed = state.withLock { state -> (@Sendable () -> Void)? in
            guard let index = state.jobs.firstIndex(where: { $0.id == ticket.id }) else { return nil }
            return state.jobs.remove(at: index).run
        }
        // The closure is released here, outside the lock (its captures may run deinit code).
        return removed != nil
    }

    private func workerLoop() {
        while true {
            wakeups.wait()
            let job = state.withLock { state -> (@Sendable () -> Void)? in
                guard !state.jobs.isEmpty else { return nil }
                state.idle -= 1
                return state.jobs.removeFirst().run
            }
            guard let job else { continue }
            job()
            state.withLock { $0.idle += 1 }
        }
    }
}

/// Names one job submitted to a `PluginWorkerPool`, to withdraw it while it waits.
public struct PluginJobTicket: Sendable, Hashable {
    let id: UInt64
}
