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

/// Reads of one byte, and reads cut where the input's own bytes say, give the same events.
private func checkSplits(_ bytes: [UInt8], events: [SSEEvent], retry: Int?) {
    var byByte = SSEParser()
    let byteEvents = bytes.flatMap { byByte.feed(CollectionOfOne($0)) }
    require(byteEvents == events, "byte by byte: \(byteEvents), at once: \(events)")
    require(byByte.retryMilliseconds == retry, "retry \(String(describing: byByte.retryMilliseconds))")

    var cut = SSEParser()
    var cutEvents: [SSEEvent] = []
    var position = 0
    while position < bytes.count {
        let end = min(bytes.count, position + 1 + Int(bytes[position] % 17))
        cutEvents += cut.feed(bytes[position..<end])
        position = end
    }
    require(cutEvents == events, "cut into pieces: \(cutEvents), at once: \(events)")
}

private let deltaKey = Array(#""delta":""#.utf8)

/// When `"delta":"` occurs once and JSON decoding finds a top-level string `delta`, the scanner
/// must read that string or leave it to the decoder (nil); it must never read another text.
private func checkDeltaScanner(_ data: String) {
    guard let scanned = DeltaScanner.delta(in: data) else { return }
    let utf8 = Array(data.utf8)
    let occurrences = utf8.indices.lazy.filter { utf8[$0...].starts(with: deltaKey) }.prefix(2).count
    guard occurrences == 1,
        let object = try? JSONSerialization.jsonObject(with: Data(utf8)) as? [String: Any],
        let decoded = object["delta"] as? String
    else { return }
    require(scanned == decoded, "the scanner read \(scanned.debugDescription), JSON says \(decoded.debugDescription)")
}
