import NIOCore
import Synchronization

/// What a turn says to the caller, in order, plus the waiting message that covers silence.
///
/// The turn and its waiting timer both speak through here; the HTTP handler takes each piece
/// with `nextText()` and writes it as its own chunk.
///
/// A lock, a buffer and at most one waiting reader, rather than an `AsyncStream`: its generic
/// storage looked up type metadata on every yield and every read, several thousand
/// instructions a word.
public final class TurnOutput: Sendable {
    private struct State {
        var spokeSinceArmed = false
        var waitingMessageSent = false
        var timer: Scheduled<Void>?
        var finished = false
        /// Said, not yet taken by the writer.
        var unread = CircularBuffer<String>()
        /// The writer, waiting for the next text.
        var reader: UnsafeContinuation<String?, Never>?

        /// Hands `text` to a waiting writer (returned, to resume outside the lock) or buffers it.
        mutating func deliver(_ text: String) -> UnsafeContinuation<String?, Never>? {
            guard let reader else {
                unread.append(text)
                return nil
            }
            self.reader = nil
            return reader
        }

        /// The next text, nil at the end, or no answer yet (`.none`).
        mutating func take() -> String?? {
            if !unread.isEmpty { return .some(unread.removeFirst()) }
            return finished ? .some(nil) : .none
        }
    }

    private let state = Mutex(State())
    private let waitingMessage: String?
    private let waitingTimeout: Duration
    /// Runs the waiting timer: the turn's event loop, so arming and cancelling it wakes no thread.
    private let timers: any EventLoop
    private let metrics: TurnOutputMetrics?

    init(waitingMessage: String?, waitingTimeout: Duration, timers: any EventLoop, metrics: HostMetrics? = nil) {
        self.timers = timers
        self.metrics = metrics.map(TurnOutputMetrics.init)
        self.waitingMessage = waitingMessage?.isEmpty == true ? nil : waitingMessage
        self.waitingTimeout = waitingTimeout
    }

    /// Sends text to the caller now.
    public func say(_ text: String) {
        guard !text.isEmpty else { return }
        // Queued under the lock, so the waiting message can never overtake words already said.
        let reader = state.withLock { state in
            state.spokeSinceArmed = true
            return state.finished ? nil : state.deliver(text)
        }
        reader?.resume(returning: text)
        metrics?.textSent()
    }

    /// Starts the silence clock (at the start of a turn, and when a tool call starts): if
    /// nothing is said before the waiting timeout, the waiting message is sent, once a turn.
    public func startSilenceClock() {
        guard let waitingMessage else { return }
        let timeout = waitingTimeout
        let timer = timers.scheduleTask(in: TimeAmount(timeout)) { [weak self] in
            guard let self else { return }
            let (sent, reader) = self.state.withLock { state -> (Bool, UnsafeContinuation<String?, Never>?) in
                guard !state.spokeSinceArmed, !state.waitingMessageSent, !state.finished else { return (false, nil) }
                state.waitingMessageSent = true
                return (true, state.deliver(waitingMessage))
            }
            guard sent else { return }
            reader?.resume(returning: waitingMessage)
            self.metrics?.waitingMessageSent()
        }
        let previous = state.withLock { state in
            state.spokeSinceArmed = false
            defer { state.timer = timer }
            return state.timer
        }
        previous?.cancel()
    }

    /// Ends the answer; later text is dropped. What was said before is still read.
    public func finish() {
        let (timer, reader) = state.withLock { state in
            state.finished = true
            defer { state.reader = nil }
            return (state.timer, state.reader)
        }
        timer?.cancel()
        reader?.resume(returning: nil)
    }

    /// The next text to send, in order; nil once the answer is finished and all of it was read.
    /// One reader at a time.
    public func nextText() async -> String? {
        if let ready = state.withLock({ $0.take() }) { return ready }
        return await withUnsafeContinuation { continuation in
            let ready = state.withLock { state -> String?? in
                let ready = state.take()
                if ready == nil {
                    precondition(state.reader == nil, "TurnOutput has one reader")
                    state.reader = continuation
                }
                return ready
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
