import CAVRFunctionABI
import Foundation
import FunctionABI

/// Why a plugin file was refused; the text goes to the log and the admin listing.
struct PluginLoadError: Error, Sendable, CustomStringConvertible {
    var description: String
    /// The file as it was when refused; nil when the refusal says nothing about the file's
    /// content (missing, copy failed), so the registry tries it again next time.
    var key: PluginFileKey?
    init(_ description: String, key: PluginFileKey? = nil) {
        self.description = description
        self.key = key
    }
}

/// Maps plugin files: a fresh copy per version, its toolchain section checked before
/// `RTLD_NOW | RTLD_LOCAL`, then the ABI checks.
final class PluginLoader: Sendable {
    /// Private folder for the copies (dlopen hands back the old image for a path or inode it
    /// already has open, so every version needs its own file). Each copy is unlinked right
    /// after dlopen: the mapping keeps the inode alive, and the disk (or tmpfs RAM) is freed
    /// once nothing maps it.
    let copyDirectory: String
    private let counter = AtomicCounter()

    init(copyDirectory: String) {
        self.copyDirectory = copyDirectory
    }

    /// Removes the copy folder (every copy in it is already unlinked; see `copyDirectory`).
    func removeCopyDirectory() {
        PluginCopyFolders.remove(copyDirectory)
    }

    /// Copies and maps `path`. Refused images stay mapped too (see `mapped`).
    func load(path: String, mapped: (PluginImage?, Int) -> Void) throws(PluginLoadError)
        -> PluginImage
    {
        let (key, copy) = try stableCopy(of: path)
        do throws(PluginLoadError) {
            try Self.checkToolchainSection(of: copy)
        } catch {
            unlink(copy)
            throw PluginLoadError(error.description, key: key)
        }
        let handle = dlopen(copy, RTLD_NOW | RTLD_LOCAL)
        let reason = handle == nil ? dlerror().map { String(cString: $0) } : nil
        unlink(copy)
        guard let handle else {
            throw PluginLoadError("dlopen failed: \(reason ?? "unknown error")", key: key)
        }
        guard let entry = dlsym(handle, AVR_PLUGIN_ENTRY_SYMBOL) else {
            mapped(nil, key.size)
            throw PluginLoadError(
                "missing entry symbol \(AVR_PLUGIN_ENTRY_SYMBOL): not an avr-host plugin", key: key)
        }
        let entryFunction = unsafeBitCast(entry, to: avr_plugin_entry_fn.self)
        guard let descriptor = entryFunction() else {
            mapped(nil, key.size)
            throw PluginLoadError("\(AVR_PLUGIN_ENTRY_SYMBOL) returned NULL", key: key)
        }
        do throws(PluginLoadError) {
            try Self.check(descriptor)
        } catch {
            mapped(nil, key.size)
            throw PluginLoadError(error.description, key: key)
        }
        let image = PluginImage(
            sourcePath: path, copyPath: copy, key: key, handle: handle, descriptor: descriptor)
        mapped(image, key.size)
        return image
    }

    /// Copies `path` to a fresh file, and only trusts the copy when the source's key (size,
    /// mtime, inode) is the same before and after, and still the path's: a file still being
    /// written could be truncated, and dlopen of a truncated ELF may SIGBUS. A file that keeps
    /// changing is refused without a key, so the next change tries it again. Anything but a
    /// regular file is refused before it is read (see `PluginFileCopy`).
    private func stableCopy(of path: String, attempts: Int = 3) throws(PluginLoadError) -> (
        PluginFileKey, String
    ) {
        var lastChange = ""
        for _ in 0..<attempts {
            // Created on demand: shutdown removes the folder.
            try PluginCopyFolders.create(copyDirectory)
            let copy = (copyDirectory as NSString).appendingPathComponent(
                "\(counter.next())-\((path as NSString).lastPathComponent)")
            let keys: (before: PluginFileKey, after: PluginFileKey)
            do throws(PluginLoadError) {
                keys = try PluginFileCopy.copy(path, to: copy)
            } catch {
                unlink(copy)
                throw error
            }
            if keys.after == keys.before, PluginFileKey(path: path) == keys.before,
                PluginFileKey(path: copy)?.size == keys.before.size
            {
                return (keys.before, copy)
            }
            unlink(copy)
            lastChange = "\(keys.before.size) bytes before the copy, \(keys.after.size) after"
        }
        throw PluginLoadError("\(path) changed while it was copied (\(lastChange)); still being written?")
    }

