import Dispatch
import FunctionABI
import Synchronization

/// One request to a remote MCP server, its answer read as it arrives: libcurl's driver thread
/// decodes the body and queues what it finds; the thread that made the request takes the parts
/// in order, waiting with a deadline. That thread is one of the host's own (a plugin worker, a
/// supervisor or a listener), never a cooperative one: the waits block.
final class MCPHTTPExchange: Sendable {
    enum Part: Sendable {
        /// A 2xx answer's head; its messages follow.
        case accepted(HTTPResponseHead)
        /// Any other answer, with the start of its body for the error message.
        case refused(HTTPResponseHead, excerpt: String)
        case message(JSONValue)
        /// A JSON answer that is not JSON.
        case unreadable
        /// The answer is over: nil when the server ended it, else why it ended early.
        case end(HTTPClientError?)
    }

    /// Most bytes of one message, and of the messages queued but not taken yet.
    static let maximumBufferedBytes = 16 << 20
    /// Enough of a refusal's body to say why.
    private static let excerptBytes = 300

    private let reader: Reader
    private let cancelTransfer: @Sendable () -> Void

    init(client: HTTPClient, request: HTTPRequest) throws(HTTPClientError) {
        let reader = Reader()
        self.reader = reader
        cancelTransfer = try client.start(request) { reader.received($0) }
    }

    /// The next part of the answer, waiting until `deadline` (nil: for as long as it takes); nil
    /// once the deadline has passed. Nothing follows `end`.
    func next(until deadline: ContinuousClock.Instant?) -> Part? {
        while true {
            if let part = reader.take() { return part }
            guard let deadline else {
                reader.arrived.wait()
                continue
            }
            let remaining = deadline - .now
            guard remaining > .zero,
                reader.arrived.wait(timeout: .now() + .milliseconds(remaining.milliseconds)) == .success
            else { return reader.take() }
        }
    }

    /// Ends the transfer (the answer is in, or nobody waits for it any more); without waiting.
    func cancel() {
        cancelTransfer()
    }

    /// The queue between the driver thread, which fills it, and the reading thread.
    private final class Reader: Sendable {
        private struct State {
            var parts: [(part: Part, bytes: Int)] = []
            var queuedBytes = 0
            var decoder: MCPMessageDecoder?
            var refusal: (head: HTTPResponseHead, body: [UInt8])?
            /// The end is queued: whatever the transfer still reports is dropped.
            var ended = false

            mutating func queue(_ part: Part, bytes: Int = 0) {
                parts.append((part, bytes))
                queuedBytes += bytes
            }

            mutating func end(_ error: HTTPClientError?) {
                queue(.end(error))
                ended = true
            }
        }

        private let state = Mutex(State())
        /// Signalled once per event that queued something.
        let arrived = DispatchSemaphore(value: 0)

        func take() -> Part? {
            state.withLock { state in
                guard !state.parts.isEmpty else { return nil }
                let (part, bytes) = state.parts.removeFirst()
                state.queuedBytes -= bytes
                return part
            }
        }

        /// On the driver thread.
        func received(_ event: CurlTransfer.Event) {
            let queued = state.withLock { state -> Bool in
                guard !state.ended else { return false }
                switch event {
                case .part(.head(let head)) where (200..<300).contains(head.status):
                    state.decoder = MCPMessageDecoder(
                        contentType: head.headers["content-type"], limit: maximumBufferedBytes)
                    state.queue(.accepted(head))
                case .part(.head(let head)):
                    state.refusal = (head, [])
                    return false
                case .part(.body(let bytes)):
                    return Self.read(bytes, into: &state)
                case .end(let error):
                    if let refusal = state.refusal {
                        state.queue(Self.refused(refusal))
                    } else if error == nil, var decoder = state.decoder {
                        let messages = decoder.finish()
                        for (message, bytes) in messages ?? [] { state.queue(.message(message), bytes: bytes) }
                        if messages == nil { state.queue(.unreadable) }
                    }
                    state.end(error)
                }
                return true
            }
            if queued { arrived.signal() }
        }

        /// Whether the bytes queued something.
        private static func read(_ bytes: [UInt8], into state: inout State) -> Bool {
            if var refusal = state.refusal {
                refusal.body += bytes.prefix(excerptBytes - refusal.body.count)
                state.refusal = refusal
                guard refusal.body.count >= excerptBytes else { return false }
                // Enough to say why: the rest of a refusal is not waited for.
                state.queue(refused(refusal))
                state.end(nil)
                return true
            }
            do throws(HTTPClientError) {
                guard let messages = try state.decoder?.decode(bytes), !messages.isEmpty else { return false }
                for (message, bytes) in messages { state.queue(.message(message), bytes: bytes) }
                if state.queuedBytes > maximumBufferedBytes { state.end(.bodyTooLarge(limit: maximumBufferedBytes)) }
            } catch {
                state.end(error)
            }
            return true
        }

        private static func refused(_ refusal: (head: HTTPResponseHead, body: [UInt8])) -> Part {
            .refused(refusal.head, excerpt: String(decoding: refusal.body, as: UTF8.self))
        }
    }
}
