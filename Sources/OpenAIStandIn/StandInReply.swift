/// What the stand-in answers to one `POST /v1/responses`; chosen by a rule, a directive or the default.
public enum StandInReply: Sendable {
    /// Streamed as word-sized deltas; `tokenDelay` overrides the configured pause between them.
    case text(String, tokenDelay: Duration? = nil)
    /// Nothing after `response.in_progress` until `firstDelay` has passed, then the text.
    case delayedText(firstDelay: Duration, String)
    /// Optional text, then one `function_call` item per entry, arguments split over several deltas.
    case functionCalls([(name: String, arguments: String)], textBefore: String? = nil)
    /// An HTTP error before any stream; the `retry-after` / `retry-after-ms` headers when given.
    case httpError(status: Int, message: String, retryAfter: String? = nil, retryAfterMs: Int? = nil)
    /// Text deltas, then an `error` event ends the stream.
    case errorEvent(
        afterText: String, code: String = "server_error", message: String = "The server had an error.")
    /// Text deltas, then `response.failed` with `response.error`.
    case failed(
        afterText: String, code: String = "server_error", message: String = "The model failed.")
    /// Text, then `response.incomplete` with `incomplete_details.reason`.
    case incomplete(afterText: String, reason: String = "max_output_tokens")
    /// Text deltas, then the TCP connection is cut without a terminal event.
    case dropConnection(afterText: String)
    /// Text deltas, then silence for `duration`, then the normal end.
    case stall(afterText: String, for: Duration)

    /// A single function call, for rules that need only one.
    public static func functionCall(name: String, arguments: String) -> StandInReply {
        .functionCalls([(name: name, arguments: arguments)])
    }
}
