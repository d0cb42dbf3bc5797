/// The low-cardinality label of an upstream failure: what an operator alerts on, never an id.
enum UpstreamFailureKind {
    /// `http_<status>`, `timeout`, `dropped`, `cancelled`, `error_event`, `failed`, `incomplete`,
    /// `protocol` or `other`.
    static func label(_ error: any Error) -> String {
        guard let error = error as? OpenAIError else {
            return error is DeadlineExceeded ? "turn_deadline" : "other"
        }
        switch error {
        case .http(let status, _, _): return "http_\(status)"
        case .stream(let kind, _, _): return streamLabel(kind)
        case .transport(.timedOut, _): return "timeout"
        case .transport(.cancelled, _): return "cancelled"
        case .transport: return "dropped"
        case .protocolViolation: return "protocol"
        }
    }

    private static func streamLabel(_ kind: String) -> String {
        switch kind {
        case "response.failed": "failed"
        case "response.incomplete": "incomplete"
        case "error": "error_event"
        default: "stream_other"
        }
    }
}
