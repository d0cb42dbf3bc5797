import Foundation

/// A JSON value as the FFI bridge reads and writes it; integers keep all 64 bits.
///
/// Our own model (not `JSONSerialization`) so that `1`, `1.5`, `true` and
/// `18446744073709551615` stay distinct and exact, and objects keep their key order on output.
enum FFIJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([FFIJSON])
    case object([(key: String, value: FFIJSON)])

    static func == (lhs: FFIJSON, rhs: FFIJSON) -> Bool { lhs.text == rhs.text }

    /// Parses JSON text; nil when it is not valid JSON.
    static func parse(_ data: Data) -> FFIJSON? {
        try? JSONDecoder().decode(FFIJSON.self, from: data)
    }

    /// The member named `key` of an object.
    subscript(key: String) -> FFIJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A short name of the JSON kind, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .unsigned, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension FFIJSON: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            // Sorted so that object order does not depend on the decoder's hashing.
            let keys = keyed.allKeys.sorted { $0.stringValue < $1.stringValue }
            self = .object(try keys.map { ($0.stringValue, try keyed.decode(FFIJSON.self, forKey: $0)) })
        } else if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [FFIJSON] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(FFIJSON.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            // Order matters: Bool before numbers, exact integers before Double.
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Int64.self) {
                self = .integer(value)
            } else if let value = try? single.decode(UInt64.self) {
                self = .unsigned(value)
            } else if let value = try? single.decode(Double.self) {
                self = .double(value)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }
}
