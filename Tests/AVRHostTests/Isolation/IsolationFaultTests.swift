import AVRHost
import Foundation
import Synchronization
import Testing

/// Plugins that crash, abort, spin, sleep forever or eat memory, each isolated, called again
/// and again while 50 other calls stream: the host and the other calls never notice, the
/// faulty call's turn still ends in words, the runner restarts, and then the entry gives up.
@Suite("Isolation: faulty plugins are contained", .serialized)
struct IsolationFaultTests {
    enum Fault: String, CaseIterable, Sendable {
        case segfault = "SEGFAULT", abort = "ABORT", spin = "SPIN", sleep = "SLEEP_FOREVER", allocate = "ALLOCATE"

        /// The signal its runner ends with: a hang is killed by the host (SIGKILL).
        var signal: Int32? {
            switch self {
            case .segfault: SIGSEGV
            case .abort: SIGABRT
            case .spin, .sleep: SIGKILL
            case .allocate: nil  // SIGABRT when malloc fails first, SIGSEGV when the runtime does
            }
        }
    }

    // Each case takes seconds; the limit turns a hang (seen once on a machine at load 20) into a
    // failure that names the case instead of a stalled run.
    @Test(.timeLimit(.minutes(4)), arguments: Fault.allCases)
    func aFaultyPluginIsContained(_ fault: Fault) async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"faulty\"", fault.rawValue], to: directory + "/libfaulty.so")
        let limits = fault == .allocate ? #","limits":{"memory_mb":192}"# : ""
        IsolationTestSupport.writeConfig(
            IsolationTestSupport.entry(
                "faulty", path: directory + "/libfaulty.so", timeoutMs: fault == .allocate ? 5000 : 500,
                extra: #","max_restarts":2,"kill_grace_ms":300"# + limits), in: directory)
        let (registry, report) = await IsolationTestSupport.startedRegistry(in: directory)
        defer { registry.shutdown() }
        #expect(report.activeFunctions == ["faulty"], "\(report.problems)")
        try await withTestHost(tools: registry) { host in
            let faultyDone = DoneFlag()
            let words = "alpha beta gamma delta epsilon"
            // 50 calls keep streaming until the faulty entry has given up.
            let streams = (0..<50).map { index in
                Task {
                    var turns = 0
                    var wrong: [String] = []
                    repeat {
                        let turn = try await host.turn(
                            ##"{"uuid":"stream-\##(index)","message":"#slow 10 \##(words)"}"##)
                        if turn.status != 200 || turn.texts.joined() != words { wrong.append(turn.raw) }
                        turns += 1
                    } while !faultyDone.isSet
                    return (turns, wrong)
                }
            }
            var faultyTurns = 0
            while IsolationTestSupport.row(registry, "faulty")?.runner?.state != "failed", faultyTurns < 8 {
                faultyTurns += 1
                let turn = try await host.turn(##"{"uuid":"faulty-\##(faultyTurns)","message":"#call faulty {}"}"##)
                #expect(turn.status == 200)
                #expect(turn.texts.contains("Sorry, I could not do that right now."), "\(turn.raw)")
                #expect(turn.texts.joined().contains("Done:"), "\(turn.raw)")
                // Wait for the restart (or the give-up) before calling again.
                #expect(
                    await PluginTestSupport.eventually(within: 30) {
                        ["running", "failed"].contains(IsolationTestSupport.row(registry, "faulty")?.runner?.state)
                    })
            }
            faultyDone.set()
            for stream in streams {
                let (turns, wrong) = try await stream.value
                #expect(turns >= 1)
                #expect(wrong.isEmpty, "\(wrong.prefix(2))")
            }
            let row = try #require(IsolationTestSupport.row(registry, "faulty"))
            #expect(row.runner?.state == "failed")
            #expect(row.runner?.restarts == 2)
            #expect(row.runner?.pid == nil)
            #expect(row.error?.contains("ended 3 times") == true, "\(row.error ?? "")")
            if let signal = fault.signal { #expect(row.runner?.lastExit?.signal == signal) }
            // A hang is ended by the host; the others end by themselves.
            #expect(row.runner?.lastExit?.cause == (fault == .spin || fault == .sleep ? "deadline" : nil))
            // A failed entry answers at once, with an error the model can read.
            let outcome = await registry.currentCatalog().invoke(
                name: "faulty", arguments: "{}", context: ToolCallContext(uuid: "after", callID: "x"))
            #expect(outcome.output.contains("plugin_failed"))
            // The host is still up.
            #expect(try await host.turn(#"{"uuid":"after","message":"hello"}"#).texts.joined() == "You said: hello")
        }
    }
}

/// Tells the streaming tasks that the faulty entry is done.
private final class DoneFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
