import Hummingbird

/// Decodes `%XX` escapes of a URL path segment (RFC 3986), so `x%2Fy` names `x/y` and
/// `caf%C3%A9` names `café`. The router matches raw segments; values are decoded here, once.
enum PercentDecoding {
    struct Failure: Error {
        var message: String
    }

    static func decode(_ segment: some StringProtocol) throws(Failure) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(segment.utf8.count)
        var iterator = segment.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw Failure(message: "\"\(segment)\" has a % that is not followed by two hex digits")
            }
            bytes.append(high << 4 | low)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(message: "\"\(segment)\" does not decode to UTF-8 text")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Parameters {
    /// A path parameter with its percent escapes decoded; a malformed escape is a 400.
    func requireDecoded(_ name: String) throws -> String {
        do {
            return try PercentDecoding.decode(require(name))
        } catch let failure as PercentDecoding.Failure {
            throw APIError(.badRequest, "the path parameter \(name) is not valid: \(failure.message)")
        }
    }
}
