import Foundation
import FunctionABI
import Logging
import Synchronization

/// The GET stream on a remote MCP server's endpoint, which carries what the server sends
/// unprompted (a tool-list change, a ping). Read on a thread of its own, opened again with
/// backoff when it ends or fails, and lived without for the session if the server answers 405
/// (it offers none).
final class MCPHTTPListener: Sendable {
    private struct State {
        var stopping = false
        var exchange: MCPHTTPExchange?
    }

    /// How one stream ended.
    private enum Ending {
        case unsupported
        case sessionLost(String)
        case ended(String)
    }

    private let client: HTTPClient
    private let request: @Sendable () -> HTTPRequest?
    private let deliver: @Sendable (JSONValue) -> Void
    private let sessionLost: @Sendable (String) -> Void
    private let serverName: String
    private let logger: Logger
    private let state = Mutex(State())
    /// Wakes a wait between two streams when asked to stop.
    private let wakeups = DispatchSemaphore(value: 0)
    /// Signalled once the first stream has an answer, or the listener stopped.
    private let answered = DispatchSemaphore(value: 0)

    /// `request` makes the GET with the session's current headers (nil: the session is gone);
    /// messages go to `deliver`, on the listener's thread; a 404 means the server no longer knows
    /// the session.
    init(
        client: HTTPClient, request: @escaping @Sendable () -> HTTPRequest?,
        deliver: @escaping @Sendable (JSONValue) -> Void, sessionLost: @escaping @Sendable (String) -> Void,
        serverName: String, logger: Logger
    ) {
        self.client = client
        self.request = request
        self.deliver = deliver
        self.sessionLost = sessionLost
        self.serverName = serverName
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in listen() }
        thread.name = "avr-mcp-listen"
        thread.start()
    }

    /// Waits until the server has answered the first GET (or the listener stopped); false if
    /// `limit` passed first. Messages sent before the stream was open are not seen.
    func waitUntilAnswered(within limit: Duration) -> Bool {
        guard answered.wait(timeout: .now() + .milliseconds(limit.milliseconds)) == .success else { return false }
        answered.signal()
        return true
    }

    /// Ends the stream and the listener's thread, without waiting.
    func stop() {
        let exchange = state.withLock { state in
            state.stopping = true
            return state.exchange
        }
        exchange?.cancel()
        wakeups.signal()
    }

    private func listen() {
        defer { answered.signal() }
        var failures = 0
        while let exchange = open() {
            let openedAt = ContinuousClock.now
            let ending = read(exchange)
            exchange.cancel()
            if state.withLock({ $0.stopping }) { return }
            switch ending {
            case .unsupported:
                logger.debug(
                    "MCP server \(serverName) offers no stream for messages it sends unprompted (HTTP 405)",
                    metadata: ["mcp_server": "\(serverName)"])
                return
            case .sessionLost(let reason):
                return sessionLost(reason)
            case .ended(let reason):
                failures = .now - openedAt >= MCPServer.healthyAfter ? 1 : failures + 1
                let delay = MCPServer.backoff(failures: failures)
                logger.debug(
                    "MCP server \(serverName): its stream of unprompted messages ended (\(reason)); opening it again in \(delay)",
                    metadata: ["mcp_server": "\(serverName)"])
                wakeups.wait(for: delay) { state.withLock { $0.stopping } }
            }
        }
    }

    /// A new GET, unless stopping (checked under the lock `stop` takes: none starts after it).
    private func open() -> MCPHTTPExchange? {
        guard let request = request() else { return nil }
        return state.withLock { state in
            guard !state.stopping else { return nil }
            state.exchange = try? MCPHTTPExchange(client: client, request: request)
            return state.exchange
        }
    }

    private func read(_ exchange: MCPHTTPExchange) -> Ending {
        while let part = exchange.next(until: nil) {
            switch part {
            case .accepted:
                answered.signal()
            case .refused(let head, let excerpt):
                answered.signal()
                switch head.status {
                case 405: return .unsupported
                case 404: return .sessionLost("the server no longer knows this session (HTTP 404)")
                default: return .ended("HTTP \(head.status): \(excerpt)")
                }
            case .message(let message):
                deliver(message)
            case .unreadable:
                return .ended("not an event stream")
            case .end(let error):
                answered.signal()
                return .ended(error.map { "\($0)" } ?? "the server ended it")
            }
        }
        return .ended("the server ended it")
    }
}
