import Foundation
import FunctionABI
import Testing

@testable import AVRHost

/// Entries with `"isolation": "process"`: the same `.so` through the same ABI, in a runner.
@Suite("Isolation: plugins in runner processes", .serialized)
struct PluginIsolationTests {
    @Test func anIsolatedPluginAnswersAsItWouldInProcess() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.echoEntry(extra: #","settings":{"prefix":"hi"}"#), in: directory)
        let (registry, report) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        #expect(report.activeFunctions == ["c_echo"], "\(report.problems)")
        let outcome = await registry.currentCatalog().invoke(
            name: "c_echo", arguments: #"{"text":"x"}"#, context: ToolCallContext(uuid: "call-1", callID: "c1"))
        #expect(outcome.succeeded)
        #expect(outcome.spokenMessage == "hi call-1")
        let row = try #require(IsolationTestSupport.row(registry, "c_echo"))
        #expect(row.isolation == "process")
        #expect(row.runner?.state == "running")
        let pid = try #require(row.runner?.pid)
        #expect(pid != getpid() && IsolationTestSupport.isAlive(pid))
        registry.shutdown()
        // Staged stop: the runner ends by itself when its channel closes.
        #expect(await PluginTestSupport.eventually(within: 10) { !IsolationTestSupport.isAlive(pid) })
    }

    @Test func aPluginsLogLineReachesTheHostWithTheCallsUUID() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"talk\"", "LOG_LINE=\"hello from the runner\""], to: directory + "/libtalk.so")
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry("talk", path: directory + "/libtalk.so"), in: directory)
        let logs = CapturedLogs()
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory, logger: logs.logger)
        defer { registry.shutdown() }
        let outcome = await registry.currentCatalog().invoke(
            name: "talk", arguments: "{}", context: ToolCallContext(uuid: "call-42", callID: "c1"))
        #expect(outcome.succeeded)
        #expect(
            await PluginTestSupport.eventually(within: 10) {
                logs.all.contains {
                    $0.message == "hello from the runner" && $0.metadata["uuid"] == "call-42"
                        && $0.metadata["plugin"] == "talk"
                }
            })
    }

    @Test func aRunnersOutputReachesTheLogCutAndRateLimited() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"chatty\"", "CHATTY=200"], to: directory + "/libchatty.so")
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry("chatty", path: directory + "/libchatty.so"), in: directory)
        let logs = CapturedLogs()
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory, logger: logs.logger)
        _ = await registry.currentCatalog().invoke(
            name: "chatty", arguments: "{}", context: ToolCallContext(uuid: "u", callID: "1"))
        registry.shutdown()
        // The count of what was dropped is logged at the latest when the runner's output ends.
        #expect(await PluginTestSupport.eventually(within: 10) { logs.all.contains { $0.message.contains("dropped") } })
        let lines = logs.all.filter { $0.message.hasPrefix("runner output: x") }
        #expect(lines.count <= 150, "200 lines in at most a few seconds, 50 a second")
        #expect(lines.allSatisfy { $0.metadata["plugin"] == "chatty" })
        #expect(lines.allSatisfy { $0.message.hasSuffix(" [cut at 1024 bytes]") && $0.message.count < 1100 })
    }

    @Test func aNewVersionGetsANewRunnerWhileTheOldOneFinishesItsCall() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/libversioned.so"
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"versioned\"", "REPLY=\"v1\"", "WAIT_FOR=\"\(directory)/release\""], to: file)
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry("versioned", path: file, timeoutMs: 30000), in: directory)
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        let oldPID = try #require(IsolationTestSupport.row(registry, "versioned")?.runner?.pid)
        // Only the call in flight holds the old version (and so its runner).
        async let first = registry.currentCatalog().invoke(
            name: "versioned", arguments: "{}", context: ToolCallContext(uuid: "a", callID: "1"))
        #expect(
            await PluginTestSupport.eventually(within: 10) {
                IsolationTestSupport.row(registry, "versioned")?.inFlight == 1
            })
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"versioned\"", "REPLY=\"v2\""], to: file)
        let report = await registry.reloadOffTheEventLoop()
        #expect(report.problems.isEmpty, "\(report.problems)")
        let newPID = try #require(IsolationTestSupport.row(registry, "versioned")?.runner?.pid)
        #expect(newPID != oldPID)
        let second = await registry.currentCatalog().invoke(
            name: "versioned", arguments: "{}", context: ToolCallContext(uuid: "b", callID: "2"))
        #expect(second.spokenMessage == "v2")
        #expect(IsolationTestSupport.isAlive(oldPID))
        _ = FileManager.default.createFile(atPath: directory + "/release", contents: nil)
        #expect(await first.spokenMessage == "v1")
        #expect(await PluginTestSupport.eventually(within: 10) { !IsolationTestSupport.isAlive(oldPID) })
    }

    @Test func severalCallsRunAtOnceInOneRunner() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"slow\"", "HANG_MS=1000"], to: directory + "/libslow.so")
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry("slow", path: directory + "/libslow.so", timeoutMs: 20000), in: directory)
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        let catalog = registry.currentCatalog()
        let started = Date()
        let outcomes = await withTaskGroup(of: ToolOutcome.self) { group in
            for index in 0..<6 {
                group.addTask {
                    await catalog.invoke(
                        name: "slow", arguments: "{}", context: ToolCallContext(uuid: "u\(index)", callID: "\(index)"))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0.spokenMessage == "ok" })
        // One after the other they would take 6 s; side by side about 1 s (generous for a loaded machine).
        #expect(Date().timeIntervalSince(started) < 4.5)
    }

    @Test func argumentsTooLargeForAFrameAreAnErrorNotACrash() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        IsolationTestSupport.writeConfig(IsolationTestSupport.echoEntry(), in: directory)
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        let huge = #"{"text":""# + String(repeating: "x", count: 2 << 20) + #""}"#
        let outcome = await registry.currentCatalog().invoke(
            name: "c_echo", arguments: huge, context: ToolCallContext(uuid: "u", callID: "1"))
        #expect(outcome.output.contains("too_large"), "\(outcome.output.prefix(200))")
        #expect(IsolationTestSupport.row(registry, "c_echo")?.runner?.restarts == 0)
    }

    @Test func theCPULimitEndsASpinningRunnerBeforeItsDeadline() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"spin\"", "SPIN"], to: directory + "/libspin.so")
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry(
                "spin", path: directory + "/libspin.so", timeoutMs: 60000, extra: #","limits":{"cpu_seconds":1}"#),
            in: directory)
        let (registry, _) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        let outcome = await registry.currentCatalog().invoke(
            name: "spin", arguments: "{}", context: ToolCallContext(uuid: "u", callID: "1"))
        #expect(outcome.output.contains("plugin_crashed") && outcome.output.contains("SIGXCPU"), "\(outcome.output)")
        #expect(IsolationTestSupport.row(registry, "spin")?.runner?.lastExit?.signal == SIGXCPU)
    }

    @Test func anOpenFilesLimitAboveTheHostsHardLimitStartsTheRunnerWithTheHostsLimit() async throws {
        let hard = try #require(ResourceLimit.hostHardLimit(Int32(RLIMIT_NOFILE.rawValue)))
        // Within the field's range (16..1048576), yet more than a runner may have.
        guard hard < 1_048_576 else { return }
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.echoEntry(extra: #","limits":{"open_files":\#(hard + 1)}"#), in: directory)
        let logs = CapturedLogs()
        let (registry, report) = await IsolationTestSupport.startedRegistry(in: directory, logger: logs.logger)
        defer { registry.shutdown() }
        #expect(report.activeFunctions == ["c_echo"], "\(report.problems)")
        let outcome = await registry.currentCatalog().invoke(
            name: "c_echo", arguments: #"{"text":"x"}"#, context: ToolCallContext(uuid: "call-1", callID: "c1"))
        #expect(outcome.succeeded)
        let pid = try #require(IsolationTestSupport.row(registry, "c_echo")?.runner?.pid)
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        #expect(
            limits.split(separator: "\n").contains { line in
                line.hasPrefix("Max open files")
                    && line.split(separator: " ", omittingEmptySubsequences: true).filter {
                        $0 == "\(hard)"
                    }.count == 2
            })
        #expect(
            logs.all.contains {
                $0.level == .warning
                    && $0.message.hasSuffix(
                        "limit is lowered to the host's hard limit: asked \(hard + 1) (hard \(hard + 1)), used \(hard) (hard \(hard))"
                    )
            })
    }

    @Test func anFFIEntryDeclaringAbortIsCalledWithoutHarm() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        PluginTestSupport.writeConfig(
            #"""
            {"plugin_dirs":[],"plugins":{"boom":{"isolation":"process","max_restarts":1,
              "ffi":{"library":"libc.so.6","symbol":"abort","returns":"void"}}}}
            """#, in: directory)
        let (registry, report) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        #expect(report.activeFunctions == ["boom"], "\(report.problems)")
        let outcome = await registry.currentCatalog().invoke(
            name: "boom", arguments: "{}", context: ToolCallContext(uuid: "u", callID: "1"))
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("plugin_crashed") && outcome.output.contains("SIGABRT"), "\(outcome.output)")
        let row = try #require(IsolationTestSupport.row(registry, "boom"))
        #expect(row.kind == "ffi")
        #expect(row.runner?.lastExit?.signal == SIGABRT)
    }

    @Test func configFieldsAreValidated() throws {
        func error(_ entry: String) -> String? {
            do {
                _ = try PluginsConfig.parse(#"{"plugins":{"x":\#(entry)}}"#, baseDirectory: "/")
                return nil
            } catch { return error.description }
        }
        #expect(error(#"{"isolation":"sandbox"}"#) == #"plugins.x.isolation: must be "in-process" or "process""#)
        #expect(
            error(#"{"limits":{"memory_mb":64}}"#) == #"plugins.x.limits: only allowed with "isolation": "process""#)
        #expect(error(#"{"isolation":"process","limits":{"disk_mb":1}}"#) == "plugins.x.limits.disk_mb: unknown field")
        #expect(
            error(#"{"isolation":"process","max_restarts":-1}"#)
                == "plugins.x.max_restarts: must be a whole number from 0 to 1000")
        let config = try PluginsConfig.parse(
            #"{"plugins":{"x":{"isolation":"process","limits":{"memory_mb":64,"open_files":32},"kill_grace_ms":50}}}"#,
            baseDirectory: "/")
        guard case .process(let policy) = config.plugins["x"]?.isolation else {
            Issue.record("not isolated")
            return
        }
        #expect((policy.memoryMB, policy.openFiles, policy.cpuSeconds, policy.killGraceMs) == (64, 32, nil, 50))
    }
}
