import Synchronization

/// Where a streamed response's words go the moment they are decoded, on the HTTP client's
/// thread: a word reaches the caller's writer without waking the turn's task first (one
/// thread hop per word fewer). It remembers what was said, for the conversation's history,
/// and once stopped (the turn was cancelled or is done) it says nothing more.
public final class ResponseTextSink: Sendable {
    private struct State {
        var said = ""
        var stopped = false
    }

    private let speak: @Sendable (String) -> Void
    private let state = Mutex(State())

    public init(speak: @escaping @Sendable (String) -> Void) {
        self.speak = speak
    }

    /// Everything said through this sink so far.
    public var said: String { state.withLock { $0.said } }

    public func stop() {
        state.withLock { $0.stopped = true }
    }

    func deliver(_ text: String) {
        // Under the lock, so nothing is said after `stop` returns.
        state.withLock { state in
            guard !state.stopped else { return }
            state.said += text
            speak(text)
        }
    }
}
