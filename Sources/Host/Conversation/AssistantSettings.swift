/// Where a call's conversation state lives.
public enum StateMode: String, Sendable, CaseIterable {
    /// One OpenAI Conversation per call; each request sends only the new items.
    case conversation
    /// The host keeps the history and sends it whole with `store: false`.
    case local
}

/// The "assistant": what the original kept at OpenAI, now the host's own configuration.
public struct AssistantSettings: Sendable {
    public var model: String
    public var instructions: String
    public var temperature: Double?
    public var maxOutputTokens: Int?
    public var stateMode: StateMode
    /// Said once when a turn (or a tool call) has been silent for `waitingTimeout`.
    public var waitingMessage: String?
    public var waitingTimeout: Duration
    /// Said when a turn fails, so the caller is never left wondering.
    public var apologyMessage: String
    /// Model rounds with tool calls in one turn; after that the model must answer in words.
    public var maxToolRounds: Int
    /// The longest a whole turn may take.
    public var turnTimeout: Duration
    /// How much of AVR Core's history seeds a call the host has no state for.
    public var historySeedLimit: HistorySeedLimit

    public init(
        model: String,
        instructions: String,
        temperature: Double? = nil,
        maxOutputTokens: Int? = nil,
        stateMode: StateMode = .conversation,
        waitingMessage: String? = nil,
        waitingTimeout: Duration = .milliseconds(2000),
        apologyMessage: String = "Sorry, I'm having trouble answering right now. Please try again in a moment.",
        maxToolRounds: Int = 4,
        turnTimeout: Duration = .seconds(60),
        historySeedLimit: HistorySeedLimit = HistorySeedLimit(maxItems: 40, maxBytes: 16_384)
    ) {
        self.model = model
        self.instructions = instructions
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
        self.stateMode = stateMode
        self.waitingMessage = waitingMessage
        self.waitingTimeout = waitingTimeout
        self.apologyMessage = apologyMessage
        self.maxToolRounds = maxToolRounds
        self.turnTimeout = turnTimeout
        self.historySeedLimit = historySeedLimit
    }
}
