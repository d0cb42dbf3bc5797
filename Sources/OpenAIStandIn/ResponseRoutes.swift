import FunctionABI
import Hummingbird

/// `POST /v1/responses`: validate, pick a reply, then stream it as SSE or answer the final object.
extension OpenAIStandIn {
    func createResponse(_ httpRequest: Request) async throws -> Response {
        let body = try await Self.jsonBody(httpRequest)
        let index = mutate { state in
            state.responseRequestCount += 1
            return state.responseRequestCount
        }
        let request = try ResponseRequest(body: body, index: index)
        try validate(request)
        let reply = chooseReply(for: request)
        guard let plan = ReplyPlan(reply, tokenDelay: configuration.tokenDelay) else {
            guard case .httpError(let status, let message, let retryAfter, let retryAfterMs) = reply
            else { fatalError() }
            var error = StandInAPIError.forStatus(status, message: message)
            if let retryAfter { error.extraHeaders[.init("retry-after")!] = retryAfter }
            if let retryAfterMs { error.extraHeaders[.init("retry-after-ms")!] = String(retryAfterMs) }
            throw error
        }
        var run = ResponseRun(request: request, plan: plan)
        guard request.stream else { return try await answerWhole(&run, request: request) }
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { [run] writer in
                var run = run
                var sink = SSESink(writer: writer, standIn: self)
                let outcome = try await run.run(into: &sink)
                self.store(outcome, request: request)
                try await sink.writer.finish(nil)
            })
    }

    private func answerWhole(_ run: inout ResponseRun, request: ResponseRequest) async throws
        -> Response
    {
        var sink = DiscardingSink()
        let outcome: ResponseRun.Outcome
        do {
            outcome = try await run.run(into: &sink)
        } catch is DeliberateDrop {
            // A half-written body, then the cut: the client sees a truncated answer.
            let head = "{\"id\":\"\(run.response.id)\","
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: head))
                    throw DeliberateDrop()
                })
        }
        store(outcome, request: request)
        switch outcome {
        case .finished(let response), .failed(let response, nil): return Self.json(response.json)
        case .failed(_, let event?):
            throw StandInAPIError(
                status: .internalServerError, message: event["message"]?.string ?? "",
                type: "server_error",
                code: event["code"]?.string)
        }
    }

    private func validate(_ request: ResponseRequest) throws(StandInAPIError) {
        if configuration.rejectUnknownModels,
            !configuration.models.contains(where: { $0.id == request.model })
        {
            throw .badRequest(
                "The requested model '\(request.model)' does not exist.", param: "model",
                code: "model_not_found")
        }
        var history: [JSONValue] = []
        if let id = request.conversationID {
            guard let items = conversationItems(id) else { throw Self.conversationNotFound(id) }
            history = items
        }
        try Conversation.validateToolOutputs(history: history, input: request.inputItems)
    }

    private func chooseReply(for request: ResponseRequest) -> StandInReply {
        for rule in state.withLock({ $0.rules }) {
            if let reply = rule(request) { return reply }
        }
        guard let text = request.latestUserText else { return Directives.defaultReply(for: request) }
        if text.hasPrefix(Directives.recall) {
            let stored = request.conversationID.flatMap(conversationItems) ?? []
            return Directives.recallReply(context: stored + request.inputItems.dropLast())
        }
        if let reply = Directives.reply(for: text) { return reply }
        return Directives.defaultReply(for: request)
    }

    /// Completed and incomplete responses add their input and output to the conversation.
    private func store(_ outcome: ResponseRun.Outcome, request: ResponseRequest) {
        guard case .finished(let response) = outcome, let id = request.conversationID, request.store
        else { return }
        let items = request.inputItems.map(Self.stored) + response.output
        mutate { $0.conversations.append(items, to: id) }
    }
}
