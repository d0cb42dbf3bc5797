/// Something of the new generation that needs I/O before it can serve a name: a native
/// function's `init`, an isolated entry's runner, an `"ffi"` entry's library. The serving
/// planner asks for claims, the registry carries them out and hands back their outcomes.
struct PluginClaim: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case native
        case isolated
        case ffi
    }

    var kind: Kind
    var name: String
    /// native: the plugin file; isolated: the file (or `library:symbol`) its runner serves;
    /// ffi: the entry's `library:symbol`, if it names one.
    var file: String?
}

/// What carrying out a claim gave.
enum PluginClaimOutcome: Sendable, Equatable {
    /// It serves; `provider` names it in duplicate errors (e.g. `ffi libm.so.6:cbrt`).
    case serves(provider: String)
    /// It was refused, with the error users see.
    case failed(String)
}

/// A tool a ready MCP server offers, under its full (prefixed) name.
struct PluginMCPOffer: Sendable, Hashable {
    var server: String
    var tool: String
}
