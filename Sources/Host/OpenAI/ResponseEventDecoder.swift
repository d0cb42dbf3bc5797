/// Reads the Responses SSE stream on the HTTP client's driver thread and keeps only the events
/// the turn loop acts on, so the turn's task wakes once per read that brings one, not once per
/// read of the stream (most events, like `response.created`, are of no use to it).
/// With a text sink, words go straight to it and are not passed on as events at all.
final class ResponseEventDecoder: HTTPBodyDecoder, @unchecked Sendable {
    typealias Element = Result<ResponseStreamEvent, UndecodableEvent>
    private var parser = SSEParser()
    private let text: ResponseTextSink?

    init(text: ResponseTextSink?) {
        self.text = text
    }

    func decode(_ bytes: [UInt8]) -> [Element] {
        var events: [Element] = []
        for sse in parser.feed(bytes) {
            do {
                let event = try ResponseStreamEvent(sse: sse)
                switch event {
                case .other: continue
                case .textDelta(let words) where text != nil:
                    text?.deliver(words)
                    continue
                default: break
                }
                events.append(.success(event))
            } catch {
                events.append(.failure(UndecodableEvent(type: sse.type)))
            }
        }
        return events
    }
}

/// An event the host needs but could not read; the stream turns it into a protocol violation.
struct UndecodableEvent: Error, Sendable {
    var type: String
}

/// Passes a 2xx body on as it came, for answers read whole.
final class RawBodyDecoder: HTTPBodyDecoder, @unchecked Sendable {
    func decode(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
}
