import FunctionABI

/// One stored conversation: the items that responses in it have added so far.
struct Conversation: Sendable {
    var id: String
    var createdAt: Int
    var metadata: JSONValue
    var items: [JSONValue]

    var json: JSONValue {
        [
            "id": .string(id), "object": "conversation", "created_at": .integer(Int64(createdAt)),
            "metadata": metadata,
        ]
    }

    /// Call ids of function calls whose output has not been supplied yet.
    static func unansweredCalls(in items: [JSONValue]) -> [String] {
        let answered = Set(
            items.compactMap {
                $0["type"]?.string == "function_call_output" ? $0["call_id"]?.string : nil
            })
        return items.compactMap { item in
            guard item["type"]?.string == "function_call", let callID = item["call_id"]?.string,
                !answered.contains(callID)
            else { return nil }
            return callID
        }
    }

    /// Rejects input that leaves a call unanswered or answers a call that was never made, like the real API.
    static func validateToolOutputs(history: [JSONValue], input: [JSONValue]) throws(StandInAPIError) {
        let all = history + input
        let calls = Set(
            all.compactMap {
                $0["type"]?.string == "function_call" ? $0["call_id"]?.string : nil
            })
        for item in input where item["type"]?.string == "function_call_output" {
            let callID = item["call_id"]?.string ?? ""
            if !calls.contains(callID) {
                throw .badRequest(
                    "No tool call found for function call output with call_id \(callID).", param: "input")
            }
        }
        if let missing = unansweredCalls(in: all).first {
            throw .badRequest("No tool output found for function call \(missing).", param: "input")
        }
    }
}
