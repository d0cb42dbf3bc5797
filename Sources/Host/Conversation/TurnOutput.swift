import NIOCore
import Synchronization

/// What a turn says to the caller, in order, plus the waiting message that covers silence.
///
/// The turn and its waiting timer both speak through here; the HTTP handler reads `texts`
/// and writes each piece as its own chunk.
public final class TurnOutput: Sendable {
    private struct State {
        var spokeSinceArmed = false
        var waitingMessageSent = false
        var timer: Scheduled<Void>?
        var finished = false
    }

    public let texts: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let state = Mutex(State())
    private let waitingMessage: String?
    private let waitingTimeout: Duration
    /// Runs the waiting timer: the turn's event loop, so arming and cancelling it wakes no thread.
    private let timers: any EventLoop
    private let metrics: TurnOutputMetrics?

    init(waitingMessage: String?, waitingTimeout: Duration, timers: any EventLoop, metrics: HostMetrics? = nil) {
        self.timers = timers
        self.metrics = metrics.map(TurnOutputMetrics.init)
        (texts, continuation) = AsyncStream<String>.makeStream()
        self.waitingMessage = waitingMessage?.isEmpty == true ? nil : waitingMessage
        self.waitingTimeout = waitingTimeout
    }

    /// Sends text to the caller now.
    public func say(_ text: String) {
        guard !text.isEmpty else { return }
        // Yield under the lock, so the waiting message can never overtake words already said.
        state.withLock { state in
            state.spokeSinceArmed = true
            if !state.finished { continuation.yield(text) }
        }
        metrics?.textSent()
    }

    /// Starts the silence clock (at the start of a turn, and when a tool call starts): if
    /// nothing is said before the waiting timeout, the waiting message is sent, once a turn.
    public func startSilenceClock() {
        guard let waitingMessage else { return }
        let timeout = waitingTimeout
        let timer = timers.scheduleTask(in: TimeAmount(timeout)) { [weak self] in
            guard let self else { return }
            self.state.withLock { state in
                guard !state.spokeSinceArmed, !state.waitingMessageSent, !state.finished else { return }
                state.waitingMessageSent = true
                self.continuation.yield(waitingMessage)
                self.metrics?.waitingMessageSent()
            }
        }
        let previous = state.withLock { state in
            state.spokeSinceArmed = false
            defer { state.timer = timer }
            return state.timer
        }
        previous?.cancel()
    }

    /// Ends the answer; later text is dropped.
    public func finish() {
        let timer = state.withLock { state in
            state.finished = true
            return state.timer
        }
        timer?.cancel()
        continuation.finish()
    }
}
