/// A function's `settings` object from plugins.json, with the host's settings as fallback.
public struct PluginSettings: Sendable {
    /// The raw settings object (`.object([:])` when none were given).
    public let json: JSONValue
    private let host: PluginHost?

    public init(json: JSONValue, host: PluginHost?) {
        self.json = json
        self.host = host
    }

    /// The plugin setting `key`, else the host setting `hostKey` (e.g. "AMI_URL").
    public func string(_ key: String, orHost hostKey: String? = nil) -> String? {
        if let value = json[key]?.stringValue { return value }
        guard let hostKey else { return nil }
        return host?.setting(hostKey)
    }

    public func int(_ key: String) -> Int? { json[key]?.intValue }
}
