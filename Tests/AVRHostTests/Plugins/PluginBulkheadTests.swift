import AVRHost
import Foundation
import Testing

/// Per-entry bulkheads: one hung tool holds only its own share of the worker pool, and the
/// other tools keep answering even when the hung ones took more threads than the global cap.
@Suite struct PluginsBulkheadTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    /// An `ffi` entry blocking in `read()` on a pipe until the test closes its write end.
    /// The deadline leaves the workers time to start even on a loaded machine.
    static func hung(maxConcurrency: Int, timeoutMs: Int = 400) -> String {
        #"""
        "hung": {"timeout_ms": \#(timeoutMs), "max_concurrency": \#(maxConcurrency),
          "ffi": {"library": "\#(PluginTestSupport.builtPlugin("ffi_testlib"))", "symbol": "ffi_test_wait_fd",
                  "returns": "int64", "parameters": [{"name": "fd", "type": "int32"}]}}
        """#
    }

    func call(_ registry: PluginRegistry, _ name: String, _ arguments: String = "{}") async -> ToolOutcome {
        await registry.currentCatalog().invoke(
            name: name, arguments: arguments, context: ToolCallContext(uuid: "u", callID: "c"))
    }

    func row(_ registry: PluginRegistry, _ name: String) -> PluginListingEntry? {
        registry.listing().functions.first { $0.name == name }
    }

    @Test func aHungEntryExhaustsOnlyItsOwnShareWhileTheOtherToolsAnswer() async throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"echo\""], to: directory + "/functions/libecho.so")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs":["functions"],"plugins":{\#(Self.hung(maxConcurrency: 4)),\#(PluginsFFIEntryTests.power)}}"#,
            in: directory)
        // A global cap below the hung entry's share: the cap must not starve the others.
        let pool = PluginWorkerPool(maximumThreads: 2)
        let registry = PluginTestSupport.makeRegistry(in: directory, pool: pool)
        #expect(registry.start(watch: false).activeFunctions == ["echo", "hung", "power"])

        // The attack: many more hung calls than the entry's share, all at once.
        let outcomes = await withTaskGroup(of: ToolOutcome.self) { group in
            for _ in 0..<20 { group.addTask { await call(registry, "hung", #"{"fd": \#(readEnd)}"#) } }
            return await group.reduce(into: [ToolOutcome]()) { $0.append($1) }
        }
        // Four run and hang past their deadline; the other sixteen wait for a slot that never
        // frees up, without a thread, and time out at their own deadline.
        #expect(outcomes.allSatisfy { $0.output.contains(#""error":"timeout""#) && !$0.succeeded })
        let waitedOut = outcomes.filter { $0.output.contains("max_concurrency") }
        #expect(waitedOut.count == 16)
        let hung = try #require(row(registry, "hung"))
        #expect(
            (hung.maxConcurrency, hung.inFlight, hung.abandonedWorkers, hung.waiting, hung.slotTimeouts) == (
                4, 4, 4, 0, 16
            ),
            "\(hung)")
        #expect(pool.threadCount >= 4)

        // Every other tool still answers, many at once, while the four threads stay stuck.
        let others = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<12 {
                group.addTask {
                    index.isMultiple(of: 2)
                        ? await call(registry, "power", #"{"x": 2, "y": 10}"#).output == #"{"result":1024}"#
                        : await call(registry, "echo").spokenMessage == "ok"
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(others == Array(repeating: true, count: 12))
        #expect(row(registry, "power")?.abandonedWorkers == 0)
        // A further call waits for a slot without taking a thread, and times out.
        let threadsBefore = pool.threadCount
        #expect((await call(registry, "hung", #"{"fd": \#(readEnd)}"#)).output.contains("max_concurrency"))
        #expect(pool.threadCount == threadsBefore)

        // Closing the write end releases every blocked read: the share is free again.
        close(writeEnd)
        #expect(
            await PluginTestSupport.eventually(within: 5) {
                row(registry, "hung").map { ($0.inFlight, $0.abandonedWorkers) } ?? (-1, -1) == (0, 0)
            }, "\(String(describing: row(registry, "hung")))")
        #expect((await call(registry, "hung", #"{"fd": \#(readEnd)}"#)).output == #"{"result":0}"#)
    }

    @Test func aReloadChangesTheShareAndStuckCallsKeepTheirSlots() async throws {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        PluginTestSupport.writeConfig(#"{"plugins":{\#(Self.hung(maxConcurrency: 2))}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        registry.start(watch: false)
        for _ in 0..<2 { _ = await call(registry, "hung", #"{"fd": \#(readEnd)}"#) }
        #expect(row(registry, "hung")?.abandonedWorkers == 2)
        // The share follows the new config; the calls stuck before keep their slots in it.
        PluginTestSupport.writeConfig(
            #"{"plugins":{\#(Self.hung(maxConcurrency: 3, timeoutMs: 450))}}"#, in: directory)
        #expect(registry.reload().activeFunctions == ["hung"])
        #expect(row(registry, "hung").map { ($0.maxConcurrency, $0.abandonedWorkers) } ?? (0, 0) == (3, 2))
        #expect((await call(registry, "hung", #"{"fd": \#(readEnd)}"#)).output.contains(#""error":"timeout""#))
        #expect((await call(registry, "hung", #"{"fd": \#(readEnd)}"#)).output.contains("max_concurrency"))
        close(writeEnd)
        #expect(await PluginTestSupport.eventually(within: 5) { row(registry, "hung")?.inFlight == 0 })
    }
}

/// A burst of a healthy tool beyond its share waits for slots and is served in full.
@Suite struct PluginsBulkheadBurstTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func aBurstBeyondTheShareIsServedAsSlotsFreeUp() async throws {
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"echo\""], to: directory + "/functions/libecho.so")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs":["functions"],"plugins":{"echo":{"max_concurrency":2,"timeout_ms":20000}}}"#,
            in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        registry.start(watch: false)
        let answered = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    await registry.currentCatalog().invoke(
                        name: "echo", arguments: "{}", context: ToolCallContext(uuid: "burst-\(index)", callID: "c")
                    ).spokenMessage == "ok"
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(answered == 60)
        let row = try #require(registry.listing().functions.first { $0.name == "echo" })
        #expect((row.inFlight, row.waiting, row.slotTimeouts, row.failures) == (0, 0, 0, 0))
    }
}
