import Foundation

/// One `mcp_servers.<name>` entry of plugins.json: where an MCP server is, and how its tools
/// are offered. Any change to an entry restarts (or reconnects) that server alone.
public struct MCPServerConfig: Sendable, Equatable {
    public enum Transport: Sendable, Equatable {
        /// A local server the host starts and supervises, speaking JSON-RPC on its stdin/stdout.
        case stdio(command: [String], environment: [String: String], workingDirectory: String)
        /// A remote server reached over Streamable HTTP.
        case http(url: String, headers: [String: String])
    }

    public var name: String
    public var transport: Transport
    public var enabled = true
    /// Deadline of one `tools/call`; on expiry the call is cancelled at the server.
    public var timeoutMs = PluginsConfig.defaultTimeoutMs
    /// Calls of one tool running at once, as for plugins.
    public var maxConcurrency = PluginsConfig.defaultMaxConcurrency
    /// The server's tools to offer, by the names the server gives them; nil offers all.
    public var allowedTools: [String]?
    /// Put before each tool's name, so names stay unique across servers, plugins and FFI entries.
    public var toolPrefix: String
    /// A successful answer at most this long (text only) is also said to the caller; 0 never.
    public var spokenMaxChars = MCPServerConfig.defaultSpokenMaxChars
    /// Crashes in a row (without a healthy minute between them) before a local server is given up.
    public var maxRestarts = MCPServerConfig.defaultMaxRestarts
    /// A remote server OpenAI calls itself (the Responses API's hosted `mcp` tool): the host
    /// only passes the entry on in each request and never connects to it.
    public var hosted = false

    public static let defaultSpokenMaxChars = 200
    public static let defaultMaxRestarts = 5

    public init(name: String, transport: Transport, toolPrefix: String? = nil) {
        self.name = name
        self.transport = transport
        self.toolPrefix = toolPrefix ?? "\(name)_"
    }

    /// "stdio" or "http", for the listing.
    var transportName: String {
        switch transport {
        case .stdio: "stdio"
        case .http: "http"
        }
    }

    /// What the listing shows of the server's location: the command or the URL, never the
    /// environment or the headers (they may hold secrets).
    var target: String {
        switch transport {
        case .stdio(let command, _, _): command.joined(separator: " ")
        case .http(let url, _): url
        }
    }
}
