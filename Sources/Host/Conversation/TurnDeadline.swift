import Dispatch
import Synchronization

/// Thrown when a turn outlives its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "no answer within \(limit)" }
}

/// A turn's overall time limit: a Dispatch timer that cancels the turn's task when it passes.
///
/// Racing the turn against a timer task costs two more tasks per turn (the timer and the
/// turn's body as a child), each with its own allocator slabs: 3 to 6 KB per concurrent
/// call in heaptrack at 1,000 and 2,000 calls. A timer source costs a few hundred bytes.
final class TurnDeadline: Sendable {
    let limit: Duration
    private let state = Mutex<(expired: Bool, turn: Task<Void, Never>?)>((false, nil))
    /// Dispatch sources are thread-safe; this one is only armed once and cancelled.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer

    /// Starts the clock now.
    init(_ limit: Duration) {
        self.limit = limit
        timer = DispatchSource.makeTimerSource(queue: Self.queue)
        timer.setEventHandler { [weak self] in self?.expire() }
        timer.schedule(deadline: .now() + .milliseconds(limit.milliseconds))
        timer.activate()
    }

    /// The task the deadline cuts off.
    func watch(_ turn: Task<Void, Never>) {
        let expired = state.withLock { state in
            state.turn = turn
            return state.expired
        }
        if expired { turn.cancel() }
    }

    /// The error of a turn cut off by the deadline; nil while it has not passed.
    var exceeded: DeadlineExceeded? {
        state.withLock { $0.expired } ? DeadlineExceeded(limit: limit) : nil
    }

    /// Stops the clock (the turn has ended).
    func cancel() {
        timer.cancel()
    }

    private func expire() {
        let turn = state.withLock { state -> Task<Void, Never>? in
            // Superseded or hung up first: that ending stands (quiet), not the deadline's apology.
            guard state.turn?.isCancelled != true else { return nil }
            state.expired = true
            return state.turn
        }
        turn?.cancel()
    }

    private static let queue = DispatchQueue(label: "avr-host.turn-deadlines")
}
