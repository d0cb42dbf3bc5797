/// The events of one streamed response, decoded from the SSE body as bytes arrive.
public struct ResponseEventStream: AsyncSequence, AsyncIteratorProtocol {
    public typealias Element = ResponseStreamEvent

    public let requestID: String?
    private var body: AsyncThrowingStream<HTTPStreamPart, any Error>.AsyncIterator
    private var parser = SSEParser()
    private var pending: [SSEEvent] = []
    private var finished = false

    init(requestID: String?, body: AsyncThrowingStream<HTTPStreamPart, any Error>.AsyncIterator) {
        self.requestID = requestID
        self.body = body
    }

    public func makeAsyncIterator() -> ResponseEventStream { self }

    /// The next event; nil after a terminal event. A stream that ends before one, or a
    /// failure event, is thrown as an `OpenAIError`.
    public mutating func next() async throws -> ResponseStreamEvent? {
        while !finished {
            if !pending.isEmpty {
                let sse = pending.removeFirst()
                let event: ResponseStreamEvent
                do {
                    event = try ResponseStreamEvent(sse: sse)
                } catch {
                    throw OpenAIError.protocolViolation("undecodable \(sse.type) event", requestID: requestID)
                }
                switch event {
                case .completed:
                    finished = true
                case .failed(let kind, let message):
                    finished = true
                    throw OpenAIError.stream(kind: kind, message: message, requestID: requestID)
                default: break
                }
                return event
            }
            let part: HTTPStreamPart?
            do {
                part = try await body.next()
            } catch let error as HTTPClientError {
                throw OpenAIError.transport(error, requestID: requestID)
            }
            guard let part else {
                throw OpenAIError.transport(
                    .transport(code: 0, message: "the stream ended before the response completed"),
                    requestID: requestID)
            }
            if case .body(let bytes) = part { pending = parser.feed(bytes) }
        }
        return nil
    }
}
