import FunctionABI

/// Turns plugin answers and host-side errors into the `ToolOutcome` the turn loop submits.
enum PluginOutcome {
    /// Success: `{"status":"success","message":...,"data":...}`, the plugin's message spoken.
    /// `invalidData` hears why `data_json` was not valid JSON.
    static func from(
        _ result: PluginCallResult, invalidData: (_ problem: String) -> Void = { _ in }
    ) -> ToolOutcome {
        let message = result.message ?? ""
        var data = JSONValue.null
        if let text = result.dataJSON {
            do {
                data = try JSONValue.parse(text)
            } catch {
                // Passed on as a JSON string rather than dropped: the model may still use it.
                data = .string(text)
                invalidData(error.description)
            }
        }
        // Keys in alphabetical order, the text clients and tests have always seen.
        let output = JSONValue.object([
            "data": data,
            "message": .string(message),
            "status": .string(result.succeeded ? "success" : "failure"),
        ])
        return ToolOutcome(
            succeeded: result.succeeded, spokenMessage: message.isEmpty ? nil : message,
            output: output.jsonText)
    }

    /// Arguments the function was not called with. Silent: the model can call again with
    /// better ones, and the caller need not hear about it.
    static func refusedArguments(_ detail: String) -> ToolOutcome {
        let output = JSONValue.object([
            "error": .string("invalid_arguments"),
            "message": .string(detail),
            "status": .string("failure"),
        ])
        return ToolOutcome(succeeded: false, spokenMessage: nil, output: output.jsonText)
    }

    /// A host-side error the model can read; the caller hears a brief apology.
    static func error(_ kind: String, _ detail: String) -> ToolOutcome {
        let output = JSONValue.object([
            "error": .string(kind),
            "message": .string(detail),
            "status": .string("failure"),
        ])
        return ToolOutcome(
            succeeded: false, spokenMessage: "Sorry, I could not do that right now.",
            output: output.jsonText)
    }
}
