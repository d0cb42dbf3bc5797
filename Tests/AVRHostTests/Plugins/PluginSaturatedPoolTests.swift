import Foundation
import Testing

@testable import AVRHost

/// Jobs outside any bulkhead stay under the pool's thread cap: with every worker stuck they
/// queue, time out, and leave nothing queued behind.
@Suite struct PluginsSaturatedPoolTests {
    @Test func timedOutJobsLeaveTheQueueWhileEveryThreadIsStuck() async throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        let pool = PluginWorkerPool(maximumThreads: 1)
        // The first job takes the only thread and keeps it until the pipe is closed.
        let blocked = await PluginDeadline.run(on: pool, timeoutMs: 50, onTimeout: "timeout") {
            var byte: UInt8 = 0
            return read(readEnd, &byte, 1) == 0 ? "released" : "unexpected"
        }
        #expect(blocked == "timeout")
        for _ in 0..<20 {
            let outcome = await PluginDeadline.run(on: pool, timeoutMs: 50, onTimeout: "timeout") { "ran" }
            #expect(outcome == "timeout")
        }
        // Each job resumed at its deadline and withdrew itself in the same step.
        #expect(pool.queuedJobCount == 0)
        #expect(pool.threadCount == 1)
        close(writeEnd)
        #expect(await PluginDeadline.run(on: pool, timeoutMs: 5000, onTimeout: "timeout") { "ran" } == "ran")
    }
}
