import Foundation

extension PluginRegistry {
    /// Adds the config's `"ffi"` entries to `draft`, after the plugin files: a name a plugin
    /// function already took is refused as a duplicate, and a broken new declaration of a
    /// name that served before is refused while the old function keeps serving.
    func addFFIEntries(
        of config: PluginsConfig, previous: [String: ServedFunction],
        to draft: inout PluginGenerationDraft
    ) {
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key }) {
            guard let ffi = entry.ffi, entry.isolation == .inProcess else { continue }
            let file = FFIToolFactory.file(of: ffi)
            guard entry.enabled else {
                if !draft.hasIssue(name) { draft.issue(name, kind: "ffi", file: file, status: "disabled") }
                continue
            }
            if let duplicate = draft.duplicateError(name) {
                draft.issue(name, kind: "ffi", file: file, status: "error", error: duplicate)
                continue
            }
            let old = previous[name]?.ffi
            do {
                let function = try FFIToolFactory.make(
                    name: name, ffi: ffi, description: entry.description, previous: old)
                draft.serve(.ffi(function), from: "ffi \(function.file)")
            } catch {
                if let old {
                    draft.serve(.ffi(old), from: "ffi \(old.file)")
                    draft.refused[name] = error.description
                } else {
                    draft.issue(
                        name, kind: "ffi", file: file, status: "error", error: error.description)
                }
            }
        }
    }
}
