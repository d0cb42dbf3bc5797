import Foundation

/// The generation a reload is assembling: what serves, who provides each name, and the
/// listing rows for what does not serve. Plugin files and `"ffi"` entries both add to it.
struct PluginGenerationDraft {
    var active: [String: ServedFunction] = [:]
    /// Who provides each serving name (a plugin file, or `ffi library:symbol`), for
    /// duplicate errors.
    var provider: [String: String] = [:]
    /// Why a newer version of a serving function was refused (the old one keeps serving).
    var refused: [String: String] = [:]
    var issues: [PluginListingEntry] = []

    /// Adds `served` under its name, provided by `source`.
    mutating func serve(_ served: ServedFunction, from source: String) {
        let name = served.function.definition.name
        active[name] = served
        provider[name] = source
    }

    /// Adds a listing row for something that does not serve.
    mutating func issue(
        _ name: String, kind: String, file: String?, status: String, error: String? = nil
    ) {
        issues.append(
            PluginListingEntry(
                name: name, kind: kind, version: nil, file: file, loadedAt: nil, status: status,
                error: error, calls: 0, failures: 0, meanLatencyMs: 0))
    }

    func hasIssue(_ name: String) -> Bool { issues.contains { $0.name == name } }

    /// The refusal when `name` is already taken, in the same words for every kind.
    func duplicateError(_ name: String) -> String? {
        provider[name].map { Self.duplicateError(name, providedBy: $0) }
    }

    static func duplicateError(_ name: String, providedBy provider: String) -> String {
        "duplicate function name: \(name) is already provided by \(provider)"
    }
}
