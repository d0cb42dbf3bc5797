import FunctionABI

/// One argument or result of a C call, already checked against its declared type.
enum FFIValue: Sendable, Equatable {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Float)
    case double(Double)
    case bool(Bool)
    /// nil for a NULL result.
    case string(String?)
    case void

    /// The value as given to the model. Non-finite floats have no JSON spelling: they become
    /// null, and `nonFiniteName` says which one it was.
    var json: JSONValue {
        switch self {
        case .signed(let value): .integer(value)
        case .unsigned(let value): .unsigned(value)
        // Via the shortest Float spelling, so 0.1f reads 0.1 and not 0.10000000149011612.
        case .float(let value): value.isFinite ? .number(Double("\(value)") ?? Double(value)) : .null
        case .double(let value): value.isFinite ? .number(value) : .null
        case .bool(let value): .bool(value)
        case .string(let value): value.map(JSONValue.string) ?? .null
        case .void: .null
        }
    }

    /// "NaN", "Infinity" or "-Infinity" (JavaScript's names) for a non-finite float; else nil.
    var nonFiniteName: String? {
        let number: Double
        switch self {
        case .float(let value): number = Double(value)
        case .double(let value): number = value
        default: return nil
        }
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return nil
    }

    /// The value as words in a spoken message.
    var spokenText: String {
        switch nonFiniteName {
        case "NaN": return "not a number"
        case "Infinity": return "infinity"
        case "-Infinity": return "minus infinity"
        default: break
        }
        switch self {
        case .signed(let value): return String(value)
        case .unsigned(let value): return String(value)
        case .float, .double:
            return json.jsonText
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return value ?? ""
        case .void: return ""
        }
    }
}
