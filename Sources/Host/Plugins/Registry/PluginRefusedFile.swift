/// A plugin file the loader refused, remembered so it is not mapped again until it changes.
struct PluginRefusedFile: Sendable, Equatable {
    var key: PluginFileKey
    var error: String
}
