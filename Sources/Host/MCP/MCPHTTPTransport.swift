import FunctionABI
import Synchronization

/// Streamable HTTP: each message is a POST on the libcurl client; the answer comes back as
/// JSON or as an SSE stream (parsed by the host's SSE parser). The session id and protocol
/// version the server gave are sent with every later message. A lost session (404) or a
/// failed connection closes the transport: the server's supervisor initialises a new one.
/// The optional GET stream for unprompted server messages is not opened (see docs/mcp.md).
final class MCPHTTPTransport: MCPTransport {
    private struct Session {
        var id: String?
        var protocolVersion: String?
        var receive: (@Sendable (JSONValue) -> Void)?
        var closed: (@Sendable (String) -> Void)?
    }

    private let client: HTTPClient
    private let url: String
    private let headers: [String: String]
    private let session = Mutex(Session())

    init(client: HTTPClient, url: String, headers: [String: String]) {
        self.client = client
        self.url = url
        self.headers = headers
    }

    func start(receive: @escaping @Sendable (JSONValue) -> Void, closed: @escaping @Sendable (String) -> Void) {
        session.withLock {
            $0.receive = receive
            $0.closed = closed
        }
    }

    func negotiated(protocolVersion: String) {
        session.withLock { $0.protocolVersion = protocolVersion }
    }

    func send(_ message: JSONValue, deadline: ContinuousClock.Instant) throws(MCPError) {
        let remaining = deadline - .now
        guard remaining > .zero else { throw .timedOut(milliseconds: 0) }
        let current = session.withLock { $0 }
        var requestHeaders = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        requestHeaders += [
            ("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream"),
        ]
        if let id = current.id { requestHeaders.append(("Mcp-Session-Id", id)) }
        if let version = current.protocolVersion { requestHeaders.append(("MCP-Protocol-Version", version)) }
        let request = HTTPRequest(
            method: "POST", url: url, headers: requestHeaders, body: Array(message.jsonText.utf8),
            timeouts: HTTPTimeouts(connect: min(remaining, .seconds(10)), total: remaining))
        let answer: (head: HTTPResponseHead, body: [UInt8])
        switch client.sendBlocking(request) {
        case .success(let received): answer = received
        case .failure(.timedOut): throw .timedOut(milliseconds: remaining.milliseconds)
        case .failure(let error):
            let reason = "cannot reach \(url): \(error)"
            current.closed?(reason)
            throw .closed(reason)
        }
        let status = answer.head.status
        if status == 404, current.id != nil {
            let reason = "the server no longer knows this session (HTTP 404)"
            current.closed?(reason)
            throw .closed(reason)
        }
        guard (200..<300).contains(status) else {
            let body = String(decoding: answer.body.prefix(300), as: UTF8.self)
            throw .transport("HTTP \(status) from \(url): \(body)")
        }
        if let id = answer.head.headers["mcp-session-id"] { session.withLock { $0.id = id } }
        for incoming in try Self.messages(in: answer) { current.receive?(incoming) }
    }

    /// Ends the session at the server, best effort.
    func close() {
        let current = session.withLock { $0 }
        guard let id = current.id else { return }
        var requestHeaders = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        requestHeaders.append(("Mcp-Session-Id", id))
        _ = client.sendBlocking(
            HTTPRequest(
                method: "DELETE", url: url, headers: requestHeaders,
                timeouts: HTTPTimeouts(connect: .seconds(2), total: .seconds(2))))
    }

    /// The JSON-RPC messages of an answer: a JSON body, or the `data` of each SSE event.
    private static func messages(in answer: (head: HTTPResponseHead, body: [UInt8])) throws(MCPError) -> [JSONValue] {
        guard !answer.body.isEmpty else { return [] }
        if answer.head.headers["content-type"]?.hasPrefix("text/event-stream") == true {
            var parser = SSEParser()
            // A final event without its blank line still counts: the stream has ended.
            return (parser.feed(answer.body) + parser.feed([0x0A, 0x0A])).compactMap { event in
                event.data.isEmpty ? nil : try? JSONValue.parse(event.data)
            }
        }
        guard let message = try? JSONValue.parse(answer.body) else {
            throw .protocolViolation("the answer is neither JSON nor an event stream")
        }
        return [message]
    }
}
