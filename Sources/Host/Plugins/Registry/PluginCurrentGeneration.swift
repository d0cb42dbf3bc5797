import FunctionABI

/// What serves now, as the planners see it: the identities of images and instances, not the
/// objects, so unit tests can describe a generation with plain values.
struct PluginCurrentGeneration: Sendable, Equatable {
    /// The image of each plugin file loaded now, by source path.
    var files: [String: PluginLoadedFile] = [:]
    /// Files the loader refused, by source path, with the key they had then.
    var refusedFiles: [String: PluginRefusedFile] = [:]
    /// What serves each name now.
    var functions: [String: PluginCurrentFunction] = [:]
}

/// One mapped image of a plugin file.
struct PluginLoadedFile: Sendable, Equatable {
    /// Tells images apart: the loader's private copy path, new for every load.
    var image: String
    var key: PluginFileKey
    /// The names of the functions the file declares, in its order.
    var functions: [String]
}

/// What serves one name now, and who provides it.
struct PluginCurrentFunction: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A function of `image`, initialised with `settings`.
        case native(image: String, settings: JSONValue)
        case ffi
        case isolated(IsolatedSource)
        case mcp
    }

    var kind: Kind
    /// The function's file as the listing shows it (a plugin file, `library:symbol`, ...).
    var file: String
}
