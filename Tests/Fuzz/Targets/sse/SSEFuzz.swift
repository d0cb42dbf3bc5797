import Foundation

/// Fuzzes the reading of OpenAI's stream: the SSE parser, the event decoding and the delta
/// scanner (the hot path that reads `delta` without a JSON decoder).
///
/// Properties: the events do not depend on how the bytes were split into reads; decoding an
/// event never traps; where the scanner reads a delta, it is the event's own top-level `delta`.
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

/// Where the scanner reads a delta, the event must be a JSON object whose one top-level `delta` is
/// that string (the host's own JSON reader says). A `delta` nested deeper, or in another key,
/// must leave the event to the decoder (nil); two top-level ones are the decoder's choice.
private func checkDeltaScanner(_ data: String) {
    guard let scanned = DeltaScanner.delta(in: data), let deltas = topLevelDeltas(Array(data.utf8)),
        deltas.count < 2
    else { return }
    require(
        deltas == [scanned],
        "the scanner read \(scanned.debugDescription), the top-level deltas are \(deltas)")
}

/// The top-level `delta` members of a JSON object (nil for one that is not a string); nil when
/// the text is not a JSON object.
private func topLevelDeltas(_ utf8: [UInt8]) -> [String?]? {
    try? JSONFieldReader.read(utf8, maxDepth: 64) { reader throws(JSONFieldReader.Failure) in
        guard reader.nextKind() == .object else { throw JSONFieldReader.Failure(reason: "not an object") }
        var deltas: [String?] = []
        try reader.readObject(depth: 1) { reader, key throws(JSONFieldReader.Failure) in
            if key == "delta", reader.nextKind() == .string {
                deltas.append(try reader.readString())
            } else {
                if key == "delta" { deltas.append(nil) }
                try reader.skipValue(depth: 2)
            }
        }
        try reader.finish()
        return deltas
    }
}
