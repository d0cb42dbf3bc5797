import Foundation
import Testing

@testable import AVRHost

/// An isolated entry's `limits` become the runner's resource limits, set by the spawner.
@Suite struct RunnerLimitsTests {
    @Test func thePolicysLimitsAndNoCoreFile() {
        var policy = RunnerPolicy()
        policy.memoryMB = 64
        policy.cpuSeconds = 2
        policy.openFiles = 32
        #expect(
            RunnerProcess.limits(policy) == [
                ResourceLimit(resource: Int32(RLIMIT_DATA.rawValue), soft: 64 << 20, hard: 64 << 20),
                // SIGKILL a second after SIGXCPU.
                ResourceLimit(resource: Int32(RLIMIT_CPU.rawValue), soft: 2, hard: 3),
                ResourceLimit(resource: Int32(RLIMIT_NOFILE.rawValue), soft: 32, hard: 32),
                ResourceLimit(resource: Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0),
            ])
        #expect(
            RunnerProcess.limits(RunnerPolicy()) == [
                ResourceLimit(resource: Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0)
            ])
    }

    @Test func aLimitAboveTheHostsHardLimitIsLoweredToItWithAWarning() {
        var policy = RunnerPolicy()
        policy.openFiles = 64
        policy.cpuSeconds = 2
        let logs = CapturedLogs()
        let nofile = Int32(RLIMIT_NOFILE.rawValue)
        let limits = RunnerProcess.limitsWithinHost(policy, name: "demo", logger: logs.logger) {
            $0 == nofile ? 16 : nil
        }
        #expect(
            limits == [
                ResourceLimit(resource: Int32(RLIMIT_CPU.rawValue), soft: 2, hard: 3),
                ResourceLimit(resource: nofile, soft: 16, hard: 16),
                ResourceLimit(resource: Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0),
            ])
        #expect(
            logs.all.map(\.message) == [
                "the runner of demo: its open files (RLIMIT_NOFILE) limit is lowered to the host's hard limit: asked 64 (hard 64), used 16 (hard 16)"
            ])
        #expect(logs.all.first?.level == .warning && logs.all.first?.metadata["plugin"] == "demo")
    }
}
