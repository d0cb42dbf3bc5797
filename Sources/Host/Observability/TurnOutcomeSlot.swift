import Synchronization

/// Where a turn's task leaves how it ended, for the caller of `TurnLoop.answer` to count.
/// Nothing recorded means the turn was cancelled before it could say how it ended.
final class TurnOutcomeSlot: Sendable {
    private let outcome = Mutex<TurnOutcome?>(nil)

    var value: TurnOutcome? { outcome.withLock { $0 } }

    func record(_ value: TurnOutcome) { outcome.withLock { $0 = value } }
}
