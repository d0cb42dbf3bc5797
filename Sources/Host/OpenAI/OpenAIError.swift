/// Why a request to OpenAI failed; each case keeps OpenAI's request id for the logs.
public enum OpenAIError: Error, Equatable, CustomStringConvertible {
    /// An HTTP error answer before any stream started.
    case http(status: Int, message: String, requestID: String?)
    /// A failure reported inside the stream (`error`, `response.failed`, `response.incomplete`).
    case stream(kind: String, message: String, requestID: String?)
    /// The connection failed, dropped or timed out.
    case transport(HTTPClientError, requestID: String?)
    /// The answer was not what the protocol promises.
    case protocolViolation(String, requestID: String?)

    public var requestID: String? {
        switch self {
        case .http(_, _, let id), .stream(_, _, let id), .transport(_, let id), .protocolViolation(_, let id): id
        }
    }

    public var description: String {
        switch self {
        case .http(let status, let message, _): "HTTP \(status): \(message)"
        case .stream(let kind, let message, _): "\(kind): \(message)"
        case .transport(let error, _): error.description
        case .protocolViolation(let reason, _): "unexpected answer: \(reason)"
        }
    }
}
