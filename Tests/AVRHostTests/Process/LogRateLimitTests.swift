import Logging
import Testing

@testable import AVRHost

/// The rate limit on lines into the host log, with the clock given by the test.
@Suite struct LogRateLimitTests {
    @Test func aNewWindowAdmitsAgainAndFirstReportsWhatTheLastDropped() {
        let logs = CapturedLogs()
        let start = ContinuousClock.now
        let limit = LogRateLimit(
            lines: 2, window: .seconds(1), source: "source", metadata: ["key": "value"], logger: logs.logger,
            start: start)
        #expect([limit.admit(at: start), limit.admit(at: start), limit.admit(at: start)] == [true, true, false])
        #expect(limit.admit(at: start + .milliseconds(999)) == false)
        #expect(logs.all.isEmpty)
        #expect(limit.admit(at: start + .seconds(1)))
        #expect(logs.all.map(\.message) == ["source: 2 line(s) dropped (more than 2 in 1.0 seconds)"])
        #expect(logs.all.first?.metadata["key"] == "value")
        // Nothing dropped since: nothing more to say.
        limit.finish()
        #expect(logs.all.count == 1)
    }

    @Test func aPluginLoggingInALoopIsLimitedLikeItsOutput() {
        let logs = CapturedLogs()
        let start = ContinuousClock.now
        let forwarding = RunnerLogForwarding(name: "loud", pid: 42, logger: logs.logger, start: start)
        let frame = RunnerLogForwarding.frame(level: .error, uuid: "call-1", message: "again")
        for _ in 0..<(RunnerLogForwarding.linesPerSecond + 50) { forwarding.log(frame, at: start) }
        forwarding.finish()
        let lines = logs.all.filter { $0.message == "again" }
        #expect(lines.count == RunnerLogForwarding.linesPerSecond)
        #expect(
            lines.allSatisfy {
                $0.level == .error && $0.metadata["plugin"] == "loud" && $0.metadata["uuid"] == "call-1"
            })
        #expect(
            logs.all.last?.message
                == "plugin log: 50 line(s) dropped (more than \(RunnerLogForwarding.linesPerSecond) in 1.0 seconds)")
    }

    @Test func aPluginsLongMessageIsCutAtACharactersStart() {
        let logs = CapturedLogs()
        let forwarding = RunnerLogForwarding(name: "long", pid: 42, logger: logs.logger)
        let limit = RunnerLogForwarding.maximumMessageBytes
        // "é" is two bytes, the limit's byte the middle of one.
        let message = String(repeating: "x", count: limit - 1) + "é" + String(repeating: "y", count: 1 << 20)
        forwarding.log(RunnerLogForwarding.frame(level: .info, uuid: nil, message: message))
        forwarding.log(RunnerLogForwarding.frame(level: .info, uuid: nil, message: "short é"))
        #expect(
            logs.all.map(\.message) == [
                String(repeating: "x", count: limit - 1) + " [cut at \(limit) bytes]", "short é",
            ])
    }

    @Test func aPluginsLevelIsKeptWithinDebugToError() {
        let logs = CapturedLogs()
        let forwarding = RunnerLogForwarding(name: "levels", pid: 42, logger: logs.logger)
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        for level in levels {
            forwarding.log(RunnerLogForwarding.frame(level: level, uuid: nil, message: "\(level)"))
        }
        #expect(logs.all.map(\.level) == [.debug, .debug, .info, .notice, .warning, .error, .error])
    }
}
