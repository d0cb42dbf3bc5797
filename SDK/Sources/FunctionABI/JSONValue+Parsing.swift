/// Reading JSON text: one pass over the UTF-8 bytes, keeping member order and exact integers.
extension JSONValue {
    /// Why text is not JSON, and the byte where reading stopped.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        public var offset: Int

        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Deepest nesting `parse` accepts; deeper text is refused instead of risking the stack.
    public static let maxDepth = 512

    /// Parses JSON text; throws with the reason and byte offset when it is not valid JSON.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> JSONValue {
        try Array(bytes).withUnsafeBufferPointer { buffer throws(ParseError) in
            var parser = Parser(bytes: buffer)
            let value = try parser.value(depth: 1)
            parser.skipWhitespace()
            guard parser.position == buffer.count else { throw parser.fail("unexpected text after the JSON value") }
            return value
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// Valid only inside `JSONValue.parse`, which owns the bytes.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    mutating func value(depth: Int) throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw fail("a value is missing") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth))
        case UInt8(ascii: "["): return .array(try array(depth: depth))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    private mutating func object(depth: Int) throws(JSONValue.ParseError) -> JSONObject {
        try enter(depth)
        var members = JSONObject()
        if consume("}") { return members }
        repeat {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected '\"'") }
            let key = try string()
            guard consume(":") else { throw fail("expected ':'") }
            // A repeated key: the last value wins, as in most parsers.
            members[key] = try value(depth: depth + 1)
        } while try continues(closing: UInt8(ascii: "}"))
        return members
    }

    private mutating func array(depth: Int) throws(JSONValue.ParseError) -> [JSONValue] {
        try enter(depth)
        var elements: [JSONValue] = []
        if consume("]") { return elements }
        repeat {
            elements.append(try value(depth: depth + 1))
        } while try continues(closing: UInt8(ascii: "]"))
        return elements
    }

    /// Steps over the opening bracket of a container at nesting level `depth`.
    private mutating func enter(_ depth: Int) throws(JSONValue.ParseError) {
        guard depth <= JSONValue.maxDepth else {
            throw fail("the JSON is nested deeper than \(JSONValue.maxDepth) levels")
        }
        position += 1
    }

    /// After a member or element: true when a comma follows, false when the closer does.
    private mutating func continues(closing closer: UInt8) throws(JSONValue.ParseError) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw fail("an object or array is not closed") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closer { return false }
        throw fail("expected ',' or '\(Character(Unicode.Scalar(closer)))'", at: position - 1)
    }

    /// A string starting at its opening quote, escapes decoded; the text must be valid UTF-8.
    private mutating func string() throws(JSONValue.ParseError) -> String {
        let quote = position
        position += 1
        var text: [UInt8] = []
        while true {
            guard position < bytes.count else { throw fail("a string is not closed", at: quote) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
            position += 1
            if byte == UInt8(ascii: "\\") {
                try JSONEscape.decode(bytes, at: &position, into: &text)
            } else {
                text.append(byte)
            }
        }
        position += 1
        guard let decoded = String(validating: text, as: UTF8.self) else {
            throw fail("a string is not valid UTF-8", at: quote)
        }
        return decoded
    }

    /// An integer literal that fits 64 bits stays exact; any other number becomes a Double.
    private mutating func number() throws(JSONValue.ParseError) -> JSONValue {
        let start = position
        _ = take("-")
        let first = position
        guard digits() > 0 else { throw fail("expected a value", at: start) }
        guard bytes[first] != UInt8(ascii: "0") || position - first == 1 else {
            throw fail("a number must not start with 0", at: first)
        }
        var whole = true
        if take(".") {
            whole = false
            guard digits() > 0 else { throw fail("a number has no digits after '.'") }
        }
        if take("e") || take("E") {
            whole = false
            _ = take("+") || take("-")
            guard digits() > 0 else { throw fail("a number has no digits in its exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if whole, let integer = Int64(text) { return .integer(integer) }
        if whole, let unsigned = UInt64(text) { return .unsigned(unsigned) }
        guard let double = Double(text), double.isFinite else { throw fail("a number is out of range", at: start) }
        return .number(double)
    }

    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        return position - start
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        guard bytes[position...].starts(with: word.utf8) else { throw fail("expected a value") }
        position += word.utf8.count
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// Takes `character` after any white space if it comes next.
    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        skipWhitespace()
        return take(character)
    }

    /// Takes `character` if it comes next, without skipping white space (inside a number).
    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    func fail(_ reason: String, at offset: Int? = nil) -> JSONValue.ParseError {
        JSONValue.ParseError(reason: reason, offset: offset ?? position)
    }
}
