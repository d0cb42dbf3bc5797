import FunctionABI

/// The outcome of one FFI call: the JSON output for the model and what the caller hears.
public struct FFICallResult: Sendable, Equatable {
    public var succeeded: Bool
    /// `{"result": ...}` on success (plus `"nonFinite"` for NaN or infinities),
    /// `{"error": "..."}` on failure.
    public var output: String
    /// The filled message template; nil when the entry has none or the call failed.
    public var spokenMessage: String?
    /// A short reason on failure, e.g. `argument "a": 300 is out of range for int8 (-128...127)`.
    public var failureReason: String?

    static func success(_ result: FFIValue, spokenMessage: String?) -> FFICallResult {
        var members: JSONObject = ["result": result.json]
        if let name = result.nonFiniteName { members["nonFinite"] = .string(name) }
        return FFICallResult(
            succeeded: true, output: JSONValue.object(members).jsonText, spokenMessage: spokenMessage,
            failureReason: nil)
    }

    static func failure(_ reason: String) -> FFICallResult {
        FFICallResult(
            succeeded: false, output: JSONValue.object(["error": .string(reason)]).jsonText,
            spokenMessage: nil,
            failureReason: reason)
    }

    /// The same result in the tool catalog's terms.
    public var outcome: ToolOutcome {
        ToolOutcome(succeeded: succeeded, spokenMessage: spokenMessage, output: output)
    }
}
