import AVRHost
import Testing

@Suite("SSE parser")
struct SSEParserTests {
    private func parse(_ text: String, splitEvery size: Int? = nil) -> [SSEEvent] {
        var parser = SSEParser()
        let bytes = Array(text.utf8)
        guard let size else { return parser.feed(bytes) }
        return stride(from: 0, to: bytes.count, by: size).flatMap { start in
            parser.feed(bytes[start..<min(start + size, bytes.count)])
        }
    }

    static let stream = """
        : a comment\r\nevent: response.created\r\ndata: {"a":1}\r\n\r\n\
        event: response.output_text.delta\ndata: {"delta":"héllo 👋"}\n\n\
        data: first line\rdata: second line\r\r\
        id: 7\ndata:no space\n\n
        """

    static let expected = [
        SSEEvent(type: "response.created", data: #"{"a":1}"#),
        SSEEvent(type: "response.output_text.delta", data: #"{"delta":"héllo 👋"}"#),
        SSEEvent(type: "message", data: "first line\nsecond line"),
        SSEEvent(type: "message", data: "no space", lastEventID: "7"),
    ]

    @Test("CRLF, LF and CR line ends, comments, multi-line data, ids")
    func wholeStream() {
        #expect(parse(Self.stream) == Self.expected)
    }

    @Test("the same events whatever the byte boundaries", arguments: [1, 2, 3, 5, 7, 13, 64])
    func splitAnywhere(size: Int) {
        #expect(parse(Self.stream, splitEvery: size) == Self.expected)
    }

    @Test("a CR at the end of one read and an LF at the start of the next make one line end")
    func splitCRLF() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: x\r".utf8)).isEmpty)
        #expect(parser.feed(Array("\n\r".utf8)) == [SSEEvent(data: "x")])
        #expect(parser.feed(Array("\ndata: y\n\n".utf8)) == [SSEEvent(data: "y")])
    }

    @Test("events without data are not dispatched; an unfinished event at the end is dropped")
    func noDataAndUnfinished() {
        #expect(parse("event: ping\n\n: keep-alive\n\ndata: last") == [])
        #expect(parse("data\n\n") == [SSEEvent(data: "")])
    }

    @Test("a leading byte order mark is ignored, a field named only once per line")
    func byteOrderMarkAndFields() {
        #expect(parse("\u{FEFF}data: a\n\n") == [SSEEvent(data: "a")])
        #expect(parse("data: a: b\n\n") == [SSEEvent(data: "a: b")])
        #expect(parse("unknown: x\ndata: y\n\n") == [SSEEvent(data: "y")])
    }

    @Test("retry takes digits only")
    func retry() {
        var parser = SSEParser()
        _ = parser.feed(Array("retry: 1500\nretry: 12x\n".utf8))
        #expect(parser.retryMilliseconds == 1500)
    }

    @Test("a real Responses stream decodes into the events the turn loop uses")
    func responseEvents() throws {
        let stream = """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress"}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":2,"output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"avr_hangup","arguments":"","status":"in_progress"}}

            event: response.function_call_arguments.done
            data: {"type":"response.function_call_arguments.done","sequence_number":3,"item_id":"fc_1","output_index":1,"arguments":"{}"}

            event: response.completed
            data: {"type":"response.completed","sequence_number":4,"response":{"id":"resp_1","status":"completed"}}


            """
        let events = try parse(stream).map(ResponseStreamEvent.init(sse:))
        #expect(
            events == [
                .other(type: "response.created"), .textDelta("Hi"),
                .functionCallStarted(itemID: "fc_1", callID: "call_1", name: "avr_hangup"),
                .functionCallArgumentsDone(itemID: "fc_1", arguments: "{}"), .completed,
            ])
    }

    @Test(
        "text deltas decode exactly, whatever they contain",
        arguments: [
            "plain words", "quote \" and backslash \\", "line\nbreak\ttab\r", "slash / é 👋 中文",
            "control \u{1} char", "separator \u{2028}", "", " ",
        ])
    func textDeltas(text: String) throws {
        var data =
            #"{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"#
        text.writeJSONString(to: &data)
        data += #","logprobs":[]}"#
        let event = try ResponseStreamEvent(sse: SSEEvent(type: "response.output_text.delta", data: data))
        #expect(event == .textDelta(text))
        // The same event from a server that sends no event line goes through the full decoder.
        #expect(try ResponseStreamEvent(sse: SSEEvent(data: data)) == .textDelta(text))
    }

    @Test("escaped slashes and \\u escapes in deltas")
    func escapedDeltas() throws {
        let data = #"{"type":"response.output_text.delta","delta":"a\/b \u00e9 \ud83d\udc4b"}"#
        let event = try ResponseStreamEvent(sse: SSEEvent(type: "response.output_text.delta", data: data))
        #expect(event == .textDelta("a/b é 👋"))
    }

    /// Found by the sse fuzz target (Tests/Fuzz): the scanner read the first `"delta":"` anywhere,
    /// so a `delta` inside a nested object, or at the end of another key, became the caller's words.
    @Test(
        "a delta that is not the event's own is not read as its words",
        arguments: [
            (#"{"":{"delta":"nested"}}"#, ""),
            (#"{"type":"response.output_text.delta","logprobs":[{"delta":"nested"}],"delta":"top"}"#, "top"),
            (#"{"x":{"delta":"nested"},"delta":"top"}"#, "top"),
            (#"{"a\"delta":"key","delta" : "top"}"#, "top"),
        ])
    func nestedDelta(data: String, words: String) throws {
        let event = try ResponseStreamEvent(sse: SSEEvent(type: "response.output_text.delta", data: data))
        #expect(event == .textDelta(words))
    }

    @Test("output items: a message is passed over undecoded, a function call is read")
    func outputItems() throws {
        let message =
            #"{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_1","status":"in_progress","role":"assistant","content":[]}}"#
        #expect(
            try ResponseStreamEvent(sse: SSEEvent(type: "response.output_item.added", data: message))
                == .other(type: "response.output_item.added"))
        let call =
            #"{"type":"response.output_item.done","item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"avr_hangup","arguments":"{}"}}"#
        #expect(
            try ResponseStreamEvent(sse: SSEEvent(type: "response.output_item.done", data: call))
                == .functionCallDone(itemID: "fc_1", callID: "call_1", name: "avr_hangup", arguments: "{}"))
    }
}
