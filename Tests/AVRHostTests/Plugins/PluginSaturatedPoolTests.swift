import AVRHost
import Foundation
import Testing

/// With every worker stuck in a hung plugin, calls time out and leave nothing queued behind.
@Suite struct PluginsSaturatedPoolTests {
    @Test func timedOutJobsLeaveTheQueueWhileEveryThreadIsStuck() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        try PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"stuck\"", "HANG_MS=5000"], to: directory + "/functions/libstuck.so")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs":["functions"],"plugins":{"stuck":{"timeout_ms":50}}}"#, in: directory)
        let pool = PluginWorkerPool(maximumThreads: 1)
        let registry = PluginTestSupport.makeRegistry(in: directory, pool: pool)
        #expect(registry.start(watch: false).activeFunctions == ["stuck"])
        let context = ToolCallContext(uuid: "u", callID: "c")
        // The first call takes the only thread and keeps it for 5 s.
        #expect(!(await registry.currentCatalog().invoke(name: "stuck", arguments: "{}", context: context)).succeeded)
        for _ in 0..<20 {
            let outcome = await registry.currentCatalog().invoke(
                name: "stuck", arguments: "{}", context: context)
            #expect(!outcome.succeeded && outcome.output.contains("timeout"))
        }
        // Each call resumed at its deadline and withdrew its job in the same step.
        #expect(
            await PluginTestSupport.eventually(within: 1) { pool.queuedJobCount == 0 },
            "\(pool.queuedJobCount) jobs still queued")
        #expect(pool.threadCount == 1)
    }
}
