import FunctionABI

/// Renders `FFIJSON` as compact JSON text, members in the order given.
extension FFIJSON {
    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .double(let value):
            // Non-finite values have no JSON spelling; callers turn them into null first.
            out += value.isFinite ? Self.numberText(value) : "null"
        case .string(let value): value.writeJSONString(to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                member.key.writeJSONString(to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Integral values print without ".0" so `pow(2, 10)` reads as 1024.
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
