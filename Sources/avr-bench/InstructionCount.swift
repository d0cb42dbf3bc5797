import AVRHost
import Foundation

/// Instructions a server (avr-host, or avr-floor for the framework's floor) executes per turn,
/// counted by valgrind's callgrind: a run of N turns minus a run of none (start-up and
/// shutdown), divided by N. Unlike CPU time it does not move with other work on the machine,
/// so a change can be judged on a busy one.
///
/// Two things stop valgrind 3.19 on these servers, and are worked around here: it cannot read
/// the DWARF 5 debug info of Swift 6.3 binaries (it gives up, "possibly corrupted debuginfo"),
/// so a copy without debug info is run; and Swift's async main parks the main thread in
/// libdispatch's `sigsuspend` with a read-only mask, which valgrind writes to and dies with an
/// internal SIGSEGV, so `libvalgrind_compat.so` is preloaded to pass it a copy.
struct InstructionCount {
    let server: BenchServer
    let calls: Int
    let turns: Int
    let tokenDelayMs: Int

    static let valgrind = "/usr/bin/valgrind"

    /// Nil when valgrind, objcopy or the compat library is missing.
    func perTurn() async throws -> Double? {
        let folder = ChildProcess.benchFolder
        let compat = folder.appendingPathComponent("libvalgrind_compat.so").path
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: Self.valgrind), fileManager.fileExists(atPath: compat) else {
            return nil
        }
        let work = fileManager.temporaryDirectory.appendingPathComponent(
            "avr-bench-callgrind-\(server.name)-\(getpid())")
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }
        let stripped = work.appendingPathComponent(server.name).path
        guard run("/usr/bin/objcopy", ["--strip-debug", folder.appendingPathComponent(server.name).path, stripped])
        else { return nil }
        let idle = try await count(turns: 0, executable: stripped, compat: compat, work: work)
        let busy = try await count(turns: turns, executable: stripped, compat: compat, work: work)
        guard let idle, let busy else { return nil }
        return Double(busy - idle) / Double(calls * turns)
    }

    /// Total instructions of one server process that answered `calls` x `turns` turns.
    private func count(turns: Int, executable: String, compat: String, work: URL) async throws -> Int? {
        let output = work.appendingPathComponent("callgrind.\(turns).out").path
        let running = try server.start(
            tokenDelayMs: tokenDelayMs, executable: executable,
            launcher: [Self.valgrind, "--tool=callgrind", "--callgrind-out-file=\(output)"],
            environment: ["LD_PRELOAD": compat])
        if turns > 0 {
            let client = HTTPClient()
            _ = await CallLoad(
                client: client, target: .promptStream(port: running.process.port), calls: calls, turns: turns
            ).run()
            client.shutdown()
        }
        // Callgrind writes its counts as the server exits.
        running.stop()
        guard let text = try? String(contentsOfFile: output, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("totals:") || $0.hasPrefix("summary:") })
        else { return nil }
        return Int(line.split(separator: " ").last ?? "")
    }

    private func run(_ program: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
