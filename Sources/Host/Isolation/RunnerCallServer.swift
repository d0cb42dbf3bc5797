import Foundation
import FunctionABI

/// A runner's calls, leader/follower style: the thread that reads a call hands the reading to
/// another pool thread and runs the call itself. A call's answer so never waits for a thread
/// to wake up, and a slow call never holds up the next one.
struct RunnerCallServer: Sendable {
    let channel: RunnerChannel
    let function: any CatalogFunction
    private let pool = PluginWorkerPool()

    init(channel: RunnerChannel, function: any CatalogFunction) {
        self.channel = channel
        self.function = function
    }

    /// Never returns: the process exits when the host closes the channel.
    func serve() -> Never {
        pool.submit(withinShare: true) { lead() }
        while true { pause() }
    }

    private func lead() {
        while let frame = channel.receive() {
            guard frame.kind == .call else { continue }
            // Within the share: the next reader always gets a thread, however many calls run.
            pool.submit(withinShare: true) { lead() }
            let outcome = function.invokeBlocking(
                arguments: frame[2] ?? "{}",
                context: ToolCallContext(uuid: frame[0].flatMap { $0.isEmpty ? nil : $0 }, callID: frame[1] ?? ""))
            channel.send(
                RunnerFrame(
                    kind: .result, id: frame.id,
                    fields: [outcome.succeeded ? "success" : "failure", outcome.spokenMessage, outcome.output]))
            return
        }
        // The host closed the channel: it is replacing or stopping this runner.
        exit(0)
    }
}
