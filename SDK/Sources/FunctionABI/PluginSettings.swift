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

    /// The setting `key` as a whole number in `range`, `defaultValue` when absent. Throws
    /// (so `init` refuses the plugin) instead of trapping on a value the caller would convert.
    public func int(
        _ key: String, in range: ClosedRange<Int>, default defaultValue: Int
    ) throws(PluginSettingError) -> Int {
        guard let raw = json[key], raw != .null else { return defaultValue }
        guard let value = raw.intValue, range.contains(value) else {
            throw PluginSettingError(
                "setting \"\(key)\" must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(raw.jsonText)"
            )
        }
        return value
    }

    /// A positive millisecond count that fits the ABI's `uint32_t` fields.
    public func milliseconds(_ key: String, default defaultValue: UInt32) throws(PluginSettingError)
        -> UInt32
    {
        UInt32(try int(key, in: 1...Int(UInt32.max), default: Int(defaultValue)))
    }
}
