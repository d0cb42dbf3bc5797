import FunctionABI
/// What a turn sends as context, and what it records back, in each state mode: a remote
/// OpenAI Conversation, a history the host keeps itself, or no state at all.
///
/// The invariant it keeps: every function call the conversation holds gets an output
/// before the next request, even when a turn is interrupted (see `Session.pendingOutputs`).
struct ConversationContext {
    private enum Storage {
        case remote(Session, conversationID: String)
        case local(Session)
        case stateless
    }

    private let storage: Storage
    /// Items the model has seen and acknowledged (host-kept modes only).
    private var history: [JSONValue]
    /// Items to send that no completed response has acknowledged yet.
    private var newItems: [JSONValue]

    /// The context of a turn. A call the host has no state for starts from the caller side's
    /// history (`PromptRequest.earlier`, within `seedLimit`), so a host restart or a turn that
    /// reaches another instance keeps the call's context; a known call sends only the new turn.
    static func open(
        for prompt: PromptRequest, session: Session?, mode: StateMode, seedLimit: HistorySeedLimit,
        client: OpenAIClient
    ) async throws -> ConversationContext {
        let userItem = message(role: "user", prompt.userText)
        let seed = prompt.recentEarlier(seedLimit).map { message(role: $0.role, $0.content) }
        guard let session else {
            return ConversationContext(storage: .stateless, history: [], newItems: seed + [userItem])
        }
        var owed = await session.pendingOutputs
        switch mode {
        case .local:
            let history = await session.history
            let isNew = history.isEmpty && owed.isEmpty
            return ConversationContext(
                storage: .local(session), history: isNew ? seed : history, newItems: owed + [userItem])
        case .conversation:
            let id: String
            if let existing = await session.conversationID {
                id = existing
            } else {
                id = try await client.createConversation()
                await session.setConversationID(id)
                await session.setConversationHoldsHistory(false)
            }
            if await session.needsReconciling,
                let items = try? await client.recentConversationItems(id)
            {
                owed = reconciled(owed, with: items)
                await session.setPendingOutputs(owed)
                await session.setNeedsReconciling(false)
                if items.contains(where: { $0["type"]?.string == "message" }) {
                    await session.setConversationHoldsHistory(true)
                }
            }
            // Until a response has stored something, the conversation may hold none of the call's
            // history (the turn that created it was superseded or failed): seed it again, from
            // this turn's history, which also holds the turn that never got through.
            let seeded = await session.conversationHoldsHistory ? [] : seed
            return ConversationContext(
                storage: .remote(session, conversationID: id), history: [], newItems: seeded + owed + [userItem])
        }
    }

    /// The request fields that carry the context.
    var requestFields: JSONObject {
        switch storage {
        case .remote(_, let id): ["conversation": .string(id), "input": .array(newItems)]
        case .local, .stateless: ["input": .array(history + newItems), "store": false]
        }
    }

    /// A response completed: its words and calls are now part of the conversation, and
    /// its calls are owed outputs (an "interrupted" placeholder until the tools answer).
    mutating func responseCompleted(said: String, calls: [FunctionCall]) async {
        history += newItems
        if !said.isEmpty { history.append(Self.message(role: "assistant", said)) }
        history += calls.map(\.inputItem)
        newItems = []
        let owed = calls.map { functionCallOutput($0.callID, Self.interruptedOutput) }
        switch storage {
        case .remote(let session, _):
            await session.setPendingOutputs(owed)
            await session.setConversationHoldsHistory(true)
        case .local(let session):
            await session.setHistory(history)
            await session.setPendingOutputs(owed)
        case .stateless: break
        }
    }

    /// The tools answered: their outputs go in the next request, and are owed until then.
    mutating func toolsAnswered(_ outputs: [JSONValue]) async {
        newItems = outputs
        switch storage {
        case .remote(let session, _), .local(let session): await session.setPendingOutputs(outputs)
        case .stateless: break
        }
    }

    /// The stream broke off or the turn was superseded. A host-kept history keeps what was
    /// sent and what the caller already heard; a remote conversation keeps what it stored.
    func interrupted(said: String) async {
        if case .remote(let session, _) = storage { await session.setNeedsReconciling(true) }
        guard case .local(let session) = storage else { return }
        var kept = history + newItems
        if !said.isEmpty { kept.append(Self.message(role: "assistant", said)) }
        await session.setHistory(kept)
        await session.setPendingOutputs([])
    }

    /// What a conversation really owes after a broken-off response: an output for each call
    /// it holds without one (the one we have, else the "interrupted" placeholder), and none
    /// for calls it already answered or never stored.
    private static func reconciled(_ owed: [JSONValue], with items: [JSONValue]) -> [JSONValue] {
        func callIDs(ofType type: String) -> [String] {
            items.filter { $0["type"]?.string == type }.compactMap { $0["call_id"]?.string }
        }
        let answered = Set(callIDs(ofType: "function_call_output"))
        return callIDs(ofType: "function_call").reversed().filter { !answered.contains($0) }.map { callID in
            owed.first { $0["call_id"]?.string == callID } ?? functionCallOutput(callID, interruptedOutput)
        }
    }

    static let interruptedOutput =
        #"{"status":"failure","message":"The caller spoke again before this tool finished; its result is unknown."}"#

    private static func message(role: String, _ text: String) -> JSONValue {
        ["role": .string(role), "content": .string(text)]
    }
}
