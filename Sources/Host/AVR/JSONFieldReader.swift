import FunctionABI

/// Reads a JSON document in one pass, building only the values its caller asks for.
///
/// A request body is outsider input: everything it does not ask for is skipped by a scanner that
/// checks the syntax without building anything, so a body costs time in proportion to its size,
/// however deep or wide the parts the host ignores are.
struct JSONFieldReader {
    /// What is wrong with the document, in words for the client.
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// The document; valid only inside `read(_:maxDepth:_:)`.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Deepest nesting accepted anywhere in the document.
    let maxDepth: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Runs `body` with a reader at the start of `document`.
    static func read<Result>(
        _ document: [UInt8], maxDepth: Int, _ body: (inout JSONFieldReader) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try document.withUnsafeBufferPointer { buffer throws(Failure) in
            var reader = JSONFieldReader(buffer, maxDepth: maxDepth)
            return try body(&reader)
        }
    }

    /// The kind of value that starts at the current position.
    enum Kind: Equatable {
        case object, array, string, number, bool, null, end
    }

    mutating func nextKind() -> Kind {
        skipWhitespace()
        guard position < bytes.count else { return .end }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return .number
        }
    }

    /// Calls `member` with each key of the object that starts here; `member` must read or skip
    /// the key's value. `depth` is the object's own nesting level (1 for the document).
    mutating func readObject(depth: Int, _ member: (inout JSONFieldReader, String) throws(Failure) -> Void)
        throws(Failure)
    {
        try enter(depth)
        try expect("{")
        if consume("}") { return }
        repeat {
            let key = try readString()
            try expect(":")
            try member(&self, key)
        } while try continues(closing: UInt8(ascii: "}"))
    }

    /// Calls `element` with the index of each element of the array that starts here; `element`
    /// must read or skip it.
    mutating func readArray(depth: Int, _ element: (inout JSONFieldReader, Int) throws(Failure) -> Void)
        throws(Failure)
    {
        try enter(depth)
        try expect("[")
        if consume("]") { return }
        var index = 0
        repeat {
            try element(&self, index)
            index += 1
        } while try continues(closing: UInt8(ascii: "]"))
    }

    /// Reads a string value, escapes decoded; the text must be valid UTF-8.
    mutating func readString() throws(Failure) -> String {
        try expect("\"")
        let start = position
        var decoded: [UInt8]?
        while true {
            guard position < bytes.count else { throw fail("a string is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw fail("a control character must be escaped inside a string") }
            if byte == UInt8(ascii: "\\") {
                if decoded == nil { decoded = Array(bytes[start..<position]) }
                position += 1
                try decodeEscape(into: &decoded!)
                continue
            }
            decoded?.append(byte)
            position += 1
        }
        defer { position += 1 }
        let text =
            if let decoded { String(validating: decoded, as: UTF8.self) } else {
                String(validating: bytes[start..<position], as: UTF8.self)
            }
        guard let text else { throw fail("a string is not valid UTF-8") }
        return text
    }

    /// Skips the value that starts here after checking its syntax, without building it.
    mutating func skipValue(depth: Int) throws(Failure) {
        // Closing brackets still owed, innermost last: a bounded stack instead of recursion.
        var closers: [UInt8] = []
        value: while true {
            switch nextKind() {
            case .object, .array:
                try enter(depth + closers.count)
                let closer: UInt8 = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                position += 1
                if consumeByte(closer) { break }
                closers.append(closer)
                if closer == UInt8(ascii: "}") { try skipKey() }
                continue value
            case .string: try skipString()
            case .bool, .null: try skipLiteral()
            case .number: try skipNumber()
            case .end: throw fail("a value is missing")
            }
            // A value ended: close every container that ends with it, then go on to the next value.
            while let closer = closers.last {
                if try !continues(closing: closer) {
                    closers.removeLast()
                    continue
                }
                if closer == UInt8(ascii: "}") { try skipKey() }
                continue value
            }
            return
        }
    }

    /// Checks that nothing but white space follows the document.
    mutating func finish() throws(Failure) {
        guard nextKind() == .end else { throw fail("unexpected text after the JSON value") }
    }

    // MARK: - Scanning

    private mutating func enter(_ depth: Int) throws(Failure) {
        guard depth <= maxDepth else {
            throw Failure(reason: "the JSON is nested deeper than \(maxDepth) levels")
        }
    }

    /// After a member or element: true when a comma follows, false when the closer does.
    private mutating func continues(closing closer: UInt8) throws(Failure) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw fail("an object or array is not closed") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closer { return false }
        throw fail("expected ',' or '\(Character(Unicode.Scalar(closer)))'")
    }

    private mutating func skipKey() throws(Failure) {
        skipWhitespace()
        try skipString()
        try expect(":")
    }

    private mutating func skipString() throws(Failure) {
        try expect("\"")
        var scratch: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                try decodeEscape(into: &scratch)
                scratch.removeAll(keepingCapacity: true)
            case 0..<0x20: throw fail("a control character must be escaped inside a string")
            default: continue
            }
        }
        throw fail("a string is not closed")
    }

    private mutating func skipLiteral() throws(Failure) {
        for word in ["true", "false", "null"] where bytes[position...].starts(with: word.utf8) {
            position += word.utf8.count
            return
        }
        throw fail("expected a value")
    }

    private mutating func skipNumber() throws(Failure) {
        let start = position
        _ = take("-")
        guard skipDigits() > 0 else { throw fail("expected a value", at: start) }
        if take(".") { guard skipDigits() > 0 else { throw fail("a number has no digits after '.'") } }
        if take("e") || take("E") {
            _ = take("+") || take("-")
            guard skipDigits() > 0 else { throw fail("a number has no digits in its exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        return position - start
    }

    /// Decodes the escape after a backslash, as `JSONValue.parse` does.
    private mutating func decodeEscape(into text: inout [UInt8]) throws(Failure) {
        do {
            try JSONEscape.decode(bytes, at: &position, into: &text)
        } catch {
            throw Failure(reason: error.description)
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func consumeByte(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        consumeByte(UInt8(ascii: character))
    }

    /// Takes `character` if it comes next, without skipping white space (inside a number).
    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(Failure) {
        guard consume(character) else { throw fail("expected '\(character)'") }
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> Failure {
        Failure(reason: "\(reason) at byte \(offset ?? position)")
    }
}
