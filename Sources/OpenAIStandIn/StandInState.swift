/// Everything mutable in a stand-in; lives in one `Mutex` and is never held across an await.
struct StandInState: Sendable {
    typealias Rule = @Sendable (ResponseRequest) -> StandInReply?

    /// A test waiting until `condition` holds.
    struct Waiter: Sendable {
        var condition: @Sendable (StandInState) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    var conversations: ConversationTable
    var rules: [Rule] = []
    var recorded: RequestLog
    var responseRequestCount = 0
    var clientDisconnects = 0
    var waiters: [Waiter] = []
    var port = 0

    init(_ configuration: StandInConfiguration) {
        conversations = ConversationTable(
            capacity: configuration.maxConversations, maxItems: configuration.maxConversationItems)
        recorded = RequestLog(capacity: configuration.requestLogCapacity)
    }

    /// Removes the waiters whose condition now holds; the caller resumes them after unlocking.
    mutating func takeSatisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
        var ready: [CheckedContinuation<Void, Never>] = []
        var remaining: [Waiter] = []
        for waiter in waiters {
            if waiter.condition(self) {
                ready.append(waiter.continuation)
            } else {
                remaining.append(waiter)
            }
        }
        waiters = remaining
        return ready
    }
}
