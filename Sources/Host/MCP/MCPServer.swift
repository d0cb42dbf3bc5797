import Foundation
import FunctionABI
import Logging
import Synchronization

/// One configured MCP server: its supervisor thread (see MCPServer+Supervision.swift) keeps it
/// connected; calls borrow the current connection. A server that is not ready answers its
/// calls with an error at once, so it never holds up a turn.
final class MCPServer: Sendable {
    struct State {
        var status = MCPServerStatus.starting
        /// The connection being set up or in use; calls borrow it only while `ready`.
        var connection: MCPConnection?
        /// The tools of the last listing, after the allow-list (names as the server gives them).
        var tools: [MCPTool] = []
        var lastError: String?
        var pid: Int32?
        var restarts = 0
        var serverName: String?
        var serverVersion: String?
        var protocolVersion: String?
        var inFlight = 0
        /// Events for the supervisor, set by callbacks and by `stop`.
        var stopRequested = false
        var retiring = false
        var lost: String?
        var listChanged = false
        /// Numbers each connection, so a late event of an old one is ignored.
        var attempt = 0
    }

    let config: MCPServerConfig
    /// Calls, failures and latency of all the server's tools together.
    let stats = FunctionStats()
    let state = Mutex(State())
    let logger: Logger
    let httpClient: @Sendable () -> HTTPClient
    let toolsChanged: @Sendable () -> Void
    /// Wakes the supervisor: an event is waiting in `state`.
    let wakeups = DispatchSemaphore(value: 0)
    /// Signalled once the supervisor has stopped the server.
    let finished = DispatchSemaphore(value: 0)

    init(
        config: MCPServerConfig, logger: Logger, httpClient: @escaping @Sendable () -> HTTPClient,
        toolsChanged: @escaping @Sendable () -> Void
    ) {
        self.config = config
        self.logger = logger
        self.httpClient = httpClient
        self.toolsChanged = toolsChanged
    }

    var name: String { config.name }

    /// Starts the supervisor thread; the server's tools are offered once it is ready.
    func start() {
        let thread = Thread { [self] in supervise() }
        thread.name = "avr-mcp-\(config.name)"
        thread.start()
    }

    /// The tools to offer now: the last listing while the server is ready or restarting.
    var offeredTools: [MCPTool] {
        state.withLock { $0.status == .ready || $0.status == .restarting ? $0.tools : [] }
    }

    /// Sends `tools/call` and waits on this thread (a worker) for the answer until `timeout`.
    func call(tool: String, arguments: JSONValue, meta: JSONValue, timeout: Duration) -> Result<JSONValue, MCPError> {
        let (connection, status) = state.withLock { state -> (MCPConnection?, MCPServerStatus) in
            guard state.status == .ready, let connection = state.connection else { return (nil, state.status) }
            state.inFlight += 1
            return (connection, state.status)
        }
        guard let connection else { return .failure(.closed("the MCP server \(name) is \(status.rawValue)")) }
        defer { callEnded() }
        return connection.request(
            "tools/call", params: ["name": .string(tool), "arguments": arguments, "_meta": meta], timeout: timeout)
    }

    private func callEnded() {
        let drained = state.withLock { state in
            state.inFlight -= 1
            return state.retiring && state.inFlight == 0
        }
        if drained { stop() }
    }

    /// Stops the server once the calls in flight have finished (each within its deadline).
    func retire() {
        let idle = state.withLock { state in
            state.retiring = true
            return state.inFlight == 0
        }
        if idle { return stop() }
        // Deadlines end every call; this bounds the wait even if one is lost.
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(config.timeoutMs + 1000)) { [self] in stop()
        }
    }

    /// Asks the supervisor to stop the server (staged, on its own thread). What is in flight on
    /// its connection, `initialize` included, is abandoned at once, so the supervisor never
    /// waits out a deadline for a server that does not answer.
    func stop() {
        let connection = state.withLock { state in
            state.stopRequested = true
            return state.connection
        }
        connection?.abandon("the MCP server \(name) is stopping")
        wakeups.signal()
    }

    /// Waits until the server is stopped; false if `limit` passed first.
    func waitUntilStopped(within limit: Duration) -> Bool {
        guard finished.wait(timeout: .now() + .milliseconds(limit.milliseconds)) == .success else { return false }
        finished.signal()
        return true
    }

    /// Records an event for the supervisor, if it concerns the connection it is watching.
    func event(of attempt: Int, _ change: (inout State) -> Void) {
        let current = state.withLock { state in
            guard state.attempt == attempt else { return false }
            change(&state)
            return true
        }
        if current { wakeups.signal() }
    }
}
