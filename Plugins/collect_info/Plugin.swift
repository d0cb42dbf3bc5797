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
            try Self.append(arguments.jsonText + "\n", to: file.path)
        } catch {
            host.log(.error, "collect_info: \(error)", uuid: context.uuid)
            return .failure("Sorry, I could not save your details.")
        }
        return .success("Thank you, I have noted that.", data: .object(["saved": .bool(true)]))
    }

    /// Keeps only [A-Za-z0-9_-] so no uuid ("../../x", "/etc/passwd") leaves the folder. When
    /// that changed the uuid, ".<hash>" of the original keeps hostile uuids apart; the "." never
    /// occurs in a kept uuid, so such a name cannot equal a normal `<uuid>`.
    static func safeFileName(for uuid: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        let cleaned = String(uuid.map { allowed.contains($0) ? $0 : "_" }.prefix(128))
        if !cleaned.isEmpty, cleaned == uuid { return uuid }
        let base = cleaned.isEmpty || cleaned.allSatisfy({ $0 == "_" }) ? "no-uuid" : cleaned
        return base + "." + stableHash(uuid)
    }

    /// FNV-1a 64 as 16 hex digits: the same on every run and build (unlike `Hasher`).
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// One `write` on an O_APPEND descriptor: the kernel places each record at the end, so
    /// concurrent instances (old and new during a reload) neither truncate nor interleave.
    static func append(_ line: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw AppendError("open \(path): errno \(errno)") }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        var written: Int
        repeat {
            written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            throw AppendError("write \(path): \(written < 0 ? "errno \(errno)" : "short write")")
        }
    }

    struct AppendError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

@_cdecl("avr_plugin_entry")
public func avrPluginEntry() -> UnsafeRawPointer {
    AVRPluginExport.make(CollectInfoFunction.self)
}
