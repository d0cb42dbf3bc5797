import FunctionABI
import Synchronization

/// JSON-RPC 2.0 over one transport: numbered requests whose answers wake the waiting thread,
/// notifications both ways, and the server's own requests answered (ping) or refused.
final class MCPConnection: Sendable {
    private struct Pending {
        var slots: [Int: MCPReplySlot] = [:]
        /// Set once the server is gone; later requests fail at once with it.
        var closedReason: String?
    }

    let transport: any MCPTransport
    private let pending = Mutex(Pending())
    private let lastID = Atomic(0)
    private let onNotification: @Sendable (String, JSONValue?) -> Void
    private let onClose: @Sendable (String) -> Void

    init(
        transport: any MCPTransport, onNotification: @escaping @Sendable (String, JSONValue?) -> Void,
        onClose: @escaping @Sendable (String) -> Void
    ) {
        self.transport = transport
        self.onNotification = onNotification
        self.onClose = onClose
        transport.start(
            receive: { [weak self] in self?.receive($0) }, closed: { [weak self] in self?.closed($0) })
    }

    /// Sends a request and waits (on this thread) for its answer until `timeout` passes; then
    /// tells the server to stop working on it (`notifications/cancelled`).
    func request(_ method: String, params: JSONValue? = nil, timeout: Duration) -> Result<JSONValue, MCPError> {
        let id = lastID.add(1, ordering: .relaxed).newValue
        let slot = MCPReplySlot()
        if let reason = pending.withLock({ state -> String? in
            if state.closedReason == nil { state.slots[id] = slot }
            return state.closedReason
        }) {
            return .failure(.closed(reason))
        }
        var message: JSONObject = ["jsonrpc": "2.0", "id": .integer(Int64(id)), "method": .string(method)]
        if let params { message["params"] = params }
        let deadline = ContinuousClock.now + timeout
        let milliseconds = timeout.milliseconds
        do {
            try transport.send(.object(message), deadline: deadline)
        } catch {
            forget(id)
            if case .timedOut = error { cancel(id, method: method, milliseconds: milliseconds) }
            // A send cut short by `abandon` says why the connection was closed, not how.
            return .failure(pending.withLock { $0.closedReason }.map { .closed($0) } ?? error)
        }
        if let answer = slot.wait(until: deadline) { return answer }
        forget(id)
        cancel(id, method: method, milliseconds: milliseconds)
        return .failure(.timedOut(milliseconds: milliseconds))
    }

    /// Sends a notification, best effort (a failure shows up on the next request).
    func notify(_ method: String, params: JSONValue? = nil, timeout: Duration = .seconds(2)) {
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        try? transport.send(.object(message), deadline: .now + timeout)
    }

    /// Fails every waiting request and refuses new ones; the transport is closed.
    func close(_ reason: String) {
        closed(reason)
        transport.close()
    }

    /// Like `close`, but without waiting for anything (the server is not told): for a stop,
    /// which must not wait for a server that does not answer. `close` still follows.
    func abandon(_ reason: String) {
        closed(reason)
        transport.abandon()
    }

    private func cancel(_ id: Int, method: String, milliseconds: Int) {
        // The spec forbids cancelling initialize; any other request is cancelled on expiry.
        guard method != "initialize" else { return }
        notify(
            "notifications/cancelled",
            params: ["requestId": .integer(Int64(id)), "reason": .string("no answer within \(milliseconds) ms")])
    }

    private func forget(_ id: Int) {
        _ = pending.withLock { $0.slots.removeValue(forKey: id) }
    }

    private func receive(_ message: JSONValue) {
        if case .array(let batch) = message {
            for item in batch { receive(item) }
            return
        }
        guard case .object(let fields) = message else { return }
        let method = fields["method"]?.string
        switch (fields["id"], method) {
        case (let id?, nil):
            guard let number = id.intValue, let slot = pending.withLock({ $0.slots.removeValue(forKey: number) })
            else { return }  // an answer to a request given up on
            if let error = fields["error"] {
                slot.fill(
                    .failure(
                        .remote(
                            code: error["code"]?.intValue ?? 0, message: error["message"]?.string ?? "unknown error")))
            } else {
                slot.fill(.success(fields["result"] ?? .null))
            }
        case (let id?, let method?):
            answerServerRequest(id: id, method: method)
        case (nil, let method?):
            onNotification(method, fields["params"])
        case (nil, nil):
            return
        }
    }

    /// The host offers no client features (sampling, roots, elicitation): only ping is answered.
    private func answerServerRequest(id: JSONValue, method: String) {
        var answer: JSONObject = ["jsonrpc": "2.0", "id": id]
        if method == "ping" {
            answer["result"] = .object([:])
        } else {
            answer["error"] = ["code": -32601, "message": .string("avr-host does not offer \(method)")]
        }
        try? transport.send(.object(answer), deadline: .now + .seconds(2))
    }

    private func closed(_ reason: String) {
        let (waiting, first) = pending.withLock { state in
            defer { state.slots = [:] }
            let first = state.closedReason == nil
            if first { state.closedReason = reason }
            return (Array(state.slots.values), first)
        }
        for slot in waiting { slot.fill(.failure(.closed(reason))) }
        if first { onClose(reason) }
    }
}
