/// A JSON value, for documents whose shape is open: plugin arguments and data, the host's
/// requests to and answers from OpenAI, MCP messages and the FFI bridge.
///
/// Integers stay exact to 64 bits: `JSONValue.parse` reads a number written without fraction or
/// exponent as `.integer` (or `.unsigned` above `Int64.max`), every other number as `.number`.
/// Numbers compare by value, so `.integer(600) == .number(600)`. Objects keep their members in
/// the order parsed or built, for output; equality ignores that order (see `JSONObject`).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A whole number from `Int64.min` to `Int64.max`.
    case integer(Int64)
    /// A whole number above `Int64.max`; parsing uses `.integer` for every smaller one.
    case unsigned(UInt64)
    /// Any other number: one with a fraction or exponent, or a whole number beyond 64 bits.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Parses JSON text; nil when it is not valid JSON.
    public init?(parsing text: String) {
        guard let value = try? Self.parse(text) else { return nil }
        self = value
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The text of a string, or a number or boolean written as text.
    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        // Int64(exactly:) is nil for fractions and for numbers too large to be integers.
        case .number(let value): Int64(exactly: value).map { String($0) } ?? String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// The text of a JSON string, and nil for every other kind (no conversions).
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// A number, or a string holding one, that is a whole number that fits `Int`.
    public var intValue: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .unsigned(let value): Int(exactly: value)
        // exactly: a huge number (5e20) has no Int and must not trap.
        case .number(let value): Int(exactly: value)
        case .string(let value): Int(value)
        default: nil
        }
    }

    /// Any number as a `Double` (the nearest one for integers beyond 2^53); nil for other kinds.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .unsigned(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The value of a JSON boolean, and nil for every other kind (no conversions).
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// A short name of the JSON kind, for error messages: "a number", "an object".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsigned, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: Hashable {
    /// Equal values of the three number cases meet here: the smallest exact case for the value.
    private enum Number: Hashable {
        case integer(Int64)
        case unsigned(UInt64)
        case double(Double)
    }

    private var number: Number? {
        switch self {
        case .integer(let value): .integer(value)
        case .unsigned(let value): Int64(exactly: value).map(Number.integer) ?? .unsigned(value)
        case .number(let value):
            Int64(exactly: value).map(Number.integer) ?? UInt64(exactly: value).map(Number.unsigned)
                ?? .double(value)
        default: nil
        }
    }

    /// Numbers compare by value (`1 == 1.0`); objects compare without regard to member order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        default: lhs.number.map { $0 == rhs.number } ?? false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value): hasher.combine(value)
        case .integer, .unsigned, .number: hasher.combine(number)
        case .string(let value): hasher.combine(value)
        case .array(let value): hasher.combine(value)
        case .object(let value): hasher.combine(value)
        }
    }
}
