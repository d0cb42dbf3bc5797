import Foundation

/// Plugin files must be regular files: reading a FIFO blocks until someone writes to it
/// (wedging the loader and every reload queued behind it), a directory would be copied
/// recursively, and opening a device may have side effects.
enum PluginRegularFile {
    /// Refuses anything but a regular file, naming the path, what it is, and the fix.
    /// The refusal carries the file's key, so an unchanged one is not looked at again.
    static func check(_ info: stat, path: String) throws(PluginLoadError) {
        guard info.st_mode & S_IFMT != S_IFREG else { return }
        throw PluginLoadError(
            "\(path) is \(kind(of: info.st_mode)), not a regular file; a plugin must be a regular .so file: replace it with the plugin's .so file, or point \"path\" in plugins.json at one",
            key: PluginFileKey(info))
    }

    /// What a non-regular file is, in the words an operator knows.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFDIR: "a directory"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFLNK: "a symbolic link"
        default: "of unknown type (mode \(String(mode, radix: 8)))"
        }
    }
}
