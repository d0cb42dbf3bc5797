/// The escapes of JSON strings, shared by `JSONValue.parse` and the host's own one-pass reader
/// of request bodies, so that both accept and decode exactly the same strings.
public enum JSONEscape {
    /// Decodes the escape whose letter is at `position` (just after the backslash), appends its
    /// UTF-8 to `text` and moves `position` past it; a lone surrogate becomes U+FFFD.
    public static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, into text: inout [UInt8]
    ) throws(JSONValue.ParseError) {
        guard position < bytes.count else {
            throw JSONValue.ParseError(reason: "a string is not closed", offset: position)
        }
        let letter = bytes[position]
        position += 1
        if let simple = simpleEscapes[letter] {
            text.append(simple)
            return
        }
        guard letter == UInt8(ascii: "u") else {
            throw JSONValue.ParseError(reason: "an invalid escape", offset: position - 1)
        }
        var scalar = try hexQuad(bytes, at: &position)
        if (0xD800..<0xDC00).contains(scalar), bytes[position...].starts(with: #"\u"#.utf8) {
            let save = position
            position += 2
            let low = try hexQuad(bytes, at: &position)
            if (0xDC00..<0xE000).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
                position = save
            }
        }
        text.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
    }

    private static let simpleEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
        UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
    ]

    private static func hexQuad(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int
    ) throws(JSONValue.ParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < bytes.count, let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
                throw JSONValue.ParseError(reason: "\\u must be followed by four hex digits", offset: position)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
