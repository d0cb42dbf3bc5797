/// A setting with an unusable value; the text names the setting.
public struct PluginSettingError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
