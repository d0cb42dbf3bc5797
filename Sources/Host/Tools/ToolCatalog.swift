import FunctionABI

/// A function the model may call, as offered in the `tools` of a Responses request.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// JSON Schema of the parameters, as JSON text.
    public var parametersJSON: String {
        didSet { argumentSchema = ArgumentSchema(parsing: parametersJSON) }
    }
    /// `parametersJSON` compiled when the tool is loaded (not on every call): each call's
    /// arguments are checked against it before the tool runs.
    private(set) var argumentSchema: ArgumentSchema

    public init(name: String, description: String, parametersJSON: String) {
        self.name = name
        self.description = description
        self.parametersJSON = parametersJSON
        argumentSchema = ArgumentSchema(parsing: parametersJSON)
    }

    /// Equal when what the model is offered is equal (the compiled schema follows from it).
    public static func == (lhs: ToolDefinition, rhs: ToolDefinition) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description && lhs.parametersJSON == rhs.parametersJSON
    }
}

/// What a tool needs to know about the call it serves.
public struct ToolCallContext: Sendable, Equatable {
    /// The phone call's uuid; nil for stateless requests.
    public var uuid: String?
    /// The model's `call_id` for this function call.
    public var callID: String

    public init(uuid: String?, callID: String) {
        self.uuid = uuid
        self.callID = callID
    }
}

/// The result of one tool call: what the model gets, and what the caller hears.
public struct ToolOutcome: Sendable, Equatable {
    public var succeeded: Bool
    /// Spoken to the caller right away, when present.
    public var spokenMessage: String?
    /// The `output` string submitted to the model as `function_call_output`.
    public var output: String

    public init(succeeded: Bool, spokenMessage: String?, output: String) {
        self.succeeded = succeeded
        self.spokenMessage = spokenMessage
        self.output = output
    }
}

/// An immutable set of tools; a turn keeps the catalog it started with.
public protocol ToolCatalog: Sendable {
    var definitions: [ToolDefinition] { get }
    /// Tools OpenAI runs itself (hosted `mcp` tools), added to the request's `tools` as they are.
    var hostedTools: [JSONValue] { get }
    /// Runs a tool off the cooperative pool, within its deadline. Never throws: an unknown
    /// name, invalid arguments, a failure or a timeout come back as a failed outcome.
    func invoke(name: String, arguments: String, context: ToolCallContext) async -> ToolOutcome
}

extension ToolCatalog {
    public var hostedTools: [JSONValue] { [] }
}

/// Where a turn gets the tools that are current when it starts.
public protocol ToolSource: Sendable {
    func currentCatalog() -> any ToolCatalog
}
