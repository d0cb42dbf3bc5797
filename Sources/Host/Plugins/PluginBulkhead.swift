import Synchronization

/// One entry's share of the worker pool: at most `limit` of its calls hold a slot at once,
/// from submission until the plugin code returns (not until the deadline), so a hung entry
/// can exhaust only its own share and never the threads the other entries need.
final class PluginBulkhead: Sendable {
    private struct Counts {
        var limit: Int
        /// Calls holding a slot: queued, running, or stuck past their deadline.
        var inFlight = 0
        /// Calls still running in the plugin after their deadline answered the caller.
        var stuck = 0
        /// Calls refused because every slot was taken.
        var refused = 0
    }

    private let counts: Mutex<Counts>

    init(limit: Int) {
        counts = Mutex(Counts(limit: limit))
    }

    /// A reload may change the limit; calls already holding slots keep them.
    func setLimit(_ limit: Int) {
        counts.withLock { $0.limit = limit }
    }

    /// Takes a slot, or counts a refusal and returns false when all are taken.
    func enter() -> Bool {
        counts.withLock { counts in
            guard counts.inFlight < counts.limit else {
                counts.refused += 1
                return false
            }
            counts.inFlight += 1
            return true
        }
    }

    /// The deadline passed while the call still runs in the plugin.
    func markStuck() {
        counts.withLock { $0.stuck += 1 }
    }

    /// Gives the slot back; `wasStuck` when the deadline had already answered the caller.
    func leave(wasStuck: Bool = false) {
        counts.withLock { counts in
            counts.inFlight -= 1
            if wasStuck { counts.stuck -= 1 }
        }
    }

    /// What the admin listing shows about this entry's share.
    var load: PluginBulkheadLoad {
        counts.withLock {
            PluginBulkheadLoad(limit: $0.limit, inFlight: $0.inFlight, stuck: $0.stuck, refused: $0.refused)
        }
    }
}

/// A snapshot of one entry's share of the worker pool.
struct PluginBulkheadLoad: Sendable, Equatable {
    var limit: Int
    var inFlight: Int
    var stuck: Int
    var refused: Int
}
