import FunctionABI

/// Where a running response sends its events: the SSE socket, or nowhere for a non-stream answer.
protocol EventSink {
    mutating func send(_ event: JSONValue, type: String) async throws
}

/// Discards events; a non-stream answer only needs the final response object.
struct DiscardingSink: EventSink {
    mutating func send(_ event: JSONValue, type: String) async throws {}
}

/// Thrown to cut the connection on purpose (`.dropConnection`).
struct DeliberateDrop: Error {}
