import Hummingbird
import Logging
import NIOCore

/// `POST /prompt-stream`: one caller turn in, the answer streamed out as it is generated.
struct PromptStreamRoute: Sendable {
    let turns: TurnLoop
    let assistant: AssistantSettings
    let maxBodyBytes: Int
    let logger: Logger
    let metrics: HostMetrics?
    /// AVR Core sends the call id twice (body and `X-UUID`): a mismatch is worth one warning, not one per turn.
    private let headerMismatchWarning = OnceFlag()
    private let skippedHistoryWarning = OnceFlag()

    init(turns: TurnLoop, assistant: AssistantSettings, maxBodyBytes: Int, logger: Logger, metrics: HostMetrics? = nil)
    {
        self.metrics = metrics
        self.turns = turns
        self.assistant = assistant
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    func register(on router: Router<HostRequestContext>) {
        router.post("prompt-stream") { request, context in
            try await self.handle(request, on: context.channel)
        }
    }

    private func handle(_ request: Request, on channel: any Channel) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "the body is larger than the limit of \(maxBodyBytes) bytes")
        }
        let prompt: PromptRequest
        do {
            let headerUUID = request.headers[.init("X-UUID")!].flatMap { $0.isEmpty ? nil : $0 }
            prompt = try PromptRequest.parse(body.readableBytesView, headerUUID: headerUUID)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        if let header = prompt.overriddenHeaderUUID {
            headerMismatchWarning.warn(
                "the X-UUID header (\(header)) names another call than the body's uuid (\(prompt.uuid ?? "")); the body's uuid is used",
                to: logger)
        }
        if let problem = prompt.skippedHistoryProblem {
            skippedHistoryWarning.warn(
                "a history item was left out, the turn is answered: \(problem)", to: logger,
                metadata: ["uuid": "\(prompt.uuid ?? "-")"])
        }
        let format: StreamFormat = request.uri.queryParameters["format"] == "sse" ? .sse : .avr
        return Response(
            status: .ok,
            // The connection closes after the answer, so say so: a client must not reuse it.
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"],
            body: ResponseBody { writer in
                // The writer runs on the connection's event loop: see EventLoopTaskExecutor.
                try await withTaskExecutorPreference(EventLoopTaskExecutor(channel.eventLoop)) {
                    try await self.stream(prompt, format: format, on: channel, to: &writer)
                    try await writer.finish(nil)
                }
            })
    }

    /// Writes each piece of text as its own chunk, flushed at once, while the turn runs.
    private func stream(
        _ prompt: PromptRequest, format: StreamFormat, on channel: any Channel,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        let output = TurnOutput(
            waitingMessage: assistant.waitingMessage, waitingTimeout: assistant.waitingTimeout,
            timers: channel.eventLoop, metrics: metrics)
        let turn = turns.start(prompt, output: output, timers: channel.eventLoop)
        // A caller who hangs up closes the connection: that ends the turn, and with it the
        // upstream request.
        let callerGone = try? await channel.pipeline.handler(type: CallerGoneWatch.self).get()
        callerGone?.whenGone { turn.hangUp() }
        defer { callerGone?.whenGone(nil) }
        do {
            try await withTaskCancellationHandler {
                while let text = await output.nextText() {
                    try await writer.write(ByteBuffer(string: format.frame(text: text)))
                }
            } onCancel: {
                turn.hangUp()
            }
        } catch {
            // A write failed: the caller is gone. The turn ends, and unwinds before the
            // connection's task does, as a child task would.
            turn.hangUp()
            await turn.ended()
            throw error
        }
        await turn.ended()
    }
}
