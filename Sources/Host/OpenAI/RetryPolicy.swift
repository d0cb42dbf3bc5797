/// When and how long to wait before retrying a request that OpenAI refused with 429 or 5xx.
public struct RetryPolicy: Sendable, Equatable {
    public var maxRetries: Int
    public var baseDelay: Duration
    /// No single wait is longer; a `retry-after` beyond it is not worth holding a caller for.
    public var maxDelay: Duration

    public init(maxRetries: Int = 2, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(3)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// The wait before retry number `attempt` (0-based), or nil when the budget is spent.
    /// OpenAI's `retry-after-ms` and `retry-after` (seconds) headers win over the backoff.
    public func delay(beforeRetry attempt: Int, headers: [String: String]) -> Duration? {
        guard attempt < maxRetries else { return nil }
        let requested: Duration? =
            if let milliseconds = headers["retry-after-ms"].flatMap(Double.init) {
                .milliseconds(milliseconds)
            } else if let seconds = headers["retry-after"].flatMap(Double.init) {
                .milliseconds(seconds * 1000)
            } else {
                nil
            }
        let backoff = baseDelay * (1 << attempt)
        let delay = requested ?? backoff
        return delay <= maxDelay ? max(delay, .zero) : nil
    }
}
