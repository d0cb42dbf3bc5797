import Foundation
import Logging

/// Log lines a plugin writes in its runner (through the host services' `log`) arrive as
/// `log` frames: level, uuid, message. The host logs them as if the plugin ran inside it,
/// under the plugin's name and with the call's uuid, and bounded like the runner's output: a
/// plugin logging in a loop must not flood the host log. A message is cut at
/// `maximumMessageBytes`, and its level kept within debug...error, as for a plugin in the host.
/// One per runner, on its reader thread.
final class RunnerLogForwarding {
    static let linesPerSecond = 100
    static let maximumMessageBytes = 4096
    private let metadata: Logger.Metadata
    private let logger: Logger
    private let limit: LogRateLimit

    init(name: String, pid: pid_t, logger: Logger, start: ContinuousClock.Instant = .now) {
        metadata = ["plugin": "\(name)", "runner_pid": "\(pid)"]
        self.logger = logger
        limit = LogRateLimit(
            lines: Self.linesPerSecond, window: .seconds(1), source: "plugin log", metadata: metadata, logger: logger,
            start: start)
    }

    static func frame(level: Logger.Level, uuid: String?, message: String) -> RunnerFrame {
        RunnerFrame(kind: .log, fields: [level.rawValue, uuid, message])
    }

    func log(_ frame: RunnerFrame, at now: ContinuousClock.Instant = .now) {
        guard limit.admit(at: now) else { return }
        var metadata = metadata
        if let uuid = frame[1], !uuid.isEmpty { metadata["uuid"] = "\(uuid)" }
        let level = frame[0].flatMap(Logger.Level.init(rawValue:)) ?? .info
        // Never more than one byte past the cut is copied (a frame may carry a MiB).
        let message = ChildOutputLog.text(
            ArraySlice((frame[2] ?? "").utf8.prefix(Self.maximumMessageBytes + 1)), cutAt: Self.maximumMessageBytes)
        logger.log(level: min(max(level, .debug), .error), "\(message)", metadata: metadata)
    }

    /// The runner's channel ended: says how many lines were dropped, if any.
    func finish() { limit.finish() }
}
