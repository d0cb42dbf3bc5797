/// The events of one streamed response, decoded from the SSE body on the HTTP client's thread.
public struct ResponseEventStream: AsyncSequence, AsyncIteratorProtocol {
    public typealias Element = ResponseStreamEvent
    typealias Parts = AsyncThrowingStream<HTTPDecodedPart<ResponseEventDecoder.Element>, any Error>.AsyncIterator

    public let requestID: String?
    private var body: Parts
    private var pending: [ResponseEventDecoder.Element] = []
    private var pendingIndex = 0
    private var finished = false

    init(requestID: String?, body: Parts) {
        self.requestID = requestID
        self.body = body
    }

    public func makeAsyncIterator() -> ResponseEventStream { self }

    /// The next event; nil after a terminal event. A stream that ends before one, or a
    /// failure event, is thrown as an `OpenAIError`.
    public mutating func next() async throws -> ResponseStreamEvent? {
        while !finished {
            if pendingIndex < pending.count {
                let decoded = pending[pendingIndex]
                pendingIndex += 1
                let event: ResponseStreamEvent
                switch decoded {
                case .success(let decodedEvent): event = decodedEvent
                case .failure(let undecodable):
                    throw OpenAIError.protocolViolation("undecodable \(undecodable.type) event", requestID: requestID)
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
            let part: HTTPDecodedPart<ResponseEventDecoder.Element>?
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
            if case .decoded(let events) = part {
                pending = events
                pendingIndex = 0
            }
        }
        return nil
    }
}
