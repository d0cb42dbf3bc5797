import Hummingbird

/// `POST /prompt-stream`: reads the request, then streams a fixed answer in avr-host's AVR
/// framing, paced like a model's tokens.
struct FloorAnswerRoute: Sendable {
    let words: Int
    let wordDelay: Duration

    /// avr-host's default limit on a request body.
    static let maxBodyBytes = 1 << 20
    /// One word as avr-host frames it: a bare text object and a newline, one per HTTP chunk.
    static let chunk = ByteBuffer(string: #"{"type":"text","content":"word "}"# + "\n")

    func register(on router: Router<BasicRequestContext>) {
        router.post("prompt-stream") { request, _ -> Response in
            var request = request
            _ = try await request.collectBody(upTo: Self.maxBodyBytes)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"],
                body: ResponseBody { writer in
                    for word in 0..<words {
                        if word > 0 { try await Task.sleep(for: wordDelay) }
                        try await writer.write(Self.chunk)
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
