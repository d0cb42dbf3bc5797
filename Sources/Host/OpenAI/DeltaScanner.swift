/// Reads the `delta` string of a `response.output_text.delta` event without a JSON decoder.
///
/// These events are most of a stream and the text is all the host needs from them, so this
/// is the hot path. Anything unexpected returns nil and the caller decodes the event fully.
enum DeltaScanner {
    private static let key = Array(#""delta":""#.utf8)

    static func delta(in data: String) -> String? {
        var data = data
        return data.withUTF8 { bytes in
            guard let start = ByteSearch.end(of: key, in: bytes), isTopLevelKey(in: bytes, at: start - key.count)
            else { return nil }
            // Most words have no escapes: then the text is the bytes up to the closing quote.
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"),
                bytes[end] >= 0x20
            {
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            return decodeString(bytes, from: start)
        }
    }

    /// Whether the key found at `keyStart` is a member of the event object itself, not of an
    /// object nested in it (a `{"delta": ...}` inside another field) nor the end of another key
    /// (`"a\"delta"`): it follows `{` or `,`, and nothing before it opens an object or array but
    /// the event's own `{`. OpenAI's events put no object before `delta`; a brace inside an earlier
    /// string only costs the full decode.
    private static func isTopLevelKey(in bytes: UnsafeBufferPointer<UInt8>, at keyStart: Int) -> Bool {
        var before = keyStart - 1
        while before >= 0,
            bytes[before] == 0x20 || bytes[before] == 0x09 || bytes[before] == 0x0A || bytes[before] == 0x0D
        {
            before -= 1
        }
        guard before >= 0, bytes[before] == UInt8(ascii: "{") || bytes[before] == UInt8(ascii: ",") else {
            return false
        }
        guard let open = ByteSearch.index(of: UInt8(ascii: "{"), in: bytes, from: 0, to: keyStart) else {
            return false
        }
        return ByteSearch.index(of: UInt8(ascii: "{"), in: bytes, from: open + 1, to: keyStart) == nil
            && ByteSearch.index(of: UInt8(ascii: "["), in: bytes, from: 0, to: keyStart) == nil
    }

    /// Decodes JSON string content from `start` up to the closing quote.
    private static func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> String? {
        var output: [UInt8] = []
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { return nil }
                index += 1
                switch bytes[index] {
                case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "u"):
                    // \u escapes (and surrogate pairs) are rare in text: leave them to the decoder.
                    return nil
                default: return nil
                }
            case 0..<0x20:
                return nil  // raw control characters are invalid JSON
            default:
                output.append(byte)
            }
            index += 1
        }
        return nil
    }
}
