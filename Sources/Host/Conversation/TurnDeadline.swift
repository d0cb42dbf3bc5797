import NIOCore
import Synchronization

/// Thrown when a turn outlives its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "no answer within \(limit)" }
}

/// A turn's overall time limit: a timer on the turn's event loop that cancels the turn's task
/// when it passes.
///
/// Racing the turn against a timer task costs two more tasks per turn (the timer and the
/// turn's body as a child), each with its own allocator slabs: 3 to 6 KB per concurrent
/// call in heaptrack at 1,000 and 2,000 calls. A Dispatch timer wakes Dispatch's manager
/// thread to arm and again to cancel; the turn runs on this event loop, so arming and
/// cancelling its timer there wakes no thread at all.
final class TurnDeadline: Sendable {
    let limit: Duration
    private let state = Mutex<(expired: Bool, turn: Task<Void, Never>?, timer: Scheduled<Void>?)>((false, nil, nil))

    /// Starts the clock now.
    init(_ limit: Duration, on eventLoop: any EventLoop) {
        self.limit = limit
        let timer = eventLoop.scheduleTask(in: TimeAmount(limit)) { [weak self] () -> Void in self?.expire() }
        state.withLock { $0.timer = timer }
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
        state.withLock { $0.timer }?.cancel()
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
}
