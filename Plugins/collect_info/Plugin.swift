import Foundation
import FunctionABI

/// Appends what the model collected to a per-call file `<data_dir>/<uuid>.txt`.
struct CollectInfoFunction: AVRFunction {
    typealias Arguments = JSONValue

    static let name = "collect_info"
    static let description =
        "Saves information the caller gave (name, phone, email, reason for calling) for follow-up."
    static let parametersSchema = """
        {"type":"object","properties":{\
        "name":{"type":"string","description":"The caller's name."},\
        "phone":{"type":"string","description":"A phone number to call back."},\
        "email":{"type":"string","description":"An email address."},\
        "reason":{"type":"string","description":"Why the caller called."}},\
        "required":[]}
        """
    static let version = "1.0.0"

    let folder: URL
    let host: PluginHost
    /// Appends from concurrent calls must not interleave within one file.
    let writeLock = NSLock()

    init(settings: PluginSettings, host: PluginHost) throws {
        folder = URL(fileURLWithPath: settings.string("data_dir") ?? "files", isDirectory: true)
        self.host = host
    }

    func call(_ arguments: JSONValue, context: CallContext) -> FunctionResult {
        guard case .object = arguments else {
            return .failure(
                "I could not save that.", data: .object(["error": .string("arguments must be an object")]))
        }
        let file = folder.appendingPathComponent(Self.safeFileName(for: context.uuid) + ".txt")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try writeLock.withLock { try Self.append(arguments.jsonText + "\n", to: file) }
        } catch {
            host.log(.error, "collect_info: \(error)", uuid: context.uuid)
            return .failure("Sorry, I could not save your details.")
        }
        return .success("Thank you, I have noted that.", data: .object(["saved": .bool(true)]))
    }

    /// Keeps only [A-Za-z0-9_-] so no uuid ("../../x", "/etc/passwd") leaves the folder.
    static func safeFileName(for uuid: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        let cleaned = String(uuid.map { allowed.contains($0) ? $0 : "_" }.prefix(128))
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "_" }) ? "no-uuid" : cleaned
    }

    static func append(_ line: String, to file: URL) throws {
        if !FileManager.default.fileExists(atPath: file.path) {
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}

@_cdecl("avr_plugin_entry")
public func avrPluginEntry() -> UnsafeRawPointer {
    AVRPluginExport.make(CollectInfoFunction.self)
}
