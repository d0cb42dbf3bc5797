import Foundation
import FunctionABI
import Logging
import Synchronization

/// `LOG_FORMAT=json`: one JSON object per line, for log collectors. `time`, `level`, `message`
/// and `label` come first, then every metadata key at the top level (`uuid`,
/// `openai_request_id`, `plugin`, ...). Secret values are replaced wherever they appear.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let secrets: [String]
    private let write: @Sendable (String) -> Void

    /// Fields of every line; a metadata key with one of these names is written as `meta_<key>`.
    static let reservedKeys: Set<String> = ["time", "level", "message", "label", "source"]
    /// Secrets shorter than this are not searched for: replacing a letter or two everywhere
    /// would garble every line and hide nothing.
    static let shortestRedactedSecret = 6

    /// `write` receives each line, newline included.
    public init(label: String, redacting secrets: [String] = [], write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.secrets = secrets.filter { $0.count >= Self.shortestRedactedSecret }
        self.write = write
    }

    /// Writes to standard error, one whole line per write so concurrent lines never interleave.
    public static func standardError(label: String, redacting secrets: [String] = []) -> JSONLogHandler {
        JSONLogHandler(label: label, redacting: secrets) { line in
            let data = Data(line.utf8)
            StandardErrorLock.lock.withLock { _ in FileHandle.standardError.write(data) }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONValue] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[Self.reservedKeys.contains(key) ? "meta_\(key)" : key] = Self.json(value)
        }
        var line = "{"
        for (key, value) in [
            ("time", JSONValue.string(Date().formatted(Self.timeFormat))),
            ("level", .string(event.level.rawValue)), ("message", .string("\(event.message)")),
            ("label", .string(label)),
        ] {
            JSONValue.string(key).write(to: &line)
            line += ":"
            value.write(to: &line)
            line += ","
        }
        for key in fields.keys.sorted() {
            JSONValue.string(key).write(to: &line)
            line += ":"
            fields[key]!.write(to: &line)
            line += ","
        }
        line.removeLast()
        line += "}\n"
        for secret in secrets { line = line.replacingOccurrences(of: secret, with: "[redacted]") }
        write(line)
    }

    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(JSONObject(values.mapValues(json)))
        }
    }
}

/// Serialises writes to standard error across every handler of the process.
private enum StandardErrorLock {
    static let lock = Mutex(())
}
