import CAVRFunctionABI
import Foundation
import Synchronization

/// Identity of a plugin file on disk; a change means "load a new version".
struct PluginFileKey: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int
    var modified: Int64
}

// In an extension, so the memberwise init stays for the planner's tests (keys without files).
extension PluginFileKey {
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}

/// One mapped copy of a plugin file. Never closed: a Swift image cannot be `dlclose`d safely.
final class PluginImage: @unchecked Sendable {
    // The handle and descriptor are immutable after load and stay valid for the process.
    let sourcePath: String
    let copyPath: String
    let key: PluginFileKey
    let handle: UnsafeMutableRawPointer
    let descriptor: UnsafePointer<avr_plugin>
    let version: String?
    let loadedAt: Date
    /// Warns the first time a function of this version returns invalid `data_json`.
    let invalidDataWarning = OnceFlag()
    /// Functions whose `init` is running now, abandoned ones included (`PluginInitRun`).
    let pendingInits = Mutex(Set<String>())

    init(
        sourcePath: String, copyPath: String, key: PluginFileKey, handle: UnsafeMutableRawPointer,
        descriptor: UnsafePointer<avr_plugin>
    ) {
        self.sourcePath = sourcePath
        self.copyPath = copyPath
        self.key = key
        self.handle = handle
        self.descriptor = descriptor
        self.version = descriptor.pointee.plugin_version.map { String(cString: $0) }
        self.loadedAt = Date()
    }

    /// The function descriptors, walked with the plugin's own stride.
    var functions: [UnsafePointer<avr_function>] {
        let plugin = descriptor.pointee
        guard let base = plugin.functions else { return [] }
        let stride = Int(plugin.function_struct_size)
        return (0..<Int(plugin.function_count)).map { index in
            UnsafeRawPointer(base).advanced(by: index * stride).assumingMemoryBound(to: avr_function.self)
        }
    }
}

extension PluginImage {
    /// The image as the reload planners see it.
    var loadedFile: PluginLoadedFile {
        PluginLoadedFile(
            image: copyPath, key: key, functions: functions.map { String(cString: $0.pointee.name) })
    }
}
