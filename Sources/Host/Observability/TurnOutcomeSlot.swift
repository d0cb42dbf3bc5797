import Synchronization

/// Where a turn leaves how it ended, to be counted when it has.
final class TurnOutcomeSlot: Sendable {
    private let state = Mutex<(outcome: TurnOutcome?, hungUp: Bool)>((nil, false))

    func record(_ value: TurnOutcome) { state.withLock { $0.outcome = value } }

    /// The caller hung up, or the call was ended; that is how the turn ended, whatever it recorded.
    func recordHangUp() { state.withLock { $0.hungUp = true } }

    /// How the turn ended: a turn cancelled before it recorded anything, and not by its caller
    /// hanging up, was superseded by a newer turn of its call.
    var ending: TurnOutcome {
        state.withLock { $0.hungUp ? .hungUp : $0.outcome ?? .superseded }
    }
}
