/// A decoding failure in words a model (and a plugin author) can act on: the field's path and
/// what was wrong, instead of the whole `DecodingError` value with its coding path dump.
extension DecodingError {
    public var summary: String {
        switch self {
        case .typeMismatch(let type, let context): "\(Self.path(context, "")): expected \(Self.name(type))"
        case .valueNotFound(let type, let context): "\(Self.path(context, "")): expected \(Self.name(type)), got null"
        case .keyNotFound(let key, let context): "\(Self.path(context, key.stringValue)): missing"
        case .dataCorrupted(let context): "\(Self.path(context, "")): \(context.debugDescription)"
        @unknown default: "\(self)"
        }
    }

    /// `items[2].name`; `(arguments)` for the top level.
    private static func path(_ context: Context, _ last: String) -> String {
        let keys =
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue } + (last.isEmpty ? [] : [last])
        let joined = keys.reduce("") { path, key in
            key.hasPrefix("[") || path.isEmpty ? path + key : path + "." + key
        }
        return joined.isEmpty ? "(arguments)" : joined
    }

    private static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is any BinaryInteger.Type: "a whole number"
        case is any BinaryFloatingPoint.Type: "a number"
        default: "\(type)"
        }
    }
}
