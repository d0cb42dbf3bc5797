import FunctionABI
/// The state of one phone call's conversation, and the turn that is answering it now.
public actor Session {
    public nonisolated let uuid: String
    /// The OpenAI conversation (remote state mode), created on the first turn.
    var conversationID: String?
    /// The whole history (local state mode), as Responses input items.
    var history: [JSONValue] = []
    /// `function_call_output` items the conversation still owes OpenAI: calls of an
    /// interrupted turn. They go first in the next request, so the conversation stays valid.
    var pendingOutputs: [JSONValue] = []
    /// Set when a response broke off in remote mode: what OpenAI stored of it is unknown,
    /// so the next turn reads the conversation back before it sends anything.
    var needsReconciling = false
    /// False from the creation of the conversation until a response (or a read-back) shows it
    /// holds the call's history: until then each turn seeds it again.
    var conversationHoldsHistory = true
    private var currentTurn: Task<Void, Never>?
    private var ended = false

    init(uuid: String) {
        self.uuid = uuid
    }

    /// Starts a turn. A turn still answering is cancelled (the caller barged in) and the new
    /// one begins as soon as the old one has unwound, which cancellation makes immediate.
    /// Nil when the session has ended (the call was deleted or expired meanwhile).
    func startTurn(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never>? {
        guard !ended else { return nil }
        let previous = currentTurn
        previous?.cancel()
        let turn = Task {
            await previous?.value
            // A turn superseded while it waited for its predecessor never starts.
            guard !Task.isCancelled else { return }
            await body()
        }
        currentTurn = turn
        return turn
    }

    /// Cancels the turn in progress, if any, and waits for it to unwind.
    func end() async {
        ended = true
        currentTurn?.cancel()
        await currentTurn?.value
    }

    func setConversationID(_ id: String) { conversationID = id }
    func setHistory(_ items: [JSONValue]) { history = items }
    func setPendingOutputs(_ items: [JSONValue]) { pendingOutputs = items }
    func setNeedsReconciling(_ value: Bool) { needsReconciling = value }
    func setConversationHoldsHistory(_ value: Bool) { conversationHoldsHistory = value }
}
