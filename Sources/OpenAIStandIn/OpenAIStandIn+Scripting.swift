import FunctionABI

/// The test-facing API: rules, recorded requests, stored conversations and waiting without sleeps.
extension OpenAIStandIn {
    /// Adds a rule; rules are tried in registration order and the first non-nil reply wins.
    public func respond(_ rule: @escaping @Sendable (ResponseRequest) -> StandInReply?) {
        state.withLock { $0.rules.append(rule) }
    }

    public func removeAllRules() { state.withLock { $0.rules.removeAll() } }

    /// The most recent requests (up to `requestLogCapacity`), in arrival order.
    public var recordedRequests: [RecordedRequest] { state.withLock { $0.recorded.entries } }

    /// How many streams ended because the client went away before the last event.
    public var clientDisconnects: Int { state.withLock { $0.clientDisconnects } }

    /// The items a conversation holds, nil when it does not exist.
    public func conversationItems(_ id: String) -> [JSONValue]? {
        state.withLock { $0.conversations[id]?.items }
    }

    public var conversationIDs: [String] { state.withLock { $0.conversations.ids } }

    /// Returns once at least `count` requests to `path` (e.g. "/v1/responses") have arrived; for a
    /// path with an id in it, only requests still in the log count.
    public func waitForRequests(count: Int, path: String) async {
        await waitUntil { state in state.recorded.arrivals(at: path) >= count }
    }

    /// Returns once at least `count` streams have seen their client disconnect.
    public func waitForClientDisconnects(count: Int = 1) async {
        await waitUntil { $0.clientDisconnects >= count }
    }

    func waitUntil(_ condition: @escaping @Sendable (StandInState) -> Bool) async {
        await withCheckedContinuation { continuation in
            let satisfied = state.withLock { state in
                if condition(state) { return true }
                state.waiters.append(.init(condition: condition, continuation: continuation))
                return false
            }
            if satisfied { continuation.resume() }
        }
    }

    /// Applies a change and wakes the waiters it satisfies, resuming them outside the lock.
    func mutate<T: Sendable>(_ change: (inout StandInState) -> T) -> T {
        let (result, ready) = state.withLock { state in
            let result = change(&state)
            return (result, state.takeSatisfiedWaiters())
        }
        for continuation in ready { continuation.resume() }
        return result
    }
}
