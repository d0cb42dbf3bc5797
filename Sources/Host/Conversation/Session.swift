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
    private var currentTurn: Task<Void, Never>?

    init(uuid: String) {
        self.uuid = uuid
    }

    /// Starts a turn. A turn still answering is cancelled (the caller barged in) and the new
    /// one begins as soon as the old one has unwound, which cancellation makes immediate.
    func startTurn(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
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
        currentTurn?.cancel()
        await currentTurn?.value
    }

    func setConversationID(_ id: String) { conversationID = id }
    func setHistory(_ items: [JSONValue]) { history = items }
    func setPendingOutputs(_ items: [JSONValue]) { pendingOutputs = items }
}
