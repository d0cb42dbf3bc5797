import Foundation
import Logging

/// One call of one plugin function outside the server (`avr-host plugin call`), with the real
/// host services: authors test a plugin without a model. The plugin is loaded and checked by
/// the same registry the server uses, from a one-entry plugins.json of its own.
public struct PluginCall: Sendable {
    public var file: String
    public var function: String
    public var arguments: String
    /// The plugin's settings object, as plugins.json would give it.
    public var settings: String
    /// The phone call's uuid the plugin sees; nil for "".
    public var uuid: String?
    public var timeoutMs: Int?
    /// Host settings shared with the plugin (`AMI_URL`), never the environment.
    public var hostSettings: [String: String]

    public init(
        file: String, function: String, arguments: String, settings: String = "{}", uuid: String? = nil,
        timeoutMs: Int? = nil, hostSettings: [String: String] = [:]
    ) {
        self.file = file
        self.function = function
        self.arguments = arguments
        self.settings = settings
        self.uuid = uuid
        self.timeoutMs = timeoutMs
        self.hostSettings = hostSettings
    }

    /// Why the call never reached the plugin's invoke (exit status 2).
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Loads the plugin, calls the function once and shuts the plugin down.
    public func run(transport: any PluginHTTPTransport, logger: Logger) async throws(LoadError) -> ToolOutcome {
        guard isJSONObject(arguments) else { throw LoadError(description: "arguments must be a JSON object") }
        guard isJSONObject(settings) else { throw LoadError(description: "--settings must be a JSON object") }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw LoadError(description: "cannot read \(file)")
        }
        let folder = NSTemporaryDirectory() + "avr-host-plugin-call-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configPath = try writeConfig(in: folder)
        let registry = PluginRegistry(
            configPath: configPath, builtinDirectories: [], transport: transport, hostSettings: hostSettings,
            logger: logger)
        defer { registry.shutdown() }
        // Loading runs the plugin's init: a thread of its own, never the cooperative pool.
        let report = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: registry.start(watch: false)) }.start()
        }
        guard report.activeFunctions.contains(function) else {
            // The file loaded but names its functions otherwise: say so, not "lib<name>.so not found".
            let offered = report.activeFunctions.joined(separator: ", ")
            let why =
                report.activeFunctions.isEmpty
                ? report.problems.joined(separator: "\n")
                : "\(file) offers no function named \(function); it offers \(offered)"
            throw LoadError(description: why)
        }
        return await registry.currentCatalog().invoke(
            name: function, arguments: arguments, context: ToolCallContext(uuid: uuid, callID: "plugin-call"))
    }

    private func writeConfig(in folder: String) throws(LoadError) -> String {
        var entry: [String: Any] = [
            "path": PluginsConfig.absolute(file, base: FileManager.default.currentDirectoryPath),
            "settings": (try? JSONSerialization.jsonObject(with: Data(settings.utf8))) ?? [String: Any](),
        ]
        if let timeoutMs { entry["timeout_ms"] = timeoutMs }
        let path = folder + "/plugins.json"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: ["plugins": [function: entry]])
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(description: "cannot write a plugins.json in \(folder): \(error)")
        }
        return path
    }

    private func isJSONObject(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
    }
}
