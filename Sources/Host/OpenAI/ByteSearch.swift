import Glibc

/// Finds bytes in bytes with memchr and memcmp: the generic `firstRange(of:)` walks the
/// collection through protocol witnesses and showed up in profiles of the stream decoding.
enum ByteSearch {
    /// The index just past the first occurrence of `needle` in `haystack`, if any.
    static func end(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = haystack.baseAddress, let first = needle.first, haystack.count >= needle.count else {
            return nil
        }
        var start = 0
        let lastStart = haystack.count - needle.count
        while start <= lastStart {
            guard let hit = memchr(base + start, Int32(first), lastStart - start + 1) else { return nil }
            let index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            let matches = needle.withUnsafeBytes { memcmp(base + index, $0.baseAddress!, needle.count) == 0 }
            if matches { return index + needle.count }
            start = index + 1
        }
        return nil
    }

    /// The index of the first `byte` in `haystack[start..<end]`, if any.
    static func index(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard let base = haystack.baseAddress, start < end, let hit = memchr(base + start, Int32(byte), end - start)
        else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// Whether `bytes` are exactly `expected`: a length check and memcmp (the generic
    /// `elementsEqual` cost about a thousand instructions a comparison in the SSE parser).
    static func equals(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ expected: [UInt8]) -> Bool {
        guard bytes.count == expected.count, let base = bytes.base.baseAddress else { return false }
        return expected.withUnsafeBytes { memcmp(base + bytes.startIndex, $0.baseAddress!, expected.count) == 0 }
    }

    /// Whether `needle` occurs in the UTF-8 of `text`.
    static func contains(_ needle: [UInt8], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { end(of: needle, in: $0) } != nil
    }
}
