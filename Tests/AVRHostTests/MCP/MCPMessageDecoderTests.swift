import FunctionABI
import Testing

@testable import AVRHost

/// A remote server's answer becomes messages as its bytes arrive, within a bound.
@Suite struct MCPMessageDecoderTests {
    @Test func anEventStreamGivesEachMessageOnceItsEventIsComplete() throws {
        var decoder = MCPMessageDecoder(contentType: "text/event-stream", limit: 1 << 10)
        let progress = #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}}"#
        let answer = #"{"jsonrpc":"2.0","id":7,"result":{}}"#
        #expect(try decoder.decode(Array("event: message\r\ndata: \(progress.prefix(20))".utf8)).isEmpty)
        let first = try decoder.decode(Array("\(progress.dropFirst(20))\r\n\r\nid: 1\r\ndata: ".utf8))
        #expect(first.map(\.message) == [try JSONValue.parse(progress)])
        #expect(first.first?.bytes == progress.utf8.count)
        // A priming event (no data) and a final event without its blank line.
        #expect(try decoder.decode(Array("\r\n\r\ndata: \(answer)".utf8)).isEmpty)
        #expect(decoder.finish()?.map(\.message) == [try JSONValue.parse(answer)])
    }

    @Test func anEventThatNeverEndsIsCutOffAtTheLimit() throws {
        var decoder = MCPMessageDecoder(contentType: "text/event-stream; charset=utf-8", limit: 1 << 10)
        #expect(try decoder.decode(Array("data: ".utf8) + [UInt8](repeating: 0x61, count: 1000)).isEmpty)
        #expect(throws: HTTPClientError.bodyTooLarge(limit: 1 << 10)) {
            try decoder.decode([UInt8](repeating: 0x61, count: 100))
        }
    }

    @Test func aJSONAnswerIsReadWholeAndBounded() throws {
        var decoder = MCPMessageDecoder(contentType: "application/json", limit: 64)
        #expect(try decoder.decode(Array(#"{"jsonrpc":"2.0","#.utf8)).isEmpty)
        #expect(try decoder.decode(Array(#""id":1,"result":{}}"#.utf8)).isEmpty)
        #expect(decoder.finish()?.first?.message["id"] == 1)

        var broken = MCPMessageDecoder(contentType: "application/json", limit: 64)
        _ = try broken.decode(Array("<html>".utf8))
        #expect(broken.finish() == nil, "not JSON")
        var empty = MCPMessageDecoder(contentType: "application/json", limit: 64)
        #expect(empty.finish()?.isEmpty == true, "a 202 has no body")
        var large = MCPMessageDecoder(contentType: nil, limit: 64)
        #expect(throws: HTTPClientError.bodyTooLarge(limit: 64)) {
            try large.decode([UInt8](repeating: 0x20, count: 65))
        }
    }
}
