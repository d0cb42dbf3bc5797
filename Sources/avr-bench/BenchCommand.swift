import AVRHost
import ArgumentParser
import Foundation

/// `avr-bench`: concurrent AVR-style calls through the host against the stand-in, compared
/// with the same load sent straight to the stand-in; then the plugin round trip.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avr-bench",
        abstract: "Measures avr-host: time to first chunk, turns per second, CPU per turn, peak memory, plugin calls.")

    @Option(help: "Concurrent calls in each run (comma-separated: the ladder).") var calls = "1,10,100,1000,5000"
    @Option(help: "Turns per call.") var turns = 3
    @Option(help: "Stand-in pause between streamed words, ms (realistic token pacing).") var tokenDelayMs = 20
    @Option(help: "Runs of each rung; the table shows the median of each figure.") var repeats = 3
    @Option(help: "Turns (10 calls) counted with callgrind for instructions per turn; 0 skips it.")
    var instructionTurns = 30
    @Flag(
        inversion: .prefixedNo,
        help: "Also measure avr-floor, Hummingbird alone doing the host's inbound job: the framework's share per turn.")
    var floor = true
    @Option(help: "Concurrent calls in each run of avr-floor (comma-separated).") var floorCalls = "10,100"

    /// Words avr-floor streams per answer.
    static let floorWords = 8

    func run() async throws {
        let openFiles = raiseFileLimit()
        let pluginConfig = try Self.writePluginConfig(isolation: "in-process")
        say(
            "avr-bench on \(ProcessInfo.processInfo.activeProcessorCount) cores, token delay \(tokenDelayMs) ms, \(turns) turns per call, median of \(repeats) runs, open files \(openFiles)"
        )
        var rows: [RunResult] = []
        for count in calls.split(separator: ",").compactMap({ Int($0) }) {
            var runs: [RunResult] = []
            for _ in 0..<max(1, repeats) { runs.append(try await measure(calls: count, pluginConfig: pluginConfig)) }
            rows.append(.median(of: runs))
        }
        var floorRows: [ServerCost] = []
        if floor {
            for count in floorCalls.split(separator: ",").compactMap({ Int($0) }) {
                floorRows.append(try await measureFloor(calls: count))
            }
        }
        let parsing = BodyParseBenchmark.run().map { "\($0.name) \(rounded($0.medianMilliseconds)) ms" }
        say("request body of 1 MB, parse time (median): " + parsing.joined(separator: ", "))
        var instructions: Double?
        var floorInstructions: Double?
        if instructionTurns > 0 {
            let callsCounted = min(10, instructionTurns)
            let turnsCounted = max(1, instructionTurns / callsCounted)
            instructions = try await InstructionCount(
                server: .host(plugins: try Self.writePluginConfig(isolation: nil)), calls: callsCounted,
                turns: turnsCounted,
                tokenDelayMs: tokenDelayMs
            ).perTurn()
            say("instructions per turn (callgrind, \(callsCounted) calls): \(described(instructions))")
            if floor {
                floorInstructions = try await InstructionCount(
                    server: .floor(words: Self.floorWords), calls: callsCounted, turns: turnsCounted,
                    tokenDelayMs: tokenDelayMs
                ).perTurn()
                say(
                    "instructions per turn, Hummingbird floor (avr-floor: same requests, \(Self.floorWords) words, no upstream): \(described(floorInstructions))"
                )
            }
        }
        say("\n" + table(rows, instructions: instructions))
        if floor { say("\n" + floorTable(floorRows, instructions: floorInstructions)) }
        for isolation in ["in-process", "process"] {
            let config = try Self.writePluginConfig(isolation: isolation)
            guard let plugin = await runPluginBenchmark(configPath: config, function: "c_echo") else {
                say("plugin round trip (\(isolation)): \(config) has no c_echo function; skipped")
                continue
            }
            say(
                "plugin round trip (c_echo, \(isolation)): direct p50 \(plugin.directP50Microseconds) µs, p99 \(plugin.directP99Microseconds) µs; through the worker pool p50 \(plugin.poolP50Microseconds) µs, p99 \(plugin.poolP99Microseconds) µs"
                    + (plugin.reloadMeanMilliseconds.map { "; reload \($0) ms" } ?? "")
                    + "; first load \(plugin.loadMilliseconds) ms"
                    + (plugin.runnerRSSKilobytes.map { "; runner RSS \($0 / 1024) MB" } ?? ""))
        }
    }

    /// A plugins.json offering only the trivial C plugin built beside this benchmark, in the
    /// host's process or (`"process"`) in a runner; with no isolation given, no plugin at all
    /// (for the instruction count).
    private static func writePluginConfig(isolation: String?) throws -> String {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent(
            "avr-bench-plugins-\(isolation ?? "none").json")
        let plugin = ChildProcess.benchFolder.appendingPathComponent("libc_echo_plugin.so").path
        let text =
            isolation.map { #"{"plugins": {"c_echo": {"path": "\#(plugin)", "isolation": "\#($0)"}}}"# }
            ?? #"{"plugins": {}}"#
        try text.write(to: config, atomically: true, encoding: .utf8)
        return config.path
    }

    /// Thousands of calls need thousands of sockets in each process: the soft limit goes up to
    /// the hard one, for this process and the stand-in and host it starts.
    private func raiseFileLimit() -> UInt {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return UInt(limit.rlim_cur)
    }

    private func measure(calls: Int, pluginConfig: String) async throws -> RunResult {
        let server = try BenchServer.host(plugins: pluginConfig).start(tokenDelayMs: tokenDelayMs)
        defer { server.stop() }
        let host = server.process
        let standIn = server.standIn!  // avr-host always runs with one
        let client = HTTPClient()
        defer { client.shutdown() }

        let direct = await CallLoad(client: client, target: .standIn(port: standIn.port), calls: calls, turns: turns)
            .run()
        let (through, cost) = await ServerCost.measure(
            CallLoad(client: client, target: .promptStream(port: host.port), calls: calls, turns: turns), on: host)
        let result = RunResult(
            directP50: direct.steady.percentile(0.5), directP99: direct.steady.percentile(0.99),
            throughP50: through.steady.percentile(0.5), throughP99: through.steady.percentile(0.99), host: cost)
        say(
            "\(calls) calls x \(turns) turns: \(cost.turnsDone)/\(cost.turnsSent) done; first chunk direct \(direct.steady.summary), through the host \(through.steady.summary); first turn \(through.first.summary); added p50 \(rounded(result.addedP50)) ms, p99 \(rounded(result.addedP99)) ms; \(rounded(cost.turnsPerSecond)) turns/s; CPU \(rounded(cost.cpuPerTurnMilliseconds)) ms/turn; \(rounded(cost.threadSleepsPerTurn)) thread sleeps/turn; RSS \(rounded(cost.peakResidentMegabytes)) MB"
        )
        return result
    }

    /// An instruction count as printed, or why there is none.
    private func described(_ instructions: Double?) -> String {
        instructions.map { String(Int($0)) } ?? "not measurable here (needs valgrind and objcopy)"
    }

    /// The medians as one Markdown table; instructions per turn go in the 10-call row.
    private func table(_ rows: [RunResult], instructions: Double?) -> String {
        var lines = [
            "| calls | turns done | first chunk direct p50 / p99 | through avr-host p50 / p99 | added p50 / p99 | turns/s | host CPU per turn | thread sleeps per turn | instructions per turn | host peak RSS |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            let host = row.host
            let counted = instructionCell(calls: host.calls, instructions)
            lines.append(
                "| \(host.calls) | \(host.turnsDone)/\(host.turnsSent) | \(rounded(row.directP50)) / \(rounded(row.directP99)) ms | \(rounded(row.throughP50)) / \(rounded(row.throughP99)) ms | \(rounded(row.addedP50)) / \(rounded(row.addedP99)) ms | \(Int(host.turnsPerSecond.rounded())) | \(rounded(host.cpuPerTurnMilliseconds)) ms | \(rounded(host.threadSleepsPerTurn)) | \(counted) | \(Int(host.peakResidentMegabytes.rounded())) MB |"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Instructions per turn as a table cell: counted at 10 calls, so shown in that row only.
    func instructionCell(calls: Int, _ instructions: Double?) -> String {
        guard calls == 10, let instructions else { return "–" }
        return "\(Int((instructions / 1000).rounded())) k"
    }

    /// Writes a result line at once (print would hold it back when stdout is a pipe).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
