import Logging

/// Bounds how many lines one source (a child's output, a runner's log frames) puts in the host
/// log: at most `lines` a `window`. The lines past that are counted, and the count is logged as
/// one warning with the first line offered after the window (before that line), or at
/// `finish()` (the source's end). There is no timer: a source that goes quiet right after a
/// burst reports its count when it next writes or ends, never on its own. Used by one thread
/// at a time.
final class LogRateLimit {
    let lines: Int
    let window: Duration
    private let source: String
    private let metadata: Logger.Metadata
    private let logger: Logger
    private var windowStart: ContinuousClock.Instant
    private var admitted = 0
    private var dropped = 0

    /// `source` begins the warning ("runner output: 12 line(s) dropped ...").
    init(
        lines: Int, window: Duration, source: String, metadata: Logger.Metadata, logger: Logger,
        start: ContinuousClock.Instant = .now
    ) {
        self.lines = lines
        self.window = window
        self.source = source
        self.metadata = metadata
        self.logger = logger
        windowStart = start
    }

    /// Whether one more line may be logged at `now`; if not, it is counted.
    func admit(at now: ContinuousClock.Instant = .now) -> Bool {
        if now - windowStart >= window {
            finish()
            windowStart = now
            admitted = 0
        }
        guard admitted < lines else {
            dropped += 1
            return false
        }
        admitted += 1
        return true
    }

    /// Logs how many lines were dropped and not yet reported, if any.
    func finish() {
        guard dropped > 0 else { return }
        logger.warning(
            "\(source): \(dropped) line(s) dropped (more than \(lines) in \(window))", metadata: metadata)
        dropped = 0
    }
}
