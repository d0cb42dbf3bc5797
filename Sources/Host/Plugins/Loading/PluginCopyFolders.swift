import Foundation

/// Where this process copies plugin files before `dlopen`: one private folder per process,
/// `<tmp>/avr-host-plugins-<pid>-<nonce>` (mode 0700), with a subfolder per registry. A host
/// that crashed, was killed or failed at start-up leaves its folder behind; the next host
/// removes the folders whose pid is dead when it starts.
enum PluginCopyFolders {
    static let prefix = "avr-host-plugins-"

    static let processFolder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
        "\(prefix)\(getpid())-\(UUID().uuidString.prefix(8))")

    /// Creates `folder` inside the process folder (both 0700, both checked to be our own
    /// directories, so nobody else can plant files where `dlopen` reads them).
    static func create(_ folder: String) throws(PluginLoadError) {
        // A second try covers another registry of this process removing the empty process
        // folder at its shutdown between the two mkdirs.
        for _ in 0..<2 {
            try makePrivate(processFolder)
            if mkdir(folder, 0o700) == 0 || errno == EEXIST {
                try makePrivate(folder)
                return
            }
            guard errno == ENOENT else { break }
        }
        throw PluginLoadError("cannot create the copy folder \(folder): \(String(cString: strerror(errno)))")
    }

    private static func makePrivate(_ folder: String) throws(PluginLoadError) {
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw PluginLoadError("cannot create the copy folder \(folder): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else {
            throw PluginLoadError("the copy folder \(folder) is not a directory of this user; remove it")
        }
    }

    /// Removes `folder` (a registry's subfolder; its copies are already unlinked) and the
    /// process folder when nothing else is left in it.
    static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
        rmdir(processFolder)
    }

    /// Removes the copy folders in `directory` left by processes that are gone; returns their
    /// paths. Folders of live processes, of other users and anything that is not a plain
    /// directory are left alone.
    @discardableResult
    static func removeStale(in directory: String = NSTemporaryDirectory()) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> String? in
            guard name.hasPrefix(prefix),
                let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                !isAlive(pid)
            else { return nil }
            let path = (directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid(),
                (try? FileManager.default.removeItem(atPath: path)) != nil
            else { return nil }
            return path
        }
    }

    /// A pid is taken while signal 0 reaches it or it belongs to another user (EPERM).
    private static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
