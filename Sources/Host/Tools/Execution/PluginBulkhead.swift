import Dispatch
import Synchronization

/// One entry's share of the worker pool: at most `limit` of its calls hold a slot at once,
/// from the start of their run until the plugin code returns (not until the deadline), so a
/// hung entry can exhaust only its own share and never the threads the other entries need.
/// Calls beyond the share wait for a slot, in arrival order, until their own deadline: a burst
/// of a healthy tool is served, a hung tool's extra calls time out without holding a thread.
final class PluginBulkhead: Sendable {
    private struct Counts {
        var limit: Int
        /// Calls holding a slot: running, or stuck past their deadline.
        var inFlight = 0
        /// Calls still running in the plugin after their deadline answered the caller.
        var stuck = 0
        /// Calls whose deadline passed while they waited for a slot.
        var slotTimeouts = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
        var nextWaiterID: UInt64 = 0

        /// Hands free slots to the longest waiting calls; returns them to resume outside the lock.
        mutating func admitWaiters() -> [CheckedContinuation<Bool, Never>] {
            var admitted: [CheckedContinuation<Bool, Never>] = []
            while inFlight < limit, !waiters.isEmpty {
                inFlight += 1
                admitted.append(waiters.removeFirst().continuation)
            }
            return admitted
        }
    }

    private let counts: Mutex<Counts>

    init(limit: Int) {
        counts = Mutex(Counts(limit: limit))
    }

    /// A reload may change the limit; calls already holding slots keep them.
    func setLimit(_ limit: Int) {
        let admitted = counts.withLock { counts in
            counts.limit = limit
            return counts.admitWaiters()
        }
        admitted.forEach { $0.resume(returning: true) }
    }

    /// Takes a slot, waiting up to `timeout` for one; false (counted) when none freed up in time.
    func enter(waitingAtMost timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let waiterID = counts.withLock { counts -> UInt64? in
                if counts.inFlight < counts.limit, counts.waiters.isEmpty {
                    counts.inFlight += 1
                    return nil
                }
                counts.nextWaiterID += 1
                counts.waiters.append((counts.nextWaiterID, continuation))
                return counts.nextWaiterID
            }
            guard let waiterID else { return continuation.resume(returning: true) }
            PluginDeadline.timers.asyncAfter(deadline: .now() + .nanoseconds(Int(timeout.nanoseconds))) {
                let expired = self.counts.withLock { counts -> CheckedContinuation<Bool, Never>? in
                    guard let index = counts.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                    counts.slotTimeouts += 1
                    return counts.waiters.remove(at: index).continuation
                }
                expired?.resume(returning: false)
            }
        }
    }

    /// The deadline passed while the call still runs in the plugin.
    func markStuck() {
        counts.withLock { $0.stuck += 1 }
    }

    /// Gives the slot back (to the longest waiting call, if any); `wasStuck` when the deadline
    /// had already answered the caller.
    func leave(wasStuck: Bool = false) {
        let admitted = counts.withLock { counts in
            counts.inFlight -= 1
            if wasStuck { counts.stuck -= 1 }
            return counts.admitWaiters()
        }
        admitted.forEach { $0.resume(returning: true) }
    }

    /// What the admin listing shows about this entry's share.
    var load: PluginBulkheadLoad {
        counts.withLock {
            PluginBulkheadLoad(
                limit: $0.limit, inFlight: $0.inFlight, stuck: $0.stuck, waiting: $0.waiters.count,
                slotTimeouts: $0.slotTimeouts)
        }
    }
}

/// A snapshot of one entry's share of the worker pool.
struct PluginBulkheadLoad: Sendable, Equatable {
    var limit: Int
    var inFlight: Int
    var stuck: Int
    /// Calls waiting for a slot now.
    var waiting: Int
    var slotTimeouts: Int
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
