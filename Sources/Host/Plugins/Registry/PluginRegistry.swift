import Foundation
import FunctionABI
import Logging
import Synchronization

/// The host's plugins: reads plugins.json, loads and checks plugin files, keeps the current
/// generation of tools, reloads on change, and serves each turn the generation current at its
/// start. A refused plugin or config is reported and never replaces what already serves.
public final class PluginRegistry: ToolSource, Sendable {
    public let configPath: String
    /// Folders searched for built-in `lib<name>.so` (default: the running executable's folder).
    public let builtinDirectories: [String]
    let pool: PluginWorkerPool
    /// Each name's share of the pool; outlives reloads (stuck calls keep their slots).
    let bulkheads = PluginBulkheads()
    let loader: PluginLoader
    let logger: Logger
    let transport: any PluginHTTPTransport
    /// What plugins may read through `get_setting`: only what the host was given, never its
    /// environment (which holds `OPENAI_API_KEY` and `ADMIN_TOKEN`).
    let hostSettings: [String: String]
    let state: Mutex<PluginRegistryState>
    /// Serialises reloads (watcher thread, HTTP, SIGHUP); reads never wait for it.
    let reloadLock = Mutex(())
    let watcher = Mutex<PluginWatcher?>(nil)
    /// The `avr-plugin-runner` executable that serves entries with `"isolation": "process"`.
    let runnerPath: String
    /// Told about every reload (start, watcher, HTTP, SIGHUP), for the metrics.
    let onReload: @Sendable (PluginReloadReport) -> Void
    /// The `mcp_servers` of plugins.json, kept running between reloads.
    let mcp: MCPServerSet

    public init(
        configPath: String, builtinDirectories: [String]? = nil,
        transport: any PluginHTTPTransport = NoPluginHTTPTransport(),
        hostSettings: [String: String] = [:],
        pool: PluginWorkerPool = PluginWorkerPool(),
        logger: Logger = Logger(label: "avr-host.plugins"),
        onReload: @escaping @Sendable (PluginReloadReport) -> Void = { _ in }
    ) {
        self.onReload = onReload
        self.configPath =
            (PluginsConfig.absolute(configPath, base: FileManager.default.currentDirectoryPath))
        self.builtinDirectories = builtinDirectories ?? [Self.executableDirectory()]
        runnerPath = RunnerEnvironment.runnerPath(executableDirectory: Self.executableDirectory())
        self.transport = transport
        self.hostSettings = hostSettings
        self.pool = pool
        self.logger = logger
        loader = PluginLoader(
            copyDirectory: (PluginCopyFolders.processFolder as NSString).appendingPathComponent(
                "registry-\(Self.registries.next())"))
        state = Mutex(PluginRegistryState(pool: pool))
        mcp = MCPServerSet(logger: logger)
        // A server's tools were listed or changed: a new generation offers them.
        mcp.whenToolsChange { [weak self] in self?.reload() }
    }

    /// Loads everything once and starts watching plugins.json and the plugin folders.
    @discardableResult
    public func start(watch: Bool = true) -> PluginReloadReport {
        let stale = PluginCopyFolders.removeStale()
        if !stale.isEmpty {
            logger.notice("removed \(stale.count) plugin copy folder(s) left by hosts that are gone")
        }
        let report = reload()
        if watch {
            let configName = (configPath as NSString).lastPathComponent
            let created = PluginWatcher(
                isRelevant: { $0 == configName || $0.hasSuffix(".so") },
                onChange: { [weak self] in self?.reload() })
            watcher.withLock { $0 = created }
            updateWatches()
        }
        return report
    }

    /// The generation a turn should use; it stays valid across later reloads.
    public func currentCatalog() -> any ToolCatalog {
        state.withLock { $0.catalog }
    }

    /// What serves `name` now, and of which kind.
    func served(_ name: String) -> ServedFunction? {
        state.withLock { $0.active[name] }
    }

    /// Stops watching and drops the current tools (plugins shut down as their calls finish).
    /// Removes the folder of plugin copies (the images stay mapped).
    public func shutdown() {
        watcher.withLock {
            $0?.stop()
            $0 = nil
        }
        state.withLock { state in
            state.active = [:]
            state.catalog = PluginCatalog(functions: [:], timeouts: [:], pool: pool)
        }
        reloadLock.withLock { _ in loader.removeCopyDirectory() }
        mcp.shutdown()
    }

    /// Where fresh copies of plugin files are made before `dlopen` (each is unlinked at once).
    public var copyDirectory: String { loader.copyDirectory }

    func updateWatches() {
        let directories = state.withLock { state in
            Set(
                [(configPath as NSString).deletingLastPathComponent] + builtinDirectories
                    + (state.config?.pluginDirectories ?? []))
        }
        watcher.withLock { $0?.watch(directories: directories) }
    }

    /// Names each registry's subfolder of the process's copy folder.
    private static let registries = AtomicCounter()

    static func executableDirectory() -> String {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (exe as NSString).deletingLastPathComponent
    }
}

/// Everything a reload replaces at once.
struct PluginRegistryState: Sendable {
    var config: PluginsConfig?
    var configError: String?
    var generation = 0
    /// Current image per source file.
    var images: [String: PluginImage] = [:]
    /// Serving functions by name, of every kind.
    var active: [String: ServedFunction] = [:]
    /// Why a newer version of an active function was refused (the old one serves).
    var refusedUpdates: [String: String] = [:]
    /// Files the loader refused, by source path, with the key they had then.
    var refusedFiles: [String: PluginRefusedFile] = [:]
    /// Listing rows for what does not serve: errors and disabled entries.
    var issues: [PluginListingEntry] = []
    var catalog: PluginCatalog
    /// Every image ever mapped (nil for refused ones) with its size: they all stay mapped.
    var mapped: [(image: PluginImage?, bytes: Int)] = []

    init(pool: PluginWorkerPool) {
        catalog = PluginCatalog(functions: [:], timeouts: [:], pool: pool)
    }
}

/// What one reload did.
public struct PluginReloadReport: Sendable, Equatable {
    /// False when plugins.json was refused (the previous configuration stays active).
    public var configAccepted: Bool
    public var configError: String?
    public var generation: Int
    public var activeFunctions: [String]
    /// One line per refused file or function.
    public var problems: [String]
}
