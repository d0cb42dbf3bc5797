import Foundation
import FunctionABI

extension MCPServer {
    /// MCP revision the host speaks; the server may answer with another it supports.
    static let protocolVersion = "2025-06-18"
    /// Longest wait for `initialize` and each `tools/list` page.
    static let setupTimeout = Duration.seconds(30)
    /// Longest wait for a remote server to answer the GET for its unprompted messages.
    static let listenTimeout = Duration.seconds(5)
    /// A quiet server is pinged this often; no answer within `pingTimeout` means it is lost.
    static let pingInterval = Duration.seconds(15)
    static let pingTimeout = Duration.seconds(10)
    /// Up this long, a server's crash counts as its first again.
    static let healthyAfter = Duration.seconds(60)
    /// The staged stop of a local server: end of input, SIGTERM, SIGKILL, spread over this.
    static let stopGrace = Duration.seconds(2)
    /// What a local server gets of the host's environment (never OPENAI_API_KEY or ADMIN_TOKEN).
    static let inheritedVariables = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"]

    /// The supervisor: connect, initialise, list, watch; when lost, again with backoff.
    func supervise() {
        var failures = 0
        while !state.withLock({ $0.stopRequested }) {
            let attempt = state.withLock { state in
                state.attempt += 1
                state.lost = nil
                state.listChanged = false
                return state.attempt
            }
            var readyAt: ContinuousClock.Instant?
            var process: ChildProcess?
            var connection: MCPConnection?
            var reason: String
            do {
                (connection, process) = try open(attempt: attempt)
                try adopt(connection!)
                try initialize(connection!)
                try refreshTools(connection!)
                readyAt = .now
                reason = try watch(connection!)
            } catch {
                reason = error.description
            }
            connection?.close("the MCP server \(name) is being restarted")
            state.withLock { state in
                state.connection = nil
                if state.status == .ready { state.status = .restarting }
            }
            if let process {
                let exit = process.stop(grace: Self.stopGrace)
                reason += " (its process \(exit))"
            }
            if state.withLock({ $0.stopRequested }) { break }
            // A remote server is reconnected for as long as it is configured; a local one is given up.
            failures = readyAt.map { .now - $0 >= Self.healthyAfter } == true ? 1 : failures + 1
            if case .stdio = config.transport, failures > config.maxRestarts {
                giveUp(after: failures - 1, reason: reason)
                break
            }
            let delay = Self.backoff(failures: failures)
            // Its tools stay offered meanwhile (the catalog is unchanged); their calls fail at once.
            state.withLock { state in
                state.lastError = reason
                state.restarts += 1
            }
            logger.warning(
                "MCP server \(name) lost: \(reason); starting it again in \(delay)",
                metadata: ["mcp_server": "\(name)"])
            wakeups.wait(for: delay) { state.withLock { $0.stopRequested } }
        }
        state.withLock { state in
            if state.status != .failed { state.status = .stopped }
            state.connection = nil
        }
        finished.signal()
    }

    /// 250 ms, doubling, at most 30 s.
    static func backoff(failures: Int) -> Duration {
        .milliseconds(min(30_000, 250 << min(max(failures - 1, 0), 7)))
    }

    private func giveUp(after restarts: Int, reason: String) {
        state.withLock { state in
            state.status = .failed
            state.lastError = "gave up after \(restarts) restart(s): \(reason)"
            state.tools = []
        }
        logger.error(
            "MCP server \(name) gave up after \(restarts) restart(s): \(reason); it serves no tools until its entry changes",
            metadata: ["mcp_server": "\(name)"])
        toolsChanged()
    }

    /// Starts the process or prepares the HTTP session, and a connection over it.
    private func open(attempt: Int) throws(MCPSetupError) -> (MCPConnection, ChildProcess?) {
        let environment = ProcessInfo.processInfo.environment
        let transport: any MCPTransport
        var process: ChildProcess?
        do {
            switch config.transport {
            case .stdio(let command, let variables, let workingDirectory):
                var childEnvironment = environment.filter { Self.inheritedVariables.contains($0.key) }
                childEnvironment.merge(try EnvironmentReference.expand(variables, from: environment)) { $1 }
                let child = try ChildProcess.start(
                    command: command, environment: childEnvironment, workingDirectory: workingDirectory)
                state.withLock { $0.pid = child.pid }
                transport = MCPStdioTransport(process: child, serverName: name, logger: logger)
                process = child
            case .http(let url, let headers):
                transport = MCPHTTPTransport(
                    client: httpClient(), url: url,
                    headers: try EnvironmentReference.expand(headers, from: environment),
                    serverName: name, logger: logger)
            }
        } catch {
            throw MCPSetupError(description: "\(error)")
        }
        let connection = MCPConnection(
            transport: transport,
            onNotification: { [weak self] method, _ in
                guard method == "notifications/tools/list_changed" else { return }
                self?.event(of: attempt) { $0.listChanged = true }
            },
            onClose: { [weak self] reason in self?.event(of: attempt) { $0.lost = reason } })
        return (connection, process)
    }

