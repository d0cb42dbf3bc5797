import AVRHost
import Foundation
import Testing

/// Loading checks and failure mapping, with C plugins compiled at test time.
@Suite struct PluginsABITests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    func registry(_ config: String = #"{"plugin_dirs":["functions"]}"#) -> PluginRegistry {
        try? FileManager.default.createDirectory(
            atPath: directory + "/functions", withIntermediateDirectories: true)
        PluginTestSupport.writeConfig(config, in: directory)
        return PluginTestSupport.makeRegistry(in: directory)
    }

    func variant(_ file: String, _ defines: [String]) async throws {
        try FileManager.default.createDirectory(
            atPath: directory + "/functions", withIntermediateDirectories: true)
        try await PluginTestSupport.compileTestPlugin(defines, to: directory + "/functions/" + file)
    }

    func call(_ registry: PluginRegistry, _ name: String, _ arguments: String = "{}") async
        -> ToolOutcome
    {
        await registry.currentCatalog().invoke(
            name: name, arguments: arguments, context: ToolCallContext(uuid: "u-1", callID: "c-1"))
    }

    @Test func cPluginFromThePackageLoadsAndAnswers() async throws {
        let registry = registry(
            #"{"plugins":{"c_echo":{"path":"\#(PluginTestSupport.builtPlugin("c_echo_plugin"))","settings":{"prefix":"hi"}}}}"#
        )
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["c_echo"], "\(report.problems)")
        let outcome = await call(registry, "c_echo", #"{"text":"x"}"#)
        #expect(outcome.succeeded)
        #expect(outcome.spokenMessage == "hi u-1")
        #expect(
            outcome.output
                == #"{"data":{"arguments":{"text":"x"},"uuid":"u-1"},"message":"hi u-1","status":"success"}"#
        )
        #expect(registry.listing().functions.first?.calls == 1)
    }

    @Test(arguments: [
        (["ABI_VERSION=99"], "ABI version 99 not supported"),
        (["SHRINK_STRUCT"], "struct_size 8 is smaller"),
        (["TINY_DESCRIPTOR"], "struct_size 8 is smaller"),
        (["SHRINK_STRIDE"], "avr_function struct_size 8 is smaller"),
        (["SHRINK_FUNCTION"], "function #0: struct_size 8 too small"),
        (["STAMP=\"other-toolchain 1.0\""], "toolchain mismatch"),
        (["INIT_FAIL"], "init failed"),
        (["DUPLICATE"], "duplicate function name"),
        (["NO_ENTRY"], "missing entry symbol"),
        // Fixtures build with -fvisibility=hidden: without AVR_PLUGIN_EXPORT the entry is hidden.
        (["NO_EXPORT"], "missing entry symbol"),
    ])
    func badPluginIsRefusedAndReported(defines: [String], expected: String) async throws {
        try await variant("libbad.so", defines + ["FUNC_NAME=\"bad_fn\""])
        try await variant("libgood.so", ["FUNC_NAME=\"good_fn\""])
        let registry = registry()
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["good_fn"])
        let problem = report.problems.joined(separator: "\n")
        #expect(problem.contains(expected), "\(problem)")
        let row = registry.listing().functions.first { $0.status == "error" }
        #expect(row?.error?.contains(expected) == true)
        #expect(await call(registry, "good_fn").succeeded)
    }

    @Test func duplicateNamesAcrossFilesKeepTheFirst() async throws {
        try await variant("liba.so", ["FUNC_NAME=\"same\"", "REPLY=\"a\""])
        try await variant("libb.so", ["FUNC_NAME=\"same\"", "REPLY=\"b\""])
        let registry = registry()
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["same"])
        #expect(report.problems.contains { $0.contains("duplicate function name") })
        #expect(await call(registry, "same").spokenMessage == "a")
    }

    @Test func failuresBecomeFailedOutcomesTheModelCanRead() async throws {
        try await variant("libfail.so", ["FUNC_NAME=\"failing\"", "FAIL"])
        try await variant("libok.so", ["FUNC_NAME=\"ok_fn\""])
        let registry = registry()
        registry.start(watch: false)
        let failed = await call(registry, "failing")
        #expect(!failed.succeeded)
        #expect(failed.spokenMessage == "the test plugin failed")
        #expect(failed.output.contains(#""status":"failure""#))
        let unknown = await call(registry, "nope")
        #expect(!unknown.succeeded && unknown.output.contains("unknown_function"))
        let invalid = await call(registry, "ok_fn", "{not json")
        #expect(!invalid.succeeded && invalid.output.contains("invalid_arguments"))
        #expect(registry.listing().functions.first { $0.name == "failing" }?.failures == 1)
    }

    @Test func malformedHTTPRequestsFromAPluginAreRefusedNotFollowed() async throws {
        try await variant("libnullheaders.so", ["FUNC_NAME=\"null_headers\"", "NULL_HEADERS"])
        let registry = registry()
        registry.start(watch: false)
        // NULL headers with a count, and a response claiming no room: both -1, nothing written.
        #expect(await call(registry, "null_headers").spokenMessage == "rc=-1,-1,777")
    }

    @Test func hungPluginTimesOutAtItsDeadline() async throws {
        // It hangs 10 s; the call must come back at its 200 ms deadline (the bound leaves room
        // for a loaded machine, not for waiting out the hang).
        try await variant("libslow.so", ["FUNC_NAME=\"slow\"", "HANG_MS=10000"])
        let registry = registry(#"{"plugins":{"slow":{"timeout_ms":200}}}"#)
        registry.start(watch: false)
        let started = Date()
        let outcome = await call(registry, "slow")
        let elapsed = Date().timeIntervalSince(started)
        #expect(!outcome.succeeded && outcome.output.contains("timeout"))
        #expect(elapsed < 8, "took \(elapsed) s")
    }
}
