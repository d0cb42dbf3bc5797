import FunctionABI
import Logging
import NIOCore

/// Answers caller turns: stream the model's words, run the tools it calls, submit their
/// outputs, stream the follow-up, until the model has answered in words.
public final class TurnLoop: Sendable {
    private let client: OpenAIClient
    private let settings: AssistantSettings
    private let tools: any ToolSource
    private let sessions: SessionStore
    private let logger: Logger
    private let toolRequests = ToolRequestCache()
    private let metrics: HostMetrics

    public init(
        client: OpenAIClient, settings: AssistantSettings, tools: any ToolSource, sessions: SessionStore,
        logger: Logger, metrics: HostMetrics = HostMetrics()
    ) {
        self.metrics = metrics
        self.client = client
        self.settings = settings
        self.tools = tools
        self.sessions = sessions
        self.logger = logger
    }

    /// Starts answering one turn through `output` in one task on the cooperative pool (on the
    /// event loop it would delay the loop's accepts and reads; at 5,000 calls turns failed that
    /// way), which finishes `output` when it ends. A newer turn of the same call supersedes this
    /// one; `hangUp` ends it at once. The turn's deadline runs on `timers`.
    func start(_ prompt: PromptRequest, output: TurnOutput, timers: any EventLoop) -> AnsweringTurn {
        metrics.turnStarted()
        let outcome = TurnOutcomeSlot()
        let deadline = TurnDeadline(settings.turnTimeout, on: timers)
        let body: @Sendable (Session?) async -> Void = { session in
            // Superseded or hung up while the call's previous turn unwound: say and send nothing.
            if !Task.isCancelled {
                await self.run(prompt, session: session, output: output, outcome: outcome, deadline: deadline)
            }
            deadline.cancel()
            // Counted before the answer ends, so a client that has read the whole answer sees it counted.
            self.metrics.turnEnded(outcome.ending)
            output.finish()
        }
        let task: Task<Void, Never>
        if let uuid = prompt.uuid {
            task = startTurn(uuid: uuid, recordingIn: outcome, body)
        } else {
            task = Task(executorPreference: globalConcurrentExecutor) { await body(nil) }
        }
        deadline.watch(task)
        return AnsweringTurn(task: task, outcome: outcome)
    }

    private func startTurn(
        uuid: String, recordingIn outcome: TurnOutcomeSlot, _ body: @escaping @Sendable (Session?) async -> Void
    ) -> Task<Void, Never> {
        while true {
            let session = sessions.session(for: uuid)
            if let turn = session.startTurn(recordingIn: outcome, { await body(session) }) { return turn }
            // That session ended between lookup and start, and the store has forgotten it: look again.
        }
    }

    private func run(
        _ prompt: PromptRequest, session: Session?, output: TurnOutput, outcome: TurnOutcomeSlot,
        deadline: TurnDeadline
    ) async {
        var logger = logger
        logger[metadataKey: "uuid"] = "\(prompt.uuid ?? "-")"
        logger.debug("turn started")
        output.startSilenceClock()
        do {
            try await converse(prompt, session: session, output: output)
            // The deadline cancels this task, and a cancelled stream may simply end.
            if let exceeded = deadline.exceeded { throw exceeded }
            outcome.record(.answered)
        } catch {
            // Past the deadline this task is cancelled too, but the caller hears the apology.
            let error: any Error = deadline.exceeded ?? error
            guard error is DeadlineExceeded || !Task.isCancelled else { return }  // superseded or hung up: end quietly
            metrics.upstreamFailed(error)
            outcome.record(.apologised)
            logger.error(
                "turn failed: \(error)",
                metadata: ["openai_request_id": "\((error as? OpenAIError)?.requestID ?? "-")"])
            output.say(settings.apologyMessage)
        }
    }

