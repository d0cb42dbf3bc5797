import Foundation

/// The admin listing behind `GET /plugins`.
public struct PluginListing: Sendable, Encodable, Equatable {
    public var configPath: String
    /// The last config error; the previous configuration stays active while it is set.
    public var configError: String?
    public var generation: Int
    public var functions: [PluginListingEntry]
    /// Images that stay mapped but serve nothing (replaced or refused versions).
    public var retiredImages: Int
    public var retiredBytes: Int
    /// The `mcp_servers` of plugins.json: state, tools and calls of each.
    public var mcpServers: [MCPServerListing] = []
    /// What a plugin must match to load here (as `avr-host --version` prints it).
    public var hostVersion = HostVersion.host
    public var abiVersion = HostVersion.abi
    public var toolchainStamp = HostVersion.toolchainStamp

    /// The listing as JSON bytes (sorted keys, ISO dates).
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// One function (or one file that failed before naming its functions, or one
/// `"ffi"` entry) in the listing.
public struct PluginListingEntry: Sendable, Encodable, Equatable {
    public var name: String
    /// "plugin" (a function of a plugin file), "ffi" (a C function through libffi) or "mcp"
    /// (a tool of an MCP server).
    public var kind: String
    public var version: String?
    /// The plugin file, or `library:symbol` for an FFI function.
    public var file: String?
    public var loadedAt: Date?
    /// "active", "disabled" or "error".
    public var status: String
    /// Why it failed; also set on an active function whose new version was refused.
    public var error: String?
    public var calls: Int
    public var failures: Int
    public var meanLatencyMs: Double
    /// The entry's share of the worker pool (`max_concurrency`), for a serving function.
    public var maxConcurrency: Int? = nil
    /// Calls holding a slot of the share now: running or stuck.
    public var inFlight = 0
    /// Calls still running in the plugin past their deadline, each keeping a worker thread the
    /// host gave up on (in process until the plugin returns; isolated until the runner is killed).
    public var abandonedWorkers = 0
    /// Calls waiting for a slot now.
    public var waiting = 0
    /// Calls whose deadline passed while they waited for a slot (the share stayed full).
    public var slotTimeouts = 0
    /// "in-process" or "process" (a supervised runner process).
    public var isolation = "in-process"
    /// The runner of a `"process"` entry that serves.
    public var runner: RunnerStatus? = nil
}