    /// The first check, on the file before dlopen: dlopen already runs the plugin's
    /// constructors and registers its Swift metadata with the host's runtime. Every Swift plugin
    /// carries the stamp section (FunctionABI's C part, abi.c), and it must be the host's own.
    /// A file without the section (a C plugin) goes on to dlopen; the descriptor's stamp is
    /// checked again in `check`.
    static func checkToolchainSection(of path: String) throws(PluginLoadError) {
        #if os(Linux)
            let section: [UInt8]?
            do throws(ELFSectionReader.Malformed) {
                section = try ELFSectionReader.contents(
                    ofSection: AVR_TOOLCHAIN_SECTION, inFileAt: path)
            } catch {
                throw PluginLoadError("malformed ELF file: \(error)")
            }
            guard let section else { return }
            let stamp = String(decoding: section.prefix { $0 != 0 }, as: UTF8.self)
            let host = String(cString: avr_toolchain_note())
            guard stamp == host else { throw toolchainMismatch(plugin: stamp, host: host) }
        #endif
    }

    static func toolchainMismatch(plugin: String, host: String) -> PluginLoadError {
        PluginLoadError(
            "toolchain mismatch: plugin built with \"\(plugin)\", host built with \"\(host)\"; rebuild the plugin with the host's Swift toolchain"
        )
    }

    /// The handshake: version first, then sizes, stamp, and each function's fields.
    static func check(_ descriptor: UnsafePointer<avr_plugin>) throws(PluginLoadError) {
        // Only the two leading fields are read until struct_size proves the rest exists: a
        // plugin from another ABI may have a shorter struct at the end of a mapping.
        let raw = UnsafeRawPointer(descriptor)
        let abiVersion = raw.load(
            fromByteOffset: MemoryLayout<avr_plugin>.offset(of: \.abi_version)!, as: UInt32.self)
        guard abiVersion == AVR_FUNCTION_ABI_VERSION else {
            throw PluginLoadError(
                "ABI version \(abiVersion) not supported (host speaks \(AVR_FUNCTION_ABI_VERSION))")
        }
        let structSize = raw.load(
            fromByteOffset: MemoryLayout<avr_plugin>.offset(of: \.struct_size)!, as: UInt32.self)
        guard structSize >= MemoryLayout<avr_plugin>.size else {
            throw PluginLoadError(
                "avr_plugin struct_size \(structSize) is smaller than \(MemoryLayout<avr_plugin>.size)"
            )
        }
        let plugin = descriptor.pointee
        guard plugin.function_struct_size >= MemoryLayout<avr_function>.size else {
            throw PluginLoadError(
                "avr_function struct_size \(plugin.function_struct_size) is smaller than \(MemoryLayout<avr_function>.size)"
            )
        }
        if let stamp = plugin.toolchain_stamp.map({ String(cString: $0) }), stamp != AVRToolchain.stamp {
            throw toolchainMismatch(plugin: stamp, host: AVRToolchain.stamp)
        }
        guard plugin.function_count > 0, plugin.function_count <= 256, plugin.functions != nil else {
            throw PluginLoadError("plugin offers no functions")
        }
        let stride = Int(plugin.function_struct_size)
        var names = Set<String>()
        for index in 0..<Int(plugin.function_count) {
            let function = UnsafeRawPointer(plugin.functions!).advanced(by: index * stride)
                .assumingMemoryBound(to: avr_function.self).pointee
            guard function.struct_size >= MemoryLayout<avr_function>.size else {
                throw PluginLoadError("function #\(index): struct_size \(function.struct_size) too small")
            }
            guard let rawName = function.name, function.invoke != nil,
                function.description != nil, function.parameters_schema_json != nil
            else {
                throw PluginLoadError(
                    "function #\(index): name, description, schema and invoke are required")
            }
            let name = String(cString: rawName)
            guard PluginValidation.isValidFunctionName(name) else {
                throw PluginLoadError("function #\(index): invalid name \"\(name)\"")
            }
            guard names.insert(name).inserted else {
                throw PluginLoadError("duplicate function name \"\(name)\" within the plugin")
            }
            guard JSONValue(parsing: String(cString: function.parameters_schema_json)) != nil else {
                throw PluginLoadError("function \(name): parameters schema is not valid JSON")
            }
        }
    }
}
