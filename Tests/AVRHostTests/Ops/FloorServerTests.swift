import AVRHost
import Foundation
import Testing

/// `avr-floor`, the benchmark's Hummingbird-only baseline: it must do the inbound half of a
/// turn as the host does, or the floor it measures is not the host's floor.
@Suite("Benchmark floor server")
struct FloorServerTests {
    @Test("answers POST /prompt-stream with one AVR text chunk per word, then ends")
    func answersLikeTheHost() async throws {
        let floor = try HostProcess(
            arguments: ["--port", "0", "--words", "5", "--word-delay-ms", "1"],
            executable: HostProcess.buildFolder.appendingPathComponent("avr-floor"))
        let prefix = "avr-floor listening on http://127.0.0.1:"
        #expect(await floor.waitFor(prefix), "\(floor.log)")
        let line = try #require(floor.log.split(separator: "\n").first { $0.hasPrefix(prefix) })
        let port = try #require(Int(line.dropFirst(prefix.count)))
        let client = HTTPClient()
        defer { client.shutdown() }
        let (head, body) = try await client.send(
            HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
                headers: [("Content-Type", "application/json")],
                body: Array(#"{"uuid":"f1","message":"hi","messages":[]}"#.utf8),
                timeouts: HTTPTimeouts(total: .seconds(30))))
        #expect(head.status == 200)
        #expect(head.headers["content-type"] == "text/event-stream")
        #expect(try AVRTexts.parse(String(decoding: body, as: UTF8.self)) == Array(repeating: "word ", count: 5))
    }
}
