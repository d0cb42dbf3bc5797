import Foundation
import FunctionABI
import Synchronization

/// A runner's calls: threads wait in `receive` side by side (the socket hands each whole
/// frame to one of them), and the thread that gets a call runs it and sends its answer. No
/// hand-off between threads on the way, so an answer never waits for a thread to wake; when
/// the last waiting thread takes a call, another is started, so a slow call never holds up
/// the next. Threads are kept: they number the most calls that ever ran at once, plus one.
final class RunnerCallServer: Sendable {
    let channel: RunnerChannel
    let function: any CatalogFunction
    /// Threads waiting in `receive` now.
    private let waiting = Atomic(0)

    init(channel: RunnerChannel, function: any CatalogFunction) {
        self.channel = channel
        self.function = function
    }

    /// Never returns: the process exits when the host closes the channel.
    func serve() -> Never {
        startReader()
        while true { pause() }
    }

    private func startReader() {
        waiting.add(1, ordering: .relaxed)
        let thread = Thread { [self] in read() }
        thread.name = "avr-plugin-runner.call"
        thread.start()
    }

    private func read() {
        let buffer = RunnerReceiveBuffer()
        while let frame = channel.receive(into: buffer) {
            guard frame.kind == .call else { continue }
            if waiting.subtract(1, ordering: .relaxed).newValue == 0 { startReader() }
            answer(frame)
            waiting.add(1, ordering: .relaxed)
        }
        // The host closed the channel: it is replacing or stopping this runner.
        exit(0)
    }

    private func answer(_ call: RunnerFrame) {
        let outcome = function.invokeBlocking(
            arguments: call[2] ?? "{}",
            context: ToolCallContext(uuid: call[0].flatMap { $0.isEmpty ? nil : $0 }, callID: call[1] ?? ""))
        let result = RunnerFrame(
            kind: .result, id: call.id,
            fields: [outcome.succeeded ? "success" : "failure", outcome.spokenMessage, outcome.output]
        ).encoded()
        guard result.count <= channel.maximumFrameBytes else {
            let refusal = RunnerOutcome.tooLarge(
                function.definition.name, "output", result.count, channel.maximumFrameBytes)
            channel.send(
                RunnerFrame(kind: .result, id: call.id, fields: ["failure", refusal.spokenMessage, refusal.output]))
            return
        }
        _ = channel.send(encoded: result)
    }
}
