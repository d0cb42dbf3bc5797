import FunctionABI
/// A function call the model made, assembled from the stream's events.
struct FunctionCall: Sendable, Equatable {
    var itemID: String
    var callID: String
    var name: String
    var arguments: String

    /// The call as a Responses input item, for histories the host keeps itself.
    var inputItem: JSONValue {
        ["type": "function_call", "call_id": .string(callID), "name": .string(name), "arguments": .string(arguments)]
    }
}

/// Gathers a response's function calls: name and `call_id` come with the output item,
/// arguments come in deltas (and whole in `...arguments.done` and `output_item.done`).
struct FunctionCallCollector {
    private(set) var calls: [FunctionCall] = []

    mutating func record(_ event: ResponseStreamEvent) {
        switch event {
        case .functionCallStarted(let itemID, let callID, let name):
            calls.append(FunctionCall(itemID: itemID, callID: callID, name: name, arguments: ""))
        case .functionCallArgumentsDelta(let itemID, let delta):
            update(itemID) { $0.arguments += delta }
        case .functionCallArgumentsDone(let itemID, let arguments):
            update(itemID) { $0.arguments = arguments }
        case .functionCallDone(let itemID, let callID, let name, let arguments):
            if !calls.contains(where: { $0.itemID == itemID }) {
                calls.append(FunctionCall(itemID: itemID, callID: callID, name: name, arguments: arguments))
            }
            update(itemID) { call in
                if !callID.isEmpty { call.callID = callID }
                if !name.isEmpty { call.name = name }
                if !arguments.isEmpty { call.arguments = arguments }
            }
        default: break
        }
    }

    private mutating func update(_ itemID: String, _ change: (inout FunctionCall) -> Void) {
        if let index = calls.firstIndex(where: { $0.itemID == itemID }) { change(&calls[index]) }
    }
}
