import Foundation

/// What the disk holds for a reload, read once at its start: the planners decide from this
/// value, never from the disk, so unit tests can hand them any files they like.
struct PluginDiskSnapshot: Sendable, Equatable {
    /// Every file looked at that exists, with its identity (size, mtime, inode).
    var keys: [String: PluginFileKey] = [:]
    /// The names in each `plugin_dirs` folder (none when it cannot be read).
    var folders: [String: [String]] = [:]

    /// Stats every file `config` could use (see `PluginFilePlan.candidates`) and lists its
    /// drop-in folders.
    static func read(config: PluginsConfig, builtinDirectories: [String]) -> PluginDiskSnapshot {
        let searchDirectories = builtinDirectories + config.pluginDirectories
        var snapshot = PluginDiskSnapshot()
        var paths: [String] = []
        for (name, entry) in config.plugins {
            paths += PluginFilePlan.candidates(for: name, entry, in: searchDirectories)
        }
        for directory in config.pluginDirectories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            snapshot.folders[directory] = names
            paths += names.filter { $0.hasSuffix(".so") }.map { (directory as NSString).appendingPathComponent($0) }
        }
        for path in paths where snapshot.keys[path] == nil {
            snapshot.keys[path] = PluginFileKey(path: path)
        }
        return snapshot
    }
}
