/// An outbound HTTP request sent through the host's libcurl client.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Timeouts; nil means none of that kind.
    public var timeouts: HTTPTimeouts

    public init(
        method: String = "GET",
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }
}

/// How long a request may take at each stage.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Establishing the connection (TCP and TLS).
    public var connect: Duration?
    /// From the start of the request until the first byte of the answer.
    public var firstByte: Duration?
    /// Longest quiet time between two received pieces of the body.
    public var idle: Duration?
    /// The whole exchange.
    public var total: Duration?

    public init(
        connect: Duration? = .seconds(10),
        firstByte: Duration? = nil,
        idle: Duration? = nil,
        total: Duration? = nil
    ) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// Status line and headers of an answer; header names are lower-cased.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }
}

/// One piece of a streamed answer: the head comes first, then body bytes as they arrive.
public enum HTTPStreamPart: Sendable, Equatable {
    case head(HTTPResponseHead)
    case body([UInt8])
}

/// Why an outbound request did not complete.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    case timedOut(stage: String)
    case transport(code: Int, message: String)
    case cancelled
    case invalidRequest(String)
    /// The answer's body grew past what the caller accepts; the transfer was ended there.
    case bodyTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .timedOut(let stage): "timed out waiting for \(stage)"
        case .transport(let code, let message): "transport error \(code): \(message)"
        case .cancelled: "cancelled"
        case .invalidRequest(let reason): "invalid request: \(reason)"
        case .bodyTooLarge(let limit): "the answer is larger than \(limit) bytes"
        }
    }
}
