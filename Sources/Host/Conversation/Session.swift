import FunctionABI
import Synchronization

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
    /// The turn answering now, where it records how it ended, and whether the session has
    /// ended; a lock rather than the actor, so a turn starts without a hop to the actor.
    private let turnSlot = Mutex<(current: Task<Void, Never>?, outcome: TurnOutcomeSlot?, ended: Bool)>(
        (nil, nil, false))

    init(uuid: String) {
        self.uuid = uuid
    }

    /// Starts a turn on the cooperative pool. A turn still answering is cancelled (the caller
    /// barged in) and `body` begins as soon as the old one has unwound, which cancellation makes
    /// immediate; `body` always runs, in a cancelled task when a newer turn superseded it
    /// meanwhile. Nil when the session has ended (the call was deleted or expired meanwhile).
    nonisolated func startTurn(
        recordingIn outcome: TurnOutcomeSlot, _ body: @escaping @Sendable () async -> Void
    ) -> Task<Void, Never>? {
        turnSlot.withLock { slot in
            guard !slot.ended else { return nil }
            let previous = slot.current
            previous?.cancel()
            let turn = Task(executorPreference: globalConcurrentExecutor) {
                await previous?.value
                await body()
            }
            slot.current = turn
            slot.outcome = outcome
            return turn
        }
    }

    /// Cancels the turn in progress, if any, and waits for it to unwind; the call is over, so
    /// that turn counts as hung up, not as superseded. Callers remove the session from its
    /// store first: a turn refused here looks its uuid up again and must find a new session.
    func end() async {
        let (current, outcome) = turnSlot.withLock { slot in
            slot.ended = true
            return (slot.current, slot.outcome)
        }
        outcome?.recordHangUp()
        current?.cancel()
        await current?.value
    }

    func setConversationID(_ id: String) { conversationID = id }
    func setHistory(_ items: [JSONValue]) { history = items }
    func setPendingOutputs(_ items: [JSONValue]) { pendingOutputs = items }
    func setNeedsReconciling(_ value: Bool) { needsReconciling = value }
    func setConversationHoldsHistory(_ value: Bool) { conversationHoldsHistory = value }
}
