import Foundation

/// The first phase of a reload: which plugin files the new generation uses, in a stable order,
/// and what to do with each. Pure: it decides from the config, a snapshot of the disk and what
/// is loaded now, so unit tests drive it without `.so` files.
struct PluginFilePlan: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        /// Unchanged since it was loaded: the current image goes on.
        case keep
        /// Unchanged since the loader refused it: every attempt maps an image for good, so it
        /// is not tried again until it changes.
        case stillRefused(PluginRefusedFile)
        /// New, or changed since it was loaded or refused.
        case load
    }

    /// The in-process files, those serving now first.
    var files: [String] = []
    var actions: [String: Action] = [:]
    /// For files found by a configured name: that name (to report a failure under it).
    var nameForFile: [String: String] = [:]
    /// The files of isolated entries, by name: never loaded in the host.
    var isolatedFiles: [String: String] = [:]
    var searchDirectories: [String]
    /// Files loaded now that the new generation does not use (their images stay mapped).
    var dropped: [String] = []

    init(
        config: PluginsConfig, builtinDirectories: [String], disk: PluginDiskSnapshot,
        current: PluginCurrentGeneration
    ) {
        searchDirectories = builtinDirectories + config.pluginDirectories
        var found: [String] = []
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key })
        where entry.enabled && entry.ffi == nil {
            let candidates = Self.candidates(for: name, entry, in: searchDirectories)
            guard let file = candidates.first(where: { disk.keys[$0] != nil }) else { continue }
            if entry.isolation == .inProcess {
                found.append(file)
                nameForFile[file] = name
            } else {
                isolatedFiles[name] = file
            }
        }
        for directory in config.pluginDirectories {
            found += (disk.folders[directory] ?? []).filter { $0.hasSuffix(".so") }.sorted().map {
                (directory as NSString).appendingPathComponent($0)
            }
        }
        // Files that serve now go first, so a newcomer cannot take over a name by duplicating it.
        let serving = Set(
            current.functions.values.compactMap { served -> String? in
                guard case .native = served.kind else { return nil }
                return served.file
            })
        var seen = Set(isolatedFiles.values)
        let unique = found.filter { seen.insert($0).inserted }
        files = unique.filter { serving.contains($0) } + unique.filter { !serving.contains($0) }
        for file in files {
            actions[file] = Self.action(
                key: disk.keys[file], loaded: current.files[file], refused: current.refusedFiles[file])
        }
        dropped = current.files.keys.filter { actions[$0] == nil }.sorted()
    }

    /// The files an entry may name, in the order they are tried: its `path`, or `lib<name>.so`
    /// in each search folder. `"ffi"` entries and disabled ones name none.
    static func candidates(for name: String, _ entry: PluginEntry, in searchDirectories: [String]) -> [String] {
        guard entry.enabled, entry.ffi == nil else { return [] }
        return entry.path.map { [$0] }
            ?? searchDirectories.map { ($0 as NSString).appendingPathComponent("lib\(name).so") }
    }

    private static func action(key: PluginFileKey?, loaded: PluginLoadedFile?, refused: PluginRefusedFile?) -> Action {
        if let loaded, key == loaded.key { return .keep }
        if let refused, key == refused.key { return .stillRefused(refused) }
        return .load
    }

    /// Why an enabled entry serves nothing: no file, or a file (`found`) without its function.
    func missing(_ name: String, _ entry: PluginEntry, in found: String?) -> String {
        if let found { return "plugin file \(found) offers no function \(name)" }
        if let path = entry.path { return "plugin file \(path) not found" }
        return "plugin file lib\(name).so not found in \(searchDirectories.joined(separator: ", "))"
    }
}
