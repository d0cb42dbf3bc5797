import Foundation

/// One MCP server in `GET /plugins`: its state, tools and call counts.
public struct MCPServerListing: Sendable, Encodable, Equatable {
    public var name: String
    /// "stdio" or "http".
    public var transport: String
    /// The command or URL (never its environment or headers).
    public var target: String
    /// "starting", "ready", "restarting", "failed" or "stopped"; "disabled" when switched off;
    /// "hosted" for an entry OpenAI calls itself.
    public var state: String
    /// Why it was last lost or refused.
    public var error: String?
    /// The local server's current process.
    public var pid: Int32?
    public var restarts: Int
    /// What the server says it is (`serverInfo`) and the protocol revision agreed.
    public var serverName: String?
    public var serverVersion: String?
    public var protocolVersion: String?
    /// The tools offered to the model (with the prefix).
    public var tools: [String]
    public var calls: Int
    public var failures: Int
    public var meanLatencyMs: Double
    public var inFlight: Int
}

extension MCPServerSet {
    /// The listing rows, disabled entries included, by name.
    func listing(configured: [String: MCPServerConfig]) -> [MCPServerListing] {
        configured.keys.sorted().compactMap { name in
            let config = configured[name]!
            guard let server = server(named: name) else {
                return MCPServerListing(
                    name: name, transport: config.transportName, target: config.target,
                    state: config.hosted && config.enabled ? "hosted" : "disabled",
                    restarts: 0, tools: [], calls: 0, failures: 0, meanLatencyMs: 0, inFlight: 0)
            }
            let state = server.state.withLock { $0 }
            return MCPServerListing(
                name: name, transport: config.transportName, target: config.target, state: state.status.rawValue,
                error: state.lastError, pid: state.pid, restarts: state.restarts, serverName: state.serverName,
                serverVersion: state.serverVersion, protocolVersion: state.protocolVersion,
                tools: server.offeredTools.map { config.toolPrefix + $0.name },
                calls: server.stats.calls.load(ordering: .relaxed),
                failures: server.stats.failures.load(ordering: .relaxed), meanLatencyMs: server.stats.meanLatencyMs,
                inFlight: state.inFlight)
        }
    }
}
