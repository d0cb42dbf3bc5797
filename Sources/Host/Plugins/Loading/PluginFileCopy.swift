import Foundation

/// Copies one plugin file byte for byte, and only a regular file: the type is checked with
/// `stat` before opening (opening a device can have side effects) and again with `fstat` on a
/// descriptor opened with `O_NONBLOCK` (the path may have been swapped meanwhile; a FIFO
/// opened that way does not block), before anything is read.
enum PluginFileCopy {
    /// Copies `path` to the new file `destination`; returns the source's key as the
    /// descriptor saw it before and after the copy.
    static func copy(_ path: String, to destination: String) throws(PluginLoadError) -> (
        before: PluginFileKey, after: PluginFileKey
    ) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw PluginLoadError("file not found: \(path)") }
        try PluginRegularFile.check(info, path: path)
        let source = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard source >= 0 else { throw PluginLoadError("cannot open \(path): \(errnoText())") }
        defer { close(source) }
        guard fstat(source, &info) == 0 else { throw PluginLoadError("cannot stat \(path): \(errnoText())") }
        try PluginRegularFile.check(info, path: path)
        let before = PluginFileKey(info)
        let target = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o700)
        guard target >= 0 else {
            throw PluginLoadError("cannot copy \(path) to \(destination): \(errnoText())")
        }
        defer { close(target) }
        guard transfer(from: source, to: target) else {
            throw PluginLoadError("cannot copy \(path) to \(destination): \(errnoText())")
        }
        guard fstat(source, &info) == 0 else { throw PluginLoadError("cannot stat \(path): \(errnoText())") }
        return (before, PluginFileKey(info))
    }

    /// Reads `source` to its end into `target`; false on an error (errno tells which).
    private static func transfer(from source: Int32, to target: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count == 0 { return true }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { write(target, $0.baseAddress! + written, count - written) }
                if step < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += step
            }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
