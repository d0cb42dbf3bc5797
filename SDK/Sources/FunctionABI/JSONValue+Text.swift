/// Compact JSON text, written directly (the host does this on every turn, so it avoids
/// `JSONEncoder`); object members in their order, integers exact and without ".0".
extension JSONValue {
    public var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    public func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .unsigned(let value): output += String(value)
        case .number(let value):
            if abs(value) < 9e15, let integer = Int64(exactly: value) {
                output += String(integer)
            } else if value.isFinite {
                output += "\(value)"
            } else {
                output += "null"  // JSON has no NaN or infinity
            }
        case .string(let value): value.writeJSONString(to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                member.key.writeJSONString(to: &output)
                output += ":"
                member.value.write(to: &output)
            }
            output += "}"
        }
    }
}

extension String {
    /// Appends this string as a quoted JSON string literal.
    public func writeJSONString(to output: inout String) {
        output += "\""
        var pending = startIndex
        for index in unicodeScalars.indices {
            let scalar = unicodeScalars[index]
            let escaped: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case "\u{2028}": "\\u2028"
                case "\u{2029}": "\\u2029"
                default: scalar.value < 0x20 ? Self.controlEscape(scalar.value) : nil
                }
            if let escaped {
                output += self[pending..<index]
                output += escaped
                pending = unicodeScalars.index(after: index)
            }
        }
        output += self[pending...]
        output += "\""
    }

    private static func controlEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
