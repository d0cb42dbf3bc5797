import FunctionABI

/// Generates the event sequence of one response, exactly in the order the real API sends it.
struct ResponseRun: Sendable {
    enum Outcome: Sendable {
        /// `completed` or `incomplete`: the items belong in the conversation.
        case finished(ResponseObject)
        /// `failed` or an `error` event: nothing is stored.
        case failed(ResponseObject, errorEvent: JSONValue?)
    }

    private(set) var response: ResponseObject
    private let plan: ReplyPlan
    private var sequence = 0
    private var outputTokens = 0

    init(request: ResponseRequest, plan: ReplyPlan) {
        self.response = ResponseObject(id: IDs.make("resp"), createdAt: IDs.now(), request: request)
        self.plan = plan
    }

    mutating func run(into sink: inout some EventSink) async throws -> Outcome {
        try await emit("response.created", ["response": response.json], &sink)
        try await emit("response.in_progress", ["response": response.json], &sink)
        if plan.firstDelay > .zero { try await Task.sleep(for: plan.firstDelay) }
        if let text = plan.text {
            if let early = try await streamMessage(text, &sink) { return early }
        }
        for call in plan.calls {
            try await streamCall(name: call.name, arguments: call.arguments, &sink)
        }
        response.usage = ResponseObject.usage(
            input: response.request.inputItems, instructions: response.request.instructions,
            outputTokens: outputTokens)
        if case .incomplete(let reason) = plan.ending {
            response.status = "incomplete"
            response.incompleteReason = reason
            try await emit("response.incomplete", ["response": response.json], &sink)
        } else {
            response.status = "completed"
            try await emit("response.completed", ["response": response.json], &sink)
        }
        return .finished(response)
    }

    /// Streams one assistant message; returns early when the plan ends inside it.
    private mutating func streamMessage(_ text: String, _ sink: inout some EventSink) async throws
        -> Outcome?
    {
        let itemID = IDs.make("msg")
        let index = response.output.count
        func message(_ status: String, _ content: [JSONValue]) -> JSONValue {
            [
                "type": "message", "id": .string(itemID), "status": .string(status), "role": "assistant",
                "content": .array(content),
            ]
        }
        let position: JSONObject = [
            "item_id": .string(itemID), "output_index": .integer(Int64(index)), "content_index": 0,
        ]
        try await emit(
            "response.output_item.added",
            ["output_index": .integer(Int64(index)), "item": message("in_progress", [])], &sink)
        try await emit(
            "response.content_part.added", position.merging(["part": Self.textPart("")]) { $1 }, &sink)
        var sent = ""
        for (offset, token) in TokenSplitter.tokens(text).enumerated() {
            if offset > 0, plan.tokenDelay > .zero { try await Task.sleep(for: plan.tokenDelay) }
            try await emit(
                "response.output_text.delta",
                position.merging(["delta": .string(token), "logprobs": []]) { $1 }, &sink)
            sent += token
            outputTokens += 1
        }
        if let stall = plan.stallAfterText { try await Task.sleep(for: stall) }
        switch plan.ending {
        case .drop:
            throw DeliberateDrop()
        case .errorEvent(let code, let message):
            let event = try await emit(
                "error", ["code": .string(code), "message": .string(message), "param": nil], &sink)
            return .failed(response, errorEvent: event)
        case .failed(let code, let errorMessage):
            response.output.append(message("incomplete", [Self.textPart(sent)]))
            response.status = "failed"
            response.error = ["code": .string(code), "message": .string(errorMessage)]
            try await emit("response.failed", ["response": response.json], &sink)
            return .failed(response, errorEvent: nil)
        case .completed, .incomplete:
            let status = plan.ending.isCompleted ? "completed" : "incomplete"
            try await emit(
                "response.output_text.done",
                position.merging(["text": .string(sent), "logprobs": []]) { $1 }, &sink)
            try await emit(
                "response.content_part.done", position.merging(["part": Self.textPart(sent)]) { $1 }, &sink)
            let item = message(status, [Self.textPart(sent)])
            try await emit(
                "response.output_item.done", ["output_index": .integer(Int64(index)), "item": item], &sink)
            response.output.append(item)
            return nil
        }
    }

    private mutating func streamCall(name: String, arguments: String, _ sink: inout some EventSink)
        async throws
    {
        let itemID = IDs.make("fc")
        let index = response.output.count
        func call(_ status: String, _ arguments: String) -> JSONValue {
            [
                "type": "function_call", "id": .string(itemID),
                "call_id": .string(IDs.make("call", bytes: 12)),
                "name": .string(name), "arguments": .string(arguments), "status": .string(status),
            ]
        }
        var item = call("in_progress", "")
        try await emit(
            "response.output_item.added", ["output_index": .integer(Int64(index)), "item": item], &sink)
        let position: JSONObject = ["item_id": .string(itemID), "output_index": .integer(Int64(index))]
        for (offset, chunk) in TokenSplitter.argumentChunks(arguments).enumerated() {
            if offset > 0, plan.tokenDelay > .zero { try await Task.sleep(for: plan.tokenDelay) }
            try await emit(
                "response.function_call_arguments.delta",
                position.merging(["delta": .string(chunk)]) { $1 }, &sink)
            outputTokens += 1
        }
        try await emit(
            "response.function_call_arguments.done",
            position.merging(["arguments": .string(arguments)]) { $1 }, &sink)
        // Same call_id as when added: rebuild from the added item rather than minting a new one.
        if case .object(var object) = item {
            object["arguments"] = .string(arguments)
            object["status"] = "completed"
            item = .object(object)
        }
        try await emit("response.output_item.done", ["output_index": .integer(Int64(index)), "item": item], &sink)
        response.output.append(item)
    }

    @discardableResult
    private mutating func emit(
        _ type: String, _ fields: JSONObject, _ sink: inout some EventSink
    ) async throws -> JSONValue {
        var fields = fields
        fields["type"] = .string(type)
        fields["sequence_number"] = .integer(Int64(sequence))
        sequence += 1
        let event = JSONValue.object(fields)
        try await sink.send(event, type: type)
        return event
    }

    static func textPart(_ text: String) -> JSONValue {
        ["type": "output_text", "text": .string(text), "annotations": [], "logprobs": []]
    }
}
