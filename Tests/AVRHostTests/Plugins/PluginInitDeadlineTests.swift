import AVRHost
import Foundation
import Testing

/// A plugin whose `init` hangs: the load of that entry fails at its deadline, the old version
/// keeps serving, other entries load, and neither reloads nor shutdown wait for it.
@Suite struct PluginInitDeadlineTests {
    @Test func hungInitIsAbandonedAtItsDeadline() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/init-gate"
        let file = directory + "/functions/libhang_fn.so"
        try await PluginTestSupport.compileTestPlugin([#"FUNC_NAME="hang_fn""#, #"REPLY="v1""#], to: file)
        try await PluginTestSupport.compileTestPlugin(
            [#"FUNC_NAME="good_fn""#], to: directory + "/functions/libgood_fn.so")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs": ["functions"], "plugins": {"hang_fn": {"init_timeout_ms": 300}}}"#, in: directory)
        let logs = CapturedLogs()
        let registry = PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [], logger: logs.logger)
        #expect(await registry.reloadOffTheEventLoop().activeFunctions == ["good_fn", "hang_fn"])

        // Version 2 blocks in init until the FIFO is opened for writing and closed.
        #expect(mkfifo(fifo, 0o600) == 0)
        try await PluginTestSupport.compileTestPlugin(
            [#"FUNC_NAME="hang_fn""#, #"REPLY="v2""#, #"INIT_WAIT="\#(fifo)""#], to: file)
        let started = ContinuousClock.now
        let report = await registry.reloadOffTheEventLoop()
        // The init never returns by itself: the reload is back because of the 300 ms deadline.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(report.activeFunctions == ["good_fn", "hang_fn"])
        let refusal = "hang_fn: new version refused: init did not return within 300 ms; the plugin is not loaded"
        #expect(report.problems == [refusal], "\(report.problems)")
        let row = registry.listing().functions.first { $0.name == "hang_fn" }
        #expect(row?.status == "active" && row?.version == "v1")
        #expect(row?.error?.contains("init did not return within 300 ms") == true)
        #expect(await call(registry, "hang_fn") == "v1")
        #expect(logs.all.contains { $0.level == .warning && $0.message.contains("init did not return") })

        // While that init is stuck, another reload does not start a second one.
        let again = await registry.reloadOffTheEventLoop()
        #expect(again.problems.joined().contains("init of an earlier load of this version has not returned yet"))

        // Released (and the gate removed), the abandoned init is cleaned up, and the next reload
        // serves version 2.
        releaseInit(at: fifo)
        #expect(
            await PluginTestSupport.eventually(within: 20) {
                logs.all.contains { $0.message.contains("an abandoned init returned after") }
            })
        #expect(await registry.reloadOffTheEventLoop().problems == [])
        #expect(await call(registry, "hang_fn") == "v2")
        registry.shutdown()
    }

    @Test func shutdownDoesNotWaitForAHungInit() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/init-gate"
        #expect(mkfifo(fifo, 0o600) == 0)
        try await PluginTestSupport.compileTestPlugin(
            [#"FUNC_NAME="hang_fn""#, #"INIT_WAIT="\#(fifo)""#], to: directory + "/functions/libhang_fn.so")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs": ["functions"], "plugins": {"hang_fn": {"init_timeout_ms": 200}}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        let report = await registry.reloadOffTheEventLoop()
        #expect(report.activeFunctions == [])
        #expect(registry.listing().functions.first?.error?.contains("init did not return within 200 ms") == true)
        // It takes the reload lock, so it would wait for a reload stuck inside init.
        let started = ContinuousClock.now
        await withCheckedContinuation { continuation in
            Thread {
                registry.shutdown()
                continuation.resume()
            }.start()
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        releaseInit(at: fifo)
    }

    private func call(_ registry: PluginRegistry, _ name: String) async -> String? {
        await registry.currentCatalog().invoke(
            name: name, arguments: "{}", context: ToolCallContext(uuid: "u", callID: "c")
        ).spokenMessage
    }

    /// Opens the gate FIFO for writing (the init blocked in `open` goes on), removes it (a
    /// later init returns at once) and closes it (the init reads EOF and returns).
    private func releaseInit(at fifo: String) {
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        #expect(writer >= 0, "no init was waiting at the gate")
        unlink(fifo)
        if writer >= 0 { close(writer) }
    }
}
