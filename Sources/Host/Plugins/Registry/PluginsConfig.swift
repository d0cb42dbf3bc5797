import Foundation
import FunctionABI

/// The operator's plugins.json, validated, with every path made absolute.
public struct PluginsConfig: Sendable, Equatable {
    /// Folders scanned for any `*.so` (the drop-in folder; default `["functions"]`).
    public var pluginDirectories: [String]
    /// Entries keyed by function name.
    public var plugins: [String: PluginEntry]
    /// The folder holding plugins.json; relative paths resolve against it.
    public var baseDirectory: String
    /// MCP servers whose tools are offered too, keyed by server name.
    public var mcpServers: [String: MCPServerConfig] = [:]

    public static let defaultTimeoutMs = 5000
    /// How long a plugin function's `init` may take before its load is refused.
    public static let defaultInitTimeoutMs = 10000
    /// Calls of one entry running at once (stuck ones included): its share of the pool.
    public static let defaultMaxConcurrency = 8
    public static let maxConcurrencyLimit = 256

    public init(pluginDirectories: [String], plugins: [String: PluginEntry], baseDirectory: String) {
        self.pluginDirectories = pluginDirectories
        self.plugins = plugins
        self.baseDirectory = baseDirectory
    }
}

/// One `plugins.<name>` entry.
public struct PluginEntry: Sendable, Equatable {
    public var enabled: Bool = true
    /// Explicit plugin file, absolute after validation; nil means search `lib<name>.so`.
    public var path: String?
    /// Handed to the function's init as JSON.
    public var settings: JSONValue = .object([:])
    public var timeoutMs: Int = PluginsConfig.defaultTimeoutMs
    public var initTimeoutMs: Int = PluginsConfig.defaultInitTimeoutMs
    /// Calls running at once, counted until the plugin returns; more wait for a slot within their deadline.
    public var maxConcurrency: Int = PluginsConfig.defaultMaxConcurrency
    /// A plain C function called through libffi instead of a plugin file.
    public var ffi: JSONValue?
    /// The tool's description for an `ffi` entry (a plugin describes its functions itself).
    public var description: String?
    /// `"isolation"`: in the host's process, or in a supervised runner process.
    public var isolation = PluginIsolation.inProcess

    public init(
        enabled: Bool = true, path: String? = nil, settings: JSONValue = .object([:]),
        timeoutMs: Int = PluginsConfig.defaultTimeoutMs,
        maxConcurrency: Int = PluginsConfig.defaultMaxConcurrency, ffi: JSONValue? = nil,
        description: String? = nil
    ) {
        self.enabled = enabled
        self.path = path
        self.settings = settings
        self.timeoutMs = timeoutMs
        self.maxConcurrency = maxConcurrency
        self.ffi = ffi
        self.description = description
    }
}

/// A config error that names the field at fault, e.g. `plugins.x.timeout_ms: must be ...`.
public struct PluginsConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }
}
