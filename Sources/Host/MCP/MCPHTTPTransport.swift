import FunctionABI
import Logging
import Synchronization

/// Streamable HTTP: each message is a POST on the libcurl client; the answer comes back as JSON
/// or as an SSE stream, read as it arrives, and a request is answered as soon as its response
/// is in (a server may keep the stream open after it). Once initialised, a GET stream carries
/// what the server sends unprompted (MCPHTTPListener). The session id and protocol version the
/// server gave are sent with every later message. A lost session (404) or a failed connection
/// closes the transport: the server's supervisor initialises a new one.
final class MCPHTTPTransport: MCPTransport {
    private struct Session {
        var id: String?
        var protocolVersion: String?
        var receive: (@Sendable (JSONValue) -> Void)?
        var closed: (@Sendable (String) -> Void)?
        /// Requests whose answers are being read, and the GET stream: `abandon` ends them.
        var exchanges: [ObjectIdentifier: MCPHTTPExchange] = [:]
        var listener: MCPHTTPListener?
        var abandoned = false
    }

    private let client: HTTPClient
    private let url: String
    private let headers: [String: String]
    private let serverName: String
    private let logger: Logger
    private let session = Mutex(Session())

    init(client: HTTPClient, url: String, headers: [String: String], serverName: String, logger: Logger) {
        self.client = client
        self.url = url
        self.headers = headers
        self.serverName = serverName
        self.logger = logger
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
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: requestHeaders(current, accept: "application/json, text/event-stream") + [
                ("Content-Type", "application/json")
            ],
            body: Array(message.jsonText.utf8),
            timeouts: HTTPTimeouts(connect: min(remaining, .seconds(10)), total: remaining))
        let exchange = try begin(request)
        defer { end(exchange) }
        // Only a request is answered; a notification or a response gets 202 and no body.
        let awaited = message["method"] == nil ? nil : message["id"]
        while let part = exchange.next(until: deadline) {
            switch part {
            case .accepted(let head):
                if let id = head.headers["mcp-session-id"] { session.withLock { $0.id = id } }
            case .refused(let head, let excerpt):
                if head.status == 404, current.id != nil {
                    throw lost("the server no longer knows this session (HTTP 404)", current)
                }
                throw .transport("HTTP \(head.status) from \(url): \(excerpt)")
            case .message(let incoming):
                current.receive?(incoming)
                if let awaited, Self.isResponse(incoming, to: awaited) { return }
            case .unreadable:
                throw .protocolViolation("the answer is neither JSON nor an event stream")
            case .end(nil):
                return
            case .end(.timedOut?):
                throw .timedOut(milliseconds: remaining.milliseconds)
            case .end(.cancelled?):
                throw .closed("the exchange with \(url) was abandoned")
            case .end(let error?):
                throw lost("cannot reach \(url): \(error)", current)
            }
        }
        throw .timedOut(milliseconds: remaining.milliseconds)
    }

    /// Opens the GET stream and waits up to `limit` for the server's answer to it, so that
    /// what the server sends after this (a tool-list change) is not missed.
    func listenForServerMessages(within limit: Duration) {
        let listener = MCPHTTPListener(
            client: client,
            request: { [weak self] in
                guard let self else { return nil }
                return HTTPRequest(
                    url: url, headers: requestHeaders(session.withLock { $0 }, accept: "text/event-stream"),
                    timeouts: HTTPTimeouts(connect: .seconds(10)))
            },
            deliver: { [weak self] message in self?.session.withLock { $0.receive }?(message) },
            sessionLost: { [weak self] reason in
                guard let self else { return }
                _ = lost(reason, session.withLock { $0 })
            },
            serverName: serverName, logger: logger)
        let adopted = session.withLock { session in
            guard !session.abandoned else { return false }
            session.listener = listener
            return true
        }
        guard adopted else { return }
        listener.start()
        if !listener.waitUntilAnswered(within: limit) {
            logger.debug(
                "MCP server \(serverName) has not answered the GET for its unprompted messages within \(limit)",
                metadata: ["mcp_server": "\(serverName)"])
        }
    }

    /// Ends every exchange in flight and the GET stream, without waiting.
    func abandon() {
        let (exchanges, listener) = session.withLock { session in
            session.abandoned = true
            defer {
                session.exchanges = [:]
                session.listener = nil
            }
            return (Array(session.exchanges.values), session.listener)
        }
        for exchange in exchanges { exchange.cancel() }
        listener?.stop()
    }

    /// Ends what is in flight, then the session at the server, best effort.
    func close() {
        abandon()
        let current = session.withLock { $0 }
        guard current.id != nil else { return }
        _ = client.sendBlocking(
            HTTPRequest(
                method: "DELETE", url: url, headers: requestHeaders(current, accept: nil),
                timeouts: HTTPTimeouts(connect: .seconds(2), total: .seconds(2))))
    }

    /// Starts a request, unless the transport was abandoned (checked under the lock `abandon`
    /// takes, so no exchange outlives it).
    private func begin(_ request: HTTPRequest) throws(MCPError) -> MCPHTTPExchange {
        let started = session.withLock { session -> Result<MCPHTTPExchange, MCPError> in
            guard !session.abandoned else { return .failure(.closed("the exchange with \(url) was abandoned")) }
            do {
                let exchange = try MCPHTTPExchange(client: client, request: request)
                session.exchanges[ObjectIdentifier(exchange)] = exchange
                return .success(exchange)
            } catch {
                return .failure(.transport("cannot send to \(url): \(error)"))
            }
        }
        return try started.get()
    }

    /// The answer is in or given up on: its transfer ends here, even if the server keeps it open.
    private func end(_ exchange: MCPHTTPExchange) {
        exchange.cancel()
        _ = session.withLock { $0.exchanges.removeValue(forKey: ObjectIdentifier(exchange)) }
    }

    /// Reports the session gone (its supervisor connects again); the error to throw.
    private func lost(_ reason: String, _ current: Session) -> MCPError {
        current.closed?(reason)
        return .closed(reason)
    }

    private func requestHeaders(_ current: Session, accept: String?) -> [(name: String, value: String)] {
        var requestHeaders = headers.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        if let accept { requestHeaders.append(("Accept", accept)) }
        if let id = current.id { requestHeaders.append(("Mcp-Session-Id", id)) }
        if let version = current.protocolVersion { requestHeaders.append(("MCP-Protocol-Version", version)) }
        return requestHeaders
    }

    /// Whether `message` is the response (result or error) to the request numbered `id`.
    private static func isResponse(_ message: JSONValue, to id: JSONValue) -> Bool {
        if case .array(let batch) = message { return batch.contains { isResponse($0, to: id) } }
        return message["method"] == nil && message["id"] == id
    }
}
