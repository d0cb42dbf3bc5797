import Foundation
import FunctionABI

/// Turns plugin answers and host-side errors into the `ToolOutcome` the turn loop submits.
enum PluginOutcome {
    /// Success: `{"status":"success","message":...,"data":...}`, the plugin's message spoken.
    static func from(_ result: PluginCallResult) -> ToolOutcome {
        let message = result.message ?? ""
        // Data that is not valid JSON is passed on as a string rather than dropped.
        let data =
            result.dataJSON.flatMap { JSONValue(parsing: $0) }
            ?? result.dataJSON.map(JSONValue.string) ?? .null
        let output = JSONValue.object([
            "status": .string(result.succeeded ? "success" : "failure"),
            "message": .string(message),
            "data": data,
        ])
        return ToolOutcome(
            succeeded: result.succeeded, spokenMessage: message.isEmpty ? nil : message,
            output: output.jsonText)
    }

    /// Arguments the function was not called with. Silent: the model can call again with
    /// better ones, and the caller need not hear about it.
    static func refusedArguments(_ detail: String) -> ToolOutcome {
        let output = JSONValue.object([
            "status": .string("failure"),
            "error": .string("invalid_arguments"),
            "message": .string(detail),
        ])
        return ToolOutcome(succeeded: false, spokenMessage: nil, output: output.jsonText)
    }

    /// A host-side error the model can read; the caller hears a brief apology.
    static func error(_ kind: String, _ detail: String) -> ToolOutcome {
        let output = JSONValue.object([
            "status": .string("failure"),
            "error": .string(kind),
            "message": .string(detail),
        ])
        return ToolOutcome(
            succeeded: false, spokenMessage: "Sorry, I could not do that right now.",
            output: output.jsonText)
    }
}