    private func converse(_ prompt: PromptRequest, session: Session?, output: TurnOutput) async throws {
        let catalog = tools.currentCatalog()
        try Task.checkCancellation()  // superseded before it began: say and send nothing
        var context = try await ConversationContext.open(
            for: prompt, session: session, mode: settings.stateMode, seedLimit: settings.historySeedLimit,
            client: client)
        var round = 0
        while true {
            let request = requestBody(
                prompt: prompt, context: context, catalog: catalog, mustAnswer: round >= settings.maxToolRounds)
            var collector = FunctionCallCollector()
            let requestStarted = ContinuousClock.now
            // Words are said from the HTTP client's thread as they are decoded; the sink stops
            // when this task is cancelled, so a superseded turn says nothing more.
            let spoken = ResponseTextSink { output.say($0) }
            do {
                try Task.checkCancellation()
                try await withTaskCancellationHandler {
                    var events = try await client.streamResponse(request, text: spoken)
                    while let event = try await events.next() { collector.record(event) }
                } onCancel: {
                    spoken.stop()
                }
                metrics.upstreamRequest(duration: .now - requestStarted, failed: false)
            } catch {
                if !Task.isCancelled { metrics.upstreamRequest(duration: .now - requestStarted, failed: true) }
                spoken.stop()
                await context.interrupted(said: spoken.said)
                throw error
            }
            spoken.stop()
            let said = spoken.said
            let calls = collector.calls
            await context.responseCompleted(said: said, calls: calls)
            guard !calls.isEmpty else { return }
            guard round < settings.maxToolRounds else {
                // The model was told to answer in words and called tools anyway: end the turn.
                // The calls are still owed outputs, which the next turn sends first.
                await context.toolsAnswered(calls.map { functionCallOutput($0.callID, Self.roundsExhaustedOutput) })
                return
            }
            output.startSilenceClock()
            let outcomes = try await run(calls, in: catalog, uuid: prompt.uuid)
            for outcome in outcomes {
                if let message = outcome.spokenMessage { output.say(message) }
            }
            await context.toolsAnswered(zip(calls, outcomes).map { functionCallOutput($0.callID, $1.output) })
            round += 1
        }
    }

    static let roundsExhaustedOutput =
        #"{"status":"failure","message":"Not run: this turn already used all of its tool-call rounds."}"#

    /// Runs every call at once; a cancelled turn stops waiting but lets running tools finish.
    private func run(_ calls: [FunctionCall], in catalog: any ToolCatalog, uuid: String?) async throws -> [ToolOutcome]
    {
        let offered = Set(catalog.definitions.map(\.name))
        let running = calls.map { call in
            Task {
                let started = ContinuousClock.now
                let outcome = await catalog.invoke(
                    name: call.name, arguments: call.arguments,
                    context: ToolCallContext(uuid: uuid, callID: call.callID))
                // A name the catalog does not offer is the model's invention: never a label of its own.
                self.metrics.toolCall(
                    tool: offered.contains(call.name) ? call.name : "unknown", succeeded: outcome.succeeded,
                    duration: .now - started)
                return outcome
            }
        }
        var outcomes: [ToolOutcome] = []
        for task in running { outcomes.append(try await value(of: task)) }
        return outcomes
    }

    private func requestBody(
        prompt: PromptRequest, context: ConversationContext, catalog: any ToolCatalog, mustAnswer: Bool
    ) -> JSONValue {
        var fields: JSONObject = ["model": .string(settings.model), "stream": true]
        let instructions = ([settings.instructions] + prompt.systemInstructions).filter { !$0.isEmpty }
        if !instructions.isEmpty { fields["instructions"] = .string(instructions.joined(separator: "\n\n")) }
        fields.merge(context.requestFields) { _, contextual in contextual }
        let tools = toolRequests.tools(for: catalog.definitions) + catalog.hostedTools
        if !tools.isEmpty {
            fields["tools"] = .array(tools)
            if mustAnswer { fields["tool_choice"] = "none" }
        }
        if let temperature = settings.temperature { fields["temperature"] = .number(temperature) }
        if let maxOutputTokens = settings.maxOutputTokens {
            fields["max_output_tokens"] = .integer(Int64(maxOutputTokens))
        }
        return .object(fields)
    }
}

/// A `function_call_output` input item.
func functionCallOutput(_ callID: String, _ output: String) -> JSONValue {
    ["type": "function_call_output", "call_id": .string(callID), "output": .string(output)]
}
