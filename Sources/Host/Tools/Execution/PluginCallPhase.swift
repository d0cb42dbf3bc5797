import Synchronization

/// Where one call is, decided in one step each by the worker and by the deadline timer, so
/// exactly one of them gives the call's bulkhead slot back and a stuck call is counted once.
/// The bulkhead is updated under the same lock, so its counts never go below zero.
final class PluginCallPhase: Sendable {
    private enum Phase {
        case waiting, running, stuck, done
    }

    private let phase = Mutex(Phase.waiting)
    /// The slot the caller took with `enter(waitingAtMost:)`; nil for calls outside any bulkhead.
    private let bulkhead: PluginBulkhead?

    init(bulkhead: PluginBulkhead?) {
        self.bulkhead = bulkhead
    }

    /// Worker, before running the job: false when the deadline already took the call back.
    func begin() -> Bool {
        phase.withLock { phase in
            guard phase == .waiting else { return false }
            phase = .running
            return true
        }
    }

    /// Worker, after the job returned: the slot goes back (and the stuck count, if it was).
    func finish() {
        phase.withLock { phase in
            bulkhead?.leave(wasStuck: phase == .stuck)
            phase = .done
        }
    }

    /// Deadline timer: true when the job never started and never will (withdraw it); a
    /// running job counts as stuck until it returns.
    func expire() -> Bool {
        phase.withLock { phase in
            switch phase {
            case .waiting:
                phase = .done
                bulkhead?.leave()
                return true
            case .running:
                phase = .stuck
                bulkhead?.markStuck()
                return false
            case .stuck, .done:
                return false
            }
        }
    }
}
