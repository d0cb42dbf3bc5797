import NIOCore

/// When the request being read must be complete: its head within the header timeout of its first
/// byte, its body within the body timeout of its head. A value type, so the rules are plain code.
struct RequestReadDeadlines {
    enum Limit: String {
        case header = "request head"
        case body = "request body"
    }

    let headerTimeout: TimeAmount
    let bodyTimeout: TimeAmount
    /// Requests read whose response has not ended yet.
    private var unanswered = 0
    private var headStartedAt: NIODeadline?
    private var bodyStartedAt: NIODeadline?

    init(headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    mutating func bytesArrived(at now: NIODeadline) {
        if bodyStartedAt == nil, headStartedAt == nil { headStartedAt = now }
    }

    mutating func read(_ part: HTTPRequestPartKind, at now: NIODeadline) {
        switch part {
        case .head:
            headStartedAt = nil
            bodyStartedAt = now
            unanswered += 1
        case .body: break
        case .end: bodyStartedAt = nil
        }
    }

    /// The clocks of a pipelined request restart when the host turns to it: the client was not
    /// slow while the host kept it waiting.
    mutating func responseEnded(at now: NIODeadline) {
        unanswered -= 1
        if unanswered <= 1, let started = bodyStartedAt { bodyStartedAt = max(started, now) }
        if unanswered == 0, let started = headStartedAt { headStartedAt = max(started, now) }
    }

    /// The next deadline, if the client owes the host anything the host is waiting for.
    var next: (deadline: NIODeadline, limit: Limit)? {
        if let bodyStartedAt, unanswered <= 1 { return (bodyStartedAt + bodyTimeout, .body) }
        if let headStartedAt, unanswered == 0 { return (headStartedAt + headerTimeout, .header) }
        return nil
    }
}

/// The three kinds of request part, without their payloads.
enum HTTPRequestPartKind {
    case head, body, end
}
