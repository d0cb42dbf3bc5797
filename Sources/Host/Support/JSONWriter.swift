/// Serialises `JSONValue` to compact JSON text, keeping object members in their given order.
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
        case .number(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                output += String(Int64(value))
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
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += "," }
                key.writeJSONString(to: &output)
                output += ":"
                value.write(to: &output)
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
                default:
                    scalar.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) : nil
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

    /// This string as a quoted JSON string literal.
    public var jsonQuoted: String {
        var output = ""
        writeJSONString(to: &output)
        return output
    }
}
