/// A tool function written in Swift: an ordinary type exported with `AVRPluginExport.make`.
///
/// The host creates one instance per configuration (through `init(settings:host:)`) and may
/// call `call` from several threads at once, so the type must be `Sendable`.
public protocol AVRFunction: Sendable {
    /// The model's view of the arguments; use `JSONValue` to accept any object.
    associatedtype Arguments: Decodable

    /// Function name offered to the model, e.g. "avr_transfer".
    static var name: String { get }
    static var description: String { get }
    /// JSON Schema of the parameters object, as JSON text.
    static var parametersSchema: String { get }
    /// Shown in the host's admin listing.
    static var version: String { get }

    /// Builds the function from its plugins.json `settings`; throwing refuses the plugin.
    init(settings: PluginSettings, host: PluginHost) throws

    /// Runs one call. Blocking work (HTTP through `host`) is fine: this runs on a host worker.
    func call(_ arguments: Arguments, context: CallContext) -> FunctionResult
}

extension AVRFunction {
    public static var version: String { "1.0.0" }
}

/// Which phone call an invocation serves.
public struct CallContext: Sendable, Equatable {
    /// The call's uuid; empty when the request had none.
    public var uuid: String
    public var callID: String

    public init(uuid: String, callID: String) {
        self.uuid = uuid
        self.callID = callID
    }
}

/// What a function answers: a status, words for the caller, and data for the model.
public struct FunctionResult: Sendable, Equatable {
    public var succeeded: Bool
    public var message: String
    public var data: JSONValue?

    public init(succeeded: Bool, message: String, data: JSONValue? = nil) {
        self.succeeded = succeeded
        self.message = message
        self.data = data
    }

    public static func success(_ message: String, data: JSONValue? = nil) -> FunctionResult {
        FunctionResult(succeeded: true, message: message, data: data)
    }

    public static func failure(_ message: String, data: JSONValue? = nil) -> FunctionResult {
        FunctionResult(succeeded: false, message: message, data: data)
    }
}
