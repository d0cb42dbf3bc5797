import Foundation

/// Fuzzes the reading of OpenAI's stream: the SSE parser, the event decoding and the delta
/// scanner (the hot path that reads `delta` without a JSON decoder).
///
/// Properties: the events do not depend on how the bytes were split into reads; decoding an
/// event never traps; where the scanner reads a delta, it is the string a JSON decoder reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    var whole = SSEParser()
    let events = whole.feed(bytes)
    checkSplits(bytes, events: events, retry: whole.retryMilliseconds)
    for event in events {
        _ = try? ResponseStreamEvent(sse: event)
        checkDeltaScanner(event.data)
    }
    // The scanner also reads the whole input as one event's data, framing or not.
    checkDeltaScanner(String(decoding: bytes, as: UTF8.self))
    return 0
}

/// Reads cut where the input's own bytes say (1 to 17 bytes each), and reads that end right
/// after each CR (a CRLF split across reads is one line end), give the same events.
private func checkSplits(_ bytes: [UInt8], events: [SSEEvent], retry: Int?) {
    var lengths: [Int] = []
    var position = 0
    while position < bytes.count {
        let end = min(bytes.count, position + 1 + Int(bytes[position] % 17))
        lengths.append(end - position)
        position = end
    }
    checkSplit(bytes, lengths: lengths, events: events, retry: retry, "cut into pieces")
    var start = 0
    lengths = []
    for (index, byte) in bytes.enumerated() where byte == 0x0D {
        lengths.append(index + 1 - start)
        start = index + 1
    }
    lengths.append(bytes.count - start)
    checkSplit(bytes, lengths: lengths, events: events, retry: retry, "cut after each CR")
}

private func checkSplit(_ bytes: [UInt8], lengths: [Int], events: [SSEEvent], retry: Int?, _ how: String) {
    var parser = SSEParser()
    var splitEvents: [SSEEvent] = []
    var position = 0
    for length in lengths {
        splitEvents += parser.feed(bytes[position..<position + length])
        position += length
    }
    require(splitEvents == events, "\(how): \(splitEvents), at once: \(events)")
    require(parser.retryMilliseconds == retry, "\(how): retry \(String(describing: parser.retryMilliseconds))")
}

private let deltaKey = Array(#""delta":""#.utf8)

/// When `"delta":"` occurs once and the host's fallback decoder (`JSONDecoder`) finds a top-level
/// string `delta`, the scanner must read that string or leave it to the decoder (nil); it must
/// never read another text. (Foundation's `JSONSerialization` is no oracle here: it drops a
/// U+FEFF that starts a string.)
private func checkDeltaScanner(_ data: String) {
    guard let scanned = DeltaScanner.delta(in: data) else { return }
    let utf8 = Array(data.utf8)
    guard occurrences(of: deltaKey, in: utf8, upTo: 2) == 1,
        let decoded = try? JSONDecoder().decode(DeltaField.self, from: Data(utf8)).delta
    else { return }
    require(scanned == decoded, "the scanner read \(scanned.debugDescription), JSON says \(decoded.debugDescription)")
}

private struct DeltaField: Decodable {
    var delta: String?
}

private func occurrences(of needle: [UInt8], in haystack: [UInt8], upTo limit: Int) -> Int {
    var found = 0
    var start = 0
    while found < limit, start + needle.count <= haystack.count {
        var index = 0
        while index < needle.count, haystack[start + index] == needle[index] { index += 1 }
        if index == needle.count { found += 1 }
        start += 1
    }
    return found
}