    /// Makes the new connection the one `stop` abandons, unless a stop came first.
    private func adopt(_ connection: MCPConnection) throws(MCPSetupError) {
        let stopping = state.withLock { state in
            state.connection = connection
            return state.stopRequested
        }
        if stopping { throw MCPSetupError(description: "stopped") }
    }

    private func initialize(_ connection: MCPConnection) throws(MCPSetupError) {
        let params: JSONValue = [
            "protocolVersion": .string(Self.protocolVersion), "capabilities": .object([:]),
            "clientInfo": ["name": "avr-host", "version": .string(HostVersion.host)],
        ]
        let result = try MCPSetupError.unwrap(
            connection.request("initialize", params: params, timeout: Self.setupTimeout), doing: "initialize")
        guard let version = result["protocolVersion"]?.string else {
            throw MCPSetupError(description: "initialize: the answer has no protocolVersion")
        }
        connection.transport.negotiated(protocolVersion: version)
        state.withLock { state in
            state.protocolVersion = version
            state.serverName = result["serverInfo"]?["name"]?.string
            state.serverVersion = result["serverInfo"]?["version"]?.string
        }
        connection.notify("notifications/initialized")
        // Before the tools are listed, so a change right after the listing is not missed.
        connection.transport.listenForServerMessages(within: Self.listenTimeout)
    }

    /// Lists every page of tools; a changed list makes a new catalog generation.
    private func refreshTools(_ connection: MCPConnection) throws(MCPSetupError) {
        var tools: [MCPTool] = []
        var cursor: String?
        for _ in 0..<100 {
            let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
            let page = try MCPSetupError.unwrap(
                connection.request("tools/list", params: params, timeout: Self.setupTimeout), doing: "tools/list")
            tools += (page["tools"]?.arrayValue ?? []).compactMap { MCPTool(listed: $0, serverName: name) }
            cursor = page["nextCursor"]?.string
            if cursor == nil { break }
        }
        if let allowed = config.allowedTools { tools = tools.filter { allowed.contains($0.name) } }
        let (changed, first) = state.withLock { state in
            // Offered while ready or restarting: only a different list makes a new generation.
            let changed = state.tools != tools
            let first = state.status != .ready
            state.tools = tools
            state.status = .ready
            return (changed, first)
        }
        if first {
            logger.info(
                "MCP server \(name) ready: \(tools.count) tool(s): \(tools.map { config.toolPrefix + $0.name }.joined(separator: ", "))",
                metadata: ["mcp_server": "\(name)"])
        }
        if changed { toolsChanged() }
    }

    /// Watches a ready server until it is lost or asked to stop; says which.
    private func watch(_ connection: MCPConnection) throws(MCPSetupError) -> String {
        while true {
            let woken = wakeups.wait(timeout: .now() + .milliseconds(Self.pingInterval.milliseconds)) == .success
            let (stop, lost, listChanged) = state.withLock { state in
                defer { state.listChanged = false }
                return (state.stopRequested, state.lost, state.listChanged)
            }
            if stop { return "stopped" }
            if let lost { return lost }
            if listChanged { try refreshTools(connection) }
            if !woken, case .failure(let error) = connection.request("ping", timeout: Self.pingTimeout) {
                if case .remote = error { continue }  // it answered, if only to refuse
                return "no answer to ping: \(error)"
            }
        }
    }
}

/// Why starting, initialising or listing a server failed.
struct MCPSetupError: Error, CustomStringConvertible {
    var description: String

    static func unwrap(_ result: Result<JSONValue, MCPError>, doing step: String) throws(MCPSetupError) -> JSONValue {
        switch result {
        case .success(let value): return value
        case .failure(let error): throw MCPSetupError(description: "\(step): \(error)")
        }
    }
}
