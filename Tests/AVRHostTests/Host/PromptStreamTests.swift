import FunctionABI
import AVRHost
import Foundation
import OpenAIStandIn
import Testing

@Suite("POST /prompt-stream streaming")
struct PromptStreamTests {
    @Test("each text object goes out as its own HTTP chunk")
    func eachObjectIsItsOwnChunk() async throws {
        try await withTestHost { host in
            let connection = try RawConnection(port: host.port)
            connection.send(
                method: "POST", path: "/prompt-stream",
                body: #"{"uuid":"chunks","message":"Hello there, how are you today?"}"#)
            _ = await connection.read()
            let response = RawHTTPResponse(connection.received)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream")
            #expect(response.headers["transfer-encoding"] == "chunked")
            #expect(response.complete)
            #expect(response.chunks.count > 3)
            var texts: [String] = []
            for chunk in response.chunks {
                let object = try JSONValue.parse(chunk)
                #expect(object["type"]?.stringValue == "text")
                texts.append(try #require(object["content"]?.stringValue))
            }
            #expect(texts.joined() == "You said: Hello there, how are you today?")
        }
    }

    @Test("text is forwarded while the model is still generating")
    func textArrivesBeforeUpstreamEnds() async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in .stall(afterText: "First words", for: .seconds(20)) }
            let started = ContinuousClock.now
            var parts = host.client.stream(host.promptRequest(#"{"uuid":"early","message":"hi"}"#)).makeAsyncIterator()
            var received = ""
            while !received.contains("words") {
                guard case .body(let bytes)? = try await parts.next() else { continue }
                received += String(decoding: bytes, as: UTF8.self)
            }
            // The stand-in holds its stream open for 20 s after these words.
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(try AVRTexts.parse(received).joined() == "First words")
        }
    }

    @Test(
        "all three request shapes are answered",
        arguments: [
            (#"{"uuid":"s1","message":"alpha"}"#, "You said: alpha"),
            (#"{"uuid":"s2","messages":[{"role":"user","content":"bravo"}]}"#, "You said: bravo"),
            (#"{"messages":[{"role":"user","content":"charlie"}]}"#, "You said: charlie"),
        ])
    func requestShapes(body: String, expected: String) async throws {
        try await withTestHost { host in
            let answer = try await host.turn(body)
            #expect(answer.status == 200)
            #expect(answer.texts.joined() == expected)
        }
    }

    @Test("?format=sse frames every object as an SSE data event")
    func sseFraming() async throws {
        try await withTestHost { host in
            let connection = try RawConnection(port: host.port)
            connection.send(method: "POST", path: "/prompt-stream?format=sse", body: #"{"message":"sse please"}"#)
            _ = await connection.read()
            let response = RawHTTPResponse(connection.received)
            var parser = SSEParser()
            var texts: [String] = []
            for chunk in response.chunks {
                #expect(chunk.hasPrefix("data: ") && chunk.hasSuffix("\n\n"))
                for event in parser.feed(Array(chunk.utf8)) {
                    texts.append(try #require(try JSONValue.parse(event.data)["content"]?.stringValue))
                }
            }
            #expect(texts.joined() == "You said: sse please")
        }
    }

    @Test("GET /healthz answers 200")
    func health() async throws {
        try await withTestHost { host in
            let (head, _) = try await host.client.send(HTTPRequest(url: host.url + "/healthz"))
            #expect(head.status == 200)
        }
    }
}
