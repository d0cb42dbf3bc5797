import CurlShim
import Dispatch
import Synchronization

/// The host's outbound HTTP client: libcurl's multi interface behind async streams.
///
/// TLS is verified and proxy variables from the environment are honoured (libcurl's
/// defaults). Ending the consuming task, or dropping the stream, cancels the request.
public final class HTTPClient: Sendable {
    private let driver = CurlMultiDriver()

    public init() {}

    /// Stops the driver thread; requests still running end as cancelled.
    public func shutdown() {
        driver.stop()
    }

    /// Sends a request and streams the answer: the head first, then body bytes as they arrive.
    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, any Error>.makeStream()
        start(request, finishingOnFailure: continuation) { event in
            switch event {
            case .part(let part): continuation.yield(part)
            case .end(nil): continuation.finish()
            case .end(let error?): continuation.finish(throwing: error)
            }
        }
        return stream
    }

    /// Sends a request and streams the answer with a 2xx body decoded on the driver thread.
    public func stream<Element: Sendable>(
        _ request: HTTPRequest, decoder: some HTTPBodyDecoder<Element>
    ) -> AsyncThrowingStream<HTTPDecodedPart<Element>, any Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPDecodedPart<Element>, any Error>.makeStream()
        let decoding = DecodingState(decoder)
        start(request, finishingOnFailure: continuation) { event in
            switch event {
            case .part(.head(let head)):
                decoding.active = (200..<300).contains(head.status)
                continuation.yield(.head(head))
            case .part(.body(let bytes)) where decoding.active:
                let elements = decoding.decoder.decode(bytes)
                if !elements.isEmpty { continuation.yield(.decoded(elements)) }
            case .part(.body(let bytes)): continuation.yield(.body(bytes))
            case .end(nil): continuation.finish()
            case .end(let error?): continuation.finish(throwing: error)
            }
        }
        return stream
    }

    /// Whether the answer is being decoded; touched on the driver thread only.
    private final class DecodingState<Element: Sendable>: @unchecked Sendable {
        let decoder: any HTTPBodyDecoder<Element>
        var active = false
        init(_ decoder: any HTTPBodyDecoder<Element>) { self.decoder = decoder }
    }

    /// Starts a transfer whose events go to `deliver`; ending the stream cancels it.
    private func start<Part>(
        _ request: HTTPRequest, finishingOnFailure continuation: AsyncThrowingStream<Part, any Error>.Continuation,
        deliver: @escaping @Sendable (CurlTransfer.Event) -> Void
    ) {
        do {
            let cancel = try start(request, deliver: deliver)
            // The consumer has not got the stream yet, so it cannot have cancelled it already.
            continuation.onTermination = { termination in
                if case .cancelled = termination { cancel() }
            }
        } catch {
            continuation.finish(throwing: error)
        }
    }

    /// Starts a request whose answer goes to `deliver` on the driver thread as it arrives, for a
    /// caller that reads it on a thread of its own (MCP's streams). The result cancels the
    /// transfer: its end is then delivered as `cancelled`, unless it had ended already.
    func start(
        _ request: HTTPRequest, deliver: @escaping @Sendable (CurlTransfer.Event) -> Void
    ) throws(HTTPClientError) -> @Sendable () -> Void {
        let transfer = try CurlTransfer(request: request, deliver: deliver)
        driver.add(transfer)
        return { [driver] in driver.cancel(transfer) }
    }

    /// Sends a request and blocks the calling thread until the whole answer is in. For threads
    /// outside Swift's cooperative pool (plugin workers): the answer is gathered on the
    /// driver thread, so waiting here never needs a pool thread.
    /// The body is bounded (`maximumBodyBytes`): a server that keeps sending ends its transfer
    /// with `bodyTooLarge` instead of growing the host's memory.
    public func sendBlocking(
        _ request: HTTPRequest, maximumBodyBytes: Int = HTTPClient.defaultMaximumBodyBytes
    ) -> Result<(head: HTTPResponseHead, body: [UInt8]), HTTPClientError> {
        let done = DispatchSemaphore(value: 0)
        let answer = Mutex<(head: HTTPResponseHead, body: [UInt8], error: HTTPClientError?)>(
            (HTTPResponseHead(status: 0, headers: [:]), [], nil))
        // Set once the transfer exists; the driver thread reads it to end an oversized answer.
        let current = Mutex<CurlTransfer?>(nil)
        do {
            let transfer = try CurlTransfer(request: request) { [driver] event in
                let overflowed = answer.withLock { answer -> Bool in
                    switch event {
                    case .part(.head(let head)): answer.head = head
                    case .part(.body(let bytes)):
                        guard answer.body.count + bytes.count <= maximumBodyBytes else {
                            answer.error = .bodyTooLarge(limit: maximumBodyBytes)
                            return true
                        }
                        answer.body += bytes
                    // An overflow stays the answer, however the transfer ended after it.
                    case .end(let error): answer.error = answer.error ?? error
                    }
                    return false
                }
                if overflowed, let transfer = current.withLock({ $0 }) {
                    driver.cancel(transfer, reason: .bodyTooLarge(limit: maximumBodyBytes))
                }
                if case .end = event { done.signal() }
            }
            current.withLock { $0 = transfer }
            driver.add(transfer)
        } catch {
            return .failure(error)
        }
        done.wait()
        return answer.withLock { answer in answer.error.map { .failure($0) } ?? .success((answer.head, answer.body)) }
    }

    /// What `sendBlocking` accepts of a body unless told otherwise.
    public static let defaultMaximumBodyBytes = 16 << 20

    /// Sends a request and collects the whole answer.
    public func send(_ request: HTTPRequest) async throws -> (head: HTTPResponseHead, body: [UInt8]) {
        var head = HTTPResponseHead(status: 0, headers: [:])
        var body: [UInt8] = []
        for try await part in stream(request) {
            switch part {
            case .head(let received): head = received
            case .body(let bytes): body += bytes
            }
        }
        return (head, body)
    }
}
