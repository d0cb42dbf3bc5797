import FunctionABI

/// Turns the body of a remote MCP server's answer into JSON-RPC messages as its bytes arrive:
/// the `data` of each SSE event (the host's SSE parser) as soon as the event is complete, or one
/// JSON document, read whole. One message may be at most `limit` bytes, so a server that never
/// ends an event cannot grow the host's memory.
struct MCPMessageDecoder {
    private let isEventStream: Bool
    private let limit: Int
    private var parser = SSEParser()
    private var document: [UInt8] = []

    init(contentType: String?, limit: Int) {
        isEventStream = contentType?.hasPrefix("text/event-stream") == true
        self.limit = limit
    }

    /// The messages these bytes complete, each with its size in bytes.
    mutating func decode(_ bytes: [UInt8]) throws(HTTPClientError) -> [(message: JSONValue, bytes: Int)] {
        guard isEventStream else {
            document += bytes
            guard document.count <= limit else { throw .bodyTooLarge(limit: limit) }
            return []
        }
        let messages = Self.messages(in: parser.feed(bytes))
        guard parser.bufferedBytes <= limit else { throw .bodyTooLarge(limit: limit) }
        return messages
    }

    /// The messages the end of the body completes; nil when a JSON answer is not JSON.
    mutating func finish() -> [(message: JSONValue, bytes: Int)]? {
        guard isEventStream else {
            guard !document.isEmpty else { return [] }
            return (try? JSONValue.parse(document)).map { [($0, document.count)] }
        }
        // A final event without its blank line still counts: the stream has ended.
        return Self.messages(in: parser.feed([0x0A, 0x0A]))
    }

    /// Events whose data is not JSON (a priming event has none) carry no message.
    private static func messages(in events: [SSEEvent]) -> [(message: JSONValue, bytes: Int)] {
        events.compactMap { event in
            guard !event.data.isEmpty, let message = try? JSONValue.parse(event.data) else { return nil }
            return (message, event.data.utf8.count)
        }
    }
}
