import AVRHost
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(100), maxDelay: .seconds(3))

    @Test("429 and 5xx are retryable; other statuses are not")
    func retryable() {
        #expect(RetryPolicy.isRetryable(status: 429))
        #expect(RetryPolicy.isRetryable(status: 500))
        #expect(RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 400))
        #expect(!RetryPolicy.isRetryable(status: 401))
        #expect(!RetryPolicy.isRetryable(status: 404))
    }

    @Test("exponential backoff within the retry budget")
    func backoff() {
        #expect(policy.delay(beforeRetry: 0, headers: [:]) == .milliseconds(100))
        #expect(policy.delay(beforeRetry: 1, headers: [:]) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 2, headers: [:]) == nil)
    }

    @Test("retry-after-ms wins over retry-after, which wins over the backoff; too long means give up")
    func serverHints() {
        #expect(
            policy.delay(beforeRetry: 0, headers: ["retry-after-ms": "250", "retry-after": "2"]) == .milliseconds(250))
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "2"]) == .seconds(2))
        #expect(policy.delay(beforeRetry: 0, headers: ["retry-after": "60"]) == nil)
    }
}
