import FunctionABI

/// Turns the model's JSON arguments into checked C values; never truncates or guesses.
enum FFIArgumentConverter {
    /// Why the arguments were refused, phrased for the model.
    struct Failure: Error {
        var reason: String
    }

    static func convert(
        argumentsJSON: String, parameters: [FFIDeclaration.Parameter]
    ) throws(Failure) -> [FFIValue] {
        guard let json = try? JSONValue.parse(argumentsJSON) else {
            throw Failure(reason: "arguments are not valid JSON")
        }
        guard case .object(let members) = json else {
            throw Failure(reason: "arguments must be a JSON object, got \(json.kindName)")
        }
        if let extra = members.first(where: { member in !parameters.contains { $0.name == member.key } }
        ) {
            throw Failure(reason: "unexpected argument \"\(extra.key)\"")
        }
        var values: [FFIValue] = []
        for parameter in parameters {
            guard let value = json[parameter.name] else {
                throw Failure(reason: "missing argument \"\(parameter.name)\"")
            }
            do {
                values.append(try convert(value, to: parameter.type))
            } catch {
                throw Failure(reason: "argument \"\(parameter.name)\": \(error.reason)")
            }
        }
        return values
    }

    static func convert(_ value: JSONValue, to type: FFIType) throws(Failure) -> FFIValue {
        switch type {
        case .bool:
            guard case .bool(let flag) = value else { throw mismatch("a boolean", value) }
            return .bool(flag)
        case .string:
            guard case .string(let text) = value else { throw mismatch("a string", value) }
            // A C string ends at the first NUL; the function would see a shorter string.
            guard !text.utf8.contains(0) else {
                throw Failure(reason: "a string with a NUL character cannot be passed to C")
            }
            return .string(text)
        case .float, .double:
            return try number(value, type: type)
        case .void:
            throw Failure(reason: "void is not a parameter type")
        default:
            return try integer(value, type: type)
        }
    }

    private static func number(_ value: JSONValue, type: FFIType) throws(Failure) -> FFIValue {
        let number: Double
        switch value {
        case .number(let double): number = double
        case .integer(let int):
            guard let exact = Double(exactly: int) else {
                throw Failure(reason: "\(int) cannot be represented exactly as \(type)")
            }
            number = exact
        case .unsigned(let uint):
            guard let exact = Double(exactly: uint) else {
                throw Failure(reason: "\(uint) cannot be represented exactly as \(type)")
            }
            number = exact
        default: throw mismatch("a number", value)
        }
        guard type == .float else { return .double(number) }
        guard abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw Failure(reason: "\(value.jsonText) is out of range for float")
        }
        return .float(Float(number))
    }

    private static func integer(_ value: JSONValue, type: FFIType) throws(Failure) -> FFIValue {
        guard let range = type.integerRange else {
            throw Failure(reason: "\(type) is not an integer type")
        }
        let outOfRange = Failure(
            reason: "\(value.jsonText) is out of range for \(type) (\(range.min)...\(range.max))")
        switch value {
        case .integer(let int):
            if int < range.min || (int > 0 && UInt64(int) > range.max) { throw outOfRange }
            return type.isSigned ? .signed(int) : .unsigned(UInt64(int))
        case .unsigned(let uint):
            if uint > range.max { throw outOfRange }
            return type.isSigned ? .signed(Int64(uint)) : .unsigned(uint)
        case .number(let double):
            // `2.0` is an integer in JSON Schema; `1.5` or `1e300` is not one we can pass exactly.
            guard double.isFinite, double == double.rounded() else {
                throw Failure(reason: "expected an integer, got \(value.jsonText)")
            }
            // `+ 1` and `>=`: Double(UInt64.max) rounds up to 2^64, itself out of range.
            if double < Double(range.min) || double >= Double(range.max) + 1 { throw outOfRange }
            guard abs(double) <= 9_007_199_254_740_992 else {
                throw Failure(
                    reason: "\(value.jsonText) is not an exact integer; write it without a fraction or exponent")
            }
            return try integer(.integer(Int64(double)), type: type)
        default:
            throw mismatch("an integer", value)
        }
    }

    private static func mismatch(_ expected: String, _ value: JSONValue) -> Failure {
        Failure(reason: "expected \(expected), got \(value.kindName)")
    }
}
