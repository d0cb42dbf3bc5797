/// Why an exchange with an MCP server produced no answer.
enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer by the deadline (the request was cancelled at the server).
    case timedOut(milliseconds: Int)
    /// The server went away: it exited, closed its output, or its connection failed.
    case closed(String)
    /// The message could not be sent.
    case transport(String)
    /// The server answered with a JSON-RPC error.
    case remote(code: Int, message: String)
    /// The server answered something that is not MCP.
    case protocolViolation(String)

    var description: String {
        switch self {
        case .timedOut(let ms): "no answer within \(ms) ms"
        case .closed(let reason): reason
        case .transport(let reason): reason
        case .remote(let code, let message): "\(message) (JSON-RPC error \(code))"
        case .protocolViolation(let reason): "not MCP: \(reason)"
        }
    }
}
