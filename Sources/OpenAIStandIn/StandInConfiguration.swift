import Logging

/// How an `OpenAIStandIn` behaves: pacing, authentication and the model table.
public struct StandInConfiguration: Sendable {
    /// Pause between two streamed deltas; `.zero` streams as fast as the socket takes it.
    public var tokenDelay: Duration
    /// When set, every request must carry `Authorization: Bearer <key>` or gets a 401.
    public var requiredAPIKey: String?
    /// Models `GET /v1/models/{id}` knows; others answer 404 `model_not_found`.
    public var models: [KnownModel]
    /// The model offline users are pointed at; see `OpenAIStandIn.defaultModel`.
    public var defaultModel: String
    /// A `POST /v1/responses` naming a model outside `models` gets a 400, as the real API answers.
    public var rejectUnknownModels: Bool
    public var logger: Logger
    /// How many of the most recent requests `recordedRequests` keeps.
    public var requestLogCapacity: Int
    /// Conversations kept; creating one more forgets the oldest.
    public var maxConversations: Int
    /// Items kept per conversation; adding more forgets the oldest.
    public var maxConversationItems: Int

    public init(
        tokenDelay: Duration = .zero,
        requiredAPIKey: String? = nil,
        models: [KnownModel] = KnownModel.defaults,
        defaultModel: String = "gpt-5.1-mini",
        rejectUnknownModels: Bool = true,
        logger: Logger = Logger(label: "openai-stand-in"),
        requestLogCapacity: Int = 1000,
        maxConversations: Int = 10_000,
        maxConversationItems: Int = 1000
    ) {
        self.tokenDelay = tokenDelay
        self.requiredAPIKey = requiredAPIKey
        self.models = models
        self.defaultModel = defaultModel
        self.rejectUnknownModels = rejectUnknownModels
        self.logger = logger
        self.requestLogCapacity = requestLogCapacity
        self.maxConversations = maxConversations
        self.maxConversationItems = maxConversationItems
    }
}
