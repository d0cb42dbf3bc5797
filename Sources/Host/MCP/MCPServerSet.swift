import Dispatch
import Logging
import Synchronization

/// The configured MCP servers: each reload hands over the `mcp_servers` entries, and only
/// servers whose entry was added, changed or removed are started or stopped.
final class MCPServerSet: Sendable {
    private let servers = Mutex<[String: MCPServer]>([:])
    /// After shutdown nothing starts again (a tool-list refresh may still be on its way).
    private let isShutDown = Atomic(false)
    private let logger: Logger
    /// Remote servers' HTTP client (libcurl), made when the first one is configured.
    private let client = Mutex<HTTPClient?>(nil)
    private let onToolsChanged = Mutex<(@Sendable () -> Void)?>(nil)
    /// Coalesces a burst of tool-list changes into one catalog rebuild.
    private let refreshPending = Atomic(false)
    private let refreshes = DispatchQueue(label: "avr-host.mcp-refresh")

    init(logger: Logger) {
        self.logger = logger
    }

    /// Called (on a queue of its own, never inside a reload) when a server's tools change.
    func whenToolsChange(_ action: @escaping @Sendable () -> Void) {
        onToolsChanged.withLock { $0 = action }
    }

    /// Starts servers that are new or whose entry changed; retires the rest of the old ones
    /// once their calls in flight have finished. Returns at once (no server is waited for).
    func apply(_ configs: [String: MCPServerConfig]) {
        let (started, retired) = servers.withLock { servers -> ([MCPServer], [MCPServer]) in
            // Checked under the lock that shutdown takes after setting it: never a late start.
            guard !isShutDown.load(ordering: .acquiring) else { return ([], []) }
            var started: [MCPServer] = []
            var retired: [MCPServer] = []
            for (name, server) in servers
            where configs[name] != server.config || configs[name]?.enabled == false || configs[name]?.hosted == true {
                retired.append(server)
                servers[name] = nil
            }
            // A hosted entry is OpenAI's to call: the host runs nothing for it.
            for (name, config) in configs where config.enabled && !config.hosted && servers[name] == nil {
                let server = MCPServer(
                    config: config, logger: logger, httpClient: { [self] in httpClient() },
                    toolsChanged: { [weak self] in self?.toolsChanged() })
                servers[name] = server
                started.append(server)
            }
            return (started, retired)
        }
        for server in retired {
            logger.info(
                "MCP server \(server.name) stops (entry changed or removed)", metadata: ["mcp_server": "\(server.name)"]
            )
            server.retire()
        }
        for server in started { server.start() }
    }

    func server(named name: String) -> MCPServer? {
        servers.withLock { $0[name] }
    }

    /// Stops every server (staged, all at once) and waits for them, at most a few seconds.
    func shutdown() {
        isShutDown.store(true, ordering: .releasing)
        let stopping = servers.withLock { servers in
            defer { servers = [:] }
            return Array(servers.values)
        }
        for server in stopping { server.stop() }
        for server in stopping { _ = server.waitUntilStopped(within: MCPServer.stopGrace + .seconds(3)) }
        client.withLock {
            $0?.shutdown()
            $0 = nil
        }
    }

    private func httpClient() -> HTTPClient {
        client.withLock { client in
            if let client { return client }
            let made = HTTPClient()
            client = made
            return made
        }
    }

    private func toolsChanged() {
        guard !refreshPending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        refreshes.async { [self] in
            refreshPending.store(false, ordering: .releasing)
            onToolsChanged.withLock { $0 }?()
        }
    }
}
